//! Reading catalog files from a folder, and turning one set of files (a folder's, or an
//! embedded edition's, `editions.rs`) into a catalog. Every problem found is collected (file,
//! requirement id, line) so one run shows them all.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::answers::{AnswerFile, AnswerTable};
use super::{
    AnswerPolicy, Area, Catalog, CatalogMeta, Layer, LayerKind, Level, Requirement, Subject,
    Withdrawal,
};
use crate::condition::Condition;
use crate::error::{Error, Result};
use crate::profile::schema::ProfileSchema;
use crate::tomlfile::describe_error;

/// The reserved file names; every other `*.toml` in the folder is an area file.
pub(crate) const META_FILE: &str = "catalog.toml";
pub(crate) const SCHEMA_FILE: &str = "profile.toml";
pub(crate) const ANSWERS_FILE: &str = "answers.toml";

/// Catalog files larger than this are refused (a catalog is text written by people).
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The catalog's files as (name, text), sorted by name.
pub(crate) type Files = Vec<(String, String)>;

pub(crate) fn dir_files(dir: &Path) -> Result<Files> {
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaFile {
    area: Area,
    #[serde(default)]
    requirement: Vec<RawRequirement>,
}

/// A requirement as written in an area file (and as an overlay adds one).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRequirement {
    pub(crate) id: String,
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

/// Hex SHA-256 over a layer's files (name and text of each, in name order).
pub(crate) fn files_digest(files: &Files) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for (name, text) in files {
        h.update(name.as_bytes());
        h.update([0]);
        h.update(text.as_bytes());
        h.update([0]);
    }
    hex::encode(h.finalize())
}

/// 該当なし is refused outright where it is not allowed, so it never needs an explanation.
pub(super) fn tidy_answers(mut answers: AnswerPolicy) -> AnswerPolicy {
    if !answers.na_allowed {
        answers
            .explain
            .retain(|k| *k != super::AnswerKind::NotApplicable);
    }
    answers
}

/// Parse a `when` text; a problem names the file and the requirement id.
pub(super) fn parse_when(
    when: Option<&str>,
    schema: Option<&ProfileSchema>,
    file: &str,
    id: &str,
    problems: &mut Vec<String>,
) -> Option<Condition> {
    match (when, schema) {
        (Some(w), Some(s)) if !w.trim().is_empty() => match Condition::parse(w, s) {
            Ok(c) => Some(c),
            Err(e) => {
                problems.push(format!("{file}: {id}: when = \"{w}\": {e}"));
                None
            }
        },
        _ => None,
    }
}

impl RawRequirement {
    /// The requirement, in area `area` of file `file`, from `origin`.
    pub(super) fn build(
        self,
        area: &str,
        file: &str,
        origin: &str,
        schema: Option<&ProfileSchema>,
        problems: &mut Vec<String>,
    ) -> Requirement {
        let when = parse_when(self.when.as_deref(), schema, file, &self.id, problems);
        Requirement {
            own_question: self.question.filter(|q| *q != self.spec),
            id: self.id,
            title: self.title,
            area: area.to_string(),
            level: self.level,
            subject: self.subject,
            basis: self.basis,
            when,
            spec: self.spec,
            clause: self.clause,
            clause_in: self.clause_in,
            evidence: self.evidence.filter(|e| !e.trim().is_empty()),
            answers: tidy_answers(self.answers),
            file: file.to_string(),
            origin: origin.to_string(),
            changes: Vec::new(),
        }
    }
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
        for raw in file.requirement {
            requirements.push(raw.build(
                &area.name,
                name,
                super::BASE_ORIGIN,
                schema.as_ref(),
                &mut problems,
            ));
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
    let withdrawn = meta
        .as_ref()
        .map(|m| withdrawals(m, &requirements, &mut problems))
        .unwrap_or_default();
    match (meta, schema, answers) {
        (Some(meta), Some(schema), Some(answers)) if problems.is_empty() => Ok(Catalog {
            layers: vec![Layer {
                kind: LayerKind::Base,
                name: meta.name.clone(),
                version: meta.version.clone(),
                standard: meta.standard.clone(),
                edition: meta.edition.clone(),
                digest: files_digest(files),
                source: origin.to_string(),
                extends: None,
            }],
            withdrawn,
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

/// The requirements the catalog withdrew (`[[withdrawn]]` in catalog.toml). A withdrawn
/// id stays reserved: a requirement that uses it again is a problem.
fn withdrawals(
    meta: &CatalogMeta,
    requirements: &[Requirement],
    problems: &mut Vec<String>,
) -> Vec<Withdrawal> {
    let mut out: Vec<Withdrawal> = Vec::new();
    for w in &meta.withdrawn {
        let mut problem = |message: String| {
            problems.push(format!("{META_FILE}: [[withdrawn]] {}: {message}", w.id));
        };
        if let Some(r) = requirements.iter().find(|r| r.id == w.id) {
            problem(format!("取り下げた要件IDが {} で再び使われています。取り下げたIDは、別の意味でも同じ意味でも使えません（同じ要件を戻すなら [[withdrawn]] から削除し、新しい要件には未使用のIDを付けてください）", r.file));
        }
        if out.iter().any(|o| o.id == w.id) {
            problem("同じ要件IDの [[withdrawn]] が二つあります".into());
        }
        for (field, value) in [
            ("title", &w.title),
            ("reason", &w.reason),
            ("since", &w.since),
        ] {
            if value.trim().is_empty() {
                problem(format!("{field} が空です（title は取り下げた要件の表題、reason は理由、since は取り下げた版）"));
            }
        }
        out.push(Withdrawal {
            id: w.id.clone(),
            title: w.title.clone(),
            requirement: None,
            by: meta.name.clone(),
            since: Some(w.since.clone()),
            reason: w.reason.trim().to_string(),
            file: META_FILE.to_string(),
        });
    }
    out
}

/// Deserialize one file, turning a serde error into "file: N行目 (ID): message".
pub(super) fn typed<T: serde::de::DeserializeOwned>(
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
