//! What the handlers share: the profile a request carries, redirects, error pages,
//! downloads, and running work off the async workers.

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::serve::form::FormValues;
use crate::serve::pages::{self, page, Frame};
use crate::serve::shown::Shown;
use crate::serve::state::Shared;

/// The profile a request carries in its query.
pub(crate) enum Carried {
    Shown(Shown),
    /// No profile at all (a bookmark, a hand-typed address).
    Missing,
    /// Fields that do not make a profile: shown again on the profile page.
    Invalid(FormValues),
}

pub(crate) fn carried(app: &Shared, query: Option<&str>) -> Carried {
    let form = FormValues::from_urlencoded(query.unwrap_or("").as_bytes());
    if form.is_empty() {
        return Carried::Missing;
    }
    match Shown::read(&form, &app.catalog().schema) {
        Ok(shown) => {
            app.used(&shown);
            Carried::Shown(shown)
        }
        Err(_) => Carried::Invalid(form),
    }
}

/// The page's profile, or where to go instead: a page without one opens with the
/// profile to start from, one with a wrong one goes to the form that says what is wrong.
pub(crate) fn shown_or_redirect(
    app: &Shared,
    query: Option<&str>,
    path: &str,
) -> Result<Shown, Box<Response>> {
    match carried(app, query) {
        Carried::Shown(s) => Ok(s),
        Carried::Missing => Err(Box::new(see_other(&app.start_profile().0.link(path, "")))),
        Carried::Invalid(form) => Err(Box::new(see_other(&format!("/profile?{}", form.query())))),
    }
}

/// For a download: the profile it must be made from, or a page saying there is none.
pub(crate) fn shown_or_fail(app: &Shared, query: Option<&str>) -> Result<Shown, Box<Response>> {
    match carried(app, query) {
        Carried::Shown(s) => Ok(s),
        Carried::Missing | Carried::Invalid(_) => Err(Box::new(failure(
            Frame::default(),
            StatusCode::BAD_REQUEST,
            "この URL には作成に使うプロファイルが含まれていません。プロファイルの画面から開き直してください。",
        ))),
    }
}

pub(crate) fn see_other(location: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(l) = HeaderValue::from_str(location) {
        res.headers_mut().insert(LOCATION, l);
    }
    res
}

pub(crate) fn failure(frame: Frame<'_>, status: StatusCode, message: &str) -> Response {
    page(status, pages::error_page(frame, message))
}

pub(crate) async fn not_found() -> Response {
    failure(
        Frame::default(),
        StatusCode::NOT_FOUND,
        "このページはありません。",
    )
}

/// Run library work off the async workers.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}

/// A download: the bytes with their type and a file name (RFC 6266, UTF-8 name with
/// an ASCII fallback).
pub(crate) fn attachment(bytes: Vec<u8>, mime: &'static str, name: &str) -> Response {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        percent(name)
    );
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    res
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
