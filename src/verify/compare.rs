//! Several vendors side by side: each file is verified on its own (in parallel, one
//! reader per file), then the answers are laid out one row per requirement and one
//! column per vendor. A file that cannot be read is reported; the others still compare.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::edition::{Chosen, Initial};
use super::page::{filled, fit_row, new_workbook, print_setup, table};
use super::report::md_cell;
use super::xlsx::judgement;
use super::{verify_file_with, CatalogUsed, ChosenBy, FindingKind, Options, Report, Summary};
use crate::catalog::{Catalog, Requirement};
use crate::error::{Error, Result};
use crate::profile::Profile;
use crate::select::select;
use crate::sheet::ingest::Book;
use crate::xlsx_style::{self as style, cell_text, GRAY, GREEN, RED};

/// One vendor's file: its report, or why it could not be read.
pub struct Entry {
    pub(crate) file: PathBuf,
    pub(crate) name: String,
    pub(crate) result: std::result::Result<Report, String>,
}

pub struct Comparison<'c> {
    /// The catalog every file was verified against.
    pub(crate) catalog: CatalogUsed,
    pub(crate) requirements: Vec<&'c Requirement>,
    /// The requirements in the order of the 調達仕様書: (index in `requirements`,
    /// item number such as `1(5)ウ`).
    pub(crate) spec_order: Vec<(usize, String)>,
    pub entries: Vec<Entry>,
    /// What the reader should know: the same file given twice, notices of each file.
    pub(crate) notices: Vec<String>,
}

impl Comparison<'_> {
    pub(crate) fn any_errors(&self) -> bool {
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
    options: Options<'_>,
    progress: &(dyn Fn() + Sync),
) -> Comparison<'c> {
    let results: Vec<std::result::Result<Report, String>> = files
        .par_iter()
        .map(|f| {
            let r = verify_file_with(catalog, profile, f, options).map_err(|e| e.to_string());
            progress();
            r
        })
        .collect();
    lined_up(catalog, profile, files, results)
}

/// Read every file (in parallel; `progress` is called once per file read), before the
/// catalog is chosen from their meta sheets.
pub(crate) fn read_all(
    initial: &Initial,
    files: &[PathBuf],
    progress: &(dyn Fn() + Sync),
) -> Vec<Result<Book>> {
    files
        .par_iter()
        .map(|f| {
            let book = initial.read(f);
            progress();
            book
        })
        .collect()
}

/// Verify the books [`read_all`] read against the chosen catalog (in parallel), and line
/// them up.
pub(crate) fn compare_chosen<'c>(
    chosen: &'c Chosen,
    files: &[PathBuf],
    books: &[Result<Book>],
    options: Options<'_>,
) -> Comparison<'c> {
    let results = books
        .par_iter()
        .map(|book| match book {
            Ok(b) => chosen.verify(b, options).map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        })
        .collect();
    lined_up(&chosen.catalog, &chosen.profile, files, results)
}

fn lined_up<'c>(
    catalog: &'c Catalog,
    profile: &Profile,
    files: &[PathBuf],
    results: Vec<std::result::Result<Report, String>>,
) -> Comparison<'c> {
    let mut c = compare_reports(
        catalog,
        profile,
        files.iter().cloned().zip(results).collect(),
    );
    // Only paths on disk can be the same file; uploads with one name are not.
    c.notices.splice(0..0, repeated_files(files));
    c
}

