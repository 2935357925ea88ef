//! The 仕様書 in parts, as a 調達担当 pastes them into her ministry's 調達仕様書
//! template (issue 23): `kijun spec --part P --heading-level N` in md, txt and docx.
//!
//! What she relies on: each part holds its own requirements and no other part's, the
//! parts together are the whole selection, numbers start at the level she chose
//! (1 → (1) → ア → (ア) → a), references such as 「遵守事項(1)イ」 name the label the
//! requirement really carries at that level, no heading stands empty, and Word lists
//! the first heading at the level it was asked for.
//!
//! Snapshots: `INSTA_UPDATE=always cargo test --test spec_parts`, then review
//! `tests/snapshots/spec_parts__*.snap` like code.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::docx::part as docx_part;
use common::{example, kijun};
use unicode_normalization::UnicodeNormalization;

/// The parts that hold requirements; `deliverables` lists documents and `all` is the whole.
const REQUIREMENT_PARTS: [&str; 4] = ["functions", "duties", "qualification", "subcontract"];
const EVERY_PART: [&str; 6] = [
    "all",
    "functions",
    "deliverables",
    "duties",
    "qualification",
    "subcontract",
];

fn typical() -> PathBuf {
    example("typical")
}

/// `kijun spec --profile P ARGS…` on stdout, which must succeed.
fn spec(profile: &Path, args: &[&str]) -> String {
    spec_with(profile, &[], args)
}

/// The same with options before the subcommand (`--catalog DIR`).
fn spec_with(profile: &Path, global: &[&str], args: &[&str]) -> String {
    kijun()
        .args(global)
        .arg("spec")
        .arg("--profile")
        .arg(profile)
        .args(args)
        .run()
        .success()
        .stdout()
}

// ------------------------------------------------------------------ the selection

/// A selected requirement, as `select --format json` gives it.
#[derive(Debug)]
struct Selected {
    id: String,
    spec: String,
    area: String,
    subject: String,
    stage: String,
    deliverables: Vec<String>,
}

fn selected_with(profile: &Path, global: &[&str]) -> Vec<Selected> {
    let run = kijun()
        .args(global)
        .args(["select", "--format", "json", "--profile"])
        .arg(profile)
        .run()
        .success();
    let field = |r: &serde_json::Value, k: &str| r[k].as_str().unwrap_or("").to_string();
    run.json()
        .as_array()
        .expect("array")
        .iter()
        .map(|r| Selected {
            id: field(r, "id"),
            spec: field(r, "spec"),
            area: field(r, "area"),
            subject: field(r, "subject"),
            stage: field(r, "stage"),
            deliverables: r["deliverables"]
                .as_array()
                .expect("deliverables")
                .iter()
                .map(|d| d.as_str().expect("key").to_string())
                .collect(),
        })
        .collect()
}

fn selected(profile: &Path) -> Vec<Selected> {
    selected_with(profile, &[])
}

/// The part a requirement belongs in, from its data: what a bidder shows before the
/// award goes to `qualification`, a function of the system to `functions`, any other
/// duty of the contractor to `subcontract` where its area is one of `subcontract_areas`
/// and to `duties` otherwise.
fn part_of(r: &Selected, subcontract_areas: &BTreeSet<String>) -> &'static str {
    if r.stage == "入札参加資格" || r.stage == "提案時" {
        "qualification"
    } else if r.subject == "system" {
        "functions"
    } else if subcontract_areas.contains(&r.area) {
        "subcontract"
    } else {
        "duties"
    }
}

// ------------------------------------------------------------------ reading the outputs

/// One numbered line of a Markdown spec: a heading (`depth` = its number of `#`) or a
/// requirement (`**ア　表題【ID】**`, one deeper than the heading above it).
#[derive(Debug, Clone, PartialEq)]
struct Line {
    depth: usize,
    label: String,
    text: String,
    id: Option<String>,
}

/// Label and text of 「ア　表題」; a title without a label keeps an empty label.
fn split_label(s: &str) -> (String, String) {
    match s.split_once('\u{3000}') {
        Some((l, t)) => (l.to_string(), t.to_string()),
        None => (String::new(), s.to_string()),
    }
}

