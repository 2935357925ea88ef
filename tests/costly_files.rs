//! Files built to cost more than one file may (docs/PERFORMANCE.md, 「1 ファイルの上限」):
//! each is refused with exit 2 and a Japanese reason naming the file and the part, or
//! read within the budget, and never aborts. Among them the two files that once got past
//! the shared-string count check (a comment, or 5,000 spaces, before the real `<sst>`)
//! and aborted kijun asking for 96 GB, and a 2 MB file holding 1 GB of shared strings.

mod common;

use std::io::Write;
use std::path::PathBuf;

use common::biff::{record, xls};
use common::case::{case, found, Case};
use common::{edit_part, huge_count, kijun, Run};

/// The case's workbook, with its shared-strings part passed through `edit`.
fn with_shared_strings(c: &Case, name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let good = c.path("good.xlsx");
    c.filled.write_xlsx(&good);
    let out = c.path(name);
    edit_part(&good, &out, "xl/sharedStrings.xml", edit);
    out
}

fn refused(run: Run, file: &str, says: &[&str]) {
    let run = run.input_error();
    for s in [file].iter().chain(says) {
        assert!(
            run.stderr().contains(s),
            "stderr lacks {s:?}: {}",
            run.stderr()
        );
    }
}

#[test]
fn a_comment_before_the_real_sst_element_does_not_hide_its_count() {
    let c = case();
    let bad = with_shared_strings(&c, "comment.xlsx", |xml| {
        huge_count(xml).replacen("<sst ", "<!-- <sst uniqueCount=\"1\"> --><sst ", 1)
    });
    refused(
        c.run_verify(&[], &bad),
        "comment.xlsx",
        &["共有文字列の数が 4000000000 個", "xl/sharedStrings.xml"],
    );
}

#[test]
fn spaces_before_the_real_sst_element_do_not_hide_its_count() {
    let c = case();
    let bad = with_shared_strings(&c, "spaces.xlsx", |xml| {
        huge_count(xml).replacen("<sst ", &format!("{}<sst ", " ".repeat(5000)), 1)
    });
    refused(
        c.run_verify(&[], &bad),
        "spaces.xlsx",
        &["共有文字列の数が 4000000000 個", "xl/sharedStrings.xml"],
    );
}

/// A zip archive of the case's workbook whose shared-strings part is `strings` of
/// `size` bytes each (declaring `declared`), written as it is compressed.
fn with_many_strings(c: &Case, name: &str, strings: u64, declared: u64, size: usize) -> PathBuf {
    use std::io::Read;
    let good = c.path("good.xlsx");
    c.filled.write_xlsx(&good);
    let out = c.path(name);
    let mut src = zip::ZipArchive::new(std::fs::File::open(&good).expect("open")).expect("zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&out).expect("create"));
    let fast = zip::write::SimpleFileOptions::default().large_file(true);
    for i in 0..src.len() {
        let mut f = src.by_index(i).expect("entry");
        let part = f.name().expect("name").to_string();
        zip.start_file(&part, fast).expect("start");
        if part == "xl/sharedStrings.xml" {
            let head = format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{declared}" uniqueCount="{declared}">"#
            );
            zip.write_all(head.as_bytes()).expect("write");
            let one = format!("<si><t>{}</t></si>", "x".repeat(size));
            let batch = one.repeat((1 << 20) / one.len() + 1);
            let per_batch = (batch.len() / one.len()) as u64;
            let mut left = strings;
            while left >= per_batch {
                zip.write_all(batch.as_bytes()).expect("write");
                left -= per_batch;
            }
            for _ in 0..left {
                zip.write_all(one.as_bytes()).expect("write");
            }
            zip.write_all(b"</sst>").expect("write");
        } else {
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("read");
            zip.write_all(&bytes).expect("write");
        }
    }
    zip.finish().expect("finish");
    out
}

#[test]
fn a_small_file_holding_a_gigabyte_of_shared_strings_is_refused_unread() {
    let c = case();
    // 1,000 strings of 1 MB: about 1 GB unpacked, about 2 MB on disk.
    let bad = with_many_strings(&c, "1GB.xlsx", 1_000, 1_000, 1_000_000);
    let on_disk = std::fs::metadata(&bad).expect("size").len();
    assert!(on_disk < 4 << 20, "{on_disk} bytes");
    refused(
        c.run_verify(&[], &bad),
        "1GB.xlsx",
        &["共有文字列の部品 xl/sharedStrings.xml", "上限（64.0 MB）"],
    );
}

