//! Verification as the office meets it: kijun's own workbook, filled in and altered the
//! way vendors do, read back in every format. One raising and one non-raising case per
//! finding kind (as OSCAL constraint fixtures do), layout changes, and bad files.

mod common;

use common::case::{case, cell, found, kinds, only, verify_file, Case};
use common::vendor::{CsvEncoding, Filled};
use common::{example, kijun, write};

#[test]
fn a_complete_correct_response_passes_without_findings() {
    let c = case();
    let (code, report) = c.verify();
    assert_eq!(kinds(&report), Vec::<String>::new());
    assert_eq!(code, 0);
    assert_eq!(report["verdict"], "pass");
    let s = &report["summary"];
    assert_eq!(s["required"], s["compliant"]);
    assert_eq!(s["missing"], 0);
    assert_eq!(
        report
            .as_object()
            .expect("object")
            .keys()
            .cloned()
            .collect::<Vec<_>>(),
        ["catalog", "file", "findings", "summary", "verdict"]
    );
}

#[test]
fn noncompliant_is_raised_for_x_and_not_for_o() {
    let mut c = case();
    c.filled.set("AUTH-01", "回答", "×");
    let (code, report) = c.verify();
    assert_eq!(
        only(&report, "noncompliant", "AUTH-01"),
        cell(&mut c, "AUTH-01", "回答")
    );
    assert_eq!(code, 1);
    assert_eq!(report["findings"][0]["severity"], "error");
    assert!(report["findings"][0]["message"]
        .as_str()
        .expect("msg")
        .contains("「×」"));
    c.filled.set("AUTH-01", "回答", "○");
    assert!(kinds(&c.verify().1).is_empty());
}

#[test]
fn partial_is_a_warning_that_does_not_fail_the_verdict() {
    let mut c = case();
    c.filled.set("AUTH-01", "回答", "△").set(
        "AUTH-01",
        "対応内容・実現方法",
        "管理画面のみ多要素認証に対応します。",
    );
    let (code, report) = c.verify();
    assert_eq!(
        only(&report, "partial", "AUTH-01"),
        cell(&mut c, "AUTH-01", "回答")
    );
    assert_eq!(report["findings"][0]["severity"], "warning");
    assert_eq!((code, report["verdict"].as_str()), (0, Some("pass")));
    c.filled.set("AUTH-01", "回答", "対応");
    assert!(kinds(&c.verify().1).is_empty());
}

#[test]
fn missing_answer_for_blank_and_for_a_bare_reference() {
    let mut c = case();
    c.filled.set("AUTH-02", "回答", "");
    let (code, report) = c.verify();
    assert_eq!(
        only(&report, "missing_answer", "AUTH-02"),
        cell(&mut c, "AUTH-02", "回答")
    );
    assert_eq!(code, 1);
    c.filled.set("AUTH-02", "回答", "別紙参照");
    let report = c.verify().1;
    only(&report, "missing_answer", "AUTH-02");
    assert!(report["findings"][0]["message"]
        .as_str()
        .expect("msg")
        .contains("別紙参照"));
    c.filled.set("AUTH-02", "回答", "対応（別紙参照）");
    assert!(kinds(&c.verify().1).is_empty());
}

#[test]
fn invalid_answer_quotes_the_raw_value_and_full_width_words_are_read() {
    let mut c = case();
    c.filled.set("AUTH-02", "回答", "たぶん大丈夫");
    let report = c.verify().1;
    assert_eq!(
        only(&report, "invalid_answer", "AUTH-02"),
        cell(&mut c, "AUTH-02", "回答")
    );
    assert!(report["findings"][0]["message"]
        .as_str()
        .expect("msg")
        .contains("「たぶん大丈夫」"));
    c.filled.set("AUTH-02", "回答", "ＹＥＳ");
    assert!(kinds(&c.verify().1).is_empty());
}

