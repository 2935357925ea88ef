//! The command line: parsed once by clap into these plain structs. Help and usage errors
//! are shown in Japanese.

use std::path::{Path, PathBuf};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

use crate::output::{Format, Output, Request};
use crate::Result;

const TOP_TEMPLATE: &str = "\
{before-help}{name} {version}
{about-with-newline}
使い方: {usage}

{all-args}{after-help}";

/// Subcommands: no name line (clap would write 「kijun-select」).
const HELP_TEMPLATE: &str = "\
{before-help}{about-with-newline}
使い方: {usage}

{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "kijun",
    version,
    about = "政府機関等の情報システム調達のためのセキュリティ要件ツール\n（要件の選定、調達仕様書・特記事項・回答様式の作成、ベンダー回答の検証）",
    help_template = TOP_TEMPLATE,
    subcommand_help_heading = "コマンド",
    subcommand_value_name = "コマンド",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    next_help_heading = "共通オプション"
)]
pub(crate) struct Cli {
    /// 使用するカタログのフォルダ、又は embedded@版（埋め込まれた公開済みの版。例: embedded@0.1.0）。省略時は kijun に埋め込まれた標準カタログの現行の版（verify・compare は回答様式に記録された版）。overlay.toml のあるフォルダは、省庁基準のオーバーレイとして基のカタログに重ねます
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) catalog: Option<PathBuf>,

    /// 使用するテンプレートのフォルダ（同名のテンプレートだけを置き換えます）
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) templates: Option<PathBuf>,

    /// ヘルプを表示します
    #[arg(short = 'h', long, global = true, action = ArgAction::Help)]
    help: Option<bool>,

    /// バージョンを表示します
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,

    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// コメント付きのプロファイル見本を書き出します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション", after_help = "\
例:
  kijun init -o profile.toml           プロファイルの見本を profile.toml に書き出す
  kijun init -o profile.toml --force   既にある profile.toml を見本で置き換える
  kijun init                           見本を画面に表示する")]
    Init {
        #[command(flatten)]
        out: OutputArgs,
    },
    /// プロファイルに適用される要件を、適用理由とともに一覧します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション", after_help = "\
例:
  kijun select --profile profile.toml                      適用される要件を画面に表示する
  kijun select --profile profile.toml -o 要件一覧.csv       Excel で開ける CSV に書き出す
  kijun select --profile profile.toml --format json        JSON で表示する")]
    Select {
        #[command(flatten)]
        profile: ProfileArg,
        /// 出力形式。指定できる値: table（表）、json、csv。既定値: -o の拡張子（.txt .json .csv）から判断し、なければ table
        #[arg(
            long,
            value_enum,
            ignore_case = true,
            hide_possible_values = true,
            value_name = "形式"
        )]
        format: Option<SelectFormat>,
        #[command(flatten)]
        out: OutputArgs,
    },
    /// ある要件が適用される理由、または適用されない理由を説明します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション", after_help = "\
例:
  kijun explain --profile profile.toml AUTH-03   AUTH-03 が適用されるか、その理由を表示する
  kijun explain --profile profile.toml out-03    要件ID は小文字でも指定できる")]
    Explain {
        /// 要件ID（例: OUT-03）
        #[arg(value_name = "ID", help_heading = "引数")]
        id: String,
        #[command(flatten)]
        profile: ProfileArg,
    },
    /// 調達仕様書の情報セキュリティ要件の節を作成します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション", after_help = "\
例:
  kijun spec --profile profile.toml -o 仕様書.docx               Word 文書に書き出す
  kijun spec --profile profile.toml -o 仕様書.txt                Word に貼り付けやすいテキストに書き出す
  kijun spec --profile profile.toml                              Markdown を画面に表示する")]
    Spec {
        #[command(flatten)]
        profile: ProfileArg,
        #[command(flatten)]
        doc: DocArgs,
    },
    /// 契約書別紙「情報セキュリティに関する特記事項」を作成します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション", after_help = "\
