//! A pass over docx-rs's XML that puts property elements into schema order.
//!
//! Why: Word validates element order inside `w:pPr`, `w:rPr`, `w:sectPr`, `w:tblPr` …
//! and offers to "repair" files that break it, while docx-rs writes some of them in
//! its own order (e.g. `w:rPr` first in `w:pPr`, `w:footerReference` after
//! `w:pgSz`). LibreOffice does not mind either way.

use quick_xml::events::Event;
use quick_xml::Reader;

/// Child order of the elements docx-rs writes with properties (ECMA-376, transitional),
/// as local names in the `w:` namespace.
const ORDERS: &[(&str, &str)] = &[
    (
        "w:pPr",
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr \
         suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap \
         overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd \
         snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap \
         jc textDirection textAlignment textboxTightWrap outlineLvl divId \
         cnfStyle rPr sectPr pPrChange",
    ),
    (
        "w:rPr",
        "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps \
         strike dstrike outline shadow emboss imprint noProof snapToGrid vanish \
         webHidden color spacing w kern position sz szCs highlight u effect bdr \
         shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath \
         rPrChange",
    ),
    (
        "w:sectPr",
        "headerReference footerReference footnotePr endnotePr type pgSz pgMar \
         paperSrc pgBorders lnNumType pgNumType cols formProt vAlign noEndnote \
         titlePg textDirection bidi rtlGutter docGrid printerSettings \
         sectPrChange",
    ),
    (
        "w:tblPr",
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize \
         tblStyleColBandSize tblW jc tblCellSpacing tblInd tblBorders shd \
         tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange",
    ),
    (
        "w:tcPr",
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar \
         textDirection tcFitText vAlign hideMark headers cellIns cellDel \
         cellMerge tcPrChange",
    ),
    (
        "w:tblBorders",
        "top left start bottom right end insideH insideV",
    ),
    (
        "w:tcBorders",
        "top left start bottom right end insideH insideV tl2br tr2bl",
    ),
    ("w:tblCellMar", "top left start bottom right end"),
    ("w:tbl", "tblPr tblGrid"),
    ("w:tc", "tcPr"),
    ("w:tr", "tblPrEx trPr"),
    ("w:p", "pPr"),
    ("w:r", "rPr"),
];

/// One element of the tree; its start tag is kept as written (name and attributes).
struct Element {
    name: String,
    start: Vec<u8>,
    children: Vec<Node>,
}

enum Node {
    Element(Element),
    /// Anything else, already escaped as it appeared in the input.
    Raw(Vec<u8>),
}

/// Put the children of property elements into schema order, and mark the first row
/// of every table as a header row (repeated on each page; docx-rs has no setting for
/// it).
pub(crate) fn normalize(xml: &[u8]) -> Result<Vec<u8>, String> {
    let (prolog, mut root) = parse(xml)?;
    fix(&mut root);
    let mut out = prolog;
    write(&root, &mut out);
    Ok(out)
}

fn parse(xml: &[u8]) -> Result<(Vec<u8>, Element), String> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    let mut prolog = Vec::new();
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            format!(
                "XML を読めません（{} バイト目）: {e}",
                reader.buffer_position()
            )
        })?;
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                stack.push(Element {
                    start: clean_start(&name, &e),
                    name,
                    children: Vec::new(),
                })
            }
            Event::End(_) => {
                let done = stack.pop().ok_or("閉じタグが多すぎます")?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(done)),
                    None => root = Some(done),
                }
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let el = Element {
                    start: clean_start(&name, &e),
                    name,
                    children: Vec::new(),
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None => root = Some(el),
                }
            }
            Event::Eof => break,
            other => {
                let raw = raw_event(&other);
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Raw(raw)),
                    None if root.is_none() => prolog.extend_from_slice(&raw),
                    None => {}
                }
            }
        }
        buf.clear();
    }
    if !stack.is_empty() {
        return Err("閉じられていない要素があります".into());
    }
    root.map(|r| (prolog, r))
        .ok_or_else(|| "ルート要素がありません".into())
}

