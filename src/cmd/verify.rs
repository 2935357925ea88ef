//! `kijun verify`: check one vendor response, against the catalog edition its workbook
//! was made with (`verify::edition`).

use std::path::Path;

use super::Env;
use crate::cli::{OutputArgs, VerifyFormat};
use crate::date::Date;
use crate::error::Error;
use crate::output::Render;
use crate::verify::edition::{CatalogSource, ProfileText};
use crate::verify::{rounds, Options, Verification};
use crate::{Outcome, Result};

/// What `verify` takes beyond the file, the profile and the output.
pub(crate) struct Extra<'a> {
    pub(crate) options: Options<'a>,
    /// `--date`, as typed.
    pub(crate) date: Option<&'a str>,
    /// `--previous`: the previous round's response.
    pub(crate) previous: Option<&'a Path>,
}

pub(crate) fn execute(
    env: &Env,
    profile_path: &Path,
    file: &Path,
    format: Option<VerifyFormat>,
    out: &OutputArgs,
    extra: &Extra<'_>,
) -> Result<Outcome> {
    // Resolved before any work, so the input is never at risk and a wrong name fails fast.
    let mut inputs = vec![profile_path, file];
    inputs.extend(extra.previous);
    let output = out.resolve(format, VerifyFormat::Text, "検証結果", &inputs)?;
    let date = extra.date.map(|d| Date::parse(d, "--date")).transpose()?;
    let profile = ProfileText::load(profile_path)?;
    let source = CatalogSource::new(env.catalog_dir.as_deref())?;
    let initial = source.initial()?;
    // The workbook first: its meta sheet says which edition to verify it against. With
    // --previous, both rounds are verified against the one edition they record.
    let book = initial.read(file)?;
    let before = extra.previous.map(|p| initial.read(p)).transpose()?;
    let books: Vec<&crate::sheet::ingest::Book> = std::iter::once(&book).chain(&before).collect();
    let chosen = source.choose(initial, &books, &profile)?;
    let mut report = chosen.verify(&book, extra.options)?;
    if let Some(before) = &before {
        let previous = chosen.verify(before, extra.options)?;
        rounds::compare(&previous, &mut report).map_err(|message| Error::Input {
            path: file.to_path_buf(),
            message,
        })?;
    }
    // The text report on the terminal shows them; every other output needs them said.
    if output.format != VerifyFormat::Text || output.path.is_some() {
        for n in &report.notices {
            eprintln!("注意: {n}");
        }
    }
    let bytes = Verification {
        catalog: &chosen.catalog,
        profile: &chosen.profile,
        report: &report,
        date,
    }
    .render(output.format)?;
    output.write(
        &bytes,
        "検証結果",
        &format!(
            "（{}: エラー {} 件、警告 {} 件）",
            report.verdict_label(),
            report.summary.errors,
            report.summary.warnings
        ),
    )?;
    Ok(if report.passed() {
        Outcome::Success
    } else {
        Outcome::Findings
    })
}
