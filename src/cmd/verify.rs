//! `kijun verify`: check one vendor response, against the catalog edition its workbook
//! was made with (`verify::edition`).

use std::path::Path;

use super::Env;
use crate::cli::{OutputArgs, VerifyFormat};
use crate::output::Render;
use crate::verify::edition::{CatalogSource, ProfileText};
use crate::verify::{Options, Verification};
use crate::{Outcome, Result};

pub(crate) fn execute(
    env: &Env,
    profile_path: &Path,
    file: &Path,
    format: Option<VerifyFormat>,
    out: &OutputArgs,
    options: Options<'_>,
) -> Result<Outcome> {
    // Resolved before any work, so the input is never at risk and a wrong name fails fast.
    let output = out.resolve(
        format,
        VerifyFormat::Text,
        "検証結果",
        &[profile_path, file],
    )?;
    let profile = ProfileText::load(profile_path)?;
    let source = CatalogSource::new(env.catalog_dir.as_deref())?;
    let initial = source.initial()?;
    // The workbook first: its meta sheet says which edition to verify it against.
    let book = initial.read(file)?;
    let chosen = source.choose(initial, &[&book], &profile)?;
    let report = chosen.verify(&book, options)?;
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
