//! 省庁基準 overlays (issue 14): an overlay folder stacked on the embedded catalog, each
//! operation (add, replace, raise, cite, withdraw) and its lint rules, the layers
//! recorded in the response workbook and checked by verify, and `catalog diff`.

mod common;

use std::path::{Path, PathBuf};

use common::vendor::Filled;
use common::{catalog_copy, example, kijun, write};
use serde_json::Value;

fn example_overlay() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/overlay")
}

const HEAD: &str = r#"name = "試験省情報セキュリティ対策基準"
version = "1.0"
edition = "令和7年改定"

[extends]
catalog = "kijun 標準カタログ"
version = "0.2.0"
"#;

/// An overlay folder with `overlay.toml` (HEAD unless given) and one changes file.
fn overlay(dir: &Path, name: &str, changes: &str) -> PathBuf {
    overlay_with(dir, name, HEAD, changes)
}

fn overlay_with(dir: &Path, name: &str, head: &str, changes: &str) -> PathBuf {
    let o = dir.join(name);
    std::fs::create_dir_all(&o).expect("mkdir");
    write(&o.join("overlay.toml"), head);
    write(&o.join("10-changes.toml"), changes);
    o
}

fn select_json(catalog: &Path, profile: &str) -> Vec<Value> {
    kijun()
        .arg("--catalog")
        .arg(catalog)
        .args(["select", "--format", "json", "--profile"])
        .arg(example(profile))
        .run()
        .success()
        .json()
        .as_array()
        .expect("array")
        .clone()
}

fn row<'a>(rows: &'a [Value], id: &str) -> Option<&'a Value> {
    rows.iter().find(|r| r["id"] == id)
}

fn lint(catalog: &Path) -> common::Run {
    kijun()
        .arg("--catalog")
        .arg(catalog)
        .args(["catalog", "lint"])
        .run()
}

