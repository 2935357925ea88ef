//! From the reviewer's decisions to what goes to the vendor: numbered questions (照会1,
//! 照会2 …) for every finding sent back or asked about, grouped by requirement in the
//! order of the 調達仕様書; the conditions of every conditional approval; and the state
//! of each requirement in the next round's workbook (open where asked, locked where
//! approved). The 照会書 and the workbook are both written from this one plan, so the
//! numbers a row shows are the numbers of the letter.

use std::collections::{BTreeMap, HashMap};

use super::decisions::{Decided, Reviewed};
use crate::catalog::{Catalog, Requirement};
use crate::profile::Profile;
use crate::select::select;
use crate::sheet::form::round::{AnswerCells, Decision, NextRound, RowState};

/// What a question or condition is about.
#[derive(Debug, Clone)]
pub(crate) enum Subject<'c> {
    /// One requirement, with its item number in the 調達仕様書 and the vendor's answers.
    Requirement {
        requirement: &'c Requirement,
        spec_ref: String,
        cells: AnswerCells,
    },
    /// Several requirements at once (the same explanation in many rows).
    Several(Vec<String>),
    /// The response as a whole, or a row that is not a requirement of the profile.
    Whole { place: String, id: Option<String> },
}

/// One numbered question of the 照会書.
#[derive(Debug, Clone)]
pub(crate) struct Question<'c> {
    pub(crate) number: usize,
    pub(crate) subject: Subject<'c>,
    /// 差戻し when any of its findings was sent back, else 要確認.
    pub(crate) decision: Decision,
    /// What is asked, one entry per finding (identical texts once).
    pub(crate) asks: Vec<String>,
}

impl Question<'_> {
    /// 「照会3」
    pub(crate) fn label(&self) -> String {
        format!("照会{}", self.number)
    }
}

/// A conditional approval the vendor is asked to confirm.
#[derive(Debug, Clone)]
pub(crate) struct Condition<'c> {
    pub(crate) number: usize,
    pub(crate) subject: Subject<'c>,
    pub(crate) condition: String,
}

/// Everything the 照会書 and the next round's workbook say.
#[derive(Debug, Clone)]
pub(crate) struct Plan<'c> {
    pub(crate) questions: Vec<Question<'c>>,
    pub(crate) conditions: Vec<Condition<'c>>,
    pub(crate) next: NextRound,
    /// The findings approved on condition whose condition is still the default
    /// question (the reviewer most likely forgot to write the condition), by No.
    pub(crate) unwritten_conditions: Vec<u32>,
}

