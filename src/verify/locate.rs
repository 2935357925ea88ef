//! Finding the response table in a returned workbook: the sheet by its header (not by
//! its name: sheets get renamed and reordered), the header row within the first rows,
//! and each column by name with the catalog's header synonyms.

use std::collections::{BTreeMap, HashSet};

use crate::a1::column_letter;
use crate::catalog::{Catalog, HeaderTable, Requirement};
use crate::error::{Error, Result};
use crate::normalize::{answer_key, header_key, one_line, requirement_id};
use crate::sheet::form::layout::{Column, META_SHEET, VENDOR_ROW};
use crate::sheet::ingest::{Book, Grid};

/// How many rows from the top are searched for the header.
pub(crate) const HEADER_SEARCH_ROWS: u32 = 40;

/// Where the answers are.
#[derive(Debug, Clone)]
pub(crate) struct Located {
    pub(crate) sheet: usize,
    /// 0-based header row.
    pub(crate) header_row: u32,
    /// Column (0-based) of each role found.
    pub(crate) columns: BTreeMap<Column, u32>,
    /// The vendor's name, if the sheet has a 事業者名 cell filled in.
    pub(crate) vendor: Option<String>,
    /// What the reader should know about how the table was found (another answer table
    /// left in the workbook, a second column with the same heading), in Japanese.
    pub(crate) notices: Vec<String>,
}

impl Located {
    pub(crate) fn col(&self, role: Column) -> Option<u32> {
        self.columns.get(&role).copied()
    }
}

/// The columns looked for, in matching order: those that decide come first. 仕様書項番
/// is kijun's own and is not read back (the id says which requirement a row answers).
const MATCH_ORDER: [Column; 11] = [
    Column::Id,
    Column::Answer,
    Column::Explanation,
    Column::Evidence,
    Column::Pages,
    Column::Remarks,
    Column::Requirement,
    Column::Number,
    Column::Area,
    Column::Level,
    Column::Basis,
];

/// The headings a vendor's sheet may give a column (the catalog's synonyms).
fn synonyms(column: Column, h: &HeaderTable) -> &[String] {
    match column {
        Column::Id => &h.id,
        Column::Answer => &h.answer,
        Column::Explanation => &h.explanation,
        Column::Evidence => &h.evidence,
        Column::Pages => &h.pages,
        Column::Remarks => &h.remarks,
        Column::Requirement => &h.requirement,
        Column::Number => &h.number,
        Column::Area => &h.area,
        Column::Level => &h.level,
        Column::Basis => &h.basis,
        Column::SpecRef => &[],
    }
}

/// A header row: the column of each role, and the columns that carry the same heading
/// as a column already taken (「回答」 twice).
struct Header {
    columns: BTreeMap<Column, u32>,
    repeated: Vec<(Column, Vec<u32>)>,
}

/// The roles a row's cells name.
fn header_roles(grid: &Grid, row: u32, headers: &HeaderTable) -> Header {
    let width = grid.end().1;
    let keys: Vec<String> = (0..width).map(|c| header_key(&grid.text(row, c))).collect();
    let mut columns: BTreeMap<Column, u32> = BTreeMap::new();
    let mut repeated = Vec::new();
    for role in MATCH_ORDER {
        'syn: for syn in synonyms(role, headers) {
            let want = header_key(syn);
            let free: Vec<u32> = (0..keys.len() as u32)
                .filter(|&c| keys[c as usize] == want && !columns.values().any(|&t| t == c))
                .collect();
            if let Some(&first) = free.first() {
                columns.insert(role, first);
                if free.len() > 1 {
                    repeated.push((role, free));
                }
                break 'syn;
            }
        }
    }
    Header { columns, repeated }
}

/// Whether a header names both an id and an answer column.
fn is_table(h: &Header) -> bool {
    h.columns.contains_key(&Column::Id) && h.columns.contains_key(&Column::Answer)
}

/// Whether a sheet has a header row (id and answer columns) near its top.
pub fn has_header(grid: &Grid, headers: &HeaderTable) -> bool {
    grid.name != META_SHEET
        && (0..grid.end().0.min(HEADER_SEARCH_ROWS))
            .any(|r| is_table(&header_roles(grid, r, headers)))
}