#[test]
fn missing_row_when_a_requirement_is_deleted_but_not_when_rows_are_reordered() {
    let mut c = case();
    c.filled.delete_row("LOG-01");
    let (code, report) = c.verify();
    assert_eq!(
        only(&report, "missing_row", "LOG-01"),
        (None, String::new())
    );
    assert_eq!(code, 1);
    let mut c = case();
    let r = c.filled.row_of("LOG-01");
    let row = c.filled.answers().rows.remove(r);
    let at = c.filled.row_of("OUT-01");
    c.filled.answers().rows.insert(at, row);
    assert!(kinds(&c.verify().1).is_empty());
}

#[test]
fn unknown_row_for_an_added_requirement_but_not_for_a_note_row() {
    let mut c = case();
    c.filled
        .insert_row("AUTH-01", &[("要件ID", "XYZ-99"), ("回答", "対応")]);
    let report = c.verify().1;
    assert_eq!(
        only(&report, "unknown_row", "XYZ-99"),
        cell(&mut c, "XYZ-99", "要件ID")
    );
    let mut c = case();
    c.filled.insert_row(
        "AUTH-01",
        &[("要件", "【補足】以下は認証に関する要件です。")],
    );
    c.filled.insert_row("AUTH-01", &[]);
    assert!(kinds(&c.verify().1).is_empty());
    let mut c = case();
    c.filled.insert_row("AUTH-01", &[("回答", "対応")]);
    let report = c.verify().1;
    assert_eq!(kinds(&report), ["unknown_row"]);
}

#[test]
fn duplicate_row_points_at_the_second_occurrence() {
    let mut c = case();
    c.filled.duplicate_row("CRY-01");
    let (code, report) = c.verify();
    let first = c.filled.row_of("CRY-01") as u64 + 1;
    assert_eq!(
        only(&report, "duplicate_row", "CRY-01"),
        (Some(first + 1), "B".into())
    );
    assert_eq!(code, 1);
}

#[test]
fn altered_text_shows_what_changed_but_layout_changes_are_not_alterations() {
    let mut c = case();
    let text = c.filled.get("AUTH-02", "要件");
    c.filled.set(
        "AUTH-02",
        "要件",
        &text.replace("多要素認証", "パスワード認証"),
    );
    let report = c.verify().1;
    assert_eq!(
        only(&report, "altered_text", "AUTH-02"),
        cell(&mut c, "AUTH-02", "要件")
    );
    let msg = report["findings"][0]["message"].as_str().expect("msg");
    assert!(msg.contains("〔変更: 多要素 → パスワード〕"), "{msg}");
    let spaced = text.replace('、', "、\n").replace("こと。", "こと。　");
    let wide = spaced.replace("2", "２");
    c.filled.set("AUTH-02", "要件", &wide);
    assert!(kinds(&c.verify().1).is_empty());
}

#[test]
fn missing_explanation_for_a_partial_answer_without_one() {
    let mut c = case();
    c.filled
        .set("ACL-01", "回答", "一部対応")
        .set("ACL-01", "対応内容・実現方法", "");
    let report = c.verify().1;
    let f = found(&report);
    assert_eq!(
        f.iter().map(|x| x.0.as_str()).collect::<Vec<_>>(),
        ["partial", "missing_explanation"]
    );
    assert_eq!(
        (f[1].2, f[1].3.clone()),
        cell(&mut c, "ACL-01", "対応内容・実現方法")
    );
    c.filled.set("ACL-01", "対応内容・実現方法", "－");
    assert!(
        kinds(&c.verify().1).contains(&"missing_explanation".to_string()),
        "a dash is not an explanation"
    );
    c.filled.set(
        "ACL-01",
        "対応内容・実現方法",
        "参照系の画面は職務単位での制限に対応します。",
    );
    assert_eq!(kinds(&c.verify().1), ["partial"]);
}

#[test]
fn missing_evidence_where_the_requirement_asks_for_it() {
    let mut c = case();
    c.filled.set("OUT-02", "証跡・根拠資料", "");
    let (code, report) = c.verify();
    assert_eq!(
        only(&report, "missing_evidence", "OUT-02"),
        cell(&mut c, "OUT-02", "証跡・根拠資料")
    );
    assert_eq!(code, 1);
    c.filled
        .set("OUT-02", "証跡・根拠資料", "作業体制図（提案書 別添2）");
    assert!(kinds(&c.verify().1).is_empty());
    // A requirement that asks for no evidence needs none.
    c.filled.set("AUTH-01", "証跡・根拠資料", "");
    assert!(kinds(&c.verify().1).is_empty());
}

