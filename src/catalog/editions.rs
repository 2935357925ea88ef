//! The editions of the standard catalog embedded in the binary: the current one
//! (catalog/) and every released one, frozen byte for byte under editions/<version>/.
//! A response workbook records the name, version and digest of the edition it was made
//! with; verify finds that edition here, so a workbook sent out before a catalog update
//! is still checked against the requirements it showed.

use std::sync::OnceLock;

use include_dir::{include_dir, Dir};

use super::source::{files_digest, from_files, Files, META_FILE};
use super::{Catalog, CatalogMeta};
use crate::error::{Error, Result};

static CURRENT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/catalog");
static FROZEN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/editions");

/// What `--catalog` and `catalog diff` name the embedded catalog; `embedded@0.1.0` names
/// one of its editions.
pub const EMBEDDED_NAME: &str = "embedded";

/// How the embedded catalog is named in messages and as a catalog's origin.
pub const EMBEDDED_ORIGIN: &str = "埋め込みカタログ";

/// The `*.toml` files of one folder of an embedded tree, named by their file name only
/// (the digest hashes the names: a folder in them would change every recorded digest).
fn toml_files(dir: &Dir<'_>) -> Files {
    let mut files: Files = dir
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        .filter_map(|f| {
            let name = f.path().file_name()?.to_string_lossy().into_owned();
            Some((name, f.contents_utf8()?.to_string()))
        })
        .collect();
    files.sort();
    files
}

/// The files of the current catalog (catalog/).
pub fn embedded_files() -> Files {
    toml_files(&CURRENT)
}

/// The current embedded catalog.
pub fn embedded() -> Result<Catalog> {
    from_files(&embedded_files(), EMBEDDED_ORIGIN)
}

/// `embedded@0.1.0` → `Some(Some("0.1.0"))`, `embedded` → `Some(None)`, else `None`.
pub(crate) fn parse_name(name: &str) -> Option<Option<&str>> {
    if name == EMBEDDED_NAME {
        return Some(None);
    }
    name.strip_prefix(EMBEDDED_NAME)
        .and_then(|rest| rest.strip_prefix('@'))
        .map(|v| Some(v.trim()))
}

/// One embedded edition: what a workbook records of it, and its files.
#[derive(Debug, Clone)]
pub(crate) struct Edition {
    pub(crate) name: String,
    pub(crate) version: String,
    /// [`files_digest`] of its files, as a workbook made with it records; taken when first
    /// needed (hashing every edition on every run would cost as much as loading one).
    digest: OnceLock<String>,
    /// The current catalog (catalog/), which may also be a frozen edition.
    pub(crate) current: bool,
    files: Files,
}

impl Edition {
    /// An edition from its files: the current catalog, or a frozen one
    /// (editions/<version>/); `place` names it in an error.
    pub(crate) fn new(files: Files, current: bool, place: &str) -> Result<Edition> {
        let meta_text = files
            .iter()
            .find(|(n, _)| n == META_FILE)
            .map(|(_, t)| t.as_str());
        let meta: Option<CatalogMeta> = meta_text.and_then(|t| toml::from_str(t).ok());
        let Some(meta) = meta else {
            return Err(Error::Internal(format!(
                "埋め込みカタログ（{place}）の {META_FILE} を読めません"
            )));
        };
        Ok(Edition {
            name: meta.name,
            version: meta.version,
            digest: OnceLock::new(),
            current,
            files,
        })
    }

    /// How messages and `catalog diff` name it: 「埋め込みカタログ」 for the current one,
    /// 「埋め込みカタログ（embedded@0.1.0）」 for a frozen one.
    pub(crate) fn origin(&self) -> String {
        if self.current {
            EMBEDDED_ORIGIN.to_string()
        } else {
            format!("{EMBEDDED_ORIGIN}（{EMBEDDED_NAME}@{}）", self.version)
        }
    }

    #[cfg(test)]
    pub(crate) fn files(&self) -> &Files {
        &self.files
    }

    /// The digest a workbook made with this edition records.
    pub(crate) fn digest(&self) -> &str {
        self.digest.get_or_init(|| files_digest(&self.files))
    }

