//! Choosing the catalog of a workbook among editions made up for the test: 0.1.0 (the
//! embedded files) frozen, and a current 0.2.0 whose CRY-02 says TLS 1.3 and whose
//! schema has a new trait.

use std::path::Path;

use super::*;
use crate::catalog::editions::Edition;
use crate::catalog::load::{embedded_files, from_files};
use crate::sheet::ingest::ALL_MERGES;
use crate::verify::{FindingKind, Severity};

const NEW_TRAIT: &str = r#"
[[trait]]
key = "generative_ai"
type = "bool"
label = "生成AIの利用"
help = "システムが生成AIのサービスを利用する場合は true。"
holds = "生成AIを利用するため"
fails = "生成AIを利用しないため"
"#;

/// The embedded files at `version`, with CRY-02 reworded and a trait added.
fn moved_on(version: &str) -> Vec<(String, String)> {
    crate::catalog::editions::tests::moved_on(version, NEW_TRAIT)
}

/// Editions 0.1.0 (frozen) and 0.2.0 (current), and no `--catalog`.
fn source(named: Option<&Path>) -> CatalogSource {
    let old = Edition::new(embedded_files(), false, "0.1.0").expect("0.1.0");
    let new = Edition::new(moved_on("0.2.0"), true, "catalog").expect("0.2.0");
    CatalogSource {
        named: named.map(Path::to_path_buf),
        editions: Editions::from_list(vec![old], new),
    }
}

const PROFILE: &str = "[system]\nname = \"電子申請受付システム\"\norganization = \"〇〇省\"\n\n[classification]\nconfidentiality = 2\nintegrity = 2\navailability = 2\n\n[traits]\ninternet_facing = true\n";

fn profile() -> ProfileText {
    ProfileText::new(PROFILE.into(), "profile.toml".into())
}

/// The response workbook kijun writes with `catalog`, read back as a vendor returns it.
fn workbook(catalog: &Catalog) -> Book {
    let p = Profile::parse(PROFILE, "profile.toml", &catalog.schema).expect("profile");
    let selected = crate::select::select(catalog, &p);
    let bytes = crate::sheet::form::write::workbook(catalog, &p, &selected, &Default::default())
        .expect("workbook");
    read_bytes(Path::new("様式.xlsx"), bytes, ALL_MERGES).expect("read back")
}

fn chosen(source: &CatalogSource, books: &[&Book]) -> Chosen {
    let initial = source.initial().expect("initial");
    source.choose(initial, books, &profile()).expect("chosen")
}

