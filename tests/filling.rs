//! Answers written to fill the form rather than to answer it: the same explanation
//! pasted into many rows, an explanation that only restates the requirement, 「対応」
//! with an evidence reference that points nowhere in particular. Each is a warning with
//! its rows, never a change of verdict; each is raised by one workbook and not by its
//! near twin; the thresholds are catalog data (`[form_filling]` in answers.toml).

mod common;

use std::path::Path;

use common::case::{case, found, kinds, verify_file, Case};
use common::{catalog_copy, kijun};
use serde_json::Value;

/// The first `n` requirement ids of the sheet.
fn first_ids(c: &mut Case, n: usize) -> Vec<String> {
    c.filled.ids().into_iter().take(n).collect()
}

/// A requirement that asks for evidence.
fn asking_evidence(c: &mut Case) -> String {
    let ids = c.filled.ids();
    ids.into_iter()
        .find(|id| c.filled.get(id, "要件").contains("【証跡】"))
        .expect("a requirement asks for evidence")
}

fn only_warnings_of(report: &Value, kind: &str) -> Vec<Value> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["kind"] == kind)
        .cloned()
        .collect()
}

/// Verify with another catalog folder: the kinds found, but for the catalog's digest
/// differing from the one the workbook was made with.
fn verify_with_catalog(c: &Case, catalog: &Path) -> Vec<String> {
    let file = c.path("回答.xlsx");
    c.filled.write_xlsx(&file);
    let run = kijun()
        .arg("--catalog")
        .arg(catalog)
        .args(["verify", "--format", "json", "--profile"])
        .arg(&c.profile)
        .arg(&file)
        .run();
    assert!(run.code() == 0 || run.code() == 1, "{}", run.stderr());
    kinds(&run.json())
        .into_iter()
        .filter(|k| k != "profile_mismatch")
        .collect()
}

/// The embedded catalog copied with `[form_filling]` rewritten.
fn catalog_with(dir: &Path, form_filling: &str) -> std::path::PathBuf {
    let catalog = catalog_copy(dir);
    let answers = catalog.join("answers.toml");
    let text = std::fs::read_to_string(&answers).expect("answers.toml");
    let head = text
        .split("[form_filling]")
        .next()
        .expect("head")
        .to_string();
    std::fs::write(&answers, format!("{head}{form_filling}")).expect("write");
    catalog
}

#[test]
fn the_same_explanation_in_five_rows_is_one_warning_naming_them_and_four_rows_are_not() {
    let mut c = case();
    let ids = first_ids(&mut c, 5);
    for id in &ids {
        c.filled.set(
            id,
            "対応内容・実現方法",
            "当社の標準サービスにて対応いたします。",
        );
    }
    let (code, report) = c.verify();
    assert_eq!(kinds(&report), ["repeated_explanation"]);
    assert_eq!((code, report["verdict"].as_str()), (0, Some("pass")));
    let f = &report["findings"][0];
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["requirement"], Value::Null);
    let named: Vec<&str> = f["requirements"]
        .as_array()
        .expect("requirements")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(named, ids);
    let first = c.filled.row_of(&ids[0]) as u64 + 1;
    let last = c.filled.row_of(&ids[4]) as u64 + 1;
    assert_eq!(f["row"], first);
    let message = f["message"].as_str().expect("message");
    assert!(
        message.contains(&format!("5 行（{first}〜{last} 行目）")),
        "{message}"
    );

    // Four rows are not "many"; nor are five rows of a refusal with the same reason.
    c.filled
        .set(&ids[4], "対応内容・実現方法", "独自の説明です。");
    assert!(kinds(&c.verify().1).is_empty());
    for id in &ids {
        c.filled.set(id, "回答", "非対応").set(
            id,
            "対応内容・実現方法",
            "当社の標準サービスにて対応いたします。",
        );
    }
    assert!(!kinds(&c.verify().1).contains(&"repeated_explanation".to_string()));
}