/// The id in 「…【OUT-01】」 at the end of a requirement's heading.
fn trailing_id(s: &str) -> Option<String> {
    let inner = s.strip_suffix('】')?;
    let (_, id) = inner.rsplit_once('【')?;
    Some(id.to_string())
}

/// Headings and requirements of a Markdown spec, in order.
fn outline(md: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut depth = 0;
    for line in md.lines() {
        let hashes = line.chars().take_while(|c| *c == '#').count();
        if hashes > 0 {
            let (label, text) = split_label(line[hashes..].trim());
            depth = hashes;
            out.push(Line {
                depth,
                label,
                text,
                id: None,
            });
        } else if let Some(inner) = line.strip_prefix("**").and_then(|l| l.strip_suffix("**")) {
            if let Some(id) = trailing_id(inner) {
                let (label, text) = split_label(inner);
                out.push(Line {
                    depth: depth + 1,
                    label,
                    text,
                    id: Some(id),
                });
            }
        }
    }
    out
}

/// (label, id) of each requirement of a Markdown spec.
fn items_md(md: &str) -> Vec<(String, String)> {
    outline(md)
        .into_iter()
        .filter_map(|l| Some((l.label, l.id?)))
        .collect()
}

/// (label, id) of each requirement of a text spec: an indented line 「ア　表題【ID】」
/// (table rows are tab-separated and are left out).
fn items_txt(txt: &str) -> Vec<(String, String)> {
    txt.lines()
        .filter(|l| !l.contains('\t'))
        .filter_map(|l| {
            let l = l.trim_start_matches('\u{3000}');
            let id = trailing_id(l)?;
            let (label, _) = split_label(l);
            (!label.is_empty()).then_some((label, id))
        })
        .collect()
}

fn ids(items: &[(String, String)]) -> BTreeSet<String> {
    items.iter().map(|(_, id)| id.clone()).collect()
}

/// The areas a spec part puts requirements under (its headings with a label).
fn areas(md: &str) -> BTreeSet<String> {
    outline(md)
        .into_iter()
        .filter(|l| l.id.is_none() && !l.label.is_empty())
        .map(|l| l.text)
        .collect()
}

/// NFKC without any whitespace, so a sentence is found whatever the layout.
fn squash(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn count(haystack: &str, needle: &str) -> usize {
    squash(haystack).matches(&squash(needle)).count()
}

// ------------------------------------------------------------------ numbering

const KANA: &str = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホ";
const LATIN: &str = "abcdefghijklmnopqrstuvwxyz";

/// The n-th label (from 1) at a level of the official ladder 1 → (1) → ア → (ア) → a → (a).
fn ladder(level: usize, n: usize) -> String {
    let pick = |alphabet: &str| {
        alphabet
            .chars()
            .nth(n - 1)
            .unwrap_or_else(|| panic!("extend the test's alphabet to {n}"))
            .to_string()
    };
    match level {
        1 => n.to_string(),
        2 => format!("({n})"),
        3 => pick(KANA),
        4 => format!("({})", pick(KANA)),
        5 => pick(LATIN),
        6 => format!("({})", pick(LATIN)),
        _ => panic!("level {level}"),
    }
}

/// Every label of a Markdown spec is the next one at the level its depth stands for,
/// the shallowest numbered depth standing for `first_level`; numbering restarts under
/// each heading. The annex (別紙) is lettered apart.
fn assert_numbering(md: &str, first_level: usize, what: &str) {
    let lines: Vec<Line> = outline(md)
        .into_iter()
        .filter(|l| !l.label.is_empty() && l.label != "別紙")
        .collect();
    assert!(!lines.is_empty(), "{what}: nothing numbered");
    let top = lines.iter().map(|l| l.depth).min().expect("depth");
    let mut counters: BTreeMap<usize, usize> = BTreeMap::new();
    for l in &lines {
        counters.retain(|d, _| *d <= l.depth);
        let n = counters.entry(l.depth).or_insert(0);
        *n += 1;
        let expected = ladder(first_level + l.depth - top, *n);
        assert_eq!(l.label, expected, "{what}: label of {l:?}");
    }
}

/// No heading stands alone: each is followed by something (text, a table, a deeper
/// heading or a requirement) before the next heading at its depth or above.
fn assert_no_orphan_heading(md: &str, what: &str) {
    let lines: Vec<&str> = md.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let depth = line.chars().take_while(|c| *c == '#').count();
        if depth == 0 {
            continue;
        }
        let has_content = lines[i + 1..]
            .iter()
            .take_while(|l| {
                let d = l.chars().take_while(|c| *c == '#').count();
                d == 0 || d > depth
            })
            .any(|l| !l.trim().is_empty());
        assert!(has_content, "{what}: heading with nothing under it: {line}");
    }
}

