//! The Word documents: the same models as the md/txt layouts, written with docx-rs.
//!
//! docx-rs builds the body (paragraphs, runs, the annex table, section and footer);
//! `ooxml` puts its XML into schema order and `package` wraps it with fixed styles,
//! fonts, settings and properties, so the same inputs give the same bytes and Word
//! opens the file without offering to repair it.
//! Layout: A4 portrait, 明朝 body text, ゴシック headings that Word's navigation pane
//! lists (見出し 1/2 with outline levels), hanging indents for numbered items, page
//! numbers in the footer.

use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, PageMargin, PageNum, Paragraph, Run, Shading,
    SpecialIndentType, Table, TableBorder, TableBorderPosition, TableCell, TableLayoutType,
    TableRow, VAlignType, WidthType,
};

use super::{ooxml, package};
use super::{ClausesDocument, InquiryDocument, SpecDocument};
use crate::error::{Error, Result};

/// A4 portrait in twips (1/20 pt).
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;
/// 25 mm left and right, 30/25 mm top and bottom: the usual margins of a 仕様書.
const MARGIN_SIDE: i32 = 1418;
const MARGIN_TOP: i32 = 1701;
const MARGIN_BOTTOM: i32 = 1418;
/// The width the text may use.
const TEXT_WIDTH: usize = (PAGE_WIDTH as usize) - 2 * (MARGIN_SIDE as usize);

/// Columns of 準拠基準対照表 (項番, 要件ID, 要件名, 水準, 準拠基準), in twips.
const ANNEX_COLUMNS: [usize; 5] = [900, 1100, 2800, 620, TEXT_WIDTH - 900 - 1100 - 2800 - 620];
const ANNEX_HEADER: [&str; 5] = [
    "項番",
    "要件ID",
    "要件名",
    "水準",
    "根拠（準拠・参考・発注者判断）",
];

/// The 調達仕様書 section as a .docx. Numbers are text at the start of each heading
/// (「(1)」「ア」), so they survive a paste into the ministry's template; headings use
/// Word's 見出し styles of the level they stand at, so the navigation pane lists them
/// where the template's own chapters are.
pub fn spec(doc: &SpecDocument) -> Result<Vec<u8>> {
    let mut d = page();
    d = d.add_paragraph(text_paragraph("Title", &doc.title));
    for p in &doc.preface {
        d = d.add_paragraph(text_paragraph("KijunBody", p));
    }
    let top = u64::from(doc.heading_level.clamp(1, 4));
    let (part_depth, area_depth) = if doc.whole { (top, top + 1) } else { (0, top) };
    for part in &doc.parts {
        if !part.label.is_empty() {
            d = d.add_paragraph(numbered_at(part_depth, &part.label, &part.heading));
        }
        for p in &part.lead {
            d = d.add_paragraph(text_paragraph("KijunBody", p));
        }
        if !part.deliverables.is_empty() {
            d = d.add_table(table(
                &DELIVERABLE_HEADER,
                &DELIVERABLE_COLUMNS,
                part.deliverables.iter().map(|r| {
                    vec![
                        vec![r.number.to_string()],
                        vec![r.name.clone()],
                        vec![r.due.clone()],
                        vec![r.form.clone()],
                        r.requirements.clone(),
                    ]
                }),
            ));
            d = d.add_paragraph(Paragraph::new().style("KijunBody"));
        }
        for area in &part.areas {
            d = d.add_paragraph(numbered_at(area_depth, &area.label, &area.name));
            for item in &area.items {
                let heading = format!("{}【{}】", item.title, item.id);
                let (para, left) = item_heading(area_depth + 1, &item.label, &heading);
                d = d.add_paragraph(para);
                d = d.add_paragraph(text_paragraph("KijunItemBody", &item.text).indent(
                    Some(left),
                    Some(SpecialIndentType::FirstLine(210)),
                    None,
                    None,
                ));
            }
        }
    }
    if doc.annex.shown {
        let annex = Paragraph::new()
            .style("Heading1")
            .page_break_before(true)
            .add_run(Run::new().add_text(xml_text(&format!("別紙\u{3000}{}", doc.annex.title))));
        d = d.add_paragraph(annex);
        for p in &doc.annex.note {
            d = d.add_paragraph(text_paragraph("KijunBody", p));
        }
        d = d.add_table(table(
            &ANNEX_HEADER,
            &ANNEX_COLUMNS,
            doc.annex.rows.iter().map(|r| {
                vec![
                    vec![r.reference.clone()],
                    vec![r.id.clone()],
                    vec![r.title.clone()],
                    vec![r.level.clone()],
                    r.basis.clone(),
                ]
            }),
        ));
    }
    // Word always keeps a paragraph after a table at the end of a document.
    d = d.add_paragraph(Paragraph::new().style("KijunBody"));
    finish(d, &doc.title)
}

