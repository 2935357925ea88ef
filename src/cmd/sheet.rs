//! `kijun sheet`: the vendor response workbook.

use std::path::Path;

use super::Env;
use crate::{Error, Outcome, Result};

pub fn execute(
    _env: &Env,
    _profile: &Path,
    _output: &Path,
    _password: Option<&str>,
) -> Result<Outcome> {
    Err(Error::Usage("sheet はまだ実装されていません".into()))
}
