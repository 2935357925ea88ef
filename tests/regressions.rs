//! Inputs the fuzzers found that once crashed kijun (see fuzz/ and docs/PERFORMANCE.md).
//! Each must now give a clear error or a result, through the real binary, never a panic.

mod common;

use std::path::Path;

use common::{example, kijun};

fn inputs(target: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/regressions")
        .join(target);
    // A missing or empty folder must fail: a loop over nothing would pass silently.
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no inputs", dir.display());
    files
}

#[test]
fn workbook_inputs_that_crashed_the_reader_are_refused_cleanly() {
    let files = inputs("workbook_ingest");
    assert!(!files.is_empty());
    for f in files {
        let run = kijun()
            .args(["verify", "--profile"])
            .arg(example("typical"))
            .arg(&f)
            .run();
        assert!(
            !run.stderr().contains("panicked"),
            "{}: {}",
            f.display(),
            run.stderr()
        );
        assert!(
            run.code() == 2 || run.code() == 1 || run.code() == 0,
            "{}: exit {}",
            f.display(),
            run.code()
        );
        if run.code() == 2 {
            assert!(
                run.stderr()
                    .contains(&f.file_name().expect("name").to_string_lossy().to_string()),
                "error names the file"
            );
        }
    }
}

#[test]
fn profile_inputs_that_crashed_the_parser_are_refused_cleanly() {
    for f in inputs("profile_parse") {
        let run = kijun().args(["select", "--profile"]).arg(&f).run();
        assert!(
            !run.stderr().contains("panicked"),
            "{}: {}",
            f.display(),
            run.stderr()
        );
        assert!(
            run.code() == 0 || run.code() == 2,
            "{}: exit {}",
            f.display(),
            run.code()
        );
    }
}

#[test]
fn answer_texts_that_broke_idempotence_normalise_stably() {
    use kijun::normalize::{answer_key, one_line, requirement_id, text_key};
    for f in inputs("answer_normalize") {
        let bytes = std::fs::read(&f).expect("read");
        let s = String::from_utf8_lossy(&bytes);
        assert_eq!(text_key(&text_key(&s)), text_key(&s), "{}", f.display());
        assert_eq!(
            answer_key(&answer_key(&s)),
            answer_key(&s),
            "{}",
            f.display()
        );
        assert_eq!(one_line(&one_line(&s)), one_line(&s), "{}", f.display());
        assert_eq!(
            requirement_id(&requirement_id(&s)),
            requirement_id(&s),
            "{}",
            f.display()
        );
    }
}

#[test]
fn conditions_that_overflowed_the_parser_are_reported_by_lint() {
    for f in inputs("condition_parse") {
        let when = std::fs::read_to_string(&f).expect("read");
        let dir = tempfile::tempdir().expect("tempdir");
        let cat = common::catalog_copy(dir.path());
        let area = format!(
            "[area]\nid = \"ZZ\"\nname = \"試験\"\n\n[[requirement]]\nid = \"ZZ-01\"\ntitle = \"試験用の要件\"\nlevel = \"基本\"\nsubject = \"system\"\nbasis = [\"統一基準 6.1.1 主体認証機能\"]\nwhen = '''{}'''\nspec = \"試験のため、利用者の操作を記録して管理者が定期的に点検できるようにすること。\"\n",
            when.trim()
        );
        std::fs::write(cat.join("99-zz.toml"), area).expect("write");
        let run = kijun()
            .arg("--catalog")
            .arg(&cat)
            .args(["catalog", "lint"])
            .run();
        assert!(
            !run.stderr().contains("panicked") && !run.stderr().contains("overflow"),
            "{}: {}",
            f.display(),
            run.stderr()
        );
        assert_eq!(run.code(), 1, "{}: {}", f.display(), run.stdout());
        assert!(run.stdout().contains("ZZ-01"), "{}", run.stdout());
    }
}

#[test]
fn cells_far_apart_are_not_laid_out_together() {
    // Two cells at opposite corners would need a dense grid of 17 billion cells: the far
    // one is kept apart and named, the header alone is read.
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("far.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "要件ID").expect("cell");
    ws.write_string(0, 1, "回答").expect("cell");
    ws.write_string(1_048_575, 16_383, "x").expect("cell");
    wb.save(&p).expect("save");
    kijun()
        .args(["verify", "--profile"])
        .arg(example("typical"))
        .arg(&p)
        .run()
        .findings()
        .stdout_has("[不明な行] Sheet1!XFD1048576")
        .stdout_has("[要件の欠落]");
}

/// Each saved workbook is refused for its own reason, naming the sheet and the cell
/// where there is one: the limits of xls hold (the reader lays every sheet out when it
/// opens the file, so its records are checked first). The xlsb with cells far apart is
/// read now (tests/hostile_files.rs).
#[test]
fn each_saved_workbook_is_refused_for_its_own_reason() {
    let expected = [
        (
            "cfb-sector-out-of-range.xls",
            "複合ファイルとして読めません",
        ),
        (
            "xls-cells-far-apart.xls",
            "シート「kijun_meta」の使用範囲が大きすぎます",
        ),
        (
            "xls-dimensions-reversed.xls",
            "シート「回答」の範囲（DIMENSIONS）が不正です",
        ),
    ];
    let files = inputs("workbook_ingest");
    for (name, message) in expected {
        let f = files
            .iter()
            .find(|f| f.file_name().is_some_and(|n| n == name))
            .unwrap_or_else(|| panic!("{name} is missing from tests/regressions"));
        kijun()
            .args(["verify", "--profile"])
            .arg(example("typical"))
            .arg(f)
            .run()
            .input_error()
            .stderr_has(name)
            .stderr_has(message);
    }
}
