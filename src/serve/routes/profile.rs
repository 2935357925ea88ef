//! The profile form: its page, the live count beside it, applying it without script,
//! loading a profile.toml and saving the page's profile as one.

use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};

use super::respond;
use super::respond::{attachment, see_other};
use super::uploads::uploaded_in_turn;
use crate::profile::Profile;
use crate::select::select;
use crate::serve::form::{Errors, FormValues};
use crate::serve::pages::{self, page, ProfileView};
use crate::serve::shown::Shown;
use crate::serve::state::Shared;

/// The live panel of a form: the counts of its profile, or what is wrong with it.
fn live_panel(app: &Shared, form: &FormValues) -> (Markup, Result<Shown, Errors>) {
    let read = Shown::read(form, &app.catalog().schema);
    let panel = match &read {
        Ok(shown) => {
            app.used(shown);
            pages::summary(
                app.catalog(),
                &select(app.catalog(), &shown.profile),
                &shown.query,
            )
        }
        Err(errors) => pages::summary_error(errors),
    };
    (panel, read)
}

struct Extras<'a> {
    errors: Option<Errors>,
    upload_error: Option<&'a str>,
    notice: Option<Markup>,
}

fn profile_view(app: &Shared, form: &FormValues, extras: Extras<'_>) -> Markup {
    let (live, read) = live_panel(app, form);
    let (form, query, errors) = match read {
        Ok(shown) => (shown.form.clone(), shown.query, extras.errors),
        Err(errors) => (form.clone(), form.query(), Some(errors)),
    };
    pages::profile(&ProfileView {
        schema: &app.catalog().schema,
        form: &form,
        query: &query,
        errors: &errors.unwrap_or_default(),
        upload_error: extras.upload_error,
        notice: extras.notice,
        live,
    })
}

fn notice(app: &Shared, query: &str, form: &FormValues) -> Option<Markup> {
    let which = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "notice")
        .map(|(_, v)| v.into_owned());
    let name = form.get("system.name");
    match which.as_deref() {
        Some("loaded") => Some(html! { "プロファイル「" (name) "」を読み込みました。" }),
        Some("remembered") => Some(html! {
            "前回使ったプロファイル（" (name) "）を表示しています。"
            a href=(app.sample.link("/profile", "")) { "見本のプロファイルから始める" }
        }),
        _ => None,
    }
}

pub(crate) async fn show(State(app): State<Shared>, RawQuery(query): RawQuery) -> Response {
    let query = query.unwrap_or_default();
    let form = FormValues::from_urlencoded(query.as_bytes());
    if form.is_empty() {
        let (start, remembered) = app.start_profile();
        let notice = if remembered { "notice=remembered" } else { "" };
        return see_other(&start.link("/profile", notice));
    }
    let extras = Extras {
        errors: None,
        upload_error: None,
        notice: notice(&app, &query, &form),
    };
    page(StatusCode::OK, profile_view(&app, &form, extras))
}

/// The form sent without script (or the button pressed): on to its requirements.
pub(crate) async fn save(State(app): State<Shared>, body: Bytes) -> Response {
    let form = FormValues::from_urlencoded(&body);
    match Shown::read(&form, &app.catalog().schema) {
        Ok(shown) => {
            app.used(&shown);
            see_other(&shown.link("/requirements", ""))
        }
        Err(errors) => {
            let extras = Extras {
                errors: Some(errors),
                upload_error: None,
                notice: None,
            };
            page_status(StatusCode::UNPROCESSABLE_ENTITY, &app, &form, extras)
        }
    }
}

fn page_status(
    status: StatusCode,
    app: &Shared,
    form: &FormValues,
    extras: Extras<'_>,
) -> Response {
    page(status, profile_view(app, form, extras))
}

/// A profile.toml loaded from the person's PC; the page it came from is shown again
/// with the reason when it does not read.
pub(crate) async fn upload(
    State(app): State<Shared>,
    RawQuery(query): RawQuery,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let mut form = FormValues::from_urlencoded(query.unwrap_or_default().as_bytes());
    if form.is_empty() {
        form = app.start_profile().0.form;
    }
    let fail = |status: StatusCode, message: &str| {
        let extras = Extras {
            errors: None,
            upload_error: Some(message),
            notice: None,
        };
        page_status(status, &app, &form, extras)
    };
    let files = match uploaded_in_turn(&app, multipart, "profile").await {
        Ok(f) => f,
        Err((status, message)) => return fail(status, &message),
    };
    let Some((name, bytes)) = files.into_iter().next() else {
        return fail(
            StatusCode::BAD_REQUEST,
            "読み込む profile.toml を選んでください",
        );
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("{name}: UTF-8 のテキストではありません。UTF-8 で保存してください"),
        );
    };
    // A file's problems name its keys and lines: that is where she will correct them.
    match Profile::parse(
        text.trim_start_matches('\u{feff}'),
        &name,
        &app.catalog().schema,
    ) {
        Ok(profile) => {
            let shown = Shown::of(profile, &app.catalog().schema);
            app.used(&shown);
            see_other(&shown.link("/profile", "notice=loaded"))
        }
        Err(e) => fail(StatusCode::UNPROCESSABLE_ENTITY, &e.to_string()),
    }
}

/// The page's profile as a profile.toml (what `kijun init` would write for it, with
/// each item's label as a comment).
pub(crate) async fn download(State(app): State<Shared>, RawQuery(query): RawQuery) -> Response {
    match respond::shown_or_fail(&app, query.as_deref()) {
        Ok(shown) => attachment(
            shown.form.to_toml(&app.catalog().schema).into_bytes(),
            "application/toml; charset=utf-8",
            "profile.toml",
        ),
        Err(res) => *res,
    }
}

pub(crate) async fn preview(State(app): State<Shared>, RawQuery(query): RawQuery) -> Response {
    let form = FormValues::from_urlencoded(query.unwrap_or_default().as_bytes());
    page(StatusCode::OK, live_panel(&app, &form).0)
}
