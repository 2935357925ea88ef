//! `kijun catalog diff OLD NEW [--profile P]`: what changed between two catalogs (a new
//! edition, or an overlay over its base), as text, Markdown, JSON or a workbook.

use std::path::Path;

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use serde_json::json;

use crate::catalog::diff::{diff, CatalogDiff, SelectionDiff};
use crate::catalog::load::load_named;
use crate::catalog::overlay::provenance;
use crate::catalog::{Catalog, Requirement};
use crate::cli::{DiffFormat, OutputArgs};
use crate::output::Render;
use crate::profile::Profile;
use crate::select::RequirementJson;
use crate::verify::page::{new_workbook, table};
use crate::xlsx_style::cell;
use crate::{Error, Outcome, Result};

pub(crate) fn execute(
    old: &Path,
    new: &Path,
    profile: Option<&Path>,
    format: Option<DiffFormat>,
    out: &OutputArgs,
) -> Result<Outcome> {
    // Resolved before any work: the format from --format or -o, no input overwritten.
    let mut inputs: Vec<&Path> = vec![old, new];
    inputs.extend(profile);
    let output = out.resolve(format, DiffFormat::Text, "差分", &inputs)?;
    let a = load_named(old)?;
    let b = load_named(new)?;
    let profiles = match profile {
        None => None,
        Some(p) => Some((read_profile(p, &a, old)?, read_profile(p, &b, new)?)),
    };
    let d = diff(&a, &b, profiles.as_ref().map(|(x, y)| (x, y)));
    let bytes = d.render(output.format)?;
    output.write(
        &bytes,
        "カタログの差分",
        &format!(
            "（追加 {} 件、削除 {} 件、変更 {} 件）",
            d.added.len(),
            d.removed.len(),
            d.changed.len()
        ),
    )?;
    Ok(Outcome::Success)
}

impl Render<DiffFormat> for CatalogDiff<'_> {
    fn render(&self, format: DiffFormat) -> Result<Vec<u8>> {
        Ok(match format {
            DiffFormat::Text => text(self).into_bytes(),
            DiffFormat::Md => markdown(self).into_bytes(),
            DiffFormat::Json => serde_json::to_string_pretty(&to_json(self))
                .map(|s| s + "\n")
                .map_err(|e| Error::Internal(format!("JSON を作成できません（{e}）")))?
                .into_bytes(),
            DiffFormat::Xlsx => workbook(self)?,
        })
    }
}

/// The profile read against one catalog's schema; an error says which catalog refused it.
fn read_profile(path: &Path, catalog: &Catalog, name: &Path) -> Result<Profile> {
    Profile::load(path, &catalog.schema).map_err(|e| match e {
        Error::Profile { location, message } => Error::Profile {
            location,
            message: format!(
                "（カタログ {} の項目の定義で読みました）{message}",
                name.display()
            ),
        },
        other => other,
    })
}

fn summary(d: &CatalogDiff<'_>) -> String {
    format!(
        "追加 {} 件・削除 {} 件・変更 {} 件",
        d.added.len(),
        d.removed.len(),
        d.changed.len()
    )
}

fn when_text(r: &Requirement) -> &str {
    r.when
        .as_ref()
        .map_or("なし（常に適用）", |c| c.text.as_str())
}

