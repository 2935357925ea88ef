//! `kijun serve` over real HTTP on 127.0.0.1 (a port the system chooses): every page,
//! every download byte for byte what the CLI writes, uploads of a good, a bad and a
//! malformed vendor file, and the token and Host checks.

mod common;

use std::path::Path;

use common::http::{multipart, multipart_type, request, Response};
use common::vendor::Filled;
use common::{example, kijun};
use kijun::serve::{start, Running, Settings};

struct Server {
    running: Running,
    cookie: String,
}

fn server() -> Server {
    let running = start(Settings::loopback_any_port()).expect("server starts");
    let cookie = format!("kijun_token_{}={}", running.addr().port(), running.token());
    Server { running, cookie }
}

impl Server {
    fn get(&self, path: &str) -> Response {
        request(
            self.running.addr(),
            "GET",
            path,
            &[("Cookie", &self.cookie)],
            &[],
        )
        .expect("GET answered")
    }

    fn post_form(&self, path: &str, body: &str) -> Response {
        request(
            self.running.addr(),
            "POST",
            path,
            &[
                ("Cookie", &self.cookie),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            body.as_bytes(),
        )
        .expect("POST answered")
    }

    fn upload(&self, path: &str, files: &[(&str, &str, &[u8])]) -> Response {
        let ct = multipart_type();
        request(
            self.running.addr(),
            "POST",
            path,
            &[("Cookie", &self.cookie), ("Content-Type", &ct)],
            &multipart(files),
        )
        .expect("upload answered")
    }

    /// Upload a profile file and check that it became the current profile.
    fn use_profile(&self, path: &Path) {
        let text = std::fs::read(path).expect("profile");
        let res = self.upload("/profile/upload", &[("profile", "typical.toml", &text)]);
        assert_eq!(res.status, 303, "{}", res.text());
        assert_eq!(res.header("location"), Some("/profile?notice=loaded"));
        assert_eq!(self.get("/profile.toml").body, text);
    }

    /// Upload vendor files, follow the redirect to the results page.
    fn verify(&self, files: &[(&str, &str, &[u8])]) -> (String, Response) {
        let res = self.upload("/verify", files);
        assert_eq!(res.status, 303, "{}", res.text());
        let location = res.header("location").expect("redirect").to_string();
        let page = self.get(&location);
        (location, page)
    }
}

fn ok(res: Response) -> String {
    assert_eq!(res.status, 200, "{}", res.text());
    res.text()
}

/// What the CLI writes for these arguments, run in `dir` (so file names match).
fn cli_output(dir: &Path, args: &[&str]) -> Vec<u8> {
    // The extension must agree with --format (the CLI refuses a mismatch); `sheet` has
    // no --format and writes .xlsx.
    let ext = args
        .iter()
        .position(|a| *a == "--format")
        .and_then(|i| args.get(i + 1))
        .map_or("xlsx", |f| if *f == "text" { "txt" } else { f });
    let out = dir.join(format!("cli-output.{ext}"));
    let _ = std::fs::remove_file(&out);
    let run = kijun()
        .current_dir(dir)
        .args(args)
        .arg("-o")
        .arg(&out)
        .run();
    assert!(
        run.code() == 0 || run.code() == 1,
        "{args:?}: {}",
        run.stderr()
    );
    std::fs::read(&out).expect("CLI output")
}

#[test]
fn every_page_is_served_in_japanese() {
    let s = server();
    let profile = ok(s.get("/profile"));
    // The form comes from the catalog's profile schema: levels with their meanings,
    // traits with their help text.
    assert!(profile.contains("機密性"), "{profile}");
    assert!(profile.contains("秘密文書に相当する機密性を要する情報を取り扱う"));
    assert!(profile.contains("name=\"traits.cloud\""));
    assert!(profile.contains("複数の形態を併用する場合は"));
    assert!(profile.contains("適用される要件"));
    assert!(ok(s.get("/requirements")).contains("適用されない要件"));
    assert!(ok(s.get("/documents")).contains("/download/sheet.xlsx"));
    assert!(ok(s.get("/verify")).contains("type=\"file\""));
    assert!(ok(s.get("/static/app.js")).contains("/preview?"));
    assert!(ok(s.get("/static/app.css")).contains("font-family"));
    let root = s.get("/");
    assert_eq!(root.status, 303);
    let missing = s.get("/nothing-here");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("このページはありません"));
}

