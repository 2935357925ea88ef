//! `kijun compare`: several vendor responses side by side.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::Env;
use crate::cli::{CompareFormat, OutputArgs};
use crate::output::Render;
use crate::verify::compare::compare;
use crate::verify::{Compared, Options};
use crate::{Outcome, Result};

pub(crate) fn execute(
    env: &Env,
    profile_path: &Path,
    files: &[PathBuf],
    format: Option<CompareFormat>,
    out: &OutputArgs,
    options: Options<'_>,
) -> Result<Outcome> {
    let mut inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    inputs.push(profile_path);
    let output = out.resolve(format, CompareFormat::Md, "比較表", &inputs)?;
    let (catalog, profile) = env.catalog_and_profile(profile_path)?;
    // A progress bar on a terminal only; indicatif draws nothing when stderr is redirected.
    let bar = indicatif::ProgressBar::new(files.len() as u64);
    if std::io::stderr().is_terminal() && files.len() > 1 {
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} 件を検証しました")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let tick = || bar.inc(1);
    let result = compare(&catalog, &profile, files, options, &tick);
    bar.finish_and_clear();
    for e in result
        .entries
        .iter()
        .filter_map(|e| e.result.as_ref().err())
    {
        eprintln!("エラー: {e}");
    }
    for n in &result.notices {
        eprintln!("注意: {n}");
    }
    let bytes = Compared {
        comparison: &result,
        profile: &profile,
    }
    .render(output.format)?;
    let read = result.entries.iter().filter(|e| e.result.is_ok()).count();
    output.write(&bytes, "比較表", &format!("（{} 件の回答を比較）", read))?;
    let unreadable = result.entries.iter().filter(|e| e.result.is_err()).count();
    if unreadable > 0 {
        // The comparison is written and lists them; exit 2 says it is not whole.
        eprintln!(
            "注意: 読み込めなかったファイルがあります（{unreadable} 件）。読み込めたファイルだけを比較しました"
        );
        return Ok(Outcome::Incomplete { unreadable });
    }
    Ok(if result.any_errors() {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}
