//! Small helpers for reading TOML written by people: line numbers for spans, syntax
//! errors worded in Japanese, and forgiveness for what a Japanese input method types
//! (full-width digits and spaces, `TRUE`) where the intent is unambiguous.

/// 1-based line of a byte offset in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// "N行目" for a byte offset.
pub(crate) fn at_line(text: &str, offset: usize) -> String {
    format!("{}行目", line_of(text, offset))
}

/// A TOML syntax or shape error as a Japanese sentence with its line. The parser's own
/// (English) wording never reaches the user: it is mapped to what to do instead.
pub(crate) fn describe_error(text: &str, err: &toml::de::Error) -> String {
    let what = japanese_reason(err.message());
    match err.span() {
        Some(span) => {
            let line = line_of(text, span.start);
            let shown = text
                .lines()
                .nth(line - 1)
                .map(|l| l.trim().chars().take(60).collect::<String>())
                .filter(|l| !l.is_empty())
                .map(|l| format!("「{l}」"))
                .unwrap_or_default();
            format!("{line}行目{shown}: TOML として読めません（{what}）")
        }
        None => format!("TOML として読めません（{what}）"),
    }
}

/// What a TOML parser message means, in Japanese, with what to write instead.
fn japanese_reason(message: &str) -> &'static str {
    // Matched in order against the parser's message (its part before ", expected").
    const REASONS: &[(&[&str], &str)] = &[
        (&["duplicate key"], "同じ項目または表が二度書かれています。一つにまとめてください"),
        (
            &["missing field"],
            "この表に必要な項目が書かれていません。表の説明（README）にある必須の項目をすべて書いてください",
        ),
        (
            &["string values must be quoted", "unquoted string"],
            "文字列の値は \"電子申請受付システム\" のように「\"」で囲んでください",
        ),
        (
            &["invalid boolean"],
            "真偽値は半角の true または false で書いてください",
        ),
        (
            &["inline table"],
            "「{ }」の書き方が正しくありません。「{」と「}」が対応しているか確かめてください",
        ),
        (
            &["table"],
            "表の見出しは [system] のように半角の「[」「]」で囲んで書いてください",
        ),
        (
            &["array"],
            "配列は [\"development\", \"operation\"] のように、値を「,」で区切り「[」「]」で囲んで書いてください",
        ),
        (
            &["key with no value"],
            "項目名の後に半角の「=」と値がありません。名前 = 値 の形で書いてください",
        ),
        (
            &["missing value", "value separator"],
            "「=」の後に値がありません。名前 = 値 の形で書いてください",
        ),
        (
            &["key"],
            "項目名が正しくありません。項目名には半角の英数字と「_」を使い、名前 = 値 の形で書いてください",
        ),
        (
            &["date", "time", "offset"],
            "日付・時刻として読めません。文字列のつもりなら \"…\" で囲んでください",
        ),
        (
            &["string", "quote", "escape", "unicode"],
            "文字列の書き方が正しくありません。「\"」が閉じているか、「\\」を使っていないか確かめてください",
        ),
        (
            &["integer", "number", "float", "zero", "radix", "sign", "mantissa", "fraction", "exponent", "digit"],
            "数値は半角の数字で書いてください（例: confidentiality = 2）",
        ),
        (&["carriage return"], "改行の文字が正しくありません"),
        (&["comment"], "コメントは「#」で始めてください"),
    ];
    let lower = message.to_lowercase();
    let lower = lower.split(", expected").next().unwrap_or("");
    REASONS
        .iter()
        .find(|(keys, _)| keys.iter().any(|k| lower.contains(k)))
        .map_or(
            "書き方が正しくありません。項目は 名前 = 値 の形で、文字列は \"…\" で囲んで書いてください",
            |(_, r)| r,
        )
}

/// Parse TOML text into a table whose keys and values keep their spans.
pub(crate) fn parse_spanned(text: &str) -> Result<toml::de::DeTable<'_>, String> {
    toml::de::DeTable::parse(text)
        .map(|t| t.into_inner())
        .map_err(|e| describe_error(text, &e))
}

