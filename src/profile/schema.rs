//! The profile schema: which classification dimensions (機密性・完全性・可用性) and which
//! traits a profile may carry, their allowed values, and the Japanese phrases that
//! selection reasons are built from. It is catalog data (`catalog/profile.toml`), so an
//! office can extend the scale (e.g. 機密性2A/2B) or add a trait without touching code.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileSchema {
    #[serde(rename = "classification")]
    pub classifications: Vec<Dimension>,
    #[serde(rename = "trait", default)]
    pub traits: Vec<TraitDef>,
    /// The numbers the catalog's texts leave to the 発注者 (deadlines, periods, lengths),
    /// each with its default and allowed range; a profile sets them in `[parameters]`.
    #[serde(rename = "parameter", default)]
    pub parameters: Vec<ParamDef>,
    /// Short forms that set several traits at once (`hosting = "saas"`), and the 0.1
    /// `cloud` key kept readable.
    #[serde(rename = "preset", default)]
    pub(crate) presets: Vec<PresetDef>,
    /// Combinations a profile may not hold (マイナンバー with 機密性1 …), checked when a
    /// profile is read.
    #[serde(rename = "rule", default)]
    pub(crate) rules: Vec<RuleDef>,
    /// Reasons for requirements without a condition.
    pub(crate) always: Always,
    /// The system named in the sample profile `kijun init` writes.
    pub(crate) sample: SampleSystem,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Always {
    /// Why an unconditional system requirement applies.
    pub(crate) system: String,
    /// Why an unconditional contractor obligation applies.
    pub(crate) contractor: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SampleSystem {
    pub(crate) name: String,
    pub(crate) organization: String,
}

/// One classification dimension, e.g. 機密性 with levels 1..3.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub key: String,
    pub(crate) label: String,
    pub(crate) help: String,
    #[serde(rename = "level")]
    pub(crate) levels: Vec<LevelDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LevelDef {
    pub(crate) value: i64,
    pub(crate) meaning: String,
    /// Phrases for "the level is at least this one" (e.g. 要機密情報 for 機密性 ≥ 2).
    pub(crate) at_least: Option<Phrase>,
    /// The sample profile's value is this level.
    #[serde(default)]
    pub(crate) sample: bool,
}

/// A reason phrase for when a condition holds and for when it does not.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Phrase {
    pub(crate) holds: String,
    pub(crate) fails: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum TraitType {
    /// true / false
    Bool,
    /// one of an ordered list of values; the first is the default and the "lowest"
    Choice,
    /// any subset of a list of values
    Set,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraitDef {
    pub key: String,
    #[serde(rename = "type")]
    pub(crate) kind: TraitType,
    pub(crate) label: String,
    pub(crate) help: String,
    /// bool traits: the phrases for true and false.
    pub(crate) holds: Option<String>,
    pub(crate) fails: Option<String>,
    /// bool traits: the sample value.
    #[serde(default)]
    pub(crate) sample: bool,
    /// choice and set traits: the values, in order (for choices, lowest first).
    #[serde(rename = "value", default)]
    pub(crate) values: Vec<ValueDef>,
    /// bool traits: other bool traits that are true whenever this one is (マイナンバー ⇒
    /// 個人情報). An implied trait left out of a profile is taken as true; written as
    /// false, it contradicts and the profile is refused.
    #[serde(default)]
    pub(crate) implies: Vec<String>,
}

/// A short form: one key whose value sets several set-type traits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PresetDef {
    pub(crate) key: String,
    pub(crate) label: String,
    pub(crate) help: String,
    /// A key kept so profiles of an earlier catalog still load; reading it prints a note
    /// with the current form, and `kijun init` does not write it.
    #[serde(default)]
    pub(crate) legacy: bool,
    /// The value taken when a profile writes neither this key nor any trait it sets
    /// (a profile of 0.1 without `cloud` was on-premises).
    pub(crate) default: Option<String>,
    #[serde(rename = "value")]
    pub(crate) values: Vec<PresetValue>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PresetValue {
    pub(crate) value: String,
    pub(crate) meaning: String,
    /// The sample profile's value.
    #[serde(default)]
    pub(crate) sample: bool,
    /// What it sets: trait key → members (set-type traits only).
    pub(crate) sets: std::collections::BTreeMap<String, Vec<String>>,
}

impl PresetDef {
    pub(crate) fn find_value(&self, written: &str) -> Option<&PresetValue> {
        use unicode_normalization::UnicodeNormalization;
        let folded: String = written.nfkc().collect::<String>().trim().to_lowercase();
        self.values
            .iter()
            .find(|v| v.value == written || v.value.to_lowercase() == folded)
    }
}

/// A combination a profile may not hold: where `when` holds, `require` must too.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleDef {
    pub(crate) when: String,
    pub(crate) require: String,
    /// Why, and what to set, in Japanese.
    pub(crate) message: String,
}

/// Which way a parameter's value makes a requirement stricter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Stricter {
    /// A smaller value is stricter (a deadline, a period between checks).
    Lower,
    /// A larger value is stricter (a retention period, a password length).
    Higher,
}