/// Columns of the 成果物一覧 (番号, 成果物, 提出時期, 形式, 求める要件), in twips.
const DELIVERABLE_COLUMNS: [usize; 5] =
    [500, 2200, 2300, 1800, TEXT_WIDTH - 500 - 2200 - 2300 - 1800];
const DELIVERABLE_HEADER: [&str; 5] = ["番号", "成果物", "提出時期", "形式", "求める要件"];

/// Where a label at `depth` starts (one character further in per level) and how far its
/// text hangs after it: two characters for 「(1)」「(ア)」, one and a half otherwise.
fn label_indent(depth: u64, label: &str) -> (i32, i32) {
    let start = 210 * depth.saturating_sub(1) as i32;
    let hanging = if label.starts_with('(') { 525 } else { 420 };
    (start + hanging, hanging)
}

/// A numbered heading at `depth`: Word's 見出し 1〜4 (so the navigation pane shows it
/// at that level), label and text separated by a tab at the hanging indent.
fn numbered_at(depth: u64, label: &str, text: &str) -> Paragraph {
    let style = format!("Heading{}", depth.clamp(1, 4));
    let (left, hanging) = label_indent(depth, label);
    numbered(&style, label, text).indent(
        Some(left),
        Some(SpecialIndentType::Hanging(hanging)),
        None,
        None,
    )
}

/// A requirement's heading at `depth` (not a 見出し: requirements are too many for the
/// navigation pane) and the indent its sentence takes.
fn item_heading(depth: u64, label: &str, text: &str) -> (Paragraph, i32) {
    let (left, hanging) = label_indent(depth, label);
    let para = numbered("KijunItem", label, text).indent(
        Some(left),
        Some(SpecialIndentType::Hanging(hanging)),
        None,
        None,
    );
    (para, left)
}

/// The 特記事項 as a .docx: one 見出し 1 per article (第N条（見出し）), its 項 below.
pub fn clauses(doc: &ClausesDocument) -> Result<Vec<u8>> {
    let mut d = page();
    d = d.add_paragraph(text_paragraph("Title", &doc.title));
    for article in &doc.articles {
        let heading = if article.caption.is_empty() {
            article.label.clone()
        } else {
            format!("{}（{}）", article.label, article.caption)
        };
        d = d.add_paragraph(text_paragraph("KijunArticle", &heading));
        for p in &article.paragraphs {
            // The first 項 is not numbered; the others start with their number and a
            // full-width space, as in statutes, and wrap one character in. (A tab would
            // jump past the hanging indent from 項 10 on.)
            d = d.add_paragraph(if p.label.is_empty() {
                text_paragraph("KijunClauseLead", &p.text)
            } else {
                text_paragraph("KijunClause", &format!("{}\u{3000}{}", p.label, p.text))
            });
            // 号: one character further in than the 項, the label hanging.
            for item in &p.items {
                d = d.add_paragraph(
                    text_paragraph(
                        "KijunClause",
                        &format!("{}\u{3000}{}", item.label, item.text),
                    )
                    .indent(
                        Some(630),
                        Some(SpecialIndentType::Hanging(420)),
                        None,
                        None,
                    ),
                );
            }
        }
    }
    finish(d, &doc.title)
}

