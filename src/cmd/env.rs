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
    /// The catalog `--catalog` names (a folder, `embedded` or `embedded@VERSION`), or
    /// the current embedded one.
    pub(crate) fn catalog(&self) -> Result<Catalog> {
        match &self.catalog_dir {
            None => crate::catalog::load::embedded(),
            Some(name) => crate::catalog::load::load_named(name),
        }
    }

    /// The catalog and the profile read against its schema.
    pub(crate) fn catalog_and_profile(&self, profile: &Path) -> Result<(Catalog, Profile)> {
        let catalog = self.catalog()?;
        let profile = Profile::load(profile, &catalog.schema)?;
        Ok((catalog, profile))
    }
}
