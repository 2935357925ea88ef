//! `kijun catalog lint`: checks of a loaded catalog beyond what loading enforces. Each
//! problem names the file and, where there is one, the requirement id.

use std::collections::{BTreeMap, BTreeSet};

use regex::Regex;

mod basis;
mod issue;
mod overlay;
mod wording;

use issue::Lint;
pub(crate) use issue::LintIssue;

use super::{AnswerKind, Catalog, Level, Requirement, Subject};
use crate::condition::Condition;
use crate::monotone;
use crate::profile::schema::TraitType;

/// All problems found in `catalog`, in catalog order.
pub fn lint(catalog: &Catalog) -> Vec<LintIssue> {
    let mut l = Lint {
        catalog,
        issues: Vec::new(),
    };
    requirements(&mut l);
    wording(&mut l);
    basis::check(&mut l);
    stages(&mut l);
    duplicates(&mut l);
    coverage(&mut l);
    vocabulary(&mut l);
    clauses(&mut l);
    overlay::check(catalog, &mut l.issues);
    l.issues
}

/// The 特記事項 of the whole catalog (every contractor clause, with the embedded
/// templates' first and last articles) read as a legal reviewer reads it: terms
/// defined, one word per thing, one duty in one place (see `render::terms`).
fn clauses(l: &mut Lint<'_>) {
    use crate::render::{terms, ClausesDocument, PartyNames, Templates};
    let c = l.catalog;
    for r in &c.requirements {
        for (word, term) in r
            .clause
            .as_ref()
            .map(|c| terms::variants_in(c.raw()))
            .unwrap_or_default()
        {
            l.req(
                r,
                format!(
                    "clause に「{word}」とあります。特記事項の用語「{term}」に統一してください"
                ),
            );
        }
    }
    let Ok(templates) = Templates::load(None) else {
        return;
    };
    let profile = crate::profile::Profile {
        source: String::new(),
        system_name: c.schema.sample.name.clone(),
        organization: c.schema.sample.organization.clone(),
        values: BTreeMap::new(),
        params: BTreeMap::new(),
        notes: Vec::new(),
    };
    let all: Vec<crate::select::Selected<'_>> = c
        .requirements
        .iter()
        .map(|r| crate::select::resolve(c, None, r, Vec::new()))
        .collect();
    let parties = PartyNames::contractor_client();
    let Ok(doc) = ClausesDocument::build(c, &profile, &all, parties, &templates) else {
        return;
    };
    for issue in terms::lint(&doc) {
        // Variants were reported per clause above, with the clause's own file.
        if issue.kind == terms::IssueKind::Variant {
            continue;
        }
        match issue
            .requirement
            .as_deref()
            .and_then(|id| c.requirement(id))
        {
            Some(r) => l.req(r, issue.message),
            None => l.file("（特記事項）", issue.message),
        }
    }
}

