//! When a requirement bites (入札参加資格, 提案時, 履行中, 納品時, 契約終了時) and the
//! documents requirements demand (成果物), each with its 提出時期 and form. The 仕様書's
//! parts and its 成果物一覧 are built from these.

use serde::{Deserialize, Serialize};

use super::Wording;

/// The stage of a procurement at which a requirement must be met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub(crate) enum Stage {
    /// What a bidder must hold to take part (ISMS 認証 …).
    #[serde(rename = "入札参加資格")]
    Qualification,
    /// What a bidder shows in its proposal (資本関係・役員・実施場所・従事者 …).
    #[serde(rename = "提案時")]
    Proposal,
    /// What the contractor does while it works.
    #[serde(rename = "履行中")]
    Performance,
    /// What the delivered system must have, checked at acceptance.
    #[serde(rename = "納品時")]
    Delivery,
    /// What the contractor does when the contract ends (返却・抹消 …).
    #[serde(rename = "契約終了時")]
    Termination,
}

impl Stage {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Stage::Qualification => "入札参加資格",
            Stage::Proposal => "提案時",
            Stage::Performance => "履行中",
            Stage::Delivery => "納品時",
            Stage::Termination => "契約終了時",
        }
    }

    /// Whether the requirement is addressed to a bidder rather than to the contractor.
    pub(crate) fn before_award(self) -> bool {
        matches!(self, Stage::Qualification | Stage::Proposal)
    }
}

/// A document that requirements demand, as the 成果物一覧 lists it.
#[derive(Debug, Clone)]
pub(crate) struct Deliverable {
    /// What requirements name it by, e.g. `incident_report`.
    pub(crate) key: String,
    /// 情報セキュリティインシデント報告書
    pub(crate) name: String,
    /// 提出時期, e.g. 「インシデントの収束後{{param.incident_report_days}}以内」.
    pub(crate) due: Wording,
    pub(crate) stage: Stage,
    /// 形式: 書面又は電磁的記録 …
    pub(crate) form: String,
    /// The file it was loaded from.
    pub(crate) file: String,
}

/// A deliverable as written in an area file (`[[deliverable]]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDeliverable {
    pub(super) key: String,
    pub(super) name: String,
    pub(super) due: String,
    pub(super) stage: Stage,
    pub(super) form: String,
}

/// Where a requirement goes in the host 調達仕様書 (and the 要件定義書), in the order of
/// the standard template: the system's functions (要件定義書 非機能要件), the 成果物,
/// the contractor's duties while working (作業の実施に当たっての遵守事項), what a bidder
/// must show (入札参加資格・提案書), and 再委託.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Part {
    Functions,
    Deliverables,
    Duties,
    Qualification,
    Subcontract,
}

impl Part {
    pub(crate) const ALL: [Part; 5] = [
        Part::Functions,
        Part::Deliverables,
        Part::Duties,
        Part::Qualification,
        Part::Subcontract,
    ];

    /// The short name a reference starts with: 「遵守事項(3)イ」.
    pub(crate) fn short(self) -> &'static str {
        match self {
            Part::Functions => "機能",
            Part::Deliverables => "成果物",
            Part::Duties => "遵守事項",
            Part::Qualification => "入札・提案",
            Part::Subcontract => "再委託",
        }
    }

    /// The key used on the command line and in template names (`spec-part-duties`).
    pub(crate) fn key(self) -> &'static str {
        match self {
            Part::Functions => "functions",
            Part::Deliverables => "deliverables",
            Part::Duties => "duties",
            Part::Qualification => "qualification",
            Part::Subcontract => "subcontract",
        }
    }
}