#[test]
fn requests_without_the_token_or_with_a_foreign_host_are_refused() {
    let s = server();
    let addr = s.running.addr();
    let plain = request(addr, "GET", "/profile", &[], &[]).expect("answered");
    assert_eq!(plain.status, 403);
    assert!(plain.text().contains("トークン"), "{}", plain.text());
    let wrong = request(addr, "GET", "/profile?token=00", &[], &[]).expect("answered");
    assert_eq!(wrong.status, 403);
    let forged = format!("kijun_token_{}={}", addr.port(), "0".repeat(64));
    let res = request(addr, "GET", "/profile", &[("Cookie", &forged)], &[]).expect("ok");
    assert_eq!(res.status, 403);
    // The launch URL trades the token for a strict, HttpOnly cookie.
    let first = request(
        addr,
        "GET",
        &format!("/?token={}", s.running.token()),
        &[],
        &[],
    )
    .expect("answered");
    assert_eq!(first.status, 303);
    assert_eq!(first.header("location"), Some("/"));
    let cookie = first.header("set-cookie").expect("cookie");
    assert!(cookie.starts_with(&s.cookie), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    // DNS rebinding: the right token under another name is still refused.
    let host = format!("rebind.example:{}", addr.port());
    let rebound = request(
        addr,
        "GET",
        "/profile",
        &[("Host", &host), ("Cookie", &s.cookie)],
        &[],
    )
    .expect("answered");
    assert_eq!(rebound.status, 403);
    assert!(rebound.text().contains("Host"));
    let local = format!("localhost:{}", addr.port());
    let res = request(
        addr,
        "GET",
        "/profile",
        &[("Host", &local), ("Cookie", &s.cookie)],
        &[],
    )
    .expect("answered");
    assert_eq!(res.status, 200);
    // A form posted from another site is refused even with the cookie.
    let res = request(
        addr,
        "POST",
        "/profile",
        &[("Cookie", &s.cookie), ("Origin", "http://evil.example")],
        b"system.name=x",
    )
    .expect("answered");
    assert_eq!(res.status, 403);
    assert_eq!(s.get("/profile.toml").status, 200);
    // State changes are POST only.
    assert_eq!(s.get("/profile/upload").status, 405);
}

#[test]
fn the_form_selects_like_the_cli_and_shows_errors_next_to_the_field() {
    let s = server();
    let form = "system.name=%E5%8F%97%E4%BB%98&system.organization=%E3%80%87%E3%80%87%E7%9C%81\
                &classification.confidentiality=2&classification.integrity=2&classification.availability=2\
                &traits.internet_facing=true&traits.cloud=saas&traits.outsourcing=development";
    let preview = ok(s.get(&format!("/preview?{form}")));
    let more = ok(s.get(&format!(
        "/preview?{}",
        form.replace("confidentiality=2", "confidentiality=3")
    )));
    let total = |html: &str| -> usize {
        let start = html.find("id=\"total\">").expect("total") + "id=\"total\">".len();
        html[start..]
            .split('<')
            .next()
            .unwrap()
            .parse()
            .expect("count")
    };
    assert!(total(&more) > total(&preview), "机密性3 adds requirements");

    let saved = s.post_form("/profile", form);
    assert_eq!(saved.status, 303);
    assert_eq!(saved.header("location"), Some("/requirements"));
    let dir = tempfile::tempdir().expect("tempdir");
    let text = s.get("/profile.toml").body;
    std::fs::write(dir.path().join("p.toml"), &text).expect("write");
    let run = kijun()
        .current_dir(dir.path())
        .args(["select", "--profile", "p.toml", "--format", "json"])
        .run()
        .success();
    let cli: Vec<serde_json::Value> = serde_json::from_slice(&run.out.stdout).expect("json");
    assert_eq!(cli.len(), total(&preview));
    let page = ok(s.get("/requirements"));
    assert_eq!(total(&page), cli.len());
    for r in &cli {
        assert!(page.contains(r["id"].as_str().unwrap()));
        let reason = r["reasons"][0].as_str().unwrap();
        assert!(page.contains(reason), "reason {reason}");
    }
    // Explain one that does not apply, as `kijun explain` does.
    let explained = ok(s.get("/requirements?explain=CLD-01"));
    let cli = kijun()
        .current_dir(dir.path())
        .args(["explain", "--profile", "p.toml", "CLD-01"])
        .run();
    for line in cli.stdout().lines().filter(|l| l.starts_with("  - ")) {
        assert!(explained.contains(&line[4..]), "{line}");
    }
    assert!(ok(s.get("/requirements?explain=NOPE-99")).contains("カタログにありません"));

    // Errors: the profile reader's own messages, each beside its field, and nothing saved.
    let bad = s.post_form(
        "/profile",
        &form
            .replace("system.name=%E5%8F%97%E4%BB%98", "system.name=")
            .replace("integrity=2", "integrity=7"),
    );
    assert_eq!(bad.status, 422);
    let html = bad.text();
    assert!(
        html.contains("data-field=\"system.name\">system.name が空です"),
        "{html}"
    );
    assert!(html.contains("data-field=\"classification.integrity\">classification.integrity（完全性）= 7 は範囲外です"));
    assert_eq!(s.get("/profile.toml").body, text);
}

#[test]
fn profiles_are_loaded_and_a_broken_one_shows_the_cli_message() {
    let s = server();
    s.use_profile(&example("typical"));
    assert!(ok(s.get("/profile?notice=loaded")).contains("プロファイルを読み込みました"));
    let broken = b"[system]\nname = \"x\"\norganization = \"y\"\n[classification]\nconfidentiality = 2\nintegrity = 2\navailability = 2\n[traits]\ncloudd = \"saas\"\n";
    let res = s.upload("/profile/upload", &[("profile", "broken.toml", broken)]);
    assert_eq!(res.status, 422);
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("broken.toml"), broken).expect("write");
    let cli = kijun()
        .current_dir(dir.path())
        .args(["select", "--profile", "broken.toml"])
        .run()
        .input_error();
    let message = cli
        .stderr()
        .trim()
        .trim_start_matches("エラー: ")
        .to_string();
    let first = message.lines().last().unwrap().trim();
    assert!(
        res.text().contains("「cloud」の誤りではありませんか"),
        "{}",
        res.text()
    );
    assert!(
        res.text().contains(first.trim_start_matches("- ")),
        "{first}"
    );
    // The current profile is unchanged.
    assert_eq!(
        s.get("/profile.toml").body,
        std::fs::read(example("typical")).unwrap()
    );
}