fn requirements(l: &mut Lint<'_>) {
    let id_form = Regex::new(r"^([A-Z]{2,5})-(\d{2,3})$").expect("static regex"); // ok: literal pattern
    let areas: BTreeMap<&str, &str> = l
        .catalog
        .areas
        .iter()
        .map(|a| (a.name.as_str(), a.id.as_str()))
        .collect();
    for r in &l.catalog.requirements {
        match id_form.captures(&r.id) {
            None => l.req(
                r,
                "要件IDは「英大文字2〜5字-数字2〜3桁」（例: OUT-03）の形にしてください".into(),
            ),
            Some(c) => {
                if let Some(prefix) = areas.get(r.area.as_str()) {
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
            ("title", r.title.as_str()),
            ("spec", r.spec.raw()),
            ("question", r.question().raw()),
        ] {
            if text.trim().is_empty() {
                l.req(r, format!("{field} が空です"));
            }
        }
        if !r.spec.raw().trim_end().ends_with("こと。") {
            l.req(
                r,
                "spec（調達仕様書の文）は「こと。」で終えてください".into(),
            );
        }
        let clause = r.clause.as_ref().map(|c| c.raw());
        let before_award = r.stage().before_award();
        match (r.subject, clause) {
            (Subject::Contractor, Some(_)) if before_award => l.req(r, format!("段階「{}」の要件は入札者・提案者に求めるもので、契約の義務ではありません。clause は書かないでください（受注後の義務は別の要件にします）", r.stage().label())),
            (Subject::Contractor, None) if before_award => {}
            (Subject::Contractor, None) if r.clause_in.is_some() => {}
            (Subject::Contractor, Some(_)) if r.clause_in.is_some() => l.req(r, "clause_in を指定した要件には clause を書かないでください（同じ義務を特記事項の二か所で定めることになります）".into()),
            (Subject::System, _) if r.clause_in.is_some() => l.req(r, "subject = \"system\" の要件に clause_in は指定できません".into()),
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
        if before_award
            && !["入札者", "提案者"]
                .iter()
                .any(|w| r.spec.raw().contains(w))
        {
            l.req(r, format!("段階「{}」の要件は、受注者ではなく入札者・提案者に向けて書いてください（「入札者は…」「提案者は…」）", r.stage().label()));
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

/// Phrases that say nothing checkable on their own: a vendor can always claim to have
/// acted 「適切に」. Requirements must say what, how much and by when instead.
const VAGUE: [&str; 10] = [
    "適切に",
    "適切な",
    "十分に",
    "十分な",
    "必要に応じて",
    "可能な限り",
    "極力",
    "万全",
    "適宜",
    "しっかり",
];

/// Shorter than this, a spec or clause cannot say who does what to what.
const MIN_SENTENCE_CHARS: usize = 25;

/// What makes a clause an obligation in a contract article.
const OBLIGATION: [&str; 3] = ["なければならない", "てはならない", "ものとする"];

/// Checks on the wording of each requirement: concreteness, length, the form of the
/// question and clause, vague words bound, numbers as parameters, and that documents
/// the spec asks for are named (as a deliverable, or as evidence before award).
fn wording(l: &mut Lint<'_>) {
    let c = l.catalog;
    let registry_in_use = !c.deliverables.is_empty();
    for r in &c.requirements {
        let texts = wording::texts(r);
        for (field, w) in &texts {
            let text = w.raw();
            for v in VAGUE.iter().filter(|v| text.contains(*v)) {
                l.req(r, format!("{field} の「{v}」は具体性を欠く表現です。何を・どの程度・いつまでに行うかを書いてください"));
            }
            let n = text.trim().chars().count();
            if ["spec", "clause"].contains(field) && n > 0 && n < MIN_SENTENCE_CHARS {
                l.req(r, format!("{field} が短すぎます（{n} 字）。誰が・何を・どうするかが分かるよう {MIN_SENTENCE_CHARS} 字以上で書いてください"));
            }
        }
        for m in wording::vague(c, r)
            .into_iter()
            .chain(wording::numbers(c, r))
            .chain(wording::spec_references(r))
        {
            l.req(r, m);
        }
        if r.own_question.is_some() && !r.question().raw().trim_end().ends_with("か。") {
            l.req(
                r,
                "question（回答様式の質問）は「…か。」で終えてください".into(),
            );
        }
        if let Some(cl) = &r.clause {
            if !OBLIGATION.iter().any(|o| cl.raw().contains(o)) {
                l.req(r, "clause に義務の表現（「…しなければならない」「…してはならない」「…ものとする」）がありません".into());
            }
        }
        let spec = r.spec.raw();
        if r.subject == Subject::System && spec.trim_start().starts_with("受注者は") {
            l.req(r, "spec が「受注者は」で始まっています。受注者の行為を求める要件なら subject = \"contractor\" とし clause を書いてください".into());
        }
        // 「提出する／提出し」: the spec asks for a document (not 「資料提出の求めに応じる」).
        let asks_document = ["提出す", "提出し"].iter().any(|v| spec.contains(v));
        if asks_document {
            let before_award = r.stage().before_award();
            if registry_in_use && !before_award && r.deliverables.is_empty() {
                l.req(r, "spec が書類の提出を求めていますが、deliverables（成果物）がありません。分類のファイルの [[deliverable]] に成果物を定義し、その key を挙げてください（成果物一覧と提出時期に載ります）".into());
            }
            if (before_award || !registry_in_use) && r.evidence.is_none() {
                l.req(r, "spec が書類の提出を求めていますが、evidence（提出物・証跡として示すもの）がありません".into());
            }
        }
        if r.level == Level::Enhanced && r.when.is_none() {
            l.req(r, "区分「強化」の要件には、どの格付け・特性で求めるかを when で示してください（条件のない要件は「基本」です）".into());
        }
    }
}

/// Stages and deliverables: once a catalog records stages, every requirement says
/// when it bites; every deliverable is demanded by a requirement and due no earlier
/// than the stage of the requirements that demand it.
fn stages(l: &mut Lint<'_>) {
    let c = l.catalog;
    let staged = c.requirements.iter().any(|r| r.stage.is_some());
    for r in &c.requirements {
        if staged && r.stage.is_none() {
            l.req(
                r,
                "stage（入札参加資格・提案時・履行中・納品時・契約終了時のいずれか）がありません"
                    .into(),
            );
        }
        for key in &r.deliverables {
            if let Some(d) = c.deliverable(key) {
                if d.stage < r.stage() {
                    l.req(
                        r,
                        format!(
                            "成果物「{}」の提出時期の段階（{}）が、この要件の段階（{}）より前です",
                            d.name,
                            d.stage.label(),
                            r.stage().label()
                        ),
                    );
                }
            }
        }
    }
    for d in &c.deliverables {
        if !c
            .requirements
            .iter()
            .any(|r| r.deliverables.contains(&d.key))
        {
            l.file(
                &d.file,
                format!("成果物「{}」（{}）を求める要件がありません", d.name, d.key),
            );
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
        ("spec", |r| Some(r.spec.raw())),
        ("clause", |r| r.clause.as_ref().map(|c| c.raw())),
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
        if !c.requirements.iter().any(|r| r.area == a.name) {
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
                super::source::SCHEMA_FILE,
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
                        super::source::SCHEMA_FILE,
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
                    super::source::SCHEMA_FILE,
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

/// An answer word as the verifier compares it (one definition: `normalize::answer_key`).
fn word_key(w: &str) -> String {
    crate::normalize::answer_key(w)
}

fn vocabulary(l: &mut Lint<'_>) {
    let mut seen: BTreeMap<String, AnswerKind> = BTreeMap::new();
    for kind in AnswerKind::ALL {
        for w in &l.catalog.answers.def(kind).words {
            if let Some(other) = seen.insert(word_key(w), kind) {
                if other != kind {
                    l.file(
                        super::source::ANSWERS_FILE,
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
    for w in &l.catalog.answers.non_answers {
        if let Some(kind) = seen.get(&word_key(w)) {
            l.file(
                super::source::ANSWERS_FILE,
                format!(
                    "「{w}」が回答「{}」と回答でない記載（non_answers）の両方に登録されています",
                    kind.label()
                ),
            );
        }
    }
    let h = &l.catalog.headers;
    let columns: [(&str, &Vec<String>); 11] = [
        ("number", &h.number),
        ("id", &h.id),
        ("area", &h.area),
        ("level", &h.level),
        ("requirement", &h.requirement),
        ("basis", &h.basis),
        ("answer", &h.answer),
        ("explanation", &h.explanation),
        ("evidence", &h.evidence),
        ("pages", &h.pages),
        ("remarks", &h.remarks),
    ];
    let mut headers: BTreeMap<String, &str> = BTreeMap::new();
    for (column, names) in columns {
        for n in names {
            match headers.insert(crate::normalize::header_key(n), column) {
                Some(other) if other != column => l.file(
                    super::source::ANSWERS_FILE,
                    format!("列見出し「{n}」が header.{other} と header.{column} の両方に登録されています"),
                ),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::load::{embedded_files, from_files};
    use crate::catalog::source::{ANSWERS_FILE, META_FILE, SCHEMA_FILE};

    /// The embedded catalog's metadata, schema and answers with one test area file.
    fn catalog_with(requirements: &str) -> Catalog {
        let mut files: Vec<(String, String)> = embedded_files()
            .into_iter()
            .filter(|(n, _)| [META_FILE, SCHEMA_FILE, ANSWERS_FILE].contains(&n.as_str()))
            .collect();
        let area = format!("[area]\nid = \"TST\"\nname = \"試験\"\n\n{requirements}");
        files.push(("99-test.toml".into(), area));
        from_files(&files, "test").expect("test catalog loads")
    }

    /// The lint messages about one requirement.
    fn issues_of(requirements: &str, id: &str) -> Vec<String> {
        lint(&catalog_with(requirements))
            .into_iter()
            .filter(|i| i.id.as_deref() == Some(id))
            .map(|i| i.message)
            .collect()
    }

    const GOOD_SYSTEM: &str = r#"
[[requirement]]
id = "TST-01"
title = "管理者の多要素認証"
level = "基本"
subject = "system"
basis = ["統一基準 6.1.1 主体認証機能"]
spec = "管理者権限でのログインには、知識・所持・生体のうち二つ以上を組み合わせた多要素認証を用いること。"
"#;

    const GOOD_CONTRACTOR: &str = r#"
[[requirement]]
id = "TST-02"
title = "作業体制図の提出"
level = "基本"
subject = "contractor"
basis = ["統一基準 4.1.1 業務委託"]
spec = "受注者は、責任者と従事者の役割を示した作業体制図を契約締結後、発注者が指示する期限までに発注者に提出すること。"
clause = "受注者は、責任者と従事者の役割を示した作業体制図を発注者に提出しなければならない。"
question = "責任者と従事者の役割を示した作業体制図を、契約締結後、発注者が指示する期限までに提出しますか。"
evidence = "作業体制図"
"#;

    #[test]
    fn well_written_requirements_pass() {
        assert_eq!(issues_of(GOOD_SYSTEM, "TST-01"), Vec::<String>::new());
        assert_eq!(issues_of(GOOD_CONTRACTOR, "TST-02"), Vec::<String>::new());
    }

    #[test]
    fn a_clause_in_other_words_or_restating_a_remedy_of_the_last_article_is_reported() {
        let text = GOOD_CONTRACTOR.replace(
            "発注者に提出しなければならない。",
            "発注者に提出しなければならない。この契約の期間中も同様とする。",
        );
        let issues = issues_of(&text, "TST-02");
        assert!(
            issues
                .iter()
                .any(|m| m.contains("「この契約」") && m.contains("「本契約」")),
            "{issues:?}"
        );
        let text = GOOD_CONTRACTOR.replace(
            "発注者に提出しなければならない。",
            "発注者に提出しなければならず、違反により発注者に損害を与えたときは、その損害を賠償しなければならない。",
        );
        let issues = issues_of(&text, "TST-02");
        assert!(
            issues
                .iter()
                .any(|m| m.contains("損害の賠償を複数の条で定めています")),
            "{issues:?}"
        );
    }

    #[test]
    fn an_obligation_stated_by_the_last_article_needs_no_clause_of_its_own() {
        let text = GOOD_CONTRACTOR
            .replace(
                "clause = \"受注者は、責任者と従事者の役割を示した作業体制図を発注者に提出しなければならない。\"",
                "clause_in = \"breach\"",
            );
        assert!(text.contains("clause_in"));
        assert_eq!(issues_of(&text, "TST-02"), Vec::<String>::new());
        let both = GOOD_CONTRACTOR.replace("evidence =", "clause_in = \"breach\"\nevidence =");
        assert!(issues_of(&both, "TST-02")
            .iter()
            .any(|m| m.contains("clause_in を指定した要件には clause を書かないでください")));
    }

    #[test]
    fn vague_wording_is_reported_with_the_field() {
        let text = GOOD_SYSTEM.replace("多要素認証を用いること", "適切に多要素認証を用いること");
        let issues = issues_of(&text, "TST-01");
        assert!(
            issues
                .iter()
                .any(|m| m.contains("spec の「適切に」は具体性を欠く")),
            "{issues:?}"
        );
        let text = GOOD_CONTRACTOR.replace(
            "提出しなければならない",
            "必要に応じて提出しなければならない",
        );
        assert!(issues_of(&text, "TST-02")
            .iter()
            .any(|m| m.contains("clause の「必要に応じて」")));
    }

    #[test]
    fn too_short_sentences_are_reported() {
        let text = GOOD_SYSTEM.replace(
            "管理者権限でのログインには、知識・所持・生体のうち二つ以上を組み合わせた多要素認証を用いること。",
            "多要素認証を用いること。",
        );
        assert!(issues_of(&text, "TST-01")
            .iter()
            .any(|m| m.contains("spec が短すぎます（12 字）")));
    }

    #[test]
    fn own_question_must_be_a_question() {
        let text = GOOD_CONTRACTOR.replace("提出しますか。", "提出してください。");
        assert!(issues_of(&text, "TST-02")
            .iter()
            .any(|m| m.contains("「…か。」で終えて")));
    }

    #[test]
    fn clause_must_state_an_obligation() {
        let text = GOOD_CONTRACTOR.replace("提出しなければならない。", "提出する。");
        assert!(issues_of(&text, "TST-02")
            .iter()
            .any(|m| m.contains("義務の表現")));
    }

    #[test]
    fn a_document_asked_for_needs_evidence() {
        let text = GOOD_CONTRACTOR.replace("evidence = \"作業体制図\"\n", "");
        assert!(issues_of(&text, "TST-02")
            .iter()
            .any(|m| m.contains("evidence")));
    }

    #[test]
    fn system_requirement_phrased_as_contractor_conduct_is_reported() {
        let text = GOOD_SYSTEM.replace("spec = \"管理者権限", "spec = \"受注者は、管理者権限");
        assert!(issues_of(&text, "TST-01")
            .iter()
            .any(|m| m.contains("subject = \"contractor\"")));
    }

    #[test]
    fn enhanced_requirement_needs_a_condition() {
        let text = GOOD_SYSTEM.replace("level = \"基本\"", "level = \"強化\"");
        assert!(issues_of(&text, "TST-01")
            .iter()
            .any(|m| m.contains("区分「強化」の要件には")));
        let with_when = text.replace("spec =", "when = \"confidentiality >= 3\"\nspec =");
        assert!(!issues_of(&with_when, "TST-01")
            .iter()
            .any(|m| m.contains("区分「強化」")));
    }

    #[test]
    fn one_basis_number_has_one_title() {
        let second = GOOD_CONTRACTOR
            .replace("統一基準 4.1.1 業務委託", "統一基準 6.1.1 主体認証")
            .replace("TST-02", "TST-03");
        let text = format!("{GOOD_SYSTEM}{second}");
        let issues = issues_of(&text, "TST-03");
        assert!(
            issues
                .iter()
                .any(|m| m.contains("TST-01 の「統一基準 6.1.1 主体認証機能」と異なります")),
            "{issues:?}"
        );
    }

    #[test]
    fn vocabulary_collisions_are_reported() {
        let mut files = embedded_files();
        for (name, text) in files.iter_mut() {
            if name == ANSWERS_FILE {
                *text = text.replacen("\"未定\"]", "\"未定\", \"○\"]", 1).replacen(
                    "\"備考\",",
                    "\"備考\", \"回答\",",
                    1,
                );
            }
        }
        let c = from_files(&files, "test").expect("catalog loads");
        let issues: Vec<String> = lint(&c).iter().map(ToString::to_string).collect();
        assert!(
            issues
                .iter()
                .any(|i| i.contains("「○」が回答「対応」と回答でない記載")),
            "{issues:?}"
        );
        assert!(issues
            .iter()
            .any(|i| i.contains("列見出し「回答」が header.answer と header.remarks")));
    }

    #[test]
    fn the_embedded_catalog_is_clean() {
        let c = from_files(&embedded_files(), "test").expect("embedded catalog loads");
        let issues: Vec<String> = lint(&c).iter().map(ToString::to_string).collect();
        assert!(issues.is_empty(), "{}", issues.join("\n"));
    }
}
