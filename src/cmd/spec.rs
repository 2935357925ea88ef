//! `kijun spec`: the 調達仕様書 security section.

use std::path::Path;

use super::{write_document, DocumentKind, Env};
use crate::cli::DocArgs;
use crate::render::{docx, SpecDocument, SpecLayout};
use crate::{Outcome, Result};

pub(crate) fn execute(
    env: &Env,
    profile_path: &Path,
    doc: &DocArgs,
    layout: SpecLayout,
) -> Result<Outcome> {
    write_document(
        env,
        profile_path,
        doc,
        DocumentKind {
            name: "spec",
            what: "調達仕様書の情報セキュリティ要件の節",
            example: "仕様書",
        },
        |catalog, profile, selected, templates| {
            SpecDocument::build_with(catalog, profile, selected, templates, layout)
        },
        docx::spec,
    )
}
