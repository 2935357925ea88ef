//! What a request must carry to reach this server: the bound address in its Host
//! header and the launch token (in the URL once, then in a cookie).

use std::net::{IpAddr, SocketAddr};

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

/// What requests must match: the bound address, the token and the cookie that holds it.
#[derive(Debug, Clone)]
pub(crate) struct Gate {
    pub(crate) addr: SocketAddr,
    pub(crate) token: String,
}

impl Gate {
    /// Cookies are shared by every port of a host, so the name carries the port: two
    /// servers on one machine do not overwrite each other's token.
    pub(crate) fn cookie_name(&self) -> String {
        format!("kijun_token_{}", self.addr.port())
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

    pub(super) fn token_matches(&self, candidate: &str) -> bool {
        // Compare every byte, so the time taken does not tell how much matched.
        let (a, b) = (candidate.as_bytes(), self.token.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    pub(super) fn cookie_token_ok(&self, headers: &HeaderMap) -> bool {
        let name = self.cookie_name();
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .any(|(k, v)| k == name && self.token_matches(v))
    }
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
        Gate {
            addr: addr.parse().unwrap(),
            token: "ab".repeat(32),
        }
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
}
