//! Excel 97-2003 (.xls) files built record by record, for inputs no spreadsheet
//! program writes (tests/costly_files.rs, benches/costly.rs).

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;

/// One BIFF record: type, length, data.
pub fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = kind.to_le_bytes().to_vec();
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
    out
}

/// A BIFF8 .xls in a compound file: a workbook stream with `globals` records and one
/// sheet named `sheet` holding `cells` records.
pub fn xls(path: &Path, sheet: &str, globals: &[Vec<u8>], cells: &[Vec<u8>]) {
    let bof = |kind: u8| {
        record(
            0x0809,
            &[0x00, 0x06, kind, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        )
    };
    let eof = record(0x000A, &[]);
    let name: Vec<u8> = sheet.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let boundsheet = |at: u32| {
        let mut d = at.to_le_bytes().to_vec();
        d.extend([0, 0, sheet.encode_utf16().count() as u8, 1]);
        d.extend(&name);
        record(0x0085, &d)
    };
    let globals: Vec<u8> = globals.concat();
    // The sheet starts after the globals, whose BOUNDSHEET says where.
    let start = (bof(0x05).len() + boundsheet(0).len() + globals.len() + eof.len()) as u32;
    let mut stream = bof(0x05);
    stream.extend(boundsheet(start));
    stream.extend(globals);
    stream.extend(&eof);
    stream.extend(bof(0x10));
    stream.extend(cells.concat());
    stream.extend(eof);
    let mut file = cfb::create(path).expect("cfb");
    let mut s = file.create_stream("/Workbook").expect("stream");
    s.write_all(&stream).expect("write");
}
