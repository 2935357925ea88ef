//! What keeps a loopback server safe from the rest of the machine and from web pages
//! in the same browser: a random token per launch (in the URL once, then an HttpOnly,
//! SameSite=Strict cookie), a Host check against the bound address (so a page on a
//! rebinding domain name cannot reach us), an Origin check on POST, and headers that
//! forbid framing, sniffing, referrers and caching.

use std::net::IpAddr;

use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, HOST, LOCATION, ORIGIN, REFERRER_POLICY, SET_COOKIE,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::state::Shared;

/// Why listening on `ip` deserves a warning, or `None` for loopback.
pub(crate) fn listen_warning(ip: IpAddr) -> Option<String> {
    if ip.is_loopback() {
        return None;
    }
    Some(format!(
        "{ip} で待ち受けます。この PC 以外からも接続できる可能性があります。\
         URL のトークンを知る人は、プロファイルの変更や回答ファイルの検証ができます。\
         必要がなければ --listen を指定せずに起動してください（127.0.0.1 のみで待ち受けます）"
    ))
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
    super::pages::page(StatusCode::FORBIDDEN, super::pages::refused(message))
}

/// The middleware in front of every route.
pub(crate) async fn guard(State(app): State<Shared>, req: Request, next: Next) -> Response {
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
