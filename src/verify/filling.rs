//! Answers written to fill the form rather than to answer it, more and more drafted by
//! machine: the same explanation pasted into many rows, an explanation that only
//! restates the requirement, 「対応」 with an evidence reference that points nowhere in
//! particular. They are flagged for the reviewer as warnings, with their rows, and never
//! change the verdict: whether such an answer is good enough is hers to judge. The
//! thresholds are catalog data (`[form_filling]` in answers.toml).

use std::collections::{BTreeMap, BTreeSet};

use super::{Finding, FindingKind, RowResult, Severity};
use crate::a1::{column_letter, row_runs};
use crate::catalog::answers::FormFilling;
use crate::catalog::AnswerKind;
use crate::normalize::{answer_key, is_placeholder, one_line, text_key};
use crate::select::Selected;

/// Where the rows are: the sheet's name and the columns found in it.
pub(crate) struct Place<'a> {
    pub(crate) sheet: &'a str,
    pub(crate) explanation: Option<u32>,
    pub(crate) evidence: Option<u32>,
}

/// The warnings for the rows (one result per requirement in `expected`'s order), each
/// row's flags updated with the kinds raised for it.
pub(crate) fn check(
    settings: &FormFilling,
    place: &Place<'_>,
    expected: &[Selected<'_>],
    rows: &mut [RowResult],
) -> Vec<Finding> {
    let mut out = repeated(settings, place, rows);
    for (r, row) in expected.iter().zip(rows.iter()) {
        out.extend(restated(settings, place, r, row));
        out.extend(generic_evidence(settings, place, r, row));
    }
    for f in &out {
        for row in rows.iter_mut().filter(|row| f.concerns(&row.id)) {
            if !row.flags.contains(&f.kind) {
                row.flags.push(f.kind);
            }
        }
    }
    out
}

fn warning(
    place: &Place<'_>,
    kind: FindingKind,
    requirement: Option<&str>,
    row: Option<u32>,
    column: Option<u32>,
    message: String,
) -> Finding {
    Finding {
        requirement: requirement.map(str::to_string),
        kind,
        severity: Severity::Warning,
        sheet: Some(place.sheet.to_string()),
        row,
        column: column.map(column_letter),
        message,
        requirements: Vec::new(),
    }
}

/// A row answered 対応 or 一部対応 with an explanation written.
fn explained(row: &RowResult) -> bool {
    matches!(
        row.answer,
        Some(AnswerKind::Compliant | AnswerKind::Partial)
    ) && row.row.is_some()
        && !is_placeholder(&row.explanation)
}

/// One finding per explanation written, word for word, into many rows: placed at its
/// first row, naming every row and requirement.
fn repeated(settings: &FormFilling, place: &Place<'_>, rows: &[RowResult]) -> Vec<Finding> {
    if settings.same_explanation_rows == 0 {
        return Vec::new();
    }
    let mut groups: BTreeMap<String, Vec<&RowResult>> = BTreeMap::new();
    for row in rows.iter().filter(|r| explained(r)) {
        groups
            .entry(text_key(&row.explanation))
            .or_default()
            .push(row);
    }
    let mut out: Vec<Finding> = groups
        .into_values()
        .filter(|g| g.len() >= settings.same_explanation_rows)
        .map(|mut group| {
            group.sort_by_key(|r| r.row);
            let numbers: Vec<u32> = group.iter().filter_map(|r| r.row).collect();
            let ids: Vec<String> = group.iter().map(|r| r.id.clone()).collect();
            let mut f = warning(
                place,
                FindingKind::RepeatedExplanation,
                None,
                numbers.first().copied(),
                place.explanation,
                format!(
                    "対応内容・実現方法に同じ記載「{}」が {} 行（{}）にあります（{}）。要件ごとに、どのように満たすかが書かれているか確認してください。",
                    clipped(&group[0].explanation),
                    group.len(),
                    row_ranges(&numbers),
                    some_ids(&ids)
                ),
            );
            f.requirements = ids;
            f
        })
        .collect();
    out.sort_by_key(|f| f.row);
    out
}

/// An explanation made of the requirement's own words.
fn restated(
    settings: &FormFilling,
    place: &Place<'_>,
    s: &Selected<'_>,
    row: &RowResult,
) -> Option<Finding> {
    let r = s.requirement;
    if settings.restated_share <= 0.0 || !explained(row) {
        return None;
    }
    let said = letters(&row.explanation);
    if said.chars().count() < settings.restated_min_chars.max(2) {
        return None;
    }
    let share = shared_pairs(&said, &letters(&s.text.question));
    (share >= settings.restated_share).then(|| {
        warning(
            place,
            FindingKind::RestatedRequirement,
            Some(&r.id),
            row.row,
            place.explanation,
            format!(
                "対応内容・実現方法「{}」は要件の文をほぼそのまま繰り返しており（文字の並びの {} % が要件の文と同じです）、どのように満たすかが書かれていない可能性があります。製品・機能・設定・手順など具体的な方法が示されているか確認してください。",
                clipped(&row.explanation),
                (share * 100.0).round() as u32
            ),
        )
    })
}

/// 「対応」 to a requirement that asks for evidence, with an evidence reference that
/// names no document or place in particular.
fn generic_evidence(
    settings: &FormFilling,
    place: &Place<'_>,
    s: &Selected<'_>,
    row: &RowResult,
) -> Option<Finding> {
    let r = s.requirement;
    let asked = s.text.evidence.as_deref()?;
    if row.answer != Some(AnswerKind::Compliant) || row.row.is_none() {
        return None;
    }
    let key = evidence_key(&row.evidence);
    let generic = settings
        .generic_evidence
        .iter()
        .any(|w| !key.is_empty() && evidence_key(w) == key);
    generic.then(|| {
        warning(
            place,
            FindingKind::GenericEvidence,
            Some(&r.id),
            row.row,
            place.evidence,
            format!(
                "「対応」の回答の証跡・根拠資料が「{}」だけで、どの資料のどこに示されているかが分かりません。求める証跡（{asked}）の名称と該当箇所が示されているか確認してください。",
                one_line(&row.evidence)
            ),
        )
    })
}

/// An evidence reference compared as a word: answer_key without quotes or brackets.
fn evidence_key(s: &str) -> String {
    answer_key(s)
        .chars()
        .filter(|c| !matches!(c, '「' | '」' | '『' | '』' | '"' | '\'' | '(' | ')'))
        .collect()
}

/// The letters of a text (normalised, without spaces, punctuation or symbols).
fn letters(s: &str) -> String {
    text_key(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// How many of `said`'s pairs of adjacent characters also occur in `source` (0–1).
fn shared_pairs(said: &str, source: &str) -> f64 {
    let pairs = |s: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let own = pairs(said);
    if own.is_empty() {
        return 0.0;
    }
    let known: BTreeSet<(char, char)> = pairs(source).into_iter().collect();
    own.iter().filter(|p| known.contains(p)).count() as f64 / own.len() as f64
}

/// A cell's text for a message: one line, at most 40 characters.
fn clipped(s: &str) -> String {
    let line = one_line(s);
    if line.chars().count() > 40 {
        format!("{}…", line.chars().take(40).collect::<String>())
    } else {
        line
    }
}

/// 「5〜9、12 行目」: sorted 1-based rows as ranges.
fn row_ranges(rows: &[u32]) -> String {
    let parts: Vec<String> = row_runs(rows)
        .into_iter()
        .map(|(start, end)| {
            if start == end {
                start.to_string()
            } else {
                format!("{start}〜{end}")
            }
        })
        .collect();
    format!("{} 行目", parts.join("、"))
}

/// The first ids, and how many more.
fn some_ids(ids: &[String]) -> String {
    const SHOWN: usize = 5;
    if ids.len() <= SHOWN {
        ids.join("、")
    } else {
        format!("{} ほか {} 件", ids[..SHOWN].join("、"), ids.len() - SHOWN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_written_as_ranges() {
        assert_eq!(row_ranges(&[5, 6, 7, 9, 12, 13]), "5〜7、9、12〜13 行目");
        assert_eq!(row_ranges(&[4]), "4 行目");
    }

    #[test]
    fn a_restatement_shares_most_pairs_and_a_real_answer_few() {
        let req = letters("利用者の認証には多要素認証を用いること。");
        let copy = letters("利用者の認証には多要素認証を用います。");
        let real = letters("管理画面は SAML で庁内 IdP に連携し、IdP 側で FIDO2 を必須にします。");
        assert!(
            shared_pairs(&copy, &req) >= 0.8,
            "{}",
            shared_pairs(&copy, &req)
        );
        assert!(
            shared_pairs(&real, &req) < 0.3,
            "{}",
            shared_pairs(&real, &req)
        );
    }

    #[test]
    fn evidence_is_compared_without_brackets_and_case() {
        assert_eq!(evidence_key("「提案書参照」。"), evidence_key("提案書参照"));
        assert_eq!(evidence_key("Web サイト"), evidence_key("web サイト"));
    }
}
