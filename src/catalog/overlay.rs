//! Overlay catalogs (省庁基準): a folder with `overlay.toml` that names the catalog it
//! extends (the embedded one by name and version, or a folder) and says what it changes:
//! areas and requirements it adds, requirements it replaces (改変) or raises (引上げ)
//! with a written reason, basis references of its own (e.g. 〇〇省情報セキュリティ
//! 対策基準 第5条), and requirements it withdraws with a written reason. Loading one
//! gives the merged catalog; an overlay may extend another overlay (ministry → bureau).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::source::{
    self, dir_files, files_digest, parse_when, parse_wording, tidy_answers, typed, Context, Files,
};
use super::source::{RawRequirement, RESERVED_FILES};
use super::{
    AnswerPolicy, Area, Catalog, Change, ChangeKind, Extends, Layer, LayerKind, Level, Requirement,
    Withdrawal,
};
use crate::error::{Error, Result};

/// The file that makes a folder an overlay.
pub(crate) const OVERLAY_FILE: &str = "overlay.toml";

/// What an overlay that extends the embedded catalog by name (`[extends] catalog`) is
/// stacked on: the current edition, or the one a workbook was made with.
pub(crate) type Base<'a> = &'a dyn Fn() -> Result<Catalog>;

/// How deep overlays may stack (ministry → bureau → office …); deeper is surely a loop.
const MAX_DEPTH: usize = 8;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OverlayMeta {
    /// The overlay's name, shown as the origin of what it adds and changes.
    name: String,
    version: String,
    /// The standard it writes down (e.g. 〇〇省情報セキュリティ対策基準); defaults to `name`.
    standard: Option<String>,
    #[serde(default)]
    edition: String,
    #[serde(default)]
    #[allow(dead_code)] // for people reading the file; kijun does not show it
    description: String,
    extends: ExtendsSpec,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtendsSpec {
    /// The embedded catalog, by its name (catalog.toml's `name`).
    catalog: Option<String>,
    /// A catalog or overlay folder, relative to this overlay's folder.
    path: Option<String>,
    /// The version of the base this overlay was written against.
    version: Option<String>,
}

/// One `*.toml` file of an overlay besides `overlay.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Part {
    /// A new area; the file's requirements belong to it.
    area: Option<Area>,
    #[serde(default)]
    requirement: Vec<RawRequirement>,
    #[serde(default)]
    replace: Vec<Replace>,
    #[serde(default)]
    raise: Vec<Raise>,
    #[serde(default)]
    cite: Vec<Cite>,
    #[serde(default)]
    withdraw: Vec<Withdraw>,
    /// Parameters of the overlay's own (for the numbers its requirements state).
    #[serde(default)]
    parameter: Vec<crate::profile::schema::ParamDef>,
    /// A new default for a parameter of the base (the ministry's own value).
    #[serde(default)]
    set_parameter: Vec<SetParameter>,
    /// Documents the overlay's requirements ask for (成果物一覧).
    #[serde(default)]
    deliverable: Vec<super::stage::RawDeliverable>,
}

/// The overlay's value for a parameter of the base, with the reason.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetParameter {
    key: String,
    default: i64,
    #[serde(default)]
    reason: String,
}

/// 改変: new wording, evidence, condition, level or answers under the same id.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Replace {
    id: String,
    #[serde(default)]
    reason: String,
    title: Option<String>,
    spec: Option<String>,
    clause: Option<String>,
    question: Option<String>,
    /// `""` removes the evidence (which lint reports as a weakening).
    evidence: Option<String>,
    /// `""` makes it apply always.
    when: Option<String>,
    level: Option<Level>,
    answers: Option<AnswerPolicy>,
    /// Basis references added (the base's stay).
    #[serde(default)]
    basis: Vec<String>,
}

/// 引上げ: a higher level and/or a wider condition.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raise {
    id: String,
    #[serde(default)]
    reason: String,
    level: Option<Level>,
    when: Option<String>,
    #[serde(default)]
    basis: Vec<String>,
}

/// The overlay's own basis references for a base requirement.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cite {
    id: String,
    basis: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Withdraw {
    id: String,
    #[serde(default)]
    reason: String,
}

