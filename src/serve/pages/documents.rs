//! The documents of the page's profile to download, and the upload of vendor answers
//! to verify against it. Every link and the upload carry the profile.

use maud::{html, Markup};

use super::{layout, Nav};
use crate::serve::shown::Shown;

pub(crate) fn documents(shown: &Shown, count: usize) -> Markup {
    let links = |base: &str, extra: &str| {
        html! {
            a.download href=(shown.link(&format!("/download/{base}.docx"), extra)) { "Word（docx）" } " "
            a.download href=(shown.link(&format!("/download/{base}.md"), extra)) { "Markdown（md）" } " "
            a.download href=(shown.link(&format!("/download/{base}.txt"), extra)) { "テキスト（txt）" }
        }
    };
    let body = html! {
        p { "「" (shown.system()) "」のプロファイルで選ばれた要件 " strong #doc-count { (count) } " 件から作成します。コマンド（kijun spec など）で作る文書とバイト単位で同じです。" }
        table.list #documents {
            thead { tr { th scope="col" { "文書" } th scope="col" { "ダウンロード" } } }
            tbody {
                tr { td { "調達仕様書（情報セキュリティ要件の節）" } td #download-spec { (links("spec", "")) } }
                tr { td { "契約書別紙「情報セキュリティに関する特記事項」（受注者・発注者）" } td { (links("clauses", "")) } }
                tr { td { "契約書別紙「情報セキュリティに関する特記事項」（乙・甲）" } td { (links("clauses", "parties=otsu")) } }
                tr { td { "ベンダー回答様式" } td { a.download #download-sheet href=(shown.link("/download/sheet.xlsx", "")) { "Excel（xlsx）" } } }
                tr { td { "プロファイル" } td { a.download href=(shown.link("/profile.toml", "")) { "profile.toml" } } }
            }
        }
    };
    layout("文書", Nav::Documents, shown.into(), body)
}

pub(crate) fn verify(shown: &Shown, error: Option<&str>) -> Markup {
    let body = html! {
        p { "ベンダーから返送された回答ファイルを、「" (shown.system()) "」のプロファイルの要件と照合します。"
            "複数のファイルを選ぶと、比較表も作ります。" }
        form #verify-form method="post" action=(shown.link("/verify", "")) enctype="multipart/form-data" {
            label.drop {
                "回答ファイル（xlsx・xlsm・xls・ods・xlsb・csv、1 回に "
                (crate::serve::limits::MAX_UPLOAD_FILES) " 個・合計 "
                (crate::sheet::ingest::MAX_FILE_BYTES / 1_048_576) " MB まで）"
                input #files type="file" name="files" multiple required accept=".xlsx,.xlsm,.xls,.ods,.xlsb,.csv,.txt";
            }
            button type="submit" #verify-button { "検証する" }
        }
        @if let Some(e) = error { p.error role="alert" #verify-error { (e) } }
        p.help { "ファイルはこの PC のメモリの中だけで読み、保存しません。" }
    };
    layout("検証", Nav::Verify, shown.into(), body)
}
