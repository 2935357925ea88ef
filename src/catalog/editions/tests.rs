//! The frozen editions stay what was released, the current catalog cannot change content
//! under a released version, and no requirement id of any edition disappears or changes
//! meaning.

use std::collections::BTreeMap;

use super::*;
use crate::catalog::Catalog;

/// The digest of each released edition's files, recorded at its release: what the
/// workbooks made with it carry as `catalog_digest`. Add a line at each release (the
/// test below prints it); never change one.
const RELEASED: &[(&str, &str)] = &[
    (
        "0.1.0",
        "ea4f2653d8307949d0dc8d7b431125952eabb317d5ebcf319b8a503ec2b5f95b",
    ),
    (
        "0.2.0",
        "f16927f40b41cc1ebdb161878d77190db14a3462e37f7eae649b0a2347cc1276",
    ),
];

/// Requirements whose title changed between editions without a change of meaning: (id,
/// the edition with the old title, why the meaning is the same). Every other title
/// change is taken as another meaning, which needs a new id.
const RETITLED: &[(&str, &str, &str)] = &[
    ("CLD-04", "0.1.0", "IaaS・PaaS の設定誤りを設定基準で防ぐという意味は同じ。受注者の定期点検は CLD-15 に分けた"),
    ("CLD-10", "0.1.0", "サービスレベルの達成状況の報告という意味は同じ。水準は合意ではなく本仕様書で定める"),
    ("SCM-03", "0.1.0", "ISO/IEC 15408 認証製品の選定という意味は同じ。対象をセキュリティ要件リストの製品分野に絞った"),
    ("LOG-05", "0.1.0", "ログの点検と報告という意味は同じ。間隔はパラメータで定める"),
    ("MON-03", "0.1.0", "監視結果の報告という意味は同じ。月次は間隔のパラメータの既定値になった"),
    ("MON-04", "0.1.0", "常時の監視体制という意味は同じ。24時間365日を「夜間・休日を含む常時」と言い換えた"),
];

fn editions() -> Editions {
    Editions::embedded().expect("embedded editions")
}

/// The editions frozen under editions/.
fn frozen(e: &Editions) -> Vec<&Edition> {
    e.all()
        .iter()
        .filter(|x| FROZEN.get_dir(x.version.as_str()).is_some())
        .collect()
}

#[test]
fn each_frozen_edition_is_what_was_released() {
    let e = editions();
    let frozen = frozen(&e);
    for (version, digest) in RELEASED {
        let Some(x) = frozen.iter().find(|x| x.version == *version) else {
            panic!("released edition {version} is no longer under editions/");
        };
        assert_eq!(
            x.digest(),
            *digest,
            "editions/{version}/ differs from what was released: a frozen edition never changes"
        );
    }
    for x in &frozen {
        assert!(
            RELEASED.iter().any(|(v, _)| *v == x.version),
            "editions/{v}/ is not recorded as released; add (\"{v}\", \"{d}\") to RELEASED",
            v = x.version,
            d = x.digest()
        );
        let c = x
            .load()
            .unwrap_or_else(|e| panic!("edition {} loads: {e}", x.version));
        assert_eq!(
            c.meta.version, x.version,
            "the folder is named by catalog.toml's version"
        );
        assert_eq!(c.layers[0].digest, files_digest(x.files()));
        let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/editions")
            .join(&x.version);
        assert!(
            golden.join("filled-maximal.xlsx").is_file(),
            "edition {v} has no golden workbooks: run `KIJUN_GOLDEN={v} cargo test --test editions -- --ignored write_golden_workbooks` with the release's build",
            v = x.version
        );
    }
}

