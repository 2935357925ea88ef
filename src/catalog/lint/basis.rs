//! Basis checks an auditor would make: every entry cites a registered source; an item
//! of the 統一基準 is cited at the 項 (4.1.1), not only the 節 (4.1); every requirement
//! rests on something that binds (統一基準, a law, the ministry's own standard) or on
//! the 発注者's stated judgement; a contractor duty does not rest only on items that
//! govern the government's own staff and premises (2.2.3 教育, 2.3 点検・監査, 3.2 区域,
//! 8.1 利用); one item carries one title everywhere.

use std::collections::BTreeMap;

use regex::Regex;

use super::issue::Lint;
use crate::catalog::{BasisKind, Subject};

pub(super) fn check(l: &mut Lint<'_>) {
    let item_form = Regex::new(r"^\d+\.\d+\.\d+$").expect("static regex"); // ok: literal pattern
    let own_staff = l.catalog.meta.lint.own_staff_items.clone();
    let governs_own_staff = |reference: &str| {
        own_staff
            .iter()
            .any(|o| reference == o || reference.starts_with(&format!("{o}.")))
    };
    for r in &l.catalog.requirements {
        let mut messages = Vec::new();
        for b in &r.basis {
            match b.kind {
                BasisKind::Unregistered => messages.push(format!(
                    "basis「{}」の出典「{}」は登録されていません。catalog.toml の [[source]] に登録するか、登録済みの出典（{}）で書いてください",
                    b.raw,
                    b.source,
                    l.catalog
                        .registry
                        .sources
                        .iter()
                        .map(|s| s.key.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                )),
                BasisKind::Standard if !item_form.is_match(&b.reference) => messages.push(format!(
                    "basis「{}」は節までしか示していません。統一基準は項（例: 4.1.1）まで示し、表題を添えてください",
                    b.raw
                )),
                BasisKind::Judgement | BasisKind::Own => {}
                _ if b.reference.is_empty() => messages.push(format!(
                    "basis「{}」に項目（条・項・番号）がありません",
                    b.raw
                )),
                _ => {}
            }
            if b.title.is_empty() && b.kind != BasisKind::Own {
                messages.push(format!("basis「{}」に表題がありません", b.raw));
            }
        }
        if !r.basis.iter().any(|b| b.kind.grounds()) {
            messages.push("basis に、統一基準・法令・省庁基準の項目か、発注者判断（\"発注者判断 何を定めたか\"）のいずれかが必要です（ガイドラインやマニュアルだけでは要件の根拠になりません）".into());
        }
        let standard: Vec<&str> = r
            .basis
            .iter()
            .filter(|b| b.kind == BasisKind::Standard)
            .map(|b| b.reference.as_str())
            .collect();
        let other_grounds = r
            .basis
            .iter()
            .any(|b| matches!(b.kind, BasisKind::Law | BasisKind::Own));
        if r.subject == Subject::Contractor
            && !standard.is_empty()
            && standard.iter().all(|s| governs_own_staff(s))
            && !other_grounds
        {
            messages.push(format!(
                "受注者の義務の根拠が統一基準 {} だけです。これらは府省庁の職員・庁舎に関する項目であり、受注者の義務は第4部（4.1 業務委託 等）に基づきます",
                standard.join("、")
            ));
        }
        for m in messages {
            l.req(r, m);
        }
    }
    titles(l);
}

/// One item (source and reference) must carry the same title everywhere, so a reader
/// can look it up and a renumbering shows up as a lint problem, not as drift.
fn titles(l: &mut Lint<'_>) {
    let mut first: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
    let mut problems = Vec::new();
    for r in &l.catalog.requirements {
        for b in &r.basis {
            if b.reference.is_empty() || b.title.is_empty() {
                continue;
            }
            let key = (b.source.clone(), b.reference.clone());
            match first.get(&key) {
                None => {
                    first.insert(key, (b.title.clone(), r.id.clone()));
                }
                Some((t, id)) if *t != b.title => problems.push((
                    r,
                    format!(
                        "basis「{}」の表題が {id} の「{} {} {t}」と異なります。同じ番号には同じ表題を書いてください",
                        b.raw, b.source, b.reference
                    ),
                )),
                Some(_) => {}
            }
        }
    }
    for (r, m) in problems {
        l.req(r, m);
    }
}
