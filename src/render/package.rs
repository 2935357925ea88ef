//! The .docx package around docx-rs's document and footer: content types,
//! relationships, properties, styles, fonts and settings, written here as fixed XML in
//! schema order. The zip entries get a fixed time and the properties fixed dates, so
//! the same document gives the same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The .docx zip: our fixed parts around docx-rs's document and footer.
pub(crate) fn write(document: &[u8], footer: &[u8], title: &str) -> Result<Vec<u8>, String> {
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
            "Heading3",
            "heading 3",
            &heading(2),
            r#"<w:keepNext/><w:spacing w:before="180" w:after="60"/><w:ind w:left="840" w:hanging="420"/><w:outlineLvl w:val="2"/>"#,
            &format!(r#"{gothic}<w:b/><w:bCs/>"#),
        ),
        style(
            "Heading4",
            "heading 4",
            &heading(3),
            r#"<w:keepNext/><w:spacing w:before="120" w:after="60"/><w:ind w:left="1155" w:hanging="525"/><w:outlineLvl w:val="3"/>"#,
            &gothic,
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
