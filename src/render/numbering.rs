//! Japanese numbering for official documents: the item labels `1` → `(1)` → `ア` →
//! `(ア)` → `a` → `(a)`, kanji and full-width numerals, and 第N条 for contract articles.
//! Pure functions, used by the document model and exposed to templates as helpers.

/// The 48 katakana in 五十音 order (with ヰ・ヱ and ン), as official documents count
/// ア, イ, ウ …
const KANA: [char; 48] = [
    'ア', 'イ', 'ウ', 'エ', 'オ', 'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ',
    'チ', 'ツ', 'テ', 'ト', 'ナ', 'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ',
    'ム', 'メ', 'モ', 'ヤ', 'ユ', 'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ヰ', 'ヱ', 'ヲ', 'ン',
];

const LATIN: [char; 26] = [
    'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's',
    't', 'u', 'v', 'w', 'x', 'y', 'z',
];

const KANJI_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Counting in a bijective base over `alphabet`: 1 → first letter, past the last letter
/// the labels continue with two letters (ン → アア, アイ …), as spreadsheet columns do,
/// so every number still gets a distinct label. 0 has no letter and stays `0`.
fn letters(n: u64, alphabet: &[char]) -> String {
    if n == 0 {
        return "0".to_string();
    }
    let base = alphabet.len() as u64;
    let mut n = n;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(alphabet[(n % base) as usize]);
        n /= base;
    }
    out.iter().rev().collect()
}

/// ア, イ, … ン (48), then アア, アイ, …
pub(crate) fn kana(n: u64) -> String {
    letters(n, &KANA)
}

/// a, b, … z, then aa, ab, …
pub(crate) fn latin(n: u64) -> String {
    letters(n, &LATIN)
}

/// Full-width digits: 12 → １２.
pub(crate) fn zenkaku(n: u64) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
        .collect()
}

/// Kanji numerals as written in documents: 10 → 十, 21 → 二十一, 1000 → 千,
/// 10000 → 一万, 0 → 〇.
pub(crate) fn kanji(n: u64) -> String {
    if n == 0 {
        return KANJI_DIGITS[0].to_string();
    }
    const GROUPS: [&str; 5] = ["", "万", "億", "兆", "京"];
    let mut out = String::new();
    let mut groups = Vec::new();
    let mut rest = n;
    while rest > 0 {
        groups.push(rest % 10_000);
        rest /= 10_000;
    }
    for (i, g) in groups.iter().enumerate().rev() {
        if *g == 0 {
            continue;
        }
        out.push_str(&below_10000(*g, i > 0));
        out.push_str(GROUPS.get(i).copied().unwrap_or(""));
    }
    out
}

/// 1..9999 in kanji. `before_unit`: the group carries 万/億…, where 千 is written
/// 一千 (一千万), while standing alone it is simply 千.
fn below_10000(n: u64, before_unit: bool) -> String {
    const UNITS: [(u64, char); 3] = [(1000, '千'), (100, '百'), (10, '十')];
    let mut out = String::new();
    let mut rest = n;
    for (value, unit) in UNITS {
        let d = rest / value;
        rest %= value;
        if d == 0 {
            continue;
        }
        if d > 1 || (before_unit && value == 1000) {
            out.push(KANJI_DIGITS[d as usize]);
        }
        out.push(unit);
    }
    if rest > 0 {
        out.push(KANJI_DIGITS[rest as usize]);
    }
    out
}

/// `(x)` with half-width parentheses, as in `(1)` and `(ア)`.
pub(crate) fn paren(x: &str) -> String {
    format!("({x})")
}

/// The label of item `n` at `depth` in the official scheme:
/// 1: `1`, 2: `(1)`, 3: `ア`, 4: `(ア)`, 5: `a`, 6: `(a)`; deeper levels keep `(a)`.
pub(crate) fn label(depth: u64, n: u64) -> String {
    match depth {
        0 | 1 => n.to_string(),
        2 => paren(&n.to_string()),
        3 => kana(n),
        4 => paren(&kana(n)),
        5 => latin(n),
        _ => paren(&latin(n)),
    }
}

/// 第1条
pub(crate) fn article(n: u64) -> String {
    format!("第{n}条")
}

/// 第一条
pub(crate) fn article_kanji(n: u64) -> String {
    format!("第{}条", kanji(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kana_follows_the_48_kana_order_and_continues_past_n() {
        assert_eq!(kana(1), "ア");
        assert_eq!(kana(2), "イ");
        assert_eq!(kana(6), "カ");
        assert_eq!(kana(36), "ヤ");
        assert_eq!(kana(37), "ユ");
        assert_eq!(kana(44), "ワ");
        assert_eq!(kana(45), "ヰ");
        assert_eq!(kana(48), "ン");
        assert_eq!(kana(49), "アア");
        assert_eq!(kana(50), "アイ");
        assert_eq!(kana(48 + 48), "アン");
        assert_eq!(kana(48 * 49 + 1), "アアア");
        assert_eq!(kana(0), "0");
    }

    #[test]
    fn every_kana_label_is_distinct() {
        let labels: std::collections::BTreeSet<String> = (1..=3000).map(kana).collect();
        assert_eq!(labels.len(), 3000);
    }

    #[test]
    fn latin_letters() {
        assert_eq!(latin(1), "a");
        assert_eq!(latin(26), "z");
        assert_eq!(latin(27), "aa");
    }

    #[test]
    fn kanji_numerals() {
        let cases = [
            (0, "〇"),
            (1, "一"),
            (9, "九"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (21, "二十一"),
            (100, "百"),
            (105, "百五"),
            (110, "百十"),
            (999, "九百九十九"),
            (1000, "千"),
            (1234, "千二百三十四"),
            (2000, "二千"),
            (10_000, "一万"),
            (10_001, "一万一"),
            (12_345, "一万二千三百四十五"),
            (10_000_000, "一千万"),
            (100_000_000, "一億"),
            (100_010_000, "一億一万"),
        ];
        for (n, want) in cases {
            assert_eq!(kanji(n), want, "{n}");
        }
    }

    #[test]
    fn full_width_numerals() {
        assert_eq!(zenkaku(0), "０");
        assert_eq!(zenkaku(1203), "１２０３");
    }

    #[test]
    fn official_levels() {
        assert_eq!(label(1, 2), "2");
        assert_eq!(label(2, 3), "(3)");
        assert_eq!(label(3, 1), "ア");
        assert_eq!(label(4, 2), "(イ)");
        assert_eq!(label(5, 3), "c");
        assert_eq!(label(6, 1), "(a)");
        assert_eq!(label(9, 1), "(a)");
    }

    #[test]
    fn articles() {
        assert_eq!(article(1), "第1条");
        assert_eq!(article(12), "第12条");
        assert_eq!(article_kanji(1), "第一条");
        assert_eq!(article_kanji(12), "第十二条");
    }
}
