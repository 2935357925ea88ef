//! Peak memory of `kijun verify` on files built to cost as much as one file may
//! (the budget in src/sheet/ingest/limits.rs), and on the files that once got past it:
//! `cargo bench --bench costly [-- DIR]` (release build; GNU time at /usr/bin/time).
//! Writes the files to DIR (a temporary folder if none is given), verifies each in its
//! own process, and prints a Markdown table for docs/PERFORMANCE.md.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../tests/common/biff.rs"]
mod biff;

use calamine::{open_workbook_auto, Data, Reader};
use kijun::catalog::load::load;
use kijun::profile::Profile;
use kijun::select::select;
use kijun::sheet::form::write::{workbook, SheetOptions};

fn profile_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/typical.toml")
}

/// kijun's response workbook for the typical profile, as a vendor receives it.
fn response() -> Vec<u8> {
    let catalog = load(None).expect("catalog");
    let text = std::fs::read_to_string(profile_path()).expect("profile");
    let profile = Profile::parse(&text, "typical.toml", &catalog.schema).expect("profile");
    workbook(
        &catalog,
        &profile,
        &select(&catalog, &profile),
        &SheetOptions::default(),
    )
    .expect("workbook")
}

/// The parts of a zip archive.
fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut b = Vec::new();
            f.read_to_end(&mut b).expect("read");
            (f.name().expect("name").to_string(), b)
        })
        .collect()
}

/// Write the parts, with `edit` writing the content of each part (compressed).
fn write_zip(path: &Path, parts: &[(String, Vec<u8>)], edit: impl Fn(&str, &[u8], &mut dyn Write)) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    let o = zip::write::SimpleFileOptions::default().large_file(true);
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), o).expect("zip");
        edit(name, bytes, &mut zip);
    }
    zip.finish().expect("zip");
}

/// The response with its shared strings passed through `edit`.
fn with_shared_strings(dir: &Path, name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let p = dir.join(name);
    write_zip(&p, &parts(&response()), |part, bytes, w| {
        if part == "xl/sharedStrings.xml" {
            let xml = String::from_utf8(bytes.to_vec()).expect("utf8");
            w.write_all(edit(&xml).as_bytes()).expect("write");
        } else {
            w.write_all(bytes).expect("write");
        }
    });
    p
}

fn huge_count(xml: &str) -> String {
    let start = xml.find("uniqueCount=\"").expect("uniqueCount") + 13;
    let end = start + xml[start..].find('"').expect("quote");
    format!("{}4000000000{}", &xml[..start], &xml[end..])
}

/// The response with `count` strings of `size` bytes added to its shared strings.
fn with_more_strings(dir: &Path, name: &str, count: usize, size: usize) -> PathBuf {
    let p = dir.join(name);
    write_zip(&p, &parts(&response()), |part, bytes, w| {
        if part != "xl/sharedStrings.xml" {
            w.write_all(bytes).expect("write");
            return;
        }
        let xml = String::from_utf8(bytes.to_vec()).expect("utf8");
        let end = xml.rfind("</sst>").expect("end");
        w.write_all(&xml.as_bytes()[..end]).expect("write");
        let one = format!("<si><t>{}</t></si>", "x".repeat(size));
        for _ in 0..count {
            w.write_all(one.as_bytes()).expect("write");
        }
        w.write_all(b"</sst>").expect("write");
    });
    p
}

/// The response with a value at XFD1048576 on its answer sheet.
fn with_far_cell(dir: &Path) -> PathBuf {
    let p = dir.join("far-cell.xlsx");
    write_zip(&p, &parts(&response()), |part, bytes, w| {
        if part == "xl/worksheets/sheet2.xml" {
            let xml = String::from_utf8(bytes.to_vec()).expect("utf8");
            let far = r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>メモ</t></is></c></row></sheetData>"#;
            w.write_all(xml.replacen("</sheetData>", far, 1).as_bytes())
                .expect("write");
        } else {
            w.write_all(bytes).expect("write");
        }
    });
    p
}

