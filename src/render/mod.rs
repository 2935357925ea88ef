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

mod clauses;
pub mod docx;
mod inquiry;
pub(crate) mod numbering;
mod ooxml;
mod package;
mod spec;
pub(crate) mod templates;
pub mod terms;

use serde::Serialize;

use crate::catalog::{Catalog, Level, Subject};
use crate::profile::Profile;
use crate::select::Selected;
pub(crate) use clauses::{Article, Paragraph};
pub use clauses::{ClausesDocument, PartyNames};
pub use inquiry::InquiryDocument;
pub(crate) use inquiry::Letter;
pub(crate) use spec::outline;
pub use spec::{SpecDocument, SpecLayout};
pub use templates::Templates;

/// What both documents know about the procurement.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Meta {
    pub(crate) system: SystemInfo,
    pub(crate) standard: StandardInfo,
    /// The 格付け of the information, one entry per dimension of the catalog's schema.
    pub(crate) classification: Vec<ClassLevel>,
    /// 「機密性2、完全性2、可用性2」
    pub(crate) classification_text: String,
    pub(crate) counts: Counts,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SystemInfo {
    pub(crate) name: String,
    pub(crate) organization: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct StandardInfo {
    /// 政府機関等のサイバーセキュリティ対策のための統一基準
    pub(crate) name: String,
    /// 令和5年度版
    pub(crate) edition: String,
    pub(crate) catalog: String,
    pub(crate) catalog_version: String,
    /// The 省庁基準 overlays stacked on the catalog, lowest first (empty for none).
    pub(crate) overlays: Vec<OverlayInfo>,
    /// Which edition the item numbers follow and what was not checked.
    pub(crate) edition_note: String,
    /// The sources the selected requirements cite, as the 対照表 note lists them
    /// (発注者判断 and the standard itself, named in the preface, left out).
    pub(crate) sources: Vec<SourceInfo>,
}

/// A cited source: its short key and full title.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SourceInfo {
    pub(crate) key: String,
    pub(crate) title: String,
    /// 統一基準, 法令, ガイドライン, マニュアル, 省庁基準.
    pub(crate) kind: String,
}

/// One overlay, as the documents name it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OverlayInfo {
    /// The overlay's name.
    pub(crate) name: String,
    pub(crate) version: String,
    /// The standard it follows, e.g. 〇〇省情報セキュリティ対策基準, and its edition.
    pub(crate) standard: String,
    pub(crate) edition: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ClassLevel {
    pub(crate) key: String,
    pub(crate) label: String,
    pub(crate) value: i64,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Counts {
    pub(crate) total: usize,
    pub(crate) system: usize,
    pub(crate) contractor: usize,
    pub(crate) basic: usize,
    pub(crate) enhanced: usize,
}

impl Meta {
    pub(crate) fn new(catalog: &Catalog, profile: &Profile, selected: &[Selected]) -> Meta {
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
        let classification_text =
            crate::profile::facts::classification_text(&catalog.schema, profile);
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
                overlays: catalog
                    .overlays()
                    .map(|l| OverlayInfo {
                        name: l.name.clone(),
                        version: l.version.clone(),
                        standard: l.standard.clone(),
                        edition: l.edition.clone(),
                    })
                    .collect(),
                edition_note: catalog.meta.edition_note.clone(),
                sources: cited_sources(catalog, selected),
            },
            classification,
            classification_text,
            counts: Counts {
                total: selected.len(),
                system: count(&|s| s.requirement.subject == Subject::System),
                contractor: count(&|s| s.requirement.subject == Subject::Contractor),
                basic: count(&|s| s.requirement.level == Level::Basic),
                enhanced: count(&|s| s.requirement.level == Level::Enhanced),
            },
        }
    }
}

/// The registered sources the selection cites, in registry order.
fn cited_sources(catalog: &Catalog, selected: &[Selected]) -> Vec<SourceInfo> {
    use crate::catalog::BasisKind;
    catalog
        .registry
        .sources
        .iter()
        .filter(|s| !matches!(s.kind, BasisKind::Judgement | BasisKind::Own))
        .filter(|s| {
            selected
                .iter()
                .any(|x| x.requirement.basis.iter().any(|b| b.source == s.key))
        })
        .map(|s| SourceInfo {
            key: s.key.clone(),
            title: s.title.clone(),
            kind: s.kind.label().to_string(),
        })
        .collect()
}

/// One document in one format, as the bytes `kijun spec|clauses` writes and
/// `kijun serve` offers for download: md and txt through the `<name>.md|txt` layout,
/// docx through `to_docx`.
pub(crate) fn document_bytes<D: Serialize>(
    templates: &Templates,
    name: &str,
    format: crate::cli::DocFormat,
    document: &D,
    to_docx: impl FnOnce(&D) -> crate::Result<Vec<u8>>,
) -> crate::Result<Vec<u8>> {
    use crate::cli::DocFormat;
    Ok(match format {
        DocFormat::Md => {
            finish_text(&templates.render(&format!("{name}.md"), document)?).into_bytes()
        }
        DocFormat::Txt => {
            finish_text(&templates.render(&format!("{name}.txt"), document)?).into_bytes()
        }
        DocFormat::Docx => to_docx(document)?,
    })
}

/// A layout's output made tidy for files: Unix line ends, exactly one final newline.
pub fn finish_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    format!("{}\n", text.trim_end_matches(['\n', ' ', '\t']))
}
