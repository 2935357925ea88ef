//! Frozen catalog editions: every released edition stays embedded, and a response
//! workbook made by a released kijun is still verified against the edition it was made
//! with, after the catalog has moved on.

mod common;

use std::path::{Path, PathBuf};

use common::case::{found, verify_with_catalog};
use common::kijun;
use common::vendor::Filled;
use serde_json::Value;

/// The folder of the golden workbooks of one edition.
fn golden(version: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/editions")
        .join(version)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir") {
        let p = e.expect("entry").path();
        if p.is_file() {
            std::fs::copy(&p, to.join(p.file_name().expect("name"))).expect("copy");
        }
    }
}

/// `kijun [--catalog C] sheet --profile P -o OUT`.
fn made_sheet(catalog: Option<&Path>, profile: &Path, out: &Path) {
    let mut k = kijun();
    if let Some(c) = catalog {
        k = k.arg("--catalog").arg(c);
    }
    k.args(["sheet", "--profile"])
        .arg(profile)
        .arg("-o")
        .arg(out)
        .run()
        .success();
}

/// Writes the golden workbooks of the edition in catalog/ with THIS build of kijun, into
/// tests/fixtures/editions/<version>/. Run once at each release, and commit the result:
///
/// ```sh
/// KIJUN_GOLDEN=0.2.0 cargo test --test editions -- --ignored write_golden_workbooks
/// ```
///
/// The profiles and the overlay are copied beside them, so later changes to examples/
/// do not change what the goldens are verified with.
#[test]
#[ignore = "writes fixtures; run at a release (see the doc comment)"]
fn write_golden_workbooks() {
    let Ok(version) = std::env::var("KIJUN_GOLDEN") else {
        panic!("set KIJUN_GOLDEN to the version of catalog/ (catalog.toml's version)");
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = golden(&version);
    std::fs::create_dir_all(&dir).expect("mkdir");
    for name in ["typical", "maximal"] {
        std::fs::copy(common::example(name), dir.join(format!("{name}.toml")))
            .expect("copy profile");
    }
    copy_dir(&root.join("examples/overlay"), &dir.join("overlay"));
    let sheet = |catalog: Option<&Path>, profile: &str, out: &str| -> PathBuf {
        let path = dir.join(out);
        let _ = std::fs::remove_file(&path);
        made_sheet(catalog, &dir.join(format!("{profile}.toml")), &path);
        path
    };
    // As kijun wrote it: nothing answered.
    sheet(None, "maximal", "blank-maximal.xlsx");
    // Answered completely and correctly by a vendor.
    let made = sheet(None, "maximal", "made.xlsx");
    let mut filled = Filled::read(&made);
    filled.answer_everything();
    filled.write_xlsx(&dir.join("filled-maximal.xlsx"));
    // Answered with the faults a reviewer must see.
    let made = sheet(None, "typical", "made.xlsx");
    let mut filled = Filled::read(&made);
    filled.answer_everything();
    filled.set("AUTH-01", "回答", "×");
    filled.set("LOG-02", "回答", "");
    let was = filled.get("CRY-02", "要件");
    let text = was.replace("TLS 1.2", "TLS 1.0");
    assert_ne!(
        text, was,
        "CRY-02 no longer says TLS 1.2: alter another word"
    );
    filled.set("CRY-02", "要件", &text);
    filled.write_xlsx(&dir.join("faults-typical.xlsx"));
    // Made under the example overlay (〇〇省), answered completely.
    let made = sheet(Some(&dir.join("overlay")), "typical", "made.xlsx");
    let mut filled = Filled::read(&made);
    filled.answer_everything();
    filled.write_xlsx(&dir.join("filled-typical-overlay.xlsx"));
    std::fs::remove_file(&made).expect("remove scratch");
}

/// The editions that have golden workbooks.
fn golden_editions() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/editions");
    let mut v: Vec<String> = std::fs::read_dir(root)
        .expect("golden folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// `kijun verify --format json` of a golden workbook with its frozen profile (and overlay),
/// without --catalog: verify must choose the edition from the workbook.
fn verify_golden(version: &str, file: &str, profile: &str, overlay: bool) -> (i32, Value) {
    let dir = golden(version);
    let overlay = overlay.then(|| dir.join("overlay"));
    let (code, json) = verify_with_catalog(
        overlay.as_deref(),
        &dir.join(format!("{profile}.toml")),
        &dir.join(file),
    );
    assert_eq!(
        (
            json["catalog"]["version"].as_str(),
            json["catalog"]["chosen_by"].as_str()
        ),
        (Some(version), Some("workbook")),
        "{version}/{file} is verified against the edition it was made with"
    );
    (code, json)
}

#[test]
fn golden_workbooks_verify_against_their_own_edition() {
    let editions = golden_editions();
    assert!(editions.contains(&"0.1.0".to_string()));
    for v in &editions {
        // Nothing answered: every required row is unanswered, nothing else.
        let (code, r) = verify_golden(v, "blank-maximal.xlsx", "maximal", false);
        let required = r["summary"]["required"].as_u64().expect("count");
        let f = found(&r);
        assert_eq!(code, 1);
        assert!(required > 100, "{v}: maximal selects every requirement");
        assert_eq!(f.len() as u64, required, "{v}: {f:?}");
        assert!(f.iter().all(|x| x.0 == "missing_answer"), "{v}: {f:?}");
        // Answered completely: clean.
        let (code, r) = verify_golden(v, "filled-maximal.xlsx", "maximal", false);
        assert_eq!((code, found(&r)), (0, vec![]), "{v}");
        assert_eq!(r["summary"]["required"], required);
        // The faults a reviewer must see, each where the vendor made it, nothing more.
        let (code, r) = verify_golden(v, "faults-typical.xlsx", "typical", false);
        let faults: Vec<(String, String)> = found(&r).into_iter().map(|x| (x.0, x.1)).collect();
        let expected = [
            ("noncompliant", "AUTH-01"),
            ("missing_answer", "LOG-02"),
            ("altered_text", "CRY-02"),
        ]
        .map(|(k, id)| (k.to_string(), id.to_string()));
        assert_eq!((code, faults), (1, expected.to_vec()), "{v}");
        assert!(
            r["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .all(|f| f["severity"] == "error"),
            "{v}: {r}"
        );
        // Made under an overlay: the overlay is stacked on the workbook's edition.
        let (code, r) = verify_golden(v, "filled-typical-overlay.xlsx", "typical", true);
        assert_eq!((code, found(&r)), (0, vec![]), "{v}");
        let title = r["catalog"]["title"].as_str().expect("title");
        assert!(
            title.contains("＋〇〇省情報セキュリティ対策基準"),
            "{title}"
        );
    }
}

#[test]
fn reports_in_every_format_name_the_edition() {
    let dir = golden("0.1.0");
    for format in ["text", "md"] {
        let run = kijun()
            .args(["verify", "--format", format, "--profile"])
            .arg(dir.join("typical.toml"))
            .arg(dir.join("faults-typical.xlsx"))
            .run()
            .findings();
        assert!(
            run.stdout()
                .contains("カタログ: kijun 標準カタログ 0.1.0（")
                && run.stdout().contains("（様式の作成に使われた版）"),
            "{format}: {}",
            run.stdout()
        );
    }
    // The workbook report, on its summary sheet.
    let out = tempfile::tempdir().expect("tempdir");
    let report = out.path().join("検証結果.xlsx");
    kijun()
        .args(["verify", "--profile"])
        .arg(dir.join("typical.toml"))
        .arg(dir.join("faults-typical.xlsx"))
        .arg("-o")
        .arg(&report)
        .run()
        .findings();
    let summary = &Filled::read(&report).sheets[0];
    let line = summary
        .rows
        .iter()
        .find(|r| r.first().is_some_and(|c| c == "カタログ"))
        .expect("a カタログ line");
    assert!(
        line[1].contains("0.1.0") && line[1].contains("様式の作成に使われた版"),
        "{line:?}"
    );
    // compare, in each of its formats.
    let files = [
        dir.join("filled-maximal.xlsx"),
        dir.join("blank-maximal.xlsx"),
    ];
    let run = kijun()
        .args(["compare", "--format", "json", "--profile"])
        .arg(dir.join("maximal.toml"))
        .args(&files)
        .run()
        .findings();
    assert_eq!(run.json()["catalog"]["chosen_by"], "workbook");
    let run = kijun()
        .args(["compare", "--format", "md", "--profile"])
        .arg(dir.join("maximal.toml"))
        .args(&files)
        .run()
        .findings();
    assert!(
        run.stdout()
            .contains("- カタログ: kijun 標準カタログ 0.1.0"),
        "{}",
        run.stdout()
    );
}

#[test]
fn embedded_editions_are_named_wherever_a_catalog_is() {
    let run = kijun()
        .args(["catalog", "diff", "embedded@0.1.0", "embedded"])
        .run()
        .success();
    assert!(
        run.stdout().contains("元: kijun 標準カタログ 0.1.0"),
        "{}",
        run.stdout()
    );
    kijun()
        .args(["--catalog", "embedded@0.1.0", "catalog", "show", "OUT-01"])
        .run()
        .success();
    let dir = golden("0.1.0");
    let run = kijun()
        .args([
            "--catalog",
            "embedded@0.1.0",
            "verify",
            "--format",
            "json",
            "--profile",
        ])
        .arg(dir.join("maximal.toml"))
        .arg(dir.join("filled-maximal.xlsx"))
        .run()
        .success();
    assert_eq!(run.json()["catalog"]["chosen_by"], "option");
    for args in [
        vec!["--catalog", "embedded@9.9", "catalog", "list"],
        vec!["catalog", "diff", "embedded@9.9", "embedded"],
    ] {
        kijun().args(&args).run().input_error().stderr_has(
            "カタログの版「9.9」は kijun に埋め込まれていません。埋め込まれている版: 0.1.0",
        );
    }
}

#[test]
fn a_workbook_of_an_edition_kijun_lacks_is_an_error_listing_the_editions() {
    // Made with a catalog folder at a version never released.
    let tmp = tempfile::tempdir().expect("tempdir");
    let catalog = common::catalog_copy(tmp.path());
    let meta = catalog.join("catalog.toml");
    let text = std::fs::read_to_string(&meta).expect("read");
    std::fs::write(
        &meta,
        text.replace("version = \"0.1.0\"", "version = \"0.0.9\""),
    )
    .expect("write");
    let sheet = tmp.path().join("様式.xlsx");
    made_sheet(Some(&catalog), &common::example("typical"), &sheet);
    let mut filled = Filled::read(&sheet);
    filled.answer_everything();
    let answered = tmp.path().join("回答.xlsx");
    filled.write_xlsx(&answered);
    let (code, r) = common::case::verify_file(&common::example("typical"), &answered);
    assert_eq!(code, 1);
    assert_eq!(r["catalog"]["chosen_by"], "current");
    let f = &r["findings"][0];
    assert_eq!(
        (f["kind"].as_str(), f["severity"].as_str()),
        (Some("profile_mismatch"), Some("error"))
    );
    let message = f["message"].as_str().expect("message");
    assert!(
        message.contains("カタログの版（様式: 0.0.9、検証: 0.1.0）"),
        "{message}"
    );
    assert!(
        message.contains("kijun に埋め込まれている版は 0.1.0 です"),
        "{message}"
    );
}
