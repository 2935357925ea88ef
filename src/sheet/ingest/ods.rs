//! What calamine does not read from an OpenDocument spreadsheet: its merged regions
//! (`table:number-rows-spanned` / `number-columns-spanned`), and each sheet's span,
//! checked before calamine lays every sheet out at open (a stray cell at the far corner
//! would make it reserve gigabytes). One streaming pass over `content.xml`.

use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};

use super::limits::Span;

/// Sheets whose cells span more than this are refused before calamine lays them out;
/// smaller ones are laid out, and a sheet over the ordinary limits that is not the
/// answer sheet is then left out (see `read::sheets_of`).
const MAX_LAYOUT_CELLS: u64 = 20_000_000;

/// Merged regions by sheet name.
pub(crate) type OdsMerges = HashMap<String, Vec<Dimensions>>;

fn number(e: &BytesStart<'_>, name: &[u8]) -> u32 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| std::str::from_utf8(&a.value).ok()?.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

fn has(e: &BytesStart<'_>, name: &[u8]) -> bool {
    e.attributes().flatten().any(|a| a.key.as_ref() == name)
}

fn text(e: &BytesStart<'_>, name: &[u8]) -> String {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
        .unwrap_or_default()
}

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

/// Merged regions of every sheet, or why a sheet is too large to lay out.
pub(crate) fn scan(bytes: &[u8], limit: u64) -> Result<OdsMerges, String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(OdsMerges::new()); // the caller has opened it already
    };
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(OdsMerges::new());
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content.take(limit)));
    let mut buf = Vec::new();
    let mut out = OdsMerges::new();
    let mut sheet: Option<Sheet> = None;
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) if e.name().as_ref() == b"table:table" => {
                sheet = Some(Sheet {
                    name: text(&e, b"table:name"),
                    row: 0,
                    col: 0,
                    repeat: 1,
                    span: Span::default(),
                    merges: Vec::new(),
                });
            }
            Event::End(e) if e.name().as_ref() == b"table:table" => {
                if let Some(s) = sheet.take() {
                    let (rows, cols) = s.span.size();
                    if rows.saturating_mul(cols) > MAX_LAYOUT_CELLS {
                        return Err(format!(
                            "シート「{}」の{}",
                            s.name,
                            s.span.refusal().unwrap_or_default()
                        ));
                    }
                    out.insert(s.name, s.merges);
                }
            }
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"table:table-row" => {
                if let Some(s) = sheet.as_mut() {
                    s.col = 0;
                    s.repeat = number(&e, b"table:number-rows-repeated");
                    if empty {
                        s.row = s.row.saturating_add(s.repeat);
                    }
                }
            }
            Event::End(e) if e.name().as_ref() == b"table:table-row" => {
                if let Some(s) = sheet.as_mut() {
                    s.row = s.row.saturating_add(s.repeat);
                }
            }
            Event::Start(e) | Event::Empty(e)
                if matches!(
                    e.name().as_ref(),
                    b"table:table-cell" | b"table:covered-table-cell"
                ) =>
            {
                let Some(s) = sheet.as_mut() else { continue };
                let repeat = number(&e, b"table:number-columns-repeated");
                if has(&e, b"office:value-type") {
                    s.span.add(s.row, s.col);
                    s.span.add(
                        s.row.saturating_add(s.repeat - 1),
                        s.col.saturating_add(repeat - 1),
                    );
                }
                let rows = number(&e, b"table:number-rows-spanned");
                let cols = number(&e, b"table:number-columns-spanned");
                if e.name().as_ref() == b"table:table-cell" && (rows > 1 || cols > 1) {
                    s.merges.push(Dimensions {
                        start: (s.row, s.col),
                        end: (
                            s.row.saturating_add(rows - 1),
                            s.col.saturating_add(cols - 1),
                        ),
                    });
                }
                s.col = s.col.saturating_add(repeat);
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
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

    #[test]
    fn merged_regions_with_repeated_cells_before_them() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
<table:table table:name="回答">
<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="5"/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string" table:number-rows-spanned="3" table:number-columns-spanned="1"><text:p>対応</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:covered-table-cell/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        let m = scan(&ods(xml), 1 << 20).expect("scan");
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
<table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        let why = scan(&ods(xml), 1 << 20).expect_err("refused");
        assert!(why.contains("表紙") && why.contains("XFD1048576"), "{why}");
    }
}
