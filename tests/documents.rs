//! The documents as a user gets them: `kijun spec` and `kijun clauses` in md, txt and
//! docx, template overrides, and the errors around them.
//!
//! Snapshots: `INSTA_UPDATE=always cargo test --test documents`, then review
//! `tests/snapshots/documents__*.snap` like code. They follow the embedded catalog, so
//! a catalog change shows up here as a reviewed diff.

mod common;

use std::path::{Path, PathBuf};

use common::docx::{part, stdout_of, texts};
use common::{example, kijun};
use unicode_normalization::UnicodeNormalization;

const PROFILES: [&str; 3] = ["minimal", "typical", "maximal"];

/// The selected requirements of a profile as (id, spec, clause).
fn selected(profile: &Path) -> Vec<(String, String, Option<String>)> {
    let run = kijun()
        .args(["select", "--format", "json", "--profile"])
        .arg(profile)
        .run()
        .success();
    run.json()
        .as_array()
        .expect("array")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().expect("id").to_string(),
                r["spec"].as_str().expect("spec").to_string(),
                r["clause"].as_str().map(str::to_string),
            )
        })
        .collect()
}

/// NFKC without any whitespace: how the acceptance check compares texts.
fn squash(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn count(haystack: &str, needle: &str) -> usize {
    squash(haystack).matches(&squash(needle)).count()
}

/// A docx written to a temporary folder and read back.
fn docx(args: &[&str], profile: &Path) -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out.docx");
    kijun()
        .args(args)
        .arg("--profile")
        .arg(profile)
        .args(["--format", "docx", "-o"])
        .arg(&out)
        .run()
        .success();
    let bytes = std::fs::read(&out).expect("docx written");
    (dir, out, bytes)
}

// ------------------------------------------------------------------ snapshots

#[test]
fn spec_and_clauses_snapshots() {
    for name in PROFILES {
        let p = example(name);
        for (cmd, format) in [
            ("spec", "md"),
            ("spec", "txt"),
            ("clauses", "md"),
            ("clauses", "txt"),
        ] {
            let out = stdout_of(&[cmd, "--format", format], &p);
            insta::assert_snapshot!(format!("{cmd}_{name}_{format}"), out);
        }
    }
}

#[test]
fn clauses_with_otsu_and_kou_snapshot() {
    let out = stdout_of(&["clauses", "--parties", "乙"], &example("typical"));
    insta::assert_snapshot!("clauses_typical_otsu_md", out);
}

// ------------------------------------------------------------------ every text once

#[test]
fn every_spec_text_appears_exactly_once_in_md_txt_and_docx() {
    for name in PROFILES {
        let p = example(name);
        let reqs = selected(&p);
        assert!(!reqs.is_empty());
        let md = stdout_of(&["spec", "--format", "md"], &p);
        let txt = stdout_of(&["spec", "--format", "txt"], &p);
        let (_dir, _, bytes) = docx(&["spec"], &p);
        let body = texts(&part(&bytes, "word/document.xml"));
        for (id, spec, _) in &reqs {
            assert_eq!(count(&md, spec), 1, "{name} md {id}");
            assert_eq!(count(&txt, spec), 1, "{name} txt {id}");
            assert_eq!(count(&body, spec), 1, "{name} docx {id}");
            // One heading per requirement (the 成果物一覧 also names it where it asks for a document).
            assert_eq!(count(&md, &format!("【{id}】**")), 1, "{name} md {id}");
        }
    }
}

#[test]
fn every_clause_text_appears_exactly_once_in_md_txt_and_docx() {
    for name in PROFILES {
        let p = example(name);
        let clauses: Vec<(String, String)> = selected(&p)
            .into_iter()
            .filter_map(|(id, _, c)| Some((id, c?)))
            .collect();
        assert!(!clauses.is_empty(), "{name} has contractor clauses");
        let md = stdout_of(&["clauses", "--format", "md"], &p);
        let txt = stdout_of(&["clauses", "--format", "txt"], &p);
        let (_dir, _, bytes) = docx(&["clauses"], &p);
        let body = texts(&part(&bytes, "word/document.xml"));
        for (id, clause) in &clauses {
            assert_eq!(count(&md, clause), 1, "{name} md {id}");
            assert_eq!(count(&txt, clause), 1, "{name} txt {id}");
            assert_eq!(count(&body, clause), 1, "{name} docx {id}");
        }
    }
}

