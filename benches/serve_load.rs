//! Load and abuse on `kijun serve`: `cargo bench --bench serve_load [-- NAME…]`
//! (release build), NAME among `load`, `idle`, `parts`, `bombs` (default: all).
//!
//! - load: a synthetic catalog of 2,000 requirements (all applying) is served; its
//!   response workbook is downloaded, filled as a vendor would, and uploaded to /verify
//!   by 20 clients at once, for a fixed number of rounds (throughput, latencies).
//! - idle: 1,100 connections opened and left idle (no token needed for that).
//! - parts: one upload of 100,000 parts of one name.
//! - bombs: 8 uploads at once of a 1 MB workbook whose shared strings inflate to 1 GB.
//!
//! During each abuse a person's request (the profile page with its live count) is sent
//! every 100 ms; the bench prints
//! the slowest answer and the process's peak memory (VmHWM) as Markdown, and fails if a
//! page took more than 1 s or the server stopped answering. All traffic stays on
//! 127.0.0.1; every loop is bounded in count and time.

#[path = "../tests/common/http.rs"]
mod http;

use std::io::{Cursor, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use calamine::Reader;
use kijun::catalog::load::embedded_files;
use kijun::serve::{start, Settings};

const REQUIREMENTS: usize = 2_000;
const CLIENTS: usize = 20;
const ROUNDS: usize = 3;
const AREAS: [&str; 8] = ["OUT", "CLD", "AUTH", "ACL", "LOG", "CRY", "VUL", "OPS"];

/// The catalog files of `n` requirements, all applying (as in benches/kijun.rs).
fn synthetic_catalog(dir: &std::path::Path, n: usize) {
    let mut files: Vec<(String, String)> = embedded_files()
        .into_iter()
        .filter(|(f, _)| !f.starts_with(char::is_numeric))
        .collect();
    let per = n.div_ceil(AREAS.len());
    let mut left = n;
    for (a, prefix) in AREAS.iter().enumerate() {
        let mut text = format!("[area]\nid = \"B{prefix}\"\nname = \"分類{a}\"\n");
        for i in 0..per.min(left) {
            let subject = if i % 3 == 0 { "contractor" } else { "system" };
            text.push_str(&format!(
                "\n[[requirement]]\nid = \"B{prefix}-{i:04}\"\ntitle = \"性能試験用の要件 {a}-{i}\"\nlevel = \"基本\"\nsubject = \"{subject}\"\nbasis = [\"統一基準 6.1.1 主体認証機能\"]\nspec = \"性能試験のため、分類{a}の{i}番目の機能として、利用者の操作を記録し、管理者が定期的に点検できるようにすること。\"\n"
            ));
            if subject == "contractor" {
                text.push_str(&format!("clause = \"受注者は、性能試験のため、分類{a}の{i}番目の義務として、作業の記録を発注者に提出しなければならない。\"\nevidence = \"作業記録\"\n"));
            }
        }
        left -= per.min(left);
        files.push((format!("{:02}-bench.toml", a + 1), text));
    }
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write catalog file");
    }
}

/// The response workbook with every answer filled in (vendor side).
fn fill(bytes: Vec<u8>) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let mut src = calamine::Xlsx::<_>::new(Cursor::new(bytes)).expect("read back");
    for name in src.sheet_names() {
        let range = src.worksheet_range(&name).expect("sheet");
        let ws = wb.add_worksheet();
        ws.set_name(&name).expect("name");
        ws.set_hidden(name == "kijun_meta");
        for (r, row) in range.rows().enumerate() {
            for (col, v) in row.iter().enumerate() {
                let s = v.to_string();
                if !s.is_empty() {
                    ws.write_string(r as u32, col as u16, &s).expect("cell");
                }
            }
            if name == "回答" && r >= 4 {
                ws.write_string(r as u32, 6, if r % 7 == 0 { "△" } else { "○" })
                    .expect("answer");
                ws.write_string(r as u32, 7, "標準機能で対応します。")
                    .expect("explanation");
                ws.write_string(r as u32, 8, "提案書 別添1")
                    .expect("evidence");
            }
        }
    }
    wb.save_to_buffer().expect("save")
}

/// A profile (its fields, as every page carries them) for the abuse uploads.
const PROFILE: &str = "system.name=x&system.organization=y&classification.confidentiality=2&classification.integrity=2&classification.availability=2&traits.cloud=none";

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let run = |name: &str| wanted.is_empty() || wanted.iter().any(|w| w == name);
    let dir = tempfile::tempdir().expect("tempdir");
    synthetic_catalog(dir.path(), REQUIREMENTS);
    let mut settings = Settings::loopback_any_port();
    settings.catalog_dir = Some(dir.path().to_path_buf());
    let server = start(settings).expect("server");
    let addr = server.addr();
    let cookie = http::session(&server);
    let mut failures = Vec::new();
    if run("load") {
        load(addr, &cookie);
    }
    println!("\n## Abuse: a page every 100 ms while it lasts\n");
    println!("| abuse | how it went | pages answered | slowest page | peak memory (VmHWM) |\n|---|---|---:|---:|---:|");
    if run("idle") {
        failures.extend(abuse("1,100 idle connections", addr, &cookie, || {
            idle(addr)
        }));
    }
    if run("parts") {
        failures.extend(abuse("one upload of 100,000 parts", addr, &cookie, || {
            parts(addr, &cookie)
        }));
    }
    if run("bombs") {
        let bomb = shared_string_bomb();
        failures.extend(abuse(
            &format!(
                "8 shared-string bombs at once ({:.1} MB each, 1 GB inflated)",
                bomb.len() as f64 / 1_048_576.0
            ),
            addr,
            &cookie,
            || bombs(addr, &cookie, &bomb),
        ));
    }
    println!(
        "\ncores: {}",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    server.stop().expect("stop");
    assert!(failures.is_empty(), "{failures:?}");
}

