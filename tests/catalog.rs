//! The catalog's content as a user meets it: enough requirements in every area, a
//! sensible selection for the example profiles, and the selection itself (id, level,
//! reasons) kept as reviewed snapshots so a change in content shows up in review.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{example, kijun};
use serde_json::Value;

/// The minimum number of requirements per area (issue 3).
const AREA_MINIMUMS: [(&str, usize); 27] = [
    ("外部委託・委託先管理", 20),
    ("再委託", 3),
    ("契約終了時の返却・抹消", 3),
    ("クラウドサービス", 10),
    ("サプライチェーン・機器等の調達", 6),
    ("企画・要件定義・調達・構築", 8),
    ("運用・保守", 10),
    ("更改・廃棄", 4),
    ("運用継続・可用性", 6),
    ("主体認証", 6),
    ("アクセス制御・権限管理", 8),
    ("ログの取得・管理", 6),
    ("暗号・電子署名", 6),
    ("監視", 4),
    ("脆弱性対策", 6),
    ("不正プログラム対策", 4),
    ("サービス不能攻撃対策", 4),
    ("標的型攻撃対策", 4),
    ("ウェブ・アプリケーション", 8),
    ("電子メール", 4),
    ("DNS", 3),
    ("端末・サーバ装置", 8),
    ("通信回線", 6),
    ("個人情報・特定個人情報", 5),
    ("物理対策", 3),
    ("インシデント対応", 5),
    ("教育・体制", 3),
];

fn catalog_list() -> Vec<Value> {
    kijun()
        .args(["catalog", "list", "--format", "json"])
        .run()
        .success()
        .json()
        .as_array()
        .expect("array")
        .clone()
}

fn selection(profile: &str) -> Vec<Value> {
    selection_of(&example(profile))
}

fn selection_of(profile: &std::path::Path) -> Vec<Value> {
    kijun()
        .args(["select", "--format", "json", "--profile"])
        .arg(profile)
        .run()
        .success()
        .json()
        .as_array()
        .expect("array")
        .clone()
}

fn text<'a>(row: &'a Value, key: &str) -> &'a str {
    row[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {row}"))
}

#[test]
fn the_embedded_catalog_passes_lint() {
    kijun()
        .args(["catalog", "lint"])
        .run()
        .success()
        .stdout_has("問題はありません");
}

#[test]
fn every_area_has_at_least_its_minimum_of_requirements() {
    let rows = catalog_list();
    assert!(rows.len() >= 150, "only {} requirements", rows.len());
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rows {
        *counts.entry(text(r, "area")).or_default() += 1;
    }
    for (area, min) in AREA_MINIMUMS {
        let n = counts.get(area).copied().unwrap_or(0);
        assert!(n >= min, "{area}: {n} < {min}");
    }
    assert_eq!(
        counts.len(),
        AREA_MINIMUMS.len(),
        "areas in the catalog: {:?}",
        counts.keys().collect::<Vec<_>>()
    );
}

#[test]
fn contractor_requirements_carry_a_clause_and_system_requirements_do_not() {
    // Termination and damages are the last article's (違反時の措置), stated once.
    const STATED_BY_LAST_ARTICLE: [&str; 1] = ["OUT-15"];
    for r in catalog_list() {
        let clause = r["clause"].as_str();
        match text(&r, "subject") {
            "contractor" if STATED_BY_LAST_ARTICLE.contains(&text(&r, "id")) => {
                assert!(clause.is_none(), "{}", r["id"]);
            }
            // What a bidder shows with its proposal or to qualify binds no one yet:
            // it is asked in the 仕様書 and checked before award, not a contract duty.
            "contractor" if matches!(text(&r, "stage"), "提案時" | "入札参加資格") => {
                assert!(clause.is_none(), "{} is asked before award", r["id"]);
                assert!(
                    text(&r, "spec").starts_with("提案者は")
                        || text(&r, "spec").starts_with("入札参加者は"),
                    "{}",
                    r["id"]
                );
            }
            "contractor" => {
                let c = clause.unwrap_or_else(|| panic!("{} has no clause", r["id"]));
                assert!(c.contains("受注者") && c.ends_with('。'), "{}", r["id"]);
            }
            _ => assert!(clause.is_none(), "{} is a system requirement", r["id"]),
        }
    }
}

#[test]
fn minimal_selects_the_baseline_and_maximal_reaches_every_area() {
    let min = selection("minimal");
    let max = selection("maximal");
    assert!(min.len() >= 25, "minimal selects {}", min.len());
    assert!(max.len() >= 140, "maximal selects {}", max.len());
    assert!(
        min.iter().all(|r| text(r, "level") == "基本"),
        "a 強化 requirement applies to the minimal profile"
    );
    let reached: BTreeSet<&str> = max.iter().map(|r| text(r, "area")).collect();
    for (area, _) in AREA_MINIMUMS {
        assert!(reached.contains(area), "maximal does not reach {area}");
    }
}

#[test]
fn unconditional_contractor_obligations_apply_even_to_a_purchase_only_procurement() {
    let selected: BTreeSet<String> = selection("minimal")
        .iter()
        .map(|r| text(r, "id").to_string())
        .collect();
    for r in catalog_list() {
        if text(&r, "subject") == "contractor" && r["when"].is_null() {
            assert!(selected.contains(text(&r, "id")), "{}", r["id"]);
        }
    }
    for id in ["OUT-01", "OUT-04", "SUB-01", "END-01", "END-02", "END-03"] {
        assert!(selected.contains(id), "{id}");
    }
}

