//! Spreadsheet A1 notation, as messages and formulas name cells: column letters and
//! addresses from 0-based indexes of any size (a CSV may be wider than Excel allows).

/// Column letters for a 0-based index: 0 → A, 25 → Z, 26 → AA.
pub(crate) fn column_letter(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut s = Vec::new();
    while n > 0 {
        s.push((b'A' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

/// `(row, col)` (0-based) as a spreadsheet address: (0, 0) → A1.
pub(crate) fn address((row, col): (u32, u32)) -> String {
    format!("{}{}", column_letter(col), u64::from(row) + 1)
}

/// Sorted row numbers as runs of consecutive rows: [5, 6, 7, 9] → [(5, 7), (9, 9)].
pub(crate) fn row_runs(rows: &[u32]) -> Vec<(u32, u32)> {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &r in rows {
        match runs.last_mut() {
            Some((_, end)) if r == *end + 1 => *end = r,
            _ => runs.push((r, r)),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_rows_make_runs() {
        assert_eq!(row_runs(&[5, 6, 7, 9]), [(5, 7), (9, 9)]);
        assert_eq!(row_runs(&[]), []);
        assert_eq!(row_runs(&[3]), [(3, 3)]);
    }

    #[test]
    fn letters_and_addresses() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(7), "H");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(16_383), "XFD");
        assert_eq!(column_letter(u32::MAX), "MWLQKWV");
        assert_eq!(address((0, 0)), "A1");
        assert_eq!(address((100_000, 0)), "A100001");
        assert_eq!(address((1_048_575, 16_383)), "XFD1048576");
    }
}
