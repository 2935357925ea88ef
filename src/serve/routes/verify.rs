//! Vendor answers uploaded and verified against the page's profile, and the results:
//! one file's report, several side by side, and their downloads. Verification runs on
//! the blocking pool, at most about one per core at a time (others wait their turn,
//! then get 503).

use std::path::{Path, PathBuf};

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path as UrlPath, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::documents::XLSX;
use super::respond;
use super::respond::{attachment, blocking, failure, see_other, shown_or_redirect};
use super::uploads::{turn, uploaded_in_turn};
use crate::cli::{CompareFormat, VerifyFormat};
use crate::output::{Format, Render};
use crate::serve::pages::{self, page, Filters, Frame};
use crate::serve::shown::Shown;
use crate::serve::state::Shared;
use crate::serve::state::Upload;
use crate::sheet::ingest::Book;
use crate::verify::compare::compare_reports;
use crate::verify::edition::{Chosen, ProfileText};
use crate::verify::{Compared, Verification};

pub(crate) async fn show(State(app): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    match shown_or_redirect(&app, raw.as_deref(), "/verify") {
        Ok(shown) => page(StatusCode::OK, pages::verify(&shown, None)),
        Err(res) => *res,
    }
}

pub(crate) async fn upload(
    State(app): State<Shared>,
    RawQuery(raw): RawQuery,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let shown = match shown_or_redirect(&app, raw.as_deref(), "/verify") {
        Ok(s) => s,
        Err(res) => return *res,
    };
    let refuse =
        |status: StatusCode, message: &str| page(status, pages::verify(&shown, Some(message)));
    let files = match uploaded_in_turn(&app, multipart, "files").await {
        Ok(f) if f.is_empty() => {
            return refuse(StatusCode::BAD_REQUEST, "回答ファイルを選んでください")
        }
        Ok(f) => f,
        Err((status, message)) => return refuse(status, &message),
    };
    let slot = match turn(&app.verifications, app.wait_for_turn).await {
        Ok(s) => s,
        Err((status, message)) => return refuse(status, &message),
    };
    let worker = app.clone();
    let text = shown.text(&app.catalog().schema);
    let verified = blocking(move || {
        let _slot = slot;
        verify_uploads(&worker, &text, files)
    })
    .await;
    match verified {
        Some(Ok((chosen, uploads))) => {
            let id = app.add_batch(shown, chosen, uploads);
            see_other(&format!("/results/{id}"))
        }
        Some(Err(e)) => refuse(StatusCode::BAD_REQUEST, &e.to_string()),
        None => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "検証の途中で問題が起きました。もう一度お試しください",
        ),
    }
}

/// Read the uploads, choose the catalog edition their workbooks were made with, and
/// verify each against it (as `kijun verify` and `compare` do).
fn verify_uploads(
    app: &Shared,
    profile: &ProfileText,
    files: Vec<(String, Vec<u8>)>,
) -> crate::Result<(Chosen, Vec<Upload>)> {
    let books: Vec<(String, crate::Result<Book>)> = files
        .into_iter()
        .map(|(name, bytes)| {
            let book = app.initial.read_bytes(Path::new(&name), bytes);
            (name, book)
        })
        .collect();
    let readable: Vec<&Book> = books.iter().filter_map(|(_, b)| b.as_ref().ok()).collect();
    let chosen = app.source.choose(app.initial.clone(), &readable, profile)?;
    let uploads = books
        .into_iter()
        .map(|(name, book)| {
            let result = book
                .and_then(|b| chosen.verify(&b, Default::default()))
                .map_err(|e| e.to_string());
            Upload { name, result }
        })
        .collect();
    Ok((chosen, uploads))
}

fn gone() -> Response {
    failure(
        Frame::default(),
        StatusCode::NOT_FOUND,
        "この検証結果はもうありません（kijun を起動し直したか、新しい検証を続けたため古い結果が消えました）。もう一度アップロードしてください。",
    )
}

#[derive(Deserialize)]
pub(crate) struct FindingQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    severity: String,
}

