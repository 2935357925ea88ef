//! Reading a workbook a vendor sent back, one module per input format, with the size
//! limits checked before anything is laid out in memory and merged cells filled.

mod book;
mod csv;
mod limits;
mod merges;
mod ods;
mod read;

pub(crate) use book::{Book, Grid, InputFormat};
pub(crate) use limits::MAX_FILE_BYTES;
pub use read::{check_size, read_book, read_bytes, WantsMerges, ALL_MERGES};
