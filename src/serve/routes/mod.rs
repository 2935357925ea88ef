//! The routes: one handler per page, download and upload, in one file per screen
//! (`profile`, `documents` for requirements and downloads, `verify` for uploads and
//! results). Handlers read the profile the request carries (see [`super::shown`]), call
//! the library (heavy work on tokio's blocking pool, never on the threads that answer
//! requests) and hand the result to [`super::pages`]. GET never changes anything but
//! the remembered last profile; POST does.

mod documents;
mod profile;
mod uploads;
mod verify;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use super::form::FormValues;
use super::pages::{self, page, Frame};
use super::shown::Shown;
use super::state::Shared;
use crate::sheet::ingest::MAX_FILE_BYTES;

/// The most an upload request may carry: the CLI's file limit, plus room for the
/// multipart framing.
pub(crate) const UPLOAD_LIMIT: usize = MAX_FILE_BYTES as usize + 1024 * 1024;

pub(crate) fn router(app: Shared) -> Router {
    Router::new()
        .route("/", get(root))
        .route("/profile", get(profile::show).post(profile::save))
        .route("/profile/upload", post(profile::upload))
        .route("/profile.toml", get(profile::download))
        .route("/preview", get(profile::preview))
        .route("/requirements", get(documents::requirements))
        .route("/documents", get(documents::documents))
        .route("/download/{file}", get(documents::download))
        .route("/verify", get(verify::show).post(verify::upload))
        .route("/results/{batch}", get(verify::results))
        .route(
            "/results/{batch}/compare/{file}",
            get(verify::compare_download),
        )
        .route("/results/{batch}/{index}", get(verify::result_file))
        .route(
            "/results/{batch}/{index}/{file}",
            get(verify::report_download),
        )
        .route("/stop", post(stop))
        .route("/static/app.js", get(script))
        .route("/static/app.css", get(style))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(UPLOAD_LIMIT))
        .layer(middleware::from_fn_with_state(
            app.clone(),
            super::security::guard,
        ))
        .with_state(app)
}

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
    match Shown::read(&form, &app.catalog.schema) {
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

async fn root(State(app): State<Shared>) -> Response {
    let (start, remembered) = app.start_profile();
    let notice = if remembered { "notice=remembered" } else { "" };
    see_other(&start.link("/profile", notice))
}

/// The stop button: answer with a page that says so, then stop serving.
async fn stop(State(app): State<Shared>) -> Response {
    tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        app.stop.send_replace(true);
    });
    page(StatusCode::OK, pages::stopped())
}

pub(crate) fn failure(frame: Frame<'_>, status: StatusCode, message: &str) -> Response {
    page(status, pages::error_page(frame, message))
}

async fn not_found() -> Response {
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

async fn script() -> Response {
    (
        [(CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../assets/app.js"),
    )
        .into_response()
}

async fn style() -> Response {
    (
        [(CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../assets/app.css"),
    )
        .into_response()
}
