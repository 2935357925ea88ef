//! 情報セキュリティに関する特記事項 as a document model: 第1条 (purpose and
//! definitions), one article per area with the contractor clauses as its 項, and a
//! last article on breach.

use serde::Serialize;

use super::{numbering, Meta, Templates};
use crate::catalog::{Catalog, Subject};
use crate::error::Result;
use crate::profile::Profile;
use crate::select::Selected;

/// How the contract names its parties: 受注者/発注者, or 乙/甲 in older contracts.
#[derive(Debug, Clone, Serialize)]
pub struct PartyNames {
    /// 受注者 or 乙
    pub(crate) contractor: String,
    /// 発注者 or 甲
    pub(crate) client: String,
}

impl PartyNames {
    pub fn contractor_client() -> PartyNames {
        PartyNames {
            contractor: "受注者".into(),
            client: "発注者".into(),
        }
    }

    pub fn otsu_kou() -> PartyNames {
        PartyNames {
            contractor: "乙".into(),
            client: "甲".into(),
        }
    }

    /// The catalog writes clauses with 受注者/発注者; this puts in the chosen names.
    pub(crate) fn apply(&self, text: &str) -> String {
        text.replace("受注者", &self.contractor)
            .replace("発注者", &self.client)
    }
}

/// 情報セキュリティに関する特記事項: a first article on purpose and definitions, one
/// article per area holding its contractor clauses as 項, and a last article on breach.
#[derive(Debug, Clone, Serialize)]
pub struct ClausesDocument {
    #[serde(flatten)]
    pub(crate) meta: Meta,
    pub(crate) parties: PartyNames,
    /// From `clauses-title.hbs`.
    pub(crate) title: String,
    pub(crate) articles: Vec<Article>,
    /// The number of articles, the first and last included.
    pub(crate) article_count: usize,
    /// The text of every article but the first, for `{{#if (contains body_text "…")}}`:
    /// 第1条 defines only the terms the rest of the document uses.
    pub(crate) body_text: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Article {
    pub(crate) number: usize,
    /// 第1条
    pub(crate) label: String,
    /// 第一条
    pub(crate) label_kanji: String,
    /// The 見出し without parentheses, e.g. 目的及び定義; may be empty.
    pub(crate) caption: String,
    /// `purpose`, `obligations` or `breach`.
    pub(crate) kind: &'static str,
    pub(crate) paragraphs: Vec<Paragraph>,
}

/// One 項 of an article.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Paragraph {
    pub(crate) number: usize,
    /// Empty for the first 項 (it is not numbered), then `2`, `3` …
    pub(crate) label: String,
    /// What the 項 starts with in the traditional layout: the article's 第N条 for the
    /// first, its number for the others.
    pub(crate) lead: String,
    /// The requirement the clause implements; empty for template wording.
    pub(crate) id: String,
    pub(crate) text: String,
}

impl ClausesDocument {
    pub fn build(
        catalog: &Catalog,
        profile: &Profile,
        selected: &[Selected],
        parties: PartyNames,
        templates: &Templates,
    ) -> Result<ClausesDocument> {
        let mut articles = Vec::new();
        for area in &catalog.areas {
            let clauses: Vec<(String, String)> = selected
                .iter()
                .filter(|s| {
                    s.requirement.subject == Subject::Contractor && s.requirement.area == area.name
                })
                .filter_map(|s| {
                    let clause = s.text.clause.as_deref()?.trim();
                    (!clause.is_empty()).then(|| (s.requirement.id.clone(), parties.apply(clause)))
                })
                .collect();
            if clauses.is_empty() {
                continue;
            }
            let caption = parties.apply(area.article_caption());
            articles.push(article("obligations", caption, clauses));
        }
        let mut doc = ClausesDocument {
            meta: Meta::new(catalog, profile, selected),
            parties,
            title: String::new(),
            articles,
            article_count: 0,
            body_text: String::new(),
        };
        doc.article_count = doc.articles.len() + 2;
        // Number the body articles before the wording is rendered, so the first and
        // last articles may refer to them.
        renumber(&mut doc.articles, 2);
        doc.title = templates.line("clauses-title", &doc)?;
        let breach = wording_article("breach", templates.lines("clauses-breach", &doc)?);
        doc.body_text = doc
            .articles
            .iter()
            .chain([&breach])
            .flat_map(|a| a.paragraphs.iter().map(|p| p.text.as_str()))
            .collect::<Vec<_>>()
            .join("\n");
        let purpose = wording_article("purpose", templates.lines("clauses-purpose", &doc)?);
        // An office that empties one of these templates does not want the article.
        if !purpose.paragraphs.is_empty() {
            doc.articles.insert(0, purpose);
        }
        if !breach.paragraphs.is_empty() {
            doc.articles.push(breach);
        }
        renumber(&mut doc.articles, 1);
        doc.article_count = doc.articles.len();
        Ok(doc)
    }
}

