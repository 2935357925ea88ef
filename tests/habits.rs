//! kijun as an official used to Word and Excel meets it (issue 11): the output type
//! follows the file name or is refused, nothing is overwritten without --force, what an
//! input method types into a profile is read or explained, the command line guides, and
//! every message is Japanese.

mod common;

use std::path::{Path, PathBuf};

use common::{example, kijun, write, Run};

/// A folder with a profile and an (unanswered) vendor workbook made from it.
struct Desk {
    dir: tempfile::TempDir,
    profile: PathBuf,
    response: PathBuf,
}

fn desk() -> Desk {
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = dir.path().join("profile.toml");
    std::fs::copy(example("typical"), &profile).expect("copy profile");
    let response = dir.path().join("回答_A社.xlsx");
    kijun()
        .args(["sheet", "--profile"])
        .arg(&profile)
        .arg("-o")
        .arg(&response)
        .run()
        .success();
    // A second vendor's response, for compare (the same file twice is warned about).
    std::fs::copy(&response, dir.path().join("回答_B社.xlsx")).expect("copy response");
    Desk {
        dir,
        profile,
        response,
    }
}

impl Desk {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The command line of `command` writing to `out` (without `-o`).
    fn command(&self, command: &str) -> Vec<std::ffi::OsString> {
        let p = self.profile.clone().into_os_string();
        let r = self.response.clone().into_os_string();
        let mut v: Vec<std::ffi::OsString> = vec![command.into()];
        match command {
            "init" => {}
            "verify" => v.extend(["--profile".into(), p, r]),
            "compare" => v.extend([
                "--profile".into(),
                p,
                r,
                self.path("回答_B社.xlsx").into_os_string(),
            ]),
            _ => v.extend(["--profile".into(), p]),
        }
        v
    }

    fn write_to(&self, command: &str, out: &Path, extra: &[&str]) -> Run {
        kijun()
            .args(self.command(command))
            .args(extra)
            .arg("-o")
            .arg(out)
            .run()
    }
}

/// What a written file is, judged by its bytes.
fn kind_of(bytes: &[u8]) -> &'static str {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if bytes.starts_with(b"PK") {
        return if has(b"word/document.xml") {
            "docx"
        } else if has(b"xl/workbook.xml") {
            "xlsx"
        } else {
            "zip"
        };
    }
    let text = String::from_utf8_lossy(bytes);
    let t = text.trim_start();
    if t.starts_with('\u{feff}') {
        "csv"
    } else if t.starts_with('[') && t.contains("\"id\"") || t.starts_with('{') {
        "json"
    } else if text.contains("\n[system]\n") {
        "toml"
    } else if t.starts_with('#') || t.starts_with('|') {
        "md"
    } else {
        "text"
    }
}

const COMMANDS: &[&str] = &[
    "init", "select", "spec", "clauses", "sheet", "verify", "compare",
];

/// command × extension → the kind written, or None when kijun must refuse.
fn expected(command: &str, ext: &str) -> Option<&'static str> {
    let table: &[(&str, &str)] = match command {
        "init" => &[("toml", "toml")],
        "select" => &[("txt", "text"), ("json", "json"), ("csv", "csv")],
        "spec" | "clauses" => &[("md", "md"), ("txt", "text"), ("docx", "docx")],
        "sheet" => &[("xlsx", "xlsx")],
        "verify" => &[
            ("txt", "text"),
            ("md", "md"),
            ("json", "json"),
            ("xlsx", "xlsx"),
        ],
        "compare" => &[("md", "md"), ("json", "json"), ("xlsx", "xlsx")],
        _ => &[],
    };
    table.iter().find(|(e, _)| *e == ext).map(|(_, k)| *k)
}

