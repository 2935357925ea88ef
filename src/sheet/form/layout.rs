//! The 回答 sheet's layout, the contract between the writer (`kijun sheet`) and the
//! verifier, which must read back what the writer wrote: sheet names, columns, rows,
//! and what the requirement cells say.

use crate::catalog::{AnswerKind, Requirement};
use crate::select::Selected;

/// Sheet names.
pub(crate) const GUIDE_SHEET: &str = "記入要領";
pub(crate) const ANSWER_SHEET: &str = "回答";
/// The hidden sheet with what the verifier needs to trust the file (`form::meta`).
pub(crate) const META_SHEET: &str = "kijun_meta";

/// The columns of the 回答 sheet, in order; the verifier looks for the same columns
/// (by the catalog's heading synonyms) in a returned file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Column {
    Number,
    Id,
    /// Where the requirement stands in the 調達仕様書 (`1(5)ウ`).
    SpecRef,
    Area,
    Level,
    Requirement,
    Basis,
    Answer,
    Explanation,
    Evidence,
    /// The pages of the vendor's proposal that show it (提案書の該当頁); optional.
    Pages,
    Remarks,
}

impl Column {
    pub(crate) const ALL: [Column; 12] = [
        Column::Number,
        Column::Id,
        Column::SpecRef,
        Column::Area,
        Column::Level,
        Column::Requirement,
        Column::Basis,
        Column::Answer,
        Column::Explanation,
        Column::Evidence,
        Column::Pages,
        Column::Remarks,
    ];

    /// The header kijun writes.
    pub(crate) fn header(self) -> &'static str {
        match self {
            Column::Number => "項番",
            Column::Id => "要件ID",
            Column::SpecRef => "仕様書項番",
            Column::Area => "分類",
            Column::Level => "区分",
            Column::Requirement => "要件",
            Column::Basis => "根拠",
            Column::Answer => "回答",
            Column::Explanation => "対応内容・実現方法",
            Column::Evidence => "証跡・根拠資料",
            Column::Pages => "提案書の該当頁",
            Column::Remarks => "備考",
        }
    }

    /// Width in Excel character units (a full-width character takes about two).
    pub(crate) fn width(self) -> f64 {
        match self {
            Column::Number => 5.0,
            Column::Id => 9.0,
            Column::SpecRef => 14.0,
            Column::Area => 12.0,
            Column::Level => 5.5,
            Column::Requirement => 42.0,
            Column::Basis => 30.0,
            Column::Answer => 9.0,
            Column::Explanation => 32.0,
            Column::Evidence => 20.0,
            Column::Pages => 9.0,
            Column::Remarks => 12.0,
        }
    }

    pub(crate) fn index(self) -> u16 {
        Column::ALL.iter().position(|c| *c == self).unwrap_or(0) as u16
    }
}

/// The column a later round's 回答 sheet adds after 備考: which questions of the 照会書
/// a row answers, and what they ask. The verifier does not read it.
pub(crate) const INQUIRY_HEADER: &str = "照会";
pub(crate) const INQUIRY_WIDTH: f64 = 36.0;

/// Row (0-based) of the title, of the vendor's name, and of the header.
pub(crate) const TITLE_ROW: u32 = 0;
pub(crate) const VENDOR_ROW: u32 = 1;
pub(crate) const HEADER_ROW: u32 = 3;

/// What the 要件 cell of a requirement says: the question (the 調達仕様書's own
/// sentence unless the catalog words a question of its own), then what evidence to
/// name and whether 該当なし is refused. The verifier compares a returned cell with this.
pub(crate) fn requirement_cell(s: &Selected) -> String {
    let r = s.requirement;
    let mut text = s.text.question.clone();
    if let Some(e) = &s.text.evidence {
        text.push_str(&format!("\n【証跡】{e}"));
    }
    if !r.answers.na_allowed {
        text.push_str("\n※「該当なし」は回答できません。");
    }
    text
}

/// The 根拠 cell: each basis with its relation (準拠・参考・発注者判断), then the
/// values the 発注者 set.
pub(crate) fn basis_cell(s: &Selected) -> String {
    s.text.basis_lines(&s.requirement.basis).join("\n")
}

/// The answers a row's dropdown offers.
pub(crate) fn allowed_answers(r: &Requirement) -> Vec<AnswerKind> {
    AnswerKind::ALL
        .into_iter()
        .filter(|k| *k != AnswerKind::NotApplicable || r.answers.na_allowed)
        .collect()
}
