//! Catalog text that may hold parameters: `{{param.incident_first_report_hours}}` in a
//! spec, clause, question, evidence or a deliverable's due date. Parsed once at load
//! (an unknown name or a stray `{{` is a load problem), rendered once per profile in
//! `select`, so the 仕様書, the 特記事項, the workbook and explain say the same value.

use std::fmt;

/// What opens a placeholder.
const OPEN: &str = "{{param.";
const CLOSE: &str = "}}";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Lit(String),
    Param(String),
}

/// A catalog text with its placeholders.
#[derive(Clone, PartialEq, Eq)]
pub struct Wording {
    raw: String,
    pieces: Vec<Piece>,
}

impl fmt::Debug for Wording {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.raw)
    }
}

impl Wording {
    /// Parse `raw`; `known` says whether a parameter name exists. Problems are Japanese
    /// sentences naming the placeholder.
    pub(crate) fn parse(raw: &str, known: &dyn Fn(&str) -> bool) -> Result<Wording, String> {
        let mut pieces = Vec::new();
        let mut rest = raw;
        while let Some(at) = rest.find("{{") {
            if at > 0 {
                pieces.push(Piece::Lit(rest[..at].to_string()));
            }
            let tail = &rest[at..];
            let Some(inner) = tail.strip_prefix(OPEN) else {
                return Err(format!(
                    "「{}」はパラメータの書き方ではありません。パラメータは {{{{param.名前}}}} と書きます",
                    snippet(tail)
                ));
            };
            let Some(end) = inner.find(CLOSE) else {
                return Err(format!("「{}」の }}}} がありません", snippet(tail)));
            };
            let name = inner[..end].trim();
            if !known(name) {
                return Err(format!(
                    "パラメータ「{name}」は profile.toml の [[parameter]] に定義されていません"
                ));
            }
            pieces.push(Piece::Param(name.to_string()));
            rest = &inner[end + CLOSE.len()..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Lit(rest.to_string()));
        }
        Ok(Wording {
            raw: raw.to_string(),
            pieces,
        })
    }

    /// A text known to hold no placeholder (template wording, tests).
    pub(crate) fn literal(raw: &str) -> Wording {
        Wording {
            raw: raw.to_string(),
            pieces: vec![Piece::Lit(raw.to_string())],
        }
    }

    /// The text as written, placeholders kept (what `catalog diff` compares).
    pub(crate) fn raw(&self) -> &str {
        &self.raw
    }

    /// The text with each parameter replaced by `value(name)`.
    pub(crate) fn render(&self, value: &dyn Fn(&str) -> String) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Lit(s) => s.clone(),
                Piece::Param(name) => value(name),
            })
            .collect()
    }

    /// The parameters it names, in order of appearance.
    pub(crate) fn params(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Param(n) => Some(n.as_str()),
            Piece::Lit(_) => None,
        })
    }

    /// The text with every placeholder replaced by 〔〕 (what lint reads, so that a
    /// placeholder never counts as a literal number and always binds a vague word).
    pub(crate) fn with_slots(&self) -> String {
        self.render(&|_| "〔〕".to_string())
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.raw.trim().is_empty()
    }
}

fn snippet(s: &str) -> String {
    s.chars().take(30).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(n: &str) -> bool {
        n == "hours"
    }

    #[test]
    fn placeholders_are_parsed_and_rendered() {
        let w = Wording::parse("認知から{{param.hours}}以内に報告すること。", &known).unwrap();
        assert_eq!(w.params().collect::<Vec<_>>(), ["hours"]);
        assert_eq!(
            w.render(&|_| "1時間".into()),
            "認知から1時間以内に報告すること。"
        );
        assert_eq!(w.with_slots(), "認知から〔〕以内に報告すること。");
        assert_eq!(w.raw(), "認知から{{param.hours}}以内に報告すること。");
    }

    #[test]
    fn unknown_or_malformed_placeholders_are_problems() {
        let e = Wording::parse("{{param.days}}", &known).unwrap_err();
        assert!(e.contains("「days」"), "{e}");
        let e = Wording::parse("{{hours}}", &known).unwrap_err();
        assert!(e.contains("パラメータの書き方ではありません"), "{e}");
        let e = Wording::parse("{{param.hours", &known).unwrap_err();
        assert!(e.contains("}}"), "{e}");
        assert!(Wording::parse("括弧 { } は普通の文字", &known).is_ok());
    }
}