例:
  kijun clauses --profile profile.toml -o 特記事項.docx               Word 文書に書き出す
  kijun clauses --profile profile.toml --parties 乙 -o 特記事項.txt   受注者・発注者を乙・甲と書く")]
    Clauses {
        #[command(flatten)]
        profile: ProfileArg,
        #[command(flatten)]
        doc: DocArgs,
        /// 当事者の呼び方。指定できる値: 受注者（受注者・発注者と書く）、乙（乙・甲と書く）。既定値: 受注者
        #[arg(long, value_enum, ignore_case = true, default_value_t = Parties::Contractor, hide_possible_values = true, hide_default_value = true, value_name = "呼び方")]
        parties: Parties,
    },
    /// ベンダー回答様式（.xlsx）を作成します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション", after_help = "\
例:
  kijun sheet --profile profile.toml -o 回答様式.xlsx
  kijun sheet --profile profile.toml -o 回答様式.xlsx --password himitsu   シート保護にパスワードを付ける
  kijun sheet --profile profile.toml -o 回答様式.xlsx --force              既にある回答様式を置き換える")]
    Sheet {
        #[command(flatten)]
        profile: ProfileArg,
        /// 出力先の .xlsx ファイル（必須）
        #[arg(short = 'o', long = "output", value_name = "FILE.xlsx")]
        output: PathBuf,
        /// 出力先のファイルが既にあるとき、上書きします
        #[arg(long)]
        force: bool,
        /// シート保護のパスワード（半角英数字。省略時はパスワードなしで保護）
        #[arg(long, value_name = "PASSWORD")]
        password: Option<String>,
    },
    /// ベンダーから返送された回答を一つ検証します（複数なら compare）
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション", after_help = "\
例:
  kijun verify --profile profile.toml 回答_A社.xlsx                      結果を画面に表示する
  kijun verify --profile profile.toml 回答_A社.xlsx -o 検証結果.xlsx     Excel ブックに書き出す
  kijun verify --profile profile.toml 回答_A社.xlsx -o 検証結果.md       Markdown に書き出す")]
    Verify {
        /// 回答ファイル（.xlsx .xlsm .xls .ods .xlsb .csv）
        #[arg(value_name = "FILE", help_heading = "引数")]
        file: PathBuf,
        #[command(flatten)]
        profile: ProfileArg,
        /// 出力形式。指定できる値: text、md、json、xlsx。既定値: -o の拡張子（.txt .md .json .xlsx）から判断し、なければ text
        #[arg(
            long,
            value_enum,
            ignore_case = true,
            hide_possible_values = true,
            value_name = "形式"
        )]
        format: Option<VerifyFormat>,
        #[command(flatten)]
        out: OutputArgs,
        /// 回答の表があるシートの名前（省略時は見出しから自動で見つけます）
        #[arg(long, value_name = "シート名")]
        sheet: Option<String>,
    },
    /// 複数ベンダーの回答を並べて比較します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション", after_help = "\
例:
  kijun compare --profile profile.toml 回答_A社.xlsx 回答_B社.xls -o 比較.xlsx   Excel ブックに書き出す
  kijun compare --profile profile.toml 回答_*.xlsx                              Markdown を画面に表示する")]
    Compare {
        /// 回答ファイル（複数）
        #[arg(value_name = "FILE", required = true, help_heading = "引数")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        profile: ProfileArg,
        /// 出力形式。指定できる値: md、json、xlsx。既定値: -o の拡張子（.md .json .xlsx）から判断し、なければ md
        #[arg(
            long,
            value_enum,
            ignore_case = true,
            hide_possible_values = true,
            value_name = "形式"
        )]
        format: Option<CompareFormat>,
        #[command(flatten)]
        out: OutputArgs,
        /// 回答の表があるシートの名前（省略時は見出しから自動で見つけます）
        #[arg(long, value_name = "シート名")]
        sheet: Option<String>,
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
    #[command(help_template = HELP_TEMPLATE, subcommand_help_heading = "コマンド", subcommand_value_name = "コマンド", after_help = "\
