//! Verification of a vendor's response: find the answers wherever the vendor left them,
//! compare them with what the profile and catalog require (never with what the file
//! claims), and report every problem with its sheet, row and column.

pub mod checks;
pub mod compare;
pub(crate) mod edition;
mod layers;
pub mod locate;
pub(crate) mod meta;
pub(crate) mod report;
pub(crate) mod xlsx;

mod model;
mod render;

pub use model::{
    CatalogUsed, ChosenBy, Finding, FindingKind, NoEdition, Options, Report, RowResult, Severity,
    Summary,
};
pub(crate) use render::{Compared, Verification};

use std::path::Path;

use crate::catalog::{AnswerKind, Catalog, Requirement};
use crate::error::Result;
use crate::profile::Profile;
use crate::select::select;
use crate::sheet::ingest::{read_book, Book};

/// Verify one response file against the requirements the profile selects.
pub fn verify_file(catalog: &Catalog, profile: &Profile, path: &Path) -> Result<Report> {
    verify_file_with(catalog, profile, path, Options::default())
}

/// [`verify_file`] with options.
pub(crate) fn verify_file_with(
    catalog: &Catalog,
    profile: &Profile,
    path: &Path,
    options: Options<'_>,
) -> Result<Report> {
    // Merged regions only matter on a sheet with an answer table.
    let book = read_book(path, &|grid| locate::has_header(grid, &catalog.headers))?;
    verify_book_with(catalog, profile, &book, options)
}

pub fn verify_book(catalog: &Catalog, profile: &Profile, book: &Book) -> Result<Report> {
    verify_book_with(catalog, profile, book, Options::default())
}

pub(crate) fn verify_book_with(
    catalog: &Catalog,
    profile: &Profile,
    book: &Book,
    options: Options<'_>,
) -> Result<Report> {
    let expected: Vec<&Requirement> = select(catalog, profile)
        .into_iter()
        .map(|s| s.requirement)
        .collect();
    let located = locate::locate(book, catalog, &expected, options.sheet)?;
    let meta = meta::read_meta(book);
    let mut findings = meta::check(meta.as_ref(), catalog, profile, book, options.embedded);
    let (rows, row_findings) =
        checks::check_rows(book, &located, catalog, &expected, meta.as_ref());
    findings.extend(row_findings);
    // Place order: the workbook's provenance first, then by row, rows absent last.
    findings.sort_by_key(|f| {
        (
            f.kind != FindingKind::ProfileMismatch,
            f.row.unwrap_or(u32::MAX),
            f.column.clone(),
        )
    });
    let summary = summarise(&rows, &findings, expected.len());
    let grid = &book.sheets[located.sheet];
    Ok(Report {
        file: book.path.display().to_string(),
        format: book.format.label().to_string(),
        sheet: grid.name.clone(),
        header_row: located.header_row + 1,
        vendor: located.vendor.clone(),
        catalog: CatalogUsed::new(catalog, ChosenBy::Named),
        summary,
        findings,
        rows,
        notices: book
            .notices
            .iter()
            .cloned()
            .chain(located.notices)
            .collect(),
    })
}

fn summarise(rows: &[RowResult], findings: &[Finding], required: usize) -> Summary {
    let count = |k: AnswerKind| rows.iter().filter(|r| r.answer == Some(k)).count();
    let answered = rows.iter().filter(|r| r.answer.is_some()).count();
    Summary {
        required,
        compliant: count(AnswerKind::Compliant),
        partial: count(AnswerKind::Partial),
        noncompliant: count(AnswerKind::Noncompliant),
        not_applicable: count(AnswerKind::NotApplicable),
        missing: required - answered,
        errors: findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count(),
        warnings: findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count(),
    }
}
