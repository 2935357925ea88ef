//! A sheet's cells, read one by one (xlsx, xlsb) or from a CSV, and laid out only once
//! they fit the budget. The reader would lay out one slot for every cell between the
//! first and the last used one, so one value at XFD1048576 made a sheet of a few
//! hundred rows need 17 billion slots; such far cells are kept apart as [`Stray`]s
//! (named to the reviewer) and the rest of the sheet is laid out as usual.

use std::io::{Read, Seek};

use calamine::{Cell, Data, DataRef, Range, Xlsb, Xlsx};

use super::limits::{too_large, Span, Spent, BUDGET};

/// Rows and columns of a sheet's top kept when the sheet is too large to lay out: enough
/// to tell whether it holds the answer table's header.
pub(crate) const HEAD_ROWS: u32 = 40;
pub(crate) const HEAD_COLS: u32 = 256;

/// A cell far from the rest of its sheet, left out of the layout: its position and value.
pub(crate) type Stray = Cell<Data>;

/// A sheet's cells laid out, and the far cells kept apart.
#[derive(Debug)]
pub(crate) struct SheetCells {
    pub(crate) cells: Range<Data>,
    pub(crate) strays: Vec<Stray>,
}

/// Why a sheet cannot be read.
#[derive(Debug)]
pub(crate) enum SheetError {
    /// Its cells span too much to lay out even with the far ones kept apart. `head`
    /// holds the cells near its top-left corner, so the caller can tell whether this is
    /// the answer sheet.
    Oversized { why: String, head: Range<Data> },
    /// The file as a whole is over the budget (the reason names the sheet).
    OverBudget(String),
    /// The reader failed.
    Unreadable,
}

/// The UTF-8 bytes of text a cell holds once read.
fn text_bytes(value: &DataRef<'_>) -> u64 {
    match value {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len() as u64,
        DataRef::SharedString(s) => s.len() as u64,
        _ => 0,
    }
}

/// Cells from a reader's cell iterator, counted against the budget as they come.
fn bounded<'a, E>(
    sheet: &str,
    spent: &mut Spent,
    mut next: impl FnMut() -> Result<Option<Cell<DataRef<'a>>>, E>,
) -> Result<SheetCells, SheetError> {
    let mut cells: Vec<Cell<Data>> = Vec::new();
    while let Some(cell) = next().map_err(|_| SheetError::Unreadable)? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        spent
            .text(sheet, text_bytes(cell.get_value()))
            .map_err(SheetError::OverBudget)?;
        if cells.len() as u64 >= BUDGET.sheet_cells {
            return Err(SheetError::Oversized {
                why: format!(
                    "値のあるセルが多すぎます（{} 個を超えます）",
                    BUDGET.sheet_cells
                ),
                head: head(cells),
            });
        }
        cells.push(Cell::new(
            cell.get_position(),
            Data::from(cell.get_value().clone()),
        ));
    }
    layout(sheet, spent, cells)
}

/// A layout this sparse is worth splitting even within the limits: a few hundred rows
/// with one value at XFD5 would otherwise take 3 million slots (100 MB).
const SPARSE_FLOOR: u64 = 1_000_000;
const SPARSE_RATIO: u64 = 16;

/// Whether cells spanning `span` are laid out as they are: within the limits, and not
/// mostly empty slots.
fn compact(span: &Span, cells: usize) -> bool {
    span.refusal().is_none() && span.cells() <= SPARSE_FLOOR.max(SPARSE_RATIO * cells as u64)
}

