//! The row checks: every required requirement is looked up by id in the response
//! table, its answer read, and each problem a careful reviewer would raise is recorded
//! with its place. Rows are never skipped silently: a row with an answer but no
//! requirement id is reported too.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use similar::{ChangeTag, TextDiff};

use super::locate::Located;
use super::meta::Meta;
use super::{Finding, FindingKind, RowResult, Severity};
use crate::a1::column_letter;
use crate::catalog::reading::Reading;
use crate::catalog::{AnswerKind, Catalog, Requirement};
use crate::normalize::{is_placeholder, one_line, requirement_id, text_key, visible};
use crate::sheet::form::layout::Column;
use crate::sheet::form::meta::ResponseFormat;
use crate::sheet::ingest::{Book, Grid};

/// One data row of the response table.
struct Entry {
    row: u32,
    id: String,
}

struct Ctx<'a> {
    grid: &'a Grid,
    located: &'a Located,
    findings: Vec<Finding>,
}

impl<'a> Ctx<'a> {
    /// Borrowed from the sheet, not from the context, so findings can be pushed meanwhile.
    fn cell(&self, row: u32, role: Column) -> Cow<'a, str> {
        let grid: &'a Grid = self.grid;
        self.located
            .col(role)
            .map_or(Cow::Borrowed(""), |c| grid.text(row, c))
    }

    fn letter(&self, role: Column) -> Option<String> {
        self.located.col(role).map(column_letter)
    }

    fn push(
        &mut self,
        id: Option<&str>,
        kind: FindingKind,
        severity: Severity,
        row: Option<u32>,
        role: Option<Column>,
        message: String,
    ) {
        self.findings.push(Finding {
            requirement: id.map(str::to_string),
            kind,
            severity,
            sheet: Some(self.grid.name.clone()),
            row: row.map(|r| r + 1),
            column: role.and_then(|r| self.letter(r)),
            message,
        });
    }
}

pub(crate) fn check_rows(
    book: &Book,
    located: &Located,
    catalog: &Catalog,
    expected: &[&Requirement],
    meta: Option<&Meta>,
) -> (Vec<RowResult>, Vec<Finding>) {
    let grid = &book.sheets[located.sheet];
    let mut ctx = Ctx {
        grid,
        located,
        findings: Vec::new(),
    };
    let entries = entries(&mut ctx);
    let expected_ids: BTreeSet<&str> = expected.iter().map(|r| r.id.as_str()).collect();

    // Rows that are not among the profile's requirements, and repeated rows.
    let mut first_row: BTreeMap<&str, u32> = BTreeMap::new();
    for e in &entries {
        if !expected_ids.contains(e.id.as_str()) {
            let why = if catalog.requirement(&e.id).is_some() {
                "はカタログにありますが、このプロファイルでは求めていない要件です"
            } else {
                "はカタログにない要件IDです"
            };
            ctx.push(
                Some(&e.id),
                FindingKind::UnknownRow,
                Severity::Warning,
                Some(e.row),
                Some(Column::Id),
                format!("要件ID「{}」{why}。回答は評価していません。", e.id),
            );
            continue;
        }
        match first_row.get(e.id.as_str()) {
            Some(&first) => ctx.push(
                Some(&e.id),
                FindingKind::DuplicateRow,
                Severity::Error,
                Some(e.row),
                Some(Column::Id),
                format!("要件 {} の行が重複しています（{} 行目にもあります）。どちらの回答が有効か確認してください。評価には {} 行目を用いました。", e.id, first + 1, first + 1),
            ),
            None => {
                first_row.insert(&e.id, e.row);
            }
        }
    }

    let mut results = Vec::new();
    for r in expected {
        let result = match first_row.get(r.id.as_str()) {
            None => {
                ctx.push(
                    Some(&r.id),
                    FindingKind::MissingRow,
                    Severity::Error,
                    None,
                    None,
                    format!("要件 {}（{}）の行がありません。", r.id, r.title),
                );
                RowResult {
                    id: r.id.clone(),
                    row: None,
                    answer: None,
                    raw_answer: String::new(),
                    explanation: String::new(),
                    evidence: String::new(),
                    flags: vec![FindingKind::MissingRow],
                }
            }
            Some(&row) => check_row(&mut ctx, catalog, r, row, meta),
        };
        results.push(result);
    }
    // Flags of duplicates and of findings raised above belong to their requirement too.
    for f in &ctx.findings {
        if let (Some(id), FindingKind::DuplicateRow) = (&f.requirement, f.kind) {
            if let Some(res) = results.iter_mut().find(|x| &x.id == id) {
                if !res.flags.contains(&f.kind) {
                    res.flags.push(f.kind);
                }
            }
        }
    }
    (results, ctx.findings)
}

