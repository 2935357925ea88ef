//! `kijun serve` over real HTTP on 127.0.0.1 (a port the system chooses): every page,
//! every download byte for byte what the CLI writes (made from the profile the page's
//! URL carries), uploads of a good, a bad and a malformed vendor file, the token,
//! session, Host and Sec-Fetch-Site checks, and the limits that keep it standing.

mod common;

use std::path::Path;

use common::http::{multipart, multipart_type, request, Response};
use common::vendor::Filled;
use common::{example, kijun};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use kijun::serve::{start, Limits, Running, Settings};

struct Server {
    running: Running,
    cookie: String,
}

fn server() -> Server {
    server_with(Settings::loopback_any_port())
}

fn server_with(settings: Settings) -> Server {
    let running = start(settings).expect("server starts");
    let cookie = common::http::session(&running);
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

    /// GET, following one redirect (a page without a profile opens with the sample).
    fn follow(&self, path: &str) -> Response {
        let res = self.get(path);
        match (res.status, res.header("location")) {
            (303, Some(location)) => self.get(location),
            _ => res,
        }
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

    /// Load a profile file; the query of the page it leads to (the profile's fields,
    /// which every page of that profile carries).
    fn use_profile(&self, path: &Path) -> String {
        let text = std::fs::read(path).expect("profile");
        let res = self.upload("/profile/upload", &[("profile", "typical.toml", &text)]);
        assert_eq!(res.status, 303, "{}", res.text());
        let location = res.header("location").expect("redirect");
        let query = location
            .strip_prefix("/profile?")
            .and_then(|q| q.strip_suffix("&notice=loaded"))
            .unwrap_or_else(|| panic!("{location}"))
            .to_string();
        assert!(query.contains("system.name="), "{query}");
        query
    }

    /// Upload vendor files against the profile of `query`, follow the redirect to the
    /// results page.
    fn verify(&self, query: &str, files: &[(&str, &str, &[u8])]) -> (String, Response) {
        let res = self.upload(&format!("/verify?{query}"), files);
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
fn every_page_is_served_in_japanese_in_the_forms_words() {
    let s = server();
    let root = s.get("/");
    assert_eq!(root.status, 303);
    let location = root.header("location").expect("to the profile").to_string();
    assert!(
        location.starts_with("/profile?") && location.contains("&system.name="),
        "{location}"
    );
    let profile = ok(s.get(&location));
    // The form comes from the catalog's profile schema: levels with their meanings,
    // traits with their help text and the meanings of their values; no TOML key or
    // value is shown (only sent).
    assert!(profile.contains("機密性"), "{profile}");
    assert!(profile.contains("秘密文書に相当する機密性を要する情報を取り扱う"));
    assert!(profile.contains("name=\"traits.managed\" value=\"platform\""));
    assert!(profile.contains("name=\"traits.provider\" value=\"government_cloud\""));
    assert!(profile.contains("サービス提供者に任せる層は含めません"));
    assert!(profile.contains("name=\"traits.citizen_login\""));
    assert!(profile.contains("外部と通信する場合は「該当する」を選びます。"));
    assert!(profile.contains("適用される要件"));
    let visible = visible_text(&profile);
    for key in [
        "confidentiality",
        "internet_facing",
        "saas",
        "development",
        "traits.",
        "personal_information",
        "true",
    ] {
        assert!(!visible.contains(key), "{key} shown in {visible}");
    }
    let query = location.trim_start_matches("/profile?");
    assert!(ok(s.get(&format!("/requirements?{query}"))).contains("適用されない要件"));
    assert!(
        ok(s.get(&format!("/documents?{query}"))).contains("/download/sheet.xlsx?classification.")
    );
    assert!(ok(s.get(&format!("/verify?{query}"))).contains("type=\"file\""));
    // A page without a profile opens with the one to start from.
    assert_eq!(s.get("/requirements").status, 303);
    assert!(ok(s.follow("/documents")).contains("回答様式"));
    assert!(ok(s.get("/static/app.js")).contains("/preview?"));
    assert!(ok(s.get("/static/app.css")).contains("font-family"));
    let missing = s.get("/nothing-here");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("このページはありません"));
}

/// The text a person sees: the page without its tags and attribute values.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn requests_without_a_session_or_with_a_foreign_host_or_site_are_refused() {
    let s = server();
    let addr = s.running.addr();
    let plain = request(addr, "GET", "/profile", &[], &[]).expect("answered");
    assert_eq!(plain.status, 403);
    assert!(
        plain.text().contains("URL を開いてください"),
        "{}",
        plain.text()
    );
    // Refusals carry the security headers too.
    for h in [
        "content-security-policy",
        "x-frame-options",
        "x-content-type-options",
        "cache-control",
    ] {
        assert!(plain.header(h).is_some(), "403 without {h}");
    }
    let wrong = request(addr, "GET", "/profile?token=00", &[], &[]).expect("answered");
    assert_eq!(wrong.status, 403);
    // The launch token is no session, and it opens one session only.
    let token_cookie = format!("kijun_session_{}={}", addr.port(), s.running.token());
    let res = request(addr, "GET", "/profile", &[("Cookie", &token_cookie)], &[]).expect("ok");
    assert_eq!(res.status, 403);
    let again = request(
        addr,
        "GET",
        &format!("/?token={}", s.running.token()),
        &[],
        &[],
    )
    .expect("answered");
    assert_eq!(again.status, 403);
    assert!(again.text().contains("一度だけ"), "{}", again.text());
    // …unless it is the same browser asking twice (it has the session).
    let twice = request(
        addr,
        "GET",
        &format!("/?token={}", s.running.token()),
        &[("Cookie", &s.cookie)],
        &[],
    )
    .expect("answered");
    assert_eq!(twice.status, 303);
    // The session cookie is strict, HttpOnly, and named after the port.
    assert!(s
        .cookie
        .starts_with(&format!("kijun_session_{}=", addr.port())));
    // DNS rebinding: the right session under another name is still refused, and so is
    // a request with two Host headers.
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
    let doubled = common::http::raw(
        addr,
        &format!(
            "GET /profile HTTP/1.1\r\nHost: {addr}\r\nHost: {host}\r\nCookie: {}\r\nConnection: close\r\n\r\n",
            s.cookie
        ),
    )
    .expect("answered");
    assert_eq!(doubled.status, 403, "{}", doubled.text());
    let local = format!("localhost:{}", addr.port());
    let res = request(
        addr,
        "GET",
        "/",
        &[("Host", &local), ("Cookie", &s.cookie)],
        &[],
    )
    .expect("answered");
    assert_eq!(res.status, 303);
    // A browser's word that the request comes from another site (or another port of
    // this PC: the same "site") is refused, even with the session.
    for (site, status) in [
        ("cross-site", 403),
        ("same-site", 403),
        ("same-origin", 303),
        ("none", 303),
    ] {
        let res = request(
            addr,
            "GET",
            "/",
            &[("Cookie", &s.cookie), ("Sec-Fetch-Site", site)],
            &[],
        )
        .expect("answered");
        assert_eq!(res.status, status, "{site}");
    }
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
    // State changes are POST only.
    assert_eq!(s.get("/profile/upload").status, 405);
    assert_eq!(s.get("/stop").status, 405);
}

#[test]
fn two_servers_on_one_machine_keep_their_own_sessions() {
    // Cookies are shared by every port of a host: a browser with both servers open
    // sends both cookies to each. Each server's cookie is named after its port, so
    // neither overwrites the other, and each server takes only its own.
    let (a, b) = (server(), server());
    let (pa, pb) = (a.running.addr().port(), b.running.addr().port());
    assert_ne!(pa, pb);
    assert!(a.cookie.starts_with(&format!("kijun_session_{pa}=")));
    assert!(b.cookie.starts_with(&format!("kijun_session_{pb}=")));
    let profile_with = |s: &Server, cookie: &str| {
        request(
            s.running.addr(),
            "GET",
            "/profile",
            &[("Cookie", cookie)],
            &[],
        )
        .expect("answered")
        .status
    };
    let jar = format!("{}; {}", a.cookie, b.cookie);
    // To the profile the server starts from.
    assert_eq!(profile_with(&a, &jar), 303);
    assert_eq!(profile_with(&b, &jar), 303);
    // The other server's session, under this server's name, opens nothing.
    let value = b.cookie.split_once('=').map(|(_, v)| v).unwrap_or("");
    assert_eq!(
        profile_with(&a, &format!("kijun_session_{pa}={value}")),
        403
    );
}

#[test]
fn the_private_launch_file_posts_the_token_once() {
    let fresh = start(Settings::loopback_any_port()).expect("server");
    let addr = fresh.addr();
    let body = format!("token={}", fresh.token());
    let res = request(
        addr,
        "POST",
        "/login",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", "null"),
            ("Sec-Fetch-Site", "cross-site"),
        ],
        body.as_bytes(),
    )
    .expect("answered");
    assert_eq!(res.status, 200, "{}", res.text());
    assert!(res.text().contains("url=/"), "moves on by itself");
    let cookie = res
        .header("set-cookie")
        .expect("session")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let page = request(addr, "GET", "/", &[("Cookie", &cookie)], &[]).expect("answered");
    assert_eq!(page.status, 303);
    let again = request(addr, "POST", "/login", &[], body.as_bytes()).expect("answered");
    assert_eq!(again.status, 403);
    // The launch URL followed from another site's page: a page of ours moves on (a
    // redirect would still count as coming from that site).
    let other = start(Settings::loopback_any_port()).expect("server");
    let res = request(
        other.addr(),
        "GET",
        &format!("/?token={}", other.token()),
        &[("Sec-Fetch-Site", "cross-site")],
        &[],
    )
    .expect("answered");
    assert_eq!(res.status, 200);
    assert!(res.text().contains("0;url=/"), "{}", res.text());
    assert!(res.header("set-cookie").is_some());
}

