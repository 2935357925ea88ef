//! Writing the response workbook: 記入要領 (how to answer), 回答 (one row per selected
//! requirement, requirement columns locked, answer columns unlocked, dropdowns,
//! conditional formatting, A4 landscape print), and a hidden meta sheet.

use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::layout::{
    basis_cell, Column, ANSWER_SHEET, GUIDE_SHEET, HEADER_ROW, INQUIRY_HEADER, INQUIRY_WIDTH,
    META_SHEET, TITLE_ROW, VENDOR_ROW,
};
use super::meta::{self, profile_digest, ResponseFormat};
use super::round::{AnswerCells, NextRound};
use super::rules::{highlights, validations};
use crate::catalog::{AnswerKind, Catalog, Level, Requirement};
use crate::error::{Error, Result};
use crate::profile::Profile;
use crate::select::Selected;
use crate::xlsx_style::{
    self as style, base, cell_text, lines_needed, properties, row_height, HEADER_FILL, INPUT_FILL,
    LOCKED_FILL, ORANGE,
};

/// Options of `kijun sheet`, and of a later round's workbook (`kijun review --next`).
#[derive(Debug, Default, Clone)]
pub struct SheetOptions {
    /// Protect the sheets with this password (ASCII only; Excel's weak legacy hash).
    pub(crate) password: Option<String>,
    /// A later round: the previous answers filled in, the rows asked about open.
    pub(crate) round: Option<NextRound>,
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
    let sels: Vec<&Selected> = placed.iter().map(|p| p.selected).collect();
    let reqs: Vec<&Requirement> = sels.iter().map(|s| s.requirement).collect();
    let refs: Vec<&str> = placed.iter().map(|p| p.reference.as_str()).collect();
    guide_sheet(wb.add_worksheet(), catalog, profile, &reqs, opts)?;
    answer_sheet(wb.add_worksheet(), profile, &sels, &refs, opts)?;
    meta_sheet(wb.add_worksheet(), catalog, profile, &sels, opts)?;
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
    if let Some(round) = &opts.round {
        for text in round.guide() {
            line(ws, &mut row, &text, &bold)?;
        }
    }
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
        "(1) 「要件」欄などの要件の記載は変更しないでください。変更された場合は、回答を無効として扱うことがあります。「要件」欄は調達仕様書の該当項目（「仕様書項番」欄の番号、例: 機能(5)ウ、遵守事項(1)ア）の文と同じです。",
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
struct CellFormats {
    locked: Format,
    locked_center: Format,
    input: Format,
    input_center: Format,
}

fn answer_sheet(
    ws: &mut Worksheet,
    profile: &Profile,
    sels: &[&Selected],
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
    let cells = CellFormats {
        locked_center: locked.clone().set_align(FormatAlign::Center),
        input_center: input.clone().set_align(FormatAlign::Center),
        locked,
        input,
    };
    let last_col = last_column(opts);
    for c in Column::ALL {
        ws.set_column_width(c.index(), c.width())?;
    }
    if opts.round.is_some() {
        ws.set_column_width(last_col, INQUIRY_WIDTH)?;
    }
    answer_head(ws, profile, &cells, opts)?;
    let first = HEADER_ROW + 1;
    let reqs: Vec<&Requirement> = sels.iter().map(|s| s.requirement).collect();
    let reqs = &reqs[..];
    requirement_rows(ws, sels, refs, &cells, first, opts.round.as_ref())?;
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

/// The last column of the 回答 sheet: 備考, or a later round's 照会.
fn last_column(opts: &SheetOptions) -> u16 {
    Column::Remarks.index() + u16::from(opts.round.is_some())
}

/// Above the table: the title, the 事業者名 cell the vendor fills, a note, the headings.
fn answer_head(
    ws: &mut Worksheet,
    profile: &Profile,
    cells: &CellFormats,
    opts: &SheetOptions,
) -> Result<(), XlsxError> {
    let CellFormats { locked, input, .. } = cells;
    let header = style::header();
    let last_col = last_column(opts);
    let round = opts
        .round
        .as_ref()
        .map(|r| format!("（第{}回）", r.number))
        .unwrap_or_default();
    let title = format!(
        "{} 情報セキュリティ要件 回答書{round}（{}）",
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
    let vendor = opts.round.as_ref().map_or("", |r| r.vendor.as_str());
    ws.merge_range(
        VENDOR_ROW,
        2,
        VENDOR_ROW,
        Column::Requirement.index(),
        vendor,
        input,
    )?;
    ws.set_row_height(VENDOR_ROW, 20.0)?;
    let note = if opts.round.is_some() {
        "照会のあった行（「照会」欄に記載のある行）だけ回答を修正してください。要件の記載は変更しないでください。記入方法は「記入要領」シートを参照してください。"
    } else {
        "回答欄は一覧から選んでください。要件の記載は変更しないでください。記入方法は「記入要領」シートを参照してください。"
    };
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
    if opts.round.is_some() {
        ws.write_with_format(HEADER_ROW, last_col, INQUIRY_HEADER, &header)?;
    }
    ws.set_row_height(HEADER_ROW, 30.0)?;

    Ok(())
}

/// One row per requirement: what kijun states (locked) and the cells the vendor fills;
/// in a later round, the previous answers, open where asked about and locked where
/// approved, and what was asked.
fn requirement_rows(
    ws: &mut Worksheet,
    sels: &[&Selected],
    refs: &[&str],
    cells: &CellFormats,
    first: u32,
    round: Option<&NextRound>,
) -> Result<(), XlsxError> {
    let CellFormats {
        locked,
        locked_center,
        input,
        input_center,
    } = cells;
    let asked_format = locked.clone().set_background_color(ORANGE);
    for (i, s) in sels.iter().enumerate() {
        let r = s.requirement;
        let row = first + i as u32;
        let text = ResponseFormat::CURRENT.requirement_cell(s);
        let basis = basis_cell(s);
        ws.write_with_format(row, Column::Number.index(), (i + 1) as f64, locked_center)?;
        ws.write_with_format(row, Column::Id.index(), r.id.as_str(), locked_center)?;
        let spec_ref = refs.get(i).copied().unwrap_or("");
        ws.write_with_format(row, Column::SpecRef.index(), spec_ref, locked_center)?;
        ws.write_with_format(row, Column::Area.index(), r.area.as_str(), locked)?;
        ws.write_with_format(row, Column::Level.index(), r.level.label(), locked_center)?;
        ws.write_with_format(row, Column::Requirement.index(), text.as_str(), locked)?;
        ws.write_with_format(row, Column::Basis.index(), basis.as_str(), locked)?;
        let state = round.and_then(|n| n.rows.get(&r.id));
        let open = round.is_none_or(|n| n.is_open(&r.id));
        let mut lines_of = vec![
            (text.clone(), Column::Requirement.width()),
            (basis.clone(), Column::Basis.width()),
            (r.area.clone(), Column::Area.width()),
        ];
        for c in AnswerCells::COLUMNS {
            let format = match (open, c == Column::Answer) {
                (true, true) => input_center,
                (true, false) => input,
                (false, true) => locked_center,
                (false, false) => locked,
            };
            match state.map(|s| s.cells.get(c)).filter(|t| !t.is_empty()) {
                Some(t) => {
                    ws.write_with_format(row, c.index(), cell_text(t).as_ref(), format)?;
                    lines_of.push((t.to_string(), c.width()));
                }
                None => {
                    ws.write_blank(row, c.index(), format)?;
                }
            }
        }
        if let Some(round) = round {
            let col = Column::Remarks.index() + 1;
            let said = match state {
                Some(s) if open => format!("{}: {}", s.inquiry, s.asked),
                Some(s) => format!("{}（変更できません）", s.decision.label()),
                None => format!("第{}回で新たに回答を求める要件です。", round.number),
            };
            let format = if open { &asked_format } else { locked };
            ws.write_with_format(row, col, cell_text(&said).as_ref(), format)?;
            lines_of.push((said, INQUIRY_WIDTH));
        }
        let lines = lines_of
            .iter()
            .map(|(t, w)| lines_needed(t, *w))
            .fold(2.0, f64::max);
        ws.set_row_height(row, row_height(lines))?;
    }
    Ok(())
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

fn meta_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    profile: &Profile,
    sels: &[&Selected],
    opts: &SheetOptions,
) -> Result<(), XlsxError> {
    ws.set_name(META_SHEET)?;
    ws.set_hidden(true);
    let mut row = 0u32;
    let mut pairs = meta::pairs(catalog, profile);
    if let Some(round) = &opts.round {
        pairs.extend(round.meta_pairs());
    }
    for (k, v) in pairs {
        ws.write_string(row, 0, k)?;
        ws.write_string(row, 1, &v)?;
        row += 1;
    }
    row += 1;
    let round_headers = opts
        .round
        .as_ref()
        .map_or(&[][..], |_| &meta::ROUND_TABLE[..]);
    for (c, h) in meta::TABLE.iter().chain(round_headers).enumerate() {
        ws.write_string(row, c as u16, *h)?;
    }
    let round_col = meta::TABLE.len() as u16;
    for (i, s) in sels.iter().enumerate() {
        let r = s.requirement;
        row += 1;
        let explain: Vec<&str> = r.answers.explain.iter().map(|k| k.key()).collect();
        ws.write_number(row, 0, (HEADER_ROW + 2 + i as u32) as f64)?;
        ws.write_string(row, meta::TABLE_ID, &r.id)?;
        ws.write_string(
            row,
            meta::TABLE_DIGEST,
            ResponseFormat::CURRENT.text_digest(s),
        )?;
        ws.write_boolean(row, 3, r.answers.na_allowed)?;
        ws.write_string(row, 4, explain.join(","))?;
        if let Some(state) = opts.round.as_ref().and_then(|n| n.rows.get(&r.id)) {
            ws.write_string(row, round_col, state.decision.key())?;
            ws.write_string(row, round_col + 1, &state.inquiry)?;
        }
    }
    protect(ws, opts);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_text_needs_more_lines_than_ascii() {
        assert_eq!(lines_needed("あいうえお", 11.0), 1.0);
        assert_eq!(lines_needed("あいうえおかきくけこ", 11.0), 2.0);
        assert_eq!(lines_needed("a\nb", 10.0), 2.0);
    }
}
