//! Several vendors side by side: each file is verified on its own (in parallel, one
//! reader per file), then the answers are laid out one row per requirement and one
//! column per vendor. A file that cannot be read is reported; the others still compare.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::report::md_cell;
use super::xlsx::{cell_format, filled, judgement, new_workbook, table, GREEN, RED};
use super::{verify_file, FindingKind, Report, Summary};
use crate::catalog::{Catalog, Requirement};
use crate::error::{Error, Result};
use crate::profile::Profile;
use crate::select::select;

/// One vendor's file: its report, or why it could not be read.
pub struct Entry {
    pub file: PathBuf,
    pub name: String,
    pub result: std::result::Result<Report, String>,
}

pub struct Comparison<'c> {
    pub requirements: Vec<&'c Requirement>,
    pub entries: Vec<Entry>,
}

impl Comparison<'_> {
    pub fn any_unreadable(&self) -> bool {
        self.entries.iter().any(|e| e.result.is_err())
    }
    pub fn any_errors(&self) -> bool {
        self.entries
            .iter()
            .any(|e| e.result.as_ref().is_ok_and(|r| !r.passed()))
    }
}

/// Verify every file (in parallel) and line them up. `progress` is called once per
/// finished file.
pub fn compare<'c>(
    catalog: &'c Catalog,
    profile: &Profile,
    files: &[PathBuf],
    progress: &(dyn Fn() + Sync),
) -> Comparison<'c> {
    let results: Vec<std::result::Result<Report, String>> = files
        .par_iter()
        .map(|f| {
            let r = verify_file(catalog, profile, f).map_err(|e| e.to_string());
            progress();
            r
        })
        .collect();
    compare_reports(
        catalog,
        profile,
        files.iter().cloned().zip(results).collect(),
    )
}

/// Line up reports already made (or why each file could not be read), one per file in
/// the order given: what `compare` does after verifying, and what `kijun serve` does
/// with uploaded files.
pub fn compare_reports<'c>(
    catalog: &'c Catalog,
    profile: &Profile,
    results: Vec<(PathBuf, std::result::Result<Report, String>)>,
) -> Comparison<'c> {
    let requirements: Vec<&Requirement> = select(catalog, profile)
        .into_iter()
        .map(|s| s.requirement)
        .collect();
    let mut entries: Vec<Entry> = results
        .into_iter()
        .map(|(file, result)| {
            let name = match &result {
                Ok(r) => r.vendor_name(),
                Err(_) => stem(&file),
            };
            Entry { file, name, result }
        })
        .collect();
    // Two vendors with the same name are told apart by their file names.
    for i in 0..entries.len() {
        if entries.iter().filter(|e| e.name == entries[i].name).count() > 1 {
            entries[i].name = format!("{}（{}）", entries[i].name, stem(&entries[i].file));
        }
    }
    Comparison {
        requirements,
        entries,
    }
}

