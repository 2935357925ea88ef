//! Wording checks a reviewer would make of each sentence: a vague word (速やかに,
//! 遅滞なく, 定期的に …) must be bound to a parameter or to an instruction of the
//! 発注者; a literal number with a unit (1時間, 90日, 10文字) must be a parameter unless
//! an allow-list entry quotes it from a law, with its reason; a sentence of the 仕様書
//! never points at 「この特記事項」.

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use crate::catalog::{Catalog, Requirement, Wording};

/// A placeholder as lint sees it after `Wording::with_slots`.
const SLOT: &str = "〔〕";

/// The texts of a requirement lint reads, by field name.
pub(super) fn texts(r: &Requirement) -> Vec<(&'static str, &Wording)> {
    let mut out = vec![("spec", &r.spec)];
    if let Some(c) = &r.clause {
        out.push(("clause", c));
    }
    if let Some(q) = &r.own_question {
        out.push(("question", q));
    }
    if let Some(e) = &r.evidence {
        out.push(("evidence", e));
    }
    out
}

/// The sentences of a text (split after 。), NFKC-folded, placeholders as 〔〕.
fn sentences(w: &Wording) -> Vec<String> {
    let text: String = w.with_slots().nfkc().collect();
    text.split_inclusive('。')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// How far (in characters, either side) a value or an instruction binds a vague word.
const NEAR_CHARS: usize = 15;

/// The text around `len` bytes at `at`: up to `chars` characters either side.
fn around(sentence: &str, at: usize, len: usize, chars: usize) -> &str {
    let start = sentence[..at]
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let end = sentence[at + len..]
        .char_indices()
        .nth(chars)
        .map_or(sentence.len(), |(i, _)| at + len + i);
    &sentence[start..end]
}

/// Vague words left unbound, one message each.
pub(super) fn vague(c: &Catalog, r: &Requirement) -> Vec<String> {
    let lint = &c.meta.lint;
    let mut out = Vec::new();
    let bindings: Vec<String> = lint.binding.iter().map(|b| b.nfkc().collect()).collect();
    for (field, w) in texts(r) {
        for sentence in sentences(w) {
            for word in &lint.vague {
                let folded: String = word.nfkc().collect();
                let unbound = sentence.match_indices(&folded).any(|(at, _)| {
                    // Bound only by a value or an instruction next to the word itself,
                    // not by one elsewhere in the sentence about something else.
                    let near = around(&sentence, at, folded.len(), NEAR_CHARS);
                    !(near.contains(SLOT) || bindings.iter().any(|b| near.contains(b.as_str())))
                });
                if unbound {
                    out.push(format!(
                        "{field} の「{word}」は期限・頻度・程度が定まらない表現です。パラメータ（{{{{param.名前}}}}）で値を示すか、「発注者が指示する期限までに」のように発注者の指示に結び付けてください（文: {}）",
                        excerpt(&sentence)
                    ));
                }
            }
        }
    }
    out
}

/// The numbers-with-units pattern for this catalog: every parameter unit and every
/// unit the lint data lists, longest first so 営業日 wins over 日.
fn number_pattern(c: &Catalog) -> Option<Regex> {
    let mut units: Vec<String> = c
        .schema
        .parameters
        .iter()
        .map(|p| p.unit.nfkc().collect::<String>())
        .chain(c.meta.lint.units.iter().map(|u| u.nfkc().collect()))
        .filter(|u: &String| !u.is_empty())
        .collect();
    units.sort_by_key(|u| std::cmp::Reverse(u.chars().count()));
    units.dedup();
    if units.is_empty() {
        return None;
    }
    let alternatives: Vec<String> = units.iter().map(|u| regex::escape(u)).collect();
    // A digit run not part of a dotted number (4.1.1, TLS 1.2), then a unit.
    Regex::new(&format!(
        r"(?:^|[^0-9.])([0-9]+(?:\.[0-9]+)?\s*(?:{}))",
        alternatives.join("|")
    ))
    .ok()
}

/// Literal numbers that should be parameters, one message each.
pub(super) fn numbers(c: &Catalog, r: &Requirement) -> Vec<String> {
    let Some(pattern) = number_pattern(c) else {
        return Vec::new();
    };
    let allowed = |found: &str| {
        c.meta.lint.allow.iter().any(|a| {
            let text: String = a.text.nfkc().collect();
            found.contains(text.as_str()) && a.ids.contains(&r.id)
        })
    };
    let mut out = Vec::new();
    for (field, w) in texts(r) {
        for sentence in sentences(w) {
            let mut found: Vec<String> = pattern
                .captures_iter(&sentence)
                .filter_map(|m| m.get(1).map(|g| g.as_str().to_string()))
                .collect();
            found.extend(
                c.meta
                    .lint
                    .periods
                    .iter()
                    .filter(|p| sentence.contains(p.nfkc().collect::<String>().as_str()))
                    .cloned(),
            );
            for n in found {
                if allowed(&n) {
                    continue;
                }
                out.push(format!(
                    "{field} の「{n}」は kijun が決めた値のように読めます。[[parameter]]（標準カタログでは profile.toml、オーバーレイではそのファイル）に定義して {{{{param.名前}}}} で書くか、法令等から引いた値なら カタログの catalog.toml の [[lint.allow]] に理由とともに登録してください（文: {}）",
                    excerpt(&sentence)
                ));
            }
        }
    }
    out
}

/// A sentence of the 仕様書 that points into the contract appendix by this name.
pub(super) fn spec_references(r: &Requirement) -> Option<String> {
    let spec = r.spec.raw();
    ["この特記事項", "本特記事項"]
        .into_iter()
        .find(|w| spec.contains(w))
        .map(|w| {
            format!("spec（調達仕様書の文）に「{w}」とあります。仕様書の中では契約書の別紙を指せないため、「本仕様書」又は具体的な義務の内容で書いてください")
        })
}

fn excerpt(s: &str) -> String {
    let n = s.chars().count();
    if n <= 40 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(40).collect::<String>())
    }
}
