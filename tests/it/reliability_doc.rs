//! docs/reliability.md, the bad-input catalogue with the tests that prove each row: every
//! test it names exists, and the rows without a test are exactly the ones it says so of.

use std::path::{Path, PathBuf};

fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/it")
}

/// `file` (`catalogue/content`) as the file holding it: `file.rs` or `file/mod.rs`.
fn source_of(file: &str) -> Option<String> {
    let dir = tests_dir();
    [format!("{file}.rs"), format!("{file}/mod.rs")]
        .iter()
        .map(|rel| dir.join(rel))
        .find(|p| Path::is_file(p))
        .and_then(|p| std::fs::read_to_string(p).ok())
}

/// A test folder (`catalogue/`) whose files hold tests: its `mod.rs` cites rows for them.
fn folder_has_tests(file: &str) -> bool {
    std::fs::read_dir(tests_dir().join(file)).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|text| text.contains("#[test]")))
    })
}

/// The rows of the catalogue's tables: (code, tests cell).
fn rows() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/reliability.md"),
    )
    .unwrap_or_else(|e| panic!("docs/reliability.md: {e}"));
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            let code = line.strip_prefix("| ")?.split(' ').next()?;
            let is_code = code.len() >= 2
                && code.as_bytes()[0].is_ascii_uppercase()
                && code[1..].bytes().all(|b| b.is_ascii_digit());
            (is_code && cells.len() >= 5).then(|| {
                (
                    code.to_owned(),
                    cells[cells.len() - 1].trim_end_matches(" |").to_owned(),
                )
            })
        })
        .collect()
}

/// Rows the catalogue states have no test yet. Closing one means writing its test and
/// taking it off this list; a new row without a test fails.
const NO_TEST_YET: &[&str] = &[
    "B5", "B6", "B7", "B18", "B19", "D4", "D5", "D17", "D22", "E11",
];

#[test]
fn every_reliability_row_names_a_test_that_exists() {
    let rows = rows();
    assert!(rows.len() >= 116, "{} rows", rows.len());
    let mut untested = Vec::new();
    for (code, cell) in &rows {
        if cell.contains("**no test yet**") {
            untested.push(code.as_str());
            continue;
        }
        let cited: Vec<&str> = cell.split(", ").collect();
        assert!(!cited.is_empty(), "{code} names no test");
        for cite in cited {
            let name = cite.trim_matches('`').trim_end_matches("` (module)");
            let (file, function) = match name.split_once("::") {
                Some((file, function)) => (file, Some(function)),
                None => (name, None),
            };
            let source = source_of(file)
                .unwrap_or_else(|| panic!("{code}: tests/it/{file} does not exist ({cite})"));
            match function {
                Some(f) => assert!(
                    source.contains(&format!("fn {f}(")),
                    "{code}: no test `{f}` in tests/it/{file}"
                ),
                None => assert!(
                    source.contains("#[test]") || folder_has_tests(file),
                    "{code}: tests/it/{file} has no test"
                ),
            }
        }
    }
    assert_eq!(
        untested, NO_TEST_YET,
        "the rows without a test are not the ones the catalogue says"
    );
}