#[test]
fn a_page_of_the_proposal_is_an_evidence_reference() {
    let mut c = case();
    c.filled
        .set("OUT-02", "証跡・根拠資料", "")
        .set("OUT-02", "提案書の該当頁", "p.12〜14");
    let (code, report) = c.verify();
    assert!(kinds(&report).is_empty(), "{report}");
    assert_eq!(code, 0);
    // A dash is no page.
    c.filled.set("OUT-02", "提案書の該当頁", "－");
    assert_eq!(kinds(&c.verify().1), ["missing_evidence"]);
    // Also under another heading, and shown in the xlsx report with the evidence.
    c.filled
        .set("OUT-02", "提案書の該当頁", "p.12")
        .set("OUT-02", "証跡・根拠資料", "作業体制図")
        .rename_header("提案書の該当頁", "該当ページ");
    let p = c.path("頁.xlsx");
    c.filled.write_xlsx(&p);
    let out = c.path("頁の結果.xlsx");
    kijun()
        .args(["verify", "--format", "xlsx", "--profile"])
        .arg(&c.profile)
        .arg(&p)
        .arg("-o")
        .arg(&out)
        .run()
        .success();
    let book = Filled::read(&out);
    let row = book.sheets[1]
        .rows
        .iter()
        .find(|r| r[1] == "OUT-02")
        .expect("OUT-02");
    assert_eq!(row[9], "作業体制図（提案書 p.12）");
}

#[test]
fn a_workbook_of_the_previous_layout_still_verifies() {
    // The older sheet had neither 仕様書項番 nor 提案書の該当頁.
    let mut c = case();
    c.filled
        .remove_column("仕様書項番")
        .remove_column("提案書の該当頁");
    let (code, report) = c.verify();
    assert!(kinds(&report).is_empty(), "{report}");
    assert_eq!(code, 0);
    c.filled.set("AUTH-01", "回答", "×");
    assert_eq!(kinds(&c.verify().1), ["noncompliant"]);
}

#[test]
fn not_applicable_refused_where_it_is_not_allowed_but_accepted_elsewhere() {
    let mut c = case();
    c.filled.set("OUT-01", "回答", "該当なし");
    let (code, report) = c.verify();
    assert_eq!(
        only(&report, "not_applicable_refused", "OUT-01"),
        cell(&mut c, "OUT-01", "回答")
    );
    assert_eq!(code, 1);
    let mut c = case();
    c.filled.set("AUTH-04", "回答", "－").set(
        "AUTH-04",
        "対応内容・実現方法",
        "利用者認証は府省共通の認証基盤に委ねるため。",
    );
    let (code, report) = c.verify();
    assert_eq!((code, kinds(&report)), (0, Vec::<String>::new()));
    assert_eq!(report["summary"]["not_applicable"], 1);
}

#[test]
fn profile_mismatch_for_another_profile_and_a_warning_without_meta() {
    let c = case();
    let p = c.path("回答.xlsx");
    c.filled.write_xlsx(&p);
    let other = write(
        &c.path("other.toml"),
        &std::fs::read_to_string(&c.profile)
            .expect("profile")
            .replace("電子申請受付システム", "別のシステム"),
    );
    let (code, report) = verify_file(&other, &p);
    let f = found(&report);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        (f[0].0.as_str(), f[0].2, f[0].3.as_str()),
        ("profile_mismatch", Some(5), "B")
    );
    assert_eq!(code, 1);
    let mut c = case();
    c.filled.drop_sheet("kijun_meta");
    let (code, report) = c.verify();
    assert_eq!(kinds(&report), ["profile_mismatch"]);
    assert_eq!(report["findings"][0]["severity"], "warning");
    assert_eq!(code, 0);
}

