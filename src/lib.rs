//! kijun: security requirements for Japanese government IT procurement.
//!
//! The pipeline, one module per step:
//! profile (`profile`) → selection (`select`, over the `catalog` with its `condition`s)
//! → documents (`render`), response workbook (`sheet`) → verification (`verify`).
//! `cli` parses the command line; `cmd` holds one file per subcommand; `serve` offers
//! the same flow as web pages on this machine.

pub(crate) mod a1;
pub mod catalog;
pub(crate) mod cli;
pub(crate) mod closed_days;
pub(crate) mod cmd;
pub mod condition;
pub(crate) mod date;
pub(crate) mod error;
pub(crate) mod guard;
pub(crate) mod input;
pub mod monotone;
pub mod normalize;
pub(crate) mod outcome;
pub(crate) mod output;
pub mod profile;
pub mod render;
pub(crate) mod review;
pub mod select;
pub mod serve;
pub mod sheet;
pub(crate) mod text;
pub(crate) mod tomlfile;
pub mod verify;
pub(crate) mod xlsx_style;

use std::ffi::OsString;

use clap::Parser;

pub use error::{Error, Result};
pub use outcome::Outcome;

/// Run kijun with these command-line arguments (the first is the program name).
pub fn run<I, T>(args: I) -> Result<Outcome>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    if args.len() <= 1 {
        return cmd::without_arguments();
    }
    let cli = match cli::Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                // clap writes its usage placeholder in English; the rest is ours.
                let text = e.to_string().replace("[OPTIONS]", "[オプション]");
                let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
                return Ok(Outcome::Success);
            }
            let typed: Vec<String> = args
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            return Err(Error::Usage(cli::describe(&e, &typed)));
        }
    };
    if let cli::Command::Help { command } = &cli.command {
        // `kijun help verify` is `kijun verify --help`.
        let mut again: Vec<OsString> = vec!["kijun".into()];
        again.extend(command.iter().map(OsString::from));
        again.push("--help".into());
        return run(again);
    }
    cmd::execute(cli)
}
