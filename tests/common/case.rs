//! A response workbook made by `kijun sheet`, completely and correctly answered, to be
//! altered the way vendors alter it and verified through the real binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::vendor::Filled;
use super::{example, kijun, Run};

pub struct Case {
    pub dir: tempfile::TempDir,
    pub profile: PathBuf,
    pub filled: Filled,
}

/// A workbook made by `kijun sheet` for the typical profile, completely and correctly
/// answered.
pub fn case() -> Case {
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = example("typical");
    let sheet = dir.path().join("様式.xlsx");
    kijun()
        .args(["sheet", "--profile"])
        .arg(&profile)
        .arg("-o")
        .arg(&sheet)
        .run()
        .success();
    let mut filled = Filled::read(&sheet);
    filled.answer_everything();
    Case {
        dir,
        profile,
        filled,
    }
}

impl Case {
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Verify the filled workbook as xlsx; (exit code, JSON report).
    pub fn verify(&self) -> (i32, Value) {
        let p = self.path("回答.xlsx");
        self.filled.write_xlsx(&p);
        verify_file(&self.profile, &p)
    }
}

pub fn verify_file(profile: &Path, file: &Path) -> (i32, Value) {
    verify_with_catalog(None, profile, file)
}

/// `kijun [--catalog C] verify --format json`: (exit code, JSON report).
pub fn verify_with_catalog(catalog: Option<&Path>, profile: &Path, file: &Path) -> (i32, Value) {
    let mut k = kijun();
    if let Some(c) = catalog {
        k = k.arg("--catalog").arg(c);
    }
    let run = k
        .args(["verify", "--format", "json", "--profile"])
        .arg(profile)
        .arg(file)
        .run();
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
    assert!(
        run.code() == 0 || run.code() == 1,
        "exit {}: {}",
        run.code(),
        run.stderr()
    );
    let json = run.json();
    (run.code(), json)
}

/// (kind, requirement, row, column) of every finding.
pub fn found(report: &Value) -> Vec<(String, String, Option<u64>, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().expect("kind").to_string(),
                f["requirement"].as_str().unwrap_or("").to_string(),
                f["row"].as_u64(),
                f["column"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

pub fn kinds(report: &Value) -> Vec<String> {
    found(report).into_iter().map(|f| f.0).collect()
}

pub fn only(report: &Value, kind: &str, id: &str) -> (Option<u64>, String) {
    let f = found(report);
    assert_eq!(f.len(), 1, "expected exactly one finding, got {f:?}");
    assert_eq!((f[0].0.as_str(), f[0].1.as_str()), (kind, id), "{f:?}");
    (f[0].2, f[0].3.clone())
}

/// The 1-based row and column letter of a requirement's cell in the filled sheet.
pub fn cell(c: &mut Case, id: &str, header: &str) -> (Option<u64>, String) {
    let row = c.filled.row_of(id) as u64 + 1;
    let col = c.filled.col(header) as u8;
    (Some(row), ((b'A' + col) as char).to_string())
}

impl Case {
    /// `kijun verify` with `args` before `--profile`, on `file`, with this case's profile.
    pub fn run_verify(&self, args: &[&str], file: &Path) -> Run {
        kijun()
            .arg("verify")
            .args(args)
            .arg("--profile")
            .arg(&self.profile)
            .arg(file)
            .run()
    }
}