#[test]
fn more_shared_strings_than_one_file_may_hold_are_refused() {
    let c = case();
    // Declaring few, holding 2.1 million: the list would grow to hold them all.
    let bad = with_many_strings(&c, "many.xlsx", 2_100_000, 10, 0);
    refused(
        c.run_verify(&[], &bad),
        "many.xlsx",
        &[
            "共有文字列の部品 xl/sharedStrings.xml",
            "上限（2000000 個）",
        ],
    );
}

#[test]
fn a_part_that_unpacks_to_more_than_one_part_may_is_refused() {
    let c = case();
    let good = c.path("good.xlsx");
    c.filled.write_xlsx(&good);
    let bad = c.path("spaces-sheet.xlsx");
    // 200 MB of spaces inside the answer sheet's part: one XML event that size.
    edit_part(&good, &bad, "xl/worksheets/sheet2.xml", |xml| {
        xml.replacen(
            "<sheetData>",
            &format!("<sheetData>{}", " ".repeat(200 << 20)),
            1,
        )
    });
    refused(
        c.run_verify(&[], &bad),
        "spaces-sheet.xlsx",
        &["xl/worksheets/sheet2.xml", "1 部品の上限（128.0 MB）"],
    );
}

#[test]
fn one_long_string_in_thousands_of_cells_is_refused_for_its_copies() {
    // 5,000 cells naming one 30,000-character shared string: 150 MB once each cell
    // holds its copy, from a file of a few kilobytes.
    let c = case();
    let p = c.path("copies.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("表紙").expect("name");
    let long = "あ".repeat(30_000);
    for r in 0..5_000 {
        ws.write_string(r, 0, &long).expect("cell");
    }
    wb.save(&p).expect("save");
    refused(
        c.run_verify(&[], &p),
        "copies.xlsx",
        &["シート「表紙」までのセルの文字列", "上限（128.0 MB）"],
    );
}

#[test]
fn sheets_that_together_span_more_cells_than_one_file_may_are_refused() {
    // Each sheet alone spans 20,000 rows × 50 columns, which it may; six together may not.
    let c = case();
    let p = c.path("six.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    for n in 1..=6 {
        let ws = wb.add_worksheet();
        ws.set_name(format!("別紙{n}")).expect("name");
        ws.write_string(0, 0, "x").expect("cell");
        ws.write_string(19_999, 49, "x").expect("cell");
    }
    wb.save(&p).expect("save");
    refused(
        c.run_verify(&[], &p),
        "six.xlsx",
        &[
            "シート「別紙6」までのセルの使用範囲が合計 6000000 セル",
            "上限（5000000 セル）",
        ],
    );
}

#[test]
fn a_value_at_the_far_corner_of_the_answer_sheet_is_named_and_the_rest_read() {
    let c = case();
    let p = c.path("far.xlsx");
    c.filled.write_xlsx_with(
        &p,
        |_| {},
        |sheet, ws| {
            if sheet.name == "回答" {
                ws.write_string(1_048_575, 16_383, "メモ").expect("cell");
            }
        },
    );
    let run = c.run_verify(&["--format", "json"], &p).success();
    let findings = found(&run.json());
    assert_eq!(
        findings,
        vec![(
            "unknown_row".to_string(),
            String::new(),
            Some(1_048_576),
            "XFD".to_string()
        )]
    );
    let text = c.run_verify(&[], &p).success();
    assert!(
        text.stdout()
            .contains("回答の表から離れたセル XFD1048576 に「メモ」が記入されています"),
        "{}",
        text.stdout()
    );
}

#[test]
fn an_xlsb_record_longer_than_its_part_is_refused() {
    let c = case();
    let p = c.path("record.xlsb");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&p).expect("create"));
    let o = zip::write::SimpleFileOptions::default();
    zip.start_file("xl/workbook.bin", o).expect("zip");
    // A two-byte record type, then a length of 2^28 - 1 bytes, then nothing.
    zip.write_all(&[0x83, 0x01, 0xFF, 0xFF, 0xFF, 0x7F])
        .expect("zip");
    zip.finish().expect("zip");
    refused(
        c.run_verify(&[], &p),
        "record.xlsb",
        &["部品 xl/workbook.bin", "レコードの長さが 268435455 バイト"],
    );
}

