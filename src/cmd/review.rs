//! `kijun review`: the reviewer's decisions read back from the verification workbook,
//! counted on one line, and turned into the 照会書 and the next round's workbook.
//! Undecided findings are listed, never guessed: while any remain, nothing is written.

use std::path::Path;

use super::{print, Env};
use std::sync::Arc;

use crate::catalog::Catalog;
use crate::cli::{DocFormat, SheetFormat};
use crate::date::Date;
use crate::error::Error;
use crate::output::{Format, Output, Request};
use crate::profile::Profile;
use crate::render::{document_bytes, docx, InquiryDocument, Letter, Templates};
use crate::review::decisions::{self, Reviewed};
use crate::review::inquiry_response_days;
use crate::review::plan::{plan, Plan};
use crate::select::select;
use crate::sheet::form::meta::recorded_overlays;
use crate::sheet::form::round::Decision;
use crate::sheet::form::write::{workbook, SheetOptions};
use crate::sheet::ingest::read_book;
use crate::verify::edition::{CatalogSource, ProfileText};
use crate::verify::record::{self, Record};
use crate::verify::{ChosenBy, NoEdition};
use crate::{Outcome, Result};

/// The command line of `review`.
pub(crate) struct Args<'a> {
    pub(crate) profile: &'a Path,
    pub(crate) file: &'a Path,
    pub(crate) inquiry: Option<&'a Path>,
    pub(crate) next: Option<&'a Path>,
    pub(crate) date: Option<&'a str>,
    pub(crate) force: bool,
    pub(crate) password: Option<&'a str>,
}

fn output<F: Format>(
    path: Option<&Path>,
    default: F,
    example: &str,
    a: &Args<'_>,
) -> Result<Option<Output<F>>> {
    path.map(|p| {
        Output::resolve(
            Request {
                format: None,
                default,
                path: Some(p),
                force: a.force,
                example,
            },
            &[a.profile, a.file],
        )
    })
    .transpose()
}

pub(crate) fn execute(env: &Env, a: &Args<'_>) -> Result<Outcome> {
    // Resolved before any work, so a wrong name fails fast and no input is at risk.
    let inquiry = output(a.inquiry, DocFormat::Docx, "照会書", a)?;
    let next = output(a.next, SheetFormat::Xlsx, "第2回回答様式", a)?;
    if let (Some(i), Some(n)) = (a.inquiry, a.next) {
        if i == n {
            return Err(Error::Usage(format!(
                "--inquiry と --next に同じファイル {} が指定されています。照会書と回答様式は別のファイルに書き出してください",
                i.display()
            )));
        }
    }
    let date = a.date.map(|d| Date::parse(d, "--date")).transpose()?;
    let book = read_book(a.file, &|_| false)?;
    let record = decisions::record_of(a.file, &book)?;
    let (catalog, profile) = catalog_of(env, a, &record)?;
    let reviewed = decisions::read(a.file, &book, record, &profile)?;
    print(&summary(&reviewed))?;
    if reviewed.undecided().next().is_some() {
        if inquiry.is_some() || next.is_some() {
            eprintln!("未判断の指摘があるため、照会書・次の回の回答様式は作成しませんでした。「指摘事項」シートの判断欄をすべて記入してから、もう一度実行してください。");
        }
        return Ok(Outcome::Findings);
    }
    let plan = plan(&reviewed, &catalog, &profile);
    print(&plan_line(&plan))?;
    for n in &plan.unwritten_conditions {
        eprintln!("注意: No.{n} は条件付承認ですが、照会事項の欄が既定の文のままです。照会書には条件としてその文が載ります。条件を書き込む場合は、照会事項の欄を書き換えてください。");
    }
    if let Some(out) = inquiry {
        let templates = Templates::load(env.templates_dir.as_deref())?;
        let next_file = a
            .next
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        let letter = Letter {
            profile: &profile,
            schema: &catalog.schema,
            vendor: &plan.next.vendor,
            file: &plan.next.previous_file,
            round: plan.next.number - 1,
            next_file: next_file.as_deref(),
            date,
            days: inquiry_response_days(&profile),
        };
        let doc = InquiryDocument::build(&plan, &letter, &templates)?;
        let bytes = document_bytes(&templates, "inquiry", out.format, &doc, docx::inquiry)?;
        out.write(
            &bytes,
            "照会書",
            &format!(
                "（照会 {} 件、条件 {} 件）",
                plan.questions.len(),
                plan.conditions.len()
            ),
        )?;
    }
    if let Some(out) = next {
        let selected = select(&catalog, &profile);
        let opts = SheetOptions {
            password: a.password.map(str::to_string),
            round: Some(plan.next.clone()),
        };
        let bytes = workbook(&catalog, &profile, &selected, &opts)?;
        let open = plan
            .next
            .rows
            .values()
            .filter(|s| s.decision.asks())
            .count();
        out.write(
            &bytes,
            &format!("第{}回の回答様式", plan.next.number),
            &format!("（要件 {} 件、うち照会した要件 {open} 件）", selected.len()),
        )?;
    }
    Ok(Outcome::Success)
}

