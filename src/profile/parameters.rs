//! The `[parameters]` table of a profile: the numbers the 発注者 sets (deadlines,
//! periods, lengths), each checked against its range in the schema, defaults filled in.

use toml::de::{DeTable, DeValue};

use super::reader::{value_text, Reader};
use super::schema::ProfileSchema;
use super::value::Profile;
use crate::tomlfile::kind_name;

impl Reader<'_> {
    pub(super) fn parameters(
        &mut self,
        table: &DeTable<'_>,
        schema: &ProfileSchema,
        profile: &mut Profile,
    ) {
        for (key, value) in table.iter() {
            let k = key.get_ref().as_ref();
            let Some(def) = schema.parameter(k) else {
                let known = schema.parameters.iter().map(|p| p.key.as_str());
                self.unknown_key(key.span().start, "parameters", k, known);
                continue;
            };
            let at = value.span().start;
            let n = match value.get_ref() {
                DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
                DeValue::String(s) => s.trim().parse::<i64>().ok(),
                _ => None,
            };
            match n {
                Some(n) if def.allows(n) => {
                    profile.params.insert(k.to_string(), n);
                }
                Some(n) => self.problem(
                    at,
                    format!(
                        "parameters.{k}（{}）= {n} は範囲外です。{} の整数（単位: {}）を指定してください",
                        def.label,
                        def.range_text(),
                        def.unit
                    ),
                ),
                None => {
                    let given = match value.get_ref() {
                        DeValue::String(_) => value_text(value.get_ref()),
                        other => kind_name(other).to_string(),
                    };
                    self.problem(
                        at,
                        format!(
                            "parameters.{k}（{}）は {} の整数で指定してください（{given} が指定されています。単位「{}」は書きません）",
                            def.label,
                            def.range_text(),
                            def.unit
                        ),
                    )
                }
            }
        }
        for def in &schema.parameters {
            profile.params.entry(def.key.clone()).or_insert(def.default);
        }
    }
}
