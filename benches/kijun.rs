//! Benchmarks against the floor: `cargo bench --bench kijun` (release build).
//!
//! Everything it needs is generated here: a synthetic catalog of N requirements (all
//! applying), the response workbook kijun writes for it, filled as a vendor would.
//! It prints a Markdown report with ratios measured in the same run:
//! - verify ÷ opening and reading the same workbook with calamine alone;
//! - peak memory of verify ÷ that bare read's peak (each in its own process);
//! - writing the response workbook ÷ writing the same cells with rust_xlsxwriter alone;
//! - spec and clauses on 2,000 requirements;
//! - compare over 10 files on 1 and 2 threads, and 5 vs 10 files.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use calamine::{open_workbook_auto, Reader};
use kijun::catalog::load::{embedded_files, from_files};
use kijun::catalog::Catalog;
use kijun::profile::Profile;
use kijun::select::select;
use kijun::sheet::form::write::{workbook, SheetOptions};

const AREAS: [&str; 8] = ["OUT", "CLD", "AUTH", "ACL", "LOG", "CRY", "VUL", "OPS"];

/// A catalog of `n` requirements, all applying to any profile.
fn synthetic_catalog(n: usize) -> Catalog {
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
    from_files(&files, "bench").expect("synthetic catalog loads")
}

fn profile(c: &Catalog) -> Profile {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/typical.toml"
    ))
    .expect("profile");
    Profile::parse(&text, "typical.toml", &c.schema).expect("profile parses")
}

/// Write the response workbook for `n` requirements, filled in, to `dir`.
fn filled_workbook(dir: &Path, n: usize, tag: &str) -> (Catalog, Profile, PathBuf) {
    let c = synthetic_catalog(n);
    let p = profile(&c);
    let selected = select(&c, &p);
    let bytes = workbook(&c, &p, &selected, &SheetOptions::default()).expect("workbook");
    // Fill every answer cell by re-writing the workbook's cells (vendor side).
    let path = dir.join(format!("filled-{n}-{tag}.xlsx"));
    let mut wb = rust_xlsxwriter::Workbook::new();
    let mut src = calamine::Xlsx::<_>::new(std::io::Cursor::new(bytes)).expect("read back");
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
    wb.save(&path).expect("save");
    (c, p, path)
}

/// The fastest of `runs` runs.
fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn bare_read(path: &Path) {
    let mut wb = open_workbook_auto(path).expect("open");
    for name in wb.sheet_names() {
        let r = wb.worksheet_range(&name).expect("range");
        std::hint::black_box(r.get_size());
    }
}

fn verify(c: &Catalog, p: &Profile, path: &Path) {
    let report = kijun::verify::verify_file(c, p, path).expect("verify");
    std::hint::black_box(report.summary.errors);
}

