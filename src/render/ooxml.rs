//! The Office Open XML package around docx-rs's body: fixed parts written in schema
//! order, and a pass that puts docx-rs's property elements into schema order.
//!
//! Why: Word validates element order inside `w:pPr`, `w:rPr`, `w:sectPr`, `w:tblPr` …
//! and offers to "repair" files that break it, while docx-rs writes some of them in
//! its own order (e.g. `w:rPr` first in `w:pPr`, `w:footerReference` after
//! `w:pgSz`). LibreOffice does not mind either way. The zip entries get a fixed time
//! and the properties fixed dates, so the same document gives the same bytes.

use std::io::{Cursor, Write};

use quick_xml::events::Event;
use quick_xml::Reader;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Child order of the elements docx-rs writes with properties (ECMA-376, transitional).
const ORDERS: &[(&str, &[&str])] = &[
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:ins",
            "w:del",
            "w:moveFrom",
            "w:moveTo",
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
            "w:rPrChange",
        ],
    ),
    (
        "w:sectPr",
        &[
            "w:headerReference",
            "w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
    ),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
            "w:tblPrChange",
        ],
    ),
    (
        "w:tcPr",
        &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
            "w:headers",
            "w:cellIns",
            "w:cellDel",
            "w:cellMerge",
            "w:tcPrChange",
        ],
    ),
    (
        "w:tblBorders",
        &[
            "w:top",
            "w:left",
            "w:start",
            "w:bottom",
            "w:right",
            "w:end",
            "w:insideH",
            "w:insideV",
        ],
    ),
    (
        "w:tcBorders",
        &[
            "w:top",
            "w:left",
            "w:start",
            "w:bottom",
            "w:right",
            "w:end",
            "w:insideH",
            "w:insideV",
            "w:tl2br",
            "w:tr2bl",
        ],
    ),
    (
        "w:tblCellMar",
        &["w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end"],
    ),
    ("w:tbl", &["w:tblPr", "w:tblGrid"]),
    ("w:tc", &["w:tcPr"]),
    ("w:tr", &["w:tblPrEx", "w:trPr"]),
    ("w:p", &["w:pPr"]),
    ("w:r", &["w:rPr"]),
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
pub fn normalize(xml: &[u8]) -> Result<Vec<u8>, String> {
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
        let rank = |n: &Node| match n {
            Node::Element(c) => order
                .iter()
                .position(|o| *o == c.name)
                .unwrap_or(order.len()),
            Node::Raw(_) => order.len(),
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

// ------------------------------------------------------------------ package

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The .docx zip: our fixed parts around docx-rs's document and footer.
pub fn package(document: &[u8], footer: &[u8], title: &str) -> Result<Vec<u8>, String> {
    let parts: [(&str, Vec<u8>); 10] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("_rels/.rels", ROOT_RELS.as_bytes().to_vec()),
        ("docProps/core.xml", core_properties(title).into_bytes()),
        ("docProps/app.xml", APP_PROPERTIES.as_bytes().to_vec()),
        ("word/document.xml", document.to_vec()),
        (
            "word/_rels/document.xml.rels",
            DOCUMENT_RELS.as_bytes().to_vec(),
        ),
        ("word/styles.xml", styles().into_bytes()),
        ("word/settings.xml", settings().into_bytes()),
        ("word/fontTable.xml", fonts().into_bytes()),
        ("word/footer1.xml", footer.to_vec()),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // A fixed time (the zip format's epoch, 1980-01-01) so runs give identical bytes.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in parts {
        zip.start_file(name, options).map_err(|e| e.to_string())?;
        zip.write_all(&bytes).map_err(|e| e.to_string())?;
    }
    let cursor = zip.finish().map_err(|e| e.to_string())?;
    Ok(cursor.into_inner())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

/// docx-rs refers to its first footer as `rIdFooter1`.
const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rIdFooter1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

const APP_PROPERTIES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>kijun</Application><DocSecurity>0</DocSecurity></Properties>"#;

/// Fixed dates: a document made from the same inputs is the same document.
fn core_properties(title: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>kijun</dc:creator><cp:lastModifiedBy>kijun</cp:lastModifiedBy><cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>"#,
        escape(title)
    )
}

fn settings() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="840"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="ja-JP"/><w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>"#
    )
}

