//! What the server holds between requests: the catalog and templates loaded at launch,
//! the latest verification results (in memory only), the last profile used (also on
//! disk, see [`super::remember`]), and what limits the work done at once. The profile
//! a page shows is not here: every page carries its own (see [`super::shown`]).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use super::form::sample;
use super::gate::Gate;
use super::limits::Limits;
use super::remember::Remembered;
use super::shown::Shown;
use crate::catalog::Catalog;
use crate::profile::Profile;
use crate::render::Templates;
use crate::verify::edition::{CatalogSource, Chosen, Initial};
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
    /// The schema's sample profile: where a first launch starts.
    pub(crate) sample: Shown,
    pub(crate) remembered: Remembered,
    /// One permit per upload read into memory at once.
    pub(crate) uploads: Arc<tokio::sync::Semaphore>,
    /// One permit per verification that may run at once (about one per core).
    pub(crate) verifications: Arc<tokio::sync::Semaphore>,
    /// How long an upload or verification waits for a turn before 503.
    pub(crate) wait_for_turn: std::time::Duration,
    /// Set to stop serving (the page's stop button, or [`super::Running::stop`]).
    pub(crate) stop: tokio::sync::watch::Sender<bool>,
    batches: Mutex<Batches>,
}

/// One upload: the profile it was verified against and each file's report, or the
/// Japanese reason it could not be read.
pub(crate) struct Batch {
    pub(crate) id: u64,
    /// The profile of the page the files were uploaded from (its links and frame).
    pub(crate) shown: Shown,
    /// The catalog edition the files were verified against (the one their workbooks
    /// record, see [`crate::verify::edition`]), and the profile read against it.
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
        remembered: Remembered,
        limits: &Limits,
    ) -> crate::Result<App> {
        let initial = source.initial()?;
        let schema = &initial.catalog.schema;
        let text = sample(schema).to_toml(schema);
        let sample = Shown::of(Profile::parse(&text, "profile.toml", schema)?, schema);
        Ok(App {
            initial,
            source,
            templates,
            gate,
            sample,
            remembered,
            uploads: Arc::new(tokio::sync::Semaphore::new(limits.uploads_at_once)),
            verifications: Arc::new(tokio::sync::Semaphore::new(limits.verifications_at_once)),
            wait_for_turn: limits.wait_for_turn,
            stop: tokio::sync::watch::channel(false).0,
            batches: Mutex::new(Batches::default()),
        })
    }

    /// The catalog the pages work with.
    pub(crate) fn catalog(&self) -> &Catalog {
        &self.initial.catalog
    }

    /// The profile to start from: the last one used, if it still reads with this
    /// catalog, else the sample.
    pub(crate) fn start_profile(&self) -> (Shown, bool) {
        self.remembered
            .last()
            .and_then(|text| Profile::parse(&text, "profile.toml", &self.catalog().schema).ok())
            .map_or_else(
                || (self.sample.clone(), false),
                |p| (Shown::of(p, &self.catalog().schema), true),
            )
    }

    /// Remember `shown` as the last profile used (on disk, if the server has a place).
    pub(crate) fn used(&self, shown: &Shown) {
        self.remembered
            .remember(&shown.form.to_toml(&self.catalog().schema));
    }

    /// Keep a batch of results; the oldest are forgotten.
    pub(crate) fn add_batch(&self, shown: Shown, chosen: Chosen, files: Vec<Upload>) -> u64 {
        let mut b = self.batches.lock().unwrap_or_else(PoisonError::into_inner);
        b.next += 1;
        let id = b.next;
        b.kept.push_back(Arc::new(Batch {
            id,
            shown,
            catalog: chosen.catalog,
            profile: chosen.profile,
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