例:
  kijun catalog list
  kijun catalog show OUT-01
  kijun catalog lint")]
    Catalog {
        #[command(subcommand)]
        action: CatalogCommand,
    },
    /// コマンドの使い方を表示します
    #[command(help_template = HELP_TEMPLATE, after_help = "\
例:
  kijun help
  kijun help verify
  kijun help catalog list")]
    Help {
        /// 使い方を知りたいコマンド（省略時は全体）
        #[arg(value_name = "コマンド", help_heading = "引数")]
        command: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum CatalogCommand {
    /// カタログのすべての要件を一覧します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション", after_help = "\
例:
  kijun catalog list
  kijun catalog list --format json")]
    List {
        /// 出力形式。指定できる値: table（表）、json。既定値: table
        #[arg(long, value_enum, ignore_case = true, default_value_t = ListFormat::Table, hide_possible_values = true, hide_default_value = true, value_name = "形式")]
        format: ListFormat,
    },
    /// 一つの要件の全項目を表示します
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "オプション", after_help = "\
例:
  kijun catalog show OUT-01
  kijun catalog show OUT-01 --format json")]
    Show {
        /// 要件ID（例: OUT-03）
        #[arg(value_name = "ID", help_heading = "引数")]
        id: String,
        /// 出力形式。指定できる値: text、json。既定値: text
        #[arg(long, value_enum, ignore_case = true, default_value_t = ShowFormat::Text, hide_possible_values = true, hide_default_value = true, value_name = "形式")]
        format: ShowFormat,
    },
    /// カタログを検査します（問題があれば終了コード 1。オーバーレイは基のカタログと照合します）
    #[command(help_template = HELP_TEMPLATE, after_help = "\
例:
  kijun catalog lint
  kijun --catalog my-catalog/ catalog lint   独自のカタログ・オーバーレイを検査する")]
    Lint,
    /// 二つのカタログの要件を比べます（追加・削除・変更と、プロファイルの選定の変化）
    #[command(
        help_template = HELP_TEMPLATE,
        next_help_heading = "オプション",
        after_help = "OLD・NEW には、カタログのフォルダ、オーバーレイのフォルダ（overlay.toml のあるフォルダ。基のカタログに重ねた結果を比べます）、\nembedded（kijun に埋め込まれた標準カタログの現行の版）、または embedded@版（埋め込まれた公開済みの版。例: embedded@0.1.0）を指定します。\n共通オプションの --catalog は使いません。\n例: kijun catalog diff embedded examples/overlay --profile examples/typical.toml\n例: kijun catalog diff embedded@0.1.0 embedded"
    )]
    Diff {
        /// 比べる元のカタログ（フォルダ、embedded または embedded@版）
        #[arg(value_name = "OLD", display_order = 10)]
        old: PathBuf,
        /// 比べる先のカタログ（フォルダ、embedded または embedded@版）
        #[arg(value_name = "NEW", display_order = 11)]
        new: PathBuf,
        /// このプロファイルに適用される要件がどう変わるかも示します
        #[arg(long, value_name = "PROFILE.toml")]
        profile: Option<PathBuf>,
        /// 出力形式。指定できる値: text、md、json、xlsx。既定値: -o の拡張子（.txt .md .json .xlsx）から判断し、なければ text
        #[arg(
            long,
            value_enum,
            ignore_case = true,
            hide_possible_values = true,
            value_name = "形式"
        )]
        format: Option<DiffFormat>,
        #[command(flatten)]
        out: OutputArgs,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    Text,
    Md,
    Json,
    Xlsx,
}

#[derive(Debug, Args)]
pub(crate) struct ProfileArg {
    /// プロファイル（TOML）。kijun init で見本を作成できます
    #[arg(long, value_name = "PROFILE.toml")]
    pub(crate) profile: PathBuf,
}