#[test]
fn every_command_writes_the_type_its_file_name_says_or_refuses() {
    let d = desk();
    let exts = [
        "md", "txt", "json", "csv", "docx", "xlsx", "toml", "doc", "xls", "pdf",
    ];
    for command in COMMANDS {
        for ext in exts {
            let out = d.path(&format!("{command}_出力.{ext}"));
            let run = d.write_to(command, &out, &[]);
            match expected(command, ext) {
                Some(kind) => {
                    assert!(
                        [0, 1].contains(&run.code()),
                        "{command} -o .{ext}: {}",
                        run.stderr()
                    );
                    let bytes = std::fs::read(&out).expect("written");
                    assert_eq!(kind_of(&bytes), kind, "{command} -o .{ext}");
                }
                None => {
                    let run = run.input_error();
                    assert!(!out.exists(), "{command} -o .{ext} wrote a file");
                    let err = run.stderr();
                    assert!(err.contains(&format!(".{ext}")), "{command} .{ext}: {err}");
                    assert!(err.contains("書き出せる形式"), "{command} .{ext}: {err}");
                    // The message names the formats that fit.
                    assert!(err.contains(fitting(command)), "{command} .{ext}: {err}");
                }
            }
        }
    }
}

/// One of the formats the refusal must name for this command.
fn fitting(command: &str) -> &'static str {
    match command {
        "init" => ".toml",
        "select" => ".csv（CSV）",
        "spec" | "clauses" => ".docx（Word 文書）",
        "sheet" | "verify" | "compare" => ".xlsx（Excel ブック）",
        _ => "",
    }
}

#[test]
fn familiar_office_extensions_are_pointed_at_what_kijun_writes() {
    let d = desk();
    d.write_to("spec", &d.path("仕様書.doc"), &[])
        .input_error()
        .stderr_has("Word 文書は .docx で作成します");
    d.write_to("verify", &d.path("検証結果.xls"), &[])
        .input_error()
        .stderr_has("Excel ブックは .xlsx で作成します");
    d.write_to("clauses", &d.path("特記事項.pdf"), &[])
        .input_error()
        .stderr_has("PDF");
}

#[test]
fn format_and_extension_that_disagree_are_refused_and_agreeing_ones_pass() {
    let d = desk();
    let out = d.path("要件.csv");
    d.write_to("select", &out, &["--format", "json"])
        .input_error()
        .stderr_has("--format json")
        .stderr_has("食い違って");
    assert!(!out.exists());
    d.write_to("spec", &d.path("仕様書.md"), &["--format", "docx"])
        .input_error()
        .stderr_has("食い違って");
    d.write_to("select", &out, &["--format", "CSV"]).success();
    assert_eq!(kind_of(&std::fs::read(&out).expect("csv")), "csv");
    // Without an extension --format decides; values and extensions ignore case.
    let plain = d.path("仕様書");
    d.write_to("spec", &plain, &["--format", "DOCX"]).success();
    assert_eq!(kind_of(&std::fs::read(&plain).expect("docx")), "docx");
    let upper = d.path("仕様書.DOCX");
    d.write_to("spec", &upper, &[]).success();
    assert_eq!(kind_of(&std::fs::read(&upper).expect("docx")), "docx");
    kijun()
        .args(["clauses", "--parties", "OTSU", "--profile"])
        .arg(&d.profile)
        .run()
        .success()
        .stdout_has("乙");
}

#[test]
fn binary_formats_need_a_file() {
    let d = desk();
    for (command, format) in [("spec", "docx"), ("verify", "xlsx"), ("compare", "xlsx")] {
        kijun()
            .args(d.command(command))
            .args(["--format", format])
            .run()
            .input_error()
            .stderr_has("標準出力に書き出せません")
            .stderr_has(&format!(".{format}"));
    }
}

#[test]
fn no_command_overwrites_a_file_without_force() {
    let d = desk();
    for command in COMMANDS {
        let ext = match *command {
            "init" => "toml",
            "select" => "json",
            "spec" | "clauses" => "md",
            _ => "xlsx",
        };
        let out = d.path(&format!("既存_{command}.{ext}"));
        std::fs::write(&out, "前の版\n").expect("existing file");
        let err = d.write_to(command, &out, &[]).input_error().stderr();
        assert!(err.contains(&out.display().to_string()), "{command}: {err}");
        assert!(err.contains("--force"), "{command}: {err}");
        assert_eq!(
            std::fs::read_to_string(&out).expect("kept"),
            "前の版\n",
            "{command}"
        );
        let run = d.write_to(command, &out, &["--force"]);
        assert!([0, 1].contains(&run.code()), "{command}: {}", run.stderr());
        assert_ne!(
            std::fs::read(&out).expect("replaced"),
            "前の版\n".as_bytes(),
            "{command}"
        );
        // No temporary file is left beside it.
        let leftovers: Vec<_> = std::fs::read_dir(d.dir.path())
            .expect("dir")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".kijun-"))
            .collect();
        assert!(leftovers.is_empty(), "{command}: {leftovers:?}");
    }
}

