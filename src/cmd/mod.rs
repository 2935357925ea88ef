//! One file per subcommand, each with a small `execute`. This module resolves what
//! they share: the catalog (embedded or `--catalog DIR`) and the profile.

/// Append formatted text (and a newline) to a String buffer.
macro_rules! outln {
    ($o:expr) => {
        $o.push('\n')
    };
    ($o:expr, $($t:tt)*) => {{
        $o.push_str(&format!($($t)*));
        $o.push('\n');
    }};
}

/// Append formatted text to a String buffer.
macro_rules! outp {
    ($o:expr, $($t:tt)*) => {
        $o.push_str(&format!($($t)*))
    };
}

mod catalog;
mod clauses;
mod compare;
mod diff;
mod explain;
mod init;
mod select;
mod serve;
mod sheet;
mod spec;
mod verify;

use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::cli::{Cli, Command, DocFormat};
use crate::profile::Profile;
use crate::{Outcome, Result};

/// What every command may need, resolved from the global options.
pub struct Env {
    pub catalog_dir: Option<PathBuf>,
    pub templates_dir: Option<PathBuf>,
}

impl Env {
    pub fn catalog(&self) -> Result<Catalog> {
        crate::catalog::load::load(self.catalog_dir.as_deref())
    }

    /// The catalog and the profile read against its schema.
    pub fn catalog_and_profile(&self, profile: &Path) -> Result<(Catalog, Profile)> {
        let catalog = self.catalog()?;
        let profile = Profile::load(profile, &catalog.schema)?;
        Ok((catalog, profile))
    }
}

pub fn execute(cli: Cli) -> Result<Outcome> {
    let env = Env {
        catalog_dir: cli.catalog,
        templates_dir: cli.templates,
    };
    match cli.command {
        Command::Init { out } => init::execute(&env, &out),
        Command::Select {
            profile,
            format,
            out,
        } => select::execute(&env, &profile.profile, format, &out),
        Command::Explain { profile, id } => explain::execute(&env, &profile.profile, &id),
        Command::Spec { profile, doc } => spec::execute(&env, &profile.profile, &doc),
        Command::Clauses {
            profile,
            doc,
            parties,
        } => clauses::execute(&env, &profile.profile, &doc, parties),
        Command::Sheet {
            profile,
            output,
            force,
            password,
        } => sheet::execute(&env, &profile.profile, &output, force, password.as_deref()),
        Command::Verify {
            profile,
            file,
            format,
            out,
            sheet,
        } => verify::execute(
            &env,
            &profile.profile,
            &file,
            format,
            &out,
            crate::verify::Options {
                sheet: sheet.as_deref(),
            },
        ),
        Command::Compare {
            profile,
            files,
            format,
            out,
            sheet,
        } => compare::execute(
            &env,
            &profile.profile,
            &files,
            format,
            &out,
            crate::verify::Options {
                sheet: sheet.as_deref(),
            },
        ),
        Command::Catalog { action } => catalog::execute(&env, action),
        // Handled by `crate::run` before we get here; a plain `kijun --help` all the same.
        Command::Help { .. } => crate::run(["kijun", "--help"]),
        Command::Serve { port, open, listen } => serve::execute(&env, listen, port, open),
    }
}

/// Display width of a string in a terminal (full-width characters count 2).
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// One table row: each cell padded to its width (0 = last cell, not padded).
pub fn table_row(cells: &[(&str, usize)]) -> String {
    let mut line = String::new();
    for (text, w) in cells {
        line.push_str(text);
        if *w > 0 {
            line.push_str(&" ".repeat(w.saturating_sub(width(text)) + 2));
        }
    }
    line.trim_end().to_string() + "\n"
}

/// Print to stdout; a closed pipe (`kijun catalog list | head`) is not an error.
pub fn print(text: &str) -> Result<()> {
    crate::output::emit(None, text.as_bytes(), &[], crate::output::Existing::Replace)
}

/// What `spec` and `clauses` share: resolve the output, select, build the document
/// model, render it as md/txt (template `<name>.md|txt`) or docx, and write it.
/// `what` names the document in the message about the file written (「調達仕様書」).
pub struct DocumentKind {
    /// Template name: `spec` or `clauses`.
    pub name: &'static str,
    /// What the document is called, e.g. 「調達仕様書」.
    pub what: &'static str,
    /// A file name for examples in messages, e.g. 「仕様書」.
    pub example: &'static str,
}

pub fn write_document<D: serde::Serialize>(
    env: &Env,
    profile_path: &Path,
    doc: &crate::cli::DocArgs,
    kind: DocumentKind,
    build: impl FnOnce(
        &Catalog,
        &Profile,
        &[crate::select::Selected<'_>],
        &crate::render::Templates,
    ) -> Result<D>,
    to_docx: impl FnOnce(&D) -> Result<Vec<u8>>,
) -> Result<Outcome> {
    use crate::render::{document_bytes, Templates};
    let output = doc
        .out
        .resolve(doc.format, DocFormat::Md, kind.example, &[profile_path])?;
    let (catalog, profile) = env.catalog_and_profile(profile_path)?;
    let templates = Templates::load(env.templates_dir.as_deref())?;
    let selected = crate::select::select(&catalog, &profile);
    let document = build(&catalog, &profile, &selected, &templates)?;
    let bytes = document_bytes(&templates, kind.name, output.format, &document, to_docx)?;
    output.write(
        &bytes,
        kind.what,
        &format!("（要件 {} 件）", selected.len()),
    )?;
    Ok(Outcome::Success)
}
