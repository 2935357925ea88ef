//! Reading the files a user names (profiles, catalog and template files, vendor
//! workbooks): only regular files, and only up to a size, so a named pipe, a device or
//! a huge file cannot make kijun block or exhaust memory.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result, NOT_A_FILE};

/// The bytes of a regular file of at most `max` bytes.
pub(crate) fn read_file(path: &Path, max: u64) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, "読み込み", e))?;
    if meta.is_dir() {
        return Err(Error::Input {
            path: path.to_path_buf(),
            message: "フォルダです。ファイルを指定してください".into(),
        });
    }
    if !meta.is_file() {
        return Err(Error::Input {
            path: path.to_path_buf(),
            message: NOT_A_FILE.into(),
        });
    }
    if meta.len() > max {
        return Err(too_large(path, meta.len(), max));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, "読み込み", e))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow while it is read: read one byte past the limit to notice.
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, "読み込み", e))?;
    if bytes.len() as u64 > max {
        return Err(too_large(path, bytes.len() as u64, max));
    }
    Ok(bytes)
}

fn too_large(path: &Path, size: u64, max: u64) -> Error {
    let mb = |n: u64| n as f64 / 1_048_576.0;
    Error::Input {
        path: path.to_path_buf(),
        message: format!(
            "ファイルが大きすぎます（{:.1} MB、上限 {:.1} MB）",
            mb(size),
            mb(max)
        ),
    }
}

/// Profiles are a page of text; anything larger is not one.
pub(crate) const MAX_PROFILE_BYTES: u64 = 1024 * 1024;