#[test]
fn the_form_selects_like_the_cli_and_shows_errors_next_to_the_field() {
    let s = server();
    let form = "system.name=%E5%8F%97%E4%BB%98&system.organization=%E3%80%87%E3%80%87%E7%9C%81\
                &classification.confidentiality=2&classification.integrity=2&classification.availability=2\
                &traits.internet_facing=true&traits.managed=application&traits.provider=commercial\
                &traits.outsourcing=development&traits.continuity=standard";
    let preview = ok(s.get(&format!("/preview?{form}")));
    let more = ok(s.get(&format!(
        "/preview?{}",
        form.replace("confidentiality=2", "confidentiality=3")
    )));
    let total = |html: &str| -> usize {
        let start = html
            .find("id=\"total\">")
            .unwrap_or_else(|| panic!("{html}"))
            + "id=\"total\">".len();
        html[start..]
            .split('<')
            .next()
            .unwrap()
            .parse()
            .expect("count")
    };
    assert!(total(&more) > total(&preview), "机密性3 adds requirements");

    // Applying the form (without script) leads to its requirements, the profile in the URL.
    let saved = s.post_form("/profile", form);
    assert_eq!(saved.status, 303);
    let location = saved.header("location").expect("redirect").to_string();
    let query = location
        .strip_prefix("/requirements?")
        .expect("requirements of the profile")
        .to_string();
    let dir = tempfile::tempdir().expect("tempdir");
    let text = s.get(&format!("/profile.toml?{query}")).body;
    std::fs::write(dir.path().join("p.toml"), &text).expect("write");
    let run = kijun()
        .current_dir(dir.path())
        .args(["select", "--profile", "p.toml", "--format", "json"])
        .run()
        .success();
    let cli: Vec<serde_json::Value> = serde_json::from_slice(&run.out.stdout).expect("json");
    assert_eq!(cli.len(), total(&preview));
    let page = ok(s.get(&location));
    assert_eq!(total(&page), cli.len());
    for r in &cli {
        assert!(page.contains(r["id"].as_str().unwrap()));
        let reason = r["reasons"][0].as_str().unwrap();
        assert!(page.contains(reason), "reason {reason}");
    }
    // Explain one that does not apply, as `kijun explain` does, the condition in words:
    // the provider runs the platform, and endpoints are not in scope.
    let explained = ok(s.get(&format!("/requirements?{query}&explain=MAL-01")));
    let cli = kijun()
        .current_dir(dir.path())
        .args(["explain", "--profile", "p.toml", "MAL-01"])
        .run();
    let out = cli.stdout();
    assert!(
        out.contains("  - OS・ミドルウェアはサービス提供者が管理するため"),
        "{out}"
    );
    for line in out
        .lines()
        .filter(|l| l.starts_with("  - ") || l.starts_with("適用条件: "))
    {
        let line = line.trim_start_matches("  - ");
        assert!(explained.contains(line), "{line}");
    }
    assert!(ok(s.get(&format!("/requirements?{query}&explain=NOPE-99")))
        .contains("カタログにありません"));
    // Full-width letters find what half-width ones do.
    let narrow = ok(s.get(&format!("/requirements?{query}&q=auth")));
    let wide = ok(s.get(&format!(
        "/requirements?{query}&q=%EF%BC%A1%EF%BC%B5%EF%BC%B4%EF%BC%A8"
    )));
    let shown = |html: &str| {
        html.split("id=\"shown-count\">")
            .nth(1)
            .and_then(|t| t.split('<').next())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(shown(&narrow), shown(&wide));
    assert_ne!(shown(&narrow), "0");

    // Errors: in the form's words, each beside its field, never a TOML key.
    let bad = s.post_form(
        "/profile",
        &form
            .replace("system.name=%E5%8F%97%E4%BB%98", "system.name=")
            .replace("integrity=2", "integrity=7"),
    );
    assert_eq!(bad.status, 422);
    let html = bad.text();
    assert!(
        html.contains("data-field=\"system.name\">システム名を入力してください"),
        "{html}"
    );
    assert!(html.contains("data-field=\"classification.integrity\">完全性の格付けを選んでください"));
    let visible = visible_text(&html);
    assert!(
        !visible.contains("system.name") && !visible.contains("integrity"),
        "{visible}"
    );
    // Pages of a wrong profile lead to the form and its errors.
    let wrong = s.get("/documents?system.name=&system.organization=x");
    assert_eq!(wrong.status, 303);
    assert!(wrong.header("location").unwrap().starts_with("/profile?"));
    // Downloads need the profile they are made from.
    assert_eq!(s.get("/download/spec.md").status, 400);
}

#[test]
fn profiles_are_loaded_and_a_broken_one_shows_the_cli_message() {
    let s = server();
    let query = s.use_profile(&example("typical"));
    let loaded = ok(s.get(&format!("/profile?{query}&notice=loaded")));
    assert!(loaded.contains("を読み込みました"), "{loaded}");
    // The page's profile.toml reads as the same profile as the file loaded.
    let saved = s.get(&format!("/profile.toml?{query}")).body;
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("saved.toml"), &saved).expect("write");
    std::fs::copy(example("typical"), dir.path().join("typical.toml")).expect("copy");
    let select = |file: &str| {
        kijun()
            .current_dir(dir.path())
            .args(["select", "--profile", file, "--format", "json"])
            .run()
            .success()
            .out
            .stdout
    };
    assert_eq!(select("saved.toml"), select("typical.toml"));
    let broken = b"[system]\nname = \"x\"\norganization = \"y\"\n[classification]\nconfidentiality = 2\nintegrity = 2\navailability = 2\n[traits]\nhostng = \"saas\"\n";
    let res = s.upload(
        &format!("/profile/upload?{query}"),
        &[("profile", "broken.toml", broken)],
    );
    assert_eq!(res.status, 422);
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
    // A file's problems name its keys and lines: that is where they are corrected.
    assert!(
        res.text().contains("「hosting」の誤りではありませんか"),
        "{}",
        res.text()
    );
    assert!(
        res.text().contains(first.trim_start_matches("- ")),
        "{first}"
    );
    // The page she was on is shown again, with its profile.
    assert!(
        res.text()
            .contains(&format!("value=\"{}\"", "電子申請受付システム"))
            || res.text().contains("name=\"system.name\"")
    );
}

