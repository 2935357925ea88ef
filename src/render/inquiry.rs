//! The 照会書: the letter to the vendor that `kijun review` writes from the reviewer's
//! decisions. Numbered questions for every requirement sent back or asked about, each
//! with the requirement, the vendor's answer as given and what is asked; the conditions
//! of every conditional approval, to be confirmed; the reply deadline; how to answer.
//! Like the other documents, a model rendered as md and txt through the layouts
//! `inquiry.md|txt` and as docx, its fixed wording in the templates `inquiry-*.hbs`.

use serde::Serialize;

use super::{SystemInfo, Templates};
use crate::closed_days::open_on_or_after;
use crate::date::Date;
use crate::error::Result;
use crate::normalize::{one_line, visible};
use crate::profile::Profile;
use crate::review::plan::{Plan, Subject};
use crate::sheet::form::round::{AnswerCells, Decision};

/// The 照会書.
#[derive(Debug, Clone, Serialize)]
pub struct InquiryDocument {
    pub(crate) system: SystemInfo,
    /// From `inquiry-title.hbs`.
    pub(crate) title: String,
    /// 令和7年4月1日, or blanks to fill in by hand.
    pub(crate) date: String,
    /// 「株式会社テスト　御中」
    pub(crate) addressee: String,
    pub(crate) vendor: String,
    /// Who sends it: the organization.
    pub(crate) sender: String,
    /// The response file the questions are about.
    pub(crate) file: String,
    /// The round answered (1), and the round to answer in (2).
    pub(crate) round: u32,
    pub(crate) next_round: u32,
    /// The next round's workbook, by name; empty when none is sent.
    pub(crate) next_file: String,
    /// Days to answer (`review::inquiry_response_days`), and the deadline in words.
    pub(crate) days: u32,
    pub(crate) deadline: String,
    /// Paragraphs from `inquiry-lead.hbs`.
    pub(crate) lead: Vec<String>,
    pub(crate) questions: Vec<Item>,
    pub(crate) conditions: Vec<Item>,
    /// Paragraphs from `inquiry-reply.hbs`: how to answer.
    pub(crate) reply: Vec<String>,
}

/// One question (照会1) or condition (条件1).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Item {
    /// 照会1 / 条件1
    pub(crate) label: String,
    /// 【AUTH-01】多要素認証（仕様書 1(2)ア）
    pub(crate) heading: String,
    /// 差戻し, 要確認 or 条件付承認.
    pub(crate) decision: String,
    /// The requirement's text as the response workbook asks it; empty when the item is
    /// not about one requirement.
    pub(crate) requirement: String,
    /// What the vendor wrote, one entry per non-empty cell.
    pub(crate) answer: Vec<Field>,
    /// What is asked, or the condition.
    pub(crate) asks: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Field {
    pub(crate) label: String,
    pub(crate) text: String,
}

/// What the 照会書 is made from besides the plan.
pub(crate) struct Letter<'a> {
    pub(crate) profile: &'a Profile,
    /// The schema the profile was read against (for the parameter values in the texts).
    pub(crate) schema: &'a crate::profile::schema::ProfileSchema,
    pub(crate) vendor: &'a str,
    pub(crate) file: &'a str,
    pub(crate) round: u32,
    pub(crate) next_file: Option<&'a str>,
    pub(crate) date: Option<Date>,
    pub(crate) days: u32,
}

impl InquiryDocument {
    pub(crate) fn build(
        plan: &Plan<'_>,
        letter: &Letter<'_>,
        templates: &Templates,
    ) -> Result<InquiryDocument> {
        let deadline = match letter.date {
            Some(d) => open_on_or_after(d.add_days(letter.days)).wareki_with_weekday(),
            None => format!(
                "本書の日付の翌日から起算して{}日以内（その末日が行政機関の休日に当たるときは、行政機関の休日の翌日まで）",
                letter.days
            ),
        };
        let vendor = if letter.vendor.trim().is_empty() {
            "（事業者名）".to_string()
        } else {
            letter.vendor.trim().to_string()
        };
        let questions = plan
            .questions
            .iter()
            .map(|q| item(letter, q.label(), &q.subject, q.decision, q.asks.clone()))
            .collect();
        let conditions = plan
            .conditions
            .iter()
            .map(|c| {
                item(
                    letter,
                    format!("条件{}", c.number),
                    &c.subject,
                    Decision::Conditional,
                    vec![c.condition.clone()],
                )
            })
            .collect();
        let mut doc = InquiryDocument {
            system: SystemInfo {
                name: letter.profile.system_name.clone(),
                organization: letter.profile.organization.clone(),
            },
            title: String::new(),
            date: letter
                .date
                .map_or_else(|| "令和　　年　　月　　日".to_string(), Date::wareki),
            addressee: format!("{vendor}　御中"),
            vendor,
            sender: letter.profile.organization.clone(),
            file: letter.file.to_string(),
            round: letter.round,
            next_round: letter.round + 1,
            next_file: letter.next_file.unwrap_or("").to_string(),
            days: letter.days,
            deadline,
            lead: Vec::new(),
            questions,
            conditions,
            reply: Vec::new(),
        };
        doc.title = templates.line("inquiry-title", &doc)?;
        doc.lead = templates.lines("inquiry-lead", &doc)?;
        doc.reply = templates.lines("inquiry-reply", &doc)?;
        Ok(doc)
    }
}

fn item(
    letter: &Letter<'_>,
    label: String,
    subject: &Subject<'_>,
    decision: Decision,
    asks: Vec<String>,
) -> Item {
    let (heading, requirement, answer) = match subject {
        Subject::Requirement {
            requirement,
            spec_ref,
            cells,
        } => (
            format!(
                "【{}】{}（仕様書 {}）",
                requirement.id, requirement.title, spec_ref
            ),
            one_line(&crate::select::render(
                requirement.question(),
                letter.schema,
                Some(letter.profile),
            )),
            fields(cells),
        ),
        Subject::Several(ids) => (
            format!("複数の要件（{} 件）", ids.len()),
            String::new(),
            vec![Field {
                label: "対象の要件".into(),
                text: ids.join("、"),
            }],
        ),
        Subject::Whole { place, id } => {
            let what = match (id, place.is_empty()) {
                (Some(id), false) => format!("回答書の {place}（要件ID「{id}」）"),
                (Some(id), true) => format!("回答書の要件ID「{id}」の行"),
                (None, false) => format!("回答書の {place}"),
                (None, true) => "回答書の全体".to_string(),
            };
            (what, String::new(), Vec::new())
        }
    };
    Item {
        label,
        heading,
        decision: decision.label().to_string(),
        requirement,
        answer,
        asks,
    }
}

/// The vendor's cells with their headings, empty ones left out.
fn fields(cells: &AnswerCells) -> Vec<Field> {
    let written: Vec<Field> = AnswerCells::COLUMNS
        .iter()
        .filter(|c| !cells.get(**c).trim().is_empty())
        .map(|c| Field {
            label: c.header().to_string(),
            // As the vendor wrote it, on one line.
            text: visible(cells.get(*c)),
        })
        .collect();
    if written.is_empty() {
        vec![Field {
            label: "回答".into(),
            text: "（記入なし）".into(),
        }]
    } else {
        written
    }
}
