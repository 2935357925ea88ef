//! A real browser on `kijun serve`: headless Chromium driven through chromedriver.
//! It fills the profile form and watches the live count change, filters the
//! requirements, downloads the response workbook (and checks it is the CLI's bytes),
//! uploads a filled copy and reads the findings. Screenshots of each step are saved
//! under target/browser-screenshots/ for people to look at.
//!
//! Without /usr/bin/chromium and /usr/bin/chromedriver the test says so and skips,
//! except under CI (env CI set), where a missing browser is a failure: `.ci/run`
//! installs them.

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::http::request;
use common::kijun;
use common::vendor::Filled;
use fantoccini::{Client, ClientBuilder, Locator};
use kijun::serve::{start, Settings};
use serde_json::json;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// chromedriver, ended when the test ends (pass or fail).
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start_driver() -> (Driver, String) {
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not listen");
        std::thread::sleep(Duration::from_millis(100));
    }
    (driver, format!("http://127.0.0.1:{port}"))
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(screenshots().join(format!("{name}.png")), png).expect("save screenshot");
}

async fn text(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .expect("text")
}

/// Wait until `css`'s text satisfies `ok` (the page updates asynchronously).
async fn until(c: &Client, css: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(e) = c.find(Locator::Css(css)).await {
            if let Ok(t) = e.text().await {
                if ok(&t) {
                    return t;
                }
            }
        }
        assert!(Instant::now() < deadline, "{css} never changed as expected");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn wait_for_file(path: &Path) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(bytes) = std::fs::read(path) {
            let partial = path.with_extension("xlsx.crdownload").exists();
            if !bytes.is_empty() && !partial {
                return bytes;
            }
        }
        assert!(
            Instant::now() < deadline,
            "{} was not downloaded",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn browser_present() -> bool {
    let present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !present {
        if std::env::var_os("CI").is_some() {
            panic!("CI: {CHROMIUM} と {CHROMEDRIVER} がありません（.ci/run が apt-get install chromium chromium-driver で入れます）");
        }
        println!(
            "SKIP browser test: {CHROMIUM} or {CHROMEDRIVER} is missing \
             (apt-get install chromium chromium-driver); CI fails instead of skipping"
        );
    }
    present
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_flow_in_a_real_browser() {
    if !browser_present() {
        return;
    }
    let server = start(Settings::loopback_any_port()).expect("server");
    let (_driver, webdriver) = start_driver();
    let profile_dir = tempfile::tempdir().expect("profile dir");
    let downloads = tempfile::tempdir().expect("download dir");
    let caps = json!({
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1400",
                format!("--user-data-dir={}", profile_dir.path().display()),
            ],
            "prefs": {
                "download.default_directory": downloads.path().display().to_string(),
                "download.prompt_for_download": false,
                "safebrowsing.enabled": false,
            },
        }
    });
    let caps = match caps {
        serde_json::Value::Object(m) => m,
        _ => unreachable!(),
    };
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&webdriver)
        .await
        .expect("a Chromium session");

    // 1. The launch URL: the token becomes a cookie and the profile form opens.
    c.goto(&server.url()).await.expect("open");
    until(&c, "h1", |t| t == "プロファイル").await;
    let before: usize = text(&c, "#total").await.parse().expect("count");
    shot(&c, "01-profile").await;

    // 2. Change the form; the count follows without a reload.
    c.find(Locator::Css(
        "input[name='classification.confidentiality'][value='3']",
    ))
    .await
    .expect("機密性3")
    .click()
    .await
    .expect("click");
    let higher: usize = until(&c, "#total", |t| {
        t.parse::<usize>().is_ok_and(|n| n > before)
    })
    .await
    .parse()
    .expect("count");
    c.find(Locator::Css("input[name='traits.remote_access']"))
        .await
        .expect("remote access")
        .click()
        .await
        .expect("click");
    let after: usize = until(&c, "#total", |t| {
        t.parse::<usize>().is_ok_and(|n| n != higher)
    })
    .await
    .parse()
    .expect("count");
    shot(&c, "02-count-changed").await;

    // 3. Save: the requirements page shows the same count; filtering narrows the list.
    c.find(Locator::Css("#save"))
        .await
        .expect("save")
        .click()
        .await
        .expect("click");
    until(&c, "h1", |t| t == "要件").await;
    assert_eq!(text(&c, "#total").await, after.to_string());
    c.find(Locator::Css("#filter"))
        .await
        .expect("filter")
        .send_keys("AUTH")
        .await
        .expect("type");
    let shown: usize = until(&c, "#shown-count", |t| {
        t.parse::<usize>().is_ok_and(|n| n > 0 && n < after)
    })
    .await
    .parse()
    .expect("shown");
    assert!(shown < after);
    shot(&c, "03-requirements-filtered").await;

    // 4. Download the response workbook: the same bytes as `kijun sheet`.
    c.goto(&format!("http://{}/documents", server.addr()))
        .await
        .expect("documents");
    shot(&c, "04-documents").await;
    c.find(Locator::Css("#download-sheet"))
        .await
        .expect("link")
        .click()
        .await
        .expect("click");
    let sheet_path = downloads.path().join("回答様式.xlsx");
    let sheet = wait_for_file(&sheet_path);
    let cookie = format!("kijun_token_{}={}", server.addr().port(), server.token());
    let profile = request(
        server.addr(),
        "GET",
        "/profile.toml",
        &[("Cookie", &cookie)],
        &[],
    )
    .expect("profile")
    .body;
    let work = tempfile::tempdir().expect("work");
    std::fs::write(work.path().join("p.toml"), &profile).expect("write");
    kijun()
        .current_dir(work.path())
        .args(["sheet", "--profile", "p.toml", "-o", "cli.xlsx"])
        .run()
        .success();
    assert!(
        sheet == std::fs::read(work.path().join("cli.xlsx")).expect("cli sheet"),
        "the downloaded workbook differs from kijun sheet"
    );

    // 5. Fill it as a vendor would, one requirement not met, and upload it.
    let mut filled = Filled::read(&sheet_path);
    filled.answer_everything();
    let first = filled.ids()[0].clone();
    filled.set(&first, "回答", "×");
    let upload = work.path().join("回答_テスト社.xlsx");
    filled.write_xlsx(&upload);
    c.goto(&format!("http://{}/verify", server.addr()))
        .await
        .expect("verify page");
    c.find(Locator::Css("#files"))
        .await
        .expect("file input")
        .send_keys(&upload.display().to_string())
        .await
        .expect("choose file");
    shot(&c, "05-verify-upload").await;
    c.find(Locator::Css("#verify-button"))
        .await
        .expect("button")
        .click()
        .await
        .expect("click");
    let verdict = until(&c, "#verdict", |t| t.contains("検証結果")).await;
    assert!(verdict.contains("不合格"), "{verdict}");
    let row = text(&c, "#findings tbody tr[data-kind='noncompliant']").await;
    assert!(row.contains(&first), "{row}");
    // Filter the findings by kind: only the noncompliant row stays.
    c.find(Locator::Css("#kind"))
        .await
        .expect("kind filter")
        .select_by_value("noncompliant")
        .await
        .expect("select");
    until(&c, "#shown-count", |t| t == "1").await;
    shot(&c, "06-findings").await;

    c.close().await.expect("close browser");
    server.stop().expect("stop");
}