#[test]
fn an_input_is_never_the_output_even_with_force() {
    let d = desk();
    let before = std::fs::read(&d.response).expect("response");
    kijun()
        .args(d.command("verify"))
        .args(["--format", "xlsx", "--force", "-o"])
        .arg(&d.response)
        .run()
        .input_error()
        .stderr_has("入力ファイルと同じ");
    assert_eq!(std::fs::read(&d.response).expect("kept"), before);
    let profile = std::fs::read(&d.profile).expect("profile");
    kijun()
        .args(d.command("select"))
        .args(["--format", "text", "--force", "-o"])
        .arg(&d.profile)
        .run()
        .input_error();
    kijun()
        .args(d.command("select"))
        .args(["--force", "-o"])
        .arg(d.profile.with_extension("toml"))
        .run()
        .input_error()
        .stderr_has("入力ファイルと同じ");
    assert_eq!(std::fs::read(&d.profile).expect("kept"), profile);
}

#[test]
fn each_written_file_is_announced_in_one_line() {
    let d = desk();
    let cases: [(&str, &str, &str); 7] = [
        ("init", "見本.toml", "プロファイルの見本を "),
        ("select", "要件一覧.csv", "適用される要件の一覧を "),
        (
            "spec",
            "仕様書.docx",
            "調達仕様書の情報セキュリティ要件の節を ",
        ),
        ("clauses", "特記事項.txt", "特記事項を "),
        ("sheet", "回答様式.xlsx", "回答様式を "),
        ("verify", "検証結果.xlsx", "検証結果を "),
        ("compare", "比較.xlsx", "比較表を "),
    ];
    for (command, name, what) in cases {
        let out = d.path(name);
        let err = d.write_to(command, &out, &[]).stderr();
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 1, "{command}: {err}");
        assert!(lines[0].starts_with(what), "{command}: {err}");
        assert!(
            lines[0].contains(&format!("{} に書き出しました", out.display())),
            "{command}: {err}"
        );
    }
    let err = d
        .write_to("verify", &d.path("結果.md"), &[])
        .findings()
        .stderr();
    assert!(
        err.contains("に書き出しました（不合格: エラー ") && err.contains(" 件、警告 "),
        "{err}"
    );
    // Nothing is said when the result goes to the terminal.
    let err = kijun().args(d.command("select")).run().success().stderr();
    assert!(err.is_empty(), "{err}");
}

// ---------------------------------------------------------------- profiles typed with an IME

fn profile_like_typical(dir: &Path, edit: impl Fn(&str) -> String) -> PathBuf {
    let text = std::fs::read_to_string(example("typical")).expect("example");
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit applies");
    write(&dir.join("入力.toml"), &edited)
}

/// What `select` says on stderr about a profile it refuses (exit 2).
fn refusal(profile: &Path) -> String {
    kijun()
        .args(["select", "--profile"])
        .arg(profile)
        .run()
        .input_error()
        .stderr()
}

fn selection(profile: &Path) -> serde_json::Value {
    kijun()
        .args(["select", "--format", "json", "--profile"])
        .arg(profile)
        .run()
        .success()
        .json()
}

#[test]
fn full_width_digits_true_in_any_case_and_choice_case_are_accepted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let typical = selection(&example("typical"));
    let p = profile_like_typical(dir.path(), |t| {
        t.replace("confidentiality = 2", "confidentiality　=　２")
            .replace("internet_facing = true", "internet_facing = TRUE")
            .replace("public_web = true", "public_web = True")
            .replace("hosting = \"saas\"", "hosting = \"SaaS\"")
    });
    assert_eq!(selection(&p), typical);
    let p = profile_like_typical(dir.path(), |t| {
        t.replace("hosting = \"saas\"", "hosting = \"IaaS\"")
    });
    let ids: Vec<String> = selection(&p)
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(ids.contains(&"CLD-04".to_string()), "IaaS selects CLD-04");
}

