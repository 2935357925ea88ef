//! What verification finds and reports: findings with their kind, severity and place,
//! one result per required requirement, the summary counts, and the report of a file.

use std::path::Path;

use serde::Serialize;

use crate::catalog::AnswerKind;

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
    pub(crate) const ALL: [FindingKind; 12] = [
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
    pub(crate) fn key(self) -> &'static str {
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
    pub(crate) fn label(self) -> &'static str {
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
    pub(crate) fn label(self) -> &'static str {
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
    pub(crate) severity: Severity,
    pub(crate) sheet: Option<String>,
    /// 1-based, as a spreadsheet shows it.
    pub(crate) row: Option<u32>,
    /// Column letter.
    pub(crate) column: Option<String>,
    pub(crate) message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub(crate) required: usize,
    pub(crate) compliant: usize,
    pub(crate) partial: usize,
    pub(crate) noncompliant: usize,
    pub(crate) not_applicable: usize,
    /// Requirements without a usable answer: absent rows, blank or unreadable answers.
    pub(crate) missing: usize,
    pub errors: usize,
    pub(crate) warnings: usize,
}

impl Summary {
    /// The counts a report shows, with their Japanese headings, in report order.
    pub(crate) fn counts(&self) -> [(&'static str, usize); 8] {
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
    pub(crate) id: String,
    /// 1-based row in the response sheet, if the requirement was found.
    pub(crate) row: Option<u32>,
    pub(crate) answer: Option<AnswerKind>,
    pub(crate) raw_answer: String,
    pub(crate) explanation: String,
    pub(crate) evidence: String,
    /// The kinds of finding raised for this requirement.
    pub(crate) flags: Vec<FindingKind>,
}

/// Why a file was verified against the catalog it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChosenBy {
    /// `--catalog` named it (or the caller handed it over).
    Named,
    /// The edition the workbook records having been made with (and the overlays of
    /// `--catalog` stacked on it).
    Recorded,
    /// The current edition: the workbook records no edition kijun has.
    Current(NoEdition),
}

/// Why no recorded edition could be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoEdition {
    /// No meta sheet (a CSV, a re-typed sheet), or one without the catalog's version.
    NotRecorded,
    /// A catalog (name, version) kijun does not have embedded.
    Unknown { name: String, version: String },
    /// Compared files made with different editions.
    Mixed(Vec<String>),
}

impl Serialize for ChosenBy {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl ChosenBy {
    /// The JSON name.
    pub(crate) fn key(&self) -> &'static str {
        match self {
            ChosenBy::Named => "option",
            ChosenBy::Recorded => "workbook",
            ChosenBy::Current(_) => "current",
        }
    }

    /// Why, as a report says it after the catalog's title.
    pub(crate) fn words(&self) -> String {
        match self {
            ChosenBy::Named => "指定されたカタログ".into(),
            ChosenBy::Recorded => "様式の作成に使われた版".into(),
            ChosenBy::Current(NoEdition::NotRecorded) => {
                "様式にカタログの版の記録がないため、現行の版".into()
            }
            ChosenBy::Current(NoEdition::Unknown { name, version }) => format!(
                "様式の作成に使われた「{name}」版 {version} は kijun に埋め込まれていないため、現行の版"
            ),
            ChosenBy::Current(NoEdition::Mixed(versions)) => format!(
                "回答ファイルの様式の版が異なる（{}）ため、現行の版",
                versions.join("、")
            ),
        }
    }
}

/// The catalog a file was verified against: its title (base edition and overlays) and
/// why that one. Every report names it; JSON as `{name, version, title, chosen_by}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogUsed {
    /// The base catalog's name and version (the edition).
    pub(crate) name: String,
    pub(crate) version: String,
    /// 「kijun 標準カタログ 0.1.0（…準拠）＋〇〇省… 2024.1」.
    pub(crate) title: String,
    pub(crate) chosen_by: ChosenBy,
}

impl CatalogUsed {
    pub(crate) fn new(catalog: &crate::catalog::Catalog, chosen_by: ChosenBy) -> CatalogUsed {
        CatalogUsed {
            name: catalog.meta.name.clone(),
            version: catalog.meta.version.clone(),
            title: catalog.title(),
            chosen_by,
        }
    }

    /// 「kijun 標準カタログ 0.1.0（…準拠）（様式の作成に使われた版）」.
    pub(crate) fn line(&self) -> String {
        format!("{}（{}）", self.title, self.chosen_by.words())
    }
}

/// The result of verifying one file.
#[derive(Debug, Clone)]
pub struct Report {
    pub(crate) file: String,
    pub(crate) format: String,
    pub(crate) sheet: String,
    /// 1-based header row.
    pub(crate) header_row: u32,
    pub(crate) vendor: Option<String>,
    /// The catalog it was verified against.
    pub(crate) catalog: CatalogUsed,
    pub summary: Summary,
    pub findings: Vec<Finding>,
    pub(crate) rows: Vec<RowResult>,
    /// How the answer table was found, where the reader should know (another table left
    /// in the workbook, a repeated column heading). Shown in text and md reports and on
    /// the terminal; not part of the JSON contract.
    pub(crate) notices: Vec<String>,
}

impl Report {
    pub(crate) fn passed(&self) -> bool {
        self.summary.errors == 0
    }

    pub(crate) fn verdict(&self) -> &'static str {
        if self.passed() {
            "pass"
        } else {
            "fail"
        }
    }

    /// The verdict as reports in Japanese say it.
    pub(crate) fn verdict_label(&self) -> &'static str {
        if self.passed() {
            "合格"
        } else {
            "不合格"
        }
    }

    /// The vendor's name from the sheet, or the file name.
    pub(crate) fn vendor_name(&self) -> String {
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
    pub(crate) sheet: Option<&'a str>,
    /// The catalog versions embedded in kijun, for a message about another version.
    pub(crate) embedded: &'a [String],
}
