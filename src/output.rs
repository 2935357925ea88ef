//! Writing what kijun produces. A file output is written to a temporary file in the
//! target folder and renamed into place, so a failure never leaves half a document;
//! an output that is one of the inputs is refused, so an input is never lost.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What to do when the output file already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Replace,
    Refuse,
}

/// Write `bytes` to `path`, or to stdout when `path` is `None`.
pub fn emit(path: Option<&Path>, bytes: &[u8], inputs: &[&Path], existing: Existing) -> Result<()> {
    match path {
        None => write_stdout(bytes),
        Some(p) => write_file(p, bytes, inputs, existing),
    }
}

fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`kijun select | head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("標準出力", "書き込み", e)),
    }
}

/// Refuse an output path that names one of the inputs (same file, whatever the spelling).
pub fn refuse_input(path: &Path, inputs: &[&Path]) -> Result<()> {
    for input in inputs {
        if same_file(path, input) {
            return Err(Error::Usage(format!(
                "出力先 {} は入力ファイルと同じです。入力を上書きしないよう、別のファイル名を -o で指定してください",
                path.display()
            )));
        }
    }
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

fn write_file(path: &Path, bytes: &[u8], inputs: &[&Path], existing: Existing) -> Result<()> {
    refuse_input(path, inputs)?;
    if path.is_dir() {
        return Err(Error::Usage(format!(
            "出力先 {} はフォルダです。ファイル名を指定してください",
            path.display()
        )));
    }
    if existing == Existing::Refuse && path.exists() {
        return Err(Error::Usage(format!(
            "{} は既に存在します。上書きする場合は --force を指定してください",
            path.display()
        )));
    }
    let dir = parent_dir(path);
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "出力先のフォルダ {} がありません。先にフォルダを作成してください",
            dir.display()
        )));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".kijun-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| Error::io(&dir, "一時ファイルの作成", e))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Error::io(path, "書き込み", e))?;
    share(tmp.as_file(), path);
    let persisted = match existing {
        Existing::Replace => tmp.persist(path).map(|_| ()),
        Existing::Refuse => tmp.persist_noclobber(path).map(|_| ()),
    };
    persisted.map_err(|e| Error::io(path, "書き込み", e.error))
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Temporary files are private (0600 on Unix); a document is for sharing like any file
/// the user saves, so give it 0644, or the permissions of the file it replaces.
#[cfg(unix)]
fn share(file: &std::fs::File, target: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let permissions = std::fs::metadata(target)
        .map(|m| m.permissions())
        .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
    let _ = file.set_permissions(permissions);
}

#[cfg(not(unix))]
fn share(_file: &std::fs::File, _target: &Path) {}
