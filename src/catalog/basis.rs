//! Where a requirement comes from: each basis entry names a source (統一基準, a law, a
//! guideline or manual, the 発注者's own judgement, an overlay's standard), the item it
//! cites (項, 条・項) and its title. The kind of source decides how the 準拠基準対照表
//! reads it: only the 統一基準 and laws are 「準拠」; a number kijun chose is
//! 「発注者判断」, never 準拠.
//!
//! Entries are written as one line, `"<source> <reference> <title>"`
//! (「統一基準 4.1.1 業務委託」, 「個人情報保護法 第66条第2項 …」), and parsed once here
//! against the catalog's source registry (`[[source]]` in catalog.toml).

use serde::{Deserialize, Serialize};

/// The kind of a source, which decides how the 対照表 reads an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub(crate) enum BasisKind {
    /// 政府機関等のサイバーセキュリティ対策のための統一基準 (its 遵守事項).
    #[serde(rename = "統一基準")]
    Standard,
    /// A law or ordinance (個人情報保護法, 番号法 …).
    #[serde(rename = "法令")]
    Law,
    /// A guideline: 対策基準策定ガイドライン, 個人情報保護委員会のガイドライン ….
    #[serde(rename = "ガイドライン")]
    Guideline,
    /// A manual or list kept by a government body (SBD マニュアル, IT製品の調達における
    /// セキュリティ要件リスト …).
    #[serde(rename = "マニュアル")]
    Manual,
    /// What the 発注者 decides itself: a value or a requirement no source fixes.
    #[serde(rename = "発注者判断")]
    Judgement,
    /// An overlay's own standard (〇〇省情報セキュリティ対策基準).
    #[serde(rename = "省庁基準")]
    Own,
    /// A source the catalog does not register (lint reports it).
    #[serde(rename = "未登録")]
    Unregistered,
}

impl BasisKind {
    /// The kind's name, as the 対照表 shows it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            BasisKind::Standard => "統一基準",
            BasisKind::Law => "法令",
            BasisKind::Guideline => "ガイドライン",
            BasisKind::Manual => "マニュアル",
            BasisKind::Judgement => "発注者判断",
            BasisKind::Own => "省庁基準",
            BasisKind::Unregistered => "未登録",
        }
    }

    /// How the requirement relates to the source: 準拠 only for what binds (the
    /// 統一基準, laws, and a ministry's own standard); 参考 for guidance; 発注者判断 for
    /// what the 発注者 chose.
    pub(crate) fn relation(self) -> &'static str {
        match self {
            BasisKind::Standard | BasisKind::Law | BasisKind::Own => "準拠",
            BasisKind::Guideline | BasisKind::Manual | BasisKind::Unregistered => "参考",
            BasisKind::Judgement => "発注者判断",
        }
    }

    /// Whether an entry of this kind may carry a requirement on its own: something
    /// that binds, or the 発注者's stated judgement.
    pub(crate) fn grounds(self) -> bool {
        matches!(
            self,
            BasisKind::Standard | BasisKind::Law | BasisKind::Own | BasisKind::Judgement
        )
    }
}

/// One registered source (`[[source]]` in catalog.toml).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Source {
    /// What basis lines start with: 「統一基準」「個人情報保護法」「SBD」.
    pub(crate) key: String,
    pub(crate) kind: BasisKind,
    /// Its full title, e.g. 個人情報の保護に関する法律（平成15年法律第57号）.
    pub(crate) title: String,
    /// The edition whose numbering the catalog follows, where it matters.
    #[serde(default)]
    pub(crate) edition: String,
    /// What the 対照表 note says about this source (which edition was checked …).
    #[serde(default)]
    pub(crate) note: String,
}

/// The key of the built-in source for the 発注者's own judgement.
pub(crate) const JUDGEMENT_KEY: &str = "発注者判断";

/// One basis entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Basis {
    /// The source's key as written (統一基準, 個人情報保護法 …).
    pub(crate) source: String,
    pub(crate) kind: BasisKind,
    /// The item cited: 4.1.1, 第66条第2項, SC-1; empty for 発注者判断.
    pub(crate) reference: String,
    /// The 遵守事項 cited within the item, where known: 4.1.1(2)(a).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) item: Option<String>,
    pub(crate) title: String,
    /// The line as written in the catalog.
    #[serde(skip)]
    pub(crate) raw: String,
}

/// The sources a catalog can cite: its registry, or for a catalog without one (0.1.0
/// and catalogs copied from it) the standard it names and the SBD manual.
#[derive(Debug, Clone, Default)]
pub(crate) struct Registry {
    pub(crate) sources: Vec<Source>,
}

impl Registry {
    pub(crate) fn new(mut sources: Vec<Source>, standard: &str, edition: &str) -> Registry {
        if sources.is_empty() {
            sources = vec![
                Source {
                    key: "統一基準".into(),
                    kind: BasisKind::Standard,
                    title: standard.to_string(),
                    edition: edition.to_string(),
                    note: String::new(),
                },
                Source {
                    key: "SBD".into(),
                    kind: BasisKind::Manual,
                    title: "情報システムに係る政府調達におけるセキュリティ要件策定マニュアル"
                        .into(),
                    edition: String::new(),
                    note: String::new(),
                },
            ];
        }
        if !sources.iter().any(|s| s.key == JUDGEMENT_KEY) {
            sources.push(Source {
                key: JUDGEMENT_KEY.into(),
                kind: BasisKind::Judgement,
                title: "発注者の判断".into(),
                edition: String::new(),
                note: String::new(),
            });
        }
        Registry { sources }
    }

