//! One error type for the library. Every variant says where the problem is (file, key,
//! requirement id, sheet/row/column) in Japanese, and maps to an exit code.

use std::path::PathBuf;

/// Why an input that is not a regular file (a named pipe, a device, a socket) is refused:
/// reading one could block forever.
pub(crate) const NOT_A_FILE: &str = "通常のファイルではありません（名前付きパイプ、デバイス、ソケットなど）。保存されたファイルを指定してください";

/// Exit code for a usage or input error (bad profile, unreadable file, broken catalog).
pub(crate) const EXIT_INPUT: u8 = 2;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {action}に失敗しました（{}）", io_reason(.source))]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },

    /// The profile (system description) is invalid. `location` is "file:line" or the file.
    #[error("プロファイル {location}: {message}")]
    Profile { location: String, message: String },

    /// The catalog could not be loaded; each entry names file and requirement id.
    #[error("カタログを読み込めません（{} 件の問題）:\n{}", .problems.len(), .problems.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
    Catalog { problems: Vec<String> },

    /// A requirement id that the catalog does not have.
    #[error("要件ID「{id}」はカタログにありません{hint}")]
    UnknownRequirement { id: String, hint: String },

    /// A template could not be loaded or rendered.
    #[error("テンプレート {name}: {message}")]
    Template { name: String, message: String },

    /// A workbook or other input document could not be read.
    #[error("{path}: {message}")]
    Input { path: PathBuf, message: String },

    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),

    /// kijun's own fault, not the user's: a document it could not build, a state it
    /// should never reach. Says so, so the user reports it instead of changing input.
    #[error("{0}。kijun の不具合と考えられます。実行したコマンドと入力ファイルを添えて開発者にお知らせください")]
    Internal(String),
}

impl Error {
    /// The process exit code for this error: 2, as DESIGN.md gives for every error
    /// (kijun's own faults too); findings (exit 1) are not errors but an [`crate::Outcome`].
    pub fn code(&self) -> u8 {
        EXIT_INPUT
    }

    pub(crate) fn io(
        path: impl Into<PathBuf>,
        action: &'static str,
        source: std::io::Error,
    ) -> Self {
        Error::Io {
            path: path.into(),
            action,
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A Japanese description of an I/O error, for messages users read.
pub(crate) fn io_reason(err: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let text = match err.kind() {
        NotFound => "ファイルまたはフォルダが見つかりません",
        PermissionDenied => "アクセスが許可されていません",
        AlreadyExists => "同名のファイルが既にあります",
        IsADirectory => "フォルダが指定されています。ファイルを指定してください",
        NotADirectory => "パスの途中にフォルダでないものがあります",
        InvalidData => "内容が正しい形式ではありません（UTF-8 でない可能性があります）",
        StorageFull => "ディスクの空き容量が不足しています",
        ReadOnlyFilesystem => "読み取り専用の場所です",
        _ => return format!("入出力エラー: {err}"),
    };
    text.to_string()
}
