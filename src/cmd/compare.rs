//! `kijun compare`: several vendor responses side by side.

use std::path::{Path, PathBuf};

use super::Env;
use crate::cli::CompareFormat;
use crate::{Error, Outcome, Result};

pub fn execute(
    _env: &Env,
    _profile: &Path,
    _files: &[PathBuf],
    _format: CompareFormat,
    _output: Option<&Path>,
) -> Result<Outcome> {
    Err(Error::Usage("compare はまだ実装されていません".into()))
}
