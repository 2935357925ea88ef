//! `kijun clauses`: the contract's 情報セキュリティに関する特記事項.

use std::path::Path;

use super::{write_document, DocumentKind, Env};
use crate::cli::{DocArgs, Parties};
use crate::render::{docx, ClausesDocument, PartyNames};
use crate::{Outcome, Result};

pub(crate) fn execute(
    env: &Env,
    profile_path: &Path,
    doc: &DocArgs,
    parties: Parties,
) -> Result<Outcome> {
    let names = match parties {
        Parties::Contractor => PartyNames::contractor_client(),
        Parties::Otsu => PartyNames::otsu_kou(),
    };
    write_document(
        env,
        profile_path,
        doc,
        DocumentKind {
            name: "clauses",
            what: "特記事項",
            example: "特記事項",
        },
        |c, p, s, t| ClausesDocument::build(c, p, s, names, t),
        docx::clauses,
        |d| {
            let duties = d
                .articles
                .iter()
                .flat_map(|a| &a.paragraphs)
                .filter(|p| !p.id.is_empty())
                .count();
            format!("{} 条、受注者の義務 {duties} 件", d.articles.len())
        },
    )
}
