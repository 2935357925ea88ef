//! Reading a profile's TOML against the schema: levels, traits, short forms and
//! parameters, every problem with its line.

use std::collections::{BTreeMap, BTreeSet};

use toml::de::{DeTable, DeValue};

use super::schema::{ProfileSchema, TraitType};
use super::value::{Profile, Value};
use crate::text::closest;
use crate::tomlfile::{at_line, kind_name};

/// A character that has no place in a one-line name: a line or paragraph break, or any
/// other control character (a tab, an escape sequence, a bidirectional override).
fn breaks_a_line(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

pub(super) struct Reader<'t> {
    pub(super) text: &'t str,
    pub(super) problems: Vec<String>,
    /// Levels and traits written in the file, with the offset of their value (for
    /// `implies` and the schema's rules).
    pub(super) written: BTreeMap<String, usize>,
    /// Short forms written (`hosting = "saas"`): key, value, offset of the value.
    pub(super) presets: Vec<(String, String, usize)>,
}

pub(super) type Entry<'a, 'i> = (
    &'a toml::Spanned<toml::de::DeString<'i>>,
    &'a toml::Spanned<DeValue<'i>>,
);

impl Reader<'_> {
    pub(super) fn problem(&mut self, offset: usize, msg: String) {
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

    pub(super) fn profile(
        &mut self,
        table: &DeTable<'_>,
        source: &str,
        schema: &ProfileSchema,
    ) -> Profile {
        for (key, _) in table.iter() {
            let k = key.get_ref();
            if !["system", "classification", "traits", "parameters"].contains(&k.as_ref()) {
                self.problem(
                    key.span().start,
                    format!("不明な項目「{k}」があります。使える表は [system]、[classification]、[traits]、[parameters] です"),
                );
            }
        }
        let mut profile = Profile {
            source: source.to_string(),
            system_name: String::new(),
            organization: String::new(),
            values: BTreeMap::new(),
            params: BTreeMap::new(),
            notes: Vec::new(),
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
        let parameters = self.section(table, "parameters").unwrap_or(&empty);
        self.parameters(parameters, schema, &mut profile);
        if self.problems.is_empty() {
            self.rules(schema, &profile);
        }
        profile
    }

    pub(super) fn system(&mut self, system: &DeTable<'_>, profile: &mut Profile) {
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
                DeValue::String(s) if s.trim().chars().any(breaks_a_line) => {
                    let c = s.trim().chars().find(|c| breaks_a_line(*c)).unwrap_or('\n');
                    let label = if k == "name" {
                        "システム名"
                    } else {
                        "組織名"
                    };
                    self.problem(
                        value.span().start,
                        format!(
                            "system.{k}（{label}）に改行や制御文字（U+{:04X}）が含まれています。文書の見出しや報告の 1 行に入る名前なので、改行や制御文字を含まない 1 行の文字列で指定してください",
                            c as u32
                        ),
                    )
                }
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

    pub(super) fn classification(
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
                    self.written.insert(k.to_string(), value.span().start);
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

    pub(super) fn traits(
        &mut self,
        table: &DeTable<'_>,
        schema: &ProfileSchema,
        profile: &mut Profile,
    ) {
        for entry in table.iter() {
            if schema.preset(entry.0.get_ref()).is_some() {
                self.preset_value(entry, schema);
            } else {
                self.trait_value(entry, schema, profile);
            }
        }
        self.expand_presets(schema, profile);
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
    pub(super) fn implied(&mut self, schema: &ProfileSchema, profile: &mut Profile) {
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

    pub(super) fn trait_value(
        &mut self,
        (key, value): Entry<'_, '_>,
        schema: &ProfileSchema,
        profile: &mut Profile,
    ) {
        let k = key.get_ref().as_ref();
        let Some(def) = schema.trait_def(k) else {
            let presets = schema.presets.iter().filter(|p| !p.legacy);
            self.unknown_key(
                key.span().start,
                "traits",
                k,
                schema
                    .traits
                    .iter()
                    .map(|t| t.key.as_str())
                    .chain(presets.map(|p| p.key.as_str())),
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

    pub(super) fn unknown_key<'s>(
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
pub(super) fn value_text(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("\"{s}\""),
        DeValue::Integer(i) => i.to_string(),
        DeValue::Float(f) => f.to_string(),
        DeValue::Boolean(b) => b.to_string(),
        other => kind_name(other).to_string(),
    }
}