/// The response's sheets (values) rewritten, with `extra` adding sheets after them.
fn with_sheets(dir: &Path, name: &str, extra: impl Fn(&mut rust_xlsxwriter::Workbook)) -> PathBuf {
    let src = dir.join("response.xlsx");
    let mut book = open_workbook_auto(&src).expect("open");
    let mut wb = rust_xlsxwriter::Workbook::new();
    for sheet in book.sheet_names() {
        let range = book.worksheet_range(&sheet).expect("sheet");
        let ws = wb.add_worksheet();
        ws.set_name(&sheet).expect("name");
        for (r, c, v) in range.used_cells() {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let text = match v {
                Data::String(s) => s.clone(),
                other => other.to_string(),
            };
            ws.write_string(r0 + r as u32, (c0 + c as u32) as u16, &text)
                .expect("cell");
        }
    }
    extra(&mut wb);
    let p = dir.join(name);
    wb.save(&p).expect("save");
    p
}

/// A sheet 「別紙」 with a 30,000-character string in each of 4,400 cells: 132 MB of
/// cell text, within the budget of 128 MiB.
fn long_text(wb: &mut rust_xlsxwriter::Workbook) {
    let ws = wb.add_worksheet();
    ws.set_name("別紙").expect("name");
    let long = "x".repeat(30_000);
    for r in 0..4_400 {
        ws.write_string(r, 0, &long).expect("cell");
    }
}

/// Four sheets each spanning 20,000 rows × 50 columns (values at two corners): 4 million
/// cells, within the budget of 5 million.
fn spanning_sheets(wb: &mut rust_xlsxwriter::Workbook) {
    for n in 1..=4 {
        let ws = wb.add_worksheet();
        ws.set_name(format!("別紙{n}")).expect("name");
        ws.write_string(0, 0, "x").expect("cell");
        ws.write_string(19_999, 49, "x").expect("cell");
    }
}

/// An .ods holding one sheet with values at A1 and at `far` (row, column).
fn ods_spanning(dir: &Path, far: (u32, u32)) -> PathBuf {
    let p = dir.join("ods-5M-cells.ods");
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="表紙"><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="{}"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="{}"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#,
        far.0 - 1,
        far.1
    );
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&p).expect("create"));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).expect("zip");
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("zip");
    zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .expect("zip");
    zip.write_all(content.as_bytes()).expect("zip");
    zip.start_file(
        "META-INF/manifest.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .expect("zip");
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#)
        .expect("zip");
    zip.finish().expect("zip");
    p
}

/// An .xls with one sheet whose DIMENSIONS declare `rows` × `cols` and which holds
/// values at its two corners: the reader reserves room for every declared cell.
fn xls_spanning(dir: &Path, rows: u32, cols: u16) -> PathBuf {
    let number = |r: u32, c: u16| {
        let mut d = (r as u16).to_le_bytes().to_vec();
        d.extend(c.to_le_bytes());
        d.extend([0, 0]);
        d.extend(1f64.to_le_bytes());
        biff::record(0x0203, &d)
    };
    let mut dims = 0u32.to_le_bytes().to_vec();
    dims.extend(rows.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    dims.extend(cols.to_le_bytes());
    dims.extend([0, 0]);
    let p = dir.join("xls-5M-cells.xls");
    biff::xls(
        &p,
        "表紙",
        &[],
        &[
            biff::record(0x0200, &dims),
            number(0, 0),
            number(rows - 1, cols - 1),
        ],
    );
    p
}

/// Verify `file` in its own process: (exit code, peak RSS in MB, seconds, first line said).
fn measure(file: &Path) -> (i32, f64, f64, String) {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "TIME %M %e"])
        .arg(env!("CARGO_BIN_EXE_kijun"))
        .args(["verify", "--format", "json", "--profile"])
        .arg(profile_path())
        .arg(file)
        .output()
        .expect("/usr/bin/time runs");
    let err = String::from_utf8_lossy(&out.stderr);
    let (kb, secs) = err
        .lines()
        .find_map(|l| l.strip_prefix("TIME "))
        .and_then(|l| {
            let (kb, s) = l.split_once(' ')?;
            Some((kb.parse::<f64>().ok()?, s.parse::<f64>().ok()?))
        })
        .unwrap_or((0.0, 0.0));
    let code = err
        .lines()
        .find_map(|l| l.strip_prefix("Command exited with non-zero status "))
        .and_then(|c| c.trim().parse().ok())
        .unwrap_or(0);
    let name = file
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let said = err
        .lines()
        .find(|l| !l.starts_with("TIME") && !l.starts_with("Command exited"))
        .map(|l| {
            let l = l
                .split_once(&format!("{name}: "))
                .map_or(l, |(_, rest)| rest);
            l.chars().take(60).collect::<String>() + "…"
        })
        .unwrap_or_else(|| "（検証結果を出力）".into());
    (code, kb / 1024.0, secs, said)
}

