//! The `kijun` binary: parse the command line, run, turn the outcome into an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    match kijun::run(std::env::args_os()) {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(err) => {
            eprintln!("エラー: {err}");
            ExitCode::from(err.code())
        }
    }
}
