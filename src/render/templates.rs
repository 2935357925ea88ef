//! The handlebars templates that word and lay out the documents: embedded in the binary
//! from `templates/`, each replaceable by a file of the same name in `--templates DIR`
//! (so an office can adapt wording and layout without rebuilding). Strict mode (a
//! misspelt variable is an error, not an empty string), no HTML escaping (the output is
//! Markdown and plain text), and helpers for Japanese numbering.
//!
//! Errors name the template file and its line, in Japanese, so the person who edited
//! the template can find the mistake.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use handlebars::template::TemplateElement;
use handlebars::{
    handlebars_helper, no_escape, Handlebars, RenderError, RenderErrorReason, Template,
    TemplateError, TemplateErrorReason,
};
use include_dir::{include_dir, Dir};
use serde::Serialize;

use super::numbering;
use crate::error::{Error, Result};

static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// Template files end in this; the name is the file name without it (`spec.md.hbs` →
/// `spec.md`).
const EXTENSION: &str = ".hbs";

/// Template files larger than this are refused (templates are text written by people).
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Where a registered template came from, for error messages.
#[derive(Debug, Clone)]
enum Origin {
    Embedded,
    File(PathBuf),
}

/// The registry: the embedded templates, overridden by name from a folder.
pub struct Templates {
    hb: Handlebars<'static>,
    origins: BTreeMap<String, Origin>,
}

impl Templates {
    /// The embedded templates, each replaced by `dir/<name>.hbs` where that exists.
    /// Other `*.hbs` files in `dir` are registered too and can be used as partials; one
    /// that no template includes is refused, since it is most likely a misspelt override
    /// that would otherwise be ignored without a word.
    pub fn load(dir: Option<&Path>) -> Result<Templates> {
        let mut t = Templates {
            hb: registry(),
            origins: BTreeMap::new(),
        };
        for file in EMBEDDED.files() {
            let Some(name) = template_name(file.path()) else {
                continue;
            };
            let text = file.contents_utf8().ok_or_else(|| Error::Template {
                name: format!("{name}{EXTENSION}"),
                message: "UTF-8 ではありません".into(),
            })?;
            t.register(&name, text, Origin::Embedded)?;
        }
        if let Some(dir) = dir {
            let files = read_dir(dir)?;
            for (name, path, text) in &files {
                t.register(name, text, Origin::File(path.clone()))?;
            }
            t.check_extra_files(&files)?;
        }
        Ok(t)
    }

    /// A file of the folder that replaces no embedded template must be a partial that
    /// some template includes (`{{> name}}`); otherwise it is refused, naming the
    /// templates that can be replaced and the closest one.
    fn check_extra_files(&self, files: &[(String, PathBuf, String)]) -> Result<()> {
        let embedded = embedded_names();
        let mut used = BTreeSet::new();
        for (name, template) in self.hb.get_templates() {
            let mut by_this = BTreeSet::new();
            if !partials_used(template, &mut by_this) {
                // A partial chosen at render time ({{> (lookup …)}}) may be any file.
                return Ok(());
            }
            by_this.remove(name);
            used.extend(by_this);
        }
        let Some((name, path, _)) = files
            .iter()
            .find(|(n, _, _)| !embedded.contains(n) && !used.contains(n))
        else {
            return Ok(());
        };
        let known: Vec<&str> = embedded.iter().map(String::as_str).collect();
        let suggestion = crate::text::closest(name, &known)
            .map(|c| format!("{c}{EXTENSION} の誤りではありませんか。"))
            .unwrap_or_default();
        let list: Vec<String> = known.iter().map(|n| format!("{n}{EXTENSION}")).collect();
        Err(Error::Template {
            name: describe(name, &Origin::File(path.clone())),
            message: format!(
                "このファイルと同じ名前の埋め込みテンプレートはなく、部分テンプレートとして読み込んでいるテンプレートもないため、このファイルは使われません。{suggestion}置き換えることができるテンプレートは、{} です（templates/README.md を参照してください）。部分テンプレートとして使う場合は、いずれかのテンプレートに {{{{> {name}}}}} と記載してください",
                list.join("、")
            ),
        })
    }

    fn register(&mut self, name: &str, text: &str, origin: Origin) -> Result<()> {
        self.hb
            .register_template_string(name, text)
            .map_err(|e| template_error(name, &origin, &e))?;
        self.origins.insert(name.to_string(), origin);
        Ok(())
    }

