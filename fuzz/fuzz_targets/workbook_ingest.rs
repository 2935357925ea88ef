//! Arbitrary bytes as a returned vendor file (xlsx, xls, ods, csv): reading and
//! verifying must never panic, only return an error.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use kijun::catalog::Catalog;
use kijun::profile::Profile;
use libfuzzer_sys::fuzz_target;

fn setup() -> &'static (Catalog, Profile) {
    static S: OnceLock<(Catalog, Profile)> = OnceLock::new();
    S.get_or_init(|| {
        let catalog = kijun::catalog::load::load(None).expect("embedded catalog");
        let text = include_str!("../../examples/typical.toml");
        let profile = Profile::parse(text, "typical.toml", &catalog.schema).expect("profile");
        (catalog, profile)
    })
}

fuzz_target!(|data: &[u8]| {
    let (catalog, profile) = setup();
    if let Ok(book) = kijun::sheet::ingest::read_bytes(Path::new("fuzz.xlsx"), data.to_vec(), kijun::sheet::ingest::ALL_MERGES) {
        let _ = kijun::verify::verify_book(catalog, profile, &book);
    }
});
