//! The layers, checked from the code's own imports: every `crate::…` and `super::…` path in
//! `src/` is resolved to the file of the module it names, and
//!
//! - no files import each other in a loop (a loop means two files are one concept, or a type is
//!   in the wrong place);
//! - the layers point one way: ui → api → service → repository (`server::db`) → domain, with the
//!   page data (`page`) and the errors beside the domain. The domain and the page data know no
//!   server, API, UI or language; the UI reaches no service and no repository; the API reaches
//!   the database only through services; repositories call no service; services answer no HTTP;
//! - every server function declares who may call it (`access!`) and starts with its own guard.
//!
//! Each rule is also run on a tree with a planted violation, which it must report.

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

/// Every `.rs` file under `src/` by its module, with its text.
fn sources() -> BTreeMap<Vec<String>, (PathBuf, String)> {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src.clone()];
    let mut files = BTreeMap::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read a file");
                files.insert(module_of(&path, &src), (path, text));
            }
        }
    }
    files
}

fn graph() -> Graph {
    graph_of(&sources())
}

fn graph_of(sources: &BTreeMap<Vec<String>, (PathBuf, String)>) -> Graph {
    let files: BTreeMap<Vec<String>, PathBuf> = sources
        .iter()
        .map(|(m, (path, _))| (m.clone(), path.clone()))
        .collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, (path, text)) in sources {
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

/// The tree with one more file, `module` (e.g. `ui::planted`), holding `text`.
fn planted(module: &str, text: &str) -> Graph {
    let mut sources = sources();
    let module: Vec<String> = module.split("::").map(str::to_string).collect();
    let path = PathBuf::from(format!("src/{}.rs", module.join("/")));
    sources.insert(module, (path, text.to_string()));
    graph_of(&sources)
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

/// (the importing layer, the layers it must never import)
const LAYERS: &[(&str, &[&str])] = &[
    (
        "domain",
        &["api", "ui", "server", "page", "i18n", "error", "app"],
    ),
    ("page", &["api", "ui", "server", "i18n", "app"]),
    ("error", &["api", "ui", "server", "page", "i18n", "app"]),
    ("i18n", &["api", "ui", "server", "page", "app"]),
    ("ui", &["server::db", "server::service"]),
    ("api", &["ui", "app", "server::db"]),
    (
        "server::db",
        &[
            "server::service",
            "api",
            "ui",
            "app",
            "server::http",
            "server::session",
            "server::access",
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
            "server::session",
            "server::access",
            "server::cookies",
        ],
    ),
];

/// Every import against `LAYERS`, as `from -> to`.
fn against_the_layers(g: &Graph) -> Vec<String> {
    let mut broken = Vec::new();
    for (from, targets) in &g.edges {
        let from_name = name(from);
        for (layer, never) in LAYERS {
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
    broken
}

#[test]
fn the_layers_point_one_way() {
    assert_eq!(
        against_the_layers(&graph()),
        Vec::<String>::new(),
        "imports against the layers"
    );
}

#[test]
fn a_planted_import_against_the_layers_is_reported() {
    let ui_to_db = planted("ui::planted", "use crate::server::db::Db;\n");
    assert_eq!(against_the_layers(&ui_to_db), ["ui::planted -> server::db"]);
    let ui_to_service = planted(
        "ui::planted",
        "fn f() { crate::server::service::catalog::home(); }\n",
    );
    assert_eq!(
        against_the_layers(&ui_to_service),
        ["ui::planted -> server::service::catalog"]
    );
    // The API writing (or reading) through a repository instead of a service.
    let api_to_db = planted(
        "api::planted",
        "use crate::server::db::accounts::insert_user;\n",
    );
    assert_eq!(
        against_the_layers(&api_to_db),
        ["api::planted -> server::db::accounts"]
    );
    let within = planted("domain::planted", "use crate::domain::money::Won;\n");
    assert_eq!(against_the_layers(&within), Vec::<String>::new());
}

#[test]
fn a_planted_import_loop_is_reported() {
    let mut sources = sources();
    for (this, other) in [("planted_a", "planted_b"), ("planted_b", "planted_a")] {
        sources.insert(
            vec!["domain".into(), this.into()],
            (
                PathBuf::from(format!("src/domain/{this}.rs")),
                format!("use crate::domain::{other}::X;\n"),
            ),
        );
    }
    let found = loops(&graph_of(&sources));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains(&"domain::planted_a".to_string()),
        "{found:?}"
    );
}

/// Every server function of a file (`#[server(endpoint = …)]`; every one names its endpoint) with
/// the type its `access!` declared just before it, and whether its body calls
/// `guard::<ThatType>()`: `(function, declared, guarded)`.
fn guards_in(text: &str) -> Vec<(String, Option<String>, bool)> {
    let code = code_only(text);
    let mut out = Vec::new();
    let mut declared: Option<String> = None;
    let mut rest = code.as_str();
    loop {
        let next_access = rest.find("access!(");
        let next_server = rest.find(SERVER_FN);
        match (next_access, next_server) {
            (Some(a), s) if s.is_none_or(|s| a < s) => {
                let after = &rest[a + "access!(".len()..];
                declared = after
                    .split("=>")
                    .next()
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty());
                rest = after;
            }
            (_, Some(s)) => {
                let after = &rest[s..];
                let name = after
                    .split("pub async fn ")
                    .nth(1)
                    .and_then(|f| f.split('(').next())
                    .unwrap_or_default()
                    .to_string();
                // The body: up to the next function or declaration.
                let body_end = [after[1..].find("access!("), after[1..].find(SERVER_FN)]
                    .into_iter()
                    .flatten()
                    .min()
                    .map_or(after.len(), |e| e + 1);
                let body = &after[..body_end];
                let guarded = declared
                    .as_ref()
                    .is_some_and(|d| body.contains(&format!("guard::<{d}>()")));
                out.push((name, declared.take(), guarded));
                rest = &after[1..];
            }
            _ => break,
        }
    }
    out
}

const SERVER_FN: &str = "#[server(endpoint";

/// The server functions under `src/api` that declare no rule, or don't start from their guard.
fn unguarded(sources: &BTreeMap<Vec<String>, (PathBuf, String)>) -> Vec<String> {
    let mut bad = Vec::new();
    for (module, (_, text)) in sources {
        if module.first().map(String::as_str) != Some("api") {
            continue;
        }
        for (function, declared, guarded) in guards_in(text) {
            if declared.is_none() || !guarded {
                bad.push(format!("{}::{function}", name(module)));
            }
        }
    }
    bad
}

#[test]
fn every_server_function_declares_its_rule_and_starts_from_its_guard() {
    let sources = sources();
    let count: usize = sources
        .iter()
        .filter(|(m, _)| m.first().map(String::as_str) == Some("api"))
        .map(|(_, (_, text))| guards_in(text).len())
        .sum();
    assert!(count >= 40, "{count} server functions read");
    assert_eq!(unguarded(&sources), Vec::<String>::new());

    // Planted: one guarding with another function's (looser) rule, one without a rule.
    let mut planted = sources.clone();
    planted.insert(
        vec!["api".into(), "planted".into()],
        (
            PathBuf::from("src/api/planted.rs"),
            "access!(Strict => OPERATORS);\n#[server(endpoint = \"x/strict\")]\n\
             pub async fn strict(#[server(flatten)] f: F) -> Result<(), AppError> {\n\
             let cx = guard::<Loose>()?;\n}\n\
             #[server(endpoint = \"x/none\")]\npub async fn none() -> Result<(), AppError> {}\n"
                .to_string(),
        ),
    );
    assert_eq!(
        unguarded(&planted),
        ["api::planted::strict", "api::planted::none"]
    );
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
