//! Which catalog a response workbook is verified against. A workbook made by kijun
//! records the catalog it was made with (the base edition's name, version and digest,
//! and each overlay); kijun keeps every released edition embedded, so verify checks the
//! workbook against the edition it was made with, even after the catalog has moved on.
//!
//! The workbook is read first (the catalog `--catalog` names, on the current edition,
//! only finds merged regions by its headings), then its meta sheet chooses:
//! `--catalog` naming a catalog folder or `embedded[@VERSION]` wins; otherwise the
//! recorded edition (same version and digest, or same version only: the digest
//! difference is then a warning of its own), with the overlays of `--catalog` stacked on
//! it; otherwise the current edition, and the version difference is an error.

use std::cell::Cell;
use std::path::Path;
use std::sync::Arc;

use super::locate::has_header;
use super::meta::{read_meta, Meta};
use super::{ChosenBy, NoEdition, Options, Report};
use crate::catalog::editions::{version_order, Edition, Editions, Match};
use crate::catalog::load::{embedded_name, load_named_on};
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::profile::Profile;
use crate::sheet::form::meta::key;
use crate::sheet::ingest::{check_size, read_book, read_bytes, Book};

/// Where verify's catalog comes from: what `--catalog` names (if anything), and the
/// editions embedded in the binary.
#[derive(Debug, Clone)]
pub(crate) struct CatalogSource {
    named: Option<std::path::PathBuf>,
    editions: Editions,
}

/// The catalog as named, on the current edition: what reading a workbook starts with.
#[derive(Clone)]
pub(crate) struct Initial {
    pub(crate) catalog: Arc<Catalog>,
    /// Whether its base is the embedded catalog, which a recorded edition may replace:
    /// no `--catalog`, or an overlay that extends the embedded catalog by name.
    on_embedded: bool,
    /// The overlay could not be stacked on the current edition: its error waits until
    /// the workbooks say which edition it is for (an overlay written for an older
    /// edition may not load on the current one).
    deferred: bool,
}

impl Initial {
    /// Read a workbook; this catalog's column headings find the merged regions (only
    /// those of a sheet with an answer table matter).
    pub(crate) fn read(&self, path: &Path) -> Result<Book> {
        read_book(path, &|grid| has_header(grid, &self.catalog.headers))
    }

    /// Read a workbook held in memory (an upload); `name` only names it.
    pub(crate) fn read_bytes(&self, name: &Path, bytes: Vec<u8>) -> Result<Book> {
        check_size(name, bytes.len() as u64)?;
        read_bytes(name, bytes, &|grid| has_header(grid, &self.catalog.headers))
    }
}

/// The catalog chosen for one or more workbooks, why, and the profile read against it.
pub(crate) struct Chosen {
    pub(crate) catalog: Arc<Catalog>,
    pub(crate) by: ChosenBy,
    pub(crate) profile: Profile,
    /// The embedded versions, for messages.
    embedded: Vec<String>,
}

impl Chosen {
    /// Verify one book against the chosen catalog and profile.
    pub(crate) fn verify(&self, book: &Book, options: Options<'_>) -> Result<Report> {
        let options = Options {
            embedded: &self.embedded,
            ..options
        };
        let mut report = super::verify_book_with(&self.catalog, &self.profile, book, options)?;
        report.catalog.chosen_by = self.by.clone();
        Ok(report)
    }
}

impl CatalogSource {
    pub(crate) fn new(named: Option<&Path>) -> Result<CatalogSource> {
        Ok(CatalogSource {
            named: named.map(Path::to_path_buf),
            editions: Editions::embedded()?,
        })
    }

    /// The versions embedded in the binary, oldest first (for messages).
    pub(crate) fn versions(&self) -> Vec<String> {
        self.editions
            .versions()
            .into_iter()
            .map(String::from)
            .collect()
    }

