//! The security section of a 調達仕様書 as a document model: preface, the parts in the
//! order of the standard template (the system's functions for the 要件定義書, the
//! 成果物一覧, 作業の実施に当たっての遵守事項, 入札参加資格・提案, 再委託), areas (1)(2)…,
//! requirements ア・イ…, and the annex 準拠基準対照表. One part can be emitted alone, and
//! numbering can start one or two levels down, so the text drops into the chapter of the
//! ministry's template where it belongs.

use serde::Serialize;

use super::{numbering, Meta, Templates};
use crate::catalog::{Catalog, Part as PartKind};
use crate::error::Result;
use crate::profile::Profile;
use crate::select::Selected;

/// Which parts to emit and at which heading level the first heading stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpecLayout {
    /// One part, or `None` for all of them.
    pub(crate) part: Option<PartKind>,
    /// 1: the first heading is 「1」; 2: 「(1)」; 3: 「ア」.
    pub(crate) heading_level: u8,
}

impl Default for SpecLayout {
    fn default() -> Self {
        SpecLayout {
            part: None,
            heading_level: 1,
        }
    }
}

impl SpecLayout {
    /// The depth of the first numbered heading (1-based, as `numbering::label` counts).
    fn top(self) -> u64 {
        u64::from(self.heading_level.clamp(1, 4))
    }
    /// The depths of part, area and item headings. A part emitted alone has no heading
    /// of its own (the host template's chapter is its heading), so its areas stand at the
    /// top depth.
    fn depths(self) -> (u64, u64, u64) {
        let t = self.top();
        match self.part {
            None => (t, t + 1, t + 2),
            Some(_) => (0, t, t + 1),
        }
    }
}

/// The 調達仕様書 section.
#[derive(Debug, Clone, Serialize)]
pub struct SpecDocument {
    #[serde(flatten)]
    pub(crate) meta: Meta,
    /// From `spec-title.hbs` (for one part: the part's heading).
    pub(crate) title: String,
    /// Paragraphs from `spec-preface.hbs` (none when one part is emitted alone).
    pub(crate) preface: Vec<String>,
    /// Whether this is the whole section (all parts) or one part.
    pub(crate) whole: bool,
    pub(crate) heading_level: u8,
    pub(crate) parts: Vec<Part>,
    pub(crate) annex: Annex,
}

impl SpecDocument {
    /// What the document holds, for the line that announces it: 「要件 59 件」, or for
    /// the 成果物一覧 alone 「成果物 13 件」.
    pub(crate) fn contents(&self) -> String {
        let requirements: usize = self
            .parts
            .iter()
            .flat_map(|p| &p.areas)
            .map(|a| a.items.len())
            .sum();
        let deliverables: usize = self.parts.iter().map(|p| p.deliverables.len()).sum();
        match (requirements, deliverables) {
            (0, d) if d > 0 => format!("成果物 {d} 件"),
            (r, _) => format!("要件 {r} 件"),
        }
    }
}

/// One part (遵守事項, 再委託 …).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Part {
    pub(crate) number: usize,
    /// `1` (or `(1)` one level down); empty when the part is emitted alone.
    pub(crate) label: String,
    /// `functions`, `deliverables`, `duties`, `qualification` or `subcontract`.
    pub(crate) kind: &'static str,
    /// From `spec-part-<kind>.hbs`.
    pub(crate) heading: String,
    /// Paragraphs that open the part (from `spec-lead-<kind>.hbs`, where there is one).
    pub(crate) lead: Vec<String>,
    /// The Markdown heading marker of the part (`##`).
    pub(crate) h: String,
    pub(crate) areas: Vec<AreaSection>,
    /// The 成果物一覧 (the `deliverables` part only).
    pub(crate) deliverables: Vec<DeliverableRow>,
}

/// One area (分類) within a part.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AreaSection {
    pub(crate) number: usize,
    /// `(1)`, or `ア` one level down.
    pub(crate) label: String,
    /// The area's id prefix, e.g. `AUTH`.
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: String,
    /// The Markdown heading marker (`###`) and the text layout's indent (全角 spaces).
    pub(crate) h: String,
    pub(crate) indent: String,
    pub(crate) items: Vec<Item>,
}

/// One requirement.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Item {
    pub(crate) number: usize,
    /// `ア`
    pub(crate) label: String,
    /// Where it stands, named by its part: 「遵守事項(2)イ」.
    pub(crate) reference: String,
    pub(crate) id: String,
    pub(crate) title: String,
    /// 基本 or 強化
    pub(crate) level: String,
    /// The 調達仕様書 sentence.
    pub(crate) text: String,
    /// Each basis with its relation (〔準拠〕…), then the values the 発注者 set.
    pub(crate) basis: Vec<String>,
    /// The basis joined with 「、」.
    pub(crate) basis_text: String,
    pub(crate) reasons: Vec<String>,
    /// What evidence the vendor must name; empty when none.
    pub(crate) evidence: String,
    /// When it bites: 入札参加資格, 提案時, 履行中, 納品時 or 契約終了時.
    pub(crate) stage: String,
    /// The text layout's indents of the heading and of the sentence.
    pub(crate) indent: String,
    pub(crate) body_indent: String,
}

