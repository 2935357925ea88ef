//! Normalisation of what people type: requirement texts compared for alteration,
//! requirement ids, and the answers vendors write (○, 可, Yes, △, ×, －, N/A ...).
//! NFKC first (full-width/half-width, ①→1), then our own rules for what NFKC leaves.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use crate::catalog::{AnswerKind, AnswerTable};

/// Characters that pasting leaves in a cell and nobody sees: zero-width space and
/// joiners, word joiner, byte-order mark, soft hyphen, direction marks, and the
/// variation selectors that turn ⭕ or ✔ into an emoji (「⭕️」 is ⭕ + U+FE0F).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{180E}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{FE00}'..='\u{FE0F}'
    )
}

/// Dropped from every comparison key: whitespace and invisible characters.
fn is_ignored(c: char) -> bool {
    c.is_whitespace() || is_invisible(c)
}

/// A cell's text for a message: one line, with invisible and control characters shown
/// as `<U+200B>` so the reader sees why it did not match.
pub fn visible(s: &str) -> String {
    // As the vendor wrote it (not NFKC), on one line.
    let line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if !line.chars().any(|c| is_invisible(c) || c.is_control()) {
        return line;
    }
    line.chars()
        .map(|c| {
            if is_invisible(c) || c.is_control() {
                format!("<U+{:04X}>", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The comparison key of a text: NFKC, with all whitespace (spaces, full-width spaces,
/// line breaks) and invisible characters removed. Two texts are "the same wording" when
/// their keys are equal.
pub fn text_key(s: &str) -> String {
    // Most cells are already normalised: skip the work for them (verify reads every row).
    if is_plain(s) {
        return s.to_string();
    }
    // Already NFKC apart from its spaces and line breaks: dropping them is all there is
    // to do, if what remains is still normalised (no combining mark left stranded).
    let spaceless = || s.chars().filter(|c| !is_ignored(*c));
    if is_nfkc_quick(s.chars()) == IsNormalized::Yes
        && is_nfkc_quick(spaceless()) == IsNormalized::Yes
    {
        return spaceless().collect();
    }
    // NFKC can turn a spacing mark into a space plus a combining mark (´ → " ́");
    // composing again after the spaces are gone keeps the key idempotent.
    s.nfkc().filter(|c| !is_ignored(*c)).nfc().collect()
}

/// A text as one trimmed line: NFKC, line breaks and runs of spaces made one space.
pub fn one_line(s: &str) -> String {
    if is_plain(s) {
        return s.to_string();
    }
    let n: String = s.nfkc().collect();
    n.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .collect()
}

/// Already NFKC (quick check) and without whitespace or invisible characters:
/// normalising changes nothing.
fn is_plain(s: &str) -> bool {
    !s.chars().any(is_ignored) && is_nfkc_quick(s.chars()) == IsNormalized::Yes
}

/// A requirement id as a vendor may have typed it (full-width, lower case, other
/// dashes, spaces) in canonical form: `ｏｕｔ－０３` → `OUT-03`.
pub fn requirement_id(s: &str) -> String {
    if s.bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
    {
        return s.to_string();
    }
    one_line(s)
        .chars()
        .filter(|c| !is_ignored(*c))
        .map(|c| match c {
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | 'ー' | '－' | '_' => '-',
            c => c.to_ascii_uppercase(),
        })
        // Removing spaces can bring combining marks together; put them in canonical order.
        .nfc()
        .collect()
}

/// Whether a cell says nothing: empty, or only a dash or "なし" placeholder.
pub fn is_placeholder(s: &str) -> bool {
    let k = answer_key(s);
    k.is_empty()
        || [
            "-",
            "―",
            "‐",
            "−",
            "ー",
            "なし",
            "特になし",
            "無し",
            "n/a",
            "na",
        ]
        .contains(&k.as_str())
}

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

/// The comparison key of an answer word: NFKC, no whitespace or invisible characters,
/// lower case, without trailing sentence punctuation.
pub fn answer_key(s: &str) -> String {
    // Lower case can leave a letter and its combining mark uncomposed (Y̊ → y + ̊): compose again.
    let k: String = text_key(s).to_lowercase().nfc().collect();
    k.trim_end_matches(['。', '.', '、', ',', '!', '！'])
        .to_string()
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

/// Read an answer cell with the catalog's synonym table. A cell is read as one answer
/// only when nothing in it says otherwise: an option list, a second answer word or a
/// qualifier (ただし, 一部, 予定 ...) after the word never counts as 対応.
pub fn read_answer(raw: &str, table: &AnswerTable) -> Reading {
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
        let a = |s: &str| read_answer(s, &t);
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
    fn ids_and_texts() {
        // Found by fuzzing: spaces between combining marks.
        let odd = "-\u{19}\u{5e4}\u{5ac} \u{5a4}\u{5a4}b";
        assert_eq!(requirement_id(&requirement_id(odd)), requirement_id(odd));
        assert_eq!(requirement_id("ｏｕｔ－０３"), "OUT-03");
        assert_eq!(requirement_id(" OUT‐03\n"), "OUT-03");
        assert_eq!(
            text_key("管理者　権限\nで ログイン"),
            text_key("管理者権限でログイン")
        );
        assert!(is_placeholder(" － "));
        assert!(!is_placeholder("ISMS IS 123456"));
    }
}
