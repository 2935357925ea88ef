//! Writing the response workbook: 記入要領 (how to answer), 回答 (one row per selected
//! requirement, requirement columns locked, answer columns unlocked, dropdowns,
//! conditional formatting, A4 landscape print), and a hidden meta sheet.

use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DataValidation, DataValidationErrorStyle, Format, FormatAlign,
    FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::layout::{
    allowed_answers, basis_cell, Column, ANSWER_SHEET, GUIDE_SHEET, HEADER_ROW, META_SHEET,
    TITLE_ROW, VENDOR_ROW,
};
use super::meta::{self, profile_digest, ResponseFormat};
use crate::a1::column_letter;
use crate::catalog::{AnswerKind, Catalog, Level, Requirement};
use crate::error::{Error, Result};
use crate::profile::Profile;
use crate::select::Selected;
use crate::xlsx_style::{
    self as style, base, lines_needed, properties, row_height, HEADER_FILL, INPUT_FILL,
    LOCKED_FILL, ORANGE, RED,
};

/// Options of `kijun sheet`.
#[derive(Debug, Default, Clone)]
pub struct SheetOptions {
    /// Protect the sheets with this password (ASCII only; Excel's weak legacy hash).
    pub(crate) password: Option<String>,
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::Internal(format!("回答様式を作成できません（{e}）"))
}