#[test]
fn columns_moved_renamed_added_and_removed_sheets_renamed_and_reordered() {
    let mut c = case();
    c.filled.set("AUTH-01", "回答", "不可");
    c.filled
        .move_column("回答", 0)
        .rename_header("回答", "対応可否（○/△/×）");
    c.filled
        .remove_column("根拠")
        .rename_answer_sheet("Sheet1")
        .answer_sheet_first();
    let h = c.filled.header_row();
    c.filled.answers().rows[h].push("社内確認欄".into());
    let row = c.filled.row_of("AUTH-01") as u64 + 1;
    c.filled.rename_header("要件ID", "管理番号");
    let (code, report) = c.verify();
    let f = found(&report);
    assert_eq!(
        f,
        [(
            "noncompliant".to_string(),
            "AUTH-01".to_string(),
            Some(row),
            "A".to_string()
        )]
    );
    assert_eq!(report["findings"][0]["sheet"], "Sheet1");
    assert_eq!(code, 1);
}

#[test]
fn merged_explanation_cells_count_for_every_row_they_cover() {
    let mut c = case();
    c.filled
        .set("LOG-01", "回答", "一部対応")
        .set("LOG-02", "回答", "一部対応");
    c.filled.set(
        "LOG-01",
        "対応内容・実現方法",
        "ログ基盤の制約により、通信ログは要約のみ取得します。",
    );
    c.filled
        .merge_down("対応内容・実現方法", "LOG-01", "LOG-02");
    assert_eq!(kinds(&c.verify().1), ["partial", "partial"]);
}

#[test]
fn the_same_findings_from_csv_in_every_encoding_and_from_ods() {
    let mut c = case();
    c.filled
        .set("AUTH-01", "回答", "×")
        .set("LOG-02", "回答", "");
    let (_, xlsx) = c.verify();
    let expected: Vec<_> = found(&xlsx)
        .into_iter()
        .filter(|f| f.0 != "profile_mismatch")
        .collect();
    assert_eq!(expected.len(), 2);
    for enc in [
        CsvEncoding::Utf8,
        CsvEncoding::Utf8Bom,
        CsvEncoding::ShiftJis,
    ] {
        let p = c.path(&format!("回答-{enc:?}.csv"));
        c.filled.write_csv(&p, enc);
        let (code, report) = verify_file(&c.profile, &p);
        let mut f = found(&report);
        assert_eq!(
            f.remove(0).0,
            "profile_mismatch",
            "{enc:?}: CSV has no meta, a warning"
        );
        assert_eq!(f, expected, "{enc:?}");
        assert_eq!(code, 1);
    }
    let p = c.path("回答.ods");
    c.filled.write_ods(&p);
    let (_, report) = verify_file(&c.profile, &p);
    assert_eq!(
        found(&report),
        found(&xlsx),
        "ods keeps the hidden meta sheet too"
    );
}

#[test]
fn a_vendor_response_as_vendors_really_send_it() {
    let mut c = case();
    c.filled.set("OUT-01", "回答", "該当なし");
    c.filled.set("OUT-03", "回答", "◯");
    c.filled.set("OUT-04", "回答", " 対応 \n");
    c.filled
        .set("OUT-05", "回答", "△")
        .set("OUT-05", "対応内容・実現方法", "");
    c.filled.set("AUTH-01", "回答", "ｘ");
    c.filled.set("AUTH-02", "回答", "別紙のとおり");
    c.filled.set("AUTH-03", "回答", "");
    c.filled.set("ACL-01", "回答", "N/A").set(
        "ACL-01",
        "対応内容・実現方法",
        "対象となる機能がないため。",
    );
    c.filled.set("LOG-01", "回答", "要検討");
    c.filled.delete_row("LOG-04").duplicate_row("CRY-01");
    let text = c.filled.get("CRY-02", "要件");
    c.filled.set(
        "CRY-02",
        "要件",
        &text.replace("TLS 1.2 以上", "TLS 1.0 以上"),
    );
    c.filled.set("OUT-02", "証跡・根拠資料", "");
    c.filled
        .insert_row("AUTH-01", &[("要件", "※認証は共通基盤で実施")]);
    let (code, report) = c.verify();
    let mut got: Vec<(String, String)> = found(&report).into_iter().map(|f| (f.0, f.1)).collect();
    got.sort();
    let mut want: Vec<(String, String)> = [
        ("not_applicable_refused", "OUT-01"),
        ("partial", "OUT-05"),
        ("missing_explanation", "OUT-05"),
        ("noncompliant", "AUTH-01"),
        ("missing_answer", "AUTH-02"),
        ("missing_answer", "AUTH-03"),
        ("invalid_answer", "LOG-01"),
        ("missing_row", "LOG-04"),
        ("duplicate_row", "CRY-01"),
        ("altered_text", "CRY-02"),
        ("missing_evidence", "OUT-02"),
    ]
    .iter()
    .map(|(k, i)| (k.to_string(), i.to_string()))
    .collect();
    want.sort();
    assert_eq!(got, want);
    assert_eq!(code, 1);
    let s = &report["summary"];
    assert_eq!(
        (
            s["noncompliant"].as_u64(),
            s["partial"].as_u64(),
            s["not_applicable"].as_u64()
        ),
        (Some(1), Some(1), Some(2))
    );
}