    /// The catalog as named, with the current edition as the embedded base.
    pub(crate) fn initial(&self) -> Result<Initial> {
        let current = self.editions.current();
        let Some(named) = &self.named else {
            return Ok(Initial {
                catalog: Arc::new(current.load()?),
                on_embedded: true,
                deferred: false,
            });
        };
        if let Some(version) = embedded_name(named) {
            return Ok(Initial {
                catalog: Arc::new(self.editions.named(version)?.load()?),
                on_embedded: false,
                deferred: false,
            });
        }
        let used = Cell::new(false);
        let base = || {
            used.set(true);
            current.load()
        };
        match load_named_on(named, &base) {
            Ok(catalog) => Ok(Initial {
                catalog: Arc::new(catalog),
                on_embedded: used.get(),
                deferred: false,
            }),
            // An overlay on the embedded catalog that does not fit the current edition:
            // read the workbooks with the current edition, and stack the overlay on the
            // edition they record.
            Err(_) if used.get() => Ok(Initial {
                catalog: Arc::new(current.load()?),
                on_embedded: true,
                deferred: true,
            }),
            Err(e) => Err(e),
        }
    }

    /// The catalog for these books, and the profile read against it: the edition they
    /// record, where that may replace the initial catalog.
    pub(crate) fn choose(
        &self,
        initial: Initial,
        books: &[&Book],
        profile: &ProfileText,
    ) -> Result<Chosen> {
        let metas: Vec<Option<Meta>> = books.iter().map(|b| read_meta(b)).collect();
        let metas: Vec<&Meta> = metas.iter().flatten().collect();
        self.choose_by(initial, &metas, profile)
    }

    /// The catalog the meta sheets (or what records a catalog as they do: the hidden
    /// sheet of a verification report) name, and the profile read against it.
    pub(crate) fn choose_by(
        &self,
        initial: Initial,
        metas: &[&Meta],
        profile: &ProfileText,
    ) -> Result<Chosen> {
        let (catalog, by, older) = self.catalog_for(initial, metas)?;
        let profile = profile.read(&catalog, older, metas)?;
        Ok(Chosen {
            catalog,
            by,
            profile,
            embedded: self.versions(),
        })
    }

    /// The catalog, why, and whether it is an edition older than the initial one's base.
    fn catalog_for(
        &self,
        initial: Initial,
        metas: &[&Meta],
    ) -> Result<(Arc<Catalog>, ChosenBy, bool)> {
        if !initial.on_embedded {
            return Ok((initial.catalog, ChosenBy::Named, false));
        }
        let edition = match (self.recorded(metas), initial.deferred) {
            (Ok(e), _) if !e.current => e,
            (_, true) => {
                // The same error again (loading is deterministic), now that it stands.
                let current = self.editions.current();
                let overlay = self.named.as_deref().unwrap_or(Path::new(""));
                return match load_named_on(overlay, &|| current.load()) {
                    Ok(c) => Ok((Arc::new(c), ChosenBy::Recorded, false)),
                    Err(e) => Err(e),
                };
            }
            (Ok(_), false) => return Ok((initial.catalog, ChosenBy::Recorded, false)),
            (Err(why), false) => return Ok((initial.catalog, ChosenBy::Current(why), false)),
        };
        let catalog = match &self.named {
            None => edition.load()?,
            Some(overlay) => {
                load_named_on(overlay, &|| edition.load()).map_err(|e| on_edition(e, edition))?
            }
        };
        Ok((Arc::new(catalog), ChosenBy::Recorded, true))
    }

    /// The one edition the workbooks record, or why there is none.
    fn recorded(&self, metas: &[&Meta]) -> std::result::Result<&Edition, NoEdition> {
        let mut found: Vec<(&Meta, (&str, &str))> = Vec::new();
        for m in metas.iter().copied() {
            let name = m.get(key::CATALOG_NAME).unwrap_or("");
            let version = m.get(key::CATALOG_VERSION).unwrap_or("");
            if !version.is_empty() {
                found.push((m, (name, version)));
            }
        }
        let Some((_, first)) = found.first() else {
            return Err(NoEdition::NotRecorded);
        };
        if found.iter().any(|(_, k)| k != first) {
            let mut versions: Vec<String> = found.iter().map(|(_, (_, v))| v.to_string()).collect();
            versions.sort_by(|a, b| version_order(a, b));
            versions.dedup();
            return Err(NoEdition::Mixed(versions));
        }
        let (name, version) = *first;
        // The same version in every file; an exact match of any of them decides, else
        // the version alone (their digests then differ and say so).
        let mut by_version = None;
        for (m, _) in &found {
            let digest = m.get(key::CATALOG_DIGEST).unwrap_or("");
            match self.editions.find(name, version, digest) {
                Match::Exact(e) => return Ok(e),
                Match::Version(e) => by_version = Some(e),
                Match::None => {}
            }
        }
        by_version.ok_or_else(|| NoEdition::Unknown {
            name: name.to_string(),
            version: version.to_string(),
        })
    }
}

