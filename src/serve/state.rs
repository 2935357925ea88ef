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
use crate::review::run::Documents;
use crate::verify::edition::{CatalogSource, Chosen, Initial};
use crate::verify::Report;

pub(crate) type Shared = Arc<App>;

/// How many upload batches (and as many reviews) are kept for their pages and
/// downloads. A report
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
    batches: Mutex<Kept<Batch>>,
    reviews: Mutex<Kept<ReviewResult>>,
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

/// A reviewed report uploaded on the results page: the reviewer's decisions counted,
/// and the 照会書 and next round's workbook once every finding is decided.
pub(crate) struct ReviewResult {
    /// The profile of the page it was uploaded from.
    pub(crate) shown: Shown,
    /// The uploaded file's name.
    pub(crate) name: String,
    pub(crate) summary: String,
    pub(crate) undecided: Vec<String>,
    pub(crate) documents: Option<Documents>,
}

/// The latest results of one kind, by id; the oldest are forgotten past
/// [`KEPT_BATCHES`].
struct Kept<T> {
    next: u64,
    kept: VecDeque<(u64, Arc<T>)>,
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept {
            next: 0,
            kept: VecDeque::new(),
        }
    }
}

impl<T> Kept<T> {
    fn add(&mut self, make: impl FnOnce(u64) -> T) -> u64 {
        self.next += 1;
        let id = self.next;
        self.kept.push_back((id, Arc::new(make(id))));
        while self.kept.len() > KEPT_BATCHES {
            self.kept.pop_front();
        }
        id
    }

    fn get(&self, id: u64) -> Option<Arc<T>> {
        self.kept
            .iter()
            .find(|(x, _)| *x == id)
            .map(|(_, t)| t.clone())
    }
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
            batches: Mutex::new(Kept::default()),
            reviews: Mutex::new(Kept::default()),
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
        b.add(|id| Batch {
            id,
            shown,
            catalog: chosen.catalog,
            profile: chosen.profile,
            files,
        })
    }

    pub(crate) fn batch(&self, id: u64) -> Option<Arc<Batch>> {
        let b = self.batches.lock().unwrap_or_else(PoisonError::into_inner);
        b.get(id)
    }

    /// Keep a review and what it produced; the oldest are forgotten.
    pub(crate) fn add_review(&self, review: ReviewResult) -> u64 {
        let mut r = self.reviews.lock().unwrap_or_else(PoisonError::into_inner);
        r.add(|_| review)
    }

    pub(crate) fn review(&self, id: u64) -> Option<Arc<ReviewResult>> {
        let r = self.reviews.lock().unwrap_or_else(PoisonError::into_inner);
        r.get(id)
    }
}
