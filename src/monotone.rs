//! Monotonicity: raising a classification level or switching a trait on must never
//! remove a requirement. This module defines the order ("raising") over profile values
//! and checks a condition against it by enumerating the values of the keys it reads.

use std::collections::{BTreeMap, BTreeSet};

use crate::condition::{Atom, CmpOp, Condition, Expr};
use crate::profile::schema::{ProfileSchema, TraitType};
use crate::profile::{Profile, Value};

/// Every value a key can take, lowest first.
pub fn domain(schema: &ProfileSchema, key: &str) -> Vec<Value> {
    if let Some(d) = schema.dimension(key) {
        return d.levels.iter().map(|l| Value::Level(l.value)).collect();
    }
    let Some(t) = schema.trait_def(key) else {
        return Vec::new();
    };
    match t.kind {
        TraitType::Bool => vec![Value::Bool(false), Value::Bool(true)],
        TraitType::Choice => t
            .values
            .iter()
            .map(|v| Value::Choice(v.value.clone()))
            .collect(),
        TraitType::Set => {
            let names: Vec<&str> = t.values.iter().map(|v| v.value.as_str()).collect();
            // Sets are small (a handful of members); cap the enumeration all the same.
            let n = names.len().min(12);
            (0u32..(1 << n))
                .map(|mask| {
                    Value::Set(
                        (0..n)
                            .filter(|i| mask & (1 << i) != 0)
                            .map(|i| names[i].to_string())
                            .collect(),
                    )
                })
                .collect()
        }
    }
}

/// The values one step above `v`: the next level, true for false, the next choice,
/// the set with one more member.
pub fn raises(schema: &ProfileSchema, key: &str, v: &Value) -> Vec<Value> {
    match v {
        Value::Level(n) => schema
            .dimension(key)
            .and_then(|d| d.levels.iter().find(|l| l.value > *n))
            .map(|l| vec![Value::Level(l.value)])
            .unwrap_or_default(),
        Value::Bool(false) => vec![Value::Bool(true)],
        Value::Bool(true) => Vec::new(),
        Value::Choice(c) => {
            let Some(t) = schema.trait_def(key) else {
                return Vec::new();
            };
            let pos = t.values.iter().position(|x| &x.value == c);
            pos.and_then(|p| t.values.get(p + 1))
                .map(|x| vec![Value::Choice(x.value.clone())])
                .unwrap_or_default()
        }
        Value::Set(s) => {
            let Some(t) = schema.trait_def(key) else {
                return Vec::new();
            };
            t.values
                .iter()
                .filter(|x| !s.contains(&x.value))
                .map(|x| {
                    let mut more = s.clone();
                    more.insert(x.value.clone());
                    Value::Set(more)
                })
                .collect()
        }
    }
}

/// A counterexample if `cond` can stop holding when one of its keys is raised.
pub fn violation(cond: &Condition, schema: &ProfileSchema) -> Option<String> {
    let keys: Vec<&str> = cond.keys();
    let domains: Vec<Vec<Value>> = keys.iter().map(|k| domain(schema, k)).collect();
    let total: usize = domains.iter().map(Vec::len).product();
    if total > 200_000 {
        return None; // too many combinations to check exhaustively; leave it to the property test
    }
    let mut idx = vec![0usize; keys.len()];
    loop {
        let assignment: BTreeMap<String, Value> = keys
            .iter()
            .zip(&idx)
            .zip(&domains)
            .map(|((k, &i), d)| (k.to_string(), d[i].clone()))
            .collect();
        let before = profile_with(&assignment);
        if cond.eval(&before, schema).holds {
            for k in &keys {
                for up in raises(schema, k, &assignment[*k]) {
                    let mut after = before.clone();
                    after.values.insert(k.to_string(), up.clone());
                    if !cond.eval(&after, schema).holds {
                        return Some(format!(
                            "{k} を {} から {} にすると条件が成り立たなくなります",
                            show(&assignment[*k]),
                            show(&up)
                        ));
                    }
                }
            }
        }
        if !next_combination(&mut idx, &domains) {
            return None;
        }
    }
}

/// Whether the condition uses "at least `level`" of dimension `key` somewhere.
pub(crate) fn threshold_used(cond: &Condition, key: &str, level: i64) -> bool {
    fn walk(e: &Expr, key: &str, level: i64) -> bool {
        match e {
            Expr::Or(v) | Expr::And(v) => v.iter().any(|x| walk(x, key, level)),
            Expr::Not(x) => walk(x, key, level),
            Expr::Atom(Atom::Level { key: k, op, n }) if k == key => match op {
                CmpOp::Ge | CmpOp::Eq => *n == level,
                CmpOp::Gt => *n + 1 == level,
                CmpOp::Lt => *n == level,
                CmpOp::Le => *n + 1 == level,
                CmpOp::Ne => *n == level || *n + 1 == level,
            },
            Expr::Atom(_) => false,
        }
    }
    walk(&cond.expr, key, level)
}

fn profile_with(values: &BTreeMap<String, Value>) -> Profile {
    Profile {
        source: String::new(),
        system_name: String::new(),
        organization: String::new(),
        values: values.clone(),
        params: BTreeMap::new(),
        notes: Vec::new(),
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Level(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Choice(c) => format!("\"{c}\""),
        Value::Set(s) => format!("{:?}", s.iter().collect::<BTreeSet<_>>()),
    }
}
/// Step `idx` to the next combination of one value from each domain (an odometer:
/// the first index turns fastest); false after the last combination.
pub(crate) fn next_combination<T>(idx: &mut [usize], domains: &[Vec<T>]) -> bool {
    for (i, d) in idx.iter_mut().zip(domains) {
        *i += 1;
        if *i < d.len() {
            return true;
        }
        *i = 0;
    }
    false
}
