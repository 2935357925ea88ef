//! The 集計 sheet of the verification report: what the reviewer files the report with,
//! on one printed page. A workbook made for another profile or catalog says so on its
//! first line, in words; then the blank 検証日 and 確認者 cells for her, the system and
//! its 格付け and the traits that drove selection, the catalog, the file and vendor, the
//! verdict and the counts.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::page::{filled, fit_row, print_setup, Page};
use super::{FindingKind, Severity};
use crate::profile::facts::{classification_text, traits_held};
use crate::sheet::form::round::Decision;
use crate::xlsx_style::{cell_text, FONT, GREEN, INPUT_FILL, RED};

const LABEL: f64 = 24.0;
const VALUE: f64 = 72.0;

/// A value of the sheet: text, a count, or a cell for the reviewer to fill.
enum V {
    Text(String),
    Number(usize),
    Input(String),
}

/// 集計: labels and values side by side, on one page.
pub(crate) fn summary_sheet(ws: &mut Worksheet, p: &Page<'_>) -> Result<(), XlsxError> {
    ws.set_name("集計")?;
    ws.set_column_width(0, LABEL)?;
    ws.set_column_width(1, VALUE)?;
    let title = Format::new()
        .set_font_name(FONT)
        .set_font_size(14.0)
        .set_bold();
    ws.merge_range(0, 0, 0, 1, &p.system, &title)?;
    ws.set_row_height(0, 24.0)?;
    let mut first = 2;
    if let Some(line) = mismatch_line(p) {
        let alarm = filled(RED).set_bold();
        ws.merge_range(1, 0, 1, 1, cell_text(&line).as_ref(), &alarm)?;
        fit_row(ws, 1, &[(line.as_str(), LABEL + VALUE)])?;
        first = 3;
    }
    let lines = lines(p);
    let bold = p.cell.clone().set_bold();
    for (i, (k, v)) in lines.iter().enumerate() {
        let r = i as u32 + first;
        ws.write_with_format(r, 0, *k, &bold)?;
        match v {
            V::Text(t) => {
                let fmt = if *k == "判定" {
                    filled(if p.report.passed() { GREEN } else { RED }).set_bold()
                } else {
                    p.cell.clone()
                };
                ws.write_with_format(r, 1, cell_text(t).as_ref(), &fmt)?;
                fit_row(ws, r, &[(k, LABEL), (t.as_str(), VALUE)])?;
            }
            V::Number(n) => {
                ws.write_with_format(r, 1, *n as f64, &p.number)?;
                fit_row(ws, r, &[(k, LABEL)])?;
            }
            V::Input(t) => {
                ws.write_with_format(r, 1, t.as_str(), &filled(INPUT_FILL))?;
                fit_row(ws, r, &[(k, LABEL)])?;
            }
        }
    }
    print_setup(ws, &p.system, &p.vendor);
    ws.set_print_fit_to_pages(1, 1);
    ws.set_print_area(0, 0, lines.len() as u32 + first - 1, 1)?;
    Ok(())
}

/// The workbook was made for another profile or catalog: the first such finding's
/// message, in words, since every other finding may follow from it.
fn mismatch_line(p: &Page<'_>) -> Option<String> {
    let mismatch = |sev| {
        p.report
            .findings
            .iter()
            .find(|f| f.kind == FindingKind::ProfileMismatch && f.severity == sev)
    };
    let f = mismatch(Severity::Error).or_else(|| mismatch(Severity::Warning))?;
    let many = p.report.findings.len() > 1;
    Some(format!(
        "様式の不一致: {}{}",
        f.message,
        if many && f.severity == Severity::Error {
            "以下の指摘の多くは、この違いによるものである可能性があります。"
        } else {
            ""
        }
    ))
}

fn lines(p: &Page<'_>) -> Vec<(&'static str, V)> {
    let r = p.report;
    let s = &r.summary;
    let schema = &p.catalog.schema;
    let traits = traits_held(schema, p.profile);
    let mut lines: Vec<(&str, V)> = vec![
        (
            "検証日",
            V::Input(p.date.map(|d| d.wareki()).unwrap_or_default()),
        ),
        ("確認者", V::Input(String::new())),
        (
            "システム",
            V::Text(format!(
                "{}（{}）",
                p.profile.system_name, p.profile.organization
            )),
        ),
        ("格付け", V::Text(classification_text(schema, p.profile))),
        (
            "選定に用いた特性",
            V::Text(if traits.is_empty() {
                "該当する特性はありません".into()
            } else {
                traits.join("\n")
            }),
        ),
        ("カタログ", V::Text(p.report.catalog.line())),
        (
            "事業者名",
            V::Text(r.vendor.clone().unwrap_or_else(|| "（記入なし）".into())),
        ),
        ("回答ファイル", V::Text(p.file.clone())),
    ];
    if r.round.number > 1 {
        let previous = r
            .round
            .previous_file
            .as_deref()
            .map(|f| format!("。前回の回答ファイル: {f}"))
            .unwrap_or_default();
        lines.push((
            "回答の回",
            V::Text(format!(
                "第{}回（照会への再回答{previous}）",
                r.round.number
            )),
        ));
    }
    lines.extend([
        (
            "形式・シート",
            V::Text(format!(
                "{}、シート「{}」、見出し {} 行目",
                r.format, r.sheet, r.header_row
            )),
        ),
        ("判定", V::Text(r.verdict_label().to_string())),
        ("エラー（件）", V::Number(s.errors)),
        ("警告（件）", V::Number(s.warnings)),
        ("要件数", V::Number(s.required)),
    ]);
    // The answer counts as every report names them (errors and warnings are above).
    lines.extend(
        s.counts()[1..6]
            .iter()
            .map(|(label, n)| (*label, V::Number(*n))),
    );
    let decisions: Vec<&str> = Decision::ALL.iter().map(|d| d.label()).collect();
    lines.push((
        "判断の記入",
        V::Text(format!(
            "「指摘事項」シートの各行の「判断」欄で、{}のいずれかを選んでください。差戻し・要確認の行は「照会事項」の文が照会書に載ります（既定の文は書き換えられます）。条件付承認の行は、照会事項の欄に条件を書いてください。記入後、kijun review で照会書と次の回答様式を作成できます。",
            decisions.join("・")
        )),
    ));
    lines
}