pub(crate) async fn results(State(app): State<Shared>, UrlPath(batch): UrlPath<u64>) -> Response {
    let Some(b) = app.batch(batch) else {
        return gone();
    };
    if b.files.len() == 1 {
        let filters = Filters {
            kind: "",
            severity: "",
        };
        return page(StatusCode::OK, pages::report(&b, 0, &filters));
    }
    // Lining up many files is work: off the threads that answer requests.
    let markup = blocking(move || {
        let c = compare_reports(&b.catalog, &b.profile, entries(&b.files));
        pages::comparison(&b, &c)
    })
    .await;
    match markup {
        Some(m) => page(StatusCode::OK, m),
        None => failure(
            Frame::default(),
            StatusCode::INTERNAL_SERVER_ERROR,
            "比較表を作れませんでした。もう一度お試しください",
        ),
    }
}

fn entries(files: &[Upload]) -> Vec<(PathBuf, Result<crate::verify::Report, String>)> {
    files
        .iter()
        .map(|u| (PathBuf::from(&u.name), u.result.clone()))
        .collect()
}

pub(crate) async fn result_file(
    State(app): State<Shared>,
    UrlPath((batch, index)): UrlPath<(u64, usize)>,
    Query(q): Query<FindingQuery>,
) -> Response {
    let Some(b) = app.batch(batch).filter(|b| index < b.files.len()) else {
        return gone();
    };
    let filters = Filters {
        kind: &q.kind,
        severity: &q.severity,
    };
    page(StatusCode::OK, pages::report(&b, index, &filters))
}

pub(crate) async fn report_download(
    State(app): State<Shared>,
    UrlPath((batch, index, file)): UrlPath<(u64, usize, String)>,
) -> Response {
    let Some(b) = app.batch(batch).filter(|b| index < b.files.len()) else {
        return gone();
    };
    let Ok(report) = b.files[index].result.clone() else {
        return failure(
            (&b.shown).into(),
            StatusCode::NOT_FOUND,
            "読み込めなかったファイルには検証結果がありません。",
        );
    };
    let format = match file.as_str() {
        "report.md" => VerifyFormat::Md,
        "report.json" => VerifyFormat::Json,
        "report.xlsx" => VerifyFormat::Xlsx,
        _ => return respond::not_found().await,
    };
    blocking(move || {
        let view = Verification {
            catalog: &b.catalog,
            profile: &b.profile,
            report: &report,
            date: None,
        };
        report_attachment(&b.shown, &view, format, "検証結果")
    })
    .await
    .unwrap_or_else(|| {
        failure(
            Frame::default(),
            StatusCode::INTERNAL_SERVER_ERROR,
            "検証結果のファイルを作れませんでした。もう一度お試しください",
        )
    })
}

pub(crate) async fn compare_download(
    State(app): State<Shared>,
    UrlPath((batch, file)): UrlPath<(u64, String)>,
) -> Response {
    let Some(b) = app.batch(batch) else {
        return gone();
    };
    let format = match file.as_str() {
        "compare.md" => CompareFormat::Md,
        "compare.json" => CompareFormat::Json,
        "compare.xlsx" => CompareFormat::Xlsx,
        _ => return respond::not_found().await,
    };
    blocking(move || {
        let c = compare_reports(&b.catalog, &b.profile, entries(&b.files));
        let view = Compared {
            comparison: &c,
            profile: &b.profile,
        };
        report_attachment(&b.shown, &view, format, "比較")
    })
    .await
    .unwrap_or_else(|| {
        failure(
            Frame::default(),
            StatusCode::INTERNAL_SERVER_ERROR,
            "比較表を作れませんでした。もう一度お試しください",
        )
    })
}

/// A report as a download named `stem` with the format's usual extension.
fn report_attachment<F: Format>(
    shown: &Shown,
    view: &impl Render<F>,
    format: F,
    stem: &str,
) -> Response {
    let mime = match format.name() {
        "md" => "text/markdown; charset=utf-8",
        "json" => "application/json",
        "xlsx" => XLSX,
        _ => "text/plain; charset=utf-8",
    };
    let name = format!("{stem}.{}", format.extensions()[0]);
    match view.render(format) {
        Ok(bytes) => attachment(bytes, mime, &name),
        Err(e) => failure(
            shown.into(),
            StatusCode::INTERNAL_SERVER_ERROR,
            &e.to_string(),
        ),
    }
}
