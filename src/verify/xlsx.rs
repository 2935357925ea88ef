//! The verification report as a workbook.

use crate::catalog::Catalog;
use crate::profile::Profile;
use crate::verify::Report;
use crate::{Error, Result};

pub fn verify_workbook(
    _catalog: &Catalog,
    _profile: &Profile,
    _report: &Report,
) -> Result<Vec<u8>> {
    Err(Error::Usage("xlsx 形式の検証結果は未実装です".into()))
}