fn main() {
    let arg = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = arg.map_or_else(|| tmp.path().to_path_buf(), PathBuf::from);
    std::fs::create_dir_all(&dir).expect("dir");
    let response_path = dir.join("response.xlsx");
    std::fs::write(&response_path, response()).expect("write");
    let files: Vec<(&str, PathBuf)> = vec![
        ("回答様式（そのまま）", response_path.clone()),
        (
            "<sst> の前に XML コメント（uniqueCount 40 億）",
            with_shared_strings(&dir, "sst-comment.xlsx", |x| {
                huge_count(x).replacen("<sst ", "<!-- <sst uniqueCount=\"1\"> --><sst ", 1)
            }),
        ),
        (
            "<sst> の前に空白 5,000 個（uniqueCount 40 億）",
            with_shared_strings(&dir, "sst-spaces.xlsx", |x| {
                huge_count(x).replacen("<sst ", &format!("{}<sst ", " ".repeat(5000)), 1)
            }),
        ),
        (
            "共有文字列 1 GB（1 MB × 1,000）",
            with_more_strings(&dir, "shared-strings-1GB.xlsx", 1_000, 1_000_000),
        ),
        (
            "共有文字列 60 MB（上限 64 MB の内側）",
            with_more_strings(&dir, "shared-strings-60MB.xlsx", 60, 1_000_000),
        ),
        ("回答シートの XFD1048576 に値", with_far_cell(&dir)),
        (
            "30,000 字の文字列を 4,400 セルに（132 MB、上限 128 MiB の内側）",
            with_sheets(&dir, "cell-text-132MB.xlsx", long_text),
        ),
        (
            "1,000,000 セルにわたるシート 4 枚（セルの上限 500 万の内側）",
            with_sheets(&dir, "cells-4M.xlsx", spanning_sheets),
        ),
        (
            "上の二つを一つのファイルに（セルの文字列 132 MB と 400 万セル）",
            with_sheets(&dir, "text-and-cells.xlsx", |wb| {
                long_text(wb);
                spanning_sheets(wb);
            }),
        ),
        (
            "ods: 100,000 行 × 50 列にわたるシート（500 万セル）",
            ods_spanning(&dir, (99_999, 49)),
        ),
        (
            "xls: DIMENSIONS 100,000 行 × 50 列（500 万セル）",
            xls_spanning(&dir, 100_000, 50),
        ),
    ];
    println!("| ファイル | 大きさ | 終了コード | ピークメモリ | 時間 | kijun の報告 |");
    println!("|---|---:|---:|---:|---:|---|");
    for (what, path) in files {
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let (code, mb, secs, said) = measure(&path);
        println!(
            "| {what} | {:.0} KB | {code} | {mb:.1} MB | {secs:.2} s | {said} |",
            size as f64 / 1024.0
        );
    }
    println!(
        "\n予算からの見積もり（Budget::worst_case_bytes）: {:.0} MB",
        kijun::sheet::ingest::BUDGET.worst_case_bytes() as f64 / 1_048_576.0
    );
}
