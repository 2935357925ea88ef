//! The last profile used, remembered per user on disk so that the next start offers it
//! again: `last-profile.toml` (profile TOML, usable with the CLI's `--profile` too) in
//! the operating system's usual place for an application's data — on Windows
//! `%LOCALAPPDATA%\kijun`, on macOS `~/Library/Application Support/kijun`, elsewhere
//! `$XDG_DATA_HOME/kijun` (`~/.local/share/kijun`) — or in `KIJUN_DATA_DIR` when set.
//! Written atomically (a temporary file renamed), only when it changes.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

const FILE: &str = "last-profile.toml";

/// Where a user's kijun data goes: `KIJUN_DATA_DIR`, or the OS's usual place.
pub(crate) fn default_dir() -> Option<PathBuf> {
    match std::env::var_os("KIJUN_DATA_DIR") {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => dirs::data_local_dir().map(|d| d.join("kijun")),
    }
}

pub(crate) struct Remembered {
    dir: Option<PathBuf>,
    last: Mutex<Option<String>>,
    /// A failed write is reported once, not on every change.
    warned: Mutex<bool>,
}

impl Remembered {
    /// Nothing remembered, nothing written (tests, benchmarks).
    pub(crate) fn nowhere() -> Remembered {
        Remembered {
            dir: None,
            last: Mutex::new(None),
            warned: Mutex::new(false),
        }
    }

    /// What `dir` holds (a missing or unreadable file is nothing remembered).
    pub(crate) fn open(dir: &Path) -> Remembered {
        let last = crate::input::read_file(&dir.join(FILE), crate::input::MAX_PROFILE_BYTES)
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        Remembered {
            dir: Some(dir.to_path_buf()),
            last: Mutex::new(last),
            warned: Mutex::new(false),
        }
    }

    pub(crate) fn last(&self) -> Option<String> {
        self.last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn remember(&self, text: &str) {
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        if last.as_deref() == Some(text) {
            return;
        }
        *last = Some(text.to_string());
        let Some(dir) = &self.dir else { return };
        let written = std::fs::create_dir_all(dir)
            .map_err(|e| crate::Error::io(dir.as_path(), "作成", e))
            .and_then(|()| {
                crate::output::emit(
                    Some(&dir.join(FILE)),
                    text.as_bytes(),
                    &[],
                    crate::output::Existing::Replace,
                )
            });
        if let Err(e) = written {
            let mut warned = self.warned.lock().unwrap_or_else(PoisonError::into_inner);
            if !*warned {
                eprintln!("警告: 前回のプロファイルを保存できません（{e}）。次回の起動時には見本から始まります");
                *warned = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_profile_survives_a_restart_and_is_written_only_when_changed() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("nested");
        let r = Remembered::open(&data);
        assert_eq!(r.last(), None);
        r.remember("a = 1\n");
        assert_eq!(std::fs::read_to_string(data.join(FILE)).unwrap(), "a = 1\n");
        let again = Remembered::open(&data);
        assert_eq!(again.last().as_deref(), Some("a = 1\n"));
        Remembered::nowhere().remember("b");
    }
}