#[test]
fn downloads_are_byte_identical_to_the_cli() {
    let s = server();
    let q = s.use_profile(&example("typical"));
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
        let url = if url.contains('?') {
            url.replace('?', &format!("?{q}&"))
        } else {
            format!("{url}?{q}")
        };
        let url = url.as_str();
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
    assert_eq!(s.get(&format!("/download/spec.pdf?{q}")).status, 404);
}

/// The response workbook of the typical profile, answered completely and correctly.
fn good_workbook(s: &Server, q: &str, dir: &Path) -> Vec<u8> {
    let sheet = dir.join("様式.xlsx");
    std::fs::write(&sheet, s.get(&format!("/download/sheet.xlsx?{q}")).body).expect("write");
    let mut filled = Filled::read(&sheet);
    filled.answer_everything();
    let good = dir.join("good.xlsx");
    filled.write_xlsx(&good);
    std::fs::read(good).expect("read")
}

/// The response workbook of the typical profile as a vendor returns it with faults (as
/// in tests/fixtures/filled-typical.xlsx, which was made under catalog 0.1.0): the sheet
/// renamed, 該当なし where it is not allowed, ×, △ without an explanation, a bare
/// reference, a blank answer and an altered requirement text.
fn faulty_workbook(s: &Server, q: &str, dir: &Path) -> Vec<u8> {
    let sheet = dir.join("様式.xlsx");
    std::fs::write(&sheet, s.get(&format!("/download/sheet.xlsx?{q}")).body).expect("write");
    let mut filled = Filled::read(&sheet);
    filled.answer_everything();
    filled.with_the_typical_faults();
    let bad = dir.join("filled-typical.xlsx");
    filled.write_xlsx(&bad);
    std::fs::read(bad).expect("read")
}

