//! What vendors really type and leave in a returned workbook, each case one that once
//! passed or was refused wrongly: option lists and qualified answers are never 対応,
//! invisible characters do not hide an answer, a second answer table or a second 回答
//! column is never used silently, and the explanation the 記入要領 asks for is enforced.

mod common;

use common::case::{case, found, kinds, only, verify_file};
use common::kijun;
use serde_json::Value;

fn message(report: &Value, kind: &str) -> String {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["kind"] == kind)
        .map(|f| f["message"].as_str().unwrap_or("").to_string())
        .unwrap_or_default()
}

#[test]
fn an_option_list_left_in_the_cell_is_an_invalid_answer_in_any_order() {
    for written in [
        "対応／一部対応／非対応",
        "○/×",
        "×/○",
        "対応/非対応",
        "Yes/No",
        "対応・非対応",
        "はい、いいえ",
    ] {
        let mut c = case();
        c.filled.set("AUTH-01", "回答", written);
        let (code, report) = c.verify();
        only(&report, "invalid_answer", "AUTH-01");
        assert_eq!(code, 1, "{written}");
        assert_eq!(
            report["summary"]["compliant"],
            report["summary"]["required"].as_u64().unwrap_or(0) - 1
        );
        assert!(
            message(&report, "invalid_answer").contains("異なる回答"),
            "{written}: {}",
            message(&report, "invalid_answer")
        );
    }
}

#[test]
fn a_qualified_answer_is_partial_never_compliant() {
    for written in [
        "○（一部非対応）",
        "対応、ただし一部は非対応",
        "対応※一部対象外",
        "対応予定",
        "○(2026年度中に対応予定)",
    ] {
        let mut c = case();
        c.filled.set("AUTH-01", "回答", written);
        let (_, report) = c.verify();
        only(&report, "partial", "AUTH-01");
        assert_eq!(report["summary"]["partial"], 1, "{written}");
        let m = message(&report, "partial");
        assert!(m.contains(&format!("「{written}」")), "{m}");
        assert!(m.contains("一部対応として扱いました"), "{m}");
    }
    // Without an explanation the qualified answer fails, as any 一部対応 does.
    let mut c = case();
    c.filled
        .set("AUTH-01", "回答", "対応、ただし一部は非対応")
        .set("AUTH-01", "対応内容・実現方法", "");
    let (code, report) = c.verify();
    assert_eq!(code, 1);
    assert!(kinds(&report).contains(&"missing_explanation".to_string()));
}

#[test]
fn a_restriction_on_who_may_act_is_a_qualified_answer_not_an_invalid_one() {
    for written in [
        "○（管理者以外不可）",
        "○（管理者以外は操作不可）",
        "対応（管理者のみ可）",
        "◯（権限を付与した職員に限定）",
    ] {
        let mut c = case();
        c.filled.set("AUTH-01", "回答", written);
        let (code, report) = c.verify();
        only(&report, "partial", "AUTH-01");
        assert_eq!(code, 0, "{written}");
        let m = message(&report, "partial");
        assert!(m.contains(&format!("「{written}」")), "{m}");
    }
    // Two different answers stay unreadable, restriction or not.
    for written in [
        "○(×)",
        "○/×（管理者以外不可）",
        "対応、非対応（管理者以外）",
        "可（不可）",
    ] {
        let mut c = case();
        c.filled.set("AUTH-01", "回答", written);
        only(&c.verify().1, "invalid_answer", "AUTH-01");
    }
    // A refusal with a restriction after it is still a refusal.
    let mut c = case();
    c.filled.set("AUTH-01", "回答", "×（管理者以外）");
    only(&c.verify().1, "noncompliant", "AUTH-01");
}

