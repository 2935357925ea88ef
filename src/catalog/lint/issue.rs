//! One problem `catalog lint` reports.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintIssue {
    pub(crate) file: String,
    pub(crate) id: Option<String>,
    pub(crate) message: String,
    /// A warning (e.g. an overlay that weakens a requirement) does not fail the lint.
    pub(crate) warning: bool,
}

impl std::fmt::Display for LintIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mark = if self.warning { "警告: " } else { "" };
        match &self.id {
            Some(id) => write!(f, "{}: {id}: {mark}{}", self.file, self.message),
            None => write!(f, "{}: {mark}{}", self.file, self.message),
        }
    }
}