#[test]
fn the_released_digest_is_what_workbooks_record() {
    // A workbook records the base layer's digest: the digest of the files as loaded.
    let e = editions();
    let c = e
        .require("0.1.0")
        .expect("0.1.0 is embedded")
        .load()
        .expect("loads");
    let recorded = crate::sheet::form::meta::pairs(&c, &example_profile(&c))
        .into_iter()
        .find(|(k, _)| k == crate::sheet::form::meta::key::CATALOG_DIGEST)
        .map(|(_, v)| v);
    assert_eq!(recorded.as_deref(), Some(RELEASED[0].1));
}

fn example_profile(c: &Catalog) -> crate::profile::Profile {
    let text = "[system]\nname = \"試験\"\norganization = \"試験省\"\n\n[classification]\nconfidentiality = 2\nintegrity = 2\navailability = 2\n";
    crate::profile::Profile::parse(text, "test", &c.schema).expect("profile")
}

#[test]
fn catalog_at_a_frozen_version_is_that_edition_byte_for_byte() {
    // A change to catalog/ needs a new version in catalog.toml: a workbook made with the
    // released edition must find it unchanged.
    let current = Edition::new(embedded_files(), true, "catalog").expect("current");
    let e = editions();
    let Some(frozen) = frozen(&e)
        .into_iter()
        .find(|x| x.version == current.version)
    else {
        return; // catalog/ carries a version not yet released
    };
    let map = |files: &Files| -> BTreeMap<String, String> { files.iter().cloned().collect() };
    let (was, now) = (map(frozen.files()), map(current.files()));
    let names: std::collections::BTreeSet<&String> = was.keys().chain(now.keys()).collect();
    for name in names {
        assert!(
            was.get(name) == now.get(name),
            "catalog/{name} differs from editions/{v}/{name}, but catalog.toml still says version {v}: \
             a released edition never changes, so give catalog/ a new version",
            v = frozen.version
        );
    }
}

#[test]
fn no_requirement_id_disappears_or_changes_meaning() {
    let e = editions();
    let current = embedded().expect("current catalog");
    // id → (edition, title) where first seen
    let mut meaning: BTreeMap<String, (String, String)> = BTreeMap::new();
    let retitled = |id: &str, v: &str| RETITLED.iter().any(|(i, ver, _)| *i == id && *ver == v);
    for x in frozen(&e) {
        let c = x.load().expect("edition loads");
        for r in &c.requirements {
            let (first, title) = meaning
                .entry(r.id.clone())
                .or_insert_with(|| (x.version.clone(), r.title.clone()));
            assert!(
                *title == r.title || retitled(&r.id, first),
                "{} means 「{title}」 in edition {first} but 「{}」 in {}: an id never changes meaning",
                r.id,
                r.title,
                x.version
            );
            match (current.requirement(&r.id), current.withdrawal(&r.id)) {
                (Some(now), _) => assert!(
                    now.title == r.title || retitled(&r.id, &x.version),
                    "{} was 「{}」 in edition {} and is 「{}」 now: a new meaning needs a new id (or list it in RETITLED with why the meaning is the same)",
                    r.id,
                    r.title,
                    x.version,
                    now.title
                ),
                (None, Some(w)) => {
                    assert_eq!(
                        w.title, r.title,
                        "[[withdrawn]] {} must carry the title it had in edition {}",
                        r.id, x.version
                    );
                    let since = w.since.as_deref().unwrap_or("");
                    assert!(
                        version_order(since, &x.version).is_gt(),
                        "{} is in edition {} but [[withdrawn]] says since = \"{since}\"",
                        r.id,
                        x.version
                    );
                }
                (None, None) => panic!(
                    "{} ({}) of edition {} is neither in catalog/ nor withdrawn: add [[withdrawn]] id, title, reason, since to catalog.toml",
                    r.id, r.title, x.version
                ),
            }
        }
    }
}

#[test]
fn embedded_names_an_edition() {
    assert_eq!(parse_name("embedded"), Some(None));
    assert_eq!(parse_name("embedded@0.1.0"), Some(Some("0.1.0")));
    assert_eq!(parse_name("embeddedX"), None);
    assert_eq!(parse_name("catalog"), None);
    let e = editions();
    assert!(e.require("0.1.0").is_ok());
    let message = e.require("9.9.9").expect_err("unknown").to_string();
    assert!(
        message.contains("「9.9.9」は kijun に埋め込まれていません"),
        "{message}"
    );
    assert!(message.contains("0.1.0"), "{message}");
}

