//! The verification report of one vendor as a workbook: 集計, 判定, 指摘事項, 前回との
//! 比較 (with `--previous`) and the hidden record `kijun review` reads; and the
//! judgement of a row, which the comparison and the browser show too. Deterministic
//! bytes, A4 landscape print.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::findings_sheet::findings_sheet;
use super::page::{filled, fit_row, new_workbook, print_setup, table, xlsx_error, Page};
use super::rounds_sheet::rounds_sheet;
use super::summary_sheet::summary_sheet;
use super::{record, FindingKind, Report, RowResult, Severity};
use crate::catalog::{AnswerKind, Catalog, Requirement};
use crate::date::Date;
use crate::error::Result;
use crate::profile::Profile;
use crate::select::select;
use crate::xlsx_style::{cell_text, GRAY, GREEN, RED, YELLOW};

/// What the reviewer reads in the 判定 column, and its colour: red for a row with an
/// error, yellow for one with only warnings (an explained partial answer, a wording that
/// differs only by a catalog update) or answered 該当なし, green for a clean 対応.
/// The colour follows the findings' severity, as the verdict does, not their kind.
pub(crate) fn judgement(report: &Report, row: &RowResult) -> (String, &'static str) {
    let raised = |severity| {
        report
            .findings
            .iter()
            .any(|f| f.concerns(&row.id) && f.severity == severity)
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

/// The verification report of one vendor as a workbook; `date` fills its 検証日.
pub(crate) fn verify_workbook(
    catalog: &Catalog,
    profile: &Profile,
    report: &Report,
    date: Option<Date>,
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
    let page = Page::new(catalog, profile, report, date);
    build(&mut wb, &page, &rows).map_err(xlsx_error)?;
    wb.save_to_buffer().map_err(xlsx_error)
}

fn build(
    wb: &mut Workbook,
    page: &Page<'_>,
    rows: &[(&RowResult, &Requirement, &str)],
) -> Result<(), XlsxError> {
    summary_sheet(wb.add_worksheet(), page)?;
    judgement_sheet(wb.add_worksheet(), page, rows)?;
    findings_sheet(wb.add_worksheet(), page)?;
    if let Some(c) = &page.report.previous {
        rounds_sheet(wb.add_worksheet(), page, c)?;
    }
    record::write(wb.add_worksheet(), page.catalog, page.profile, page.report)
}

/// 判定: one row per required requirement, with what the vendor wrote.
fn judgement_sheet(
    ws: &mut Worksheet,
    p: &Page<'_>,
    rows: &[(&RowResult, &Requirement, &str)],
) -> Result<(), XlsxError> {
    let headers = [
        ("仕様書項番", 14.0),
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
