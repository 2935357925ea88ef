//! A response workbook with one of its XML parts replaced by the fuzzer's bytes: above
//! all the shared strings, whose declared count the reader reserves room for (and what
//! may come before the real `<sst>`: comments, spaces, BOMs, processing instructions, a
//! DOCTYPE), and the workbook, its relationships, styles and the answer sheet. Reading
//! and verifying must never panic or abort, and must stay within the budget: run with
//! `-malloc_limit_mb=1024 -rss_limit_mb=3072` (README.md, ファジング) so a large
//! allocation is a finding. The first byte chooses the part, the rest is its content.
#![no_main]

use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::sync::OnceLock;

use kijun::catalog::Catalog;
use kijun::profile::Profile;
use libfuzzer_sys::fuzz_target;

/// The parts the fuzzer may replace (a missing one is added).
const PARTS: [&str; 7] = [
    "xl/sharedStrings.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "_rels/.rels",
    "[Content_Types].xml",
    "xl/worksheets/sheet2.xml",
];

struct Setup {
    catalog: Catalog,
    profile: Profile,
    /// The parts of kijun's response workbook for the minimal profile.
    parts: Vec<(String, Vec<u8>)>,
}

fn setup() -> &'static Setup {
    static S: OnceLock<Setup> = OnceLock::new();
    S.get_or_init(|| {
        let catalog = kijun::catalog::load::load(None).expect("embedded catalog");
        let text = include_str!("../../examples/minimal.toml");
        let profile = Profile::parse(text, "minimal.toml", &catalog.schema).expect("profile");
        let selected = kijun::select::select(&catalog, &profile);
        let bytes = kijun::sheet::form::write::workbook(
            &catalog,
            &profile,
            &selected,
            &Default::default(),
        )
        .expect("workbook");
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        let parts = (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).expect("entry");
                let mut b = Vec::new();
                f.read_to_end(&mut b).expect("read");
                (f.name().expect("name").to_string(), b)
            })
            .collect();
        Setup {
            catalog,
            profile,
            parts,
        }
    })
}

/// The workbook with `name` holding `content`, stored (not compressed) for speed.
fn with_part(parts: &[(String, Vec<u8>)], name: &str, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(Cursor::new(&mut out));
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        let mut added = false;
        for (n, b) in parts {
            zip.start_file(n.as_str(), o).expect("zip");
            if n == name {
                zip.write_all(content).expect("zip");
                added = true;
            } else {
                zip.write_all(b).expect("zip");
            }
        }
        if !added {
            zip.start_file(name, o).expect("zip");
            zip.write_all(content).expect("zip");
        }
        zip.finish().expect("zip");
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, content)) = data.split_first() else {
        return;
    };
    let s = setup();
    let name = PARTS[usize::from(which) % PARTS.len()];
    let bytes = with_part(&s.parts, name, content);
    if let Ok(book) =
        kijun::sheet::ingest::read_bytes(Path::new("fuzz.xlsx"), bytes, kijun::sheet::ingest::ALL_MERGES)
    {
        let _ = kijun::verify::verify_book(&s.catalog, &s.profile, &book);
    }
});