#[test]
fn ambiguous_input_is_explained_in_japanese_with_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        (
            "integrity = 2",
            "integrity ＝ 2",
            "全角の「＝」",
            "半角の「=」",
        ),
        (
            "name = \"電子申請受付システム\"",
            "name = ＂電子申請受付システム＂",
            "全角の「＂」",
            "半角の「\"」",
        ),
        (
            "internet_facing = true",
            "internet_facing = はい",
            "はい",
            "true",
        ),
        (
            "internet_facing = true",
            "internet_facing = no",
            "internet_facing = no",
            "false",
        ),
        (
            "hosting = \"saas\"",
            "hosting = saas",
            "引用符で囲まれていません",
            "hosting = \"saas\"",
        ),
    ];
    for (from, to, says, advice) in cases {
        let p = profile_like_typical(dir.path(), |t| t.replacen(from, to, 1));
        let text = std::fs::read_to_string(&p).expect("profile");
        let line = text
            .lines()
            .position(|l| l.contains(to))
            .expect("edited line")
            + 1;
        let err = refusal(&p);
        assert!(err.contains(&format!("{line}行目")), "{to}: {err}");
        assert!(err.contains(says) && err.contains(advice), "{to}: {err}");
        assert_japanese(&err);
    }
}

#[test]
fn a_line_break_or_control_character_in_a_name_is_refused_with_the_field_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (from, to, field, code) in [
        (
            "name = \"電子申請受付システム\"",
            "name = \"電子申請\\n受付システム\"",
            "system.name（システム名）",
            "U+000A",
        ),
        (
            "name = \"電子申請受付システム\"",
            "name = \"\"\"電子申請\r\n受付システム\"\"\"",
            "system.name（システム名）",
            "U+000D",
        ),
        (
            "organization = \"",
            "organization = \"\\u001b[31m",
            "system.organization（組織名）",
            "U+001B",
        ),
        (
            "organization = \"",
            "organization = \"\\u202e",
            "system.organization（組織名）",
            "U+202E",
        ),
    ] {
        let err = refusal(&profile_like_typical(dir.path(), |t| {
            t.replacen(from, to, 1)
        }));
        assert!(
            err.contains(field) && err.contains(code) && err.contains("入力.toml"),
            "{to}: {err}"
        );
        assert_japanese(&err);
    }
}

#[test]
fn my_number_implies_personal_information_and_contradicting_it_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let minimal = std::fs::read_to_string(example("minimal")).expect("minimal");
    let with = |traits: &str| {
        let body = if minimal.contains("[traits]") {
            minimal.replace("[traits]\n", &format!("[traits]\n{traits}"))
        } else {
            format!("{minimal}\n[traits]\n{traits}")
        };
        let body = body
            .lines()
            .filter(|l| {
                !(l.starts_with("personal_information") || l.starts_with("my_number"))
                    || traits.contains(l)
            })
            .collect::<Vec<_>>()
            .join("\n");
        write(&dir.path().join("p.toml"), &body)
    };
    // マイナンバー makes the information 要機密: a profile left at 機密性1 is told so.
    kijun()
        .args(["select", "--profile"])
        .arg(with("my_number = true\n"))
        .run()
        .input_error()
        .stderr_has("機密性（confidentiality）を 2 以上にしてください");
    let minimal = minimal.replace("confidentiality = 1", "confidentiality = 2");
    let with = |traits: &str| {
        let body = minimal.replace("[traits]\n", &format!("[traits]\n{traits}"));
        let body = body
            .lines()
            .filter(|l| {
                !(l.starts_with("personal_information") || l.starts_with("my_number"))
                    || traits.contains(l)
            })
            .collect::<Vec<_>>()
            .join("\n");
        write(&dir.path().join("p.toml"), &body)
    };
    let p = with("my_number = true\n");
    let ids: Vec<String> = selection(&p)
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect();
    for id in ["PII-01", "PII-02", "PII-03"] {
        assert!(ids.contains(&id.to_string()), "{id} applies: {ids:?}");
    }
    let p = with("my_number = true\npersonal_information = false\n");
    kijun()
        .args(["select", "--profile"])
        .arg(&p)
        .run()
        .input_error()
        .stderr_has("traits.personal_information（個人情報の取扱い）= false")
        .stderr_has("my_number")
        .stderr_has("矛盾");
    // The rule is the catalog's, not the code's.
    let schema =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/profile.toml"))
            .expect("schema");
    assert!(schema.contains("implies = [\"personal_information\"]"));
}

