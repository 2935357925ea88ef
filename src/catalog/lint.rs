//! `kijun catalog lint`: checks of a loaded catalog beyond what loading enforces. Each
//! problem names the file and, where there is one, the requirement id.

use std::collections::{BTreeMap, BTreeSet};

use regex::Regex;

use super::schema::TraitType;
use super::{AnswerKind, Catalog, Level, Requirement, Subject};
use crate::condition::Condition;
use crate::monotone;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintIssue {
    pub file: String,
    pub id: Option<String>,
    pub message: String,
}

impl std::fmt::Display for LintIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{}: {id}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

struct Lint<'c> {
    catalog: &'c Catalog,
    issues: Vec<LintIssue>,
}

impl Lint<'_> {
    fn req(&mut self, r: &Requirement, message: String) {
        self.issues.push(LintIssue {
            file: r.file.clone(),
            id: Some(r.id.clone()),
            message,
        });
    }
    fn file(&mut self, file: &str, message: String) {
        self.issues.push(LintIssue {
            file: file.to_string(),
            id: None,
            message,
        });
    }
}

/// All problems found in `catalog`, in catalog order.
pub fn lint(catalog: &Catalog) -> Vec<LintIssue> {
    let mut l = Lint {
        catalog,
        issues: Vec::new(),
    };
    requirements(&mut l);
    duplicates(&mut l);
    coverage(&mut l);
    vocabulary(&mut l);
    l.issues
}

fn requirements(l: &mut Lint<'_>) {
    let id_form = Regex::new(r"^([A-Z]{2,5})-(\d{2,3})$").expect("static regex"); // ok: literal pattern
    let basis_form = Regex::new(r"^(統一基準 \d+\.\d+(\.\d+)? \S.*|SBD [A-Z]{2}(-\d+)? \S.*)$")
        .expect("static regex"); // ok: literal pattern
    let areas: BTreeMap<&str, &str> = l
        .catalog
        .areas
        .iter()
        .map(|a| (a.file.as_str(), a.id.as_str()))
        .collect();
    for r in &l.catalog.requirements {
        match id_form.captures(&r.id) {
            None => l.req(
                r,
                "要件IDは「英大文字2〜5字-数字2〜3桁」（例: OUT-03）の形にしてください".into(),
            ),
            Some(c) => {
                if let Some(prefix) = areas.get(r.file.as_str()) {
                    if &c[1] != *prefix {
                        l.req(
                            r,
                            format!("要件IDの接頭辞が分類の ID「{prefix}」と一致しません"),
                        );
                    }
                }
            }
        }
        for (field, text) in [
            ("title", &r.title),
            ("spec", &r.spec),
            ("question", &r.question),
        ] {
            if text.trim().is_empty() {
                l.req(r, format!("{field} が空です"));
            }
        }
        if !r.spec.trim_end().ends_with("こと。") {
            l.req(
                r,
                "spec（調達仕様書の文）は「こと。」で終えてください".into(),
            );
        }
        match (r.subject, &r.clause) {
            (Subject::Contractor, None) => l.req(r, "subject = \"contractor\" の要件には clause（契約条項の文言）が必要です".into()),
            (Subject::Contractor, Some(c)) if c.trim().is_empty() => l.req(r, "clause が空です".into()),
            (Subject::Contractor, Some(c)) => {
                if !c.trim_end().ends_with('。') {
                    l.req(r, "clause は「。」で終えてください".into());
                }
                if !c.contains("受注者") {
                    l.req(r, "clause は受注者の義務として書いてください（「受注者は…」）".into());
                }
            }
            (Subject::System, Some(_)) => l.req(r, "subject = \"system\" の要件に clause は不要です（契約条項は受注者の義務だけに使います）".into()),
            (Subject::System, None) => {}
        }
        if !r.basis.iter().any(|b| b.starts_with("統一基準 ")) {
            l.req(
                r,
                "basis に統一基準の項目（例: \"統一基準 4.1.1 業務委託\"）がありません".into(),
            );
        }
        for b in &r.basis {
            if !basis_form.is_match(b) {
                l.req(r, format!("basis「{b}」の形が正しくありません（\"統一基準 番号 表題\" または \"SBD 区分 表題\"）"));
            }
        }
        if r.answers.explain.iter().collect::<BTreeSet<_>>().len() != r.answers.explain.len() {
            l.req(r, "answers.explain に同じ回答が重複しています".into());
        }
        if let Some(c) = &r.when {
            if let Some(w) = monotone::violation(c, &l.catalog.schema) {
                l.req(r, format!("条件「{}」は単調ではありません: {w}（格付けを上げる・特性を有効にすると要件が外れてしまいます）", c.text));
            }
        }
    }
}

