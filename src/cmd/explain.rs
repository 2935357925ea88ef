//! `kijun explain`: why one requirement applies to a profile, or why it does not.

use std::path::Path;

use super::Env;
use crate::select::evaluate;
use crate::{Outcome, Result};

pub fn execute(env: &Env, profile_path: &Path, id: &str) -> Result<Outcome> {
    let (catalog, profile) = env.catalog_and_profile(profile_path)?;
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
    super::print(&out)?;
    Ok(Outcome::Success)
}
