//! `kijun verify`: check one vendor response.

use std::path::Path;

use super::Env;
use crate::cli::VerifyFormat;
use crate::{Error, Outcome, Result};

pub fn execute(
    _env: &Env,
    _profile: &Path,
    _file: &Path,
    _format: VerifyFormat,
    _output: Option<&Path>,
) -> Result<Outcome> {
    Err(Error::Usage("verify はまだ実装されていません".into()))
}
