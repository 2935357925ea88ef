//! The requirements of the page's profile, and its documents to download: each made
//! from exactly the profile its URL carries.

use axum::extract::{Path as UrlPath, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::respond;
use super::respond::{attachment, blocking, failure, shown_or_fail, shown_or_redirect};
use crate::cli::DocFormat;
use crate::render::{document_bytes, docx, ClausesDocument, PartyNames, SpecDocument};
use crate::select::{evaluate, select};
use crate::serve::pages::{self, page, RequirementsView};
use crate::serve::state::Shared;

#[derive(Deserialize)]
pub(crate) struct RequirementsQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    level: String,
    explain: Option<String>,
}

pub(crate) async fn requirements(
    State(app): State<Shared>,
    RawQuery(raw): RawQuery,
    Query(q): Query<RequirementsQuery>,
) -> Response {
    let shown = match shown_or_redirect(&app, raw.as_deref(), "/requirements") {
        Ok(s) => s,
        Err(res) => return *res,
    };
    let profile = &shown.profile;
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
        shown: &shown,
        selected: &selected,
        not_selected,
        query: &q.q,
        level: &q.level,
        explain,
    };
    page(StatusCode::OK, pages::requirements(app.catalog(), &view))
}

pub(crate) async fn documents(State(app): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    match shown_or_redirect(&app, raw.as_deref(), "/documents") {
        Ok(shown) => {
            let count = select(app.catalog(), &shown.profile).len();
            page(StatusCode::OK, pages::documents(&shown, count))
        }
        Err(res) => *res,
    }
}

#[derive(Deserialize)]
pub(crate) struct DownloadQuery {
    parties: Option<String>,
}

pub(crate) const DOCX: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn doc_format(ext: &str) -> Option<(DocFormat, &'static str)> {
    match ext {
        "md" => Some((DocFormat::Md, "text/markdown; charset=utf-8")),
        "txt" => Some((DocFormat::Txt, "text/plain; charset=utf-8")),
        "docx" => Some((DocFormat::Docx, DOCX)),
        _ => None,
    }
}

pub(crate) async fn download(
    State(app): State<Shared>,
    UrlPath(file): UrlPath<String>,
    RawQuery(raw): RawQuery,
    Query(q): Query<DownloadQuery>,
) -> Response {
    let shown = match shown_or_fail(&app, raw.as_deref()) {
        Ok(s) => s,
        Err(res) => return *res,
    };
    let Some((stem, ext)) = file.rsplit_once('.') else {
        return respond::not_found().await;
    };
    let (stem, ext) = (stem.to_string(), ext.to_string());
    let otsu = matches!(q.parties.as_deref(), Some("otsu" | "乙"));
    let profile = shown.profile.clone();
    let system = file_safe(&profile.system_name);
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
                        .map(|b| (b, mime, format!("{system}_仕様書_情報セキュリティ.{ext}")))
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
                        .map(|b| (b, mime, format!("{system}_特記事項_情報セキュリティ.{ext}")))
                }
                ("sheet", "xlsx") => crate::sheet::form::write::workbook(
                    catalog,
                    &profile,
                    &selected,
                    &crate::sheet::form::write::SheetOptions::default(),
                )
                .map(|b| (b, XLSX, format!("{system}_回答様式_情報セキュリティ.xlsx"))),
                _ => return None,
            })
        },
    )
    .await
    .flatten();
    match made {
        Some(Ok((bytes, mime, name))) => attachment(bytes, mime, &name),
        Some(Err(e)) => failure(
            (&shown).into(),
            StatusCode::INTERNAL_SERVER_ERROR,
            &e.to_string(),
        ),
        None => respond::not_found().await,
    }
}

/// The system name as the start of a file name: characters Windows refuses in a file
/// name (and control characters) become 「_」, and a long name is cut.
fn file_safe(name: &str) -> String {
    let cleaned: String = name
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(60)
        .collect();
    if cleaned.trim_matches(['_', '.', ' ']).is_empty() {
        "システム".to_string()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_start_with_the_system_name_made_safe() {
        assert_eq!(
            super::file_safe("電子申請受付システム"),
            "電子申請受付システム"
        );
        assert_eq!(super::file_safe("A/B:C?"), "A_B_C_");
        assert_eq!(super::file_safe("  "), "システム");
    }
}