/// The distinct ids below the header that the profile expects, and how many rows hold
/// an id that is expected or at least id-shaped.
fn id_rows(grid: &Grid, header: u32, id_col: u32, expected: &HashSet<&str>) -> (usize, usize) {
    let end = grid.end().0;
    let mut matched: HashSet<String> = HashSet::new();
    let mut shaped = 0;
    for r in header + 1..end {
        let id = requirement_id(&grid.text(r, id_col));
        if expected.contains(id.as_str()) {
            shaped += 1;
            matched.insert(id);
        } else if is_id_shaped(&id) {
            shaped += 1;
        }
    }
    (matched.len(), shaped)
}

fn is_id_shaped(id: &str) -> bool {
    let Some((prefix, number)) = id.split_once('-') else {
        return false;
    };
    (2..=5).contains(&prefix.len())
        && prefix.chars().all(|c| c.is_ascii_uppercase())
        && (2..=3).contains(&number.len())
        && number.chars().all(|c| c.is_ascii_digit())
}

/// A sheet's answer table: its header row and columns.
struct Candidate {
    sheet: usize,
    row: u32,
    header: Header,
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("「{n}」"))
        .collect::<Vec<_>>()
        .join("と")
}

/// Find the answer table. `sheet` is the user's choice (`--sheet`); without it, the one
/// sheet with an answer table, or the one whose ids match the profile's best; between
/// equally good tables, the sheet the workbook's meta sheet records as kijun's own
/// (`recorded`). Otherwise two equally good tables are an error: kijun never picks one
/// of them silently.
pub(crate) fn locate(
    book: &Book,
    catalog: &Catalog,
    expected: &[&Requirement],
    sheet: Option<&str>,
    recorded: Option<&str>,
) -> Result<Located> {
    let refuse = |message: String| Error::Input {
        path: book.path.clone(),
        message,
    };
    let names = || {
        book.sheets
            .iter()
            .filter(|s| s.name != META_SHEET)
            .map(|s| format!("「{}」", s.name))
            .collect::<Vec<_>>()
            .join("、")
    };
    let candidates = candidates(book, &catalog.headers, sheet);
    if let Some(name) = sheet {
        if !book.sheets.iter().any(|s| s.name == name) {
            return Err(refuse(format!(
                "--sheet で指定されたシート「{name}」がありません（あるシート: {}）",
                names()
            )));
        }
        if candidates.is_empty() {
            return Err(refuse(format!(
                "シート「{name}」の先頭 {HEADER_SEARCH_ROWS} 行に「要件ID」と「回答」の列見出しがありません"
            )));
        }
    }
    if candidates.is_empty() {
        return Err(refuse(no_table_message(book, catalog, &names())));
    }
    let expected_ids: HashSet<&str> = expected.iter().map(|r| r.id.as_str()).collect();
    let scored: Vec<(Candidate, (usize, usize))> = candidates
        .into_iter()
        .map(|c| {
            let grid = &book.sheets[c.sheet];
            let score = id_rows(grid, c.row, c.header.columns[&Column::Id], &expected_ids);
            (c, score)
        })
        .collect();
    let mut notices = Vec::new();
    let Some((chosen, (matched, shaped))) =
        choose(book, &scored, recorded, &mut notices).map_err(&refuse)?
    else {
        return Err(refuse(no_table_message(book, catalog, &names())));
    };
    let grid = &book.sheets[chosen.sheet];
    let id_col = chosen.header.columns[&Column::Id];
    if matched == 0 && shaped == 0 && data_rows(grid, chosen.row) > 0 {
        return Err(refuse(format!(
            "シート「{}」に「要件ID」の列がありません（{} 行目の見出しで要件IDとみなした {} 列「{}」には、要件ID（例: {}）が一つもありません）。要件IDの列を削除せずに返送するよう求めてください",
            grid.name,
            chosen.row + 1,
            column_letter(id_col),
            one_line(&grid.text(chosen.row, id_col)),
            expected.first().map_or("OUT-01", |r| r.id.as_str())
        )));
    }
    let mut columns = chosen.header.columns.clone();
    for (role, cols) in &chosen.header.repeated {
        let col = repeated_column(grid, chosen.row, *role, cols, &mut notices).map_err(&refuse)?;
        columns.insert(*role, col);
    }
    Ok(Located {
        sheet: chosen.sheet,
        header_row: chosen.row,
        columns,
        vendor: vendor_name(grid, chosen.row),
        notices,
    })
}

