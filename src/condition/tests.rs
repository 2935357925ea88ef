use super::*;
use crate::catalog::load::{embedded_files, from_files};
use crate::profile::Profile;

fn schema() -> ProfileSchema {
    from_files(&embedded_files(), "test")
        .expect("embedded catalog loads")
        .schema
}

fn profile(text: &str) -> Profile {
    let base = "[system]\nname = \"x\"\norganization = \"y\"\n[classification]\nconfidentiality = 2\nintegrity = 1\navailability = 1\n";
    Profile::parse(&format!("{base}{text}"), "test", &schema()).expect("test profile parses")
}

fn check(cond: &str, traits: &str) -> Outcome {
    let s = schema();
    Condition::parse(cond, &s)
        .expect("parses")
        .eval(&profile(traits), &s)
}

#[test]
fn level_comparison_gives_schema_phrase() {
    let o = check("confidentiality >= 2", "");
    assert!(o.holds);
    assert_eq!(
        o.reasons,
        vec!["要機密情報（機密性2以上の情報）を取り扱うため"]
    );
    let o = check("confidentiality >= 3", "");
    assert!(!o.holds);
    assert_eq!(o.reasons, vec!["機密性3の情報を取り扱わないため"]);
}

#[test]
fn and_that_holds_lists_every_part() {
    let o = check(
        "confidentiality >= 2 && continuity != \"standard\"",
        "[traits]\ncontinuity = \"remote_site\"\n",
    );
    assert!(o.holds);
    assert_eq!(o.reasons.len(), 2);
    assert!(o.reasons[1].contains("遠隔地"), "{:?}", o.reasons);
}

#[test]
fn and_that_fails_names_only_the_failing_part() {
    let o = check("confidentiality >= 2 && internet_facing", "");
    assert!(!o.holds);
    assert_eq!(o.reasons, vec!["インターネットに接続しないため"]);
}

#[test]
fn or_that_holds_names_the_parts_that_held() {
    let o = check(
        "confidentiality >= 3 || \"development\" in outsourcing",
        "[traits]\noutsourcing = [\"development\"]\n",
    );
    assert!(o.holds);
    assert_eq!(
        o.reasons,
        vec!["システムの設計・開発・構築を外部に委託するため"]
    );
}

#[test]
fn negation_and_not_in() {
    assert!(check("!internet_facing", "").holds);
    assert!(check("\"operation\" not in outsourcing", "").holds);
    assert!(check("continuity not in [\"redundant\", \"remote_site\"]", "").holds);
    assert!(
        check(
            "continuity in [\"redundant\", \"remote_site\"]",
            "[traits]\ncontinuity = \"redundant\"\n"
        )
        .holds
    );
    assert!(check("internet_facing == false", "").holds);
    assert!(
        check(
            "(internet_facing || public_web) && confidentiality > 1",
            "[traits]\npublic_web = true\n"
        )
        .holds
    );
}

#[test]
fn errors_name_the_problem_and_position() {
    let s = schema();
    let err = |c: &str| Condition::parse(c, &s).expect_err(c);
    assert!(err("intrenet_facing").message.contains("internet_facing"));
    assert!(err("confidentiality >= 4").message.contains("範囲外"));
    assert!(err("continuity == \"redudant\"")
        .message
        .contains("standard, redundant, remote_site"));
    assert!(err("continuity").message.contains("真偽値ではありません"));
    assert!(err("\"redundant\" in continuity")
        .message
        .contains("集合ではありません"));
    assert!(err("confidentiality = 2").message.contains("=="));
    assert_eq!(err("internet_facing &&").column, 19);
    assert!(err("(internet_facing").message.contains(")"));
    assert!(err("internet_facing public_web").message.contains("&&"));
    assert!(err("confidentiality >= \"2\"").message.contains("整数"));
    assert!(err("internet_facing and public_web").message.contains("&&"));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    // Found by fuzzing: thousands of "(" overflowed the parser's stack.
    let s = schema();
    let deep = format!("{}internet_facing{}", "(".repeat(5000), ")".repeat(5000));
    assert!(Condition::parse(&deep, &s)
        .expect_err("too deep")
        .message
        .contains("深すぎます"));
    assert!(Condition::parse(&format!("{}internet_facing", "!".repeat(5000)), &s).is_err());
    let fine = format!("{}internet_facing{}", "(".repeat(10), ")".repeat(10));
    assert!(Condition::parse(&fine, &s).is_ok());
}

fn words(cond: &str) -> String {
    let s = schema();
    Condition::parse(cond, &s).expect("parses").words(&s)
}

#[test]
fn conditions_in_words_use_the_schema_phrases() {
    assert_eq!(
        words("confidentiality >= 3 || internet_facing"),
        "機密性3の情報を取り扱う、又はインターネットに接続する"
    );
    assert_eq!(
        words("\"commercial\" in provider && confidentiality >= 2"),
        "民間のクラウドサービスを利用する、かつ要機密情報（機密性2以上の情報）を取り扱う"
    );
    assert_eq!(
        words("internet_facing && (\"operation\" in outsourcing || \"maintenance\" in outsourcing)"),
        "インターネットに接続する、かつ（システムの運用を外部に委託する、又はシステムの保守を外部に委託する）"
    );
    assert_eq!(
        words("confidentiality == 1"),
        "取り扱う情報の機密性が1である"
    );
}

#[test]
fn negation_is_said_positively_of_each_part() {
    // !(a || b) reads as "not a, and not b".
    assert_eq!(
        words("!(internet_facing || confidentiality >= 3)"),
        "インターネットに接続しない、かつ機密性3の情報を取り扱わない"
    );
    assert_eq!(
        words("!(\"development\" in outsourcing)"),
        "システムの設計・開発・構築を外部に委託しない"
    );
    assert_eq!(
        words("!(\"commercial\" in provider)"),
        "民間のクラウドサービスを利用しない"
    );
    assert_eq!(
        words("continuity not in [\"standard\"]"),
        words("continuity in [\"redundant\", \"remote_site\"]")
    );
}
