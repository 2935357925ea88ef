//! Arbitrary text as a requirement's `when` condition: parsing, evaluation and the
//! monotonicity check must never panic.
#![no_main]

use std::sync::OnceLock;

use kijun::catalog::Catalog;
use kijun::condition::Condition;
use kijun::profile::Profile;
use libfuzzer_sys::fuzz_target;

fn setup() -> &'static (Catalog, Profile) {
    static S: OnceLock<(Catalog, Profile)> = OnceLock::new();
    S.get_or_init(|| {
        let catalog = kijun::catalog::load::load(None).expect("embedded catalog");
        let text = include_str!("../../examples/maximal.toml");
        let profile = Profile::parse(text, "maximal.toml", &catalog.schema).expect("profile");
        (catalog, profile)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (catalog, profile) = setup();
    if let Ok(c) = Condition::parse(text, &catalog.schema) {
        let _ = c.eval(profile, &catalog.schema);
        let _ = kijun::monotone::violation(&c, &catalog.schema);
    }
});
