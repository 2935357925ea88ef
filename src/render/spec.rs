//! The security section of a 調達仕様書 as a document model: preface, one part per
//! subject (1), areas (1)(2)…, requirements ア・イ…, and the annex 準拠基準対照表.

use serde::Serialize;

use super::{numbering, Meta, Templates};
use crate::catalog::{Catalog, Subject};
use crate::error::Result;
use crate::profile::Profile;
use crate::select::Selected;

/// The 調達仕様書 section: preface, then one part per subject (system requirements,
/// contractor obligations), each grouped by area, then the annex table.
#[derive(Debug, Clone, Serialize)]
pub struct SpecDocument {
    #[serde(flatten)]
    pub(crate) meta: Meta,
    /// From `spec-title.hbs`.
    pub(crate) title: String,
    /// Paragraphs from `spec-preface.hbs`.
    pub(crate) preface: Vec<String>,
    pub(crate) parts: Vec<Part>,
    pub(crate) annex: Annex,
}

/// Level `1`: the requirements of one subject.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Part {
    pub(crate) number: usize,
    /// `1`
    pub(crate) label: String,
    /// `system` or `contractor`.
    pub(crate) kind: Subject,
    /// From `spec-part-system.hbs` / `spec-part-contractor.hbs`.
    pub(crate) heading: String,
    pub(crate) areas: Vec<AreaSection>,
}

/// Level `(1)`: one area (分類) of the catalog.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AreaSection {
    pub(crate) number: usize,
    /// `(1)`
    pub(crate) label: String,
    /// The area's id prefix, e.g. `AUTH`.
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) items: Vec<Item>,
}

/// Level `ア`: one requirement.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Item {
    pub(crate) number: usize,
    /// `ア`
    pub(crate) label: String,
    /// Where it stands in the document, e.g. `1(2)イ`.
    pub(crate) reference: String,
    pub(crate) id: String,
    pub(crate) title: String,
    /// 基本 or 強化
    pub(crate) level: String,
    /// The 調達仕様書 sentence.
    pub(crate) text: String,
    pub(crate) basis: Vec<String>,
    /// The basis joined with 「、」.
    pub(crate) basis_text: String,
    pub(crate) reasons: Vec<String>,
    /// What evidence the vendor must name; empty when none.
    pub(crate) evidence: String,
    /// When it bites: 入札参加資格, 提案時, 履行中, 納品時 or 契約終了時.
    pub(crate) stage: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Annex {
    /// From `spec-annex-title.hbs`.
    pub(crate) title: String,
    /// Paragraphs from `spec-annex-note.hbs`.
    pub(crate) note: Vec<String>,
    pub(crate) rows: Vec<AnnexRow>,
}

/// One row of 準拠基準対照表. The requirement text itself is not repeated here: the
/// document states each requirement exactly once.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AnnexRow {
    pub(crate) reference: String,
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) level: String,
    pub(crate) subject: String,
    pub(crate) basis: Vec<String>,
    pub(crate) basis_text: String,
}

/// Where one selected requirement stands in the 調達仕様書: its part (1, 2), area
/// ((1), (2) …) and item (ア, イ …), and the reference written as `1(5)ウ`.
#[derive(Debug, Clone)]
pub(crate) struct Placed<'a, 'c> {
    pub(crate) subject: Subject,
    /// The numbers of its part, area and item (1-based).
    pub(crate) part: usize,
    pub(crate) area: usize,
    pub(crate) item: usize,
    /// Index of its area in `catalog.areas`.
    pub(crate) catalog_area: usize,
    /// `1(5)ウ`
    pub(crate) reference: String,
    pub(crate) selected: &'a Selected<'c>,
}

/// The selected requirements in the order and with the numbers of the 調達仕様書:
/// system requirements, then contractor obligations, each grouped by area in catalog
/// order. The spec and the response workbook both number from this, so a row of the
/// workbook names the item of the spec it answers.
pub(crate) fn outline<'a, 'c>(
    catalog: &Catalog,
    selected: &'a [Selected<'c>],
) -> Vec<Placed<'a, 'c>> {
    let mut out = Vec::new();
    let mut part = 0;
    for subject in [Subject::System, Subject::Contractor] {
        let mut area_number = 0;
        // Requirements name their area by name; two areas of one name are one section.
        let mut seen = std::collections::BTreeSet::new();
        for (catalog_area, area) in catalog.areas.iter().enumerate() {
            if !seen.insert(area.name.as_str()) {
                continue;
            }
            let items: Vec<&Selected<'c>> = selected
                .iter()
                .filter(|s| s.requirement.subject == subject && s.requirement.area == area.name)
                .collect();
            if items.is_empty() {
                continue;
            }
            if area_number == 0 {
                part += 1;
            }
            area_number += 1;
            for (i, s) in items.into_iter().enumerate() {
                let item = i + 1;
                out.push(Placed {
                    subject,
                    part,
                    area: area_number,
                    item,
                    catalog_area,
                    reference: format!(
                        "{}{}{}",
                        numbering::label(1, part as u64),
                        numbering::label(2, area_number as u64),
                        numbering::label(3, item as u64)
                    ),
                    selected: s,
                });
            }
        }
    }
    out
}

impl SpecDocument {
    pub fn build(
        catalog: &Catalog,
        profile: &Profile,
        selected: &[Selected],
        templates: &Templates,
    ) -> Result<SpecDocument> {
        let mut parts: Vec<Part> = Vec::new();
        for p in outline(catalog, selected) {
            if parts.len() < p.part {
                parts.push(Part {
                    number: p.part,
                    label: numbering::label(1, p.part as u64),
                    kind: p.subject,
                    heading: String::new(),
                    areas: Vec::new(),
                });
            }
            let Some(part) = parts.last_mut() else {
                continue;
            };
            if part.areas.len() < p.area {
                let area = &catalog.areas[p.catalog_area];
                part.areas.push(AreaSection {
                    number: p.area,
                    label: numbering::label(2, p.area as u64),
                    id: area.id.clone(),
                    name: area.name.clone(),
                    description: area.description.clone(),
                    items: Vec::new(),
                });
            }
            let Some(area) = part.areas.last_mut() else {
                continue;
            };
            let r = p.selected.requirement;
            area.items.push(Item {
                number: p.item,
                label: numbering::label(3, p.item as u64),
                reference: p.reference,
                id: r.id.clone(),
                title: r.title.clone(),
                level: r.level.label().to_string(),
                text: p.selected.text.spec.clone(),
                basis: p.selected.text.basis_lines(&r.basis),
                basis_text: p.selected.text.basis_lines(&r.basis).join("、"),
                reasons: p.selected.reasons.clone(),
                evidence: p.selected.text.evidence.clone().unwrap_or_default(),
                stage: r.stage().label().to_string(),
            });
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