/// The part-alone spec at a level with its numbering checked.
fn numbered_part(part: &str, level: usize) -> String {
    let md = spec(
        &typical(),
        &["--part", part, "--heading-level", &level.to_string()],
    );
    if part != "deliverables" && !items_md(&md).is_empty() {
        assert_numbering(
            &md,
            level,
            &format!("--part {part} --heading-level {level}"),
        );
    }
    md
}

// ------------------------------------------------------------------ snapshots

/// The parts a 調達担当 pastes most, reviewed as she would read them: duties under the
/// template's chapter 「作業の実施に当たっての遵守事項」 at level 2 (md and txt), the
/// system's functions into a 要件定義書 at level 3, and the 成果物一覧.
#[test]
fn snapshots_of_the_parts_she_pastes() {
    let p = typical();
    for (name, args) in [
        (
            "duties_level2_md",
            &["--part", "duties", "--heading-level", "2", "--format", "md"][..],
        ),
        (
            "duties_level2_txt",
            &[
                "--part",
                "duties",
                "--heading-level",
                "2",
                "--format",
                "txt",
            ][..],
        ),
        (
            "functions_level3_md",
            &[
                "--part",
                "functions",
                "--heading-level",
                "3",
                "--format",
                "md",
            ][..],
        ),
        ("deliverables_md", &["--part", "deliverables"][..]),
    ] {
        let out = spec(&p, args);
        if name.ends_with("_md") {
            assert_no_orphan_heading(&out, name);
        }
        insta::assert_snapshot!(name, out);
    }
}

#[test]
fn numbers_start_at_the_chosen_level_in_every_part() {
    for level in 1..=3 {
        for part in EVERY_PART {
            let md = numbered_part(part, level);
            if part != "subcontract" {
                // subcontract: see the_subcontract_part_holds_the_subcontracting_area.
                assert_no_orphan_heading(&md, &format!("--part {part} --heading-level {level}"));
            }
        }
    }
    // The labels named in the help: 2 starts at (1) then ア; 3 starts at ア then (ア).
    let duties = outline(&numbered_part("duties", 2));
    assert_eq!(
        (duties[1].label.as_str(), duties[2].label.as_str()),
        ("(1)", "ア")
    );
    let functions = outline(&numbered_part("functions", 3));
    assert_eq!(
        (functions[1].label.as_str(), functions[2].label.as_str()),
        ("ア", "(ア)")
    );
}

#[test]
fn text_and_markdown_number_the_same_requirements_alike() {
    let p = typical();
    for part in EVERY_PART {
        for level in ["1", "2", "3"] {
            let args = ["--part", part, "--heading-level", level, "--format"];
            let md = spec(&p, &[&args[..], &["md"]].concat());
            let txt = spec(&p, &[&args[..], &["txt"]].concat());
            assert_eq!(
                items_txt(&txt),
                items_md(&md),
                "--part {part} level {level}"
            );
        }
    }
}

// ------------------------------------------------------------------ references

