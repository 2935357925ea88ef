//! Reading a catalog: from the copy embedded in the binary or from a folder. Every
//! problem found is collected (file, requirement id, line) so one run shows them all.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{include_dir, Dir};
use serde::Deserialize;

use super::answers::{AnswerFile, AnswerTable};
use super::schema::ProfileSchema;
use super::{AnswerPolicy, Area, Catalog, CatalogMeta, Level, Requirement, Subject};
use crate::condition::Condition;
use crate::error::{Error, Result};
use crate::tomlfile::describe_error;

static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/catalog");

/// The reserved file names; every other `*.toml` in the folder is an area file.
pub const META_FILE: &str = "catalog.toml";
pub const SCHEMA_FILE: &str = "profile.toml";
pub const ANSWERS_FILE: &str = "answers.toml";

/// Catalog files larger than this are refused (a catalog is text written by people).
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The catalog's files as (name, text), sorted by name.
pub type Files = Vec<(String, String)>;

pub fn embedded_files() -> Files {
    let mut files: Files = EMBEDDED
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        .filter_map(|f| {
            Some((
                f.path().display().to_string(),
                f.contents_utf8()?.to_string(),
            ))
        })
        .collect();
    files.sort();
    files
}

pub fn dir_files(dir: &Path) -> Result<Files> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| Error::io(dir, "カタログフォルダの読み込み", e))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, "カタログフォルダの読み込み", e))?;
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "toml") || !path.is_file() {
            continue;
        }
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        if size > MAX_FILE_BYTES {
            return Err(Error::Input {
                path,
                message: format!("カタログのファイルが大きすぎます（{size} バイト、上限 {MAX_FILE_BYTES} バイト）"),
            });
        }
        let bytes = crate::input::read_file(&path, MAX_FILE_BYTES)?;
        let text = String::from_utf8(bytes).map_err(|_| Error::Input {
            path: path.clone(),
            message: "UTF-8 のテキストではありません。カタログは UTF-8 で保存してください".into(),
        })?;
        files.push((entry.file_name().to_string_lossy().into_owned(), text));
    }
    files.sort();
    Ok(files)
}

/// Load the embedded catalog, or the one in `dir`.
pub fn load(dir: Option<&Path>) -> Result<Catalog> {
    match dir {
        None => from_files(&embedded_files(), "埋め込みカタログ"),
        Some(d) => from_files(&dir_files(d)?, &d.display().to_string()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaFile {
    area: Area,
    #[serde(default)]
    requirement: Vec<RawRequirement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequirement {
    id: String,
    title: String,
    level: Level,
    subject: Subject,
    basis: Vec<String>,
    when: Option<String>,
    spec: String,
    clause: Option<String>,
    clause_in: Option<super::ClausePlace>,
    question: Option<String>,
    evidence: Option<String>,
    #[serde(default)]
    answers: AnswerPolicy,
}

/// Build a catalog from its files; all problems are reported together.
pub fn from_files(files: &Files, origin: &str) -> Result<Catalog> {
    let mut problems = Vec::new();
    let special = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
    };
    let mut parse_special = |name: &str, what: &str| -> Option<(String, String)> {
        match special(name) {
            Some(text) => Some((name.to_string(), text.to_string())),
            None => {
                problems.push(format!("{name}: {what}のファイルがありません"));
                None
            }
        }
    };
    let meta_text = parse_special(META_FILE, "カタログの名称・版");
    let schema_text = parse_special(SCHEMA_FILE, "プロファイル項目の定義");
    let answers_text = parse_special(ANSWERS_FILE, "回答の表記ゆれ・列見出し");
    let meta: Option<CatalogMeta> = meta_text.and_then(|(n, t)| typed(&n, &t, &mut problems));
    let schema: Option<ProfileSchema> = schema_text.and_then(|(n, t)| typed(&n, &t, &mut problems));
    let answers: Option<AnswerFile> = answers_text.and_then(|(n, t)| typed(&n, &t, &mut problems));
    if let Some(s) = &schema {
        problems.extend(
            s.problems()
                .into_iter()
                .map(|p| format!("{SCHEMA_FILE}: {p}")),
        );
    }

    let mut areas = Vec::new();
    let mut requirements = Vec::new();
    for (name, text) in files {
        if [META_FILE, SCHEMA_FILE, ANSWERS_FILE].contains(&name.as_str()) {
            continue;
        }
        let Some(file): Option<AreaFile> = typed(name, text, &mut problems) else {
            continue;
        };
        let mut area = file.area;
        area.file = name.clone();
        for mut raw in file.requirement {
            // 該当なし is refused outright where it is not allowed, so it never needs an explanation.
            if !raw.answers.na_allowed {
                raw.answers
                    .explain
                    .retain(|k| *k != super::AnswerKind::NotApplicable);
            }
            let when = match (&raw.when, &schema) {
                (Some(w), Some(s)) if !w.trim().is_empty() => match Condition::parse(w, s) {
                    Ok(c) => Some(c),
                    Err(e) => {
                        problems.push(format!("{name}: {}: when = \"{w}\": {e}", raw.id));
                        None
                    }
                },
                _ => None,
            };
            requirements.push(Requirement {
                own_question: raw.question.filter(|q| *q != raw.spec),
                id: raw.id,
                title: raw.title,
                area: area.name.clone(),
                level: raw.level,
                subject: raw.subject,
                basis: raw.basis,
                when,
                spec: raw.spec,
                clause: raw.clause,
                clause_in: raw.clause_in,
                evidence: raw.evidence.filter(|e| !e.trim().is_empty()),
                answers: raw.answers,
                file: name.clone(),
            });
        }
        areas.push(area);
    }
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for r in &requirements {
        if let Some(first) = seen.insert(&r.id, &r.file) {
            problems.push(format!(
                "{}: {}: 要件IDが重複しています（{} にも同じIDがあります）",
                r.file, r.id, first
            ));
        }
    }
    match (meta, schema, answers) {
        (Some(meta), Some(schema), Some(answers)) if problems.is_empty() => Ok(Catalog {
            meta,
            schema,
            areas,
            requirements,
            answers: AnswerTable::new(
                answers.answer,
                answers.non_answers.words,
                &answers.qualifiers.words,
            ),
            headers: answers.header,
            origin: origin.to_string(),
        }),
        _ => Err(Error::Catalog { problems }),
    }
}

/// Deserialize one file, turning a serde error into "file: N行目 (ID): message".
fn typed<T: serde::de::DeserializeOwned>(
    name: &str,
    text: &str,
    problems: &mut Vec<String>,
) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let near = e
                .span()
                .and_then(|s| id_before(text, s.start))
                .map(|id| format!("{id}: "))
                .unwrap_or_default();
            problems.push(format!("{name}: {near}{}", describe_error(text, &e)));
            None
        }
    }
}

/// The requirement id of the `[[requirement]]` block that contains `offset`, if any.
fn id_before(text: &str, offset: usize) -> Option<String> {
    let head = &text[..offset.min(text.len())];
    let block_start = head.rfind("[[requirement]]")?;
    let block_end = text[block_start + 1..]
        .find("[[requirement]]")
        .map_or(text.len(), |i| i + block_start + 1);
    let block = &text[block_start..block_end];
    let re = regex::Regex::new(r#"(?m)^\s*id\s*=\s*"([^"]*)""#).ok()?;
    re.captures(block).map(|c| c[1].to_string())
}
