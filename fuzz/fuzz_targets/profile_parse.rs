//! Arbitrary text as a profile: parsing must never panic.
#![no_main]

use std::sync::OnceLock;

use kijun::catalog::Catalog;
use libfuzzer_sys::fuzz_target;

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| kijun::catalog::load::load(None).expect("embedded catalog"))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let c = catalog();
        if let Ok(p) = kijun::profile::Profile::parse(text, "fuzz.toml", &c.schema) {
            let _ = kijun::select::select(c, &p);
        }
    }
});