#[test]
fn an_explanation_that_only_points_elsewhere_is_missing() {
    for written in [
        "別紙参照",
        "提案書のとおり",
        "詳細は別紙3参照",
        "提案書 p.12 のとおり",
        "（別紙参照）",
        "提案書記載のとおり。",
    ] {
        let mut c = case();
        c.filled.set("AUTH-01", "対応内容・実現方法", written);
        let (code, report) = c.verify();
        only(&report, "missing_explanation", "AUTH-01");
        assert_eq!(code, 1, "{written}");
        let m = message(&report, "missing_explanation");
        assert!(m.contains("他の資料を示すだけ"), "{m}");
    }
    // An explanation that says how, and then points to the details, is an explanation.
    for fine in [
        "SSO 基盤で多要素認証を実施する（詳細は別紙参照）",
        "提案書のとおり、管理者はワンタイムパスワードで認証する",
    ] {
        let mut c = case();
        c.filled.set("AUTH-01", "対応内容・実現方法", fine);
        assert!(kinds(&c.verify().1).is_empty(), "{fine}");
    }
    // Where the answer needs no explanation, a reference alone is not reported.
    let mut c = case();
    c.filled
        .set("AUTH-01", "回答", "×")
        .set("AUTH-01", "対応内容・実現方法", "別紙参照");
    only(&c.verify().1, "noncompliant", "AUTH-01");
}

#[test]
fn vendor_markup_stays_inert_in_markdown_and_escapes_stay_off_the_terminal() {
    let mut c = case();
    c.filled
        .set_vendor("<script>alert(1)</script> **株式会社** | A社")
        .set(
            "AUTH-01",
            "回答",
            "[対応](javascript:alert(1)) `x` <img src=x onerror=alert(1)>",
        )
        .set("AUTH-02", "回答", "~~対応~~\r\n| 非 |");
    let p = c.path("回答.xlsx");
    c.filled.write_xlsx(&p);
    let md = c.run_verify(&["--format", "md"], &p).findings().stdout();
    for raw in [
        "<script>",
        "<img",
        "[対応](",
        "`x`",
        "**株式会社**",
        "~~対応",
        "\r",
    ] {
        assert!(!md.contains(raw), "{raw:?} is live in:\n{md}");
    }
    for inert in [
        "&lt;script&gt;alert(1)&lt;/script&gt; \\*\\*株式会社\\*\\* \\| A社",
        "\\[対応\\](javascript:alert(1)) \\`x\\` &lt;img src=x onerror=alert(1)&gt;",
    ] {
        assert!(md.contains(inert), "{inert:?} not in:\n{md}");
    }
    // Every row of a table has as many cells as its header: no pipe from the vendor
    // splits one.
    let mut header: Option<usize> = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        let pipes = line.replace("\\|", "").matches('|').count();
        assert_eq!(pipes, *header.get_or_insert(pipes), "{line}");
    }
    // compare's table too.
    let out = c.path("比較.md");
    kijun()
        .args(["compare", "--profile"])
        .arg(&c.profile)
        .arg(&p)
        .arg("-o")
        .arg(&out)
        .run();
    let compared = std::fs::read_to_string(&out).expect("compare md");
    assert!(
        !compared.contains("<script>") && compared.contains("&lt;script&gt;"),
        "{compared}"
    );
    // An escape sequence in the vendor's name is shown, not sent to the terminal.
    c.filled.set_vendor("\u{1b}[31mA社");
    c.filled.write_xlsx(&p);
    let text = c.run_verify(&[], &p).findings().stdout();
    assert!(
        !text.contains('\u{1b}') && text.contains("<U+001B>[31mA社"),
        "{text}"
    );
}

#[test]
fn a_contradiction_is_invalid_and_plain_remarks_still_read_as_compliant() {
    let mut c = case();
    c.filled.set("AUTH-01", "回答", "○(×)");
    let (code, report) = c.verify();
    only(&report, "invalid_answer", "AUTH-01");
    assert_eq!(code, 1);
    for fine in [
        "○（標準機能）",
        "対応します。詳細は別紙参照",
        "対応。",
        "対応（別紙参照）",
    ] {
        c.filled.set("AUTH-01", "回答", fine);
        assert!(kinds(&c.verify().1).is_empty(), "{fine}");
    }
    // 該当なし with a qualification is not an unqualified 該当なし either.
    let mut c = case();
    c.filled
        .set("AUTH-01", "回答", "該当なし（ただし一部対応）");
    only(&c.verify().1, "partial", "AUTH-01");
}

