//! Finding the response table in a returned workbook: the sheet by its header (not by
//! its name: sheets get renamed and reordered), the header row within the first rows,
//! and each column by name with the catalog's header synonyms.

use std::collections::{BTreeMap, HashSet};

use unicode_normalization::UnicodeNormalization;

use crate::catalog::{Catalog, HeaderTable, Requirement};
use crate::error::{Error, Result};
use crate::normalize::{one_line, requirement_id};
use crate::sheet::read::{Book, Grid};
use crate::sheet::{Column, META_SHEET, VENDOR_ROW};

/// How many rows from the top are searched for the header.
pub const HEADER_SEARCH_ROWS: u32 = 40;

/// Where the answers are.
#[derive(Debug, Clone)]
pub struct Located {
    pub sheet: usize,
    /// 0-based header row.
    pub header_row: u32,
    /// Column (0-based) of each role found.
    pub columns: BTreeMap<Role, u32>,
    /// The vendor's name, if the sheet has a 事業者名 cell filled in.
    pub vendor: Option<String>,
}

impl Located {
    pub fn col(&self, role: Role) -> Option<u32> {
        self.columns.get(&role).copied()
    }
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Id,
    Answer,
    Explanation,
    Evidence,
    Pages,
    Remarks,
    Requirement,
    Number,
    Area,
    Level,
    Basis,
}

impl Role {
    /// Matching order: the roles that decide come first.
    const ORDER: [Role; 11] = [
        Role::Id,
        Role::Answer,
        Role::Explanation,
        Role::Evidence,
        Role::Pages,
        Role::Remarks,
        Role::Requirement,
        Role::Number,
        Role::Area,
        Role::Level,
        Role::Basis,
    ];

    fn synonyms(self, h: &HeaderTable) -> &[String] {
        match self {
            Role::Id => &h.id,
            Role::Answer => &h.answer,
            Role::Explanation => &h.explanation,
            Role::Evidence => &h.evidence,
            Role::Pages => &h.pages,
            Role::Remarks => &h.remarks,
            Role::Requirement => &h.requirement,
            Role::Number => &h.number,
            Role::Area => &h.area,
            Role::Level => &h.level,
            Role::Basis => &h.basis,
        }
    }

    /// The column kijun's own sheet has for this role, for messages.
    pub fn column(self) -> Column {
        match self {
            Role::Id => Column::Id,
            Role::Answer => Column::Answer,
            Role::Explanation => Column::Explanation,
            Role::Evidence => Column::Evidence,
            Role::Pages => Column::Pages,
            Role::Remarks => Column::Remarks,
            Role::Requirement => Column::Requirement,
            Role::Number => Column::Number,
            Role::Area => Column::Area,
            Role::Level => Column::Level,
            Role::Basis => Column::Basis,
        }
    }
}

/// The comparison key of a header: NFKC, no spaces, lower case, without bracketed notes
/// ("回答（○/×）" → "回答") and trailing colons.
pub fn header_key(s: &str) -> String {
    let n: String = s
        .nfkc()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let mut out = String::new();
    let mut depth = 0usize;
    for c in n.chars() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let out = out.trim_end_matches([':', '：', '*', '※']).to_string();
    if out.is_empty() {
        n
    } else {
        out
    }
}

/// The roles a row's cells name, if it has at least an id and an answer column.
fn header_roles(grid: &Grid, row: u32, headers: &HeaderTable) -> Option<BTreeMap<Role, u32>> {
    let width = grid.end().1;
    let keys: Vec<String> = (0..width).map(|c| header_key(&grid.text(row, c))).collect();
    let mut taken: BTreeMap<Role, u32> = BTreeMap::new();
    for role in Role::ORDER {
        'syn: for syn in role.synonyms(headers) {
            let want = header_key(syn);
            for (c, k) in keys.iter().enumerate() {
                if *k == want && !taken.values().any(|&t| t == c as u32) {
                    taken.insert(role, c as u32);
                    break 'syn;
                }
            }
        }
    }
    (taken.contains_key(&Role::Id) && taken.contains_key(&Role::Answer)).then_some(taken)
}

/// Whether a sheet has a header row (id and answer columns) near its top.
pub fn has_header(grid: &Grid, headers: &HeaderTable) -> bool {
    grid.name != META_SHEET
        && (0..grid.end().0.min(HEADER_SEARCH_ROWS))
            .any(|r| header_roles(grid, r, headers).is_some())
}

/// How many rows below the header hold an id that is expected or at least id-shaped.
fn id_rows(grid: &Grid, header: u32, id_col: u32, expected: &HashSet<&str>) -> usize {
    let end = grid.end().0;
    (header + 1..end)
        .filter(|&r| {
            let id = requirement_id(&grid.text(r, id_col));
            expected.contains(id.as_str()) || is_id_shaped(&id)
        })
        .count()
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

pub fn locate(book: &Book, catalog: &Catalog, expected: &[&Requirement]) -> Result<Located> {
    // Every sheet's header (the first header row near its top).
    let mut candidates: Vec<(usize, u32, BTreeMap<Role, u32>)> = Vec::new();
    for (i, grid) in book.sheets.iter().enumerate() {
        if grid.name == META_SHEET {
            continue;
        }
        let rows = grid.end().0.min(HEADER_SEARCH_ROWS);
        if let Some((r, columns)) =
            (0..rows).find_map(|r| header_roles(grid, r, &catalog.headers).map(|c| (r, c)))
        {
            candidates.push((i, r, columns));
        }
    }
    // Several candidates (a copied sheet, an old version left in the workbook): prefer
    // visible sheets, then the one with the most requirement rows.
    let best = if candidates.len() > 1 {
        let expected: HashSet<&str> = expected.iter().map(|r| r.id.as_str()).collect();
        candidates.into_iter().max_by_key(|(i, r, columns)| {
            let grid = &book.sheets[*i];
            (
                grid.visible,
                id_rows(grid, *r, columns[&Role::Id], &expected),
                std::cmp::Reverse(*i),
            )
        })
    } else {
        candidates.pop()
    };
    let best = best.map(|(sheet, header_row, columns)| {
        let vendor = vendor_name(&book.sheets[sheet], header_row);
        Located {
            sheet,
            header_row,
            columns,
            vendor,
        }
    });
    match best {
        Some(located) => Ok(located),
        None => Err(Error::Input {
            path: book.path.clone(),
            message: format!(
                "回答の見出し行が見つかりません。「要件ID」と「回答」の列見出しを、どのシートの先頭 {HEADER_SEARCH_ROWS} 行にも見つけられませんでした（調べたシート: {}）",
                book.sheets.iter().map(|s| format!("「{}」", s.name)).collect::<Vec<_>>().join("、")
            ),
        }),
    }
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