#[test]
fn an_explanation_that_restates_the_requirement_is_flagged_and_a_specific_one_is_not() {
    let mut c = case();
    let id = "AUTH-02".to_string();
    let requirement = c.filled.get(&id, "要件");
    let sentence = requirement.lines().next().expect("sentence").to_string();
    let restated = sentence.replace("こと。", "ます。");
    c.filled.set(&id, "対応内容・実現方法", &restated);
    let (code, report) = c.verify();
    let f = only_warnings_of(&report, "restated_requirement");
    assert_eq!(f.len(), 1, "{:?}", found(&report));
    assert_eq!(f[0]["requirement"], id.as_str());
    assert_eq!(f[0]["column"], "I");
    assert_eq!(code, 0, "a warning, not a failure");

    c.filled.set(
        &id,
        "対応内容・実現方法",
        "管理者は FIDO2 セキュリティキー、利用者は SMS ワンタイムパスワードを IdP で必須にします。",
    );
    assert!(kinds(&c.verify().1).is_empty());
    c.filled.set(&id, "対応内容・実現方法", "対応します。");
    assert!(kinds(&c.verify().1).is_empty(), "too short to judge");
}

#[test]
fn a_generic_evidence_reference_on_a_compliant_answer_is_flagged_and_a_page_is_enough() {
    let mut c = case();
    let id = asking_evidence(&mut c);
    c.filled.set(&id, "証跡・根拠資料", "提案書参照");
    let report = c.verify().1;
    let f = only_warnings_of(&report, "generic_evidence");
    assert_eq!(f.len(), 1, "{:?}", found(&report));
    assert_eq!(f[0]["requirement"], id.as_str());
    assert_eq!(f[0]["column"], "J");
    assert_eq!(report["verdict"], "pass");

    c.filled.set(&id, "提案書の該当頁", "p.12");
    assert!(kinds(&c.verify().1).is_empty(), "the page says where");
    c.filled
        .set(&id, "提案書の該当頁", "")
        .set(&id, "証跡・根拠資料", "提案書 第4章 4.2 認証方式");
    assert!(kinds(&c.verify().1).is_empty());
    c.filled
        .set(&id, "証跡・根拠資料", "「設計書」")
        .set(&id, "回答", "一部対応");
    assert_eq!(
        kinds(&c.verify().1),
        ["partial"],
        "only a 対応 answer is flagged"
    );
}

#[test]
fn the_thresholds_are_catalog_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut c = case();
    let ids = first_ids(&mut c, 3);
    for id in &ids {
        c.filled.set(
            id,
            "対応内容・実現方法",
            "当社の標準サービスにて対応いたします。",
        );
    }
    assert!(kinds(&c.verify().1).is_empty(), "3 rows are below 5");

    let three = catalog_with(
        &dir.path().join("three"),
        "[form_filling]\nsame_explanation_rows = 3\n",
    );
    assert_eq!(verify_with_catalog(&c, &three), ["repeated_explanation"]);

    // A catalog written before the table existed flags nothing, and still loads.
    let old = catalog_with(&dir.path().join("old"), "");
    for id in first_ids(&mut c, 10) {
        c.filled.set(&id, "対応内容・実現方法", "対応します。");
    }
    assert!(verify_with_catalog(&c, &old).is_empty());

    let broken = catalog_with(
        &dir.path().join("broken"),
        "[form_filling]\nrestated_share = 1.5\n",
    );
    kijun()
        .arg("--catalog")
        .arg(&broken)
        .args(["select", "--profile"])
        .arg(&c.profile)
        .run()
        .input_error()
        .stderr_has("restated_share は 0 から 1 の数");
}

/// The fixture, a workbook of edition 0.1.0 (before `[form_filling]`), answers 124 rows
/// with one sentence: verified against its own edition, as every workbook is, nothing of
/// the kind is flagged; the same answers in a workbook of the current edition are one
/// warning naming every row.
#[test]
fn a_workbook_is_flagged_by_the_rules_of_its_own_edition() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    // A 0.1.0 workbook, with the profile as it was written for 0.1.0.
    let (_, report) = verify_file(
        &dir.join("editions/0.1.0/typical.toml"),
        &dir.join("filled-typical.xlsx"),
    );
    assert_eq!(report["catalog"]["version"], "0.1.0");
    assert!(only_warnings_of(&report, "repeated_explanation").is_empty());

    let mut c = case();
    let ids = c.filled.ids();
    for id in &ids {
        c.filled
            .set(id, "対応内容・実現方法", "標準機能で対応します。");
    }
    let (_, report) = c.verify();
    let f = only_warnings_of(&report, "repeated_explanation");
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0]["requirements"].as_array().map(Vec::len),
        Some(ids.len())
    );
}
