//! Second answers against the first (`verify --previous`). The workbook of a later
//! round records what the reviewer decided about each requirement; each requirement's
//! cells are compared with the previous round's. A row asked about should change; a
//! row approved should not. Besides the usual findings this reports the answers changed
//! where they were not asked to change (an approved row that moved is an error), the
//! questions left unanswered, and the final state of every requirement.

use super::round_result::{RequirementRound, RoundComparison, State};
use super::{Finding, FindingKind, Report, Severity};
use crate::a1::column_letter;
use crate::normalize::one_line;
use crate::sheet::form::layout::Column;
use crate::sheet::form::round::Decision;

/// Compare `current` with `previous`, adding the findings of the comparison to
/// `current`. An error (why) when `current` is not a later round's workbook, or was not
/// made from `previous`'s answers.
pub(crate) fn compare(previous: &Report, current: &mut Report) -> Result<(), String> {
    let round = &current.round;
    let Some(digest) = round.previous_digest.clone().filter(|_| round.number >= 2) else {
        return Err(format!(
            "{} は、照会の後に kijun review --next で作成した回答様式（第2回以降）への回答ではないため、どの行に照会したかが分かりません。--previous を付けずに検証するか、kijun review --next で作成した回答様式で回答を求めてください",
            current.file
        ));
    };
    if previous.answers_digest() != digest {
        return Err(format!(
            "--previous に指定した {} は、この回答様式（第{}回）を作成したときの前回の回答（{}）と内容が異なります。第{}回の回答様式の作成に使った検証結果の、元の回答ファイルを指定してください",
            previous.file,
            round.number,
            round.previous_file.as_deref().unwrap_or("不明"),
            round.number
        ));
    }
    let mut requirements = Vec::new();
    let mut added = Vec::new();
    for (now, before) in current.rows.iter().zip(&previous.rows) {
        let asked = round.decisions.get(&now.id);
        let decision = asked.map_or(Decision::Approved, |a| a.decision);
        let inquiry = asked.map(|a| a.inquiry.clone()).unwrap_or_default();
        let changed = before.cells.changed(&now.cells);
        let finding = |kind, severity, column: Option<Column>, message: String| Finding {
            requirement: Some(now.id.clone()),
            kind,
            severity,
            sheet: Some(current.sheet.clone()),
            row: now.row,
            column: column
                .and_then(|c| current.columns.get(&c))
                .map(|c| column_letter(*c)),
            message,
            requirements: Vec::new(),
        };
        let state = if decision.asks() {
            if changed.is_empty() {
                let severity = if decision == Decision::Returned {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                added.push(finding(
                    FindingKind::UnansweredQuestion,
                    severity,
                    Some(Column::Answer),
                    format!(
                        "{}（{}）に対して、回答が前回（第{}回）から変わっていません。照会書への回答で説明されているか確認してください。",
                        if inquiry.is_empty() { "照会" } else { &inquiry },
                        decision.label(),
                        previous.round.number
                    ),
                ));
                State::Unanswered
            } else if current.findings.iter().any(|f| f.concerns(&now.id)) {
                State::AnsweredWithFindings
            } else {
                State::Answered
            }
        } else if changed.is_empty() {
            State::Unchanged
        } else {
            added.push(finding(
                FindingKind::ChangedUnasked,
                Severity::Error,
                changed.first().copied(),
                format!(
                    "前回（第{}回）に{}した回答が、照会していないのに変更されています（{}）。変更の理由を確かめ、必要なら前回の回答に戻すよう求めてください。",
                    previous.round.number,
                    decision.label(),
                    describe(&changed, &before.cells.answer, &now.cells.answer)
                ),
            ));
            State::ChangedUnasked
        };
        requirements.push(RequirementRound {
            id: now.id.clone(),
            decision,
            inquiry,
            previous_answer: one_line(&before.cells.answer),
            answer: one_line(&now.cells.answer),
            changed,
            state,
        });
    }
    for f in &added {
        if let Some(row) = current.rows.iter_mut().find(|r| f.concerns(&r.id)) {
            if !row.flags.contains(&f.kind) {
                row.flags.push(f.kind);
            }
        }
    }
    current.findings.extend(added);
    current.previous = Some(RoundComparison {
        previous_file: previous.file.clone(),
        previous_round: previous.round.number,
        round: current.round.number,
        requirements,
    });
    current.settle();
    Ok(())
}

/// 「回答「対応」→「一部対応」、対応内容・実現方法」: what changed.
fn describe(changed: &[Column], before: &str, now: &str) -> String {
    changed
        .iter()
        .map(|c| {
            if *c == Column::Answer {
                format!("回答「{}」→「{}」", one_line(before), one_line(now))
            } else {
                c.header().to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("、")
}