fn article(kind: &'static str, caption: String, texts: Vec<(String, String)>) -> Article {
    Article {
        number: 0,
        label: String::new(),
        label_kanji: String::new(),
        caption,
        kind,
        paragraphs: texts
            .into_iter()
            .map(|(id, text)| Paragraph {
                number: 0,
                label: String::new(),
                lead: String::new(),
                id,
                text,
            })
            .collect(),
    }
}

/// An article from a wording template's lines: the line in parentheses （…） is the
/// caption, every other line is one 項.
fn wording_article(kind: &'static str, lines: Vec<String>) -> Article {
    let mut caption = String::new();
    let mut texts = Vec::new();
    for line in lines {
        match caption_of(&line) {
            Some(c) if caption.is_empty() => caption = c.to_string(),
            _ => texts.push((String::new(), line)),
        }
    }
    article(kind, caption, texts)
}

fn caption_of(line: &str) -> Option<&str> {
    line.strip_prefix('（')
        .and_then(|l| l.strip_suffix('）'))
        .or_else(|| line.strip_prefix('(').and_then(|l| l.strip_suffix(')')))
        .filter(|c| !c.contains(['（', '）', '(', ')']))
}

/// Article numbers from `first`, 項 numbers within each article.
fn renumber(articles: &mut [Article], first: usize) {
    for (i, a) in articles.iter_mut().enumerate() {
        a.number = first + i;
        a.label = numbering::article(a.number as u64);
        a.label_kanji = numbering::article_kanji(a.number as u64);
        for (j, p) in a.paragraphs.iter_mut().enumerate() {
            p.number = j + 1;
            p.label = if j == 0 {
                String::new()
            } else {
                p.number.to_string()
            };
            p.lead = if j == 0 {
                a.label.clone()
            } else {
                p.number.to_string()
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_are_lines_in_parentheses() {
        assert_eq!(caption_of("（目的及び定義）"), Some("目的及び定義"));
        assert_eq!(caption_of("(目的)"), Some("目的"));
        assert_eq!(caption_of("この特記事項は（略）"), None);
        assert_eq!(caption_of("（a）と（b）"), None);
    }

    #[test]
    fn wording_article_keeps_extra_lines_as_paragraphs() {
        let a = wording_article(
            "purpose",
            vec!["MARK".into(), "（目的）".into(), "本文".into()],
        );
        assert_eq!(a.caption, "目的");
        let texts: Vec<&str> = a.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["MARK", "本文"]);
    }

    #[test]
    fn paragraphs_are_numbered_from_the_second() {
        let mut v = vec![article(
            "obligations",
            "x".into(),
            vec![("A".into(), "a".into()), ("B".into(), "b".into())],
        )];
        renumber(&mut v, 3);
        assert_eq!(v[0].label, "第3条");
        assert_eq!(v[0].paragraphs[0].label, "");
        assert_eq!(v[0].paragraphs[0].lead, "第3条");
        assert_eq!(v[0].paragraphs[1].label, "2");
        assert_eq!(v[0].paragraphs[1].lead, "2");
    }

    #[test]
    fn parties_replace_both_names() {
        let p = PartyNames::otsu_kou();
        assert_eq!(
            p.apply("受注者は、発注者の承認を得なければならない。"),
            "乙は、甲の承認を得なければならない。"
        );
    }
}
