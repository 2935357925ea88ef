//! Reading a workbook a vendor sent back, whatever it is: .xlsx/.xlsm, .xls, .ods,
//! .xlsb (calamine) or .csv/.txt (UTF-8 with or without BOM, UTF-16 as Excel's
//! "Unicode text", or Shift_JIS/CP932 as Japanese Excel writes CSV). The format is
//! recognised from the content, not the name. Oversized, encrypted, truncated and
//! non-spreadsheet files are refused with a Japanese reason, before reading them whole
//! where that is possible.

use std::borrow::Cow;
use std::io::{Cursor, Read, Seek};
use std::path::{Path, PathBuf};

use calamine::{Data, Dimensions, Ods, Range, Reader, SheetVisible, Xls, Xlsb, Xlsx};

use crate::error::{Error, Result};

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// Sheets (and CSV files) with more rows than this are refused.
pub const MAX_ROWS: usize = 100_000;
/// Zip-based files whose parts would inflate beyond this are refused (zip bombs).
pub const MAX_UNZIPPED_BYTES: u64 = 1024 * 1024 * 1024;
const MAX_ZIP_ENTRIES: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
}

impl InputFormat {
    pub fn label(self) -> &'static str {
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
    pub name: String,
    pub visible: bool,
    pub cells: Range<Data>,
    /// Merged regions; their cells were filled with the top-left value.
    pub merged: Vec<Dimensions>,
}

impl Grid {
    /// The text of a cell ("" when empty or outside the sheet); borrowed for text cells,
    /// which are most of them, so reading every row allocates little.
    pub fn text(&self, row: u32, col: u32) -> Cow<'_, str> {
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
    pub fn is_merge_copy(&self, row: u32, col: u32) -> bool {
        self.merged.iter().any(|d| {
            d.start != (row, col)
                && d.start.0 <= row
                && row <= d.end.0
                && d.start.1 <= col
                && col <= d.end.1
        })
    }

    /// One past the last row and column that hold anything.
    pub fn end(&self) -> (u32, u32) {
        self.cells.end().map_or((0, 0), |(r, c)| (r + 1, c + 1))
    }
}

/// A workbook read from a file.
#[derive(Debug, Clone)]
pub struct Book {
    pub path: PathBuf,
    pub format: InputFormat,
    pub sheets: Vec<Grid>,
}

fn refuse(path: &Path, message: impl Into<String>) -> Error {
    Error::Input {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Which sheets' merged regions to read (each costs another pass over the sheet's XML,
/// so the verifier asks only for sheets that hold an answer table).
pub type WantsMerges<'a> = &'a (dyn Fn(&Grid) -> bool + Sync);

/// Every sheet's merged regions.
pub const ALL_MERGES: WantsMerges<'static> = &|_| true;

/// Read a workbook or CSV file.
pub fn read_book(path: &Path, wants_merges: WantsMerges<'_>) -> Result<Book> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, "読み込み", e))?;
    if meta.is_dir() {
        return Err(refuse(path, "フォルダです。回答ファイルを指定してください"));
    }
    check_size(path, meta.len())?;
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, "読み込み", e))?;
    read_bytes(path, bytes, wants_merges)
}

/// Refuse a file larger than [`MAX_FILE_BYTES`] (files on disk and uploads alike).
pub fn check_size(path: &Path, len: u64) -> Result<()> {
    if len > MAX_FILE_BYTES {
        return Err(refuse(
            path,
            format!(
                "ファイルが大きすぎます（{:.1} MB）。{} MB までのファイルを扱えます",
                len as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
        ));
    }
    Ok(())
}

/// Read a workbook from its bytes; `path` names it in messages.
pub fn read_bytes(path: &Path, bytes: Vec<u8>, wants_merges: WantsMerges<'_>) -> Result<Book> {
    if bytes.is_empty() {
        return Err(refuse(path, "ファイルが空です（0 バイト）"));
    }
    // The spreadsheet readers are not ours; a panic in them means a malformed file.
    let parsed = crate::guard::guarded(|| {
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            read_zip(path, bytes, wants_merges)
        } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            read_cfb(path, bytes, wants_merges)
        } else {
            let sheet = super::csv_input::read_csv(path, &bytes)?;
            Ok((InputFormat::Csv, vec![sheet]))
        }
    });
    let (format, sheets) = parsed.map_err(|why| {
        refuse(
            path,
            format!(
                "ファイルが壊れているため読み込めません（読み込み処理が異常終了しました: {why}）"
            ),
        )
    })??;
    if sheets.is_empty() {
        return Err(refuse(path, "シートが一つもありません"));
    }
    Ok(Book {
        path: path.to_path_buf(),
        format,
        sheets,
    })
}