    /// Render one template with `ctx`.
    pub fn render<T: Serialize>(&self, name: &str, ctx: &T) -> Result<String> {
        self.hb
            .render(name, ctx)
            .map_err(|e| self.render_error(name, &e))
    }

    /// Render a wording template and return its non-empty lines, trimmed: each line
    /// is one paragraph (or heading) of the document.
    /// Whether a template of this name is registered.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.hb.has_template(name)
    }

    pub(crate) fn lines<T: Serialize>(&self, name: &str, ctx: &T) -> Result<Vec<String>> {
        Ok(self
            .render(name, ctx)?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect())
    }

    /// Render a one-line wording template (a title or heading). Should an edited
    /// template give several lines, they are joined rather than lost.
    pub(crate) fn line<T: Serialize>(&self, name: &str, ctx: &T) -> Result<String> {
        Ok(self.lines(name, ctx)?.join("\u{3000}"))
    }

    fn describe(&self, name: &str) -> String {
        match self.origins.get(name) {
            Some(origin) => describe(name, origin),
            None => format!("{name}{EXTENSION}"),
        }
    }

    fn render_error(&self, requested: &str, e: &RenderError) -> Error {
        // The error may come from a partial; name the template where it happened.
        let name = e.template_name.as_deref().unwrap_or(requested);
        let at = position(e.line_no, e.column_no);
        let reason = match e.reason() {
            RenderErrorReason::MissingVariable(Some(path)) => format!(
                "変数「{path}」はありません（使える変数は templates/README.md に記載しています）"
            ),
            RenderErrorReason::MissingVariable(None) => {
                "存在しない変数を参照しています（使える変数は templates/README.md に記載しています）".into()
            }
            RenderErrorReason::TemplateNotFound(n) => {
                format!("テンプレート「{n}」がありません")
            }
            RenderErrorReason::PartialNotFound(n) => {
                format!("部分テンプレート「{n}」がありません（{n}{EXTENSION} を置いてください）")
            }
            RenderErrorReason::HelperNotFound(n) => format!(
                "ヘルパー「{n}」はありません（使えるヘルパーは templates/README.md に記載しています）"
            ),
            RenderErrorReason::ParamNotFoundForIndex(h, i) => {
                format!("ヘルパー「{h}」の {} 番目の引数がありません", i + 1)
            }
            RenderErrorReason::ParamNotFoundForName(h, p) => {
                format!("ヘルパー「{h}」の引数 {p} がありません")
            }
            RenderErrorReason::ParamTypeMismatchForName(h, p, t) => {
                format!("ヘルパー「{h}」の引数 {p} の型が違います（{t} が必要です）")
            }
            RenderErrorReason::CannotIncludeSelf => {
                "テンプレートが自分自身を部分テンプレートとして読み込んでいます".into()
            }
            other => format!("展開できません（{other}）"),
        };
        Error::Template {
            name: self.describe(name),
            message: format!("{at}{reason}"),
        }
    }
}

fn registry() -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(no_escape);
    register_helpers(&mut hb);
    hb
}

handlebars_helper!(kanji: |n: u64| numbering::kanji(n));
handlebars_helper!(zenkaku: |n: u64| numbering::zenkaku(n));
handlebars_helper!(kana: |n: u64| numbering::kana(n));
handlebars_helper!(latin: |n: u64| numbering::latin(n));
handlebars_helper!(paren: |x: Json| numbering::paren(&plain(x)));
handlebars_helper!(zparen: |x: Json| format!("（{}）", plain(x)));
handlebars_helper!(numbering_label: |depth: u64, n: u64| numbering::label(depth, n));
handlebars_helper!(article: |n: u64| numbering::article(n));
handlebars_helper!(article_kanji: |n: u64| numbering::article_kanji(n));
handlebars_helper!(md_cell: |x: Json| plain(x).replace('|', "\\|").replace(['\r', '\n'], " "));
handlebars_helper!(contains: |hay: str, needle: str| hay.contains(needle));
handlebars_helper!(join: |list: Json, sep: str| match list {
    serde_json::Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(sep),
    other => plain(other),
});

