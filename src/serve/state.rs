//! What the server holds between requests: the catalog and templates loaded at launch,
//! the current profile (one person at one browser, so one profile), and the latest
//! verification results, kept in memory only.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use super::form::FormValues;
use super::gate::Gate;
use crate::catalog::Catalog;
use crate::profile::Profile;
use crate::render::Templates;
use crate::verify::edition::{CatalogSource, Initial};
use crate::verify::Report;

pub(crate) type Shared = Arc<App>;

/// How many upload batches are kept for their pages and report downloads. A report
/// holds findings and answers, not the uploaded file, so this stays small in memory;
/// 8 was too few when 20 uploads came at once (the load benchmark found results gone
/// before their page was read).
const KEPT_BATCHES: usize = 64;

pub(crate) struct App {
    /// The catalog `--catalog` names (or the current one): the pages work with it, and
    /// verification starts from it.
    pub(crate) initial: Initial,
    /// Where verification chooses an upload's catalog edition from.
    pub(crate) source: CatalogSource,
    pub(crate) templates: Templates,
    pub(crate) gate: Gate,
    current: RwLock<Current>,
    batches: Mutex<Batches>,
}

/// The profile the pages work on, with the TOML text that the download gives.
#[derive(Clone)]
pub(crate) struct Current {
    pub(crate) text: String,
    pub(crate) profile: Profile,
}

/// One upload: the catalog and profile it was verified against and each file's report,
/// or the Japanese reason it could not be read.
#[derive(Clone)]
pub(crate) struct Batch {
    pub(crate) id: u64,
    pub(crate) catalog: Arc<Catalog>,
    pub(crate) profile: Profile,
    pub(crate) files: Vec<Upload>,
}

#[derive(Clone)]
pub(crate) struct Upload {
    pub(crate) name: String,
    pub(crate) result: Result<Report, String>,
}

#[derive(Default)]
struct Batches {
    next: u64,
    kept: VecDeque<Arc<Batch>>,
}

impl App {
    pub(crate) fn new(
        source: CatalogSource,
        templates: Templates,
        gate: Gate,
    ) -> crate::Result<App> {
        let initial = source.initial()?;
        let schema = &initial.catalog.schema;
        let form = super::form::sample(schema);
        let text = form.to_toml(schema);
        let profile = Profile::parse(&text, "profile.toml", schema)?;
        Ok(App {
            initial,
            source,
            templates,
            gate,
            current: RwLock::new(Current { text, profile }),
            batches: Mutex::new(Batches::default()),
        })
    }

    /// The catalog the pages work with.
    pub(crate) fn catalog(&self) -> &Catalog {
        &self.initial.catalog
    }

    pub(crate) fn current(&self) -> Current {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn form(&self) -> FormValues {
        FormValues::from_profile(&self.current().profile)
    }

    pub(crate) fn set_current(&self, text: String, profile: Profile) {
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Current { text, profile };
    }

    /// Keep a batch of results; the oldest are forgotten.
    pub(crate) fn add_batch(
        &self,
        catalog: Arc<Catalog>,
        profile: Profile,
        files: Vec<Upload>,
    ) -> u64 {
        let mut b = self.batches.lock().unwrap_or_else(PoisonError::into_inner);
        b.next += 1;
        let id = b.next;
        b.kept.push_back(Arc::new(Batch {
            id,
            catalog,
            profile,
            files,
        }));
        while b.kept.len() > KEPT_BATCHES {
            b.kept.pop_front();
        }
        id
    }

    pub(crate) fn batch(&self, id: u64) -> Option<Arc<Batch>> {
        let b = self.batches.lock().unwrap_or_else(PoisonError::into_inner);
        b.kept.iter().find(|x| x.id == id).cloned()
    }
}
