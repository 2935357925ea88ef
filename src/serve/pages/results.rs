//! A verification's results: one file's verdict, counts and findings (filtered by
//! kind and 重大度), or several files side by side. The pages of a batch carry the
//! profile the files were verified against.

use maud::{html, Markup};

use super::{layout, Nav};
use crate::serve::state::Batch;
use crate::verify::compare::Comparison;
use crate::verify::report::place;
use crate::verify::xlsx::judgement;
use crate::verify::{FindingKind, Report, Severity, Summary};
use crate::xlsx_style::{GREEN, RED, YELLOW};

fn color_class(color: &str) -> &'static str {
    match color {
        c if c == GREEN => "ok",
        c if c == YELLOW => "warn",
        c if c == RED => "bad",
        _ => "none",
    }
}

pub(crate) struct Filters<'a> {
    pub(crate) kind: &'a str,
    pub(crate) severity: &'a str,
}

/// One uploaded file's result.
pub(crate) fn report(batch: &Batch, index: usize, filters: &Filters<'_>) -> Markup {
    let upload = &batch.files[index];
    let base = format!("/results/{}/{index}", batch.id);
    let body = html! {
        @if batch.files.len() > 1 {
            p { a href=(format!("/results/{}", batch.id)) { "← 比較表に戻る" } }
        }
        h2 #file-name { (upload.name) }
        @match &upload.result {
            Err(message) => {
                div.verdict.unreadable #verdict { "読み込めませんでした" }
                p.error role="alert" #upload-message { (message) }
            }
            Ok(r) => {
                (report_body(r, &base, filters))
                (super::review::review_form(&batch.shown))
            }
        }
        p { a href=(batch.shown.link("/verify", "")) { "別のファイルを検証する" } }
    };
    layout("検証結果", Nav::Verify, (&batch.shown).into(), body)
}

fn report_body(r: &Report, base: &str, filters: &Filters<'_>) -> Markup {
    let kinds: Vec<FindingKind> = FindingKind::ALL
        .into_iter()
        .filter(|k| r.findings.iter().any(|f| f.kind == *k))
        .collect();
    let visible = |kind: FindingKind, sev: Severity| {
        (filters.kind.is_empty() || filters.kind == kind.key())
            && (filters.severity.is_empty() || filters.severity == severity_key(sev))
    };
    html! {
        div.verdict.pass[r.passed()].fail[!r.passed()] #verdict {
            "検証結果: " (r.verdict_label())
            span { "（エラー " (r.summary.errors) " 件、警告 " (r.summary.warnings) " 件）" }
        }
        p { (r.format) "、シート「" (r.sheet) "」、見出し " (r.header_row) " 行目"
            @if let Some(v) = &r.vendor { "、事業者名: " (v) } }
        p #catalog-used { "カタログ: " (r.catalog.line()) }
        (counts_table(&r.summary))
        p.downloads { "検証結果をダウンロード: "
            a.download #download-report href=(format!("{base}/report.xlsx")) title="審査に使う作業用のブック（指摘事項シートに判断欄があります）" { "Excel（xlsx）" } " "
            a.download href=(format!("{base}/report.md")) { "Markdown（md）" } " "
            a.download href=(format!("{base}/report.json")) { "JSON" } }
        h2 { "指摘事項（" (r.findings.len()) " 件）" }
        form.filters method="get" action=(base) data-filter-table="findings" {
            label { "種類: "
                select #kind name="kind" data-filter="kind" {
                    option value="" { "すべて" }
                    @for k in &kinds { option value=(k.key()) selected[filters.kind == k.key()] { (k.label()) } }
                }
            }
            label { "重大度: "
                select #severity name="severity" data-filter="severity" {
                    option value="" { "すべて" }
                    option value="error" selected[filters.severity == "error"] { "エラー" }
                    option value="warning" selected[filters.severity == "warning"] { "警告" }
                }
            }
            button type="submit" { "絞り込む" }
            span.shown { "表示中 " span #shown-count { (r.findings.iter().filter(|f| visible(f.kind, f.severity)).count()) } " 件" }
        }
        table.list #findings {
            thead { tr { th scope="col" { "重大度" } th scope="col" { "種類" } th scope="col" { "要件ID" } th scope="col" { "シート" } th scope="col" { "行" } th scope="col" { "列" } th scope="col" { "内容" } } }
            tbody {
                @for f in &r.findings {
                    tr.(severity_key(f.severity)) data-kind=(f.kind.key()) data-severity=(severity_key(f.severity)) hidden[!visible(f.kind, f.severity)] title=(place(f)) {
                        td { (f.severity.label()) } td { (f.kind.label()) }
                        td.id { (f.requirement.as_deref().unwrap_or("")) }
                        td { (f.sheet.as_deref().unwrap_or("")) }
                        td.n { @if let Some(row) = f.row { (row) } }
                        td { (f.column.as_deref().unwrap_or("")) }
                        td { (f.message) }
                    }
                }
            }
        }
    }
}

