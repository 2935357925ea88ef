//! The parts of a zip-based workbook checked before the reader opens it: what the
//! reader would allocate from a count or a length the file declares.
//!
//! - Each part unpacked must fit [`Budget::part_bytes`] (the XML reader holds one event
//!   whole, so a part of nothing but spaces costs its whole size).
//! - The shared strings are all read when the file opens, and the reader reserves room
//!   for as many as the `<sst>` element's `uniqueCount` says: a 71 KB file declaring
//!   4 billion asked for 96 GB. That element is found here with the reader's own XML
//!   parser and settings (comments, spaces, a BOM, processing instructions or a DOCTYPE
//!   before it do not hide it), its count read with the reader's own integer parser,
//!   and the count, the part's size and the number of strings in it held to the budget.
//! - An xlsb record's declared length is allocated before it is read; it must fit in
//!   what is left of its part.
//!
//! [`Budget::part_bytes`]: super::limits::Budget::part_bytes

use std::io::{BufRead, BufReader, Read};

use calamine_xml::events::Event;

use super::limits::{megabytes, BUDGET};

/// A zip entry: its name with `/` separators (as the reader looks names up), its
/// declared unpacked size (the zip reader refuses to inflate beyond it), its index.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) size: u64,
    pub(crate) index: usize,
}

impl Entry {
    /// The name as the reader matches it: lower case.
    fn key(&self) -> String {
        self.name.to_ascii_lowercase()
    }
}

type Archive<'a> = zip::ZipArchive<std::io::Cursor<&'a Vec<u8>>>;

/// The least XML one shared string takes: `<si/>`.
const MIN_BYTES_PER_STRING: u64 = 5;

/// A part too large to parse, named. The shared strings are held to a bound of their
/// own ([`check_workbook`]).
pub(crate) fn part_too_large(entries: &[Entry]) -> Option<String> {
    let e = entries
        .iter()
        .find(|e| e.size > BUDGET.part_bytes && !is_shared_strings(&e.key()))?;
    Some(format!(
        "ファイル内の部品 {} が展開後 {} あり、1 部品の上限（{}）を超えます",
        e.name,
        megabytes(e.size),
        megabytes(BUDGET.part_bytes)
    ))
}

/// Check the parts of an xlsx, xlsm or xlsb before the reader opens it.
pub(crate) fn check_workbook(archive: &mut Archive<'_>, entries: &[Entry]) -> Result<(), String> {
    for e in entries {
        let key = e.key();
        if is_shared_strings(&key) {
            shared_strings(archive, e, key.ends_with(".xml"))?;
        }
    }
    if entries.iter().any(|e| e.key() == "xl/workbook.bin") {
        for e in entries.iter().filter(|e| read_as_records(&e.key())) {
            records(archive, e)?;
        }
    }
    Ok(())
}

/// Whether the reader may open this part as the shared strings: it looks the name up in
/// lower case, under the folder the package's relationships name.
fn is_shared_strings(key: &str) -> bool {
    key.ends_with("sharedstrings.xml") || key.ends_with("sharedstrings.bin")
}

/// The shared strings: the part's size, the count it declares, how many there are.
fn shared_strings(archive: &mut Archive<'_>, e: &Entry, xml: bool) -> Result<(), String> {
    if e.size > BUDGET.shared_strings_bytes {
        return Err(format!(
            "共有文字列の部品 {} が展開後 {} あり、上限（{}）を超えます。1 ファイルで読み込む文字列の量を超えるため読み込みません",
            e.name,
            megabytes(e.size),
            megabytes(BUDGET.shared_strings_bytes)
        ));
    }
    let Ok(file) = archive.by_index(e.index) else {
        return Ok(()); // the reader cannot open it either
    };
    let mut rest = BufReader::new(file);
    let utf16 = rest.fill_buf().map_or(Utf16::No, Utf16::of);
    if xml {
        let (declared, after) = declared_count(rest);
        if let Some(n) = declared {
            if n > BUDGET.shared_strings || n > e.size / MIN_BYTES_PER_STRING + 1 {
                return Err(format!(
                    "共有文字列の数が {n} 個と宣言されていますが、その部品（{}、{} バイト）にはそれほどの文字列は入りません。ファイルが壊れているか改変されているため読み込みません",
                    e.name, e.size
                ));
            }
        }
        match after {
            Some(r) => rest = r,
            None => return Ok(()),
        }
    }
    let found = if xml {
        count_strings(&mut rest, utf16)
    } else {
        // BrtSSTItem records: at least 6 bytes each.
        e.size / 6
    };
    if found > BUDGET.shared_strings {
        return Err(format!(
            "共有文字列の部品 {} に文字列がおよそ {found} 個あり、上限（{} 個）を超えます",
            e.name, BUDGET.shared_strings
        ));
    }
    Ok(())
}

