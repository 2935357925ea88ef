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

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Every page carries the system's name and `who` in its header, and a page number.
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
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("verify.xlsx");
    kijun()
        .args(["verify", "--format", "xlsx", "--profile"])
        .arg(example("typical"))
        .arg(fixture("filled-typical.xlsx"))
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
        ("要件数", "129"),
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
    // Each requirement's row is printed whole: its number, id and judgement together.
    let body: String = pages[1..].join("\n");
    let rows = body
        .lines()
        .filter(|l| l.trim_start().starts_with("1(") || l.trim_start().starts_with("2("))
        .count();
    assert_eq!(rows, 129, "one printed row per requirement");
    for l in body
        .lines()
        .filter(|l| l.trim_start().starts_with("2(1)ア"))
    {
        assert!(l.contains("OUT-"), "{l}");
    }
}

#[test]
fn compare_report_prints_with_the_files_on_every_page_and_its_summary_on_one_page() {
    let Some((soffice, pdftotext)) = tools() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("compare.xlsx");
    kijun()
        .args(["compare", "--format", "xlsx", "--profile"])
        .arg(example("typical"))
        .arg(fixture("filled-typical.xlsx"))
        .arg(fixture("filled-typical.ods"))
        .arg("-o")
        .arg(&out)
        .run()
        .findings();
    let pages = pages(&soffice, &pdftotext, &out);
    headed(&pages, "filled-typical.xlsx、filled-typical.ods");
    // The last page is the 集計, whole: both vendors with their counts.
    let last = pages.last().expect("pages");
    assert!(last.contains("読み込めなかった理由"), "{last}");
    let vendors: Vec<&str> = last
        .lines()
        .filter(|l| l.contains("filled-typical."))
        .filter(|l| l.contains("不合格"))
        .collect();
    assert_eq!(vendors.len(), 2, "{last}");
    let first = &pages[0];
    assert!(first.contains("仕様書項番") && first.contains("1(1)ア"));
}
