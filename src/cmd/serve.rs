//! `kijun serve`: the browser pages on this machine. The server itself is in
//! [`crate::serve`]; this prints where to open it and waits.

use std::net::IpAddr;

use super::Env;
use crate::serve::{self, Settings};
use crate::{Outcome, Result};

pub(crate) fn execute(env: &Env, listen: IpAddr, port: u16, open: bool) -> Result<Outcome> {
    if let Some(warning) = serve::listen_warning(listen) {
        eprintln!("警告: {warning}");
    }
    let settings = Settings {
        listen,
        port,
        catalog_dir: env.catalog_dir.clone(),
        templates_dir: env.templates_dir.clone(),
    };
    let running = serve::start(settings)?;
    let url = running.url();
    println!("kijun serve: ブラウザで次の URL を開いてください（この URL は起動ごとに変わります）");
    println!("{url}");
    println!("終了するには Ctrl+C を押してください。");
    if open {
        if let Err(e) = serve::open_browser(&url) {
            eprintln!("警告: ブラウザを開けませんでした（{e}）。上の URL を手で開いてください");
        }
    }
    running.wait()?;
    Ok(Outcome::Success)
}
