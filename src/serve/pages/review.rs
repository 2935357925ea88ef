//! The reviewer's round trip in the browser: the reviewed verification workbook
//! uploaded from a result page, her decisions counted as `kijun review` counts them,
//! and the 照会書 and the next round's workbook to download once every finding is
//! decided (while any is undecided, they are listed and nothing is offered).

use maud::{html, Markup};

use super::{layout, Nav};
use crate::serve::shown::Shown;
use crate::serve::state::ReviewResult;

/// The upload of a reviewed report, for the page of one file's result and the review
/// page itself (after a refusal).
pub(crate) fn review_form(shown: &Shown) -> Markup {
    html! {
        section #review {
            h2 { "審査した検証結果から照会書を作る" }
            p { "検証結果（Excel）の「指摘事項」シートの判断欄（承認・条件付承認・差戻し・要確認）をすべて記入して、ここに送ってください。"
                "照会書（docx）と次の回の回答様式（xlsx）を作ります（kijun review と同じものです）。" }
            form #review-form method="post" action=(shown.link("/review", "")) enctype="multipart/form-data" {
                label.drop {
                    "審査した検証結果（xlsx・ods、"
                    (crate::sheet::ingest::MAX_FILE_BYTES / 1_048_576) " MB まで）"
                    input #report type="file" name="report" required accept=".xlsx,.xlsm,.ods";
                }
                button type="submit" #review-button { "照会書を作る" }
            }
        }
    }
}

/// A refused upload: the reason, and the form again.
pub(crate) fn review_refused(shown: &Shown, message: &str) -> Markup {
    let body = html! {
        p.error role="alert" #review-error { (message) }
        (review_form(shown))
        p { a href=(shown.link("/verify", "")) { "検証の画面に戻る" } }
    };
    layout("照会書の作成", Nav::Verify, shown.into(), body)
}

/// The decisions counted, and the documents or the undecided findings.
pub(crate) fn review(id: u64, r: &ReviewResult) -> Markup {
    let base = format!("/reviews/{id}");
    let body = html! {
        h2 #file-name { (r.name) }
        p #review-summary { (r.summary) }
        @match &r.documents {
            None => {
                p.error role="alert" #undecided-note { "未判断の指摘があるため、照会書・次の回の回答様式は作成しませんでした。「指摘事項」シートの判断欄をすべて記入してから、もう一度送ってください。" }
                ul #undecided { @for u in &r.undecided { li { "未判断: " (u) } } }
                (review_form(&r.shown))
            }
            Some(d) => {
                p #plan-line { (d.plan_line) }
                @for n in &d.unwritten_conditions {
                    p.warn { (crate::review::run::unwritten_condition(*n)) }
                }
                p.downloads { "ダウンロード: "
                    a.download #download-inquiry href=(format!("{base}/inquiry.docx")) { "照会書.docx" } " "
                    a.download #download-next href=(format!("{base}/next.xlsx")) { (d.next_name) } }
            }
        }
        p { a href=(r.shown.link("/verify", "")) { "別のファイルを検証する" } }
    };
    layout("照会書の作成", Nav::Verify, (&r.shown).into(), body)
}
