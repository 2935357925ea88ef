//! The hidden meta sheet kijun writes into its response workbook: which catalog and
//! profile the workbook was made for, and a digest of each requirement's wording.
//! A returned file without it (a CSV, a re-typed sheet) is a warning, not a failure.

use std::collections::BTreeMap;

use super::{Finding, FindingKind, Severity};
use crate::catalog::Catalog;
use crate::profile::Profile;
use crate::sheet::form::layout::META_SHEET;
use crate::sheet::form::meta::{self, key, profile_digest};
use crate::sheet::ingest::{Book, InputFormat};

#[derive(Debug, Clone, Default)]
pub(crate) struct Meta {
    pub(crate) sheet: String,
    /// key → (value, 1-based row)
    pub(crate) pairs: BTreeMap<String, (String, u32)>,
    /// requirement id → digest of its wording when the workbook was made
    pub(crate) digests: BTreeMap<String, String>,
}

impl Meta {
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.pairs.get(key).map(|(v, _)| v.as_str())
    }

    /// The format the workbook was written in: the one it records if kijun knows it,
    /// else the current one (an unknown format is a finding of its own).
    pub(crate) fn format(&self) -> meta::ResponseFormat {
        self.get(key::FORMAT)
            .and_then(meta::ResponseFormat::from_marker)
            .unwrap_or(meta::ResponseFormat::CURRENT)
    }

    /// The profile's levels and traits the workbook records (`confidentiality`, `3`).
    pub(crate) fn profile_values(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs
            .iter()
            .filter_map(|(k, (v, _))| Some((k.strip_prefix(key::PROFILE_PREFIX)?, v.as_str())))
    }
}

pub(crate) fn read_meta(book: &Book) -> Option<Meta> {
    let grid = book.sheets.iter().find(|g| {
        g.name == META_SHEET
            || (g.text(0, 0) == key::FORMAT && g.text(0, 1).starts_with("kijun-response"))
    })?;
    let mut meta = Meta {
        sheet: grid.name.clone(),
        ..Meta::default()
    };
    let end = grid.end().0;
    let mut r = 0;
    while r < end && !grid.text(r, 0).is_empty() {
        meta.pairs.insert(
            grid.text(r, 0).into_owned(),
            (grid.text(r, 1).into_owned(), r + 1),
        );
        r += 1;
    }
    while r < end && grid.text(r, 0) != meta::TABLE[0] {
        r += 1;
    }
    for row in r + 1..end {
        let id = grid.text(row, u32::from(meta::TABLE_ID));
        if !id.is_empty() {
            let digest = grid.text(row, u32::from(meta::TABLE_DIGEST));
            meta.digests.insert(id.into_owned(), digest.into_owned());
        }
    }
    Some(meta)
}

/// The findings about where the workbook came from. `embedded` lists the catalog
/// versions kijun has, for the message about another version.
pub(crate) fn check(
    meta: Option<&Meta>,
    catalog: &Catalog,
    profile: &Profile,
    book: &Book,
    embedded: &[String],
) -> Vec<Finding> {
    let Some(meta) = meta else {
        let why = if book.format == InputFormat::Csv {
            "CSV には様式の管理情報が含まれないため"
        } else {
            "kijun が作成した様式の管理情報（非表示シート）がないため"
        };
        return vec![finding(
            Severity::Warning,
            None,
            None,
            format!("{why}、この回答ファイルがどのプロファイル・カタログ版の様式から作られたかを確認できません。要件の対応関係は要件IDで照合しました。"),
        )];
    };
    let mut out = catalog_findings(meta, catalog, embedded);
    out.extend(profile_finding(meta, catalog, profile));
    out
}

/// A profile_mismatch finding on the meta sheet: the cell of the value when there is one.
fn finding(
    severity: Severity,
    sheet: Option<String>,
    row: Option<u32>,
    message: String,
) -> Finding {
    Finding {
        requirement: None,
        kind: FindingKind::ProfileMismatch,
        severity,
        sheet,
        row,
        column: row.map(|_| "B".to_string()),
        message,
    }
}

/// The workbook's format, catalog name and version, and the layers it was made under.
fn catalog_findings(meta: &Meta, catalog: &Catalog, embedded: &[String]) -> Vec<Finding> {
    let mut out = Vec::new();
    let sheet = Some(meta.sheet.clone());
    let row_of = |k: &str| meta.pairs.get(k).map(|(_, r)| *r);
    // A format kijun knows is verified as it was written (`Meta::format`); only an
    // unknown one is worth a word.
    let known = meta
        .get(key::FORMAT)
        .and_then(meta::ResponseFormat::from_marker);
    if known.is_none() {
        out.push(finding(
            Severity::Warning,
            sheet.clone(),
            row_of(key::FORMAT),
            format!(
                "様式の管理情報の形式「{}」がこの kijun の形式「{}」と異なります。",
                meta.get(key::FORMAT).unwrap_or(""),
                meta::FORMAT
            ),
        ));
    }
    let name = meta.get(key::CATALOG_NAME).unwrap_or("");
    let version = meta.get(key::CATALOG_VERSION).unwrap_or("");
    if name != catalog.meta.name || version != catalog.meta.version {
        let what = if name != catalog.meta.name {
            format!(
                "カタログ名（様式: 「{name}」、検証: 「{}」）",
                catalog.meta.name
            )
        } else {
            format!(
                "カタログの版（様式: {version}、検証: {}）",
                catalog.meta.version
            )
        };
        out.push(finding(
            Severity::Error,
            sheet.clone(),
            row_of(key::CATALOG_VERSION).or(row_of(key::CATALOG_NAME)),
            format!(
                "この様式は、検証に使ったカタログとは異なるカタログから作成されています。異なる項目: {what}。要件の文言や構成が異なる可能性があります。このカタログで作成した回答様式で回答を求めるか、--catalog で様式作成時のカタログを指定して検証してください。{}",
                editions_hint(name, version, catalog, embedded)
            ),
        ));
    }
    // The overlays (省庁基準) the workbook was made under, and the digests of all layers.
    let recorded = meta::recorded_overlays(|k| meta.get(k));
    for d in super::layers::compare(meta.get(key::CATALOG_DIGEST), &recorded, catalog) {
        let severity = if d.error {
            Severity::Error
        } else {
            Severity::Warning
        };
        out.push(finding(severity, sheet.clone(), row_of(&d.key), d.message));
    }
    out
}

