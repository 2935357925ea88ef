//! Writing what kijun produces. A file output is written to a temporary file in the
//! target folder and renamed into place, so a failure never leaves half a document;
//! an output that is one of the inputs is refused, so an input is never lost; an
//! existing file is replaced only when the user says `--force`.
//!
//! [`Output`] is the one place where `--format`, the extension of `-o`, `--force` and
//! the inputs of a command are resolved (before any work is done), so every command
//! follows the same rules: the format comes from `--format`, else from the extension;
//! an extension kijun cannot write, or one that contradicts `--format`, is refused.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A format a command can write, with the file extensions that name it.
pub(crate) trait Format: Copy + PartialEq + 'static {
    /// Every format of the command, in the order they are offered.
    fn all() -> &'static [Self];
    /// The value of `--format` (e.g. `docx`).
    fn name(self) -> &'static str;
    /// Extensions (lowercase, without the dot) that mean this format; the first is usual.
    fn extensions(self) -> &'static [&'static str];
    /// What the format is, in Japanese (e.g. 「Word 文書」).
    fn label(self) -> &'static str;
    /// Binary formats (docx, xlsx) cannot go to a terminal or a pipe.
    fn binary(self) -> bool {
        false
    }
}

/// A result kijun writes in several formats: each format's bytes come from one place,
/// for the command line and the browser alike.
pub(crate) trait Render<F: Format> {
    /// The result in `format`, as the bytes to write.
    fn render(&self, format: F) -> Result<Vec<u8>>;
}

/// Where and how a command writes its result, resolved once from the command line.
#[derive(Debug, Clone)]
pub(crate) struct Output<F> {
    pub(crate) format: F,
    /// `None`: standard output.
    pub(crate) path: Option<PathBuf>,
    /// Files the command reads; never written, even with `--force`.
    inputs: Vec<PathBuf>,
    force: bool,
}

/// What the user asked for on the command line, before it is checked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Request<'a, F> {
    /// `--format`, if given.
    pub(crate) format: Option<F>,
    /// The format when neither `--format` nor an extension says.
    pub(crate) default: F,
    /// `-o`, if given.
    pub(crate) path: Option<&'a Path>,
    /// `--force`.
    pub(crate) force: bool,
    /// A typical file name without extension for examples in messages (e.g. 「仕様書」).
    pub(crate) example: &'a str,
}

impl<F: Format> Output<F> {
    /// Check the request against the rules and the file system, before any work is done.
    pub(crate) fn resolve(req: Request<'_, F>, inputs: &[&Path]) -> Result<Output<F>> {
        let format = match req.path {
            Some(path) => {
                // The gravest mistake first: an input named as the output.
                refuse_input(path, inputs)?;
                format_for(path, req.format, req.default)?
            }
            None => req.format.unwrap_or(req.default),
        };
        if format.binary() && req.path.is_none() {
            return Err(Error::Usage(format!(
                "{}（{}）は標準出力に書き出せません。-o で出力先の .{} ファイルを指定してください（例: -o {}.{}）",
                format.label(),
                format.name(),
                format.extensions()[0],
                req.example,
                format.extensions()[0]
            )));
        }
        let output = Output {
            format,
            path: req.path.map(Path::to_path_buf),
            inputs: inputs.iter().map(|p| p.to_path_buf()).collect(),
            force: req.force,
        };
        if let Some(path) = &output.path {
            output.check(path)?;
        }
        Ok(output)
    }

