//! Two catalogs compared (`kijun catalog diff`): requirements added, removed and changed
//! (field by field, prose shown as 〔変更: 旧 → 新〕), and, for a profile, how its
//! selection changes. For a new 統一基準 edition of the catalog, or an overlay over its base.

use super::overlay::field_label;
use super::{Catalog, Requirement};
use crate::profile::Profile;
use crate::select::{evaluate, select};

pub(crate) struct CatalogDiff<'a> {
    pub(crate) old: &'a Catalog,
    pub(crate) new: &'a Catalog,
    /// In the new catalog's order.
    pub(crate) added: Vec<&'a Requirement>,
    /// In the old catalog's order, with the new catalog's reason when an overlay withdrew it.
    pub(crate) removed: Vec<Removed<'a>>,
    /// In the new catalog's order.
    pub(crate) changed: Vec<Changed<'a>>,
    pub(crate) selection: Option<SelectionDiff<'a>>,
}

pub(crate) struct Removed<'a> {
    pub(crate) requirement: &'a Requirement,
    /// 「〇〇省が取り下げ。理由: …」 when the new catalog withdrew it.
    pub(crate) note: Option<String>,
}

pub(crate) struct Changed<'a> {
    pub(crate) new: &'a Requirement,
    pub(crate) fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct FieldChange {
    /// `spec`, `evidence`, `when`, …
    pub(crate) field: &'static str,
    /// Its Japanese name.
    pub(crate) label: &'static str,
    pub(crate) old: String,
    pub(crate) new: String,
    /// The change in 〔変更: 旧 → 新〕 form.
    pub(crate) diff: String,
}

/// How one profile's selection changes.
pub(crate) struct SelectionDiff<'a> {
    pub(crate) profile: String,
    pub(crate) old_count: usize,
    pub(crate) new_count: usize,
    /// Newly applicable, with the reasons they apply.
    pub(crate) added: Vec<(&'a Requirement, Vec<String>)>,
    /// No longer applicable, with why (the reasons it fails, or that it was removed).
    pub(crate) removed: Vec<(&'a Requirement, Vec<String>)>,
    /// Applicable under both, but changed.
    pub(crate) changed: Vec<&'a Requirement>,
}

impl CatalogDiff<'_> {
    pub(crate) fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Compare `old` with `new`; with profiles (read against each catalog's schema), also
/// the selection.
pub(crate) fn diff<'a>(
    old: &'a Catalog,
    new: &'a Catalog,
    profiles: Option<(&Profile, &Profile)>,
) -> CatalogDiff<'a> {
    let added: Vec<&Requirement> = new
        .requirements
        .iter()
        .filter(|r| old.requirement(&r.id).is_none())
        .collect();
    let removed: Vec<Removed<'_>> = old
        .requirements
        .iter()
        .filter(|r| new.requirement(&r.id).is_none())
        .map(|r| Removed {
            requirement: r,
            note: new
                .withdrawal(&r.id)
                .map(|w| format!("{}により取下げ。理由: {}", w.withdrawer(), w.reason)),
        })
        .collect();
    let changed: Vec<Changed<'_>> = new
        .requirements
        .iter()
        .filter_map(|n| {
            let o = old.requirement(&n.id)?;
            let fields = field_changes(o, n);
            (!fields.is_empty()).then_some(Changed { new: n, fields })
        })
        .collect();
    let selection = profiles.map(|(po, pn)| {
        let before = select(old, po);
        let after = select(new, pn);
        let was = |id: &str| before.iter().any(|s| s.requirement.id == id);
        let is = |id: &str| after.iter().any(|s| s.requirement.id == id);
        SelectionDiff {
            profile: pn.source.clone(),
            old_count: before.len(),
            new_count: after.len(),
            added: after
                .iter()
                .filter(|s| !was(&s.requirement.id))
                .map(|s| (s.requirement, s.reasons.clone()))
                .collect(),
            removed: before
                .iter()
                .filter(|s| !is(&s.requirement.id))
                .map(|s| {
                    let id = &s.requirement.id;
                    let why = match (new.requirement(id), new.withdrawal(id)) {
                        (Some(r), _) => evaluate(new, pn, r).reasons,
                        (None, Some(w)) => {
                            vec![format!(
                                "{}が取り下げたため（理由: {}）",
                                w.withdrawer(),
                                w.reason
                            )]
                        }
                        (None, None) => vec!["新しいカタログにこの要件がないため".to_string()],
                    };
                    (s.requirement, why)
                })
                .collect(),
            changed: after
                .iter()
                .filter(|s| was(&s.requirement.id))
                .filter(|s| changed.iter().any(|c| c.new.id == s.requirement.id))
                .map(|s| s.requirement)
                .collect(),
        }
    });
    CatalogDiff {
        old,
        new,
        added,
        removed,
        changed,
        selection,
    }
}

/// The fields of a requirement as compared, each as text.
fn fields(r: &Requirement) -> Vec<(&'static str, String, bool)> {
    let none = || "なし".to_string();
    vec![
        ("title", r.title.clone(), true),
        ("area", r.area.clone(), false),
        ("level", r.level.label().to_string(), false),
        ("subject", r.subject.label().to_string(), false),
        ("basis", r.basis.join("、"), true),
        (
            "when",
            r.when
                .as_ref()
                .map_or("なし（常に適用）".to_string(), |c| c.text.clone()),
            false,
        ),
        ("spec", r.spec.clone(), true),
        ("clause", r.clause.clone().unwrap_or_else(none), true),
        (
            "question",
            r.own_question
                .clone()
                .unwrap_or_else(|| "（仕様書の文と同じ）".to_string()),
            true,
        ),
        ("evidence", r.evidence.clone().unwrap_or_else(none), true),
        (
            "na_allowed",
            if r.answers.na_allowed {
                "可"
            } else {
                "不可"
            }
            .to_string(),
            false,
        ),
        (
            "explain",
            r.answers
                .explain
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join("、"),
            false,
        ),
    ]
}

fn field_changes(old: &Requirement, new: &Requirement) -> Vec<FieldChange> {
    fields(old)
        .into_iter()
        .zip(fields(new))
        .filter(|((_, a, _), (_, b, _))| a != b)
        .map(|((field, a, prose), (_, b, _))| {
            let diff = if prose {
                let d = crate::verify::checks::diff(&a, &b);
                if d.is_empty() {
                    "（空白・改行の違いのみ）".to_string()
                } else {
                    d
                }
            } else {
                format!("〔変更: {a} → {b}〕")
            };
            FieldChange {
                field,
                label: field_label(field),
                old: a,
                new: b,
                diff,
            }
        })
        .collect()
}
