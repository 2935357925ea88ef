//! The routes: one handler per page, download and upload. Handlers read the shared
//! state, call the library (on tokio's blocking pool where the work is heavy) and
//! hand the result to [`super::pages`]. GET never changes anything; POST does.

use std::path::{Path, PathBuf};

use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, RawQuery, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use maud::Markup;
use serde::Deserialize;

use super::form::{field_errors, FormValues};
use super::pages::{self, page, Errors, Filters, RequirementsView};
use super::state::{Shared, Upload};
use crate::cli::{CompareFormat, DocFormat, VerifyFormat};
use crate::output::{Format, Render};
use crate::profile::Profile;
use crate::render::{document_bytes, docx, ClausesDocument, PartyNames, SpecDocument};
use crate::select::{evaluate, select};
use crate::sheet::ingest::Book;
use crate::sheet::ingest::MAX_FILE_BYTES;
use crate::verify::compare::compare_reports;
use crate::verify::edition::{Chosen, ProfileText};
use crate::verify::{Compared, Verification};

/// The most an upload request may carry: the CLI's file limit, plus room for the
/// multipart framing.
pub(crate) const UPLOAD_LIMIT: usize = MAX_FILE_BYTES as usize + 1024 * 1024;

pub(crate) fn router(app: Shared) -> Router {
    Router::new()
        .route("/", get(|| async { Redirect::to("/profile") }))
        .route("/profile", get(profile_page).post(profile_save))
        .route("/profile/upload", post(profile_upload))
        .route("/profile.toml", get(profile_download))
        .route("/preview", get(preview))
        .route("/requirements", get(requirements))
        .route("/documents", get(documents))
        .route("/download/{file}", get(download))
        .route("/verify", get(verify_page).post(verify_upload))
        .route("/results/{batch}", get(results))
        .route("/results/{batch}/compare/{file}", get(compare_download))
        .route("/results/{batch}/{index}", get(result_file))
        .route("/results/{batch}/{index}/{file}", get(report_download))
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

fn failure(app: &Shared, status: StatusCode, message: &str) -> Response {
    let system = app.current().profile.system_name;
    page(status, pages::error_page(&system, message))
}

async fn not_found(State(app): State<Shared>) -> Response {
    failure(&app, StatusCode::NOT_FOUND, "このページはありません。")
}

/// Run library work off the async workers.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}

// ---------------------------------------------------------------- profile

#[derive(Deserialize)]
struct Notice {
    notice: Option<String>,
}

fn live_panel(app: &Shared, form: &FormValues) -> Markup {
    let text = form.to_toml(&app.catalog().schema);
    match Profile::parse(&text, "画面の入力", &app.catalog().schema) {
        Ok(profile) => pages::summary(app.catalog(), &select(app.catalog(), &profile)),
        Err(e) => pages::summary_error(&field_errors(&e, &app.catalog().schema)),
    }
}

fn profile_view(
    app: &Shared,
    form: &FormValues,
    errors: &Errors,
    upload_error: Option<&str>,
    notice: Option<&str>,
) -> Markup {
    let live = live_panel(app, form);
    pages::profile(
        &app.catalog().schema,
        form,
        errors,
        upload_error,
        notice,
        live,
    )
}

async fn profile_page(State(app): State<Shared>, Query(q): Query<Notice>) -> Response {
    let notice = match q.notice.as_deref() {
        Some("loaded") => Some("プロファイルを読み込みました。"),
        _ => None,
    };
    let form = app.form();
    page(
        StatusCode::OK,
        profile_view(&app, &form, &Errors::new(), None, notice),
    )
}

async fn profile_save(State(app): State<Shared>, body: Bytes) -> Response {
    let form = FormValues::from_urlencoded(&body);
    let text = form.to_toml(&app.catalog().schema);
    match Profile::parse(&text, "画面の入力", &app.catalog().schema) {
        Ok(profile) => {
            app.set_current(text, profile);
            Redirect::to("/requirements").into_response()
        }
        Err(e) => {
            let errors = field_errors(&e, &app.catalog().schema);
            page(
                StatusCode::UNPROCESSABLE_ENTITY,
                profile_view(&app, &form, &errors, None, None),
            )
        }
    }
}

fn upload_failed(e: &MultipartError) -> String {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        format!(
            "アップロードが大きすぎます。1 回に送れるのは合計 {} MB までです",
            MAX_FILE_BYTES / 1_048_576
        )
    } else {
        "アップロードを読み取れません（送信が途中で切れたか、形式が正しくありません）".into()
    }
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
        name.chars().filter(|c| !c.is_control()).collect()
    }
}

