//! Reports as workbooks: the verification result of one vendor (集計, 判定, 指摘事項)
//! and the comparison of several. Deterministic bytes, A4 landscape print.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::{FindingKind, Report, RowResult, Severity};
use crate::catalog::{AnswerKind, Catalog, Requirement};
use crate::error::{Error, Result};
use crate::profile::Profile;
use crate::select::select;
use crate::xlsx_style::{
    cell, cell_text, header, lines_needed, properties, row_height, FONT, GRAY, GREEN, RED, YELLOW,
};

fn xlsx_error(e: XlsxError) -> Error {
    Error::Internal(format!("結果のブックを作成できません（{e}）"))
}

/// A workbook with fixed properties, so two runs give the same bytes.
pub(crate) fn new_workbook(title: &str) -> Result<Workbook> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties(title).map_err(xlsx_error)?);
    Ok(wb)
}

pub(crate) fn filled(color: &str) -> Format {
    cell().set_background_color(color)
}

/// `&` starts a code in Excel headers and footers.
fn escape_header(s: &str) -> String {
    s.replace('&', "&&")
}

/// A4 landscape, margins for a header and footer: `left` (the system) and `right`
/// (the vendor or file) at the top of every page, the page number at the bottom.
pub(crate) fn print_setup(ws: &mut Worksheet, left: &str, right: &str) {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_margins(0.4, 0.4, 0.7, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_header(format!(
        "&L&8{}&R&8{}",
        escape_header(left),
        escape_header(right)
    ));
    ws.set_footer("&C&8&P / &N ページ");
}

/// A table: bold header row repeated on every printed page, column widths, autofilter,
/// frozen header, one page wide.
pub(crate) fn table(
    ws: &mut Worksheet,
    name: &str,
    headers: &[(&str, f64)],
    first_row: u32,
    rows: usize,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let head = header();
    for (c, (h, w)) in headers.iter().enumerate() {
        ws.write_with_format(first_row, c as u16, cell_text(h).as_ref(), &head)?;
        ws.set_column_width(c as u16, *w)?;
    }
    let lines = headers
        .iter()
        .map(|(h, w)| lines_needed(h, *w))
        .fold(1.0, f64::max);
    ws.set_row_height(first_row, row_height(lines))?;
    let last = first_row + rows as u32;
    ws.autofilter(first_row, 0, last, headers.len() as u16 - 1)?;
    ws.set_freeze_panes(first_row + 1, 0)?;
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(first_row, first_row)?;
    Ok(())
}

/// The height of a row of wrapped cells: enough lines for its longest text.
pub(crate) fn fit_row(
    ws: &mut Worksheet,
    row: u32,
    cells: &[(&str, f64)],
) -> Result<(), XlsxError> {
    let lines = cells
        .iter()
        .map(|(t, w)| lines_needed(t, *w))
        .fold(1.0, f64::max);
    ws.set_row_height(row, row_height(lines))?;
    Ok(())
}

/// What the reviewer reads in the 判定 column, and its colour: red for a row with an
/// error, yellow for one with only warnings (an explained partial answer, a wording that
/// differs only by a catalog update) or answered 該当なし, green for a clean 対応.
/// The colour follows the findings' severity, as the verdict does, not their kind.
pub(crate) fn judgement(report: &Report, row: &RowResult) -> (String, &'static str) {
    let raised = |severity| {
        report
            .findings
            .iter()
            .any(|f| f.requirement.as_deref() == Some(row.id.as_str()) && f.severity == severity)
    };
    let base = match (row.row, row.answer) {
        (None, _) => "行なし".to_string(),
        (Some(_), None) if row.flags.contains(&FindingKind::InvalidAnswer) => {
            "判読不能".to_string()
        }
        (Some(_), None) => "未回答".to_string(),
        (Some(_), Some(k)) => k.label().to_string(),
    };
    let notes: Vec<&str> = row
        .flags
        .iter()
        .filter(|k| {
            !matches!(
                k,
                FindingKind::Noncompliant
                    | FindingKind::Partial
                    | FindingKind::MissingAnswer
                    | FindingKind::InvalidAnswer
                    | FindingKind::MissingRow
            )
        })
        .map(|k| k.label())
        .collect();
    let text = if notes.is_empty() {
        base
    } else {
        format!("{base}（{}）", notes.join("・"))
    };
    let color = if raised(Severity::Error) {
        RED
    } else if raised(Severity::Warning)
        || row.answer == Some(AnswerKind::Partial)
        || row.answer == Some(AnswerKind::NotApplicable)
    {
        YELLOW
    } else if row.answer == Some(AnswerKind::Compliant) {
        GREEN
    } else {
        GRAY
    };
    (text, color)
}

/// The verification report of one vendor as a workbook.
pub(crate) fn verify_workbook(
    catalog: &Catalog,
    profile: &Profile,
    report: &Report,
) -> Result<Vec<u8>> {
    let selected = select(catalog, profile);
    // The report's rows are in catalog order; print them in the 調達仕様書's order,
    // with its item numbers, as the response workbook shows them.
    let spec_ref: std::collections::HashMap<&str, (usize, String)> =
        crate::render::outline(catalog, &selected)
            .into_iter()
            .enumerate()
            .map(|(i, p)| (p.selected.requirement.id.as_str(), (i, p.reference)))
            .collect();
    let mut rows: Vec<(&RowResult, &Requirement, &str)> = report
        .rows
        .iter()
        .zip(selected.iter().map(|s| s.requirement))
        .map(|(row, req)| {
            let r = spec_ref
                .get(req.id.as_str())
                .map_or("", |(_, r)| r.as_str());
            (row, req, r)
        })
        .collect();
    rows.sort_by_key(|(_, req, _)| {
        spec_ref
            .get(req.id.as_str())
            .map_or(usize::MAX, |(i, _)| *i)
    });
    let mut wb = new_workbook(&format!("{} 回答の検証結果", profile.system_name))?;
    build(&mut wb, profile, report, &rows).map_err(xlsx_error)?;
    wb.save_to_buffer().map_err(xlsx_error)
}

/// The file's name without its folders, as the reviewer knows it.
pub(crate) fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// What every sheet of the report shares: the page header texts and the cell formats.
struct Page<'a> {
    profile: &'a Profile,
    report: &'a Report,
    /// 「システム名（組織） 回答の検証結果」, top left of every printed page.
    system: String,
    /// The vendor and the file, top right.
    vendor: String,
    file: String,
    cell: Format,
    number: Format,
}

