//! Reading a workbook a vendor sent back, one module per input format, with what one
//! file may cost ([`BUDGET`], `limits.rs`) checked before the reader allocates it:
//! the parts of zip-based files (`parts.rs`), the records of an .xls (`xls.rs`), the
//! content of an .ods (`ods.rs`), and cells read one by one (`cells.rs`), far cells
//! kept apart; then merged cells are filled (`merges.rs`).

mod book;
mod cells;
mod csv;
mod limits;
mod merges;
mod ods;
mod parts;
mod read;
mod xls;

pub(crate) use book::{Book, Grid, InputFormat};
pub(crate) use limits::MAX_FILE_BYTES;
pub use limits::{Budget, BUDGET};
pub use read::{check_size, read_book, read_bytes, WantsMerges, ALL_MERGES};
