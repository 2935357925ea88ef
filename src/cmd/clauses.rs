//! `kijun clauses`: the contract's 情報セキュリティに関する特記事項.

use std::path::Path;

use super::{document_format, Env};
use crate::cli::{DocArgs, DocFormat, Parties};
use crate::output::{emit, Existing};
use crate::render::{docx, finish_text, ClausesDocument, PartyNames, Templates};
use crate::select::select;
use crate::{Outcome, Result};

pub fn execute(env: &Env, profile_path: &Path, doc: &DocArgs, parties: Parties) -> Result<Outcome> {
    let format = document_format(doc)?;
    let (catalog, profile) = env.catalog_and_profile(profile_path)?;
    let templates = Templates::load(env.templates_dir.as_deref())?;
    let selected = select(&catalog, &profile);
    let names = match parties {
        Parties::Contractor => PartyNames::contractor_client(),
        Parties::Otsu => PartyNames::otsu_kou(),
    };
    let document = ClausesDocument::build(&catalog, &profile, &selected, names, &templates)?;
    let bytes = match format {
        DocFormat::Md => finish_text(&templates.render("clauses.md", &document)?).into_bytes(),
        DocFormat::Txt => finish_text(&templates.render("clauses.txt", &document)?).into_bytes(),
        DocFormat::Docx => docx::clauses(&document)?,
    };
    emit(
        doc.output.as_deref(),
        &bytes,
        &[profile_path],
        Existing::Replace,
    )?;
    Ok(Outcome::Success)
}