#[test]
fn versions_order_by_their_numbers() {
    let mut v = vec!["0.10.0", "0.2.0", "0.1.0", "1.0.0"];
    v.sort_by(|a, b| version_order(a, b));
    assert_eq!(v, ["0.1.0", "0.2.0", "0.10.0", "1.0.0"]);
}

/// The current catalog's files with catalog.toml at `version`, CRY-02 reworded (TLS 1.3)
/// and `schema` appended to profile.toml: a catalog that has moved on.
pub(crate) fn moved_on(version: &str, schema: &str) -> Files {
    released_files("0.1.0")
        .into_iter()
        .map(|(n, t)| {
            let t = match n.as_str() {
                "catalog.toml" => {
                    t.replace("version = \"0.1.0\"", &format!("version = \"{version}\""))
                }
                "13-crypto.toml" => t.replacen("TLS 1.2", "TLS 1.3", 1),
                "profile.toml" => format!("{t}{schema}"),
                _ => t,
            };
            (n, t)
        })
        .collect()
}

/// The files of a released edition as frozen under editions/ (what tests take as an
/// older edition, whatever version catalog/ has moved on to).
pub(crate) fn released_files(version: &str) -> Files {
    let dir = FROZEN
        .get_dir(version)
        .unwrap_or_else(|| panic!("editions/{version}/ is frozen"));
    toml_files(dir)
}

#[test]
fn a_recorded_edition_is_found_by_version_and_digest() {
    let old = Edition::new(released_files("0.1.0"), false, "0.1.0").expect("old");
    let new = Edition::new(moved_on("0.2.0", ""), true, "catalog").expect("new");
    let (old_digest, new_digest) = (old.digest().to_string(), new.digest().to_string());
    let e = Editions::from_list(vec![old], new);
    assert_eq!(e.versions(), ["0.1.0", "0.2.0"]);
    assert_eq!(e.current().version, "0.2.0");
    let name = "kijun 標準カタログ";
    assert!(matches!(e.find(name, "0.1.0", &old_digest), Match::Exact(x) if x.version == "0.1.0"));
    assert!(matches!(e.find(name, "0.2.0", &new_digest), Match::Exact(x) if x.current));
    assert!(matches!(e.find(name, "0.1.0", "edited"), Match::Version(x) if x.version == "0.1.0"));
    assert!(matches!(e.find(name, "0.1.0", ""), Match::Version(_)));
    assert!(matches!(e.find(name, "0.0.9", &old_digest), Match::None));
    assert!(matches!(
        e.find("〇〇カタログ", "0.1.0", &old_digest),
        Match::None
    ));
}

#[test]
fn the_current_catalog_at_a_frozen_version_is_that_edition() {
    let frozen = Edition::new(released_files("0.1.0"), false, "0.1.0").expect("frozen");
    let current = Edition::new(released_files("0.1.0"), true, "catalog").expect("current");
    let e = Editions::from_list(vec![frozen], current);
    assert_eq!(e.all().len(), 1);
    assert!(e.current().current);
    assert_eq!(e.current().origin(), EMBEDDED_ORIGIN);
}

/// The current catalog at version 0.2.0 with EDU-04 taken out, and `withdrawn` (TOML)
/// appended to catalog.toml.
fn without_edu_04(withdrawn: &str) -> Files {
    moved_on("0.2.0", "")
        .into_iter()
        .map(|(n, t)| {
            let t = match n.as_str() {
                "catalog.toml" => format!("{t}\n{withdrawn}"),
                "27-training.toml" => {
                    let at = t.rfind("[[requirement]]").expect("a requirement");
                    assert!(t[at..].contains("\"EDU-04\""));
                    t[..at].to_string()
                }
                _ => t,
            };
            (n, t)
        })
        .collect()
}

