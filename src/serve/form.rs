//! The profile as a web form. The form's fields are named after the profile's keys
//! (`system.name`, `classification.confidentiality`, `traits.cloud`, …); what the
//! browser sends is written out as profile TOML and read by [`Profile::parse`], the
//! same reader as the CLI's `--profile`, so the form accepts exactly what a file
//! would and shows the same Japanese messages, each next to the field it names.

use std::collections::BTreeMap;

use crate::error::Error;
use crate::profile::schema::{ProfileSchema, TraitType};
use crate::profile::{Profile, Value};

/// What the form shows: each field's values (several for a set of checkboxes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FormValues {
    pub(crate) fields: BTreeMap<String, Vec<String>>,
}

impl FormValues {
    pub(crate) fn get(&self, field: &str) -> &str {
        self.fields
            .get(field)
            .and_then(|v| v.first())
            .map_or("", String::as_str)
    }

    pub(crate) fn has(&self, field: &str, value: &str) -> bool {
        self.fields
            .get(field)
            .is_some_and(|v| v.iter().any(|x| x == value))
    }

    /// The fields of an `application/x-www-form-urlencoded` body or query.
    pub(crate) fn from_urlencoded(body: &[u8]) -> FormValues {
        let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in form_urlencoded::parse(body) {
            fields
                .entry(k.into_owned())
                .or_default()
                .push(v.into_owned());
        }
        FormValues { fields }
    }

    /// The form filled from a profile.
    pub(crate) fn from_profile(profile: &Profile) -> FormValues {
        let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
        fields.insert("system.name".into(), vec![profile.system_name.clone()]);
        fields.insert(
            "system.organization".into(),
            vec![profile.organization.clone()],
        );
        for (key, value) in &profile.values {
            let (name, vals) = match value {
                Value::Level(n) => (format!("classification.{key}"), vec![n.to_string()]),
                Value::Bool(true) => (format!("traits.{key}"), vec!["true".into()]),
                Value::Bool(false) => continue,
                Value::Choice(c) => (format!("traits.{key}"), vec![c.clone()]),
                Value::Set(s) => (format!("traits.{key}"), s.iter().cloned().collect()),
            };
            fields.insert(name, vals);
        }
        FormValues { fields }
    }

    /// The profile TOML these fields stand for. Nothing is checked here: a value the
    /// schema does not allow is written as sent, so that the profile reader reports it.
    pub(crate) fn to_toml(&self, schema: &ProfileSchema) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let mut out = String::from(
            "# kijun プロファイル（kijun serve の画面で作成）\n\
             # 各項目の意味は kijun init が書き出す見本のコメントにあります。\n\n[system]\n",
        );
        out.push_str(&format!("name = {}\n", q(self.get("system.name").trim())));
        out.push_str(&format!(
            "organization = {}\n",
            q(self.get("system.organization").trim())
        ));
        out.push_str("\n[classification]\n");
        let mut known = vec!["system.name".to_string(), "system.organization".to_string()];
        for d in &schema.classifications {
            let field = format!("classification.{}", d.key);
            if let Some(v) = self.fields.get(&field).and_then(|v| v.first()) {
                let v = v.trim();
                let text = match v.parse::<i64>() {
                    Ok(n) => n.to_string(),
                    Err(_) => q(v),
                };
                out.push_str(&format!("{} = {text}  # {}\n", d.key, d.label));
            }
            known.push(field);
        }
        out.push_str("\n[traits]\n");
        for t in &schema.traits {
            let field = format!("traits.{}", t.key);
            let vals = self.fields.get(&field).cloned().unwrap_or_default();
            let text = match t.kind {
                TraitType::Bool => (vals.iter().any(|v| v == "true")).to_string(),
                TraitType::Choice => match vals.first() {
                    Some(v) => q(v),
                    None => continue,
                },
                TraitType::Set => {
                    let items: Vec<String> = vals.iter().map(|v| q(v)).collect();
                    format!("[{}]", items.join(", "))
                }
            };
            out.push_str(&format!("{} = {text}  # {}\n", t.key, t.label));
            known.push(field);
        }
        // Fields the schema does not know (a stale page, a hand-made request) are kept,
        // so that the reader names them instead of dropping them silently.
        for (field, vals) in &self.fields {
            if known.contains(field) {
                continue;
            }
            if let Some(key) = field.strip_prefix("traits.") {
                if is_bare_key(key) {
                    let v = vals.first().map_or(String::new(), |v| q(v));
                    out.push_str(&format!("{key} = {v}\n"));
                }
            }
        }
        out
    }
}

