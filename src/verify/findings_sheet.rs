//! The 指摘事項 sheet of the verification report, the reviewer's working sheet: every
//! finding with its place, then the columns she fills: 判断 (from a list), 照会事項
//! (prefilled with what to ask the vendor) and 確認者コメント. `kijun review` reads them
//! back by their headings, wherever Excel or LibreOffice has moved them.

use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Worksheet, XlsxError};

use super::page::{filled, fit_row, print_setup, table, Page};
use super::question::question;
use super::{Finding, Severity};
use crate::sheet::form::round::Decision;
use crate::xlsx_style::{cell_text, INPUT_FILL, RED, YELLOW};

/// The headings `kijun review` finds the reviewer's columns by.
pub(crate) mod heading {
    pub(crate) const NUMBER: &str = "No.";
    pub(crate) const DECISION: &str = "判断";
    pub(crate) const QUESTION: &str = "照会事項";
    pub(crate) const COMMENT: &str = "確認者コメント";
}

/// Where a finding is about several requirements: the first and how many more.
pub(crate) fn requirement_text(f: &Finding) -> String {
    match (&f.requirement, f.requirements.as_slice()) {
        (Some(id), _) => id.clone(),
        (None, [first, rest @ ..]) if !rest.is_empty() => {
            format!("{first} ほか {} 件", rest.len())
        }
        (None, [only]) => only.clone(),
        _ => "－".into(),
    }
}

/// 指摘事項: every finding with its place and the reviewer's columns.
pub(crate) fn findings_sheet(ws: &mut Worksheet, p: &Page<'_>) -> Result<(), XlsxError> {
    let headers = [
        (heading::NUMBER, 4.0),
        (Severity::HEADING, 6.0),
        ("種類", 12.0),
        ("要件ID", 9.0),
        ("シート", 10.0),
        ("行", 5.0),
        ("列", 4.0),
        ("内容", 46.0),
        (heading::DECISION, 10.0),
        (heading::QUESTION, 40.0),
        (heading::COMMENT, 18.0),
    ];
    let findings = &p.report.findings;
    table(ws, "指摘事項", &headers, 0, findings.len())?;
    let input = filled(INPUT_FILL);
    for (i, x) in findings.iter().enumerate() {
        let r = i as u32 + 1;
        let sev = filled(if x.severity == Severity::Error {
            RED
        } else {
            YELLOW
        });
        let asked = question(x, p.catalog);
        let who = requirement_text(x);
        ws.write_with_format(r, 0, (i + 1) as f64, &p.number)?;
        ws.write_with_format(r, 1, x.severity.label(), &sev)?;
        ws.write_with_format(r, 2, x.kind.label(), &p.cell)?;
        ws.write_with_format(r, 3, who.as_str(), &p.cell)?;
        let sheet = x.sheet.as_deref().unwrap_or("－");
        ws.write_with_format(r, 4, sheet, &p.cell)?;
        match x.row {
            Some(n) => ws.write_with_format(r, 5, n as f64, &p.number)?,
            None => ws.write_with_format(r, 5, "－", &p.cell)?,
        };
        ws.write_with_format(r, 6, x.column.as_deref().unwrap_or("－"), &p.cell)?;
        ws.write_with_format(r, 7, cell_text(&x.message).as_ref(), &p.cell)?;
        ws.write_blank(r, 8, &input)?;
        ws.write_with_format(r, 9, asked.as_str(), &input)?;
        ws.write_blank(r, 10, &input)?;
        fit_row(
            ws,
            r,
            &[
                (x.kind.label(), 12.0),
                (who.as_str(), 9.0),
                (sheet, 10.0),
                (x.message.as_str(), 46.0),
                (asked.as_str(), 40.0),
            ],
        )?;
    }
    if !findings.is_empty() {
        let labels: Vec<&str> = Decision::ALL.iter().map(|d| d.label()).collect();
        let list = DataValidation::new()
            .allow_list_strings(&labels)?
            .set_input_title(heading::DECISION)?
            .set_input_message(format!(
                "{} から選んでください。差戻し・要確認は照会事項が照会書に載り、次の回答様式でその行が回答できるようになります。",
                labels.join("／")
            ))?
            .set_error_title(heading::DECISION)?
            .set_error_message(format!("{} のいずれかを選んでください。", labels.join("・")))?
            .set_error_style(DataValidationErrorStyle::Stop);
        ws.add_data_validation(1, 8, findings.len() as u32, 8, &list)?;
    }
    print_setup(ws, &p.system, &p.vendor);
    Ok(())
}
