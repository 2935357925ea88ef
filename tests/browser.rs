//! A real browser on `kijun serve`: headless Chromium driven through chromedriver.
//! It fills the profile form and watches the live count change (and stay in sight
//! while scrolling, at two window sizes), goes on to 文書 without pressing any button
//! and downloads what she sees (the profile and the response workbook, checked against
//! the CLI's bytes), filters the requirements, uploads a filled copy and reads the
//! findings; then two windows with two profiles each download their own, and after a
//! restart the last profile is offered again. axe-core checks each screen for
//! accessibility problems. Screenshots of each step are saved under
//! target/browser-screenshots/ for people to look at.
//!
//! Without /usr/bin/chromium and /usr/bin/chromedriver the test says so and skips,
//! except under CI (env CI set), where a missing browser is a failure: `.ci/run`
//! installs them. axe-core comes from the npm registry: `.ci/run` installs it under
//! target/axe/ (the test skips that part, saying so, where it is missing outside CI).

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::kijun;
use common::vendor::Filled;
use fantoccini::{Client, ClientBuilder, Locator};
use kijun::serve::{start, Running, Settings};
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

/// Wait for a download, then move it aside (so the next download of the same name
/// gets that name again) to `keep`, and return its bytes.
fn take_download(path: &Path, keep: &Path) -> Vec<u8> {
    let bytes = wait_for_file(path);
    std::fs::rename(path, keep).expect("move the download aside");
    bytes
}

fn wait_for_file(path: &Path) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut partial = path.as_os_str().to_owned();
    partial.push(".crdownload");
    loop {
        if let Ok(bytes) = std::fs::read(path) {
            if !bytes.is_empty() && !Path::new(&partial).exists() {
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

/// axe-core's script, installed by `.ci/run` from the npm registry.
fn axe_script() -> Option<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/axe/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(s) => Some(s),
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!(
                "CI: {} がありません（.ci/run が npm install で入れます）",
                path.display()
            )
        }
        Err(_) => {
            println!(
                "SKIP axe-core checks: {} is missing (npm install --prefix target/axe axe-core@4)",
                path.display()
            );
            None
        }
    }
}

