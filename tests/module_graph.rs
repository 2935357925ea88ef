//! The modules of src/ form no cycle.
//!
//! Each file of src/ is a module (`src/sheet/form/layout.rs` is `sheet::form::layout`).
//! Module A depends on module B when A's code (outside `#[cfg(test)]`) names an item
//! defined in B: through `use crate::…`, `use super::…`, a child module's name, or a path
//! written out in full. A `pub use` re-export is a doorway, not a dependency: a path
//! through it counts as naming the module the item is defined in.
//!
//! `cargo test --test module_graph -- --nocapture` prints every edge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

type Module = Vec<String>;

fn name(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_string()
    } else {
        module.join("::")
    }
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg") && {
            let text = a.meta.to_token_stream_string();
            text.contains("test") && !text.contains("not")
        }
    })
}

trait MetaText {
    fn to_token_stream_string(&self) -> String;
}

impl MetaText for syn::Meta {
    fn to_token_stream_string(&self) -> String {
        quote::ToTokens::to_token_stream(self).to_string()
    }
}

/// What one file says: its child modules, its imports, its re-exports, and every path
/// its code names (as written, before resolution).
#[derive(Default)]
struct FileFacts {
    children: BTreeSet<String>,
    /// `use` bindings: the name in scope → the path it stands for (as written).
    bindings: BTreeMap<String, Vec<String>>,
    /// `pub use` bindings, the module's doorways.
    reexports: BTreeMap<String, Vec<String>>,
    /// `pub use x::*`.
    glob_reexports: Vec<Vec<String>>,
    /// Paths named by private `use` items and by code.
    named: Vec<Vec<String>>,
}

fn flatten(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(String, Vec<String>)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            flatten(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let ident = n.ident.to_string();
            if ident == "self" {
                let bound = prefix.last().cloned().unwrap_or_default();
                out.push((bound, prefix.clone()));
            } else {
                let mut path = prefix.clone();
                path.push(ident.clone());
                out.push((ident, path));
            }
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            let ident = r.ident.to_string();
            if ident != "self" {
                path.push(ident);
            }
            out.push((r.rename.to_string(), path));
        }
        syn::UseTree::Glob(_) => out.push(("*".to_string(), prefix.clone())),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                flatten(t, prefix, out);
            }
        }
    }
}

struct Collector<'a> {
    facts: &'a mut FileFacts,
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs: &[syn::Attribute] = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Static(s) => &s.attrs,
            syn::Item::Trait(t) => &t.attrs,
            syn::Item::Type(t) => &t.attrs,
            syn::Item::Macro(m) => &m.attrs,
            _ => &[],
        };
        if is_test_only(attrs) {
            return;
        }
        match item {
            syn::Item::Mod(m) if m.content.is_none() => {
                self.facts.children.insert(m.ident.to_string());
            }
            syn::Item::Use(u) => {
                let mut flat = Vec::new();
                flatten(&u.tree, &mut Vec::new(), &mut flat);
                let public = !matches!(u.vis, syn::Visibility::Inherited);
                for (bound, path) in flat {
                    if public {
                        if bound == "*" {
                            self.facts.glob_reexports.push(path);
                        } else {
                            self.facts.reexports.insert(bound.clone(), path.clone());
                            self.facts.bindings.insert(bound, path);
                        }
                    } else {
                        if bound != "*" {
                            self.facts.bindings.insert(bound, path.clone());
                        }
                        self.facts.named.push(path);
                    }
                }
            }
            _ => syn::visit::visit_item(self, item),
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.facts.named.push(segments);
        syn::visit::visit_path(self, path);
    }

    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {
        // `pub(crate)`, `pub(super)`, `pub(in path)` say who may see an item; they
        // name no item to depend on.
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // Macro bodies are token streams: pick out `a::b::c` chains.
        paths_in_tokens(mac.tokens.clone(), &mut self.facts.named);
        syn::visit::visit_macro(self, mac);
    }
}

