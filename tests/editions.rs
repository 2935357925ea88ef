//! Frozen catalog editions: every released edition stays embedded, and a response
//! workbook made by a released kijun is still verified against the edition it was made
//! with, after the catalog has moved on.

mod common;

use std::path::{Path, PathBuf};

use common::kijun;
use common::vendor::Filled;

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
        let mut k = kijun();
        if let Some(c) = catalog {
            k = k.arg("--catalog").arg(c);
        }
        k.args(["sheet", "--profile"])
            .arg(dir.join(format!("{profile}.toml")))
            .arg("-o")
            .arg(&path)
            .run()
            .success();
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
    let text = filled.get("CRY-02", "要件").replace("TLS 1.2", "TLS 1.0");
    filled.set("CRY-02", "要件", &text);
    filled.write_xlsx(&dir.join("faults-typical.xlsx"));
    // Made under the example overlay (〇〇省), answered completely.
    let made = sheet(Some(&dir.join("overlay")), "typical", "made.xlsx");
    let mut filled = Filled::read(&made);
    filled.answer_everything();
    filled.write_xlsx(&dir.join("filled-typical-overlay.xlsx"));
    std::fs::remove_file(&made).expect("remove scratch");
}
