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

/// 情報セキュリティに関する特記事項: 第1条 (purpose and definitions), the 発注者's own
/// duties, one article per area holding its contractor clauses as 項, then the articles
/// on breach, survival, and precedence and doubt. Parties and the contract are those of
/// the contract it is attached to (「この特記事項を添付する契約」), never redefined.
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
    /// The labels of the fixed articles after the body, for templates that refer to them
    /// (「第20条（違反時の措置）」): empty where the article is left out.
    pub(crate) breach_label: String,
    pub(crate) survival_label: String,
    /// The 項 that stay in force after the contract ends, with how long.
    pub(crate) survival: Vec<Surviving>,
}

/// One 項 that survives the contract: 「第3条第1項（秘密保持）」 and its period.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Surviving {
    /// 一, 二 …
    pub(crate) label: String,
    /// 第3条第1項
    pub(crate) reference: String,
    /// The requirement's title.
    pub(crate) title: String,
    /// 期限の定めなく, 情報の抹消が確認されるまで …
    pub(crate) period: String,
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
    /// `purpose`, `client`, `obligations`, `breach`, `survival` or `precedence`.
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
    /// Its 号 (一, 二 …), where it lists cases.
    pub(crate) items: Vec<Item>,
}

/// One 号 of a 項.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Item {
    /// 一, 二 …
    pub(crate) label: String,
    pub(crate) text: String,
}

/// The wording templates of the fixed articles, in document order around the body.
const BEFORE_BODY: [(&str, &str); 1] = [("client", "clauses-client")];
const AFTER_BODY: [(&str, &str); 3] = [
    ("breach", "clauses-breach"),
    ("survival", "clauses-survival"),
    ("precedence", "clauses-precedence"),
];

impl ClausesDocument {
    pub fn build(
        catalog: &Catalog,
        profile: &Profile,
        selected: &[Selected],
        parties: PartyNames,
        templates: &Templates,
    ) -> Result<ClausesDocument> {
        let mut body = Vec::new();
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
            body.push(article("obligations", caption, clauses));
        }
        let mut doc = ClausesDocument {
            meta: Meta::new(catalog, profile, selected),
            parties,
            title: String::new(),
            articles: Vec::new(),
            article_count: 0,
            body_text: String::new(),
            breach_label: String::new(),
            survival_label: String::new(),
            survival: Vec::new(),
        };
        doc.title = templates.line("clauses-title", &doc)?;
        let mut before = Vec::new();
        for (kind, name) in BEFORE_BODY {
            let a = wording_article(kind, templates.lines(name, &doc)?);
            if templates.has(name) && !a.paragraphs.is_empty() {
                before.push(a);
            }
        }
        // The body is numbered after 第1条 and the articles before it, so the articles
        // after it may name the body's 項 (survival) and each other. (An office that
        // empties 第1条's template leaves it out; its first line does not depend on the body.)
        let purpose_present =
            !wording_article("purpose", templates.lines("clauses-purpose", &doc)?)
                .paragraphs
                .is_empty();
        let first_body = 1 + usize::from(purpose_present) + before.len();
        renumber(&mut body, first_body);
        doc.survival = surviving(catalog, &body, &doc.parties);
        doc.articles = body.clone();
        doc.body_text = texts(before.iter().chain(&body));
        let mut after: Vec<Article> = Vec::new();
        // Twice: the labels depend on which of these articles an office left empty.
        for _ in 0..2 {
            let present: Vec<&str> = if after.is_empty() {
                AFTER_BODY.iter().map(|(k, _)| *k).collect()
            } else {
                after.iter().map(|a| a.kind).collect()
            };
            let label_of = |kind: &str| {
                present
                    .iter()
                    .position(|k| *k == kind)
                    .map(|i| numbering::article((first_body + body.len() + i) as u64))
                    .unwrap_or_default()
            };
            doc.breach_label = label_of("breach");
            doc.survival_label = label_of("survival");
            after.clear();
            for (kind, name) in AFTER_BODY {
                if !templates.has(name) {
                    continue;
                }
                let a = wording_article(kind, templates.lines(name, &doc)?);
                if !a.paragraphs.is_empty() {
                    after.push(a);
                }
            }
        }
        doc.body_text = texts(before.iter().chain(&body).chain(&after));
        let purpose = wording_article("purpose", templates.lines("clauses-purpose", &doc)?);
        let mut articles = Vec::new();
        // An office that empties the purpose template does not want the article.
        if !purpose.paragraphs.is_empty() {
            articles.push(purpose);
        }
        articles.extend(before);
        articles.extend(body);
        articles.extend(after);
        renumber(&mut articles, 1);
        doc.article_count = articles.len();
        doc.articles = articles;
        Ok(doc)
    }
}

/// Every 項 and 号 of some articles, one per line.
fn texts<'a>(articles: impl Iterator<Item = &'a Article>) -> String {
    articles
        .flat_map(|a| a.paragraphs.iter())
        .flat_map(|p| {
            std::iter::once(p.text.as_str()).chain(p.items.iter().map(|i| i.text.as_str()))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The 項 of the body whose requirement stays in force after the contract ends, with
/// the period the catalog gives (`survival`).
fn surviving(catalog: &Catalog, body: &[Article], parties: &PartyNames) -> Vec<Surviving> {
    let mut out = Vec::new();
    for a in body {
        for p in &a.paragraphs {
            let Some(r) = catalog.requirement(&p.id) else {
                continue;
            };
            let Some(period) = r.survival.as_deref() else {
                continue;
            };
            out.push(Surviving {
                label: numbering::kanji((out.len() + 1) as u64),
                reference: format!("{}第{}項", a.label, p.number),
                title: parties.apply(&r.title),
                period: parties.apply(period),
            });
        }
    }
    out
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
                items: Vec::new(),
            })
            .collect(),
    }
}

/// An article from a wording template's lines: the line in parentheses （…） is the
/// caption; a line that starts with a kanji numeral and a full-width space (「一　…」)
/// is a 号 of the 項 before it; every other line is one 項.
fn wording_article(kind: &'static str, lines: Vec<String>) -> Article {
    let mut caption = String::new();
    let mut texts = Vec::new();
    let mut items: Vec<(usize, Item)> = Vec::new();
    for line in lines {
        match (caption_of(&line), item_of(&line)) {
            (Some(c), _) if caption.is_empty() => caption = c.to_string(),
            (_, Some(item)) if !texts.is_empty() => items.push((texts.len() - 1, item)),
            _ => texts.push((String::new(), line)),
        }
    }
    let mut a = article(kind, caption, texts);
    for (i, item) in items {
        a.paragraphs[i].items.push(item);
    }
    a
}

/// 「一　…」: a 号 with its label.
fn item_of(line: &str) -> Option<Item> {
    let (label, text) = line.split_once('\u{3000}')?;
    let numeral = !label.is_empty()
        && label.chars().count() <= 3
        && label.chars().all(|c| "一二三四五六七八九十".contains(c));
    numeral.then(|| Item {
        label: label.to_string(),
        text: text.trim().to_string(),
    })
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
