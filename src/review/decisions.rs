//! The reviewer's decisions, read back from the verification workbook she filled in
//! (and may have saved with Excel or LibreOffice, as xlsx or ods): the 指摘事項 sheet is
//! found by its headings, not its name or place, and each of its rows by its No.,
//! whatever order she sorted them in. A decision nobody can read is not guessed: the
//! finding counts as undecided and is listed with what was written.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::normalize::header_key;
use crate::profile::Profile;
use crate::sheet::form::meta::profile_digest;
use crate::sheet::form::round::Decision;
use crate::sheet::ingest::{Book, Grid};
use crate::verify::findings_sheet::heading;
use crate::verify::record::{self, Record, RecordedFinding};

/// How many rows from the top are searched for the 指摘事項 sheet's headings.
const HEADER_SEARCH_ROWS: u32 = 10;

/// One finding with what the reviewer wrote about it.
#[derive(Debug, Clone)]
pub(crate) struct Decided {
    /// Its No. in the 指摘事項 sheet.
    pub(crate) number: u32,
    pub(crate) finding: RecordedFinding,
    /// `None`: not decided (blank, unreadable, or the row was deleted).
    pub(crate) decision: Option<Decision>,
    /// What to ask the vendor (or, for 条件付承認, the condition); the default
    /// question when she emptied the cell.
    pub(crate) question: String,
    /// Whether `question` is still the default question.
    pub(crate) default_question: bool,
    /// Why the finding is undecided, when it is not blank.
    pub(crate) problem: Option<String>,
}

/// The reviewed report: the record of the verification and every finding's decision.
#[derive(Debug, Clone)]
pub(crate) struct Reviewed {
    pub(crate) record: Record,
    pub(crate) findings: Vec<Decided>,
    /// The sheet the decisions were read from.
    pub(crate) sheet: String,
}

impl Reviewed {
    /// The decision that governs each requirement the findings are about: a requirement
    /// asked about anywhere is open. Requirements without findings are not listed.
    pub(crate) fn by_requirement(&self) -> BTreeMap<&str, Decision> {
        let mut all: BTreeMap<&str, Vec<Decision>> = BTreeMap::new();
        for d in &self.findings {
            if let Some(decision) = d.decision {
                for id in d.finding.ids() {
                    all.entry(id).or_default().push(decision);
                }
            }
        }
        all.into_iter()
            .filter_map(|(id, ds)| Some((id, Decision::governing(ds)?)))
            .collect()
    }

    pub(crate) fn undecided(&self) -> impl Iterator<Item = &Decided> {
        self.findings.iter().filter(|d| d.decision.is_none())
    }

    /// How many findings were given each decision, and how many none.
    pub(crate) fn counts(&self) -> (BTreeMap<Decision, usize>, usize) {
        let mut counts = BTreeMap::new();
        for d in self.findings.iter().filter_map(|d| d.decision) {
            *counts.entry(d).or_insert(0) += 1;
        }
        (counts, self.undecided().count())
    }
}

fn refuse(path: &Path, message: String) -> Error {
    Error::Input {
        path: path.to_path_buf(),
        message,
    }
}

/// The record of the verification in the report `book` (from `path`): what says which
/// catalog and profile the report was made with, before her decisions are read.
pub(crate) fn record_of(path: &Path, book: &Book) -> Result<Record> {
    let record = record::read(book).ok_or_else(|| {
        refuse(path, "kijun verify で作成した検証結果のブックではありません（審査用の非表示シート「kijun_review」がありません）。kijun verify … -o 検証結果.xlsx で作成し、判断を記入したブックを指定してください".into())
    })?;
    if record.get(record::key::FORMAT) != record::FORMAT {
        return Err(refuse(
            path,
            format!(
                "審査用のシート「{}」の形式「{}」は、この kijun の形式「{}」と異なります。この kijun で検証し直したブックに判断を記入してください",
                record.sheet,
                record.get(record::key::FORMAT),
                record::FORMAT
            ),
        ));
    }
    if record.get(record::key::CATALOG_NAME).is_empty()
        || record.get(record::key::CATALOG_VERSION).is_empty()
    {
        return Err(refuse(
            path,
            format!(
                "審査用のシート「{}」に、検証に使ったカタログの名称と版が記録されていません。この kijun で検証し直したブックに判断を記入してください",
                record.sheet
            ),
        ));
    }
    Ok(record)
}

