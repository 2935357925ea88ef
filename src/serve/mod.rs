//! `kijun serve`: the whole flow (profile → requirements → documents → verification →
//! the reviewed report's 照会書 and next round's workbook) as web pages served on this
//! machine, for people who work in a browser rather than a terminal. Pages are
//! rendered on the server as plain HTML with a little vanilla JavaScript for live
//! counts and filters; styles and script are embedded in the binary (no CDN, no build
//! step), so it works offline.
//!
//! Every page calls the same library functions as the CLI (`select`, `evaluate`,
//! `render::document_bytes`, `sheet::write::workbook`, `verify::edition`, the
//! report and compare writers), so a download is byte for byte what the command writes,
//! and every page carries the profile it shows in its URL ([`shown`]), so a download is
//! made from exactly the profile on the screen, whatever other tabs do. An uploaded
//! workbook is verified against the catalog edition it was made with, as `kijun verify`.
//!
//! Why axum on tokio: axum is the tokio project's own HTTP framework, widely used and
//! maintained, built on hyper; it gives routing, typed extractors, multipart uploads
//! with a body limit and middleware (our Host, session and site checks) without our
//! writing any HTTP parsing. Connections are accepted by our own loop over hyper
//! ([`listen`]) for what axum's `serve` cannot do: cap them, and time out slow or idle
//! ones. Handlers stay synchronous library calls run on tokio's blocking pool, so the
//! rest of kijun knows nothing about async. HTML is written with maud, whose templates
//! are checked at compile time and escape every value by default (the handlebars
//! registry of `render` deliberately does not escape: it writes Markdown).
//!
//! Security: see [`security`] and [`gate`]; limits: [`limits`]. Uploaded files are read
//! from memory and never written to disk; no file-system path is ever taken from the
//! client.

mod form;
mod gate;
mod limits;
mod listen;
mod pages;
mod remember;
mod routes;
mod security;
mod shown;
mod state;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

pub use limits::Limits;
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
    /// Where the last profile used is remembered (`None`: nowhere). The command uses
    /// the user's data folder ([`remember::default_dir`]).
    pub data_dir: Option<PathBuf>,
    /// Timeouts and turns (tests shorten them).
    pub limits: Limits,
}

impl Settings {
    /// Loopback on a port the system chooses, embedded catalog and templates, nothing
    /// remembered.
    pub fn loopback_any_port() -> Settings {
        Settings {
            listen: IpAddr::from([127, 0, 0, 1]),
            port: 0,
            catalog_dir: None,
            templates_dir: None,
            data_dir: None,
            limits: Limits::default(),
        }
    }
}

/// The user's data folder for `kijun serve` (see [`remember`]).
pub(crate) fn data_dir() -> Option<PathBuf> {
    remember::default_dir()
}

/// A server running on its own thread.
pub struct Running {
    addr: SocketAddr,
    token: String,
    app: state::Shared,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
    /// The private folder of the launch file `--open` hands to the browser.
    launch_dir: Option<tempfile::TempDir>,
}

impl Running {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The launch token: good for one exchange for a session.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The URL to open once: the bound address with the launch token.
    pub fn url(&self) -> String {
        format!("{}/?token={}", self.base(), self.token)
    }

    fn base(&self) -> String {
        let host = if self.addr.ip().is_unspecified() {
            format!("localhost:{}", self.addr.port())
        } else {
            self.addr.to_string()
        };
        format!("http://{host}")
    }

    /// Open the pages in the default browser without putting the token on a command
    /// line or in the browser's history: a file only this user can read posts the
    /// token to the server (as Jupyter does), and the browser is given the file.
    pub(crate) fn open_browser(&mut self) -> Result<()> {
        let io = |e: std::io::Error| Error::io("一時フォルダ", "作成", e);
        let dir = tempfile::Builder::new()
            .prefix("kijun-")
            .tempdir()
            .map_err(io)?;
        let file = dir.path().join("kijun-open.html");
        let html = format!(
            "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>kijun</title></head>\
             <body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{}/login\">\
             <input type=\"hidden\" name=\"token\" value=\"{}\"><button type=\"submit\">kijun を開く</button></form></body></html>",
            self.base(),
            self.token
        );
        write_private(&file, html.as_bytes())
            .map_err(|e| Error::io(file.as_path(), "書き込み", e))?;
        let launched = open_in_browser(&file.display().to_string());
        self.launch_dir = Some(dir);
        launched.map_err(|e| {
            Error::Usage(format!(
                "ブラウザを開けませんでした（{}）",
                crate::error::io_reason(&e)
            ))
        })
    }

    /// Serve until the process is ended or the page's stop button is pressed.
    pub(crate) fn wait(mut self) -> Result<()> {
        self.join()
    }

    /// Stop serving and wait for the server thread.
    pub fn stop(mut self) -> Result<()> {
        self.app.stop.send_replace(true);
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
        self.app.stop.send_replace(true);
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
    let token = gate::new_token()?;
    let gate = gate::Gate::new(addr, token.clone());
    let remembered = settings
        .data_dir
        .as_deref()
        .map_or_else(remember::Remembered::nowhere, remember::Remembered::open);
    let limits = settings.limits.clone();
    let app = Arc::new(state::App::new(
        source, templates, gate, remembered, &limits,
    )?);
    let router = routes::router(app.clone());
    // Two workers: the pages are light; verification runs on the blocking pool.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("kijun-serve")
        .enable_io()
        .enable_time()
        .build()
        .map_err(io)?;
    let stop = app.stop.subscribe();
    let thread = std::thread::Builder::new()
        .name("kijun-serve".into())
        .spawn(move || {
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)?;
                listen::serve(listener, router, limits, stop).await;
                Ok(())
            })
        })
        .map_err(io)?;
    Ok(Running {
        addr,
        token,
        app,
        thread: Some(thread),
        launch_dir: None,
    })
}

/// Write a file only this user may read (it holds the launch token).
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}

/// Open `target` (a URL or a file) in the default browser, or with the program named
/// by `KIJUN_BROWSER`.
fn open_in_browser(target: &str) -> std::io::Result<()> {
    let mut cmd = if let Some(program) = std::env::var_os("KIJUN_BROWSER").filter(|p| !p.is_empty())
    {
        let mut c = std::process::Command::new(program);
        c.arg(target);
        c
    } else if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("rundll32");
        c.args(["url.dll,FileProtocolHandler", target]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(target);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(target);
        c
    };
    cmd.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}
