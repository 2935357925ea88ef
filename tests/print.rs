//! The verify and compare workbooks as a printer meets them: rendered to PDF by
//! LibreOffice (`soffice --headless --convert-to pdf`) and read back with `pdftotext`
//! (poppler-utils). Checks what a reviewer holding the paper relies on: 集計 on one
//! page with every label beside its value, the system and the vendor or file on every
//! page, the table header on every page of a table.
//!
//! Skipped, with a message saying why, where soffice or pdftotext is not installed.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::case::{case, Case};
use common::{example, kijun};

/// A program on the PATH, if there is one.
fn program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// soffice and pdftotext, or None after saying which is missing.
fn tools() -> Option<(PathBuf, PathBuf)> {
    match (program("soffice"), program("pdftotext")) {
        (Some(s), Some(p)) => Some((s, p)),
        (s, p) => {
            let missing: Vec<&str> = [
                ("soffice（LibreOffice）", s),
                ("pdftotext（poppler-utils）", p),
            ]
            .into_iter()
            .filter(|(_, found)| found.is_none())
            .map(|(n, _)| n)
            .collect();
            eprintln!(
                "SKIPPED: {} が見つからないため、印刷（PDF）の検査を省略しました",
                missing.join("・")
            );
            None
        }
    }
}

/// The PDF LibreOffice prints of `file`, one string per page.
fn pages(soffice: &Path, pdftotext: &Path, file: &Path) -> Vec<String> {
    let dir = file.parent().expect("folder");
    // A profile of its own, so a LibreOffice already running elsewhere does not block.
    let profile = dir.join("lo-profile");
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(file)
        .output()
        .expect("run soffice");
    assert!(status.status.success(), "soffice: {status:?}");
    let pdf = file.with_extension("pdf");
    let out = Command::new(pdftotext)
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success(), "pdftotext: {out:?}");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The typical profile's response workbook as 株式会社サンプル returns it, with the
/// faults of tests/fixtures/filled-typical.xlsx (which was made under catalog 0.1.0):
/// the sheet renamed, 該当なし where it is not allowed, ×, △ without an explanation, a
/// bare reference, a blank answer and an altered text. Written to the case's folder as
/// filled-typical.xlsx and filled-typical.ods; returns the case and both paths.
fn sample_responses() -> (Case, PathBuf, PathBuf) {
    let mut c = case();
    let filled = &mut c.filled;
    filled
        .set_vendor("株式会社サンプル")
        .with_the_typical_faults();
    let (xlsx, ods) = (c.path("filled-typical.xlsx"), c.path("filled-typical.ods"));
    c.filled.write_xlsx(&xlsx);
    c.filled.write_ods(&ods);
    (c, xlsx, ods)
}

/// Every page carries the system's name and `who` in its header, and a page number.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn headed(pages: &[String], who: &str) {
    for (i, p) in pages.iter().enumerate() {
        let head = p.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        assert!(
            head.contains("電子申請受付システム") && head.contains(who),
            "page {} header: {head:?}",
            i + 1
        );
        assert!(
            p.contains(&format!("{} / {} ページ", i + 1, pages.len())),
            "page {} number",
            i + 1
        );
    }
}

#[test]
fn verify_report_prints_summary_on_one_page_and_names_the_vendor_on_every_page() {
    let Some((soffice, pdftotext)) = tools() else {
        return;
    };
    let (c, response, _) = sample_responses();
    let out = c.path("verify.xlsx");
    kijun()
        .args(["verify", "--format", "xlsx", "--profile"])
        .arg(example("typical"))
        .arg(&response)
        .arg("-o")
        .arg(&out)
        .run()
        .findings();
    let pages = pages(&soffice, &pdftotext, &out);
    assert!(
        pages.len() >= 3,
        "集計, 判定 and 指摘事項: {} pages",
        pages.len()
    );
    headed(&pages, "filled-typical.xlsx");
    assert!(pages.iter().all(|p| p.contains("株式会社サンプル")));

    // 集計: every label on the first page, with its value on the same line.
    let summary = &pages[0];
    let labels = [
        ("システム", "電子申請受付システム（〇〇省）"),
        ("事業者名", "株式会社サンプル"),
        ("回答ファイル", "filled-typical.xlsx"),
        ("判定", "不合格"),
        ("要件数", "96"),
        ("回答なし・判読不能", "2"),
    ];
    for (label, value) in labels {
        let line = summary
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("{label} not on page 1:\n{summary}"));
        assert!(line.contains(value), "{label} without {value}: {line:?}");
    }
    for label in [
        "エラー（件）",
        "警告（件）",
        "対応",
        "一部対応",
        "非対応",
        "該当なし",
    ] {
        let line = summary
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("{label} not on page 1"));
        let value = line.trim_start()[label.len()..].trim();
        assert!(
            !value.is_empty() && value.chars().all(|c| c.is_ascii_digit()),
            "{label} without its number: {line:?}"
        );
    }
    assert!(
        !pages[1].contains("回答なし・判読不能"),
        "集計 ends on page 1"
    );

    // 判定 and 指摘事項: the table header on each of their pages.
    for (i, p) in pages.iter().enumerate().skip(1) {
        assert!(
            (p.contains("仕様書項番") && p.contains("判定")) || p.contains("重大度"),
            "page {} repeats no header:\n{p}",
            i + 1
        );
    }
    // Each requirement's row is printed whole: its number (not wrapped inside its cell),
    // id and judgement together.
    let body: String = pages[1..].join("\n");
    let rows: Vec<&str> = body.lines().filter(|l| starts_with_spec_ref(l)).collect();
    assert_eq!(
        rows.len(),
        96,
        "one printed row per requirement, its 仕様書項番 on one line:\n{}",
        rows.join("\n")
    );
    for l in body
        .lines()
        .filter(|l| l.trim_start().starts_with("遵守事項(1)ア"))
    {
        assert!(l.contains("OUT-"), "{l}");
    }
}

