//! `kijun serve`: the whole flow (profile → requirements → documents → verification) as
//! web pages served on this machine, for people who work in a browser rather than a
//! terminal. Pages are rendered on the server as plain HTML with a little vanilla
//! JavaScript for live counts and filters; styles and script are embedded in the
//! binary (no CDN, no build step), so it works offline.
//!
//! Every page calls the same library functions as the CLI (`select`, `evaluate`,
//! `render::document_bytes`, `sheet::write::workbook`, `verify::edition`, the
//! report and compare writers), so a download is byte for byte what the command writes.
//!
//! Why axum on tokio: axum is the tokio project's own HTTP framework, widely used and
//! maintained, built on hyper; it gives routing, typed extractors, multipart uploads
//! with a body limit and middleware (our Host and token checks) without our writing
//! any HTTP parsing. Handlers stay synchronous library calls run on tokio's blocking
//! pool, so the rest of kijun knows nothing about async. HTML is written with maud,
//! whose templates are checked at compile time and escape every value by default (the
//! handlebars registry of `render` deliberately does not escape: it writes Markdown).
//!
//! Security: see [`security`]. Uploaded files are read from memory and never written
//! to disk; no file-system path is ever taken from the client.

mod form;
mod gate;
mod pages;
mod routes;
mod security;
mod state;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

pub(crate) use security::listen_warning;

use crate::error::{Error, Result};

/// What `kijun serve` was asked for.
#[derive(Debug, Clone)]
pub struct Settings {
    pub(crate) listen: IpAddr,
    /// 0 lets the system choose a free port (tests do).
    pub(crate) port: u16,
    pub catalog_dir: Option<PathBuf>,
    pub(crate) templates_dir: Option<PathBuf>,
}

impl Settings {
    /// Loopback on a port the system chooses, embedded catalog and templates.
    pub fn loopback_any_port() -> Settings {
        Settings {
            listen: IpAddr::from([127, 0, 0, 1]),
            port: 0,
            catalog_dir: None,
            templates_dir: None,
        }
    }
}

/// A server running on its own thread.
pub struct Running {
    addr: SocketAddr,
    token: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl Running {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// The URL to open: the bound address with the launch token.
    pub fn url(&self) -> String {
        let host = if self.addr.ip().is_unspecified() {
            format!("localhost:{}", self.addr.port())
        } else {
            self.addr.to_string()
        };
        format!("http://{host}/?token={}", self.token)
    }

    /// Serve until the process is ended.
    pub(crate) fn wait(mut self) -> Result<()> {
        self.join()
    }

    /// Stop serving and wait for the server thread.
    pub fn stop(mut self) -> Result<()> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        self.join()
    }

    fn join(&mut self) -> Result<()> {
        match self.thread.take().map(std::thread::JoinHandle::join) {
            Some(Ok(Err(e))) => Err(Error::Usage(format!(
                "サーバーが停止しました（{}）",
                crate::error::io_reason(&e)
            ))),
            Some(Err(_)) => Err(Error::Internal("サーバーが異常終了しました".into())),
            _ => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// Load the catalog and templates, bind the address and start serving on a thread of
/// its own. Errors (a broken catalog, a port in use) come back before anything serves.
pub fn start(settings: Settings) -> Result<Running> {
    let source = crate::verify::edition::CatalogSource::new(settings.catalog_dir.as_deref())?;
    let templates = crate::render::Templates::load(settings.templates_dir.as_deref())?;
    let wanted = SocketAddr::new(settings.listen, settings.port);
    let listener = std::net::TcpListener::bind(wanted).map_err(|e| {
        Error::Usage(format!(
            "{wanted} で待ち受けられません（{}）。--port で別の番号を指定してください",
            crate::error::io_reason(&e)
        ))
    })?;
    let io = |e: std::io::Error| Error::io("サーバー", "起動", e);
    listener.set_nonblocking(true).map_err(io)?;
    let addr = listener.local_addr().map_err(io)?;
    let gate = gate::Gate {
        addr,
        token: gate::new_token()?,
    };
    let token = gate.token.clone();
    let app = Arc::new(state::App::new(source, templates, gate)?);
    let router = routes::router(app);
    // Two workers: the pages are light; verification runs on the blocking pool.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("kijun-serve")
        .enable_io()
        .build()
        .map_err(io)?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("kijun-serve".into())
        .spawn(move || {
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)?;
                axum::serve(listener, router)
                    .with_graceful_shutdown(async {
                        let _ = rx.await;
                    })
                    .await
            })
        })
        .map_err(io)?;
    Ok(Running {
        addr,
        token,
        stop: Some(tx),
        thread: Some(thread),
    })
}

/// Open `url` in the default browser.
pub(crate) fn open_browser(url: &str) -> std::io::Result<()> {
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("rundll32");
        c.args(["url.dll,FileProtocolHandler", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    cmd.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}
