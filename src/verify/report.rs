//! Verification reports for people (text for the terminal, Markdown) and for programs
//! (JSON in the shape DESIGN.md fixes).

use serde::Serialize;

use super::{CatalogUsed, Finding, Report, Severity, Summary};

/// Where a finding is, as a reviewer reads it: `回答!G12`, `回答 12 行目`, or ``.
pub(crate) fn place(f: &Finding) -> String {
    match (&f.sheet, f.row, &f.column) {
        (Some(s), Some(r), Some(c)) => format!("{s}!{c}{r}"),
        (Some(s), Some(r), None) => format!("{s} {r}行目"),
        _ => String::new(),
    }
}

fn summary_line(s: &Summary) -> String {
    // The answer counts, without errors and warnings (the verdict line has them).
    let counts = s.counts();
    let answers: Vec<String> = counts[1..6]
        .iter()
        .map(|(label, n)| format!("{label} {n}"))
        .collect();
    format!("要件 {} 件: {}", s.required, answers.join("、"))
}

fn verdict_line(r: &Report) -> String {
    format!(
        "検証結果: {}（エラー {} 件、警告 {} 件）",
        r.verdict_label(),
        r.summary.errors,
        r.summary.warnings
    )
}

fn source_line(r: &Report) -> String {
    format!(
        "ファイル: {}（{}、シート「{}」、見出し {} 行目）",
        r.file, r.format, r.sheet, r.header_row
    )
}

/// Text for the terminal: the verdict and summary first, then findings by severity.
pub(crate) fn text(r: &Report) -> String {
    let mut out = vec![verdict_line(r), source_line(r)];
    if let Some(v) = &r.vendor {
        out.push(format!("事業者名: {v}"));
    }
    out.push(format!("カタログ: {}", r.catalog.line()));
    out.push(summary_line(&r.summary));
    for n in &r.notices {
        out.push(format!("注意: {n}"));
    }
    for sev in [Severity::Error, Severity::Warning] {
        let list: Vec<&Finding> = r.findings.iter().filter(|f| f.severity == sev).collect();
        if list.is_empty() {
            continue;
        }
        out.push(String::new());
        out.push(format!("■ {} {} 件", sev.label(), list.len()));
        for f in list {
            let who = f
                .requirement
                .as_deref()
                .map(|id| format!(" {id}"))
                .unwrap_or_default();
            let at = place(f);
            let at = if at.is_empty() {
                String::new()
            } else {
                format!(" {at}")
            };
            out.push(format!("  [{}]{who}{at}: {}", f.kind.label(), f.message));
        }
    }
    if r.findings.is_empty() {
        out.push(String::new());
        out.push("指摘事項はありません。".into());
    }
    out.join("\n") + "\n"
}

/// Text for a Markdown table cell: pipes escaped, line breaks as <br>.
pub(crate) fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "<br>")
}

/// Markdown, for pasting into a review memo.
pub(crate) fn markdown(r: &Report) -> String {
    let mut out = String::new();
    out.push_str("# 回答の検証結果\n\n");
    out.push_str(&format!("- {}\n- {}\n", verdict_line(r), source_line(r)));
    if let Some(v) = &r.vendor {
        out.push_str(&format!("- 事業者名: {}\n", md_cell(v)));
    }
    out.push_str(&format!("- カタログ: {}\n", md_cell(&r.catalog.line())));
    for n in &r.notices {
        out.push_str(&format!("- 注意: {}\n", md_cell(n)));
    }
    let counts = r.summary.counts();
    let heads: Vec<&str> = counts.iter().map(|(h, _)| *h).collect();
    let values: Vec<String> = counts.iter().map(|(_, n)| n.to_string()).collect();
    out.push_str(&format!(
        "\n## 集計\n\n| {} |\n|{}\n| {} |\n",
        heads.join(" | "),
        "---:|".repeat(heads.len()),
        values.join(" | ")
    ));
    for sev in [Severity::Error, Severity::Warning] {
        let list: Vec<&Finding> = r.findings.iter().filter(|f| f.severity == sev).collect();
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n## {}（{} 件）\n\n| 要件ID | 種類 | 場所 | 内容 |\n|---|---|---|---|\n",
            sev.label(),
            list.len()
        ));
        for f in list {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                f.requirement.as_deref().unwrap_or("－"),
                f.kind.label(),
                md_cell(&place(f)),
                md_cell(&f.message)
            ));
        }
    }
    if r.findings.is_empty() {
        out.push_str("\n指摘事項はありません。\n");
    }
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    verdict: &'a str,
    file: &'a str,
    catalog: &'a CatalogUsed,
    summary: &'a Summary,
    findings: &'a [Finding],
}

/// JSON exactly as DESIGN.md shows it.
pub(crate) fn json(r: &Report) -> String {
    let j = JsonReport {
        verdict: r.verdict(),
        file: &r.file,
        catalog: &r.catalog,
        summary: &r.summary,
        findings: &r.findings,
    };
    serde_json::to_string_pretty(&j)
        .map(|s| s + "\n")
        .unwrap_or_default()
}
