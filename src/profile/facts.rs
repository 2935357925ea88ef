//! A profile as a reviewer reads it on paper: the 格付け in one phrase and the traits
//! that hold, each in the schema's own words. The facts that drove selection are what
//! a verification report is filed with.

use super::schema::{ProfileSchema, TraitType};
use super::{Profile, Value};

/// 「機密性2、完全性2、可用性2」, in the schema's order.
pub(crate) fn classification_text(schema: &ProfileSchema, profile: &Profile) -> String {
    schema
        .classifications
        .iter()
        .filter_map(|d| Some(format!("{}{}", d.label, profile.level(&d.key)?)))
        .collect::<Vec<_>>()
        .join("、")
}

/// The traits that hold, one phrase each, in the schema's order: a true flag by its
/// label, a choice other than the first (lowest) by its meaning, a set by its members.
pub(crate) fn traits_held(schema: &ProfileSchema, profile: &Profile) -> Vec<String> {
    let mut out = Vec::new();
    for t in &schema.traits {
        let Some(value) = profile.values.get(&t.key) else {
            continue;
        };
        let meaning = |v: &str| {
            t.value(v)
                .map_or_else(|| v.to_string(), |d| d.meaning.clone())
        };
        match (t.kind, value) {
            (TraitType::Bool, Value::Bool(true)) => out.push(t.label.clone()),
            (TraitType::Choice, Value::Choice(v))
                if t.values.first().is_some_and(|first| first.value != *v) =>
            {
                out.push(format!("{}: {}", t.label, meaning(v)));
            }
            (TraitType::Set, Value::Set(members)) if !members.is_empty() => {
                let ordered: Vec<String> = t
                    .values
                    .iter()
                    .filter(|d| members.contains(&d.value))
                    .map(|d| d.meaning.clone())
                    .collect();
                out.push(format!("{}: {}", t.label, ordered.join("、")));
            }
            _ => {}
        }
    }
    out
}
