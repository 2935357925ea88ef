//! What calamine does not read from an OpenDocument spreadsheet: its merged regions
//! (`table:number-rows-spanned` / `number-columns-spanned`). And what it would cost
//! calamine to open it, checked first: calamine lays out every sheet when it opens the
//! file, from what `content.xml` declares. A cell repeated 16,384 times across 1,048,576
//! rows, a value at the far corner, or `<text:s text:c="4000000000"/>` (that many spaces)
//! would make it reserve gigabytes; and a `content.xml` cut off inside a table makes it
//! read on forever. One streaming pass over `content.xml`, with calamine's own XML
//! parser and settings, so it sees the elements calamine sees.

use std::collections::HashMap;
use std::io::{BufReader, Cursor};

use calamine::Dimensions;
use calamine_xml::events::{BytesStart, Event};

use super::limits::{Span, Spent};

/// Merged regions by sheet name.
pub(crate) type OdsMerges = HashMap<String, Vec<Dimensions>>;

fn attr<'e>(e: &'e BytesStart<'_>, name: &str) -> Option<&'e str> {
    // Attribute names are compared as calamine compares them: whole, with the prefix.
    let raw = e.attributes_raw();
    let mut rest = raw;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let body = &after[1..];
        let end = body.find(quote).unwrap_or(body.len());
        if key == name {
            return Some(&body[..end]);
        }
        rest = body.get(end + 1..).unwrap_or("");
    }
    None
}

/// A repeat or span count; 1 when absent or unreadable (calamine refuses those).
fn number(e: &BytesStart<'_>, name: &str) -> u32 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(1, |n| n.min(u64::from(u32::MAX)) as u32)
        .max(1)
}

/// The attributes that make calamine keep a cell (a value, or a formula it lays out in
/// its own grid).
const VALUE_ATTRIBUTES: [&str; 8] = [
    "office:value",
    "office:value-type",
    "office:string-value",
    "office:date-value",
    "office:time-value",
    "office:boolean-value",
    "calcext:value-type",
    "table:formula",
];

/// One sheet being scanned.
struct Sheet {
    name: String,
    row: u32,
    col: u32,
    /// `number-rows-repeated` of the open row.
    repeat: u32,
    span: Span,
    merges: Vec<Dimensions>,
}

