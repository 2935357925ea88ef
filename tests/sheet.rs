//! The response workbook as vendors and the office meet it: written by `kijun sheet`,
//! read back with calamine (as the verifier does) and checked in its XML for what
//! calamine cannot see (validation, protection, print settings).

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, SheetVisible, Xlsx};
use common::{example, kijun};

const HEADERS: [&str; 12] = [
    "項番",
    "要件ID",
    "仕様書項番",
    "分類",
    "区分",
    "要件",
    "根拠",
    "回答",
    "対応内容・実現方法",
    "証跡・根拠資料",
    "提案書の該当頁",
    "備考",
];

fn make(dir: &Path, profile: &str) -> PathBuf {
    let out = dir.join(format!("{profile}.xlsx"));
    kijun()
        .args(["sheet", "--profile"])
        .arg(example(profile))
        .arg("-o")
        .arg(&out)
        .run()
        .success();
    out
}

fn selected(profile: &str) -> Vec<serde_json::Value> {
    let run = kijun()
        .args(["select", "--format", "json", "--profile"])
        .arg(example(profile))
        .run()
        .success();
    run.json().as_array().expect("array").clone()
}

/// The selection in the order of the 調達仕様書, keyed by id, with each item's number
/// (項番 in the spec's annex 準拠基準対照表).
fn in_spec_order(profile: &str) -> Vec<(String, serde_json::Value)> {
    let txt = kijun()
        .args(["spec", "--format", "txt", "--profile"])
        .arg(example(profile))
        .run()
        .success()
        .stdout();
    let annex = txt.split("\n項番\t要件ID\t").nth(1).expect("annex table");
    let sel = selected(profile);
    annex
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut cells = l.split('\t');
            let (reference, id) = (cells.next()?, cells.next()?);
            let s = sel.iter().find(|s| s["id"] == id)?;
            Some((reference.to_string(), s.clone()))
        })
        .collect()
}

fn part(xlsx: &Path, name: &str) -> String {
    let f = std::fs::File::open(xlsx).expect("open");
    let mut zip = zip::ZipArchive::new(f).expect("zip");
    let mut s = String::new();
    zip.by_name(name)
        .expect("part")
        .read_to_string(&mut s)
        .expect("read");
    s
}

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::Float(f)) => format!("{}", *f as i64),
        Some(d) => d.to_string(),
        None => String::new(),
    }
}

#[test]
fn one_row_per_selected_requirement_in_order_with_locked_requirements() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = make(dir.path(), "maximal");
    let placed = in_spec_order("maximal");
    let sel: Vec<&serde_json::Value> = placed.iter().map(|(_, s)| s).collect();
    assert_eq!(
        sel.len(),
        selected("maximal").len(),
        "every requirement in the spec"
    );
    let mut wb: Xlsx<_> = open_workbook(&path).expect("open");
    let names: Vec<(String, SheetVisible)> = wb
        .sheets_metadata()
        .iter()
        .map(|m| (m.name.clone(), m.visible))
        .collect();
    assert_eq!(
        names,
        [
            ("記入要領".into(), SheetVisible::Visible),
            ("回答".into(), SheetVisible::Visible),
            ("kijun_meta".into(), SheetVisible::Hidden)
        ]
    );

    let r = wb.worksheet_range("回答").expect("回答");
    let header: Vec<String> = (0..12).map(|c| text(r.get_value((3, c)))).collect();
    assert_eq!(header, HEADERS);
    let ids: Vec<String> = (4..4 + sel.len() as u32)
        .map(|row| text(r.get_value((row, 1))))
        .collect();
    let want: Vec<String> = sel
        .iter()
        .map(|s| s["id"].as_str().expect("id").to_string())
        .collect();
    assert_eq!(ids, want);
    assert_eq!(
        text(r.get_value((4 + sel.len() as u32, 1))),
        "",
        "no row beyond the selection"
    );
    for (i, (reference, s)) in placed.iter().enumerate() {
        let row = 4 + i as u32;
        assert_eq!(text(r.get_value((row, 0))), (i + 1).to_string());
        assert_eq!(
            &text(r.get_value((row, 2))),
            reference,
            "仕様書項番 of the spec"
        );
        assert_eq!(
            text(r.get_value((row, 4))),
            s["level"].as_str().expect("level")
        );
        // The vendor reads the spec's own sentence.
        let req = text(r.get_value((row, 5)));
        assert!(req.starts_with(s["spec"].as_str().expect("spec")), "{req}");
        if let Some(e) = s["evidence"].as_str() {
            assert!(req.contains(&format!("【証跡】{e}")));
        }
        assert_eq!(text(r.get_value((row, 7))), "", "answers start blank");
    }

    let style = wb.worksheet_style("回答").expect("styles");
    let locked = |row: u32, col: u32| {
        style
            .get((row, col))
            .and_then(|s| s.protection.as_ref())
            .is_none_or(|p| p.locked)
    };
    for col in 0..7 {
        assert!(locked(4, col), "requirement column {col} must be locked");
    }
    for col in 7..12 {
        assert!(!locked(4, col), "answer column {col} must be unlocked");
        assert!(
            !locked(3 + sel.len() as u32, col),
            "last row's answer column {col} unlocked"
        );
    }
    assert!(!locked(1, 2), "the vendor name cell is unlocked");
}

