//! A small builder so each integration test reads like a user session:
//! `kijun().args(["select", "--profile", p]).run().success().stdout_has("OUT-01")`.

#![allow(dead_code)]

pub mod biff;
pub mod case;
pub mod docx;
pub mod http;
pub mod reviewer;
pub mod vendor;

use std::path::{Path, PathBuf};
use std::process::Output;

pub struct Kijun {
    cmd: assert_cmd::Command,
}

pub fn kijun() -> Kijun {
    let mut cmd = assert_cmd::Command::cargo_bin("kijun").expect("binary is built");
    cmd.env("NO_COLOR", "1");
    Kijun { cmd }
}

/// `kijun --catalog C` when a catalog is given, else `kijun`.
pub fn kijun_on(catalog: Option<&Path>) -> Kijun {
    match catalog {
        Some(c) => kijun().arg("--catalog").arg(c),
        None => kijun(),
    }
}

impl Kijun {
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd.args(args);
        self
    }

    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.arg(arg);
        self
    }

    /// Kill the run after this long (for inputs that once made kijun block).
    pub fn timeout(mut self, limit: std::time::Duration) -> Self {
        self.cmd.timeout(limit);
        self
    }

    pub fn current_dir(mut self, dir: &Path) -> Self {
        self.cmd.current_dir(dir);
        self
    }

    pub fn run(mut self) -> Run {
        let out = self.cmd.output().expect("kijun runs");
        Run { out }
    }
}

pub struct Run {
    pub out: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.out.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
    fn expect_code(self, code: i32) -> Self {
        assert_eq!(
            self.code(),
            code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout(),
            self.stderr()
        );
        assert!(
            !self.stderr().contains("panicked"),
            "panic: {}",
            self.stderr()
        );
        self
    }
    pub fn success(self) -> Self {
        self.expect_code(0)
    }
    pub fn findings(self) -> Self {
        self.expect_code(1)
    }
    pub fn input_error(self) -> Self {
        self.expect_code(2)
    }
    pub fn stdout_has(self, s: &str) -> Self {
        assert!(
            self.stdout().contains(s),
            "stdout lacks {s:?}:\n{}",
            self.stdout()
        );
        self
    }
    pub fn stderr_has(self, s: &str) -> Self {
        assert!(
            self.stderr().contains(s),
            "stderr lacks {s:?}:\n{}",
            self.stderr()
        );
        self
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.out.stdout).expect("stdout is JSON")
    }
}

/// The project's example profiles.
pub fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(format!("{name}.toml"))
}

/// A copy of the embedded catalog in a temporary folder, to break on purpose.
pub fn catalog_copy(dir: &Path) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
    let dst = dir.join("catalog");
    std::fs::create_dir_all(&dst).expect("mkdir");
    for e in std::fs::read_dir(&src).expect("catalog dir") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "toml") {
            std::fs::copy(&p, dst.join(p.file_name().expect("name"))).expect("copy");
        }
    }
    dst
}

/// Rewrite every entry of a zip archive through `edit(name, bytes) -> (name, bytes)`.
pub fn rezip(from: &Path, to: &Path, edit: impl Fn(&str, Vec<u8>) -> (String, Vec<u8>)) {
    use std::io::{Read, Write};
    let mut src = zip::ZipArchive::new(std::fs::File::open(from).expect("open")).expect("zip");
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).expect("create"));
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..src.len() {
        let mut f = src.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).expect("read");
        let name = f.name().expect("name").to_string();
        let (name, bytes) = edit(&name, bytes);
        out.start_file(name, opts).expect("start");
        out.write_all(&bytes).expect("write");
    }
    out.finish().expect("finish");
}

/// Copy a zip archive with its text part `part` passed through `edit`.
pub fn edit_part(from: &Path, to: &Path, part: &str, edit: impl Fn(&str) -> String) {
    rezip(from, to, |name, bytes| {
        if name == part {
            let text = String::from_utf8(bytes).expect("utf8");
            (name.to_string(), edit(&text).into_bytes())
        } else {
            (name.to_string(), bytes)
        }
    });
}

/// Shared strings declaring `uniqueCount="4000000000"`, as the 71 KB file that once made
/// kijun ask for 96 GB did.
pub fn huge_count(xml: &str) -> String {
    let start = xml.find("uniqueCount=\"").expect("uniqueCount") + 13;
    let end = start + xml[start..].find('"').expect("quote");
    format!("{}4000000000{}", &xml[..start], &xml[end..])
}

pub fn write(path: &Path, text: &str) -> PathBuf {
    std::fs::write(path, text).expect("write test file");
    path.to_path_buf()
}