#[test]
fn text_and_markdown_reports_lead_with_the_verdict() {
    let mut c = case();
    c.filled.set("AUTH-01", "回答", "×");
    let p = c.path("回答.xlsx");
    c.filled.write_xlsx(&p);
    let text = kijun()
        .args(["verify", "--profile"])
        .arg(&c.profile)
        .arg(&p)
        .run()
        .findings()
        .stdout();
    assert!(
        text.starts_with("検証結果: 不合格（エラー 1 件、警告 0 件）"),
        "{text}"
    );
    assert!(text.contains("事業者名: 株式会社テスト"));
    assert!(text.contains("[非対応] AUTH-01 回答!H"));
    let md = kijun()
        .args(["verify", "--format", "md", "--profile"])
        .arg(&c.profile)
        .arg(&p)
        .run()
        .findings()
        .stdout();
    assert!(md.starts_with("# 回答の検証結果"));
    assert!(md.contains("| AUTH-01 | 非対応 |"));
}

fn bad(c: &Case, name: &str, bytes: &[u8], expect: &str) {
    let p = c.path(name);
    std::fs::write(&p, bytes).expect("write");
    kijun()
        .args(["verify", "--profile"])
        .arg(&c.profile)
        .arg(&p)
        .run()
        .input_error()
        .stderr_has(name)
        .stderr_has(expect);
}

#[test]
fn bad_files_fail_safely_with_a_reason() {
    let c = case();
    let good = c.path("good.xlsx");
    c.filled.write_xlsx(&good);
    let bytes = std::fs::read(&good).expect("read");
    bad(&c, "empty.xlsx", b"", "空です");
    bad(
        &c,
        "truncated.xlsx",
        &bytes[..bytes.len() / 2],
        "壊れているか",
    );
    bad(
        &c,
        "image.xlsx",
        &[0x89, b'P', b'N', b'G', 0, 0, 0, 0, 1, 2, 3],
        "バイナリ",
    );
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.extend(vec![0u8; 600]);
    cfb.extend(
        "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    bad(&c, "locked.xlsx", &cfb, "暗号化");
    bad(
        &c,
        "notes.csv",
        "これは回答ではありません\nメモ\n".as_bytes(),
        "見出し行が見つかりません",
    );
    let huge = c.path("huge.xlsx");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(51 * 1024 * 1024))
        .expect("sparse file");
    kijun()
        .args(["verify", "--profile"])
        .arg(&c.profile)
        .arg(&huge)
        .run()
        .input_error()
        .stderr_has("大きすぎます");
    kijun()
        .args(["verify", "--profile"])
        .arg(&c.profile)
        .arg(c.path("absent.xlsx"))
        .run()
        .input_error()
        .stderr_has("absent.xlsx");
}

#[test]
fn verify_never_overwrites_its_input() {
    let c = case();
    let p = c.path("回答.xlsx");
    c.filled.write_xlsx(&p);
    let before = std::fs::read(&p).expect("read");
    kijun()
        .args(["verify", "--format", "json", "--profile"])
        .arg(&c.profile)
        .arg(&p)
        .arg("-o")
        .arg(&p)
        .run()
        .input_error()
        .stderr_has("入力ファイルと同じ");
    assert_eq!(std::fs::read(&p).expect("read"), before);
}

