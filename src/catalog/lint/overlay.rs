//! `catalog lint` for overlays: each overlay checked against its base. The base version
//! it was written for, replacements that weaken a requirement (evidence removed, level
//! lowered, condition narrowed, 該当なし newly allowed), raises that do not raise, and
//! reasons too short to tell a reader anything. Loading already refuses unknown ids and
//! changes or withdrawals without a reason; the merged catalog gets every other lint
//! check (monotonicity included) like any catalog.

use std::collections::BTreeMap;

use super::issue::LintIssue;
use crate::catalog::{Catalog, ChangeKind, LayerKind, Requirement};
use crate::condition::Condition;
use crate::monotone;
use crate::profile::schema::ProfileSchema;
use crate::profile::{Profile, Value};

/// A reason shorter than this says nothing a reader can check.
const MIN_REASON_CHARS: usize = 10;

pub(super) fn check(c: &Catalog, issues: &mut Vec<LintIssue>) {
    versions(c, issues);
    for r in &c.requirements {
        for (i, change) in r.changes.iter().enumerate() {
            // The requirement right after this change: the next change's "before", or now.
            let after = r.changes.get(i + 1).map_or(r, |n| &*n.before);
            let before = &*change.before;
            let mut push = |warning: bool, message: String| {
                issues.push(LintIssue {
                    file: change.file.clone(),
                    id: Some(r.id.clone()),
                    message,
                    warning,
                });
            };
            match change.kind {
                ChangeKind::Replaced => {
                    for w in weakenings(before, after, &c.schema) {
                        push(true, format!("[[replace]] が要件を弱めています: {w}。統一基準「同等以上」とするには、基の要件以上の内容にしてください"));
                    }
                }
                ChangeKind::Raised => {
                    for w in weakenings(before, after, &c.schema) {
                        push(false, format!("[[raise]] なのに要件が弱まっています: {w}"));
                    }
                    if change.fields.iter().all(|f| f == "basis") {
                        push(false, "[[raise]] が何も引き上げていません（区分も適用条件も基の要件と同じです）".into());
                    }
                }
                ChangeKind::Cited => {}
            }
            let n = change.reason.chars().count();
            if change.kind != ChangeKind::Cited && n < MIN_REASON_CHARS {
                push(true, format!("{}の理由「{}」が短すぎます（{n} 字）。なぜ基の要件と異なるのかを {MIN_REASON_CHARS} 字以上で書いてください", change.kind.label(), change.reason));
            }
        }
    }
    for w in &c.withdrawn {
        let n = w.reason.chars().count();
        if n < MIN_REASON_CHARS {
            issues.push(LintIssue {
                file: w.file.clone(),
                id: Some(w.id.clone()),
                message: format!("取下げの理由「{}」が短すぎます（{n} 字）。なぜこの要件を求めないのかを {MIN_REASON_CHARS} 字以上で書いてください", w.reason),
                warning: true,
            });
        }
    }
}

/// Each overlay names the version of the base it was written for; it must be the one found.
fn versions(c: &Catalog, issues: &mut Vec<LintIssue>) {
    for l in c.layers.iter().filter(|l| l.kind == LayerKind::Overlay) {
        let Some(e) = &l.extends else { continue };
        let file = format!(
            "{}/{}",
            l.source.trim_end_matches(['/', '\\']),
            crate::catalog::overlay::OVERLAY_FILE
        );
        match &e.version {
            None => issues.push(LintIssue {
                file,
                id: None,
                message: format!("[extends] に version（このオーバーレイが前提とする「{}」の版、現在は {}）を書いてください。基のカタログが改版されたときに気付けるようにするためです", e.found_name, e.found_version),
                warning: true,
            }),
            Some(v) if *v != e.found_version => issues.push(LintIssue {
                file,
                id: None,
                message: format!("このオーバーレイは「{}」版 {v} を前提としていますが、基のカタログは版 {} です。基のカタログの変更点を `kijun catalog diff` で確かめ、オーバーレイを見直したうえで [extends] の version を更新してください", e.found_name, e.found_version),
                warning: false,
            }),
            Some(_) => {}
        }
    }
}

/// How `after` is weaker than `before`, one phrase each.
pub(crate) fn weakenings(
    before: &Requirement,
    after: &Requirement,
    schema: &ProfileSchema,
) -> Vec<String> {
    let mut out = Vec::new();
    if before.evidence.is_some() && after.evidence.is_none() {
        out.push(format!(
            "証跡（{}）の指定がなくなっています",
            before.evidence.as_deref().unwrap_or("")
        ));
    }
    if after.level < before.level {
        out.push(format!(
            "区分が「{}」から「{}」に下がっています",
            before.level.label(),
            after.level.label()
        ));
    }
    if let Some(example) = narrowing(before.when.as_ref(), after.when.as_ref(), schema) {
        let old = before
            .when
            .as_ref()
            .map_or("なし（常に適用）", |c| c.text.as_str());
        let new = after
            .when
            .as_ref()
            .map_or("なし（常に適用）", |c| c.text.as_str());
        out.push(format!("適用条件が「{old}」から「{new}」に狭まっています（例: {example} のとき、基の要件は適用されますが、改変後は適用されません）"));
    }
    if !before.answers.na_allowed && after.answers.na_allowed {
        out.push("「該当なし」を認めない要件が、認めるようになっています".into());
    }
    if before.clause.is_some() && after.clause.is_none() {
        out.push("契約条項（clause）がなくなっています".into());
    }
    out
}

