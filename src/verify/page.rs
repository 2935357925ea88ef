//! What every sheet of kijun's report workbooks shares: fixed properties, A4 landscape
//! with the system and the vendor or files in the page header, tables whose heading
//! repeats on every printed page, rows tall enough for their text, and the
//! [`Page`] of a verification report (what it is about and its cell formats).

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::Report;
use crate::catalog::Catalog;
use crate::date::Date;
use crate::error::{Error, Result};
use crate::profile::Profile;
use crate::xlsx_style::{cell, cell_text, header, lines_needed, properties, row_height};

pub(crate) fn xlsx_error(e: XlsxError) -> Error {
    Error::Internal(format!("結果のブックを作成できません（{e}）"))
}

/// A workbook with fixed properties, so two runs give the same bytes.
pub(crate) fn new_workbook(title: &str) -> Result<Workbook> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties(title).map_err(xlsx_error)?);
    Ok(wb)
}

pub(crate) fn filled(color: &str) -> Format {
    cell().set_background_color(color)
}

/// `&` starts a code in Excel headers and footers.
fn escape_header(s: &str) -> String {
    s.replace('&', "&&")
}

/// A4 landscape, margins for a header and footer: `left` (the system) and `right`
/// (the vendor or file) at the top of every page, the page number at the bottom.
pub(crate) fn print_setup(ws: &mut Worksheet, left: &str, right: &str) {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_margins(0.4, 0.4, 0.7, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_header(format!(
        "&L&8{}&R&8{}",
        escape_header(left),
        escape_header(right)
    ));
    ws.set_footer("&C&8&P / &N ページ");
}

/// A table: bold header row repeated on every printed page, column widths, autofilter,
/// frozen header, one page wide.
pub(crate) fn table(
    ws: &mut Worksheet,
    name: &str,
    headers: &[(&str, f64)],
    first_row: u32,
    rows: usize,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let head = header();
    for (c, (h, w)) in headers.iter().enumerate() {
        ws.write_with_format(first_row, c as u16, cell_text(h).as_ref(), &head)?;
        ws.set_column_width(c as u16, *w)?;
    }
    let lines = headers
        .iter()
        .map(|(h, w)| lines_needed(h, *w))
        .fold(1.0, f64::max);
    ws.set_row_height(first_row, row_height(lines))?;
    let last = first_row + rows as u32;
    ws.autofilter(first_row, 0, last, headers.len() as u16 - 1)?;
    ws.set_freeze_panes(first_row + 1, 0)?;
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(first_row, first_row)?;
    Ok(())
}

/// The height of a row of wrapped cells: enough lines for its longest text.
pub(crate) fn fit_row(
    ws: &mut Worksheet,
    row: u32,
    cells: &[(&str, f64)],
) -> Result<(), XlsxError> {
    let lines = cells
        .iter()
        .map(|(t, w)| lines_needed(t, *w))
        .fold(1.0, f64::max);
    ws.set_row_height(row, row_height(lines))?;
    Ok(())
}

/// The file's name without its folders, as the reviewer knows it.
pub(crate) fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// What every sheet of the report shares: what it is about, the page header texts
/// and the cell formats.
pub(crate) struct Page<'a> {
    pub(crate) catalog: &'a Catalog,
    pub(crate) profile: &'a Profile,
    pub(crate) report: &'a Report,
    pub(crate) date: Option<Date>,
    /// 「システム名（組織） 回答の検証結果」, top left of every printed page.
    pub(crate) system: String,
    /// The vendor and the file, top right.
    pub(crate) vendor: String,
    pub(crate) file: String,
    pub(crate) cell: Format,
    pub(crate) number: Format,
}

impl<'a> Page<'a> {
    pub(crate) fn new(
        catalog: &'a Catalog,
        profile: &'a Profile,
        report: &'a Report,
        date: Option<Date>,
    ) -> Page<'a> {
        let f = cell();
        let number = f
            .clone()
            .set_num_format("#,##0")
            .set_align(FormatAlign::Right);
        let file = file_name(&report.file);
        Page {
            catalog,
            profile,
            report,
            date,
            system: format!(
                "{}（{}） 回答の検証結果",
                profile.system_name, profile.organization
            ),
            vendor: match &report.vendor {
                Some(v) => format!("{v}　{file}"),
                None => file.clone(),
            },
            file,
            cell: f,
            number,
        }
    }
}