/// `-o` and `--force`, shared by every command that writes a file.
#[derive(Debug, Args)]
pub(crate) struct OutputArgs {
    /// 出力先のファイル（省略時は標準出力。docx・xlsx では必須）。形式は拡張子からも判断します
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// 出力先のファイルが既にあるとき、上書きします（入力ファイルは上書きしません）
    #[arg(long)]
    pub(crate) force: bool,
}

impl OutputArgs {
    /// Resolve `--format`, `-o` and `--force` for a command (see [`Output`]).
    pub(crate) fn resolve<F: Format>(
        &self,
        format: Option<F>,
        default: F,
        example: &str,
        inputs: &[&Path],
    ) -> Result<Output<F>> {
        Output::resolve(
            Request {
                format,
                default,
                path: self.output.as_deref(),
                force: self.force,
                example,
            },
            inputs,
        )
    }
}

#[derive(Debug, Args)]
pub(crate) struct DocArgs {
    /// 出力形式。指定できる値: md（Markdown）、txt（テキスト）、docx（Word 文書）。既定値: -o の拡張子（.md .txt .docx）から判断し、なければ md
    #[arg(
        long,
        value_enum,
        ignore_case = true,
        hide_possible_values = true,
        value_name = "形式"
    )]
    pub(crate) format: Option<DocFormat>,
    #[command(flatten)]
    pub(crate) out: OutputArgs,
}

/// Implement [`Format`] for an enum: variant = (name, [extensions], label, binary).
macro_rules! formats {
    ($ty:ident { $($variant:ident = ($name:literal, [$($ext:literal),+], $label:literal, $binary:literal)),+ $(,)? }) => {
        impl Format for $ty {
            fn all() -> &'static [Self] {
                &[$($ty::$variant),+]
            }
            fn name(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }
            fn extensions(self) -> &'static [&'static str] {
                match self { $($ty::$variant => &[$($ext),+]),+ }
            }
            fn label(self) -> &'static str {
                match self { $($ty::$variant => $label),+ }
            }
            fn binary(self) -> bool {
                match self { $($ty::$variant => $binary),+ }
            }
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SelectFormat {
    Table,
    Json,
    Csv,
}

