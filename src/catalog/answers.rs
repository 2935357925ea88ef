//! The answer vocabulary: the four answers a vendor may give, the words and marks
//! vendors really write for each (○, 可, Yes, △, ×, －, N/A ...), phrases that point
//! elsewhere without answering (別紙参照), and the column-header synonyms the verifier
//! uses to find columns in a returned workbook. All of it is catalog data
//! (`catalog/answers.toml`) so an office can extend it, plus the readings kijun adds to
//! every edition's (`habits.toml` beside this file).

use serde::{Deserialize, Serialize};

/// The normalised answer to one requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    Compliant,
    Partial,
    Noncompliant,
    NotApplicable,
}

impl AnswerKind {
    pub const ALL: [AnswerKind; 4] = [
        AnswerKind::Compliant,
        AnswerKind::Partial,
        AnswerKind::Noncompliant,
        AnswerKind::NotApplicable,
    ];

    /// The canonical word written in the sheet's dropdown.
    pub(crate) fn label(self) -> &'static str {
        match self {
            AnswerKind::Compliant => "対応",
            AnswerKind::Partial => "一部対応",
            AnswerKind::Noncompliant => "非対応",
            AnswerKind::NotApplicable => "該当なし",
        }
    }

    /// What the 対応内容・実現方法 column should say for this answer.
    pub(crate) fn explanation_hint(self) -> &'static str {
        match self {
            AnswerKind::Compliant => "どのように満たすか",
            AnswerKind::Partial => "満たす範囲と満たさない範囲、代替措置の内容",
            AnswerKind::Noncompliant => "満たせない理由と、今後の対応予定",
            AnswerKind::NotApplicable => "該当しない理由",
        }
    }

    pub(crate) fn key(self) -> &'static str {
        match self {
            AnswerKind::Compliant => "compliant",
            AnswerKind::Partial => "partial",
            AnswerKind::Noncompliant => "noncompliant",
            AnswerKind::NotApplicable => "not_applicable",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerDef {
    /// What the answer means, for the sheet's instructions.
    pub(crate) meaning: String,
    /// Words and marks that mean this answer (compared after normalisation).
    pub words: Vec<String>,
}

/// `answers.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AnswerFile {
    pub(crate) answer: AnswerSet,
    pub(crate) non_answers: NonAnswers,
    /// Words that qualify an answer (ただし, 一部, 予定 ...); absent in older catalogs.
    #[serde(default)]
    pub(crate) qualifiers: Qualifiers,
    /// Explanations that only point elsewhere (別紙参照); absent in older catalogs.
    #[serde(default)]
    pub(crate) reference_explanations: ReferenceExplanations,
    pub(crate) header: HeaderTable,
    /// What marks an answer written to fill the form; absent in older catalogs (then
    /// nothing is flagged).
    #[serde(default)]
    pub(crate) form_filling: FormFilling,
}

/// The marks of answers written to fill the form rather than to answer it, flagged
/// for the reviewer as warnings and never judged (`[form_filling]` in answers.toml).
/// A zero or an empty list turns its check off.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct FormFilling {
    /// The same explanation in at least this many rows answered 対応 or 一部対応.
    pub(crate) same_explanation_rows: usize,
    /// An explanation whose character pairs are found in the requirement's own text at
    /// least this often (0–1) only restates it.
    pub(crate) restated_share: f64,
    /// Explanations shorter than this (characters, spaces and punctuation aside) are
    /// not judged restatements.
    pub(crate) restated_min_chars: usize,
    /// Evidence references that say no more than where documents are in general
    /// (提案書参照, 設計書): flagged on a 対応 answer to a requirement asking evidence.
    pub(crate) generic_evidence: Vec<String>,
}

impl FormFilling {
    /// What is wrong with the settings, each a Japanese sentence.
    pub(crate) fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !(0.0..=1.0).contains(&self.restated_share) {
            out.push(format!(
                "[form_filling] の restated_share は 0 から 1 の数で書いてください（{} が書かれています）",
                self.restated_share
            ));
        }
        out
    }
}