/// An overlay that cannot be stacked on the recorded edition: say which edition.
fn on_edition(e: Error, edition: &Edition) -> Error {
    match e {
        Error::Catalog { problems } => Error::Catalog {
            problems: problems
                .into_iter()
                .map(|p| {
                    format!(
                        "（回答様式が作成された版 {} の埋め込みカタログに重ねました）{p}",
                        edition.version
                    )
                })
                .collect(),
        },
        other => other,
    }
}

/// The profile the user gave, as text, read against whichever catalog is chosen.
pub(crate) struct ProfileText {
    text: String,
    /// Where it came from, for messages (the file's path).
    source: String,
    /// What to do when an older edition cannot read it: on the command line, give the
    /// profile the workbook was made with (or choose the current edition); the browser's
    /// form holds the profile in the current edition's terms, so it says how to verify
    /// from the command line instead.
    remedy: Remedy,
}

#[derive(Clone, Copy)]
enum Remedy {
    CommandLine,
    Browser,
}

impl ProfileText {
    pub(crate) fn new(text: String, source: String) -> ProfileText {
        ProfileText {
            text,
            source,
            remedy: Remedy::CommandLine,
        }
    }

    /// The profile of the browser's form, whose remedy is the command line.
    pub(crate) fn of_the_browser(text: String, source: String) -> ProfileText {
        ProfileText {
            remedy: Remedy::Browser,
            ..ProfileText::new(text, source)
        }
    }

    pub(crate) fn load(path: &Path) -> Result<ProfileText> {
        Ok(ProfileText::new(
            Profile::read_text(path)?,
            path.display().to_string(),
        ))
    }

    /// The profile read against the chosen catalog's schema. When an older edition was
    /// chosen and the profile cannot be read there (written for a newer edition), the
    /// error names the edition, shows what the workbook records of the profile it was
    /// made for, and says what to do. The recorded values are shown, never used in its
    /// place: the file could have been edited, and verify checks what the user requires.
    fn read(&self, catalog: &Catalog, older: bool, metas: &[&Meta]) -> Result<Profile> {
        Profile::parse(&self.text, &self.source, &catalog.schema).map_err(|e| match e {
            Error::Profile { location, message } if older => Error::Profile {
                location,
                message: format!(
                    "回答様式はカタログ「{}」版 {} で作成されているため、その版の項目の定義で読みましたが、読めません。{}{}{message}",
                    catalog.meta.name,
                    catalog.meta.version,
                    match self.remedy {
                        Remedy::CommandLine => format!(
                            "様式を作成したときのプロファイルを指定してください（現行の版で検証するなら --catalog {} を指定します）。",
                            crate::catalog::load::EMBEDDED_NAME
                        ),
                        Remedy::Browser => "この画面のプロファイルは現行の版の書き方で表しているため、その版の様式はこの画面では検証できません。様式を作成したときのプロファイルを使って、コマンドで検証してください（kijun verify --profile 作成時のプロファイル.toml 回答ファイル）。".to_string(),
                    },
                    recorded_profile(metas)
                ),
            },
            other => other,
        })
    }
}

/// 「様式に記録された作成時の値: confidentiality = 2、…。」, from the first meta sheet
/// that records them; empty when none does.
fn recorded_profile(metas: &[&Meta]) -> String {
    let Some(m) = metas.iter().find(|m| m.profile_values().next().is_some()) else {
        return String::new();
    };
    let values: Vec<String> = m
        .profile_values()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect();
    format!(
        "様式の管理情報（{}）に記録された作成時の値: {}。",
        m.sheet,
        values.join("、")
    )
}

#[cfg(test)]
mod tests;