#[test]
fn xlsx_report_has_summary_judgement_and_findings_sheets() {
    let mut c = case();
    c.filled
        .set("AUTH-01", "回答", "×")
        .set("LOG-01", "回答", "△")
        .set("LOG-01", "対応内容・実現方法", "一部のみ");
    let p = c.path("回答.xlsx");
    c.filled.write_xlsx(&p);
    let out = c.path("結果.xlsx");
    kijun()
        .args(["verify", "--format", "xlsx", "--profile"])
        .arg(&c.profile)
        .arg(&p)
        .arg("-o")
        .arg(&out)
        .run()
        .findings();
    let book = Filled::read(&out);
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["集計", "判定", "指摘事項"]);
    let judged = &book.sheets[1].rows;
    // 仕様書項番 first, rows in the order of the 調達仕様書.
    assert_eq!(
        judged[0][..2],
        ["仕様書項番".to_string(), "要件ID".to_string()]
    );
    assert_eq!(judged[1][0], "1(1)ア");
    let auth = judged
        .iter()
        .find(|r| r[1] == "AUTH-01")
        .expect("AUTH-01 row");
    assert_eq!((auth[6].as_str(), auth[7].as_str()), ("×", "非対応"));
    let log = judged
        .iter()
        .find(|r| r[1] == "LOG-01")
        .expect("LOG-01 row");
    assert_eq!(log[7], "一部対応");
    assert_eq!(book.sheets[2].rows.len(), 3, "header and two findings");
    assert!(book.sheets[0]
        .rows
        .iter()
        .any(|r| r[1].starts_with("不合格")));
    let again = c.path("結果2.xlsx");
    kijun()
        .args(["verify", "--format", "xlsx", "--profile"])
        .arg(&c.profile)
        .arg(&p)
        .arg("-o")
        .arg(&again)
        .run()
        .findings();
    assert_eq!(
        std::fs::read(&out).expect("a"),
        std::fs::read(&again).expect("b"),
        "deterministic"
    );
    kijun()
        .args(["verify", "--format", "xlsx", "--profile"])
        .arg(&c.profile)
        .arg(&p)
        .run()
        .input_error()
        .stderr_has("-o");
}

