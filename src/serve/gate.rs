//! What a request must carry to reach this server: the bound address in its Host
//! header, and a session cookie. The launch token (in the printed URL, or in the
//! private file `--open` hands to the browser) is good for one exchange only: it is
//! traded for a session cookie of its own, so a URL seen in `ps`, a terminal's
//! scroll-back or the browser's history opens nothing afterwards.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Mutex, PoisonError};

use axum::http::header::COOKIE;
use axum::http::HeaderMap;

use crate::error::{Error, Result};

/// A new launch token: 32 random bytes from the operating system, as hex.
pub(crate) fn new_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::Usage(format!(
            "乱数を取得できないため、起動用のトークンを作れません（{e}）"
        ))
    })?;
    Ok(hex::encode(bytes))
}

/// What requests must match: the bound address, the launch token (until it is used)
/// and the sessions it was traded for.
#[derive(Debug)]
pub(crate) struct Gate {
    pub(crate) addr: SocketAddr,
    pub(crate) token: String,
    tokens: Mutex<Tokens>,
}

#[derive(Debug, Default)]
struct Tokens {
    used: bool,
    sessions: Vec<String>,
}

/// What became of a launch token presented to [`Gate::exchange`].
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Exchange {
    /// A new session (the cookie's value).
    Session(String),
    Used,
    Wrong,
}

impl Gate {
    pub(crate) fn new(addr: SocketAddr, token: String) -> Gate {
        Gate {
            addr,
            token,
            tokens: Mutex::new(Tokens::default()),
        }
    }

    /// Cookies are shared by every port of a host, so the name carries the port: two
    /// servers on one machine do not overwrite each other's session.
    pub(crate) fn cookie_name(&self) -> String {
        format!("kijun_session_{}", self.addr.port())
    }

    /// Trade the launch token for a session, once.
    pub(crate) fn exchange(&self, candidate: &str) -> Result<Exchange> {
        if !self.token_matches(candidate) {
            return Ok(Exchange::Wrong);
        }
        let mut t = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        if t.used {
            return Ok(Exchange::Used);
        }
        let session = new_token()?;
        t.used = true;
        t.sessions.push(session.clone());
        Ok(Exchange::Session(session))
    }

    /// Whether a Host header names this server: the bound IP (or `localhost` when the
    /// bound address is loopback) and the bound port. A server bound to every address
    /// (0.0.0.0, ::) accepts any IP literal and localhost; another domain name is never
    /// accepted, since DNS rebinding needs one.
    pub(crate) fn host_allowed(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        if port != self.addr.port() {
            return false;
        }
        let bound = self.addr.ip();
        if name.eq_ignore_ascii_case("localhost") {
            // Browsers resolve localhost to loopback themselves; it cannot be rebound.
            return bound.is_loopback() || bound.is_unspecified();
        }
        match name.parse::<IpAddr>() {
            Ok(ip) if bound.is_unspecified() => !ip.is_unspecified(),
            Ok(ip) => ip == bound,
            Err(_) => false,
        }
    }

    fn token_matches(&self, candidate: &str) -> bool {
        equal(&self.token, candidate)
    }

    /// Whether the request carries the cookie of one of this launch's sessions.
    pub(super) fn session_ok(&self, headers: &HeaderMap) -> bool {
        let name = self.cookie_name();
        let t = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .any(|(k, v)| k == name && t.sessions.iter().any(|s| equal(s, v)))
    }
}

/// Compare every byte, so the time taken does not tell how much matched.
fn equal(secret: &str, candidate: &str) -> bool {
    let (a, b) = (candidate.as_bytes(), secret.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `host[:port]` or `[v6]:port`, port 80 when absent.
fn split_host(host: &str) -> Option<(&str, u16)> {
    if let Some(rest) = host.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => p.parse().ok()?,
            None if after.is_empty() => 80,
            None => return None,
        };
        return Some((ip, port));
    }
    match host.rsplit_once(':') {
        Some((name, port)) => Some((name, port.parse().ok()?)),
        None => Some((host, 80)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(addr: &str) -> Gate {
        Gate::new(addr.parse().unwrap(), "ab".repeat(32))
    }

    #[test]
    fn host_must_name_the_bound_address() {
        let g = gate("127.0.0.1:8750");
        assert!(g.host_allowed("127.0.0.1:8750"));
        assert!(g.host_allowed("localhost:8750"));
        assert!(!g.host_allowed("127.0.0.1:8751"));
        assert!(!g.host_allowed("evil.example:8750"));
        assert!(!g.host_allowed("127.0.0.2:8750"));
        assert!(!g.host_allowed(""));
        let v6 = gate("[::1]:9000");
        assert!(v6.host_allowed("[::1]:9000"));
        assert!(!v6.host_allowed("[::1]:9001"));
        let any = gate("0.0.0.0:9000");
        assert!(any.host_allowed("192.0.2.5:9000"));
        assert!(any.host_allowed("localhost:9000"));
        assert!(!any.host_allowed("rebind.example:9000"));
    }

    #[test]
    fn token_is_random_and_compared_whole() {
        let a = new_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token().unwrap());
        let g = gate("127.0.0.1:1");
        assert!(g.token_matches(&"ab".repeat(32)));
        assert!(!g.token_matches(&"ab".repeat(31)));
        assert!(!g.token_matches(&format!("{}aa", "ab".repeat(31))));
    }

    #[test]
    fn the_launch_token_opens_one_session_only() {
        let g = gate("127.0.0.1:1");
        assert_eq!(g.exchange("00").unwrap(), Exchange::Wrong);
        let Exchange::Session(session) = g.exchange(&"ab".repeat(32)).unwrap() else {
            panic!("no session");
        };
        assert_eq!(g.exchange(&"ab".repeat(32)).unwrap(), Exchange::Used);
        let mut headers = HeaderMap::new();
        let cookie = format!("other=1; kijun_session_1={session}");
        headers.insert(COOKIE, cookie.parse().unwrap());
        assert!(g.session_ok(&headers));
        headers.insert(
            COOKIE,
            format!("kijun_session_1={}", "ab".repeat(32))
                .parse()
                .unwrap(),
        );
        assert!(!g.session_ok(&headers), "the launch token is no session");
    }
}
