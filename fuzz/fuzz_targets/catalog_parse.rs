//! Arbitrary text as one area file of a catalog (beside the embedded metadata,
//! schema and answer files): loading and linting must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut files: Vec<(String, String)> = kijun::catalog::load::embedded_files()
        .into_iter()
        .filter(|(name, _)| ["catalog.toml", "profile.toml", "answers.toml"].contains(&name.as_str()))
        .collect();
    files.push(("50-fuzz.toml".to_string(), text.to_string()));
    if let Ok(c) = kijun::catalog::load::from_files(&files, "fuzz") {
        let _ = kijun::catalog::lint::lint(&c);
    }
});
