//! The profile as a web form, and as the query every page carries. The form's fields
//! are named after the profile's keys (`system.name`, `classification.confidentiality`,
//! `traits.cloud`, …). What the browser sends is first checked field by field against
//! the catalog's profile schema, with messages in the form's own words (「システム名を
//! 入力してください」, never a TOML key); then it is written out as profile TOML and read
//! by [`Profile::parse`], the same reader as the CLI's `--profile`, so the form accepts
//! exactly what a file would.
//!
//! Every page carries the profile it shows in its URL, as these fields in canonical
//! order ([`FormValues::query`]); downloads are made from exactly that profile, so a
//! stale tab, or a second tab with another system, can never get another profile's
//! documents, and nothing about the profile is kept on the server between requests.

use std::collections::BTreeMap;

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

    /// The profile's fields of an `application/x-www-form-urlencoded` body or query
    /// (other parameters, such as a page's filters, are left out).
    pub(crate) fn from_urlencoded(body: &[u8]) -> FormValues {
        let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in form_urlencoded::parse(body) {
            if is_profile_field(&k) {
                fields
                    .entry(k.into_owned())
                    .or_default()
                    .push(v.into_owned());
            }
        }
        FormValues { fields }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The fields as a query string, in canonical order: what every link carries.
    pub(crate) fn query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, vals) in &self.fields {
            for v in vals {
                q.append_pair(k, v);
            }
        }
        q.finish()
    }

    /// The form filled from a profile; parameters only where the profile's value is not
    /// the default (so that links stay short and a default follows the catalog).
    pub(crate) fn from_profile(profile: &Profile, schema: &ProfileSchema) -> FormValues {
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
                Value::Set(s) if s.is_empty() => continue,
                Value::Set(s) => (format!("traits.{key}"), s.iter().cloned().collect()),
            };
            fields.insert(name, vals);
        }
        for (key, value) in &profile.params {
            if schema.parameter(key).is_some_and(|d| d.default != *value) {
                fields.insert(format!("parameters.{key}"), vec![value.to_string()]);
            }
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
        for d in &schema.parameters {
            known.push(format!("parameters.{}", d.key));
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
        let params: Vec<(&str, &str)> = schema
            .parameters
            .iter()
            .filter_map(|d| {
                let v = self.fields.get(&format!("parameters.{}", d.key))?.first()?;
                Some((d.key.as_str(), v.as_str()))
            })
            .collect();
        if !params.is_empty() {
            out.push_str("\n[parameters]\n");
            for (key, v) in params {
                let v = v.trim();
                let text = match v.parse::<i64>() {
                    Ok(n) => n.to_string(),
                    Err(_) => q(v),
                };
                out.push_str(&format!("{key} = {text}\n"));
            }
        }
        out
    }
}

/// Whether a query parameter is one of the profile's (not a page's own, like `q`).
fn is_profile_field(name: &str) -> bool {
    ["system.", "classification.", "traits.", "parameters."]
        .iter()
        .any(|p| name.starts_with(p))
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
        // In the order a profile keeps a set (sorted), so both compare equal; an empty
        // set is no field at all, as a checkbox group with nothing ticked sends.
        vals.sort();
        if vals.is_empty() {
            continue;
        }
        fields.insert(format!("traits.{}", t.key), vals);
    }
    FormValues { fields }
}

/// Field problems by field name ("" for those that name none), in the form's words.
pub(crate) type Errors = BTreeMap<String, Vec<String>>;

/// The profile these fields describe, or the form's problems, each beside its field and
/// in the form's own words (labels from the catalog's profile schema, never a key).
pub(crate) fn read(form: &FormValues, schema: &ProfileSchema) -> Result<Profile, Errors> {
    let errors = check(form, schema);
    if !errors.is_empty() {
        return Err(errors);
    }
    // The checks above mirror the profile reader's; should it still refuse, say so in
    // words (its own message names TOML keys the person never sees).
    Profile::parse(&form.to_toml(schema), "画面の入力", schema).map_err(|_| {
        Errors::from([(
            String::new(),
            vec!["入力を読み取れませんでした。プロファイルの画面を開き直してください".into()],
        )])
    })
}

