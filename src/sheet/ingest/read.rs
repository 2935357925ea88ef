//! Reading a workbook a vendor sent back, whatever it is: .xlsx/.xlsm, .xls, .ods,
//! .xlsb (calamine) or .csv/.txt (UTF-8 with or without BOM, UTF-16 as Excel's
//! "Unicode text", or Shift_JIS/CP932 as Japanese Excel writes CSV). The format is
//! recognised from the content, not the name. Oversized, encrypted, truncated and
//! non-spreadsheet files are refused with a Japanese reason, before reading them whole
//! where that is possible.

use std::io::{Cursor, Read, Seek};
use std::path::Path;

use calamine::{Data, Dimensions, Ods, Range, Reader, Xls, Xlsb, Xlsx};

use super::book::{Book, Grid, InputFormat};
use super::cells::{SheetCells, SheetError};
use super::limits::{Spent, MAX_FILE_BYTES, MAX_UNZIPPED_BYTES, MAX_ZIP_ENTRIES};
use super::parts::Entry;
use crate::error::{Error, Result};

fn refuse(path: &Path, message: impl Into<String>) -> Error {
    Error::Input {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Which sheets hold an answer table, for the reader: only their merged regions are read
/// (each costs another pass over the sheet's XML), and only they must fit the size
/// limits (another sheet too large to lay out, a cover sheet with one stray cell far
/// away, is left out with a notice).
pub type WantsMerges<'a> = &'a (dyn Fn(&Grid) -> bool + Sync);

/// Every sheet matters.
pub const ALL_MERGES: WantsMerges<'static> = &|_| true;

/// Read a workbook or CSV file.
pub fn read_book(path: &Path, wants_merges: WantsMerges<'_>) -> Result<Book> {
    let bytes = crate::input::read_file(path, MAX_FILE_BYTES)?;
    read_bytes(path, bytes, wants_merges)
}

/// Refuse a file larger than [`MAX_FILE_BYTES`] (uploads; files on disk are checked as
/// they are read).
pub fn check_size(path: &Path, len: u64) -> Result<()> {
    if len > MAX_FILE_BYTES {
        return Err(refuse(
            path,
            format!(
                "ファイルが大きすぎます（{:.1} MB、上限 {:.1} MB）",
                len as f64 / 1_048_576.0,
                MAX_FILE_BYTES as f64 / 1_048_576.0
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
    if bytes.starts_with(b"%PDF-") {
        return Err(refuse(path, "PDF は読めません。回答様式の xlsx ファイル（記入したものを Excel のまま保存したもの）を受け取って指定してください"));
    }
    // The spreadsheet readers are not ours; a panic in them means a malformed file.
    let parsed = crate::guard::guarded(|| {
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            read_zip(path, bytes, wants_merges)
        } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            read_cfb(path, bytes, wants_merges)
        } else {
            let sheet = super::csv::read_csv(path, &bytes)?;
            Ok((InputFormat::Csv, vec![sheet], Vec::new()))
        }
    });
    let (format, sheets, notices) = parsed.map_err(|_| {
        refuse(
            path,
            "ファイルが壊れているため読み込めません（表計算ファイルの読み込み処理が異常終了しました）",
        )
    })??;
    if sheets.is_empty() {
        return Err(refuse(path, "シートが一つもありません"));
    }
    Ok(Book {
        path: path.to_path_buf(),
        format,
        sheets,
        notices,
    })
}

/// Sheets read, and notices of sheets left out.
type Sheets = (InputFormat, Vec<Grid>, Vec<String>);

/// xlsx, xlsm, xlsb and ods are zip archives: check what is inside before parsing.
fn read_zip(path: &Path, bytes: Vec<u8>, wants_merges: WantsMerges<'_>) -> Result<Sheets> {
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes))
        .map_err(|_| broken(path, "zip 形式として読めません"))?;
    let entries = zip_entries(path, &mut archive)?;
    let has = |n: &str| entries.iter().any(|e| e.name == n);
    if has("mimetype") {
        ods_is_readable(path, &mut archive)?;
        drop(archive);
        return read_ods(path, bytes, wants_merges);
    }
    let xlsx = has("xl/workbook.xml");
    if xlsx || has("xl/workbook.bin") {
        super::parts::check_workbook(&mut archive, &entries).map_err(|why| refuse(path, why))?;
    }
    drop(archive);
    if xlsx {
        let wb = Xlsx::new(Cursor::new(&bytes[..]))
            .map_err(|_| broken(path, "xlsx として読めません"))?;
        // Merged regions by a byte search, not calamine's second parse (see merges.rs).
        let merges = std::cell::RefCell::new(super::merges::XlsxMerges::new(&bytes));
        return sheets_of(
            path,
            wb,
            InputFormat::Xlsx,
            wants_merges,
            super::cells::xlsx_range,
            |_, name| {
                merges
                    .borrow_mut()
                    .as_mut()
                    .map(|m| m.of(name))
                    .unwrap_or_default()
            },
        );
    }
    if has("xl/workbook.bin") {
        let wb =
            Xlsb::new(Cursor::new(bytes)).map_err(|_| broken(path, "xlsb として読めません"))?;
        return sheets_of(
            path,
            wb,
            InputFormat::Xlsb,
            wants_merges,
            super::cells::xlsb_range,
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

/// The archive's entries, refused when there are too many, they would unpack to more
/// than the limit (a zip bomb), or one alone would.
fn zip_entries(path: &Path, archive: &mut zip::ZipArchive<Cursor<&Vec<u8>>>) -> Result<Vec<Entry>> {
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(refuse(
            path,
            format!("ファイル内の部品が多すぎます（{} 個）", archive.len()),
        ));
    }
    let mut total: u64 = 0;
    let mut entries = Vec::new();
    for index in 0..archive.len() {
        let entry = archive
            .by_index_raw(index)
            .map_err(|_| broken(path, "zip の目次が読めません"))?;
        total = total.saturating_add(entry.size());
        // Some writers separate folders with `\`; calamine reads them, so must we.
        let name = entry
            .name()
            .map(|n| n.replace('\\', "/"))
            .unwrap_or_default();
        entries.push(Entry {
            name,
            size: entry.size(),
            index,
        });
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
    if let Some(why) = super::parts::part_too_large(&entries) {
        return Err(refuse(
            path,
            format!("{why}。圧縮爆弾の可能性があるため読み込みません"),
        ));
    }
    Ok(entries)
}

/// An OpenDocument archive kijun can read: a spreadsheet (not a text document), not
/// encrypted.
fn ods_is_readable(path: &Path, archive: &mut zip::ZipArchive<Cursor<&Vec<u8>>>) -> Result<()> {
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
    Ok(())
}

/// An OpenDocument spreadsheet, its merged regions found by our own scan.
fn read_ods(path: &Path, bytes: Vec<u8>, wants_merges: WantsMerges<'_>) -> Result<Sheets> {
    let ods_merges = super::ods::scan(&bytes).map_err(|why| {
        refuse(path, format!("OpenDocument スプレッドシート（ods）として読み込めません（{why}）。ファイルが壊れているか、1 ファイルで読み込む量の上限を超えています"))
    })?;
    let wb = Ods::new(Cursor::new(bytes)).map_err(|_| broken(path, "ods として読めません"))?;
    sheets_of(
        path,
        wb,
        InputFormat::Ods,
        wants_merges,
        any_range,
        |_, name| ods_merges.get(name).cloned().unwrap_or_default(),
    )
}

/// A file that is damaged or cut short, with what could not be read.
fn broken(path: &Path, what: &str) -> Error {
    refuse(
        path,
        format!("ファイルが壊れているか、途中で切れています（{what}）"),
    )
}

fn encrypted(path: &Path) -> Error {
    refuse(path, "パスワードで暗号化されているため読み込めません。暗号化を解除した（パスワードなしで保存した）ファイルを受け取ってください")
}

/// The OLE compound format holds .xls, and also password-encrypted .xlsx.
fn read_cfb(path: &Path, bytes: Vec<u8>, wants_merges: WantsMerges<'_>) -> Result<Sheets> {
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect() };
    let needle = utf16("EncryptedPackage");
    if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
        return Err(encrypted(path));
    }
    if let Err(why) = super::xls::check_xls(&bytes) {
        return Err(refuse(
            path,
            format!("Excel 97-2003 形式（xls）として読み込めません（{why}）"),
        ));
    }
    let wb = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsError::Password => encrypted(path),
        _ => refuse(
            path,
            "Excel 97-2003 形式（xls）として読めません。ファイルが壊れている可能性があります",
        ),
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

/// A worksheet's cells through the reader's own range API (xls, ods: the file was
/// checked against the budget before the reader laid its sheets out).
fn any_range<RS: Read + Seek, R: Reader<RS>>(
    wb: &mut R,
    name: &str,
    _: &mut Spent,
) -> std::result::Result<SheetCells, SheetError>
where
    R::Error: std::fmt::Display,
{
    let cells = wb
        .worksheet_range(name)
        .map_err(|_| SheetError::Unreadable)?;
    Ok(SheetCells {
        cells,
        strays: Vec::new(),
    })
}

/// Every worksheet of an opened workbook, with merged regions filled. A sheet too large
/// to lay out is left out with a notice unless it holds an answer table; cells far from
/// the rest of a sheet are kept apart and named (see `cells.rs`).
fn sheets_of<RS, R>(
    path: &Path,
    mut wb: R,
    format: InputFormat,
    wants_merges: WantsMerges<'_>,
    range: impl Fn(&mut R, &str, &mut Spent) -> std::result::Result<SheetCells, SheetError>,
    merges: impl Fn(&mut R, &str) -> Vec<Dimensions>,
) -> Result<Sheets>
where
    RS: Read + Seek,
    R: Reader<RS>,
{
    let metas: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|m| (m.name.clone(), m.typ == calamine::SheetType::WorkSheet))
        .collect();
    let mut sheets = Vec::new();
    let mut notices = Vec::new();
    let mut spent = Spent::default();
    let unread = |name: &str, why: &str, answers: bool| {
        if answers {
            Err(refuse(
                path,
                format!("回答のシート「{name}」を読み込めません: {why}。そのセルの値を削除したファイルを受け取ってください"),
            ))
        } else {
            Ok(format!(
                "シート「{name}」は回答の表ではなく、{why}。このシートは読み込まずに検証しました。"
            ))
        }
    };
    for (name, is_worksheet) in metas {
        if !is_worksheet {
            continue; // chart sheets and macro sheets hold no answers
        }
        let laid = match range(&mut wb, &name, &mut spent) {
            Ok(laid) => laid,
            Err(SheetError::Oversized { why, head }) => {
                let head = Grid::new(name.clone(), head);
                notices.push(unread(&name, &why, wants_merges(&head))?);
                continue;
            }
            Err(SheetError::OverBudget(why)) => {
                return Err(refuse(
                    path,
                    format!("{why}。1 ファイルで読み込む量の上限を超えるため読み込みません"),
                ))
            }
            Err(SheetError::Unreadable) => {
                return Err(refuse(
                    path,
                    format!(
                        "シート「{name}」を読めません（{} のデータが壊れています）",
                        format.label()
                    ),
                ))
            }
        };
        let mut grid = Grid {
            name,
            cells: laid.cells,
            merged: Vec::new(),
            strays: laid.strays,
        };
        // Readers that lay a sheet out themselves (xls, ods) are checked afterwards.
        if let Some(why) = super::cells::laid_out_too_large(&grid.cells) {
            notices.push(unread(&grid.name, &why, wants_merges(&grid))?);
            continue;
        }
        let answers = wants_merges(&grid);
        if answers {
            grid.merged = merges(&mut wb, &grid.name);
            fill_merged(&mut grid.cells, &grid.merged);
        } else if !grid.strays.is_empty() {
            notices.push(format!(
                "シート「{}」は回答の表ではなく、{}。その値は読み込まずに検証しました。",
                grid.name,
                stray_cells(&grid)
            ));
        }
        sheets.push(grid);
    }
    Ok((format, sheets, notices))
}

/// 「離れたセル XFD1048576 に値があります」, naming the first few.
pub(crate) fn stray_cells(grid: &Grid) -> String {
    let shown: Vec<String> = grid
        .strays
        .iter()
        .take(5)
        .map(|c| crate::a1::address(c.get_position()))
        .collect();
    let more = match grid.strays.len() {
        n if n > shown.len() => format!(" ほか {} 個", n - shown.len()),
        _ => String::new(),
    };
    format!("表から離れたセル {}{more} に値があります", shown.join("・"))
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