/// Peak resident memory (kB) of this process so far.
fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Run this benchmark binary again as a child doing one thing, and read its peak memory.
fn child_peak(what: &str, n: usize, path: &Path) -> u64 {
    let out = std::process::Command::new(std::env::current_exe().expect("exe"))
        .args(["--child", what, &n.to_string()])
        .arg(path)
        .output()
        .expect("child runs");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

fn child(args: &[String]) {
    let (what, n, path) = (
        &args[0],
        args[1].parse::<usize>().expect("n"),
        Path::new(&args[2]),
    );
    match what.as_str() {
        "bare" => bare_read(path),
        "catalog" => {
            let c = synthetic_catalog(n);
            std::hint::black_box(profile(&c));
        }
        _ => {
            let c = synthetic_catalog(n);
            let p = profile(&c);
            let before = peak_kb();
            verify(&c, &p, path);
            let _ = before;
        }
    }
    println!("{}", peak_kb());
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        return child(&args[i + 1..]);
    }
    // `--phases N FILE`: where verify's time goes (reading vs checking), for profiling.
    if let Some(i) = args.iter().position(|a| a == "--phases") {
        let n: usize = args[i + 1].parse().expect("N");
        let path = Path::new(&args[i + 2]);
        let c = synthetic_catalog(n);
        let p = profile(&c);
        let bare = best(5, || bare_read(path));
        let no_merges = best(5, || {
            std::hint::black_box(
                kijun::sheet::ingest::read_book(path, &|_| false)
                    .expect("read")
                    .sheets
                    .len(),
            );
        });
        let read = best(5, || {
            std::hint::black_box(
                kijun::sheet::ingest::read_book(path, &|g| {
                    kijun::verify::locate::has_header(g, &c.headers)
                })
                .expect("read")
                .sheets
                .len(),
            );
        });
        let book = kijun::sheet::ingest::read_book(path, &|g| {
            kijun::verify::locate::has_header(g, &c.headers)
        })
        .expect("read");
        let check = best(5, || {
            std::hint::black_box(
                kijun::verify::verify_book(&c, &p, &book)
                    .expect("verify")
                    .summary
                    .errors,
            );
        });
        return println!(
            "bare {} | read without merges {} | read {} | checks {}",
            ms(bare),
            ms(no_merges),
            ms(read),
            ms(check)
        );
    }
    // `--sheet-loop N`: generate the response workbook 20 times, for profiling.
    if let Some(i) = args.iter().position(|a| a == "--sheet-loop") {
        let c = synthetic_catalog(args[i + 1].parse().expect("N"));
        let p = profile(&c);
        let selected = select(&c, &p);
        for _ in 0..20 {
            std::hint::black_box(
                workbook(&c, &p, &selected, &SheetOptions::default())
                    .expect("workbook")
                    .len(),
            );
        }
        return;
    }
    // `--make N DIR`: write the filled N-row workbook into DIR, for profiling by hand
    // (e.g. `perf record <bench binary> --child verify N DIR/filled-N-v.xlsx`).
    if let Some(i) = args.iter().position(|a| a == "--make") {
        let n = args[i + 1].parse().expect("N");
        let (_, _, path) = filled_workbook(Path::new(&args[i + 2]), n, "v");
        return println!("{}", path.display());
    }
    let dir = tempfile::tempdir().expect("tempdir");
    println!("# kijun benchmarks\n");
    println!(
        "Machine: {} cores; release build; best of several runs.\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    // Sections by name (`cargo bench --bench kijun -- sheet`); all by default.
    let wanted: Vec<&str> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(String::as_str)
        .collect();
    let run = |name: &str| wanted.is_empty() || wanted.contains(&name);
    if run("verify") {
        verify_section(dir.path());
    }
    if run("sheet") {
        sheet_section();
    }
    if run("compare") {
        compare_section(dir.path());
    }
    if run("documents") {
        documents();
    }
}

/// verify ÷ bare calamine read, in time and peak memory.
fn verify_section(dir: &Path) {
    println!("## verify vs bare calamine read\n");
    println!("| rows | bare read | verify | ratio | peak (bare) | peak (catalog alone) | peak (verify, incl. catalog) | memory ratio | ratio without the catalog |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in [200, 2_000, 20_000] {
        let (c, p, path) = filled_workbook(dir, n, "v");
        let runs = if n > 5_000 { 3 } else { 7 };
        let bare = best(runs, || bare_read(&path));
        let full = best(runs, || verify(&c, &p, &path));
        let (mb, mc, mv) = (
            child_peak("bare", n, &path),
            child_peak("catalog", n, &path),
            child_peak("verify", n, &path),
        );
        // A process's baseline (runtime, binary) counts in each peak; the catalog of n
        // requirements is what verify needs before it opens any file.
        println!(
            "| {n} | {} | {} | {:.2} | {:.1} MB | {:.1} MB | {:.1} MB | {:.2} | {:.2} |",
            ms(bare),
            ms(full),
            full.as_secs_f64() / bare.as_secs_f64(),
            mb as f64 / 1024.0,
            mc as f64 / 1024.0,
            mv as f64 / 1024.0,
            mv as f64 / mb.max(1) as f64,
            mv.saturating_sub(mc) as f64 / mb.max(1) as f64
        );
    }
}

/// The response workbook ÷ the same cells written by rust_xlsxwriter alone.
fn sheet_section() {
    println!("\n## response workbook for 2,000 requirements vs rust_xlsxwriter alone\n");
    let c = synthetic_catalog(2_000);
    let p = profile(&c);
    let selected = select(&c, &p);
    let sheet = best(5, || {
        std::hint::black_box(
            workbook(&c, &p, &selected, &SheetOptions::default())
                .expect("workbook")
                .len(),
        );
    });
    // The floor: the very cells kijun wrote (every sheet, every value), written with
    // rust_xlsxwriter alone: no formats, validation, highlights, heights or digests.
    let bytes = workbook(&c, &p, &selected, &SheetOptions::default()).expect("workbook");
    let mut src = calamine::Xlsx::<_>::new(std::io::Cursor::new(bytes)).expect("read back");
    let sheets: Vec<(String, calamine::Range<calamine::Data>)> = src
        .sheet_names()
        .into_iter()
        .map(|n| {
            let r = src.worksheet_range(&n).expect("sheet");
            (n, r)
        })
        .collect();
    let floor_at = |level: Option<u8>| {
        best(5, || {
            let mut wb = rust_xlsxwriter::Workbook::new();
            if let Some(l) = level {
                wb.set_zip_compression_level(l);
            }
            for (name, range) in &sheets {
                let ws = wb.add_worksheet();
                ws.set_name(name).expect("name");
                for (r, row) in range.rows().enumerate() {
                    for (col, v) in row.iter().enumerate() {
                        match v {
                            calamine::Data::String(t) => {
                                ws.write_string(r as u32, col as u16, t).expect("cell");
                            }
                            calamine::Data::Float(f) => {
                                ws.write_number(r as u32, col as u16, *f).expect("cell");
                            }
                            calamine::Data::Bool(b) => {
                                ws.write_boolean(r as u32, col as u16, *b).expect("cell");
                            }
                            _ => {}
                        }
                    }
                }
            }
            std::hint::black_box(wb.save_to_buffer().expect("save").len());
        })
    };
    let (floor, floor3) = (floor_at(None), floor_at(Some(3)));
    println!(
        "| kijun sheet (zip level 3) | rust_xlsxwriter alone (default level 6) | ratio | rust_xlsxwriter alone at level 3 | ratio at the same level |\n|---:|---:|---:|---:|---:|\n| {} | {} | {:.2} | {} | {:.2} |",
        ms(sheet),
        ms(floor),
        sheet.as_secs_f64() / floor.as_secs_f64(),
        ms(floor3),
        sheet.as_secs_f64() / floor3.as_secs_f64()
    );
}

/// compare over 10 files on 1 and 2 threads, and 5 vs 10 files.
fn compare_section(dir: &Path) {
    println!("\n## compare (2,000 rows per file)\n");
    let (c, p, base) = filled_workbook(dir, 2_000, "c");
    let files: Vec<PathBuf> = (0..10)
        .map(|i| {
            let f = dir.join(format!("vendor{i}.xlsx"));
            std::fs::copy(&base, &f).expect("copy");
            f
        })
        .collect();
    let run = |threads: usize, files: &[PathBuf]| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        best(3, || {
            pool.install(|| {
                std::hint::black_box(
                    kijun::verify::compare::compare(&c, &p, files, Default::default(), &|| {})
                        .entries
                        .len(),
                );
            })
        })
    };
    let (one, two) = (run(1, &files), run(2, &files));
    let five = run(2, &files[..5]);
    println!("| files | 1 thread | 2 threads | speed-up |\n|---:|---:|---:|---:|\n| 10 | {} | {} | {:.2}× |", ms(one), ms(two), one.as_secs_f64() / two.as_secs_f64());
    println!(
        "\n5 files on 2 threads: {}; 10 files: {} (ratio {:.2}, linear = 2.00)",
        ms(five),
        ms(two),
        two.as_secs_f64() / five.as_secs_f64()
    );
}

