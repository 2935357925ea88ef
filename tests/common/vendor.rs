//! Vendor-side edits of kijun's response workbook, for tests: read the workbook kijun
//! wrote, change it as vendors do (answers typed, rows deleted or duplicated, text
//! edited, columns moved, sheets renamed), and save it as xlsx, csv or ods.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader, SheetVisible};

#[derive(Debug, Clone)]
pub struct SheetData {
    pub name: String,
    pub hidden: bool,
    pub rows: Vec<Vec<String>>,
    /// Merged regions (first row, first col, last row, last col), 0-based.
    pub merges: Vec<(u32, u16, u32, u16)>,
}

#[derive(Debug, Clone)]
pub struct Filled {
    pub sheets: Vec<SheetData>,
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

impl Filled {
    /// The faults of tests/fixtures/filled-typical.xlsx (made under catalog 0.1.0), on
    /// today's form: 該当なし where it is not allowed, ×, △ without an explanation, a bare
    /// reference, a blank answer, an altered requirement text and the sheet renamed.
    pub fn with_the_typical_faults(&mut self) -> &mut Self {
        self.set("OUT-01", "回答", "該当なし")
            .set("AUTH-01", "回答", "×")
            .set("AUTH-02", "回答", "△")
            .set("AUTH-02", "対応内容・実現方法", "")
            .set("LOG-01", "回答", "別紙参照")
            .set("LOG-02", "回答", "");
        let text = self.get("CRY-02", "要件");
        let altered = text.replace("TLS 1.2", "TLS 1.0");
        assert_ne!(altered, text, "CRY-02 no longer says TLS 1.2");
        self.set("CRY-02", "要件", &altered);
        self.rename_answer_sheet("回答（サンプル社）");
        self
    }

    /// Everything in a workbook kijun wrote (all sheets, hidden ones too).
    pub fn read(path: &Path) -> Filled {
        let mut wb = open_workbook_auto(path).expect("open workbook");
        let metas: Vec<_> = wb
            .sheets_metadata()
            .iter()
            .map(|m| (m.name.clone(), m.visible != SheetVisible::Visible))
            .collect();
        let mut sheets = Vec::new();
        for (name, hidden) in metas {
            let range = wb.worksheet_range(&name).expect("sheet");
            let (h, w) = range
                .end()
                .map_or((0, 0), |(r, c)| (r as usize + 1, c as usize + 1));
            let rows = (0..h)
                .map(|r| {
                    (0..w)
                        .map(|c| {
                            range
                                .get_value((r as u32, c as u32))
                                .map(text)
                                .unwrap_or_default()
                        })
                        .collect()
                })
                .collect();
            sheets.push(SheetData {
                name,
                hidden,
                rows,
                merges: Vec::new(),
            });
        }
        Filled { sheets }
    }

    pub fn answers(&mut self) -> &mut SheetData {
        self.sheets
            .iter_mut()
            .find(|s| {
                s.rows
                    .iter()
                    .take(10)
                    .any(|r| r.iter().any(|c| c == "要件ID"))
            })
            .expect("answer sheet")
    }

    pub fn header_row(&mut self) -> usize {
        self.answers()
            .rows
            .iter()
            .position(|r| r.iter().any(|c| c == "要件ID"))
            .expect("header")
    }

    pub fn col(&mut self, header: &str) -> usize {
        let h = self.header_row();
        self.answers().rows[h]
            .iter()
            .position(|c| c == header)
            .unwrap_or_else(|| panic!("no column {header}"))
    }

    /// 0-based row of a requirement.
    pub fn row_of(&mut self, id: &str) -> usize {
        let c = self.col("要件ID");
        self.answers()
            .rows
            .iter()
            .position(|r| r.get(c).is_some_and(|v| v == id))
            .unwrap_or_else(|| panic!("no row {id}"))
    }

    pub fn ids(&mut self) -> Vec<String> {
        let h = self.header_row();
        let c = self.col("要件ID");
        self.answers().rows[h + 1..]
            .iter()
            .map(|r| r[c].clone())
            .filter(|v| !v.is_empty())
            .collect()
    }

    pub fn get(&mut self, id: &str, header: &str) -> String {
        let (r, c) = (self.row_of(id), self.col(header));
        self.answers().rows[r][c].clone()
    }

    pub fn set(&mut self, id: &str, header: &str, value: &str) -> &mut Self {
        let (r, c) = (self.row_of(id), self.col(header));
        let row = &mut self.answers().rows[r];
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = value.to_string();
        self
    }

