//! `kijun verify`: check one vendor response.

use std::path::Path;

use super::Env;
use crate::cli::{OutputArgs, VerifyFormat};
use crate::date::Date;
use crate::error::Error;
use crate::output::Render;
use crate::verify::{rounds, verify_file_with, Options, Verification};
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
    let (catalog, profile) = env.catalog_and_profile(profile_path)?;
    let mut report = verify_file_with(&catalog, &profile, file, extra.options)?;
    if let Some(previous) = extra.previous {
        let before = verify_file_with(&catalog, &profile, previous, extra.options)?;
        rounds::compare(&before, &mut report).map_err(|message| Error::Input {
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
        catalog: &catalog,
        profile: &profile,
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