/// A profile (as `key = value, …`) where `before` holds and `after` does not, if any.
pub(crate) fn narrowing(
    before: Option<&Condition>,
    after: Option<&Condition>,
    schema: &ProfileSchema,
) -> Option<String> {
    let after = after?;
    let mut keys: Vec<&str> = after.keys();
    if let Some(b) = before {
        keys.extend(b.keys());
    }
    keys.sort_unstable();
    keys.dedup();
    let domains: Vec<Vec<Value>> = keys.iter().map(|k| monotone::domain(schema, k)).collect();
    let total: usize = domains.iter().map(Vec::len).product();
    if total > 200_000 || domains.iter().any(Vec::is_empty) {
        return None; // too many combinations to compare exhaustively
    }
    let mut idx = vec![0usize; keys.len()];
    loop {
        let values: BTreeMap<String, Value> = keys
            .iter()
            .zip(&idx)
            .zip(&domains)
            .map(|((k, &i), d)| (k.to_string(), d[i].clone()))
            .collect();
        let p = Profile {
            source: String::new(),
            system_name: String::new(),
            organization: String::new(),
            values,
        };
        let old = before.is_none_or(|b| b.eval(&p, schema).holds);
        if old && !after.eval(&p, schema).holds {
            let shown: Vec<String> = p
                .values
                .iter()
                .map(|(k, v)| format!("{k} = {}", show(v)))
                .collect();
            return Some(shown.join("、"));
        }
        if !monotone::next_combination(&mut idx, &domains) {
            return None;
        }
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Level(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Choice(c) => format!("\"{c}\""),
        Value::Set(s) => format!(
            "[{}]",
            s.iter()
                .map(|x| format!("\"{x}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::load::embedded;

    fn cond(text: &str, schema: &ProfileSchema) -> Condition {
        Condition::parse(text, schema).expect("test condition parses")
    }

    #[test]
    fn a_narrower_condition_is_found_with_an_example() {
        let c = embedded().expect("embedded catalog");
        let s = &c.schema;
        let before = cond("confidentiality >= 2", s);
        let after = cond("confidentiality >= 3", s);
        assert_eq!(
            narrowing(Some(&before), Some(&after), s).as_deref(),
            Some("confidentiality = 2")
        );
        // Always → conditional narrows; conditional → always does not.
        assert!(narrowing(None, Some(&after), s).is_some());
        assert_eq!(narrowing(Some(&before), None, s), None);
    }

    #[test]
    fn a_wider_or_equal_condition_is_not_narrower() {
        let c = embedded().expect("embedded catalog");
        let s = &c.schema;
        let before = cond("confidentiality >= 3 && internet_facing", s);
        for wider in [
            "confidentiality >= 3 && internet_facing",
            "confidentiality >= 2",
            "internet_facing || remote_access",
        ] {
            assert_eq!(
                narrowing(Some(&before), Some(&cond(wider, s)), s),
                None,
                "{wider}"
            );
        }
        let sets = cond("\"operation\" in outsourcing", s);
        let fewer = cond("\"operation\" in outsourcing && cloud != \"none\"", s);
        let example = narrowing(Some(&sets), Some(&fewer), s).expect("narrower");
        assert!(example.contains("cloud = \"none\""), "{example}");
    }

    #[test]
    fn weakenings_name_evidence_level_answers_and_clause() {
        let c = embedded().expect("embedded catalog");
        let before = c.requirement("INC-01").expect("INC-01").clone();
        let mut after = before.clone();
        assert!(weakenings(&before, &after, &c.schema).is_empty());
        after.evidence = None;
        after.answers.na_allowed = true;
        after.clause = None;
        let w = weakenings(&before, &after, &c.schema);
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w[0].starts_with("証跡（緊急連絡体制図"), "{w:?}");
        assert!(w[1].contains("該当なし"), "{w:?}");
        assert!(w[2].contains("契約条項"), "{w:?}");
        let enhanced = c.requirement("AUTH-03").expect("AUTH-03").clone();
        let mut lowered = enhanced.clone();
        lowered.level = crate::catalog::Level::Basic;
        assert_eq!(
            weakenings(&enhanced, &lowered, &c.schema),
            ["区分が「強化」から「基本」に下がっています"]
        );
    }
}