    /// A complete, clean response: every row 対応 with an explanation of its own (the
    /// same text pasted into every row is flagged) and, where the requirement asks for
    /// evidence, an evidence reference.
    pub fn answer_everything(&mut self) -> &mut Self {
        let h = self.header_row();
        let (id, req, ans, exp, ev) = (
            self.col("要件ID"),
            self.col("要件"),
            self.col("回答"),
            self.col("対応内容・実現方法"),
            self.col("証跡・根拠資料"),
        );
        for row in self.answers().rows[h + 1..].iter_mut() {
            if row[id].is_empty() {
                continue;
            }
            row[ans] = "対応".into();
            row[exp] = format!(
                "{} は、標準機能の設定と運用手順（設計書 {} 節）で満たします。",
                row[id], row[id]
            );
            if row[req].contains("【証跡】") {
                row[ev] = "別添資料1（第3章）".into();
            }
        }
        self.set_vendor("株式会社テスト")
    }

    pub fn set_vendor(&mut self, name: &str) -> &mut Self {
        let sheet = self.answers();
        if let Some(row) = sheet
            .rows
            .iter_mut()
            .find(|r| r.first().is_some_and(|c| c == "事業者名"))
        {
            row[2] = name.to_string();
        }
        self
    }

    pub fn delete_row(&mut self, id: &str) -> &mut Self {
        let r = self.row_of(id);
        self.answers().rows.remove(r);
        self
    }

    pub fn duplicate_row(&mut self, id: &str) -> &mut Self {
        let r = self.row_of(id);
        let copy = self.answers().rows[r].clone();
        self.answers().rows.insert(r + 1, copy);
        self
    }

    pub fn insert_row(&mut self, before_id: &str, cells: &[(&str, &str)]) -> &mut Self {
        let r = self.row_of(before_id);
        let width = self.answers().rows[r].len();
        let mut row = vec![String::new(); width];
        for (h, v) in cells {
            let c = self.col(h);
            row[c] = v.to_string();
        }
        self.answers().rows.insert(r, row);
        self
    }

    /// Move a column to another position (every row).
    pub fn move_column(&mut self, header: &str, to: usize) -> &mut Self {
        let c = self.col(header);
        for row in self.answers().rows.iter_mut() {
            if row.len() > c {
                let v = row.remove(c);
                let at = to.min(row.len());
                row.insert(at, v);
            }
        }
        self
    }

    pub fn remove_column(&mut self, header: &str) -> &mut Self {
        let c = self.col(header);
        for row in self.answers().rows.iter_mut() {
            if row.len() > c {
                row.remove(c);
            }
        }
        self
    }

    pub fn rename_header(&mut self, from: &str, to: &str) -> &mut Self {
        let (h, c) = (self.header_row(), self.col(from));
        self.answers().rows[h][c] = to.to_string();
        self
    }

    /// Merge a column's cells over the rows of two or more requirements (first row's value).
    pub fn merge_down(&mut self, header: &str, from_id: &str, to_id: &str) -> &mut Self {
        let (r1, r2, c) = (self.row_of(from_id), self.row_of(to_id), self.col(header));
        for r in r1 + 1..=r2 {
            self.answers().rows[r][c].clear();
        }
        self.answers()
            .merges
            .push((r1 as u32, c as u16, r2 as u32, c as u16));
        self
    }

    pub fn rename_answer_sheet(&mut self, name: &str) -> &mut Self {
        self.answers().name = name.to_string();
        self
    }

    pub fn drop_sheet(&mut self, name: &str) -> &mut Self {
        self.sheets.retain(|s| s.name != name);
        self
    }

    /// Put the answer sheet first (sheets reordered).
    pub fn answer_sheet_first(&mut self) -> &mut Self {
        let i = self
            .sheets
            .iter()
            .position(|s| {
                s.rows
                    .iter()
                    .take(10)
                    .any(|r| r.iter().any(|c| c == "要件ID"))
            })
            .expect("answer sheet");
        let s = self.sheets.remove(i);
        self.sheets.insert(0, s);
        self
    }

    pub fn write_xlsx(&self, path: &Path) {
        self.write_xlsx_with(path, |_| {}, |_, _| {});
    }

