//! The profile: a description of the system being procured (its 格付け and the traits
//! that change what applies), read from TOML and checked against the catalog's schema.
//! Every problem names the key, its line and the allowed values.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use toml::de::{DeTable, DeValue};

pub(crate) mod schema;

use crate::error::{Error, Result};
use crate::text::closest;
use crate::tomlfile::{at_line, kind_name, parse_spanned, repair_ime};
use schema::{ProfileSchema, TraitType};

/// A value of a classification dimension or trait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Level(i64),
    Bool(bool),
    Choice(String),
    Set(BTreeSet<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// Where the profile came from, for messages (usually the file name).
    pub source: String,
    pub system_name: String,
    pub organization: String,
    /// Every classification dimension and every trait of the schema, defaults filled in.
    pub values: BTreeMap<String, Value>,
}

impl Profile {
    pub fn load(path: &Path, schema: &ProfileSchema) -> Result<Profile> {
        let text = Profile::read_text(path)?;
        Profile::parse(&text, &path.display().to_string(), schema)
    }

    /// A profile file's text, not yet read against a schema (verify chooses the catalog,
    /// and so the schema, from the workbook).
    pub(crate) fn read_text(path: &Path) -> Result<String> {
        let bytes = crate::input::read_file(path, crate::input::MAX_PROFILE_BYTES)?;
        String::from_utf8(bytes).map_err(|_| Error::Profile {
            location: path.display().to_string(),
            message: "UTF-8 のテキストではありません。プロファイルは UTF-8 で保存してください"
                .into(),
        })
    }

    pub fn parse(text: &str, source: &str, schema: &ProfileSchema) -> Result<Profile> {
        let fail = |message: String| Error::Profile {
            location: source.to_string(),
            message,
        };
        // What an input method typed (３, TRUE) is made TOML first; the rest is a problem.
        let text = repair_ime(text)
            .map_err(|problems| fail(format!("\n  - {}", problems.join("\n  - "))))?;
        let text = text.as_str();
        let table = parse_spanned(text).map_err(fail)?;
        let mut reader = Reader {
            text,
            problems: Vec::new(),
            written: BTreeMap::new(),
        };
        let profile = reader.profile(&table, source, schema);
        if reader.problems.is_empty() {
            Ok(profile)
        } else {
            Err(fail(format!("\n  - {}", reader.problems.join("\n  - "))))
        }
    }

    pub(crate) fn level(&self, key: &str) -> Option<i64> {
        match self.values.get(key) {
            Some(Value::Level(n)) => Some(*n),
            _ => None,
        }
    }

    /// A canonical text of everything that affects selection, one `key = value` per
    /// line in key order. Comments and layout of the file do not change it.
    pub(crate) fn canonical(&self) -> String {
        let mut out = format!(
            "system.name = {:?}\nsystem.organization = {:?}\n",
            self.system_name, self.organization
        );
        for (k, v) in self.canonical_values() {
            out.push_str(&format!("{k} = {v}\n"));
        }
        out
    }

    /// Each level and trait with its value in canonical form (`3`, `true`, `"iaas"`,
    /// `["development"]`), as the digest sees them and the response workbook records them.
    pub(crate) fn canonical_values(&self) -> Vec<(&str, String)> {
        self.values
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    Value::Level(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::Choice(s) => format!("{s:?}"),
                    Value::Set(s) => format!("{:?}", s.iter().collect::<Vec<_>>()),
                };
                (k.as_str(), v)
            })
            .collect()
    }
}

struct Reader<'t> {
    text: &'t str,
    problems: Vec<String>,
    /// Traits written in the file, with the offset of their value (for `implies`).
    written: BTreeMap<String, usize>,
}

type Entry<'a, 'i> = (
    &'a toml::Spanned<toml::de::DeString<'i>>,
    &'a toml::Spanned<DeValue<'i>>,
);

