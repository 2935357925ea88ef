//! The 前回との比較 sheet of a later round's verification report: every requirement
//! with the reviewer's decision on the previous round, the answer before and now, the
//! columns that changed and the state it ended in.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::page::{filled, fit_row, print_setup, table, Page};
use super::round_result::{RoundComparison, State};
use crate::xlsx_style::{cell_text, GREEN, RED, YELLOW};

pub(crate) fn rounds_sheet(
    ws: &mut Worksheet,
    p: &Page<'_>,
    c: &RoundComparison,
) -> Result<(), XlsxError> {
    let headers = [
        ("要件ID", 9.0),
        ("前回の判断", 10.0),
        ("照会", 12.0),
        ("前回の回答", 16.0),
        ("今回の回答", 16.0),
        ("変更した欄", 22.0),
        ("最終状態", 22.0),
    ];
    table(ws, "前回との比較", &headers, 0, c.requirements.len())?;
    for (i, x) in c.requirements.iter().enumerate() {
        let r = i as u32 + 1;
        let changed: Vec<&str> = x.changed.iter().map(|c| c.header()).collect();
        let changed = changed.join("・");
        let state = match x.state {
            State::ChangedUnasked | State::Unanswered => filled(RED),
            State::AnsweredWithFindings => filled(YELLOW),
            State::Answered => filled(GREEN),
            State::Unchanged => p.cell.clone(),
        };
        ws.write_with_format(r, 0, x.id.as_str(), &p.cell)?;
        ws.write_with_format(r, 1, x.decision.label(), &p.cell)?;
        ws.write_with_format(r, 2, x.inquiry.as_str(), &p.cell)?;
        ws.write_with_format(r, 3, cell_text(&x.previous_answer).as_ref(), &p.cell)?;
        ws.write_with_format(r, 4, cell_text(&x.answer).as_ref(), &p.cell)?;
        ws.write_with_format(r, 5, changed.as_str(), &p.cell)?;
        ws.write_with_format(r, 6, x.state.label(), &state)?;
        fit_row(
            ws,
            r,
            &[
                (x.inquiry.as_str(), 12.0),
                (x.previous_answer.as_str(), 16.0),
                (x.answer.as_str(), 16.0),
                (changed.as_str(), 22.0),
            ],
        )?;
    }
    print_setup(ws, &p.system, &p.vendor);
    Ok(())
}
