//! What keeps a loopback server safe from the rest of the machine and from web pages
//! in the same browser: a launch token good for one exchange (for an HttpOnly,
//! SameSite=Strict session cookie whose name carries the port), a Host check against
//! the bound address (so a page on a rebinding domain name cannot reach us; a request
//! with two Host headers is refused), `Sec-Fetch-Site` and Origin checks (requests a
//! browser marks as coming from another site are refused), and headers that forbid
//! framing, sniffing, referrers and caching, on every answer, refusals included.
//! Every refusal is logged on stderr, with the path but never the query (the token
//! may be in it).

use std::net::IpAddr;

use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, HOST, LOCATION, ORIGIN, REFERRER_POLICY, SET_COOKIE,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::gate::{Exchange, Gate};
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

fn refused(req: &Request, why: &str, message: &str) -> Response {
    // The path only: the query may hold the launch token.
    eprintln!(
        "kijun serve: 拒否しました（403）: {} {}（{why}）",
        req.method(),
        req.uri().path()
    );
    harden(super::pages::page(
        StatusCode::FORBIDDEN,
        super::pages::refused(message),
    ))
}

/// Where a browser says the request comes from (`Sec-Fetch-Site`): only our own pages
/// (`same-origin`) and the person's own doing (`none`: the address bar, a bookmark)
/// may reach the pages. `same-site` is refused too: for a browser, every port of
/// 127.0.0.1 is the same site. Clients that send no such header (not a browser) pass.
fn from_elsewhere(headers: &HeaderMap) -> Option<String> {
    let site = headers.get("sec-fetch-site")?.to_str().unwrap_or("?");
    (site != "same-origin" && site != "none").then(|| site.to_string())
}

fn session_cookie(gate: &Gate, session: &str) -> String {
    format!(
        "{}={session}; Path=/; HttpOnly; SameSite=Strict",
        gate.cookie_name()
    )
}

/// The launch token, presented in the URL (`GET /?token=`) or by the private file
/// `--open` hands to the browser (`POST /login`): a session, once.
fn launch(app: &Shared, req: &Request, token: &str, then: Response) -> Response {
    let gate = &app.gate;
    match gate.exchange(token) {
        Ok(Exchange::Session(session)) => {
            let mut res = then;
            if let Ok(c) = HeaderValue::from_str(&session_cookie(gate, &session)) {
                res.headers_mut().insert(SET_COOKIE, c);
            }
            harden(res)
        }
        // The same browser sending the launch URL twice already has its session.
        Ok(Exchange::Used) if gate.session_ok(req.headers()) => harden(then),
        Ok(Exchange::Used) => refused(
            req,
            "使用済みのトークン",
            "この URL は既に使われました（起動時の URL は一度だけ使えます）。開いている kijun の画面をそのままお使いください。別のブラウザで開くには、kijun を終了してから起動し直してください。",
        ),
        Ok(Exchange::Wrong) => refused(
            req,
            "誤ったトークン",
            "URL のトークンが正しくありません。kijun が表示した URL をそのまま開いてください。",
        ),
        Err(e) => refused(req, "乱数を取得できない", &e.to_string()),
    }
}

/// The middleware in front of every route.
pub(crate) async fn guard(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let gate = &app.gate;
    let hosts: Vec<&str> = req
        .headers()
        .get_all(HOST)
        .iter()
        .map(|h| h.to_str().unwrap_or(""))
        .collect();
    let host = hosts.first().copied().unwrap_or("");
    if hosts.len() != 1 || !gate.host_allowed(host) {
        let why = if hosts.len() > 1 {
            "Host ヘッダーが複数"
        } else {
            "Host ヘッダーが異なる"
        };
        let shown: String = host.chars().filter(|c| !c.is_control()).take(100).collect();
        return refused(
            &req,
            why,
            &format!(
                "このサーバーは {} として開いてください（Host ヘッダー「{shown}」は受け付けません）。",
                gate.addr
            ),
        );
    }
    let query = req.uri().query().unwrap_or("").to_string();
    let (token, rest) = take_token(&query);
    let is_get = req.method() == Method::GET || req.method() == Method::HEAD;
    if let (Some(token), true) = (token, is_get) {
        // Trade the token in the URL for a cookie, and drop it from the address bar.
        let path = req.uri().path();
        let location = if rest.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{rest}")
        };
        let next = if from_elsewhere(req.headers()).is_some() {
            // Followed from another site's page: a redirect would still count as coming
            // from there (and go without the strict cookie); a page of ours moves on.
            super::pages::page(StatusCode::OK, super::pages::welcome(&location))
        } else {
            let mut see_other = StatusCode::SEE_OTHER.into_response();
            if let Ok(l) = HeaderValue::from_str(&location) {
                see_other.headers_mut().insert(LOCATION, l);
            }
            see_other
        };
        return launch(&app, &req, &token, next);
    }
    if req.method() == Method::POST && req.uri().path() == "/login" {
        // From the private file (a file:// page: Origin "null", Sec-Fetch-Site
        // cross-site); the token alone authenticates, and the answer is a page of our
        // own that moves on, so that the strict cookie goes with the next request.
        let token = login_token(req).await;
        let mut fake = Request::new(axum::body::Body::empty());
        *fake.method_mut() = Method::POST;
        *fake.uri_mut() = axum::http::Uri::from_static("/login");
        let welcome = super::pages::page(StatusCode::OK, super::pages::welcome("/"));
        return launch(&app, &fake, &token, welcome);
    }
    if let Some(site) = from_elsewhere(req.headers()) {
        return refused(
            &req,
            &format!("Sec-Fetch-Site: {site}"),
            "ほかのサイトやページからの要求は受け付けません。kijun の画面は、kijun が表示した URL から開いてください。",
        );
    }
    // The style sheet and script hold nothing private (the refusal page uses the style).
    let public = req.method() == Method::GET && req.uri().path().starts_with("/static/");
    if !public && !gate.session_ok(req.headers()) {
        return refused(
            &req,
            "セッションなし",
            "この画面を開くには、kijun を起動したときに表示された URL を開いてください。kijun を起動し直した場合は、新しい URL を開いてください（前回のプロファイルは引き継がれます）。",
        );
    }
    if req.method() == Method::POST {
        let origin = req.headers().get(ORIGIN).and_then(|o| o.to_str().ok());
        if let Some(origin) = origin {
            let ok = origin
                .strip_prefix("http://")
                .is_some_and(|h| gate.host_allowed(h));
            if !ok {
                let shown: String = origin.chars().take(100).collect();
                return refused(
                    &req,
                    "Origin が異なる",
                    &format!("ほかのサイト（{shown}）からの送信は受け付けません。"),
                );
            }
        }
    }
    harden(next.run(req).await)
}

/// The `token` field of a small urlencoded login body.
async fn login_token(req: Request) -> String {
    let body = axum::body::to_bytes(req.into_body(), 4096)
        .await
        .unwrap_or_default();
    form_urlencoded::parse(&body)
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Headers on every response: no framing, no sniffing, no referrer to other sites (the
/// first URL carries the token; "no-referrer" would make browsers send `Origin: null`
/// on our own forms), nothing cached, and only our own scripts and styles.
pub(crate) fn harden(mut res: Response) -> Response {
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
