//! The requirements that apply, with their reasons (filtered by words and level), and
//! those that do not, each with why not — in the words `kijun explain` uses.

use maud::{html, Markup};
use unicode_normalization::UnicodeNormalization;

use super::profile::summary;
use super::{hidden_fields, layout, Nav};
use crate::catalog::{Catalog, Requirement};
use crate::condition::Outcome;
use crate::select::Selected;
use crate::select::Texts;
use crate::serve::shown::Shown;

pub(crate) struct RequirementsView<'a> {
    pub(crate) shown: &'a Shown,
    pub(crate) selected: &'a [Selected<'a>],
    pub(crate) not_selected: Vec<&'a Requirement>,
    pub(crate) query: &'a str,
    pub(crate) level: &'a str,
    pub(crate) explain: Option<Result<(&'a Requirement, Outcome, Texts), String>>,
}

/// Text as the filter compares it: full-width letters and digits folded (ＡＵＴＨ is
/// AUTH), lower case. The script folds the same way (NFKC).
fn fold(s: &str) -> String {
    s.nfkc().collect::<String>().to_lowercase()
}

fn level_matches(filter: &str, r: &Requirement) -> bool {
    filter.is_empty() || filter == r.level.label()
}

fn text_matches(query: &str, haystack: &str) -> bool {
    let q = fold(query.trim());
    q.is_empty() || haystack.contains(&q)
}

pub(crate) fn requirements(catalog: &Catalog, v: &RequirementsView<'_>) -> Markup {
    let body = html! {
        (summary(catalog, v.selected, &v.shown.query))
        @if let Some(explain) = &v.explain {
            section #explain {
                @match explain {
                    Ok((r, outcome, text)) => (explanation(catalog, r, outcome, text)),
                    Err(e) => p.error role="alert" { (e) },
                }
            }
        }
        form.filters method="get" action="/requirements" data-filter-table="req-table" {
            (hidden_fields(&v.shown.form))
            label { "絞り込み: " input #filter type="search" name="q" value=(v.query) placeholder="要件ID・表題・分類・理由の語" data-filter="text"; }
            label { "区分: "
                select #level name="level" data-filter="level" {
                    option value="" selected[v.level.is_empty()] { "すべて" }
                    option value="基本" selected[v.level == "基本"] { "基本" }
                    option value="強化" selected[v.level == "強化"] { "強化" }
                }
            }
            button type="submit" { "絞り込む" }
            span.shown role="status" { "表示中 " span #shown-count { (v.selected.iter().filter(|s| row_visible(v, s)).count()) } " 件" }
        }
        table.list #req-table {
            thead { tr { th scope="col" { "要件ID" } th scope="col" { "区分" } th scope="col" { "分類" } th scope="col" { "表題" } th scope="col" { "適用理由" } } }
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
                thead { tr { th scope="col" { "要件ID" } th scope="col" { "区分" } th scope="col" { "分類" } th scope="col" { "表題" } th scope="col" { "理由" } } }
                tbody {
                    @for r in &v.not_selected {
                        tr {
                            td.id { (r.id) } td { (r.level.label()) } td { (r.area) } td { (r.title) }
                            td { a.explain href=(format!("{}#explain", v.shown.link("/requirements", &format!("explain={}", r.id)))) { "適用されない理由" } }
                        }
                    }
                }
            }
        }
    };
    layout("要件", Nav::Requirements, v.shown.into(), body)
}

fn haystack(s: &Selected<'_>) -> String {
    let r = s.requirement;
    fold(&format!(
        "{} {} {} {}",
        r.id,
        r.title,
        r.area,
        s.reasons.join(" ")
    ))
}

fn row_visible(v: &RequirementsView<'_>, s: &Selected<'_>) -> bool {
    level_matches(v.level, s.requirement) && text_matches(v.query, &haystack(s))
}

/// Why one requirement applies or not: what `kijun explain` says, its condition in
/// the same words.
fn explanation(catalog: &Catalog, r: &Requirement, outcome: &Outcome, text: &Texts) -> Markup {
    let condition = r.when.as_ref().map_or_else(
        || "なし（常に適用）".to_string(),
        |c| c.words(&catalog.schema),
    );
    html! {
        h2 { (r.id) " " (r.title) }
        p { "分類: " (r.area) "／区分: " (r.level.label()) "／" (r.subject.label()) }
        p { "適用条件: " (condition) }
        p.verdict-line {
            "判定: "
            strong.applies[outcome.holds].not-applies[!outcome.holds] {
                @if outcome.holds { "適用されます" } @else { "適用されません" }
            }
        }
        p { "理由:" }
        ul.reasons { @for reason in &outcome.reasons { li { (reason) } } }
        p { "仕様書の文: " (text.spec) }
    }
}