// ------------------------------------------------------------------ legal review

/// The clauses of a profile as the library builds them, with `templates` (a folder)
/// or the embedded ones.
fn clauses_document(
    profile: &Path,
    parties: kijun::render::PartyNames,
    templates: Option<&Path>,
) -> kijun::render::ClausesDocument {
    let catalog = kijun::catalog::load::load(None).expect("catalog");
    let profile = kijun::profile::Profile::load(profile, &catalog.schema).expect("profile");
    let selected = kijun::select::select(&catalog, &profile);
    let t = kijun::render::Templates::load(templates).expect("templates");
    kijun::render::ClausesDocument::build(&catalog, &profile, &selected, parties, &t)
        .expect("clauses")
}

#[test]
fn clauses_define_every_term_they_use_in_one_wording_and_state_each_duty_once() {
    use kijun::render::PartyNames;
    for name in PROFILES {
        for parties in [PartyNames::contractor_client(), PartyNames::otsu_kou()] {
            let doc = clauses_document(&example(name), parties, None);
            let issues = kijun::render::terms::lint(&doc);
            assert!(issues.is_empty(), "{name}: {issues:#?}");
        }
    }
}

#[test]
fn termination_and_damages_are_stated_only_in_the_last_article() {
    for name in PROFILES {
        let md = stdout_of(&["clauses"], &example(name));
        let last = md.rfind("（違反時の措置）").expect("breach article");
        for word in ["解除することができる", "を賠償しなければならない"] {
            assert_eq!(md.matches(word).count(), 1, "{name} {word}");
            assert!(md[last..].contains(word), "{name} {word}");
        }
        assert!(!md.contains("この契約"), "{name}");
    }
}

#[test]
fn articles_are_titled_by_what_they_govern() {
    let md = stdout_of(&["clauses"], &example("maximal"));
    assert!(md.contains("（構築時の情報セキュリティ対策）"), "{md}");
    assert!(!md.contains("（企画・要件定義・調達・構築）"));
}

#[test]
fn first_article_defines_only_the_terms_the_clauses_use() {
    // A term is defined in 第1条 exactly when a later article uses it.
    let terms = [
        "本仕様書",
        "要機密情報",
        "機密性3の情報",
        "特定個人情報",
        "作業場所",
        "貸与物",
        "連絡窓口",
        "管理区域",
        "取扱区域",
        "クラウドサービス事業者",
    ];
    for name in PROFILES {
        let md = stdout_of(&["clauses"], &example(name));
        // The operative text after 第1条 (article captions are not where a term is used).
        let rest: String = md[md.find("## 第2条").expect("second article")..]
            .lines()
            .filter(|l| !l.starts_with("## "))
            .collect();
        for term in terms {
            let defined = md.contains(&format!("「{term}」とは"));
            assert_eq!(defined, rest.contains(term), "{name}: {term}");
        }
        // 個人情報 is used only as part of 特定個人情報 or not at all in these profiles.
        let personal = rest.replace("特定個人情報", "").contains("個人情報");
        assert_eq!(
            md.contains("「個人情報」とは"),
            personal,
            "{name}: 個人情報"
        );
    }
    let minimal = stdout_of(&["clauses"], &example("minimal"));
    assert!(!minimal.contains("「個人情報」とは"));
    assert!(minimal.contains("「情報セキュリティインシデント」とは"));
    let max = stdout_of(&["clauses"], &example("maximal"));
    for term in [
        "本仕様書",
        "要機密情報",
        "機密性3の情報",
        "特定個人情報",
        "管理区域",
    ] {
        assert!(max.contains(&format!("「{term}」とは")), "{term}");
    }
}