/// Every sheet's header: the first row near its top that names an id and an answer
/// column; only the sheet `--sheet` names, when it does.
fn candidates(book: &Book, headers: &HeaderTable, sheet: Option<&str>) -> Vec<Candidate> {
    let mut found = Vec::new();
    for (i, grid) in book.sheets.iter().enumerate() {
        if grid.name == META_SHEET || sheet.is_some_and(|s| s != grid.name) {
            continue;
        }
        let rows = grid.end().0.min(HEADER_SEARCH_ROWS);
        if let Some((row, header)) = (0..rows)
            .map(|r| (r, header_roles(grid, r, headers)))
            .find(|(_, h)| is_table(h))
        {
            found.push(Candidate {
                sheet: i,
                row,
                header,
            });
        }
    }
    found
}

/// How well a table's ids match the profile's: (ids expected, ids shaped like one).
type Score = (usize, usize);

/// The table whose ids best match the profile's requirements, with its score; a tie
/// goes to the sheet the meta sheet records as kijun's own, else it is refused (the
/// reason). The other tables are named in a notice.
fn choose<'a>(
    book: &Book,
    scored: &'a [(Candidate, Score)],
    recorded: Option<&str>,
    notices: &mut Vec<String>,
) -> std::result::Result<Option<(&'a Candidate, Score)>, String> {
    let best_score = scored.iter().map(|(_, s)| *s).max().unwrap_or_default();
    let best: Vec<&(Candidate, Score)> = scored.iter().filter(|(_, s)| *s == best_score).collect();
    let name = |c: &Candidate| book.sheets[c.sheet].name.as_str();
    let own = best
        .iter()
        .find(|(c, _)| best.len() > 1 && Some(name(c)) == recorded);
    if best.len() > 1 && own.is_none() {
        let tied: Vec<&str> = best.iter().map(|(c, _)| name(c)).collect();
        return Err(format!(
            "回答の表が複数のシート（{}）にあり、どちらも要件IDの一致が同じ程度のため、どれを検証すればよいか決められません。古い方のシートを削除したファイルを受け取るか、--sheet シート名 で検証するシートを指定してください",
            quoted(&tied)
        ));
    }
    let Some((chosen, score)) = own.or(best.first()).map(|b| (&b.0, b.1)) else {
        return Ok(None);
    };
    let others: Vec<&Candidate> = scored
        .iter()
        .map(|(c, _)| c)
        .filter(|c| c.sheet != chosen.sheet)
        .collect();
    if others.is_empty() {
        return Ok(Some((chosen, score)));
    }
    let names: Vec<&str> = others.iter().map(|c| name(c)).collect();
    let why = if own.is_some() {
        format!(
            "要件IDの一致が同じ程度のため、様式の管理情報が kijun の回答シートとして記録しているシート「{}」を検証しました",
            name(chosen)
        )
    } else {
        format!(
            "要件IDがプロファイルの要件と最もよく一致するシート「{}」を検証しました",
            name(chosen)
        )
    };
    let differ: Vec<String> = others
        .iter()
        .map(|o| match differing_answers(book, chosen, o) {
            0 => format!("「{}」の回答は検証したシートと同じです", name(o)),
            n => format!(
                "「{}」の回答は検証したシートと {n} 件の要件で異なります",
                name(o)
            ),
        })
        .collect();
    notices.push(format!(
        "回答の表がほかのシート（{}）にもあります。{why}（{}）。別のシートを検証するには --sheet シート名 を指定してください。",
        quoted(&names),
        differ.join("、")
    ));
    Ok(Some((chosen, score)))
}

/// How many requirements two tables answer differently (or one answers, the other not).
fn differing_answers(book: &Book, a: &Candidate, b: &Candidate) -> usize {
    let answers = |c: &Candidate| -> BTreeMap<String, String> {
        let grid = &book.sheets[c.sheet];
        let (Some(&id), Some(&answer)) = (
            c.header.columns.get(&Column::Id),
            c.header.columns.get(&Column::Answer),
        ) else {
            return BTreeMap::new();
        };
        (c.row + 1..grid.end().0)
            .map(|r| {
                (
                    requirement_id(&grid.text(r, id)),
                    answer_key(&grid.text(r, answer)),
                )
            })
            .filter(|(id, _)| !id.is_empty())
            .collect()
    };
    let (x, y) = (answers(a), answers(b));
    let ids: HashSet<&String> = x.keys().chain(y.keys()).collect();
    ids.into_iter()
        .filter(|id| x.get(*id).map_or("", String::as_str) != y.get(*id).map_or("", String::as_str))
        .count()
}

