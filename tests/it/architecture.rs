//! Guards for the shape of `src/`, read from the source text: the layers and who may import
//! whom, where git2 may appear, and how long a file may grow. ARCHITECTURE.md explains the
//! layers; this test is what keeps that page true.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The house, bottom first. A module may import from its own layer or any layer below,
/// never from above, and the module graph as a whole has no circle.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "foundations",
        &["text", "date", "id", "rules", "order", "lock"],
    ),
    (
        "plain data and git",
        &["diagnostic", "sanitize", "write", "git"],
    ),
    ("file formats", &["item", "ranking", "config", "merge"]),
    ("the backlog", &["load", "history", "ready", "templates"]),
    (
        "judgements and edits",
        &[
            "lint",
            "policy",
            "diff",
            "store",
            "numbering",
            "fix",
            "economics",
            "exchange",
            "index",
        ],
    ),
    ("output", &["render", "board"]),
    ("verbs and servers", &["commands", "lsp", "serve"]),
    ("the command line", &["cli"]),
];

/// A file in `src/` may not pass this many lines (tests included: they go in a sibling
/// `tests.rs` when a module grows).
const MAX_LINES: usize = 450;

struct SourceFile {
    /// `src/lint/deps.rs` → `lint/deps.rs`.
    rel: String,
    /// The top-level module it belongs to (`lint`), or `None` for the crate root files.
    module: Option<String>,
    text: String,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn source_files() -> Vec<SourceFile> {
    let src = src_dir();
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap_or_else(|e| panic!("walking src/: {e}"));
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let rel = path
            .strip_prefix(&src)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .to_string_lossy()
            .replace('\\', "/");
        let module = match rel.as_str() {
            "lib.rs" | "main.rs" => None,
            _ => Some(
                rel.split('/')
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches(".rs")
                    .to_owned(),
            ),
        };
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        out.push(SourceFile { rel, module, text });
    }
    assert!(
        out.len() > 20,
        "the walk of src/ found only {} files",
        out.len()
    );
    out
}

/// The code of a file that is built into the binary: test modules and files (`tests.rs`,
/// `tests_*.rs`, `test_support.rs`, files under a `tests/` folder, anything after
/// `#[cfg(test)]`) and comments are left out,
/// since a test may reach up to check a layer against the one above it.
fn shipped_code(file: &SourceFile) -> String {
    let mut parts = file.rel.split('/');
    let name = parts.next_back().unwrap_or_default();
    let in_tests_dir = parts.any(|dir| dir == "tests");
    if in_tests_dir || name == "tests.rs" || name.starts_with("tests_") || name.starts_with("test_")
    {
        return String::new();
    }
    let text = without_test_items(&file.text);
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` with every item marked `#[cfg(test)]` cut out: a `mod x;` up to its `;`, a block up
/// to its matching brace (string and char literals are stepped over so braces in them do not
/// count). Code after a test module is still shipped, so it is kept.
fn without_test_items(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..i]);
        let item = &rest[i..];
        rest = &item[item_end(item)..];
    }
    out.push_str(rest);
    out
}

