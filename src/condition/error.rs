//! What goes wrong in a condition, and where.

/// A syntax, name or type error, with the character position (1-based) it was found at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionError {
    pub(crate) column: usize,
    pub(crate) message: String,
}

impl std::fmt::Display for ConditionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "条件式の{}文字目: {}", self.column, self.message)
    }
}