/// Rows below the header with anything in them.
fn data_rows(grid: &Grid, header: u32) -> usize {
    let (end, width) = grid.end();
    (header + 1..end)
        .filter(|&r| (0..width).any(|c| !grid.text(r, c).trim().is_empty()))
        .count()
}

/// Which of several columns with the same heading holds the data: the only one with
/// anything written in it (with a notice), the first when all are empty; two filled
/// columns for an id, answer, explanation or evidence are an error.
fn repeated_column(
    grid: &Grid,
    header: u32,
    role: Column,
    cols: &[u32],
    notices: &mut Vec<String>,
) -> std::result::Result<u32, String> {
    let end = grid.end().0;
    let filled: Vec<u32> = cols
        .iter()
        .copied()
        .filter(|&c| (header + 1..end).any(|r| !grid.text(r, c).trim().is_empty()))
        .collect();
    let letters: Vec<String> = cols
        .iter()
        .map(|&c| format!("{} 列", column_letter(c)))
        .collect();
    let heading = one_line(&grid.text(header, cols[0]));
    let decisive = matches!(
        role,
        Column::Id | Column::Answer | Column::Explanation | Column::Evidence
    );
    match filled.as_slice() {
        [one] => {
            notices.push(format!(
                "シート「{}」に見出し「{heading}」の列が複数あります（{}）。記入のある {} 列を用いました。",
                grid.name,
                letters.join("・"),
                column_letter(*one)
            ));
            Ok(*one)
        }
        [] => {
            notices.push(format!(
                "シート「{}」に見出し「{heading}」の列が複数あり（{}）、どれにも記入がありません。",
                grid.name,
                letters.join("・")
            ));
            Ok(cols[0])
        }
        [first, ..] if !decisive => {
            notices.push(format!(
                "シート「{}」に見出し「{heading}」の列が複数あります（{}）。{} 列を用いました。",
                grid.name,
                letters.join("・"),
                column_letter(*first)
            ));
            Ok(*first)
        }
        _ => Err(format!(
            "シート「{}」に見出し「{heading}」の列が複数あり（{}）、いずれにも記入があるため、どれが回答か決められません。不要な列を削除したファイルを受け取ってください",
            grid.name,
            letters.join("・")
        )),
    }
}

/// Why no answer table was found: the 要件ID column deleted from a table that still has
/// its 回答 column, or no table at all.
fn no_table_message(book: &Book, catalog: &Catalog, names: &str) -> String {
    for grid in book.sheets.iter().filter(|g| g.name != META_SHEET) {
        for r in 0..grid.end().0.min(HEADER_SEARCH_ROWS) {
            let h = header_roles(grid, r, &catalog.headers);
            if h.columns.contains_key(&Column::Answer)
                && h.columns.contains_key(&Column::Requirement)
            {
                return format!(
                    "シート「{}」の {} 行目の見出しに「要件ID」の列がありません。要件IDで各行の要件を確かめるため、要件IDの列を削除せずに返送するよう求めてください",
                    grid.name,
                    r + 1
                );
            }
        }
    }
    format!(
        "回答の見出し行が見つかりません。「要件ID」と「回答」の列見出しを、どのシートの先頭 {HEADER_SEARCH_ROWS} 行にも見つけられませんでした（調べたシート: {names}）"
    )
}

/// The 事業者名 written above the header, if any: the first non-empty cell after a
/// cell that says 事業者名 (or 会社名, 貴社名) in the rows above the header.
fn vendor_name(grid: &Grid, header: u32) -> Option<String> {
    let width = grid.end().1;
    for r in 0..header.max(VENDOR_ROW + 1).min(grid.end().0) {
        for c in 0..width {
            let label = header_key(&grid.text(r, c));
            if [
                "事業者名",
                "会社名",
                "貴社名",
                "回答者",
                "提案者名",
                "商号又は名称",
            ]
            .iter()
            .any(|l| label == header_key(l))
            {
                let name = (c + 1..width)
                    .map(|cc| one_line(&grid.text(r, cc)))
                    .find(|v| !v.is_empty() && header_key(v) != label);
                if name.is_some() {
                    return name;
                }
            }
        }
    }
    None
}
