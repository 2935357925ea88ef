//! Property tests: normalisation is idempotent, and a workbook filled with random
//! answers gets exactly the findings those answers deserve.

mod common;

use std::collections::BTreeSet;

use common::vendor::Filled;
use kijun::catalog::load::{embedded_files, from_files};
use kijun::catalog::reading::Reading;
use kijun::catalog::{AnswerKind, Catalog};
use kijun::normalize::{answer_key, requirement_id, text_key};
use kijun::profile::Profile;
use kijun::select::select;
use kijun::sheet::form::write::{workbook, SheetOptions};
use kijun::verify::{verify_file, FindingKind};
use proptest::prelude::*;

fn catalog() -> Catalog {
    from_files(&embedded_files(), "test").expect("embedded catalog")
}

proptest! {
    #[test]
    fn text_key_is_idempotent(s in "\\PC{0,40}") {
        let once = text_key(&s);
        prop_assert_eq!(text_key(&once), once);
        let line = kijun::normalize::one_line(&s);
        prop_assert_eq!(kijun::normalize::one_line(&line), line);
    }

    #[test]
    fn answer_key_and_ids_are_idempotent(s in "[ 　\\n○×△ａ-ｚＡ-Ｚ０-９a-zA-Z0-9ー－\\-対応可否該当なし]{0,20}") {
        let a = answer_key(&s);
        prop_assert_eq!(answer_key(&a), a);
        let id = requirement_id(&s);
        prop_assert_eq!(requirement_id(&id), id);
    }

    #[test]
    fn every_synonym_reads_as_its_answer_however_it_is_padded(kind in 0usize..4, pick in 0usize..40, pad in "[ 　\\n]{0,3}", wide in any::<bool>()) {
        let c = catalog();
        let kind = AnswerKind::ALL[kind];
        let words = &c.answers.def(kind).words;
        let word = &words[pick % words.len()];
        // Full-width forms of ASCII, as Japanese IMEs type them.
        let typed: String = if wide { word.chars().map(|ch| if ch.is_ascii_graphic() { char::from_u32(ch as u32 + 0xFEE0).unwrap_or(ch) } else { ch }).collect() } else { word.clone() };
        let raw = format!("{pad}{typed}{pad}");
        prop_assert_eq!(c.answers.read(&raw), Reading::Answer(kind));
    }
}

/// What a vendor writes in one row, and what it must raise.
#[derive(Debug, Clone, Copy)]
enum Fill {
    Good,
    PartialExplained,
    PartialBare,
    No,
    NotApplicable,
    Blank,
    Garbage,
}

fn fills() -> impl Strategy<Value = Vec<Fill>> {
    let one = prop_oneof![
        6 => Just(Fill::Good),
        1 => Just(Fill::PartialExplained),
        1 => Just(Fill::PartialBare),
        1 => Just(Fill::No),
        1 => Just(Fill::NotApplicable),
        1 => Just(Fill::Blank),
        1 => Just(Fill::Garbage),
    ];
    proptest::collection::vec(one, 40)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    #[test]
    fn verify_finds_exactly_the_injected_problems(plan in fills()) {
        let c = catalog();
        let text = std::fs::read_to_string(common::example("typical")).expect("profile");
        let profile = Profile::parse(&text, "typical.toml", &c.schema).expect("profile parses");
        let selected = select(&c, &profile);
        let dir = tempfile::tempdir().expect("tempdir");
        let sheet = dir.path().join("sheet.xlsx");
        std::fs::write(&sheet, workbook(&c, &profile, &selected, &SheetOptions::default()).expect("workbook")).expect("write");
        let mut filled = Filled::read(&sheet);
        filled.answer_everything();
        let mut expected: BTreeSet<(String, FindingKind)> = BTreeSet::new();
        for (s, fill) in selected.iter().zip(plan.iter().cycle()) {
            let r = s.requirement;
            let id = r.id.as_str();
            let mut expect = |k| { expected.insert((id.to_string(), k)); };
            match fill {
                Fill::Good => {}
                Fill::PartialExplained => {
                    filled.set(id, "回答", "△");
                    expect(FindingKind::Partial);
                }
                Fill::PartialBare => {
                    filled.set(id, "回答", "一部対応").set(id, "対応内容・実現方法", "");
                    expect(FindingKind::Partial);
                    if r.answers.explain.contains(&AnswerKind::Partial) { expect(FindingKind::MissingExplanation); }
                }
                Fill::No => {
                    filled.set(id, "回答", "×");
                    expect(FindingKind::Noncompliant);
                }
                Fill::NotApplicable => {
                    filled.set(id, "回答", "該当なし");
                    if !r.answers.na_allowed { expect(FindingKind::NotApplicableRefused); }
                }
                Fill::Blank => {
                    filled.set(id, "回答", "");
                    expect(FindingKind::MissingAnswer);
                }
                Fill::Garbage => {
                    filled.set(id, "回答", "検討します？");
                    expect(FindingKind::InvalidAnswer);
                }
            }
        }
        let vendor = dir.path().join("vendor.xlsx");
        filled.write_xlsx(&vendor);
        let report = verify_file(&c, &profile, &vendor).expect("verify");
        let got: BTreeSet<(String, FindingKind)> = report.findings.iter().map(|f| (f.requirement.clone().unwrap_or_default(), f.kind)).collect();
        prop_assert_eq!(got, expected);
    }
}
