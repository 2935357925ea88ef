//! The HTML of every page, written with maud (checked at compile time, every value
//! escaped), one file per screen: `profile` (the form and the live count),
//! `requirements`, `documents` (downloads and the upload form) and `results` (a
//! verification report and a comparison). Pages are plain forms and links that work
//! without JavaScript; the embedded script adds live counts and instant filtering.
//!
//! Every link of a page carries the profile the page shows ([`Shown::link`]).

mod documents;
mod profile;
mod requirements;
mod results;
mod review;

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

pub(crate) use documents::{documents, verify};
pub(crate) use profile::{profile, summary, summary_error, ProfileView};
pub(crate) use requirements::{requirements, RequirementsView};
pub(crate) use results::{comparison, report, Filters};
pub(crate) use review::{review, review_refused};

use super::form::Errors;
use super::shown::Shown;

/// A page as the response, with its status.
pub(crate) fn page(status: StatusCode, markup: Markup) -> Response {
    (status, Html(markup.into_string())).into_response()
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nav {
    Profile,
    Requirements,
    Documents,
    Verify,
}

/// What the frame of a page shows of its profile: the system's name, and the query
/// every navigation link carries.
#[derive(Clone, Copy, Default)]
pub(crate) struct Frame<'a> {
    pub(crate) system: &'a str,
    pub(crate) query: &'a str,
}

impl<'a> From<&'a Shown> for Frame<'a> {
    fn from(s: &'a Shown) -> Frame<'a> {
        Frame {
            system: s.system(),
            query: &s.query,
        }
    }
}

impl Frame<'_> {
    fn link(&self, path: &str) -> String {
        if self.query.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{}", self.query)
        }
    }
}

/// The frame of every page. The navigation carries the profile of the page; the
/// script keeps it current while the profile form changes (`data-nav`).
fn layout(title: &str, nav: Nav, frame: Frame<'_>, body: Markup) -> Markup {
    let item = |n: Nav, path: &str, label: &str| {
        html! { a.active[nav == n] href=(frame.link(path)) data-nav=(path) aria-current=[(nav == n).then_some("page")] { (label) } }
    };
    let system = frame.system;
    html! {
        (DOCTYPE)
        html lang="ja" {
            (head(title, true))
            body {
                header {
                    div.brand { "kijun" span { "政府調達の情報セキュリティ要件" } }
                    nav aria-label="手順" {
                        (item(Nav::Profile, "/profile", "1 プロファイル"))
                        (item(Nav::Requirements, "/requirements", "2 要件"))
                        (item(Nav::Documents, "/documents", "3 文書"))
                        (item(Nav::Verify, "/verify", "4 検証"))
                    }
                    div.system { "対象システム: " strong #system-name { (system) } }
                    form.stop method="post" action="/stop" {
                        button type="submit" #stop title="kijun を終了します（作成済みのファイルはそのまま残ります）" { "終了" }
                    }
                }
                main { h1 { (title) } (body) }
                footer { "kijun " (env!("CARGO_PKG_VERSION")) "　この画面はこの PC の中だけで動作し、外部と通信しません。" }
            }
        }
    }
}

/// The head of every page: the style sheet, and the script for pages of the flow.
fn head(title: &str, script: bool) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) "｜kijun" }
            link rel="stylesheet" href="/static/app.css";
            @if script { script src="/static/app.js" defer {} }
        }
    }
}

/// A page of its own, outside the flow (a refusal, the page after stopping).
fn bare(title: &str, id: &str, message: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang="ja" {
            (head(title, false))
            body { main { h1 { (title) } p id=(id) { (message) } } }
        }
    }
}

/// A refusal (403) for a request without a session or with a foreign Host.
pub(crate) fn refused(message: &str) -> Markup {
    bare("アクセスできません", "refused", message)
}

/// After the stop button: the server is gone, the tab can be closed.
pub(crate) fn stopped() -> Markup {
    bare(
        "kijun を終了しました",
        "stopped",
        "このタブは閉じてかまいません。ダウンロードしたファイルはそのまま残ります。もう一度使うときは kijun を起動してください。",
    )
}

/// After the launch token was traded from the private file `--open` hands to the
/// browser, or from a link on another site's page: go on to `location` with the new
/// session (a navigation of our own, so the strict cookie goes with it).
pub(crate) fn welcome(location: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang="ja" {
            head {
                meta charset="utf-8";
                meta http-equiv="refresh" content=(format!("0;url={location}"));
                title { "kijun" }
            }
            body { p { a href=(location) { "kijun の画面を開く" } } }
        }
    }
}

pub(crate) fn error_page(frame: Frame<'_>, message: &str) -> Markup {
    let back = frame.link("/profile");
    layout(
        "エラー",
        Nav::Profile,
        frame,
        html! { p.error role="alert" { (message) } p { a href=(back) { "プロファイルに戻る" } } },
    )
}

fn field_errors(errors: &Errors, field: &str) -> Markup {
    html! {
        @if let Some(list) = errors.get(field) {
            @for e in list { p.error role="alert" data-field=(field) { (e) } }
        }
    }
}

/// The profile's fields as hidden inputs, for a form that leads to another page of the
/// same profile (a filter, an upload).
fn hidden_fields(form: &crate::serve::form::FormValues) -> Markup {
    html! {
        @for (name, values) in &form.fields {
            @for value in values { input type="hidden" name=(name) value=(value); }
        }
    }
}
