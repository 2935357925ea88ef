//! How every workbook kijun writes looks: one font, one size, the fills that mean the
//! same thing in the response workbook and in the reports, row heights that fit the
//! wrapped text, and fixed document properties so two runs give the same bytes.

use std::borrow::Cow;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, XlsxError};
use unicode_width::UnicodeWidthStr;

pub(crate) const FONT: &str = "游ゴシック";
pub(crate) const FONT_SIZE: f64 = 10.0;
/// Points per wrapped line at FONT_SIZE, and the padding of a row.
const LINE_HEIGHT: f64 = 14.0;
const ROW_PADDING: f64 = 4.0;
/// Excel's tallest row, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;
/// Excel's limit for the text of one cell, in UTF-16 code units.
const MAX_CELL_TEXT: usize = 32_767;

/// Column headings.
pub(crate) const HEADER_FILL: &str = "#D9E1F2";
/// Cells the vendor writes in, and cells they may not change.
pub(crate) const INPUT_FILL: &str = "#FFF9E0";
pub(crate) const LOCKED_FILL: &str = "#F2F2F2";
/// Judgements: compliant, to be weighed (a warning, a partial answer), failing, absent.
pub(crate) const GREEN: &str = "#E2EFDA";
pub(crate) const YELLOW: &str = "#FFF2CC";
pub(crate) const RED: &str = "#F8CBAD";
pub(crate) const GRAY: &str = "#EDEDED";
/// An answer still to be completed (the response workbook's own highlight).
pub(crate) const ORANGE: &str = "#FCE4D6";

/// The font and size, text at the top of the cell, wrapped.
pub(crate) fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(FONT_SIZE)
        .set_align(FormatAlign::Top)
        .set_text_wrap()
}

/// A table cell: [`base`] with a thin border.
pub(crate) fn cell() -> Format {
    base().set_border(FormatBorder::Thin)
}

/// A table's column heading: bold, filled, centred.
pub(crate) fn header() -> Format {
    cell()
        .set_bold()
        .set_background_color(HEADER_FILL)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
}

/// Lines a text needs in a column of `width` character units (full-width = 2 units).
pub(crate) fn lines_needed(text: &str, width: f64) -> f64 {
    let usable = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|line| {
            ((UnicodeWidthStr::width(line) as f64) / usable)
                .ceil()
                .max(1.0)
        })
        .sum()
}

/// The height in points of a row of `lines` wrapped lines, at most Excel's tallest.
pub(crate) fn row_height(lines: f64) -> f64 {
    (lines * LINE_HEIGHT + ROW_PADDING).min(MAX_ROW_HEIGHT)
}

/// A text as one cell can hold it. A vendor's text beyond Excel's limit (a CSV cell can
/// be longer) is cut, and the cell says how much was left out and where to read it.
pub(crate) fn cell_text(text: &str) -> Cow<'_, str> {
    if text.encode_utf16().count() <= MAX_CELL_TEXT {
        return Cow::Borrowed(text);
    }
    // Room for the note at the end.
    let budget = MAX_CELL_TEXT - 100;
    let mut used = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        used += c.len_utf16();
        if used > budget {
            break;
        }
        end = i + c.len_utf8();
    }
    let omitted = text[end..].chars().count();
    Cow::Owned(format!(
        "{}…（以下 {omitted} 文字は Excel の 1 セルに収まらないため省略しました。全文は回答ファイルを参照してください）",
        &text[..end]
    ))
}

/// Document properties with a fixed creation time (a real one would change the bytes
/// of every run).
pub(crate) fn properties(title: &str) -> Result<DocProperties, XlsxError> {
    Ok(DocProperties::new()
        .set_title(title)
        .set_author("kijun")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_beyond_the_cell_limit_is_cut_and_says_so() {
        assert_eq!(cell_text("対応します。"), "対応します。");
        let long = "あ".repeat(40_000);
        let cut = cell_text(&long);
        assert!(cut.encode_utf16().count() <= MAX_CELL_TEXT);
        assert!(cut.contains("以下 7"), "{}", &cut[cut.len() - 300..]);
        // Characters outside the BMP count twice, as Excel counts them.
        let emoji = "😀".repeat(20_000);
        assert!(cell_text(&emoji).encode_utf16().count() <= MAX_CELL_TEXT);
    }

    #[test]
    fn rows_are_no_taller_than_excel_allows() {
        assert_eq!(row_height(1.0), 18.0);
        assert_eq!(row_height(1_000.0), MAX_ROW_HEIGHT);
    }
}
