//! Reading an answer cell with the catalog's answer table: the words vendors write
//! (○, 可, Yes, △, ×, －, N/A ...), option lists left in the cell, qualifiers after a word.

use super::answers::{AnswerKind, AnswerTable};
use crate::normalize::{answer_key, visible};

/// What an answer cell holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// Nothing written.
    Blank,
    /// One of the four answers.
    Answer(AnswerKind),
    /// An answer word with a qualification after it (「対応（一部非対応）」,
    /// 「対応、ただし…」, 「対応予定」): read as 一部対応, never as 対応.
    Qualified(String),
    /// Two or more different answers in one cell: the option list left in the cell
    /// (「対応／一部対応／非対応」, 「○/×」) or a contradiction (「○(×)」). Not readable.
    Several { text: String, words: Vec<String> },
    /// Only a reference elsewhere (別紙参照), no answer.
    Reference(String),
    /// Something kijun cannot read as an answer.
    Unknown(String),
}

/// Remove bracketed remarks: `○(一部カスタマイズ)` → `○`.
fn strip_brackets(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '[' | '【' | '「' | '〔' | '<' => depth += 1,
            ')' | ']' | '】' | '」' | '〕' | '>' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Characters that separate the items of an option list (after NFKC): 「対応／非対応」,
/// 「○・×」, 「Yes|No」, 「対応、非対応」.
const LIST_SEPARATORS: [char; 6] = ['/', '・', '|', '、', ',', '又'];

/// Characters after which an answer word may be followed by more text.
const WORD_SEPARATORS: [char; 13] = [
    '。', '、', ',', '.', ':', '：', '(', '[', '【', '/', '／', '※', '・',
];

impl AnswerTable {
    /// What an answer cell says, read with this synonym table. A cell is read as one
    /// answer only when nothing in it says otherwise: an option list, a second answer
    /// word or a qualifier (ただし, 一部, 予定 ...) after the word never counts as 対応.
    pub fn read(&self, raw: &str) -> Reading {
        read_answer(raw, self)
    }
}

fn read_answer(raw: &str, table: &AnswerTable) -> Reading {
    let key = answer_key(raw);
    if key.is_empty() {
        return Reading::Blank;
    }
    if let Some(&kind) = table.lookup.get(&key) {
        return Reading::Answer(kind);
    }
    let words = listed_words(&key, table);
    if distinct_kinds(&words) > 1 {
        return Reading::Several {
            text: visible(raw),
            words: words.into_iter().map(|(w, _)| w).collect(),
        };
    }
    if let Some((kind, rest)) = head_word(&key, table) {
        return qualify(kind, &rest, raw, table);
    }
    if table
        .non_answer_keys
        .iter()
        .any(|w| key.contains(w.as_str()))
    {
        return Reading::Reference(visible(raw));
    }
    Reading::Unknown(visible(raw))
}

fn distinct_kinds(words: &[(String, AnswerKind)]) -> usize {
    let mut kinds: Vec<AnswerKind> = words.iter().map(|(_, k)| *k).collect();
    kinds.sort();
    kinds.dedup();
    kinds.len()
}

/// The items of an option list that are answer words: 「対応/一部対応/非対応」 gives all three.
fn listed_words(key: &str, table: &AnswerTable) -> Vec<(String, AnswerKind)> {
    let normalised = key.replace("または", "又").replace("or", "又");
    let items: Vec<&str> = normalised.split(LIST_SEPARATORS).collect();
    if items.len() < 2 {
        return Vec::new();
    }
    items
        .iter()
        .filter_map(|item| {
            let item = item.trim_matches(['。', '.', '!', '！', '?', '？']);
            let bare = strip_brackets(item);
            let found = [item, bare.as_str()]
                .into_iter()
                .find_map(|w| table.lookup.get(w).map(|&k| (w.to_string(), k)));
            found
        })
        .collect()
}

/// The answer word a cell starts with (or holds once its bracketed remarks are removed),
/// and what else the cell says.
fn head_word(key: &str, table: &AnswerTable) -> Option<(AnswerKind, String)> {
    let stripped = strip_brackets(key);
    if let Some(&kind) = table.lookup.get(&stripped) {
        return Some((kind, key.replacen(stripped.as_str(), "", 1)));
    }
    // "対応します。詳細は別紙" — an answer word followed by a separator and more text.
    // The longest word wins, so 対応不可 is not read as 対応.
    let mut best: Option<(&str, AnswerKind)> = None;
    for (w, &kind) in &table.lookup {
        if w.chars().count() < 2 && w.chars().any(char::is_alphanumeric) {
            continue; // a one-letter word (y, n, x, 可) is too weak for a prefix
        }
        if let Some(rest) = key.strip_prefix(w.as_str()) {
            // 「対応予定」「対応ただし…」: a qualifier may follow without a separator.
            let qualified = table
                .qualifier_keys
                .iter()
                .any(|q| rest.starts_with(q.as_str()));
            if (rest.starts_with(WORD_SEPARATORS) || qualified)
                && best.is_none_or(|(b, _)| w.len() > b.len())
            {
                best = Some((w, kind));
            }
        }
    }
    best.map(|(w, kind)| (kind, key[w.len()..].to_string()))
}

/// An answer word with more text after it. 一部対応 and 非対応 stand whatever follows;
/// 対応 and 該当なし stand only if the rest neither qualifies them nor names another answer.
fn qualify(kind: AnswerKind, rest: &str, raw: &str, table: &AnswerTable) -> Reading {
    if matches!(kind, AnswerKind::Partial | AnswerKind::Noncompliant) {
        return Reading::Answer(kind);
    }
    if table
        .qualifier_keys
        .iter()
        .any(|q| rest.contains(q.as_str()))
    {
        return Reading::Qualified(visible(raw));
    }
    let others: Vec<String> = table
        .scan_words
        .iter()
        .filter(|(w, k)| *k != kind && contains_word(rest, w))
        .filter(|(_, k)| kind != AnswerKind::NotApplicable || *k != AnswerKind::Compliant)
        .map(|(w, _)| w.clone())
        .collect();
    if others.is_empty() {
        return Reading::Answer(kind);
    }
    let mut words = vec![kind.label().to_string()];
    words.extend(others);
    Reading::Several {
        text: visible(raw),
        words,
    }
}

/// Whether `text` holds `word`; a Latin word only as a whole word (「no」 not in 「note」).
fn contains_word(text: &str, word: &str) -> bool {
    if !word.chars().all(|c| c.is_ascii_alphanumeric()) {
        return text.contains(word);
    }
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::load::{embedded_files, from_files};

    fn table() -> AnswerTable {
        from_files(&embedded_files(), "test")
            .expect("catalog")
            .answers
    }

    #[test]
    fn vendor_marks_and_words() {
        let t = table();
        let a = |s: &str| t.read(s);
        use AnswerKind::*;
        for s in [
            "○",
            "◯",
            "〇",
            "⭕",
            "対応",
            " 対応 ",
            "対応\n",
            "可",
            "はい",
            "Yes",
            "ＹＥＳ",
            "ok",
            "対応します。",
            "○（標準機能）",
            "対応。詳細は別紙参照",
        ] {
            assert_eq!(a(s), Reading::Answer(Compliant), "{s:?}");
        }
        for s in ["△", "一部対応", "条件付き", "代替", "代替措置", "一部"] {
            assert_eq!(a(s), Reading::Answer(Partial), "{s:?}");
        }
        for s in [
            "×",
            "✕",
            "✖",
            "不可",
            "非対応",
            "対応不可",
            "いいえ",
            "No",
            "ｎｏ",
        ] {
            assert_eq!(a(s), Reading::Answer(Noncompliant), "{s:?}");
        }
        for s in ["－", "-", "該当なし", "対象外", "N/A", "n/a", "ー"] {
            assert_eq!(a(s), Reading::Answer(NotApplicable), "{s:?}");
        }
        assert_eq!(a(""), Reading::Blank);
        assert_eq!(a(" \n "), Reading::Blank);
        assert_eq!(a("別紙参照"), Reading::Reference("別紙参照".into()));
        assert_eq!(
            a("詳細は提案書参照"),
            Reading::Reference("詳細は提案書参照".into())
        );
        assert_eq!(a("たぶん"), Reading::Unknown("たぶん".into()));
        assert_eq!(a("1"), Reading::Unknown("1".into()));
    }

    #[test]
    fn a_restriction_on_who_may_act_qualifies_the_answer() {
        let t = table();
        for s in ["◎（担当者以外は閲覧不可）", "はい(システム管理者のみ)"]
        {
            assert_eq!(t.read(s), Reading::Qualified(s.into()), "{s:?}");
        }
        for s in ["○・×（担当者のみ）", "はい(いいえ)"] {
            assert!(matches!(t.read(s), Reading::Several { .. }), "{s:?}");
        }
    }

    #[test]
    fn an_explanation_that_only_points_elsewhere() {
        let t = table();
        for s in [
            "詳しくは提案書第3章参照",
            "別添2-1のとおり",
            "【添付資料参照】",
        ] {
            assert!(t.only_refers(s), "{s:?}");
        }
        for s in ["ログを1年間保存する。別添参照", "", "参照", "詳細は"] {
            assert!(!t.only_refers(s), "{s:?}");
        }
    }

    #[test]
    fn kijuns_own_readings_reach_every_released_edition() {
        // habits.toml, not the frozen answers.toml, holds them: workbooks sent out under
        // a released edition are read by them too, and a catalog's own words still count.
        let editions = crate::catalog::editions::Editions::embedded().expect("editions");
        for e in editions.all() {
            let t = e.load().expect("edition loads").answers;
            assert!(t.only_refers("別紙参照"), "{}", e.version);
            assert_eq!(
                t.read("○（管理者以外不可）"),
                Reading::Qualified("○（管理者以外不可）".into()),
                "{}",
                e.version
            );
            assert_eq!(
                t.read("対応予定"),
                Reading::Qualified("対応予定".into()),
                "{}",
                e.version
            );
        }
    }
}
