//! What every command may need, resolved from the global options.

use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::profile::Profile;
use crate::Result;

/// The global options every command may need.
pub(crate) struct Env {
    pub(crate) catalog_dir: Option<PathBuf>,
    pub(crate) templates_dir: Option<PathBuf>,
}

impl Env {
    pub(crate) fn catalog(&self) -> Result<Catalog> {
        crate::catalog::load::load(self.catalog_dir.as_deref())
    }

    /// The catalog and the profile read against its schema. What reading the profile
    /// noticed (a key of an earlier version …) goes to stderr as a 注意.
    pub(crate) fn catalog_and_profile(&self, profile: &Path) -> Result<(Catalog, Profile)> {
        let catalog = self.catalog()?;
        let profile = Profile::load(profile, &catalog.schema)?;
        for note in &profile.notes {
            eprintln!("注意: {note}");
        }
        Ok((catalog, profile))
    }
}