    pub(crate) fn load(&self) -> Result<Catalog> {
        let c = from_files(&self.files, &self.origin())?;
        // Loading took the digest already.
        if let Some(base) = c.layers.first() {
            let _ = self.digest.set(base.digest.clone());
        }
        Ok(c)
    }
}

/// How a recorded (name, version, digest) matches the embedded editions.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Match<'e> {
    /// The same version with the same files.
    Exact(&'e Edition),
    /// The same version, other files (edited without a version bump).
    Version(&'e Edition),
    None,
}

/// Every edition embedded in the binary: the frozen ones, oldest first, and the
/// current catalog (the frozen edition of its version when it is one, else last).
#[derive(Debug, Clone)]
pub(crate) struct Editions {
    list: Vec<Edition>,
    /// The index of the current catalog in `list`.
    current: usize,
}

impl Editions {
    /// The editions of this binary.
    pub(crate) fn embedded() -> Result<Editions> {
        let mut frozen = Vec::new();
        for dir in FROZEN.dirs() {
            let place = dir.path().display().to_string();
            frozen.push(Edition::new(toml_files(dir), false, &place)?);
        }
        let current = Edition::new(embedded_files(), true, "catalog")?;
        Ok(Editions::from_list(frozen, current))
    }

    /// The editions of `frozen` and `current` (tests make their own).
    pub(crate) fn from_list(mut list: Vec<Edition>, current: Edition) -> Editions {
        list.sort_by(|a, b| version_order(&a.version, &b.version));
        let same = |e: &Edition| e.version == current.version && e.files == current.files;
        // The current catalog at a frozen version is that edition (a test makes sure).
        let current = match list.iter().position(same) {
            Some(i) => {
                list[i].current = true;
                i
            }
            None => {
                list.push(current);
                list.len() - 1
            }
        };
        Editions { list, current }
    }

    /// Every edition, oldest first.
    #[cfg(test)]
    pub(crate) fn all(&self) -> &[Edition] {
        &self.list
    }

    /// The current catalog (catalog/).
    pub(crate) fn current(&self) -> &Edition {
        &self.list[self.current]
    }

    /// The versions, oldest first, each once.
    pub(crate) fn versions(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.list.iter().map(|e| e.version.as_str()).collect();
        v.sort_by(|a, b| version_order(a, b));
        v.dedup();
        v
    }

    /// The edition of this version (a frozen one before the current one of the same version).
    pub(crate) fn get(&self, version: &str) -> Option<&Edition> {
        self.list.iter().find(|e| e.version == version)
    }

    /// The edition of this version, or an error that lists the embedded versions.
    pub(crate) fn require(&self, version: &str) -> Result<&Edition> {
        self.get(version).ok_or_else(|| {
            Error::Usage(format!(
                "カタログの版「{version}」は kijun に埋め込まれていません。埋め込まれている版: {}（{EMBEDDED_NAME}@版 の形で指定します。{EMBEDDED_NAME} だけなら現行の版 {} です）",
                self.versions().join("、"),
                self.current().version
            ))
        })
    }

    /// The edition `embedded` (`None`: the current one) or `embedded@VERSION` names.
    pub(crate) fn named(&self, version: Option<&str>) -> Result<&Edition> {
        match version {
            None => Ok(self.current()),
            Some(v) => self.require(v),
        }
    }

    /// The edition a workbook made with (name, version, digest) was made from. The digest
    /// may be empty (not recorded), which matches by version.
    pub(crate) fn find(&self, name: &str, version: &str, digest: &str) -> Match<'_> {
        let same = |e: &&Edition| e.name == name && e.version == version;
        if let Some(e) = self.list.iter().find(|e| same(e) && e.digest() == digest) {
            return Match::Exact(e);
        }
        match self.list.iter().find(same) {
            Some(e) => Match::Version(e),
            None => Match::None,
        }
    }
}

/// Order versions by their numeric parts (0.2.0 < 0.10.0), then as text.
pub(crate) fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    let parts = |v: &str| -> Vec<u64> { v.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
    parts(a).cmp(&parts(b)).then_with(|| a.cmp(b))
}

#[cfg(test)]
pub(crate) mod tests;
