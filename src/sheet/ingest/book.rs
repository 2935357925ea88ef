//! A workbook as read from a vendor's file: its sheets as grids of cells, whatever the
//! input format was.

use std::borrow::Cow;
use std::path::PathBuf;

use calamine::{Data, Dimensions, Range};

use super::cells::Stray;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InputFormat {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
}

impl InputFormat {
    pub(crate) fn label(self) -> &'static str {
        match self {
            InputFormat::Xlsx => "Excel ブック（xlsx）",
            InputFormat::Xlsb => "Excel バイナリブック（xlsb）",
            InputFormat::Xls => "Excel 97-2003 ブック（xls）",
            InputFormat::Ods => "OpenDocument スプレッドシート（ods）",
            InputFormat::Csv => "CSV",
        }
    }
}

/// One sheet's cells with absolute positions (row 0 = spreadsheet row 1).
#[derive(Debug, Clone)]
pub struct Grid {
    pub(crate) name: String,
    pub(crate) cells: Range<Data>,
    /// Merged regions; their cells were filled with the top-left value.
    pub(crate) merged: Vec<Dimensions>,
    /// Values far from the rest of the sheet, kept out of `cells` (see `cells.rs`).
    pub(crate) strays: Vec<Stray>,
}

impl Grid {
    /// The text of a cell ("" when empty or outside the sheet); borrowed for text cells,
    /// which are most of them, so reading every row allocates little.
    pub(crate) fn text(&self, row: u32, col: u32) -> Cow<'_, str> {
        match self.cells.get_value((row, col)) {
            None | Some(Data::Empty) => Cow::Borrowed(""),
            Some(Data::String(s)) => Cow::Borrowed(s.as_str()),
            Some(Data::Float(f)) if f.fract() == 0.0 && f.abs() < 1e15 => {
                Cow::Owned(format!("{}", *f as i64))
            }
            Some(Data::Bool(b)) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
            Some(other) => Cow::Owned(other.to_string()),
        }
    }

    /// Whether the cell's value was copied from the top-left cell of a merged region.
    pub(crate) fn is_merge_copy(&self, row: u32, col: u32) -> bool {
        self.merged.iter().any(|d| {
            d.start != (row, col)
                && d.start.0 <= row
                && row <= d.end.0
                && d.start.1 <= col
                && col <= d.end.1
        })
    }

    /// A sheet read from `cells`, with no merged regions or far cells.
    pub(crate) fn new(name: String, cells: Range<Data>) -> Grid {
        Grid {
            name,
            cells,
            merged: Vec::new(),
            strays: Vec::new(),
        }
    }

    /// One past the last row and column that hold anything.
    pub(crate) fn end(&self) -> (u32, u32) {
        self.cells.end().map_or((0, 0), |(r, c)| (r + 1, c + 1))
    }
}

/// A workbook read from a file.
#[derive(Debug, Clone)]
pub struct Book {
    pub(crate) path: PathBuf,
    pub(crate) format: InputFormat,
    pub sheets: Vec<Grid>,
    /// Sheets left out and why (a cover sheet with a stray cell far away), in Japanese.
    pub(crate) notices: Vec<String>,
}
