//! The reports as users read them, kept as snapshots: `verify` in text, md and json and
//! `compare` in md and json, through the real binary, on a response with one finding of
//! each common kind. A change to any wording, order or field shows up here for review
//! (`cargo insta review`); the temporary folder is written as `[DIR]`.

mod common;

use std::path::Path;

use common::case::{case, Case};
use common::{kijun, write};

/// A typical response altered the ways vendors alter it: a refusal, a conditional
/// answer, blanks, an answer no one can read, a changed requirement text, a row deleted.
fn altered() -> Case {
    let mut c = case();
    c.filled
        .set_vendor("甲社")
        .set("AUTH-01", "回答", "×")
        .set(
            "AUTH-01",
            "対応内容・実現方法",
            "現行製品では対応していません。",
        )
        .set("LOG-01", "回答", "対応（ただし一部の機器を除く）")
        .set(
            "LOG-01",
            "対応内容・実現方法",
            "主要機器のログを収集します。",
        )
        .set("LOG-02", "回答", "")
        .set("LOG-02", "対応内容・実現方法", "")
        .set("WEB-04", "回答", "検討中")
        .set("WEB-04", "対応内容・実現方法", "")
        .set("INC-01", "対応内容・実現方法", "");
    let altered = c.filled.get("AUTH-02", "要件") + "（管理者を除く。）";
    c.filled.set("AUTH-02", "要件", &altered);
    c.filled.delete_row("DOS-05");
    c
}

fn masked(text: &str, dir: &Path) -> String {
    text.replace(&dir.display().to_string(), "[DIR]")
}

fn verify(c: &Case, file: &Path, format: &str) -> String {
    let run = c.run_verify(&["--format", format], file);
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
    assert_eq!(run.code(), 1, "{}", run.stderr());
    masked(&run.stdout(), c.dir.path())
}

#[test]
fn verify_reports_in_each_format() {
    let c = altered();
    let file = c.path("甲社回答.xlsx");
    c.filled.write_xlsx(&file);
    insta::assert_snapshot!("verify_text", verify(&c, &file, "text"));
    insta::assert_snapshot!("verify_md", verify(&c, &file, "md"));
    insta::assert_snapshot!("verify_json", verify(&c, &file, "json"));
}

#[test]
fn verify_report_of_a_clean_response() {
    let c = case();
    let file = c.path("回答.xlsx");
    c.filled.write_xlsx(&file);
    let run = c.run_verify(&["--format", "text"], &file).success();
    insta::assert_snapshot!("verify_clean_text", masked(&run.stdout(), c.dir.path()));
}

#[test]
fn compare_reports_in_each_format() {
    let a = altered();
    let first = a.path("甲社回答.xlsx");
    a.filled.write_xlsx(&first);
    let mut b = case();
    b.filled.set_vendor("乙社").set("LOG-01", "回答", "△").set(
        "LOG-01",
        "対応内容・実現方法",
        "主要機器のみ収集します。",
    );
    let second = a.path("乙社回答.xlsx");
    b.filled.write_xlsx(&second);
    let broken = write(&a.path("丙社回答.xlsx"), "PK\u{3}\u{4}broken");
    for format in ["md", "json"] {
        let run = kijun()
            .args(["compare", "--format", format, "--profile"])
            .arg(&a.profile)
            .arg(&first)
            .arg(&second)
            .arg(&broken)
            .run();
        assert_eq!(run.code(), 2, "an unreadable file: {}", run.stderr());
        insta::assert_snapshot!(
            format!("compare_{format}"),
            masked(&run.stdout(), a.dir.path())
        );
    }
}
