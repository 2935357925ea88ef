//! One review, as `kijun review` and the browser's 検証 screen both run it: the
//! reviewer's workbook read against the catalog it was verified with, her decisions
//! counted, and (once every finding is decided) the 照会書 and the next round's
//! workbook as bytes. The callers only choose where the bytes go.

use std::path::Path;
use std::sync::Arc;

use crate::catalog::Catalog;
use crate::cli::DocFormat;
use crate::date::Date;
use crate::error::Error;
use crate::profile::Profile;
use crate::render::{document_bytes, docx, InquiryDocument, Letter, Templates};
use crate::review::decisions::{self, Reviewed};
use crate::review::inquiry_response_days;
use crate::review::plan::{plan, Plan};
use crate::select::select;
use crate::sheet::form::meta::recorded_overlays;
use crate::sheet::form::round::Decision;
use crate::sheet::form::write::{workbook, SheetOptions};
use crate::sheet::ingest::Book;
use crate::verify::edition::{CatalogSource, Initial, ProfileText};
use crate::verify::record::{self, Record};
use crate::verify::{ChosenBy, NoEdition};
use crate::Result;

/// A reviewed verification workbook, read against the catalog it was verified with.
pub(crate) struct Review {
    pub(crate) catalog: Arc<Catalog>,
    pub(crate) profile: Profile,
    pub(crate) reviewed: Reviewed,
}

/// What a fully decided review produces, for a caller that wants both documents (the
/// browser): the 照会書 (docx) and the next round's workbook (xlsx) with its name.
pub(crate) struct Documents {
    pub(crate) plan_line: String,
    pub(crate) unwritten_conditions: Vec<u32>,
    pub(crate) inquiry: Vec<u8>,
    pub(crate) next: Vec<u8>,
    /// 「第2回回答様式.xlsx」: the name the 照会書 asks the vendor to answer in.
    pub(crate) next_name: String,
}

impl Review {
    /// Read the reviewer's decisions from `book` (the file `file`), choosing the catalog
    /// as verify chose it (see [`catalog_of`]).
    pub(crate) fn read(
        source: &CatalogSource,
        initial: Initial,
        profile: &ProfileText,
        file: &Path,
        book: &Book,
    ) -> Result<Review> {
        let record = decisions::record_of(file, book)?;
        let (catalog, profile) = catalog_of(source, initial, profile, file, &record)?;
        let reviewed = decisions::read(file, book, record, &profile)?;
        Ok(Review {
            catalog,
            profile,
            reviewed,
        })
    }

    pub(crate) fn decided(&self) -> bool {
        self.reviewed.undecided().next().is_none()
    }

