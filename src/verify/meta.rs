//! The hidden meta sheet kijun writes into its response workbook: which catalog and
//! profile the workbook was made for, and a digest of each requirement's wording.
//! A returned file without it (a CSV, a re-typed sheet) is a warning, not a failure.

use std::collections::BTreeMap;

use super::{Finding, FindingKind, Severity};
use crate::catalog::Catalog;
use crate::profile::Profile;
use crate::sheet::read::{Book, InputFormat};
use crate::sheet::{profile_digest, META_FORMAT, META_SHEET, META_TABLE};

#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub sheet: String,
    /// key → (value, 1-based row)
    pub pairs: BTreeMap<String, (String, u32)>,
    /// requirement id → digest of its wording when the workbook was made
    pub digests: BTreeMap<String, String>,
}

impl Meta {
    fn get(&self, key: &str) -> Option<&str> {
        self.pairs.get(key).map(|(v, _)| v.as_str())
    }
}

pub fn read_meta(book: &Book) -> Option<Meta> {
    let grid = book.sheets.iter().find(|g| {
        g.name == META_SHEET
            || (g.text(0, 0) == "format" && g.text(0, 1).starts_with("kijun-response"))
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
    while r < end && grid.text(r, 0) != META_TABLE[0] {
        r += 1;
    }
    for row in r + 1..end {
        let id = grid.text(row, 1);
        if !id.is_empty() {
            meta.digests
                .insert(id.into_owned(), grid.text(row, 2).into_owned());
        }
    }
    Some(meta)
}

pub fn check(
    meta: Option<&Meta>,
    catalog: &Catalog,
    profile: &Profile,
    book: &Book,
) -> Vec<Finding> {
    let finding = |severity, sheet: Option<String>, row: Option<u32>, message: String| Finding {
        requirement: None,
        kind: FindingKind::ProfileMismatch,
        severity,
        sheet,
        row,
        column: row.map(|_| "B".to_string()),
        message,
    };
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
    let mut out = Vec::new();
    let sheet = Some(meta.sheet.clone());
    let row_of = |k: &str| meta.pairs.get(k).map(|(_, r)| *r);
    if meta.get("format") != Some(META_FORMAT) {
        out.push(finding(
            Severity::Warning,
            sheet.clone(),
            row_of("format"),
            format!(
                "様式の管理情報の形式「{}」がこの kijun の形式「{META_FORMAT}」と異なります。",
                meta.get("format").unwrap_or("")
            ),
        ));
    }
    let name = meta.get("catalog_name").unwrap_or("");
    let version = meta.get("catalog_version").unwrap_or("");
    if name != catalog.meta.name || version != catalog.meta.version {
        out.push(finding(
            Severity::Error,
            sheet.clone(),
            row_of("catalog_version").or(row_of("catalog_name")),
            format!(
                "この様式はカタログ「{name}」版 {version} で作成されていますが、検証にはカタログ「{}」版 {} を使っています。要件の文言や構成が異なる可能性があります。",
                catalog.meta.name, catalog.meta.version
            ),
        ));
    }
    // The overlays (省庁基準) the workbook was made under, and the digests of all layers.
    let recorded = crate::catalog::layers::recorded_overlays(|k| meta.get(k));
    for d in crate::catalog::layers::compare(meta.get("catalog_digest"), &recorded, catalog) {
        let severity = if d.error {
            Severity::Error
        } else {
            Severity::Warning
        };
        out.push(finding(severity, sheet.clone(), row_of(&d.key), d.message));
    }
    if meta.get("profile_digest") != Some(profile_digest(profile).as_str()) {
        let system = meta.get("system_name").unwrap_or("（不明）");
        out.push(finding(
            Severity::Error,
            sheet,
            row_of("profile_digest"),
            format!(
                "この様式は、検証に使ったプロファイル（{}）とは異なるプロファイル（システム名「{system}」）から作成されています。格付けや特性が異なると、求める要件が変わります。",
                profile.system_name
            ),
        ));
    }
    out
}
