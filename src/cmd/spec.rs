//! `kijun spec`: the 調達仕様書 security section.

use std::path::Path;

use super::{document_format, Env};
use crate::cli::{DocArgs, DocFormat};
use crate::output::{emit, Existing};
use crate::render::{docx, finish_text, SpecDocument, Templates};
use crate::select::select;
use crate::{Outcome, Result};

pub fn execute(env: &Env, profile_path: &Path, doc: &DocArgs) -> Result<Outcome> {
    let format = document_format(doc)?;
    let (catalog, profile) = env.catalog_and_profile(profile_path)?;
    let templates = Templates::load(env.templates_dir.as_deref())?;
    let selected = select(&catalog, &profile);
    let document = SpecDocument::build(&catalog, &profile, &selected, &templates)?;
    let bytes = match format {
        DocFormat::Md => finish_text(&templates.render("spec.md", &document)?).into_bytes(),
        DocFormat::Txt => finish_text(&templates.render("spec.txt", &document)?).into_bytes(),
        DocFormat::Docx => docx::spec(&document)?,
    };
    emit(
        doc.output.as_deref(),
        &bytes,
        &[profile_path],
        Existing::Replace,
    )?;
    Ok(Outcome::Success)
}