fn build(
    wb: &mut Workbook,
    profile: &Profile,
    report: &Report,
    rows: &[(&RowResult, &Requirement, &str)],
) -> Result<(), XlsxError> {
    let f = cell();
    let number = f
        .clone()
        .set_num_format("#,##0")
        .set_align(FormatAlign::Right);
    let file = file_name(&report.file);
    let page = Page {
        profile,
        report,
        system: format!(
            "{}（{}） 回答の検証結果",
            profile.system_name, profile.organization
        ),
        vendor: match &report.vendor {
            Some(v) => format!("{v}　{file}"),
            None => file.clone(),
        },
        file,
        cell: f,
        number,
    };
    summary_sheet(wb.add_worksheet(), &page)?;
    judgement_sheet(wb.add_worksheet(), &page, rows)?;
    findings_sheet(wb.add_worksheet(), &page)
}

/// 集計: labels and values side by side, on one page.
fn summary_sheet(ws: &mut Worksheet, p: &Page<'_>) -> Result<(), XlsxError> {
    let bold = p.cell.clone().set_bold();
    ws.set_name("集計")?;
    const LABEL: f64 = 24.0;
    const VALUE: f64 = 72.0;
    ws.set_column_width(0, LABEL)?;
    ws.set_column_width(1, VALUE)?;
    let title = Format::new()
        .set_font_name(FONT)
        .set_font_size(14.0)
        .set_bold();
    ws.merge_range(0, 0, 0, 1, &p.system, &title)?;
    ws.set_row_height(0, 24.0)?;
    let s = &p.report.summary;
    let verdict = p.report.verdict_label();
    enum V {
        Text(String),
        Number(usize),
    }
    let mut lines: Vec<(&str, V)> = vec![
        (
            "システム",
            V::Text(format!(
                "{}（{}）",
                p.profile.system_name, p.profile.organization
            )),
        ),
        (
            "事業者名",
            V::Text(
                p.report
                    .vendor
                    .clone()
                    .unwrap_or_else(|| "（記入なし）".into()),
            ),
        ),
        ("回答ファイル", V::Text(p.file.clone())),
        (
            "形式・シート",
            V::Text(format!(
                "{}、シート「{}」、見出し {} 行目",
                p.report.format, p.report.sheet, p.report.header_row
            )),
        ),
        ("カタログ", V::Text(p.report.catalog.line())),
        ("判定", V::Text(verdict.to_string())),
        ("エラー（件）", V::Number(s.errors)),
        ("警告（件）", V::Number(s.warnings)),
        ("要件数", V::Number(s.required)),
    ];
    // The answer counts as every p.report names them (errors and warnings are above).
    lines.extend(
        s.counts()[1..6]
            .iter()
            .map(|(label, n)| (*label, V::Number(*n))),
    );
    for (i, (k, v)) in lines.iter().enumerate() {
        let r = i as u32 + 2;
        ws.write_with_format(r, 0, *k, &bold)?;
        match v {
            V::Text(t) => {
                let fmt = if *k == "判定" {
                    filled(if p.report.passed() { GREEN } else { RED }).set_bold()
                } else {
                    p.cell.clone()
                };
                ws.write_with_format(r, 1, cell_text(t).as_ref(), &fmt)?;
                fit_row(ws, r, &[(k, LABEL), (t.as_str(), VALUE)])?;
            }
            V::Number(n) => {
                ws.write_with_format(r, 1, *n as f64, &p.number)?;
                fit_row(ws, r, &[(k, LABEL)])?;
            }
        }
    }
    print_setup(ws, &p.system, &p.vendor);
    ws.set_print_fit_to_pages(1, 1);
    ws.set_print_area(0, 0, lines.len() as u32 + 1, 1)?;
    Ok(())
}

