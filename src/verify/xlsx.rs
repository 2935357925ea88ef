//! Reports as workbooks: the verification result of one vendor (集計, 判定, 指摘事項)
//! and the comparison of several. Deterministic bytes, A4 landscape print.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::{FindingKind, Report, RowResult, Severity};
use crate::catalog::{AnswerKind, Catalog, Requirement};
use crate::error::{Error, Result};
use crate::profile::Profile;
use crate::select::select;

const FONT: &str = "游ゴシック";
pub const GREEN: &str = "#E2EFDA";
pub const YELLOW: &str = "#FFF2CC";
pub const RED: &str = "#F8CBAD";
pub const GRAY: &str = "#EDEDED";
const HEADER_FILL: &str = "#D9E1F2";

fn xlsx_error(e: XlsxError) -> Error {
    Error::Usage(format!("結果のブックを作成できません: {e}"))
}

/// A workbook with fixed properties, so two runs give the same bytes.
pub fn new_workbook(title: &str) -> Result<Workbook> {
    let mut wb = Workbook::new();
    let date = ExcelDateTime::from_ymd(2000, 1, 1).map_err(xlsx_error)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("kijun")
            .set_creation_datetime(&date),
    );
    Ok(wb)
}

pub fn cell_format() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(10.0)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
}

pub fn filled(color: &str) -> Format {
    cell_format().set_background_color(color)
}

/// A table: bold header row, column widths, autofilter, frozen header, A4 landscape.
pub fn table(
    ws: &mut Worksheet,
    name: &str,
    headers: &[(&str, f64)],
    first_row: u32,
    rows: usize,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let head = cell_format()
        .set_bold()
        .set_background_color(HEADER_FILL)
        .set_align(FormatAlign::Center);
    for (c, (h, w)) in headers.iter().enumerate() {
        ws.write_with_format(first_row, c as u16, *h, &head)?;
        ws.set_column_width(c as u16, *w)?;
    }
    let last = first_row + rows as u32;
    ws.autofilter(first_row, 0, last, headers.len() as u16 - 1)?;
    ws.set_freeze_panes(first_row + 1, 0)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(first_row, first_row)?;
    ws.set_footer("&R&8&P / &N ページ");
    Ok(())
}

