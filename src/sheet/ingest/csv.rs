//! CSV (and tab-separated "Unicode text") as vendors save it from Excel: UTF-8 with or
//! without BOM, UTF-16 with BOM, or Shift_JIS/CP932.

use std::path::Path;

use calamine::{Data, Range};

use super::book::Grid;
use super::limits::MAX_ROWS;
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

pub(crate) fn read_csv(path: &Path, bytes: &[u8]) -> Result<Grid> {
    let (text, _) = decode(path, bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(&text))
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (i, record) in reader.records().enumerate() {
        if i >= MAX_ROWS {
            return Err(Error::Input {
                path: path.to_path_buf(),
                message: format!("行が多すぎます（上限 {MAX_ROWS} 行）"),
            });
        }
        let record = record.map_err(|e| Error::Input {
            path: path.to_path_buf(),
            message: match e.kind() {
                csv::ErrorKind::Utf8 { .. } => format!(
                    "CSV の {} 行目付近に、文字コードとして読めない部分があります",
                    i + 1
                ),
                _ => format!(
                    "CSV として読めません（{} 行目付近の区切りや引用符が正しくありません）",
                    i + 1
                ),
            },
        })?;
        rows.push(record.iter().map(str::to_string).collect());
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if rows.is_empty() || width == 0 {
        return Err(Error::Input {
            path: path.to_path_buf(),
            message: "CSV に行がありません".into(),
        });
    }
    let mut cells = Range::new((0, 0), (rows.len() as u32 - 1, width as u32 - 1));
    for (r, row) in rows.into_iter().enumerate() {
        for (c, v) in row.into_iter().enumerate() {
            if !v.is_empty() {
                cells.set_value((r as u32, c as u32), Data::String(v));
            }
        }
    }
    let name = path
        .file_stem()
        .map_or_else(|| "CSV".to_string(), |s| s.to_string_lossy().into_owned());
    Ok(Grid {
        name,
        cells,
        merged: Vec::new(),
    })
}
