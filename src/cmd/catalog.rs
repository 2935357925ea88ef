//! `kijun catalog list|show|lint`: the catalog itself.

use super::{table_row, Env};
use crate::catalog::basis;
use crate::catalog::lint::lint;
use crate::cli::{CatalogCommand, ListFormat, ShowFormat};
use crate::select::{RequirementJson, Texts};
use crate::{Error, Outcome, Result};

pub(crate) fn execute(env: &Env, action: CatalogCommand) -> Result<Outcome> {
    match action {
        CatalogCommand::List { format } => list(env, format),
        CatalogCommand::Show { id, format } => show(env, &id, format),
        CatalogCommand::Lint => run_lint(env),
        CatalogCommand::Diff {
            old,
            new,
            profile,
            format,
            out,
        } => super::diff::execute(&old, &new, profile.as_deref(), format, &out),
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(|e| Error::Internal(format!("JSON を作成できません（{e}）")))
}

fn list(env: &Env, format: ListFormat) -> Result<Outcome> {
    let catalog = env.catalog()?;
    let mut out = String::new();
    match format {
        ListFormat::Json => {
            let rows: Vec<RequirementJson<'_>> = catalog
                .requirements
                .iter()
                .map(|r| RequirementJson::listed(r, &catalog.schema))
                .collect();
            outp!(out, "{}", to_json(&rows)?);
        }
        ListFormat::Table => {
            outln!(
                out,
                "{}: 要件 {} 件、分類 {} 件\n",
                catalog.title(),
                catalog.requirements.len(),
                catalog.areas.len()
            );
            for area in &catalog.areas {
                let reqs: Vec<_> = catalog
                    .requirements
                    .iter()
                    .filter(|r| r.area == area.name)
                    .collect();
                outln!(out, "■ {}（{}、{} 件）", area.name, area.id, reqs.len());
                for r in reqs {
                    let when = r
                        .when
                        .as_ref()
                        .map_or("常に適用".to_string(), |c| c.words(&catalog.schema));
                    outp!(
                        out,
                        "{}",
                        table_row(&[(&r.id, 8), (r.level.label(), 4), (&r.title, 0)])
                    );
                    outln!(out, "          条件: {when}");
                }
                outln!(out);
            }
        }
    }
    super::print(&out)?;
    Ok(Outcome::Success)
}

fn show(env: &Env, id: &str, format: ShowFormat) -> Result<Outcome> {
    let catalog = env.catalog()?;
    let r = catalog.find(id)?;
    let text = Texts::of(r, &catalog.schema, None);
    let mut out = String::new();
    match format {
        ShowFormat::Json => outp!(
            out,
            "{}",
            to_json(&RequirementJson::listed(r, &catalog.schema))?
        ),
        ShowFormat::Text => {
            let mut lines = vec![
                format!("{} {}", r.id, r.title),
                format!("分類: {}", r.area),
                format!("区分: {}", r.level.label()),
                format!("対象: {}", r.subject.label()),
                format!(
                    "適用条件: {}",
                    r.when.as_ref().map_or("なし（常に適用）".to_string(), |c| c
                        .words(&catalog.schema))
                ),
                format!("段階: {}", r.stage().label()),
                format!("根拠: {}", basis::joined(&r.basis, "／")),
                format!("仕様書の文: {}", text.spec),
            ];
            if let Some(c) = &r.when {
                lines.insert(5, format!("条件式: {}", c.text));
            }
            if let Some(c) = &text.clause {
                lines.push(format!("契約条項: {c}"));
            }
            lines.push(format!("回答様式の質問: {}", text.question));
            lines.push(format!(
                "求める証跡: {}",
                text.evidence.as_deref().unwrap_or("なし")
            ));
            for p in &text.parameters {
                lines.push(format!(
                    "パラメータ: {}（{}）= {}（{}。プロファイルの [parameters] で変えられます）",
                    p.label,
                    p.key,
                    p.shown,
                    p.whose()
                ));
            }
            for d in &r.deliverables {
                if let Some(d) = catalog.deliverable(d) {
                    lines.push(format!("成果物: {}（{}）", d.name, d.stage.label()));
                }
            }
            lines.push(format!(
                "該当なしの回答: {}",
                if r.answers.na_allowed {
                    "可"
                } else {
                    "不可"
                }
            ));
            let explain: Vec<&str> = r.answers.explain.iter().map(|k| k.label()).collect();
            lines.push(format!(
                "説明が必要な回答: {}",
                if explain.is_empty() {
                    "なし".to_string()
                } else {
                    explain.join("、")
                }
            ));
            lines.push(format!("定義ファイル: {}", r.file));
            if catalog.has_overlays() {
                lines.push(format!("出典: {}", r.origin));
                for p in crate::catalog::overlay::provenance(r) {
                    lines.push(format!("改変等: {p}"));
                }
            }
            outln!(out, "{}", lines.join("\n"));
        }
    }
    super::print(&out)?;
    Ok(Outcome::Success)
}

fn run_lint(env: &Env) -> Result<Outcome> {
    let mut out = String::new();
    let catalog = match env.catalog() {
        Ok(c) => c,
        Err(Error::Catalog { problems }) => {
            for p in &problems {
                outln!(out, "{p}");
            }
            outln!(
                out,
                "\nカタログを読み込めません: {} 件の問題があります。",
                problems.len()
            );
            super::print(&out)?;
            return Ok(Outcome::Findings);
        }
        Err(e) => return Err(e),
    };
    let issues = lint(&catalog);
    for i in &issues {
        outln!(out, "{i}");
    }
    let warnings = issues.iter().filter(|i| i.warning).count();
    let errors = issues.len() - warnings;
    let layers = if catalog.has_overlays() {
        format!("、{}", catalog.title())
    } else {
        String::new()
    };
    if errors == 0 {
        if warnings > 0 {
            outln!(out);
        }
        let warned = if warnings > 0 {
            format!("。警告が {warnings} 件あります")
        } else {
            String::new()
        };
        outln!(
            out,
            "問題はありません（{}: 要件 {} 件、分類 {} 件{layers}）{warned}。",
            catalog.origin,
            catalog.requirements.len(),
            catalog.areas.len()
        );
        super::print(&out)?;
        Ok(Outcome::Success)
    } else {
        let warned = if warnings > 0 {
            format!("（ほかに警告 {warnings} 件）")
        } else {
            String::new()
        };
        outln!(out, "\n{errors} 件の問題があります{warned}。");
        super::print(&out)?;
        Ok(Outcome::Findings)
    }
}
