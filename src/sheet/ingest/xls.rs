//! An .xls checked before the reader opens it. The reader lays out every sheet when it
//! opens the file: it reserves room for the cells each sheet's DIMENSIONS record
//! declares, lays out every cell between the outermost ones, reads the whole shared
//! string table (SST) and copies a shared string into each cell that uses it. So the
//! BIFF records are walked here first, as the reader walks them, and the file is
//! refused if any of that would exceed the budget (fuzzing found a 25 KB .xls that
//! asked for 90 GB).

use std::io::{Cursor, Read};

use super::limits::{too_large, Span, Spent, BUDGET, MAX_FILE_BYTES};
use crate::a1::address;

/// Decoded text takes at most this many UTF-8 bytes per character the file declares:
/// an 8-bit character is widened to two bytes before decoding, and each may decode to
/// a 3-byte replacement character.
const UTF8_PER_CHAR: u64 = 6;

/// Check every sheet of an .xls (BIFF records in the compound file) before the reader
/// lays them out. Sheets are found as the reader finds them, from the BOUNDSHEET
/// offsets. Returns why the file is refused, if it is.
pub(crate) fn check_xls(bytes: &[u8]) -> Result<(), String> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|_| "複合ファイルとして読めません".to_string())?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or("ブックのデータ（Workbook ストリーム）がありません")?;
    let mut stream = Vec::new();
    file.open_stream(name)
        .and_then(|s| s.take(MAX_FILE_BYTES).read_to_end(&mut stream))
        .map_err(|_| "ブックのデータ（Workbook ストリーム）を読めません".to_string())?;
    let mut sheets = Vec::new();
    let mut sst = Vec::new();
    for r in Records::at(&stream, 0) {
        match r.kind {
            // BOUNDSHEET: where the sheet starts, and its name.
            0x0085 => {
                if let Some(start) = u32_at(r.data, 0) {
                    sheets.push((start, boundsheet_name(r.data)));
                }
            }
            // SST: the reader keeps the last one.
            0x00FC => sst = shared_strings(&r)?,
            0x000A => break, // EOF of the workbook globals
            _ => {}
        }
    }
    let mut spent = Spent::default();
    for (start, name) in sheets {
        check_sheet(&stream, start as usize, &sst, &name, &mut spent)?;
    }
    Ok(())
}

/// The sheet name of a BOUNDSHEET record (a ShortXLUnicodeString after 6 bytes).
fn boundsheet_name(data: &[u8]) -> String {
    let (Some(&len), Some(&flags)) = (data.get(6), data.get(7)) else {
        return String::new();
    };
    let len = usize::from(len);
    let body = data.get(8..).unwrap_or(&[]);
    if flags & 1 == 1 {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .take(len)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        body.iter().take(len).map(|&b| char::from(b)).collect()
    }
}

