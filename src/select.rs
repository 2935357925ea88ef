//! Selection: which requirements of the catalog apply to a profile, and why.

use serde::Serialize;

use crate::catalog::{Catalog, Change, Requirement, Subject};
use crate::condition::Outcome;
use crate::profile::Profile;

/// A requirement that applies, with the reasons it applies (Japanese phrases derived
/// from the condition that held).
#[derive(Debug, Clone)]
pub struct Selected<'c> {
    pub requirement: &'c Requirement,
    pub(crate) reasons: Vec<String>,
}

/// Whether one requirement applies to the profile, and why (or why not).
pub(crate) fn evaluate(catalog: &Catalog, profile: &Profile, r: &Requirement) -> Outcome {
    match &r.when {
        Some(c) => c.eval(profile, &catalog.schema),
        None => Outcome {
            holds: true,
            reasons: vec![match r.subject {
                Subject::System => catalog.schema.always.system.clone(),
                Subject::Contractor => catalog.schema.always.contractor.clone(),
            }],
        },
    }
}

/// The applicable requirements, in catalog order.
pub fn select<'c>(catalog: &'c Catalog, profile: &Profile) -> Vec<Selected<'c>> {
    let mut selected: Vec<Selected<'c>> = catalog
        .requirements
        .iter()
        .filter_map(|r| {
            let o = evaluate(catalog, profile, r);
            o.holds.then_some(Selected {
                requirement: r,
                reasons: o.reasons,
            })
        })
        .collect();
    // In the order the 調達仕様書 sets them out (the system's functions, then the
    // contractor's duties, each by area in catalog order), so the list, the spec and the
    // response workbook agree row for row. The sort is stable: within an area, catalog order.
    let area_rank = |name: &str| {
        catalog
            .areas
            .iter()
            .position(|a| a.name == name)
            .unwrap_or(usize::MAX)
    };
    selected.sort_by_key(|s| {
        (
            s.requirement.subject != crate::catalog::Subject::System,
            area_rank(&s.requirement.area),
        )
    });
    selected
}

/// The JSON shape of a requirement (DESIGN.md): `reasons` for a selection, `when` for
/// the catalog listing.
#[derive(Debug, Serialize)]
pub(crate) struct RequirementJson<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) area: &'a str,
    pub(crate) level: &'a str,
    pub(crate) subject: Subject,
    pub(crate) basis: &'a [String],
    pub(crate) spec: &'a str,
    pub(crate) clause: Option<&'a str>,
    pub(crate) question: &'a str,
    pub(crate) evidence: Option<&'a str>,
    pub(crate) na_allowed: bool,
    #[serde(flatten)]
    pub(crate) extra: Extra<'a>,
    /// 「統一基準」, or the overlay that added it.
    pub(crate) origin: &'a str,
    /// What overlays changed (改変・引上げ・根拠の追加), each with its reason.
    pub(crate) changes: &'a [Change],
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(crate) enum Extra<'a> {
    Reasons { reasons: &'a [String] },
    When { when: Option<&'a str> },
}

impl<'a> RequirementJson<'a> {
    pub(crate) fn new(r: &'a Requirement, extra: Extra<'a>) -> Self {
        RequirementJson {
            id: &r.id,
            title: &r.title,
            area: &r.area,
            level: r.level.label(),
            subject: r.subject,
            basis: &r.basis,
            spec: &r.spec,
            clause: r.clause.as_deref(),
            question: r.question(),
            evidence: r.evidence.as_deref(),
            na_allowed: r.answers.na_allowed,
            extra,
            origin: &r.origin,
            changes: &r.changes,
        }
    }

    pub(crate) fn selected(s: &'a Selected<'a>) -> Self {
        RequirementJson::new(
            s.requirement,
            Extra::Reasons {
                reasons: &s.reasons,
            },
        )
    }

    pub(crate) fn listed(r: &'a Requirement) -> Self {
        RequirementJson::new(
            r,
            Extra::When {
                when: r.when.as_ref().map(|c| c.text.as_str()),
            },
        )
    }
}
