//! Merged regions of an xlsx worksheet, found without parsing the sheet a second time.
//!
//! calamine reads merged regions by running its XML reader over the whole worksheet
//! again, which made reading a 20,000-row response 30 % slower (docs/PERFORMANCE.md).
//! The regions sit in one `<mergeCells>` element after `</sheetData>`, so a byte search
//! over the inflated part, read in pieces and only its tail kept, finds them at a
//! fraction of the cost and without holding the part in memory.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::Dimensions;
use quick_xml::events::Event;

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The index of a part by name; some writers separate folders with `\`.
fn index_of(zip: &mut Archive<'_>, name: &str) -> Option<usize> {
    zip.index_for_name(name).or_else(|| {
        (0..zip.len()).find(|&i| {
            zip.name_for_index(i)
                .and_then(|n| n.ok())
                .is_some_and(|n| n.replace('\\', "/") == name)
        })
    })
}

fn part(zip: &mut Archive<'_>, name: &str, limit: u64) -> Option<Vec<u8>> {
    let index = index_of(zip, name)?;
    let f = zip.by_index(index).ok()?;
    let mut out = Vec::with_capacity(f.size().min(limit) as usize);
    f.take(limit).read_to_end(&mut out).ok()?;
    Some(out)
}

/// Attributes of every element named `tag` (local name) in an XML part.
fn elements(xml: &[u8], tag: &[u8]) -> Vec<HashMap<String, String>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == tag => {
                let attrs = e
                    .attributes()
                    .flatten()
                    .filter_map(|a| {
                        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                        let value = a
                            .decoded_and_normalized_value(
                                quick_xml::XmlVersion::Implicit1_0,
                                reader.decoder(),
                            )
                            .ok()?
                            .into_owned();
                        Some((key, value))
                    })
                    .collect();
                out.push(attrs);
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

/// Sheet name → path of its part inside the archive.
fn sheet_parts(zip: &mut Archive<'_>) -> HashMap<String, String> {
    let Some(wb) = part(zip, "xl/workbook.xml", 16 << 20) else {
        return HashMap::new();
    };
    let Some(rels) = part(zip, "xl/_rels/workbook.xml.rels", 16 << 20) else {
        return HashMap::new();
    };
    let targets: HashMap<String, String> = elements(&rels, b"Relationship")
        .into_iter()
        .filter_map(|a| Some((a.get("Id")?.clone(), a.get("Target")?.clone())))
        .collect();
    elements(&wb, b"sheet")
        .into_iter()
        .filter_map(|a| {
            let id = a
                .iter()
                .find(|(k, _)| k.ends_with(":id"))
                .map(|(_, v)| v.clone())?;
            let target = targets.get(&id)?;
            let path = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            Some((a.get("name")?.clone(), path))
        })
        .collect()
}

/// `B12` → (11, 1), 0-based.
fn cell_ref(s: &str) -> Option<(u32, u32)> {
    let s = s.replace('$', "");
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters.bytes().try_fold(0u32, |acc, b| {
        b.is_ascii_uppercase()
            .then(|| acc * 26 + u32::from(b - b'A' + 1))
    })?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// The merged regions of each named sheet of an xlsx held in `bytes`.
pub(crate) struct XlsxMerges<'a> {
    zip: Archive<'a>,
    parts: HashMap<String, String>,
}

impl<'a> XlsxMerges<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Option<XlsxMerges<'a>> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let parts = sheet_parts(&mut zip);
        Some(XlsxMerges { zip, parts })
    }

    /// Merged regions of a sheet; none when the sheet or its part cannot be found.
    pub(crate) fn of(&mut self, sheet: &str) -> Vec<Dimensions> {
        let Some(path) = self.parts.get(sheet).cloned() else {
            return Vec::new();
        };
        let Some(index) = index_of(&mut self.zip, &path) else {
            return Vec::new();
        };
        let Ok(file) = self.zip.by_index(index) else {
            return Vec::new();
        };
        let tail = after_sheet_data(file);
        let Some(start) = memchr::memmem::find(&tail, b"<mergeCells") else {
            return Vec::new();
        };
        let end = memchr::memmem::find(&tail[start..], b"</mergeCells>")
            .map_or(tail.len(), |e| start + e);
        elements(&tail[start..end], b"mergeCell")
            .into_iter()
            .filter_map(|a| {
                let (from, to) = a.get("ref")?.split_once(':')?;
                let (start, end) = (cell_ref(from)?, cell_ref(to)?);
                (start.0 <= end.0 && start.1 <= end.1).then_some(Dimensions { start, end })
            })
            .collect()
    }
}

/// What follows the last `</sheetData>` of a worksheet part (the whole part if it has
/// none), read in pieces; at most [`TAIL_LIMIT`] bytes of it.
fn after_sheet_data(mut r: impl Read) -> Vec<u8> {
    const END: &[u8] = b"</sheetData>";
    let finder = memchr::memmem::FinderRev::new(END);
    let mut tail: Vec<u8> = Vec::new();
    let mut seen = false;
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match r.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        // Search the new bytes and the few before them (a tag split between reads).
        let from = tail.len().saturating_sub(END.len() - 1);
        tail.extend_from_slice(&chunk[..n]);
        if let Some(i) = finder.rfind(&tail[from..]) {
            tail.drain(..from + i);
            seen = true;
        }
        if tail.len() > TAIL_LIMIT {
            if !seen {
                // No </sheetData> yet: the cells, not wanted; keep what may start the tag.
                tail.drain(..tail.len() - (END.len() - 1));
            } else {
                tail.truncate(TAIL_LIMIT);
                break;
            }
        }
    }
    tail
}

/// The most of a worksheet's tail kept to find its merged regions.
const TAIL_LIMIT: usize = 16 * 1024 * 1024;

#[cfg(test)]
mod tests {
    use super::{after_sheet_data, cell_ref};

    #[test]
    fn the_tail_after_the_cells_is_found_across_reads() {
        let xml = format!(
            "<worksheet><sheetData>{}</sheetData><mergeCells><mergeCell ref=\"A1:A3\"/></mergeCells></worksheet>",
            "<row/>".repeat(30_000)
        );
        let tail = after_sheet_data(xml.as_bytes());
        assert!(
            tail.starts_with(b"</sheetData><mergeCells>"),
            "{:?}",
            &tail[..20]
        );
        // A tag split between two reads of 64 KiB.
        let pad = 64 * 1024 - 5;
        let xml = format!("{}</sheetData><mergeCells/>", " ".repeat(pad));
        assert!(after_sheet_data(xml.as_bytes()).starts_with(b"</sheetData>"));
    }

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("$H$12"), Some((11, 7)));
        assert_eq!(cell_ref("AA3"), Some((2, 26)));
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(cell_ref("12"), None);
    }
}
