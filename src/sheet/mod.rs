//! The vendor response workbook (回答様式). `form` is kijun's own workbook: its layout,
//! the meta sheet and the writer (`kijun sheet`), which the verifier reads back by the
//! same definitions. `ingest` reads whatever file a vendor returns (xlsx, xlsm, xlsb,
//! xls, ods, csv) into sheets of cells, within size limits.

pub mod form;
pub mod ingest;
