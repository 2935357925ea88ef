//! Normalisation of what people type: requirement texts compared for alteration,
//! requirement ids, and the keys answer words are compared by (reading an answer cell
//! is the catalog's answer table's job: `catalog::reading`).
//! NFKC first (full-width/half-width, ①→1), then our own rules for what NFKC leaves.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Characters that pasting leaves in a cell and nobody sees: zero-width space and
/// joiners, word joiner, byte-order mark, soft hyphen, direction marks, and the
/// variation selectors that turn ⭕ or ✔ into an emoji (「⭕️」 is ⭕ + U+FE0F).
pub(crate) fn is_invisible(c: char) -> bool {
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
pub(crate) fn visible(s: &str) -> String {
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
pub(crate) fn is_placeholder(s: &str) -> bool {
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

/// The comparison key of an answer word: NFKC, no whitespace or invisible characters,
/// lower case, without trailing sentence punctuation.
pub fn answer_key(s: &str) -> String {
    // Lower case can leave a letter and its combining mark uncomposed (Y̊ → y + ̊): compose again.
    let k: String = text_key(s).to_lowercase().nfc().collect();
    k.trim_end_matches(['。', '.', '、', ',', '!', '！'])
        .to_string()
}

/// The comparison key of a header: NFKC, no spaces, lower case, without bracketed notes
/// ("回答（○/×）" → "回答") and trailing colons.
pub(crate) fn header_key(s: &str) -> String {
    let n: String = s
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let mut out = String::new();
    let mut depth = 0usize;
    for c in n.chars() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let out = out.trim_end_matches([':', '：', '*', '※']).to_string();
    if out.is_empty() {
        n
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