/// Load a catalog folder: a full catalog, or an overlay stacked on its base. `base` gives
/// the embedded catalog an overlay names by `[extends] catalog` (the edition a workbook
/// was made with, when verifying it).
pub(crate) fn load_dir(dir: &Path, base: Base<'_>) -> Result<Catalog> {
    load_at(dir, &mut Vec::new(), base)
}

fn join(folder: &str, file: &str) -> String {
    format!("{}/{file}", folder.trim_end_matches(['/', '\\']))
}

fn load_at(dir: &Path, chain: &mut Vec<PathBuf>, embedded: Base<'_>) -> Result<Catalog> {
    let files = dir_files(dir)?;
    let shown = dir.display().to_string();
    let Some((_, text)) = files.iter().find(|(n, _)| n == OVERLAY_FILE) else {
        return source::from_files(&files, &shown);
    };
    let meta_file = join(&shown, OVERLAY_FILE);
    let mut problems = Vec::new();
    let Some(meta): Option<OverlayMeta> = typed(&meta_file, text, &mut problems) else {
        return Err(Error::Catalog { problems });
    };
    let one = |message: String| Error::Catalog {
        problems: vec![format!("{meta_file}: {message}")],
    };
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if chain.contains(&canonical) {
        return Err(one(
            "[extends] の path をたどると、このオーバーレイ自身に戻ります（循環しています）".into(),
        ));
    }
    if chain.len() >= MAX_DEPTH {
        return Err(one(format!(
            "オーバーレイの重ねが深すぎます（{MAX_DEPTH} 段まで）"
        )));
    }
    chain.push(canonical);
    let (base, target) = match (&meta.extends.catalog, &meta.extends.path) {
        (Some(name), None) => {
            let base = embedded()?;
            if base.meta.name != *name {
                return Err(one(format!(
                    "[extends] catalog = \"{name}\" は埋め込みカタログの名称「{}」と一致しません。埋め込みカタログに重ねるなら catalog = \"{}\"、別のカタログのフォルダに重ねるなら path = \"フォルダ\" と書いてください",
                    base.meta.name, base.meta.name
                )));
            }
            (base, name.clone())
        }
        (None, Some(path)) => {
            let base_dir = dir.join(path);
            let base = load_at(&base_dir, chain, embedded).map_err(|e| match e {
                Error::Catalog { problems } => Error::Catalog {
                    problems: problems
                        .into_iter()
                        .map(|p| format!("基のカタログ（{meta_file} の path = \"{path}\"）: {p}"))
                        .collect(),
                },
                other => other,
            })?;
            (base, path.clone())
        }
        _ => {
            return Err(one(
                "[extends] には catalog（埋め込みカタログの名称）か path（基のカタログのフォルダ）のどちらか一つを書いてください".into(),
            ))
        }
    };
    chain.pop();
    apply(base, meta, target, &files, &shown)
}

/// The parsed parts of an overlay, each with its file as messages show it.
fn parts(files: &Files, shown: &str, problems: &mut Vec<String>) -> Vec<(String, Part)> {
    let mut out = Vec::new();
    for (name, text) in files {
        if name == OVERLAY_FILE {
            continue;
        }
        let file = join(shown, name);
        if RESERVED_FILES.contains(&name.as_str()) {
            problems.push(format!(
                "{file}: オーバーレイのフォルダには {name} を置けません（プロファイル項目・回答の表記ゆれ・成果物・カタログの名称は基のカタログのものを使い、オーバーレイの名称と版は {OVERLAY_FILE} に書きます）"
            ));
            continue;
        }
        if let Some(part) = typed::<Part>(&file, text, problems) {
            out.push((file, part));
        }
    }
    out
}

