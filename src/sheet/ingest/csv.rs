//! CSV (and tab-separated "Unicode text") as vendors save it from Excel: UTF-8 with or
//! without BOM, UTF-16 with BOM, or Shift_JIS/CP932.

use std::path::Path;

use calamine::{Cell, Data};

use super::book::Grid;
use super::cells::SheetError;
use super::limits::{Spent, MAX_ROWS};
use crate::error::{Error, Result};

/// Decode the bytes of a text file as Japanese Excel users produce them.
pub(crate) fn decode(path: &Path, bytes: &[u8]) -> Result<(String, &'static str)> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(path, rest).map(|s| (s, "UTF-8（BOM 付き）"));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let (text, _, bad) = encoding_rs::UTF_16LE.decode(rest);
        return checked(path, text.into_owned(), bad, "UTF-16");
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let (text, _, bad) = encoding_rs::UTF_16BE.decode(rest);
        return checked(path, text.into_owned(), bad, "UTF-16");
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(Error::Input {
            path: path.to_path_buf(),
            message:
                "表計算のファイルでも CSV でもありません（形式を判別できないバイナリファイルです）"
                    .into(),
        });
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok((s.to_string(), "UTF-8"));
    }
    // encoding_rs's Shift_JIS is the WHATWG one, i.e. Windows-31J (CP932) as Excel writes it.
    let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(bytes);
    checked(path, text.into_owned(), bad, "Shift_JIS")
}

fn utf8(path: &Path, bytes: &[u8]) -> Result<String> {
    String::from_utf8(bytes.to_vec()).map_err(|e| Error::Input {
        path: path.to_path_buf(),
        message: format!(
            "UTF-8 として読めない箇所があります（{} バイト目）",
            e.utf8_error().valid_up_to() + 1
        ),
    })
}

fn checked(
    path: &Path,
    text: String,
    had_errors: bool,
    encoding: &'static str,
) -> Result<(String, &'static str)> {
    if had_errors {
        return Err(Error::Input {
            path: path.to_path_buf(),
            message:
                "文字コードを判別できません（UTF-8、Shift_JIS、UTF-16 のいずれでもありません）"
                    .into(),
        });
    }
    Ok((text, encoding))
}

/// The delimiter of the first non-empty line: tab, semicolon or comma.
fn delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| line.matches(c).count();
    if count('\t') > count(',') {
        b'\t'
    } else if count(';') > count(',') {
        b';'
    } else {
        b','
    }
}

/// Excel's widest sheet: a line with more fields than this is not a sheet saved as CSV
/// (and each field would cost the reader a slot before it is seen to be empty).
const MAX_FIELDS: usize = 16_384;

pub(crate) fn read_csv(path: &Path, bytes: &[u8]) -> Result<Grid> {
    let (text, _) = decode(path, bytes)?;
    let refuse = |message: String| Error::Input {
        path: path.to_path_buf(),
        message,
    };
    let delimiter = delimiter(&text);
    if let Some((i, n)) = text
        .split('\n')
        .map(|line| memchr::memchr_iter(delimiter, line.as_bytes()).count())
        .enumerate()
        .find(|(_, n)| *n >= MAX_FIELDS)
    {
        return Err(refuse(format!(
            "CSV の {} 行目の項目が多すぎます（{} 個、上限 {MAX_FIELDS} 個）",
            i + 1,
            n + 1
        )));
    }
    let name = path
        .file_stem()
        .map_or_else(|| "CSV".to_string(), |s| s.to_string_lossy().into_owned());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut spent = Spent::default();
    let mut cells = Vec::new();
    for (i, record) in reader.records().enumerate() {
        if i >= MAX_ROWS {
            return Err(refuse(format!("行が多すぎます（上限 {MAX_ROWS} 行）")));
        }
        let record = record.map_err(|e| {
            refuse(match e.kind() {
                csv::ErrorKind::Utf8 { .. } => format!(
                    "CSV の {} 行目付近に、文字コードとして読めない部分があります",
                    i + 1
                ),
                _ => format!(
                    "CSV として読めません（{} 行目付近の区切りや引用符が正しくありません）",
                    i + 1
                ),
            })
        })?;
        for (c, v) in record.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            spent
                .text(&name, v.len() as u64)
                .map_err(|why| refuse(format!("CSV を読み込めません: {why}")))?;
            cells.push(Cell::new((i as u32, c as u32), Data::String(v.to_string())));
        }
    }
    if cells.is_empty() {
        return Err(refuse("CSV に行がありません".into()));
    }
    // Laid out as a sheet's cells are: a value far to the right is kept apart, not a
    // reason to lay out millions of empty fields.
    let laid = super::cells::layout(&name, &mut spent, cells).map_err(|e| match e {
        SheetError::Oversized { why, .. } | SheetError::OverBudget(why) => {
            refuse(format!("CSV を読み込めません: {why}"))
        }
        SheetError::Unreadable => refuse("CSV として読めません".into()),
    })?;
    Ok(Grid {
        name,
        cells: laid.cells,
        merged: Vec::new(),
        strays: laid.strays,
    })
}