/// Line up reports already made (or why each file could not be read), one per file in
/// the order given: what `compare` does after verifying, and what `kijun serve` does
/// with uploaded files.
pub(crate) fn compare_reports<'c>(
    catalog: &'c Catalog,
    profile: &Profile,
    results: Vec<(PathBuf, std::result::Result<Report, String>)>,
) -> Comparison<'c> {
    let selected = select(catalog, profile);
    let requirements: Vec<&Requirement> = selected.iter().map(|s| s.requirement).collect();
    let index: std::collections::HashMap<&str, usize> = requirements
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let spec_order = crate::render::outline(catalog, &selected)
        .into_iter()
        .filter_map(|p| Some((*index.get(p.selected.requirement.id.as_str())?, p.reference)))
        .collect();
    let mut notices = Vec::new();
    let mut entries: Vec<Entry> = results
        .into_iter()
        .map(|(file, result)| {
            let name = match &result {
                Ok(r) => r.vendor_name(),
                Err(_) => file_name(&file),
            };
            Entry { file, name, result }
        })
        .collect();
    for e in &entries {
        if let Ok(r) = &e.result {
            notices.extend(
                r.notices
                    .iter()
                    .map(|n| format!("{}: {n}", e.file.display())),
            );
        }
    }
    distinguish(&mut entries);
    // Every file was verified against the same catalog; its reports say why that one.
    let used = entries
        .iter()
        .find_map(|e| e.result.as_ref().ok())
        .map_or_else(
            || CatalogUsed::new(catalog, ChosenBy::Named),
            |r| r.catalog.clone(),
        );
    Comparison {
        catalog: used,
        requirements,
        spec_order,
        entries,
        notices,
    }
}

/// Files given more than once (the same file by another path too).
fn repeated_files(files: &[PathBuf]) -> Vec<String> {
    let key = |p: &PathBuf| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
    let keys: Vec<PathBuf> = files.iter().map(key).collect();
    let mut out = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        if let Some(first) = keys[..i].iter().position(|x| x == k) {
            out.push(format!(
                "同じファイルが 2 回指定されています（{} 番目「{}」と {} 番目「{}」）。比較表には両方の列がありますが、同じ回答です。",
                first + 1,
                files[first].display(),
                i + 1,
                files[i].display()
            ));
        }
    }
    out
}

/// One way to label an entry (the entry and its position).
type Label<'a> = dyn Fn(&Entry, usize) -> String + 'a;

