//! The requirement catalog: metadata, the profile schema, the requirements grouped by
//! area, and the answer/header synonym tables the verifier reads. Loaded from TOML files
//! (embedded in the binary, or a folder given with `--catalog`).

pub(crate) mod answers;
pub(crate) mod diff;
pub mod editions;
pub mod lint;
pub mod load;
pub(crate) mod overlay;
pub mod reading;
mod source;

use serde::{Deserialize, Serialize};

use crate::condition::Condition;
use crate::profile::schema::ProfileSchema;
pub use answers::{AnswerKind, AnswerTable, HeaderTable};

/// Catalog metadata (`catalog.toml`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CatalogMeta {
    /// The catalog's own name, e.g. 「kijun 標準カタログ」.
    pub(crate) name: String,
    /// Its own version; the response workbook records it.
    pub(crate) version: String,
    /// The standard it follows and its edition.
    pub(crate) standard: String,
    pub(crate) edition: String,
    #[serde(default)]
    pub(crate) description: String,
    /// Requirements withdrawn in some edition (`[[withdrawn]]`): their ids stay
    /// reserved and are never used again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) withdrawn: Vec<Retired>,
}

/// A requirement the catalog itself withdrew, as `catalog.toml` records it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Retired {
    pub(crate) id: String,
    /// Its title when it was withdrawn: what the id meant.
    pub(crate) title: String,
    pub(crate) reason: String,
    /// The catalog version that withdrew it.
    pub(crate) since: String,
}

/// An area (分類) of requirements; one file per area.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Area {
    /// Prefix of the ids in this area, e.g. `OUT`.
    pub(crate) id: String,
    pub(crate) name: String,
    /// The caption of this area's article in the 特記事項: what the article governs
    /// (「構築時の情報セキュリティ対策」), where the area's name is a topic
    /// (「企画・要件定義・調達・構築」). Empty: the name is used.
    #[serde(default)]
    pub(crate) clause_title: String,
    #[serde(default)]
    pub(crate) description: String,
    /// The file it was loaded from (set by the loader).
    #[serde(skip_deserializing)]
    pub(crate) file: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub(crate) enum Level {
    #[serde(rename = "基本")]
    Basic,
    #[serde(rename = "強化")]
    Enhanced,
}

impl Area {
    /// The caption of the area's article in the 特記事項.
    pub(crate) fn article_caption(&self) -> &str {
        if self.clause_title.trim().is_empty() {
            &self.name
        } else {
            &self.clause_title
        }
    }
}

/// Where a contractor obligation is stated in the 特記事項 when not as its own 項.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ClausePlace {
    /// The last article (違反時の措置, `clauses-breach.hbs`) states it.
    Breach,
}

impl Level {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Level::Basic => "基本",
            Level::Enhanced => "強化",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Subject {
    /// A function the delivered system must have.
    System,
    /// An obligation on the contractor's conduct.
    Contractor,
}

impl Subject {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Subject::System => "システム要件",
            Subject::Contractor => "受注者の義務",
        }
    }
}

/// Which answers a requirement accepts and which need an explanation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerPolicy {
    /// Whether 該当なし is an acceptable answer.
    #[serde(default = "yes")]
    pub na_allowed: bool,
    /// Answers that must come with an explanation (対応内容・実現方法).
    #[serde(default = "default_explain")]
    pub explain: Vec<AnswerKind>,
}

fn yes() -> bool {
    true
}

fn default_explain() -> Vec<AnswerKind> {
    vec![
        AnswerKind::Compliant,
        AnswerKind::Partial,
        AnswerKind::NotApplicable,
    ]
}

impl AnswerPolicy {
    /// Whether an answer of this kind must come with an explanation. The one definition:
    /// the sheet's 記入要領 and input messages say it, the sheet colours the empty cell,
    /// and verify enforces it.
    pub(crate) fn requires_explanation(&self, kind: AnswerKind) -> bool {
        self.explain.contains(&kind) && (kind != AnswerKind::NotApplicable || self.na_allowed)
    }