/// The data rows: every row below the header with a requirement id. A row with an
/// answer but no id is reported; note rows and blank rows are passed over.
fn entries(ctx: &mut Ctx<'_>) -> Vec<Entry> {
    let mut out = Vec::new();
    let Some(id_col) = ctx.located.col(Column::Id) else {
        return out;
    };
    for row in ctx.located.header_row + 1..ctx.grid.end().0 {
        let raw = if ctx.grid.is_merge_copy(row, id_col) {
            Cow::Borrowed("")
        } else {
            ctx.grid.text(row, id_col)
        };
        let id = requirement_id(&raw);
        if id.is_empty() {
            let answer = ctx.cell(row, Column::Answer);
            if !is_placeholder(&answer)
                && !ctx
                    .located
                    .col(Column::Answer)
                    .is_some_and(|c| ctx.grid.is_merge_copy(row, c))
            {
                ctx.push(None, FindingKind::UnknownRow, Severity::Warning, Some(row), Some(Column::Answer), format!("要件IDのない行に回答「{}」が記入されています。どの要件への回答か確認してください。", one_line(&answer)));
            }
            continue;
        }
        out.push(Entry { row, id });
    }
    out
}

fn check_row(
    ctx: &mut Ctx<'_>,
    catalog: &Catalog,
    r: &Requirement,
    row: u32,
    meta: Option<&Meta>,
) -> RowResult {
    let id = r.id.as_str();
    let before = ctx.findings.len();
    altered_text(ctx, r, row, meta);

    let raw = ctx.cell(row, Column::Answer);
    let explanation = ctx.cell(row, Column::Explanation);
    let evidence = with_pages(
        ctx.cell(row, Column::Evidence),
        &ctx.cell(row, Column::Pages),
    );
    let mut qualified = false;
    let answer = match catalog.answers.read(&raw) {
        Reading::Blank => {
            ctx.push(
                Some(id),
                FindingKind::MissingAnswer,
                Severity::Error,
                Some(row),
                Some(Column::Answer),
                "回答が記入されていません。".into(),
            );
            None
        }
        Reading::Reference(text) => {
            ctx.push(Some(id), FindingKind::MissingAnswer, Severity::Error, Some(row), Some(Column::Answer), format!("回答欄に「{text}」とだけ記載されており、対応・一部対応・非対応・該当なしのいずれであるかが読み取れません。"));
            None
        }
        Reading::Unknown(text) => {
            ctx.push(Some(id), FindingKind::InvalidAnswer, Severity::Error, Some(row), Some(Column::Answer), format!("回答「{text}」を対応・一部対応・非対応・該当なしのいずれとしても読み取れません。"));
            None
        }
        Reading::Several { text, words } => {
            let words: Vec<String> = words.iter().map(|w| format!("「{w}」")).collect();
            ctx.push(Some(id), FindingKind::InvalidAnswer, Severity::Error, Some(row), Some(Column::Answer), format!("回答「{text}」には異なる回答（{}）が併せて書かれており、どれが回答か読み取れません。対応・一部対応・非対応・該当なしのいずれか一つを記入するよう求めてください。", words.join("")));
            None
        }
        Reading::Qualified(text) => {
            ctx.push(Some(id), FindingKind::Partial, Severity::Warning, Some(row), Some(Column::Answer), format!("回答「{text}」は条件や例外が付いているため、対応ではなく一部対応として扱いました。満たす範囲と代替措置が受け入れられるか判断してください。"));
            qualified = true;
            Some(AnswerKind::Partial)
        }
        Reading::Answer(kind) => Some(kind),
    };
    if let Some(kind) = answer {
        let written = Written {
            raw: &raw,
            explanation: &explanation,
            evidence: &evidence,
            qualified,
        };
        answer_findings(ctx, r, row, kind, &written);
    }
    let mut flags: Vec<FindingKind> = ctx.findings[before..].iter().map(|f| f.kind).collect();
    flags.dedup();
    RowResult {
        id: r.id.clone(),
        row: Some(row + 1),
        answer,
        raw_answer: one_line(&raw),
        explanation: explanation.into_owned(),
        evidence: evidence.into_owned(),
        flags,
    }
}