#[test]
fn the_hidden_meta_sheet_says_what_the_workbook_was_made_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = make(dir.path(), "typical");
    let placed = in_spec_order("typical");
    let sel: Vec<&serde_json::Value> = placed.iter().map(|(_, s)| s).collect();
    let mut wb: Xlsx<_> = open_workbook(&path).expect("open");
    let m = wb.worksheet_range("kijun_meta").expect("meta");
    // The head's key/value lines run to the first blank row; the table follows it.
    let head = (0..)
        .find(|&r| text(m.get_value((r, 0))).is_empty())
        .expect("blank row");
    let pairs: std::collections::BTreeMap<String, String> = (0..head)
        .map(|r| (text(m.get_value((r, 0))), text(m.get_value((r, 1)))))
        .collect();
    assert_eq!(pairs["format"], "kijun-response/1");
    assert_eq!(pairs["catalog_name"], "kijun 標準カタログ");
    assert_eq!(pairs["system_name"], "電子申請受付システム");
    assert_eq!(pairs["profile_digest"].len(), 64);
    assert_eq!(pairs["catalog_digest"].len(), 64);
    assert_eq!(text(m.get_value((head + 1, 1))), "requirement_id");
    for (i, s) in sel.iter().enumerate() {
        let row = head + 2 + i as u32;
        assert_eq!(
            text(m.get_value((row, 0))),
            (5 + i).to_string(),
            "sheet row of the requirement"
        );
        assert_eq!(text(m.get_value((row, 1))), s["id"].as_str().expect("id"));
        assert_eq!(text(m.get_value((row, 2))).len(), 64);
        assert_eq!(
            m.get_value((row, 3)),
            Some(&Data::Bool(s["na_allowed"].as_bool().expect("bool")))
        );
    }
    let props = part(&path, "docProps/custom.xml");
    assert!(props.contains("profile_digest") && props.contains(&pairs["profile_digest"]));
}

#[test]
fn dropdowns_protection_and_print_settings_are_in_the_sheet_xml() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = make(dir.path(), "typical");
    let placed = in_spec_order("typical");
    let sel: Vec<&serde_json::Value> = placed.iter().map(|(_, s)| s).collect();
    let xml = part(&path, "xl/worksheets/sheet2.xml");
    assert!(xml.contains("<sheetProtection"), "answer sheet protected");
    assert!(!xml.contains("password="), "no password by default");
    assert!(xml.contains(r#"<dataValidation type="list""#));
    assert!(xml.contains("<formula1>\"対応,一部対応,非対応,該当なし\"</formula1>"));
    assert!(
        xml.contains("<formula1>\"対応,一部対応,非対応\"</formula1>"),
        "rows that refuse 該当なし get a shorter list"
    );
    let refused = sel
        .iter()
        .position(|s| s["na_allowed"] == false)
        .expect("a refusing requirement")
        + 5;
    let short = xml
        .split("<dataValidation ")
        .find(|v| v.contains("\"対応,一部対応,非対応\""))
        .expect("short list");
    assert!(
        short.contains(&format!("H{refused}")),
        "row {refused} in {short}"
    );
    assert!(xml.contains("promptTitle=\"回答\""), "input message");
    assert!(xml.contains("<conditionalFormatting"), "highlights");
    assert!(
        xml.contains("LEN(TRIM($H5))=0"),
        "unanswered rows highlighted"
    );
    assert!(
        xml.contains("paperSize=\"9\"") && xml.contains("orientation=\"landscape\""),
        "A4 landscape"
    );
    assert!(xml.contains("fitToHeight=\"0\""), "fit to width");
    assert!(xml.contains("state=\"frozen\""), "frozen header");
    assert!(xml.contains("<autoFilter"), "autofilter");
    assert!(
        xml.contains("&amp;P / &amp;N"),
        "page numbers in the footer"
    );
    let wbxml = part(&path, "xl/workbook.xml");
    assert!(
        wbxml.contains("_xlnm.Print_Titles") && wbxml.contains("回答!$4:$4"),
        "header repeated on each page: {wbxml}"
    );
}

#[test]
fn two_runs_give_identical_bytes_and_a_password_protects() {
    let dir = tempfile::tempdir().expect("tempdir");
    let again = tempfile::tempdir().expect("tempdir");
    let a = make(dir.path(), "maximal");
    let first = std::fs::read(&a).expect("read");
    let b = make(again.path(), "maximal");
    assert_eq!(first, std::fs::read(&b).expect("read"));
    let p = dir.path().join("pw.xlsx");
    kijun()
        .args(["sheet", "--password", "Secret1", "--profile"])
        .arg(example("typical"))
        .arg("-o")
        .arg(&p)
        .run()
        .success();
    assert!(part(&p, "xl/worksheets/sheet2.xml").contains("password="));
    kijun()
        .args(["sheet", "--password", "秘密", "--profile"])
        .arg(example("typical"))
        .arg("-o")
        .arg(dir.path().join("pw2.xlsx"))
        .run()
        .input_error()
        .stderr_has("半角");
}

#[test]
fn bad_output_paths_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    kijun()
        .args(["sheet", "--profile"])
        .arg(example("typical"))
        .arg("-o")
        .arg(dir.path().join("a.csv"))
        .run()
        .input_error()
        .stderr_has(".xlsx");
    kijun()
        .args(["sheet", "--profile"])
        .arg(example("typical"))
        .arg("-o")
        .arg(dir.path().join("no/dir/a.xlsx"))
        .run()
        .input_error()
        .stderr_has("フォルダ");
    kijun()
        .args(["sheet", "--profile"])
        .arg(example("typical"))
        .run()
        .input_error()
        .stderr_has("必須の引数");
}
