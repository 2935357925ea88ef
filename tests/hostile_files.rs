//! Files that once crashed, hung or wrongly refused verify: a named pipe, a shared-string
//! count that asked for ~96 GB, cells far apart in xlsb, a stray cell on a cover sheet
//! or the answer sheet,
//! zip entries with `\` separators, a PDF, merged answer cells in ods, and compare
//! labels for files that look alike.

mod common;

use std::path::Path;
use std::time::Duration;

use common::case::{case, kinds, only, verify_file};
use common::{edit_part, huge_count, kijun, rezip};

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_at_once_not_read_forever() {
    let c = case();
    let fifo = c.path("回答.xlsx");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available here; skipping");
        return;
    }
    let run = kijun()
        .args(["verify", "--profile"])
        .arg(&c.profile)
        .arg(&fifo)
        .timeout(Duration::from_secs(20))
        .run()
        .input_error();
    assert!(
        run.stderr().contains("通常のファイルではありません"),
        "{}",
        run.stderr()
    );
    // The same for a profile.
    kijun()
        .args(["select", "--profile"])
        .arg(&fifo)
        .timeout(Duration::from_secs(20))
        .run()
        .input_error()
        .stderr_has("通常のファイルではありません");
    // And a device.
    kijun()
        .args(["verify", "--profile"])
        .arg(&c.profile)
        .arg("/dev/zero")
        .timeout(Duration::from_secs(20))
        .run()
        .input_error()
        .stderr_has("通常のファイルではありません");
}