/// The evidence cell with the proposal pages the vendor named (提案書の該当頁)
/// after it: a page of the proposal is an evidence reference too.
fn with_pages<'a>(evidence: Cow<'a, str>, pages: &str) -> Cow<'a, str> {
    let pages = pages.trim();
    if is_placeholder(pages) {
        evidence
    } else if is_placeholder(&evidence) {
        Cow::Owned(format!("提案書 {pages}"))
    } else {
        Cow::Owned(format!("{evidence}（提案書 {pages}）"))
    }
}

/// What the vendor wrote in a row's input cells.
struct Written<'w> {
    raw: &'w str,
    explanation: &'w str,
    evidence: &'w str,
    /// The answer was read as 一部対応 because of a qualification (already reported).
    qualified: bool,
}

fn answer_findings(ctx: &mut Ctx<'_>, r: &Requirement, row: u32, kind: AnswerKind, w: &Written) {
    let Written {
        raw,
        explanation,
        evidence,
        qualified,
    } = *w;
    let id = r.id.as_str();
    // 「×」（非対応） when the vendor wrote a mark or synonym, 「非対応」 when the label itself.
    let shown = match visible(raw) {
        s if s == kind.label() => format!("「{s}」"),
        s => format!("「{s}」（{}）", kind.label()),
    };
    match kind {
        AnswerKind::NotApplicable if !r.answers.na_allowed => {
            ctx.push(
                Some(id),
                FindingKind::NotApplicableRefused,
                Severity::Error,
                Some(row),
                Some(Column::Answer),
                format!("{shown}と回答されていますが、この要件は該当なしとすることができません。"),
            );
        }
        AnswerKind::Noncompliant => {
            ctx.push(
                Some(id),
                FindingKind::Noncompliant,
                Severity::Error,
                Some(row),
                Some(Column::Answer),
                format!("{shown}と回答されており、要件を満たしません。"),
            );
        }
        AnswerKind::Partial if !qualified => {
            ctx.push(Some(id), FindingKind::Partial, Severity::Warning, Some(row), Some(Column::Answer), format!("{shown}と回答されています。満たす範囲と代替措置が受け入れられるか判断してください。"));
        }
        _ => {}
    }
    if r.answers.requires_explanation(kind) && is_placeholder(explanation) {
        let message = match ctx.located.col(Column::Explanation) {
            Some(_) => format!("「{}」の回答には対応内容・実現方法の記載が必要ですが、記載がありません。", kind.label()),
            None => format!("「{}」の回答には説明が必要ですが、回答ファイルに対応内容・実現方法の列がありません。", kind.label()),
        };
        ctx.push(
            Some(id),
            FindingKind::MissingExplanation,
            Severity::Error,
            Some(row),
            Some(Column::Explanation),
            message,
        );
    }
    if let Some(asked) = &r.evidence {
        if matches!(kind, AnswerKind::Compliant | AnswerKind::Partial) && is_placeholder(evidence) {
            let message = match ctx.located.col(Column::Evidence) {
                Some(_) => format!("証跡の記載がありません。求める証跡: {asked}"),
                None => format!("回答ファイルに証跡・根拠資料の列がないため、求める証跡（{asked}）が示されていません。"),
            };
            ctx.push(
                Some(id),
                FindingKind::MissingEvidence,
                Severity::Error,
                Some(row),
                Some(Column::Evidence),
                message,
            );
        }
    }
}

