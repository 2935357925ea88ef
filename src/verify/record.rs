//! The hidden sheet of the verification report (`kijun_review`): what `kijun review`
//! needs from the verification besides the reviewer's decisions. The vendor's answers
//! as written (the next round's workbook is filled with them), the digest of those
//! answers, the profile the report was made for, the catalog it was verified against
//! (named as a response workbook names its own, so review chooses the same edition),
//! and each finding's kind, requirements and default question. Like the response workbook's meta sheet: key/value lines, a
//! blank line, then tables under their heading rows.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::meta::Meta;
use super::question::question;
use super::report::place;
use super::{FindingKind, Report};
use crate::catalog::Catalog;
use crate::profile::Profile;
use crate::sheet::form::meta::{layer_pairs, profile_digest};
use crate::sheet::form::round::AnswerCells;
use crate::sheet::ingest::Book;
use crate::xlsx_style::cell_text;

pub(crate) const RECORD_SHEET: &str = "kijun_review";
/// Format marker, bumped if the sheet changes incompatibly.
pub(crate) const FORMAT: &str = "kijun-review/1";

/// The keys of the head.
pub(crate) mod key {
    pub(crate) const FORMAT: &str = "format";
    pub(crate) const FILE: &str = "file";
    pub(crate) const VENDOR: &str = "vendor";
    pub(crate) const ROUND: &str = "round";
    pub(crate) const ANSWERS_DIGEST: &str = "answers_digest";
    pub(crate) const PROFILE_DIGEST: &str = "profile_digest";
    pub(crate) const SYSTEM_NAME: &str = "system_name";
    /// The catalog, keyed as in a response workbook's meta sheet (the base digest and
    /// the overlays follow under those keys too).
    pub(crate) use crate::sheet::form::meta::key::{CATALOG_NAME, CATALOG_VERSION};
}

/// The answers table: one row per required requirement, in catalog order.
const ANSWERS: [&str; 7] = [
    "requirement_id",
    "row",
    "answer",
    "explanation",
    "evidence",
    "pages",
    "remarks",
];
/// The findings table: one row per finding, numbered as the 指摘事項 sheet's No.
const FINDINGS: [&str; 5] = [
    "finding",
    "requirement_id",
    "requirements",
    "kind",
    "question",
];

/// Write the record of a verification.
pub(crate) fn write(
    ws: &mut Worksheet,
    catalog: &Catalog,
    profile: &Profile,
    report: &Report,
) -> Result<(), XlsxError> {
    ws.set_name(RECORD_SHEET)?;
    ws.set_hidden(true);
    let head = [
        (key::FORMAT, FORMAT.to_string()),
        (key::FILE, report.file.clone()),
        (key::VENDOR, report.vendor.clone().unwrap_or_default()),
        (key::ROUND, report.round.number.to_string()),
        (key::ANSWERS_DIGEST, report.answers_digest()),
        (key::PROFILE_DIGEST, profile_digest(profile)),
        (key::SYSTEM_NAME, profile.system_name.clone()),
        (key::CATALOG_NAME, catalog.meta.name.clone()),
        (key::CATALOG_VERSION, catalog.meta.version.clone()),
    ];
    let head = head
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .chain(layer_pairs(catalog));
    let mut row = 0u32;
    for (k, v) in head {
        ws.write_string(row, 0, &k)?;
        ws.write_string(row, 1, cell_text(&v).as_ref())?;
        row += 1;
    }
    row += 1;
    ws.write_row(row, 0, ANSWERS)?;
    for r in &report.rows {
        row += 1;
        ws.write_string(row, 0, &r.id)?;
        ws.write_string(row, 1, r.row.map(|n| n.to_string()).unwrap_or_default())?;
        for (i, c) in AnswerCells::COLUMNS.iter().enumerate() {
            ws.write_string(row, 2 + i as u16, cell_text(r.cells.get(*c)).as_ref())?;
        }
    }
    row += 2;
    ws.write_row(row, 0, FINDINGS)?;
    for (i, f) in report.findings.iter().enumerate() {
        row += 1;
        ws.write_string(row, 0, (i + 1).to_string())?;
        ws.write_string(row, 1, f.requirement.as_deref().unwrap_or(""))?;
        ws.write_string(row, 2, f.requirements.join(","))?;
        ws.write_string(row, 3, f.kind.key())?;
        ws.write_string(row, 4, place(f))?;
        ws.write_string(row, 5, question(f, catalog))?;
    }
    Ok(())
}

