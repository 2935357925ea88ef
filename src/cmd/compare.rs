//! `kijun compare`: several vendor responses side by side, all verified against the
//! catalog edition their workbooks were made with (`verify::edition`).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::Env;
use crate::cli::{CompareFormat, OutputArgs};
use crate::output::Render;
use crate::verify::compare::{compare_chosen, read_all};
use crate::verify::edition::{CatalogSource, ProfileText};
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
    let profile = ProfileText::load(profile_path)?;
    let source = CatalogSource::new(env.catalog_dir.as_deref())?;
    let initial = source.initial()?;
    // A progress bar on a terminal only; indicatif draws nothing when stderr is redirected.
    let bar = indicatif::ProgressBar::new(files.len() as u64);
    if std::io::stderr().is_terminal() && files.len() > 1 {
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} 件を読み込みました")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let tick = || bar.inc(1);
    // The workbooks first: their meta sheets say which edition to verify them against.
    let books = read_all(&initial, files, &tick);
    bar.finish_and_clear();
    let readable: Vec<_> = books.iter().filter_map(|b| b.as_ref().ok()).collect();
    let chosen = source.choose(initial, &readable, &profile)?;
    let result = compare_chosen(&chosen, files, &books, options);
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
        profile: &chosen.profile,
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