/// The process's peak resident memory so far (Linux), in MB.
fn peak_mb() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or("–".into(), |kb| format!("{:.0} MB", kb / 1024.0))
}

/// Run `attack` while a person asks for a page every 100 ms; a table row, and what
/// went wrong (a page slower than 1 s, or not answered).
fn abuse(
    name: &str,
    addr: SocketAddr,
    cookie: &str,
    attack: impl FnOnce() -> String + Send,
) -> Vec<String> {
    let done = AtomicBool::new(false);
    let (outcome, pages) = std::thread::scope(|s| {
        let person = s.spawn(|| {
            let mut pages: Vec<Result<Duration, String>> = Vec::new();
            // Bounded: at most 10 minutes of pages.
            for _ in 0..6_000 {
                if done.load(Ordering::Relaxed) {
                    break;
                }
                let t = Instant::now();
                let page = format!("/profile?{PROFILE}");
                let res = http::request(addr, "GET", &page, &[("Cookie", cookie)], &[]);
                pages.push(match res {
                    Ok(r) if r.status == 200 => Ok(t.elapsed()),
                    Ok(r) => Err(format!("status {}", r.status)),
                    Err(e) => Err(e.to_string()),
                });
                std::thread::sleep(Duration::from_millis(100));
            }
            pages
        });
        let outcome = attack();
        done.store(true, Ordering::Relaxed);
        (outcome, person.join().unwrap_or_default())
    });
    let slowest = pages
        .iter()
        .filter_map(|p| p.as_ref().ok())
        .max()
        .copied()
        .unwrap_or_default();
    let failed: Vec<&String> = pages.iter().filter_map(|p| p.as_ref().err()).collect();
    println!(
        "| {name} | {outcome} | {} of {} | {} | {} |",
        pages.len() - failed.len(),
        pages.len(),
        ms(slowest),
        peak_mb()
    );
    let mut problems = Vec::new();
    if slowest > Duration::from_secs(1) {
        problems.push(format!("{name}: a page took {}", ms(slowest)));
    }
    if let Some(e) = failed.first() {
        problems.push(format!("{name}: {} pages not answered ({e})", failed.len()));
    }
    problems
}

/// 1,100 connections opened and left idle; how many the server had closed 5 s later.
fn idle(addr: SocketAddr) -> String {
    let mut open: Vec<TcpStream> = Vec::new();
    let mut refused = 0;
    for _ in 0..1_100 {
        match TcpStream::connect_timeout(&addr, Duration::from_secs(2)) {
            Ok(s) => open.push(s),
            Err(_) => refused += 1,
        }
    }
    std::thread::sleep(Duration::from_secs(5));
    let mut closed = 0;
    for s in &mut open {
        let _ = s.set_read_timeout(Some(Duration::from_millis(5)));
        let mut b = [0u8; 1];
        if matches!(s.read(&mut b), Ok(0) | Err(_)) {
            // Ok(0): closed by the server; a timeout error means still open.
            if !matches!(s.read(&mut b), Err(ref e) if e.kind() == std::io::ErrorKind::WouldBlock || e.kind() == std::io::ErrorKind::TimedOut)
            {
                closed += 1;
            }
        }
    }
    format!(
        "{} opened ({refused} not accepted in 2 s), {closed} closed by the server within 5 s",
        open.len()
    )
}

/// One upload of 100,000 parts of one name: how the server answered, and how fast.
fn parts(addr: SocketAddr, cookie: &str) -> String {
    let files: Vec<(&str, &str, &[u8])> = (0..100_000)
        .map(|_| ("files", "回答.csv", "ID,回答\n".as_bytes()))
        .collect();
    let body = http::multipart(&files);
    let t = Instant::now();
    let answer = raw_upload(addr, cookie, &format!("/verify?{PROFILE}"), &body);
    format!(
        "{answer} in {} ({:.1} MB sent)",
        ms(t.elapsed()),
        body.len() as f64 / 1_048_576.0
    )
}