/// The merged catalog: `base` with the overlay's changes applied.
fn apply(
    mut c: Catalog,
    meta: OverlayMeta,
    target: String,
    files: &Files,
    shown: &str,
) -> Result<Catalog> {
    let mut problems = Vec::new();
    let parts = parts(files, shown, &mut problems);
    let name = meta.name.clone();
    let top = c.layers.last().cloned();
    // The overlay's own standard is a source its basis lines may cite.
    let own = meta.standard.clone().unwrap_or_else(|| meta.name.clone());
    c.registry.add_own(&own, &meta.edition);
    let base_ids: Vec<String> = c.requirements.iter().map(|r| r.id.clone()).collect();
    let mut ops = Ops {
        c: &mut c,
        name: &name,
        base_ids: &base_ids,
        problems: &mut problems,
        done: BTreeMap::new(),
    };
    // New areas and parameters first, so requirements of any file may use them.
    for (file, part) in &parts {
        if let Some(area) = &part.area {
            ops.add_area(file, area);
        }
    }
    for (file, part) in &parts {
        for p in &part.parameter {
            ops.add_parameter(file, p);
        }
        for s in &part.set_parameter {
            ops.set_parameter(file, s);
        }
    }
    // Deliverables after parameters, as their due dates may use them.
    let mut parts = parts;
    for (file, part) in &mut parts {
        let raw = std::mem::take(&mut part.deliverable);
        let schema = ops.c.schema.clone();
        source::add_deliverables(
            raw,
            file,
            Some(&schema),
            &mut ops.c.deliverables,
            ops.problems,
        );
    }
    // Then additions, changes and withdrawals, each kind across all files, so the
    // result does not depend on how the overlay splits itself into files.
    for (file, part) in &mut parts {
        let area = part.area.as_ref().map(|a| a.name.clone());
        for raw in std::mem::take(&mut part.requirement) {
            ops.add_requirement(file, area.as_deref(), raw);
        }
    }
    for (file, part) in &mut parts {
        for r in std::mem::take(&mut part.replace) {
            ops.replace(file, r);
        }
    }
    for (file, part) in &mut parts {
        for r in std::mem::take(&mut part.raise) {
            ops.raise(file, r);
        }
    }
    for (file, part) in &mut parts {
        for r in std::mem::take(&mut part.cite) {
            ops.cite(file, r);
        }
    }
    for (file, part) in &mut parts {
        for r in std::mem::take(&mut part.withdraw) {
            ops.withdraw(file, r);
        }
    }
    if !problems.is_empty() {
        return Err(Error::Catalog { problems });
    }
    let (found_name, found_version) = top.map(|l| (l.name, l.version)).unwrap_or_default();
    c.layers.push(Layer {
        kind: LayerKind::Overlay,
        standard: meta.standard.unwrap_or_else(|| meta.name.clone()),
        name: meta.name,
        version: meta.version,
        edition: meta.edition,
        digest: files_digest(files),
        source: shown.to_string(),
        extends: Some(Extends {
            target,
            version: meta.extends.version,
            found_name,
            found_version,
        }),
    });
    c.origin = shown.to_string();
    Ok(c)
}

/// Applying one overlay's operations to the catalog, collecting problems.
struct Ops<'a> {
    c: &'a mut Catalog,
    name: &'a str,
    /// The ids of the base, before this overlay: the only ones it may change.
    base_ids: &'a [String],
    problems: &'a mut Vec<String>,
    /// id → the operation of this overlay that already targeted it.
    done: BTreeMap<String, &'static str>,
}