/// xlsx, xlsm, xlsb and ods are zip archives: check what is inside before parsing.
fn read_zip(
    path: &Path,
    bytes: Vec<u8>,
    wants_merges: WantsMerges<'_>,
) -> Result<(InputFormat, Vec<Grid>)> {
    let broken = |detail: String| {
        refuse(
            path,
            format!("ファイルが壊れているか、途中で切れています（{detail}）"),
        )
    };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(&bytes)).map_err(|e| broken(format!("zip: {e}")))?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(refuse(
            path,
            format!("ファイル内の部品が多すぎます（{} 個）", archive.len()),
        ));
    }
    let mut total: u64 = 0;
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| broken(format!("zip: {e}")))?;
        total = total.saturating_add(entry.size());
        names.push(entry.name().map(|n| n.to_string()).unwrap_or_default());
    }
    if total > MAX_UNZIPPED_BYTES {
        return Err(refuse(
            path,
            format!(
                "展開後の大きさが上限を超えます（{} MB、上限 {} MB）。圧縮爆弾の可能性があるため読み込みません",
                total / 1_048_576,
                MAX_UNZIPPED_BYTES / 1_048_576
            ),
        ));
    }
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("mimetype") {
        let mut mime = String::new();
        if let Ok(mut f) = archive.by_name("mimetype") {
            let _ = f.by_ref().take(200).read_to_string(&mut mime);
        }
        if mime.trim() != "application/vnd.oasis.opendocument.spreadsheet" {
            return Err(refuse(
                path,
                format!(
                    "表計算のファイルではありません（OpenDocument の種類: {}）",
                    mime.trim()
                ),
            ));
        }
        if let Ok(mut f) = archive.by_name("META-INF/manifest.xml") {
            let mut manifest = String::new();
            let _ = f.by_ref().take(1_000_000).read_to_string(&mut manifest);
            if manifest.contains("encryption-data") {
                return Err(encrypted(path));
            }
        }
        drop(archive);
        let wb = Ods::new(Cursor::new(bytes)).map_err(|e| broken(format!("ods: {e}")))?;
        return sheets_of(
            path,
            wb,
            InputFormat::Ods,
            wants_merges,
            any_range,
            |_, _| Vec::new(),
        );
    }
    if has("xl/workbook.xml") {
        drop(archive);
        let wb = Xlsx::new(Cursor::new(&bytes[..])).map_err(|e| broken(format!("xlsx: {e}")))?;
        // Merged regions by a byte search, not calamine's second parse (see merges.rs).
        let merges = std::cell::RefCell::new(super::merges::XlsxMerges::new(&bytes));
        return sheets_of(
            path,
            wb,
            InputFormat::Xlsx,
            wants_merges,
            super::limits::xlsx_range,
            |_, name| {
                merges
                    .borrow_mut()
                    .as_mut()
                    .map(|m| m.of(name, MAX_UNZIPPED_BYTES))
                    .unwrap_or_default()
            },
        );
    }
    if has("xl/workbook.bin") {
        drop(archive);
        let wb = Xlsb::new(Cursor::new(bytes)).map_err(|e| broken(format!("xlsb: {e}")))?;
        return sheets_of(
            path,
            wb,
            InputFormat::Xlsb,
            wants_merges,
            any_range,
            |_, _| Vec::new(),
        );
    }
    if has("word/document.xml") {
        return Err(refuse(
            path,
            "Word 文書（docx）です。回答様式の Excel ファイルを指定してください",
        ));
    }
    Err(refuse(
        path,
        "zip 形式のファイルですが、表計算のファイル（xlsx・ods）ではありません",
    ))
}