/// What the reviewer reads in the 判定 column, and its colour.
pub fn judgement(row: &RowResult) -> (String, &'static str) {
    let flagged_error = row
        .flags
        .iter()
        .any(|k| !matches!(k, FindingKind::Partial | FindingKind::UnknownRow));
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
    let color = if flagged_error {
        RED
    } else if row.answer == Some(AnswerKind::Partial)
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
pub fn verify_workbook(catalog: &Catalog, profile: &Profile, report: &Report) -> Result<Vec<u8>> {
    let expected: Vec<&Requirement> = select(catalog, profile)
        .into_iter()
        .map(|s| s.requirement)
        .collect();
    let mut wb = new_workbook(&format!("{} 回答の検証結果", profile.system_name))?;
    build(&mut wb, profile, report, &expected).map_err(xlsx_error)?;
    wb.save_to_buffer().map_err(xlsx_error)
}

fn build(
    wb: &mut Workbook,
    profile: &Profile,
    report: &Report,
    expected: &[&Requirement],
) -> Result<(), XlsxError> {
    let f = cell_format();
    let bold = f.clone().set_bold();
    // 集計
    let ws = wb.add_worksheet();
    ws.set_name("集計")?;
    ws.set_column_width(0, 26.0)?;
    ws.set_column_width(1, 70.0)?;
    let s = &report.summary;
    let verdict = if report.passed() {
        "合格"
    } else {
        "不合格"
    };
    let lines: Vec<(&str, String)> = vec![
        (
            "システム",
            format!("{}（{}）", profile.system_name, profile.organization),
        ),
        ("回答ファイル", report.file.clone()),
        (
            "形式・シート",
            format!(
                "{}、シート「{}」、見出し {} 行目",
                report.format, report.sheet, report.header_row
            ),
        ),
        (
            "事業者名",
            report
                .vendor
                .clone()
                .unwrap_or_else(|| "（記入なし）".into()),
        ),
        (
            "判定",
            format!(
                "{verdict}（エラー {} 件、警告 {} 件）",
                s.errors, s.warnings
            ),
        ),
        ("要件数", s.required.to_string()),
        ("対応", s.compliant.to_string()),
        ("一部対応", s.partial.to_string()),
        ("非対応", s.noncompliant.to_string()),
        ("該当なし", s.not_applicable.to_string()),
        ("回答なし・判読不能", s.missing.to_string()),
    ];
    for (r, (k, v)) in lines.iter().enumerate() {
        ws.write_with_format(r as u32, 0, *k, &bold)?;
        let fmt = if *k == "判定" {
            filled(if report.passed() { GREEN } else { RED })
        } else {
            f.clone()
        };
        ws.write_with_format(r as u32, 1, v.as_str(), &fmt)?;
    }
    ws.set_paper_size(9);

    // 判定: one row per required requirement, with what the vendor wrote.
    let ws = wb.add_worksheet();
    let headers = [
        ("要件ID", 10.0),
        ("分類", 14.0),
        ("区分", 6.0),
        ("表題", 30.0),
        ("行", 6.0),
        ("回答（記入内容）", 12.0),
        ("判定", 20.0),
        ("対応内容・実現方法", 40.0),
        ("証跡・根拠資料", 24.0),
    ];
    table(ws, "判定", &headers, 0, report.rows.len())?;
    for (i, (row, req)) in report.rows.iter().zip(expected).enumerate() {
        let r = i as u32 + 1;
        let (judged, color) = judgement(row);
        ws.write_with_format(r, 0, req.id.as_str(), &f)?;
        ws.write_with_format(r, 1, req.area.as_str(), &f)?;
        ws.write_with_format(r, 2, req.level.label(), &f)?;
        ws.write_with_format(r, 3, req.title.as_str(), &f)?;
        match row.row {
            Some(n) => ws.write_with_format(r, 4, n as f64, &f)?,
            None => ws.write_with_format(r, 4, "－", &f)?,
        };
        ws.write_with_format(r, 5, row.raw_answer.as_str(), &f)?;
        ws.write_with_format(r, 6, judged.as_str(), &filled(color))?;
        ws.write_with_format(r, 7, row.explanation.as_str(), &f)?;
        ws.write_with_format(r, 8, row.evidence.as_str(), &f)?;
    }

    // 指摘事項
    let ws = wb.add_worksheet();
    let headers = [
        ("重要度", 8.0),
        ("種類", 14.0),
        ("要件ID", 10.0),
        ("シート", 12.0),
        ("行", 6.0),
        ("列", 5.0),
        ("内容", 90.0),
    ];
    table(ws, "指摘事項", &headers, 0, report.findings.len())?;
    for (i, x) in report.findings.iter().enumerate() {
        let r = i as u32 + 1;
        let sev = filled(if x.severity == Severity::Error {
            RED
        } else {
            YELLOW
        });
        ws.write_with_format(r, 0, x.severity.label(), &sev)?;
        ws.write_with_format(r, 1, x.kind.label(), &f)?;
        ws.write_with_format(r, 2, x.requirement.as_deref().unwrap_or("－"), &f)?;
        ws.write_with_format(r, 3, x.sheet.as_deref().unwrap_or("－"), &f)?;
        match x.row {
            Some(n) => ws.write_with_format(r, 4, n as f64, &f)?,
            None => ws.write_with_format(r, 4, "－", &f)?,
        };
        ws.write_with_format(r, 5, x.column.as_deref().unwrap_or("－"), &f)?;
        ws.write_with_format(r, 6, x.message.as_str(), &f)?;
    }
    Ok(())
}
