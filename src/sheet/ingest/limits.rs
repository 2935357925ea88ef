//! What reading one returned file may cost: every limit in one place ([`BUDGET`]), and
//! the running count of what a file has spent ([`Spent`]). The spreadsheet reader
//! allocates from what a file declares (a shared-string count, a sheet's extent, a
//! record length) and copies a shared string into every cell that uses it, so a 70 KB
//! file once asked for 96 GB and a 2 MB one held 1 GB of text; each such cost is
//! checked against this budget before the reader is allowed to pay it.

use crate::a1::address;

/// The most one file may cost to read. Every format is held to the same figures; the
/// checks that enforce them run before the spreadsheet reader allocates (see
/// `parts.rs`, `xls.rs`, `ods.rs`, `cells.rs`). docs/PERFORMANCE.md has
/// [`Budget::worst_case_bytes`] and the peaks measured on files built to reach each limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The file itself (it is read whole into memory).
    pub file_bytes: u64,
    /// All parts of a zip-based file (xlsx, xlsb, ods) unpacked, as the archive
    /// declares them (the zip reader refuses to inflate a part beyond its declared size).
    pub unzipped_bytes: u64,
    /// Parts in a zip-based file.
    pub zip_entries: usize,
    /// One part unpacked (a worksheet, `content.xml`): the XML reader holds one event
    /// whole, so a part of nothing but spaces costs its own size.
    pub part_bytes: u64,
    /// The shared-strings part (`xl/sharedStrings.xml` or `.bin`) unpacked, and the
    /// strings it and an .xls SST may hold. All of them are read when the file opens.
    pub shared_strings_bytes: u64,
    pub shared_strings: u64,
    /// Rows of one sheet, and the cells one sheet spans (rows × columns between its
    /// outermost cells, cells far from the rest kept apart; see `cells.rs`).
    pub sheet_rows: u64,
    pub sheet_cells: u64,
    /// Cells laid out for all sheets of the file together.
    pub cells: u64,
    /// Text of all cells read, in UTF-8 bytes: every cell holds its own copy of a
    /// shared string, so 5 million cells naming one 1 MB string would be 5 TB.
    pub cell_text_bytes: u64,
    /// Cells far from the rest of a sheet that are named and left out rather than laid
    /// out with it (a value at XFD1048576); a sheet with more is refused.
    pub stray_cells: usize,
}

/// The budget every returned file is read within.
pub const BUDGET: Budget = Budget {
    file_bytes: 50 * MIB,
    unzipped_bytes: 1024 * MIB,
    zip_entries: 20_000,
    part_bytes: 128 * MIB,
    shared_strings_bytes: 64 * MIB,
    shared_strings: 2_000_000,
    sheet_rows: 100_000,
    sheet_cells: 5_000_000,
    cells: 5_000_000,
    cell_text_bytes: 128 * MIB,
    stray_cells: 100,
};

const MIB: u64 = 1024 * 1024;

impl Budget {
    /// An upper estimate of the memory reading one file within this budget can take:
    /// the file, the shared strings (their text, up to 1.5 times their UTF-16 bytes,
    /// and one 24-byte slot each, doubled while the list grows), one XML event, the
    /// cells (40 bytes each while collected, 32 once laid out, 56 for ods, which lays
    /// out formulas too), and the cells' text. The measured peaks are well below it.
    pub const fn worst_case_bytes(&self) -> u64 {
        self.file_bytes
            + self.shared_strings_bytes * 3 / 2
            + self.shared_strings * 48
            + self.part_bytes
            + self.cells * (40 + 56)
            + self.cell_text_bytes
    }
}

/// Files larger than this are refused before they are read.
pub(crate) const MAX_FILE_BYTES: u64 = BUDGET.file_bytes;
/// Sheets (and CSV files) with more rows than this are refused.
pub(crate) const MAX_ROWS: usize = BUDGET.sheet_rows as usize;
/// Zip-based files whose parts would inflate beyond this are refused (zip bombs).
pub(crate) const MAX_UNZIPPED_BYTES: u64 = BUDGET.unzipped_bytes;
pub(crate) const MAX_ZIP_ENTRIES: usize = BUDGET.zip_entries;
/// The most cells (rows × columns between the outermost used cells) a sheet may span.
pub(crate) const MAX_CELLS: u64 = BUDGET.sheet_cells;

/// `12.3 MB`, for messages.
pub(crate) fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / MIB as f64)
}

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

/// What reading one file has spent so far of the file-wide parts of [`BUDGET`].
#[derive(Debug, Default)]
pub(crate) struct Spent {
    cells: u64,
    text: u64,
}

impl Spent {
    /// Count the cells laid out for a sheet; why the file is refused when the sheets
    /// together need more than the budget.
    pub(crate) fn cells(&mut self, sheet: &str, n: u64) -> Result<(), String> {
        self.cells = self.cells.saturating_add(n);
        if self.cells > BUDGET.cells {
            return Err(format!(
                "シート「{sheet}」までのセルの使用範囲が合計 {} セルとなり、1 ファイルの上限（{} セル）を超えます",
                self.cells, BUDGET.cells
            ));
        }
        Ok(())
    }

    /// Count the text of cells read from a sheet (UTF-8 bytes).
    pub(crate) fn text(&mut self, sheet: &str, bytes: u64) -> Result<(), String> {
        self.text = self.text.saturating_add(bytes);
        if self.text > BUDGET.cell_text_bytes {
            return Err(format!(
                "シート「{sheet}」までのセルの文字列が合計 {} を超え、1 ファイルの上限（{}）を超えます",
                megabytes(self.text),
                megabytes(BUDGET.cell_text_bytes)
            ));
        }
        Ok(())
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
    /// Rows × columns.
    pub(crate) fn cells(&self) -> u64 {
        let (rows, cols) = self.size();
        rows.saturating_mul(cols)
    }
    /// Why the span is too large, naming the outermost cells.
    pub(crate) fn refusal(&self) -> Option<String> {
        let (rows, cols) = self.size();
        let why = too_large(rows, cols)?;
        Some(match self.far_cells() {
            Some(far) => format!("{why}。離れたセル {far} に値があります"),
            None => why,
        })
    }
    /// The cell furthest down and the one furthest right, 「A100001・XFD3」.
    pub(crate) fn far_cells(&self) -> Option<String> {
        self.min?;
        let mut cells = vec![address(self.lowest)];
        if self.rightmost != self.lowest {
            cells.push(address(self.rightmost));
        }
        Some(cells.join("・"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        assert!(too_large(100, 10).is_none());
        assert!(too_large(100_001, 1).is_some());
        assert!(too_large(65_536, 256).is_some());
        assert!(too_large(0, 0).is_none());
    }

    #[test]
    fn the_file_wide_budget_names_the_sheet_where_it_ran_out() {
        let mut spent = Spent::default();
        assert!(spent.cells("表紙", BUDGET.cells).is_ok());
        let why = spent.cells("回答", 1).expect_err("over");
        assert!(why.contains("「回答」") && why.contains("5000000"), "{why}");
        let mut spent = Spent::default();
        let why = spent
            .text("回答", BUDGET.cell_text_bytes + 1)
            .expect_err("over");
        assert!(
            why.contains("「回答」") && why.contains("128.0 MB"),
            "{why}"
        );
    }

    #[test]
    fn the_worst_case_stays_under_a_gigabyte() {
        let worst = BUDGET.worst_case_bytes();
        assert!(worst < 1024 * MIB, "{}", megabytes(worst));
    }
}