/// The byte length of the item that starts at `item` (attribute included).
fn item_end(item: &str) -> usize {
    let bytes = item.as_bytes();
    let mut depth = 0usize;
    let mut i = "#[cfg(test)]".len();
    while i < bytes.len() {
        match bytes[i] {
            b';' if depth == 0 => return i + 1,
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 2,
            b'"' => {
                // A raw string `r#"…"#` ends at `"` followed by as many `#` as opened it.
                let hashes = item[..i].bytes().rev().take_while(|b| *b == b'#').count();
                let raw = item[..i - hashes].ends_with('r');
                let close = format!("\"{}", "#".repeat(hashes));
                i += 1;
                while i < bytes.len() {
                    if !raw && bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if bytes[i..].starts_with(close.as_bytes()) && (raw || bytes[i] == b'"') {
                        i += close.len() - 1;
                        break;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// The top-level modules a piece of code names through `crate::` paths, including each name
/// in a `use crate::{a, b::c}` group.
fn crate_imports(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0usize;
            let mut word_start = true;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        word_start = true;
                        continue;
                    }
                    _ => {}
                }
                if word_start && depth == 0 && !c.is_whitespace() {
                    let name = ident(&group[j..]);
                    if !name.is_empty() && name != "self" {
                        out.insert(name);
                    }
                    word_start = false;
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

/// Who imports whom, by top-level module, from the shipped code only.
fn module_graph(files: &[SourceFile]) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let mut graph: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in files {
        let Some(module) = &file.module else { continue };
        let entry = graph.entry(module.clone()).or_default();
        for target in crate_imports(&shipped_code(file)) {
            if &target != module {
                entry.entry(target).or_default().insert(file.rel.clone());
            }
        }
    }
    graph
}

#[test]
fn every_module_sits_in_a_layer_and_imports_only_from_its_own_or_below() {
    let files = source_files();
    let graph = module_graph(&files);
    let mut problems = Vec::new();
    for (module, targets) in &graph {
        let Some(from) = layer_of(module) else {
            problems.push(format!(
                "src/{module} is in no layer: add it to LAYERS and ARCHITECTURE.md"
            ));
            continue;
        };
        for (target, sites) in targets {
            match layer_of(target) {
                Some(to) if to <= from => {}
                Some(to) => problems.push(format!(
                    "{module} ({}) imports {target} ({}), a layer above it, in {sites:?}",
                    LAYERS[from].0, LAYERS[to].0
                )),
                None if target.starts_with(char::is_uppercase) => problems.push(format!(
                    "{module} names crate::{target} at the crate root; import it from the \
                     module that owns it ({sites:?})"
                )),
                None => problems.push(format!(
                    "{module} imports crate::{target}, which is in no layer ({sites:?})"
                )),
            }
        }
    }
    assert!(
        problems.is_empty(),
        "layering broken:\n{}",
        problems.join("\n")
    );
}

#[test]
fn no_import_circle_between_modules() {
    let graph = module_graph(&source_files());
    // Depth-first search for a back edge; report the circle it closes.
    fn visit<'a>(
        node: &'a str,
        graph: &'a BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|n| *n == node) {
            let mut circle: Vec<String> = path[i..].iter().map(|s| s.to_string()).collect();
            circle.push(node.to_owned());
            return Some(circle);
        }
        if !done.insert(node) {
            return None;
        }
        path.push(node);
        for target in graph.get(node).into_iter().flat_map(|t| t.keys()) {
            if let Some(circle) = visit(target, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        if let Some(circle) = visit(module, &graph, &mut Vec::new(), &mut done) {
            panic!("import circle: {}", circle.join(" -> "));
        }
    }
}

#[test]
fn git2_is_named_only_under_git() {
    let offenders: Vec<String> = source_files()
        .iter()
        .filter(|f| f.module.as_deref() != Some("git"))
        .filter(|f| {
            f.text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .any(|l| l.contains("git2::") || l.contains("use git2"))
        })
        .map(|f| f.rel.clone())
        .collect();
    assert!(offenders.is_empty(), "git2 outside src/git/: {offenders:?}");
}

#[test]
fn no_file_in_src_passes_the_line_limit() {
    let long: Vec<String> = source_files()
        .iter()
        .map(|f| (f.rel.clone(), f.text.lines().count()))
        .filter(|(_, n)| *n > MAX_LINES)
        .map(|(rel, n)| format!("src/{rel}: {n} lines"))
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines (split them by job):\n{}",
        long.join("\n")
    );
}

#[test]
fn test_items_are_left_out_and_code_after_them_kept() {
    let text = "use crate::a;\n#[cfg(test)]\nmod tests;\n#[cfg(test)]\nmod inline {\n    \
                use crate::b;\n    const S: &str = \"}\";\n    const R: &str = r#\"}\"#;\n    \
                const C: char = '}';\n}\nuse crate::c;\n";
    let kept = without_test_items(text);
    let found: Vec<String> = crate_imports(&kept).into_iter().collect();
    assert_eq!(found, ["a", "c"], "{kept}");
}

#[test]
fn the_import_reader_sees_groups_and_paths() {
    let code = "use crate::{a, b::{c, d}, self};\nuse crate::e::f;\nlet x = crate::g::h();";
    let found: Vec<String> = crate_imports(code).into_iter().collect();
    assert_eq!(found, ["a", "b", "e", "g"]);
}
