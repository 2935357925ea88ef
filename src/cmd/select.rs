//! `kijun select`: the requirements that apply to a profile, with their reasons.

use std::path::Path;

use super::{table_row, Env};
use crate::cli::{OutputArgs, SelectFormat};
use crate::select::{select, RequirementJson, Selected};
use crate::{Error, Outcome, Result};

pub fn execute(
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
        SelectFormat::Csv => csv(&selected)?,
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

pub fn json(selected: &[Selected<'_>]) -> Result<String> {
    let rows: Vec<RequirementJson<'_>> = selected.iter().map(RequirementJson::selected).collect();
    serde_json::to_string_pretty(&rows)
        .map(|s| s + "\n")
        .map_err(|e| Error::Usage(format!("JSON を作成できません: {e}")))
}

/// CSV for Excel: UTF-8 with a BOM (so Excel reads the Japanese), Japanese headers.
fn csv(selected: &[Selected<'_>]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Usage(format!("CSV を作成できません: {e}"));
    w.write_record([
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
    ])
    .map_err(fail)?;
    for s in selected {
        let r = s.requirement;
        w.write_record([
            r.id.as_str(),
            &r.title,
            &r.area,
            r.level.label(),
            r.subject.label(),
            &r.basis.join("\n"),
            &r.spec,
            r.clause.as_deref().unwrap_or(""),
            r.question(),
            r.evidence.as_deref().unwrap_or(""),
            if r.answers.na_allowed {
                "可"
            } else {
                "不可"
            },
            &s.reasons.join("\n"),
        ])
        .map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Usage(format!("CSV を作成できません: {e}")))?;
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}
