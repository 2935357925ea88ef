//! Documents built from a selection: the security section of a 調達仕様書
//! ([`SpecDocument`]) and the contract's 情報セキュリティに関する特記事項
//! ([`ClausesDocument`]).
//!
//! Each document is first built as a structured model: parts, areas and items with
//! their official numbers, or articles with their 項. The model is the handlebars
//! context of the md and txt layouts and the input of the docx writer, so the three
//! formats say the same thing. Fixed wording (titles, preface, headings, the first and
//! last articles) comes from small wording templates rendered into the model first, so
//! an office that edits them changes all three formats alike.

pub mod docx;
pub mod numbering;
mod ooxml;
pub mod templates;

use serde::Serialize;

use crate::catalog::{Catalog, Subject};
use crate::error::Result;
use crate::profile::Profile;
use crate::select::Selected;
pub use templates::Templates;

/// What both documents know about the procurement.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub system: SystemInfo,
    pub standard: StandardInfo,
    /// The 格付け of the information, one entry per dimension of the catalog's schema.
    pub classification: Vec<ClassLevel>,
    /// 「機密性2、完全性2、可用性2」
    pub classification_text: String,
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize)]
pub struct SystemInfo {
    pub name: String,
    pub organization: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StandardInfo {
    /// 政府機関等のサイバーセキュリティ対策のための統一基準
    pub name: String,
    /// 令和5年度版
    pub edition: String,
    pub catalog: String,
    pub catalog_version: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassLevel {
    pub key: String,
    pub label: String,
    pub value: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    pub total: usize,
    pub system: usize,
    pub contractor: usize,
    pub basic: usize,
    pub enhanced: usize,
}

impl Meta {
    pub fn new(catalog: &Catalog, profile: &Profile, selected: &[Selected]) -> Meta {
        let classification: Vec<ClassLevel> = catalog
            .schema
            .classifications
            .iter()
            .filter_map(|d| {
                Some(ClassLevel {
                    key: d.key.clone(),
                    label: d.label.clone(),
                    value: profile.level(&d.key)?,
                })
            })
            .collect();
        let classification_text = classification
            .iter()
            .map(|c| format!("{}{}", c.label, c.value))
            .collect::<Vec<_>>()
            .join("、");
        let count = |f: &dyn Fn(&Selected) -> bool| selected.iter().filter(|s| f(s)).count();
        Meta {
            system: SystemInfo {
                name: profile.system_name.clone(),
                organization: profile.organization.clone(),
            },
            standard: StandardInfo {
                name: catalog.meta.standard.clone(),
                edition: catalog.meta.edition.clone(),
                catalog: catalog.meta.name.clone(),
                catalog_version: catalog.meta.version.clone(),
            },
            classification,
            classification_text,
            counts: Counts {
                total: selected.len(),
                system: count(&|s| s.requirement.subject == Subject::System),
                contractor: count(&|s| s.requirement.subject == Subject::Contractor),
                basic: count(&|s| s.requirement.level == crate::catalog::Level::Basic),
                enhanced: count(&|s| s.requirement.level == crate::catalog::Level::Enhanced),
            },
        }
    }
}

// ------------------------------------------------------------------ 調達仕様書

/// The 調達仕様書 section: preface, then one part per subject (system requirements,
/// contractor obligations), each grouped by area, then the annex table.
#[derive(Debug, Clone, Serialize)]
pub struct SpecDocument {
    #[serde(flatten)]
    pub meta: Meta,
    /// From `spec-title.hbs`.
    pub title: String,
    /// Paragraphs from `spec-preface.hbs`.
    pub preface: Vec<String>,
    pub parts: Vec<Part>,
    pub annex: Annex,
}

/// Level `1`: the requirements of one subject.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    pub number: usize,
    /// `1`
    pub label: String,
    /// `system` or `contractor`.
    pub kind: Subject,
    /// From `spec-part-system.hbs` / `spec-part-contractor.hbs`.
    pub heading: String,
    pub areas: Vec<AreaSection>,
}

/// Level `(1)`: one area (分類) of the catalog.
#[derive(Debug, Clone, Serialize)]
pub struct AreaSection {
    pub number: usize,
    /// `(1)`
    pub label: String,
    /// The area's id prefix, e.g. `AUTH`.
    pub id: String,
    pub name: String,
    pub description: String,
    pub items: Vec<Item>,
}

/// Level `ア`: one requirement.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub number: usize,
    /// `ア`
    pub label: String,
    /// Where it stands in the document, e.g. `1(2)イ`.
    pub reference: String,
    pub id: String,
    pub title: String,
    /// 基本 or 強化
    pub level: String,
    /// The 調達仕様書 sentence.
    pub text: String,
    pub basis: Vec<String>,
    /// The basis joined with 「、」.
    pub basis_text: String,
    pub reasons: Vec<String>,
    /// What evidence the vendor must name; empty when none.
    pub evidence: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Annex {
    /// From `spec-annex-title.hbs`.
    pub title: String,
    /// Paragraphs from `spec-annex-note.hbs`.
    pub note: Vec<String>,
    pub rows: Vec<AnnexRow>,
}

/// One row of 準拠基準対照表. The requirement text itself is not repeated here: the
/// document states each requirement exactly once.
#[derive(Debug, Clone, Serialize)]
pub struct AnnexRow {
    pub reference: String,
    pub id: String,
    pub title: String,
    pub level: String,
    pub subject: String,
    pub basis: Vec<String>,
    pub basis_text: String,
}

impl SpecDocument {
    pub fn build(
        catalog: &Catalog,
        profile: &Profile,
        selected: &[Selected],
        templates: &Templates,
    ) -> Result<SpecDocument> {
        let mut parts = Vec::new();
        for subject in [Subject::System, Subject::Contractor] {
            let areas = areas_of(catalog, selected, subject);
            if areas.is_empty() {
                continue;
            }
            let number = parts.len() + 1;
            parts.push(Part {
                number,
                label: numbering::label(1, number as u64),
                kind: subject,
                heading: String::new(),
                areas,
            });
        }
        for part in &mut parts {
            for area in &mut part.areas {
                for item in &mut area.items {
                    item.reference = format!("{}{}{}", part.label, area.label, item.label);
                }
            }
        }
        let rows = parts
            .iter()
            .flat_map(|p| {
                p.areas
                    .iter()
                    .flat_map(move |a| a.items.iter().map(move |i| (p, i)))
            })
            .map(|(p, i)| AnnexRow {
                reference: i.reference.clone(),
                id: i.id.clone(),
                title: i.title.clone(),
                level: i.level.clone(),
                subject: p.kind.label().to_string(),
                basis: i.basis.clone(),
                basis_text: i.basis_text.clone(),
            })
            .collect();
        let mut doc = SpecDocument {
            meta: Meta::new(catalog, profile, selected),
            title: String::new(),
            preface: Vec::new(),
            parts,
            annex: Annex {
                title: String::new(),
                note: Vec::new(),
                rows,
            },
        };
        // Wording, in an order where later templates may use what earlier ones gave.
        doc.title = templates.line("spec-title", &doc)?;
        for i in 0..doc.parts.len() {
            let name = match doc.parts[i].kind {
                Subject::System => "spec-part-system",
                Subject::Contractor => "spec-part-contractor",
            };
            doc.parts[i].heading = templates.line(name, &doc)?;
        }
        doc.annex.title = templates.line("spec-annex-title", &doc)?;
        doc.annex.note = templates.lines("spec-annex-note", &doc)?;
        doc.preface = templates.lines("spec-preface", &doc)?;
        Ok(doc)
    }
}

/// The selected requirements of one subject, grouped by area in catalog order.
fn areas_of(catalog: &Catalog, selected: &[Selected], subject: Subject) -> Vec<AreaSection> {
    let mut out: Vec<AreaSection> = Vec::new();
    for area in &catalog.areas {
        let items: Vec<Item> = selected
            .iter()
            .filter(|s| s.requirement.subject == subject && s.requirement.area == area.name)
            .enumerate()
            .map(|(i, s)| {
                let r = s.requirement;
                Item {
                    number: i + 1,
                    label: numbering::label(3, i as u64 + 1),
                    reference: String::new(),
                    id: r.id.clone(),
                    title: r.title.clone(),
                    level: r.level.label().to_string(),
                    text: r.spec.clone(),
                    basis: r.basis.clone(),
                    basis_text: r.basis.join("、"),
                    reasons: s.reasons.clone(),
                    evidence: r.evidence.clone().unwrap_or_default(),
                }
            })
            .collect();
        if items.is_empty() {
            continue;
        }
        let number = out.len() + 1;
        out.push(AreaSection {
            number,
            label: numbering::label(2, number as u64),
            id: area.id.clone(),
            name: area.name.clone(),
            description: area.description.clone(),
            items,
        });
    }
    out
}

// ------------------------------------------------------------------ 特記事項

/// How the contract names its parties: 受注者/発注者, or 乙/甲 in older contracts.
#[derive(Debug, Clone, Serialize)]
pub struct PartyNames {
    /// 受注者 or 乙
    pub contractor: String,
    /// 発注者 or 甲
    pub client: String,
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
    pub fn apply(&self, text: &str) -> String {
        text.replace("受注者", &self.contractor)
            .replace("発注者", &self.client)
    }
}

/// 情報セキュリティに関する特記事項: a first article on purpose and definitions, one
/// article per area holding its contractor clauses as 項, and a last article on breach.
#[derive(Debug, Clone, Serialize)]
pub struct ClausesDocument {
    #[serde(flatten)]
    pub meta: Meta,
    pub parties: PartyNames,
    /// From `clauses-title.hbs`.
    pub title: String,
    pub articles: Vec<Article>,
    /// The number of articles, the first and last included.
    pub article_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Article {
    pub number: usize,
    /// 第1条
    pub label: String,
    /// 第一条
    pub label_kanji: String,
    /// The 見出し without parentheses, e.g. 目的及び定義; may be empty.
    pub caption: String,
    /// `purpose`, `obligations` or `breach`.
    pub kind: &'static str,
    pub paragraphs: Vec<Paragraph>,
}

/// One 項 of an article.
#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    pub number: usize,
    /// Empty for the first 項 (it is not numbered), then `2`, `3` …
    pub label: String,
    /// What the 項 starts with in the traditional layout: the article's 第N条 for the
    /// first, its number for the others.
    pub lead: String,
    /// The requirement the clause implements; empty for template wording.
    pub id: String,
    pub text: String,
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
                    let clause = s.requirement.clause.as_deref()?.trim();
                    (!clause.is_empty()).then(|| (s.requirement.id.clone(), parties.apply(clause)))
                })
                .collect();
            if clauses.is_empty() {
                continue;
            }
            articles.push(article("obligations", parties.apply(&area.name), clauses));
        }
        let mut doc = ClausesDocument {
            meta: Meta::new(catalog, profile, selected),
            parties,
            title: String::new(),
            articles,
            article_count: 0,
        };
        doc.article_count = doc.articles.len() + 2;
        // Number the body articles before the wording is rendered, so the first and
        // last articles may refer to them.
        renumber(&mut doc.articles, 2);
        doc.title = templates.line("clauses-title", &doc)?;
        let purpose = wording_article("purpose", templates.lines("clauses-purpose", &doc)?);
        let breach = wording_article("breach", templates.lines("clauses-breach", &doc)?);
        doc.articles.insert(0, purpose);
        doc.articles.push(breach);
        renumber(&mut doc.articles, 1);
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

/// A layout's output made tidy for files: Unix line ends, exactly one final newline.
pub fn finish_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    format!("{}\n", text.trim_end_matches(['\n', ' ', '\t']))
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
