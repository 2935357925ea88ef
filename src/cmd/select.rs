//! `kijun select`: the requirements that apply to a profile, with their reasons.

use std::path::Path;

use super::{table_row, Env};
use crate::cli::{OutputArgs, SelectFormat};
use crate::select::{select, RequirementJson, Selected};
use crate::{Error, Outcome, Result};

pub(crate) fn execute(
    env: &Env,
    profile_path: &Path,
    format: Option<SelectFormat>,
    out: &OutputArgs,
) -> Result<Outcome> {
    let output = out.resolve(format, SelectFormat::Table, "要件一覧", &[profile_path])?;
    let (catalog, profile) = env.catalog_and_profile(profile_path)?;
    let selected = select(&catalog, &profile);
    let text = match output.format {
        SelectFormat::Json => json(&selected)?,
        SelectFormat::Csv => csv(&selected, catalog.has_overlays())?,
        SelectFormat::Table => {
            let basic = selected
                .iter()
                .filter(|s| s.requirement.level == crate::catalog::Level::Basic)
                .count();
            let mut out = format!(
                "{}（{}）に適用される要件: {} 件（基本 {} 件・強化 {} 件）\nカタログ: {}\n\n",
                profile.system_name,
                profile.organization,
                selected.len(),
                basic,
                selected.len() - basic,
                catalog.title()
            );
            if catalog.has_overlays() {
                out.insert_str(out.len() - 1, &overlay_summary(&catalog, &selected));
            }
            let width = selected
                .iter()
                .map(|s| super::width(&s.requirement.area))
                .max()
                .unwrap_or(0);
            for s in &selected {
                let r = s.requirement;
                out.push_str(&table_row(&[
                    (&r.id, 8),
                    (r.level.label(), 4),
                    (&r.area, width),
                    (&r.title, 0),
                ]));
                if let Some(c) = &r.when {
                    out.push_str(&format!("          条件: {}\n", c.words(&catalog.schema)));
                }
                out.push_str(&format!("          理由: {}\n", s.reasons.join("／")));
                if catalog.has_overlays() {
                    out.push_str(&format!("          出典: {}\n", r.origin));
                    for line in crate::catalog::overlay::provenance(r) {
                        out.push_str(&format!("          {line}\n"));
                    }
                }
            }
            out
        }
    };
    output.write(
        text.as_bytes(),
        "適用される要件の一覧",
        &format!("（{} 件）", selected.len()),
    )?;
    Ok(Outcome::Success)
}

/// What the overlays did to this selection: 「追加 2 件・改変等 3 件・取下げ 1 件（…）」.
fn overlay_summary(catalog: &crate::catalog::Catalog, selected: &[Selected<'_>]) -> String {
    let base = crate::catalog::BASE_ORIGIN;
    let added = selected
        .iter()
        .filter(|s| s.requirement.origin != base)
        .count();
    let changed = selected
        .iter()
        .filter(|s| !s.requirement.changes.is_empty())
        .count();
    // The overlays' withdrawals; the catalog's own are of earlier editions.
    let withdrawn: Vec<String> = catalog
        .withdrawn
        .iter()
        .filter(|w| w.since.is_none())
        .map(|w| format!("{}（{}）", w.id, w.by))
        .collect();
    let mut line = format!("重ねた基準による追加 {added} 件・改変等 {changed} 件");
    if !withdrawn.is_empty() {
        line.push_str(&format!(
            "・カタログからの取下げ {} 件: {}",
            withdrawn.len(),
            withdrawn.join("、")
        ));
    }
    line + "\n"
}

pub(crate) fn json(selected: &[Selected<'_>]) -> Result<String> {
    let rows: Vec<RequirementJson<'_>> = selected.iter().map(RequirementJson::selected).collect();
    serde_json::to_string_pretty(&rows)
        .map(|s| s + "\n")
        .map_err(|e| Error::Internal(format!("JSON を作成できません（{e}）")))
}

/// CSV for Excel: UTF-8 with a BOM (so Excel reads the Japanese), Japanese headers.
/// Under an overlay, two more columns: each requirement's origin and its changes.
fn csv(selected: &[Selected<'_>], overlays: bool) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Internal(format!("CSV を作成できません（{e}）"));
    let mut head = vec![
        "要件ID",
        "表題",
        "分類",
        "区分",
        "対象",
        "根拠",
        "仕様書の文",
        "契約条項",
        "質問",
        "証跡",
        "該当なし可",
        "適用理由",
    ];
    if overlays {
        head.extend(["出典", "改変等"]);
    }
    w.write_record(&head).map_err(fail)?;
    for s in selected {
        let r = s.requirement;
        let mut row: Vec<String> = vec![
            r.id.clone(),
            r.title.clone(),
            r.area.clone(),
            r.level.label().to_string(),
            r.subject.label().to_string(),
            r.basis.join("\n"),
            r.spec.clone(),
            r.clause.clone().unwrap_or_default(),
            r.question().to_string(),
            r.evidence.clone().unwrap_or_default(),
            if r.answers.na_allowed {
                "可"
            } else {
                "不可"
            }
            .to_string(),
            s.reasons.join("\n"),
        ];
        if overlays {
            row.push(r.origin.clone());
            row.push(crate::catalog::overlay::provenance(r).join("\n"));
        }
        w.write_record(&row).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Internal(format!("CSV を作成できません（{e}）")))?;
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}