fn stem(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// The cell for one vendor and requirement.
fn cell(e: &Entry, i: usize) -> (String, &'static str) {
    match &e.result {
        Ok(r) => r
            .rows
            .get(i)
            .map(judgement)
            .unwrap_or_else(|| ("－".into(), super::xlsx::GRAY)),
        Err(_) => ("読込不可".into(), super::xlsx::GRAY),
    }
}

pub fn markdown(c: &Comparison<'_>, profile: &Profile) -> String {
    let mut out = format!("# 回答の比較（{}）\n\n", profile.system_name);
    // The per-vendor counts, without the number of requirements (the same for all).
    let heads: Vec<&str> = Summary::default()
        .counts()
        .iter()
        .skip(1)
        .map(|(h, _)| *h)
        .collect();
    out.push_str(&format!(
        "## 事業者別の集計\n\n| 事業者 | ファイル | 判定 | {} |\n|---|---|---|{}\n",
        heads.join(" | "),
        "---:|".repeat(heads.len())
    ));
    for e in &c.entries {
        let (verdict, counts) = match &e.result {
            Ok(r) => (
                if r.passed() { "合格" } else { "不合格" },
                r.summary
                    .counts()
                    .iter()
                    .skip(1)
                    .map(|(_, n)| n.to_string())
                    .collect::<Vec<_>>(),
            ),
            Err(_) => ("読込不可", vec![String::new(); heads.len()]),
        };
        out.push_str(&format!(
            "| {} | {} | {verdict} | {} |\n",
            md_cell(&e.name),
            md_cell(&stem(&e.file)),
            counts.join(" | ")
        ));
    }
    let unreadable: Vec<&String> = c
        .entries
        .iter()
        .filter_map(|e| e.result.as_ref().err())
        .collect();
    if !unreadable.is_empty() {
        out.push_str("\n読み込めなかったファイル:\n\n");
        for msg in unreadable {
            out.push_str(&format!("- {}\n", md_cell(msg)));
        }
    }
    out.push_str("\n## 要件ごとの回答\n\n| 要件ID | 区分 | 表題 |");
    for e in &c.entries {
        out.push_str(&format!(" {} |", md_cell(&e.name)));
    }
    out.push_str("\n|---|---|---|");
    out.push_str(&"---|".repeat(c.entries.len()));
    out.push('\n');
    for (i, r) in c.requirements.iter().enumerate() {
        out.push_str(&format!(
            "| {} | {} | {} |",
            r.id,
            r.level.label(),
            md_cell(&r.title)
        ));
        for e in &c.entries {
            out.push_str(&format!(" {} |", md_cell(&cell(e, i).0)));
        }
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct JsonVendor<'a> {
    vendor: &'a str,
    file: String,
    verdict: Option<&'a str>,
    summary: Option<&'a Summary>,
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonAnswer {
    vendor: String,
    answer: Option<&'static str>,
    row: Option<u32>,
    flags: Vec<&'static str>,
}

#[derive(Serialize)]
struct JsonRequirement<'a> {
    id: &'a str,
    title: &'a str,
    level: &'a str,
    answers: Vec<JsonAnswer>,
}

#[derive(Serialize)]
struct JsonComparison<'a> {
    vendors: Vec<JsonVendor<'a>>,
    requirements: Vec<JsonRequirement<'a>>,
}

pub fn json(c: &Comparison<'_>) -> String {
    let vendors = c
        .entries
        .iter()
        .map(|e| JsonVendor {
            vendor: &e.name,
            file: e.file.display().to_string(),
            verdict: e.result.as_ref().ok().map(|r| r.verdict()),
            summary: e.result.as_ref().ok().map(|r| &r.summary),
            error: e.result.as_ref().err().map(String::as_str),
        })
        .collect();
    let requirements = c
        .requirements
        .iter()
        .enumerate()
        .map(|(i, r)| JsonRequirement {
            id: &r.id,
            title: &r.title,
            level: r.level.label(),
            answers: c
                .entries
                .iter()
                .map(|e| {
                    let row = e.result.as_ref().ok().and_then(|rep| rep.rows.get(i));
                    JsonAnswer {
                        vendor: e.name.clone(),
                        answer: row.and_then(|x| x.answer).map(|a| a.key()),
                        row: row.and_then(|x| x.row),
                        flags: row
                            .map(|x| x.flags.iter().map(|k: &FindingKind| k.key()).collect())
                            .unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect();
    serde_json::to_string_pretty(&JsonComparison {
        vendors,
        requirements,
    })
    .map(|s| s + "\n")
    .unwrap_or_default()
}

pub fn workbook(c: &Comparison<'_>, profile: &Profile) -> Result<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| Error::Usage(format!("比較表を作成できません: {e}"));
    let mut wb = new_workbook(&format!("{} 回答の比較", profile.system_name))?;
    let f = cell_format();
    {
        let ws = wb.add_worksheet();
        let mut headers: Vec<(&str, f64)> = vec![("要件ID", 10.0), ("区分", 6.0), ("表題", 32.0)];
        headers.extend(c.entries.iter().map(|e| (e.name.as_str(), 18.0)));
        table(ws, "比較", &headers, 0, c.requirements.len()).map_err(fail)?;
        for (i, r) in c.requirements.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_with_format(row, 0, r.id.as_str(), &f)
                .map_err(fail)?;
            ws.write_with_format(row, 1, r.level.label(), &f)
                .map_err(fail)?;
            ws.write_with_format(row, 2, r.title.as_str(), &f)
                .map_err(fail)?;
            for (j, e) in c.entries.iter().enumerate() {
                let (text, color) = cell(e, i);
                ws.write_with_format(row, 3 + j as u16, text.as_str(), &filled(color))
                    .map_err(fail)?;
            }
        }
    }
    {
        let ws = wb.add_worksheet();
        let headers = [
            ("事業者", 24.0),
            ("ファイル", 28.0),
            ("判定", 10.0),
            ("対応", 7.0),
            ("一部対応", 9.0),
            ("非対応", 7.0),
            ("該当なし", 9.0),
            ("回答なし・判読不能", 12.0),
            ("エラー", 7.0),
            ("警告", 7.0),
            ("読み込めなかった理由", 50.0),
        ];
        table(ws, "集計", &headers, 0, c.entries.len()).map_err(fail)?;
        for (i, e) in c.entries.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_with_format(row, 0, e.name.as_str(), &f)
                .map_err(fail)?;
            ws.write_with_format(row, 1, stem(&e.file).as_str(), &f)
                .map_err(fail)?;
            match &e.result {
                Ok(r) => {
                    let s = &r.summary;
                    let verdict = if r.passed() {
                        ("合格", GREEN)
                    } else {
                        ("不合格", RED)
                    };
                    ws.write_with_format(row, 2, verdict.0, &filled(verdict.1))
                        .map_err(fail)?;
                    for (k, (_, n)) in s.counts().iter().skip(1).enumerate() {
                        ws.write_with_format(row, 3 + k as u16, *n as f64, &f)
                            .map_err(fail)?;
                    }
                }
                Err(msg) => {
                    ws.write_with_format(row, 2, "読込不可", &filled(RED))
                        .map_err(fail)?;
                    ws.write_with_format(row, 10, msg.as_str(), &f)
                        .map_err(fail)?;
                }
            }
        }
    }
    wb.save_to_buffer().map_err(fail)
}