#[test]
fn downloads_are_byte_identical_to_the_cli() {
    let s = server();
    s.use_profile(&example("typical"));
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(example("typical"), dir.path().join("typical.toml")).expect("copy");
    let p = ["--profile", "typical.toml"];
    let cases: [(&str, Vec<&str>); 8] = [
        ("/download/spec.md", vec!["spec", "--format", "md"]),
        ("/download/spec.txt", vec!["spec", "--format", "txt"]),
        ("/download/spec.docx", vec!["spec", "--format", "docx"]),
        ("/download/clauses.md", vec!["clauses", "--format", "md"]),
        ("/download/clauses.txt", vec!["clauses", "--format", "txt"]),
        (
            "/download/clauses.docx",
            vec!["clauses", "--format", "docx"],
        ),
        (
            "/download/clauses.docx?parties=otsu",
            vec!["clauses", "--format", "docx", "--parties", "乙"],
        ),
        ("/download/sheet.xlsx", vec!["sheet"]),
    ];
    for (url, args) in cases {
        let res = s.get(url);
        assert_eq!(res.status, 200, "{url}");
        assert!(res
            .header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment;")));
        let mut all = args.clone();
        all.extend(p);
        let expected = cli_output(dir.path(), &all);
        assert!(res.body == expected, "{url} differs from kijun {all:?}");
    }
    assert_eq!(s.get("/download/spec.pdf").status, 404);
}

/// The response workbook of the typical profile, answered completely and correctly.
fn good_workbook(s: &Server, dir: &Path) -> Vec<u8> {
    let sheet = dir.join("様式.xlsx");
    std::fs::write(&sheet, s.get("/download/sheet.xlsx").body).expect("write");
    let mut filled = Filled::read(&sheet);
    filled.answer_everything();
    let good = dir.join("good.xlsx");
    filled.write_xlsx(&good);
    std::fs::read(good).expect("read")
}

#[test]
fn uploads_give_the_cli_verdict_findings_and_reports() {
    let s = server();
    s.use_profile(&example("typical"));
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(example("typical"), dir.path().join("typical.toml")).expect("copy");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/filled-typical.xlsx");
    let bad = std::fs::read(&fixture).expect("fixture");
    std::fs::write(dir.path().join("filled-typical.xlsx"), &bad).expect("copy");

    // A good response passes.
    let good = good_workbook(&s, dir.path());
    let (_, page) = s.verify(&[("files", "good.xlsx", &good)]);
    let html = ok(page);
    assert!(html.contains("検証結果: 合格"), "{html}");
    assert!(html.contains("指摘事項（0 件）"));

    // A response with findings fails, and shows each with sheet, row and column.
    let (location, page) = s.verify(&[("files", "filled-typical.xlsx", &bad)]);
    let html = ok(page);
    assert!(html.contains("検証結果: 不合格"), "{html}");
    let run = kijun()
        .current_dir(dir.path())
        .args([
            "verify",
            "--profile",
            "typical.toml",
            "filled-typical.xlsx",
            "--format",
            "json",
        ])
        .run()
        .findings();
    let report = run.json();
    let findings = report["findings"].as_array().expect("findings");
    assert!(html.contains(&format!("指摘事項（{} 件）", findings.len())));
    for f in findings {
        assert!(html.contains(&format!("data-kind=\"{}\"", f["kind"].as_str().unwrap())));
        if let (Some(sheet), Some(row), Some(col)) =
            (f["sheet"].as_str(), f["row"].as_u64(), f["column"].as_str())
        {
            assert!(
                html.contains(&format!("title=\"{sheet}!{col}{row}\"")),
                "{f}"
            );
        }
    }
    // Filter by kind and severity (without script, the server hides the other rows).
    let filtered = ok(s.get(&format!("{location}/0?kind=noncompliant&severity=error")));
    let shown = filtered
        .matches("<tr class=\"error\" data-kind=\"noncompliant\"")
        .count();
    assert_eq!(shown, 1, "{filtered}");
    assert!(filtered.matches(" hidden").count() >= findings.len() - 1);
    // The report downloads are the CLI's bytes.
    for ext in ["md", "json", "xlsx"] {
        let res = s.get(&format!("{location}/0/report.{ext}"));
        assert_eq!(res.status, 200);
        let expected = cli_output(
            dir.path(),
            &[
                "verify",
                "--profile",
                "typical.toml",
                "filled-typical.xlsx",
                "--format",
                ext,
            ],
        );
        assert!(res.body == expected, "report.{ext} differs from the CLI");
    }

    // A malformed file: the CLI's Japanese reason in the page, and the server goes on.
    let junk = b"PK\x03\x04 this is not really a workbook";
    std::fs::write(dir.path().join("broken.xlsx"), junk).expect("write");
    let (_, page) = s.verify(&[("files", "broken.xlsx", junk)]);
    let html = ok(page);
    assert!(html.contains("読み込めませんでした"));
    let cli = kijun()
        .current_dir(dir.path())
        .args(["verify", "--profile", "typical.toml", "broken.xlsx"])
        .run()
        .input_error();
    let reason = cli
        .stderr()
        .trim()
        .trim_start_matches("エラー: ")
        .to_string();
    let escaped = reason
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    assert!(html.contains(&escaped), "{reason}\n{html}");
    assert_eq!(s.get("/profile").status, 200);

    // No file chosen.
    let res = s.upload("/verify", &[]);
    assert_eq!(res.status, 400);
    assert!(res.text().contains("回答ファイルを選んでください"));
    let res = request(
        s.running.addr(),
        "POST",
        "/verify",
        &[("Cookie", &s.cookie), ("Content-Type", "text/plain")],
        b"x",
    )
    .expect("answered");
    assert_eq!(res.status, 400);
}

#[test]
fn several_files_are_compared_like_the_cli() {
    let s = server();
    s.use_profile(&example("typical"));
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(example("typical"), dir.path().join("typical.toml")).expect("copy");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/filled-typical.xlsx");
    let bad = std::fs::read(&fixture).expect("fixture");
    let good = good_workbook(&s, dir.path());
    std::fs::write(dir.path().join("a.xlsx"), &bad).expect("write");
    std::fs::write(dir.path().join("b.xlsx"), &good).expect("write");
    let (location, page) = s.verify(&[("files", "a.xlsx", &bad), ("files", "b.xlsx", &good)]);
    let html = ok(page);
    assert!(html.contains("要件ごとの回答"), "{html}");
    assert!(html.contains("不合格") && html.contains("合格"));
    assert!(ok(s.get(&format!("{location}/1"))).contains("検証結果: 合格"));
    for ext in ["md", "json", "xlsx"] {
        let res = s.get(&format!("{location}/compare/compare.{ext}"));
        assert_eq!(res.status, 200);
        let expected = cli_output(
            dir.path(),
            &[
                "compare",
                "--profile",
                "typical.toml",
                "a.xlsx",
                "b.xlsx",
                "--format",
                ext,
            ],
        );
        assert!(res.body == expected, "compare.{ext} differs from the CLI");
    }
    assert_eq!(s.get("/results/999").status, 404);
}

#[test]
fn the_binary_prints_a_url_with_a_token_and_serves_it() {
    use std::io::BufRead;
    let bin = assert_cmd::cargo::cargo_bin("kijun");
    let mut child = std::process::Command::new(bin)
        .args(["serve", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut lines = std::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.starts_with("http://"))
        .expect("URL printed");
    let rest = url.strip_prefix("http://127.0.0.1:").expect("loopback URL");
    let (port, query) = rest.split_once('/').expect("path");
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().expect("addr");
    assert!(query.starts_with("?token=") && query.len() == "?token=".len() + 64);
    let res = request(addr, "GET", &format!("/{query}"), &[], &[]).expect("answered");
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(res.status, 303);
    assert!(res.header("set-cookie").is_some());
}

#[test]
fn an_upload_is_verified_against_the_edition_its_workbook_was_made_with() {
    // The golden 0.1.0 workbooks, with the profile they were made for: the browser gives
    // the CLI's verdict and names the edition, also after the catalog has moved on.
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/editions/0.1.0");
    let s = server();
    s.use_profile(&golden.join("typical.toml"));
    let faults = std::fs::read(golden.join("faults-typical.xlsx")).expect("golden");
    let (location, page) = s.verify(&[("files", "faults-typical.xlsx", &faults)]);
    let html = ok(page);
    assert!(html.contains("検証結果: 不合格"), "{html}");
    assert!(html.contains("（エラー 3 件、警告 0 件）"), "{html}");
    assert!(
        html.contains("カタログ: kijun 標準カタログ 0.1.0（")
            && html.contains("（様式の作成に使われた版）"),
        "{html}"
    );
    let json = s.get(&format!("{location}/0/report.json"));
    let report: serde_json::Value = serde_json::from_slice(&json.body).expect("json");
    assert_eq!(report["catalog"]["version"], "0.1.0");
    assert_eq!(report["catalog"]["chosen_by"], "workbook");
    // Two files of the edition compared.
    let (_, page) = s.verify(&[
        ("files", "faults-typical.xlsx", &faults),
        ("files", "faults-again.xlsx", &faults),
    ]);
    let html = ok(page);
    assert!(
        html.contains("カタログ: kijun 標準カタログ 0.1.0（"),
        "{html}"
    );
}