impl Reader<'_> {
    fn problem(&mut self, offset: usize, msg: String) {
        self.problems
            .push(format!("{}: {msg}", at_line(self.text, offset)));
    }

    fn section<'a, 'i>(&mut self, table: &'a DeTable<'i>, name: &str) -> Option<&'a DeTable<'i>> {
        let (key, value) = table.iter().find(|(k, _)| k.get_ref() == name)?;
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                let kind = kind_name(other);
                self.problem(
                    key.span().start,
                    format!("[{name}] は表でなければなりません（{kind}が指定されています）"),
                );
                None
            }
        }
    }

    fn profile(&mut self, table: &DeTable<'_>, source: &str, schema: &ProfileSchema) -> Profile {
        for (key, _) in table.iter() {
            let k = key.get_ref();
            if !["system", "classification", "traits"].contains(&k.as_ref()) {
                self.problem(
                    key.span().start,
                    format!("不明な項目「{k}」があります。使える表は [system]、[classification]、[traits] です"),
                );
            }
        }
        let mut profile = Profile {
            source: source.to_string(),
            system_name: String::new(),
            organization: String::new(),
            values: BTreeMap::new(),
        };
        match self.section(table, "system") {
            Some(system) => self.system(system, &mut profile),
            None if !table.iter().any(|(k, _)| k.get_ref() == "system") => self
                .problems
                .push("[system] がありません。name（システム名）と organization（組織名）を指定してください".into()),
            None => {}
        }
        match self.section(table, "classification") {
            Some(c) => self.classification(c, schema, &mut profile),
            None if !table.iter().any(|(k, _)| k.get_ref() == "classification") => {
                self.problems.push(format!(
                    "[classification] がありません。{} を指定してください",
                    schema
                        .classifications
                        .iter()
                        .map(|d| format!("{}（{}）", d.key, d.label))
                        .collect::<Vec<_>>()
                        .join("、")
                ))
            }
            None => {}
        }
        let empty = DeTable::default();
        let traits = self.section(table, "traits").unwrap_or(&empty);
        self.traits(traits, schema, &mut profile);
        profile
    }

    fn system(&mut self, system: &DeTable<'_>, profile: &mut Profile) {
        for (key, value) in system.iter() {
            let k = key.get_ref().as_ref();
            let slot = match k {
                "name" => &mut profile.system_name,
                "organization" => &mut profile.organization,
                _ => {
                    self.problem(key.span().start, format!("[system] に不明な項目「{k}」があります。使える項目は name、organization です"));
                    continue;
                }
            };
            match value.get_ref() {
                DeValue::String(s) if !s.trim().is_empty() => *slot = s.trim().to_string(),
                DeValue::String(_) => {
                    self.problem(value.span().start, format!("system.{k} が空です"))
                }
                other => {
                    let kind = kind_name(other);
                    self.problem(
                        value.span().start,
                        format!(
                            "system.{k} は文字列で指定してください（{kind}が指定されています）"
                        ),
                    )
                }
            }
        }
        for (k, label) in [("name", "システム名"), ("organization", "組織名")] {
            if !system.iter().any(|(key, _)| key.get_ref() == k) {
                self.problems
                    .push(format!("system.{k}（{label}）がありません"));
            }
        }
    }

    fn classification(
        &mut self,
        table: &DeTable<'_>,
        schema: &ProfileSchema,
        profile: &mut Profile,
    ) {
        for (key, value) in table.iter() {
            let k = key.get_ref().as_ref();
            let Some(dim) = schema.dimension(k) else {
                self.unknown_key(
                    key.span().start,
                    "classification",
                    k,
                    schema.classifications.iter().map(|d| d.key.as_str()),
                );
                continue;
            };
            let allowed = dim.level_list();
            let level = match value.get_ref() {
                DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
                other => {
                    let kind = kind_name(other);
                    self.problem(value.span().start, format!(
                        "classification.{k}（{}）は整数 {allowed} のいずれかで指定してください（{kind}が指定されています）", dim.label));
                    continue;
                }
            };
            match level {
                Some(n) if dim.levels.iter().any(|l| l.value == n) => {
                    profile.values.insert(k.to_string(), Value::Level(n));
                }
                _ => self.problem(value.span().start, format!(
                    "classification.{k}（{}）= {} は範囲外です。{allowed} のいずれかを指定してください",
                    dim.label, value_text(value.get_ref()))),
            }
        }
        for dim in &schema.classifications {
            if !table.iter().any(|(k, _)| k.get_ref() == dim.key.as_str()) {
                self.problems.push(format!(
                    "classification.{}（{}）がありません。{} のいずれかを指定してください",
                    dim.key,
                    dim.label,
                    dim.level_list()
                ));
            }
        }
    }

    fn traits(&mut self, table: &DeTable<'_>, schema: &ProfileSchema, profile: &mut Profile) {
        for entry in table.iter() {
            self.trait_value(entry, schema, profile);
        }
        self.implied(schema, profile);
        for t in &schema.traits {
            profile
                .values
                .entry(t.key.clone())
                .or_insert_with(|| match t.kind {
                    TraitType::Bool => Value::Bool(false),
                    TraitType::Choice => Value::Choice(
                        t.values
                            .first()
                            .map(|v| v.value.clone())
                            .unwrap_or_default(),
                    ),
                    TraitType::Set => Value::Set(BTreeSet::new()),
                });
        }
    }

    /// Traits implied by others (catalog/profile.toml `implies`): taken as true when
    /// left out, a contradiction when written as false.
    fn implied(&mut self, schema: &ProfileSchema, profile: &mut Profile) {
        // A chain of implications settles in as many rounds as there are traits.
        for _ in 0..schema.traits.len() {
            let mut changed = false;
            for t in &schema.traits {
                if profile.values.get(&t.key) != Some(&Value::Bool(true)) {
                    continue;
                }
                for key in &t.implies {
                    match (profile.values.get(key), self.written.get(key)) {
                        (Some(Value::Bool(true)), _) => {}
                        (Some(Value::Bool(false)), Some(&at)) => {
                            let label = schema.trait_def(key).map_or("", |d| d.label.as_str());
                            let problem = format!(
                                "traits.{key}（{label}）= false は traits.{}（{}）= true と矛盾します。{}には{label}が含まれるため、{key} を true にするか、{} を false にしてください",
                                t.key, t.label, t.label, t.key
                            );
                            if !self.problems.iter().any(|p| p.ends_with(&problem)) {
                                self.problem(at, problem);
                            }
                        }
                        _ => {
                            profile.values.insert(key.clone(), Value::Bool(true));
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }

    fn trait_value(
        &mut self,
        (key, value): Entry<'_, '_>,
        schema: &ProfileSchema,
        profile: &mut Profile,
    ) {
        let k = key.get_ref().as_ref();
        let Some(def) = schema.trait_def(k) else {
            self.unknown_key(
                key.span().start,
                "traits",
                k,
                schema.traits.iter().map(|t| t.key.as_str()),
            );
            return;
        };
        let at = value.span().start;
        let names = def
            .value_names()
            .iter()
            .map(|v| format!("\"{v}\""))
            .collect::<Vec<_>>()
            .join(", ");
        self.written.insert(k.to_string(), at);
        let parsed = match (def.kind, value.get_ref()) {
            (TraitType::Bool, DeValue::Boolean(b)) => Ok(Value::Bool(*b)),
            // "true" in quotes means true all the same.
            (TraitType::Bool, DeValue::String(s)) if s.trim().eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
            (TraitType::Bool, DeValue::String(s)) if s.trim().eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
            (TraitType::Bool, DeValue::String(s)) => Err(format!(
                "traits.{k}（{}）は true または false で指定してください（文字列 \"{s}\" が指定されています。引用符は不要です）", def.label)),
            (TraitType::Bool, other) => Err(format!(
                "traits.{k}（{}）は true または false で指定してください（{}が指定されています）", def.label, kind_name(other))),
            (TraitType::Choice, DeValue::String(s)) if def.find_value(s).is_some() => {
                Ok(Value::Choice(def.find_value(s).map_or_else(String::new, |v| v.value.clone())))
            }
            (TraitType::Choice, DeValue::String(s)) => Err(format!(
                "traits.{k}（{}）= \"{s}\" は使えません。{names} のいずれかを指定してください", def.label)),
            (TraitType::Choice, other) => Err(format!(
                "traits.{k}（{}）は文字列 {names} のいずれかで指定してください（{}が指定されています）", def.label, kind_name(other))),
            (TraitType::Set, DeValue::Array(items)) => {
                let mut set = BTreeSet::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) if def.find_value(s).is_some() => {
                            let canonical = def.find_value(s).map_or_else(String::new, |v| v.value.clone());
                            if !set.insert(canonical) {
                                self.problem(item.span().start, format!("traits.{k} に \"{s}\" が重複しています"));
                            }
                        }
                        other => self.problem(item.span().start, format!(
                            "traits.{k}（{}）に {} は使えません。{names} から選んで配列で指定してください",
                            def.label, value_text(other))),
                    }
                }
                Ok(Value::Set(set))
            }
            (TraitType::Set, other) => Err(format!(
                "traits.{k}（{}）は {names} から選んだ配列（例: [\"{}\"]）で指定してください（{}が指定されています）",
                def.label, def.values.first().map_or("", |v| v.value.as_str()), kind_name(other))),
        };
        match parsed {
            Ok(v) => {
                profile.values.insert(k.to_string(), v);
            }
            Err(msg) => self.problem(at, msg),
        }
    }

    fn unknown_key<'s>(
        &mut self,
        at: usize,
        section: &str,
        key: &str,
        known: impl Iterator<Item = &'s str>,
    ) {
        let known: Vec<&str> = known.collect();
        let hint = closest(key, &known)
            .map(|c| format!("「{c}」の誤りではありませんか。"))
            .unwrap_or_default();
        self.problem(
            at,
            format!(
                "[{section}] に不明な項目「{key}」があります。{hint}使える項目: {}",
                known.join(", ")
            ),
        );
    }
}

/// A value as written, for quoting in messages.
fn value_text(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("\"{s}\""),
        DeValue::Integer(i) => i.to_string(),
        DeValue::Float(f) => f.to_string(),
        DeValue::Boolean(b) => b.to_string(),
        other => kind_name(other).to_string(),
    }
}
