//! Verification of a vendor's response: find the answers wherever the vendor left them,
//! compare them with what the profile and catalog require (never with what the file
//! claims), and report every problem with its sheet, row and column.

pub mod checks;
pub mod compare;
mod layers;
pub mod locate;
pub mod meta;
pub mod report;
pub mod xlsx;

use std::path::Path;

use serde::Serialize;

use crate::catalog::{AnswerKind, Catalog, Requirement};
use crate::error::Result;
use crate::profile::Profile;
use crate::select::select;
use crate::sheet::ingest::{read_book, read_bytes, Book};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    Noncompliant,
    Partial,
    MissingAnswer,
    InvalidAnswer,
    MissingRow,
    UnknownRow,
    DuplicateRow,
    AlteredText,
    MissingExplanation,
    MissingEvidence,
    NotApplicableRefused,
    ProfileMismatch,
}

impl FindingKind {
    pub const ALL: [FindingKind; 12] = [
        FindingKind::Noncompliant,
        FindingKind::Partial,
        FindingKind::MissingAnswer,
        FindingKind::InvalidAnswer,
        FindingKind::MissingRow,
        FindingKind::UnknownRow,
        FindingKind::DuplicateRow,
        FindingKind::AlteredText,
        FindingKind::MissingExplanation,
        FindingKind::MissingEvidence,
        FindingKind::NotApplicableRefused,
        FindingKind::ProfileMismatch,
    ];

    /// The kind as DESIGN.md spells it.
    pub fn key(self) -> &'static str {
        match self {
            FindingKind::Noncompliant => "noncompliant",
            FindingKind::Partial => "partial",
            FindingKind::MissingAnswer => "missing_answer",
            FindingKind::InvalidAnswer => "invalid_answer",
            FindingKind::MissingRow => "missing_row",
            FindingKind::UnknownRow => "unknown_row",
            FindingKind::DuplicateRow => "duplicate_row",
            FindingKind::AlteredText => "altered_text",
            FindingKind::MissingExplanation => "missing_explanation",
            FindingKind::MissingEvidence => "missing_evidence",
            FindingKind::NotApplicableRefused => "not_applicable_refused",
            FindingKind::ProfileMismatch => "profile_mismatch",
        }
    }

    /// A short Japanese name for reports.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Noncompliant => "非対応",
            FindingKind::Partial => "一部対応",
            FindingKind::MissingAnswer => "未回答",
            FindingKind::InvalidAnswer => "判読不能な回答",
            FindingKind::MissingRow => "要件の欠落",
            FindingKind::UnknownRow => "不明な行",
            FindingKind::DuplicateRow => "重複した行",
            FindingKind::AlteredText => "要件の改変",
            FindingKind::MissingExplanation => "説明の欠落",
            FindingKind::MissingEvidence => "証跡の欠落",
            FindingKind::NotApplicableRefused => "該当なし不可",
            FindingKind::ProfileMismatch => "様式の不一致",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
        }
    }
}

/// One problem found, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub requirement: Option<String>,
    pub kind: FindingKind,
    pub severity: Severity,
    pub sheet: Option<String>,
    /// 1-based, as a spreadsheet shows it.
    pub row: Option<u32>,
    /// Column letter.
    pub column: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub required: usize,
    pub compliant: usize,
    pub partial: usize,
    pub noncompliant: usize,
    pub not_applicable: usize,
    /// Requirements without a usable answer: absent rows, blank or unreadable answers.
    pub missing: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    /// The counts a report shows, with their Japanese headings, in report order.
    pub fn counts(&self) -> [(&'static str, usize); 8] {
        [
            ("要件", self.required),
            ("対応", self.compliant),
            ("一部対応", self.partial),
            ("非対応", self.noncompliant),
            ("該当なし", self.not_applicable),
            ("回答なし・判読不能", self.missing),
            ("エラー", self.errors),
            ("警告", self.warnings),
        ]
    }
}

/// What the vendor answered for one required requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowResult {
    pub id: String,
    /// 1-based row in the response sheet, if the requirement was found.
    pub row: Option<u32>,
    pub answer: Option<AnswerKind>,
    pub raw_answer: String,
    pub explanation: String,
    pub evidence: String,
    /// The kinds of finding raised for this requirement.
    pub flags: Vec<FindingKind>,
}

/// The result of verifying one file.
#[derive(Debug, Clone)]
pub struct Report {
    pub file: String,
    pub format: String,
    pub sheet: String,
    /// 1-based header row.
    pub header_row: u32,
    pub vendor: Option<String>,
    pub summary: Summary,
    pub findings: Vec<Finding>,
    pub rows: Vec<RowResult>,
    /// How the answer table was found, where the reader should know (another table left
    /// in the workbook, a repeated column heading). Shown in text and md reports and on
    /// the terminal; not part of the JSON contract.
    pub notices: Vec<String>,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.summary.errors == 0
    }

    pub fn verdict(&self) -> &'static str {
        if self.passed() {
            "pass"
        } else {
            "fail"
        }
    }

    /// The vendor's name from the sheet, or the file name.
    pub fn vendor_name(&self) -> String {
        self.vendor.clone().unwrap_or_else(|| {
            Path::new(&self.file)
                .file_stem()
                .map_or_else(|| self.file.clone(), |s| s.to_string_lossy().into_owned())
        })
    }
}

/// How to verify, beyond the profile and the catalog.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// The sheet that holds the answers (`--sheet`); found by its header when `None`.
    pub sheet: Option<&'a str>,
}

/// Verify one response file against the requirements the profile selects.
pub fn verify_file(catalog: &Catalog, profile: &Profile, path: &Path) -> Result<Report> {
    verify_file_with(catalog, profile, path, Options::default())
}

/// [`verify_file`] with options.
pub fn verify_file_with(
    catalog: &Catalog,
    profile: &Profile,
    path: &Path,
    options: Options<'_>,
) -> Result<Report> {
    // Merged regions only matter on a sheet with an answer table.
    let book = read_book(path, &|grid| locate::has_header(grid, &catalog.headers))?;
    verify_book_with(catalog, profile, &book, options)
}

/// Verify a response held in memory (an upload); `name` only names it in the report
/// and in messages, and is never opened.
pub fn verify_bytes(
    catalog: &Catalog,
    profile: &Profile,
    name: &Path,
    bytes: Vec<u8>,
) -> Result<Report> {
    crate::sheet::ingest::check_size(name, bytes.len() as u64)?;
    let book = read_bytes(name, bytes, &|grid| {
        locate::has_header(grid, &catalog.headers)
    })?;
    verify_book(catalog, profile, &book)
}

pub fn verify_book(catalog: &Catalog, profile: &Profile, book: &Book) -> Result<Report> {
    verify_book_with(catalog, profile, book, Options::default())
}

pub fn verify_book_with(
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
    let mut findings = meta::check(meta.as_ref(), catalog, profile, book);
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
