//! Size limits checked before a sheet is laid out in memory. The spreadsheet reader
//! allocates one slot for every cell between the first and the last used one, so two
//! cells far apart in a 25 KB file can ask for gigabytes (fuzzing found such an .xls);
//! these checks refuse such files with a reason instead.

use std::io::{Cursor, Read};

use calamine::{Cell, Data, DataRef, Range, Xlsb, Xlsx};

use crate::a1::address;

/// Files larger than this are refused before they are read.
pub(crate) const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// Sheets (and CSV files) with more rows than this are refused.
pub(crate) const MAX_ROWS: usize = 100_000;
/// Zip-based files whose parts would inflate beyond this are refused (zip bombs).
pub(crate) const MAX_UNZIPPED_BYTES: u64 = 1024 * 1024 * 1024;
pub(crate) const MAX_ZIP_ENTRIES: usize = 20_000;

/// The most cells (rows × columns between the outermost used cells) a sheet may span.
pub(crate) const MAX_CELLS: u64 = 5_000_000;

/// Why a sheet is too large, in Japanese, or `None` if it fits.
pub(crate) fn too_large(rows: u64, cols: u64) -> Option<String> {
    if rows > MAX_ROWS as u64 {
        Some(format!("行が多すぎます（{rows} 行、上限 {MAX_ROWS} 行）"))
    } else if rows.saturating_mul(cols) > MAX_CELLS {
        Some(format!(
            "使用範囲が大きすぎます（{rows} 行 × {cols} 列、上限 {MAX_CELLS} セル）"
        ))
    } else {
        None
    }
}

/// Span (rows, columns) of a set of cell positions, and the outermost cells.
#[derive(Default)]
pub(crate) struct Span {
    min: Option<(u32, u32)>,
    max: (u32, u32),
    /// The cell furthest down and the one furthest right (the likely stray ones).
    lowest: (u32, u32),
    rightmost: (u32, u32),
}

impl Span {
    pub(crate) fn add(&mut self, row: u32, col: u32) {
        let (r0, c0) = self.min.unwrap_or((row, col));
        if self.min.is_none() || row > self.lowest.0 {
            self.lowest = (row, col);
        }
        if self.min.is_none() || col > self.rightmost.1 {
            self.rightmost = (row, col);
        }
        self.min = Some((r0.min(row), c0.min(col)));
        self.max = (self.max.0.max(row), self.max.1.max(col));
    }
    pub(crate) fn size(&self) -> (u64, u64) {
        match self.min {
            None => (0, 0),
            Some((r0, c0)) => (
                u64::from(self.max.0 - r0) + 1,
                u64::from(self.max.1 - c0) + 1,
            ),
        }
    }
    /// Why the span is too large, naming the outermost cells.
    pub(crate) fn refusal(&self) -> Option<String> {
        let (rows, cols) = self.size();
        let why = too_large(rows, cols)?;
        Some(format!(
            "{why}。離れたセル {} に値があります",
            self.far_cells()
        ))
    }
    fn far_cells(&self) -> String {
        let mut cells = vec![address(self.lowest)];
        if self.rightmost != self.lowest {
            cells.push(address(self.rightmost));
        }
        cells.join("・")
    }
}

/// Rows and columns of a sheet's top kept when the sheet is too large to lay out: enough
/// to tell whether it holds the answer table's header.
pub(crate) const HEAD_ROWS: u32 = 40;
pub(crate) const HEAD_COLS: u32 = 256;

/// Why a sheet cannot be read.
#[derive(Debug)]
pub(crate) enum SheetError {
    /// Its cells span too much to lay out. `head` holds the cells near its top-left
    /// corner, so the caller can tell whether this is the answer sheet.
    Oversized { why: String, head: Range<Data> },
    /// The reader failed.
    Unreadable,
}

/// Cells from a reader's cell iterator, refused before layout if they span too much.
fn bounded<'a, E>(
    mut next: impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, E>,
) -> Result<Range<Data>, SheetError> {
    let mut cells: Vec<Cell<Data>> = Vec::new();
    let mut span = Span::default();
    while let Some(cell) = next().map_err(|_| SheetError::Unreadable)? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (row, col) = cell.get_position();
        span.add(row, col);
        cells.push(Cell::new((row, col), Data::from(cell.get_value().clone())));
    }
    if let Some(why) = span.refusal() {
        cells.retain(|c| {
            let (r, c) = c.get_position();
            r < HEAD_ROWS && c < HEAD_COLS
        });
        return Err(SheetError::Oversized {
            why,
            head: Range::from_sparse(cells),
        });
    }
    Ok(Range::from_sparse(cells))
}

