//! `kijun spec`: the 調達仕様書 security section.

use std::path::Path;

use super::Env;
use crate::cli::DocArgs;
use crate::{Error, Outcome, Result};

pub fn execute(_env: &Env, _profile: &Path, _doc: &DocArgs) -> Result<Outcome> {
    Err(Error::Usage("spec はまだ実装されていません".into()))
}