/// Merged regions of every sheet, or why the file cannot be laid out within the budget.
pub(crate) fn scan(bytes: &[u8]) -> Result<OdsMerges, String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(OdsMerges::new()); // the caller has opened it already
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(OdsMerges::new());
    };
    let mut reader = calamine_xml::Reader::from_reader(BufReader::new(content));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    let mut inner = Vec::new();
    let mut out = OdsMerges::new();
    let mut spent = Spent::default();
    let mut sheet: Option<Sheet> = None;
    loop {
        buf.clear();
        let event = match reader.read_event_into(&mut buf) {
            Err(_) => break, // calamine stops here too
            Ok(Event::Eof) if sheet.is_some() => {
                return Err("content.xml が表の途中で終わっています".into())
            }
            Ok(Event::Eof) => break,
            Ok(e) => e,
        };
        match (event, sheet.as_mut()) {
            (Event::Start(e), None) if e.name().as_ref() == "table:table" => {
                if let Some(name) = attr(&e, "table:name") {
                    sheet = Some(Sheet {
                        name: name.to_string(),
                        row: 0,
                        col: 0,
                        repeat: 1,
                        span: Span::default(),
                        merges: Vec::new(),
                    });
                }
            }
            (Event::End(e), Some(_)) if e.name().as_ref() == "table:table" => {
                if let Some(s) = sheet.take() {
                    spent.cells(&s.name, s.span.cells()).map_err(|why| {
                        match s.span.far_cells() {
                            Some(far) => format!("{why}。離れたセル {far} に値があります"),
                            None => why,
                        }
                    })?;
                    out.insert(s.name, s.merges);
                }
            }
            (Event::Start(e), Some(s)) if e.name().as_ref() == "table:table-row" => {
                s.col = 0;
                s.repeat = number(&e, "table:number-rows-repeated");
            }
            (Event::End(e), Some(s)) if e.name().as_ref() == "table:table-row" => {
                s.row = s.row.saturating_add(s.repeat);
            }
            (Event::Start(e), Some(s))
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let repeat = number(&e, "table:number-columns-repeated");
                let valued = VALUE_ATTRIBUTES.iter().any(|a| attr(&e, a).is_some());
                if valued {
                    s.span.add(s.row, s.col);
                    s.span.add(
                        s.row.saturating_add(s.repeat - 1),
                        s.col.saturating_add(repeat - 1),
                    );
                }
                let rows = number(&e, "table:number-rows-spanned");
                let cols = number(&e, "table:number-columns-spanned");
                if e.name().as_ref() == "table:table-cell" && (rows > 1 || cols > 1) {
                    s.merges.push(Dimensions {
                        start: (s.row, s.col),
                        end: (
                            s.row.saturating_add(rows - 1),
                            s.col.saturating_add(cols - 1),
                        ),
                    });
                }
                // Each copy of the cell holds its own text: attributes and content.
                let mut text: u64 = [
                    "office:string-value",
                    "office:date-value",
                    "office:time-value",
                    "table:formula",
                ]
                .iter()
                .filter_map(|a| attr(&e, a))
                .map(|v| v.len() as u64)
                .sum();
                let name = e.name().as_ref().to_string();
                text = text.saturating_add(cell_text(&mut reader, &mut inner, &name)?);
                let copies = u64::from(repeat).saturating_mul(u64::from(s.repeat));
                spent
                    .text(&s.name, text.saturating_mul(copies))
                    .map_err(|why| format!("{why}（繰り返し {copies} 回のセルを含みます）"))?;
                s.col = s.col.saturating_add(repeat);
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The UTF-8 bytes calamine may build from a cell's content, up to the cell's end: its
/// text, entities (4 bytes at most), the spaces `<text:s text:c="…"/>` stands for, and a
/// character for each paragraph, tab and line break.
fn cell_text<R: std::io::BufRead>(
    reader: &mut calamine_xml::Reader<R>,
    buf: &mut Vec<u8>,
    cell: &str,
) -> Result<u64, String> {
    let mut text: u64 = 0;
    let mut depth = 0u32;
    loop {
        buf.clear();
        match reader.read_event_into(buf) {
            Ok(Event::Eof) => return Err("content.xml がセルの途中で終わっています".into()),
            Err(_) => return Ok(text),
            Ok(Event::Text(t)) => text = text.saturating_add(t.len() as u64),
            Ok(Event::CData(t)) => text = text.saturating_add(t.len() as u64),
            Ok(Event::GeneralRef(_)) => text = text.saturating_add(4),
            Ok(Event::Start(e)) => {
                if e.name().as_ref() == cell {
                    depth += 1;
                }
                text = text.saturating_add(match e.name().as_ref() {
                    "text:s" => u64::from(number(&e, "text:c")),
                    "text:p" | "text:tab" | "text:line-break" => 1,
                    _ => 0,
                });
            }
            Ok(Event::End(e)) => {
                let name = e.name();
                if matches!(
                    name.as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) && (name.as_ref() != cell || depth == 0)
                {
                    return Ok(text);
                }
                if name.as_ref() == cell {
                    depth -= 1;
                }
            }
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn ods(content: &str) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut z = zip::ZipWriter::new(Cursor::new(&mut out));
            let o = zip::write::SimpleFileOptions::default();
            z.start_file("content.xml", o).expect("zip");
            z.write_all(content.as_bytes()).expect("zip");
            z.finish().expect("zip");
        }
        out
    }

    fn sheet(rows: &str) -> String {
        format!(
            r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="回答">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    }

    #[test]
    fn merged_regions_with_repeated_cells_before_them() {
        let xml = sheet(
            r#"<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="5"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string" table:number-rows-spanned="3" table:number-columns-spanned="1"><text:p>対応</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="2"/><table:covered-table-cell/></table:table-row>"#,
        );
        let m = scan(&ods(&xml)).expect("scan");
        assert_eq!(
            m["回答"],
            vec![Dimensions {
                start: (3, 2),
                end: (5, 2)
            }]
        );
    }

    #[test]
    fn a_stray_cell_at_the_far_corner_is_named() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
<table:table table:name="表紙">
<table:table-row><table:table-cell office:value-type="string"><text:p>表紙</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value="1"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        let why = scan(&ods(xml)).expect_err("refused");
        assert!(why.contains("表紙") && why.contains("XFD1048576"), "{why}");
    }

    #[test]
    fn spaces_and_repeats_that_would_fill_memory_are_refused() {
        let spaces = sheet(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="4000000000"/></text:p></table:table-cell></table:table-row>"#,
        );
        let why = scan(&ods(&spaces)).expect_err("refused");
        assert!(why.contains("「回答」") && why.contains("MB"), "{why}");
        let repeated = sheet(&format!(
            r#"<table:table-row table:number-rows-repeated="300"><table:table-cell table:number-columns-repeated="16000" office:value-type="string" office:string-value="{}"/></table:table-row>"#,
            "x".repeat(100)
        ));
        assert!(scan(&ods(&repeated)).is_err());
    }

    #[test]
    fn content_cut_off_inside_a_table_is_refused() {
        let cut = r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="回答"><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
        assert!(scan(&ods(cut))
            .expect_err("refused")
            .contains("途中で終わって"));
    }
}
