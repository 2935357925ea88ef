//! `kijun explain`: why one requirement applies to a profile, or why it does not.

use std::path::Path;

use super::Env;
use crate::select::evaluate;
use crate::{Outcome, Result};

pub(crate) fn execute(env: &Env, profile_path: &Path, id: &str) -> Result<Outcome> {
    let (catalog, profile) = env.catalog_and_profile(profile_path)?;
    if catalog
        .requirement(&id.trim().to_ascii_uppercase())
        .is_none()
    {
        if let Some(w) = catalog.withdrawal(id) {
            let mut out = format!(
                "{} {}\n\n判定: 適用されません（{}）\n理由:\n  - {}が、この要件を取り下げています。取下げの理由: {}\n",
                w.id,
                w.title,
                profile.system_name,
                w.withdrawer(),
                w.reason
            );
            if let Some(r) = &w.requirement {
                out.push_str(&format!("\n取り下げられた要件の仕様書の文: {}\n", r.spec));
            }
            out.push_str(&format!("定義ファイル: {}\n", w.file));
            super::print(&out)?;
            return Ok(Outcome::Success);
        }
    }
    let r = catalog.find(id)?;
    let outcome = evaluate(&catalog, &profile, r);
    let mut out = format!("{} {}\n", r.id, r.title);
    out.push_str(&format!(
        "分類: {}／区分: {}／{}\n",
        r.area,
        r.level.label(),
        r.subject.label()
    ));
    out.push_str(&format!(
        "適用条件: {}\n",
        r.when.as_ref().map_or("なし（常に適用）".to_string(), |c| c
            .words(&catalog.schema))
    ));
    out.push_str(&format!(
        "\n判定: {}（{}）\n",
        if outcome.holds {
            "適用されます"
        } else {
            "適用されません"
        },
        profile.system_name
    ));
    out.push_str("理由:\n");
    for reason in &outcome.reasons {
        out.push_str(&format!("  - {reason}\n"));
    }
    out.push_str(&format!("\n仕様書の文: {}\n", r.spec));
    if let Some(c) = &r.clause {
        out.push_str(&format!("契約条項: {c}\n"));
    }
    out.push_str(&format!("根拠: {}\n", r.basis.join("／")));
    if catalog.has_overlays() {
        out.push_str(&provenance(r));
    }
    super::print(&out)?;
    Ok(Outcome::Success)
}

/// Where the requirement comes from, and each change an overlay made, with its reason
/// and, for changed wording, what changed.
fn provenance(r: &crate::catalog::Requirement) -> String {
    use crate::catalog::overlay::field_label;
    let mut out = format!("出典: {}\n", r.origin);
    for (i, c) in r.changes.iter().enumerate() {
        let after = r.changes.get(i + 1).map_or(r, |n| &*n.before);
        let fields: Vec<&str> = c.fields.iter().map(|f| field_label(f)).collect();
        out.push_str(&format!(
            "{}: {}（{}、{}）\n",
            c.kind.label(),
            c.overlay,
            fields.join("・"),
            c.file
        ));
        if !c.reason.is_empty() {
            out.push_str(&format!("  理由: {}\n", c.reason));
        }
        let texts = [
            ("spec", &c.before.spec, &after.spec),
            ("title", &c.before.title, &after.title),
        ];
        for (field, old, new) in texts {
            if old != new {
                out.push_str(&format!(
                    "  {}の変更箇所: {}\n",
                    field_label(field),
                    crate::verify::checks::diff(old, new)
                ));
            }
        }
        if c.before.clause != after.clause {
            out.push_str(&format!(
                "  {}の変更箇所: {}\n",
                field_label("clause"),
                crate::verify::checks::diff(
                    c.before.clause.as_deref().unwrap_or(""),
                    after.clause.as_deref().unwrap_or("")
                )
            ));
        }
        if c.before.when.as_ref().map(|w| &w.text) != after.when.as_ref().map(|w| &w.text) {
            let show = |w: &Option<crate::condition::Condition>| {
                w.as_ref()
                    .map_or("なし（常に適用）".to_string(), |c| c.text.clone())
            };
            out.push_str(&format!(
                "  適用条件: {} → {}\n",
                show(&c.before.when),
                show(&after.when)
            ));
        }
        if c.before.level != after.level {
            out.push_str(&format!(
                "  区分: {} → {}\n",
                c.before.level.label(),
                after.level.label()
            ));
        }
    }
    out
}