#[test]
fn uploads_give_the_cli_verdict_findings_and_reports() {
    let s = server();
    let q = s.use_profile(&example("typical"));
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(example("typical"), dir.path().join("typical.toml")).expect("copy");
    let bad = faulty_workbook(&s, &q, dir.path());

    // A good response passes.
    let good = good_workbook(&s, &q, dir.path());
    let (_, page) = s.verify(&q, &[("files", "good.xlsx", &good)]);
    let html = ok(page);
    assert!(html.contains("検証結果: 合格"), "{html}");
    assert!(html.contains("指摘事項（0 件）"));

    // A response with findings fails, and shows each with sheet, row and column.
    let (location, page) = s.verify(&q, &[("files", "filled-typical.xlsx", &bad)]);
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
    let (_, page) = s.verify(&q, &[("files", "broken.xlsx", junk)]);
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
    assert_eq!(s.get(&format!("/profile?{q}")).status, 200);

    // No file chosen.
    let res = s.upload(&format!("/verify?{q}"), &[]);
    assert_eq!(res.status, 400);
    assert!(res.text().contains("回答ファイルを選んでください"));
    let res = request(
        s.running.addr(),
        "POST",
        &format!("/verify?{q}"),
        &[("Cookie", &s.cookie), ("Content-Type", "text/plain")],
        b"x",
    )
    .expect("answered");
    assert_eq!(res.status, 400);
}

