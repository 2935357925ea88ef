//! The routes: one handler per page, download and upload, in one file per screen
//! (`profile`, `documents` for requirements and downloads, `verify` for uploads and
//! results, `review` for the reviewed report and its 照会書). Handlers read the
//! profile the request carries (see [`super::shown`]), call the library (heavy work
//! on tokio's blocking pool, never on the threads that answer requests) and hand the
//! result to [`super::pages`]. GET never changes anything but the remembered last
//! profile; POST does.

mod documents;
mod profile;
mod respond;
mod review;
mod uploads;
mod verify;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use super::pages::{self, page};
use super::state::Shared;
use crate::sheet::ingest::MAX_FILE_BYTES;
use respond::{not_found, see_other};

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
        .route("/review", post(review::upload))
        .route("/reviews/{id}", get(review::show))
        .route("/reviews/{id}/{file}", get(review::download))
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