/// An OpenDocument spreadsheet with one sheet 「回答」 holding `rows`.
fn ods(c: &Case, name: &str, rows: &str) -> PathBuf {
    let p = c.path(name);
    common::vendor::write_ods_content(
        &p,
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="回答">{rows}"#
        ),
    );
    p
}

const ODS_END: &str = "</table:table></office:spreadsheet></office:body></office:document-content>";

#[test]
fn ods_spaces_and_repeats_that_would_fill_memory_are_refused() {
    let c = case();
    let spaces = ods(
        &c,
        "spaces.ods",
        &format!(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="4000000000"/></text:p></table:table-cell></table:table-row>{ODS_END}"#
        ),
    );
    refused(
        c.run_verify(&[], &spaces),
        "spaces.ods",
        &["シート「回答」までのセルの文字列", "上限（128.0 MB）"],
    );
    let repeated = ods(
        &c,
        "repeated.ods",
        &format!(
            r#"<table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string" office:string-value="{}"/></table:table-row>{ODS_END}"#,
            "x".repeat(100)
        ),
    );
    refused(
        c.run_verify(&[], &repeated),
        "repeated.ods",
        &[
            "シート「回答」まで",
            "（繰り返し 16384000 回のセルを含みます）",
        ],
    );
}

#[test]
fn ods_content_cut_off_inside_a_table_is_refused_not_read_forever() {
    let c = case();
    let cut = ods(
        &c,
        "cut.ods",
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>要件ID</text:p></table:table-cell></table:table-row>"#,
    );
    let run = kijun()
        .args(["verify", "--profile"])
        .arg(&c.profile)
        .arg(&cut)
        .timeout(std::time::Duration::from_secs(60))
        .run();
    refused(run, "cut.ods", &["content.xml が表の途中で終わっています"]);
}

#[test]
fn xls_shared_strings_copied_into_thousands_of_cells_are_refused() {
    let c = case();
    let p = c.path("copies.xls");
    // One 8,000-character string, named by 3,000 cells: 24 million characters.
    let mut sst = 1u32.to_le_bytes().to_vec();
    sst.extend(1u32.to_le_bytes());
    sst.extend(8000u16.to_le_bytes());
    sst.push(0);
    sst.extend(std::iter::repeat_n(b'x', 8000));
    let cells: Vec<Vec<u8>> = (0..3000u16)
        .map(|r| {
            let mut d = r.to_le_bytes().to_vec();
            d.extend([0, 0, 0, 0]);
            d.extend(0u32.to_le_bytes());
            record(0x00FD, &d)
        })
        .collect();
    xls(&p, "回答", &[record(0x00FC, &sst)], &cells);
    refused(
        c.run_verify(&[], &p),
        "copies.xls",
        &["シート「回答」までのセルの文字列", "上限（128.0 MB）"],
    );
}

#[test]
fn an_xls_with_more_shared_strings_than_one_file_may_hold_is_refused() {
    let c = case();
    let p = c.path("many.xls");
    // 2,100,000 empty strings (3 bytes each), split over CONTINUE records.
    let strings = vec![0u8; 2_100_000 * 3];
    let mut records = Vec::new();
    let mut chunks = strings.chunks(8_223);
    let mut first = 2_100_000u32.to_le_bytes().to_vec();
    first.extend(2_100_000u32.to_le_bytes());
    first.extend(chunks.next().expect("chunk"));
    records.push(record(0x00FC, &first));
    for chunk in chunks {
        records.push(record(0x003C, chunk));
    }
    xls(&p, "回答", &records, &[]);
    refused(
        c.run_verify(&[], &p),
        "many.xls",
        &["共有文字列（SST）が 2000000 個を超えます"],
    );
}

#[test]
fn a_csv_line_with_more_fields_than_a_sheet_has_columns_is_refused() {
    let c = case();
    let p = c.path("wide.csv");
    let mut text = format!("要件ID,回答{}\n", ",".repeat(20_000));
    text.push_str(&"OUT-01,○\n".repeat(1_000));
    std::fs::write(&p, text).expect("write");
    refused(
        c.run_verify(&[], &p),
        "wide.csv",
        &["CSV の 1 行目の項目が多すぎます（20002 個、上限 16384 個）"],
    );
}