    /// The answers that must come with an explanation, in answer order.
    pub(crate) fn explained(&self) -> Vec<AnswerKind> {
        AnswerKind::ALL
            .into_iter()
            .filter(|k| self.requires_explanation(*k))
            .collect()
    }
}

impl Default for AnswerPolicy {
    fn default() -> Self {
        AnswerPolicy {
            na_allowed: true,
            explain: default_explain(),
        }
    }
}

/// One security requirement.
#[derive(Debug, Clone)]
pub struct Requirement {
    pub id: String,
    pub(crate) title: String,
    /// The area's name (分類).
    pub(crate) area: String,
    pub(crate) level: Level,
    pub(crate) subject: Subject,
    /// The 統一基準 item(s) it implements, and the SBD category where one fits.
    pub(crate) basis: Vec<String>,
    /// When it applies; `None` = always.
    pub(crate) when: Option<Condition>,
    /// The 調達仕様書 sentence.
    pub(crate) spec: String,
    /// The contract-appendix wording (contractor requirements).
    pub(crate) clause: Option<String>,
    /// Set when the obligation is stated by a fixed article of the templates instead
    /// of a clause of its own (so the contract says it once).
    pub(crate) clause_in: Option<ClausePlace>,
    /// What the vendor sheet asks, when it differs from the spec text (see `question()`).
    pub(crate) own_question: Option<String>,
    /// What evidence the vendor must name, if any.
    pub(crate) evidence: Option<String>,
    pub answers: AnswerPolicy,
    /// The file it was loaded from (for a requirement an overlay added or changed,
    /// the overlay's file).
    pub(crate) file: String,
    /// Where it comes from: 「統一基準」 for the base catalog, else the name of the
    /// overlay that added it.
    pub(crate) origin: String,
    /// What overlays did to it (改変, 引上げ, 根拠の追加), in stacking order.
    pub(crate) changes: Vec<Change>,
}

/// The origin of every requirement of a base catalog.
pub(crate) const BASE_ORIGIN: &str = "統一基準";

/// What an overlay did to a requirement of its base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum ChangeKind {
    /// The wording, evidence, condition or answers were replaced (`[[replace]]`).
    #[serde(rename = "改変")]
    Replaced,
    /// The level was raised or the condition widened (`[[raise]]`).
    #[serde(rename = "引上げ")]
    Raised,
    /// The overlay's own basis references were added (`[[cite]]`).
    #[serde(rename = "根拠の追加")]
    Cited,
}

impl ChangeKind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            ChangeKind::Replaced => "改変",
            ChangeKind::Raised => "引上げ",
            ChangeKind::Cited => "根拠の追加",
        }
    }
}

/// One change an overlay made to a base requirement, with its written reason.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Change {
    pub(crate) kind: ChangeKind,
    /// The overlay's name.
    pub(crate) overlay: String,
    /// Why (empty only for 根拠の追加).
    pub(crate) reason: String,
    /// The fields it changed (`spec`, `evidence`, `level`, `basis`, …).
    pub(crate) fields: Vec<String>,
    /// The overlay file it is written in.
    pub(crate) file: String,
    /// The requirement as it was before this change.
    #[serde(skip)]
    pub(crate) before: Box<Requirement>,
}

/// A requirement withdrawn, with its written reason: by an overlay from its base, or by
/// the catalog itself in an edition (`[[withdrawn]]` in catalog.toml).
#[derive(Debug, Clone)]
pub(crate) struct Withdrawal {
    pub(crate) id: String,
    pub(crate) title: String,
    /// The requirement as it was, when known (an overlay withdraws one its base has).
    pub(crate) requirement: Option<Requirement>,
    /// Who withdrew it: the overlay's name, or the catalog's.
    pub(crate) by: String,
    /// The catalog version that withdrew it; `None` for an overlay's withdrawal.
    pub(crate) since: Option<String>,
    pub(crate) reason: String,
    pub(crate) file: String,
}

