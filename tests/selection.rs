//! Selection is monotone: raising a classification level or switching a trait on never
//! removes a requirement. Checked exhaustively over classifications and by property
//! tests over random profiles and random single raises.

use std::collections::{BTreeMap, BTreeSet};

use kijun::catalog::load::{embedded_files, from_files};
use kijun::catalog::Catalog;
use kijun::monotone::{domain, raises};
use kijun::profile::{Profile, Value};
use kijun::select::select;
use proptest::prelude::*;

fn catalog() -> Catalog {
    from_files(&embedded_files(), "test").expect("embedded catalog loads")
}

fn keys(c: &Catalog) -> Vec<String> {
    c.schema
        .classifications
        .iter()
        .map(|d| d.key.clone())
        .chain(c.schema.traits.iter().map(|t| t.key.clone()))
        .collect()
}

fn ids(c: &Catalog, p: &Profile) -> BTreeSet<String> {
    select(c, p)
        .into_iter()
        .map(|s| s.requirement.id.clone())
        .collect()
}

fn profile(values: BTreeMap<String, Value>) -> Profile {
    Profile {
        source: "prop".into(),
        system_name: "s".into(),
        organization: "o".into(),
        values,
        params: BTreeMap::new(),
        notes: Vec::new(),
    }
}

/// Every combination of classification levels, with all traits off and all traits on.
#[test]
fn raising_any_classification_never_removes_a_requirement() {
    let c = catalog();
    let dims: Vec<&str> = c
        .schema
        .classifications
        .iter()
        .map(|d| d.key.as_str())
        .collect();
    for traits_on in [false, true] {
        let mut base = BTreeMap::new();
        for k in keys(&c) {
            let d = domain(&c.schema, &k);
            let v = if traits_on { d.last() } else { d.first() }
                .cloned()
                .expect("non-empty domain");
            base.insert(k, v);
        }
        let mut combos = vec![base];
        for k in &dims {
            combos = combos
                .into_iter()
                .flat_map(|p| {
                    domain(&c.schema, k).into_iter().map(move |v| {
                        let mut q = p.clone();
                        q.insert(k.to_string(), v);
                        q
                    })
                })
                .collect();
        }
        for p in &combos {
            let before = ids(&c, &profile(p.clone()));
            for k in &dims {
                for up in raises(&c.schema, k, &p[*k]) {
                    let mut q = p.clone();
                    q.insert(k.to_string(), up);
                    let after = ids(&c, &profile(q));
                    assert!(
                        before.is_subset(&after),
                        "raising {k} from {p:?} removed {:?}",
                        before.difference(&after).collect::<Vec<_>>()
                    );
                }
            }
        }
    }
}

fn arb_profile() -> impl Strategy<Value = BTreeMap<String, Value>> {
    let c = catalog();
    let choices: Vec<(String, Vec<Value>)> = keys(&c)
        .into_iter()
        .map(|k| {
            let d = domain(&c.schema, &k);
            (k, d)
        })
        .collect();
    let picks: Vec<_> = choices.iter().map(|(_, d)| 0..d.len()).collect();
    picks.prop_map(move |idx| {
        choices
            .iter()
            .zip(idx)
            .map(|((k, d), i)| (k.clone(), d[i].clone()))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn any_single_raise_keeps_every_requirement(p in arb_profile(), which in 0usize..64, step in 0usize..8) {
        let c = catalog();
        let ks = keys(&c);
        let k = &ks[which % ks.len()];
        let ups = raises(&c.schema, k, &p[k]);
        prop_assume!(!ups.is_empty());
        let mut q = p.clone();
        q.insert(k.clone(), ups[step % ups.len()].clone());
        let before = ids(&c, &profile(p));
        let after = ids(&c, &profile(q));
        prop_assert!(before.is_subset(&after), "raising {} removed {:?}", k, before.difference(&after).collect::<Vec<_>>());
    }
}