/// The 照会書 as a .docx: date and sender on the right, the addressee on the left,
/// the title, the lead, 「記」, the numbered questions and conditions, 「以上」.
pub fn inquiry(doc: &InquiryDocument) -> Result<Vec<u8>> {
    let mut d = page();
    d = d.add_paragraph(aligned(&doc.date, AlignmentType::Right, 0, 240));
    d = d.add_paragraph(aligned(&doc.addressee, AlignmentType::Left, 0, 240));
    d = d.add_paragraph(aligned(&doc.sender, AlignmentType::Right, 0, 360));
    d = d.add_paragraph(text_paragraph("Title", &doc.title));
    for p in &doc.lead {
        d = d.add_paragraph(text_paragraph("KijunBody", p));
    }
    d = d.add_paragraph(
        Paragraph::new()
            .style("KijunBody")
            .line_spacing(LineSpacing::new().before(120))
            .add_run(
                Run::new()
                    .bold()
                    .add_text(xml_text(&format!("回答期限　{}", doc.deadline))),
            ),
    );
    d = d.add_paragraph(aligned("記", AlignmentType::Center, 240, 120));
    let sections = [
        (
            "1",
            "照会事項",
            &doc.questions,
            "照会事項",
            "照会事項はありません。",
        ),
        (
            "2",
            "条件を付して承認する事項",
            &doc.conditions,
            "条件",
            "条件を付して承認する事項はありません。",
        ),
    ];
    for (number, heading, items, asked, none) in sections {
        d = d.add_paragraph(numbered("Heading1", number, heading));
        if items.is_empty() {
            d = d.add_paragraph(text_paragraph("KijunBody", none));
        }
        for item in items {
            let title = if asked == "条件" {
                format!("{}　{}", item.label, item.heading)
            } else {
                format!("{}（{}）　{}", item.label, item.decision, item.heading)
            };
            d = d.add_paragraph(text_paragraph("Heading2", &title));
            if !item.requirement.is_empty() {
                d = d.add_paragraph(field("要件", &item.requirement, false));
            }
            for f in &item.answer {
                d = d.add_paragraph(field(&f.label, &f.text, false));
            }
            for a in &item.asks {
                d = d.add_paragraph(field(asked, a, true));
            }
        }
    }
    d = d.add_paragraph(numbered("Heading1", "3", "回答の方法"));
    for p in &doc.reply {
        d = d.add_paragraph(text_paragraph("KijunBody", p));
    }
    d = d.add_paragraph(aligned("以上", AlignmentType::Right, 240, 0));
    finish(d, &doc.title)
}

/// A line of text aligned as given, without the body's first-line indent, with space
/// before and after (twips).
fn aligned(text: &str, align: AlignmentType, before: u32, after: u32) -> Paragraph {
    Paragraph::new()
        .align(align)
        .line_spacing(LineSpacing::new().before(before).after(after))
        .add_run(Run::new().add_text(xml_text(text)))
}

/// 「要件：…」 under a question's heading: the label in bold, the text wrapping under
/// the label; what is asked stands out.
fn field(label: &str, text: &str, asked: bool) -> Paragraph {
    let mut value = Run::new().add_text(xml_text(text));
    if asked {
        value = value.bold();
    }
    Paragraph::new()
        .style("KijunItemBody")
        .indent(Some(630), Some(SpecialIndentType::FirstLine(0)), None, None)
        .line_spacing(LineSpacing::new().after(40))
        .add_run(Run::new().bold().add_text(xml_text(&format!("{label}："))))
        .add_run(value)
}