/// What kind of value this is, in words a profile author understands.
pub(crate) fn kind_name(v: &toml::de::DeValue<'_>) -> &'static str {
    use toml::de::DeValue::*;
    match v {
        String(_) => "文字列",
        Integer(_) => "整数",
        Float(_) => "小数",
        Boolean(_) => "真偽値",
        Datetime(_) => "日時",
        Array(_) => "配列",
        Table(_) => "表",
    }
}

/// Words an author may mean as true or false but TOML does not read as such.
const BOOL_WORDS: &[&str] = &[
    "はい",
    "いいえ",
    "yes",
    "no",
    "on",
    "off",
    "有",
    "無",
    "あり",
    "なし",
    "する",
    "しない",
    "○",
    "×",
    "〇",
    "y",
    "n",
];

/// Make what a Japanese input method typed into TOML where the intent is unambiguous:
/// full-width digits and the ideographic space outside strings and comments become
/// ASCII, and `TRUE`/`True`/`FALSE` become `true`/`false`. What is ambiguous is a
/// Japanese problem with its line: other full-width signs (＝ ＂ ［), unquoted words
/// (`cloud = iaas`), and はい/いいえ for a true/false value. Line numbers do not change.
pub(crate) fn repair_ime(text: &str) -> Result<String, Vec<String>> {
    let mut out = String::with_capacity(text.len());
    let mut problems = Vec::new();
    let mut state = State::Normal;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let starts_plain = state == State::Normal;
        let (converted, wide, next) = scan_line(line, state);
        state = next;
        if let Some((wide, narrow)) = wide {
            problems.push(format!(
                "{}行目: 全角の「{wide}」が使われています。半角の「{narrow}」で入力してください",
                i + 1
            ));
        }
        let converted = if starts_plain {
            match check_value(&converted) {
                Ok(Some(fixed)) => fixed,
                Ok(None) => converted,
                Err(problem) => {
                    problems.push(format!("{}行目: {problem}", i + 1));
                    converted
                }
            }
        } else {
            converted
        };
        out.push_str(&converted);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Normal,
    Basic,
    Literal,
    MultiBasic,
    MultiLiteral,
    Comment,
}

/// One line: full-width digits and spaces outside strings made ASCII; the first other
/// full-width sign outside strings (with its half-width form); the state at line end.
fn scan_line(line: &str, mut state: State) -> (String, Option<(char, char)>, State) {
    let mut out = String::with_capacity(line.len());
    let mut wide = None;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let triple = |i: usize, q: char| chars.get(i + 1) == Some(&q) && chars.get(i + 2) == Some(&q);
    while i < chars.len() {
        let c = chars[i];
        match state {
            State::Normal => match c {
                '#' => {
                    state = State::Comment;
                    out.push(c);
                }
                '"' | '\'' if triple(i, c) => {
                    state = if c == '"' {
                        State::MultiBasic
                    } else {
                        State::MultiLiteral
                    };
                    out.extend([c, c, c]);
                    i += 2;
                }
                '"' => {
                    state = State::Basic;
                    out.push(c);
                }
                '\'' => {
                    state = State::Literal;
                    out.push(c);
                }
                '\u{3000}' => out.push(' '),
                '０'..='９' => out.push(narrow(c)),
                '\u{ff01}'..='\u{ff5e}' => {
                    wide.get_or_insert((c, narrow(c)));
                    out.push(narrow(c));
                }
                _ => out.push(c),
            },
            State::Basic | State::MultiBasic if c == '\\' => {
                out.push(c);
                if let Some(&n) = chars.get(i + 1) {
                    out.push(n);
                    i += 1;
                }
            }
            State::Basic if c == '"' => {
                state = State::Normal;
                out.push(c);
            }
            State::Literal if c == '\'' => {
                state = State::Normal;
                out.push(c);
            }
            State::MultiBasic | State::MultiLiteral
                if c == if state == State::MultiBasic {
                    '"'
                } else {
                    '\''
                } && triple(i, c) =>
            {
                state = State::Normal;
                out.extend([c, c, c]);
                i += 2;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    // Single-line strings and comments end with the line; the parser reports an unclosed one.
    let next = match state {
        State::MultiBasic | State::MultiLiteral => state,
        _ => State::Normal,
    };
    (out, wide, next)
}

/// The half-width form of a full-width ASCII character.
fn narrow(c: char) -> char {
    char::from_u32(c as u32 - 0xfee0).unwrap_or(c)
}

/// A `key = value` line whose value is a bare word: `true`/`false` in another case is
/// fixed (the fixed line is returned); any other word is a problem to report.
fn check_value(line: &str) -> Result<Option<String>, String> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('#') {
        return Ok(None);
    }
    let Some((key, rest)) = line.split_once('=') else {
        return Ok(None);
    };
    let key = key.trim();
    if key.is_empty() || key.contains(['"', '\'']) {
        return Ok(None);
    }
    let value_start = line.len() - rest.trim_start().len();
    let rest = rest.trim_start();
    if let Some(inner) = rest.strip_prefix('[') {
        return check_array(key, inner).map(|()| None);
    }
    let first = rest.chars().next().unwrap_or('#');
    if first == '#'
        || first == '"'
        || first == '\''
        || first == '{'
        || first == '+'
        || first == '-'
        || first.is_ascii_digit()
    {
        return Ok(None);
    }
    let word = rest.split('#').next().unwrap_or("").trim_end();
    let tail = &rest[word.len()..];
    let lower = word.to_lowercase();
    if lower == "true" || lower == "false" {
        if word == lower {
            return Ok(None);
        }
        return Ok(Some(format!("{}{lower}{tail}", &line[..value_start])));
    }
    if lower == "inf" || lower == "nan" {
        return Ok(None);
    }
    if BOOL_WORDS.contains(&lower.as_str()) {
        return Err(format!(
            "{key} = {word} は読めません。真偽値は、はい・あり なら true、いいえ・なし なら false と半角で書いてください"
        ));
    }
    Err(format!(
        "{key} の値「{word}」が引用符で囲まれていません。文字列は {key} = \"{word}\" のように半角の「\"」で囲んでください"
    ))
}

/// An array written on one line with bare words: `outsourcing = [development]`.
fn check_array(key: &str, inner: &str) -> Result<(), String> {
    let Some(end) = inner.find(']') else {
        return Ok(());
    };
    let bare: Vec<&str> = inner[..end]
        .split(',')
        .map(str::trim)
        .filter(|w| {
            w.chars().next().is_some_and(|c| {
                !matches!(c, '"' | '\'' | '[' | '{' | '#' | '+' | '-') && !c.is_ascii_digit()
            }) && *w != "true"
                && *w != "false"
        })
        .collect();
    match bare.first() {
        None => Ok(()),
        Some(w) => Err(format!(
            "{key} の値「{w}」が引用符で囲まれていません。配列の値は {key} = [\"{w}\"] のように半角の「\"」で囲んでください"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::repair_ime;

    #[test]
    fn full_width_digits_and_spaces_and_true_in_any_case_are_accepted() {
        let text = "[classification]\nconfidentiality = ３\u{3000}# 機密性３\nname = \"第２システム\"\nx = TRUE\ny = False # いいえ\n";
        assert_eq!(
            repair_ime(text).unwrap(),
            "[classification]\nconfidentiality = 3 # 機密性３\nname = \"第２システム\"\nx = true\ny = false # いいえ\n"
        );
    }

    #[test]
    fn ambiguous_input_is_a_problem_with_its_line() {
        let problems =
            repair_ime("a = 1\nb ＝ 2\nc = はい\nd = iaas\ne = [development]\nf = \"ok\"\n")
                .unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(
            problems[0].starts_with("2行目: 全角の「＝」"),
            "{problems:?}"
        );
        assert!(problems[1].starts_with("3行目: c = はい"), "{problems:?}");
        assert!(problems[2].contains("d = \"iaas\""), "{problems:?}");
        assert!(problems[3].contains("[\"development\"]"), "{problems:?}");
    }

    proptest::proptest! {
        /// Whatever is typed, repairing never panics and keeps every line where it was
        /// (messages about the profile name the line the user sees).
        #[test]
        fn repair_keeps_lines_and_never_panics(text in "(\\PC|[\n=\"'#\\[\\]０-９ａ-ｚ＝＂　])*") {
            if let Ok(repaired) = repair_ime(&text) {
                proptest::prop_assert_eq!(repaired.matches('\n').count(), text.matches('\n').count());
            }
        }
    }

    #[test]
    fn strings_and_multiline_strings_are_left_alone() {
        let text = "a = \"\"\"\nＸ = はい\n\"\"\"\nb = 'Ｙ＝'\n";
        assert_eq!(repair_ime(text).unwrap(), text);
    }
}