/// A start tag without the attributes that would make the file differ between runs
/// or that the schema does not allow: docx-rs numbers paragraphs (`w14:paraId`) from a
/// process-wide counter, and writes `w:type` on `w:gridCol`, which has only `w:w`.
fn clean_start(name: &str, tag: &[u8]) -> Vec<u8> {
    let drop: &[&[u8]] = match name {
        "w:p" => &[b"w14:paraId", b"w14:textId"],
        "w:gridCol" => &[b"w:type"],
        _ => return tag.to_vec(),
    };
    let mut out = tag.to_vec();
    for attr in drop {
        let mut key = b" ".to_vec();
        key.extend_from_slice(attr);
        key.extend_from_slice(b"=\"");
        if let Some(at) = find(&out, &key) {
            let value_start = at + key.len();
            if let Some(len) = out[value_start..].iter().position(|b| *b == b'"') {
                out.drain(at..value_start + len + 1);
            }
        }
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Text, declarations and the like, written back exactly as read.
fn raw_event(e: &Event) -> Vec<u8> {
    let mut out = Vec::new();
    match e {
        Event::Text(t) => out.extend_from_slice(t),
        Event::GeneralRef(r) => {
            out.push(b'&');
            out.extend_from_slice(r);
            out.push(b';');
        }
        Event::CData(t) => {
            out.extend_from_slice(b"<![CDATA[");
            out.extend_from_slice(t);
            out.extend_from_slice(b"]]>");
        }
        Event::Decl(d) => {
            out.extend_from_slice(b"<?");
            out.extend_from_slice(d);
            out.extend_from_slice(b"?>");
        }
        Event::PI(p) => {
            out.extend_from_slice(b"<?");
            out.extend_from_slice(p);
            out.extend_from_slice(b"?>");
        }
        Event::Comment(c) => {
            out.extend_from_slice(b"<!--");
            out.extend_from_slice(c);
            out.extend_from_slice(b"-->");
        }
        Event::DocType(d) => {
            out.extend_from_slice(b"<!DOCTYPE ");
            out.extend_from_slice(d);
            out.push(b'>');
        }
        _ => {}
    }
    out
}

fn fix(el: &mut Element) {
    for child in &mut el.children {
        if let Node::Element(c) = child {
            fix(c);
        }
    }
    if el.name == "w:tbl" {
        mark_header_row(el);
    }
    if let Some((_, order)) = ORDERS.iter().find(|(n, _)| *n == el.name) {
        // Known elements by their place in the schema; anything else keeps its place
        // after them (stable sort), so content such as runs follows the properties.
        let last = order.split_whitespace().count();
        let rank = |n: &Node| match n {
            Node::Element(c) => c
                .name
                .strip_prefix("w:")
                .and_then(|local| order.split_whitespace().position(|o| o == local))
                .unwrap_or(last),
            Node::Raw(_) => last,
        };
        el.children.sort_by_key(rank);
    }
}

fn mark_header_row(tbl: &mut Element) {
    let Some(Node::Element(tr)) = tbl
        .children
        .iter_mut()
        .find(|n| matches!(n, Node::Element(e) if e.name == "w:tr"))
    else {
        return;
    };
    let header = Element {
        name: "w:tblHeader".into(),
        start: b"w:tblHeader".to_vec(),
        children: Vec::new(),
    };
    match tr.children.iter_mut().find_map(|n| match n {
        Node::Element(e) if e.name == "w:trPr" => Some(e),
        _ => None,
    }) {
        Some(tr_pr) => {
            if !tr_pr
                .children
                .iter()
                .any(|n| matches!(n, Node::Element(e) if e.name == "w:tblHeader"))
            {
                tr_pr.children.push(Node::Element(header));
            }
        }
        None => tr.children.insert(
            0,
            Node::Element(Element {
                name: "w:trPr".into(),
                start: b"w:trPr".to_vec(),
                children: vec![Node::Element(header)],
            }),
        ),
    }
}

fn write(el: &Element, out: &mut Vec<u8>) {
    out.push(b'<');
    out.extend_from_slice(&el.start);
    if el.children.is_empty() {
        out.extend_from_slice(b"/>");
        return;
    }
    out.push(b'>');
    for child in &el.children {
        match child {
            Node::Element(c) => write(c, out),
            Node::Raw(r) => out.extend_from_slice(r),
        }
    }
    out.extend_from_slice(b"</");
    out.extend_from_slice(el.name.as_bytes());
    out.push(b'>');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        String::from_utf8(normalize(s.as_bytes()).expect("normalizes")).expect("utf8")
    }

    #[test]
    fn paragraph_properties_are_put_in_schema_order() {
        let got = norm(
            r#"<w:p><w:pPr><w:rPr/><w:ind w:left="1"/><w:pStyle w:val="A"/></w:pPr><w:r><w:rPr><w:sz w:val="2"/><w:b/></w:rPr><w:t xml:space="preserve">a&amp;b</w:t></w:r></w:p>"#,
        );
        assert_eq!(
            got,
            r#"<w:p><w:pPr><w:pStyle w:val="A"/><w:ind w:left="1"/><w:rPr/></w:pPr><w:r><w:rPr><w:b/><w:sz w:val="2"/></w:rPr><w:t xml:space="preserve">a&amp;b</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn section_references_come_first_and_the_prolog_is_kept() {
        let got = norm(
            r#"<?xml version="1.0"?><w:sectPr><w:pgSz w:w="1"/><w:footerReference r:id="x"/></w:sectPr>"#,
        );
        assert_eq!(
            got,
            r#"<?xml version="1.0"?><w:sectPr><w:footerReference r:id="x"/><w:pgSz w:w="1"/></w:sectPr>"#
        );
    }

    #[test]
    fn run_dependent_and_invalid_attributes_are_dropped() {
        let got = norm(
            r#"<w:body><w:p w14:paraId="0000002a"><w:r/></w:p><w:tblGrid><w:gridCol w:w="10" w:type="dxa" /></w:tblGrid></w:body>"#,
        );
        assert_eq!(
            got,
            r#"<w:body><w:p><w:r/></w:p><w:tblGrid><w:gridCol w:w="10" /></w:tblGrid></w:body>"#
        );
    }

    #[test]
    fn first_table_row_becomes_a_header_row() {
        let got = norm(
            r#"<w:tbl><w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc/></w:tr><w:tr><w:tc/></w:tr></w:tbl>"#,
        );
        assert_eq!(
            got,
            r#"<w:tbl><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc/></w:tr><w:tr><w:tc/></w:tr></w:tbl>"#
        );
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(normalize(b"<w:p><w:r></w:p>").is_err());
        assert!(normalize(b"<a>").is_err());
    }
}