/// The fill colour (ARGB, e.g. "FFF8CBAD") of each cell of a column, by row (1-based),
/// on the sheet `sheet_file` (`xl/worksheets/sheet2.xml`) of an xlsx written by kijun.
fn fills(xlsx: &std::path::Path, sheet_file: &str, column: &str) -> Vec<(u32, String)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).expect("xlsx")).expect("zip");
    let mut part = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .expect("part")
            .read_to_string(&mut text)
            .expect("utf-8");
        text
    };
    let styles = part("xl/styles.xml");
    let sheet = part(sheet_file);
    let section = |tag: &str| {
        let start = styles.find(&format!("<{tag} ")).expect("section");
        let end = styles[start..].find(&format!("</{tag}>")).expect("end") + start;
        styles[start..end].to_string()
    };
    let fill_colours: Vec<String> = regex::Regex::new(r"(?s)<fill>(.*?)</fill>")
        .expect("re")
        .captures_iter(&section("fills"))
        .map(|c| {
            regex::Regex::new(r#"fgColor rgb="(\w+)""#)
                .expect("re")
                .captures(&c[1])
                .map_or_else(String::new, |m| m[1].to_string())
        })
        .collect();
    let xf_fill: Vec<usize> = regex::Regex::new(r"<xf [^>]*>|<xf [^>]*/>")
        .expect("re")
        .find_iter(&section("cellXfs"))
        .map(|m| {
            regex::Regex::new(r#"fillId="(\d+)""#)
                .expect("re")
                .captures(m.as_str())
                .map_or(0, |c| c[1].parse().expect("id"))
        })
        .collect();
    regex::Regex::new(&format!(r#"<c r="{column}(\d+)"(?: s="(\d+)")?"#))
        .expect("re")
        .captures_iter(&sheet)
        .map(|c| {
            let style: usize = c.get(2).map_or(0, |s| s.as_str().parse().expect("s"));
            let row: u32 = c[1].parse().expect("row");
            (row, fill_colours[xf_fill[style]].clone())
        })
        .collect()
}

/// Row highlights follow the findings' severity, as the verdict does: a requirement
/// text that differs from the catalog only by a catalog update (an altered_text
/// warning) is yellow, not red; an altered text is red; a clean 対応 is green.
#[test]
fn xlsx_report_row_colour_follows_severity() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cat = common::catalog_copy(dir.path());
    let profile = example("typical");
    let sheet = dir.path().join("様式.xlsx");
    kijun()
        .arg("--catalog")
        .arg(&cat)
        .args(["sheet", "--profile"])
        .arg(&profile)
        .arg("-o")
        .arg(&sheet)
        .run()
        .success();
    let mut filled = Filled::read(&sheet);
    filled.answer_everything();
    let altered = filled.get("AUTH-02", "要件") + "（ただし管理者を除く。）";
    filled.set("AUTH-02", "要件", &altered);
    let answers = dir.path().join("回答.xlsx");
    filled.write_xlsx(&answers);
    // The catalog is updated after the sheet was made: AUTH-01's wording changes.
    let area = cat.join("10-authentication.toml");
    let text = std::fs::read_to_string(&area).expect("area");
    let old = "利用の開始時に主体認証を行う機能を備えること。";
    assert!(text.contains(old));
    std::fs::write(
        &area,
        text.replacen(old, "利用の開始時に必ず主体認証を行う機能を備えること。", 1),
    )
    .expect("write");

    let out = dir.path().join("結果.xlsx");
    let run = kijun()
        .arg("--catalog")
        .arg(&cat)
        .args(["verify", "--format", "xlsx", "--profile"])
        .arg(&profile)
        .arg(&answers)
        .arg("-o")
        .arg(&out)
        .run()
        .findings();
    assert!(!run.stderr().contains("panicked"));
    let book = Filled::read(&out);
    let judged = &book.sheets[1].rows;
    let row_of = |id: &str| {
        judged
            .iter()
            .position(|r| r[1] == id)
            .unwrap_or_else(|| panic!("{id} row")) as u32
            + 1
    };
    let colour: std::collections::BTreeMap<u32, String> =
        fills(&out, "xl/worksheets/sheet2.xml", "H")
            .into_iter()
            .collect();
    let (warned, errored, clean) = (row_of("AUTH-01"), row_of("AUTH-02"), row_of("LOG-01"));
    assert_eq!(judged[warned as usize - 1][7], "対応（要件の改変）");
    assert_eq!(colour[&warned], "FFFFF2CC", "a warning is yellow");
    assert_eq!(colour[&errored], "FFF8CBAD", "an altered text is red");
    assert_eq!(colour[&clean], "FFE2EFDA", "a clean 対応 is green");
}

#[test]
fn compare_lines_up_vendors_and_still_compares_when_one_file_is_unreadable() {
    let mut a = case();
    a.filled.set_vendor("甲社").set("AUTH-01", "回答", "×");
    let pa = a.path("甲社.xlsx");
    a.filled.write_xlsx(&pa);
    let mut b = case();
    b.filled.set_vendor("乙社").set("AUTH-01", "回答", "△").set(
        "AUTH-01",
        "対応内容・実現方法",
        "管理者のみ対応",
    );
    let pb = a.path("乙社.xlsx");
    b.filled.write_xlsx(&pb);
    let run = kijun()
        .args(["compare", "--format", "json", "--profile"])
        .arg(&a.profile)
        .arg(&pa)
        .arg(&pb)
        .run()
        .findings();
    let j = run.json();
    let vendors: Vec<&str> = j["vendors"]
        .as_array()
        .expect("vendors")
        .iter()
        .map(|v| v["vendor"].as_str().expect("name"))
        .collect();
    assert_eq!(vendors, ["甲社", "乙社"]);
    assert_eq!(j["vendors"][0]["verdict"], "fail");
    assert_eq!(j["vendors"][1]["verdict"], "pass");
    let auth = j["requirements"]
        .as_array()
        .expect("reqs")
        .iter()
        .find(|r| r["id"] == "AUTH-01")
        .expect("AUTH-01");
    assert_eq!(auth["answers"][0]["answer"], "noncompliant");
    assert_eq!(auth["answers"][1]["answer"], "partial");

    let junk = write(&a.path("壊れた.xlsx"), "PK\u{3}\u{4}broken");
    let run = kijun()
        .args(["compare", "--profile"])
        .arg(&a.profile)
        .arg(&pa)
        .arg(&junk)
        .arg(&pb)
        .run()
        .input_error();
    let md = run.stdout();
    assert!(
        md.contains("| 甲社 |") && md.contains("| 乙社 |") && md.contains("読込不可"),
        "{md}"
    );
    assert!(run.stderr().contains("壊れた.xlsx"));
    // The comparison is written; the unreadable file is a notice, not a failed run.
    assert!(
        run.stderr()
            .contains("注意: 読み込めなかったファイルがあります（1 件）"),
        "{}",
        run.stderr()
    );

    let out = a.path("比較.xlsx");
    kijun()
        .args(["compare", "--format", "xlsx", "--profile"])
        .arg(&a.profile)
        .arg(&pa)
        .arg(&pb)
        .arg("-o")
        .arg(&out)
        .run()
        .findings();
    let book = Filled::read(&out);
    assert_eq!(
        book.sheets[0].rows[0][4..],
        ["甲社".to_string(), "乙社".to_string()]
    );
    assert_eq!(book.sheets[0].rows[1][0], "1(1)ア", "in the spec's order");
    kijun()
        .args(["compare", "--format", "json", "--profile"])
        .arg(&a.profile)
        .arg(&pa)
        .arg("-o")
        .arg(&pa)
        .run()
        .input_error();
}

#[test]
fn files_saved_by_libreoffice_as_xls_and_ods_give_the_findings_of_the_xlsx() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let profile = example("typical");
    let (code, xlsx) = verify_file(&profile, &dir.join("filled-typical.xlsx"));
    assert_eq!(code, 1);
    let want: Vec<(&str, &str)> = vec![
        ("not_applicable_refused", "OUT-01"),
        ("noncompliant", "AUTH-01"),
        ("missing_explanation", "AUTH-02"),
        ("missing_answer", "LOG-01"),
        ("missing_answer", "LOG-02"),
        ("altered_text", "CRY-02"),
    ];
    let got = found(&xlsx);
    for (k, id) in &want {
        assert!(
            got.iter().any(|f| f.0 == *k && f.1 == *id),
            "{k} {id} not in {got:?}"
        );
    }
    assert_eq!(xlsx["findings"][0]["sheet"], "回答（サンプル社）");
    for ext in ["xls", "ods"] {
        let (c, report) = verify_file(&profile, &dir.join(format!("filled-typical.{ext}")));
        assert_eq!(c, code, "{ext}");
        assert_eq!(
            found(&report),
            got,
            "{ext} gives the xlsx's findings at the same places"
        );
        assert_eq!(report["summary"], xlsx["summary"], "{ext}");
    }
}

/// A CSV cell can hold more than an Excel cell: the xlsx report still gets written, the
/// long text cut with a note that says so (it failed as an internal error before).
#[test]
fn xlsx_report_of_a_text_longer_than_a_cell_holds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("長文.csv");
    let long = "当社は".repeat(15_000);
    write(
        &csv,
        &format!("要件ID,回答,対応内容・実現方法,証跡・根拠資料\nAUTH-01,対応,{long},\n"),
    );
    let out = dir.path().join("結果.xlsx");
    let run = kijun()
        .args(["verify", "--format", "xlsx", "--profile"])
        .arg(example("typical"))
        .arg(&csv)
        .arg("-o")
        .arg(&out)
        .run()
        .findings();
    assert!(!run.stderr().contains("不具合"), "{}", run.stderr());
    let book = Filled::read(&out);
    let auth = book.sheets[1]
        .rows
        .iter()
        .find(|r| r[1] == "AUTH-01")
        .expect("AUTH-01 row");
    assert!(auth[8].starts_with("当社は当社は"));
    assert!(
        auth[8].ends_with("全文は回答ファイルを参照してください）"),
        "{}",
        &auth[8][auth[8].len() - 200..]
    );
    assert!(auth[8].encode_utf16().count() <= 32_767);
}