#[test]
fn invisible_characters_and_emoji_selectors_are_ignored() {
    for written in [
        "対\u{200B}応",
        "\u{FEFF}対応",
        "対応\u{200D}",
        "\u{2060}○",
        "対\u{00AD}応",
        "⭕\u{FE0F}",
        "✔\u{FE0F}",
        "✅",
    ] {
        let mut c = case();
        c.filled.set("AUTH-01", "回答", written);
        let (code, report) = c.verify();
        assert!(
            kinds(&report).is_empty(),
            "{written:?}: {:?}",
            found(&report)
        );
        assert_eq!(code, 0);
    }
    let mut c = case();
    c.filled.set("AUTH-01", "回答", "た\u{200B}ぶん");
    let report = c.verify().1;
    only(&report, "invalid_answer", "AUTH-01");
    let m = message(&report, "invalid_answer");
    assert!(m.contains("た<U+200B>ぶん"), "{m}");
}

#[test]
fn yes_without_the_explanation_the_guide_asks_for_fails() {
    let mut c = case();
    c.filled
        .set("AUTH-01", "回答", "はい")
        .set("AUTH-01", "対応内容・実現方法", "");
    let (code, report) = c.verify();
    only(&report, "missing_explanation", "AUTH-01");
    assert_eq!(code, 1);
    // The 記入要領 the tool wrote says the same: 対応 must be explained.
    let guide = c
        .filled
        .sheets
        .iter()
        .find(|s| s.name == "記入要領")
        .expect("guide sheet");
    let row = guide
        .rows
        .iter()
        .find(|r| r.iter().any(|v| v == "対応"))
        .expect("対応 row");
    assert!(
        row.iter().any(|v| v.starts_with("必ず記載してください")),
        "{row:?}"
    );
    let na = guide
        .rows
        .iter()
        .find(|r| r.iter().any(|v| v == "非対応"))
        .expect("非対応 row");
    // 非対応 needs an explanation only where the requirement's policy says so, and the
    // guide says exactly that.
    assert!(
        na.iter().any(|v| v.contains("件の要件では必ず記載")),
        "{na:?}"
    );
}

#[test]
fn a_copied_answer_sheet_is_told_apart_by_the_meta_sheet_and_never_chosen_silently() {
    let mut c = case();
    // Excel puts a copy before the original; the vendor then fixed answers in 回答.
    let mut copy = c.filled.answers().clone();
    copy.name = "回答（修正前）".into();
    c.filled.set("AUTH-01", "回答", "×");
    let at = c
        .filled
        .sheets
        .iter()
        .position(|s| s.name == "回答")
        .expect("answer sheet");
    c.filled.sheets.insert(at, copy);
    let p = c.path("回答.xlsx");
    c.filled.write_xlsx(&p);
    // The meta sheet records 「回答」 as kijun's own: it is verified, the copy named.
    let run = c.run_verify(&["--format", "json"], &p).findings();
    only(&run.json(), "noncompliant", "AUTH-01");
    let err = run.stderr();
    assert!(
        err.contains("「回答（修正前）」")
            && err.contains("管理情報が kijun の回答シートとして記録しているシート「回答」")
            && err.contains("1 件の要件で異なります")
            && err.contains("--sheet"),
        "{err}"
    );
    // A workbook made before the name was recorded: its answer sheet was 「回答」.
    let mut old = c.filled.clone();
    let meta = old
        .sheets
        .iter_mut()
        .find(|s| s.name == "kijun_meta")
        .expect("meta sheet");
    let before = meta.rows.len();
    meta.rows
        .retain(|r| r.first().is_none_or(|k| k != "answer_sheet"));
    assert_eq!(
        meta.rows.len(),
        before - 1,
        "the meta sheet records the answer sheet"
    );
    let p_old = c.path("以前の様式.xlsx");
    old.write_xlsx(&p_old);
    let run = c.run_verify(&["--format", "json"], &p_old).findings();
    only(&run.json(), "noncompliant", "AUTH-01");
    // Without the meta sheet nothing decides: refused, both sheets named.
    let mut bare = c.filled.clone();
    bare.drop_sheet("kijun_meta");
    let p_bare = c.path("管理情報なし.xlsx");
    bare.write_xlsx(&p_bare);
    let run = c.run_verify(&[], &p_bare).input_error();
    let err = run.stderr();
    assert!(
        err.contains("「回答（修正前）」") && err.contains("「回答」") && err.contains("--sheet"),
        "{err}"
    );
    // Nor does it when neither copy bears the recorded name.
    let mut renamed = c.filled.clone();
    renamed
        .sheets
        .iter_mut()
        .find(|s| s.name == "回答")
        .expect("answer sheet")
        .name = "回答（A社）".into();
    let p_renamed = c.path("改名.xlsx");
    renamed.write_xlsx(&p_renamed);
    c.run_verify(&[], &p_renamed)
        .input_error()
        .stderr_has("「回答（A社）」");
    // --sheet decides.
    let run = c
        .run_verify(&["--format", "json", "--sheet", "回答（修正前）"], &p_bare)
        .success();
    assert_eq!(kinds(&run.json()), vec!["profile_mismatch"]);
    c.run_verify(&["--sheet", "ない"], &p)
        .input_error()
        .stderr_has("「ない」");
}

