//! Reading an upload: the files of a multipart body, within the limits of
//! [`crate::serve::limits`] (parts, files, bytes, time), and waiting for a turn.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::http::StatusCode;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::serve::limits::{MAX_UPLOAD_FILES, MAX_UPLOAD_PARTS};
use crate::serve::state::Shared;
use crate::sheet::ingest::MAX_FILE_BYTES;

/// Why an upload was not read: the status and the Japanese sentence for the page.
pub(crate) type Refusal = (StatusCode, String);

/// Wait (up to `wait`) for one of `slots`; 503 with a Japanese sentence when none
/// frees up.
pub(crate) async fn turn(
    slots: &Arc<Semaphore>,
    wait: Duration,
) -> Result<OwnedSemaphorePermit, Refusal> {
    match tokio::time::timeout(wait, slots.clone().acquire_owned()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err((
            StatusCode::SERVICE_UNAVAILABLE,
            "ほかの検証が続いていて混み合っています。しばらく待ってから、もう一度お試しください"
                .into(),
        )),
    }
}

fn upload_failed(e: &MultipartError) -> String {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        format!(
            "アップロードが大きすぎます。1 回に送れるのは合計 {} MB までです",
            MAX_FILE_BYTES / 1_048_576
        )
    } else {
        "アップロードを読み取れません（送信が途中で切れたか、時間がかかりすぎたか、形式が正しくありません）".into()
    }
}

fn too_many() -> Refusal {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "ファイルが多すぎます。1 回に送れるのは {MAX_UPLOAD_FILES} 個までです。分けて送ってください"
        ),
    )
}

/// A client's file name, reduced to its last component: it names the upload in
/// reports and is never used as a path.
fn file_name(raw: Option<&str>, fallback: &str) -> String {
    let name = raw
        .unwrap_or("")
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .trim();
    if name.is_empty() || name == "." || name == ".." {
        fallback.to_string()
    } else {
        name.chars().filter(|c| !c.is_control()).take(255).collect()
    }
}

/// The uploaded files of a multipart body (parts named `field` with a file name or
/// content): at most [`MAX_UPLOAD_FILES`] of them among [`MAX_UPLOAD_PARTS`] parts.
async fn uploaded_files(
    multipart: Result<Multipart, MultipartRejection>,
    field: &str,
) -> Result<Vec<(String, Vec<u8>)>, Refusal> {
    let mut multipart = multipart.map_err(|_| {
        (
            StatusCode::BAD_REQUEST,
            "ファイルを選んで送信してください".to_string(),
        )
    })?;
    let mut files = Vec::new();
    let mut parts = 0usize;
    loop {
        let next = multipart
            .next_field()
            .await
            .map_err(|e| (e.status(), upload_failed(&e)))?;
        let Some(part) = next else { break };
        parts += 1;
        if parts > MAX_UPLOAD_PARTS {
            return Err(too_many());
        }
        if part.name() != Some(field) {
            continue;
        }
        let name = file_name(part.file_name(), "回答ファイル");
        let bytes = part
            .bytes()
            .await
            .map_err(|e| (e.status(), upload_failed(&e)))?;
        if part_is_empty_choice(&name, &bytes) {
            continue;
        }
        if files.len() == MAX_UPLOAD_FILES {
            return Err(too_many());
        }
        files.push((name, bytes.to_vec()));
    }
    Ok(files)
}

/// The uploaded files of `field`, read in turn with other uploads (at most
/// `uploads_at_once` bodies in memory at a time).
pub(crate) async fn uploaded_in_turn(
    app: &Shared,
    multipart: Result<Multipart, MultipartRejection>,
    field: &str,
) -> Result<Vec<(String, Vec<u8>)>, Refusal> {
    let _slot = turn(&app.uploads, app.wait_for_turn).await?;
    uploaded_files(multipart, field).await
}

/// Browsers send an empty, nameless part when no file was chosen.
fn part_is_empty_choice(name: &str, bytes: &[u8]) -> bool {
    bytes.is_empty() && name == "回答ファイル"
}
