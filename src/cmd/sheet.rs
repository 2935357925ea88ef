//! `kijun sheet`: the vendor response workbook.

use std::path::Path;

use super::Env;
use crate::cli::{OutputArgs, SheetFormat};
use crate::select::select;
use crate::sheet::form::write::{workbook, SheetOptions};
use crate::{Outcome, Result};

pub(crate) fn execute(
    env: &Env,
    profile_path: &Path,
    output: &Path,
    force: bool,
    password: Option<&str>,
) -> Result<Outcome> {
    let out = OutputArgs {
        output: Some(output.to_path_buf()),
        force,
    };
    let output = out.resolve(None, SheetFormat::Xlsx, "回答様式", &[profile_path])?;
    let (catalog, profile) = env.catalog_and_profile(profile_path)?;
    let selected = select(&catalog, &profile);
    let opts = SheetOptions {
        password: password.map(str::to_string),
        round: None,
    };
    let bytes = workbook(&catalog, &profile, &selected, &opts)?;
    output.write(
        &bytes,
        "回答様式",
        &format!("（要件 {} 件）", selected.len()),
    )?;
    Ok(Outcome::Success)
}