#[test]
fn the_sheet_whose_ids_match_best_is_used_and_the_other_is_named() {
    let mut c = case();
    let mut partial = c.filled.answers().clone();
    partial.name = "下書き".into();
    partial.rows.truncate(10);
    c.filled.sheets.insert(0, partial);
    let p = c.path("回答.xlsx");
    c.filled.write_xlsx(&p);
    let run = c.run_verify(&["--format", "json"], &p).success();
    assert!(run.json()["findings"]
        .as_array()
        .expect("findings")
        .is_empty());
    assert!(run.stderr().contains("「下書き」"), "{}", run.stderr());
}

#[test]
fn a_second_answer_column_is_named_never_150_missing_answers() {
    // An empty column headed 回答 inserted on the left of the real one.
    let mut c = case();
    let ans = c.filled.col("回答");
    let h = c.filled.header_row();
    for (i, row) in c.filled.answers().rows.iter_mut().enumerate() {
        if row.len() > ans {
            row.insert(
                ans,
                if i == h {
                    "回答".into()
                } else {
                    String::new()
                },
            );
        }
    }
    let p = c.path("回答.xlsx");
    c.filled.write_xlsx(&p);
    let run = c.run_verify(&["--format", "json"], &p).success();
    assert!(run.json()["findings"]
        .as_array()
        .expect("findings")
        .is_empty());
    assert!(
        run.stderr().contains("見出し「回答」の列が複数"),
        "{}",
        run.stderr()
    );
    // Both filled: no way to tell which is the answer.
    let first = c.filled.row_of("AUTH-01");
    c.filled.answers().rows[first][ans] = "×".into();
    c.filled.write_xlsx(&p);
    let run = c.run_verify(&[], &p).input_error();
    let col = |i: usize| ((b'A' + i as u8) as char).to_string();
    assert!(
        run.stderr().contains(&format!("{} 列", col(ans)))
            && run.stderr().contains(&format!("{} 列", col(ans + 1))),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_deleted_id_column_is_named_instead_of_rows_from_the_number_column() {
    let mut c = case();
    c.filled.remove_column("要件ID");
    let p = c.path("回答.xlsx");
    c.filled.write_xlsx(&p);
    let run = c.run_verify(&[], &p).input_error();
    assert!(
        run.stderr().contains("「要件ID」の列がありません"),
        "{}",
        run.stderr()
    );
    assert!(!run.stderr().contains("missing_row"));
}

#[test]
fn profile_mismatch_names_the_field_and_what_to_do() {
    let c = case();
    let p = c.path("回答.xlsx");
    c.filled.write_xlsx(&p);
    let text = std::fs::read_to_string(&c.profile).expect("profile");
    let other = c.path("other.toml");
    let changed = text.replacen("confidentiality = 2", "confidentiality = 3", 1);
    assert_ne!(changed, text, "the example profile has confidentiality = 2");
    std::fs::write(&other, changed).expect("write");
    let (_, report) = verify_file(&other, &p);
    let m = message(&report, "profile_mismatch");
    assert!(m.contains("機密性（様式: 2、検証: 3）"), "{m}");
    assert!(m.contains("kijun sheet"), "{m}");
    assert!(!m.contains("システム名（"), "{m}");
    let renamed = text.replacen("name = \"", "name = \"別", 1);
    std::fs::write(&other, renamed).expect("write");
    let m = message(&verify_file(&other, &p).1, "profile_mismatch");
    assert!(m.contains("システム名（様式: 「"), "{m}");
}