/// What is wrong with the fields, by field.
pub(crate) fn check(form: &FormValues, schema: &ProfileSchema) -> Errors {
    let mut out = Errors::new();
    let mut add = |field: &str, message: String| {
        out.entry(field.to_string()).or_default().push(message);
    };
    for (field, label) in [
        ("system.name", "システム名"),
        ("system.organization", "組織名"),
    ] {
        if form.get(field).trim().is_empty() {
            add(field, format!("{label}を入力してください"));
        }
    }
    for d in &schema.classifications {
        let field = format!("classification.{}", d.key);
        let level = form.get(&field).trim().parse::<i64>();
        if !level.is_ok_and(|n| d.levels.iter().any(|l| l.value == n)) {
            add(&field, format!("{}の格付けを選んでください", d.label));
        }
    }
    for t in &schema.traits {
        let field = format!("traits.{}", t.key);
        let vals = form.fields.get(&field).map_or(&[][..], Vec::as_slice);
        let distinct = vals.iter().collect::<std::collections::BTreeSet<_>>().len() == vals.len();
        let fits = match t.kind {
            TraitType::Bool => vals.iter().all(|v| v == "true") && vals.len() <= 1,
            TraitType::Choice => vals.len() == 1 && t.value(&vals[0]).is_some(),
            TraitType::Set => distinct && vals.iter().all(|v| t.value(v).is_some()),
        };
        if !fits {
            add(&field, format!("「{}」は選択肢から選んでください", t.label));
        }
    }
    for t in &schema.traits {
        if !form.has(&format!("traits.{}", t.key), "true") {
            continue;
        }
        for key in &t.implies {
            let field = format!("traits.{key}");
            if let Some(d) = schema.trait_def(key).filter(|_| !form.has(&field, "true")) {
                add(
                    &field,
                    format!(
                        "「{}」には「{}」が含まれます。「{}」にも印を付けてください",
                        t.label, d.label, d.label
                    ),
                );
            }
        }
    }
    for d in &schema.parameters {
        let field = format!("parameters.{}", d.key);
        let Some(v) = form.fields.get(&field).and_then(|v| v.first()) else {
            continue;
        };
        if !v.trim().parse::<i64>().is_ok_and(|n| d.allows(n)) {
            add(
                &field,
                format!(
                    "「{}」は {} の整数で入力してください",
                    d.label,
                    d.range_text()
                ),
            );
        }
    }
    let known = |f: &str| {
        f.strip_prefix("parameters.")
            .is_some_and(|k| schema.parameter(k).is_some())
            || f == "system.name"
            || f == "system.organization"
            || f.strip_prefix("classification.")
                .is_some_and(|k| schema.dimension(k).is_some())
            || f.strip_prefix("traits.")
                .is_some_and(|k| schema.trait_def(k).is_some())
    };
    if form.fields.keys().any(|f| !known(f)) {
        add(
            "",
            "この画面にない項目が送られました（以前の画面から送られたと考えられます）。プロファイルの画面を開き直してください".into(),
        );
    }
    out
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
        assert_eq!(FormValues::from_profile(&profile, &catalog.schema), form);
        assert_eq!(profile.system_name, catalog.schema.sample.name);
    }

    #[test]
    fn errors_go_next_to_their_field_in_words() {
        let catalog = load(None).unwrap();
        let mut form = sample(&catalog.schema);
        form.fields.insert("system.name".into(), vec!["  ".into()]);
        form.fields
            .insert("classification.confidentiality".into(), vec!["9".into()]);
        form.fields
            .insert("traits.continuity".into(), vec!["aws".into()]);
        form.fields
            .insert("traits.my_number".into(), vec!["true".into()]);
        form.fields.remove("traits.personal_information");
        form.fields.insert("traits.bogus".into(), vec!["x".into()]);
        let errors = read(&form, &catalog.schema).unwrap_err();
        assert_eq!(errors["system.name"], ["システム名を入力してください"]);
        assert_eq!(
            errors["classification.confidentiality"],
            ["機密性の格付けを選んでください"]
        );
        assert!(errors["traits.continuity"][0].contains("「運用継続の水準」"));
        assert!(errors["traits.personal_information"][0].contains("にも印を付けて"));
        assert!(errors[""][0].contains("この画面にない項目"));
        for message in errors.values().flatten() {
            assert!(message.is_ascii() || !message.contains('.'), "{message}");
            for key in ["confidentiality", "cloud", "my_number", "bogus", "system"] {
                assert!(!message.contains(key), "{message}");
            }
        }
    }

    #[test]
    fn the_query_keeps_only_the_profile() {
        let catalog = load(None).unwrap();
        let form = sample(&catalog.schema);
        let q = form.query();
        let again = FormValues::from_urlencoded(format!("q=x&{q}&level=基本").as_bytes());
        assert_eq!(again, form);
        assert_eq!(again.query(), q);
    }
}
