//! The HTML of every page, written with maud (checked at compile time, every value
//! escaped). Pages are plain forms and links that work without JavaScript; the
//! embedded script only adds live counts and instant filtering.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

use super::form::FormValues;
use super::state::Batch;
use crate::catalog::{Catalog, Level, Requirement};
use crate::condition::Outcome;
use crate::profile::schema::{ProfileSchema, TraitType};
use crate::select::Selected;
use crate::verify::compare::Comparison;
use crate::verify::report::place;
use crate::verify::xlsx::judgement;
use crate::verify::{FindingKind, Report, Severity, Summary};
use crate::xlsx_style::{GREEN, RED, YELLOW};

/// A page as the response, with its status.
pub(crate) fn page(status: StatusCode, markup: Markup) -> Response {
    (status, Html(markup.into_string())).into_response()
}

/// Field errors by field name ("" for those that name none).
pub(crate) type Errors = BTreeMap<String, Vec<String>>;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nav {
    Profile,
    Requirements,
    Documents,
    Verify,
}

fn layout(title: &str, nav: Nav, system: &str, body: Markup) -> Markup {
    let item = |n: Nav, href: &str, label: &str| {
        html! { a.active[nav == n] href=(href) { (label) } }
    };
    html! {
        (DOCTYPE)
        html lang="ja" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) "｜kijun" }
                link rel="stylesheet" href="/static/app.css";
                script src="/static/app.js" defer {}
            }
            body {
                header {
                    div.brand { "kijun" span { "政府調達の情報セキュリティ要件" } }
                    nav {
                        (item(Nav::Profile, "/profile", "1 プロファイル"))
                        (item(Nav::Requirements, "/requirements", "2 要件"))
                        (item(Nav::Documents, "/documents", "3 文書"))
                        (item(Nav::Verify, "/verify", "4 検証"))
                    }
                    div.system { "対象システム: " strong #system-name { (system) } }
                }
                main { h1 { (title) } (body) }
                footer { "kijun " (env!("CARGO_PKG_VERSION")) "　この画面はこの PC の中だけで動作し、外部と通信しません。" }
            }
        }
    }
}

/// A refusal (403) for a request without the token or with a foreign Host.
pub(crate) fn refused(message: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang="ja" {
            head { meta charset="utf-8"; title { "アクセスできません｜kijun" } }
            body { h1 { "アクセスできません" } p #refused { (message) } }
        }
    }
}

pub(crate) fn error_page(system: &str, message: &str) -> Markup {
    layout(
        "エラー",
        Nav::Profile,
        system,
        html! { p.error role="alert" { (message) } p { a href="/profile" { "プロファイルに戻る" } } },
    )
}

fn field_errors(errors: &Errors, field: &str) -> Markup {
    html! {
        @if let Some(list) = errors.get(field) {
            @for e in list { p.error role="alert" data-field=(field) { (e) } }
        }
    }
}