/// The catalog the report was verified against, chosen as verify chose it (the edition
/// the report records, with the overlays `--catalog` names stacked on it), and the
/// profile read against it: the next round's workbook asks the same requirements.
/// A report of a catalog kijun cannot find, or that `--catalog` does not match, is
/// refused with what to name.
fn catalog_of(env: &Env, a: &Args<'_>, record: &Record) -> Result<(Arc<Catalog>, Profile)> {
    let source = CatalogSource::new(env.catalog_dir.as_deref())?;
    let meta = record.catalog_meta();
    let chosen = source.choose_by(source.initial()?, &[&meta], &ProfileText::load(a.profile)?)?;
    let refuse = |message: String| Error::Input {
        path: a.file.to_path_buf(),
        message,
    };
    if let ChosenBy::Current(NoEdition::Unknown { name, version }) = &chosen.by {
        return Err(refuse(format!(
            "この検証結果はカタログ「{name}」版 {version} で検証されていますが、その版は kijun に埋め込まれていません（埋め込まれている版: {}）。検証に使ったカタログのフォルダを --catalog で指定してください",
            source.versions().join("、")
        )));
    }
    let recorded = layers(
        record.get(record::key::CATALOG_NAME),
        record.get(record::key::CATALOG_VERSION),
        recorded_overlays(|k| Some(record.get(k)).filter(|v| !v.is_empty()))
            .into_iter()
            .map(|(n, v, _)| (n, v)),
    );
    let catalog = chosen.catalog;
    let used = layers(
        &catalog.meta.name,
        &catalog.meta.version,
        catalog
            .overlays()
            .map(|o| (o.name.clone(), o.version.clone())),
    );
    if recorded != used {
        return Err(refuse(format!(
            "この検証結果はカタログ{recorded}で検証されていますが、kijun review が使うカタログは{used}です。検証に使ったカタログを --catalog で指定してください（埋め込まれた版なら --catalog embedded@版、オーバーレイを重ねたならそのフォルダ）"
        )));
    }
    Ok((catalog, chosen.profile))
}

/// 「「kijun 標準カタログ」版 0.2.0（「〇〇省情報セキュリティ対策基準」版 2024.1 を重ねたもの）」,
/// or 「「kijun 標準カタログ」版 0.2.0 」 (a space before the particle that follows).
fn layers(name: &str, version: &str, overlays: impl Iterator<Item = (String, String)>) -> String {
    let overlays: Vec<String> = overlays.map(|(n, v)| format!("「{n}」版 {v}")).collect();
    if overlays.is_empty() {
        format!("「{name}」版 {version} ")
    } else {
        format!(
            "「{name}」版 {version}（{} を重ねたもの）",
            overlays.join("、")
        )
    }
}

/// 「判断: 承認 3、条件付承認 1、差戻し 2、要確認 0、未判断 1（指摘 7 件）」, then each
/// undecided finding.
fn summary(r: &Reviewed) -> String {
    let (counts, undecided) = r.counts();
    let decided: Vec<String> = Decision::ALL
        .iter()
        .map(|d| format!("{} {}", d.label(), counts.get(d).copied().unwrap_or(0)))
        .collect();
    let mut out = format!(
        "判断: {}、未判断 {undecided}（指摘 {} 件、シート「{}」）\n",
        decided.join("、"),
        r.findings.len(),
        r.sheet
    );
    for d in r.undecided() {
        let f = &d.finding;
        let who = f
            .requirement
            .clone()
            .or_else(|| f.requirements.first().map(|id| format!("{id} ほか")))
            .map(|id| format!(" {id}"))
            .unwrap_or_default();
        let at = if f.place.is_empty() {
            String::new()
        } else {
            format!("（{}）", f.place)
        };
        let why = d
            .problem
            .as_deref()
            .map(|p| format!(": {p}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "未判断: No.{} [{}]{who}{at}{why}\n",
            d.number,
            f.kind.label()
        ));
    }
    out
}

/// 「照会 3 件（差戻し 2、要確認 1）、条件 1 件」
fn plan_line(p: &Plan<'_>) -> String {
    let returned = p
        .questions
        .iter()
        .filter(|q| q.decision == Decision::Returned)
        .count();
    format!(
        "照会 {} 件（差戻し {returned}、要確認 {}）、条件 {} 件\n",
        p.questions.len(),
        p.questions.len() - returned,
        p.conditions.len()
    )
}
