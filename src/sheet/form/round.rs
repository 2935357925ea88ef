//! Rounds of answers. After the reviewer has decided each finding (`kijun review`), the
//! vendor answers again in a workbook of the next round: the first answers filled in,
//! the rows asked about open, the approved rows locked. What the round changes in the
//! contract between writer and verifier is defined here: the cells a vendor writes in a
//! row, the reviewer's decisions, and the digest of a round's answers, which the next
//! round's meta sheet records so `verify --previous` knows it compares the right files.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::layout::Column;
use super::meta::key;
use crate::normalize::{answer_key, text_key};

/// What a vendor writes in one row of the 回答 sheet, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AnswerCells {
    pub(crate) answer: String,
    pub(crate) explanation: String,
    pub(crate) evidence: String,
    pub(crate) pages: String,
    pub(crate) remarks: String,
}

impl AnswerCells {
    /// The vendor's columns, in the order of the sheet.
    pub(crate) const COLUMNS: [Column; 5] = [
        Column::Answer,
        Column::Explanation,
        Column::Evidence,
        Column::Pages,
        Column::Remarks,
    ];

    pub(crate) fn get(&self, column: Column) -> &str {
        match column {
            Column::Answer => &self.answer,
            Column::Explanation => &self.explanation,
            Column::Evidence => &self.evidence,
            Column::Pages => &self.pages,
            Column::Remarks => &self.remarks,
            _ => "",
        }
    }

    pub(crate) fn set(&mut self, column: Column, text: String) {
        match column {
            Column::Answer => self.answer = text,
            Column::Explanation => self.explanation = text,
            Column::Evidence => self.evidence = text,
            Column::Pages => self.pages = text,
            Column::Remarks => self.remarks = text,
            _ => {}
        }
    }

    /// The columns whose text differs from `other`'s, after normalisation (a space,
    /// a line break or full-width digits do not count as a change).
    pub(crate) fn changed(&self, other: &AnswerCells) -> Vec<Column> {
        Self::COLUMNS
            .into_iter()
            .filter(|c| cell_key(*c, self.get(*c)) != cell_key(*c, other.get(*c)))
            .collect()
    }
}

/// A cell as compared between rounds: the answer as an answer word (`ＹＥＳ` is `yes`),
/// other cells as text.
fn cell_key(column: Column, text: &str) -> String {
    if column == Column::Answer {
        answer_key(text)
    } else {
        text_key(text)
    }
}

/// The digest of a round's answers: each requirement's id and cells, normalised, in
/// the order given (the profile's requirements, in catalog order).
pub(crate) fn answers_digest<'a>(
    rows: impl IntoIterator<Item = (&'a str, &'a AnswerCells)>,
) -> String {
    let mut hash = Sha256::new();
    for (id, cells) in rows {
        hash.update(id.as_bytes());
        for c in AnswerCells::COLUMNS {
            hash.update(b"\t");
            hash.update(cell_key(c, cells.get(c)).as_bytes());
        }
        hash.update(b"\n");
    }
    hex::encode(hash.finalize())
}

/// What a later round's workbook carries besides the form itself: its number, the
/// answers it was made from, and what was decided about each requirement.
#[derive(Debug, Clone, Default)]
pub(crate) struct NextRound {
    /// The round the vendor answers in this workbook (2 after the first answers).
    pub(crate) number: u32,
    /// `answers_digest` of the previous round's answers.
    pub(crate) previous_digest: String,
    /// The previous round's response file, by name.
    pub(crate) previous_file: String,
    /// The vendor's name, as the previous answers gave it.
    pub(crate) vendor: String,
    /// Each requirement's previous answers and the decision about it, by id.
    pub(crate) rows: BTreeMap<String, RowState>,
}

/// One requirement in a later round.
#[derive(Debug, Clone)]
pub(crate) struct RowState {
    /// The previous answers, filled in again.
    pub(crate) cells: AnswerCells,
    /// What governs the row: asked about (open), or approved (locked).
    pub(crate) decision: Decision,
    /// The numbers of the 照会書's questions about it: 「照会3・照会12」.
    pub(crate) inquiry: String,
    /// What those questions ask, for the row's 照会事項 cell.
    pub(crate) asked: String,
}

impl NextRound {
    /// Whether the vendor may change a requirement's row: it was asked about, or it is
    /// new to this round.
    pub(crate) fn is_open(&self, id: &str) -> bool {
        self.rows.get(id).is_none_or(|s| s.decision.asks())
    }