/// Lay out a sheet's cells: all of them when they are compact, else all but the far
/// ones; all of them after all when that fails but they are within the limits.
pub(crate) fn layout(
    sheet: &str,
    spent: &mut Spent,
    cells: Vec<Cell<Data>>,
) -> Result<SheetCells, SheetError> {
    let span = span_of(&cells);
    let laid = if compact(&span, cells.len()) {
        SheetCells {
            cells: Range::from_sparse(cells),
            strays: Vec::new(),
        }
    } else {
        match keep_apart(cells) {
            Ok((kept, strays)) => SheetCells {
                cells: Range::from_sparse(kept),
                strays,
            },
            Err(cells) => match span.refusal() {
                None => SheetCells {
                    cells: Range::from_sparse(cells),
                    strays: Vec::new(),
                },
                Some(why) => {
                    return Err(SheetError::Oversized {
                        why,
                        head: head(cells),
                    })
                }
            },
        }
    };
    let (rows, cols) = (laid.cells.height() as u64, laid.cells.width() as u64);
    spent
        .cells(sheet, rows * cols)
        .map_err(SheetError::OverBudget)?;
    Ok(laid)
}

/// The cells near the top-left corner, laid out.
fn head(mut cells: Vec<Cell<Data>>) -> Range<Data> {
    cells.retain(|c| {
        let (r, c) = c.get_position();
        r < HEAD_ROWS && c < HEAD_COLS
    });
    Range::from_sparse(cells)
}

/// The cells kept together, and the values kept apart from them.
type Apart = (Vec<Cell<Data>>, Vec<Stray>);

/// Split off the cells on the far side of the widest gap in rows or columns (the side
/// with fewer cells), again while what is left is not compact, as long as few cells are
/// split off: a value typed at the far corner, not half of a table. Gives the cells
/// back when that does not make them compact.
fn keep_apart(cells: Vec<Cell<Data>>) -> Result<Apart, Vec<Cell<Data>>> {
    let row = |c: &Cell<Data>| c.get_position().0;
    let col = |c: &Cell<Data>| c.get_position().1;
    let mut kept = cells;
    let mut strays: Vec<Stray> = Vec::new();
    while !compact(&span_of(&kept), kept.len()) {
        // Of a cut across rows and one across columns, the one that leaves less to lay out.
        let cut = [row as fn(&Cell<Data>) -> u32, col]
            .into_iter()
            .filter_map(|axis| {
                let (at, _) = widest_gap(kept.iter().map(axis))?;
                let below = kept.iter().filter(|c| axis(c) < at).count();
                let keep_below = below * 2 >= kept.len();
                let left = span_of(kept.iter().filter(|c| (axis(c) < at) == keep_below)).cells();
                Some((left, axis, at, keep_below))
            })
            .min_by_key(|(left, ..)| *left);
        let Some((_, axis, at, keep_below)) = cut else {
            break;
        };
        let (stay, far): (Vec<_>, Vec<_>) =
            kept.into_iter().partition(|c| (axis(c) < at) == keep_below);
        kept = stay;
        strays.extend(far);
        if strays.len() > BUDGET.stray_cells {
            break;
        }
    }
    if compact(&span_of(&kept), kept.len()) && strays.len() <= BUDGET.stray_cells {
        strays.sort_by_key(|c| c.get_position());
        return Ok((kept, strays));
    }
    kept.extend(strays);
    Err(kept)
}

fn span_of<'c>(cells: impl IntoIterator<Item = &'c Cell<Data>>) -> Span {
    let mut span = Span::default();
    for c in cells {
        span.add(c.get_position().0, c.get_position().1);
    }
    span
}

/// The widest gap between the values (rows or columns in use): (the first value after
/// it, the gap's width), if there is a gap at all.
fn widest_gap(values: impl Iterator<Item = u32>) -> Option<(u32, u32)> {
    let mut v: Vec<u32> = values.collect();
    v.sort_unstable();
    v.dedup();
    v.windows(2)
        .map(|w| (w[1], w[1] - w[0]))
        .filter(|(_, gap)| *gap > 1)
        .max_by_key(|(_, gap)| *gap)
}

/// Why a sheet a reader has already laid out is too large, naming its outermost cells.
pub(crate) fn laid_out_too_large(cells: &Range<Data>) -> Option<String> {
    let (rows, cols) = (cells.height() as u64, cells.width() as u64);
    too_large(rows, cols)?;
    let mut span = Span::default();
    let (r0, c0) = cells.start().unwrap_or((0, 0));
    for (r, c, _) in cells.used_cells() {
        span.add(r0 + r as u32, c0 + c as u32);
    }
    span.refusal().or_else(|| too_large(rows, cols))
}