fn text(d: &CatalogDiff<'_>) -> String {
    let mut out = String::new();
    outln!(out, "カタログの比較");
    outln!(out, "  元: {}（{}）", d.old.title(), d.old.origin);
    outln!(out, "  先: {}（{}）", d.new.title(), d.new.origin);
    outln!(out, "{}", summary(d));
    if d.is_empty() {
        outln!(out, "\n要件に違いはありません。");
    }
    if !d.added.is_empty() {
        outln!(out, "\n■ 追加された要件（{} 件）", d.added.len());
        for r in &d.added {
            outln!(
                out,
                "{}  {}  {}（{}）",
                r.id,
                r.level.label(),
                r.title,
                r.area
            );
            outln!(out, "    出典: {}／適用条件: {}", r.origin, when_text(r));
            outln!(out, "    仕様書の文: {}", r.spec.raw());
        }
    }
    if !d.removed.is_empty() {
        outln!(out, "\n■ 削除された要件（{} 件）", d.removed.len());
        for x in &d.removed {
            let r = x.requirement;
            outln!(
                out,
                "{}  {}  {}（{}）",
                r.id,
                r.level.label(),
                r.title,
                r.area
            );
            if let Some(n) = &x.note {
                outln!(out, "    {n}");
            }
        }
    }
    if !d.changed.is_empty() {
        outln!(out, "\n■ 変更された要件（{} 件）", d.changed.len());
        for c in &d.changed {
            outln!(out, "{}  {}", c.new.id, c.new.title);
            for f in &c.fields {
                outln!(out, "    {}: {}", f.label, f.diff);
            }
            for p in provenance(c.new) {
                outln!(out, "    {p}");
            }
        }
    }
    if let Some(s) = &d.selection {
        text_selection(&mut out, s);
    }
    out
}

/// How the profile's selection changes, in the text report.
fn text_selection(out: &mut String, s: &SelectionDiff<'_>) {
    outln!(
        out,
        "\n■ プロファイル {} に適用される要件の変化（{} 件 → {} 件）",
        s.profile,
        s.old_count,
        s.new_count
    );
    if s.added.is_empty() && s.removed.is_empty() && s.changed.is_empty() {
        outln!(out, "変化はありません。");
    }
    if !s.added.is_empty() {
        outln!(out, "新たに適用される要件（{} 件）:", s.added.len());
        for (r, why) in &s.added {
            outln!(out, "  {}  {}　理由: {}", r.id, r.title, why.join("／"));
        }
    }
    if !s.removed.is_empty() {
        outln!(out, "適用されなくなる要件（{} 件）:", s.removed.len());
        for (r, why) in &s.removed {
            outln!(out, "  {}  {}　理由: {}", r.id, r.title, why.join("／"));
        }
    }
    if !s.changed.is_empty() {
        let ids: Vec<&str> = s.changed.iter().map(|r| r.id.as_str()).collect();
        outln!(
            out,
            "引き続き適用され、内容が変わる要件（{} 件）: {}",
            ids.len(),
            ids.join("、")
        );
    }
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "<br>")
}

fn markdown(d: &CatalogDiff<'_>) -> String {
    let mut out = String::new();
    outln!(out, "# カタログの比較\n");
    outln!(out, "- 元: {}（{}）", d.old.title(), d.old.origin);
    outln!(out, "- 先: {}（{}）", d.new.title(), d.new.origin);
    outln!(out, "- {}\n", summary(d));
    md_added(&mut out, d);
    md_removed(&mut out, d);
    md_changed(&mut out, d);
    if let Some(s) = &d.selection {
        md_selection(&mut out, s);
    }
    crate::render::finish_text(&out)
}

/// 追加された要件: one table row each, with its condition and spec text.
fn md_added(out: &mut String, d: &CatalogDiff<'_>) {
    if !d.added.is_empty() {
        outln!(out, "## 追加された要件\n");
        outln!(
            out,
            "| 要件ID | 要件名 | 分類 | 区分 | 出典 | 適用条件 | 仕様書の文 |"
        );
        outln!(out, "| --- | --- | --- | --- | --- | --- | --- |");
        for r in &d.added {
            outln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                r.id,
                md_cell(&r.title),
                md_cell(&r.area),
                r.level.label(),
                md_cell(&r.origin),
                md_cell(when_text(r)),
                md_cell(r.spec.raw())
            );
        }
        outln!(out);
    }
}

/// 削除された要件, with the overlay's reason where it withdrew one.
fn md_removed(out: &mut String, d: &CatalogDiff<'_>) {
    if !d.removed.is_empty() {
        outln!(out, "## 削除された要件\n");
        outln!(out, "| 要件ID | 要件名 | 分類 | 区分 | 備考 |");
        outln!(out, "| --- | --- | --- | --- | --- |");
        for x in &d.removed {
            let r = x.requirement;
            outln!(
                out,
                "| {} | {} | {} | {} | {} |",
                r.id,
                md_cell(&r.title),
                md_cell(&r.area),
                r.level.label(),
                md_cell(x.note.as_deref().unwrap_or(""))
            );
        }
        outln!(out);
    }
}