// ---------------------------------------------------------------- the command line

#[test]
fn the_command_line_guides_a_new_user() {
    kijun()
        .args(["select", "profile.toml"])
        .run()
        .input_error()
        .stderr_has("--profile を付けてください");
    kijun()
        .args(["verify", "--profile", "p.toml", "a.xlsx", "b.xlsx"])
        .run()
        .input_error()
        .stderr_has("compare");
    kijun()
        .args(["verify", "a.xlsx", "b.xlsx"])
        .run()
        .input_error()
        .stderr_has("compare");
    kijun()
        .args(["help"])
        .run()
        .success()
        .stdout_has("コマンド:")
        .stdout_has("verify");
    kijun()
        .args(["help", "compare"])
        .run()
        .success()
        .stdout_has("kijun compare");
    kijun()
        .args(["help", "catalog", "show"])
        .run()
        .success()
        .stdout_has("kijun catalog show");
    kijun()
        .args(["help", "selekt"])
        .run()
        .input_error()
        .stderr_has("不明なコマンド");
    kijun()
        .args(["select", "--format", "CSV", "--profile"])
        .arg(example("typical"))
        .run()
        .success()
        .stdout_has("要件ID,");
    kijun()
        .args(["catalog", "list", "--format", "JSON"])
        .run()
        .success()
        .stdout_has("\"id\"");
}

#[test]
fn help_is_japanese_throughout_and_ends_with_examples() {
    let pages: &[&[&str]] = &[
        &[],
        &["init"],
        &["select"],
        &["explain"],
        &["spec"],
        &["clauses"],
        &["sheet"],
        &["verify"],
        &["compare"],
        &["review"],
        &["catalog"],
        &["catalog", "list"],
        &["catalog", "show"],
        &["catalog", "lint"],
        &["help"],
    ];
    for page in pages {
        let help = kijun().args(*page).arg("--help").run().success().stdout();
        for english in [
            "Usage",
            "Options",
            "Arguments",
            "Commands",
            "[default",
            "[possible values",
            "Possible values",
            "[OPTIONS]",
            "Print help",
        ] {
            assert!(!help.contains(english), "{page:?} shows {english}:\n{help}");
        }
        assert!(help.contains("使い方: kijun"), "{page:?}:\n{help}");
        if !page.is_empty() {
            let tail = help.trim_end().rsplit("例:").next().unwrap_or("");
            let examples = tail.lines().filter(|l| l.trim_start().starts_with("kijun"));
            let n = examples.count();
            assert!(
                help.contains("\n例:\n") && (2..=3).contains(&n),
                "{page:?} ends with {n} examples:\n{help}"
            );
        }
    }
    let verify = kijun().args(["verify", "--help"]).run().stdout();
    assert!(verify.contains("引数:\n  <FILE>"), "{verify}");
    assert!(verify.contains("指定できる値") && verify.contains("既定値"));
}

// ---------------------------------------------------------------- conditions in words

#[test]
fn conditions_read_as_officials_read_them() {
    kijun()
        .args(["explain", "--profile"])
        .arg(example("minimal"))
        .arg("AUTH-09")
        .run()
        .success()
        .stdout_has("適用条件: 機密性3の情報を取り扱う、又はインターネットに接続する\n");
    let out = kijun()
        .args(["explain", "--profile"])
        .arg(example("typical"))
        .arg("CLD-01")
        .run()
        .success()
        .stdout();
    assert!(
        out.contains("適用条件: 民間のクラウドサービスを利用する"),
        "{out}"
    );
    assert!(!out.contains("in provider"), "{out}");
    let table = kijun()
        .args(["select", "--profile"])
        .arg(example("typical"))
        .run()
        .success()
        .stdout();
    assert!(
        table.contains("条件: 要機密情報（機密性2以上の情報）を取り扱う\n"),
        "{table}"
    );
    assert!(!table.contains(">="), "{table}");
    let show = kijun()
        .args(["catalog", "show", "CLD-04"])
        .run()
        .success()
        .stdout();
    assert!(
        show.contains("適用条件: （（民間のクラウドサービスを利用する、又はガバメントクラウドを利用する）、かつアプリケーションを発注者側で開発・管理する）、かつ（システムの設計・開発・構築を外部に委託する、"),
        "{show}"
    );
    assert!(
        show.contains("条件式: ((\"commercial\" in provider || \"government_cloud\" in provider) && \"application\" in managed)"),
        "{show}"
    );
}