/// Column labels that tell the files apart: the vendor's name, then with the round of
/// answers (the first and second answers of one vendor side by side), the file's
/// name, its folder, and at last a number, until no two are the same. Each round counts
/// the names once (linear: 100,000 files of one name took minutes when every entry
/// was compared with every other).
fn distinguish(entries: &mut [Entry]) {
    let base: Vec<String> = entries.iter().map(|e| e.name.clone()).collect();
    let ways: [&Label; 4] = [
        &|e, i| match &e.result {
            Ok(r) => format!("{}（第{}回）", base[i], r.round.number),
            Err(_) => base[i].clone(),
        },
        &|e, i| format!("{}（{}）", base[i], file_name(&e.file)),
        &|e, i| format!("{}（{}）", base[i], folder_and_name(&e.file)),
        &|_, i| format!("{}（{}）", base[i], i + 1),
    ];
    for way in ways {
        let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for e in entries.iter() {
            *counts.entry(e.name.as_str()).or_default() += 1;
        }
        let clashing: Vec<usize> = (0..entries.len())
            .filter(|&i| counts.get(entries[i].name.as_str()).is_some_and(|&n| n > 1))
            .collect();
        if clashing.is_empty() {
            return;
        }
        for i in clashing {
            entries[i].name = way(&entries[i], i);
        }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// 「A社/回答.xlsx」: the file's name with its folder's.
fn folder_and_name(p: &Path) -> String {
    let folder = std::fs::canonicalize(p)
        .ok()
        .and_then(|c| {
            c.parent()
                .and_then(|d| d.file_name())
                .map(|d| d.to_string_lossy().into_owned())
        })
        .or_else(|| {
            p.parent()
                .and_then(|d| d.file_name())
                .map(|d| d.to_string_lossy().into_owned())
        });
    match folder {
        Some(f) => format!("{f}/{}", file_name(p)),
        None => file_name(p),
    }
}

/// The cell for one vendor and requirement.
fn cell(e: &Entry, i: usize) -> (String, &'static str) {
    match &e.result {
        Ok(r) => r
            .rows
            .get(i)
            .map(|row| judgement(r, row))
            .unwrap_or_else(|| ("－".into(), GRAY)),
        Err(_) => ("読込不可".into(), GRAY),
    }
}

pub(crate) fn markdown(c: &Comparison<'_>, profile: &Profile) -> String {
    let mut out = format!(
        "# 回答の比較（{}）\n\n- カタログ: {}\n\n",
        md_cell(&profile.system_name),
        md_cell(&c.catalog.line())
    );
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
                r.verdict_label(),
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
            md_cell(&file_name(&e.file)),
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
    if !c.notices.is_empty() {
        out.push_str("\n注意:\n\n");
        for n in &c.notices {
            out.push_str(&format!("- {}\n", md_cell(n)));
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
    catalog: &'a CatalogUsed,
    vendors: Vec<JsonVendor<'a>>,
    requirements: Vec<JsonRequirement<'a>>,
}

pub(crate) fn json(c: &Comparison<'_>) -> String {
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
        catalog: &c.catalog,
        vendors,
        requirements,
    })
    .map(|s| s + "\n")
    .unwrap_or_default()
}

pub(crate) fn workbook(c: &Comparison<'_>, profile: &Profile) -> Result<Vec<u8>> {
    let fail =
        |e: rust_xlsxwriter::XlsxError| Error::Internal(format!("比較表を作成できません（{e}）"));
    let mut wb = new_workbook(&format!("{} 回答の比較", profile.system_name))?;
    build(&mut wb, c, profile).map_err(fail)?;
    wb.save_to_buffer().map_err(fail)
}

fn build(
    wb: &mut rust_xlsxwriter::Workbook,
    c: &Comparison<'_>,
    profile: &Profile,
) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let f = style::cell();
    let number = f
        .clone()
        .set_num_format("#,##0")
        .set_align(rust_xlsxwriter::FormatAlign::Right);
    let system = format!(
        "{}（{}） 回答の比較",
        profile.system_name, profile.organization
    );
    let files: Vec<String> = c.entries.iter().map(|e| file_name(&e.file)).collect();
    let files = files.join("、");
    let page = Page {
        system,
        files,
        cell: f,
        number,
    };
    // 集計 first: it is what is filed and read first.
    summary_sheet(wb.add_worksheet(), c, &page)?;
    matrix_sheet(wb.add_worksheet(), c, &page)
}

/// What both sheets share: the page header texts and the cell formats.
struct Page {
    system: String,
    files: String,
    cell: rust_xlsxwriter::Format,
    number: rust_xlsxwriter::Format,
}

type XlsxResult = std::result::Result<(), rust_xlsxwriter::XlsxError>;

/// 比較: one row per requirement in the 調達仕様書's order, one column per vendor.
fn matrix_sheet(ws: &mut rust_xlsxwriter::Worksheet, c: &Comparison<'_>, p: &Page) -> XlsxResult {
    const VENDOR: f64 = 16.0;
    let mut headers: Vec<(&str, f64)> = vec![
        ("仕様書項番", 14.0),
        ("要件ID", 9.0),
        ("区分", 5.0),
        ("表題", 30.0),
    ];
    headers.extend(c.entries.iter().map(|e| (e.name.as_str(), VENDOR)));
    table(ws, "比較", &headers, 0, c.requirements.len())?;
    // Rows in the order of the 調達仕様書, with its item numbers.
    for (row, (i, spec_ref)) in c.spec_order.iter().enumerate() {
        let Some(r) = c.requirements.get(*i) else {
            continue;
        };
        let i = *i;
        let row = row as u32 + 1;
        ws.write_with_format(row, 0, spec_ref.as_str(), &p.cell)?;
        ws.write_with_format(row, 1, r.id.as_str(), &p.cell)?;
        ws.write_with_format(row, 2, r.level.label(), &p.cell)?;
        ws.write_with_format(row, 3, r.title.as_str(), &p.cell)?;
        let mut cells: Vec<(String, f64)> = vec![(r.title.clone(), 30.0)];
        for (j, e) in c.entries.iter().enumerate() {
            let (text, color) = cell(e, i);
            ws.write_with_format(row, 4 + j as u16, text.as_str(), &filled(color))?;
            cells.push((text, VENDOR));
        }
        let cells: Vec<(&str, f64)> = cells.iter().map(|(t, w)| (t.as_str(), *w)).collect();
        fit_row(ws, row, &cells)?;
    }
    print_setup(ws, &p.system, &p.files);
    Ok(())
}

/// 集計: each vendor's verdict and counts, and why a file could not be read.
fn summary_sheet(ws: &mut rust_xlsxwriter::Worksheet, c: &Comparison<'_>, p: &Page) -> XlsxResult {
    let mut headers = vec![("事業者", 22.0), ("ファイル", 24.0), ("判定", 8.0)];
    // The summary's counts, without the number of requirements (the same for all).
    headers.extend(
        Summary::default()
            .counts()
            .iter()
            .skip(1)
            .map(|(label, _)| {
                let width = if label.chars().count() > 4 { 10.0 } else { 6.0 };
                (*label, width)
            }),
    );
    headers.push(("読み込めなかった理由", 40.0));
    table(ws, "集計", &headers, 0, c.entries.len())?;
    for (i, e) in c.entries.iter().enumerate() {
        let row = i as u32 + 1;
        let file = file_name(&e.file);
        ws.write_with_format(row, 0, cell_text(&e.name).as_ref(), &p.cell)?;
        ws.write_with_format(row, 1, file.as_str(), &p.cell)?;
        let mut cells = vec![(e.name.as_str(), 22.0), (file.as_str(), 24.0)];
        match &e.result {
            Ok(r) => {
                let s = &r.summary;
                let colour = if r.passed() { GREEN } else { RED };
                ws.write_with_format(row, 2, r.verdict_label(), &filled(colour))?;
                for (k, (_, n)) in s.counts().iter().skip(1).enumerate() {
                    ws.write_with_format(row, 3 + k as u16, *n as f64, &p.number)?;
                }
            }
            Err(msg) => {
                ws.write_with_format(row, 2, "読込不可", &filled(RED))?;
                ws.write_with_format(row, 10, cell_text(msg).as_ref(), &p.cell)?;
                cells.push((msg.as_str(), 40.0));
            }
        }
        fit_row(ws, row, &cells)?;
    }
    // Below the table: the catalog every file was verified against.
    let row = c.entries.len() as u32 + 2;
    let line = format!("カタログ: {}", c.catalog.line());
    ws.merge_range(row, 0, row, 10, &line, &p.cell)?;
    fit_row(ws, row, &[(line.as_str(), 150.0)])?;
    print_setup(ws, &p.system, &p.files);
    ws.set_print_fit_to_pages(1, 1);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(file: &str) -> Entry {
        Entry {
            file: PathBuf::from(file),
            name: "A社".into(),
            result: Err("読込不可".into()),
        }
    }

    #[test]
    fn labels_tell_files_apart_file_name_first_then_number() {
        let mut entries = vec![entry("x/a.xlsx"), entry("y/b.xlsx"), entry("z/b.xlsx")];
        distinguish(&mut entries);
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names[0], "A社（a.xlsx）");
        assert_eq!(names[1], "A社（y/b.xlsx）");
        assert_eq!(names[2], "A社（z/b.xlsx）");
    }

    #[test]
    fn many_files_of_one_name_are_labelled_in_linear_time() {
        // Regression: 100,000 uploads of one name kept the server busy for minutes.
        let mut entries: Vec<Entry> = (0..50_000).map(|_| entry("回答.xlsx")).collect();
        distinguish(&mut entries);
        let distinct: std::collections::HashSet<&str> =
            entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(distinct.len(), entries.len());
    }
}