/// spec and clauses on 2,000 requirements, each format, as the commands build them.
fn documents() {
    use kijun::render::{docx, finish_text, ClausesDocument, PartyNames, SpecDocument, Templates};
    let c = synthetic_catalog(2_000);
    let p = profile(&c);
    let selected = select(&c, &p);
    let t = Templates::load(None).expect("templates");
    println!("\n## documents for 2,000 requirements\n\n| document | md | txt | docx |\n|---|---:|---:|---:|");
    let spec = |f: &str| {
        best(3, || {
            let d = SpecDocument::build(&c, &p, &selected, &t).expect("spec");
            let n = match f {
                "docx" => docx::spec(&d).expect("docx").len(),
                name => finish_text(&t.render(name, &d).expect("render")).len(),
            };
            std::hint::black_box(n);
        })
    };
    println!(
        "| spec | {} | {} | {} |",
        ms(spec("spec.md")),
        ms(spec("spec.txt")),
        ms(spec("docx"))
    );
    let clauses = |f: &str| {
        best(3, || {
            let d = ClausesDocument::build(&c, &p, &selected, PartyNames::contractor_client(), &t)
                .expect("clauses");
            let n = match f {
                "docx" => docx::clauses(&d).expect("docx").len(),
                name => finish_text(&t.render(name, &d).expect("render")).len(),
            };
            std::hint::black_box(n);
        })
    };
    println!(
        "| clauses | {} | {} | {} |",
        ms(clauses("clauses.md")),
        ms(clauses("clauses.txt")),
        ms(clauses("docx"))
    );
}
