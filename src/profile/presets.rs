//! Short forms and rules of the profile schema. A preset (`hosting = "saas"`) sets
//! several set-type traits at once; traits written explicitly win. The 0.1 `cloud` key
//! is a legacy preset: it still loads, with a note showing the current form. Rules
//! refuse combinations that cannot be right (マイナンバー with 機密性1), at the line
//! where the profile says it.

use super::reader::{Entry, Reader};
use super::schema::ProfileSchema;
use super::value::{Profile, Value};
use crate::condition::Condition;
use crate::tomlfile::kind_name;

impl Reader<'_> {
    /// Record a short form; it is expanded once every trait has been read.
    pub(super) fn preset_value(&mut self, (key, value): Entry<'_, '_>, schema: &ProfileSchema) {
        let k = key.get_ref().as_ref();
        let Some(def) = schema.preset(k) else {
            return;
        };
        let at = value.span().start;
        let names = def
            .values
            .iter()
            .map(|v| format!("\"{}\"", v.value))
            .collect::<Vec<_>>()
            .join(", ");
        match value.get_ref() {
            toml::de::DeValue::String(s) => match def.find_value(s) {
                Some(v) => self.presets.push((k.to_string(), v.value.clone(), at)),
                None => self.problem(
                    at,
                    format!(
                        "traits.{k}（{}）= \"{s}\" は使えません。{names} のいずれかを指定してください",
                        def.label
                    ),
                ),
            },
            other => self.problem(
                at,
                format!(
                    "traits.{k}（{}）は文字列 {names} のいずれかで指定してください（{}が指定されています）",
                    def.label,
                    kind_name(other)
                ),
            ),
        }
    }

    /// Put in the traits each short form sets, unless the profile wrote them itself.
    pub(super) fn expand_presets(&mut self, schema: &ProfileSchema, profile: &mut Profile) {
        let mut presets = std::mem::take(&mut self.presets);
        // A preset with a default stands in when nothing covers its traits.
        for def in &schema.presets {
            let Some(default) = &def.default else {
                continue;
            };
            let covers = |key: &str| def.values.iter().any(|v| v.sets.contains_key(key));
            let written = self.written.keys().any(|k| covers(k))
                || presets.iter().any(|(k, _, _)| {
                    schema
                        .preset(k)
                        .is_some_and(|p| p.values.iter().any(|v| v.sets.keys().any(|t| covers(t))))
                });
            if !written {
                presets.push((def.key.clone(), default.clone(), 0));
            }
        }
        for (key, value, at) in &presets {
            let Some(def) = schema.preset(key) else {
                continue;
            };
            let Some(v) = def.find_value(value) else {
                continue;
            };
            for (trait_key, members) in &v.sets {
                if self.written.contains_key(trait_key) {
                    continue;
                }
                let set = members.iter().cloned().collect();
                profile.values.insert(trait_key.clone(), Value::Set(set));
            }
            if def.legacy {
                let current = schema
                    .presets
                    .iter()
                    .find(|p| !p.legacy && p.values.iter().any(|pv| pv.sets == v.sets));
                let hint = match current.and_then(|p| {
                    p.values
                        .iter()
                        .find(|pv| pv.sets == v.sets)
                        .map(|pv| (p, pv))
                }) {
                    Some((p, pv)) => format!("{} = \"{}\"", p.key, pv.value),
                    None => v
                        .sets
                        .iter()
                        .map(|(k, m)| format!("{k} = {m:?}"))
                        .collect::<Vec<_>>()
                        .join("、"),
                };
                profile.notes.push(format!(
                    "{}: traits.{key} = \"{value}\" は以前の版の書き方です。そのまま読み込みましたが、今後は {hint} と書いてください",
                    crate::tomlfile::at_line(self.text, *at)
                ));
            }
        }
        self.presets = presets;
    }

    /// The schema's rules, checked once every value is known.
    pub(super) fn rules(&mut self, schema: &ProfileSchema, profile: &Profile) {
        for rule in &schema.rules {
            // Rule texts were checked when the catalog loaded.
            let (Ok(when), Ok(require)) = (
                Condition::parse(&rule.when, schema),
                Condition::parse(&rule.require, schema),
            ) else {
                continue;
            };
            if !when.eval(profile, schema).holds || require.eval(profile, schema).holds {
                continue;
            }
            // At the line of what the rule requires, else of what triggered it.
            let at = require
                .keys()
                .into_iter()
                .chain(when.keys())
                .find_map(|k| self.written.get(k).copied());
            match at {
                Some(at) => self.problem(at, rule.message.clone()),
                None => self.problems.push(rule.message.clone()),
            }
        }
    }
}