fn paths_in_tokens(tokens: TokenStream, out: &mut Vec<Vec<String>>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Group(g) => paths_in_tokens(g.stream(), out),
            TokenTree::Ident(first) => {
                let mut path = vec![first.to_string()];
                let mut j = i + 1;
                while j + 2 < trees.len() && is_colon(&trees[j]) && is_colon(&trees[j + 1]) {
                    if let TokenTree::Ident(next) = &trees[j + 2] {
                        path.push(next.to_string());
                        j += 3;
                    } else {
                        break;
                    }
                }
                if path.len() > 1 {
                    out.push(path);
                    i = j;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

fn is_colon(tree: &TokenTree) -> bool {
    matches!(tree, TokenTree::Punct(p) if p.as_char() == ':')
}

fn module_of(src: &Path, file: &Path) -> Option<Module> {
    let rel = file.strip_prefix(src).ok()?;
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop()?;
    let stem = last.strip_suffix(".rs")?.to_string();
    if parts.is_empty() && stem == "main" {
        return None; // the binary, a crate of its own
    }
    if !(stem == "mod" || (parts.is_empty() && stem == "lib")) {
        parts.push(stem);
    }
    Some(parts)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

struct Crate {
    files: BTreeMap<Module, FileFacts>,
}

impl Crate {
    fn read(src: &Path) -> Crate {
        let mut paths = Vec::new();
        rust_files(src, &mut paths);
        let mut files = BTreeMap::new();
        for path in paths {
            let Some(module) = module_of(src, &path) else {
                continue;
            };
            let text = std::fs::read_to_string(&path).expect("source file");
            let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let mut facts = FileFacts::default();
            Collector { facts: &mut facts }.visit_file(&ast);
            files.insert(module, facts);
        }
        // Files behind `#[cfg(test)] mod x;` are not part of the graph.
        let declared: BTreeSet<Module> = files
            .iter()
            .flat_map(|(m, f)| {
                f.children.iter().map(move |c| {
                    let mut child = m.clone();
                    child.push(c.clone());
                    child
                })
            })
            .collect();
        files.retain(|m, _| m.is_empty() || declared.contains(m));
        Crate { files }
    }

    /// The absolute path a path written in `module` stands for, or None for an
    /// external crate, a local name or a primitive.
    fn absolute(&self, module: &Module, path: &[String]) -> Option<Vec<String>> {
        self.absolute_within(module, path, 0)
    }

    fn absolute_within(
        &self,
        module: &Module,
        path: &[String],
        depth: usize,
    ) -> Option<Vec<String>> {
        if depth > 16 {
            return None; // `use toml;`: a name bound to itself is an external crate
        }
        let facts = self.files.get(module)?;
        let (first, rest) = path.split_first()?;
        let mut base: Vec<String> = match first.as_str() {
            "crate" => Vec::new(),
            "self" => module.clone(),
            "super" => {
                let mut up = module.clone();
                up.pop();
                let mut rest = rest;
                while rest.first().is_some_and(|s| s == "super") {
                    up.pop();
                    rest = &rest[1..];
                }
                up.extend(rest.iter().cloned());
                return Some(up);
            }
            f if facts.children.contains(f) => {
                let mut child = module.clone();
                child.push(f.to_string());
                child
            }
            f => {
                let bound = facts.bindings.get(f)?;
                let mut expanded = self.absolute_within(module, bound, depth + 1)?;
                expanded.extend(rest.iter().cloned());
                return Some(expanded);
            }
        };
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The module that defines what `path` (absolute) names, following re-exports.
    fn defining_module(&self, path: &[String], depth: usize) -> Option<Module> {
        let mut module: Module = Vec::new();
        let mut i = 0;
        while i < path.len() {
            let mut next = module.clone();
            next.push(path[i].clone());
            if self.files.contains_key(&next) {
                module = next;
                i += 1;
            } else {
                break;
            }
        }
        if i < path.len() && depth < 16 {
            let facts = self.files.get(&module)?;
            if let Some(target) = facts.reexports.get(&path[i]) {
                let mut through = self.absolute(&module, target)?;
                through.extend(path[i + 1..].iter().cloned());
                return self.defining_module(&through, depth + 1);
            }
            for glob in &facts.glob_reexports {
                let Some(mut through) = self.absolute(&module, glob) else {
                    continue;
                };
                through.extend(path[i..].iter().cloned());
                if let Some(found) = self.defining_module(&through, depth + 1) {
                    if found != module {
                        return Some(found);
                    }
                }
            }
        }
        Some(module)
    }

    fn edges(&self) -> BTreeMap<Module, BTreeSet<Module>> {
        let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
        for (module, facts) in &self.files {
            let entry = edges.entry(module.clone()).or_default();
            for path in &facts.named {
                let Some(absolute) = self.absolute(module, path) else {
                    continue;
                };
                let Some(target) = self.defining_module(&absolute, 0) else {
                    continue;
                };
                // A path that names a module itself (`use crate::catalog;`) is not yet
                // a dependency on that module's façade: the code that follows is.
                if &target != module && !(absolute == target && facts.named_only_as_prefix(path)) {
                    entry.insert(target);
                }
            }
        }
        edges
    }
}

impl FileFacts {
    fn named_only_as_prefix(&self, path: &[String]) -> bool {
        // A bare module import (`use crate::catalog::load;`) only brings a name into
        // scope; the paths written through it are resolved on their own.
        self.bindings.values().any(|b| b == path)
    }
}

/// Strongly connected components with more than one module (Tarjan).
fn cycles(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct State<'a> {
        edges: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on_stack: BTreeSet<&'a Module>,
        next: usize,
        found: Vec<Vec<Module>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Module) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        if let Some(targets) = s.edges.get(v) {
            for w in targets {
                let Some((w, _)) = s.edges.get_key_value(w) else {
                    continue;
                };
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let low = s.low[v].min(s.low[w]);
                    s.low.insert(v, low);
                } else if s.on_stack.contains(w) {
                    let low = s.low[v].min(s.index[w]);
                    s.low.insert(v, low);
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.found
}

fn describe(cycle: &[Module], edges: &BTreeMap<Module, BTreeSet<Module>>) -> String {
    let members: BTreeSet<&Module> = cycle.iter().collect();
    let mut lines = vec![format!(
        "cycle among {}:",
        cycle.iter().map(|m| name(m)).collect::<Vec<_>>().join(", ")
    )];
    for m in cycle {
        for t in &edges[m] {
            if members.contains(t) {
                lines.push(format!("  {} -> {}", name(m), name(t)));
            }
        }
    }
    lines.join("\n")
}

#[test]
fn src_modules_form_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let krate = Crate::read(&src);
    assert!(
        krate.files.len() > 10,
        "src/ を読めていません（{} モジュール）",
        krate.files.len()
    );
    let edges = krate.edges();
    for (from, to) in &edges {
        for t in to {
            println!("{} -> {}", name(from), name(t));
        }
    }
    let found = cycles(&edges);
    let report: Vec<String> = found.iter().map(|c| describe(c, &edges)).collect();
    assert!(found.is_empty(), "module cycles:\n{}", report.join("\n"));
}

/// The checker itself finds a cycle, through a re-export and a child's `super::`.
#[test]
fn checker_finds_a_cycle_through_a_reexport() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path();
    std::fs::create_dir_all(src.join("a")).expect("mkdir");
    std::fs::write(src.join("lib.rs"), "pub mod a;\npub mod b;\n").expect("write");
    std::fs::write(
        src.join("a/mod.rs"),
        "mod inner;\npub use inner::Thing;\npub fn f() { crate::b::g(); }\n",
    )
    .expect("write");
    std::fs::write(src.join("a/inner.rs"), "pub struct Thing;\n").expect("write");
    std::fs::write(
        src.join("b.rs"),
        "use crate::a::Thing;\npub fn g() -> Option<Thing> { None }\n",
    )
    .expect("write");
    let krate = Crate::read(src);
    let edges = krate.edges();
    // b names Thing through a's doorway: the edge goes to a::inner, so no cycle.
    assert!(edges[&vec!["b".to_string()]].contains(&vec!["a".to_string(), "inner".to_string()]));
    assert!(cycles(&edges).is_empty());

    // Now inner calls back into b: a -> b -> a::inner -> b.
    std::fs::write(
        src.join("a/inner.rs"),
        "pub struct Thing;\npub fn h() { super::super::b::g(); }\n",
    )
    .expect("write");
    let krate = Crate::read(src);
    let found = cycles(&krate.edges());
    assert_eq!(found.len(), 1, "{:?}", found);
    assert!(found[0].contains(&vec!["b".to_string()]));
}

/// Visibility (`pub(crate)`, `pub(super)`) is not a dependency on the module it names.
#[test]
fn checker_ignores_visibility() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path();
    std::fs::create_dir_all(src.join("a")).expect("mkdir");
    std::fs::write(src.join("lib.rs"), "pub mod a;\npub fn run() { a::f(); }\n").expect("write");
    std::fs::write(
        src.join("a/mod.rs"),
        "mod inner;\npub(crate) fn f() { inner::g(); }\n",
    )
    .expect("write");
    std::fs::write(
        src.join("a/inner.rs"),
        "pub(super) fn g() {}\npub(crate) struct S;\n",
    )
    .expect("write");
    let krate = Crate::read(src);
    let edges = krate.edges();
    assert!(cycles(&edges).is_empty(), "{:?}", cycles(&edges));
    assert!(edges[&vec!["a".to_string(), "inner".to_string()]].is_empty());
}

/// Test-only code is outside the graph.
#[test]
fn checker_ignores_test_modules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path();
    std::fs::write(src.join("lib.rs"), "pub mod a;\npub mod b;\n").expect("write");
    std::fs::write(src.join("a.rs"), "pub fn f() { crate::b::g(); }\n").expect("write");
    std::fs::write(
        src.join("b.rs"),
        "pub fn g() {}\n#[cfg(test)]\nmod tests { use crate::a::f; #[test] fn t() { f(); } }\n",
    )
    .expect("write");
    let krate = Crate::read(src);
    assert!(cycles(&krate.edges()).is_empty());
}