#[test]
fn a_huge_declared_shared_string_count_is_refused_before_parsing() {
    let c = case();
    let good = c.path("good.xlsx");
    c.filled.write_xlsx(&good);
    let bad = c.path("count.xlsx");
    edit_part(&good, &bad, "xl/sharedStrings.xml", huge_count);
    let run = c.run_verify(&[], &bad).input_error();
    assert!(
        run.stderr().contains("共有文字列の数が 4000000000 個"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("count.xlsx"));
}

#[test]
fn xlsb_cells_far_apart_are_read_and_the_far_one_named() {
    // Once refused: the sheet's two cells at A1 and XFD1048576 spanned 17 billion.
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/regressions/workbook_ingest/xlsb-cells-far-apart.xlsb");
    let run = kijun()
        .args(["verify", "--format", "json", "--profile"])
        .arg(common::example("typical"))
        .arg(&p)
        .run()
        .findings();
    let far: Vec<_> = common::case::found(&run.json())
        .into_iter()
        .filter(|f| f.0 == "unknown_row")
        .collect();
    assert_eq!(
        far,
        vec![(
            "unknown_row".to_string(),
            String::new(),
            Some(1_048_576),
            "XFD".to_string()
        )]
    );
}

#[test]
fn a_stray_cell_on_a_cover_sheet_or_the_answer_sheet_is_named_not_read() {
    let c = case();
    let p = c.path("回答.xlsx");
    c.filled.write_xlsx(&p);
    // A cover sheet with one value at the far corner.
    let with_cover = c.path("表紙つき.xlsx");
    c.filled.write_xlsx_with(
        &with_cover,
        |wb| {
            let cover = wb.add_worksheet();
            cover.set_name("表紙").expect("name");
            cover.write_string(0, 0, "提案書 回答").expect("cell");
            cover.write_string(1_048_575, 16_383, "x").expect("cell");
        },
        |_, _| {},
    );
    let run = c.run_verify(&["--format", "json"], &with_cover).success();
    assert!(run.json()["findings"]
        .as_array()
        .expect("findings")
        .is_empty());
    assert!(
        run.stderr().contains("「表紙」") && run.stderr().contains("XFD1048576"),
        "{}",
        run.stderr()
    );
    // On the answer sheet itself: read, and the cell named in a warning.
    let mut far = c.filled.clone();
    let width = far.answers().rows[0].len();
    far.answers()
        .rows
        .resize(100_001, vec![String::new(); width]);
    far.answers().rows[100_000][0] = "x".into();
    let stray = c.path("離れたセル.xlsx");
    far.write_xlsx(&stray);
    let run = c.run_verify(&[], &stray).success();
    assert!(
        run.stdout().contains("回答!A100001") && run.stdout().contains("「x」"),
        "{}",
        run.stdout()
    );
}

#[test]
fn zip_entries_with_backslashes_are_read_and_a_pdf_is_named() {
    let c = case();
    let good = c.path("good.xlsx");
    let mut filled = c.filled.clone();
    filled.set("AUTH-01", "回答", "×");
    filled.write_xlsx(&good);
    let slashed = c.path("backslash.xlsx");
    rezip(&good, &slashed, |name, bytes| {
        (name.replace('/', "\\"), bytes)
    });
    let (code, report) = verify_file(&c.profile, &slashed);
    assert_eq!(code, 1);
    only(&report, "noncompliant", "AUTH-01");

    let pdf = c.path("回答.pdf");
    std::fs::write(
        &pdf,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    )
    .expect("write");
    c.run_verify(&[], &pdf)
        .input_error()
        .stderr_has("PDF は読めません")
        .stderr_has("xlsx");
}

#[test]
fn merged_answer_cells_in_ods_count_for_every_row_they_cover() {
    let mut c = case();
    let ids = c.filled.ids();
    let (first, last) = (ids[0].clone(), ids[2].clone());
    c.filled.set(&first, "回答", "×");
    c.filled.merge_down("回答", &first, &last);
    let p = c.path("回答.ods");
    c.filled.write_ods(&p);
    let (code, report) = verify_file(&c.profile, &p);
    assert_eq!(code, 1);
    let noncompliant: Vec<String> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["kind"] == "noncompliant")
        .map(|f| f["requirement"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(noncompliant, ids[..3].to_vec(), "{:?}", kinds(&report));
    assert!(!kinds(&report).contains(&"missing_answer".to_string()));
}

#[test]
fn compare_tells_alike_files_apart_and_warns_of_a_file_given_twice() {
    let c = case();
    let a = c.dir.path().join("A社");
    let b = c.dir.path().join("B社");
    std::fs::create_dir_all(&a).expect("mkdir");
    std::fs::create_dir_all(&b).expect("mkdir");
    // Both vendors wrote the same name in the sheet and sent 回答.xlsx.
    c.filled.write_xlsx(&a.join("回答.xlsx"));
    c.filled.write_xlsx(&b.join("回答.xlsx"));
    let run = kijun()
        .args(["compare", "--format", "json", "--profile"])
        .arg(&c.profile)
        .arg(a.join("回答.xlsx"))
        .arg(b.join("回答.xlsx"))
        .run()
        .success();
    let labels: Vec<String> = run.json()["vendors"]
        .as_array()
        .expect("vendors")
        .iter()
        .map(|v| v["vendor"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        labels,
        [
            "株式会社テスト（A社/回答.xlsx）",
            "株式会社テスト（B社/回答.xlsx）"
        ]
    );
    let run = kijun()
        .args(["compare", "--profile"])
        .arg(&c.profile)
        .arg(a.join("回答.xlsx"))
        .arg(a.join("回答.xlsx"))
        .run()
        .success();
    assert!(
        run.stderr().contains("同じファイルが 2 回指定されています"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stdout().contains("（1）") && run.stdout().contains("（2）"),
        "{}",
        run.stdout()
    );
}

/// Whether a message reads as Japanese: no line without Japanese, and no run of three
/// English words (a library's message passed through).
fn japanese(stderr: &str) -> bool {
    let english = regex::Regex::new(r"[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}").expect("regex");
    stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .all(|l| l.chars().any(|c| ('\u{3040}'..='\u{9FFF}').contains(&c)) && !english.is_match(l))
}

#[test]
fn unreadable_files_are_explained_in_japanese() {
    let c = case();
    let good = c.path("good.xlsx");
    c.filled.write_xlsx(&good);
    let bytes = std::fs::read(&good).expect("read");
    let cfb = [
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
        &[0u8; 600][..],
    ]
    .concat();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated.xlsx", bytes[..bytes.len() / 2].to_vec()),
        ("garbage.xlsx", [&b"PK\x03\x04"[..], &[7u8; 300][..]].concat()),
        ("broken.xls", cfb),
        ("empty.xlsx", Vec::new()),
        ("quote.csv", b"\xef\xbb\xbf\xe8\xa6\x81\xe4\xbb\xb6ID,\xe5\x9b\x9e\xe7\xad\x94\n\"OUT-01,\xe2\x97\x8b\n".to_vec()),
        ("scan.pdf", b"%PDF-1.4\n".to_vec()),
    ];
    for (name, bytes) in cases {
        let p = c.path(name);
        std::fs::write(&p, bytes).expect("write");
        let run = c.run_verify(&[], &p);
        assert!(matches!(run.code(), 1 | 2), "{name}: exit {}", run.code());
        if run.code() == 2 {
            assert!(run.stderr().contains(name), "{name}: {}", run.stderr());
            assert!(japanese(&run.stderr()), "{name}: {}", run.stderr());
        }
    }
}
