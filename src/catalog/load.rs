//! Loading a catalog by what the user names: nothing (the current embedded catalog),
//! `embedded` or `embedded@VERSION` (an embedded edition), a folder of catalog files, or
//! an overlay folder stacked on the base it names.

use std::path::Path;

pub use super::editions::{embedded, embedded_files, EMBEDDED_NAME, EMBEDDED_ORIGIN};
use super::editions::{parse_name, Editions};
use super::overlay::Base;
pub use super::source::from_files;
use super::Catalog;
use crate::error::Result;

/// Load the embedded catalog, or the one in `dir`: a full catalog folder, or an overlay
/// folder (with `overlay.toml`) stacked on the base it names.
pub fn load(dir: Option<&Path>) -> Result<Catalog> {
    match dir {
        None => embedded(),
        Some(d) => super::overlay::load_dir(d, &embedded),
    }
}

/// `embedded`, `embedded@VERSION` or a folder, as `--catalog` and `catalog diff` take it.
pub(crate) fn load_named(name: &Path) -> Result<Catalog> {
    load_named_on(name, &embedded)
}

/// [`load_named`], with an overlay's embedded base given by `base`.
pub(crate) fn load_named_on(name: &Path, base: Base<'_>) -> Result<Catalog> {
    match embedded_name(name) {
        Some(None) => embedded(),
        Some(version) => Editions::embedded()?.named(version)?.load(),
        None => super::overlay::load_dir(name, base),
    }
}

/// Whether `name` names the embedded catalog (`Some(None)`) or one of its editions
/// (`Some(Some(version))`). A folder of that name wins, as it always has.
pub(crate) fn embedded_name(name: &Path) -> Option<Option<&str>> {
    if name.exists() {
        return None;
    }
    parse_name(name.to_str()?)
}
