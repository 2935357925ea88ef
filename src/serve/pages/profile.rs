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
                            p.help { (in_form_words(&d.help, v.schema)) }
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
                            p.help { (in_form_words(&t.help, v.schema)) }
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
                fieldset.parameters {
                    legend { "期限・周期などの値（パラメータ）" }
                    details open[v.schema.parameters.iter().any(|d| form.fields.contains_key(&format!("parameters.{}", d.key)))] {
                        summary { "要件の文に入る値を変える（変えなければ既定値。既定値は kijun が示す目安であり、統一基準が定める値ではありません）" }
                        @for d in &v.schema.parameters {
                            @let field = format!("parameters.{}", d.key);
                            @let value = form.fields.get(&field).and_then(|v| v.first()).cloned().unwrap_or_else(|| d.default.to_string());
                            div.field #(format!("field-{field}")) {
                                label.text {
                                    (d.label) "（" (d.unit) "。既定値 " (d.show(d.default)) "）"
                                    input type="number" name=(field) value=(value) min=(d.min) max=(d.max) step="1" aria-describedby=(format!("help-{field}"));
                                }
                                p.help #(format!("help-{field}")) { (d.meaning) }
                                (field_errors(errors, &field))
                            }
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

/// A help text of the schema in the form's words. The schema writes it for someone
/// editing profile.toml (「…場合は true。」, 「personal_information = false と書くと…」);
/// the form shows labels and the checkbox's 「該当する」 instead of keys and values.
fn in_form_words(help: &str, schema: &ProfileSchema) -> String {
    let label = |key: &str| {
        let d = schema.dimension(key).map(|d| d.label.as_str());
        d.or_else(|| schema.trait_def(key).map(|t| t.label.as_str()))
    };
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::new();
    let mut rest = help;
    while let Some(start) = rest.find(is_word) {
        out.push_str(&rest[..start]);
        let word_end = rest[start..]
            .find(|c| !is_word(c))
            .map_or(rest.len(), |n| start + n);
        let word = &rest[start..word_end];
        rest = &rest[word_end..];
        let text = match (word, label(word)) {
            (_, Some(l)) => {
                let (text, after) = key_in_words(l, rest);
                rest = after;
                text
            }
            ("true", None) => "「該当する」".to_string(),
            ("false", None) => "「該当しない」".to_string(),
            (w, None) => {
                out.push_str(w);
                continue;
            }
        };
        // 「…」 needs no spaces around it in Japanese text, as the ASCII word did.
        out.truncate(out.trim_end_matches(' ').len());
        out.push_str(&text);
        rest = rest.trim_start_matches(' ');
    }
    out.push_str(rest);
    out.replace("場合は「該当する」。", "場合は「該当する」を選びます。")
        .replace("「該当する」にすると", "「該当する」を選ぶと")
        .replace("を選ばないと書くと", "を選ばないと")
        .replace("を選ぶと書くと", "を選ぶと")
}

/// A key by its label; `key = true` (or false) as choosing it (or not). `rest` is what
/// follows the key; what is not consumed comes back.
fn key_in_words<'a>(label: &str, rest: &'a str) -> (String, &'a str) {
    let value = rest.trim_start().strip_prefix('=').map(str::trim_start);
    if let Some(after) = value.and_then(|v| v.strip_prefix("true")) {
        return (format!("「{label}」を選ぶ"), after);
    }
    if let Some(after) = value.and_then(|v| v.strip_prefix("false")) {
        return (format!("「{label}」を選ばない"), after);
    }
    (format!("「{label}」"), rest)
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

#[cfg(test)]
mod tests {
    use super::in_form_words;
    use crate::catalog::load::load;

    #[test]
    fn help_texts_name_no_key_and_no_toml_value() {
        let catalog = load(None).unwrap();
        let schema = &catalog.schema;
        let my_number = schema.trait_def("my_number").unwrap();
        assert_eq!(
            in_form_words(&my_number.help, schema),
            "個人番号（マイナンバー）を含む特定個人情報を取り扱う場合は「該当する」を選びます。特定個人情報は個人情報でもあるため、「該当する」を選ぶと「個人情報の取扱い」も「該当する」とみなします（「個人情報の取扱い」を選ばないとエラーになります）。"
        );
        let keys: Vec<&str> = schema
            .classifications
            .iter()
            .map(|d| d.key.as_str())
            .chain(schema.traits.iter().map(|t| t.key.as_str()))
            .collect();
        let helps = schema.classifications.iter().map(|d| &d.help);
        for help in helps.chain(schema.traits.iter().map(|t| &t.help)) {
            let shown = in_form_words(help, schema);
            for word in shown.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                assert!(
                    !keys.contains(&word) && word != "true" && word != "false",
                    "{word} in {shown}"
                );
            }
        }
        // Words that are no key stay as written.
        assert_eq!(
            in_form_words("IaaS > PaaS > SaaS、DNS", schema),
            "IaaS > PaaS > SaaS、DNS"
        );
    }
}