/// The uploaded files of a multipart body (parts with a file name or content).
async fn uploaded_files(
    multipart: Result<Multipart, MultipartRejection>,
    field: &str,
) -> Result<Vec<(String, Vec<u8>)>, (StatusCode, String)> {
    let mut multipart = multipart.map_err(|_| {
        (
            StatusCode::BAD_REQUEST,
            "ファイルを選んで送信してください".to_string(),
        )
    })?;
    let mut files = Vec::new();
    loop {
        let next = multipart
            .next_field()
            .await
            .map_err(|e| (e.status(), upload_failed(&e)))?;
        let Some(part) = next else { break };
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
        files.push((name, bytes.to_vec()));
    }
    Ok(files)
}

/// Browsers send an empty, nameless part when no file was chosen.
fn part_is_empty_choice(name: &str, bytes: &[u8]) -> bool {
    bytes.is_empty() && name == "回答ファイル"
}

async fn profile_upload(
    State(app): State<Shared>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let form = app.form();
    let fail = |status: StatusCode, message: &str| {
        page(
            status,
            profile_view(&app, &form, &Errors::new(), Some(message), None),
        )
    };
    let files = match uploaded_files(multipart, "profile").await {
        Ok(f) => f,
        Err((status, message)) => return fail(status, &message),
    };
    let Some((name, bytes)) = files.into_iter().next() else {
        return fail(
            StatusCode::BAD_REQUEST,
            "読み込む profile.toml を選んでください",
        );
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t.trim_start_matches('\u{feff}').to_string(),
        Err(_) => {
            return fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("{name}: UTF-8 のテキストではありません。UTF-8 で保存してください"),
            )
        }
    };
    match Profile::parse(&text, &name, &app.catalog().schema) {
        Ok(profile) => {
            app.set_current(text, profile);
            Redirect::to("/profile?notice=loaded").into_response()
        }
        Err(e) => fail(StatusCode::UNPROCESSABLE_ENTITY, &e.to_string()),
    }
}

async fn profile_download(State(app): State<Shared>) -> Response {
    attachment(
        app.current().text.into_bytes(),
        "application/toml; charset=utf-8",
        "profile.toml",
    )
}

async fn preview(State(app): State<Shared>, RawQuery(query): RawQuery) -> Response {
    let form = FormValues::from_urlencoded(query.unwrap_or_default().as_bytes());
    page(StatusCode::OK, live_panel(&app, &form))
}

// ---------------------------------------------------------------- requirements

#[derive(Deserialize)]
struct RequirementsQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    level: String,
    explain: Option<String>,
}

async fn requirements(State(app): State<Shared>, Query(q): Query<RequirementsQuery>) -> Response {
    let current = app.current();
    let profile = &current.profile;
    let selected = select(app.catalog(), profile);
    let not_selected = app
        .catalog()
        .requirements
        .iter()
        .filter(|r| !selected.iter().any(|s| s.requirement.id == r.id))
        .collect();
    let explain = q.explain.as_deref().map(|id| {
        app.catalog()
            .find(id.trim())
            .map(|r| {
                let text = crate::select::Texts::of(r, &app.catalog().schema, Some(profile));
                (r, evaluate(app.catalog(), profile, r), text)
            })
            .map_err(|e| e.to_string())
    });
    let view = RequirementsView {
        system: &profile.system_name,
        selected: &selected,
        not_selected,
        query: &q.q,
        level: &q.level,
        explain,
    };
    page(StatusCode::OK, pages::requirements(app.catalog(), &view))
}

