//! Selection: which requirements of the catalog apply to a profile, and why.

use serde::Serialize;

use crate::catalog::{Basis, Catalog, Change, Requirement, Subject, Wording};
use crate::condition::Outcome;
use crate::profile::schema::ProfileSchema;
use crate::profile::Profile;

/// A requirement that applies, with the reasons it applies (Japanese phrases derived
/// from the condition that held) and its texts with the profile's parameters in place.
#[derive(Debug, Clone)]
pub struct Selected<'c> {
    pub requirement: &'c Requirement,
    pub(crate) reasons: Vec<String>,
    pub(crate) text: Texts,
}

/// A requirement's texts as one profile reads them: every `{{param.…}}` replaced by the
/// profile's value (or the default). The one place wording is resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Texts {
    pub(crate) spec: String,
    pub(crate) clause: Option<String>,
    pub(crate) question: String,
    pub(crate) evidence: Option<String>,
    /// The parameters these texts use, in order of first use, with the values shown.
    pub(crate) parameters: Vec<UsedParam>,
}

/// One parameter a requirement's texts use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct UsedParam {
    pub(crate) key: String,
    /// インシデントの第一報の期限
    pub(crate) label: String,
    pub(crate) value: i64,
    /// 「1時間」
    pub(crate) shown: String,
    /// Whether the profile set it (false: the default).
    pub(crate) set: bool,
    /// Who set the default, when an overlay defined the parameter or changed its default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) origin: Option<String>,
}

impl UsedParam {
    /// Where the value comes from, in words: the profile, an overlay's default, or the catalog's.
    pub(crate) fn whose(&self) -> String {
        match (&self.origin, self.set) {
            (_, true) => "プロファイルの指定".to_string(),
            (Some(o), false) => o.clone(),
            (None, false) => "既定値".to_string(),
        }
    }

    /// The 対照表 entry of a value the 発注者 set: 「〔発注者判断〕第一報の期限: 1時間」.
    pub(crate) fn labelled(&self) -> String {
        let origin = match (&self.origin, self.set) {
            (Some(o), false) => format!("（{o}）"),
            _ => String::new(),
        };
        format!(
            "〔{}〕{}: {}{origin}",
            crate::catalog::BasisKind::Judgement.relation(),
            self.label,
            self.shown
        )
    }
}

/// A parameter's value: the profile's, or the default.
fn param_value(schema: &ProfileSchema, profile: Option<&Profile>, key: &str) -> i64 {
    profile
        .and_then(|p| p.params.get(key).copied())
        .or_else(|| schema.parameter(key).map(|d| d.default))
        .unwrap_or_default()
}

/// A catalog text with the profile's parameter values (`None`: the defaults) in place.
pub(crate) fn render(w: &Wording, schema: &ProfileSchema, profile: Option<&Profile>) -> String {
    w.render(&|key| match schema.parameter(key) {
        Some(def) => def.show(param_value(schema, profile, key)),
        None => key.to_string(),
    })
}

impl Texts {
    /// The texts of `r` with the parameter values of `profile` (`None`: defaults).
    pub(crate) fn of(r: &Requirement, schema: &ProfileSchema, profile: Option<&Profile>) -> Texts {
        let value = |key: &str| param_value(schema, profile, key);
        let render = |w: &Wording| render(w, schema, profile);
        let mut parameters: Vec<UsedParam> = Vec::new();
        let all = [
            Some(&r.spec),
            r.clause.as_ref(),
            Some(r.question()),
            r.evidence.as_ref(),
        ];
        for key in all.into_iter().flatten().flat_map(Wording::params) {
            if parameters.iter().any(|p| p.key == key) {
                continue;
            }
            if let Some(def) = schema.parameter(key) {
                parameters.push(UsedParam {
                    key: key.to_string(),
                    label: def.label.clone(),
                    value: value(key),
                    shown: def.show(value(key)),
                    set: profile
                        .is_some_and(|p| p.params.get(key).is_some_and(|v| *v != def.default)),
                    origin: def.origin.clone(),
                });
            }
        }
        Texts {
            spec: render(&r.spec),
            clause: r.clause.as_ref().map(render),
            question: render(r.question()),
            evidence: r.evidence.as_ref().map(render),
            parameters,
        }
    }

    /// The basis entries and the values the 発注者 set, one line each, labelled with
    /// their relation (準拠・参考・発注者判断), for the 対照表, the workbook and explain.
    pub(crate) fn basis_lines(&self, basis: &[Basis]) -> Vec<String> {
        basis
            .iter()
            .map(Basis::labelled)
            .chain(self.parameters.iter().map(UsedParam::labelled))
            .collect()
    }
}

/// The one constructor of [`Selected`]: the requirement with its reasons and its texts
/// resolved for the profile.
pub(crate) fn resolve<'c>(
    catalog: &Catalog,
    profile: Option<&Profile>,
    r: &'c Requirement,
    reasons: Vec<String>,
) -> Selected<'c> {
    Selected {
        requirement: r,
        reasons,
        text: Texts::of(r, &catalog.schema, profile),
    }
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
            o.holds
                .then(|| resolve(catalog, Some(profile), r, o.reasons))
        })
        .collect();
    // In the order the 調達仕様書 sets them out (by part: the system's functions, the
    // contractor's duties, what a bidder shows, 再委託; each by area in catalog order), so
    // the list, the spec and the response workbook agree row for row. The sort is
    // stable: within an area, catalog order.
    selected.sort_by_key(|s| placement(catalog, s.requirement));
    selected
}

/// Where a requirement stands in the 調達仕様書's order: its part, then its area's place
/// in the catalog.
pub(crate) fn placement(catalog: &Catalog, r: &Requirement) -> (crate::catalog::Part, usize) {
    let area = catalog.areas.iter().position(|a| a.name == r.area);
    (
        r.part(area.map(|i| &catalog.areas[i])),
        area.unwrap_or(usize::MAX),
    )
}

/// The JSON shape of a requirement (docs/JSON.md): `reasons` for a selection, `when`
/// for the catalog listing. Texts are resolved (a listing shows the defaults) and
/// `parameters` names the values they hold.
#[derive(Debug, Serialize)]
pub(crate) struct RequirementJson<'a> {
    pub(crate) id: &'a str,
    pub(crate) title: &'a str,
    pub(crate) area: &'a str,
    pub(crate) level: &'a str,
    pub(crate) subject: Subject,
    pub(crate) stage: &'a str,
    pub(crate) basis: &'a [Basis],
    #[serde(flatten)]
    pub(crate) text: Texts,
    pub(crate) deliverables: &'a [String],
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
    pub(crate) fn new(r: &'a Requirement, text: Texts, extra: Extra<'a>) -> Self {
        RequirementJson {
            id: &r.id,
            title: &r.title,
            area: &r.area,
            level: r.level.label(),
            subject: r.subject,
            stage: r.stage().label(),
            basis: &r.basis,
            text,
            deliverables: &r.deliverables,
            na_allowed: r.answers.na_allowed,
            extra,
            origin: &r.origin,
            changes: &r.changes,
        }
    }

    pub(crate) fn selected(s: &'a Selected<'a>) -> Self {
        RequirementJson::new(
            s.requirement,
            s.text.clone(),
            Extra::Reasons {
                reasons: &s.reasons,
            },
        )
    }

    pub(crate) fn listed(r: &'a Requirement, schema: &ProfileSchema) -> Self {
        RequirementJson::new(
            r,
            Texts::of(r, schema, None),
            Extra::When {
                when: r.when.as_ref().map(|c| c.text.as_str()),
            },
        )
    }
}