/// (kind, requirement) of the findings other than unanswered rows.
fn findings(report: &Report) -> Vec<(FindingKind, String)> {
    report
        .findings
        .iter()
        .filter(|f| f.kind != FindingKind::MissingAnswer)
        .map(|f| (f.kind, f.requirement.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn a_workbook_of_an_older_edition_is_verified_against_it() {
    let s = source(None);
    let old = from_files(&embedded_files(), "0.1.0").expect("0.1.0");
    let book = workbook(&old);
    let c = chosen(&s, &[&book]);
    assert_eq!(c.by, ChosenBy::Recorded);
    assert_eq!(c.catalog.meta.version, "0.1.0");
    let report = c.verify(&book, Options::default()).expect("verify");
    assert_eq!(findings(&report), []);
    assert_eq!(report.catalog.version, "0.1.0");
    assert_eq!(report.catalog.chosen_by, ChosenBy::Recorded);
    // Against the current edition the same workbook would not pass.
    let current = s.editions.current().load().expect("0.2.0");
    let p = Profile::parse(PROFILE, "p", &current.schema).expect("profile");
    let against_current = super::super::verify_book(&current, &p, &book).expect("verify");
    let kinds: Vec<FindingKind> = findings(&against_current)
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert!(kinds.contains(&FindingKind::ProfileMismatch), "{kinds:?}");
    assert!(kinds.contains(&FindingKind::AlteredText), "{kinds:?}");
}

#[test]
fn a_workbook_of_the_current_edition_keeps_the_initial_catalog() {
    let s = source(None);
    let book = workbook(&s.editions.current().load().expect("0.2.0"));
    let c = chosen(&s, &[&book]);
    assert_eq!(c.by, ChosenBy::Recorded);
    assert_eq!(c.catalog.meta.version, "0.2.0");
    assert_eq!(
        findings(&c.verify(&book, Options::default()).expect("verify")),
        []
    );
}

#[test]
fn an_edited_edition_at_the_same_version_is_that_edition_with_warnings() {
    // Made with 0.1.0 edited without a version bump: the digest and the edited row warn.
    let s = source(None);
    let files: Vec<(String, String)> = embedded_files()
        .into_iter()
        .map(|(n, t)| match n.as_str() {
            "13-crypto.toml" => (n, t.replacen("TLS 1.2", "TLS 1.3", 1)),
            _ => (n, t),
        })
        .collect();
    let edited = from_files(&files, "edited").expect("edited");
    let book = workbook(&edited);
    let c = chosen(&s, &[&book]);
    assert_eq!(
        (c.by.clone(), c.catalog.meta.version.as_str()),
        (ChosenBy::Recorded, "0.1.0")
    );
    let report = c.verify(&book, Options::default()).expect("verify");
    let warned: Vec<(FindingKind, String, Severity)> = report
        .findings
        .iter()
        .filter(|f| f.kind != FindingKind::MissingAnswer)
        .map(|f| {
            (
                f.kind,
                f.requirement.clone().unwrap_or_default(),
                f.severity,
            )
        })
        .collect();
    assert_eq!(
        warned,
        [
            (
                FindingKind::ProfileMismatch,
                String::new(),
                Severity::Warning
            ),
            (FindingKind::AlteredText, "CRY-02".into(), Severity::Warning),
        ]
    );
}

#[test]
fn an_unknown_edition_is_verified_against_the_current_one_with_an_error() {
    let s = source(None);
    let unknown = from_files(&moved_on("0.0.9"), "unknown").expect("0.0.9");
    let book = workbook(&unknown);
    let c = chosen(&s, &[&book]);
    assert_eq!(
        c.by,
        ChosenBy::Current(NoEdition::Unknown {
            name: "kijun 標準カタログ".into(),
            version: "0.0.9".into()
        })
    );
    let report = c.verify(&book, Options::default()).expect("verify");
    let mismatch = report
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::ProfileMismatch && f.severity == Severity::Error)
        .expect("a version error");
    assert!(
        mismatch
            .message
            .contains("カタログの版（様式: 0.0.9、検証: 0.2.0）"),
        "{}",
        mismatch.message
    );
    assert!(
        mismatch
            .message
            .contains("kijun に埋め込まれている版は 0.1.0、0.2.0 です"),
        "{}",
        mismatch.message
    );
    assert!(report
        .catalog
        .line()
        .contains("版 0.0.9 は kijun に埋め込まれていないため、現行の版"));
}

#[test]
fn without_a_meta_sheet_the_current_edition_is_used() {
    let s = source(None);
    let mut book = workbook(&from_files(&embedded_files(), "0.1.0").expect("0.1.0"));
    book.sheets
        .retain(|g| g.name != crate::sheet::form::layout::META_SHEET);
    let c = chosen(&s, &[&book]);
    assert_eq!(c.by, ChosenBy::Current(NoEdition::NotRecorded));
    assert_eq!(c.catalog.meta.version, "0.2.0");
}

#[test]
fn files_of_different_editions_are_compared_against_the_current_one() {
    let s = source(None);
    let old = workbook(&from_files(&embedded_files(), "0.1.0").expect("0.1.0"));
    let new = workbook(&s.editions.current().load().expect("0.2.0"));
    let c = chosen(&s, &[&old, &new]);
    assert_eq!(
        c.by,
        ChosenBy::Current(NoEdition::Mixed(vec!["0.1.0".into(), "0.2.0".into()]))
    );
    // Two files of one edition choose it.
    let c = chosen(&s, &[&old, &old]);
    assert_eq!(
        (c.by, c.catalog.meta.version.as_str()),
        (ChosenBy::Recorded, "0.1.0")
    );
}

#[test]
fn catalog_named_explicitly_wins() {
    let book = workbook(&from_files(&embedded_files(), "0.1.0").expect("0.1.0"));
    // `embedded` is the current edition even for a 0.1.0 workbook: the report says so.
    let named = source(Some(Path::new("embedded")));
    let c = chosen(&named, &[&book]);
    assert_eq!(
        (c.by.clone(), c.catalog.meta.version.as_str()),
        (ChosenBy::Named, "0.2.0")
    );
    let report = c.verify(&book, Options::default()).expect("verify");
    assert!(report.catalog.line().contains("（指定されたカタログ）"));
    // The version error says the workbook's own edition can be named.
    let error = report
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::ProfileMismatch && f.severity == Severity::Error)
        .expect("a version error");
    assert!(
        error
            .message
            .contains("様式の版 0.1.0 は kijun に埋め込まれているので、--catalog embedded@0.1.0 を指定するとその版で検証できます。"),
        "{}",
        error.message
    );
    let pinned = source(Some(Path::new("embedded@0.1.0")));
    let c = chosen(&pinned, &[&book]);
    assert_eq!(
        (c.by, c.catalog.meta.version.as_str()),
        (ChosenBy::Named, "0.1.0")
    );
}

#[test]
fn an_overlay_is_stacked_on_the_recorded_edition() {
    let overlay = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/overlay");
    let s = source(Some(&overlay));
    // Made with the overlay on 0.1.0.
    let old = from_files(&embedded_files(), "0.1.0").expect("0.1.0");
    let made = crate::catalog::overlay::load_dir(&overlay, &|| Ok(old.clone())).expect("overlay");
    let book = workbook(&made);
    let c = chosen(&s, &[&book]);
    assert_eq!(c.by, ChosenBy::Recorded);
    assert_eq!(c.catalog.layers[0].version, "0.1.0");
    assert!(c.catalog.has_overlays());
    assert_eq!(
        findings(&c.verify(&book, Options::default()).expect("verify")),
        []
    );
}

#[test]
fn a_profile_of_a_newer_edition_is_refused_naming_the_edition() {
    let s = source(None);
    let book = workbook(&from_files(&embedded_files(), "0.1.0").expect("0.1.0"));
    let newer = ProfileText::new(
        format!("{PROFILE}generative_ai = true\n"),
        "profile.toml".into(),
    );
    let initial = s.initial().expect("initial");
    let Err(e) = s.choose(initial, &[&book], &newer) else {
        panic!("a 0.2.0 profile read against 0.1.0");
    };
    let message = e.to_string();
    assert!(message.starts_with("プロファイル profile.toml: 回答様式はカタログ「kijun 標準カタログ」版 0.1.0 で作成されているため"), "{message}");
    assert!(
        message.contains("--catalog embedded を指定します"),
        "{message}"
    );
    assert!(message.contains("confidentiality = 2"), "{message}");
    assert!(message.contains("generative_ai"), "{message}");
    // The same profile verifies a 0.2.0 workbook.
    let book = workbook(&s.editions.current().load().expect("0.2.0"));
    let initial = s.initial().expect("initial");
    assert!(s.choose(initial, &[&book], &newer).is_ok());
}