/// A JSON value as text: strings without quotes, numbers as written.
fn plain(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn register_helpers(hb: &mut Handlebars<'static>) {
    hb.register_helper("kanji", Box::new(kanji));
    hb.register_helper("zenkaku", Box::new(zenkaku));
    hb.register_helper("kana", Box::new(kana));
    hb.register_helper("latin", Box::new(latin));
    hb.register_helper("paren", Box::new(paren));
    hb.register_helper("zparen", Box::new(zparen));
    hb.register_helper("numbering", Box::new(numbering_label));
    hb.register_helper("article", Box::new(article));
    hb.register_helper("article_kanji", Box::new(article_kanji));
    hb.register_helper("md_cell", Box::new(md_cell));
    hb.register_helper("join", Box::new(join));
    hb.register_helper("contains", Box::new(contains));
}

/// The names of the embedded templates, sorted: the names a folder can replace.
fn embedded_names() -> BTreeSet<String> {
    EMBEDDED
        .files()
        .filter_map(|f| template_name(f.path()))
        .collect()
}

/// Adds to `used` the partials `t` includes by name (`{{> name}}`, `{{#> name}}`), in
/// its blocks too. `false` if one is named only at render time (`{{> (lookup …)}}`).
fn partials_used(t: &Template, used: &mut BTreeSet<String>) -> bool {
    let mut all_named = true;
    let mut inner = |t: &Option<Template>, used: &mut BTreeSet<String>| {
        if let Some(t) = t {
            all_named &= partials_used(t, used);
        }
    };
    for e in &t.elements {
        match e {
            TemplateElement::PartialExpression(d) | TemplateElement::PartialBlock(d) => {
                match d.name.as_name() {
                    Some(n) => {
                        used.insert(n.to_string());
                    }
                    None => return false,
                }
                inner(&d.template, used);
            }
            TemplateElement::DecoratorBlock(d) => inner(&d.template, used),
            TemplateElement::HelperBlock(h) => {
                inner(&h.template, used);
                inner(&h.inverse, used);
            }
            _ => {}
        }
    }
    all_named
}

/// `spec.md.hbs` → `spec.md`; `None` for files that are not templates.
fn template_name(path: &Path) -> Option<String> {
    let file = path.file_name()?.to_str()?;
    let name = file.strip_suffix(EXTENSION)?;
    (!name.is_empty() && !name.starts_with('.')).then(|| name.to_string())
}

/// The `*.hbs` files of an override folder as (name, path, text), sorted by name.
fn read_dir(dir: &Path) -> Result<Vec<(String, PathBuf, String)>> {
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "テンプレートのフォルダ {} がありません（--templates にはフォルダを指定してください）",
            dir.display()
        )));
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, "テンプレートフォルダを開くことが", e))?;
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, "テンプレートフォルダを読むことが", e))?;
        let path = entry.path();
        let Some(name) = template_name(&path) else {
            continue;
        };
        if !path.is_file() {
            continue;
        }
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        if size > MAX_FILE_BYTES {
            return Err(Error::Template {
                name: describe(&name, &Origin::File(path)),
                message: format!(
                    "ファイルが大きすぎます（{size} バイト、上限 {MAX_FILE_BYTES} バイト）"
                ),
            });
        }
        let bytes = crate::input::read_file(&path, MAX_FILE_BYTES)?;
        let text = String::from_utf8(bytes).map_err(|_| Error::Template {
            name: describe(&name, &Origin::File(path.clone())),
            message: "UTF-8 のテキストではありません。テンプレートは UTF-8 で保存してください"
                .into(),
        })?;
        // A BOM written by some editors would otherwise appear in the output.
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
        out.push((name, path, text));
    }
    out.sort();
    Ok(out)
}

fn describe(name: &str, origin: &Origin) -> String {
    match origin {
        Origin::Embedded => format!("{name}{EXTENSION}（埋め込み）"),
        Origin::File(p) => format!("{name}{EXTENSION}（{}）", p.display()),
    }
}

fn position(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("{l}行目 {c}文字目: "),
        (Some(l), None) => format!("{l}行目: "),
        _ => String::new(),
    }
}

