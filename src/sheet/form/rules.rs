//! The rules of the 回答 sheet that Excel enforces while the vendor types: the answer
//! list of each row (from its answer policy, with the message saying what the policy
//! asks), and the colours of cells still to be completed.

use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DataValidation, DataValidationErrorStyle, Format, Worksheet,
    XlsxError,
};

use super::layout::{allowed_answers, Column};
use crate::a1::{column_letter, row_runs};
use crate::catalog::{AnswerKind, Requirement};
use crate::xlsx_style::{ORANGE, RED};

/// `G5:G9 G12:G12` for the rows (0-based) in `rows` of one column.
pub(crate) fn multi_range(col: Column, rows: &[u32]) -> String {
    let letter = column_letter(col.index().into());
    let parts: Vec<String> = row_runs(rows)
        .into_iter()
        .map(|(start, end)| format!("{letter}{}:{letter}{}", start + 1, end + 1))
        .collect();
    parts.join(" ")
}

/// Rows (0-based) of the requirements for which `pick` holds.
pub(crate) fn rows_where(
    reqs: &[&Requirement],
    first: u32,
    pick: impl Fn(&Requirement) -> bool,
) -> Vec<u32> {
    reqs.iter()
        .enumerate()
        .filter(|(_, r)| pick(r))
        .map(|(i, _)| first + i as u32)
        .collect()
}

pub(crate) fn validations(
    ws: &mut Worksheet,
    reqs: &[&Requirement],
    first: u32,
) -> Result<(), XlsxError> {
    // One validation per answer policy: the input message says what that policy asks.
    let mut policies: Vec<&crate::catalog::AnswerPolicy> = Vec::new();
    for r in reqs {
        if !policies.contains(&&r.answers) {
            policies.push(&r.answers);
        }
    }
    for policy in policies {
        let rows = rows_where(reqs, first, |r| &r.answers == policy);
        let Some(&top) = rows.first() else { continue };
        let kinds = allowed_answers(reqs[(top - first) as usize]);
        let labels: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
        let mut message = format!("{} から選んでください。", labels.join("／"));
        if !policy.na_allowed {
            message.push_str("この要件は「該当なし」と回答できません。");
        }
        let explained: Vec<&str> = policy.explained().iter().map(|k| k.label()).collect();
        if !explained.is_empty() {
            message.push_str(&format!(
                "{}の場合は対応内容・実現方法欄に必ず記載してください。",
                explained.join("・")
            ));
        }
        let dv = DataValidation::new()
            .allow_list_strings(&labels)?
            .set_input_title("回答")?
            .set_input_message(message)?
            .set_error_title("回答の選択")?
            .set_error_message(format!(
                "回答は {} のいずれかを一覧から選んでください。",
                labels.join("・")
            ))?
            .set_error_style(DataValidationErrorStyle::Stop)
            .set_multi_range(multi_range(Column::Answer, &rows));
        let col = Column::Answer.index();
        ws.add_data_validation(top, col, top, col, &dv)?;
    }
    Ok(())
}

/// Colour the cells of `col` in `rows` (0-based) when `rule` holds. The rule is written
/// for the first row, with `{r}` standing for its 1-based number; Excel shifts it per row.
fn highlight(
    ws: &mut Worksheet,
    col: Column,
    rows: &[u32],
    rule: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    let Some(&row) = rows.first() else {
        return Ok(());
    };
    let cf = ConditionalFormatFormula::new()
        .set_rule(rule.replace("{r}", &(row + 1).to_string()).as_str())
        .set_format(format)
        .set_multi_range(multi_range(col, rows));
    ws.add_conditional_format(row, col.index(), row, col.index(), &cf)?;
    Ok(())
}

pub(crate) fn highlights(
    ws: &mut Worksheet,
    reqs: &[&Requirement],
    first: u32,
    last: u32,
) -> Result<(), XlsxError> {
    let warn = Format::new().set_background_color(ORANGE);
    let alarm = Format::new()
        .set_background_color(RED)
        .set_font_color(Color::RGB(0x9C0006));
    let g = column_letter(Column::Answer.index().into());
    let h = column_letter(Column::Explanation.index().into());
    let ev = column_letter(Column::Evidence.index().into());
    let pg = column_letter(Column::Pages.index().into());
    let answer_is = |kinds: &[AnswerKind]| -> String {
        let ors: Vec<String> = kinds
            .iter()
            .map(|k| format!("${g}{{r}}=\"{}\"", k.label()))
            .collect();
        format!("OR({})", ors.join(","))
    };

    // Unanswered rows.
    let all: Vec<u32> = (first..=last).collect();
    highlight(
        ws,
        Column::Answer,
        &all,
        &format!("=LEN(TRIM(${g}{{r}}))=0"),
        &warn,
    )?;

    // Answers that need an explanation without one, grouped by each row's policy.
    let mut policies: Vec<Vec<AnswerKind>> = Vec::new();
    for r in reqs {
        let explained = r.answers.explained();
        if !explained.is_empty() && !policies.contains(&explained) {
            policies.push(explained);
        }
    }
    for policy in &policies {
        let rows = rows_where(reqs, first, |r| &r.answers.explained() == policy);
        let rule = format!("=AND({},LEN(TRIM(${h}{{r}}))=0)", answer_is(policy));
        highlight(ws, Column::Explanation, &rows, &rule, &alarm)?;
    }

    // Evidence asked for but not named (a page of the proposal counts).
    let rows = rows_where(reqs, first, |r| r.evidence.is_some());
    let rule = format!(
        "=AND({},LEN(TRIM(${ev}{{r}}))=0,LEN(TRIM(${pg}{{r}}))=0)",
        answer_is(&[AnswerKind::Compliant, AnswerKind::Partial])
    );
    highlight(ws, Column::Evidence, &rows, &rule, &alarm)?;

    // 該当なし pasted where it is refused.
    let rows = rows_where(reqs, first, |r| !r.answers.na_allowed);
    highlight(
        ws,
        Column::Answer,
        &rows,
        &format!("=${g}{{r}}=\"{}\"", AnswerKind::NotApplicable.label()),
        &alarm,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_ranges() {
        assert_eq!(
            multi_range(Column::Answer, &[4, 5, 6, 9, 11, 12]),
            "H5:H7 H10:H10 H12:H13"
        );
    }
}