/// The `uniqueCount` of the first `<sst>` element, found exactly as the reader finds it
/// (the same parser, version and settings; the same attribute scan and integer parser),
/// and the part's reader positioned after that element. `None` for the count when the
/// reader reserves nothing; `None` for the rest when it stops reading there.
fn declared_count<R: BufRead>(input: R) -> (Option<u64>, Option<R>) {
    let mut xml = calamine_xml::Reader::from_reader(input);
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::with_capacity(1024);
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                let count = raw_attr(e.attributes_raw(), "uniqueCount")
                    .and_then(|v| atoi_simd::parse::<usize, true, false>(v.as_bytes()).ok())
                    .map(|n| n as u64);
                drop(e);
                return (count, Some(xml.into_inner()));
            }
            Ok(Event::Eof) | Err(_) => return (None, None),
            Ok(_) => {}
        }
    }
}

/// The value of attribute `name` in an element's raw attribute text, scanned as the
/// reader scans it: keys up to `=`, quoted values, the first malformed one ends the scan.
fn raw_attr<'a>(raw: &'a str, name: &str) -> Option<&'a str> {
    let bytes = raw.as_bytes();
    let mut pos = 0;
    loop {
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= bytes.len() {
            return None;
        }
        let key_start = pos;
        while pos < bytes.len() && bytes[pos] != b'=' {
            pos += 1;
        }
        if pos >= bytes.len() {
            return None;
        }
        let key = raw[key_start..pos].trim_ascii_end();
        pos += 1;
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let quote = *bytes.get(pos)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        pos += 1;
        let start = pos;
        while pos < bytes.len() && bytes[pos] != quote {
            pos += 1;
        }
        if key == name {
            return Some(&raw[start..pos]);
        }
        pos = (pos + 1).min(bytes.len());
    }
}

/// Whether a part is in UTF-16 (which the reader also accepts), from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Utf16 {
    No,
    Le,
    Be,
}

impl Utf16 {
    fn of(head: &[u8]) -> Utf16 {
        match head {
            [0xFF, 0xFE, ..] | [b'<', 0, ..] => Utf16::Le,
            [0xFE, 0xFF, ..] | [0, b'<', ..] => Utf16::Be,
            _ => Utf16::No,
        }
    }
}

/// How many `<si>` elements the rest of the part may hold: every `<si` or `:si`.
/// Counts too many rather than too few.
fn count_strings(r: &mut impl Read, encoding: Utf16) -> u64 {
    let patterns: [&[u8]; 2] = match encoding {
        Utf16::No => [b"<si", b":si"],
        Utf16::Le => [b"<\0s\0i\0", b":\0s\0i\0"],
        Utf16::Be => [b"\0<\0s\0i", b"\0:\0s\0i"],
    };
    let finders: Vec<memchr::memmem::Finder<'_>> =
        patterns.iter().map(memchr::memmem::Finder::new).collect();
    let mut count = 0u64;
    let mut window: Vec<u8> = Vec::with_capacity(64 * 1024 + 8);
    let mut chunk = vec![0u8; 64 * 1024];
    // Bytes carried over from the last read, so a match across two reads is found;
    // a match within them alone was counted already.
    let mut carried = 0;
    loop {
        let n = match r.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        window.extend_from_slice(&chunk[..n]);
        for (f, p) in finders.iter().zip(patterns) {
            count += f
                .find_iter(&window)
                .filter(|&i| i + p.len() > carried)
                .count() as u64;
        }
        carried = window.len().min(5);
        window.drain(..window.len() - carried);
    }
    count
}

/// Whether the reader reads an xlsb part as records (the workbook, its styles and
/// shared strings, and sheets, which it finds under these folders).
fn read_as_records(key: &str) -> bool {
    matches!(
        key,
        "xl/workbook.bin" | "xl/sharedstrings.bin" | "xl/styles.bin"
    ) || ["xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/"]
        .iter()
        .any(|p| key.starts_with(p))
}