/// An explanation that only points to another document (「別紙参照」「提案書のとおり」) is
/// no explanation. Compared after normalisation, without digits and `locators`
/// (「提案書p.12のとおり」), and without one of `leads` before it (「詳細は別紙参照」).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReferenceExplanations {
    #[serde(default)]
    pub(crate) leads: Vec<String>,
    #[serde(default)]
    pub(crate) locators: Vec<String>,
    pub(crate) words: Vec<String>,
}

/// The qualifiers and reference phrases kijun adds to every catalog's (`habits.toml`).
/// A released edition's answers.toml never changes, yet a misreading found later must
/// be fixed for the workbooks already sent out under it; these only make a reading
/// stricter (a restriction is partial, a bare reference is no explanation).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Habits {
    qualifiers: Qualifiers,
    reference_explanations: ReferenceExplanations,
}

fn habits() -> &'static Habits {
    static HABITS: std::sync::OnceLock<Habits> = std::sync::OnceLock::new();
    HABITS.get_or_init(|| {
        // Embedded at build time and parsed by a test, never user input.
        toml::from_str(include_str!("habits.toml")).expect("src/catalog/habits.toml")
    })
}

/// `ours` followed by `theirs`.
fn joined(ours: &[String], theirs: &[String]) -> Vec<String> {
    ours.iter().chain(theirs).cloned().collect()
}

/// Words that, written after an answer, make it conditional: 「対応（ただし…）」 is not 対応.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Qualifiers {
    pub(crate) words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AnswerSet {
    pub(crate) compliant: AnswerDef,
    pub(crate) partial: AnswerDef,
    pub(crate) noncompliant: AnswerDef,
    pub(crate) not_applicable: AnswerDef,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NonAnswers {
    /// Phrases that refer elsewhere instead of answering (別紙参照, 後日回答 ...).
    pub(crate) words: Vec<String>,
}

/// Column-header synonyms, most specific first. The verifier finds each column of a
/// returned workbook by these names.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderTable {
    pub(crate) number: Vec<String>,
    pub(crate) id: Vec<String>,
    pub(crate) area: Vec<String>,
    pub(crate) level: Vec<String>,
    pub(crate) requirement: Vec<String>,
    pub(crate) basis: Vec<String>,
    pub(crate) answer: Vec<String>,
    pub(crate) explanation: Vec<String>,
    pub(crate) evidence: Vec<String>,
    /// The pages of the proposal that show the answer (提案書の該当頁). Optional in
    /// the file, so catalogs written before the column existed still load.
    #[serde(default)]
    pub(crate) pages: Vec<String>,
    pub(crate) remarks: Vec<String>,
}

/// The answer vocabulary as the rest of the program uses it.
#[derive(Debug, Clone)]
pub struct AnswerTable {
    pub(crate) answers: AnswerSet,
    pub(crate) non_answers: Vec<String>,
    /// Every answer word by its normalised key (see `normalize::answer_key`).
    pub(crate) lookup: std::collections::HashMap<String, AnswerKind>,
    /// The non-answer phrases, normalised.
    pub(crate) non_answer_keys: Vec<String>,
    /// The qualifier words, normalised.
    pub(crate) qualifier_keys: Vec<String>,
    /// Explanations that only refer elsewhere, normalised; see [`ReferenceExplanations`].
    reference_keys: Vec<String>,
    reference_leads: Vec<String>,
    /// Longest first, so 「ページ」 goes before 「ー」.
    reference_locators: Vec<String>,
    /// Words distinctive enough to count when they appear after another answer word
    /// (「○(×)」, 「対応（一部対応）」): every answer word but 対応's own, the weak one-letter
    /// ones, the dashes, and the generic なし/不要; longest first.
    pub(crate) scan_words: Vec<(String, AnswerKind)>,
    /// What marks an answer written only to fill the form.
    pub(crate) filling: FormFilling,
}

/// Whether an answer word is distinctive enough to count inside other text.
fn distinctive(key: &str, kind: AnswerKind) -> bool {
    let n = key.chars().count();
    let mark = n == 1 && !key.chars().any(char::is_alphanumeric);
    let dash = matches!(key, "-" | "―" | "‐" | "−" | "ー" | "—" | "–" | "/" | "－");
    let generic = matches!(key, "なし" | "不要" | "無し");
    match kind {
        AnswerKind::Compliant => false,
        AnswerKind::NotApplicable => n >= 3 && !generic,
        AnswerKind::Partial | AnswerKind::Noncompliant => (n >= 2 || mark) && !dash && !generic,
    }
}