/// The fonts with what Word falls back to when one is missing: 游明朝 (Word 2016 and
/// later) → ＭＳ 明朝, 游ゴシック → ＭＳ ゴシック. charset 80 (Shift_JIS) tells other
/// programs to substitute a Japanese font.
fn fonts() -> String {
    let font = |name: &str, alt: &str, panose: &str, family: &str, pitch: &str| {
        format!(
            r#"<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:panose1 w:val="{panose}"/><w:charset w:val="80"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>"#
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="{W_NS}">{}{}{}{}</w:fonts>"#,
        font(
            MINCHO,
            "ＭＳ 明朝",
            "02020400000000000000",
            "roman",
            "variable"
        ),
        font(
            "ＭＳ 明朝",
            "MS Mincho",
            "02020609040205080304",
            "modern",
            "fixed"
        ),
        font(
            GOTHIC,
            "ＭＳ ゴシック",
            "020B0400000000000000",
            "swiss",
            "variable"
        ),
        font(
            "ＭＳ ゴシック",
            "MS Gothic",
            "020B0609070205080204",
            "modern",
            "fixed"
        ),
    )
}

const MINCHO: &str = "游明朝";
const GOTHIC: &str = "游ゴシック";

/// Paragraph styles. Sizes in half-points, indents in twips (one 10.5 pt character is
/// 210). Numbered levels: the label starts one character further in per level and its
/// text two characters after the label, via a hanging indent.
fn styles() -> String {
    let fonts =
        |f: &str| format!(r#"<w:rFonts w:ascii="{f}" w:eastAsia="{f}" w:hAnsi="{f}" w:cs="{f}"/>"#);
    let style = |id: &str, name: &str, extra: &str, ppr: &str, rpr: &str| {
        format!(
            r#"<w:style w:type="paragraph"{custom} w:styleId="{id}"><w:name w:val="{name}"/>{extra}<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"#,
            custom = if id.starts_with("Kijun") {
                r#" w:customStyle="1""#
            } else {
                ""
            }
        )
    };
    let based = r#"<w:basedOn w:val="Normal"/><w:next w:val="Normal"/>"#;
    let heading = |level: u8| {
        format!(
            r#"<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="{}"/>"#,
            9 + level
        )
    };
    let gothic = fonts(GOTHIC);
    let list = [
        format!(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr><w:rPr>{}<w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="ja-JP" w:bidi="ar-SA"/></w:rPr></w:style>"#,
            fonts(MINCHO)
        ),
        style(
            "Title",
            "Title",
            based,
            r#"<w:spacing w:after="360"/><w:jc w:val="center"/><w:outlineLvl w:val="9"/>"#,
            &format!(r#"{gothic}<w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/>"#),
        ),
        style(
            "Heading1",
            "heading 1",
            &heading(0),
            r#"<w:keepNext/><w:spacing w:before="360" w:after="120"/><w:ind w:left="420" w:hanging="420"/><w:outlineLvl w:val="0"/>"#,
            &format!(r#"{gothic}<w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/>"#),
        ),
        style(
            "Heading2",
            "heading 2",
            &heading(1),
            r#"<w:keepNext/><w:spacing w:before="240" w:after="60"/><w:ind w:left="735" w:hanging="525"/><w:outlineLvl w:val="1"/>"#,
            &format!(r#"{gothic}<w:b/><w:bCs/><w:sz w:val="22"/><w:szCs w:val="22"/>"#),
        ),
        style(
            "KijunBody",
            "kijun 本文",
            based,
            r#"<w:spacing w:after="60"/><w:ind w:firstLine="210"/>"#,
            "",
        ),
        style(
            "KijunItem",
            "kijun 項目",
            based,
            r#"<w:keepNext/><w:spacing w:before="120"/><w:ind w:left="840" w:hanging="420"/>"#,
            &gothic,
        ),
        style(
            "KijunItemBody",
            "kijun 項目本文",
            based,
            r#"<w:spacing w:after="60"/><w:ind w:left="840" w:firstLine="210"/>"#,
            "",
        ),
        style(
            "KijunArticle",
            "kijun 条",
            &heading(0),
            r#"<w:keepNext/><w:spacing w:before="240" w:after="60"/><w:outlineLvl w:val="0"/>"#,
            &format!("{gothic}<w:b/><w:bCs/>"),
        ),
        style(
            "KijunClauseLead",
            "kijun 第1項",
            based,
            r#"<w:spacing w:after="60"/><w:ind w:left="210"/>"#,
            "",
        ),
        style(
            "KijunClause",
            "kijun 項",
            based,
            r#"<w:spacing w:after="60"/><w:ind w:left="210" w:hanging="210"/>"#,
            "",
        ),
        style(
            "KijunTableHeading",
            "kijun 表見出し",
            based,
            r#"<w:keepNext/><w:jc w:val="center"/>"#,
            &format!(r#"{gothic}<w:b/><w:bCs/><w:sz w:val="18"/><w:szCs w:val="18"/>"#),
        ),
        style(
            "KijunTableText",
            "kijun 表本文",
            based,
            r#"<w:jc w:val="left"/>"#,
            r#"<w:sz w:val="18"/><w:szCs w:val="18"/>"#,
        ),
        style("Footer", "footer", based, r#"<w:jc w:val="center"/>"#, ""),
    ];
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>{}<w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="ja-JP" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>{}<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#,
        fonts(MINCHO),
        list.join("")
    )
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