    /// The meta sheet's keys for the round.
    pub(crate) fn meta_pairs(&self) -> Vec<(String, String)> {
        vec![
            (key::ROUND.into(), self.number.to_string()),
            (key::PREVIOUS_DIGEST.into(), self.previous_digest.clone()),
            (key::PREVIOUS_FILE.into(), self.previous_file.clone()),
        ]
    }

    /// What the 記入要領 says of the round.
    pub(crate) fn guide(&self) -> Vec<String> {
        let open = self.rows.values().filter(|s| s.decision.asks()).count();
        vec![
            format!(
                "この様式は第{}回の回答様式です。前回の回答（{}）を記入してあります。照会書で照会した {} 件の要件の行（「照会」欄に照会の番号と照会事項があり、回答欄が記入できる行）について、照会事項を踏まえて回答を修正してください。",
                self.number, self.previous_file, open
            ),
            "承認した要件の行は変更できません（保護されています）。変更が必要な場合は、変更する理由を照会書への回答に記載してください。照会していない行の回答が変わっていると、検証で指摘されます。".into(),
        ]
    }
}

/// What the reviewer decided about a finding, and so about its requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Decision {
    /// 承認: accepted as answered.
    Approved,
    /// 条件付承認: accepted on conditions the vendor is asked to confirm.
    Conditional,
    /// 差戻し: sent back to be answered again.
    Returned,
    /// 要確認: a question to the vendor; the row may be answered again.
    Query,
}

impl Decision {
    /// In the order the report's list offers them.
    pub(crate) const ALL: [Decision; 4] = [
        Decision::Approved,
        Decision::Conditional,
        Decision::Returned,
        Decision::Query,
    ];

    pub(crate) fn label(self) -> &'static str {
        match self {
            Decision::Approved => "承認",
            Decision::Conditional => "条件付承認",
            Decision::Returned => "差戻し",
            Decision::Query => "要確認",
        }
    }

    /// As the meta sheet records it.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Conditional => "conditional",
            Decision::Returned => "returned",
            Decision::Query => "query",
        }
    }

    /// A decision as written in a cell (its label, whatever the width or spacing) or
    /// as the meta sheet records it.
    pub(crate) fn parse(text: &str) -> Option<Decision> {
        let k = answer_key(text);
        Decision::ALL.into_iter().find(|d| {
            answer_key(d.label()) == k
                || d.key() == k
                // Typed without the okurigana: 差戻 for 差戻し.
                || (*d == Decision::Returned && k == "差戻")
        })
    }

    /// Whether the vendor is asked about the row (it is open in the next round).
    pub(crate) fn asks(self) -> bool {
        matches!(self, Decision::Returned | Decision::Query)
    }

    /// Of several decisions about one requirement, the one that governs it: a row sent
    /// back or asked about is open, whatever else was approved in it.
    pub(crate) fn governing(decisions: impl IntoIterator<Item = Decision>) -> Option<Decision> {
        decisions.into_iter().max_by_key(|d| match d {
            Decision::Approved => 0,
            Decision::Conditional => 1,
            Decision::Query => 2,
            Decision::Returned => 3,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_are_read_as_people_type_them() {
        assert_eq!(Decision::parse(" 承認 "), Some(Decision::Approved));
        assert_eq!(Decision::parse("条件付承認"), Some(Decision::Conditional));
        assert_eq!(Decision::parse("差戻"), Some(Decision::Returned));
        assert_eq!(Decision::parse("query"), Some(Decision::Query));
        assert_eq!(Decision::parse("OK"), None);
        assert_eq!(Decision::parse(""), None);
    }

    #[test]
    fn a_row_asked_about_is_open_whatever_else_was_approved() {
        use Decision::*;
        assert_eq!(Decision::governing([Approved, Returned]), Some(Returned));
        assert_eq!(
            Decision::governing([Conditional, Approved]),
            Some(Conditional)
        );
        assert_eq!(Decision::governing([Query, Returned]), Some(Returned));
        assert_eq!(Decision::governing([]), None);
    }

    #[test]
    fn changes_are_seen_through_spacing_but_not_through_words() {
        let a = AnswerCells {
            answer: "○".into(),
            explanation: "FIDO2 で認証します。".into(),
            ..AnswerCells::default()
        };
        let mut b = a.clone();
        b.explanation = "ＦＩＤＯ２ で\n認証します。".into();
        assert!(a.changed(&b).is_empty());
        assert_eq!(
            answers_digest([("A-01", &a)]),
            answers_digest([("A-01", &b)])
        );
        b.answer = "対応".into();
        assert_eq!(a.changed(&b), [Column::Answer]);
        assert_ne!(
            answers_digest([("A-01", &a)]),
            answers_digest([("A-01", &b)])
        );
    }
}
