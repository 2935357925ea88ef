//! `kijun serve`: the browser pages on this machine, and what `kijun` without
//! arguments does (started by a double-click: serve and open the browser; from a
//! terminal: a short help). The server itself is in [`crate::serve`].

use std::io::IsTerminal;
use std::net::IpAddr;

use super::Env;
use crate::serve::{self, Settings};
use crate::{Outcome, Result};

/// The port `kijun serve` listens on unless told otherwise.
pub(crate) const DEFAULT_PORT: u16 = 8750;

pub(crate) fn execute(env: &Env, listen: IpAddr, port: u16, open: bool) -> Result<Outcome> {
    if let Some(warning) = serve::listen_warning(listen) {
        eprintln!("警告: {warning}");
    }
    let running = serve::start(settings(env, listen, port))?;
    run(running, open)
}

fn settings(env: &Env, listen: IpAddr, port: u16) -> Settings {
    let mut s = Settings::loopback_any_port();
    s.listen = listen;
    s.port = port;
    s.catalog_dir = env.catalog_dir.clone();
    s.templates_dir = env.templates_dir.clone();
    s.data_dir = serve::data_dir();
    s
}

fn run(mut running: serve::Running, open: bool) -> Result<Outcome> {
    println!("kijun serve: ブラウザで次の URL を開いてください（この URL は一度だけ使え、起動ごとに変わります）");
    println!("{}", running.url());
    println!("終了するには、画面の「終了」ボタンを押すか、ここで Ctrl+C を押してください。");
    if open {
        if let Err(e) = running.open_browser() {
            eprintln!("警告: {e}。上の URL を手で開いてください");
        }
    }
    running.wait()?;
    println!("kijun serve を終了しました。");
    Ok(Outcome::Success)
}

/// `kijun` with no arguments.
pub(crate) fn without_arguments(env: &Env) -> Result<Outcome> {
    if started_from_a_terminal() {
        print!("{}", short_help());
        return Ok(Outcome::Success);
    }
    // A double-click: serve on the usual port (another if a kijun already has it)
    // and open the browser.
    let loopback = IpAddr::from([127, 0, 0, 1]);
    let running = serve::start(settings(env, loopback, DEFAULT_PORT))
        .or_else(|_| serve::start(settings(env, loopback, 0)))?;
    run(running, true)
}

fn short_help() -> String {
    format!(
        "kijun {}: 政府機関等の情報システム調達のためのセキュリティ要件ツール\n\n\
         \x20 kijun serve --open                    ブラウザの画面で使う（プロファイル・要件・文書・検証）\n\
         \x20 kijun init -o profile.toml            プロファイルの見本を作る\n\
         \x20 kijun select --profile profile.toml   適用される要件を一覧する\n\
         \x20 kijun help                            すべてのコマンドと使い方\n\n\
         エクスプローラーや Finder から kijun をダブルクリックすると、ブラウザの画面が開きます。\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// Whether a person typed `kijun` in a terminal (rather than double-clicking it).
/// `KIJUN_NO_TERMINAL=1` makes it answer no (tests of the double-click start).
fn started_from_a_terminal() -> bool {
    if std::env::var_os("KIJUN_NO_TERMINAL").is_some_and(|v| v == "1") {
        return false;
    }
    if cfg!(windows) {
        // A double-clicked program gets a console window of its own, so its input is
        // a terminal too; what tells is whether anyone else shares that console.
        return !own_console();
    }
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Whether this process is alone in its console (Windows: opened by a double-click).
#[cfg(windows)]
fn own_console() -> bool {
    #[link(name = "kernel32")]
    extern "system" {
        fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
    }
    let mut ids = [0u32; 4];
    // SAFETY: the buffer holds 4 process ids and the call is told so; it writes at
    // most that many and returns how many processes share the console.
    let n = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), 4) };
    n == 1
}

#[cfg(not(windows))]
fn own_console() -> bool {
    false
}