    /// Register an overlay's own standard.
    pub(crate) fn add_own(&mut self, standard: &str, edition: &str) {
        if self.sources.iter().any(|s| s.key == standard) {
            return;
        }
        self.sources.push(Source {
            key: standard.to_string(),
            kind: BasisKind::Own,
            title: standard.to_string(),
            edition: edition.to_string(),
            note: String::new(),
        });
    }

    /// Parse one basis line: the longest registered key it starts with (followed by a
    /// space or the end), then the reference (unless the source is the 発注者's
    /// judgement), then the title.
    pub(crate) fn parse(&self, line: &str) -> Basis {
        let text = line.trim();
        let found = self
            .sources
            .iter()
            .filter(|s| {
                text.strip_prefix(s.key.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '　']))
            })
            .max_by_key(|s| s.key.len());
        let (source, kind, rest) = match found {
            Some(s) => (
                s.key.clone(),
                s.kind,
                text[s.key.len()..].trim_start_matches([' ', '　']),
            ),
            None => {
                let (head, rest) = split_word(text);
                (head.to_string(), BasisKind::Unregistered, rest)
            }
        };
        let (reference, title) = if kind == BasisKind::Judgement {
            ("", rest)
        } else {
            split_word(rest)
        };
        let (reference, item) = match reference.find('(') {
            Some(i) => (&reference[..i], Some(reference.to_string())),
            None => (reference, None),
        };
        Basis {
            source,
            kind,
            reference: reference.to_string(),
            item,
            title: title.trim().to_string(),
            raw: text.to_string(),
        }
    }
}

/// The first word of a text and the rest (split at the first half- or full-width space).
fn split_word(text: &str) -> (&str, &str) {
    match text.find([' ', '　']) {
        Some(i) => {
            let sep = text[i..].chars().next().map_or(1, char::len_utf8);
            (&text[..i], text[i + sep..].trim_start_matches([' ', '　']))
        }
        None => (text, ""),
    }
}

impl Basis {
    /// The entry as the catalog writes it: 「統一基準 4.1.1 業務委託」.
    pub(crate) fn text(&self) -> &str {
        &self.raw
    }

    /// The entry with its relation, as the 対照表, workbook and explain show it:
    /// 「〔準拠〕統一基準 4.1.1 業務委託」, 「〔発注者判断〕…」.
    pub(crate) fn labelled(&self) -> String {
        format!("〔{}〕{}", self.kind.relation(), self.shown())
    }

    /// The entry without the relation. The 発注者's judgement shows its title only.
    pub(crate) fn shown(&self) -> String {
        if self.kind == BasisKind::Judgement {
            return self.title.clone();
        }
        let reference = self.item.as_deref().unwrap_or(&self.reference);
        [self.source.as_str(), reference, self.title.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A list of entries joined one way for every output that puts them on one line.
pub(crate) fn joined(basis: &[Basis], sep: &str) -> String {
    basis
        .iter()
        .map(Basis::labelled)
        .collect::<Vec<_>>()
        .join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Registry {
        let mut r = Registry::new(
            vec![
                Source {
                    key: "統一基準".into(),
                    kind: BasisKind::Standard,
                    title: "統一基準".into(),
                    edition: "令和5年度版".into(),
                    note: String::new(),
                },
                Source {
                    key: "個人情報保護法".into(),
                    kind: BasisKind::Law,
                    title: "個人情報の保護に関する法律".into(),
                    edition: String::new(),
                    note: String::new(),
                },
            ],
            "",
            "",
        );
        r.add_own("〇〇省情報セキュリティ対策基準", "令和6年");
        r
    }

    #[test]
    fn lines_are_parsed_by_their_source() {
        let r = registry();
        let b = r.parse("統一基準 4.1.1 業務委託");
        assert_eq!(
            (b.kind, b.reference.as_str(), b.title.as_str()),
            (BasisKind::Standard, "4.1.1", "業務委託")
        );
        assert_eq!(b.labelled(), "〔準拠〕統一基準 4.1.1 業務委託");
        let b = r.parse("統一基準 4.1.1(2)(a) 業務委託");
        assert_eq!(b.reference, "4.1.1");
        assert_eq!(b.item.as_deref(), Some("4.1.1(2)(a)"));
        let b = r.parse("個人情報保護法 第66条第2項 受託者の安全管理措置");
        assert_eq!(
            (b.kind, b.reference.as_str()),
            (BasisKind::Law, "第66条第2項")
        );
        let b = r.parse("発注者判断 第一報の期限（統一基準 4.1.1 を具体化）");
        assert_eq!(b.kind, BasisKind::Judgement);
        assert_eq!(b.reference, "");
        assert_eq!(
            b.labelled(),
            "〔発注者判断〕第一報の期限（統一基準 4.1.1 を具体化）"
        );
        let b = r.parse("〇〇省情報セキュリティ対策基準 第31条");
        assert_eq!((b.kind, b.reference.as_str()), (BasisKind::Own, "第31条"));
        let b = r.parse("謎の基準 1.2 何か");
        assert_eq!(b.kind, BasisKind::Unregistered);
        assert_eq!(b.source, "謎の基準");
    }

    #[test]
    fn only_binding_sources_read_compliance() {
        assert_eq!(BasisKind::Standard.relation(), "準拠");
        assert_eq!(BasisKind::Law.relation(), "準拠");
        assert_eq!(BasisKind::Manual.relation(), "参考");
        assert_eq!(BasisKind::Judgement.relation(), "発注者判断");
    }
}