/// 変更された要件: one row per changed field, then the overlay's reasons.
fn md_changed(out: &mut String, d: &CatalogDiff<'_>) {
    if !d.changed.is_empty() {
        outln!(out, "## 変更された要件\n");
        outln!(out, "| 要件ID | 要件名 | 項目 | 変更箇所 |");
        outln!(out, "| --- | --- | --- | --- |");
        for c in &d.changed {
            for f in &c.fields {
                outln!(
                    out,
                    "| {} | {} | {} | {} |",
                    c.new.id,
                    md_cell(&c.new.title),
                    f.label,
                    md_cell(&f.diff)
                );
            }
            for p in provenance(c.new) {
                outln!(
                    out,
                    "| {} | {} | 理由 | {} |",
                    c.new.id,
                    md_cell(&c.new.title),
                    md_cell(&p)
                );
            }
        }
        outln!(out);
    }
}

/// How the profile's selection changes.
fn md_selection(out: &mut String, s: &SelectionDiff<'_>) {
    outln!(
        out,
        "## プロファイル {} に適用される要件の変化\n\n{} 件 → {} 件\n",
        md_cell(&s.profile),
        s.old_count,
        s.new_count
    );
    let rows = s
        .added
        .iter()
        .map(|(r, why)| ("新たに適用", *r, why.join("／")))
        .chain(
            s.removed
                .iter()
                .map(|(r, why)| ("適用されなくなる", *r, why.join("／"))),
        )
        .chain(
            s.changed
                .iter()
                .map(|r| ("内容が変わる", *r, String::new())),
        );
    outln!(out, "| 変化 | 要件ID | 要件名 | 理由 |");
    outln!(out, "| --- | --- | --- | --- |");
    for (kind, r, why) in rows {
        outln!(
            out,
            "| {kind} | {} | {} | {} |",
            r.id,
            md_cell(&r.title),
            md_cell(&why)
        );
    }
}

fn catalog_json(c: &Catalog) -> serde_json::Value {
    json!({
        "title": c.title(),
        "source": c.origin,
        "layers": c.layers.iter().map(|l| json!({
            "kind": match l.kind { crate::catalog::LayerKind::Base => "base", crate::catalog::LayerKind::Overlay => "overlay" },
            "name": l.name,
            "version": l.version,
            "standard": l.standard,
            "edition": l.edition,
            "digest": l.digest,
        })).collect::<Vec<_>>(),
    })
}

fn brief(r: &Requirement) -> serde_json::Value {
    json!({ "id": r.id, "title": r.title, "area": r.area, "level": r.level.label() })
}

fn to_json(d: &CatalogDiff<'_>) -> serde_json::Value {
    let selection = d.selection.as_ref().map(|s| {
        let with = |rows: &[(&Requirement, Vec<String>)]| {
            rows.iter()
                .map(|(r, why)| {
                    let mut v = brief(r);
                    v["reasons"] = json!(why);
                    v
                })
                .collect::<Vec<_>>()
        };
        json!({
            "profile": s.profile,
            "old_count": s.old_count,
            "new_count": s.new_count,
            "added": with(&s.added),
            "removed": with(&s.removed),
            "changed": s.changed.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        })
    });
    json!({
        "old": catalog_json(d.old),
        "new": catalog_json(d.new),
        "summary": { "added": d.added.len(), "removed": d.removed.len(), "changed": d.changed.len() },
        "added": d.added.iter().map(|r| RequirementJson::listed(r, &d.new.schema)).collect::<Vec<_>>(),
        "removed": d.removed.iter().map(|x| {
            let mut v = brief(x.requirement);
            v["note"] = json!(x.note);
            v
        }).collect::<Vec<_>>(),
        "changed": d.changed.iter().map(|c| {
            let mut v = brief(c.new);
            v["fields"] = json!(c.fields);
            v["changes"] = json!(c.new.changes);
            v
        }).collect::<Vec<_>>(),
        "selection": selection,
    })
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::Internal(format!("差分のブックを作成できません（{e}）"))
}