#[test]
fn obligations_that_can_never_be_not_applicable_are_marked() {
    let rows = catalog_list();
    for id in [
        "OUT-01", "OUT-04", "SUB-01", "SUB-03", "END-01", "END-02", "END-03", "INC-03", "PII-02",
    ] {
        let r = rows
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(r["na_allowed"], false, "{id}");
    }
}

/// One line per selected requirement: id, level and the reasons it applies.
fn selection_summary(profile: &str) -> String {
    summary(&selection(profile))
}

fn summary(rows: &[Value]) -> String {
    rows.iter()
        .map(|r| {
            let reasons: Vec<&str> = r["reasons"]
                .as_array()
                .expect("reasons")
                .iter()
                .map(|x| x.as_str().expect("reason"))
                .collect();
            format!(
                "{:<8} {} {}",
                text(r, "id"),
                text(r, "level"),
                reasons.join("／")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn selection_snapshot_minimal() {
    insta::assert_snapshot!("selection_minimal", selection_summary("minimal"));
}

#[test]
fn selection_snapshot_typical() {
    insta::assert_snapshot!("selection_typical", selection_summary("typical"));
}

#[test]
fn selection_snapshot_maximal() {
    insta::assert_snapshot!("selection_maximal", selection_summary("maximal"));
}

#[test]
fn the_catalog_readme_counts_match_the_catalog() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/README.md"))
        .expect("catalog/README.md");
    let rows = catalog_list();
    let mut table_rows = 0;
    for line in readme.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | 分類 | ID | 件数 | 基本 | 強化 | 受注者の義務 | 主な根拠 |
        if cells.len() != 9 || cells[3].parse::<usize>().is_err() {
            continue;
        }
        let in_area: Vec<&Value> = rows.iter().filter(|r| r["area"] == cells[1]).collect();
        let count = |f: &dyn Fn(&Value) -> bool| in_area.iter().filter(|r| f(r)).count();
        let expected = [
            in_area.len(),
            count(&|r| r["level"] == "基本"),
            count(&|r| r["level"] == "強化"),
            count(&|r| r["subject"] == "contractor"),
        ];
        let written: Vec<usize> = cells[3..7]
            .iter()
            .map(|c| c.parse().expect("count"))
            .collect();
        assert_eq!(written, expected, "README row for {}", cells[1]);
        assert!(
            in_area
                .iter()
                .all(|r| text(r, "id").starts_with(&format!("{}-", cells[2]))),
            "ID prefix of {}",
            cells[1]
        );
        table_rows += 1;
    }
    assert_eq!(
        table_rows,
        AREA_MINIMUMS.len(),
        "rows in the README's area table"
    );
    let basic = rows.iter().filter(|r| r["level"] == "基本").count();
    let contractor = rows.iter().filter(|r| r["subject"] == "contractor").count();
    let summary = format!(
        "要件は全部で {} 件（基本 {} 件・強化 {} 件、うち受注者の義務 {} 件）",
        rows.len(),
        basic,
        rows.len() - basic,
        contractor
    );
    assert!(readme.contains(&summary), "README lacks: {summary}");
    for (name, n) in ["minimal", "typical", "maximal"].map(|p| (p, selection(p).len())) {
        assert!(
            readme.contains(&format!("`examples/{name}.toml` {n} 件")),
            "README count for {name} should be {n}"
        );
    }
}

/// Selections for systems officials really buy, reviewed requirement by requirement:
/// a SaaS the staff run themselves, a closed 機密性3 system built and run by a
/// contractor in the 庁舎, マイナンバー on IaaS, a public website on PaaS, and a system
/// on ガバメントクラウド.
#[test]
fn selection_snapshots_of_realistic_profiles() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/profiles");
    for name in [
        "saas-staff-run",
        "closed-c3-dev-ops",
        "my-number-iaas",
        "public-web-paas",
        "government-cloud",
    ] {
        let rows = selection_of(&dir.join(format!("{name}.toml")));
        let ids = |prefix: &str| {
            rows.iter()
                .filter(|r| text(r, "id").starts_with(prefix))
                .count()
        };
        match name {
            // Nothing the provider runs is asked of the 発注者's side.
            "saas-staff-run" => {
                for layer in ["PHY-01", "HW-02", "NET-01", "BLD-06", "OPS-03"] {
                    assert!(
                        !rows.iter().any(|r| text(r, "id") == layer),
                        "{name}: {layer}"
                    );
                }
            }
            // No cloud, no ISMAP; the server room and equipment are in.
            "closed-c3-dev-ops" => {
                assert!(!rows.iter().any(|r| text(r, "id") == "CLD-01"));
                assert!(ids("PHY-") >= 3 && ids("HW-") >= 2, "{name}");
            }
            "my-number-iaas" => assert!(ids("PII-") >= 10, "{name}"),
            // Facility and hardware belong to the provider.
            "public-web-paas" => assert_eq!(ids("HW-") + ids("PHY-01"), 0, "{name}"),
            // ISMAP is for commercial clouds, not the one デジタル庁 procures.
            "government-cloud" => assert!(!rows.iter().any(|r| text(r, "id") == "CLD-01")),
            _ => unreachable!(),
        }
        insta::assert_snapshot!(format!("selection_{name}"), summary(&rows));
    }
}
