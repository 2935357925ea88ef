//! Loading a catalog by what the user names: nothing (the embedded one), a folder of
//! catalog files, or an overlay folder stacked on the base it names.

use std::path::Path;

pub use super::source::{embedded, embedded_files, from_files, EMBEDDED_NAME, EMBEDDED_ORIGIN};
use super::Catalog;
use crate::error::Result;

/// Load the embedded catalog, or the one in `dir`: a full catalog folder, or an overlay
/// folder (with `overlay.toml`) stacked on the base it names.
pub fn load(dir: Option<&Path>) -> Result<Catalog> {
    match dir {
        None => embedded(),
        Some(d) => super::overlay::load_dir(d),
    }
}

/// `embedded` or a folder, as `catalog diff` takes its arguments.
pub(crate) fn load_named(name: &Path) -> Result<Catalog> {
    if name.as_os_str() == EMBEDDED_NAME && !name.exists() {
        embedded()
    } else {
        load(Some(name))
    }
}
