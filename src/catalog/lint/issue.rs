//! One problem `catalog lint` reports, and the list the checks add them to.

use crate::catalog::{Catalog, Requirement};

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

/// The issues found so far, with the catalog they are about.
pub(super) struct Lint<'c> {
    pub(super) catalog: &'c Catalog,
    pub(super) issues: Vec<LintIssue>,
}

impl Lint<'_> {
    pub(super) fn req(&mut self, r: &Requirement, message: String) {
        self.issues.push(LintIssue {
            file: r.file.clone(),
            id: Some(r.id.clone()),
            message,
            warning: false,
        });
    }
    pub(super) fn file(&mut self, file: &str, message: String) {
        self.issues.push(LintIssue {
            file: file.to_string(),
            id: None,
            message,
            warning: false,
        });
    }
}