/// Walk an xlsb part's records (a 1–2 byte type, a 1–4 byte length, the data): a
/// record longer than what is left of the part would still be allocated first.
fn records(archive: &mut Archive<'_>, e: &Entry) -> Result<(), String> {
    /// Lengths up to this are allocated without concern.
    const SMALL: u64 = 1024 * 1024;
    let Ok(file) = archive.by_index(e.index) else {
        return Ok(());
    };
    let mut r = BufReader::new(file);
    let mut at: u64 = 0;
    fn byte(r: &mut impl Read, at: &mut u64) -> Option<u8> {
        let mut b = [0u8];
        r.read_exact(&mut b).ok()?;
        *at += 1;
        Some(b[0])
    }
    loop {
        let Some(t) = byte(&mut r, &mut at) else {
            return Ok(());
        };
        if t & 0x80 != 0 && byte(&mut r, &mut at).is_none() {
            return Ok(());
        }
        let mut len: u64 = 0;
        for i in 0..4 {
            let Some(b) = byte(&mut r, &mut at) else {
                return Ok(());
            };
            len += u64::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        let left = e.size.saturating_sub(at);
        if len > left && len > SMALL {
            return Err(format!(
                "部品 {} の {} バイト目のレコードの長さが {len} バイトと宣言されていますが、部品の残りは {left} バイトです。ファイルが壊れているか改変されているため読み込みません",
                e.name, at
            ));
        }
        match std::io::copy(&mut (&mut r).take(len), &mut std::io::sink()) {
            Ok(n) if n == len => at += len,
            _ => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(xml: &str) -> Option<u64> {
        declared_count(xml.as_bytes()).0
    }

    #[test]
    fn the_real_sst_element_is_found_past_whatever_comes_first() {
        let big = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="9" uniqueCount="4000000000"><si><t>a</t></si></sst>"#;
        assert_eq!(count(big), Some(4_000_000_000));
        // A comment naming a small count before the real element.
        let commented = format!("<?xml version=\"1.0\"?><!-- <sst uniqueCount=\"1\"> -->{big}");
        assert_eq!(count(&commented), Some(4_000_000_000));
        // 5,000 spaces, a BOM, a processing instruction and a DOCTYPE before it.
        let padded = format!(
            "\u{FEFF}<?xml version=\"1.0\"?>{}<?pi x?><!DOCTYPE sst [<!ENTITY a \"b\">]>{big}",
            " ".repeat(5000)
        );
        assert_eq!(count(&padded), Some(4_000_000_000));
        // A prefixed element, an empty one, single quotes, leading zeros and a plus.
        assert_eq!(count(r#"<x:sst uniqueCount='000000000007'/>"#), Some(7));
        assert_eq!(count(r#"<sst uniqueCount="+7">"#), None);
        // A CDATA section that looks like the element is not it.
        assert_eq!(
            count(r#"<a><![CDATA[<sst uniqueCount="1">]]></a><sst uniqueCount="5">"#),
            Some(5)
        );
    }

    #[test]
    fn attributes_are_scanned_as_the_reader_scans_them() {
        assert_eq!(
            raw_attr(r#" count="1" uniqueCount="2""#, "uniqueCount"),
            Some("2")
        );
        assert_eq!(raw_attr(r#" a:uniqueCount="2""#, "uniqueCount"), None);
        assert_eq!(raw_attr(r#" broken uniqueCount="2""#, "uniqueCount"), None);
        assert_eq!(
            raw_attr(r#" uniqueCount = '3' x"#, "uniqueCount"),
            Some("3")
        );
    }

    #[test]
    fn strings_are_counted_in_utf8_and_utf16() {
        let xml = "<sst><si><t>a</t></si><x:si/><si><t>b</t></si></sst>";
        assert_eq!(count_strings(&mut xml.as_bytes(), Utf16::No), 3);
        for (bytes, order) in [
            (
                xml.encode_utf16()
                    .flat_map(|u| u.to_le_bytes())
                    .collect::<Vec<u8>>(),
                Utf16::Le,
            ),
            (
                xml.encode_utf16().flat_map(|u| u.to_be_bytes()).collect(),
                Utf16::Be,
            ),
        ] {
            assert_eq!(Utf16::of(&bytes), order);
            assert_eq!(count_strings(&mut &bytes[..], order), 3);
        }
        // Across the boundary of two reads.
        let long = format!("{}<si/>", " ".repeat(64 * 1024 - 2));
        assert_eq!(count_strings(&mut long.as_bytes(), Utf16::No), 1);
    }
}
