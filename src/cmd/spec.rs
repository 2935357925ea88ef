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
        |d| d.contents(),
    )
}

/// The part and numbering the options ask for.
pub(super) fn layout(args: &crate::cli::SpecLayoutArgs) -> crate::render::SpecLayout {
    use crate::catalog::Part;
    use crate::cli::SpecPartArg;
    crate::render::SpecLayout {
        part: match args.part {
            SpecPartArg::All => None,
            SpecPartArg::Functions => Some(Part::Functions),
            SpecPartArg::Deliverables => Some(Part::Deliverables),
            SpecPartArg::Duties => Some(Part::Duties),
            SpecPartArg::Qualification => Some(Part::Qualification),
            SpecPartArg::Subcontract => Some(Part::Subcontract),
        },
        heading_level: args.heading_level,
    }
}
