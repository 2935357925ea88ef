//! Reading what kijun wrote: a command's standard output for a profile, a part of a
//! docx, and the text of a Word XML part as Word shows it.

use std::io::Read;
use std::path::Path;

use super::kijun;

/// `kijun <args> --profile <profile>`'s standard output (the command must succeed).
pub fn stdout_of(args: &[&str], profile: &Path) -> String {
    kijun()
        .args(args)
        .arg("--profile")
        .arg(profile)
        .run()
        .success()
        .stdout()
}

/// One part (e.g. `word/document.xml`) of a docx.
pub fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("docx is a zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in docx"))
        .read_to_string(&mut text)
        .expect("utf-8 part");
    text
}

/// The concatenated `<w:t>` texts of an XML part, as Word shows them.
pub fn texts(xml: &str) -> String {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut in_t = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_t = false,
            Event::Text(t) if in_t => out.push_str(&t.decode().expect("text")),
            Event::GeneralRef(r) if in_t => {
                let name: &[u8] = &r;
                let entity = match name {
                    b"amp" => "&",
                    b"lt" => "<",
                    b"gt" => ">",
                    b"quot" => "\"",
                    b"apos" => "'",
                    other => panic!("entity {other:?}"),
                };
                out.push_str(entity);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}