/// The response workbook as bytes. Deterministic: the same inputs give the same bytes.
pub fn workbook(
    catalog: &Catalog,
    profile: &Profile,
    selected: &[Selected<'_>],
    opts: &SheetOptions,
) -> Result<Vec<u8>> {
    if let Some(p) = &opts.password {
        if !p.is_ascii() || p.is_empty() || p.len() > 255 {
            return Err(Error::Usage(
                "--password には半角英数字・記号（1〜255 文字）を指定してください（Excel のシート保護は全角文字を扱えません）".into(),
            ));
        }
    }
    build(catalog, profile, selected, opts).map_err(xlsx_error)
}

fn build(
    catalog: &Catalog,
    profile: &Profile,
    selected: &[Selected<'_>],
    opts: &SheetOptions,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // A fixed creation time keeps the bytes identical between runs.
    let props = properties(&format!(
        "{} 情報セキュリティ要件 回答様式",
        profile.system_name
    ))?
    .set_company(&profile.organization)
    .set_custom_property("kijun_format", meta::FORMAT)
    .set_custom_property("catalog_version", catalog.meta.version.as_str())
    .set_custom_property("profile_digest", profile_digest(profile).as_str());
    wb.set_properties(&props);
    // Deflate was most of the time spent writing; level 3 is much faster for a file a
    // few percent larger (docs/PERFORMANCE.md).
    wb.set_zip_compression_level(3);

    // The rows follow the 調達仕様書 and name its items, so a reviewer finds each one.
    let placed = crate::render::outline(catalog, selected);
    let reqs: Vec<&Requirement> = placed.iter().map(|p| p.selected.requirement).collect();
    let refs: Vec<&str> = placed.iter().map(|p| p.reference.as_str()).collect();
    guide_sheet(wb.add_worksheet(), catalog, profile, &reqs, opts)?;
    answer_sheet(wb.add_worksheet(), profile, &reqs, &refs, opts)?;
    meta_sheet(wb.add_worksheet(), catalog, profile, &reqs, opts)?;
    wb.save_to_buffer()
}

fn protect(ws: &mut Worksheet, opts: &SheetOptions) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
    if let Some(p) = &opts.password {
        ws.protect_with_password(p);
        ws.protect_with_options(&options);
    }
}

/// `&` starts a code in Excel headers and footers.
fn footer_text(s: &str) -> String {
    s.replace('&', "&&")
}

fn print_setup(ws: &mut Worksheet, profile: &Profile) {
    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_footer(format!(
        "&L&8{}　情報セキュリティ要件 回答様式&R&8&P / &N ページ",
        footer_text(&profile.system_name)
    ));
}

fn guide_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    profile: &Profile,
    reqs: &[&Requirement],
    opts: &SheetOptions,
) -> Result<(), XlsxError> {
    ws.set_name(GUIDE_SHEET)?;
    let body = base();
    let bold = base().set_bold();
    let title = base().set_bold().set_font_size(14.0);
    let cell = base().set_border(FormatBorder::Thin);
    let head = cell.clone().set_bold().set_background_color(HEADER_FILL);
    ws.set_column_width(0, 3.0)?;
    ws.set_column_width(1, 14.0)?;
    ws.set_column_width(2, 60.0)?;
    ws.set_column_width(3, 34.0)?;

    let mut row = 0u32;
    let line =
        |ws: &mut Worksheet, row: &mut u32, text: &str, fmt: &Format| -> Result<(), XlsxError> {
            ws.merge_range(*row, 1, *row, 3, text, fmt)?;
            ws.set_row_height(*row, row_height(lines_needed(text, 108.0)))?;
            *row += 1;
            Ok(())
        };
    line(
        ws,
        &mut row,
        &format!(
            "{} 情報セキュリティ要件 回答様式 記入要領",
            profile.system_name
        ),
        &title,
    )?;
    row += 1;
    line(ws, &mut row, "1　この様式について", &bold)?;
    let basic = reqs.iter().filter(|r| r.level == Level::Basic).count();
    line(ws, &mut row, &format!(
        "{}が調達する「{}」について、調達仕様書に定める情報セキュリティ要件への対応状況を確認するための様式です。「{}」シートの {} 件の要件（基本 {} 件・強化 {} 件）すべてに回答してください。",
        profile.organization, profile.system_name, ANSWER_SHEET, reqs.len(), basic, reqs.len() - basic
    ), &body)?;
    line(
        ws,
        &mut row,
        "はじめに「回答」シートの上部にある事業者名の欄に、貴社の名称を記入してください。",
        &body,
    )?;
    row += 1;
    line(ws, &mut row, "2　回答の方法", &bold)?;
    line(ws, &mut row, "回答欄は一覧から次のいずれかを選んでください。回答欄以外の記入欄（対応内容・実現方法、証跡・根拠資料、提案書の該当頁、備考）は自由に記入できます。", &body)?;
    ws.write_with_format(row, 1, "回答", &head)?;
    ws.write_with_format(row, 2, "意味", &head)?;
    ws.write_with_format(row, 3, "対応内容・実現方法欄", &head)?;
    row += 1;
    for kind in AnswerKind::ALL {
        let meaning = &catalog.answers.def(kind).meaning;
        let note = explanation_note(kind, reqs);
        ws.write_with_format(row, 1, kind.label(), &cell)?;
        ws.write_with_format(row, 2, meaning.as_str(), &cell)?;
        ws.write_with_format(row, 3, note.as_str(), &cell)?;
        ws.set_row_height(
            row,
            row_height(lines_needed(meaning, 60.0).max(lines_needed(&note, 34.0))),
        )?;
        row += 1;
    }
    row += 1;
    line(ws, &mut row, "3　記入上の注意", &bold)?;
    let notes = [
        "(1) 「要件」欄などの要件の記載は変更しないでください。変更された場合は、回答を無効として扱うことがあります。「要件」欄は調達仕様書の該当項目（「仕様書項番」欄の番号、例: 1(5)ウ）の文と同じです。",
        "(2) 行・列の追加、削除、並べ替え、シート名の変更はしないでください。補足は備考欄に記載してください。",
        "(3) 要件ごとに回答してください。回答欄に「別紙参照」とだけ記載したものは回答とみなしません。",
        "(4) 「【証跡】」が示されている要件では、証跡・根拠資料欄に求められた資料の名称・番号等（例: ISMS 認証の登録番号、報告書の名称と該当頁）を記載してください。提案書に記載がある場合は、「提案書の該当頁」欄にその頁（例: p.12、12〜14）を記載してください（任意。頁の記載も証跡の示し方として扱います）。",
        "(5) 回答が未記入の行、説明や証跡が必要なのに記入されていない欄は、色が付いて表示されます。提出前にすべて解消してください。",
        "(6) ファイルは xlsx 形式のまま提出してください。",
    ];
    for n in notes {
        line(ws, &mut row, n, &body)?;
    }
    row += 1;
    line(ws, &mut row, "4　この様式の作成情報", &bold)?;
    line(
        ws,
        &mut row,
        &format!("要件カタログ: {}", catalog.title()),
        &body,
    )?;
    line(
        ws,
        &mut row,
        "作成: kijun（要件・理由・文言はカタログから自動で作成しています）",
        &body,
    )?;
    let _ = row;
    print_setup(ws, profile);
    ws.set_portrait();
    protect(ws, opts);
    Ok(())
}

/// The formats of the 回答 sheet: locked cells kijun fills, unlocked cells the vendor fills.
struct AnswerCells {
    locked: Format,
    locked_center: Format,
    input: Format,
    input_center: Format,
}