fn duplicates(l: &mut Lint<'_>) {
    let norm = |s: &str| -> String {
        use unicode_normalization::UnicodeNormalization;
        s.nfkc().filter(|c| !c.is_whitespace()).collect()
    };
    type Field = fn(&Requirement) -> Option<&str>;
    let fields: [(&str, Field); 3] = [
        ("title", |r| Some(r.title.as_str())),
        ("spec", |r| Some(r.spec.as_str())),
        ("clause", |r| r.clause.as_deref()),
    ];
    for (name, get) in fields {
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for r in &l.catalog.requirements {
            let Some(text) = get(r) else { continue };
            if let Some(first) = seen.insert(norm(text), &r.id) {
                if first != r.id {
                    l.req(r, format!("{name} が {first} と同じ文です"));
                }
            }
        }
    }
    let mut area_ids = BTreeSet::new();
    for a in &l.catalog.areas {
        if !area_ids.insert(a.id.as_str()) {
            l.file(
                &a.file,
                format!("分類の ID「{}」が他のファイルと重複しています", a.id),
            );
        }
    }
}

fn coverage(l: &mut Lint<'_>) {
    let c = l.catalog;
    for a in &c.areas {
        if !c.requirements.iter().any(|r| r.file == a.file) {
            l.file(&a.file, format!("分類「{}」に要件がありません", a.name));
        }
    }
    let conditions: Vec<&Condition> = c
        .requirements
        .iter()
        .filter_map(|r| r.when.as_ref())
        .collect();
    let used: BTreeSet<&str> = conditions.iter().flat_map(|c| c.keys()).collect();
    for t in &c.schema.traits {
        if !used.contains(t.key.as_str()) {
            l.file(
                super::load::SCHEMA_FILE,
                format!(
                    "特性「{}」（{}）を条件に使う要件がありません",
                    t.key, t.label
                ),
            );
        }
        if t.kind == TraitType::Set {
            for v in &t.values {
                let needle = format!("\"{}\"", v.value);
                if !conditions
                    .iter()
                    .any(|c| c.keys().contains(&t.key.as_str()) && c.text.contains(&needle))
                {
                    l.file(
                        super::load::SCHEMA_FILE,
                        format!(
                            "特性「{}」の値「{}」を条件に使う要件がありません",
                            t.key, v.value
                        ),
                    );
                }
            }
        }
    }
    for d in &c.schema.classifications {
        for level in d.levels.iter().skip(1) {
            let used = conditions
                .iter()
                .any(|c| monotone::threshold_used(c, &d.key, level.value));
            if !used {
                l.file(
                    super::load::SCHEMA_FILE,
                    format!(
                        "{}{} 以上で適用される要件がありません",
                        d.label, level.value
                    ),
                );
            }
        }
    }
    for level in [Level::Basic, Level::Enhanced] {
        if !c.requirements.iter().any(|r| r.level == level) {
            l.file(
                "（カタログ全体）",
                format!("区分「{}」の要件がありません", level.label()),
            );
        }
    }
}

fn vocabulary(l: &mut Lint<'_>) {
    use unicode_normalization::UnicodeNormalization;
    let mut seen: BTreeMap<String, AnswerKind> = BTreeMap::new();
    for kind in AnswerKind::ALL {
        for w in &l.catalog.answers.def(kind).words {
            let key: String = w.nfkc().collect::<String>().trim().to_lowercase();
            if let Some(other) = seen.insert(key, kind) {
                if other != kind {
                    l.file(
                        super::load::ANSWERS_FILE,
                        format!(
                            "「{w}」が「{}」と「{}」の両方に登録されています",
                            other.label(),
                            kind.label()
                        ),
                    );
                }
            }
        }
    }
}