/// One xlsx worksheet, read cell by cell.
pub(crate) fn xlsx_range<RS: Read + Seek>(
    wb: &mut Xlsx<RS>,
    name: &str,
    spent: &mut Spent,
) -> Result<SheetCells, SheetError> {
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(|_| SheetError::Unreadable)?;
    bounded(name, spent, || reader.next_cell())
}

/// One xlsb worksheet, read cell by cell.
pub(crate) fn xlsb_range<RS: Read + Seek>(
    wb: &mut Xlsb<RS>,
    name: &str,
    spent: &mut Spent,
) -> Result<SheetCells, SheetError> {
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(|_| SheetError::Unreadable)?;
    bounded(name, spent, || reader.next_cell())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Positions of a full table of `rows` × `cols` from A1.
    fn full(rows: u32, cols: u32) -> Vec<(u32, u32)> {
        (0..rows)
            .flat_map(|r| (0..cols).map(move |c| (r, c)))
            .collect()
    }

    fn cells(at: &[(u32, u32)]) -> Vec<Cell<Data>> {
        at.iter()
            .map(|&p| Cell::new(p, Data::String("x".into())))
            .collect()
    }

    #[test]
    fn a_value_at_the_far_corner_is_kept_apart() {
        let mut table: Vec<(u32, u32)> = full(300, 8);
        table.push((1_048_575, 16_383));
        let laid = layout("回答", &mut Spent::default(), cells(&table)).expect("laid out");
        assert_eq!(laid.cells.end(), Some((299, 7)));
        assert_eq!(laid.strays.len(), 1);
        assert_eq!(laid.strays[0].get_position(), (1_048_575, 16_383));
    }

    #[test]
    fn far_values_down_and_to_the_right_are_both_kept_apart() {
        let mut table: Vec<(u32, u32)> = full(300, 5);
        table.extend([(900_000, 2), (1_000_000, 10_000), (3, 16_000)]);
        let laid = layout("回答", &mut Spent::default(), cells(&table)).expect("laid out");
        assert_eq!(laid.cells.end(), Some((299, 4)));
        assert_eq!(laid.strays.len(), 3);
        // Within the limits but mostly empty: 300 rows with a value at XFD5.
        let mut wide: Vec<(u32, u32)> = full(300, 8);
        wide.push((4, 16_383));
        let laid = layout("回答", &mut Spent::default(), cells(&wide)).expect("laid out");
        assert_eq!(laid.cells.end(), Some((299, 7)));
        assert_eq!(laid.strays.len(), 1);
        // Sparse with no gap to cut at, but within the limits: laid out as it is.
        let diagonal: Vec<(u32, u32)> = (0..2_000).map(|i| (i * 40, i % 50)).collect();
        let laid = layout("回答", &mut Spent::default(), cells(&diagonal)).expect("laid out");
        assert!(laid.strays.is_empty());
        assert_eq!(laid.cells.end(), Some((79_960, 49)));
    }

    #[test]
    fn a_sheet_too_large_in_itself_is_still_refused() {
        // 200,000 rows in one column: no gap to cut at.
        let table: Vec<(u32, u32)> = (0..200_000).map(|r| (r, 0)).collect();
        match layout("回答", &mut Spent::default(), cells(&table)) {
            Err(SheetError::Oversized { why, .. }) => {
                assert!(why.contains("行が多すぎます"), "{why}")
            }
            other => panic!("{other:?}"),
        }
        // Two halves far apart are a table, not one stray value.
        let mut halves: Vec<(u32, u32)> = (0..150).map(|r| (r, 0)).collect();
        halves.extend((0..150).map(|r| (900_000 + r, 0)));
        assert!(matches!(
            layout("回答", &mut Spent::default(), cells(&halves)),
            Err(SheetError::Oversized { .. })
        ));
    }
}