fn answer_sheet(
    ws: &mut Worksheet,
    profile: &Profile,
    reqs: &[&Requirement],
    refs: &[&str],
    opts: &SheetOptions,
) -> Result<(), XlsxError> {
    ws.set_name(ANSWER_SHEET)?;
    ws.set_active(true);
    let locked = base()
        .set_border(FormatBorder::Thin)
        .set_background_color(LOCKED_FILL);
    let input = base()
        .set_border(FormatBorder::Thin)
        .set_background_color(INPUT_FILL)
        .set_unlocked();
    let cells = AnswerCells {
        locked_center: locked.clone().set_align(FormatAlign::Center),
        input_center: input.clone().set_align(FormatAlign::Center),
        locked,
        input,
    };
    let last_col = Column::Remarks.index();
    for c in Column::ALL {
        ws.set_column_width(c.index(), c.width())?;
    }
    answer_head(ws, profile, &cells)?;
    let first = HEADER_ROW + 1;
    requirement_rows(ws, reqs, refs, &cells, first)?;
    let last = first + reqs.len().saturating_sub(1) as u32;
    if !reqs.is_empty() {
        validations(ws, reqs, first)?;
        highlights(ws, reqs, first, last)?;
        ws.autofilter(HEADER_ROW, 0, last, last_col)?;
    }
    ws.set_freeze_panes(first, Column::Area.index())?;
    print_setup(ws, profile);
    ws.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    protect(ws, opts);
    Ok(())
}

/// Above the table: the title, the 事業者名 cell the vendor fills, a note, the headings.
fn answer_head(
    ws: &mut Worksheet,
    profile: &Profile,
    cells: &AnswerCells,
) -> Result<(), XlsxError> {
    let AnswerCells { locked, input, .. } = cells;
    let header = style::header();
    let last_col = Column::Remarks.index();
    let title = format!(
        "{} 情報セキュリティ要件 回答書（{}）",
        profile.system_name, profile.organization
    );
    ws.merge_range(
        TITLE_ROW,
        0,
        TITLE_ROW,
        last_col,
        &title,
        &base().set_bold().set_font_size(14.0),
    )?;
    ws.set_row_height(TITLE_ROW, 22.0)?;
    ws.merge_range(
        VENDOR_ROW,
        0,
        VENDOR_ROW,
        1,
        "事業者名",
        &locked.clone().set_bold(),
    )?;
    ws.merge_range(
        VENDOR_ROW,
        2,
        VENDOR_ROW,
        Column::Requirement.index(),
        "",
        input,
    )?;
    ws.set_row_height(VENDOR_ROW, 20.0)?;
    let note = "回答欄は一覧から選んでください。要件の記載は変更しないでください。記入方法は「記入要領」シートを参照してください。";
    ws.merge_range(
        HEADER_ROW - 1,
        0,
        HEADER_ROW - 1,
        last_col,
        note,
        &base().set_font_color(Color::RGB(0xC00000)),
    )?;
    for c in Column::ALL {
        ws.write_with_format(HEADER_ROW, c.index(), c.header(), &header)?;
    }
    ws.set_row_height(HEADER_ROW, 30.0)?;

    Ok(())
}

/// One row per requirement: what kijun states (locked) and the cells the vendor fills.
fn requirement_rows(
    ws: &mut Worksheet,
    reqs: &[&Requirement],
    refs: &[&str],
    cells: &AnswerCells,
    first: u32,
) -> Result<(), XlsxError> {
    let AnswerCells {
        locked,
        locked_center,
        input,
        input_center,
    } = cells;
    for (i, r) in reqs.iter().enumerate() {
        let row = first + i as u32;
        let text = ResponseFormat::CURRENT.requirement_cell(r);
        let basis = basis_cell(r);
        ws.write_with_format(row, Column::Number.index(), (i + 1) as f64, locked_center)?;
        ws.write_with_format(row, Column::Id.index(), r.id.as_str(), locked_center)?;
        let spec_ref = refs.get(i).copied().unwrap_or("");
        ws.write_with_format(row, Column::SpecRef.index(), spec_ref, locked_center)?;
        ws.write_with_format(row, Column::Area.index(), r.area.as_str(), locked)?;
        ws.write_with_format(row, Column::Level.index(), r.level.label(), locked_center)?;
        ws.write_with_format(row, Column::Requirement.index(), text.as_str(), locked)?;
        ws.write_with_format(row, Column::Basis.index(), basis.as_str(), locked)?;
        ws.write_blank(row, Column::Answer.index(), input_center)?;
        for c in [
            Column::Explanation,
            Column::Evidence,
            Column::Pages,
            Column::Remarks,
        ] {
            ws.write_blank(row, c.index(), input)?;
        }
        let lines = [
            (text.as_str(), Column::Requirement),
            (basis.as_str(), Column::Basis),
            (r.area.as_str(), Column::Area),
        ]
        .iter()
        .map(|(t, c)| lines_needed(t, c.width()))
        .fold(2.0, f64::max);
        ws.set_row_height(row, row_height(lines))?;
    }
    Ok(())
}

