//! Verification reports for people (text for the terminal, Markdown) and for programs
//! (JSON in the shape DESIGN.md fixes).

use serde::Serialize;

use super::round_result::{RequirementRound, RoundComparison, State};
use super::{CatalogUsed, Finding, Report, Severity, Summary};
use crate::sheet::form::layout::Column;

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

/// 「前回との比較: 第1回（a.xlsx）→ 第2回」 and the counts of each state.
fn rounds_lines(p: &RoundComparison) -> (String, String) {
    let counts: Vec<String> = p
        .counts()
        .iter()
        .map(|(s, n)| format!("{} {n}", s.label()))
        .collect();
    (
        format!(
            "前回との比較: 第{}回（{}）→ 第{}回",
            p.previous_round, p.previous_file, p.round
        ),
        counts.join("、"),
    )
}

/// A requirement across the rounds in one line: what was asked, what changed.
fn round_line(x: &RequirementRound) -> String {
    let asked = if x.inquiry.is_empty() {
        x.decision.label().to_string()
    } else {
        format!("{}（{}）", x.inquiry, x.decision.label())
    };
    let change = if x.changed.is_empty() {
        "変更なし".to_string()
    } else if x.changed.contains(&Column::Answer) {
        format!("回答「{}」→「{}」", x.previous_answer, x.answer)
    } else {
        let cols: Vec<&str> = x.changed.iter().map(|c| c.header()).collect();
        format!("{}を変更", cols.join("・"))
    };
    format!("{} {asked}: {change} → {}", x.id, x.state.label())
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
    if let Some(p) = &r.previous {
        let (head, counts) = rounds_lines(p);
        out.push(String::new());
        out.push(format!("■ {head}"));
        out.push(format!("  {counts}"));
        for x in p
            .requirements
            .iter()
            .filter(|x| x.state != State::Unchanged)
        {
            out.push(format!("  {}", round_line(x)));
        }
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
    terminal_safe(&out.join("\n")) + "\n"
}

/// Text for Markdown (a table cell, a list item), inert whatever a vendor wrote in it:
/// HTML is escaped as entities, Markdown's marks (emphasis, code, links, pipes, tildes,
/// backslashes) with a backslash; line breaks become `<br>`, other control characters
/// `<U+001B>`.
pub(crate) fn md_cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => out.push_str("<br>"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // 「!」 and 「#」 mean something only before 「[」 and at a line's start,
            // where vendor text never is.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("&lt;U+{:04X}&gt;", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Text for the terminal: control characters a file brought in (an escape sequence in
/// a vendor's name) shown as `<U+001B>`, not sent to the terminal.
fn terminal_safe(s: &str) -> String {
    if !s.chars().any(|c| c.is_control() && c != '\n') {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            '\n' => "\n".to_string(),
            c if c.is_control() => format!("<U+{:04X}>", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// Markdown, for pasting into a review memo.
pub(crate) fn markdown(r: &Report) -> String {
    let mut out = String::new();
    out.push_str("# 回答の検証結果\n\n");
    out.push_str(&format!(
        "- {}\n- {}\n",
        verdict_line(r),
        md_cell(&source_line(r))
    ));
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
    if let Some(p) = &r.previous {
        let (head, counts) = rounds_lines(p);
        out.push_str(&format!("\n## {head}\n\n{counts}\n"));
        let changed: Vec<&RequirementRound> = p
            .requirements
            .iter()
            .filter(|x| x.state != State::Unchanged)
            .collect();
        if !changed.is_empty() {
            out.push_str("\n| 要件ID | 前回の判断 | 照会 | 前回の回答 | 今回の回答 | 変更した欄 | 最終状態 |\n|---|---|---|---|---|---|---|\n");
            for x in changed {
                let cols: Vec<&str> = x.changed.iter().map(|c| c.header()).collect();
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} | {} |\n",
                    x.id,
                    x.decision.label(),
                    md_cell(&x.inquiry),
                    md_cell(&x.previous_answer),
                    md_cell(&x.answer),
                    cols.join("・"),
                    x.state.label()
                ));
            }
        }
    }
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
                md_cell(f.requirement.as_deref().unwrap_or("－")),
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
    /// Only with `--previous`.
    #[serde(skip_serializing_if = "Option::is_none")]
    previous: Option<&'a RoundComparison>,
}

/// JSON exactly as DESIGN.md shows it.
pub(crate) fn json(r: &Report) -> String {
    let j = JsonReport {
        verdict: r.verdict(),
        file: &r.file,
        catalog: &r.catalog,
        summary: &r.summary,
        findings: &r.findings,
        previous: r.previous.as_ref(),
    };
    serde_json::to_string_pretty(&j)
        .map(|s| s + "\n")
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{md_cell, terminal_safe};

    #[test]
    fn vendor_text_is_inert_in_markdown() {
        assert_eq!(
            md_cell("<b>A&B</b> | [x](y) `c` *e* _f_ ~~g~~ \\"),
            "&lt;b&gt;A&amp;B&lt;/b&gt; \\| \\[x\\](y) \\`c\\` \\*e\\* \\_f\\_ \\~\\~g\\~\\~ \\\\"
        );
        assert_eq!(
            md_cell("一\r\n二\r三\n四\u{2028}五"),
            "一<br>二<br>三<br>四<br>五"
        );
        assert_eq!(
            md_cell("a\u{1b}[31m\u{7}"),
            "a&lt;U+001B&gt;\\[31m&lt;U+0007&gt;"
        );
        assert_eq!(md_cell("回答!H13 「対応」"), "回答!H13 「対応」");
    }

    #[test]
    fn control_characters_are_shown_not_sent_to_the_terminal() {
        assert_eq!(terminal_safe("a\nb"), "a\nb");
        assert_eq!(terminal_safe("\u{1b}[2Jx\r"), "<U+001B>[2Jx<U+000D>");
    }
}