/// A number the catalog's texts leave to the 発注者: the texts say
/// `{{param.<key>}}` and every document renders the profile's value (or the default).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamDef {
    pub key: String,
    /// What it is, in words: インシデントの第一報の期限.
    pub(crate) label: String,
    /// Written right after the value: 時間, 日, 営業日, か月, 文字, 回, %.
    pub(crate) unit: String,
    pub(crate) default: i64,
    pub(crate) min: i64,
    pub(crate) max: i64,
    pub(crate) stricter: Stricter,
    /// One line of meaning, shown by `kijun init`, the browser form and explain.
    pub(crate) meaning: String,
    /// Who defined it or changed its default, when an overlay did (set by the loader).
    #[serde(skip)]
    pub(crate) origin: Option<String>,
}

impl ParamDef {
    /// Whether `n` is within the allowed range.
    pub(crate) fn allows(&self, n: i64) -> bool {
        (self.min..=self.max).contains(&n)
    }

    /// The value as texts show it: 「1時間」, 「12か月」.
    pub(crate) fn show(&self, value: i64) -> String {
        format!("{value}{}", self.unit)
    }

    pub(crate) fn range_text(&self) -> String {
        format!("{}〜{}", self.show(self.min), self.show(self.max))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ValueDef {
    pub(crate) value: String,
    pub(crate) meaning: String,
    /// choice: why the profile's value is this one; set: why it contains this value.
    pub(crate) holds: String,
    /// set: why it does not contain this value (required); choice: the phrase for
    /// "any value but this one" (optional, e.g. none → クラウドサービスを利用するため).
    pub(crate) fails: Option<String>,
    /// part of the sample profile (choice: the sample value; set: a member).
    #[serde(default)]
    pub(crate) sample: bool,
}

impl ProfileSchema {
    pub(crate) fn dimension(&self, key: &str) -> Option<&Dimension> {
        self.classifications.iter().find(|d| d.key == key)
    }

    pub(crate) fn trait_def(&self, key: &str) -> Option<&TraitDef> {
        self.traits.iter().find(|t| t.key == key)
    }

    pub(crate) fn parameter(&self, key: &str) -> Option<&ParamDef> {
        self.parameters.iter().find(|p| p.key == key)
    }

    pub(crate) fn preset(&self, key: &str) -> Option<&PresetDef> {
        self.presets.iter().find(|p| p.key == key)
    }

    /// Problems in the schema itself (each a Japanese sentence), checked at load time.
    pub(crate) fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for d in &self.classifications {
            if !seen.insert(d.key.as_str()) {
                out.push(format!("格付けの区分「{}」が重複しています", d.key));
            }
            if d.levels.is_empty() {
                out.push(format!("格付けの区分「{}」にレベルがありません", d.key));
            }
            if !d.levels.windows(2).all(|w| w[0].value < w[1].value) {
                out.push(format!(
                    "格付けの区分「{}」のレベルは小さい順に並べてください",
                    d.key
                ));
            }
            if d.levels.iter().filter(|l| l.sample).count() != 1 {
                out.push(format!(
                    "格付けの区分「{}」では sample = true のレベルをちょうど一つ指定してください",
                    d.key
                ));
            }
        }
        for p in &self.presets {
            if !seen.insert(p.key.as_str()) {
                out.push(format!("プリセット「{}」が他の項目と重複しています", p.key));
            }
            if let Some(d) = &p.default {
                if p.find_value(d).is_none() {
                    out.push(format!(
                        "プリセット「{}」の default「{d}」は値の一覧にありません",
                        p.key
                    ));
                }
            }
            if !p.legacy && p.values.iter().filter(|v| v.sample).count() != 1 {
                out.push(format!(
                    "プリセット「{}」では sample = true の値をちょうど一つ指定してください",
                    p.key
                ));
            }
            for v in &p.values {
                for (key, members) in &v.sets {
                    match self.trait_def(key) {
                        Some(t) if t.kind == TraitType::Set => {
                            for m in members {
                                if t.value(m).is_none() {
                                    out.push(format!(
                                        "プリセット「{}」の「{}」: 特性「{key}」に値「{m}」はありません",
                                        p.key, v.value
                                    ));
                                }
                            }
                        }
                        _ => out.push(format!(
                            "プリセット「{}」の「{}」: 「{key}」は集合型の特性ではありません",
                            p.key, v.value
                        )),
                    }
                }
            }
        }
        for p in &self.parameters {
            if !seen.insert(p.key.as_str()) {
                out.push(format!("パラメータ「{}」が重複しています", p.key));
            }
            if !p.allows(p.default) {
                out.push(format!(
                    "パラメータ「{}」の既定値 {} が範囲 {}〜{} の外にあります",
                    p.key, p.default, p.min, p.max
                ));
            }
            if p.label.trim().is_empty() || p.meaning.trim().is_empty() {
                out.push(format!(
                    "パラメータ「{}」には label と meaning を書いてください",
                    p.key
                ));
            }
        }
        for t in &self.traits {
            if !seen.insert(t.key.as_str()) {
                out.push(format!("特性「{}」が重複しています", t.key));
            }
            for i in &t.implies {
                match self.trait_def(i) {
                    _ if t.kind != TraitType::Bool => out.push(format!(
                        "特性「{}」: implies は bool の特性にだけ指定できます",
                        t.key
                    )),
                    Some(d) if d.kind == TraitType::Bool && d.key != t.key => {}
                    Some(_) => out.push(format!(
                        "特性「{}」: implies の「{i}」は自分以外の bool の特性にしてください",
                        t.key
                    )),
                    None => out.push(format!(
                        "特性「{}」: implies の「{i}」という特性はありません",
                        t.key
                    )),
                }
            }
            match t.kind {
                TraitType::Bool => {
                    if t.holds.is_none() || t.fails.is_none() {
                        out.push(format!(
                            "特性「{}」（bool）には holds と fails の文言が必要です",
                            t.key
                        ));
                    }
                    if !t.values.is_empty() {
                        out.push(format!(
                            "特性「{}」（bool）に value は指定できません",
                            t.key
                        ));
                    }
                }
                TraitType::Choice | TraitType::Set => {
                    if t.values.is_empty() {
                        out.push(format!("特性「{}」に value がありません", t.key));
                    }
                    let mut vals = std::collections::BTreeSet::new();
                    for v in &t.values {
                        if !vals.insert(v.value.as_str()) {
                            out.push(format!(
                                "特性「{}」の値「{}」が重複しています",
                                t.key, v.value
                            ));
                        }
                        if t.kind == TraitType::Set && v.fails.is_none() {
                            out.push(format!(
                                "特性「{}」の値「{}」には fails の文言が必要です",
                                t.key, v.value
                            ));
                        }
                    }
                    if t.kind == TraitType::Choice
                        && t.values.iter().filter(|v| v.sample).count() != 1
                    {
                        out.push(format!(
                            "特性「{}」では sample = true の値をちょうど一つ指定してください",
                            t.key
                        ));
                    }
                }
            }
        }
        out
    }
}

impl TraitDef {
    pub(crate) fn value_names(&self) -> Vec<&str> {
        self.values.iter().map(|v| v.value.as_str()).collect()
    }