/// Read the decisions in the reviewed report `book` (from `path`), whose `record` says
/// it was made for `profile`.
pub(crate) fn read(
    path: &Path,
    book: &Book,
    record: Record,
    profile: &Profile,
) -> Result<Reviewed> {
    let refuse = |message: String| refuse(path, message);
    if record.get(record::key::PROFILE_DIGEST) != profile_digest(profile) {
        return Err(refuse(format!(
            "この検証結果は、指定したプロファイル（システム名「{}」）とは異なるプロファイル（システム名「{}」）で作成されています。検証に使ったプロファイルを --profile に指定してください",
            profile.system_name,
            record.get(record::key::SYSTEM_NAME)
        )));
    }
    let (grid, columns) = decision_sheet(book).ok_or_else(|| {
        refuse(format!(
            "判断を記入するシートが見つかりません（見出し「{}」と「{}」の列のあるシートがありません）。kijun verify で作成した検証結果の「指摘事項」シートに判断を記入してください",
            heading::NUMBER,
            heading::DECISION
        ))
    })?;
    let written = written_rows(grid, &columns);
    let findings = record
        .findings
        .iter()
        .map(|(n, f)| decided(*n, f, written.get(n), grid))
        .collect();
    Ok(Reviewed {
        sheet: grid.name.clone(),
        findings,
        record,
    })
}

/// The columns of the 指摘事項 sheet `kijun review` reads.
struct Columns {
    header_row: u32,
    number: u32,
    decision: u32,
    question: Option<u32>,
}

/// The sheet whose heading row (near its top) has a No. and a 判断 column.
fn decision_sheet(book: &Book) -> Option<(&Grid, Columns)> {
    book.sheets
        .iter()
        .filter(|g| g.name != record::RECORD_SHEET)
        .find_map(|g| {
            let width = g.end().1;
            (0..g.end().0.min(HEADER_SEARCH_ROWS)).find_map(|r| {
                let col =
                    |h: &str| (0..width).find(|&c| header_key(&g.text(r, c)) == header_key(h));
                Some((
                    g,
                    Columns {
                        header_row: r,
                        number: col(heading::NUMBER)?,
                        decision: col(heading::DECISION)?,
                        question: col(heading::QUESTION),
                    },
                ))
            })
        })
}

/// What one row of the sheet says: its 1-based row, the decision and question cells.
struct Written {
    row: u32,
    decision: String,
    question: Option<String>,
}

/// The rows of the sheet by their No.
fn written_rows(grid: &Grid, c: &Columns) -> BTreeMap<u32, Written> {
    let mut out = BTreeMap::new();
    for r in c.header_row + 1..grid.end().0 {
        let number = grid.text(r, c.number);
        let Some(n) = number
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|n| n.fract() == 0.0 && *n >= 1.0)
        else {
            continue;
        };
        out.entry(n as u32).or_insert(Written {
            row: r + 1,
            decision: grid.text(r, c.decision).trim().to_string(),
            question: c.question.map(|q| grid.text(r, q).trim().to_string()),
        });
    }
    out
}

fn decided(number: u32, f: &RecordedFinding, w: Option<&Written>, grid: &Grid) -> Decided {
    let (decision, problem) = match w {
        None => (
            None,
            Some(format!(
                "シート「{}」に No.{number} の行がありません（削除されています）",
                grid.name
            )),
        ),
        Some(w) if w.decision.is_empty() => (None, None),
        Some(w) => match Decision::parse(&w.decision) {
            Some(d) => (Some(d), None),
            None => {
                let labels: Vec<&str> = Decision::ALL.iter().map(|d| d.label()).collect();
                (
                    None,
                    Some(format!(
                        "シート「{}」の {} 行目の判断「{}」を読み取れません（{}のいずれかを選んでください）",
                        grid.name,
                        w.row,
                        w.decision,
                        labels.join("・")
                    )),
                )
            }
        },
    };
    let written = w.and_then(|w| w.question.clone()).filter(|q| !q.is_empty());
    let default_question = written.as_deref().is_none_or(|q| q == f.question.trim());
    Decided {
        number,
        finding: f.clone(),
        decision,
        question: written.unwrap_or_else(|| f.question.clone()),
        default_question,
        problem,
    }
}