formats!(SelectFormat {
    Table = ("table", ["txt", "text"], "表形式のテキスト", false),
    Json = ("json", ["json"], "JSON", false),
    Csv = ("csv", ["csv"], "CSV", false),
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ShowFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DocFormat {
    Md,
    Txt,
    Docx,
}

formats!(DocFormat {
    Md = ("md", ["md", "markdown"], "Markdown", false),
    Txt = ("txt", ["txt", "text"], "テキスト", false),
    Docx = ("docx", ["docx"], "Word 文書", true),
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum VerifyFormat {
    Text,
    Md,
    Json,
    Xlsx,
}

formats!(DiffFormat {
    Text = ("text", ["txt", "text"], "テキスト", false),
    Md = ("md", ["md", "markdown"], "Markdown", false),
    Json = ("json", ["json"], "JSON", false),
    Xlsx = ("xlsx", ["xlsx"], "Excel ブック", true),
});

formats!(VerifyFormat {
    Text = ("text", ["txt", "text"], "テキスト", false),
    Md = ("md", ["md", "markdown"], "Markdown", false),
    Json = ("json", ["json"], "JSON", false),
    Xlsx = ("xlsx", ["xlsx"], "Excel ブック", true),
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CompareFormat {
    Md,
    Json,
    Xlsx,
}

formats!(CompareFormat {
    Md = ("md", ["md", "markdown"], "Markdown", false),
    Json = ("json", ["json"], "JSON", false),
    Xlsx = ("xlsx", ["xlsx"], "Excel ブック", true),
});

/// What `init` writes: a profile. Not a choice, but the extension rule still applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProfileFormat {
    Toml,
}

formats!(ProfileFormat {
    Toml = ("toml", ["toml"], "プロファイル（TOML）", false),
});

/// What `sheet` writes: an Excel workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SheetFormat {
    Xlsx,
}

formats!(SheetFormat {
    Xlsx = ("xlsx", ["xlsx"], "Excel ブック", true),
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Parties {
    /// 受注者・発注者
    #[value(name = "受注者", alias = "contractor")]
    Contractor,
    /// 乙・甲
    #[value(name = "乙", alias = "otsu")]
    Otsu,
}

/// The subcommand the user typed (e.g. `select`, `catalog`), skipping global options.
pub(crate) fn typed_command(args: &[String]) -> Option<&str> {
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--catalog" | "--templates" => {
                it.next();
            }
            a if a.starts_with('-') => {}
            a => return Some(a),
        }
    }
    None
}

const COMMANDS_WITH_PROFILE: &[&str] = &[
    "select", "explain", "spec", "clauses", "sheet", "verify", "compare",
];

/// A clap error as a Japanese sentence (help and version output are passed through).
/// `args` is the command line, for advice that depends on what was typed.
pub(crate) fn describe(err: &clap::Error, args: &[String]) -> String {
    let get = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        Some(ContextValue::Bool(b)) => b.to_string(),
        _ => String::new(),
    };
    let command = typed_command(args).unwrap_or("");
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
        ErrorKind::UnknownArgument if !arg.starts_with('-') => stray_argument(command, &arg, args),
        ErrorKind::UnknownArgument => format!("不明なオプション「{arg}」です{}", hint(&suggested)),
        ErrorKind::InvalidSubcommand => format!(
            "不明なコマンド「{}」です{}",
            get(ContextKind::InvalidSubcommand),
            hint(&suggested_cmd)
        ),
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} に値を指定してください"),
        ErrorKind::InvalidValue if !valid.is_empty() => {
            format!("{arg} に「{value}」は指定できません。使える値: {valid}")
        }
        ErrorKind::InvalidValue => format!("{arg} に「{value}」は指定できません"),
        ErrorKind::MissingRequiredArgument if arg.contains("--profile") => format!(
            "必須の引数がありません: --profile を付けてプロファイルを指定してください（例: kijun {} --profile profile.toml）",
            if command.is_empty() { "select" } else { command }
        ),
        ErrorKind::MissingRequiredArgument if arg.contains("<ID>") => {
            "必須の引数がありません: 要件ID を指定してください（例: OUT-03）".to_string()
        }
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
        ErrorKind::ArgumentConflict if get(ContextKind::PriorArg) == arg => {
            format!("{arg} は一度だけ指定してください")
        }
        ErrorKind::ArgumentConflict => format!("{arg} は他のオプションと同時に指定できません"),
        ErrorKind::InvalidUtf8 => "引数に UTF-8 でない文字が含まれています".to_string(),
        _ => "コマンドラインを解釈できません".to_string(),
    };
    let help = if is_command(command) {
        format!("kijun help {command}")
    } else {
        "kijun help".to_string()
    };
    format!("{main}\n使い方は {help} で確認できます。")
}

fn is_command(name: &str) -> bool {
    use clap::CommandFactory;
    Cli::command().find_subcommand(name).is_some()
}

/// An argument without an option in front of it: a profile without `--profile`, a second
/// file for `verify`, or something that does not belong.
fn stray_argument(command: &str, arg: &str, args: &[String]) -> String {
    // A profile typed where a file goes, e.g. `kijun verify profile.toml a.xlsx`.
    let bare_profile = args.windows(2).find_map(|w| {
        (w[0] != "--profile" && w[1].to_lowercase().ends_with(".toml")).then_some(w[1].as_str())
    });
    if let Some(profile) = bare_profile.filter(|_| COMMANDS_WITH_PROFILE.contains(&command)) {
        return format!(
            "プロファイル「{profile}」の前に --profile を付けてください（例: kijun {command} --profile {profile}）"
        );
    }
    if command == "verify" {
        return format!(
            "verify で検証できる回答ファイルは一つです（「{arg}」は余分です）。複数の回答を並べて比べるには compare を使ってください（例: kijun compare --profile profile.toml 回答_A社.xlsx 回答_B社.xlsx）"
        );
    }
    format!("余分な引数「{arg}」があります")
}