/// One row of the 成果物一覧.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DeliverableRow {
    pub(crate) number: usize,
    pub(crate) name: String,
    /// 提出時期, with the profile's parameters in place.
    pub(crate) due: String,
    pub(crate) form: String,
    pub(crate) stage: String,
    /// The requirements that demand it, by reference and id: 「遵守事項(1)ア【OUT-02】」.
    pub(crate) requirements: Vec<String>,
    pub(crate) requirements_text: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Annex {
    /// Whether the document carries the annex (the whole section does; a part alone
    /// does not).
    pub(crate) shown: bool,
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

/// Where one selected requirement stands in the 調達仕様書: its part, area and item, and
/// the reference that names it (「遵守事項(5)ウ」, the labels of a part's areas and
/// items as the whole section numbers them).
#[derive(Debug, Clone)]
pub(crate) struct Placed<'a, 'c> {
    pub(crate) part: PartKind,
    /// The numbers of its area within the part and of the item within the area (1-based).
    pub(crate) area: usize,
    pub(crate) item: usize,
    /// Index of its area in `catalog.areas`.
    pub(crate) catalog_area: usize,
    /// 「遵守事項(5)ウ」
    pub(crate) reference: String,
    pub(crate) selected: &'a Selected<'c>,
}

/// The selected requirements in the order and with the numbers of the 調達仕様書: by
/// part, then by area in catalog order. The spec and the response workbook both number
/// from this, so a row of the workbook names the item of the spec it answers.
pub(crate) fn outline<'a, 'c>(
    catalog: &Catalog,
    selected: &'a [Selected<'c>],
) -> Vec<Placed<'a, 'c>> {
    outline_at(catalog, selected, SpecLayout::default())
}

fn outline_at<'a, 'c>(
    catalog: &Catalog,
    selected: &'a [Selected<'c>],
    layout: SpecLayout,
) -> Vec<Placed<'a, 'c>> {
    let (_, area_depth, item_depth) = layout.depths();
    let mut out = Vec::new();
    for part in PartKind::ALL {
        let mut area_number = 0;
        // Requirements name their area by name; two areas of one name are one section.
        let mut seen = std::collections::BTreeSet::new();
        for (catalog_area, area) in catalog.areas.iter().enumerate() {
            if !seen.insert(area.name.as_str()) {
                continue;
            }
            let items: Vec<&Selected<'c>> = selected
                .iter()
                .filter(|s| {
                    s.requirement.area == area.name && s.requirement.part(Some(area)) == part
                })
                .collect();
            if items.is_empty() {
                continue;
            }
            area_number += 1;
            for (i, s) in items.into_iter().enumerate() {
                let item = i + 1;
                out.push(Placed {
                    part,
                    area: area_number,
                    item,
                    catalog_area,
                    reference: format!(
                        "{}{}{}",
                        part.short(),
                        numbering::label(area_depth, area_number as u64),
                        numbering::label(item_depth, item as u64)
                    ),
                    selected: s,
                });
            }
        }
    }
    out
}

/// 全角 spaces for a heading `depth` levels below the first one printed.
fn indent(depth: u64, top: u64) -> String {
    "\u{3000}".repeat(depth.saturating_sub(top) as usize)
}

/// The Markdown heading marker for a depth: the first printed level is `##`.
fn h(depth: u64, top: u64) -> String {
    "#".repeat(2 + depth.saturating_sub(top) as usize)
}

impl SpecDocument {
    /// The whole section at heading level 1.
    pub fn build(
        catalog: &Catalog,
        profile: &Profile,
        selected: &[Selected],
        templates: &Templates,
    ) -> Result<SpecDocument> {
        SpecDocument::build_with(catalog, profile, selected, templates, SpecLayout::default())
    }