/// id, level, origin, reasons and changes of each selected requirement, one a line.
fn summary(catalog: &Path, profile: &str) -> String {
    select_json(catalog, profile)
        .iter()
        .map(|r| {
            let list = |key: &str| -> Vec<String> {
                r[key]
                    .as_array()
                    .expect("array")
                    .iter()
                    .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                    .collect()
            };
            let changes: Vec<String> = r["changes"]
                .as_array()
                .expect("changes")
                .iter()
                .map(|c| format!("{}{}", c["kind"].as_str().unwrap_or(""), c["fields"]))
                .collect();
            // Values an overlay set or defined (a base default has no origin).
            let values: Vec<String> = r["parameters"]
                .as_array()
                .expect("parameters")
                .iter()
                .filter_map(|p| {
                    let origin = p["origin"].as_str()?;
                    Some(format!(
                        "{}={}（{origin}）",
                        p["key"].as_str().unwrap_or(""),
                        p["shown"].as_str().unwrap_or("")
                    ))
                })
                .collect();
            format!(
                "{:<8} {} [{}] {}{}{}",
                r["id"].as_str().unwrap_or(""),
                r["level"].as_str().unwrap_or(""),
                r["origin"].as_str().unwrap_or(""),
                list("reasons").join("／"),
                if changes.is_empty() {
                    String::new()
                } else {
                    format!(" ← {}", changes.join("・"))
                },
                if values.is_empty() {
                    String::new()
                } else {
                    format!(" 値: {}", values.join("・"))
                }
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn example_overlay_selection_snapshot_typical() {
    insta::assert_snapshot!(
        "overlay_selection_typical",
        summary(&example_overlay(), "typical")
    );
}

#[test]
fn example_overlay_selection_snapshot_maximal() {
    insta::assert_snapshot!(
        "overlay_selection_maximal",
        summary(&example_overlay(), "maximal")
    );
}

#[test]
fn example_overlay_is_clean_and_changes_what_it_says() {
    lint(&example_overlay())
        .success()
        .stdout_has("問題はありません")
        .stdout_has("＋〇〇省情報セキュリティ対策基準 2024.1");
    let rows = select_json(&example_overlay(), "maximal");
    let base = kijun()
        .args(["select", "--format", "json", "--profile"])
        .arg(example("maximal"))
        .run()
        .success()
        .json();
    let base = base.as_array().expect("array");
    // maximal selects everything: base − PHY-04 + INC-07, MNW-01, MNW-02.
    assert_eq!(rows.len(), base.len() + 2);
    assert!(row(&rows, "PHY-04").is_none());
    let added = row(&rows, "MNW-01").expect("added");
    assert_eq!(added["origin"], "〇〇省情報セキュリティ対策基準");
    assert_eq!(added["area"], "〇〇省共通基盤への接続");
    assert_eq!(
        added["deliverables"],
        serde_json::json!(["moe_device_list"])
    );
    assert!(
        added["spec"]
            .as_str()
            .unwrap_or("")
            .contains("接続の10営業日前までに提出し"),
        "{added}"
    );
    // LOG-02: the ministry's retention periods by [[set_parameter]], and its article cited.
    let log = row(&rows, "LOG-02").expect("LOG-02");
    assert_eq!(log["origin"], "統一基準");
    let spec = log["spec"].as_str().unwrap_or("");
    assert!(
        spec.contains("取得したログを36か月以上保存") && spec.contains("直近12か月分"),
        "{spec}"
    );
    let retention = log["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .find(|p| p["key"] == "log_retention_months")
        .expect("log_retention_months");
    assert_eq!(retention["value"], 36);
    assert_eq!(
        retention["origin"],
        "〇〇省情報セキュリティ対策基準が定めた既定値。基のカタログの既定値は 12か月"
    );
    assert_eq!(log["changes"][0]["kind"], "根拠の追加");
    assert!(log["basis"].as_array().expect("basis").iter().any(|b| b
        == &serde_json::json!({
            "source": "〇〇省情報セキュリティ対策基準",
            "kind": "省庁基準",
            "reference": "第31条",
            "title": ""
        })));
    // AUTH-09: replaced (text, condition, basis) with the reason the ministry gives.
    let mfa = row(&rows, "AUTH-09").expect("replaced");
    assert_eq!(mfa["changes"][0]["kind"], "改変");
    assert!(mfa["changes"][0]["reason"]
        .as_str()
        .unwrap_or("")
        .contains("職員等の全利用者に多要素認証を求めている"));
    assert!(mfa["spec"]
        .as_str()
        .unwrap_or("")
        .starts_with("要機密情報（機密性2以上の情報）を取り扱う場合"));
    // INC-07: the overlay's own parameter, rendered with its unit.
    let inc = row(&rows, "INC-07").expect("added");
    assert!(
        inc["spec"]
            .as_str()
            .unwrap_or("")
            .contains("第一報を行った後24時間以内に"),
        "{inc}"
    );
    assert_eq!(inc["parameters"][0]["key"], "moe_status_report_hours");
    // An added requirement of an existing area sits at the end of that area.
    let ids: Vec<&str> = rows.iter().filter_map(|r| r["id"].as_str()).collect();
    let inc7 = ids.iter().position(|i| *i == "INC-07").expect("INC-07");
    assert_eq!(ids[inc7 - 1], "INC-06");
    assert!(ids[inc7 + 1].starts_with("EDU-"));
    // The new area comes after the base areas, within each part of the spec: the
    // system's functions, the contractor's duties, what a bidder shows at the
    // proposal (入札参加資格・提案時), and subcontracting.
    let part = |i: usize| {
        let stage = rows[i]["stage"].as_str().unwrap_or("");
        if stage == "入札参加資格" || stage == "提案時" {
            "qualification"
        } else if rows[i]["area"] == "再委託" {
            "subcontract"
        } else if rows[i]["subject"] == "system" {
            "functions"
        } else {
            "duties"
        }
    };
    for m in ["MNW-01", "MNW-02"] {
        let at = ids.iter().position(|i| *i == m).expect("MNW requirement");
        for (later, id) in ids.iter().enumerate().skip(at + 1) {
            assert!(
                id.starts_with("MNW-") || part(later) != part(at),
                "{id} after {m}"
            );
        }
    }
}

#[test]
fn the_embedded_catalog_has_origin_and_no_changes_in_json() {
    let rows = kijun()
        .args(["catalog", "list", "--format", "json"])
        .run()
        .success()
        .json();
    for r in rows.as_array().expect("array") {
        assert_eq!(r["origin"], "統一基準", "{r}");
        assert_eq!(r["changes"], Value::Array(vec![]), "{r}");
    }
}

/// `kijun --catalog examples/overlay explain --profile typical ID`, which must succeed.
fn explain_typical(id: &str) -> common::Run {
    kijun()
        .arg("--catalog")
        .arg(example_overlay())
        .args(["explain", "--profile"])
        .arg(example("typical"))
        .arg(id)
        .run()
        .success()
}

#[test]
fn select_table_and_explain_show_origin_change_and_reason() {
    kijun()
        .arg("--catalog")
        .arg(example_overlay())
        .args(["select", "--profile"])
        .arg(example("typical"))
        .run()
        .success()
        .stdout_has("カタログからの取下げ 1 件: PHY-04")
        .stdout_has("出典: 〇〇省情報セキュリティ対策基準")
        .stdout_has("〇〇省情報セキュリティ対策基準による改変（仕様書の文・適用条件・根拠）。理由: 〇〇省では、要機密情報（機密性2以上）を取り扱う");
    explain_typical("AUTH-09")
        .stdout_has("出典: 統一基準")
        .stdout_has("改変: 〇〇省情報セキュリティ対策基準（仕様書の文・適用条件・根拠、")
        .stdout_has("仕様書の文の変更箇所: …〔追加: 要機密情報(機密性2以上の情報)を取り扱う場合又は〕")
        .stdout_has("適用条件: confidentiality >= 3 || internet_facing → confidentiality >= 2 || internet_facing");
    // A value the overlay set: explain shows it, says who set it and the base default.
    explain_typical("LOG-02")
        .stdout_has("仕様書の文: 取得したログを36か月以上保存できる容量を確保し")
        .stdout_has("パラメータ: ログの保存期間（log_retention_months）= 36か月（〇〇省情報セキュリティ対策基準が定めた既定値。基のカタログの既定値は 12か月）")
        .stdout_has("根拠の追加: 〇〇省情報セキュリティ対策基準（根拠、");
    explain_typical("phy-04")
        .stdout_has("適用されません")
        .stdout_has("取下げの理由: 当省の庁舎に入る外部の従事者");
    kijun()
        .arg("--catalog")
        .arg(example_overlay())
        .args(["catalog", "show", "PHY-04"])
        .run()
        .input_error()
        .stderr_has("要件ID「PHY-04」はカタログにありません（〇〇省情報セキュリティ対策基準が取り下げています。理由: 当省の庁舎");
    // Without an overlay, select and explain look as they always did.
    let plain = kijun()
        .args(["select", "--profile"])
        .arg(example("typical"))
        .run()
        .success()
        .stdout();
    assert!(!plain.contains("出典"), "{plain}");
}

#[test]
fn raise_lifts_the_level_and_widens_the_condition() {
    let t = tempfile::tempdir().expect("tmp");
    let o = overlay(
        t.path(),
        "raise",
        r#"
[[raise]]
id = "LOG-03"
reason = "試験省では、ログの改ざん防止を強化された対策として位置付け、すべてのシステムに求めるため。"
level = "強化"
when = "integrity >= 1"
"#,
    );
    lint(&o).success().stdout_has("問題はありません");
    let rows = select_json(&o, "minimal");
    let r = row(&rows, "LOG-03").expect("now applies to minimal");
    assert_eq!(r["level"], "強化");
    assert_eq!(r["changes"][0]["kind"], "引上げ");
    assert_eq!(
        r["changes"][0]["fields"],
        serde_json::json!(["level", "when"])
    );
}

#[test]
fn cite_adds_the_overlays_own_basis_which_lint_accepts() {
    let t = tempfile::tempdir().expect("tmp");
    let o = overlay(
        t.path(),
        "cite",
        r#"
[[cite]]
id = "AUTH-01"
basis = ["試験省情報セキュリティ対策基準 第5条"]
"#,
    );
    lint(&o).success();
    let rows = select_json(&o, "minimal");
    let basis = &row(&rows, "AUTH-01").expect("AUTH-01")["basis"];
    assert_eq!(
        basis.as_array().and_then(|b| b.last()),
        Some(&serde_json::json!({
            "source": "試験省情報セキュリティ対策基準",
            "kind": "省庁基準",
            "reference": "第5条",
            "title": ""
        }))
    );
    // A basis of another standard is still refused.
    let bad = overlay(
        t.path(),
        "cite-bad",
        "[[cite]]\nid = \"AUTH-01\"\nbasis = [\"別省基準 第5条\"]\n",
    );
    lint(&bad)
        .findings()
        .stdout_has("AUTH-01: basis「別省基準 第5条」の出典「別省基準」は登録されていません");
}

#[test]
fn lint_unknown_id_names_the_file_the_id_and_a_near_one() {
    let t = tempfile::tempdir().expect("tmp");
    let o = overlay(
        t.path(),
        "unknown",
        "[[replace]]\nid = \"LOG-2\"\nreason = \"試験のために存在しない要件を改変する。\"\nspec = \"取得したログを少なくとも3年間保存すること。\"\n",
    );
    lint(&o)
        .findings()
        .stdout_has("unknown/10-changes.toml: LOG-2: [[replace]] の要件IDは基のカタログにありません。「LOG-02」の誤りではありませんか。");
    kijun()
        .arg("--catalog")
        .arg(&o)
        .args(["select", "--profile"])
        .arg(example("typical"))
        .run()
        .input_error()
        .stderr_has("LOG-2:");
}

#[test]
fn lint_withdrawal_and_replacement_need_a_reason() {
    let t = tempfile::tempdir().expect("tmp");
    let o = overlay(
        t.path(),
        "noreason",
        "[[withdraw]]\nid = \"PHY-04\"\n\n[[replace]]\nid = \"LOG-02\"\nreason = \"  \"\nspec = \"取得したログを{{param.log_retention_months}}以上保存し、直ちに検索できる状態に置くこと。\"\n",
    );
    lint(&o)
        .findings()
        .stdout_has("noreason/10-changes.toml: PHY-04: [[withdraw]] には reason（取下げの理由）を書いてください")
        .stdout_has("noreason/10-changes.toml: LOG-02: [[replace]] には reason（改変の理由）を書いてください");
    // A reason too short to say anything is a warning.
    let o = overlay(
        t.path(),
        "short",
        "[[withdraw]]\nid = \"PHY-04\"\nreason = \"不要\"\n",
    );
    lint(&o)
        .success()
        .stdout_has("PHY-04: 警告: 取下げの理由「不要」が短すぎます（2 字）");
}

#[test]
fn lint_warns_of_a_replacement_that_weakens() {
    let t = tempfile::tempdir().expect("tmp");
    let o = overlay(
        t.path(),
        "weak",
        r#"
[[replace]]
id = "EDU-03"
reason = "試験のために、証跡の指定を外す改変を書いている。"
evidence = ""

[[replace]]
id = "AUTH-09"
reason = "試験のために、区分を下げ、条件を狭める改変を書いている。"
level = "基本"
when = "confidentiality >= 3"
"#,
    );
    let run = lint(&o).success();
    let out = run.stdout();
    assert!(
        out.contains("EDU-03: 警告: [[replace]] が要件を弱めています: 証跡（研修の計画"),
        "{out}"
    );
    assert!(
        out.contains("AUTH-09: 警告: [[replace]] が要件を弱めています: 区分が「強化」から「基本」に下がっています"),
        "{out}"
    );
    assert!(
        out.contains("適用条件が「confidentiality >= 3 || internet_facing」から「confidentiality >= 3」に狭まっています（例: confidentiality = 1、internet_facing = true のとき"),
        "{out}"
    );
    // Lint reports the weakening; the spec still says what the overlay wants.
    assert!(out.contains("警告が"), "{out}");
}

#[test]
fn lint_refuses_a_raise_that_narrows() {
    let t = tempfile::tempdir().expect("tmp");
    let o = overlay(
        t.path(),
        "raise-narrow",
        "[[raise]]\nid = \"MON-01\"\nreason = \"試験のために、条件を狭める引上げを書いている。\"\nwhen = \"internet_facing && \\\"network\\\" in managed && confidentiality >= 2\"\n",
    );
    lint(&o)
        .findings()
        .stdout_has(
            "MON-01: [[raise]] なのに要件が弱まっています: 適用条件が「(internet_facing && \"network\" in managed) && (",
        )
        .stdout_has("」から「internet_facing && \"network\" in managed && confidentiality >= 2」に狭まっています（例: confidentiality = 1、");
}

#[test]
fn lint_reports_a_base_version_mismatch() {
    let t = tempfile::tempdir().expect("tmp");
    let head = HEAD.replace("version = \"0.2.0\"", "version = \"0.0.9\"");
    let o = overlay_with(t.path(), "old", &head, "");
    lint(&o)
        .findings()
        .stdout_has("old/overlay.toml: このオーバーレイは「kijun 標準カタログ」版 0.0.9 を前提としていますが、基のカタログは版 0.2.0 です");
    let head = HEAD.replace("version = \"0.2.0\"\n", "");
    let o = overlay_with(t.path(), "noversion", &head, "");
    lint(&o).success().stdout_has("警告: [extends] に version");
}

#[test]
fn monotonicity_holds_for_the_merged_catalog() {
    let t = tempfile::tempdir().expect("tmp");
    let o = overlay(
        t.path(),
        "nonmono",
        "[[replace]]\nid = \"MON-01\"\nreason = \"試験のために、単調でない条件に改変している。\"\nwhen = \"!internet_facing\"\n",
    );
    lint(&o).findings().stdout_has(
        "nonmono/10-changes.toml: MON-01: 条件「!internet_facing」は単調ではありません",
    );
}

#[test]
fn additions_need_a_new_id_and_an_area() {
    let t = tempfile::tempdir().expect("tmp");
    let existing = r#"
[[requirement]]
id = "LOG-02"
title = "試験の要件"
level = "基本"
subject = "system"
basis = ["統一基準 6.1.4 ログの取得・管理"]
spec = "試験のために、既存のIDで要件を追加しようとしていること。"

[[requirement]]
id = "ZZZ-01"
title = "試験の要件その二"
level = "基本"
subject = "system"
basis = ["統一基準 6.1.4 ログの取得・管理"]
spec = "試験のために、存在しない分類の接頭辞で要件を追加していること。"
"#;
    let o = overlay(t.path(), "add", existing);
    lint(&o)
        .findings()
        .stdout_has("add/10-changes.toml: LOG-02: 要件IDが既にあります")
        .stdout_has("add/10-changes.toml: ZZZ-01: 接頭辞「ZZZ」の分類がありません");
    let o = overlay(t.path(), "area", "[area]\nid = \"LOG\"\nname = \"ログ\"\n");
    lint(&o)
        .findings()
        .stdout_has("分類の ID「LOG」は既に「ログの取得・管理」");
}

#[test]
fn an_overlay_may_not_carry_schema_or_answer_files() {
    let t = tempfile::tempdir().expect("tmp");
    let o = overlay(t.path(), "schema", "");
    write(&o.join("profile.toml"), "");
    lint(&o)
        .findings()
        .stdout_has("schema/profile.toml: オーバーレイのフォルダには profile.toml を置けません");
}

#[test]
fn extends_names_the_embedded_catalog_or_a_path() {
    let t = tempfile::tempdir().expect("tmp");
    let head = HEAD.replace(
        "catalog = \"kijun 標準カタログ\"",
        "catalog = \"別のカタログ\"",
    );
    let o = overlay_with(t.path(), "wrong", &head, "");
    kijun()
        .arg("--catalog")
        .arg(&o)
        .args(["select", "--profile"])
        .arg(example("typical"))
        .run()
        .input_error()
        .stderr_has("[extends] catalog = \"別のカタログ\" は埋め込みカタログの名称「kijun 標準カタログ」と一致しません");
    let head = HEAD.replace("catalog = \"kijun 標準カタログ\"\n", "");
    let o = overlay_with(t.path(), "none", &head, "");
    lint(&o)
        .findings()
        .stdout_has("どちらか一つを書いてください");
}

#[test]
fn overlays_stack_ministry_then_bureau_and_a_loop_is_refused() {
    let t = tempfile::tempdir().expect("tmp");
    let bureau_head = r#"name = "試験省〇〇局の運用基準"
version = "1"

[extends]
path = "../ministry"
version = "2024.1"
"#;
    // The ministry is the example overlay, copied.
    let ministry = t.path().join("ministry");
    std::fs::create_dir_all(&ministry).expect("mkdir");
    for e in std::fs::read_dir(example_overlay()).expect("example") {
        let p = e.expect("entry").path();
        std::fs::copy(&p, ministry.join(p.file_name().expect("name"))).expect("copy");
    }
    let bureau = overlay_with(
        t.path(),
        "bureau",
        bureau_head,
        r#"
[[set_parameter]]
key = "log_retention_months"
default = 60
reason = "当局の監査対応のため、保存期間を省の基準よりさらに延ばして5年とする。"

[[cite]]
id = "LOG-02"
basis = ["試験省〇〇局の運用基準 第3条"]
"#,
    );
    lint(&bureau).success().stdout_has("問題はありません");
    let rows = select_json(&bureau, "typical");
    let log = row(&rows, "LOG-02").expect("LOG-02");
    // The bureau's retention over the ministry's; the ministry's online period stays.
    let spec = log["spec"].as_str().unwrap_or("");
    assert!(
        spec.contains("取得したログを60か月以上保存") && spec.contains("直近12か月分"),
        "{spec}"
    );
    assert_eq!(
        log["parameters"][0]["origin"],
        "試験省〇〇局の運用基準が定めた既定値。基のカタログの既定値は 36か月"
    );
    let by: Vec<&str> = log["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|c| c["overlay"].as_str())
        .collect();
    assert_eq!(
        by,
        ["〇〇省情報セキュリティ対策基準", "試験省〇〇局の運用基準"]
    );
    assert!(
        row(&rows, "INC-07").is_some(),
        "the ministry's additions stay"
    );
    // The bureau's base is the ministry's merged catalog; a loop of paths is refused.
    let a = overlay_with(
        t.path(),
        "a",
        &bureau_head.replace("../ministry", "../b"),
        "",
    );
    overlay_with(
        t.path(),
        "b",
        &bureau_head.replace("../ministry", "../a"),
        "",
    );
    lint(&a).findings().stdout_has("循環しています");
}

/// A workbook made under `catalog` (None = embedded) with every row answered.
fn answered_sheet(dir: &Path, catalog: Option<&Path>, name: &str) -> PathBuf {
    let p = dir.join(name);
    let mut k = kijun();
    if let Some(c) = catalog {
        k = k.arg("--catalog").arg(c);
    }
    k.args(["sheet", "--profile"])
        .arg(example("typical"))
        .arg("-o")
        .arg(&p)
        .run()
        .success();
    let mut f = Filled::read(&p);
    f.answer_everything();
    f.write_xlsx(&p);
    p
}

fn verify(catalog: Option<&Path>, file: &Path) -> (i32, Value) {
    let mut k = kijun();
    if let Some(c) = catalog {
        k = k.arg("--catalog").arg(c);
    }
    let run = k
        .args(["verify", "--format", "json", "--profile"])
        .arg(example("typical"))
        .arg(file)
        .run();
    (run.code(), run.json())
}

/// Where the profile_mismatch finding whose message has `needle` points: sheet, row,
/// column.
fn mismatch_cell(report: &Value, needle: &str) -> (Value, Value, Value) {
    let f = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| {
            f["kind"] == "profile_mismatch"
                && f["message"].as_str().is_some_and(|m| m.contains(needle))
        })
        .expect("a profile_mismatch");
    (f["sheet"].clone(), f["row"].clone(), f["column"].clone())
}

fn mismatches(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["kind"] == "profile_mismatch")
        .map(|f| {
            (
                f["severity"].as_str().unwrap_or("").to_string(),
                f["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn the_workbook_records_the_layers_and_verify_checks_them() {
    let t = tempfile::tempdir().expect("tmp");
    let ov = example_overlay();
    let under_overlay = answered_sheet(t.path(), Some(&ov), "ov.xlsx");
    let meta = Filled::read(&under_overlay);
    let meta = meta
        .sheets
        .iter()
        .find(|s| s.name == "kijun_meta")
        .expect("meta sheet");
    let value = |k: &str| {
        meta.rows
            .iter()
            .find(|r| r.first().is_some_and(|c| c == k))
            .and_then(|r| r.get(1).cloned())
    };
    assert_eq!(
        value("overlay_1_name").as_deref(),
        Some("〇〇省情報セキュリティ対策基準")
    );
    assert_eq!(value("overlay_1_version").as_deref(), Some("2024.1"));
    assert_eq!(value("overlay_1_digest").map(|d| d.len()), Some(64));
    assert_eq!(value("catalog_digest").map(|d| d.len()), Some(64));

    // Same overlay: no mismatch.
    let (code, report) = verify(Some(&ov), &under_overlay);
    assert_eq!(mismatches(&report), vec![], "{report}");
    assert_eq!(code, 0, "{report}");
    // Without the overlay: an error naming it.
    let (code, report) = verify(None, &under_overlay);
    let m = mismatches(&report);
    let named = "オーバーレイ「〇〇省情報セキュリティ対策基準」版 2024.1 を重ねたカタログで作成されています";
    let (overlay_errors, others): (Vec<_>, Vec<_>) =
        m.iter().partition(|(_, msg)| msg.contains(named));
    assert_eq!(overlay_errors.len(), 1, "{m:?}");
    assert_eq!(overlay_errors[0].0, "error");
    assert_eq!(code, 1);
    // The values the overlay set (its parameter defaults) differ too, and nothing else:
    // the profile file is the same.
    assert!(
        others.iter().all(|(_, msg)| msg
            .contains("異なる項目: ログを直ちに検索できる期間（様式: 12、検証: 3）、ログの保存期間（様式: 36、検証: 12）、param.moe_device_registration_days")
            && !msg.contains("機密性")
            && !msg.contains("システム名")),
        "{others:?}"
    );
    // The finding points at the overlay's line in the meta sheet.
    let row = meta
        .rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "overlay_1_name"))
        .expect("overlay_1_name row") as u64
        + 1;
    assert_eq!(
        mismatch_cell(&report, named),
        (
            Value::from("kijun_meta"),
            Value::from(row),
            Value::from("B")
        )
    );
    // A workbook made without the overlay, verified with it.
    let plain = answered_sheet(t.path(), None, "plain.xlsx");
    let (_, report) = verify(Some(&ov), &plain);
    let m = mismatches(&report);
    assert!(
        m.iter().any(|(s, msg)| s == "error"
            && msg.contains("オーバーレイ「〇〇省情報セキュリティ対策基準」版 2024.1 が重ねられていますが、この様式はオーバーレイを重ねないカタログで作成されています")),
        "{m:?}"
    );
    // Another version of the overlay; then the same version edited.
    let copy = t.path().join("ov2");
    std::fs::create_dir_all(&copy).expect("mkdir");
    for e in std::fs::read_dir(&ov).expect("example") {
        let p = e.expect("entry").path();
        std::fs::copy(&p, copy.join(p.file_name().expect("name"))).expect("copy");
    }
    let meta_file = copy.join("overlay.toml");
    let text = std::fs::read_to_string(&meta_file).expect("read");
    write(
        &meta_file,
        &text.replace("version = \"2024.1\"", "version = \"2025.1\""),
    );
    let (_, report) = verify(Some(&copy), &under_overlay);
    let m = mismatches(&report);
    assert!(
        m.iter().any(|(s, msg)| s == "error"
            && msg.contains("版 2024.1 で作成されていますが、検証には版 2025.1 を使っています")),
        "{m:?}"
    );
    write(&meta_file, &format!("{text}\n# 版を変えずに編集\n"));
    let (code, report) = verify(Some(&copy), &under_overlay);
    let m = mismatches(&report);
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].0, "warning");
    assert!(
        m[0].1.contains("内容が、様式を作成したときと異なります"),
        "{m:?}"
    );
    assert_eq!(code, 0);
}

#[test]
fn the_spec_annex_names_both_standards() {
    let out = kijun()
        .arg("--catalog")
        .arg(example_overlay())
        .args(["spec", "--profile"])
        .arg(example("typical"))
        .run()
        .success()
        .stdout();
    // The preface names the ministry's standard first, then the 統一基準 it implements.
    assert!(
        out.contains(
            "〇〇省情報セキュリティ対策基準（令和6年4月1日改定）及びその基となる政府機関等のサイバーセキュリティ対策のための統一基準（令和5年度版。以下「統一基準」という。）に基づき"
        ),
        "{out}"
    );
    assert!(
        out.contains("根拠欄の「〇〇省情報セキュリティ対策基準」で始まる項目は、〇〇省情報セキュリティ対策基準（令和6年4月1日改定）の該当箇所を示す。同基準により追加又は改変された要件を含む。"),
        "{out}"
    );
    // The article cited, and the value the ministry set, with its origin.
    assert!(out.contains("| LOG-02 | ログの保存期間 | 基本 | 〔準拠〕統一基準 6.1.4 ログの取得・管理、〔参考〕SBD AU-1 ログ管理、〔準拠〕〇〇省情報セキュリティ対策基準 第31条、〔発注者判断〕ログの保存期間: 36か月（〇〇省情報セキュリティ対策基準が定めた既定値。基のカタログの既定値は 12か月）"), "{out}");
}

fn diff(args: &[&str]) -> common::Run {
    kijun().args(["catalog", "diff"]).args(args).run()
}

#[test]
fn diff_of_a_catalog_with_itself_finds_nothing() {
    diff(&["embedded", "embedded"])
        .success()
        .stdout_has("追加 0 件・削除 0 件・変更 0 件")
        .stdout_has("要件に違いはありません。");
}

/// `catalog diff` follows the office habits of every command: the format from the
/// name given to -o, no silent overwrite, no binary to the terminal.
#[test]
fn diff_takes_its_format_from_the_file_name_and_never_overwrites_silently() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("差分.xlsx");
    diff(&["embedded", "embedded", "-o", out.to_str().expect("utf-8")])
        .success()
        .stderr_has("差分.xlsx に書き出しました");
    let bytes = std::fs::read(&out).expect("written");
    assert!(bytes.starts_with(b"PK"), "an xlsx, not text");
    diff(&["embedded", "embedded", "-o", out.to_str().expect("utf-8")])
        .input_error()
        .stderr_has("上書きしませんでした");
    assert_eq!(std::fs::read(&out).expect("kept"), bytes);
    diff(&[
        "embedded",
        "embedded",
        "--force",
        "-o",
        out.to_str().expect("utf-8"),
    ])
    .success();
    let md = dir.path().join("差分.md");
    diff(&["embedded", "embedded", "-o", md.to_str().expect("utf-8")]).success();
    assert!(std::fs::read_to_string(&md).expect("md").starts_with("# "));
    diff(&["embedded", "embedded", "--format", "xlsx"])
        .input_error()
        .stderr_has("標準出力に書き出せません");
}

#[test]
fn diff_of_an_overlay_lists_additions_withdrawals_changes_and_the_selection() {
    let ov = example_overlay();
    let typical = example("typical");
    let run = kijun()
        .args(["catalog", "diff", "embedded"])
        .arg(&ov)
        .arg("--profile")
        .arg(&typical)
        .run()
        .success();
    let out = run.stdout();
    for needle in [
        "追加 3 件・削除 1 件・変更 5 件",
        "INC-07  基本  第一報後の書面による状況報告（インシデント対応）\n    出典: 〇〇省情報セキュリティ対策基準／適用条件: なし（常に適用）",
        "PHY-04  基本  発注者の施設で作業する従事者の入館手続（物理対策）\n    〇〇省情報セキュリティ対策基準により取下げ。理由: 当省の庁舎",
        "AUTH-09  職員等の利用者の多要素認証\n    根拠: …1.1を具体化)〔追加: 、〇〇省情報セキュリティ対策基準第18条〕\n    適用条件: 〔変更: confidentiality >= 3 || internet_facing → confidentiality >= 2 || internet_facing〕\n    仕様書の文: …〔追加: 要機密情報(機密性2以上の情報)を取り扱う場合又は〕 …経由で利用される〔削除: 場合又は機密性3の情報を取り扱う〕\n    〇〇省情報セキュリティ対策基準による改変（仕様書の文・適用条件・根拠）。理由: 〇〇省では",
        "LOG-02  ログの保存期間\n    根拠: …AU-1ログ管理〔追加: 、〇〇省情報セキュリティ対策基準第31条〕\n    〇〇省情報セキュリティ対策基準による根拠の追加",
        "    適用条件: 〔変更: confidentiality >= 3 → confidentiality >= 2〕",
        "（96 件 → 99 件）",
        "  MON-05  ログの一元的な収集と相関分析　理由: 要機密情報（機密性2以上の情報）を取り扱うため",
        "引き続き適用され、内容が変わる要件（3 件）: AUTH-09、LOG-02、OUT-01",
    ] {
        assert!(out.contains(needle), "lacks {needle:?}:\n{out}");
    }
    let j = kijun()
        .args(["catalog", "diff", "embedded"])
        .arg(&ov)
        .arg("--profile")
        .arg(&typical)
        .args(["--format", "json"])
        .run()
        .success()
        .json();
    assert_eq!(
        j["summary"],
        serde_json::json!({"added": 3, "removed": 1, "changed": 5})
    );
    assert_eq!(
        j["new"]["layers"][1]["name"],
        "〇〇省情報セキュリティ対策基準"
    );
    assert_eq!(j["added"][0]["origin"], "〇〇省情報セキュリティ対策基準");
    assert!(j["removed"][0]["note"]
        .as_str()
        .unwrap_or("")
        .contains("取下げ"));
    let mfa = j["changed"]
        .as_array()
        .expect("changed")
        .iter()
        .find(|c| c["id"] == "AUTH-09")
        .expect("AUTH-09");
    assert!(mfa["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .any(|f| f["field"] == "spec"
            && f["diff"]
                .as_str()
                .unwrap_or("")
                .contains("〔追加: 要機密情報(機密性2以上の情報)を取り扱う場合又は〕")));
    assert_eq!(j["selection"]["old_count"], 96);
    assert_eq!(j["selection"]["new_count"], 99);
    let md = kijun()
        .args(["catalog", "diff", "embedded"])
        .arg(&ov)
        .args(["--format", "md"])
        .run()
        .success()
        .stdout();
    assert!(md.contains("## 削除された要件"), "{md}");
    assert!(
        md.contains("| AUTH-09 | 職員等の利用者の多要素認証 | 仕様書の文 | …〔追加: 要機密情報(機密性2以上の情報)を取り扱う場合又は〕"),
        "{md}"
    );
}

#[test]
fn diff_of_two_catalog_folders_with_a_removed_and_a_changed_requirement() {
    let t = tempfile::tempdir().expect("tmp");
    let new = catalog_copy(t.path());
    let path = new.join("12-logging.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    write(
        &path,
        &text.replace(
            "保存期間の経過前に消去されない",
            "保存期間の経過前に削除されない",
        ),
    );
    let path = new.join("25-physical.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    let cut = text
        .find("[[requirement]]\nid = \"PHY-04\"")
        .expect("PHY-04");
    write(&path, &text[..cut]);
    let run = kijun()
        .args(["catalog", "diff", "embedded"])
        .arg(&new)
        .arg("--profile")
        .arg(example("maximal"))
        .run()
        .success();
    run.stdout_has("追加 0 件・削除 1 件・変更 1 件")
        .stdout_has("PHY-04  基本  発注者の施設で作業する従事者の入館手続")
        .stdout_has("仕様書の文: …存期間の経過前に〔変更: 消去 → 削除〕")
        .stdout_has("適用されなくなる要件（1 件）:\n  PHY-04  発注者の施設で作業する従事者の入館手続　理由: 新しいカタログにこの要件がないため");
}

#[test]
fn diff_as_a_workbook_is_written_and_reads_back() {
    let t = tempfile::tempdir().expect("tmp");
    let out = t.path().join("差分.xlsx");
    kijun()
        .args(["catalog", "diff", "embedded"])
        .arg(example_overlay())
        .arg("--profile")
        .arg(example("typical"))
        .args(["--format", "xlsx", "-o"])
        .arg(&out)
        .run()
        .success();
    let f = Filled::read(&out);
    let names: Vec<&str> = f.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["差分", "選定の変化"]);
    let rows = &f.sheets[0].rows;
    assert_eq!(
        rows[4][..4],
        ["区分", "要件ID", "要件名", "項目"].map(String::from)
    );
    assert!(rows.iter().any(|r| r[0] == "削除" && r[1] == "PHY-04"));
    assert!(
        rows.iter().any(|r| r[0] == "変更"
            && r[1] == "AUTH-09"
            && r[3] == "仕様書の文"
            && r[6].contains("〔追加: 要機密情報(機密性2以上の情報)を取り扱う場合又は〕")
            && r[6].contains("理由: 〇〇省では、要機密情報")),
        "{rows:?}"
    );
    assert!(f.sheets[1]
        .rows
        .iter()
        .any(|r| r[0] == "新たに適用" && r[1] == "MON-05"));
    // Same inputs, same bytes.
    let again = t.path().join("again.xlsx");
    kijun()
        .args(["catalog", "diff", "embedded"])
        .arg(example_overlay())
        .arg("--profile")
        .arg(example("typical"))
        .args(["--format", "xlsx", "-o"])
        .arg(&again)
        .run()
        .success();
    assert_eq!(
        std::fs::read(&out).expect("read"),
        std::fs::read(&again).expect("read")
    );
    // xlsx needs -o; a missing folder is an input error.
    diff(&["embedded", "embedded", "--format", "xlsx"])
        .input_error()
        .stderr_has("-o で出力先の .xlsx ファイルを指定してください");
    diff(&["embedded", "no-such-folder"])
        .input_error()
        .stderr_has("no-such-folder");
}