// ---------------------------------------------------------------- Japanese end to end

/// Fails on a line of output that is an English sentence: no Japanese at all, or four
/// or more English words in a row.
fn assert_japanese(output: &str) {
    for line in output.lines().filter(|l| !l.trim().is_empty()) {
        assert!(!line.is_ascii(), "an ASCII-only line: {line:?}\n{output}");
        let mut run = 0;
        for word in line.split_whitespace() {
            let w = word.trim_matches(|c: char| ",.:;`'\"()!?".contains(c));
            if !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic()) {
                run += 1;
                assert!(run < 4, "English words in {line:?}\n{output}");
            } else {
                run = 0;
            }
        }
    }
}

#[test]
fn error_paths_speak_japanese() {
    let d = desk();
    let dir = d.dir.path();
    let broken = |name: &str, text: &str| write(&dir.join(name), text);
    let profiles = [
        broken("nan.toml", "[traits]\nmy_number = no\n"),
        broken("quote.toml", "[system]\nname = 電子申請\n"),
        broken("wide.toml", "[classification]\nconfidentiality ＝ ３\n"),
        broken("syntax.toml", "[system\nname ="),
        broken("dup.toml", "a = 1\na = 2\n"),
        broken("str.toml", "a = \"abc\n"),
        broken("arr.toml", "a = [1, 2\n"),
        broken("key.toml", "a b = 1\n"),
        broken("num.toml", "a = 1.2.3\n"),
        broken("date.toml", "a = 2024-13-45\n"),
        broken("inline.toml", "a = { b = 1\n"),
        broken("empty_key.toml", " = 1\n"),
    ];
    let mut outputs = Vec::new();
    for p in &profiles {
        outputs.push(
            kijun()
                .args(["select", "--profile"])
                .arg(p)
                .run()
                .input_error()
                .stderr(),
        );
    }
    let lines: &[&[&str]] = &[
        &["selekt"],
        // `kijun` alone is no error: a short help from a terminal, the browser pages
        // otherwise (tests/serve.rs).
        &["select"],
        &["select", "profile.toml"],
        &["select", "--profile", "x.toml", "--bogus"],
        &["select", "--format", "yaml", "--profile", "x.toml"],
        &["select", "--format"],
        &[
            "select",
            "--format",
            "json",
            "--format",
            "csv",
            "--profile",
            "x.toml",
        ],
        &["verify", "a.xlsx", "b.xlsx"],
        &["catalog"],
        &["catalog", "show"],
        &["explain", "--profile", "x.toml"],
        &["select", "--profile", "no-such.toml"],
        &["spec", "--profile", "x.toml", "-o", "a.doc"],
        &["sheet", "--profile", "x.toml", "-o", "a.xls"],
        &[
            "select",
            "--profile",
            "x.toml",
            "--format",
            "json",
            "-o",
            "a.csv",
        ],
        &[
            "verify",
            "--profile",
            "x.toml",
            "a.xlsx",
            "--format",
            "xlsx",
        ],
        &["help", "nothing"],
    ];
    for args in lines {
        let run = kijun().args(*args).run();
        assert_eq!(run.code(), 2, "{args:?}: {}", run.stderr());
        outputs.push(run.stderr());
    }
    let existing = d.path("既存.md");
    std::fs::write(&existing, "x").expect("write");
    outputs.push(d.write_to("spec", &existing, &[]).input_error().stderr());
    for out in &outputs {
        assert!(out.starts_with("エラー: "), "{out}");
        assert_japanese(out);
    }
}
