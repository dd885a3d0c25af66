//! Tests of the CI script `.ci/run`: the tests that the README's `cargo test` ignores because
//! they need a tool or a privilege (`#[ignore = "needs …"]`) are exactly the ones `.ci/run` runs
//! by name, so that none is silently never run, and no name there is a typo that runs nothing.

use std::collections::BTreeSet;
use std::path::Path;

/// The full names (`module::test`) of the tests ignored with a reason starting with "needs".
fn tests_ignored_for_a_need() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it");
    let mut names = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
    {
        let rel = entry
            .path()
            .strip_prefix(&root)
            .unwrap_or_else(|e| panic!("{e}"))
            .with_extension("");
        let mut module: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if module.last().is_some_and(|m| m == "mod") {
            module.pop();
        }
        let text = std::fs::read_to_string(entry.path())
            .unwrap_or_else(|e| panic!("read {}: {e}", entry.path().display()));
        let mut needs = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with("#[ignore = \"needs ") {
                needs = true;
            } else if needs && let Some(rest) = line.strip_prefix("fn ") {
                let name = rest.split('(').next().unwrap_or_default();
                names.insert(format!("{}::{name}", module.join("::")));
                needs = false;
            }
        }
    }
    names
}

/// The test names (`module::test`) that `.ci/run` passes to `cargo test -- --ignored`.
fn tests_run_by_ci() -> BTreeSet<String> {
    let script = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/run"))
        .unwrap_or_else(|e| panic!("read .ci/run: {e}"));
    script
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
        .filter(|word| {
            word.split_once("::").is_some_and(|(m, t)| {
                !m.is_empty()
                    && !t.is_empty()
                    && word
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_:".contains(c))
            })
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn ci_runs_every_test_ignored_for_a_missing_tool_by_name() {
    let ignored = tests_ignored_for_a_need();
    assert!(
        ignored.contains("faults::errno::errors_on_write_path_calls_rank"),
        "the scan found no ignored test: {ignored:?}"
    );
    let run = tests_run_by_ci();
    let not_run: Vec<_> = ignored.difference(&run).collect();
    let unknown: Vec<_> = run.difference(&ignored).collect();
    assert!(
        not_run.is_empty(),
        ".ci/run never runs these ignored tests: {not_run:?}"
    );
    assert!(
        unknown.is_empty(),
        ".ci/run names tests that are not ignored for a need (or do not exist): {unknown:?}"
    );
}