/// `G5:G9 G12:G12` for the rows (0-based) in `rows` of one column.
fn multi_range(col: Column, rows: &[u32]) -> String {
    let letter = column_letter(col.index().into());
    let mut parts = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let start = rows[i];
        let mut end = start;
        while i + 1 < rows.len() && rows[i + 1] == end + 1 {
            i += 1;
            end = rows[i];
        }
        parts.push(format!("{letter}{}:{letter}{}", start + 1, end + 1));
        i += 1;
    }
    parts.join(" ")
}

/// Rows (0-based) of the requirements for which `pick` holds.
fn rows_where(reqs: &[&Requirement], first: u32, pick: impl Fn(&Requirement) -> bool) -> Vec<u32> {
    reqs.iter()
        .enumerate()
        .filter(|(_, r)| pick(r))
        .map(|(i, _)| first + i as u32)
        .collect()
}

/// What the 記入要領 says of the 対応内容・実現方法 column for one answer, from the
/// same policy verify enforces (`AnswerPolicy::requires_explanation`).
fn explanation_note(kind: AnswerKind, reqs: &[&Requirement]) -> String {
    let offered: Vec<&&Requirement> = reqs
        .iter()
        .filter(|r| kind != AnswerKind::NotApplicable || r.answers.na_allowed)
        .collect();
    let required = offered
        .iter()
        .filter(|r| r.answers.requires_explanation(kind))
        .count();
    let hint = kind.explanation_hint();
    let mut note = if required > 0 && required == offered.len() {
        format!("必ず記載してください（{hint}）。記載がない回答は不備として扱います。")
    } else if required > 0 {
        format!("{required} 件の要件では必ず記載してください（{hint}）。記載が必要な要件は、回答欄を選んだときの案内と、未記入のときに色が付く欄で示します。")
    } else {
        format!("記載は任意です（{hint}を記載してください）。")
    };
    if kind == AnswerKind::NotApplicable && offered.len() < reqs.len() {
        note.push_str("「該当なし」を選べない要件では一覧に表示されません。");
    }
    note
}

fn validations(ws: &mut Worksheet, reqs: &[&Requirement], first: u32) -> Result<(), XlsxError> {
    // One validation per answer policy: the input message says what that policy asks.
    let mut policies: Vec<&crate::catalog::AnswerPolicy> = Vec::new();
    for r in reqs {
        if !policies.contains(&&r.answers) {
            policies.push(&r.answers);
        }
    }
    for policy in policies {
        let rows = rows_where(reqs, first, |r| &r.answers == policy);
        let Some(&top) = rows.first() else { continue };
        let kinds = allowed_answers(reqs[(top - first) as usize]);
        let labels: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
        let mut message = format!("{} から選んでください。", labels.join("／"));
        if !policy.na_allowed {
            message.push_str("この要件は「該当なし」と回答できません。");
        }
        let explained: Vec<&str> = policy.explained().iter().map(|k| k.label()).collect();
        if !explained.is_empty() {
            message.push_str(&format!(
                "{}の場合は対応内容・実現方法欄に必ず記載してください。",
                explained.join("・")
            ));
        }
        let dv = DataValidation::new()
            .allow_list_strings(&labels)?
            .set_input_title("回答")?
            .set_input_message(message)?
            .set_error_title("回答の選択")?
            .set_error_message(format!(
                "回答は {} のいずれかを一覧から選んでください。",
                labels.join("・")
            ))?
            .set_error_style(DataValidationErrorStyle::Stop)
            .set_multi_range(multi_range(Column::Answer, &rows));
        let col = Column::Answer.index();
        ws.add_data_validation(top, col, top, col, &dv)?;
    }
    Ok(())
}

/// Colour the cells of `col` in `rows` (0-based) when `rule` holds. The rule is written
/// for the first row, with `{r}` standing for its 1-based number; Excel shifts it per row.
fn highlight(
    ws: &mut Worksheet,
    col: Column,
    rows: &[u32],
    rule: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    let Some(&row) = rows.first() else {
        return Ok(());
    };
    let cf = ConditionalFormatFormula::new()
        .set_rule(rule.replace("{r}", &(row + 1).to_string()).as_str())
        .set_format(format)
        .set_multi_range(multi_range(col, rows));
    ws.add_conditional_format(row, col.index(), row, col.index(), &cf)?;
    Ok(())
}