fn is_bare_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The sample profile of the schema (every value marked `sample`), as form values.
pub(crate) fn sample(schema: &ProfileSchema) -> FormValues {
    let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
    fields.insert("system.name".into(), vec![schema.sample.name.clone()]);
    fields.insert(
        "system.organization".into(),
        vec![schema.sample.organization.clone()],
    );
    for d in &schema.classifications {
        let level = d
            .levels
            .iter()
            .find(|l| l.sample)
            .map_or(d.min(), |l| l.value);
        fields.insert(format!("classification.{}", d.key), vec![level.to_string()]);
    }
    for t in &schema.traits {
        let mut vals: Vec<String> = match t.kind {
            TraitType::Bool if t.sample => vec!["true".into()],
            TraitType::Bool => continue,
            _ => t
                .values
                .iter()
                .filter(|v| v.sample)
                .map(|v| v.value.clone())
                .collect(),
        };
        // In the order a profile keeps a set (sorted), so both compare equal.
        vals.sort();
        fields.insert(format!("traits.{}", t.key), vals);
    }
    FormValues { fields }
}

/// A profile reader's problems, sorted to the field each names (`system.name`,
/// `classification.x`, `traits.y`); problems that name no field go under "".
/// The "N行目:" prefix is dropped: the lines are those of the generated TOML, which
/// the person filling the form never sees.
pub(crate) fn field_errors(err: &Error, schema: &ProfileSchema) -> BTreeMap<String, Vec<String>> {
    let message = match err {
        Error::Profile { message, .. } => message.clone(),
        other => other.to_string(),
    };
    let mut fields: Vec<String> = vec!["system.name".into(), "system.organization".into()];
    fields.extend(
        schema
            .classifications
            .iter()
            .map(|d| format!("classification.{}", d.key)),
    );
    fields.extend(schema.traits.iter().map(|t| format!("traits.{}", t.key)));
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for problem in message
        .split("\n  - ")
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let text = strip_line(problem);
        let field = fields
            .iter()
            .find(|f| names_field(text, f))
            .cloned()
            .unwrap_or_default();
        out.entry(field).or_default().push(text.to_string());
    }
    out
}

/// Whether a message names `field` as a whole key (not `traits.remote_access` for
/// `traits.remote`).
fn names_field(text: &str, field: &str) -> bool {
    text.match_indices(field).any(|(i, _)| {
        text[i + field.len()..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'))
    })
}

fn strip_line(problem: &str) -> &str {
    match problem.split_once("行目: ") {
        Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) => rest,
        _ => problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::load::load;

    #[test]
    fn a_profile_survives_the_form() {
        let catalog = load(None).unwrap();
        let form = sample(&catalog.schema);
        let text = form.to_toml(&catalog.schema);
        let profile = Profile::parse(&text, "form", &catalog.schema).unwrap();
        assert_eq!(FormValues::from_profile(&profile), form);
        assert_eq!(profile.system_name, catalog.schema.sample.name);
    }

    #[test]
    fn errors_go_next_to_their_field() {
        let catalog = load(None).unwrap();
        let mut form = sample(&catalog.schema);
        form.fields.insert("system.name".into(), vec!["  ".into()]);
        form.fields
            .insert("classification.confidentiality".into(), vec!["9".into()]);
        form.fields.insert("traits.bogus".into(), vec!["x".into()]);
        let text = form.to_toml(&catalog.schema);
        let err = Profile::parse(&text, "form", &catalog.schema).unwrap_err();
        let errors = field_errors(&err, &catalog.schema);
        assert!(errors["system.name"][0].contains("空です"), "{errors:?}");
        assert!(errors["classification.confidentiality"][0].contains("範囲外"));
        assert!(errors[""][0].contains("bogus"));
        assert!(!errors["system.name"][0].contains("行目"));
    }
}