/// One finding as the record keeps it.
#[derive(Debug, Clone)]
pub(crate) struct RecordedFinding {
    pub(crate) requirement: Option<String>,
    pub(crate) requirements: Vec<String>,
    pub(crate) kind: FindingKind,
    /// Where it is, as reports write it (`回答!G12`).
    pub(crate) place: String,
    /// The default question (`question::question`).
    pub(crate) question: String,
}

impl RecordedFinding {
    /// Every requirement the finding is about.
    pub(crate) fn ids(&self) -> Vec<&str> {
        self.requirement
            .iter()
            .chain(self.requirements.iter())
            .map(String::as_str)
            .collect()
    }
}

/// The record read back from a report workbook.
#[derive(Debug, Clone, Default)]
pub(crate) struct Record {
    pub(crate) sheet: String,
    pub(crate) pairs: BTreeMap<String, String>,
    /// Requirement id, its row in the vendor's sheet, and the cells as written.
    pub(crate) answers: Vec<(String, Option<u32>, AnswerCells)>,
    /// By the number of the 指摘事項 sheet.
    pub(crate) findings: BTreeMap<u32, RecordedFinding>,
}

impl Record {
    pub(crate) fn get(&self, key: &str) -> &str {
        self.pairs.get(key).map_or("", String::as_str)
    }

    /// The catalog the report was verified against, as a response workbook's meta
    /// sheet names it (name, version, base digest, overlays): what chooses the edition.
    pub(crate) fn catalog_meta(&self) -> Meta {
        Meta {
            sheet: self.sheet.clone(),
            pairs: self
                .pairs
                .iter()
                .map(|(k, v)| (k.clone(), (v.clone(), 0)))
                .collect(),
            ..Meta::default()
        }
    }
}

/// The record in a workbook, if it has one (a sheet named so, or headed so).
pub(crate) fn read(book: &Book) -> Option<Record> {
    let grid = book.sheets.iter().find(|g| {
        g.name == RECORD_SHEET || (g.text(0, 0) == key::FORMAT && g.text(0, 1) == FORMAT)
    })?;
    let mut record = Record {
        sheet: grid.name.clone(),
        ..Record::default()
    };
    let end = grid.end().0;
    let mut r = 0;
    while r < end && !grid.text(r, 0).is_empty() {
        record
            .pairs
            .insert(grid.text(r, 0).into_owned(), grid.text(r, 1).into_owned());
        r += 1;
    }
    let mut table = "";
    for row in r..end {
        let first = grid.text(row, 0);
        if first == ANSWERS[0] {
            table = ANSWERS[0];
            continue;
        }
        if first == FINDINGS[0] {
            table = FINDINGS[0];
            continue;
        }
        if first.is_empty() {
            continue;
        }
        let text = |c: u32| grid.text(row, c).into_owned();
        if table == ANSWERS[0] {
            let mut cells = AnswerCells::default();
            for (i, c) in AnswerCells::COLUMNS.iter().enumerate() {
                cells.set(*c, text(2 + i as u32));
            }
            record
                .answers
                .push((first.into_owned(), text(1).trim().parse().ok(), cells));
        } else if table == FINDINGS[0] {
            let (Ok(n), Some(kind)) = (
                first.trim().parse::<u32>(),
                FindingKind::from_key(text(3).trim()),
            ) else {
                continue;
            };
            let requirement = Some(text(1)).filter(|s| !s.trim().is_empty());
            let requirements = text(2)
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            record.findings.insert(
                n,
                RecordedFinding {
                    requirement,
                    requirements,
                    kind,
                    place: text(4),
                    question: text(5),
                },
            );
        }
    }
    Some(record)
}
