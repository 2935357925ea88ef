//! What the reviewer would ask the vendor about a finding, in the polite Japanese of a
//! 照会書: what is missing and what to send. The report workbook prefills its 照会事項
//! column with it; the reviewer edits it as she sees fit, and `kijun review` takes it
//! back from there (or from here, when she has emptied the cell).

use super::{Finding, FindingKind};
use crate::catalog::Catalog;

/// The question for one finding.
pub(crate) fn question(f: &Finding, catalog: &Catalog) -> String {
    let evidence = f
        .requirement
        .as_deref()
        .and_then(|id| catalog.requirement(id))
        .and_then(|r| r.evidence.as_ref())
        .map(|w| crate::select::render(w, &catalog.schema, None));
    match f.kind {
        FindingKind::Noncompliant => "本要件に「非対応」と回答されています。要件を満たす方法（代替措置を含みます。）を検討の上、対応の可否を改めて回答してください。対応できない場合は、その理由と、情報セキュリティ上の影響を低減する措置を示してください。".into(),
        FindingKind::Partial => "「一部対応」と回答されています。要件を満たす範囲と満たさない範囲、満たさない範囲についての代替措置の内容を具体的に示してください。".into(),
        FindingKind::MissingAnswer => "回答が記入されていない（又は他の資料を参照するだけの記載となっている）ため、対応状況を確認できません。回答欄に対応・一部対応・非対応・該当なしのいずれかを記入し、対応内容・実現方法を記載してください。".into(),
        FindingKind::InvalidAnswer => "回答欄の記載を、対応・一部対応・非対応・該当なしのいずれとしても読み取ることができません。回答欄を一覧から一つ選んで記入してください。".into(),
        FindingKind::MissingRow => "回答書に本要件の行がありません。本要件についても回答してください。".into(),
        FindingKind::UnknownRow => "回答様式にない行が追加されています。この行の趣旨を説明してください。要件への補足であれば、該当する要件の備考欄に記載してください。".into(),
        FindingKind::DuplicateRow => "本要件の行が重複しており、どちらの回答が有効か判断できません。回答を一つにまとめてください。".into(),
        FindingKind::AlteredText => "要件の記載が変更されています。要件の記載は変更せずに回答してください。要件について意見がある場合は、備考欄に記載してください。".into(),
        FindingKind::MissingExplanation => "対応内容・実現方法の記載がありません。本要件をどのように満たすか（一部対応の場合は満たす範囲と代替措置、該当なしの場合はその理由）を具体的に記載してください。".into(),
        FindingKind::MissingEvidence => match evidence {
            Some(e) => format!("証跡・根拠資料の記載がありません。{e}を証跡・根拠資料欄に記載してください（提案書に記載がある場合は、その該当頁の記載でも差し支えありません。）。"),
            None => "証跡・根拠資料の記載がありません。要件を満たすことを示す資料の名称と該当箇所を記載してください。".into(),
        },
        FindingKind::NotApplicableRefused => "本要件は「該当なし」と回答することができません。対応・一部対応・非対応のいずれかで回答し、対応内容・実現方法を記載してください。".into(),
        FindingKind::ProfileMismatch => "提出された回答書は、本調達のために送付した回答様式とは異なる様式（又は版）で作成されています。送付した回答様式を用いて回答してください。".into(),
        FindingKind::RepeatedExplanation => "対応内容・実現方法が、複数の要件で同じ記載となっています。要件ごとに、どのように満たすか（製品・機能・設定・運用手順等）を具体的に記載してください。".into(),
        FindingKind::RestatedRequirement => "対応内容・実現方法が要件の文をほぼそのまま繰り返しており、要件を満たす方法が分かりません。製品・機能・設定・運用手順等、具体的な実現方法を記載してください。".into(),
        FindingKind::GenericEvidence => match evidence {
            Some(e) => format!("証跡・根拠資料の記載からは、どの資料のどこに示されているかが分かりません。{e}について、資料の名称と該当箇所（章・頁等）を具体的に記載してください。"),
            None => "証跡・根拠資料の記載からは、どの資料のどこに示されているかが分かりません。資料の名称と該当箇所（章・頁等）を具体的に記載してください。".into(),
        },
        FindingKind::ChangedUnasked => "照会の対象としていない（承認済みの）回答が変更されています。変更した理由を説明してください。変更が誤りである場合は、前回の回答に戻してください。".into(),
        FindingKind::UnansweredQuestion => "前回の照会に対する回答（回答の修正）がありません。照会書の照会事項に回答し、必要に応じて回答書を修正してください。".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::load::{embedded_files, from_files};
    use crate::verify::Severity;

    #[test]
    fn every_kind_has_a_polite_question() {
        let catalog = from_files(&embedded_files(), "test").expect("catalog");
        for kind in FindingKind::ALL {
            let f = Finding {
                requirement: Some("AUTH-01".into()),
                kind,
                severity: Severity::Error,
                sheet: None,
                row: None,
                column: None,
                message: String::new(),
                requirements: Vec::new(),
            };
            let q = question(&f, &catalog);
            assert!(q.ends_with('。'), "{kind:?}: {q}");
            assert!(q.contains("ください"), "{kind:?}: {q}");
        }
    }
}
