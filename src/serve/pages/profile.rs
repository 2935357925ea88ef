//! The profile form, built from the catalog's profile schema (labels, meanings and help
//! are the schema's words; no key is shown), and the live count beside it.

use maud::{html, Markup};

use super::{field_errors, layout, Frame, Nav};
use crate::catalog::{Catalog, Level};
use crate::profile::schema::{ProfileSchema, TraitType};
use crate::select::Selected;
use crate::serve::form::{Errors, FormValues};

pub(crate) struct ProfileView<'a> {
    pub(crate) schema: &'a ProfileSchema,
    pub(crate) form: &'a FormValues,
    /// The form's fields as a query (what the navigation and the save link carry).
    pub(crate) query: &'a str,
    pub(crate) errors: &'a Errors,
    pub(crate) upload_error: Option<&'a str>,
    pub(crate) notice: Option<Markup>,
    pub(crate) live: Markup,
}

pub(crate) fn profile(v: &ProfileView<'_>) -> Markup {
    let (form, errors) = (v.form, v.errors);
    let with = |path: &str| format!("{path}?{}", v.query);
    let body = html! {
        @if let Some(n) = &v.notice { div.notice role="status" #notice { (n) } }
        section.files {
            h2 { "プロファイルを読み込む・保存する" }
            form method="post" action=(with("/profile/upload")) enctype="multipart/form-data" {
                label { "profile.toml を読み込む: " input type="file" name="profile" accept=".toml,text/plain" required; }
                " " button type="submit" { "読み込む" }
            }
            @if let Some(e) = v.upload_error { p.error role="alert" #upload-error { (e) } }
            p { a #save-profile href=(with("/profile.toml")) data-nav="/profile.toml" download="profile.toml" { "この画面のプロファイルを profile.toml として保存する" } }
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
                    @for d in &v.schema.classifications {
                        @let field = format!("classification.{}", d.key);
                        div.field role="radiogroup" aria-labelledby=(format!("label-{field}")) #(format!("field-{field}")) {
                            h3 #(format!("label-{field}")) { (d.label) }
                            p.help { (d.help) }
                            @for l in &d.levels {
                                @let val = l.value.to_string();
                                label.option {
                                    input type="radio" name=(field) value=(val) checked[form.has(&field, &val)];
                                    strong { (d.label) (val) } "　" (l.meaning)
                                }
                            }
                            (field_errors(errors, &field))
                        }
                    }
                }
                fieldset {
                    legend { "特性" }
                    @for t in &v.schema.traits {
                        @let field = format!("traits.{}", t.key);
                        div.field #(format!("field-{field}")) {
                            h3 #(format!("label-{field}")) { (t.label) }
                            p.help { (t.help) }
                            @match t.kind {
                                TraitType::Bool => {
                                    label.option {
                                        input type="checkbox" name=(field) value="true" checked[form.has(&field, "true")] aria-describedby=(format!("label-{field}"));
                                        "該当する"
                                    }
                                }
                                TraitType::Choice | TraitType::Set => {
                                    @let kind = if t.kind == TraitType::Choice { "radio" } else { "checkbox" };
                                    @for val in &t.values {
                                        label.option {
                                            input type=(kind) name=(field) value=(val.value) checked[form.has(&field, &val.value)] aria-describedby=(format!("label-{field}"));
                                            (val.meaning)
                                        }
                                    }
                                }
                            }
                            (field_errors(errors, &field))
                        }
                    }
                }
                div.actions {
                    button type="submit" #save { "要件の一覧へ進む" }
                    span.help { "　入力した内容は、変えたときから 要件・文書・検証 の画面に反映されます。" }
                }
            }
            aside #live aria-live="polite" aria-label="適用される要件の件数" { (v.live) }
        }
    };
    let frame = Frame {
        system: form.get("system.name"),
        query: v.query,
    };
    layout("プロファイル", Nav::Profile, frame, body)
}

/// Counts by area and level: the live panel and the head of the requirements page.
pub(crate) fn summary(catalog: &Catalog, selected: &[Selected<'_>], query: &str) -> Markup {
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
        div.summary #summary data-query=(query) {
            p.count {
                "適用される要件: " strong #total { (selected.len()) } " 件"
                "（基本 " span #basic { (basic) } " 件・強化 " span #enhanced { (selected.len() - basic) } " 件）"
            }
            table.areas {
                thead { tr { th scope="col" { "分類" } th scope="col" { "基本" } th scope="col" { "強化" } th scope="col" { "計" } } }
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
        div.summary #summary data-invalid="true" {
            p.count.invalid { "入力に誤りがあるため、要件を選べません。" }
            ul.error { @for list in errors.values() { @for e in list { li { (e) } } } }
        }
    }
}