const EDU_04: &str = r#"[[withdrawn]]
id = "EDU-04"
title = "従事者の離任時の貸与物の回収と権限の削除"
reason = "OUT-12 の従事者の管理に統合したため（試験用の取下げ）"
since = "0.2.0"
"#;

#[test]
fn a_withdrawn_requirement_is_explained_wherever_its_id_is_named() {
    let c = from_files(&without_edu_04(EDU_04), "test").expect("loads");
    assert!(c.requirement("EDU-04").is_none());
    let w = c.withdrawal("edu-04").expect("withdrawn");
    assert_eq!(w.withdrawer(), "kijun 標準カタログ（版 0.2.0）");
    let message = c.find("EDU-04").expect_err("withdrawn").to_string();
    assert!(
        message.contains("kijun 標準カタログ（版 0.2.0）が取り下げています。理由: OUT-12"),
        "{message}"
    );
    let old = from_files(&released_files("0.1.0"), "0.1.0").expect("0.1.0");
    let d = crate::catalog::diff::diff(&old, &c, None);
    let removed: Vec<(&str, Option<&str>)> = d
        .removed
        .iter()
        .map(|r| (r.requirement.id.as_str(), r.note.as_deref()))
        .collect();
    assert_eq!(
        removed,
        [(
            "EDU-04",
            Some("kijun 標準カタログ（版 0.2.0）により取下げ。理由: OUT-12 の従事者の管理に統合したため（試験用の取下げ）")
        )]
    );
}

#[test]
fn a_withdrawn_id_is_never_used_again() {
    // Withdrawn, and still (or again) a requirement.
    let files: Files = released_files("0.1.0")
        .into_iter()
        .map(|(n, t)| match n.as_str() {
            "catalog.toml" => (n, format!("{t}\n{EDU_04}")),
            _ => (n, t),
        })
        .collect();
    let message = from_files(&files, "test").expect_err("reused").to_string();
    assert!(
        message.contains("catalog.toml: [[withdrawn]] EDU-04: 取り下げた要件IDが 27-training.toml で再び使われています"),
        "{message}"
    );
    // Withdrawn without a reason, and twice.
    let empty = EDU_04.replace("OUT-12 の従事者の管理に統合したため（試験用の取下げ）", " ");
    let message = from_files(&without_edu_04(&format!("{empty}\n{EDU_04}")), "test")
        .expect_err("problems")
        .to_string();
    assert!(message.contains("reason が空です"), "{message}");
    assert!(
        message.contains("同じ要件IDの [[withdrawn]] が二つあります"),
        "{message}"
    );
}

#[test]
fn an_overlay_cannot_add_a_requirement_under_a_withdrawn_id() {
    let dir = tempfile::tempdir().expect("tempdir");
    let overlay = dir.path();
    std::fs::write(
        overlay.join("overlay.toml"),
        "name = \"〇〇省\"\nversion = \"1\"\n[extends]\ncatalog = \"kijun 標準カタログ\"\n",
    )
    .expect("write");
    std::fs::write(
        overlay.join("10-add.toml"),
        "[[requirement]]\nid = \"EDU-04\"\ntitle = \"別の意味\"\nlevel = \"基本\"\nsubject = \"system\"\nbasis = [\"〇〇省 第1条\"]\nspec = \"システムは、別の意味の要件を満たすこと。\"\n",
    )
    .expect("write");
    let base = || from_files(&without_edu_04(EDU_04), "test");
    let message = crate::catalog::overlay::load_dir(overlay, &base)
        .expect_err("refused")
        .to_string();
    assert!(
        message.contains("EDU-04: 要件IDはkijun 標準カタログ（版 0.2.0）が取り下げた要件（従事者の離任時の貸与物の回収と権限の削除）のものです"),
        "{message}"
    );
}
