//! How the catalog layers a response workbook was made under (the base catalog's
//! digest and each overlay's name, version and digest, recorded in its meta sheet)
//! differ from the catalog verifying it.

use crate::catalog::{Catalog, Layer};
use crate::sheet::form::meta::{key, Recorded};

/// One way the layers of a workbook differ from those of the catalog verifying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Difference {
    /// An error (another overlay or version), or a warning (same version, other content).
    pub(crate) error: bool,
    /// The meta-sheet key the difference is about, for the finding's row.
    pub(crate) key: String,
    /// What differs and what to do, in Japanese.
    pub(crate) message: String,
}

/// Differences between the layers a workbook was made under and those of `catalog`.
pub(crate) fn compare(
    base_digest: Option<&str>,
    recorded: &Recorded,
    catalog: &Catalog,
) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut push = |error: bool, key: String, message: String| {
        out.push(Difference {
            error,
            key,
            message,
        })
    };
    if let (Some(d), Some(base)) = (base_digest, catalog.layers.first()) {
        if !d.is_empty() && d != base.digest {
            push(false, key::CATALOG_DIGEST.into(), format!("カタログ「{}」版 {} の内容が、様式を作成したときと異なります（版を変えずに要件が編集された可能性があります）。要件ごとの文言の違いは altered_text として示します。", base.name, base.version));
        }
    }
    let current: Vec<&Layer> = catalog.overlays().collect();
    let describe = |names: &[&str]| {
        if names.is_empty() {
            "オーバーレイを重ねない".to_string()
        } else {
            format!("「{}」を重ねた", names.join("」「"))
        }
    };
    for (i, (name, version, digest)) in recorded.iter().enumerate() {
        let field_key = |what: &str| key::overlay(i + 1, what);
        match current.iter().find(|l| l.name == *name) {
            None => push(true, field_key("name"), format!(
                "この様式はオーバーレイ「{name}」版 {version} を重ねたカタログで作成されていますが、検証に使ったカタログには「{name}」が重ねられていません。様式を作成したときと同じオーバーレイのフォルダを --catalog で指定してください。"
            )),
            Some(l) if l.version != *version => push(true, field_key("version"), format!(
                "この様式はオーバーレイ「{name}」版 {version} で作成されていますが、検証には版 {} を使っています。追加・改変・取り下げられた要件が異なる可能性があります。",
                l.version
            )),
            Some(l) if !digest.is_empty() && l.digest != *digest => push(false, field_key("digest"), format!(
                "オーバーレイ「{name}」版 {version} の内容が、様式を作成したときと異なります（版を変えずに編集された可能性があります）。"
            )),
            Some(_) => {}
        }
    }
    for l in &current {
        if !recorded.iter().any(|(n, _, _)| *n == l.name) {
            let names: Vec<&str> = recorded.iter().map(|(n, _, _)| n.as_str()).collect();
            push(true, key::CATALOG_NAME.into(), format!(
                "検証に使ったカタログにはオーバーレイ「{}」版 {} が重ねられていますが、この様式は{}カタログで作成されています。様式を作成したときと同じ --catalog を指定してください。",
                l.name, l.version, describe(&names)
            ));
        }
    }
    out
}
