//! The hidden meta sheet (`kijun_meta`) of the response workbook: its keys, written by
//! the writer and read back by the verifier, and the digests it records. The head is
//! key/value lines; a blank line; then one row per requirement ([`TABLE`]).

use sha2::{Digest, Sha256};

use super::layout::requirement_cell;
use crate::catalog::{Catalog, Requirement};
use crate::normalize::text_key;
use crate::profile::Profile;

/// The versions of the response workbook's contract that verify recomputes: what a
/// requirement's 要件 cell says and how the digest of its wording is taken. kijun writes
/// the newest and verifies a workbook the way its own version wrote it, so a workbook sent
/// out earlier stays verifiable. Changing either adds a version (`kijun-response/2`) and
/// keeps this one, as cargo does for the lock file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResponseFormat {
    /// kijun 0.1: the question, then 【証跡】, then the 該当なし note; SHA-256 of its
    /// `text_key`.
    V1,
}

impl ResponseFormat {
    /// What kijun writes.
    pub(crate) const CURRENT: ResponseFormat = ResponseFormat::V1;

    /// The marker the meta sheet and the document properties record.
    pub(crate) const fn marker(self) -> &'static str {
        match self {
            ResponseFormat::V1 => "kijun-response/1",
        }
    }

    /// The format a recorded marker names; `None` for one this kijun does not know.
    pub(crate) fn from_marker(marker: &str) -> Option<ResponseFormat> {
        [ResponseFormat::V1]
            .into_iter()
            .find(|f| f.marker() == marker)
    }

    /// What the 要件 cell of a requirement says in this format.
    pub(crate) fn requirement_cell(self, r: &Requirement) -> String {
        match self {
            ResponseFormat::V1 => requirement_cell(r),
        }
    }

    /// The digest of a 要件 cell's wording as this format records it.
    pub(crate) fn wording_digest(self, text: &str) -> String {
        match self {
            ResponseFormat::V1 => digest(&text_key(text)),
        }
    }

    /// The digest of a requirement's 要件 cell, kept in the meta sheet.
    pub(crate) fn text_digest(self, r: &Requirement) -> String {
        self.wording_digest(&self.requirement_cell(r))
    }
}

/// Format marker of what kijun writes.
pub(crate) const FORMAT: &str = ResponseFormat::CURRENT.marker();

/// The keys of the head, one definition for writer and verifier.
pub(crate) mod key {
    pub(crate) const FORMAT: &str = "format";
    pub(crate) const CATALOG_NAME: &str = "catalog_name";
    pub(crate) const CATALOG_VERSION: &str = "catalog_version";
    pub(crate) const CATALOG_EDITION: &str = "catalog_edition";
    /// Digest of the base catalog's files.
    pub(crate) const CATALOG_DIGEST: &str = "catalog_digest";
    pub(crate) const PROFILE_DIGEST: &str = "profile_digest";
    pub(crate) const SYSTEM_NAME: &str = "system_name";
    pub(crate) const ORGANIZATION: &str = "organization";
    /// Prefix of the profile's levels and traits: `profile.confidentiality` = `3`.
    pub(crate) const PROFILE_PREFIX: &str = "profile.";

    /// `overlay_2_version`: a field of the n-th overlay (1-based).
    pub(crate) fn overlay(n: usize, field: &str) -> String {
        format!("overlay_{n}_{field}")
    }

    /// `profile.confidentiality`.
    pub(crate) fn profile(name: &str) -> String {
        format!("{PROFILE_PREFIX}{name}")
    }
}

/// Column headers of the per-row table.
pub(crate) const TABLE: [&str; 5] = [
    "row",
    "requirement_id",
    "text_sha256",
    "na_allowed",
    "explain",
];
/// Where the per-row table holds the requirement id and the digest of its wording.
pub(crate) const TABLE_ID: u16 = 1;
pub(crate) const TABLE_DIGEST: u16 = 2;

/// Hex SHA-256 of a text.
pub(crate) fn digest(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Digest of the profile as selection sees it (comments and layout do not count).
pub(crate) fn profile_digest(p: &Profile) -> String {
    digest(&p.canonical())
}

/// Key/value lines of the head.
pub(crate) fn pairs(catalog: &Catalog, profile: &Profile) -> Vec<(String, String)> {
    let head: Vec<(&str, String)> = vec![
        (key::FORMAT, FORMAT.to_string()),
        (key::CATALOG_NAME, catalog.meta.name.clone()),
        (key::CATALOG_VERSION, catalog.meta.version.clone()),
        (
            key::CATALOG_EDITION,
            format!("{} {}", catalog.meta.standard, catalog.meta.edition),
        ),
        (key::PROFILE_DIGEST, profile_digest(profile)),
        (key::SYSTEM_NAME, profile.system_name.clone()),
        (key::ORGANIZATION, profile.organization.clone()),
    ];
    let mut pairs: Vec<(String, String)> =
        head.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    pairs.extend(
        profile
            .canonical_values()
            .into_iter()
            .map(|(k, v)| (key::profile(k), v)),
    );
    // The base catalog's digest and each overlay's name, version and digest.
    if let Some(base) = catalog.layers.first() {
        pairs.push((key::CATALOG_DIGEST.to_string(), base.digest.clone()));
    }
    for (i, l) in catalog.overlays().enumerate() {
        let n = i + 1;
        pairs.push((key::overlay(n, "name"), l.name.clone()));
        pairs.push((key::overlay(n, "version"), l.version.clone()));
        pairs.push((key::overlay(n, "digest"), l.digest.clone()));
    }
    pairs
}

/// The base and overlays a response workbook recorded, as (name, version, digest).
pub(crate) type Recorded = Vec<(String, String, String)>;

/// The overlays recorded in a meta sheet, from its key → value lookup.
pub(crate) fn recorded_overlays<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Recorded {
    let mut out = Vec::new();
    for n in 1.. {
        let Some(name) = get(&key::overlay(n, "name")) else {
            break;
        };
        let version = get(&key::overlay(n, "version")).unwrap_or("");
        let digest = get(&key::overlay(n, "digest")).unwrap_or("");
        out.push((name.to_string(), version.to_string(), digest.to_string()));
    }
    out
}