/// The accessibility problems axe-core finds on the current page (WCAG 2 A and AA,
/// and its best practices), as "rule: where" lines.
async fn axe(c: &Client, script: Option<&str>, page: &str) -> Vec<String> {
    let Some(script) = script else {
        return Vec::new();
    };
    c.execute(script, vec![]).await.expect("load axe-core");
    let result = c
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })\
               .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))))\
               .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe.run");
    result
        .as_array()
        .map(|v| {
            v.iter()
                .filter_map(|x| x.as_str())
                .map(|x| format!("{page}: {x}"))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether the live count is inside the window after scrolling half way down.
async fn count_in_sight(c: &Client) -> bool {
    c.execute(
        "window.scrollTo(0, document.body.scrollHeight / 2);\
         const r = document.getElementById('total').getBoundingClientRect();\
         return r.top >= 0 && r.bottom <= window.innerHeight;",
        vec![],
    )
    .await
    .expect("script")
    .as_bool()
    .unwrap_or(false)
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Go to one of the four screens by its navigation link (the way she does).
async fn nav(c: &Client, path: &str, title: &str) {
    click(c, &format!("a[data-nav='{path}']")).await;
    until(c, "h1", |t| t == title).await;
}

async fn field_value(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .expect("field")
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

fn settings_in(data: &Path) -> Settings {
    let mut settings = Settings::loopback_any_port();
    settings.data_dir = Some(data.to_path_buf());
    settings
}

async fn session(downloads: &Path, profile_dir: &Path) -> (Driver, Client) {
    let (driver, webdriver) = start_driver();
    let caps = json!({
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1400",
                format!("--user-data-dir={}", profile_dir.display()),
            ],
            "prefs": {
                "download.default_directory": downloads.display().to_string(),
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
    (driver, c)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_flow_in_a_real_browser() {
    if !browser_present() {
        return;
    }
    let axe_js = axe_script();
    let axe_js = axe_js.as_deref();
    let mut problems: Vec<String> = Vec::new();
    let data = tempfile::tempdir().expect("data dir");
    let server: Running = start(settings_in(data.path())).expect("server");
    let profile_dir = tempfile::tempdir().expect("profile dir");
    let downloads = tempfile::tempdir().expect("download dir");
    let work = tempfile::tempdir().expect("work");
    let (_driver, c) = session(downloads.path(), profile_dir.path()).await;

    // 1. The launch URL: the token becomes a session and the profile form opens.
    c.goto(&server.url()).await.expect("open");
    until(&c, "h1", |t| t == "プロファイル").await;
    let before: usize = text(&c, "#total").await.parse().expect("count");
    let sample_name = field_value(&c, "input[name='system.name']").await;
    shot(&c, "01-profile").await;
    problems.extend(axe(&c, axe_js, "プロファイル").await);

    // 2. Change the form; the count follows without a reload, and stays in sight.
    click(
        &c,
        "input[name='classification.confidentiality'][value='3']",
    )
    .await;
    let higher: usize = until(&c, "#total", |t| {
        t.parse::<usize>().is_ok_and(|n| n > before)
    })
    .await
    .parse()
    .expect("count");
    click(&c, "input[name='traits.remote_access']").await;
    let after: usize = until(&c, "#total", |t| {
        t.parse::<usize>().is_ok_and(|n| n != higher)
    })
    .await
    .parse()
    .expect("count");
    assert!(
        count_in_sight(&c).await,
        "the count scrolled out of sight (wide window)"
    );
    shot(&c, "02-count-changed").await;
    c.set_window_size(600, 900).await.expect("narrow window");
    assert!(
        count_in_sight(&c).await,
        "the count scrolled out of sight (narrow window)"
    );
    shot(&c, "02b-narrow-window").await;
    c.set_window_size(1280, 1400).await.expect("wide window");

    // 3. Without pressing any button, 文書: what she set is what she gets.
    nav(&c, "/documents", "文書").await;
    assert_eq!(text(&c, "#doc-count").await, after.to_string());
    shot(&c, "03-documents").await;
    problems.extend(axe(&c, axe_js, "文書").await);
    click(&c, "a[href^='/profile.toml?']").await;
    let profile = take_download(
        &downloads.path().join("profile.toml"),
        &work.path().join("p.toml"),
    );
    let profile = String::from_utf8(profile).expect("UTF-8");
    assert!(profile.contains("confidentiality = 3"), "{profile}");
    assert!(profile.contains("remote_access = true"), "{profile}");
    click(&c, "#download-sheet").await;
    let sheet_path = work.path().join("回答様式.xlsx");
    // Named after the system, as the official files it.
    let sheet = take_download(
        &downloads
            .path()
            .join(format!("{sample_name}_回答様式_情報セキュリティ.xlsx")),
        &sheet_path,
    );
    kijun()
        .current_dir(work.path())
        .args(["sheet", "--profile", "p.toml", "-o", "cli.xlsx"])
        .run()
        .success();
    assert!(
        sheet == std::fs::read(work.path().join("cli.xlsx")).expect("cli sheet"),
        "the downloaded workbook differs from kijun sheet for the profile on the screen"
    );

    // 4. 要件: the same count; filtering (full-width letters too) narrows the list.
    nav(&c, "/requirements", "要件").await;
    assert_eq!(text(&c, "#total").await, after.to_string());
    c.find(Locator::Css("#filter"))
        .await
        .expect("filter")
        .send_keys("ＡＵＴＨ")
        .await
        .expect("type");
    let shown: usize = until(&c, "#shown-count", |t| {
        t.parse::<usize>().is_ok_and(|n| n > 0 && n < after)
    })
    .await
    .parse()
    .expect("shown");
    assert!(shown < after);
    shot(&c, "04-requirements-filtered").await;
    problems.extend(axe(&c, axe_js, "要件").await);

    // 5. Fill the workbook as a vendor would, one requirement not met, and upload it.
    let mut filled = Filled::read(&sheet_path);
    filled.answer_everything();
    let first = filled.ids()[0].clone();
    filled.set(&first, "回答", "×");
    let upload = work.path().join("回答_テスト社.xlsx");
    filled.write_xlsx(&upload);
    nav(&c, "/verify", "検証").await;
    problems.extend(axe(&c, axe_js, "検証").await);
    c.find(Locator::Css("#files"))
        .await
        .expect("file input")
        .send_keys(&upload.display().to_string())
        .await
        .expect("choose file");
    shot(&c, "05-verify-upload").await;
    click(&c, "#verify-button").await;
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
    problems.extend(axe(&c, axe_js, "検証結果").await);

    // 6. Two windows, two profiles: each downloads its own.
    nav(&c, "/documents", "文書").await;
    let first_window = c.window().await.expect("window");
    let second = c.new_window(false).await.expect("new window");
    c.switch_to_window(second.handle).await.expect("switch");
    c.goto(&format!("http://{}/", server.addr()))
        .await
        .expect("open");
    until(&c, "h1", |t| t == "プロファイル").await;
    let name = c
        .find(Locator::Css("input[name='system.name']"))
        .await
        .expect("name");
    name.clear().await.expect("clear");
    name.send_keys("第二の調達システム").await.expect("type");
    click(
        &c,
        "input[name='classification.confidentiality'][value='2']",
    )
    .await;
    until(&c, "#system-name", |t| t == "第二の調達システム").await;
    until(&c, "#summary[data-query*='confidentiality=2']", |_| true).await;
    nav(&c, "/documents", "文書").await;
    click(&c, "#download-spec a[href^='/download/spec.md?']").await;
    let second_spec = take_download(
        &downloads
            .path()
            .join("第二の調達システム_仕様書_情報セキュリティ.md"),
        &work.path().join("b.md"),
    );
    let second_spec = String::from_utf8(second_spec).expect("UTF-8");
    assert!(second_spec.contains("第二の調達システム"), "{second_spec}");
    c.switch_to_window(first_window).await.expect("back");
    click(&c, "#download-spec a[href^='/download/spec.md?']").await;
    let first_spec = take_download(
        &downloads
            .path()
            .join(format!("{sample_name}_仕様書_情報セキュリティ.md")),
        &work.path().join("a.md"),
    );
    let first_spec = String::from_utf8(first_spec).expect("UTF-8");
    assert!(first_spec.contains(&sample_name), "{first_spec}");
    assert!(
        !first_spec.contains("第二の調達システム"),
        "the first window got the second's spec"
    );
    shot(&c, "07-first-window-after-second").await;

    // 7. Restart: the last profile used (the first window's) is offered again.
    server.stop().expect("stop");
    let again = start(settings_in(data.path())).expect("server again");
    c.goto(&again.url()).await.expect("open again");
    until(&c, "h1", |t| t == "プロファイル").await;
    let notice = text(&c, "#notice").await;
    assert!(notice.contains("前回使ったプロファイル"), "{notice}");
    assert_eq!(
        field_value(&c, "input[name='system.name']").await,
        sample_name
    );
    let level3 = c
        .find(Locator::Css(
            "input[name='classification.confidentiality'][value='3']",
        ))
        .await
        .expect("機密性3")
        .prop("checked")
        .await
        .expect("checked");
    assert_eq!(level3.as_deref(), Some("true"));
    shot(&c, "08-after-restart").await;

    c.close().await.expect("close browser");
    again.stop().expect("stop");
    assert!(
        problems.is_empty(),
        "axe-core found:\n{}",
        problems.join("\n")
    );
}
