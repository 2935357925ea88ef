//! The foundation as a user meets it: init, select, explain, catalog, bad profiles,
//! broken catalogs, exit codes.

mod common;

use std::collections::BTreeSet;

use common::{catalog_copy, example, kijun, write};

fn selected_ids(profile: &std::path::Path) -> BTreeSet<String> {
    let run = kijun()
        .args(["select", "--profile"])
        .args([profile])
        .args(["--format", "json"])
        .run()
        .success();
    let rows = run.json();
    let rows = rows.as_array().expect("array");
    for r in rows {
        for key in [
            "id",
            "title",
            "area",
            "level",
            "subject",
            "basis",
            "spec",
            "clause",
            "question",
            "evidence",
            "na_allowed",
            "reasons",
        ] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
        assert!(
            !r["reasons"].as_array().expect("reasons array").is_empty(),
            "no reasons for {}",
            r["id"]
        );
        assert!(r["spec"].as_str().expect("spec").ends_with("こと。"));
    }
    rows.iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn selection_grows_from_minimal_to_typical_to_maximal() {
    let min = selected_ids(&example("minimal"));
    let typ = selected_ids(&example("typical"));
    let max = selected_ids(&example("maximal"));
    assert!(min.is_subset(&typ) && typ.is_subset(&max));
    assert!(
        min.len() < typ.len() && typ.len() < max.len(),
        "{} {} {}",
        min.len(),
        typ.len(),
        max.len()
    );
}

#[test]
fn reasons_are_derived_from_the_condition_that_held() {
    let run = kijun()
        .args(["select", "--profile"])
        .args([example("maximal")])
        .args(["--format", "json"])
        .run()
        .success();
    let rows = run.json();
    let reasons_of = |id: &str| -> Vec<String> {
        rows.as_array()
            .expect("array")
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| {
                r["reasons"]
                    .as_array()
                    .expect("reasons")
                    .iter()
                    .map(|x| x.as_str().expect("str").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(reasons_of("AUTH-09").iter().any(|r| r.contains("機密性3")));
    assert!(reasons_of("AUTH-09")
        .iter()
        .any(|r| r.contains("インターネットに接続する")));
    assert!(reasons_of("CLD-03")
        .iter()
        .any(|r| r.contains("民間のクラウドサービスを利用する")));
    // A layer requirement names the layer the 発注者 side manages and the work bought.
    let acl04 = reasons_of("ACL-04");
    assert!(
        acl04.iter().any(|r| r.contains("発注者側で管理する")),
        "{acl04:?}"
    );
    assert!(
        acl04.iter().any(|r| r.contains("外部に委託する")),
        "{acl04:?}"
    );
}

#[test]
fn init_writes_a_valid_commented_sample_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("profile.toml");
    kijun().args(["init", "-o"]).args([&p]).run().success();
    let text = std::fs::read_to_string(&p).expect("written");
    assert!(text.contains("# 機密性（confidentiality）"));
    assert!(text.contains("internet_facing = "));
    kijun()
        .args(["select", "--profile"])
        .args([&p])
        .run()
        .success();
    std::fs::write(&p, "# mine\n").expect("write");
    kijun()
        .args(["init", "-o"])
        .args([&p])
        .run()
        .input_error()
        .stderr_has("--force");
    assert_eq!(std::fs::read_to_string(&p).expect("kept"), "# mine\n");
    kijun()
        .args(["init", "--force", "-o"])
        .args([&p])
        .run()
        .success();
    assert!(std::fs::read_to_string(&p)
        .expect("replaced")
        .contains("[traits]"));
}

#[test]
fn the_sample_names_every_trait_of_the_schema() {
    let sample = kijun().args(["init"]).run().success().stdout();
    let schema =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/profile.toml"))
            .expect("schema");
    // Traits are written out (those a short form sets, commented out); parameters are
    // listed commented out with their defaults; the legacy short form `cloud` is not offered.
    let mut table = "";
    for line in schema.lines() {
        if line.starts_with("[[") {
            table = line;
            continue;
        }
        let Some(key) = line.strip_prefix("key = ") else {
            continue;
        };
        let key = key.trim_matches('"');
        match table {
            "[[trait]]" if matches!(key, "managed" | "provider") => {
                assert!(
                    sample.contains(&format!("\n# {key} = ")),
                    "sample lacks {key}"
                )
            }
            "[[trait]]" => assert!(
                sample.contains(&format!("\n{key} = ")),
                "sample lacks {key}"
            ),
            "[[parameter]]" => {
                assert!(
                    sample.contains(&format!("\n# {key} = ")),
                    "sample lacks {key}"
                )
            }
            "[[preset]]" if key == "cloud" => {
                assert!(!sample.contains("\ncloud = "), "the legacy form is offered")
            }
            "[[preset]]" => assert!(
                sample.contains(&format!("\n{key} = ")),
                "sample lacks {key}"
            ),
            _ => {}
        }
    }
}

fn bad_profile(body_edit: impl Fn(&str) -> String) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(example("typical")).expect("example");
    let p = write(&dir.path().join("bad.toml"), &body_edit(&text));
    (dir, p)
}

#[test]
fn out_of_range_level_names_the_key_and_allowed_values() {
    let (_d, p) = bad_profile(|t| t.replace("confidentiality = 2", "confidentiality = 4"));
    kijun()
        .args(["select", "--profile"])
        .args([&p])
        .run()
        .input_error()
        .stderr_has("classification.confidentiality（機密性）= 4 は範囲外です")
        .stderr_has("1, 2, 3")
        .stderr_has("9行目");
}

#[test]
fn unknown_key_is_named_with_a_suggestion() {
    let (_d, p) = bad_profile(|t| t.replace("[traits]\n", "[traits]\nintrenet_facing = true\n"));
    kijun()
        .args(["select", "--profile"])
        .args([&p])
        .run()
        .input_error()
        .stderr_has("intrenet_facing")
        .stderr_has("「internet_facing」の誤りではありませんか");
}

#[test]
fn wrong_type_names_the_key_and_expected_type() {
    let (_d, p) = bad_profile(|t| t.replace("integrity = 2", "integrity = \"high\""));
    kijun()
        .args(["select", "--profile"])
        .args([&p])
        .run()
        .input_error()
        .stderr_has("classification.integrity")
        .stderr_has("整数 1, 2");
    let (_d, p) = bad_profile(|t| t.replace("hosting = \"saas\"", "hosting = \"aws\""));
    kijun()
        .args(["select", "--profile"])
        .args([&p])
        .run()
        .input_error()
        .stderr_has("traits.hosting")
        .stderr_has("\"on_premises\", \"saas\", \"paas\", \"iaas\", \"government_cloud\", \"shared_system\"");
    let (_d, p) =
        bad_profile(|t| t.replace("outsourcing = [\"setup\"]", "outsourcing = \"setup\""));
    kijun()
        .args(["select", "--profile"])
        .args([&p])
        .run()
        .input_error()
        .stderr_has("traits.outsourcing");
}

#[test]
fn missing_and_unreadable_profiles_exit_2() {
    kijun()
        .args(["select", "--profile", "no-such-profile.toml"])
        .run()
        .input_error()
        .stderr_has("no-such-profile.toml");
    let (_d, p) = bad_profile(|_| "[system\nname=".into());
    kijun()
        .args(["select", "--profile"])
        .args([&p])
        .run()
        .input_error()
        .stderr_has("TOML として読めません");
    let (_d, p) = bad_profile(|t| {
        t.replace(
            "[classification]\nconfidentiality = 2\n",
            "[classification]\n",
        )
    });
    kijun()
        .args(["select", "--profile"])
        .args([&p])
        .run()
        .input_error()
        .stderr_has("classification.confidentiality（機密性）がありません");
}

#[test]
fn select_formats() {
    kijun()
        .args(["select", "--profile"])
        .args([example("typical")])
        .run()
        .success()
        .stdout_has("理由:");
    let csv = kijun()
        .args(["select", "--format", "csv", "--profile"])
        .args([example("typical")])
        .run()
        .success()
        .stdout();
    assert!(csv.starts_with("\u{feff}要件ID,表題,"));
    kijun()
        .args(["select", "--format", "yaml", "--profile"])
        .args([example("typical")])
        .run()
        .input_error()
        .stderr_has("使える値");
}

#[test]
fn explain_says_why_and_why_not() {
    kijun()
        .args(["explain", "--profile"])
        .args([example("minimal")])
        .arg("AUTH-09")
        .run()
        .success()
        .stdout_has("適用されません")
        .stdout_has("インターネットに接続しないため");
    // A withdrawn requirement is explained with its reason and successor, not unknown.
    kijun()
        .args(["explain", "--profile"])
        .args([example("maximal")])
        .arg("AUTH-03")
        .run()
        .success()
        .stdout_has("適用されません")
        .stdout_has("取り下げています")
        .stdout_has("AUTH-09");
    kijun()
        .args(["explain", "--profile"])
        .args([example("maximal")])
        .arg("auth-09")
        .run()
        .success()
        .stdout_has("適用されます")
        .stdout_has("機密性3の情報を取り扱うため");
    kijun()
        .args(["explain", "--profile"])
        .args([example("typical")])
        .arg("AUTH-99")
        .run()
        .input_error()
        .stderr_has("AUTH-99");
}

#[test]
fn catalog_list_show_and_lint_on_the_embedded_catalog() {
    kijun()
        .args(["catalog", "lint"])
        .run()
        .success()
        .stdout_has("問題はありません");
    let rows = kijun()
        .args(["catalog", "list", "--format", "json"])
        .run()
        .success()
        .json();
    let first = &rows.as_array().expect("array")[0];
    assert!(first.get("when").is_some() && first.get("reasons").is_none());
    kijun()
        .args(["catalog", "show", "OUT-01"])
        .run()
        .success()
        .stdout_has("該当なしの回答: 不可");
}

fn lint_broken(edit: impl Fn(&std::path::Path)) -> common::Run {
    let dir = tempfile::tempdir().expect("tempdir");
    let cat = catalog_copy(dir.path());
    edit(&cat);
    let run = kijun()
        .args(["--catalog"])
        .args([&cat])
        .args(["catalog", "lint"])
        .run();
    drop(dir);
    run
}

fn edit_file(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn lint_finds_a_duplicate_id_naming_both_files() {
    lint_broken(|cat| {
        std::fs::copy(
            cat.join("01-outsourcing.toml"),
            cat.join("01-outsourcing-copy.toml"),
        )
        .expect("copy");
    })
    .findings()
    .stdout_has("OUT-01: 要件IDが重複しています")
    .stdout_has("01-outsourcing-copy.toml");
}

#[test]
fn lint_finds_a_condition_on_an_unknown_trait() {
    lint_broken(|cat| {
        edit_file(
            &cat.join("11-access-control.toml"),
            "when = \"(internet_facing &&",
            "when = \"(internet_facng &&",
        )
    })
    .findings()
    .stdout_has("11-access-control.toml: ACL-04:")
    .stdout_has("不明な名前「internet_facng」");
}

#[test]
fn lint_finds_a_contractor_requirement_without_a_clause() {
    lint_broken(|cat| {
        let p = cat.join("01-outsourcing.toml");
        let text = std::fs::read_to_string(&p).expect("read");
        let start = text
            .find("clause = \"受注者は、本業務に係る")
            .expect("OUT-02 clause");
        let end = start + text[start..].find('\n').expect("eol");
        std::fs::write(&p, format!("{}{}", &text[..start], &text[end + 1..])).expect("write");
    })
    .findings()
    .stdout_has("01-outsourcing.toml: OUT-02: subject = \"contractor\" の要件には clause");
}

#[test]
fn a_broken_catalog_stops_other_commands_with_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cat = catalog_copy(dir.path());
    edit_file(
        &cat.join("12-logging.toml"),
        "level = \"基本\"",
        "level = \"普通\"",
    );
    kijun()
        .args(["--catalog"])
        .args([&cat])
        .args(["select", "--profile"])
        .args([example("typical")])
        .run()
        .input_error()
        .stderr_has("12-logging.toml: LOG-01:");
    kijun()
        .args(["--catalog", "no-such-dir", "catalog", "list"])
        .run()
        .input_error()
        .stderr_has("no-such-dir");
}

#[test]
fn usage_errors_are_japanese_and_exit_2() {
    kijun()
        .args(["selekt"])
        .run()
        .input_error()
        .stderr_has("不明なコマンド「selekt」");
    kijun()
        .args(["select", "--profile", "x.toml", "--bogus"])
        .run()
        .input_error()
        .stderr_has("不明なオプション「--bogus」");
    kijun()
        .args(["select"])
        .run()
        .input_error()
        .stderr_has("必須の引数がありません");
    kijun()
        .args(["--help"])
        .run()
        .success()
        .stdout_has("使い方");
}

#[test]
fn output_into_a_missing_folder_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("no/such/dir/sel.json");
    kijun()
        .args(["select", "--format", "json", "--profile"])
        .args([example("typical")])
        .arg("-o")
        .arg(&out)
        .run()
        .input_error()
        .stderr_has("フォルダ");
}

#[test]
fn lint_refuses_a_vague_deadline_not_bound_to_a_parameter_or_the_clients_instruction() {
    lint_broken(|cat| {
        edit_file(
            &cat.join("01-outsourcing.toml"),
            "を認知したときは、認知から{{param.incident_first_report_hours}}以内に、発生日時",
            "を認知したときは、速やかに、発生日時",
        )
    })
    .findings()
    .stdout_has(
        "01-outsourcing.toml: OUT-04: spec の「速やかに」は期限・頻度・程度が定まらない表現です",
    );
}

#[test]
fn lint_refuses_a_number_kijun_chose_and_the_allow_list_admits_one_with_its_reason() {
    let literal = |cat: &std::path::Path| {
        edit_file(
            &cat.join("01-outsourcing.toml"),
            "を認知したときは、認知から{{param.incident_first_report_hours}}以内に、発生日時",
            "を認知したときは、認知から1時間以内に、発生日時",
        )
    };
    lint_broken(literal)
        .findings()
        .stdout_has("OUT-04: spec の「1時間」は kijun が決めた値のように読めます");
    // A value taken from a law or the standard is registered with its reason.
    lint_broken(|cat| {
        literal(cat);
        let path = cat.join("catalog.toml");
        let text = std::fs::read_to_string(&path).expect("read");
        let allow = "\n[[lint.allow]]\ntext = \"1時間\"\nids = [\"OUT-04\"]\nreason = \"〇〇省の規程が第一報の期限を1時間と定めているため（試験用）\"\n";
        std::fs::write(&path, format!("{text}{allow}")).expect("write");
    })
    .success();
}

#[test]
fn a_profile_written_for_0_1_still_selects_with_a_note_showing_the_new_form() {
    let old = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/editions/0.1.0/typical.toml");
    kijun()
        .args(["select", "--profile"])
        .arg(&old)
        .run()
        .success()
        .stdout_has("電子申請受付システム（〇〇省）に適用される要件")
        .stderr_has("traits.cloud = \"saas\" は以前の版の書き方です")
        .stderr_has("hosting = \"saas\"");
}
