//! Small helpers for reading TOML written by people: line numbers for spans and
//! syntax errors worded in Japanese.

/// 1-based line of a byte offset in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// "N行目" for a byte offset.
pub fn at_line(text: &str, offset: usize) -> String {
    format!("{}行目", line_of(text, offset))
}

/// A TOML syntax or shape error as a Japanese sentence with its line.
pub fn describe_error(text: &str, err: &toml::de::Error) -> String {
    let message = err.message().trim();
    match err.span() {
        Some(span) => format!(
            "{}: TOML として読めません（{message}）",
            at_line(text, span.start)
        ),
        None => format!("TOML として読めません（{message}）"),
    }
}

/// Parse TOML text into a table whose keys and values keep their spans.
pub fn parse_spanned(text: &str) -> Result<toml::de::DeTable<'_>, String> {
    toml::de::DeTable::parse(text)
        .map(|t| t.into_inner())
        .map_err(|e| describe_error(text, &e))
}

/// What kind of value this is, in words a profile author understands.
pub fn kind_name(v: &toml::de::DeValue<'_>) -> &'static str {
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