fn severity_key(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn counts_table(s: &Summary) -> Markup {
    html! {
        table.counts #counts {
            thead { tr { @for (h, _) in s.counts() { th { (h) } } } }
            tbody { tr { @for (_, n) in s.counts() { td.n { (n) } } } }
        }
    }
}

/// Several files: each vendor's verdict and counts, then the answers side by side.
pub(crate) fn comparison(batch: &Batch, c: &Comparison<'_>) -> Markup {
    let heads: Vec<&str> = Summary::default()
        .counts()
        .iter()
        .skip(1)
        .map(|(h, _)| *h)
        .collect();
    let base = format!("/results/{}", batch.id);
    let body = html! {
        p #catalog-used { "カタログ: " (c.catalog.line()) }
        p.downloads { "比較表をダウンロード: "
            a.download href=(format!("{base}/compare/compare.xlsx")) { "Excel（xlsx）" } " "
            a.download href=(format!("{base}/compare/compare.md")) { "Markdown（md）" } " "
            a.download href=(format!("{base}/compare/compare.json")) { "JSON" } }
        h2 { "事業者別の集計" }
        table.list #vendors {
            thead { tr { th { "事業者" } th { "ファイル" } th { "判定" } @for h in &heads { th { (h) } } th {} } }
            tbody {
                @for (i, (e, u)) in c.entries.iter().zip(&batch.files).enumerate() {
                    tr {
                        td { (e.name) } td { (u.name) }
                        @match &e.result {
                            Ok(r) => {
                                td.(if r.passed() { "ok" } else { "bad" }) { (r.verdict_label()) }
                                @for (_, n) in r.summary.counts().iter().skip(1) { td.n { (n) } }
                            }
                            Err(_) => {
                                td.bad { "読込不可" }
                                @for _ in &heads { td {} }
                            }
                        }
                        td { a href=(format!("{base}/{i}")) { "詳細" } }
                    }
                }
            }
        }
        @for e in &c.entries {
            @if let Err(message) = &e.result { p.error role="alert" { (message) } }
        }
        h2 { "要件ごとの回答" }
        table.list #compare {
            thead { tr { th { "要件ID" } th { "区分" } th { "表題" } @for e in &c.entries { th { (e.name) } } } }
            tbody {
                @for (i, r) in c.requirements.iter().enumerate() {
                    tr {
                        td.id { (r.id) } td { (r.level.label()) } td { (r.title) }
                        @for e in &c.entries { (answer_cell(e.result.as_ref(), i)) }
                    }
                }
            }
        }
        p { a href=(batch.shown.link("/verify", "")) { "別のファイルを検証する" } }
    };
    layout("回答の比較", Nav::Verify, (&batch.shown).into(), body)
}

fn answer_cell(result: Result<&Report, &String>, i: usize) -> Markup {
    let (text, class) = match result {
        Ok(r) => r
            .rows
            .get(i)
            .map(|row| {
                let (t, c) = judgement(r, row);
                (t, color_class(c))
            })
            .unwrap_or_else(|| ("－".into(), "none")),
        Err(_) => ("読込不可".into(), "none"),
    };
    html! { td.(class) { (text) } }
}