fn template_error(name: &str, origin: &Origin, e: &TemplateError) -> Error {
    let (line, column) = match e.pos() {
        Some((l, c)) => (Some(l), Some(c)),
        None => (None, None),
    };
    let reason = match e.reason() {
        TemplateErrorReason::MismatchingClosedHelper(open, close) => format!(
            "ブロック「{{{{#{open}}}}}」を「{{{{/{close}}}}}」で閉じています（「{{{{/{open}}}}}」で閉じてください）"
        ),
        TemplateErrorReason::MismatchingClosedDecorator(open, close) => {
            format!("デコレーター「{open}」を「{close}」で閉じています")
        }
        // The parser's own detail lists grammar rules; it helps nobody who edits wording.
        TemplateErrorReason::InvalidSyntax(_) => {
            "書式が正しくありません。{{ と }} の対応や、{{#each}} などのブロックが {{/each}} で閉じられているかを確認してください".into()
        }
        TemplateErrorReason::InvalidParam(p) => format!("引数「{p}」が正しくありません"),
        TemplateErrorReason::NestedSubexpression => {
            "入れ子の部分式には対応していません".into()
        }
        other => format!("読み込めません（{other}）"),
    };
    Error::Template {
        name: describe(name, origin),
        message: format!("{}{reason}", position(line, column)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: &str, text: &str) -> Templates {
        let mut t = Templates {
            hb: registry(),
            origins: BTreeMap::new(),
        };
        t.register(
            name,
            text,
            Origin::File(PathBuf::from(format!("/x/{name}.hbs"))),
        )
        .expect("registers");
        t
    }

    #[test]
    fn helpers_number_in_japanese() {
        let t = with(
            "t",
            "{{kanji 12}} {{zenkaku 3}} {{kana 2}} {{paren 1}} {{paren (kana 3)}} {{zparen 4}} {{numbering 4 1}} {{article 2}} {{article_kanji 10}} {{latin 2}}",
        );
        let out = t.render("t", &serde_json::json!({})).expect("renders");
        assert_eq!(out, "十二 ３ イ (1) (ウ) （4） (ア) 第2条 第十条 b");
    }

    #[test]
    fn helpers_compose_and_join_lists() {
        let t = with(
            "t",
            "{{zparen (zenkaku n)}} {{join list \"／\"}} {{md_cell cell}}",
        );
        let out = t
            .render(
                "t",
                &serde_json::json!({"n": 12, "list": ["a", "b"], "cell": "x|y\nz"}),
            )
            .expect("renders");
        assert_eq!(out, "（１２） a／b x\\|y z");
    }

    #[test]
    fn no_html_escaping() {
        let t = with("t", "{{x}}");
        let out = t
            .render("t", &serde_json::json!({"x": "<a & \"b\">"}))
            .expect("renders");
        assert_eq!(out, "<a & \"b\">");
    }

    #[test]
    fn missing_variable_is_an_error_with_name_and_line() {
        let t = with("t", "一行目\n{{systm.name}}\n");
        let err = t.render("t", &serde_json::json!({"system": {"name": "x"}}));
        let msg = err.expect_err("strict").to_string();
        assert!(msg.contains("t.hbs"), "{msg}");
        assert!(msg.contains("2行目"), "{msg}");
        assert!(msg.contains("systm.name"), "{msg}");
    }

    #[test]
    fn syntax_error_names_template_and_line() {
        let mut t = Templates {
            hb: registry(),
            origins: BTreeMap::new(),
        };
        let err = t
            .register(
                "spec.md",
                "# a\n\n{{#each parts}}\n{{label}}\n",
                Origin::File(PathBuf::from("/o/spec.md.hbs")),
            )
            .expect_err("unclosed block");
        let msg = err.to_string();
        assert!(msg.contains("spec.md.hbs"), "{msg}");
        assert!(msg.contains("行目"), "{msg}");
    }

    fn partials_of(text: &str) -> Option<Vec<String>> {
        let t = Template::compile(text).expect("compiles");
        let mut used = BTreeSet::new();
        partials_used(&t, &mut used).then(|| used.into_iter().collect())
    }

    #[test]
    fn partials_are_found_inside_blocks_and_however_named() {
        let used = partials_of(concat!(
            "{{> a}}{{#each xs}}{{> b}}{{else}}{{> c}}{{/each}}",
            "{{#if x}}{{#> d}}{{> e}}{{/d}}{{/if}}{{> h/i}}",
            "{{#*inline \"j\"}}{{> k}}{{/inline}}",
        ));
        assert_eq!(
            used.expect("all named"),
            ["a", "b", "c", "d", "e", "h/i", "k"]
        );
        assert_eq!(partials_of("{{x}}{{#if y}}z{{/if}}"), Some(vec![]));
        // Named at render time: any file may be the one.
        assert_eq!(partials_of("{{#if x}}{{> (lookup names 0)}}{{/if}}"), None);
    }

    #[test]
    fn every_embedded_template_loads() {
        let t = Templates::load(None).expect("embedded templates load");
        for name in [
            "spec.md",
            "spec.txt",
            "clauses.md",
            "clauses.txt",
            "spec-title",
            "clauses-purpose",
            "clauses-breach",
        ] {
            assert!(t.hb.has_template(name), "{name}");
        }
    }
}