#[test]
fn the_clause_lint_reports_an_undefined_term_a_variant_and_a_duty_stated_twice() {
    use kijun::render::terms::{lint, IssueKind};
    let dir = tempfile::tempdir().expect("tempdir");
    let t = templates_copy(dir.path());
    // A purpose article that no longer defines 従事者, a breach article that says
    // この契約 and states damages where 第2条 would too.
    let purpose = std::fs::read_to_string(t.join("clauses-purpose.hbs")).expect("read");
    let purpose: String = purpose
        .lines()
        .filter(|l| !l.contains("「従事者」とは"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(t.join("clauses-purpose.hbs"), purpose).expect("write");
    let breach = std::fs::read_to_string(t.join("clauses-breach.hbs"))
        .expect("read")
        .replace("本契約の全部又は一部を解除", "この契約の全部又は一部を解除");
    std::fs::write(t.join("clauses-breach.hbs"), breach).expect("write");
    let doc = clauses_document(
        &example("typical"),
        kijun::render::PartyNames::contractor_client(),
        Some(&t),
    );
    let issues = lint(&doc);
    let kinds: Vec<IssueKind> = issues.iter().map(|i| i.kind).collect();
    assert!(kinds.contains(&IssueKind::Undefined), "{issues:#?}");
    assert!(
        issues.iter().any(|i| i.kind == IssueKind::Variant
            && i.message.contains("「この契約」")
            && i.message.contains("本契約")),
        "{issues:#?}"
    );
    assert!(issues
        .iter()
        .any(|i| i.message.contains("「従事者」") && i.message.contains("定義されていません")));
    assert!(!kinds.contains(&IssueKind::Duplicate), "{issues:#?}");
}

// ------------------------------------------------------------------ structure

#[test]
fn spec_uses_official_numbering_and_names_the_standard() {
    let p = example("typical");
    let md = stdout_of(&["spec"], &p);
    for want in [
        "# 情報セキュリティに関する要件",
        "電子申請受付システム",
        "〇〇省",
        "令和5年度版",
        "## 1　本システムが備えるべき情報セキュリティ機能",
        "## 2　成果物（情報セキュリティ関係）",
        "## 3　受注者が遵守すべき情報セキュリティ対策",
        "## 4　入札参加資格及び提案書に記載する事項（情報セキュリティ）",
        "### (1)　",
        "### (2)　",
        "**ア　",
        "**イ　",
        "## 別紙　準拠基準対照表",
        "| 項番 | 要件ID | 要件名 | 水準 | 根拠（準拠・参考・発注者判断） |",
        "| 遵守事項(1)ア | OUT-01 |",
        "| 番号 | 成果物 | 提出時期 | 形式 | 求める要件 |",
    ] {
        assert!(md.contains(want), "spec md lacks {want:?}");
    }
    let txt = stdout_of(&["spec", "--format", "txt"], &p);
    assert!(txt.contains("\n1　本システム"));
    assert!(txt.contains("\n　(1)　"));
    assert!(txt.contains("\n　　ア　"));
    assert!(txt.contains("\n項番\t要件ID\t要件名\t水準\t根拠（準拠・参考・発注者判断）\n"));
}

#[test]
fn clauses_are_articles_from_purpose_to_breach() {
    let p = example("typical");
    let txt = stdout_of(&["clauses", "--format", "txt"], &p);
    assert!(txt.starts_with("情報セキュリティに関する特記事項\n"));
    assert!(txt.contains("　（目的及び定義）\n第1条　この特記事項は、"));
    assert!(txt.contains("\n2　この特記事項において"));
    // The 発注者's own duties come first, then the contractor's by area.
    assert!(txt.contains("　（発注者の責務）\n第2条　発注者は、"));
    assert!(txt.contains("第3条　受注者は、"));
    // Breach, what survives the contract, and precedence close the document.
    let breach = txt.rfind("（違反時の措置）").expect("breach article");
    let survival = txt.rfind("（契約終了後の効力）").expect("survival article");
    let last = txt
        .rfind("（優先順位及び疑義の解決）")
        .expect("precedence article");
    assert!(breach < survival && survival < last);
    assert!(txt[breach..survival].contains("催告をすることなく、直ちに本契約の全部又は一部を解除"));
    assert!(txt[breach..survival].contains("を賠償しなければならない"));
    assert!(txt[breach..survival].contains("故意又は重大な過失"));
    assert!(txt[survival..last].contains("（情報の目的外利用の禁止と守秘義務）　期間の定めなく"));
    let articles = txt.matches("条　").count();
    assert!(txt[last..].contains(&format!("第{articles}条　")), "{txt}");
    let md = stdout_of(&["clauses"], &p);
    assert!(md.contains("## 第1条（目的及び定義）"));
}

#[test]
fn otsu_and_kou_replace_the_parties_everywhere() {
    let p = example("maximal");
    for format in ["md", "txt"] {
        let out = stdout_of(&["clauses", "--parties", "乙", "--format", format], &p);
        assert!(!out.contains("受注者"), "{format}: {out}");
        assert!(!out.contains("発注者"), "{format}: {out}");
        assert!(out.contains("「甲」及び「乙」とは、それぞれ本契約の契約書に定める甲及び乙をいう"));
        for (id, _, clause) in selected(&p) {
            if let Some(c) = clause {
                let want = c.replace("受注者", "乙").replace("発注者", "甲");
                assert_eq!(count(&out, &want), 1, "{format} {id}");
            }
        }
    }
    let (_dir, _, bytes) = docx(&["clauses", "--parties", "乙"], &p);
    let body = texts(&part(&bytes, "word/document.xml"));
    assert!(!body.contains("受注者") && !body.contains("発注者"));
    // The English alias works too.
    let out = stdout_of(&["clauses", "--parties", "otsu"], &p);
    assert!(out.contains("乙は、"));
}

#[test]
fn docx_is_a_word_document_with_styles_fonts_table_and_page_numbers() {
    let (_dir, _, bytes) = docx(&["spec"], &example("maximal"));
    let styles = part(&bytes, "word/styles.xml");
    for want in [
        r#"w:styleId="Heading1"><w:name w:val="heading 1"/>"#,
        r#"w:styleId="Heading2"><w:name w:val="heading 2"/>"#,
        r#"<w:outlineLvl w:val="0"/>"#,
        r#"<w:outlineLvl w:val="1"/>"#,
        r#"w:eastAsia="游明朝""#,
        r#"w:hanging="420""#,
    ] {
        assert!(styles.contains(want), "styles.xml lacks {want}");
    }
    let fonts = part(&bytes, "word/fontTable.xml");
    assert!(fonts.contains(r#"<w:font w:name="游明朝"><w:altName w:val="ＭＳ 明朝"/>"#));
    let doc = part(&bytes, "word/document.xml");
    assert!(
        doc.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "A4 portrait"
    );
    assert!(doc.contains(r#"<w:pStyle w:val="Heading1" />"#));
    assert!(doc.contains(r#"<w:pStyle w:val="Heading2" />"#));
    assert!(doc.contains("<w:tbl>") && doc.contains("<w:tblHeader/>"));
    assert!(doc.contains("<w:tab />"), "labels are separated by a tab");
    // Schema order: the footer reference opens the section properties.
    assert!(doc.contains(r#"<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1" />"#));
    assert!(!doc.contains("w14:paraId"));
    let start = doc.find("<w:tbl>").expect("table");
    let end = doc.find("</w:tbl>").expect("table end") + "</w:tbl>".len();
    let table = texts(&doc[start..end]);
    assert!(
        table.starts_with("番号成果物提出時期形式求める要件"),
        "{table}"
    );
    let annex = doc.rfind("<w:tbl>").expect("annex table");
    let annex_end = doc.rfind("</w:tbl>").expect("annex end") + "</w:tbl>".len();
    let annex_text = texts(&doc[annex..annex_end]);
    assert!(annex_text.starts_with("項番要件ID要件名水準根拠（準拠・参考・発注者判断）"));
    let footer = part(&bytes, "word/footer1.xml");
    assert!(footer.contains("<w:instrText>PAGE</w:instrText>"));
    let rels = part(&bytes, "word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Id="rIdFooter1""#) && rels.contains("footer1.xml"));
    let core = part(&bytes, "docProps/core.xml");
    assert!(core.contains("<dc:title>情報セキュリティに関する要件</dc:title>"));
    assert!(core.contains("2000-01-01T00:00:00Z"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
    for i in 0..zip.len() {
        let f = zip.by_index(i).expect("entry");
        let t = f.last_modified().expect("time");
        assert_eq!(
            (t.year(), t.month(), t.day()),
            (1980, 1, 1),
            "{:?}",
            f.name()
        );
    }
}

#[test]
fn same_inputs_give_identical_bytes() {
    let p = example("maximal");
    for cmd in ["spec", "clauses"] {
        let (_a, _, first) = docx(&[cmd], &p);
        let (_b, _, second) = docx(&[cmd], &p);
        assert!(first == second, "{cmd} docx differs between runs");
        for format in ["md", "txt"] {
            assert_eq!(
                stdout_of(&[cmd, "--format", format], &p),
                stdout_of(&[cmd, "--format", format], &p)
            );
        }
    }
}

#[test]
fn format_follows_the_output_extension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = example("typical");
    let out = dir.path().join("仕様書.docx");
    kijun()
        .args(["spec", "--profile"])
        .arg(&p)
        .arg("-o")
        .arg(&out)
        .run()
        .success();
    assert!(std::fs::read(&out).expect("written").starts_with(b"PK"));
    let out = dir.path().join("特記事項.txt");
    kijun()
        .args(["clauses", "--profile"])
        .arg(&p)
        .arg("-o")
        .arg(&out)
        .run()
        .success();
    assert!(std::fs::read_to_string(&out)
        .expect("written")
        .contains("\n第1条　"));
}

// ------------------------------------------------------------------ templates

fn templates_copy(dir: &Path) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let dst = dir.join("templates");
    std::fs::create_dir_all(&dst).expect("mkdir");
    for e in std::fs::read_dir(&src).expect("templates dir") {
        let p = e.expect("entry").path();
        std::fs::copy(&p, dst.join(p.file_name().expect("name"))).expect("copy");
    }
    dst
}

#[test]
fn a_marker_in_every_template_reaches_the_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = templates_copy(dir.path());
    let marker = "TEMPLATE-OVERRIDE-MARKER";
    for e in std::fs::read_dir(&t).expect("dir") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "hbs") {
            let text = std::fs::read_to_string(&p).expect("read");
            std::fs::write(&p, format!("{marker}\n{text}")).expect("write");
        }
    }
    let p = example("typical");
    let run = kijun()
        .arg("--templates")
        .arg(&t)
        .args(["spec", "--format", "md", "--profile"])
        .arg(&p)
        .run()
        .success();
    let md = run.stdout();
    assert!(md.starts_with(marker), "{md}");
    for (id, spec, _) in selected(&p) {
        assert_eq!(count(&md, &spec), 1, "{id}");
    }
    // The other formats and the clauses still render.
    for args in [
        &["spec", "--format", "txt"][..],
        &["clauses", "--format", "md"],
        &["clauses", "--format", "txt"],
    ] {
        let out = kijun()
            .arg("--templates")
            .arg(&t)
            .args(args)
            .arg("--profile")
            .arg(&p)
            .run()
            .success()
            .stdout();
        assert!(out.contains(marker), "{args:?}");
    }
}

#[test]
fn an_edited_wording_template_changes_all_formats() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = dir.path().join("mine");
    std::fs::create_dir(&t).expect("mkdir");
    // Only the files that differ need to be there.
    std::fs::write(
        t.join("spec-title.hbs"),
        "{{system.name}}に係る情報セキュリティ要件\n",
    )
    .expect("write");
    std::fs::write(t.join("README.md"), "not a template").expect("write");
    let p = example("typical");
    let want = "電子申請受付システムに係る情報セキュリティ要件";
    let md = kijun()
        .arg("--templates")
        .arg(&t)
        .args(["spec", "--profile"])
        .arg(&p)
        .run()
        .success()
        .stdout();
    assert!(md.starts_with(&format!("# {want}\n")), "{md}");
    let out = dir.path().join("spec.docx");
    kijun()
        .arg("--templates")
        .arg(&t)
        .args(["spec", "--profile"])
        .arg(&p)
        .arg("-o")
        .arg(&out)
        .run()
        .success();
    let bytes = std::fs::read(&out).expect("docx");
    assert!(texts(&part(&bytes, "word/document.xml")).starts_with(want));
}

#[test]
fn a_broken_template_is_named_with_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = dir.path().join("mine");
    std::fs::create_dir(&t).expect("mkdir");
    std::fs::write(
        t.join("spec.md.hbs"),
        "# {{title}}\n\n{{#each parts}}\n{{heading}}\n",
    )
    .expect("write");
    kijun()
        .arg("--templates")
        .arg(&t)
        .args(["spec", "--profile"])
        .arg(example("minimal"))
        .run()
        .input_error()
        .stderr_has("テンプレート spec.md.hbs")
        .stderr_has("行目")
        .stderr_has("{{/each}}");
    std::fs::write(t.join("spec.md.hbs"), "# {{title}}\n{{sytem.name}}\n").expect("write");
    kijun()
        .arg("--templates")
        .arg(&t)
        .args(["spec", "--profile"])
        .arg(example("minimal"))
        .run()
        .input_error()
        .stderr_has("spec.md.hbs")
        .stderr_has("2行目")
        .stderr_has("変数「sytem.name」はありません");
}

#[test]
fn a_misspelt_template_override_is_refused_naming_the_file_and_the_closest_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = dir.path().join("mine");
    std::fs::create_dir(&t).expect("mkdir");
    let layout = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/spec.md.hbs"),
    )
    .expect("embedded layout");
    std::fs::write(t.join("spce.md.hbs"), format!("MARKER\n{layout}")).expect("write");
    std::fs::write(t.join("README.md"), "メモ").expect("write");
    for cmd in ["spec", "clauses"] {
        let run = kijun()
            .arg("--templates")
            .arg(&t)
            .args([cmd, "--profile"])
            .arg(example("minimal"))
            .run()
            .input_error();
        assert_eq!(run.stdout(), "", "nothing is written");
        run.stderr_has("テンプレート spce.md.hbs")
            .stderr_has("このファイルは使われません")
            .stderr_has("spec.md.hbs の誤りではありませんか")
            .stderr_has("clauses-breach.hbs、clauses-client.hbs")
            .stderr_has("{{> spce.md}}");
    }
    // A name close to none is refused too, without a guess.
    std::fs::rename(t.join("spce.md.hbs"), t.join("仕様書.hbs")).expect("rename");
    let run = kijun()
        .arg("--templates")
        .arg(&t)
        .args(["spec", "--profile"])
        .arg(example("minimal"))
        .run()
        .input_error()
        .stderr_has("テンプレート 仕様書.hbs");
    assert!(
        !run.stderr().contains("の誤りではありませんか"),
        "{}",
        run.stderr()
    );
}

#[test]
fn an_extra_template_included_as_a_partial_is_used_not_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = dir.path().join("mine");
    std::fs::create_dir(&t).expect("mkdir");
    std::fs::write(t.join("spec-title.hbs"), "{{> 題名}}\n").expect("write");
    std::fs::write(t.join("題名.hbs"), "{{system.name}}の{{> 語}}\n").expect("write");
    std::fs::write(t.join("語.hbs"), "セキュリティ要件").expect("write");
    // Editors' backups and notes are not templates: left alone as before.
    std::fs::write(t.join("spec-title.hbs~"), "old").expect("write");
    std::fs::write(t.join(".spec-title.hbs.swp"), "swap").expect("write");
    std::fs::write(t.join("メモ.txt"), "memo").expect("write");
    let md = kijun()
        .arg("--templates")
        .arg(&t)
        .args(["spec", "--profile"])
        .arg(example("minimal"))
        .run()
        .success()
        .stdout();
    assert!(
        md.starts_with("# 庁内掲示板システムのセキュリティ要件\n"),
        "{md}"
    );
}

#[test]
fn a_missing_templates_folder_is_an_input_error() {
    kijun()
        .args([
            "--templates",
            "/nonexistent/kijun-templates",
            "spec",
            "--profile",
        ])
        .arg(example("minimal"))
        .run()
        .input_error()
        .stderr_has("テンプレートのフォルダ");
}

// ------------------------------------------------------------------ output errors

#[test]
fn docx_without_output_is_refused() {
    for cmd in ["spec", "clauses"] {
        kijun()
            .args([cmd, "--format", "docx", "--profile"])
            .arg(example("minimal"))
            .run()
            .input_error()
            .stderr_has("-o");
    }
}

#[test]
fn output_into_a_missing_folder_is_an_input_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (cmd, file) in [("spec", "spec.md"), ("clauses", "c.docx")] {
        kijun()
            .args([cmd, "--profile"])
            .arg(example("minimal"))
            .arg("-o")
            .arg(dir.path().join("no-such-folder").join(file))
            .run()
            .input_error()
            .stderr_has("フォルダ");
    }
}

#[test]
fn output_never_overwrites_the_profile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("profile.toml");
    std::fs::copy(example("minimal"), &p).expect("copy");
    let before = std::fs::read(&p).expect("read");
    kijun()
        .args(["spec", "--format", "txt", "--profile"])
        .arg(&p)
        .arg("-o")
        .arg(&p)
        .run()
        .input_error();
    assert_eq!(std::fs::read(&p).expect("kept"), before);
}
