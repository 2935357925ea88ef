//! What keeps a loopback server safe from the rest of the machine and from web pages
//! in the same browser: a random token per launch (in the URL once, then an HttpOnly,
//! SameSite=Strict cookie), a Host check against the bound address (so a page on a
//! rebinding domain name cannot reach us), an Origin check on POST, and headers that
//! forbid framing, sniffing, referrers and caching.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, COOKIE, HOST, LOCATION, ORIGIN, REFERRER_POLICY,
    SET_COOKIE, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::state::Shared;
use crate::error::{Error, Result};

/// A new launch token: 32 random bytes from the operating system, as hex.
pub fn new_token() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::Usage(format!(
            "乱数を取得できないため、起動用のトークンを作れません（{e}）"
        ))
    })?;
    Ok(hex::encode(bytes))
}

/// Why listening on `ip` deserves a warning, or `None` for loopback.
pub fn listen_warning(ip: IpAddr) -> Option<String> {
    if ip.is_loopback() {
        return None;
    }
    Some(format!(
        "{ip} で待ち受けます。この PC 以外からも接続できる可能性があります。\
         URL のトークンを知る人は、プロファイルの変更や回答ファイルの検証ができます。\
         必要がなければ --listen を指定せずに起動してください（127.0.0.1 のみで待ち受けます）"
    ))
}

/// What requests must match: the bound address, the token and the cookie that holds it.
#[derive(Debug, Clone)]
pub struct Gate {
    pub addr: SocketAddr,
    pub token: String,
}

impl Gate {
    /// Cookies are shared by every port of a host, so the name carries the port: two
    /// servers on one machine do not overwrite each other's token.
    pub fn cookie_name(&self) -> String {
        format!("kijun_token_{}", self.addr.port())
    }

    /// Whether a Host header names this server: the bound IP (or `localhost` when the
    /// bound address is loopback) and the bound port. A server bound to every address
    /// (0.0.0.0, ::) accepts any IP literal and localhost; another domain name is never
    /// accepted, since DNS rebinding needs one.
    pub fn host_allowed(&self, host: &str) -> bool {
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
        // Compare every byte, so the time taken does not tell how much matched.
        let (a, b) = (candidate.as_bytes(), self.token.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    fn cookie_token_ok(&self, headers: &HeaderMap) -> bool {
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

/// The `token` query parameter, if any, and the query without it.
fn take_token(query: &str) -> (Option<String>, String) {
    let mut token = None;
    let rest: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .filter_map(|(k, v)| {
            if k == "token" {
                token = Some(v.into_owned());
                None
            } else {
                Some((k.into_owned(), v.into_owned()))
            }
        })
        .collect();
    let rest = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(rest)
        .finish();
    (token, rest)
}

fn refused(message: &str) -> Response {
    super::routes::page(StatusCode::FORBIDDEN, super::pages::refused(message))
}

/// The middleware in front of every route.
pub async fn guard(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let gate = &app.gate;
    let host = req
        .headers()
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !gate.host_allowed(host) {
        return refused(&format!(
            "このサーバーは {} として開いてください（Host ヘッダー「{host}」は受け付けません）。",
            gate.addr
        ));
    }
    let query = req.uri().query().unwrap_or("").to_string();
    let (token, rest) = take_token(&query);
    if let Some(token) = token {
        if !gate.token_matches(&token) {
            return refused("URL のトークンが正しくありません。kijun serve が表示した URL をそのまま開いてください。");
        }
        if req.method() == Method::GET || req.method() == Method::HEAD {
            // Trade the token in the URL for a cookie, and drop it from the address bar.
            let path = req.uri().path();
            let location = if rest.is_empty() {
                path.to_string()
            } else {
                format!("{path}?{rest}")
            };
            let cookie = format!(
                "{}={}; Path=/; HttpOnly; SameSite=Strict",
                gate.cookie_name(),
                gate.token
            );
            let mut res = StatusCode::SEE_OTHER.into_response();
            if let (Ok(l), Ok(c)) = (
                HeaderValue::from_str(&location),
                HeaderValue::from_str(&cookie),
            ) {
                res.headers_mut().insert(LOCATION, l);
                res.headers_mut().insert(SET_COOKIE, c);
            }
            return harden(res);
        }
    } else if !gate.cookie_token_ok(req.headers()) {
        return refused("このページを開くには、kijun serve を起動したときに表示された URL（トークン付き）を開いてください。");
    }
    if req.method() == Method::POST {
        let origin = req.headers().get(ORIGIN).and_then(|o| o.to_str().ok());
        if let Some(origin) = origin {
            let ok = origin
                .strip_prefix("http://")
                .is_some_and(|h| gate.host_allowed(h));
            if !ok {
                return refused(&format!(
                    "ほかのサイト（{origin}）からの送信は受け付けません。"
                ));
            }
        }
    }
    harden(next.run(req).await)
}

/// Headers on every response: no framing, no sniffing, no referrer to other sites (the
/// first URL carries the token; "no-referrer" would make browsers send `Origin: null`
/// on our own forms), nothing cached, and only our own scripts and styles.
fn harden(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
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

    #[test]
    fn token_is_taken_out_of_the_query() {
        let (t, rest) = take_token("a=1&token=xyz&b=2");
        assert_eq!(t.as_deref(), Some("xyz"));
        assert_eq!(rest, "a=1&b=2");
    }

    #[test]
    fn loopback_needs_no_warning() {
        assert!(listen_warning("127.0.0.1".parse().unwrap()).is_none());
        assert!(listen_warning("::1".parse().unwrap()).is_none());
        assert!(listen_warning("0.0.0.0".parse().unwrap()).is_some());
    }
}