/// The reference each requirement has in a spec: the part's short name and the labels
/// of its area and of itself (「遵守事項」「(1)」「イ」 → 遵守事項(1)イ).
fn references(md: &str, short: &dyn Fn(&str) -> &'static str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut part = String::new();
    let mut area = String::new();
    let lines = outline(md);
    let item_depth = lines.iter().filter(|l| l.id.is_some()).map(|l| l.depth);
    let item_depth = item_depth.min().unwrap_or(0);
    for l in lines {
        match &l.id {
            Some(id) => {
                out.insert(id.clone(), format!("{}{}{}", short(&part), area, l.label));
            }
            None if l.depth + 1 == item_depth => area = l.label.clone(),
            None if l.depth + 2 == item_depth || l.depth == 1 => part = l.text.clone(),
            None => {}
        }
    }
    out
}

/// The short name references give a part, from the part's title.
fn short_name(title: &str) -> &'static str {
    match title {
        "本システムが備えるべき情報セキュリティ機能" => "機能",
        "受注者が遵守すべき情報セキュリティ対策" => "遵守事項",
        "入札参加資格及び提案書に記載する事項（情報セキュリティ）" => {
            "入札・提案"
        }
        "再委託に関する事項（情報セキュリティ）" => "再委託",
        other => panic!("a part titled {other:?}"),
    }
}

/// The references of a table column: 「遵守事項(1)カ【OUT-07】、遵守事項(2)ウ【SUB-03】」.
fn cell_references(cell: &str) -> Vec<(String, String)> {
    cell.split('、')
        .filter_map(|r| {
            let id = trailing_id(r.trim())?;
            let reference = r.trim().strip_suffix(&format!("【{id}】"))?.to_string();
            Some((id, reference))
        })
        .collect()
}