    /// [`Filled::write_xlsx`], with `before` adding sheets ahead of the workbook's and
    /// `each` writing more into each of its sheets.
    pub fn write_xlsx_with(
        &self,
        path: &Path,
        before: impl FnOnce(&mut rust_xlsxwriter::Workbook),
        each: impl Fn(&SheetData, &mut rust_xlsxwriter::Worksheet),
    ) {
        let mut wb = rust_xlsxwriter::Workbook::new();
        before(&mut wb);
        for s in &self.sheets {
            let ws = wb.add_worksheet();
            ws.set_name(&s.name).expect("name");
            ws.set_hidden(s.hidden);
            for (r, row) in s.rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    let merged_away = s.merges.iter().any(|&(r1, c1, r2, c2)| {
                        (r as u32, c as u16) != (r1, c1)
                            && (r1..=r2).contains(&(r as u32))
                            && (c1..=c2).contains(&(c as u16))
                    });
                    if !v.is_empty() && !merged_away {
                        ws.write_string(r as u32, c as u16, v).expect("write");
                    }
                }
            }
            for &(r1, c1, r2, c2) in &s.merges {
                let v = s
                    .rows
                    .get(r1 as usize)
                    .and_then(|r| r.get(c1 as usize))
                    .cloned()
                    .unwrap_or_default();
                ws.merge_range(r1, c1, r2, c2, &v, &rust_xlsxwriter::Format::new())
                    .expect("merge");
            }
            each(s, ws);
        }
        wb.save(path).expect("save xlsx");
    }

    /// The answer sheet as CSV, in UTF-8 (with BOM if asked) or Shift_JIS.
    pub fn write_csv(&mut self, path: &Path, encoding: CsvEncoding) {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        for row in &self.answers().rows {
            w.write_record(row).expect("csv row");
        }
        let text = String::from_utf8(w.into_inner().expect("csv")).expect("utf8");
        let bytes = match encoding {
            CsvEncoding::Utf8 => text.into_bytes(),
            CsvEncoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
            CsvEncoding::ShiftJis => encoding_rs::SHIFT_JIS.encode(&text).0.into_owned(),
        };
        std::fs::write(path, bytes).expect("write csv");
    }

    /// A minimal OpenDocument spreadsheet with every sheet (hidden ones marked hidden).
    pub fn write_ods(&self, path: &Path) {
        let esc = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
        };
        let mut content = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.2"><office:automatic-styles><style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style><style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles><office:body><office:spreadsheet>"#,
        );
        for s in &self.sheets {
            content.push_str(&format!(
                r#"<table:table table:name="{}" table:style-name="{}">"#,
                esc(&s.name),
                if s.hidden { "ta2" } else { "ta1" }
            ));
            for (r, row) in s.rows.iter().enumerate() {
                content.push_str("<table:table-row>");
                for (c, v) in row.iter().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    let starts = s.merges.iter().find(|m| (m.0, m.1) == (r, c));
                    let covered = s.merges.iter().any(|&(r1, c1, r2, c2)| {
                        (r, c) != (r1, c1) && (r1..=r2).contains(&r) && (c1..=c2).contains(&c)
                    });
                    let span = starts.map_or(String::new(), |&(r1, c1, r2, c2)| {
                        format!(
                            r#" table:number-rows-spanned="{}" table:number-columns-spanned="{}""#,
                            r2 - r1 + 1,
                            c2 - c1 + 1
                        )
                    });
                    if covered {
                        content.push_str("<table:covered-table-cell/>");
                    } else if v.is_empty() {
                        content.push_str(&format!("<table:table-cell{span}/>"));
                    } else {
                        content.push_str(&format!(
                            r#"<table:table-cell office:value-type="string"{span}>"#
                        ));
                        for line in v.split('\n') {
                            content.push_str(&format!("<text:p>{}</text:p>", esc(line)));
                        }
                        content.push_str("</table:table-cell>");
                    }
                }
                content.push_str("</table:table-row>");
            }
            content.push_str("</table:table>");
        }
        content.push_str("</office:spreadsheet></office:body></office:document-content>");
        write_ods_content(path, &content);
    }
}

/// An OpenDocument spreadsheet whose `content.xml` is `content`, as given.
pub fn write_ods_content(path: &Path, content: &str) {
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let file = std::fs::File::create(path).expect("create ods");
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).expect("zip");
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("zip");
    zip.start_file("content.xml", deflated).expect("zip");
    zip.write_all(content.as_bytes()).expect("zip");
    zip.start_file("META-INF/manifest.xml", deflated)
        .expect("zip");
    zip.write_all(manifest.as_bytes()).expect("zip");
    zip.finish().expect("zip");
}

#[derive(Debug, Clone, Copy)]
pub enum CsvEncoding {
    Utf8,
    Utf8Bom,
    ShiftJis,
}
