//! The command line: parsed once by clap into these plain structs. Help and usage errors
//! are shown in Japanese.

use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

const HELP_TEMPLATE: &str = "\
{before-help}{name} {version}
{about-with-newline}
使い方: {usage}

{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "kijun",
    version,
    about = "政府機関等の情報システム調達のためのセキュリティ要件ツール\n（要件の選定、調達仕様書・特記事項・回答様式の作成、ベンダー回答の検証）",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "コマンド",
    subcommand_value_name = "コマンド",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    next_help_heading = "共通オプション"
)]
pub struct Cli {
    /// 使用するカタログのフォルダ（省略時は kijun に埋め込まれた標準カタログ）
    #[arg(long, global = true, value_name = "DIR")]
    pub catalog: Option<PathBuf>,

    /// 使用するテンプレートのフォルダ（同名のテンプレートだけを置き換えます）
    #[arg(long, global = true, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// ヘルプを表示します
    #[arg(short = 'h', long, global = true, action = ArgAction::Help)]
    help: Option<bool>,

    /// バージョンを表示します
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// コメント付きのプロファイル見本を書き出します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション")]
    Init {
        /// 出力先のファイル（省略時は標準出力）
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// 既存のファイルを上書きします
        #[arg(long)]
        force: bool,
    },
    /// プロファイルに適用される要件を、適用理由とともに一覧します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション")]
    Select {
        #[command(flatten)]
        profile: ProfileArg,
        /// 出力形式
        #[arg(long, value_enum, default_value_t = SelectFormat::Table)]
        format: SelectFormat,
        /// 出力先のファイル（省略時は標準出力）
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// ある要件が適用される理由、または適用されない理由を説明します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション")]
    Explain {
        #[command(flatten)]
        profile: ProfileArg,
        /// 要件ID（例: OUT-03）
        #[arg(value_name = "ID")]
        id: String,
    },
    /// 調達仕様書の情報セキュリティ要件の節を作成します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション")]
    Spec {
        #[command(flatten)]
        profile: ProfileArg,
        #[command(flatten)]
        doc: DocArgs,
    },
    /// 契約書別紙「情報セキュリティに関する特記事項」を作成します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション")]
    Clauses {
        #[command(flatten)]
        profile: ProfileArg,
        #[command(flatten)]
        doc: DocArgs,
        /// 当事者の呼び方（受注者/発注者 または 乙/甲）
        #[arg(long, value_enum, default_value_t = Parties::Contractor)]
        parties: Parties,
    },
    /// ベンダー回答様式（.xlsx）を作成します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション")]
    Sheet {
        #[command(flatten)]
        profile: ProfileArg,
        /// 出力先の .xlsx ファイル
        #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
        output: PathBuf,
        /// シート保護のパスワード（省略時はパスワードなしで保護）
        #[arg(long, value_name = "PASSWORD")]
        password: Option<String>,
    },
    /// ベンダーから返送された回答を検証します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション")]
    Verify {
        #[command(flatten)]
        profile: ProfileArg,
        /// 回答ファイル（.xlsx .xlsm .xls .ods .csv）
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// 出力形式
        #[arg(long, value_enum, default_value_t = VerifyFormat::Text)]
        format: VerifyFormat,
        /// 出力先のファイル（xlsx では必須）
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// 複数ベンダーの回答を並べて比較します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション")]
    Compare {
        #[command(flatten)]
        profile: ProfileArg,
        /// 回答ファイル（複数）
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
        /// 出力形式
        #[arg(long, value_enum, default_value_t = CompareFormat::Md)]
        format: CompareFormat,
        /// 出力先のファイル（xlsx では必須）
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// ブラウザで使う画面を、この PC の中だけで開きます（プロファイル・要件・文書・検証）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション")]
    Serve {
        /// 待ち受けるポート番号（0 を指定すると空いている番号を選びます）
        #[arg(long, default_value_t = 8750, value_name = "N")]
        port: u16,
        /// 起動後に既定のブラウザで開きます
        #[arg(long)]
        open: bool,
        /// 待ち受けるアドレス（既定は 127.0.0.1。ほかのアドレスでは警告を表示します）
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        listen: std::net::IpAddr,
    },
    /// カタログそのものを扱います（一覧・表示・検査）
    #[command(help_template = HELP_TEMPLATE, subcommand_help_heading = "コマンド", subcommand_value_name = "コマンド")]
    Catalog {
        #[command(subcommand)]
        action: CatalogCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// カタログのすべての要件を一覧します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション")]
    List {
        /// 出力形式
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// 一つの要件の全項目を表示します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション")]
    Show {
        /// 要件ID（例: OUT-03）
        #[arg(value_name = "ID")]
        id: String,
        /// 出力形式
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// カタログを検査します（問題があれば終了コード 1）
    #[command(help_template = HELP_TEMPLATE)]
    Lint,
}

#[derive(Debug, Args)]
pub struct ProfileArg {
    /// プロファイル（TOML）。kijun init で見本を作成できます
    #[arg(long, value_name = "PROFILE.toml")]
    pub profile: PathBuf,
}

#[derive(Debug, Args)]
pub struct DocArgs {
    /// 出力形式（省略時は -o の拡張子から判断し、判断できなければ md）
    #[arg(long, value_enum)]
    pub format: Option<DocFormat>,
    /// 出力先のファイル（docx では必須）
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SelectFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    Md,
    Txt,
    Docx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    Text,
    Md,
    Json,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    Md,
    Json,
    Xlsx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Parties {
    /// 受注者・発注者
    #[value(name = "受注者", alias = "contractor")]
    Contractor,
    /// 乙・甲
    #[value(name = "乙", alias = "otsu")]
    Otsu,
}

/// A clap error as a Japanese sentence (help and version output are passed through).
pub fn describe(err: &clap::Error) -> String {
    let get = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let valid = get(ContextKind::ValidValue);
    let suggested = get(ContextKind::SuggestedArg);
    let suggested_cmd = get(ContextKind::SuggestedSubcommand);
    let hint = |s: &str| {
        if s.is_empty() {
            String::new()
        } else {
            format!("（「{s}」の誤りではありませんか）")
        }
    };
    let main = match err.kind() {
        ErrorKind::UnknownArgument => format!("不明なオプション「{arg}」です{}", hint(&suggested)),
        ErrorKind::InvalidSubcommand => format!(
            "不明なコマンド「{}」です{}",
            get(ContextKind::InvalidSubcommand),
            hint(&suggested_cmd)
        ),
        ErrorKind::InvalidValue if !valid.is_empty() => {
            format!("{arg} に「{value}」は指定できません。使える値: {valid}")
        }
        ErrorKind::InvalidValue => format!("{arg} に「{value}」は指定できません"),
        ErrorKind::MissingRequiredArgument => format!("必須の引数がありません: {arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "コマンドを指定してください".to_string()
        }
        ErrorKind::NoEquals => format!("{arg} には「=」で値を指定してください"),
        ErrorKind::ValueValidation => format!("{arg} の値「{value}」が正しくありません"),
        ErrorKind::TooManyValues => format!("{arg} に値が多すぎます（{value}）"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} の値の数が正しくありません")
        }
        ErrorKind::ArgumentConflict => format!("{arg} は他のオプションと同時に指定できません"),
        ErrorKind::InvalidUtf8 => "引数に UTF-8 でない文字が含まれています".to_string(),
        _ => err.to_string().trim().to_string(),
    };
    format!("{main}\n使い方は kijun --help（各コマンドは kijun <コマンド> --help）で確認できます。")
}