impl Withdrawal {
    /// Who withdrew it, as messages say it: the overlay, or 「kijun 標準カタログ（版 0.2.0）」.
    pub(crate) fn withdrawer(&self) -> String {
        match &self.since {
            Some(v) => format!("{}（版 {v}）", self.by),
            None => self.by.clone(),
        }
    }
}

/// One layer of a catalog: the base catalog, or an overlay stacked on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layer {
    pub(crate) kind: LayerKind,
    pub(crate) name: String,
    pub(crate) version: String,
    /// The standard this layer follows (e.g. 〇〇省情報セキュリティ対策基準) and its edition.
    pub(crate) standard: String,
    pub(crate) edition: String,
    /// Hex SHA-256 over the layer's files, so a changed layer shows even at the same version.
    pub(crate) digest: String,
    /// "埋め込みカタログ" or the folder it was read from.
    pub(crate) source: String,
    /// For an overlay: the base it declares (name or path) and the version it was written for.
    pub(crate) extends: Option<Extends>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LayerKind {
    Base,
    Overlay,
}

/// What an overlay says it extends, and what it turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Extends {
    /// As written: a catalog name, or a path.
    pub(crate) target: String,
    /// The version the overlay was written for, if it says.
    pub(crate) version: Option<String>,
    /// The version of the base actually found.
    pub(crate) found_version: String,
    /// The name of the base actually found.
    pub(crate) found_name: String,
}

/// A loaded catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub(crate) meta: CatalogMeta,
    pub schema: ProfileSchema,
    pub(crate) areas: Vec<Area>,
    pub(crate) requirements: Vec<Requirement>,
    pub answers: AnswerTable,
    pub headers: HeaderTable,
    /// "埋め込みカタログ" or the folder it was read from.
    pub(crate) origin: String,
    /// The base catalog first, then each overlay stacked on it.
    pub(crate) layers: Vec<Layer>,
    /// Requirements the catalog withdrew in earlier editions, then the base requirements
    /// the overlays withdrew.
    pub(crate) withdrawn: Vec<Withdrawal>,
}

impl Requirement {
    /// What the vendor sheet asks: its own question, or the spec text.
    pub(crate) fn question(&self) -> &str {
        self.own_question.as_deref().unwrap_or(&self.spec)
    }
}

impl Catalog {
    pub(crate) fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.id == id)
    }

    /// The requirement with this id, or an error that suggests near ids.
    pub(crate) fn find(&self, id: &str) -> crate::Result<&Requirement> {
        let wanted = id.trim().to_ascii_uppercase();
        self.requirement(&wanted).ok_or_else(|| {
            let ids: Vec<&str> = self.requirements.iter().map(|r| r.id.as_str()).collect();
            let hint = match self.withdrawal(&wanted) {
                Some(w) => format!(
                    "（{}が取り下げています。理由: {}）",
                    w.withdrawer(),
                    w.reason
                ),
                None => crate::text::closest(&wanted, &ids)
                    .map(|c| format!("。「{c}」の誤りではありませんか"))
                    .unwrap_or_default(),
            };
            crate::Error::UnknownRequirement {
                id: id.to_string(),
                hint,
            }
        })
    }

    /// `名称 バージョン（統一基準 版）` for headings and reports, then each overlay.
    pub(crate) fn title(&self) -> String {
        let mut title = format!(
            "{} {}（{} {}準拠）",
            self.meta.name, self.meta.version, self.meta.standard, self.meta.edition
        );
        for o in self.overlays() {
            title.push_str(&format!("＋{} {}", o.name, o.version));
        }
        title
    }

    /// The overlays stacked on the base, lowest first.
    pub(crate) fn overlays(&self) -> impl Iterator<Item = &Layer> {
        self.layers.iter().filter(|l| l.kind == LayerKind::Overlay)
    }

    pub(crate) fn has_overlays(&self) -> bool {
        self.overlays().next().is_some()
    }

    /// The withdrawal of this id, if an overlay withdrew it.
    pub(crate) fn withdrawal(&self, id: &str) -> Option<&Withdrawal> {
        let wanted = id.trim().to_ascii_uppercase();
        self.withdrawn.iter().find(|w| w.id == wanted)
    }
}
