//! The reviewer's edits of kijun's verification workbook, for tests: a decision and a
//! question written into the 指摘事項 sheet the way someone with a spreadsheet program
//! (or a script with openpyxl) writes them, found by the sheet's headings.

#![allow(dead_code)]

use super::vendor::{Filled, SheetData};

impl Filled {
    pub fn sheet(&mut self, name: &str) -> &mut SheetData {
        self.sheets
            .iter_mut()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no sheet {name}"))
    }
}

impl SheetData {
    /// The column of a heading in the first row.
    pub fn col(&self, header: &str) -> usize {
        self.rows[0]
            .iter()
            .position(|c| c == header)
            .unwrap_or_else(|| panic!("{}: no column {header}", self.name))
    }

    /// Rows (0-based, below the heading) whose `header` cell is `value`.
    pub fn rows_where(&self, header: &str, value: &str) -> Vec<usize> {
        let c = self.col(header);
        (1..self.rows.len())
            .filter(|&r| self.rows[r].get(c).is_some_and(|v| v == value))
            .collect()
    }

    pub fn set_cell(&mut self, row: usize, header: &str, value: &str) -> &mut Self {
        let c = self.col(header);
        let cells = &mut self.rows[row];
        if cells.len() <= c {
            cells.resize(c + 1, String::new());
        }
        cells[c] = value.to_string();
        self
    }

    /// Decide the finding of `kind` (its 種類 label) about requirement `id`.
    pub fn decide(&mut self, id: &str, kind: &str, decision: &str) -> &mut Self {
        let row = self.finding_row(id, kind);
        self.set_cell(row, "判断", decision)
    }

    /// The row of the finding of `kind` about `id`.
    pub fn finding_row(&self, id: &str, kind: &str) -> usize {
        let (ic, kc) = (self.col("要件ID"), self.col("種類"));
        (1..self.rows.len())
            .find(|&r| self.rows[r][ic] == id && self.rows[r][kc] == kind)
            .unwrap_or_else(|| panic!("no finding {kind} on {id}"))
    }

    /// Every finding not decided yet gets `decision`.
    pub fn decide_the_rest(&mut self, decision: &str) -> &mut Self {
        let c = self.col("判断");
        for r in 1..self.rows.len() {
            if self.rows[r].get(c).is_none_or(|v| v.is_empty()) {
                self.set_cell(r, "判断", decision);
            }
        }
        self
    }
}