/// What kijun has embedded, said after a version difference: that the workbook's own
/// edition can be named, or which editions there are.
fn editions_hint(name: &str, version: &str, catalog: &Catalog, embedded: &[String]) -> String {
    let named = crate::catalog::load::EMBEDDED_NAME;
    if embedded.is_empty() {
        String::new()
    } else if name == catalog.meta.name && embedded.iter().any(|v| v == version) {
        format!("様式の版 {version} は kijun に埋め込まれているので、--catalog {named}@{version} を指定するとその版で検証できます。")
    } else {
        format!(
            "kijun に埋め込まれている版は {} です（--catalog {named}@版 で指定できます）。",
            embedded.join("、")
        )
    }
}

/// The profile the workbook was made for, when it is not this one.
fn profile_finding(meta: &Meta, catalog: &Catalog, profile: &Profile) -> Option<Finding> {
    let sheet = Some(meta.sheet.clone());
    let row_of = |k: &str| meta.pairs.get(k).map(|(_, r)| *r);
    if meta.get(key::PROFILE_DIGEST) == Some(profile_digest(profile).as_str()) {
        return None;
    }
    let differences = profile_differences(meta, catalog, profile);
    let what = if differences.is_empty() {
        // An older workbook records only the digest and the names.
        format!(
            "格付け又は特性（様式のシステム名「{}」）",
            meta.get(key::SYSTEM_NAME).unwrap_or("（不明）")
        )
    } else {
        differences.join("、")
    };
    let first_row = differences_rows(meta, profile).or(row_of(key::PROFILE_DIGEST));
    Some(finding(
        Severity::Error,
        sheet,
        first_row,
        format!(
            "この様式は、検証に使ったプロファイル（{}）とは異なるプロファイルから作成されています。異なる項目: {what}。格付けや特性が異なると、求める要件が変わります。このプロファイルで作成した回答様式（kijun sheet）で回答を求めるか、様式を作成したときのプロファイルで検証してください。",
            profile.system_name
        ),
    ))
}

/// The fields of the profile that differ from those the workbook records, each with its
/// label and both values: 「機密性（様式: 2、検証: 3）」.
fn profile_differences(meta: &Meta, catalog: &Catalog, profile: &Profile) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = |label: &str, was: Option<&str>, now: &str| {
        if let Some(was) = was {
            if was != now {
                out.push(format!(
                    "{label}（様式: {}、検証: {}）",
                    shown(was),
                    shown(now)
                ));
            }
        }
    };
    field(
        "システム名",
        meta.get(key::SYSTEM_NAME),
        &profile.system_name,
    );
    field("組織名", meta.get(key::ORGANIZATION), &profile.organization);
    let recorded = meta
        .pairs
        .keys()
        .any(|k| k.starts_with(key::PROFILE_PREFIX));
    if !recorded {
        return out;
    }
    let now: BTreeMap<&str, String> = profile.canonical_values().into_iter().collect();
    let mut keys: Vec<&str> = now.keys().copied().collect();
    for k in meta.pairs.keys() {
        if let Some(k) = k.strip_prefix(key::PROFILE_PREFIX) {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    let schema = &catalog.schema;
    for name in keys {
        let label = schema
            .dimension(name)
            .map(|d| d.label.clone())
            .or_else(|| schema.trait_def(name).map(|t| t.label.clone()))
            .unwrap_or_else(|| name.to_string());
        let was = meta.get(&key::profile(name)).unwrap_or("（記録なし）");
        let now = now.get(name).map_or("（指定なし）", String::as_str);
        field(&label, Some(was), now);
    }
    out
}

/// The meta row of the first differing level or trait, if the workbook records them.
fn differences_rows(meta: &Meta, profile: &Profile) -> Option<u32> {
    profile.canonical_values().into_iter().find_map(|(k, v)| {
        let (was, row) = meta.pairs.get(&key::profile(k))?;
        (*was != v).then_some(*row)
    })
}

/// A recorded value as a reader reads it: `true` → はい, `"iaas"` → iaas, lists joined.
fn shown(v: &str) -> String {
    match v {
        "true" => "はい".into(),
        "false" => "いいえ".into(),
        v if v.starts_with('[') => {
            let items: Vec<&str> = v
                .trim_matches(['[', ']'])
                .split(',')
                .map(|s| s.trim().trim_matches('"'))
                .filter(|s| !s.is_empty())
                .collect();
            if items.is_empty() {
                "なし".into()
            } else {
                items.join("・")
            }
        }
        v if v.chars().all(|c| c.is_ascii_digit()) => v.to_string(),
        v => format!("「{}」", v.trim_matches('"')),
    }
}