/// The plan of a fully decided review.
pub(crate) fn plan<'c>(reviewed: &Reviewed, catalog: &'c Catalog, profile: &Profile) -> Plan<'c> {
    let selected = select(catalog, profile);
    let placed = crate::render::outline(catalog, &selected);
    // The 調達仕様書's order and item numbers, by requirement id.
    let order: HashMap<&str, (usize, String, &'c Requirement)> = placed
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let r: &'c Requirement = p.selected.requirement;
            (r.id.as_str(), (i, p.reference.clone(), r))
        })
        .collect();
    let cells: HashMap<&str, &AnswerCells> = reviewed
        .record
        .answers
        .iter()
        .map(|(id, _, c)| (id.as_str(), c))
        .collect();
    let subject_of = |d: &Decided| -> (usize, Subject<'c>) {
        let f = &d.finding;
        if !f.requirements.is_empty() {
            let first = f
                .requirements
                .iter()
                .filter_map(|id| order.get(id.as_str()).map(|o| o.0))
                .min()
                .unwrap_or(usize::MAX);
            return (first, Subject::Several(f.requirements.clone()));
        }
        match f.requirement.as_deref().and_then(|id| order.get(id)) {
            Some((i, spec_ref, r)) => (
                *i,
                Subject::Requirement {
                    requirement: r,
                    spec_ref: spec_ref.clone(),
                    cells: cells
                        .get(r.id.as_str())
                        .copied()
                        .cloned()
                        .unwrap_or_default(),
                },
            ),
            None => (
                usize::MAX,
                Subject::Whole {
                    place: f.place.clone(),
                    id: f.requirement.clone(),
                },
            ),
        }
    };
    let key = |s: &Subject<'_>| match s {
        Subject::Requirement { requirement, .. } => format!("r:{}", requirement.id),
        Subject::Several(ids) => format!("s:{}", ids.join(",")),
        Subject::Whole { place, id } => format!("w:{place}:{}", id.as_deref().unwrap_or("")),
    };

    // Questions: the asked findings, one question per subject, in the spec's order
    // (requirements first, then groups, then the response as a whole).
    let mut asked: Vec<(u8, usize, String, Subject<'c>, Vec<&Decided>)> = Vec::new();
    for d in reviewed
        .findings
        .iter()
        .filter(|d| d.decision.is_some_and(Decision::asks))
    {
        let (at, subject) = subject_of(d);
        let rank = match subject {
            Subject::Requirement { .. } => 0,
            Subject::Several(_) => 1,
            Subject::Whole { .. } => 2,
        };
        let k = key(&subject);
        match asked.iter_mut().find(|q| q.2 == k) {
            Some(q) => q.4.push(d),
            None => asked.push((rank, at, k, subject, vec![d])),
        }
    }
    asked.sort_by_key(|q| (q.0, q.1, q.4.first().map(|d| d.number)));
    let questions: Vec<Question<'c>> = asked
        .into_iter()
        .enumerate()
        .map(|(i, (_, _, _, subject, ds))| {
            let mut asks: Vec<String> = Vec::new();
            for d in &ds {
                if !asks.contains(&d.question) {
                    asks.push(d.question.clone());
                }
            }
            let decision = Decision::governing(ds.iter().filter_map(|d| d.decision))
                .unwrap_or(Decision::Query);
            Question {
                number: i + 1,
                subject,
                decision,
                asks,
            }
        })
        .collect();

    let mut conditional: Vec<(usize, u32, Subject<'c>, String)> = reviewed
        .findings
        .iter()
        .filter(|d| d.decision == Some(Decision::Conditional))
        .map(|d| {
            let (at, subject) = subject_of(d);
            (at, d.number, subject, d.question.clone())
        })
        .collect();
    conditional.sort_by_key(|c| (c.0, c.1));
    let conditions = conditional
        .into_iter()
        .enumerate()
        .map(|(i, (_, _, subject, condition))| Condition {
            number: i + 1,
            subject,
            condition,
        })
        .collect();
    let unwritten_conditions = reviewed
        .findings
        .iter()
        .filter(|d| d.decision == Some(Decision::Conditional) && d.default_question)
        .map(|d| d.number)
        .collect();
    let next = next_round(reviewed, &questions);
    Plan {
        questions,
        conditions,
        next,
        unwritten_conditions,
    }
}

/// Each requirement's state in the next round: its answers, the decision that governs
/// it (approved when no finding concerned it), and the questions about it.
fn next_round(reviewed: &Reviewed, questions: &[Question<'_>]) -> NextRound {
    let decisions = reviewed.by_requirement();
    let record = &reviewed.record;
    let mut rows = BTreeMap::new();
    for (id, _, cells) in &record.answers {
        let about: Vec<&Question<'_>> = questions
            .iter()
            .filter(|q| match &q.subject {
                Subject::Requirement { requirement, .. } => requirement.id == *id,
                Subject::Several(ids) => ids.contains(id),
                Subject::Whole { .. } => false,
            })
            .collect();
        let labels: Vec<String> = about.iter().map(|q| q.label()).collect();
        let asked: Vec<String> = about.iter().flat_map(|q| q.asks.iter().cloned()).collect();
        rows.insert(
            id.clone(),
            RowState {
                cells: cells.clone(),
                decision: decisions
                    .get(id.as_str())
                    .copied()
                    .unwrap_or(Decision::Approved),
                inquiry: labels.join("・"),
                asked: asked.join("\n"),
            },
        );
    }
    let round: u32 = record
        .get(crate::verify::record::key::ROUND)
        .parse()
        .unwrap_or(1);
    NextRound {
        number: round + 1,
        previous_digest: record
            .get(crate::verify::record::key::ANSWERS_DIGEST)
            .to_string(),
        previous_file: crate::verify::page::file_name(record.get(crate::verify::record::key::FILE)),
        vendor: record.get(crate::verify::record::key::VENDOR).to_string(),
        rows,
    }
}
