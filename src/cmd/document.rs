//! What `spec` and `clauses` share: one document written from the selection.

use std::path::Path;

use super::env::Env;
use crate::catalog::Catalog;
use crate::cli::DocFormat;
use crate::profile::Profile;
use crate::{Outcome, Result};

/// What `spec` and `clauses` share: resolve the output, select, build the document
/// model, render it as md/txt (template `<name>.md|txt`) or docx, and write it.
/// `what` names the document in the message about the file written (「調達仕様書」).
pub(crate) struct DocumentKind {
    /// Template name: `spec` or `clauses`.
    pub(crate) name: &'static str,
    /// What the document is called, e.g. 「調達仕様書」.
    pub(crate) what: &'static str,
    /// A file name for examples in messages, e.g. 「仕様書」.
    pub(crate) example: &'static str,
}

pub(crate) fn write_document<D: serde::Serialize>(
    env: &Env,
    profile_path: &Path,
    doc: &crate::cli::DocArgs,
    kind: DocumentKind,
    build: impl FnOnce(
        &Catalog,
        &Profile,
        &[crate::select::Selected<'_>],
        &crate::render::Templates,
    ) -> Result<D>,
    to_docx: impl FnOnce(&D) -> Result<Vec<u8>>,
    announce: impl FnOnce(&D) -> String,
) -> Result<Outcome> {
    use crate::render::{document_bytes, Templates};
    let output = doc
        .out
        .resolve(doc.format, DocFormat::Md, kind.example, &[profile_path])?;
    let (catalog, profile) = env.catalog_and_profile(profile_path)?;
    let templates = Templates::load(env.templates_dir.as_deref())?;
    let selected = crate::select::select(&catalog, &profile);
    let document = build(&catalog, &profile, &selected, &templates)?;
    let bytes = document_bytes(&templates, kind.name, output.format, &document, to_docx)?;
    output.write(&bytes, kind.what, &format!("（{}）", announce(&document)))?;
    Ok(Outcome::Success)
}
