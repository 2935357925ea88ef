//! How a successful run ended, as an exit code.

use crate::error::EXIT_INPUT;

/// How a run that wrote its result ended: exit 0, exit 1 when a check found errors
/// (verify/compare findings of severity error, lint problems), or exit 2 when the
/// result is written but some inputs could not be read (compare lists them in it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Findings,
    /// The result was written without these inputs, which could not be read.
    Incomplete {
        unreadable: usize,
    },
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::Findings => 1,
            Outcome::Incomplete { .. } => EXIT_INPUT,
        }
    }
}