fn u16_at(d: &[u8], i: usize) -> Option<u32> {
    d.get(i..i + 2)
        .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    d.get(i..i + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// A BIFF record with the CONTINUE records after it, as the reader groups them.
struct Record<'a> {
    kind: u32,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

/// BIFF records from a stream offset.
struct Records<'a> {
    stream: &'a [u8],
    pos: usize,
}

impl<'a> Records<'a> {
    fn at(stream: &'a [u8], pos: usize) -> Self {
        Records { stream, pos }
    }

    fn one(&mut self) -> Option<(u32, &'a [u8])> {
        let kind = u16_at(self.stream, self.pos)?;
        let len = u16_at(self.stream, self.pos + 2)? as usize;
        let data = self.stream.get(self.pos + 4..self.pos + 4 + len)?;
        self.pos += 4 + len;
        Some((kind, data))
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Record<'a>;
    fn next(&mut self) -> Option<Self::Item> {
        let (kind, data) = self.one()?;
        let mut cont = Vec::new();
        while u16_at(self.stream, self.pos) == Some(0x003C) {
            match self.one() {
                Some((_, d)) => cont.push(d),
                None => break,
            }
        }
        Some(Record { kind, data, cont })
    }
}

/// The length (characters) of each string of an SST record, read as the reader reads
/// them (MS-XLS 2.4.265, XLUnicodeRichExtendedString 2.5.293, split over CONTINUE
/// records). Where the reader would fail, the strings so far are returned: it fails too.
fn shared_strings(r: &Record<'_>) -> Result<Vec<u16>, String> {
    let mut out = Vec::new();
    let Some(mut data) = r.data.get(8..) else {
        return Ok(out);
    };
    let mut cont = r.cont.iter();
    loop {
        if data.is_empty() {
            match cont.next() {
                Some(d) => data = d,
                None => break,
            }
        }
        if out.len() as u64 >= BUDGET.shared_strings {
            return Err(format!(
                "共有文字列（SST）が {} 個を超えます（上限 {} 個）",
                out.len(),
                BUDGET.shared_strings
            ));
        }
        if data.is_empty() {
            out.push(0);
            continue;
        }
        let (Some(cch), Some(&flags)) = (u16_at(data, 0), data.get(2)) else {
            break;
        };
        data = &data[3..];
        let mut skip: u64 = 0;
        if flags & 0x8 != 0 {
            let Some(runs) = u16_at(data, 0) else { break };
            skip += u64::from(runs) * 4;
            data = &data[2..];
        }
        if flags & 0x4 != 0 {
            let Some(ext) = u32_at(data, 0) else { break };
            // The reader reads it as a signed length; a negative one fails.
            skip += u64::from(ext);
            data = &data[4..];
        }
        out.push(cch as u16);
        // The characters, 1 or 2 bytes each, switching width at each CONTINUE.
        let mut left = u64::from(cch);
        let mut wide = flags & 0x1 != 0;
        loop {
            let width = if wide { 2 } else { 1 };
            let here = (data.len() as u64 / width).min(left);
            data = &data[(here * width) as usize..];
            left -= here;
            if left == 0 {
                break;
            }
            let Some(d) = cont.next() else {
                return Ok(out);
            };
            let Some(&f) = d.first() else {
                return Ok(out);
            };
            wide = f & 0x1 != 0;
            data = &d[1..];
        }
        // Formatting runs and phonetic data after the characters.
        while skip > 0 {
            if data.is_empty() {
                match cont.next() {
                    Some(d) => data = d,
                    None => return Ok(out),
                }
            }
            let n = (data.len() as u64).min(skip);
            data = &data[n as usize..];
            skip -= n;
        }
    }
    Ok(out)
}

/// One sheet's substream: its DIMENSIONS, the span of its cells, and the text its cells
/// take (each LABELSST a copy of its shared string), counted against the file's budget.
fn check_sheet(
    stream: &[u8],
    start: usize,
    sst: &[u16],
    name: &str,
    spent: &mut Spent,
) -> Result<(), String> {
    let mut span = Span::default();
    let mut text: u64 = 0;
    let mut depth = 0usize;
    let mut seen_bof = false;
    for r in Records::at(stream, start) {
        let data = r.data;
        if depth > 0 {
            match r.kind {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match r.kind {
            // The sheet's own BOF, then embedded substreams (charts) with their own EOF.
            0x0809 if !seen_bof => seen_bof = true,
            0x0809 => depth += 1,
            0x000A => break,
            0x0200 => dimensions(data).map_err(|why| format!("シート「{name}」の{why}"))?,
            // LABELSST: row, column, format, index into the SST.
            0x00FD => {
                if let (Some(row), Some(c), Some(i)) =
                    (u16_at(data, 0), u16_at(data, 2), u32_at(data, 6))
                {
                    span.add(row, c);
                    let chars = sst.get(i as usize).copied().unwrap_or(0);
                    text = text.saturating_add(u64::from(chars) * UTF8_PER_CHAR);
                }
            }
            // LABEL, RSTRING, and STRING (a formula's text): the text is in the record.
            0x0204 | 0x00D6 | 0x0207 => {
                if let (Some(row), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                    if r.kind != 0x0207 {
                        span.add(row, c);
                    }
                }
                text = text.saturating_add(data.len() as u64 * UTF8_PER_CHAR);
            }
            // Single-cell records: row, column.
            0x0006 | 0x0201 | 0x0203 | 0x0205 | 0x027E => {
                if let (Some(row), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                    span.add(row, c);
                }
            }
            // MULRK / MULBLANK: row, first column, ..., last column.
            0x00BD | 0x00BE => {
                let last = data.len().checked_sub(2).and_then(|i| u16_at(data, i));
                if let (Some(row), Some(c), Some(last)) = (u16_at(data, 0), u16_at(data, 2), last) {
                    span.add(row, c);
                    span.add(row, last);
                }
            }
            _ => {}
        }
    }
    if let Some(why) = span.refusal() {
        return Err(format!("シート「{name}」の{why}"));
    }
    spent.cells(name, span.cells())?;
    spent.text(name, text).map_err(|why| {
        format!("{why}（文字列は 1 文字あたり最大 {UTF8_PER_CHAR} バイトとして見積もっています）")
    })
}

/// DIMENSIONS, read as the reader reads it (MS-XLS 2.4.90): the reader reserves room
/// for every cell it declares.
fn dimensions(data: &[u8]) -> Result<(), String> {
    let (first_row, last_row, first_col, last_col) = match data.len() {
        10 => (
            u16_at(data, 0),
            u16_at(data, 2),
            u16_at(data, 4),
            u16_at(data, 6),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u16_at(data, 8),
            u16_at(data, 10),
        ),
        _ => return Ok(()),
    };
    let (Some(rf), Some(rl), Some(cf), Some(cl)) = (first_row, last_row, first_col, last_col)
    else {
        return Ok(());
    };
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    if rl >= 1 && cl >= 1 {
        if rl - 1 < rf {
            return Err("範囲（DIMENSIONS）が不正です".into());
        }
        if let Some(why) = too_large(u64::from(rl - rf), u64::from(cl - cf)) {
            return Err(format!(
                "範囲（DIMENSIONS）が {}:{} と宣言されており、{why}",
                address((rf, cf)),
                address((rl - 1, cl - 1))
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    #[test]
    fn shared_string_lengths_follow_continue_records() {
        // Two strings: "ab" (8-bit), then "日本語" split over a CONTINUE that switches width.
        let mut sst = vec![0u8; 8];
        sst.extend([2, 0, 0, b'a', b'b']);
        sst.extend([3, 0, 1, 0xE5, 0x65]); // 日, then the record ends
        let mut stream = record(0x00FC, &sst);
        stream.extend(record(0x003C, &[1, 0x2C, 0x67, 0x9E, 0x8A])); // 本語
        stream.extend(record(0x000A, &[]));
        let r = Records::at(&stream, 0).next().expect("record");
        assert_eq!(r.cont.len(), 1);
        assert_eq!(shared_strings(&r).expect("read"), vec![2, 3]);
    }
}