/// An empty A4 document with the page number centred in the footer.
fn page() -> Docx {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .style("Footer")
            .align(AlignmentType::Center)
            .add_page_num(PageNum::new()),
    );
    Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_SIDE)
                .right(MARGIN_SIDE)
                .header(851)
                .footer(851)
                .gutter(0),
        )
        .footer(footer)
}

fn text_paragraph(style: &str, text: &str) -> Paragraph {
    Paragraph::new()
        .style(style)
        .add_run(Run::new().add_text(xml_text(text)))
}

/// Text as XML 1.0 allows it: templates and catalogs are user input, and one control
/// character would make Word refuse the whole file. Line breaks and tabs inside a
/// paragraph's text become spaces, as Word would show them.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}' => Some(c),
            _ => None,
        })
        .collect()
}

/// `label<TAB>text`: the style's hanging indent puts the tab stop where the text
/// starts, so wrapped lines align under the text, not under the label.
fn numbered(style: &str, label: &str, text: &str) -> Paragraph {
    Paragraph::new().style(style).add_run(
        Run::new()
            .add_text(xml_text(label))
            .add_tab()
            .add_text(xml_text(text)),
    )
}

/// A table with a header row (repeated on every page) and one row per item, each cell
/// holding one paragraph per line: the 対照表 and the 成果物一覧.
fn table(header: &[&str], widths: &[usize], body: impl Iterator<Item = Vec<Vec<String>>>) -> Table {
    let cell = |lines: &[String], width: usize, style: &str| {
        // A cell must hold at least one paragraph, or Word reports the file as damaged.
        let mut c = TableCell::new()
            .width(width, WidthType::Dxa)
            .vertical_align(VAlignType::Top);
        let empty = [String::new()];
        let lines = if lines.is_empty() { &empty[..] } else { lines };
        for line in lines {
            c = c.add_paragraph(text_paragraph(style, line));
        }
        c
    };
    let head = TableRow::new(
        header
            .iter()
            .zip(widths)
            .map(|(h, w)| {
                cell(&[h.to_string()], *w, "KijunTableHeading")
                    .shading(Shading::new().fill("D9D9D9"))
            })
            .collect(),
    )
    .cant_split();
    let mut rows = vec![head];
    for cells in body {
        rows.push(
            TableRow::new(
                cells
                    .iter()
                    .zip(widths)
                    .map(|(lines, w)| cell(lines, *w, "KijunTableText"))
                    .collect(),
            )
            .cant_split(),
        );
    }
    let width: usize = widths.iter().sum();
    let mut table = Table::new(rows)
        .set_grid(widths.to_vec())
        .width(width, WidthType::Dxa)
        .layout(TableLayoutType::Fixed);
    for position in [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ] {
        // Half-point lines, as Word draws a new table.
        table = table.set_border(TableBorder::new(position).size(4));
    }
    table
}

/// The .docx bytes: docx-rs's body and footer, normalised to schema order, in our
/// own package.
fn finish(docx: Docx, title: &str) -> Result<Vec<u8>> {
    let xml = docx.build();
    // Not expected with any input: docx-rs and the package are ours to get right.
    let fail = |part: &str, e: String| {
        Error::Internal(format!(
            "docx を作成できませんでした（{part}: {e}）。md か txt での出力はできます"
        ))
    };
    let document = ooxml::normalize(&xml.document).map_err(|e| fail("word/document.xml", e))?;
    let footer = match xml.footers.first() {
        Some(f) => ooxml::normalize(f).map_err(|e| fail("word/footer1.xml", e))?,
        None => return Err(fail("word/footer1.xml", "フッターがありません".into())),
    };
    package::write(&document, &footer, &xml_text(title)).map_err(|e| fail("docx", e))
}

#[cfg(test)]
mod tests {
    use super::xml_text;

    #[test]
    fn text_is_made_valid_for_xml() {
        assert_eq!(xml_text("a\u{1}b\tc\nd\u{FFFE}e"), "ab c de");
        assert_eq!(xml_text("漢字　😀"), "漢字　😀");
    }
}