fn encrypted(path: &Path) -> Error {
    refuse(path, "パスワードで暗号化されているため読み込めません。暗号化を解除した（パスワードなしで保存した）ファイルを受け取ってください")
}

/// The OLE compound format holds .xls, and also password-encrypted .xlsx.
fn read_cfb(
    path: &Path,
    bytes: Vec<u8>,
    wants_merges: WantsMerges<'_>,
) -> Result<(InputFormat, Vec<Grid>)> {
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
    let needle = utf16("EncryptedPackage");
    if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
        return Err(encrypted(path));
    }
    if let Err(why) = super::limits::check_xls(&bytes) {
        return Err(refuse(
            path,
            format!("Excel 97-2003 形式（xls）として読み込めません（{why}）"),
        ));
    }
    let wb = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsError::Password => encrypted(path),
        other => refuse(path, format!("Excel 97-2003 形式（xls）として読めません。ファイルが壊れている可能性があります（{other}）")),
    })?;
    sheets_of(
        path,
        wb,
        InputFormat::Xls,
        wants_merges,
        any_range,
        |wb: &mut Xls<_>, name| wb.merge_cells_by_sheet_name(name).unwrap_or_default(),
    )
}

/// A worksheet's cells through the reader's own range API.
fn any_range<RS: Read + Seek, R: Reader<RS>>(
    wb: &mut R,
    name: &str,
) -> std::result::Result<Range<Data>, String>
where
    R::Error: std::fmt::Display,
{
    wb.worksheet_range(name).map_err(|e| e.to_string())
}

/// Every worksheet of an opened workbook, with merged regions filled.
fn sheets_of<RS, R>(
    path: &Path,
    mut wb: R,
    format: InputFormat,
    wants_merges: WantsMerges<'_>,
    range: impl Fn(&mut R, &str) -> std::result::Result<Range<Data>, String>,
    merges: impl Fn(&mut R, &str) -> Vec<Dimensions>,
) -> Result<(InputFormat, Vec<Grid>)>
where
    RS: Read + Seek,
    R: Reader<RS>,
{
    let metas: Vec<(String, bool, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|m| {
            (
                m.name.clone(),
                m.visible == SheetVisible::Visible,
                m.typ == calamine::SheetType::WorkSheet,
            )
        })
        .collect();
    let mut sheets = Vec::new();
    for (name, visible, is_worksheet) in metas {
        if !is_worksheet {
            continue; // chart sheets and macro sheets hold no answers
        }
        let cells = range(&mut wb, &name).map_err(|e| {
            refuse(
                path,
                format!(
                    "シート「{name}」を読めません（{} 形式: {e}）",
                    format.label()
                ),
            )
        })?;
        if cells.height() > MAX_ROWS {
            return Err(refuse(
                path,
                format!(
                    "シート「{name}」の行が多すぎます（{} 行、上限 {MAX_ROWS} 行）",
                    cells.height()
                ),
            ));
        }
        let mut grid = Grid {
            name,
            visible,
            cells,
            merged: Vec::new(),
        };
        if wants_merges(&grid) {
            grid.merged = merges(&mut wb, &grid.name);
            fill_merged(&mut grid.cells, &grid.merged);
        }
        sheets.push(grid);
    }
    Ok((format, sheets))
}

/// Copy each merged region's top-left value into its other cells, so a value the vendor
/// merged across rows ("同上") counts for each of them.
fn fill_merged(cells: &mut Range<Data>, merged: &[Dimensions]) {
    let Some(end) = cells.end() else { return };
    for d in merged {
        let Some(value) = cells.get_value(d.start).cloned() else {
            continue;
        };
        if value == Data::Empty {
            continue;
        }
        // Only inside the used range; a region reaching beyond it adds no rows.
        for r in d.start.0..=d.end.0.min(end.0) {
            for c in d.start.1..=d.end.1.min(end.1) {
                if (r, c) != d.start && matches!(cells.get_value((r, c)), Some(Data::Empty) | None)
                {
                    cells.set_value((r, c), value.clone());
                }
            }
        }
    }
}