impl Ops<'_> {
    fn problem(&mut self, file: &str, id: &str, message: String) {
        self.problems.push(format!("{file}: {id}: {message}"));
    }

    fn add_area(&mut self, file: &str, area: &Area) {
        if let Some(a) = self.c.areas.iter().find(|a| a.id == area.id) {
            let message = format!(
                "分類の ID「{}」は既に「{}」（{}）にあります。既存の分類に要件を加えるときは [area] を書かずに、その接頭辞の要件IDで [[requirement]] を書いてください",
                area.id, a.name, a.file
            );
            self.problems.push(format!("{file}: {message}"));
            return;
        }
        let mut area = area.clone();
        area.file = file.to_string();
        self.c.areas.push(area);
    }

    fn add_parameter(&mut self, file: &str, p: &crate::profile::schema::ParamDef) {
        if self.c.schema.parameter(&p.key).is_some() {
            let message = "パラメータが基のカタログに既にあります。既定値を変えるなら [[set_parameter]] を使ってください".to_string();
            self.problem(file, &p.key, message);
            return;
        }
        let mut p = p.clone();
        p.origin = Some(format!("{}が定めたパラメータ", self.name));
        let before = self.c.schema.problems().len();
        self.c.schema.parameters.push(p);
        let after = self.c.schema.problems();
        for m in after.into_iter().skip(before) {
            self.problems.push(format!("{file}: {m}"));
        }
    }

    fn set_parameter(&mut self, file: &str, s: &SetParameter) {
        if !self.needs_reason(file, &s.key, "set_parameter", &s.reason, "既定値の変更") {
            return;
        }
        let name = self.name.to_string();
        let Some(p) = self.c.schema.parameters.iter_mut().find(|p| p.key == s.key) else {
            let message = "[[set_parameter]] のパラメータは基のカタログにありません。新しいパラメータは [[parameter]] で定義してください".to_string();
            self.problem(file, &s.key, message);
            return;
        };
        if !p.allows(s.default) {
            let message = format!(
                "既定値 {} は範囲 {} の外にあります",
                s.default,
                p.range_text()
            );
            self.problem(file, &s.key, message);
            return;
        }
        let looser = match p.stricter {
            crate::profile::schema::Stricter::Lower => s.default > p.default,
            crate::profile::schema::Stricter::Higher => s.default < p.default,
        };
        p.origin = Some(format!(
            "{name}が定めた既定値。基のカタログの既定値は {}{}",
            p.show(p.default),
            if looser {
                "で、それより緩い値"
            } else {
                ""
            }
        ));
        p.default = s.default;
    }

    fn add_requirement(&mut self, file: &str, area: Option<&str>, raw: RawRequirement) {
        let id = raw.id.clone();
        if self.c.requirements.iter().any(|r| r.id == id) {
            self.problem(file, &id, "要件IDが既にあります。基の要件の内容を変えるなら [[replace]]、取り下げるなら [[withdraw]] を使い、新しい要件には未使用のIDを付けてください".into());
            return;
        }
        if let Some(w) = self.c.withdrawal(&id) {
            let message = format!("要件IDは{}が取り下げた要件（{}）のものです。取り下げたIDは別の要件に使えません。未使用のIDを付けてください", w.withdrawer(), w.title);
            self.problem(file, &id, message);
            return;
        }
        let prefix = id.split('-').next().unwrap_or("");
        let area_name = match area {
            Some(a) => a.to_string(),
            None => match self.c.areas.iter().find(|a| a.id == prefix) {
                Some(a) => a.name.clone(),
                None => {
                    let message = format!("接頭辞「{prefix}」の分類がありません。新しい分類なら、このファイルに [area] を書いてください");
                    self.problem(file, &id, message);
                    return;
                }
            },
        };
        let schema = self.c.schema.clone();
        let registry = self.c.registry.clone();
        let deliverables = self.c.deliverables.clone();
        let ctx = Context {
            schema: Some(&schema),
            registry: &registry,
            deliverables: &deliverables,
        };
        let r = raw.build(&area_name, file, self.name, ctx, self.problems);
        // After the last requirement of its area, or at the end for a new area.
        let at = self
            .c
            .requirements
            .iter()
            .rposition(|x| x.area == area_name)
            .map_or(self.c.requirements.len(), |i| i + 1);
        self.c.requirements.insert(at, r);
    }

    /// The index of a base requirement this overlay may change, or a problem.
    fn target(&mut self, file: &str, id: &str, op: &'static str) -> Option<usize> {
        let wanted = id.trim();
        if !self.base_ids.iter().any(|b| b == wanted) {
            let ids: Vec<&str> = self.base_ids.iter().map(String::as_str).collect();
            let hint = crate::text::closest(wanted, &ids)
                .map(|c| format!("「{c}」の誤りではありませんか。"))
                .unwrap_or_default();
            let message = format!("[[{op}]] の要件IDは基のカタログにありません。{hint}新しい要件は [[requirement]] で加えてください");
            self.problem(file, id, message);
            return None;
        }
        if let Some(prev) = self.done.get(wanted) {
            if *prev == "withdraw" || op == "withdraw" || *prev == op {
                let message = format!(
                    "同じ要件に [[{prev}]] と [[{op}]] が書かれています。一つにまとめてください"
                );
                self.problem(file, id, message);
                return None;
            }
        }
        self.done.insert(wanted.to_string(), op);
        self.c.requirements.iter().position(|r| r.id == wanted)
    }

    fn needs_reason(&mut self, file: &str, id: &str, op: &str, reason: &str, what: &str) -> bool {
        if reason.trim().is_empty() {
            let message = format!("[[{op}]] には reason（{what}の理由）を書いてください。省庁基準が統一基準と異なる理由は、調達仕様書の読み手とベンダーに示されます");
            self.problem(file, id, message);
            return false;
        }
        true
    }

    fn record(
        &mut self,
        i: usize,
        kind: ChangeKind,
        reason: &str,
        fields: Vec<String>,
        file: &str,
    ) {
        let r = &mut self.c.requirements[i];
        let before = Box::new(r.clone());
        r.file = file.to_string();
        r.changes.push(Change {
            kind,
            overlay: self.name.to_string(),
            reason: reason.trim().to_string(),
            fields,
            file: file.to_string(),
            before,
        });
    }

    fn replace(&mut self, file: &str, op: Replace) {
        let Some(i) = self.target(file, &op.id, "replace") else {
            return;
        };
        if !self.needs_reason(file, &op.id, "replace", &op.reason, "改変") {
            return;
        }
        let schema = self.c.schema.clone();
        let when = op
            .when
            .as_deref()
            .map(|w| parse_when(Some(w), Some(&schema), file, &op.id, self.problems));
        let mut r = self.c.requirements[i].clone();
        let mut fields = Vec::new();
        let mut set = |name: &str, changed: bool| {
            if changed {
                fields.push(name.to_string());
            }
        };
        if let Some(t) = op.title {
            set("title", t != r.title);
            r.title = t;
        }
        let at = format!("{file}: {}", op.id);
        let text = |field: &str, t: &str, problems: &mut Vec<String>| {
            parse_wording(t, Some(&schema), &at, field, problems)
        };
        if let Some(s) = op.spec {
            let s = text("spec", &s, self.problems);
            set("spec", s != r.spec);
            r.spec = s;
        }
        if let Some(cl) = op.clause {
            let cl = text("clause", &cl, self.problems);
            set("clause", Some(&cl) != r.clause.as_ref());
            r.clause = Some(cl).filter(|c| !c.is_empty());
        }
        if let Some(q) = op.question {
            let q = text("question", &q, self.problems);
            set("question", q != *r.question());
            r.own_question = Some(q);
        }
        r.own_question = r.own_question.filter(|q| *q != r.spec);
        if let Some(e) = op.evidence {
            let e = Some(text("evidence", &e, self.problems)).filter(|e| !e.is_empty());
            set("evidence", e != r.evidence);
            r.evidence = e;
        }
        if let Some(w) = when {
            set(
                "when",
                w.as_ref().map(|c| &c.text) != r.when.as_ref().map(|c| &c.text),
            );
            r.when = w;
        }
        if let Some(l) = op.level {
            set("level", l != r.level);
            r.level = l;
        }
        if let Some(a) = op.answers {
            let a = tidy_answers(a);
            set("answers", a != r.answers);
            r.answers = a;
        }
        if !op.basis.is_empty() {
            set("basis", true);
            r.basis
                .extend(op.basis.iter().map(|b| self.c.registry.parse(b)));
        }
        if fields.is_empty() {
            self.problem(file, &op.id, "[[replace]] に変える項目がありません（基の要件と同じ内容です）。title・spec・clause・question・evidence・when・level・answers・basis のいずれかを書いてください".into());
            return;
        }
        // `record` keeps the requirement as it was; the replaced one takes its changes.
        self.record(i, ChangeKind::Replaced, &op.reason, fields, file);
        let changes = std::mem::take(&mut self.c.requirements[i].changes);
        self.c.requirements[i] = Requirement {
            changes,
            file: file.to_string(),
            ..r
        };
    }

    fn raise(&mut self, file: &str, op: Raise) {
        let Some(i) = self.target(file, &op.id, "raise") else {
            return;
        };
        if !self.needs_reason(file, &op.id, "raise", &op.reason, "引上げ") {
            return;
        }
        if op.level.is_none() && op.when.is_none() {
            self.problem(
                file,
                &op.id,
                "[[raise]] には level（引き上げた区分）か when（広げた適用条件）を書いてください"
                    .into(),
            );
            return;
        }
        let schema = self.c.schema.clone();
        let when = op
            .when
            .as_deref()
            .map(|w| parse_when(Some(w), Some(&schema), file, &op.id, self.problems));
        let mut fields = Vec::new();
        if op.level.is_some_and(|l| l != self.c.requirements[i].level) {
            fields.push("level".to_string());
        }
        if let Some(w) = &when {
            if w.as_ref().map(|c| &c.text) != self.c.requirements[i].when.as_ref().map(|c| &c.text)
            {
                fields.push("when".to_string());
            }
        }
        if !op.basis.is_empty() {
            fields.push("basis".to_string());
        }
        self.record(i, ChangeKind::Raised, &op.reason, fields, file);
        let r = &mut self.c.requirements[i];
        if let Some(l) = op.level {
            r.level = l;
        }
        if let Some(w) = when {
            r.when = w;
        }
        let added: Vec<_> = op.basis.iter().map(|b| self.c.registry.parse(b)).collect();
        self.c.requirements[i].basis.extend(added);
    }

    fn cite(&mut self, file: &str, op: Cite) {
        let Some(i) = self.target(file, &op.id, "cite") else {
            return;
        };
        if op.basis.iter().all(|b| b.trim().is_empty()) {
            self.problem(file, &op.id, "[[cite]] の basis に根拠（例: \"〇〇省情報セキュリティ対策基準 第5条\"）を一つ以上書いてください".into());
            return;
        }
        self.record(i, ChangeKind::Cited, "", vec!["basis".into()], file);
        let added: Vec<_> = op
            .basis
            .iter()
            .filter(|b| !b.trim().is_empty())
            .map(|b| self.c.registry.parse(b))
            .collect();
        self.c.requirements[i].basis.extend(added);
    }

    fn withdraw(&mut self, file: &str, op: Withdraw) {
        let Some(i) = self.target(file, &op.id, "withdraw") else {
            return;
        };
        if !self.needs_reason(file, &op.id, "withdraw", &op.reason, "取下げ") {
            return;
        }
        let requirement = self.c.requirements.remove(i);
        self.c.withdrawn.push(Withdrawal {
            id: requirement.id.clone(),
            title: requirement.title.clone(),
            requirement: Some(requirement),
            by: self.name.to_string(),
            since: None,
            reason: op.reason.trim().to_string(),
            file: file.to_string(),
        });
    }
}