/// The profile form, built from the catalog's profile schema.
pub(crate) fn profile(
    schema: &ProfileSchema,
    form: &FormValues,
    errors: &Errors,
    upload_error: Option<&str>,
    notice: Option<&str>,
    live: Markup,
) -> Markup {
    let body = html! {
        @if let Some(n) = notice { p.notice role="status" { (n) } }
        section.files {
            h2 { "プロファイルを読み込む・保存する" }
            form method="post" action="/profile/upload" enctype="multipart/form-data" {
                label { "profile.toml を読み込む: " input type="file" name="profile" accept=".toml,text/plain" required; }
                button type="submit" { "読み込む" }
            }
            @if let Some(e) = upload_error { p.error role="alert" #upload-error { (e) } }
            p { a href="/profile.toml" download="profile.toml" { "いまのプロファイルを profile.toml として保存する" } }
        }
        div.columns {
            form #profile-form method="post" action="/profile" {
                @if let Some(list) = errors.get("") {
                    div.error role="alert" { @for e in list { p { (e) } } }
                }
                fieldset {
                    legend { "システム" }
                    label.text { "システム名" input type="text" name="system.name" value=(form.get("system.name")) required; }
                    (field_errors(errors, "system.name"))
                    label.text { "組織名" input type="text" name="system.organization" value=(form.get("system.organization")) required; }
                    (field_errors(errors, "system.organization"))
                }
                fieldset {
                    legend { "格付け（取り扱う情報のうち最も高いもの）" }
                    @for d in &schema.classifications {
                        @let field = format!("classification.{}", d.key);
                        div.field #(format!("field-{field}")) {
                            h3 { (d.label) small { " " (d.key) } }
                            p.help { (d.help) }
                            @for l in &d.levels {
                                @let v = l.value.to_string();
                                label.option {
                                    input type="radio" name=(field) value=(v) checked[form.has(&field, &v)];
                                    strong { (d.label) (v) } "　" (l.meaning)
                                }
                            }
                            (field_errors(errors, &field))
                        }
                    }
                }
                fieldset {
                    legend { "特性" }
                    @for t in &schema.traits {
                        @let field = format!("traits.{}", t.key);
                        div.field #(format!("field-{field}")) {
                            h3 { (t.label) small { " " (t.key) } }
                            p.help { (t.help) }
                            @match t.kind {
                                TraitType::Bool => {
                                    label.option {
                                        input type="checkbox" name=(field) value="true" checked[form.has(&field, "true")];
                                        "該当する"
                                    }
                                }
                                TraitType::Choice => {
                                    @for v in &t.values {
                                        label.option {
                                            input type="radio" name=(field) value=(v.value) checked[form.has(&field, &v.value)];
                                            strong { (v.value) } "　" (v.meaning)
                                        }
                                    }
                                }
                                TraitType::Set => {
                                    @for v in &t.values {
                                        label.option {
                                            input type="checkbox" name=(field) value=(v.value) checked[form.has(&field, &v.value)];
                                            strong { (v.value) } "　" (v.meaning)
                                        }
                                    }
                                }
                            }
                            (field_errors(errors, &field))
                        }
                    }
                }
                div.actions { button type="submit" #save { "この内容で要件を選ぶ" } }
            }
            aside #live aria-live="polite" { (live) }
        }
    };
    layout("プロファイル", Nav::Profile, form.get("system.name"), body)
}

/// Counts by area and level: the live panel and the head of the requirements page.
pub(crate) fn summary(catalog: &Catalog, selected: &[Selected<'_>]) -> Markup {
    let basic = selected
        .iter()
        .filter(|s| s.requirement.level == Level::Basic)
        .count();
    let mut areas: Vec<(&str, usize, usize)> = Vec::new();
    for r in &catalog.requirements {
        if !areas.iter().any(|(a, _, _)| *a == r.area) {
            areas.push((&r.area, 0, 0));
        }
    }
    for s in selected {
        if let Some(a) = areas.iter_mut().find(|(a, _, _)| *a == s.requirement.area) {
            match s.requirement.level {
                Level::Basic => a.1 += 1,
                Level::Enhanced => a.2 += 1,
            }
        }
    }
    html! {
        div.summary #summary {
            p.count {
                "適用される要件: " strong #total { (selected.len()) } " 件"
                "（基本 " span #basic { (basic) } " 件・強化 " span #enhanced { (selected.len() - basic) } " 件）"
            }
            table.areas {
                thead { tr { th { "分類" } th { "基本" } th { "強化" } th { "計" } } }
                tbody {
                    @for (area, b, e) in &areas {
                        tr.zero[b + e == 0] { td { (area) } td.n { (b) } td.n { (e) } td.n { (b + e) } }
                    }
                }
            }
        }
    }
}

/// The live panel when the form does not read as a profile.
pub(crate) fn summary_error(errors: &Errors) -> Markup {
    html! {
        div.summary #summary {
            p.count.invalid { "入力に誤りがあるため、要件を選べません。" }
            ul.error { @for list in errors.values() { @for e in list { li { (e) } } } }
        }
    }
}

