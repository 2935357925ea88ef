//! The verification and comparison reports in each of their formats.

use super::compare::{self, Comparison};
use super::{report, xlsx, Report};
use crate::catalog::Catalog;
use crate::cli::{CompareFormat, VerifyFormat};
use crate::date::Date;
use crate::error::Result;
use crate::output::Render;
use crate::profile::Profile;

/// One vendor's verification, with the catalog and profile its workbook report shows.
pub(crate) struct Verification<'a> {
    pub(crate) catalog: &'a Catalog,
    pub(crate) profile: &'a Profile,
    pub(crate) report: &'a Report,
    /// The 検証日 the workbook report is filled with, when the user gives one.
    pub(crate) date: Option<Date>,
}

impl Render<VerifyFormat> for Verification<'_> {
    fn render(&self, format: VerifyFormat) -> Result<Vec<u8>> {
        Ok(match format {
            VerifyFormat::Text => report::text(self.report).into_bytes(),
            VerifyFormat::Md => report::markdown(self.report).into_bytes(),
            VerifyFormat::Json => report::json(self.report).into_bytes(),
            VerifyFormat::Xlsx => {
                xlsx::verify_workbook(self.catalog, self.profile, self.report, self.date)?
            }
        })
    }
}

/// Several vendors side by side, with the profile that names the system.
pub(crate) struct Compared<'a> {
    pub(crate) comparison: &'a Comparison<'a>,
    pub(crate) profile: &'a Profile,
}

impl Render<CompareFormat> for Compared<'_> {
    fn render(&self, format: CompareFormat) -> Result<Vec<u8>> {
        Ok(match format {
            CompareFormat::Md => compare::markdown(self.comparison, self.profile).into_bytes(),
            CompareFormat::Json => compare::json(self.comparison).into_bytes(),
            CompareFormat::Xlsx => compare::workbook(self.comparison, self.profile)?,
        })
    }
}