/// Where each requirement comes from, in words: 「統一基準」 or the overlay's name, then
/// each change with its reason.
pub(crate) fn provenance(r: &Requirement) -> Vec<String> {
    r.changes
        .iter()
        .map(|c| {
            let fields = c
                .fields
                .iter()
                .map(|f| field_label(f))
                .collect::<Vec<_>>()
                .join("・");
            match c.kind {
                ChangeKind::Cited => format!("{}による根拠の追加", c.overlay),
                _ => format!(
                    "{}による{}（{fields}）。理由: {}",
                    c.overlay,
                    c.kind.label(),
                    c.reason
                ),
            }
        })
        .collect()
}

/// The Japanese name of a requirement field.
pub(crate) fn field_label(field: &str) -> &str {
    match field {
        "title" => "表題",
        "area" => "分類",
        "spec" => "仕様書の文",
        "clause" => "契約条項",
        "question" => "回答様式の質問",
        "evidence" => "証跡",
        "when" => "適用条件",
        "level" => "区分",
        "subject" => "対象",
        "answers" => "回答の扱い",
        "na_allowed" => "該当なしの可否",
        "explain" => "説明が必要な回答",
        "basis" => "根拠",
        "stage" => "段階",
        "survival" => "契約終了後の存続",
        "deliverables" => "成果物",
        other => other,
    }
}