fn table_rows(md: &str) -> Vec<Vec<String>> {
    md.lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("| ---"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// The 成果物一覧 alone names each requirement as the part-alone spec at the same level
/// numbers it (she pastes both with the same --heading-level), and the whole spec's
/// 成果物一覧 and 準拠基準対照表 as the whole spec numbers it.
#[test]
fn references_name_the_label_at_the_chosen_level() {
    for level in 1..=3 {
        let mut labels = BTreeMap::new();
        for part in REQUIREMENT_PARTS {
            labels.extend(references(&numbered_part(part, level), &short_name));
        }
        let deliverables = numbered_part("deliverables", level);
        let rows = table_rows(&deliverables);
        assert_eq!(rows[0][4], "求める要件");
        let mut seen = 0;
        for row in &rows[1..] {
            for (id, reference) in cell_references(&row[4]) {
                assert_eq!(Some(&reference), labels.get(&id), "level {level}: {row:?}");
                seen += 1;
            }
        }
        assert!(seen > 30, "level {level}: {seen} references");

        let whole = numbered_part("all", level);
        let labels = references(&whole, &short_name);
        let mut seen = 0;
        for row in table_rows(&whole) {
            let refs: Vec<(String, String)> = if labels.contains_key(&row[1]) {
                vec![(row[1].clone(), row[0].clone())] // 準拠基準対照表
            } else if row.len() == 5 && trailing_id(&row[4]).is_some() {
                cell_references(&row[4]) // 成果物一覧
            } else {
                continue;
            };
            for (id, reference) in refs {
                assert_eq!(
                    Some(&reference),
                    labels.get(&id),
                    "all, level {level}: {row:?}"
                );
                seen += 1;
            }
        }
        assert!(seen > labels.len(), "all, level {level}: {seen} references");
    }
}

// ------------------------------------------------------------------ parts

/// The areas `--part subcontract` puts requirements under.
fn subcontract_areas(profile: &Path, global: &[&str]) -> BTreeSet<String> {
    areas(&spec_with(profile, global, &["--part", "subcontract"]))
}

/// Every --part value runs; each requirement part holds exactly the requirements its
/// data sends there (in md and txt), and together they are the whole spec and the
/// whole selection, each requirement once.
#[test]
fn each_part_holds_its_own_requirements_and_together_they_are_all() {
    let p = typical();
    for part in EVERY_PART {
        for format in ["md", "txt"] {
            kijun()
                .args(["spec", "--part", part, "--format", format, "--profile"])
                .arg(&p)
                .run()
                .success();
        }
    }
    let selection = selected(&p);
    let sub = subcontract_areas(&p, &[]);
    let mut union: Vec<String> = Vec::new();
    for part in REQUIREMENT_PARTS {
        let md = spec(&p, &["--part", part]);
        let txt = spec(&p, &["--part", part, "--format", "txt"]);
        let expected: BTreeSet<String> = selection
            .iter()
            .filter(|r| part_of(r, &sub) == part)
            .map(|r| r.id.clone())
            .collect();
        assert_eq!(ids(&items_md(&md)), expected, "--part {part} (md)");
        assert_eq!(ids(&items_txt(&txt)), expected, "--part {part} (txt)");
        union.extend(items_md(&md).into_iter().map(|(_, id)| id));
    }
    // Each part is only its own areas: an area never spreads over two parts but the
    // whole spec's, where a qualification area repeats a name.
    let duties = areas(&spec(&p, &["--part", "duties"]));
    assert!(duties.is_disjoint(&sub), "{duties:?} and {sub:?}");

    let all = items_md(&spec(&p, &["--part", "all"]));
    let mut all_ids: Vec<String> = all.iter().map(|(_, id)| id.clone()).collect();
    let mut union_sorted = union.clone();
    union_sorted.sort();
    all_ids.sort();
    assert_eq!(union_sorted, all_ids, "parts together against --part all");
    let once: BTreeSet<&String> = all_ids.iter().collect();
    assert_eq!(
        once.len(),
        all_ids.len(),
        "a requirement twice in --part all"
    );
    let chosen: BTreeSet<String> = selection.iter().map(|r| r.id.clone()).collect();
    assert_eq!(once.into_iter().cloned().collect::<BTreeSet<_>>(), chosen);
    // --part all is the default.
    assert_eq!(spec(&p, &[]), spec(&p, &["--part", "all"]));
}

/// The 成果物一覧 lists one row per document the selected requirements demand, naming
/// exactly the requirements that demand it, and holds no requirement itself.
#[test]
fn the_deliverables_part_lists_each_demanded_document_once() {
    let p = typical();
    let md = spec(&p, &["--part", "deliverables"]);
    assert!(items_md(&md).is_empty(), "requirements in the 成果物一覧");
    let rows = table_rows(&md);
    assert_eq!(
        rows[0],
        ["番号", "成果物", "提出時期", "形式", "求める要件"]
    );
    let mut listed: Vec<Vec<String>> = rows[1..]
        .iter()
        .enumerate()
        .map(|(i, row)| {
            assert_eq!(row[0], (i + 1).to_string(), "{row:?}");
            assert!(row[1..4].iter().all(|c| !c.is_empty()), "{row:?}");
            let mut ids: Vec<String> = cell_references(&row[4])
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            ids.sort();
            ids
        })
        .collect();
    let selection = selected(&p);
    let mut demanded: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for r in &selection {
        for key in &r.deliverables {
            demanded.entry(key).or_default().push(r.id.clone());
        }
    }
    let mut expected: Vec<Vec<String>> = demanded
        .into_values()
        .map(|mut v| {
            v.sort();
            v
        })
        .collect();
    listed.sort();
    expected.sort();
    assert_eq!(listed, expected);
}

#[test]
fn a_heading_level_out_of_range_is_refused_in_japanese() {
    for level in ["4", "0", "二"] {
        let run = kijun()
            .args([
                "spec",
                "--part",
                "duties",
                "--heading-level",
                level,
                "--profile",
            ])
            .arg(typical())
            .run()
            .input_error()
            .stderr_has("--heading-level")
            .stderr_has(&format!("「{level}」"));
        assert!(run.stdout().is_empty(), "{}", run.stdout());
    }
    kijun()
        .args(["spec", "--part", "chapter9", "--profile"])
        .arg(typical())
        .run()
        .input_error()
        .stderr_has("「chapter9」")
        .stderr_has("subcontract");
}

#[test]
fn the_subcontract_part_holds_the_subcontracting_area() {
    let p = typical();
    let md = spec(&p, &["--part", "subcontract", "--heading-level", "2"]);
    assert_no_orphan_heading(&md, "--part subcontract");
    assert_eq!(
        subcontract_areas(&p, &[]),
        BTreeSet::from(["再委託".to_string()])
    );
    let duties = spec(&p, &["--part", "duties"]);
    assert!(!ids(&items_md(&duties))
        .iter()
        .any(|id| id.starts_with("SUB-")));
}

// ------------------------------------------------------------------ docx

/// A paragraph of a Word body: its style, its text (tabs as `\t`) and its left indent.
#[derive(Debug)]
struct Para {
    style: String,
    text: String,
    left: i64,
}

fn attr(e: &quick_xml::events::BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

fn paragraphs(xml: &str) -> Vec<Para> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cur: Option<Para> = None;
    let mut in_t = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == b"w:p" => {
                cur = Some(Para {
                    style: String::new(),
                    text: String::new(),
                    left: 0,
                })
            }
            Event::End(e) if e.name().as_ref() == b"w:p" => out.extend(cur.take()),
            Event::Start(e) | Event::Empty(e) => match (e.name().as_ref(), cur.as_mut()) {
                (b"w:pStyle", Some(p)) => p.style = attr(&e, b"w:val").unwrap_or_default(),
                (b"w:ind", Some(p)) => {
                    p.left = attr(&e, b"w:left")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0)
                }
                (b"w:tab", Some(p)) => p.text.push('\t'),
                (b"w:t", _) => in_t = true,
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == b"w:t" => in_t = false,
            Event::Text(t) if in_t => {
                if let Some(p) = cur.as_mut() {
                    p.text.push_str(&t.decode().expect("text"));
                }
            }
            Event::GeneralRef(r) if in_t => {
                let name: &[u8] = &r;
                let c = match name {
                    b"amp" => '&',
                    b"lt" => '<',
                    b"gt" => '>',
                    b"quot" => '"',
                    b"apos" => '\'',
                    other => panic!("entity {other:?}"),
                };
                if let Some(p) = cur.as_mut() {
                    p.text.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The outline level (0-based) a style of styles.xml gives its paragraphs.
fn outline_level(styles: &str, style: &str) -> Option<u32> {
    let start = styles.find(&format!("w:styleId=\"{style}\""))?;
    let end = start + styles[start..].find("</w:style>")?;
    let def = &styles[start..end];
    let at = def.find("<w:outlineLvl w:val=\"")? + "<w:outlineLvl w:val=\"".len();
    def[at..].split('"').next()?.parse().ok()
}

/// `spec ARGS -o out.docx`, read back.
fn docx(args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("仕様書.docx");
    kijun()
        .arg("spec")
        .args(args)
        .arg("--profile")
        .arg(typical())
        .arg("-o")
        .arg(&out)
        .run()
        .success();
    std::fs::read(&out).expect("docx written")
}

fn heading_paragraphs(paras: &[Para]) -> Vec<&Para> {
    paras
        .iter()
        .filter(|p| p.style.starts_with("Heading"))
        .collect()
}

/// The duties at level 2 as Word gets them: the areas are 見出し 2 (outline level 2 in
/// the navigation pane, under the template's chapter), numbered (1), (2) … in text; the
/// requirements ア, イ … under them, indented further; every duty once, nothing of the
/// system's functions or of what a bidder shows.
#[test]
fn the_duties_docx_at_level_2_is_headed_where_word_expects_it() {
    let bytes = docx(&["--part", "duties", "--heading-level", "2"]);
    let paras = paragraphs(&docx_part(&bytes, "word/document.xml"));
    let styles = docx_part(&bytes, "word/styles.xml");

    let headings = heading_paragraphs(&paras);
    assert_eq!(headings[0].style, "Heading2", "{:?}", headings[0]);
    assert!(headings[0].text.starts_with("(1)\t"), "{:?}", headings[0]);
    assert_eq!(outline_level(&styles, "Heading2"), Some(1));
    assert!(
        headings.iter().all(|h| h.style == "Heading2"),
        "{headings:?}"
    );
    // The part's title is not a heading above the template's own chapter.
    assert_eq!(paras[0].style, "Title");
    assert_eq!(outline_level(&styles, "Title"), Some(9));

    // Areas (1), (2) … and, under each, requirements ア, イ … deeper in.
    let mut area = 0;
    let mut item = 0;
    let mut area_left = 0;
    let mut items = 0;
    for p in &paras {
        let label = p.text.split('\t').next().unwrap_or("");
        if p.style == "Heading2" {
            area += 1;
            item = 0;
            area_left = p.left;
            assert_eq!(label, ladder(2, area), "{p:?}");
        } else if trailing_id(&p.text).is_some() && p.text.contains('\t') {
            item += 1;
            items += 1;
            assert!(area > 0, "a requirement before the first area: {p:?}");
            assert_eq!(label, ladder(3, item), "{p:?}");
            // Not a 見出し at or above its area's level (kijun keeps requirements out
            // of the navigation pane; a 見出し 3 would also be right).
            assert!(
                matches!(p.style.as_str(), "KijunItem" | "Heading3"),
                "{p:?}"
            );
            assert!(p.left > area_left, "{p:?} not inside its area");
        }
    }

    let body: String = paras
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let selection = selected(&typical());
    let sub = subcontract_areas(&typical(), &[]);
    let mut duties = 0;
    for r in &selection {
        let tag = format!("【{}】", r.id);
        if part_of(r, &sub) == "duties" {
            duties += 1;
            assert_eq!(count(&body, &tag), 1, "{} in the duties docx", r.id);
            assert_eq!(
                count(&body, &r.spec),
                1,
                "text of {} in the duties docx",
                r.id
            );
        } else {
            assert_eq!(
                count(&body, &tag),
                0,
                "{} ({}) in the duties docx",
                r.id,
                r.subject
            );
            assert_eq!(
                count(&body, &r.spec),
                0,
                "text of {} in the duties docx",
                r.id
            );
        }
    }
    assert_eq!(items, duties);
    assert!(selection.iter().any(|r| r.subject == "system"));
}

/// Word's 見出し follow the level asked for in every layout: the first heading is
/// 見出し N with the label of level N, in the whole spec and in a part alone.
#[test]
fn the_first_docx_heading_stands_at_the_chosen_level() {
    for (part, level) in [
        ("all", 1),
        ("all", 2),
        ("all", 3),
        ("functions", 1),
        ("functions", 3),
        ("qualification", 3),
    ] {
        let bytes = docx(&["--part", part, "--heading-level", &level.to_string()]);
        let paras = paragraphs(&docx_part(&bytes, "word/document.xml"));
        let styles = docx_part(&bytes, "word/styles.xml");
        let first = heading_paragraphs(&paras)[0];
        assert_eq!(first.style, format!("Heading{level}"), "{part} {level}");
        assert_eq!(
            outline_level(&styles, &first.style),
            Some(level as u32 - 1),
            "{part} {level}"
        );
        assert!(
            first.text.starts_with(&format!("{}\t", ladder(level, 1))),
            "{part} {level}: {first:?}"
        );
        // Nothing shallower than the chosen level, but the annex of the whole spec.
        for h in heading_paragraphs(&paras) {
            let depth: usize = h.style["Heading".len()..].parse().expect("HeadingN");
            assert!(
                depth >= level || h.text.starts_with("別紙"),
                "{part} {level}: {h:?}"
            );
        }
    }
}

#[test]
fn the_written_line_counts_what_the_part_holds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = example("typical");
    let md = spec(&p, &["--part", "duties"]);
    let held = md.matches("】**").count();
    let out = dir.path().join("x.docx");
    let run = kijun()
        .args(["spec", "--part", "duties", "-o"])
        .arg(&out)
        .arg("--profile")
        .arg(&p)
        .run()
        .success();
    let said = format!("{}{}", run.stdout(), run.stderr());
    assert!(said.contains(&format!("（要件 {held} 件）")), "{said}");
    let out = dir.path().join("y.docx");
    let run = kijun()
        .args(["spec", "--part", "deliverables", "-o"])
        .arg(&out)
        .arg("--profile")
        .arg(&p)
        .run()
        .success();
    let said = format!("{}{}", run.stdout(), run.stderr());
    assert!(said.contains("（成果物 "), "{said}");
}