/// Whether a printed line starts with a whole 仕様書項番 of the spec's parts:
/// 機能(1)ア, 遵守事項(12)イ, 入札・提案(1)ア.
fn starts_with_spec_ref(line: &str) -> bool {
    let line = line.trim_start();
    let Some(rest) = ["機能(", "遵守事項(", "入札・提案(", "再委託("]
        .iter()
        .find_map(|part| line.strip_prefix(part))
    else {
        return false;
    };
    let Some((n, rest)) = rest.split_once(')') else {
        return false;
    };
    !n.is_empty()
        && n.chars().all(|c| c.is_ascii_digit())
        && rest
            .chars()
            .next()
            .is_some_and(|c| ('ア'..='ン').contains(&c))
}

#[test]
fn compare_report_prints_with_the_files_on_every_page_and_its_summary_on_one_page() {
    let Some((soffice, pdftotext)) = tools() else {
        return;
    };
    let (c, xlsx, ods) = sample_responses();
    let out = c.path("compare.xlsx");
    kijun()
        .args(["compare", "--format", "xlsx", "--profile"])
        .arg(example("typical"))
        .arg(&xlsx)
        .arg(&ods)
        .arg("-o")
        .arg(&out)
        .run()
        .findings();
    let pages = pages(&soffice, &pdftotext, &out);
    headed(&pages, "filled-typical.xlsx、filled-typical.ods");
    // The first page is the 集計, whole: both vendors with their counts.
    let first = &pages[0];
    assert!(first.contains("読み込めなかった理由"), "{first}");
    let vendors: Vec<&str> = first
        .lines()
        .filter(|l| l.contains("filled-typical."))
        .filter(|l| l.contains("不合格"))
        .collect();
    assert_eq!(vendors.len(), 2, "{first}");
    let second = &pages[1];
    assert!(
        second.contains("仕様書項番")
            && second
                .lines()
                .any(|l| l.trim_start().starts_with("機能(1)ア"))
    );
}

/// The 照会書 as the vendor receives it on paper: A4 portrait, the date, addressee,
/// sender and title on page 1 with the first question, 「以上」 at the end, numbered pages.
#[test]
fn inquiry_prints_on_a4_with_its_heading_block_first_and_ends_with_ijo() {
    let Some((soffice, pdftotext)) = tools() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("照会書.docx");
    kijun()
        .args(["review", "--date", "2025-04-01", "--profile"])
        // The reviewed report is of a 0.1.0 workbook: the profile as it was written then.
        .arg(fixture("editions/0.1.0/typical.toml"))
        .arg(fixture("reviewed-typical.xlsx"))
        .arg("--inquiry")
        .arg(&out)
        .run()
        .success()
        .stdout_has("未判断 0");
    let pages = pages(&soffice, &pdftotext, &out);
    let info = Command::new(pdftotext.with_file_name("pdfinfo"))
        .arg(out.with_extension("pdf"))
        .output()
        .expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("(A4)"), "{info}");
    let first = &pages[0];
    let lines: Vec<&str> = first
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines[0], "令和 7 年 4 月 1 日", "{first}");
    assert!(lines[1].starts_with("株式会社サンプル"), "{first}");
    assert_eq!(lines[2], "〇〇省");
    assert!(lines[3].contains("情報セキュリティ要件に係る回答について（照会）"));
    assert!(first.contains("令和 7 年 4 月 11 日（金）"), "{first}");
    assert!(first.contains("照会 1（差戻し）"), "{first}");
    let last = pages.last().expect("pages");
    assert!(
        last.trim_end().lines().rev().any(|l| l.trim() == "以上"),
        "{last}"
    );
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.lines().any(|l| l.trim() == (i + 1).to_string()),
            "page {} has its number",
            i + 1
        );
    }
}
