//! The reviewed report uploaded from a result page and turned into the 照会書 and the
//! next round's workbook by the same steps as `kijun review` ([`crate::review::run`]),
//! on the blocking pool and in turn with verifications. The documents are kept in
//! memory (as verification results are) for their downloads.

use std::path::Path;

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path as UrlPath, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::documents::{DOCX, XLSX};
use super::respond::{self, attachment, blocking, failure, see_other, shown_or_redirect};
use super::uploads::{turn, uploaded_in_turn};
use crate::review::run::Review;
use crate::serve::pages::{self, page, Frame};
use crate::serve::shown::Shown;
use crate::serve::state::{ReviewResult, Shared};
use crate::sheet::ingest::{check_size, read_bytes};

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
        |status: StatusCode, message: &str| page(status, pages::review_refused(&shown, message));
    let (name, bytes) = match uploaded_in_turn(&app, multipart, "report").await {
        Ok(mut f) if f.len() == 1 => f.remove(0),
        Ok(f) if f.is_empty() => {
            return refuse(
                StatusCode::BAD_REQUEST,
                "審査した検証結果のファイルを選んでください",
            )
        }
        Ok(_) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                "審査した検証結果は 1 回に 1 つずつ送ってください",
            )
        }
        Err((status, message)) => return refuse(status, &message),
    };
    // The CLI's message for a file over its limit (the body limit leaves room for
    // the multipart framing).
    if let Err(e) = check_size(Path::new(&name), bytes.len() as u64) {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, &e.to_string());
    }
    let slot = match turn(&app.verifications, app.wait_for_turn).await {
        Ok(s) => s,
        Err((status, message)) => return refuse(status, &message),
    };
    let worker = app.clone();
    let for_worker = shown.clone();
    let reviewed = blocking(move || {
        let _slot = slot;
        review_upload(&worker, for_worker, name, bytes)
    })
    .await;
    match reviewed {
        Some(Ok(result)) => {
            let id = app.add_review(result);
            see_other(&format!("/reviews/{id}"))
        }
        Some(Err(e)) => refuse(StatusCode::BAD_REQUEST, &e.to_string()),
        None => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "照会書の作成の途中で問題が起きました。もう一度お試しください",
        ),
    }
}

/// Read the upload and run the review as `kijun review --inquiry 照会書.docx --next
/// 第N回回答様式.xlsx` does with the page's profile.
fn review_upload(
    app: &Shared,
    shown: Shown,
    name: String,
    bytes: Vec<u8>,
) -> crate::Result<ReviewResult> {
    let text = shown.text(&app.catalog().schema);
    let file = Path::new(&name);
    let book = read_bytes(file, bytes, &|_| false)?;
    let review = Review::read(&app.source, app.initial.clone(), &text, file, &book)?;
    let documents = review.documents(&app.templates)?;
    Ok(ReviewResult {
        shown,
        summary: review.summary_line(),
        undecided: review.undecided(),
        documents,
        name,
    })
}

fn gone() -> Response {
    failure(
        Frame::default(),
        StatusCode::NOT_FOUND,
        "この照会書はもうありません（kijun を起動し直したか、新しい作業を続けたため古い結果が消えました）。審査した検証結果をもう一度送ってください。",
    )
}

pub(crate) async fn show(State(app): State<Shared>, UrlPath(id): UrlPath<u64>) -> Response {
    match app.review(id) {
        Some(r) => page(StatusCode::OK, pages::review(id, &r)),
        None => gone(),
    }
}

pub(crate) async fn download(
    State(app): State<Shared>,
    UrlPath((id, file)): UrlPath<(u64, String)>,
) -> Response {
    let Some(r) = app.review(id) else {
        return gone();
    };
    let Some(d) = &r.documents else {
        return failure(
            (&r.shown).into(),
            StatusCode::NOT_FOUND,
            "未判断の指摘があるため、照会書・次の回の回答様式は作成していません。",
        );
    };
    match file.as_str() {
        "inquiry.docx" => attachment(d.inquiry.clone(), DOCX, "照会書.docx"),
        "next.xlsx" => attachment(d.next.clone(), XLSX, &d.next_name),
        _ => respond::not_found().await,
    }
}
