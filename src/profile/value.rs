//! A profile's values as selection reads them: the system's name, every classification
//! level and trait (defaults filled in) and every parameter. Reading one from TOML is
//! the reader's job (profile/mod.rs); conditions evaluate against this.

use std::collections::{BTreeMap, BTreeSet};

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
    /// Every parameter of the schema with its value (the profile's, or the default).
    pub params: BTreeMap<String, i64>,
    /// What reading it noticed without refusing it (a key of an earlier version …),
    /// for the commands to show.
    pub notes: Vec<String>,
}

impl Profile {
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
    /// Parameters follow as `param.<key>` (only where the schema defines any, so the
    /// digest of a profile read under a catalog without parameters is as it was).
    pub(crate) fn canonical_values(&self) -> Vec<(String, String)> {
        let values = self.values.iter().map(|(k, v)| {
            let v = match v {
                Value::Level(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Choice(s) => format!("{s:?}"),
                Value::Set(s) => format!("{:?}", s.iter().collect::<Vec<_>>()),
            };
            (k.clone(), v)
        });
        let params = self
            .params
            .iter()
            .map(|(k, v)| (format!("{PARAM_PREFIX}{k}"), v.to_string()));
        values.chain(params).collect()
    }
}

/// How parameters are named among a profile's canonical values.
pub(crate) const PARAM_PREFIX: &str = "param.";