impl AnswerTable {
    /// The table with its lookups built once, so each cell read is a hash lookup; the
    /// catalog's qualifiers and reference phrases with kijun's own ([`Habits`]) added.
    pub(crate) fn new(
        answers: AnswerSet,
        non_answers: Vec<String>,
        qualifiers: &[String],
        references: &ReferenceExplanations,
        filling: FormFilling,
    ) -> AnswerTable {
        use crate::normalize::answer_key;
        let habits = habits();
        let qualifiers = joined(qualifiers, &habits.qualifiers.words);
        let theirs = &habits.reference_explanations;
        let references = ReferenceExplanations {
            leads: joined(&references.leads, &theirs.leads),
            locators: joined(&references.locators, &theirs.locators),
            words: joined(&references.words, &theirs.words),
        };
        let keys = |words: &[String]| -> Vec<String> {
            words
                .iter()
                .map(|w| answer_key(w))
                .filter(|k| !k.is_empty())
                .collect()
        };
        // Not `answer_key`, which would trim the 「.」 of 「p.」.
        let mut reference_locators: Vec<String> = references
            .locators
            .iter()
            .map(|w| crate::normalize::text_key(w).to_lowercase())
            .filter(|k| !k.is_empty())
            .collect();
        reference_locators.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let mut lookup = std::collections::HashMap::new();
        for kind in AnswerKind::ALL {
            let def = match kind {
                AnswerKind::Compliant => &answers.compliant,
                AnswerKind::Partial => &answers.partial,
                AnswerKind::Noncompliant => &answers.noncompliant,
                AnswerKind::NotApplicable => &answers.not_applicable,
            };
            for w in &def.words {
                let k = answer_key(w);
                if !k.is_empty() {
                    lookup.entry(k).or_insert(kind);
                }
            }
        }
        let non_answer_keys = non_answers
            .iter()
            .map(|w| answer_key(w))
            .filter(|k| !k.is_empty())
            .collect();
        let qualifier_keys = keys(&qualifiers);
        let mut scan_words: Vec<(String, AnswerKind)> = lookup
            .iter()
            .filter(|(w, k)| distinctive(w, **k))
            .map(|(w, k)| (w.clone(), *k))
            .collect();
        scan_words.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        let mut table = AnswerTable {
            answers,
            non_answers,
            lookup,
            non_answer_keys,
            qualifier_keys,
            scan_words,
            filling,
            reference_keys: Vec::new(),
            reference_leads: keys(&references.leads),
            reference_locators,
        };
        table.reference_keys = references
            .words
            .iter()
            .map(|w| table.reference_key(w))
            .filter(|k| !k.is_empty())
            .collect();
        table
    }

    /// A text as reference phrases are compared: normalised, without digits and locators.
    fn reference_key(&self, text: &str) -> String {
        let mut key: String = crate::normalize::answer_key(text)
            .chars()
            .filter(|c| !c.is_ascii_digit())
            .collect();
        for l in &self.reference_locators {
            key = key.replace(l.as_str(), "");
        }
        key
    }

    /// Whether an explanation only points to another document (「別紙参照」), which
    /// does not say how the requirement is met.
    pub(crate) fn only_refers(&self, explanation: &str) -> bool {
        let key = self.reference_key(explanation);
        let bare = self
            .reference_leads
            .iter()
            .find_map(|l| key.strip_prefix(l.as_str()))
            .unwrap_or(&key);
        !bare.is_empty() && self.reference_keys.iter().any(|w| w == bare || *w == key)
    }

    pub fn def(&self, kind: AnswerKind) -> &AnswerDef {
        match kind {
            AnswerKind::Compliant => &self.answers.compliant,
            AnswerKind::Partial => &self.answers.partial,
            AnswerKind::Noncompliant => &self.answers.noncompliant,
            AnswerKind::NotApplicable => &self.answers.not_applicable,
        }
    }
}