#[test]
fn several_files_are_compared_like_the_cli() {
    let s = server();
    let q = s.use_profile(&example("typical"));
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(example("typical"), dir.path().join("typical.toml")).expect("copy");
    let bad = faulty_workbook(&s, &q, dir.path());
    let good = good_workbook(&s, &q, dir.path());
    std::fs::write(dir.path().join("a.xlsx"), &bad).expect("write");
    std::fs::write(dir.path().join("b.xlsx"), &good).expect("write");
    let (location, page) = s.verify(&q, &[("files", "a.xlsx", &bad), ("files", "b.xlsx", &good)]);
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
    // Remember nothing in the user's own data folder.
    let data = tempfile::tempdir().expect("data dir");
    use std::io::BufRead;
    let bin = assert_cmd::cargo::cargo_bin("kijun");
    let mut child = std::process::Command::new(bin)
        .args(["serve", "--port", "0"])
        .env("KIJUN_DATA_DIR", data.path())
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

/// The spec (Markdown) of the profile a page's query carries.
fn spec_of(s: &Server, query: &str) -> String {
    let res = s.get(&format!("/download/spec.md?{query}"));
    assert_eq!(res.status, 200);
    res.text()
}

#[test]
fn two_tabs_with_two_profiles_each_download_their_own() {
    let s = server();
    let a = s.use_profile(&example("typical"));
    let b = s.use_profile(&example("minimal"));
    assert_ne!(a, b);
    let name = |q: &str| {
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "system.name")
            .map(|(_, v)| v.into_owned())
            .expect("system.name")
    };
    // Tab A, opened first, still downloads A's documents after B was loaded.
    let docs_a = ok(s.get(&format!("/documents?{a}")));
    assert!(docs_a.contains(&name(&a)));
    assert!(spec_of(&s, &a).contains(&name(&a)));
    assert!(!spec_of(&s, &a).contains(&name(&b)));
    assert!(spec_of(&s, &b).contains(&name(&b)));
    // The links of A's pages carry A.
    let link = docs_a
        .split("href=\"")
        .find(|h| h.starts_with("/download/spec.md?"))
        .and_then(|h| h.split('"').next())
        .expect("spec link")
        .replace("&amp;", "&");
    assert!(s.get(&link).text().contains(&name(&a)));
}

#[test]
fn the_last_profile_is_offered_again_after_a_restart() {
    let data = tempfile::tempdir().expect("data dir");
    let mut settings = Settings::loopback_any_port();
    settings.data_dir = Some(data.path().to_path_buf());
    let first = server_with(settings.clone());
    let root = first.get("/");
    assert!(!root
        .header("location")
        .unwrap()
        .contains("notice=remembered"));
    let q = first.use_profile(&example("minimal"));
    first.running.stop().expect("stop");
    let stored = std::fs::read_to_string(data.path().join("last-profile.toml")).expect("kept");
    assert!(stored.contains("[system]"), "{stored}");
    let second = server_with(settings);
    let root = second.get("/");
    let location = root.header("location").expect("redirect");
    assert_eq!(location, format!("/profile?{q}&notice=remembered"));
    let page = ok(second.get(location));
    assert!(page.contains("前回使ったプロファイル"), "{page}");
    assert!(page.contains("見本のプロファイルから始める"));
}

#[test]
fn the_stop_button_ends_the_server() {
    let s = server();
    let addr = s.running.addr();
    let res = request(addr, "POST", "/stop", &[("Cookie", &s.cookie)], &[]).expect("answered");
    assert_eq!(res.status, 200);
    assert!(res.text().contains("kijun を終了しました"));
    let deadline = Instant::now() + Duration::from_secs(10);
    while request(addr, "GET", "/", &[("Cookie", &s.cookie)], &[]).is_ok() {
        assert!(
            Instant::now() < deadline,
            "still serving after the stop button"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Limits short enough for a test to see them at work.
fn short_limits() -> Settings {
    let mut settings = Settings::loopback_any_port();
    settings.limits = Limits {
        header_timeout: Duration::from_millis(500),
        body_timeout: Duration::from_millis(700),
        idle: Duration::from_millis(600),
        busy_idle: Duration::from_millis(200),
        uploads_at_once: 1,
        verifications_at_once: 1,
        wait_for_turn: Duration::from_millis(300),
    };
    settings
}

/// Whether the server has closed `stream` (a read gives end of file or an error).
fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    stream.set_read_timeout(Some(limit)).expect("timeout");
    let mut buf = [0u8; 512];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            // An answer (408, 400) before the close is fine; keep reading.
            Ok(_) => continue,
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                return false
            }
            Err(_) => return true,
        }
    }
}