    pub(crate) fn value(&self, name: &str) -> Option<&ValueDef> {
        self.values.iter().find(|v| v.value == name)
    }

    /// The value a person meant: case, full-width letters and surrounding spaces do not
    /// matter (`IaaS`, `ＩａａＳ`, ` iaas ` are all `iaas`).
    pub(crate) fn find_value(&self, written: &str) -> Option<&ValueDef> {
        use unicode_normalization::UnicodeNormalization;
        let folded: String = written.nfkc().collect::<String>().trim().to_lowercase();
        self.values
            .iter()
            .find(|v| v.value == written || v.value.to_lowercase() == folded)
    }
}

impl Dimension {
    pub(crate) fn min(&self) -> i64 {
        self.levels.first().map_or(0, |l| l.value)
    }
    pub(crate) fn max(&self) -> i64 {
        self.levels.last().map_or(0, |l| l.value)
    }
    pub(crate) fn level_list(&self) -> String {
        self.levels
            .iter()
            .map(|l| l.value.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::load::{embedded_files, from_files};

    #[test]
    fn implies_must_name_another_bool_trait() {
        let mut schema = from_files(&embedded_files(), "test")
            .expect("embedded catalog loads")
            .schema;
        assert!(schema.problems().is_empty(), "{:?}", schema.problems());
        let at = |s: &super::ProfileSchema, key: &str| {
            s.traits.iter().position(|t| t.key == key).expect("trait")
        };
        let i = at(&schema, "my_number");
        schema.traits[i].implies = vec!["no_such".into(), "continuity".into(), "my_number".into()];
        let problems = schema.problems();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("「no_such」という特性はありません"));
        assert!(problems[1].contains("自分以外の bool"));
    }

    #[test]
    fn values_are_found_whatever_the_case_or_width() {
        let schema = from_files(&embedded_files(), "test")
            .expect("embedded catalog loads")
            .schema;
        let provider = schema.trait_def("provider").expect("provider");
        for written in [
            "commercial",
            "Commercial",
            "ＣＯＭＭＥＲＣＩＡＬ",
            " COMMERCIAL ",
        ] {
            assert_eq!(
                provider.find_value(written).map(|v| v.value.as_str()),
                Some("commercial")
            );
        }
        assert!(provider.find_value("aws").is_none());
    }
}