/// The requirement wording in the row must be the catalog's, after normalisation.
fn altered_text(ctx: &mut Ctx<'_>, r: &Requirement, row: u32, meta: Option<&Meta>) {
    if ctx.located.col(Column::Requirement).is_none() {
        return; // the vendor removed the column: nothing to compare, answers still count
    }
    let found = ctx.cell(row, Column::Requirement);
    // The cell as the workbook's own format wrote it.
    let format = meta.map_or(ResponseFormat::CURRENT, Meta::format);
    let expected = format.requirement_cell(r);
    if found == expected || text_key(&found) == text_key(&expected) {
        return;
    }
    let id = r.id.as_str();
    if found.trim().is_empty() {
        ctx.push(
            Some(id),
            FindingKind::AlteredText,
            Severity::Error,
            Some(row),
            Some(Column::Requirement),
            "要件の記載が削除されています。".into(),
        );
        return;
    }
    let made_with = meta
        .and_then(|m| m.digests.get(id))
        .is_some_and(|d| *d == format.wording_digest(&found));
    let (severity, lead) = if made_with {
        (Severity::Warning, "要件の記載がカタログの現在の文言と異なりますが、様式作成時の文言とは一致します（カタログ更新による差異です）。")
    } else {
        (Severity::Error, "要件の記載が変更されています。")
    };
    ctx.push(
        Some(id),
        FindingKind::AlteredText,
        severity,
        Some(row),
        Some(Column::Requirement),
        format!("{lead}変更箇所: {}", diff(&expected, &found)),
    );
}

/// The changes from `expected` to `found` (after normalisation), each with a little
/// context: …前の文字〔削除: …〕, 〔追加: …〕, or 〔変更: 旧 → 新〕 for a replacement.
pub fn diff(expected: &str, found: &str) -> String {
    let a = text_key(expected);
    let b = text_key(found);
    let d = TextDiff::from_chars(a.as_str(), b.as_str());
    // Runs of equal, deleted and inserted text.
    let mut runs: Vec<(ChangeTag, String)> = Vec::new();
    for change in d.iter_all_changes() {
        match runs.last_mut() {
            Some((tag, text)) if *tag == change.tag() => text.push_str(change.value()),
            _ => runs.push((change.tag(), change.value().to_string())),
        }
    }
    let clip = |s: &str| {
        if s.chars().count() > 40 {
            format!("{}…", s.chars().take(40).collect::<String>())
        } else {
            s.to_string()
        }
    };
    let tail = |s: &str| {
        s.chars()
            .rev()
            .take(8)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<String>()
    };
    let mut parts: Vec<String> = Vec::new();
    let mut context = String::new();
    let mut i = 0;
    while i < runs.len() {
        let (tag, text) = &runs[i];
        match tag {
            ChangeTag::Equal => context = text.clone(),
            ChangeTag::Delete => {
                let replaced = runs.get(i + 1).filter(|(t, _)| *t == ChangeTag::Insert);
                match replaced {
                    Some((_, new)) => {
                        parts.push(format!(
                            "…{}〔変更: {} → {}〕",
                            tail(&context),
                            clip(text),
                            clip(new)
                        ));
                        i += 1;
                    }
                    None => parts.push(format!("…{}〔削除: {}〕", tail(&context), clip(text))),
                }
            }
            ChangeTag::Insert => parts.push(format!("…{}〔追加: {}〕", tail(&context), clip(text))),
        }
        i += 1;
        if parts.len() >= 5 {
            parts.push("（以下省略）".into());
            break;
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::diff;

    #[test]
    fn diff_names_replacements_deletions_and_insertions() {
        assert_eq!(
            diff(
                "TLS 1.2 以上で暗号化すること。",
                "TLS 1.0 以上で暗号化すること。"
            ),
            "…TLS1.〔変更: 2 → 0〕"
        );
        assert_eq!(
            diff("多要素認証を用いること。", "認証を用いること。"),
            "…〔削除: 多要素〕"
        );
        assert_eq!(
            diff("記録すること。", "記録し、可能なら保存すること。"),
            "…記録〔追加: し、可能なら保存〕"
        );
    }
}
