//! Arbitrary text as an answer cell, id cell and requirement text: normalisation must
//! never panic and must be idempotent.
#![no_main]

use std::sync::OnceLock;

use kijun::catalog::AnswerTable;
use kijun::normalize::{answer_key, one_line, requirement_id, text_key};
use libfuzzer_sys::fuzz_target;

fn table() -> &'static AnswerTable {
    static T: OnceLock<AnswerTable> = OnceLock::new();
    T.get_or_init(|| kijun::catalog::load::load(None).expect("embedded catalog").answers)
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = table().read(s);
    let k = text_key(s);
    assert_eq!(text_key(&k), k);
    let a = answer_key(s);
    assert_eq!(answer_key(&a), a);
    let l = one_line(s);
    assert_eq!(one_line(&l), l);
    let id = requirement_id(s);
    assert_eq!(requirement_id(&id), id);
    let _ = kijun::verify::checks::diff(s, &k);
});