    /// The plan of a fully decided review.
    pub(crate) fn plan(&self) -> Plan<'_> {
        plan(&self.reviewed, &self.catalog, &self.profile)
    }

    /// The 照会書 in `format`; `next_file` is the name of the workbook it asks the
    /// vendor to answer in.
    pub(crate) fn inquiry(
        &self,
        plan: &Plan<'_>,
        templates: &Templates,
        format: DocFormat,
        next_file: Option<&str>,
        date: Option<Date>,
    ) -> Result<Vec<u8>> {
        let letter = Letter {
            profile: &self.profile,
            schema: &self.catalog.schema,
            vendor: &plan.next.vendor,
            file: &plan.next.previous_file,
            round: plan.next.number - 1,
            next_file,
            date,
            days: inquiry_response_days(&self.profile),
        };
        let doc = InquiryDocument::build(plan, &letter, templates)?;
        document_bytes(templates, "inquiry", format, &doc, docx::inquiry)
    }

    /// The next round's workbook, and how many requirements it asks.
    pub(crate) fn next_workbook(
        &self,
        plan: &Plan<'_>,
        password: Option<String>,
    ) -> Result<(Vec<u8>, usize)> {
        let selected = select(&self.catalog, &self.profile);
        let opts = SheetOptions {
            password,
            round: Some(plan.next.clone()),
        };
        Ok((
            workbook(&self.catalog, &self.profile, &selected, &opts)?,
            selected.len(),
        ))
    }

    /// Both documents, as `kijun review --inquiry 照会書.docx --next 第N回回答様式.xlsx`
    /// writes them; `None` while a finding is undecided.
    pub(crate) fn documents(&self, templates: &Templates) -> Result<Option<Documents>> {
        if !self.decided() {
            return Ok(None);
        }
        let plan = self.plan();
        let next_name = next_name(&plan);
        let inquiry = self.inquiry(&plan, templates, DocFormat::Docx, Some(&next_name), None)?;
        let (next, _) = self.next_workbook(&plan, None)?;
        Ok(Some(Documents {
            plan_line: plan_line(&plan),
            unwritten_conditions: plan.unwritten_conditions.clone(),
            inquiry,
            next,
            next_name,
        }))
    }

    /// 「判断: 承認 3、条件付承認 1、差戻し 2、要確認 0、未判断 1（指摘 7 件、シート「指摘事項」）」
    pub(crate) fn summary_line(&self) -> String {
        let r = &self.reviewed;
        let (counts, undecided) = r.counts();
        let decided: Vec<String> = Decision::ALL
            .iter()
            .map(|d| format!("{} {}", d.label(), counts.get(d).copied().unwrap_or(0)))
            .collect();
        format!(
            "判断: {}、未判断 {undecided}（指摘 {} 件、シート「{}」）",
            decided.join("、"),
            r.findings.len(),
            r.sheet
        )
    }

    /// Each undecided finding: 「No.3 [未回答] SEC-001（シート「…」5 行目）: …」.
    pub(crate) fn undecided(&self) -> Vec<String> {
        self.reviewed
            .undecided()
            .map(|d| {
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
                format!("No.{} [{}]{who}{at}{why}", d.number, f.kind.label())
            })
            .collect()
    }

    /// The summary line, then each undecided finding (what `kijun review` prints).
    pub(crate) fn summary(&self) -> String {
        let mut out = format!("{}\n", self.summary_line());
        for u in self.undecided() {
            out.push_str(&format!("未判断: {u}\n"));
        }
        out
    }
}

/// 「第2回回答様式.xlsx」
pub(crate) fn next_name(p: &Plan<'_>) -> String {
    format!("第{}回回答様式.xlsx", p.next.number)
}

/// 「照会 3 件（差戻し 2、要確認 1）、条件 1 件」
pub(crate) fn plan_line(p: &Plan<'_>) -> String {
    let returned = p
        .questions
        .iter()
        .filter(|q| q.decision == Decision::Returned)
        .count();
    format!(
        "照会 {} 件（差戻し {returned}、要確認 {}）、条件 {} 件",
        p.questions.len(),
        p.questions.len() - returned,
        p.conditions.len()
    )
}

/// The catalog the report was verified against, chosen as verify chose it (the edition
/// the report records, with the overlays `--catalog` names stacked on it), and the
/// profile read against it: the next round's workbook asks the same requirements.
/// A report of a catalog kijun cannot find, or that `--catalog` does not match, is
/// refused with what to name.
fn catalog_of(
    source: &CatalogSource,
    initial: Initial,
    profile: &ProfileText,
    file: &Path,
    record: &Record,
) -> Result<(Arc<Catalog>, Profile)> {
    let meta = record.catalog_meta();
    let chosen = source.choose_by(initial, &[&meta], profile)?;
    let refuse = |message: String| Error::Input {
        path: file.to_path_buf(),
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

/// The warning for a 条件付承認 whose condition is still the default question.
pub(crate) fn unwritten_condition(number: u32) -> String {
    format!("注意: No.{number} は条件付承認ですが、照会事項の欄が既定の文のままです。照会書には条件としてその文が載ります。条件を書き込む場合は、照会事項の欄を書き換えてください。")
}
