use super::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[test]
fn registry_is_sorted_unique_and_documented() {
    for pair in RULES.windows(2) {
        assert!(
            pair[0].code < pair[1].code,
            "{} must come before {}",
            pair[1].code,
            pair[0].code
        );
    }
    let mut names: Vec<_> = RULES.iter().map(|r| r.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), RULES.len(), "rule names must be unique");
    for r in RULES {
        assert!(
            !r.summary.is_empty() && !r.fix.is_empty() && !r.judged_in.is_empty(),
            "{} needs docs and the module that judges it",
            r.code
        );
    }
}

/// Every `.rs` file under `src/`, by its module path (`src/lint/deps.rs` → `lint::deps`).
fn source_modules() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&src)
        .into_iter()
        .map(|e| e.unwrap_or_else(|e| panic!("walking src/: {e}")))
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(&src).unwrap_or(&path).with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (parts.join("::"), text)
        })
        .collect()
}

/// The string literals in `text` shaped like a rule code (`FM001`, `DONE001`).
fn code_literals(text: &str) -> Vec<&str> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|word| {
            (5..=7).contains(&word.len())
                && word.chars().take_while(char::is_ascii_uppercase).count() >= 2
                && word.chars().rev().take(3).all(|c| c.is_ascii_digit())
                && word
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
        .collect()
}

fn within(module: &str, judged: &str) -> bool {
    module == judged
        || module
            .strip_prefix(judged)
            .is_some_and(|rest| rest.starts_with("::"))
}

/// The guard that keeps the registry whole: it walks every file under `src/`, so a module
/// that is split or added cannot escape it.
#[test]
fn every_code_in_the_source_is_registered_and_judged_where_the_registry_says() {
    let modules = source_modules();
    assert!(
        modules.len() > 20,
        "the walk found too few files: {modules:?}"
    );
    for (module, text) in &modules {
        if within(module, "rules") {
            continue;
        }
        for code in code_literals(text) {
            let rule = find_rule(code).unwrap_or_else(|| {
                panic!("rule code {code} is used in {module} but not registered")
            });
            // Commands may name codes (to decide what refuses a write); they judge none.
            if !within(module, "commands") {
                assert!(
                    rule.judged_in.iter().any(|j| within(module, j)),
                    "{code} is emitted in {module}, which its judged_in {:?} does not list",
                    rule.judged_in
                );
            }
        }
    }
    for rule in RULES {
        for judged in rule.judged_in {
            let emits = modules
                .iter()
                .any(|(m, text)| within(m, judged) && code_literals(text).contains(&rule.code));
            assert!(
                emits,
                "{} says {judged} judges it, but no file there names it",
                rule.code
            );
        }
    }
}