/// 判定: one row per required requirement, with what the vendor wrote.
fn judgement_sheet(
    ws: &mut Worksheet,
    p: &Page<'_>,
    rows: &[(&RowResult, &Requirement, &str)],
) -> Result<(), XlsxError> {
    let headers = [
        ("仕様書項番", 8.0),
        ("要件ID", 9.0),
        ("分類", 12.0),
        ("区分", 5.0),
        ("表題", 26.0),
        ("行", 5.0),
        ("回答（記入内容）", 16.0),
        ("判定", 16.0),
        ("対応内容・実現方法", 36.0),
        ("証跡・根拠資料", 22.0),
    ];
    table(ws, "判定", &headers, 0, rows.len())?;
    for (i, (row, req, spec_ref)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let (judged, color) = judgement(p.report, row);
        ws.write_with_format(r, 0, *spec_ref, &p.cell)?;
        ws.write_with_format(r, 1, req.id.as_str(), &p.cell)?;
        ws.write_with_format(r, 2, req.area.as_str(), &p.cell)?;
        ws.write_with_format(r, 3, req.level.label(), &p.cell)?;
        ws.write_with_format(r, 4, req.title.as_str(), &p.cell)?;
        match row.row {
            Some(n) => ws.write_with_format(r, 5, n as f64, &p.number)?,
            None => ws.write_with_format(r, 5, "－", &p.cell)?,
        };
        ws.write_with_format(r, 6, cell_text(&row.raw_answer).as_ref(), &p.cell)?;
        ws.write_with_format(r, 7, judged.as_str(), &filled(color))?;
        ws.write_with_format(r, 8, cell_text(&row.explanation).as_ref(), &p.cell)?;
        ws.write_with_format(r, 9, cell_text(&row.evidence).as_ref(), &p.cell)?;
        let texts = [
            req.area.as_str(),
            req.title.as_str(),
            row.raw_answer.as_str(),
            judged.as_str(),
            row.explanation.as_str(),
            row.evidence.as_str(),
        ];
        let cells: Vec<(&str, f64)> = texts
            .iter()
            .zip([2, 4, 6, 7, 8, 9])
            .map(|(t, c)| (*t, headers[c].1))
            .collect();
        fit_row(ws, r, &cells)?;
    }
    print_setup(ws, &p.system, &p.vendor);

    Ok(())
}

/// 指摘事項: every finding with its place.
fn findings_sheet(ws: &mut Worksheet, p: &Page<'_>) -> Result<(), XlsxError> {
    let headers = [
        ("重大度", 7.0),
        ("種類", 14.0),
        ("要件ID", 9.0),
        ("シート", 12.0),
        ("行", 5.0),
        ("列", 4.0),
        ("内容", 92.0),
    ];
    table(ws, "指摘事項", &headers, 0, p.report.findings.len())?;
    for (i, x) in p.report.findings.iter().enumerate() {
        let r = i as u32 + 1;
        let sev = filled(if x.severity == Severity::Error {
            RED
        } else {
            YELLOW
        });
        ws.write_with_format(r, 0, x.severity.label(), &sev)?;
        ws.write_with_format(r, 1, x.kind.label(), &p.cell)?;
        ws.write_with_format(r, 2, x.requirement.as_deref().unwrap_or("－"), &p.cell)?;
        let sheet = x.sheet.as_deref().unwrap_or("－");
        ws.write_with_format(r, 3, sheet, &p.cell)?;
        match x.row {
            Some(n) => ws.write_with_format(r, 4, n as f64, &p.number)?,
            None => ws.write_with_format(r, 4, "－", &p.cell)?,
        };
        ws.write_with_format(r, 5, x.column.as_deref().unwrap_or("－"), &p.cell)?;
        ws.write_with_format(r, 6, cell_text(&x.message).as_ref(), &p.cell)?;
        fit_row(
            ws,
            r,
            &[
                (x.kind.label(), 14.0),
                (sheet, 12.0),
                (x.message.as_str(), 92.0),
            ],
        )?;
    }
    print_setup(ws, &p.system, &p.vendor);
    Ok(())
}