/// Why a sheet a reader has already laid out is too large, naming its outermost cells.
pub(crate) fn laid_out_too_large(cells: &Range<Data>) -> Option<String> {
    let (rows, cols) = (cells.height() as u64, cells.width() as u64);
    too_large(rows, cols)?;
    let mut span = Span::default();
    for (r, c, _) in cells.used_cells() {
        let (r0, c0) = cells.start().unwrap_or((0, 0));
        span.add(r0 + r as u32, c0 + c as u32);
    }
    span.refusal().or_else(|| too_large(rows, cols))
}

/// One xlsx worksheet, read cell by cell.
pub(crate) fn xlsx_range<RS: Read + std::io::Seek>(
    wb: &mut Xlsx<RS>,
    name: &str,
) -> Result<Range<Data>, SheetError> {
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(|_| SheetError::Unreadable)?;
    bounded(|| reader.next_cell())
}

/// One xlsb worksheet, read cell by cell.
pub(crate) fn xlsb_range<RS: Read + std::io::Seek>(
    wb: &mut Xlsb<RS>,
    name: &str,
) -> Result<Range<Data>, SheetError> {
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(|_| SheetError::Unreadable)?;
    bounded(|| reader.next_cell())
}

/// Check every sheet of an .xls (BIFF records in the compound file) before the reader
/// lays them out: the cells' span, and the DIMENSIONS record the reader reserves room
/// for. Sheets are found as the reader finds them, from the BOUNDSHEET offsets.
/// Returns why the file is refused, if it is.
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
    for (kind, data) in Records::at(&stream, 0) {
        match kind {
            // BOUNDSHEET: where the sheet starts, and its name.
            0x0085 => {
                if let Some(start) = u32_at(data, 0) {
                    sheets.push((start, boundsheet_name(data)));
                }
            }
            0x000A => break, // EOF of the workbook globals
            _ => {}
        }
    }
    for (start, name) in sheets {
        check_sheet(&stream, start as usize).map_err(|why| format!("シート「{name}」の{why}"))?;
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

/// BIFF records (type, data) from a stream offset.
struct Records<'a> {
    stream: &'a [u8],
    pos: usize,
}

impl<'a> Records<'a> {
    fn at(stream: &'a [u8], pos: usize) -> Self {
        Records { stream, pos }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = (u32, &'a [u8]);
    fn next(&mut self) -> Option<Self::Item> {
        let kind = u16_at(self.stream, self.pos)?;
        let len = u16_at(self.stream, self.pos + 2)? as usize;
        let data = self
            .stream
            .get(self.pos + 4..self.pos + 4 + len)
            .unwrap_or(&[]);
        self.pos += 4 + len;
        Some((kind, data))
    }
}

/// One sheet's substream: its DIMENSIONS and the span of its cells.
fn check_sheet(stream: &[u8], start: usize) -> Result<(), String> {
    let mut span = Span::default();
    let mut depth = 0usize;
    let mut seen_bof = false;
    for (kind, data) in Records::at(stream, start) {
        match kind {
            // The sheet's own BOF, then embedded substreams (charts) with their own EOF.
            0x0809 if !seen_bof => seen_bof = true,
            0x0809 => depth += 1,
            0x000A if depth == 0 => break,
            0x000A => depth -= 1,
            // DIMENSIONS, read as the reader reads it (MS-XLS 2.4.90).
            0x0200 => {
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
                    _ => continue,
                };
                let (Some(rf), Some(rl), Some(cf), Some(cl)) =
                    (first_row, last_row, first_col, last_col)
                else {
                    continue;
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
            }
            // Single-cell records: row, column.
            0x0006 | 0x00D6 | 0x00FD | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E => {
                if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                    span.add(r, c);
                }
            }
            // MULRK / MULBLANK: row, first column, ..., last column.
            0x00BD | 0x00BE => {
                let last = data.len().checked_sub(2).and_then(|i| u16_at(data, i));
                if let (Some(r), Some(c), Some(last)) = (u16_at(data, 0), u16_at(data, 2), last) {
                    span.add(r, c);
                    span.add(r, last);
                }
            }
            _ => {}
        }
    }
    span.refusal().map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::too_large;

    #[test]
    fn limits() {
        assert!(too_large(100, 10).is_none());
        assert!(too_large(100_001, 1).is_some());
        assert!(too_large(65_536, 256).is_some());
        assert!(too_large(0, 0).is_none());
    }
}
