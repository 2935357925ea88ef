//! The layers of a catalog as a response workbook records them: the base catalog's
//! digest and each overlay's name, version and digest, in the hidden meta sheet; and
//! how the layers a workbook was made under differ from the catalog verifying it.

use super::{Catalog, Layer};

/// The base and overlays a response workbook recorded, as (name, version, digest).
pub type Recorded = Vec<(String, String, String)>;

/// One way the layers of a workbook differ from those of the catalog verifying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// An error (another overlay or version), or a warning (same version, other content).
    pub error: bool,
    /// The meta-sheet key the difference is about, for the finding's row.
    pub key: String,
    /// What differs and what to do, in Japanese.
    pub message: String,
}

/// Differences between the layers a workbook was made under and those of `catalog`.
pub fn compare(
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
            push(false, "catalog_digest".into(), format!("カタログ「{}」版 {} の内容が、様式を作成したときと異なります（版を変えずに要件が編集された可能性があります）。要件ごとの文言の違いは altered_text として示します。", base.name, base.version));
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
        let key = |what: &str| format!("overlay_{}_{what}", i + 1);
        match current.iter().find(|l| l.name == *name) {
            None => push(true, key("name"), format!(
                "この様式はオーバーレイ「{name}」版 {version} を重ねたカタログで作成されていますが、検証に使ったカタログには「{name}」が重ねられていません。様式を作成したときと同じオーバーレイのフォルダを --catalog で指定してください。"
            )),
            Some(l) if l.version != *version => push(true, key("version"), format!(
                "この様式はオーバーレイ「{name}」版 {version} で作成されていますが、検証には版 {} を使っています。追加・改変・取り下げられた要件が異なる可能性があります。",
                l.version
            )),
            Some(l) if !digest.is_empty() && l.digest != *digest => push(false, key("digest"), format!(
                "オーバーレイ「{name}」版 {version} の内容が、様式を作成したときと異なります（版を変えずに編集された可能性があります）。"
            )),
            Some(_) => {}
        }
    }
    for l in &current {
        if !recorded.iter().any(|(n, _, _)| *n == l.name) {
            let names: Vec<&str> = recorded.iter().map(|(n, _, _)| n.as_str()).collect();
            push(true, "catalog_name".into(), format!(
                "検証に使ったカタログにはオーバーレイ「{}」版 {} が重ねられていますが、この様式は{}カタログで作成されています。様式を作成したときと同じ --catalog を指定してください。",
                l.name, l.version, describe(&names)
            ));
        }
    }
    out
}

/// The meta-sheet lines for the layers: the base digest, then each overlay.
pub fn meta_pairs(catalog: &Catalog) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(base) = catalog.layers.first() {
        out.push(("catalog_digest".to_string(), base.digest.clone()));
    }
    for (i, l) in catalog.overlays().enumerate() {
        let n = i + 1;
        out.push((format!("overlay_{n}_name"), l.name.clone()));
        out.push((format!("overlay_{n}_version"), l.version.clone()));
        out.push((format!("overlay_{n}_digest"), l.digest.clone()));
    }
    out
}

/// The overlays recorded in a meta sheet, from its key → value lookup.
pub fn recorded_overlays<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Recorded {
    let mut out = Vec::new();
    for n in 1.. {
        let Some(name) = get(&format!("overlay_{n}_name")) else {
            break;
        };
        let version = get(&format!("overlay_{n}_version")).unwrap_or("");
        let digest = get(&format!("overlay_{n}_digest")).unwrap_or("");
        out.push((name.to_string(), version.to_string(), digest.to_string()));
    }
    out
}