#[test]
fn many_idle_connections_do_not_stop_it_answering() {
    // Regression: ~1,030 idle connections crashed the server ("timers are disabled").
    // Here 300 (more than the 64 at which idle ones are closed sooner); the load
    // benchmark opens 1,100.
    let s = server();
    let addr = s.running.addr();
    let idle: Vec<TcpStream> = (0..300)
        .filter_map(|_| TcpStream::connect(addr).ok())
        .collect();
    assert!(idle.len() > 250, "only {} connections", idle.len());
    let t = Instant::now();
    let res = request(
        addr,
        "GET",
        "/static/app.css",
        &[("Cookie", &s.cookie)],
        &[],
    )
    .expect("answered");
    assert_eq!(res.status, 200);
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    // The crowd of idle connections is closed by the server, down to the 64 above which
    // idle ones are closed sooner (which ones stay is not ours to say).
    let mut idle = idle;
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut open = idle.len();
    while Instant::now() < deadline {
        open = idle
            .iter_mut()
            .map(|s| closed_within(s, Duration::from_millis(1)))
            .filter(|closed| !closed)
            .count();
        if open <= 64 {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(open <= 64, "{open} idle connections still open after 5 s");
}

#[test]
fn slow_heads_and_bodies_are_cut_off() {
    let s = server_with(short_limits());
    let addr = s.running.addr();
    // A head that never ends (slowloris): closed after the header timeout even though
    // it keeps sending.
    let mut slow = TcpStream::connect(addr).expect("connect");
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .expect("write");
    let t = Instant::now();
    let mut closed = false;
    for _ in 0..40 {
        if slow.write_all(b"X-a: b\r\n").is_err() {
            closed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        closed || closed_within(&mut slow, Duration::from_secs(2)),
        "slow head kept open"
    );
    assert!(t.elapsed() < Duration::from_secs(4));
    // A body that stops half way: the upload fails within the body timeout.
    let mut stalled = TcpStream::connect(addr).expect("connect");
    let q = s.use_profile(&example("typical"));
    let head = format!(
        "POST /verify?{q} HTTP/1.1\r\nHost: {addr}\r\nCookie: {}\r\nContent-Type: {}\r\nContent-Length: 100000\r\n\r\n",
        s.cookie,
        multipart_type()
    );
    stalled.write_all(head.as_bytes()).expect("head");
    stalled
        .write_all(&multipart(&[("files", "a.xlsx", b"PK")])[..40])
        .expect("part");
    assert!(
        closed_within(&mut stalled, Duration::from_secs(3)),
        "stalled body kept open"
    );
    // An idle connection (nothing sent) is closed too.
    let mut quiet = TcpStream::connect(addr).expect("connect");
    assert!(closed_within(&mut quiet, Duration::from_secs(3)));
    // And the server still answers.
    assert_eq!(s.get("/static/app.css").status, 200);
}

#[test]
fn a_busy_server_says_so_in_japanese() {
    let s = server_with(short_limits());
    let addr = s.running.addr();
    let q = s.use_profile(&example("typical"));
    // One upload in progress (its body half sent) takes the only turn…
    let mut holder = TcpStream::connect(addr).expect("connect");
    let body = multipart(&[("files", "a.xlsx", &[b'x'; 4096])]);
    let head = format!(
        "POST /verify?{q} HTTP/1.1\r\nHost: {addr}\r\nCookie: {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\r\n",
        s.cookie,
        multipart_type(),
        body.len()
    );
    holder.write_all(head.as_bytes()).expect("head");
    holder.write_all(&body[..200]).expect("part");
    std::thread::sleep(Duration::from_millis(100));
    // …so another waits its turn, then hears that the server is busy.
    let res = s.upload(&format!("/verify?{q}"), &[("files", "b.xlsx", b"PK")]);
    assert_eq!(res.status, 503, "{}", res.text());
    assert!(res.text().contains("混み合っています"), "{}", res.text());
    drop(holder);
}

#[test]
fn uploads_of_too_many_files_or_parts_are_refused_quickly() {
    let s = server();
    let q = s.use_profile(&example("typical"));
    let files: Vec<(String, Vec<u8>)> = (0..101)
        .map(|i| (format!("回答{i}.csv"), b"x".to_vec()))
        .collect();
    let parts: Vec<(&str, &str, &[u8])> = files
        .iter()
        .map(|(n, b)| ("files", n.as_str(), b.as_slice()))
        .collect();
    let res = s.upload(&format!("/verify?{q}"), &parts);
    assert_eq!(res.status, 413);
    assert!(
        res.text().contains("1 回に送れるのは 100 個まで"),
        "{}",
        res.text()
    );
    // Parts of other names count too (a 100,000-part upload hung the server before).
    let other: Vec<(&str, &str, &[u8])> = (0..2_000).map(|_| ("x", "x.csv", &b"x"[..])).collect();
    let t = Instant::now();
    let res = s.upload(&format!("/verify?{q}"), &other);
    assert_eq!(res.status, 413);
    assert!(t.elapsed() < Duration::from_secs(10));
}

#[test]
fn kijun_alone_from_a_terminal_prints_a_short_help() {
    // `script` runs the program with a terminal of its own.
    if !Path::new("/usr/bin/script").exists() {
        println!("SKIP: /usr/bin/script is missing");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("kijun");
    let out = std::process::Command::new("/usr/bin/script")
        .args(["-qec", &bin.display().to_string(), "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("script runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("kijun serve --open"), "{text}");
    assert!(text.contains("kijun help"), "{text}");
}

#[test]
fn kijun_alone_without_a_terminal_serves_and_opens_the_browser_privately() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("tempdir");
    // A stand-in browser that keeps the file it is given.
    let opener = dir.path().join("browser.sh");
    let opened = dir.path().join("opened.html");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\ncp \"$1\" '{}'\n", opened.display()),
    )
    .expect("opener");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let bin = assert_cmd::cargo::cargo_bin("kijun");
    let mut child = std::process::Command::new(bin)
        .env("KIJUN_NO_TERMINAL", "1")
        .env("KIJUN_BROWSER", &opener)
        .env("KIJUN_DATA_DIR", dir.path().join("data"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let mut lines = std::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.starts_with("http://"))
        .expect("URL printed");
    let addr: std::net::SocketAddr = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .and_then(|a| a.parse().ok())
        .expect("address");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !opened.exists() {
        assert!(Instant::now() < deadline, "the browser was not opened");
        std::thread::sleep(Duration::from_millis(50));
    }
    let html = std::fs::read_to_string(&opened).expect("launch file");
    let token = html
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .expect("token in the launch file");
    assert!(
        html.contains(&format!("action=\"http://{addr}/login\"")),
        "{html}"
    );
    let res = request(
        addr,
        "POST",
        "/login",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", "null"),
        ],
        format!("token={token}").as_bytes(),
    )
    .expect("login");
    assert_eq!(res.status, 200);
    let cookie = res
        .header("set-cookie")
        .expect("session")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    // The stop button ends the program, with success.
    let res = request(addr, "POST", "/stop", &[("Cookie", &cookie)], &[]).expect("stop");
    assert_eq!(res.status, 200);
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "kijun did not end after the stop button"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
}

#[test]
fn an_upload_of_an_older_edition_says_how_to_verify_it() {
    // A golden 0.1.0 workbook: the browser's profile is in the current edition's terms,
    // which 0.1.0 cannot read, so the page says so and how to verify it with the CLI
    // (tests/editions.rs verifies the same file from the command line).
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/editions/0.1.0");
    let s = server();
    let query = s.use_profile(&golden.join("typical.toml"));
    let faults = std::fs::read(golden.join("faults-typical.xlsx")).expect("golden");
    let res = s.upload(
        &format!("/verify?{query}"),
        &[("files", "faults-typical.xlsx", &faults)],
    );
    assert_eq!(res.status, 400);
    let html = res.text();
    assert!(html.contains("版 0.1.0 で作成されているため"), "{html}");
    assert!(
        html.contains("kijun verify --profile 作成時のプロファイル.toml"),
        "{html}"
    );
    assert!(!html.contains("--catalog embedded"), "{html}");
}

#[test]
fn parameters_survive_the_page_the_form_and_the_saved_profile() {
    // A profile's [parameters] (the 発注者's own values) travel with the page, show in
    // the form, and come back in the profile.toml it saves; defaults stay out of links.
    let s = server();
    let dir = tempfile::tempdir().expect("tempdir");
    let typical = std::fs::read_to_string(example("typical")).expect("typical");
    let p = dir.path().join("p.toml");
    std::fs::write(
        &p,
        format!("{typical}\n[parameters]\nlog_retention_months = 60\n"),
    )
    .expect("write");
    let query = s.use_profile(&p);
    assert!(
        query.contains("parameters.log_retention_months=60"),
        "{query}"
    );
    assert!(
        !query.contains("parameters.incident_first_report_hours"),
        "{query}"
    );
    let saved = String::from_utf8(s.get(&format!("/profile.toml?{query}")).body).expect("utf-8");
    assert!(
        saved.contains("[parameters]\nlog_retention_months = 60\n"),
        "{saved}"
    );
    let form = ok(s.get(&format!("/profile?{query}")));
    assert!(
        form.contains("name=\"parameters.log_retention_months\" value=\"60\""),
        "{form}"
    );
    // The 仕様書 of the page says 60か月, as the CLI does with the same file.
    let spec = String::from_utf8(s.get(&format!("/download/spec.md?{query}")).body).expect("utf-8");
    assert!(spec.contains("60か月以上保存"), "{spec}");
}

/// The 照会書 and the next round's workbook, as bytes.
type Written = Option<(Vec<u8>, Vec<u8>)>;

/// `kijun review --inquiry 照会書.docx --next 第2回回答様式.xlsx` on `reviewed` in
/// `dir`: its exit code and the two files it wrote, if any.
fn cli_review(dir: &Path, reviewed: &str) -> (i32, Written) {
    let (inquiry, next) = (dir.join("照会書.docx"), dir.join("第2回回答様式.xlsx"));
    let _ = std::fs::remove_file(&inquiry);
    let _ = std::fs::remove_file(&next);
    let run = kijun()
        .current_dir(dir)
        .args(["review", "--profile", "typical.toml", reviewed])
        .args(["--inquiry", "照会書.docx", "--next", "第2回回答様式.xlsx"])
        .run();
    let written = std::fs::read(&inquiry).ok().zip(std::fs::read(&next).ok());
    (run.code(), written)
}

#[test]
fn a_reviewed_report_gives_the_cli_inquiry_and_next_workbook() {
    let s = server();
    let q = s.use_profile(&example("typical"));
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(example("typical"), dir.path().join("typical.toml")).expect("copy");
    let bad = faulty_workbook(&s, &q, dir.path());
    let (location, page) = s.verify(&q, &[("files", "filled-typical.xlsx", &bad)]);
    let html = ok(page);
    assert!(html.contains("審査した検証結果から照会書を作る"), "{html}");
    assert!(html.contains(&format!("action=\"/review?{}\"", q.replace('&', "&amp;"))));

    // The reviewer's working workbook, downloaded from the result page.
    let report = s.get(&format!("{location}/0/report.xlsx"));
    assert_eq!(report.status, 200);
    let report_path = dir.path().join("検証結果.xlsx");
    std::fs::write(&report_path, &report.body).expect("write");
    let mut book = Filled::read(&report_path);

    // Undecided: the findings are listed and nothing is offered, as the CLI writes nothing.
    let undecided = dir.path().join("未判断.xlsx");
    book.write_xlsx(&undecided);
    let bytes = std::fs::read(&undecided).expect("read");
    let res = s.upload(
        &format!("/review?{q}"),
        &[("report", "未判断.xlsx", &bytes)],
    );
    assert_eq!(res.status, 303, "{}", res.text());
    let page = ok(s.get(res.header("location").expect("redirect")));
    assert!(page.contains("、未判断 "), "{page}");
    assert!(page.contains("未判断: No.1 ["), "{page}");
    assert!(!page.contains("照会書.docx"), "{page}");
    assert_eq!(cli_review(dir.path(), "未判断.xlsx"), (1, None));

    // Decided: one 承認, one 条件付承認, the rest 差戻し.
    let findings = book.sheet("指摘事項");
    let n = findings.rows.len() - 1;
    assert!(n >= 3, "{n} findings");
    findings.set_cell(1, "判断", "承認");
    findings.set_cell(2, "判断", "条件付承認");
    findings.decide_the_rest("差戻し");
    let reviewed = dir.path().join("検証結果_判断済み.xlsx");
    book.write_xlsx(&reviewed);
    let bytes = std::fs::read(&reviewed).expect("read");
    let res = s.upload(
        &format!("/review?{q}"),
        &[("report", "検証結果_判断済み.xlsx", &bytes)],
    );
    assert_eq!(res.status, 303, "{}", res.text());
    let location = res.header("location").expect("redirect").to_string();
    let page = ok(s.get(&location));
    let summary = format!(
        "判断: 承認 1、条件付承認 1、差戻し {}、要確認 0、未判断 0（指摘 {n} 件",
        n - 2
    );
    assert!(page.contains(&summary), "{page}");
    assert!(page.contains("照会書.docx") && page.contains("第2回回答様式.xlsx"));

    let (code, written) = cli_review(dir.path(), "検証結果_判断済み.xlsx");
    assert_eq!(code, 0);
    let (inquiry, next) = written.expect("the CLI wrote both");
    for (file, expected, name) in [
        ("inquiry.docx", &inquiry, "照会書.docx"),
        ("next.xlsx", &next, "第2回回答様式.xlsx"),
    ] {
        let res = s.get(&format!("{location}/{file}"));
        assert_eq!(res.status, 200, "{file}");
        let disposition = res.header("content-disposition").expect("disposition");
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        assert_eq!(download_name(disposition), name);
        assert!(
            &res.body == expected,
            "{file} differs from what kijun review writes"
        );
    }

    // A vendor's answers are not a reviewed report: the CLI's Japanese message.
    let res = s.upload(
        &format!("/review?{q}"),
        &[("report", "filled-typical.xlsx", &bad)],
    );
    assert_eq!(res.status, 400);
    let text = res.text();
    assert!(text.contains("filled-typical.xlsx"), "{text}");
    let cli = kijun()
        .current_dir(dir.path())
        .args(["review", "--profile", "typical.toml", "filled-typical.xlsx"])
        .run();
    assert_eq!(cli.code(), 2, "{}", cli.stderr());
    let first = cli.stderr().lines().next().unwrap_or("").to_string();
    let reason = first.split_once(": ").map_or(first.as_str(), |(_, r)| r);
    assert!(
        visible_text(&text).contains(reason.trim()),
        "{reason} not in {text}"
    );
    assert_eq!(s.get(&format!("{location}/other.pdf")).status, 404);

    // The page of another profile: the report was not made for it.
    let other = s.use_profile(&example("minimal"));
    let res = s.upload(
        &format!("/review?{other}"),
        &[("report", "検証結果_判断済み.xlsx", &bytes)],
    );
    assert_eq!(res.status, 400);
    assert!(res.text().contains("異なるプロファイル"), "{}", res.text());

    // Over the CLI's file limit (within the request's room for its framing).
    let mut huge = b"PK\x03\x04".to_vec();
    huge.resize(50 * 1024 * 1024 + 1, 0);
    let res = s.upload(&format!("/review?{q}"), &[("report", "大きい.xlsx", &huge)]);
    assert_eq!(res.status, 413, "{}", res.text());
    assert!(res.text().contains("大きすぎます"), "{}", res.text());
}

/// The file name a download's `Content-Disposition` gives (its `filename*`, decoded).
fn download_name(disposition: &str) -> String {
    let encoded = disposition
        .split("filename*=UTF-8''")
        .nth(1)
        .unwrap_or_else(|| panic!("no filename* in {disposition}"));
    let bytes = encoded.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8 name")
}