/// POST `body` as multipart, tolerating a server that answers and closes before the
/// body is all sent; the answer's status line, or what happened.
fn raw_upload(addr: SocketAddr, cookie: &str, path: &str, body: &[u8]) -> String {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return "not connected".into();
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(600)));
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        http::multipart_type(),
        body.len()
    );
    let sent = stream
        .write_all(head.as_bytes())
        .and_then(|_| stream.write_all(body));
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let status = String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    match (status.is_empty(), sent) {
        (true, Err(e)) => format!("closed while sending ({e})"),
        (true, Ok(())) => "no answer".into(),
        (false, _) => status,
    }
}

/// An .xlsx of about 1 MB whose shared strings inflate to 1 GB (1,000 strings of 1 MB).
fn shared_string_bomb() -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    let parts: [(&str, &str); 5] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="回答" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
        (
            "xl/worksheets/sheet1.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row></sheetData></worksheet>"#,
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, options).expect("part");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.start_file("xl/sharedStrings.xml", options)
        .expect("part");
    let strings = 1_000;
    zip.write_all(format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{strings}" uniqueCount="{strings}">"#).as_bytes()).expect("write");
    let megabyte = vec![b'A'; 1_000_000];
    for _ in 0..strings {
        zip.write_all(b"<si><t>").expect("write");
        zip.write_all(&megabyte).expect("write");
        zip.write_all(b"</t></si>").expect("write");
    }
    zip.write_all(b"</sst>").expect("write");
    zip.finish().expect("zip").into_inner()
}

/// Eight bombs uploaded at once; how each was answered.
fn bombs(addr: SocketAddr, cookie: &str, bomb: &[u8]) -> String {
    let body = http::multipart(&[("files", "bomb.xlsx", bomb)]);
    let t = Instant::now();
    let answers: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| s.spawn(|| raw_upload(addr, cookie, &format!("/verify?{PROFILE}"), &body)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut counted: Vec<(String, usize)> = Vec::new();
    for a in answers {
        match counted.iter_mut().find(|(x, _)| *x == a) {
            Some((_, n)) => *n += 1,
            None => counted.push((a, 1)),
        }
    }
    let list: Vec<String> = counted.iter().map(|(a, n)| format!("{n} × {a}")).collect();
    format!("{} in {}", list.join(", "), ms(t.elapsed()))
}

/// 20 clients uploading a filled 2,000-row workbook at once, for a few rounds.
fn load(addr: SocketAddr, cookie: &str) {
    let get =
        |path: &str| http::request(addr, "GET", path, &[("Cookie", cookie)], &[]).expect("GET");
    let root = get("/");
    let query = root
        .header("location")
        .and_then(|l| l.split_once('?'))
        .map(|(_, q)| q.to_string())
        .expect("the profile to start from");
    let sheet = get(&format!("/download/sheet.xlsx?{query}"));
    assert_eq!(sheet.status, 200, "{}", sheet.text());
    let workbook = fill(sheet.body);
    let body = http::multipart(&[("files", "filled-2000.xlsx", &workbook)]);
    let content_type = http::multipart_type();
    let path = format!("/verify?{query}");

    let mut latencies: Vec<Duration> = Vec::new();
    let mut failed = 0usize;
    let started = Instant::now();
    for _ in 0..ROUNDS {
        let results: Vec<Result<Duration, String>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..CLIENTS)
                .map(|_| {
                    s.spawn(|| {
                        let t = Instant::now();
                        let headers = [("Cookie", cookie), ("Content-Type", &content_type)];
                        let res = http::request(addr, "POST", &path, &headers, &body)
                            .map_err(|e| e.to_string())?;
                        if res.status != 303 {
                            return Err(format!("status {}", res.status));
                        }
                        // Read the results page as the browser would after the redirect.
                        let location = res.header("location").unwrap_or("/").to_string();
                        let page =
                            http::request(addr, "GET", &location, &[("Cookie", cookie)], &[])
                                .map_err(|e| e.to_string())?;
                        if page.status != 200 || !page.text().contains("id=\"verdict\"") {
                            return Err(format!("results page status {}", page.status));
                        }
                        Ok(t.elapsed())
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Err("client panicked".into())))
                .collect()
        });
        for r in results {
            match r {
                Ok(d) => latencies.push(d),
                Err(e) => {
                    eprintln!("failed: {e}");
                    failed += 1;
                }
            }
        }
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let pick = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or_default()
    };
    let total = CLIENTS * ROUNDS;
    println!(
        "## kijun serve: {CLIENTS} concurrent verify uploads of a {REQUIREMENTS}-row workbook\n"
    );
    println!("| measure | value |\n|---|---:|");
    println!(
        "| workbook size | {:.1} KB |",
        workbook.len() as f64 / 1024.0
    );
    println!("| uploads | {total} ({ROUNDS} rounds of {CLIENTS} at once) |");
    println!("| failed | {failed} |");
    println!(
        "| throughput | {:.2} uploads/s |",
        total as f64 / elapsed.as_secs_f64()
    );
    println!("| latency p50 | {} |", ms(pick(0.50)));
    println!("| latency p95 | {} |", ms(pick(0.95)));
    println!("| latency max | {} |", ms(pick(1.0)));
    assert_eq!(failed, 0, "some uploads failed");
}
