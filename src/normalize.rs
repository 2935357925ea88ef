//! Normalisation of what people type: requirement texts compared for alteration,
//! requirement ids, and the answers vendors write (○, 可, Yes, △, ×, －, N/A ...).
//! NFKC first (full-width/half-width, ①→1), then our own rules for what NFKC leaves.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use crate::catalog::{AnswerKind, AnswerTable};

/// The comparison key of a text: NFKC, with all whitespace (spaces, full-width spaces,
/// line breaks) removed. Two texts are "the same wording" when their keys are equal.
pub fn text_key(s: &str) -> String {
    // Most cells are already normalised: skip the work for them (verify reads every row).
    if is_plain(s) {
        return s.to_string();
    }
    // Already NFKC apart from its spaces and line breaks: dropping them is all there is
    // to do, if what remains is still normalised (no combining mark left stranded).
    let spaceless = || s.chars().filter(|c| !c.is_whitespace());
    if is_nfkc_quick(s.chars()) == IsNormalized::Yes
        && is_nfkc_quick(spaceless()) == IsNormalized::Yes
    {
        return spaceless().collect();
    }
    // NFKC can turn a spacing mark into a space plus a combining mark (´ → " ́");
    // composing again after the spaces are gone keeps the key idempotent.
    s.nfkc().filter(|c| !c.is_whitespace()).nfc().collect()
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

/// Already NFKC (quick check) and without whitespace: normalising changes nothing.
fn is_plain(s: &str) -> bool {
    !s.chars().any(char::is_whitespace) && is_nfkc_quick(s.chars()) == IsNormalized::Yes
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
        .filter(|c| !c.is_whitespace())
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
    /// Only a reference elsewhere (別紙参照), no answer.
    Reference(String),
    /// Something kijun cannot read as an answer.
    Unknown(String),
}

/// The comparison key of an answer word: NFKC, no whitespace, lower case, without
/// trailing sentence punctuation.
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

/// Read an answer cell with the catalog's synonym table.
pub fn read_answer(raw: &str, table: &AnswerTable) -> Reading {
    let key = answer_key(raw);
    if key.is_empty() {
        return Reading::Blank;
    }
    if let Some(&kind) = table.lookup.get(&key) {
        return Reading::Answer(kind);
    }
    let stripped = strip_brackets(&key);
    if let Some(&kind) = table.lookup.get(&stripped) {
        return Reading::Answer(kind);
    }
    // "対応します。詳細は別紙" — an answer word followed by a separator and more text.
    // The longest word wins, so 対応不可 is not read as 対応.
    let mut best: Option<(usize, AnswerKind)> = None;
    for (w, &kind) in &table.lookup {
        if w.chars().count() < 2 && w.chars().any(char::is_alphanumeric) {
            continue; // a one-letter word (y, n, x, 可) is too weak for a prefix
        }
        if let Some(rest) = key.strip_prefix(w.as_str()) {
            let separated = rest.starts_with([
                '。', '、', ',', '.', ':', '：', '(', '[', '【', '/', '／', '※', '・',
            ]);
            if separated && best.is_none_or(|(len, _)| w.len() > len) {
                best = Some((w.len(), kind));
            }
        }
    }
    if let Some((_, kind)) = best {
        return Reading::Answer(kind);
    }
    if table
        .non_answer_keys
        .iter()
        .any(|w| key.contains(w.as_str()))
    {
        return Reading::Reference(one_line(raw));
    }
    Reading::Unknown(one_line(raw))
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