    fn check(&self, path: &Path) -> Result<()> {
        let inputs: Vec<&Path> = self.inputs.iter().map(PathBuf::as_path).collect();
        refuse_input(path, &inputs)?;
        if path.is_dir() {
            return Err(Error::Usage(format!(
                "出力先 {} はフォルダです。ファイル名を指定してください",
                path.display()
            )));
        }
        if !self.force && path.exists() {
            return Err(exists(path));
        }
        let dir = parent_dir(path);
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "出力先のフォルダ {} がありません。先にフォルダを作成してください",
                dir.display()
            )));
        }
        Ok(())
    }

    /// Write the result. For a file, say on stderr what was written where, e.g.
    /// 「検証結果を 検証結果.xlsx に書き出しました（エラー 3 件、警告 1 件）。」
    /// (`what` 「検証結果」, `detail` 「（エラー 3 件、警告 1 件）」).
    pub(crate) fn write(&self, bytes: &[u8], what: &str, detail: &str) -> Result<()> {
        let existing = if self.force {
            Existing::Replace
        } else {
            Existing::Refuse
        };
        let inputs: Vec<&Path> = self.inputs.iter().map(PathBuf::as_path).collect();
        emit(self.path.as_deref(), bytes, &inputs, existing)?;
        if let Some(p) = &self.path {
            eprintln!("{what}を {} に書き出しました{detail}。", p.display());
        }
        Ok(())
    }
}

/// The format for an output file: `--format` if given, else its extension, else the
/// default; an extension no format of the command has, or one that contradicts
/// `--format`, is an error naming the formats that fit.
pub(crate) fn format_for<F: Format>(path: &Path, given: Option<F>, default: F) -> Result<F> {
    let Some(ext) = path.extension() else {
        return Ok(given.unwrap_or(default));
    };
    let ext_text = ext.to_string_lossy().to_lowercase();
    let from_ext = F::all()
        .iter()
        .copied()
        .find(|f| f.extensions().contains(&ext_text.as_str()));
    match (given, from_ext) {
        (_, None) => Err(Error::Usage(format!(
            "出力先 {} の拡張子「.{}」の形式では書き出せません。{}書き出せる形式: {}",
            path.display(),
            ext.to_string_lossy(),
            hint_for::<F>(&ext_text),
            fitting::<F>()
        ))),
        (Some(g), Some(e)) if g != e => Err(Error::Usage(format!(
            "--format {} と出力先 {} の拡張子「.{}」（{}）が食い違っています。{}で書き出すなら拡張子を .{} に、{}で書き出すなら --format を省くか --format {} を指定してください",
            g.name(),
            path.display(),
            ext.to_string_lossy(),
            e.label(),
            g.label(),
            g.extensions()[0],
            e.label(),
            e.name()
        ))),
        (_, Some(e)) => Ok(e),
    }
}

/// "Word 文書は .docx で作成します。" for a familiar extension kijun writes differently.
fn hint_for<F: Format>(ext: &str) -> String {
    let instead = match ext {
        "doc" | "rtf" | "odt" | "pdf" => "docx",
        "xls" | "xlsm" | "xlsb" | "ods" => "xlsx",
        "htm" | "html" => "md",
        _ => return String::new(),
    };
    let Some(f) = F::all().iter().find(|f| f.extensions().contains(&instead)) else {
        return String::new();
    };
    let pdf = if ext == "pdf" {
        "PDF は直接作成できません。Word で開いて PDF として保存してください。"
    } else {
        ""
    };
    format!("{pdf}{}は .{instead} で作成します。", f.label())
}

/// 「.md（Markdown）、.txt（テキスト）、.docx（Word 文書）」
fn fitting<F: Format>() -> String {
    F::all()
        .iter()
        .map(|f| format!(".{}（{}）", f.extensions()[0], f.label()))
        .collect::<Vec<_>>()
        .join("、")
}

fn exists(path: &Path) -> Error {
    Error::Usage(format!(
        "{} は既に存在するため、上書きしませんでした。上書きする場合は --force を付けてください（例: -o {} --force）。別の名前で保存する場合は -o に別のファイル名を指定してください",
        path.display(),
        path.display()
    ))
}

/// What to do when the output file already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Existing {
    Replace,
    Refuse,
}

/// Write `bytes` to `path`, or to stdout when `path` is `None`.
pub(crate) fn emit(
    path: Option<&Path>,
    bytes: &[u8],
    inputs: &[&Path],
    existing: Existing,
) -> Result<()> {
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
pub(crate) fn refuse_input(path: &Path, inputs: &[&Path]) -> Result<()> {
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
        return Err(exists(path));
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
    persisted.map_err(|e| {
        // Another program created the file between the check and the rename.
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            exists(path)
        } else {
            Error::io(path, "書き込み", e.error)
        }
    })
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