fn highlights(
    ws: &mut Worksheet,
    reqs: &[&Requirement],
    first: u32,
    last: u32,
) -> Result<(), XlsxError> {
    let warn = Format::new().set_background_color(ORANGE);
    let alarm = Format::new()
        .set_background_color(RED)
        .set_font_color(Color::RGB(0x9C0006));
    let g = column_letter(Column::Answer.index().into());
    let h = column_letter(Column::Explanation.index().into());
    let ev = column_letter(Column::Evidence.index().into());
    let pg = column_letter(Column::Pages.index().into());
    let answer_is = |kinds: &[AnswerKind]| -> String {
        let ors: Vec<String> = kinds
            .iter()
            .map(|k| format!("${g}{{r}}=\"{}\"", k.label()))
            .collect();
        format!("OR({})", ors.join(","))
    };

    // Unanswered rows.
    let all: Vec<u32> = (first..=last).collect();
    highlight(
        ws,
        Column::Answer,
        &all,
        &format!("=LEN(TRIM(${g}{{r}}))=0"),
        &warn,
    )?;

    // Answers that need an explanation without one, grouped by each row's policy.
    let mut policies: Vec<Vec<AnswerKind>> = Vec::new();
    for r in reqs {
        let explained = r.answers.explained();
        if !explained.is_empty() && !policies.contains(&explained) {
            policies.push(explained);
        }
    }
    for policy in &policies {
        let rows = rows_where(reqs, first, |r| &r.answers.explained() == policy);
        let rule = format!("=AND({},LEN(TRIM(${h}{{r}}))=0)", answer_is(policy));
        highlight(ws, Column::Explanation, &rows, &rule, &alarm)?;
    }

    // Evidence asked for but not named (a page of the proposal counts).
    let rows = rows_where(reqs, first, |r| r.evidence.is_some());
    let rule = format!(
        "=AND({},LEN(TRIM(${ev}{{r}}))=0,LEN(TRIM(${pg}{{r}}))=0)",
        answer_is(&[AnswerKind::Compliant, AnswerKind::Partial])
    );
    highlight(ws, Column::Evidence, &rows, &rule, &alarm)?;

    // 該当なし pasted where it is refused.
    let rows = rows_where(reqs, first, |r| !r.answers.na_allowed);
    highlight(
        ws,
        Column::Answer,
        &rows,
        &format!("=${g}{{r}}=\"{}\"", AnswerKind::NotApplicable.label()),
        &alarm,
    )
}

fn meta_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    profile: &Profile,
    reqs: &[&Requirement],
    opts: &SheetOptions,
) -> Result<(), XlsxError> {
    ws.set_name(META_SHEET)?;
    ws.set_hidden(true);
    let mut row = 0u32;
    for (k, v) in meta::pairs(catalog, profile) {
        ws.write_string(row, 0, k)?;
        ws.write_string(row, 1, &v)?;
        row += 1;
    }
    row += 1;
    for (c, h) in meta::TABLE.iter().enumerate() {
        ws.write_string(row, c as u16, *h)?;
    }
    for (i, r) in reqs.iter().enumerate() {
        row += 1;
        let explain: Vec<&str> = r.answers.explain.iter().map(|k| k.key()).collect();
        ws.write_number(row, 0, (HEADER_ROW + 2 + i as u32) as f64)?;
        ws.write_string(row, meta::TABLE_ID, &r.id)?;
        ws.write_string(
            row,
            meta::TABLE_DIGEST,
            ResponseFormat::CURRENT.text_digest(r),
        )?;
        ws.write_boolean(row, 3, r.answers.na_allowed)?;
        ws.write_string(row, 4, explain.join(","))?;
    }
    protect(ws, opts);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_ranges() {
        assert_eq!(
            multi_range(Column::Answer, &[4, 5, 6, 9, 11, 12]),
            "H5:H7 H10:H10 H12:H13"
        );
    }

    #[test]
    fn japanese_text_needs_more_lines_than_ascii() {
        assert_eq!(lines_needed("あいうえお", 11.0), 1.0);
        assert_eq!(lines_needed("あいうえおかきくけこ", 11.0), 2.0);
        assert_eq!(lines_needed("a\nb", 10.0), 2.0);
    }
}
