//! `kijun verify`: check one vendor response.

use std::path::Path;

use super::Env;
use crate::cli::VerifyFormat;
use crate::output::{emit, refuse_input, Existing};
use crate::verify::{report, verify_file_with, xlsx, Options};
use crate::{Error, Outcome, Result};

pub fn execute(
    env: &Env,
    profile_path: &Path,
    file: &Path,
    format: VerifyFormat,
    output: Option<&Path>,
    options: Options<'_>,
) -> Result<Outcome> {
    let inputs = [profile_path, file];
    if let Some(out) = output {
        // Refuse before doing any work, so the input is never at risk.
        refuse_input(out, &inputs)?;
    }
    if format == VerifyFormat::Xlsx && output.is_none() {
        return Err(Error::Usage(
            "--format xlsx では -o で出力先の .xlsx ファイルを指定してください".into(),
        ));
    }
    let (catalog, profile) = env.catalog_and_profile(profile_path)?;
    let report = verify_file_with(&catalog, &profile, file, options)?;
    // The text report on the terminal shows them; every other output needs them said.
    if format != VerifyFormat::Text || output.is_some() {
        for n in &report.notices {
            eprintln!("注意: {n}");
        }
    }
    let bytes = match format {
        VerifyFormat::Text => report::text(&report).into_bytes(),
        VerifyFormat::Md => report::markdown(&report).into_bytes(),
        VerifyFormat::Json => report::json(&report).into_bytes(),
        VerifyFormat::Xlsx => xlsx::verify_workbook(&catalog, &profile, &report)?,
    };
    emit(output, &bytes, &inputs, Existing::Replace)?;
    Ok(if report.passed() {
        Outcome::Success
    } else {
        Outcome::Findings
    })
}