pub(crate) struct RequirementsView<'a> {
    pub(crate) system: &'a str,
    pub(crate) selected: &'a [Selected<'a>],
    pub(crate) not_selected: Vec<&'a Requirement>,
    pub(crate) query: &'a str,
    pub(crate) level: &'a str,
    pub(crate) explain: Option<Result<(&'a Requirement, Outcome), String>>,
}

fn level_matches(filter: &str, r: &Requirement) -> bool {
    filter.is_empty() || filter == r.level.label()
}

fn text_matches(query: &str, haystack: &str) -> bool {
    let q = query.trim().to_lowercase();
    q.is_empty() || haystack.to_lowercase().contains(&q)
}

pub(crate) fn requirements(catalog: &Catalog, v: &RequirementsView<'_>) -> Markup {
    let body = html! {
        (summary(catalog, v.selected))
        @if let Some(explain) = &v.explain {
            section #explain {
                @match explain {
                    Ok((r, outcome)) => (explanation(r, outcome)),
                    Err(e) => p.error role="alert" { (e) },
                }
            }
        }
        form.filters method="get" action="/requirements" data-filter-table="req-table" {
            label { "絞り込み: " input #filter type="search" name="q" value=(v.query) placeholder="要件ID・表題・分類・理由の語" data-filter="text"; }
            label { "区分: "
                select #level name="level" data-filter="level" {
                    option value="" selected[v.level.is_empty()] { "すべて" }
                    option value="基本" selected[v.level == "基本"] { "基本" }
                    option value="強化" selected[v.level == "強化"] { "強化" }
                }
            }
            button type="submit" { "絞り込む" }
            span.shown { "表示中 " span #shown-count { (v.selected.iter().filter(|s| row_visible(v, s)).count()) } " 件" }
        }
        table.list #req-table {
            thead { tr { th { "要件ID" } th { "区分" } th { "分類" } th { "表題" } th { "適用理由" } } }
            tbody {
                @for s in v.selected {
                    @let r = s.requirement;
                    tr data-level=(r.level.label()) data-text=(haystack(s)) hidden[!row_visible(v, s)] {
                        td.id { (r.id) } td { (r.level.label()) } td { (r.area) } td { (r.title) }
                        td { ul.reasons { @for reason in &s.reasons { li { (reason) } } } }
                    }
                }
            }
        }
        section {
            h2 { "適用されない要件（" (v.not_selected.len()) " 件）" }
            table.list #not-selected {
                thead { tr { th { "要件ID" } th { "区分" } th { "分類" } th { "表題" } th {} } }
                tbody {
                    @for r in &v.not_selected {
                        tr {
                            td.id { (r.id) } td { (r.level.label()) } td { (r.area) } td { (r.title) }
                            td { a.explain href=(format!("/requirements?explain={}#explain", r.id)) { "適用されない理由" } }
                        }
                    }
                }
            }
        }
    };
    layout("要件", Nav::Requirements, v.system, body)
}

fn haystack(s: &Selected<'_>) -> String {
    let r = s.requirement;
    format!("{} {} {} {}", r.id, r.title, r.area, s.reasons.join(" ")).to_lowercase()
}

fn row_visible(v: &RequirementsView<'_>, s: &Selected<'_>) -> bool {
    level_matches(v.level, s.requirement) && text_matches(v.query, &haystack(s))
}

/// Why one requirement applies or not: what `kijun explain` says.
fn explanation(r: &Requirement, outcome: &Outcome) -> Markup {
    html! {
        h2 { (r.id) " " (r.title) }
        p { "分類: " (r.area) "／区分: " (r.level.label()) "／" (r.subject.label()) }
        p { "適用条件: " (r.when.as_ref().map_or("なし（常に適用）", |c| c.text.as_str())) }
        p.verdict-line {
            "判定: "
            strong.applies[outcome.holds].not-applies[!outcome.holds] {
                @if outcome.holds { "適用されます" } @else { "適用されません" }
            }
        }
        p { "理由:" }
        ul.reasons { @for reason in &outcome.reasons { li { (reason) } } }
        p { "仕様書の文: " (r.spec) }
    }
}

