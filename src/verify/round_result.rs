//! What `verify --previous` found, requirement by requirement: the reviewer's decision
//! on the previous round, the answer before and now, the columns that changed, and the
//! state the requirement ended in. Part of a later round's report (`Report::previous`);
//! `rounds` makes it.

use serde::Serialize;

use crate::sheet::form::layout::Column;
use crate::sheet::form::round::Decision;

/// What became of one requirement between the rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum State {
    /// Approved, and left as it was.
    Unchanged,
    /// Approved, yet changed.
    ChangedUnasked,
    /// Asked about, changed, and clean now.
    Answered,
    /// Asked about and changed, with findings still.
    AnsweredWithFindings,
    /// Asked about, and left as it was.
    Unanswered,
}

impl State {
    pub(crate) fn label(self) -> &'static str {
        match self {
            State::Unchanged => "変更なし",
            State::ChangedUnasked => "照会外の変更",
            State::Answered => "照会により修正（指摘なし）",
            State::AnsweredWithFindings => "照会により修正（指摘あり）",
            State::Unanswered => "照会に未回答",
        }
    }

    pub(crate) const ALL: [State; 5] = [
        State::Answered,
        State::AnsweredWithFindings,
        State::Unanswered,
        State::ChangedUnasked,
        State::Unchanged,
    ];
}

/// One requirement across the rounds.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RequirementRound {
    pub(crate) id: String,
    /// The reviewer's decision on the previous round (承認 when nothing was found).
    #[serde(serialize_with = "decision_key")]
    pub(crate) decision: Decision,
    /// The questions about it (照会3), if asked.
    pub(crate) inquiry: String,
    /// The answer cells as written, before and now.
    pub(crate) previous_answer: String,
    pub(crate) answer: String,
    /// The vendor's columns that changed.
    #[serde(serialize_with = "column_headers")]
    pub(crate) changed: Vec<Column>,
    pub(crate) state: State,
}

fn decision_key<S: serde::Serializer>(d: &Decision, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(d.key())
}

fn column_headers<S: serde::Serializer>(cs: &[Column], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(cs.iter().map(|c| c.header()))
}

/// The comparison of a later round with the previous one.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RoundComparison {
    /// The previous round's file, as given.
    pub(crate) previous_file: String,
    pub(crate) previous_round: u32,
    pub(crate) round: u32,
    pub(crate) requirements: Vec<RequirementRound>,
}

impl RoundComparison {
    /// How many requirements ended in each state, in report order.
    pub(crate) fn counts(&self) -> Vec<(State, usize)> {
        State::ALL
            .iter()
            .map(|s| {
                (
                    *s,
                    self.requirements.iter().filter(|r| r.state == *s).count(),
                )
            })
            .collect()
    }
}
