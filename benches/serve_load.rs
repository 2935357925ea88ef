//! Load on `kijun serve`: `cargo bench --bench serve_load` (release build).
//!
//! A synthetic catalog of 2,000 requirements (all applying) is written to a temporary
//! folder and served; its response workbook is downloaded from the server, filled as a
//! vendor would, and then uploaded to /verify by 20 clients at once, for a fixed number
//! of rounds. It prints throughput, p50/p95/max latency and the number of failed
//! requests as Markdown. All traffic stays on 127.0.0.1.

#[path = "../tests/common/http.rs"]
mod http;

use std::io::Cursor;
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

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    synthetic_catalog(dir.path(), REQUIREMENTS);
    let mut settings = Settings::loopback_any_port();
    settings.catalog_dir = Some(dir.path().to_path_buf());
    let server = start(settings).expect("server");
    let addr = server.addr();
    let cookie = format!("kijun_token_{}={}", addr.port(), server.token());
    let get =
        |path: &str| http::request(addr, "GET", path, &[("Cookie", &cookie)], &[]).expect("GET");
    let sheet = get("/download/sheet.xlsx");
    assert_eq!(sheet.status, 200, "{}", sheet.text());
    let workbook = fill(sheet.body);
    let body = http::multipart(&[("files", "filled-2000.xlsx", &workbook)]);
    let content_type = http::multipart_type();

    let mut latencies: Vec<Duration> = Vec::new();
    let mut failed = 0usize;
    let started = Instant::now();
    for _ in 0..ROUNDS {
        let results: Vec<Result<Duration, String>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..CLIENTS)
                .map(|_| {
                    s.spawn(|| {
                        let t = Instant::now();
                        let headers =
                            [("Cookie", cookie.as_str()), ("Content-Type", &content_type)];
                        let res = http::request(addr, "POST", "/verify", &headers, &body)
                            .map_err(|e| e.to_string())?;
                        if res.status != 303 {
                            return Err(format!("status {}", res.status));
                        }
                        // Read the results page as the browser would after the redirect.
                        let location = res.header("location").unwrap_or("/").to_string();
                        let page =
                            http::request(addr, "GET", &location, &[("Cookie", &cookie)], &[])
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
    println!(
        "| cores | {} |",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    server.stop().expect("stop");
    assert_eq!(failed, 0, "some uploads failed");
}
