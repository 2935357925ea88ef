//! `kijun review`: the reviewer's decisions read back from the verification workbook,
//! counted on one line, and turned into the 照会書 and the next round's workbook.
//! Undecided findings are listed, never guessed: while any remain, nothing is written.

use std::path::Path;

use super::{print, Env};

use crate::cli::{DocFormat, SheetFormat};
use crate::date::Date;
use crate::error::Error;
use crate::output::{Format, Output, Request};
use crate::render::Templates;
use crate::review::run::{plan_line, unwritten_condition, Review};
use crate::sheet::ingest::read_book;
use crate::verify::edition::{CatalogSource, ProfileText};
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
    let source = CatalogSource::new(env.catalog_dir.as_deref())?;
    let review = Review::read(
        &source,
        source.initial()?,
        &ProfileText::load(a.profile)?,
        a.file,
        &book,
    )?;
    print(&review.summary())?;
    if !review.decided() {
        if inquiry.is_some() || next.is_some() {
            eprintln!("未判断の指摘があるため、照会書・次の回の回答様式は作成しませんでした。「指摘事項」シートの判断欄をすべて記入してから、もう一度実行してください。");
        }
        return Ok(Outcome::Findings);
    }
    let plan = review.plan();
    print(&format!("{}\n", plan_line(&plan)))?;
    for n in &plan.unwritten_conditions {
        eprintln!("{}", unwritten_condition(*n));
    }
    if let Some(out) = inquiry {
        let templates = Templates::load(env.templates_dir.as_deref())?;
        let next_file = a
            .next
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        let bytes = review.inquiry(&plan, &templates, out.format, next_file.as_deref(), date)?;
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
        let (bytes, selected) = review.next_workbook(&plan, a.password.map(str::to_string))?;
        let open = plan
            .next
            .rows
            .values()
            .filter(|s| s.decision.asks())
            .count();
        out.write(
            &bytes,
            &format!("第{}回の回答様式", plan.next.number),
            &format!("（要件 {selected} 件、うち照会した要件 {open} 件）"),
        )?;
    }
    Ok(Outcome::Success)
}
