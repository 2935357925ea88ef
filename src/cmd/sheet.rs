//! `kijun sheet`: the vendor response workbook.

use std::path::Path;

use super::Env;
use crate::output::{emit, Existing};
use crate::select::select;
use crate::sheet::write::{workbook, SheetOptions};
use crate::{Error, Outcome, Result};

pub fn execute(
    env: &Env,
    profile_path: &Path,
    output: &Path,
    password: Option<&str>,
) -> Result<Outcome> {
    if output
        .extension()
        .is_none_or(|e| !e.eq_ignore_ascii_case("xlsx"))
    {
        return Err(Error::Usage(format!(
            "出力先 {} の拡張子は .xlsx にしてください（回答様式は Excel 形式で作成します）",
            output.display()
        )));
    }
    let (catalog, profile) = env.catalog_and_profile(profile_path)?;
    let selected = select(&catalog, &profile);
    let opts = SheetOptions {
        password: password.map(str::to_string),
    };
    let bytes = workbook(&catalog, &profile, &selected, &opts)?;
    emit(Some(output), &bytes, &[profile_path], Existing::Replace)?;
    eprintln!(
        "回答様式（要件 {} 件）を {} に書き出しました。",
        selected.len(),
        output.display()
    );
    Ok(Outcome::Success)
}