// ---------------------------------------------------------------- documents

async fn documents(State(app): State<Shared>) -> Response {
    let profile = app.current().profile;
    let count = select(app.catalog(), &profile).len();
    page(
        StatusCode::OK,
        pages::documents(&profile.system_name, count),
    )
}

#[derive(Deserialize)]
struct DownloadQuery {
    parties: Option<String>,
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn doc_format(ext: &str) -> Option<(DocFormat, &'static str)> {
    match ext {
        "md" => Some((DocFormat::Md, "text/markdown; charset=utf-8")),
        "txt" => Some((DocFormat::Txt, "text/plain; charset=utf-8")),
        "docx" => Some((DocFormat::Docx, DOCX)),
        _ => None,
    }
}

async fn download(
    State(app): State<Shared>,
    UrlPath(file): UrlPath<String>,
    Query(q): Query<DownloadQuery>,
) -> Response {
    let Some((stem, ext)) = file.rsplit_once('.') else {
        return not_found(State(app)).await;
    };
    let (stem, ext) = (stem.to_string(), ext.to_string());
    let otsu = matches!(q.parties.as_deref(), Some("otsu" | "乙"));
    let profile = app.current().profile;
    let worker = app.clone();
    let made = blocking(
        move || -> Option<crate::Result<(Vec<u8>, &'static str, String)>> {
            let (catalog, templates) = (worker.catalog(), &worker.templates);
            let selected = select(catalog, &profile);
            Some(match (stem.as_str(), ext.as_str()) {
                ("spec", ext) => {
                    let (format, mime) = doc_format(ext)?;
                    SpecDocument::build(catalog, &profile, &selected, templates)
                        .and_then(|d| document_bytes(templates, "spec", format, &d, docx::spec))
                        .map(|b| (b, mime, format!("調達仕様書.{ext}")))
                }
                ("clauses", ext) => {
                    let (format, mime) = doc_format(ext)?;
                    let names = if otsu {
                        PartyNames::otsu_kou()
                    } else {
                        PartyNames::contractor_client()
                    };
                    ClausesDocument::build(catalog, &profile, &selected, names, templates)
                        .and_then(|d| {
                            document_bytes(templates, "clauses", format, &d, docx::clauses)
                        })
                        .map(|b| (b, mime, format!("特記事項.{ext}")))
                }
                ("sheet", "xlsx") => crate::sheet::form::write::workbook(
                    catalog,
                    &profile,
                    &selected,
                    &crate::sheet::form::write::SheetOptions::default(),
                )
                .map(|b| (b, XLSX, "回答様式.xlsx".to_string())),
                _ => return None,
            })
        },
    )
    .await
    .flatten();
    match made {
        Some(Ok((bytes, mime, name))) => attachment(bytes, mime, &name),
        Some(Err(e)) => failure(&app, StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        None => not_found(State(app)).await,
    }
}

/// A download: the bytes with their type and a file name (RFC 6266, UTF-8 name with
/// an ASCII fallback).
fn attachment(bytes: Vec<u8>, mime: &'static str, name: &str) -> Response {
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

// ---------------------------------------------------------------- verify

async fn verify_page(State(app): State<Shared>) -> Response {
    let system = app.current().profile.system_name;
    page(StatusCode::OK, pages::verify(&system, None))
}

async fn verify_upload(
    State(app): State<Shared>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let profile = app.current().profile;
    let refuse = |status: StatusCode, message: &str| {
        page(status, pages::verify(&profile.system_name, Some(message)))
    };
    let files = match uploaded_files(multipart, "files").await {
        Ok(f) if f.is_empty() => {
            return refuse(StatusCode::BAD_REQUEST, "回答ファイルを選んでください")
        }
        Ok(f) => f,
        Err((status, message)) => return refuse(status, &message),
    };
    let worker = app.clone();
    let text = ProfileText::new(app.current().text, profile.source.clone());
    let verified = blocking(move || verify_uploads(&worker, &text, files)).await;
    match verified {
        Some(Ok((chosen, uploads))) => {
            let id = app.add_batch(chosen.catalog, chosen.profile, uploads);
            Redirect::to(&format!("/results/{id}")).into_response()
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

fn gone(app: &Shared) -> Response {
    failure(
        app,
        StatusCode::NOT_FOUND,
        "この検証結果はもうありません（新しい検証を続けると古い結果から消えます）。もう一度アップロードしてください。",
    )
}

#[derive(Deserialize)]
struct FindingQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    severity: String,
}

async fn results(State(app): State<Shared>, UrlPath(batch): UrlPath<u64>) -> Response {
    let Some(b) = app.batch(batch) else {
        return gone(&app);
    };
    let system = b.profile.system_name.clone();
    if b.files.len() == 1 {
        let filters = Filters {
            kind: "",
            severity: "",
        };
        return page(StatusCode::OK, pages::report(&system, &b, 0, &filters));
    }
    let c = compare_reports(&b.catalog, &b.profile, entries(&b.files));
    page(StatusCode::OK, pages::comparison(&system, &b, &c))
}

fn entries(files: &[Upload]) -> Vec<(PathBuf, Result<crate::verify::Report, String>)> {
    files
        .iter()
        .map(|u| (PathBuf::from(&u.name), u.result.clone()))
        .collect()
}

async fn result_file(
    State(app): State<Shared>,
    UrlPath((batch, index)): UrlPath<(u64, usize)>,
    Query(q): Query<FindingQuery>,
) -> Response {
    let Some(b) = app.batch(batch).filter(|b| index < b.files.len()) else {
        return gone(&app);
    };
    let filters = Filters {
        kind: &q.kind,
        severity: &q.severity,
    };
    page(
        StatusCode::OK,
        pages::report(&b.profile.system_name, &b, index, &filters),
    )
}

async fn report_download(
    State(app): State<Shared>,
    UrlPath((batch, index, file)): UrlPath<(u64, usize, String)>,
) -> Response {
    let Some(b) = app.batch(batch).filter(|b| index < b.files.len()) else {
        return gone(&app);
    };
    let Ok(r) = &b.files[index].result else {
        return failure(
            &app,
            StatusCode::NOT_FOUND,
            "読み込めなかったファイルには検証結果がありません。",
        );
    };
    let format = match file.as_str() {
        "report.md" => VerifyFormat::Md,
        "report.json" => VerifyFormat::Json,
        "report.xlsx" => VerifyFormat::Xlsx,
        _ => return not_found(State(app)).await,
    };
    let view = Verification {
        catalog: &b.catalog,
        profile: &b.profile,
        report: r,
        date: None,
    };
    report_attachment(&app, &view, format, "検証結果")
}

async fn compare_download(
    State(app): State<Shared>,
    UrlPath((batch, file)): UrlPath<(u64, String)>,
) -> Response {
    let Some(b) = app.batch(batch) else {
        return gone(&app);
    };
    let format = match file.as_str() {
        "compare.md" => CompareFormat::Md,
        "compare.json" => CompareFormat::Json,
        "compare.xlsx" => CompareFormat::Xlsx,
        _ => return not_found(State(app)).await,
    };
    let c = compare_reports(&b.catalog, &b.profile, entries(&b.files));
    let view = Compared {
        comparison: &c,
        profile: &b.profile,
    };
    report_attachment(&app, &view, format, "比較")
}

/// A report as a download named `stem` with the format's usual extension.
fn report_attachment<F: Format>(
    app: &Shared,
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
        Err(e) => failure(app, StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

// ---------------------------------------------------------------- assets

async fn script() -> Response {
    (
        [(CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("assets/app.js"),
    )
        .into_response()
}

async fn style() -> Response {
    (
        [(CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("assets/app.css"),
    )
        .into_response()
}