pub(crate) fn documents(system: &str, count: usize) -> Markup {
    let links = |base: &str, suffix: &str| {
        html! {
            a.download href=(format!("/download/{base}.docx{suffix}")) { "Word（docx）" } " "
            a.download href=(format!("/download/{base}.md{suffix}")) { "Markdown（md）" } " "
            a.download href=(format!("/download/{base}.txt{suffix}")) { "テキスト（txt）" }
        }
    };
    let body = html! {
        p { "いまのプロファイルで選ばれた要件 " strong { (count) } " 件から作成します。コマンド（kijun spec など）で作る文書とバイト単位で同じです。" }
        table.list #documents {
            thead { tr { th { "文書" } th { "ダウンロード" } } }
            tbody {
                tr { td { "調達仕様書（情報セキュリティ要件の節）" } td { (links("spec", "")) } }
                tr { td { "契約書別紙「情報セキュリティに関する特記事項」（受注者・発注者）" } td { (links("clauses", "")) } }
                tr { td { "契約書別紙「情報セキュリティに関する特記事項」（乙・甲）" } td { (links("clauses", "?parties=otsu")) } }
                tr { td { "ベンダー回答様式" } td { a.download #download-sheet href="/download/sheet.xlsx" { "Excel（xlsx）" } } }
            }
        }
    };
    layout("文書", Nav::Documents, system, body)
}

pub(crate) fn verify(system: &str, error: Option<&str>) -> Markup {
    let body = html! {
        p { "ベンダーから返送された回答ファイルを、いまのプロファイル（" (system) "）の要件と照合します。"
            "複数のファイルを選ぶと、比較表も作ります。" }
        form #verify-form method="post" action="/verify" enctype="multipart/form-data" {
            label.drop {
                "回答ファイル（xlsx・xlsm・xls・ods・xlsb・csv、1 回に合計 "
                (crate::sheet::ingest::MAX_FILE_BYTES / 1_048_576) " MB まで）"
                input #files type="file" name="files" multiple required accept=".xlsx,.xlsm,.xls,.ods,.xlsb,.csv,.txt";
            }
            button type="submit" #verify-button { "検証する" }
        }
        @if let Some(e) = error { p.error role="alert" #verify-error { (e) } }
        p.help { "ファイルはこの PC のメモリの中だけで読み、保存しません。" }
    };
    layout("検証", Nav::Verify, system, body)
}

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
pub(crate) fn report(system: &str, batch: &Batch, index: usize, filters: &Filters<'_>) -> Markup {
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
            Ok(r) => (report_body(r, &base, filters)),
        }
        p { a href="/verify" { "別のファイルを検証する" } }
    };
    layout("検証結果", Nav::Verify, system, body)
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
            a.download href=(format!("{base}/report.xlsx")) { "Excel（xlsx）" } " "
            a.download href=(format!("{base}/report.md")) { "Markdown（md）" } " "
            a.download href=(format!("{base}/report.json")) { "JSON" } }
        h2 { "指摘事項（" (r.findings.len()) " 件）" }
        form.filters method="get" action=(base) data-filter-table="findings" {
            label { "種類: "
                select #kind name="kind" data-filter="kind" {
                    option value="" { "すべて" }
                    @for k in &kinds { option value=(k.key()) selected[filters.kind == k.key()] { (k.label()) "（" (k.key()) "）" } }
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
            thead { tr { th { "重大度" } th { "種類" } th { "要件ID" } th { "シート" } th { "行" } th { "列" } th { "内容" } } }
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
pub(crate) fn comparison(system: &str, batch: &Batch, c: &Comparison<'_>) -> Markup {
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
        p { a href="/verify" { "別のファイルを検証する" } }
    };
    layout("回答の比較", Nav::Verify, system, body)
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
