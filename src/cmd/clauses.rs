//! `kijun clauses`: the contract's 情報セキュリティに関する特記事項.

use std::path::Path;

use super::Env;
use crate::cli::{DocArgs, Parties};
use crate::{Error, Outcome, Result};

pub fn execute(_env: &Env, _profile: &Path, _doc: &DocArgs, _parties: Parties) -> Result<Outcome> {
    Err(Error::Usage("clauses はまだ実装されていません".into()))
}
