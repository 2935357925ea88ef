//! A number the 発注者 sets in the profile's [parameters] reads the same in every
//! output: the 仕様書, the 特記事項, the response workbook, explain and the 対照表.

mod common;

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use common::docx::stdout_of;
use common::{example, kijun, write};

/// The typical example with the first-report deadline set to 2 hours.
fn profile_with(dir: &Path, parameters: &str) -> std::path::PathBuf {
    let typical = std::fs::read_to_string(example("typical")).expect("typical");
    write(
        &dir.join("profile.toml"),
        &format!("{typical}\n[parameters]\n{parameters}\n"),
    )
}

/// Every cell text of every sheet of a workbook.
fn workbook_texts(path: &Path) -> Vec<String> {
    let mut book = open_workbook_auto(path).expect("workbook");
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        for row in range.rows() {
            for cell in row {
                if let Data::String(s) = cell {
                    out.push(s.clone());
                }
            }
        }
    }
    out
}

#[test]
fn a_deadline_set_in_the_profile_reads_the_same_in_every_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = profile_with(dir.path(), "incident_first_report_hours = 2");
    let set = "認知から2時間以内に";
    let default = "認知から1時間以内に";

    let spec = stdout_of(&["spec"], &p);
    assert!(spec.contains(set), "{spec}");
    assert!(!spec.contains(default));
    // The 対照表 says the value is the 発注者's, not the standard's.
    assert!(spec.contains("〔発注者判断〕インシデントの第一報の期限: 2時間"));
    // …and each basis by its kind: the standard and laws 準拠, guidelines 参考.
    assert!(spec.contains("〔準拠〕統一基準 4.1.1 業務委託"));
    assert!(spec.contains("〔参考〕SBD"));
    assert!(spec.contains("〔準拠〕個人情報保護法"));

    let clauses = stdout_of(&["clauses"], &p);
    assert!(clauses.contains(set));
    assert!(!clauses.contains(default));

    let book = dir.path().join("回答様式.xlsx");
    kijun()
        .args(["sheet", "-o"])
        .arg(&book)
        .arg("--profile")
        .arg(&p)
        .run()
        .success();
    let cells = workbook_texts(&book);
    assert!(
        cells.iter().any(|c| c.contains(set)),
        "the workbook asks with 2時間"
    );
    assert!(!cells.iter().any(|c| c.contains(default)));

    let explain = kijun()
        .args(["explain", "OUT-04", "--profile"])
        .arg(&p)
        .run()
        .success()
        .stdout();
    assert!(explain.contains(set));
    assert!(explain.contains(
        "パラメータ: インシデントの第一報の期限（incident_first_report_hours）= 2時間（プロファイルの指定）"
    ));

    // Without [parameters], every output shows the default and says so.
    let spec = stdout_of(&["spec"], &example("typical"));
    assert!(spec.contains(default) && !spec.contains(set));
    kijun()
        .args(["explain", "OUT-04", "--profile"])
        .arg(example("typical"))
        .run()
        .success()
        .stdout_has("= 1時間（既定値）");
}

#[test]
fn a_parameter_out_of_range_or_unknown_is_refused_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = profile_with(dir.path(), "incident_first_report_hours = 100");
    kijun()
        .args(["spec", "--profile"])
        .arg(&p)
        .run()
        .input_error()
        .stderr_has("incident_first_report_hours")
        .stderr_has("1時間〜24時間");
    let p = profile_with(dir.path(), "incident_first_report_hour = 2");
    kijun()
        .args(["spec", "--profile"])
        .arg(&p)
        .run()
        .input_error()
        .stderr_has("「incident_first_report_hours」の誤りではありませんか");
}