    pub fn build_with(
        catalog: &Catalog,
        profile: &Profile,
        selected: &[Selected],
        templates: &Templates,
        layout: SpecLayout,
    ) -> Result<SpecDocument> {
        let (part_depth, area_depth, item_depth) = layout.depths();
        let top = if layout.part.is_none() {
            part_depth
        } else {
            area_depth
        };
        let wanted = |p: PartKind| layout.part.is_none_or(|w| w == p);
        let placed = outline_at(catalog, selected, layout);
        let deliverables = deliverable_rows(catalog, profile, &placed);
        let mut parts: Vec<Part> = Vec::new();
        for kind in PartKind::ALL.into_iter().filter(|p| wanted(*p)) {
            let mut areas: Vec<AreaSection> = Vec::new();
            for p in placed.iter().filter(|p| p.part == kind) {
                if areas.len() < p.area {
                    let area = &catalog.areas[p.catalog_area];
                    areas.push(AreaSection {
                        number: p.area,
                        label: numbering::label(area_depth, p.area as u64),
                        id: area.id.clone(),
                        name: area.name.clone(),
                        description: area.description.clone(),
                        h: h(area_depth, top),
                        indent: indent(area_depth, top),
                        items: Vec::new(),
                    });
                }
                let Some(area) = areas.last_mut() else {
                    continue;
                };
                let s = p.selected;
                let r = s.requirement;
                let basis = s.text.basis_lines(&r.basis);
                area.items.push(Item {
                    number: p.item,
                    label: numbering::label(item_depth, p.item as u64),
                    reference: p.reference.clone(),
                    id: r.id.clone(),
                    title: r.title.clone(),
                    level: r.level.label().to_string(),
                    text: s.text.spec.clone(),
                    basis_text: basis.join("、"),
                    basis,
                    reasons: s.reasons.clone(),
                    evidence: s.text.evidence.clone().unwrap_or_default(),
                    stage: r.stage().label().to_string(),
                    indent: indent(item_depth, top),
                    body_indent: indent(item_depth + 1, top),
                });
            }
            let rows = if kind == PartKind::Deliverables {
                deliverables.clone()
            } else {
                Vec::new()
            };
            if areas.is_empty() && rows.is_empty() && layout.part.is_none() {
                continue;
            }
            parts.push(Part {
                number: parts.len() + 1,
                label: String::new(),
                kind: kind.key(),
                heading: String::new(),
                lead: Vec::new(),
                h: h(part_depth, top),
                areas,
                deliverables: rows,
            });
        }
        if layout.part.is_none() {
            for p in &mut parts {
                p.label = numbering::label(part_depth, p.number as u64);
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
                subject: part_label(p.kind),
                basis: i.basis.clone(),
                basis_text: i.basis_text.clone(),
            })
            .collect();
        let mut doc = SpecDocument {
            meta: Meta::new(catalog, profile, selected),
            title: String::new(),
            preface: Vec::new(),
            whole: layout.part.is_none(),
            heading_level: layout.heading_level,
            parts,
            annex: Annex {
                shown: layout.part.is_none(),
                title: String::new(),
                note: Vec::new(),
                rows,
            },
        };
        // Wording, in an order where later templates may use what earlier ones gave.
        for i in 0..doc.parts.len() {
            let name = heading_template(doc.parts[i].kind);
            doc.parts[i].heading = templates.line(name, &doc)?;
            let lead = format!("spec-lead-{}", doc.parts[i].kind);
            if templates.has(&lead) {
                doc.parts[i].lead = templates.lines(&lead, &doc)?;
            }
        }
        doc.title = match (layout.part, doc.parts.first()) {
            (Some(_), Some(p)) => p.heading.clone(),
            _ => templates.line("spec-title", &doc)?,
        };
        doc.annex.title = templates.line("spec-annex-title", &doc)?;
        if doc.whole {
            doc.annex.note = templates.lines("spec-annex-note", &doc)?;
            doc.preface = templates.lines("spec-preface", &doc)?;
        }
        Ok(doc)
    }
}

/// The wording template of a part's heading. The system's functions and the
/// contractor's duties keep the names they had before parts (so an office's edited
/// templates still apply).
fn heading_template(kind: &str) -> &'static str {
    match kind {
        "functions" => "spec-part-system",
        "duties" => "spec-part-contractor",
        "qualification" => "spec-part-qualification",
        "subcontract" => "spec-part-subcontract",
        _ => "spec-part-deliverables",
    }
}

/// What the 対照表's subject column says of a part.
fn part_label(kind: &str) -> String {
    match kind {
        "functions" => "システム要件",
        "qualification" => "入札者・提案者",
        "subcontract" => "受注者の義務（再委託）",
        _ => "受注者の義務",
    }
    .to_string()
}

/// The 成果物一覧: each deliverable the selected requirements demand, once, by stage,
/// then in catalog order, with the requirements that demand it.
fn deliverable_rows(
    catalog: &Catalog,
    profile: &Profile,
    placed: &[Placed<'_, '_>],
) -> Vec<DeliverableRow> {
    let mut rows: Vec<(crate::catalog::Stage, usize, DeliverableRow)> = Vec::new();
    for (order, d) in catalog.deliverables.iter().enumerate() {
        let demanding: Vec<String> = placed
            .iter()
            .filter(|p| p.selected.requirement.deliverables.contains(&d.key))
            .map(|p| format!("{}【{}】", p.reference, p.selected.requirement.id))
            .collect();
        if demanding.is_empty() {
            continue;
        }
        rows.push((
            d.stage,
            order,
            DeliverableRow {
                number: 0,
                name: d.name.clone(),
                due: crate::select::render(&d.due, &catalog.schema, Some(profile)),
                form: d.form.clone(),
                stage: d.stage.label().to_string(),
                requirements_text: demanding.join("、"),
                requirements: demanding,
            },
        ));
    }
    rows.sort_by_key(|(stage, order, _)| (*stage, *order));
    rows.into_iter()
        .enumerate()
        .map(|(i, (_, _, mut row))| {
            row.number = i + 1;
            row
        })
        .collect()
}
