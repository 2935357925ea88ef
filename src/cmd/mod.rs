//! One file per subcommand, each with a small `execute`; this module dispatches to them.
//! What they share stands in files of its own: `env` (the catalog and profile the
//! global options name), `terminal` (tables and printing), `document` (spec and clauses).

/// Append formatted text (and a newline) to a String buffer.
macro_rules! outln {
    ($o:expr) => {
        $o.push('\n')
    };
    ($o:expr, $($t:tt)*) => {{
        $o.push_str(&format!($($t)*));
        $o.push('\n');
    }};
}

/// Append formatted text to a String buffer.
macro_rules! outp {
    ($o:expr, $($t:tt)*) => {
        $o.push_str(&format!($($t)*))
    };
}

mod catalog;
mod clauses;
mod compare;
mod diff;
mod explain;
mod init;
mod review;
mod select;
mod serve;
mod sheet;
mod spec;
mod verify;

mod document;
mod env;
mod terminal;

pub(crate) use document::{write_document, DocumentKind};
pub(crate) use env::Env;
pub(crate) use terminal::{print, table_row, width};

use crate::cli::{Cli, Command};
use crate::{Outcome, Result};

/// `kijun` alone: serve and open the browser (a double-click), or a short help.
pub(crate) fn without_arguments() -> Result<Outcome> {
    let env = Env {
        catalog_dir: None,
        templates_dir: None,
    };
    serve::without_arguments(&env)
}

pub(crate) fn execute(cli: Cli) -> Result<Outcome> {
    let env = Env {
        catalog_dir: cli.catalog,
        templates_dir: cli.templates,
    };
    match cli.command {
        Command::Init { out } => init::execute(&env, &out),
        Command::Select {
            profile,
            format,
            out,
        } => select::execute(&env, &profile.profile, format, &out),
        Command::Explain { profile, id } => explain::execute(&env, &profile.profile, &id),
        Command::Spec {
            profile,
            doc,
            layout,
        } => spec::execute(&env, &profile.profile, &doc, spec::layout(&layout)),
        Command::Clauses {
            profile,
            doc,
            parties,
        } => clauses::execute(&env, &profile.profile, &doc, parties),
        Command::Sheet {
            profile,
            output,
            force,
            password,
        } => sheet::execute(&env, &profile.profile, &output, force, password.as_deref()),
        Command::Verify {
            profile,
            file,
            format,
            out,
            sheet,
            date,
            previous,
        } => verify::execute(
            &env,
            &profile.profile,
            &file,
            format,
            &out,
            &verify::Extra {
                options: crate::verify::Options {
                    sheet: sheet.as_deref(),
                    ..Default::default()
                },
                date: date.as_deref(),
                previous: previous.as_deref(),
            },
        ),
        Command::Compare {
            profile,
            files,
            format,
            out,
            sheet,
        } => compare::execute(
            &env,
            &profile.profile,
            &files,
            format,
            &out,
            crate::verify::Options {
                sheet: sheet.as_deref(),
                ..Default::default()
            },
        ),
        Command::Review {
            file,
            profile,
            inquiry,
            next,
            date,
            force,
            password,
        } => review::execute(
            &env,
            &review::Args {
                profile: &profile.profile,
                file: &file,
                inquiry: inquiry.as_deref(),
                next: next.as_deref(),
                date: date.as_deref(),
                force,
                password: password.as_deref(),
            },
        ),
        Command::Catalog { action } => catalog::execute(&env, action),
        // `crate::run` answers `kijun help` before dispatching.
        Command::Help { .. } => Err(crate::Error::Internal(
            "help は実行前に処理されるはずのサブコマンドです".into(),
        )),
        Command::Serve { port, open, listen } => serve::execute(&env, listen, port, open),
    }
}
