//! Text for the terminal: tables padded by display width, printing to stdout.

use crate::Result;

/// Display width of a string in a terminal (full-width characters count 2).
pub(crate) fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// One table row: each cell padded to its width (0 = last cell, not padded).
pub(crate) fn table_row(cells: &[(&str, usize)]) -> String {
    let mut line = String::new();
    for (text, w) in cells {
        line.push_str(text);
        if *w > 0 {
            line.push_str(&" ".repeat(w.saturating_sub(width(text)) + 2));
        }
    }
    line.trim_end().to_string() + "\n"
}

/// Print to stdout; a closed pipe (`kijun catalog list | head`) is not an error.
pub(crate) fn print(text: &str) -> Result<()> {
    crate::output::emit(None, text.as_bytes(), &[], crate::output::Existing::Replace)
}