fn workbook(d: &CatalogDiff<'_>) -> Result<Vec<u8>> {
    let mut wb = new_workbook("カタログの比較")?;
    build(&mut wb, d).map_err(xlsx_error)?;
    wb.save_to_buffer().map_err(xlsx_error)
}

/// One row of the 差分 sheet: 区分, 要件ID, 要件名, 項目, 旧, 新, 変更箇所・理由.
type Row = [String; 7];

fn rows(d: &CatalogDiff<'_>) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for r in &d.added {
        rows.push([
            "追加".into(),
            r.id.clone(),
            r.title.clone(),
            "仕様書の文".into(),
            String::new(),
            r.spec.raw().to_string(),
            format!("出典: {}／適用条件: {}", r.origin, when_text(r)),
        ]);
    }
    for x in &d.removed {
        let r = x.requirement;
        rows.push([
            "削除".into(),
            r.id.clone(),
            r.title.clone(),
            "仕様書の文".into(),
            r.spec.raw().to_string(),
            String::new(),
            x.note.clone().unwrap_or_default(),
        ]);
    }
    for c in &d.changed {
        let why = provenance(c.new).join("\n");
        for f in &c.fields {
            rows.push([
                "変更".into(),
                c.new.id.clone(),
                c.new.title.clone(),
                f.label.into(),
                f.old.clone(),
                f.new.clone(),
                if why.is_empty() {
                    f.diff.clone()
                } else {
                    format!("{}\n{why}", f.diff)
                },
            ]);
        }
    }
    rows
}

fn write_rows(ws: &mut Worksheet, first: u32, rows: &[Vec<String>]) -> Result<(), XlsxError> {
    let f = cell();
    for (i, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_with_format(first + 1 + i as u32, c as u16, v.as_str(), &f)?;
        }
    }
    Ok(())
}

fn build(wb: &mut Workbook, d: &CatalogDiff<'_>) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, format!("元: {}（{}）", d.old.title(), d.old.origin))?;
    ws.write_string(1, 0, format!("先: {}（{}）", d.new.title(), d.new.origin))?;
    ws.write_string(2, 0, summary(d))?;
    let rows: Vec<Vec<String>> = rows(d).into_iter().map(Vec::from).collect();
    let headers = [
        ("区分", 6.0),
        ("要件ID", 10.0),
        ("要件名", 28.0),
        ("項目", 12.0),
        ("旧", 45.0),
        ("新", 45.0),
        ("変更箇所・理由", 40.0),
    ];
    table(ws, "差分", &headers, 4, rows.len())?;
    write_rows(ws, 4, &rows)?;
    if let Some(s) = &d.selection {
        let ws = wb.add_worksheet();
        ws.write_string(
            0,
            0,
            format!(
                "プロファイル {} に適用される要件: {} 件 → {} 件",
                s.profile, s.old_count, s.new_count
            ),
        )?;
        let mut rows: Vec<Vec<String>> = Vec::new();
        for (r, why) in &s.added {
            rows.push(vec![
                "新たに適用".into(),
                r.id.clone(),
                r.title.clone(),
                why.join("\n"),
            ]);
        }
        for (r, why) in &s.removed {
            rows.push(vec![
                "適用されなくなる".into(),
                r.id.clone(),
                r.title.clone(),
                why.join("\n"),
            ]);
        }
        for r in &s.changed {
            rows.push(vec![
                "内容が変わる".into(),
                r.id.clone(),
                r.title.clone(),
                String::new(),
            ]);
        }
        let headers = [
            ("変化", 16.0),
            ("要件ID", 10.0),
            ("要件名", 40.0),
            ("理由", 60.0),
        ];
        table(ws, "選定の変化", &headers, 2, rows.len())?;
        write_rows(ws, 2, &rows)?;
    }
    Ok(())
}
