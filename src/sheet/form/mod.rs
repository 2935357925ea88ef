//! kijun's response workbook: the layout both the writer and the verifier use, the
//! hidden meta sheet, and the writer.

pub(crate) mod layout;
pub(crate) mod meta;
pub(crate) mod round;
mod rules;
pub mod write;
