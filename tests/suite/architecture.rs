//! The layers, checked from the code's own imports: every `crate::…` and `super::…` path in
//! `src/` is resolved to the file of the module it names, and
//!
//! - no files import each other in a loop (a loop means two files are one concept, or a type is
//!   in the wrong place);
//! - the layers point one way: ui → api → service → repository (`server::db`) → domain, with the
//!   page data (`page`) and the errors beside the domain. The domain and the page data know no
//!   server, API, UI or language; repositories call no service; services answer no HTTP.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

/// `src/a/b.rs` and `src/a/b/mod.rs` → `["a", "b"]`; `src/lib.rs` → `[]`.
fn module_of(file: &Path, src: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The file of the module `path` names, or of the deepest module along it that has a file.
fn file_of(path: &[String], files: &BTreeMap<Vec<String>, PathBuf>) -> Option<Vec<String>> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|m| files.contains_key(m))
}

/// The source without comments and string literals (SQL and docs name words, not modules).
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            '\'' => {
                // A char literal ('a', '\n', '{') or a lifetime ('a): skip a literal whole.
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with('\\') {
                    chars.by_ref().take_while(|c| *c != '\'').for_each(drop);
                } else if rest.chars().nth(1) == Some('\'') {
                    chars.next();
                    chars.next();
                } else {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Every module path a file names: `use` trees (with their braces) and inline paths.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let word_at = |i: usize, w: &str| -> bool {
        let end = i + w.len();
        end <= bytes.len()
            && bytes[i..end].iter().collect::<String>() == w
            && (i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_'))
            && !(end < bytes.len() && (bytes[end].is_alphanumeric() || bytes[end] == '_'))
    };
    let mut i = 0;
    while i < bytes.len() {
        if word_at(i, "crate") || word_at(i, "super") {
            // Read a path tree from here: idents, `::`, and brace groups.
            let (tree, end) = read_tree(&bytes, i);
            out.extend(tree);
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Reads `a::b::{c, d::e}` from `at`: every path it spells, and where it ends.
fn read_tree(s: &[char], at: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    let mut i = at;
    loop {
        while i < s.len() && s[i].is_whitespace() {
            i += 1;
        }
        if i < s.len() && s[i] == '{' {
            let mut paths = Vec::new();
            i += 1;
            loop {
                while i < s.len() && (s[i].is_whitespace() || s[i] == ',') {
                    i += 1;
                }
                if i >= s.len() || s[i] == '}' {
                    break;
                }
                let (sub, end) = read_tree(s, i);
                if end <= i {
                    break;
                }
                for p in sub {
                    let mut full = prefix.clone();
                    full.extend(p);
                    paths.push(full);
                }
                i = end;
            }
            return (paths, i + 1);
        }
        let start = i;
        while i < s.len() && (s[i].is_alphanumeric() || s[i] == '_') {
            i += 1;
        }
        if i == start {
            return (vec![prefix], i);
        }
        prefix.push(s[start..i].iter().collect());
        if i + 1 < s.len() && s[i] == ':' && s[i + 1] == ':' {
            i += 2;
        } else {
            return (vec![prefix], i);
        }
    }
}

/// Resolves a path spelled in the module `here` to absolute segments from the crate root.
fn absolute(path: &[String], here: &[String], is_mod_file: bool) -> Option<Vec<String>> {
    let mut at: Vec<String> = here.to_vec();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            at.clear();
            rest = &rest[1..];
        }
        Some("super") => {
            // In `a/b.rs` (module a::b) `super` is `a`; in `a/b/mod.rs` (module a::b) also `a`.
            let _ = is_mod_file;
            while rest.first().map(String::as_str) == Some("super") {
                at.pop()?;
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    at.extend(rest.iter().filter(|s| *s != "self").cloned());
    Some(at)
}

struct Graph {
    files: BTreeMap<Vec<String>, PathBuf>,
    edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
}

fn graph() -> Graph {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src.clone()];
    let mut files = BTreeMap::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path.starts_with(src.join("bin"))
            {
                files.insert(module_of(&path, &src), path);
            }
        }
    }
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, path) in &files {
        let text = std::fs::read_to_string(path).expect("read a file");
        let is_mod = path.file_name().is_some_and(|n| n == "mod.rs");
        // The tests inside a file are no part of its imports.
        let text = text
            .split("#[cfg(test)]\nmod tests")
            .next()
            .unwrap_or_default();
        for p in paths_in(&code_only(text)) {
            let Some(abs) = absolute(&p, module, is_mod) else {
                continue;
            };
            let Some(target) = file_of(&abs, &files) else {
                continue;
            };
            // A module's own file, and a module's file naming what is inside it, are no edges.
            if target == *module || target.starts_with(module) {
                continue;
            }
            edges.entry(module.clone()).or_default().insert(target);
        }
    }
    Graph { files, edges }
}

fn name(m: &[String]) -> String {
    if m.is_empty() {
        "lib".into()
    } else {
        m.join("::")
    }
}

/// Tarjan's strongly connected components of more than one file.
fn loops(g: &Graph) -> Vec<Vec<String>> {
    struct T<'g> {
        g: &'g Graph,
        index: BTreeMap<&'g Vec<String>, usize>,
        low: BTreeMap<&'g Vec<String>, usize>,
        stack: Vec<&'g Vec<String>>,
        on: BTreeSet<&'g Vec<String>>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(t: &mut T<'g>, v: &'g Vec<String>) {
        t.index.insert(v, t.next);
        t.low.insert(v, t.next);
        t.next += 1;
        t.stack.push(v);
        t.on.insert(v);
        if let Some(ws) = t.g.edges.get(v) {
            for w in ws {
                let Some((w, _)) = t.g.files.get_key_value(w) else {
                    continue;
                };
                if !t.index.contains_key(w) {
                    visit(t, w);
                    let lw = t.low[w];
                    let lv = t.low[v];
                    t.low.insert(v, lv.min(lw));
                } else if t.on.contains(w) {
                    let iw = t.index[w];
                    let lv = t.low[v];
                    t.low.insert(v, lv.min(iw));
                }
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                comp.push(name(w));
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                t.found.push(comp);
            }
        }
    }
    let mut t = T {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in g.files.keys() {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    t.found
}

#[test]
fn no_files_import_each_other_in_a_loop() {
    let g = graph();
    assert!(g.files.len() > 60, "{} files read", g.files.len());
    assert!(
        g.edges.values().map(BTreeSet::len).sum::<usize>() > 150,
        "imports were read"
    );
    assert_eq!(loops(&g), Vec::<Vec<String>>::new(), "import loops");
}

#[test]
fn the_layers_point_one_way() {
    let g = graph();
    // (the importing layer, the layers it must never import)
    let rules: &[(&str, &[&str])] = &[
        (
            "domain",
            &["api", "ui", "server", "page", "i18n", "error", "app"],
        ),
        ("page", &["api", "ui", "server", "i18n", "app"]),
        ("error", &["api", "ui", "server", "page", "i18n", "app"]),
        ("i18n", &["api", "ui", "server", "page", "app"]),
        ("api", &["ui", "app"]),
        (
            "server::db",
            &[
                "server::service",
                "api",
                "ui",
                "app",
                "server::http",
                "server::auth",
            ],
        ),
        (
            "server::service",
            &[
                "api",
                "ui",
                "app",
                "server::http",
                "server::forms",
                "server::auth",
            ],
        ),
    ];
    let mut broken = Vec::new();
    for (from, targets) in &g.edges {
        let from_name = name(from);
        for (layer, never) in rules {
            if !(from_name == *layer || from_name.starts_with(&format!("{layer}::"))) {
                continue;
            }
            for to in targets {
                let to_name = name(to);
                if never
                    .iter()
                    .any(|n| to_name == *n || to_name.starts_with(&format!("{n}::")))
                {
                    broken.push(format!("{from_name} -> {to_name}"));
                }
            }
        }
    }
    assert_eq!(broken, Vec::<String>::new(), "imports against the layers");
}

#[test]
fn the_reader_finds_what_it_should() {
    let code =
        code_only("use super::{a::{b, c}, d};\nlet x = crate::e::f(\"crate::g\"); // crate::h\n");
    let paths = paths_in(&code);
    let names: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        names,
        ["super::a::b", "super::a::c", "super::d", "crate::e::f"]
    );
}
