//! Bad input for `backlog lint`: one test per row of the bad-input catalogue, plus one per lint
//! rule the catalogue's tables do not cover.
//!
//! Each test writes the row's files into a fresh backlog, runs `backlog lint --format json` and
//! compares the exact set of findings (path:line:col and rule) and the exit code. Every run also
//! checks, for every output format, that lint exits the same way, never panics and leaves the
//! tree byte-identical.
//!
//! The tests are in content.rs (group A), paths.rs (group B), rules.rs (rule codes) and
//! ranking_and_config.rs (the item rows that hold for the ranking and the config too); this
//! file holds the `Case` harness.
//!
//! How the test names are made:
//! - `aNN_…` and `bNN_…` name a row of the bad-input catalogue in the reliability brief
//!   (RELIABILITY.md, section 4 "Bad-input catalogue", which lives with the product brief, not
//!   in this repository): the letter is the group, the number the row, zero-padded so names
//!   sort in catalogue order. Group A is frontmatter and item content (A1 no delimiter … A30
//!   comments and key order), group B IDs, file names and paths (B1 duplicate IDs … B20 many
//!   files). Several tests may share a row (`a11_wrong_type_id`, `a11_wrong_type_tags`); a name
//!   with two rows (`a03_a04_…`) covers both. Each `Case` is labelled with its row ("A11"),
//!   so a failure names it, and the test's expectations restate what the row requires.
//!   The other groups live elsewhere: C (the ranking file) in output/order_file.rs, named alike
//!   (`c05_…` to `c13_…`), and in properties/merge.rs (the merge driver, C14, C15); D (git
//!   states) in git_states/ (`d01_…` to `d21_…`); E (concurrency and crashes) in faults/
//!   and rank/concurrency.rs, cited in their doc comments; F (output) in output/mod.rs
//!   (`f01_…`).
//! - `dor001_…`, `dep002_…`, `ord004_…`, `cfg001_…`, `path010_…`, `id003_…`, `done001_…`
//!   name a lint rule by its code (docs/rules.md lists every code), for the rules the catalogue
//!   leaves out (Definition of Ready and Done, dependencies, ranking, config); names with
//!   several codes cover each of them.

use crate::support::{Finding, TestRepo, draft_story, draft_with, item_text, ready_story};

mod content;
mod output;
mod paths;
mod ranking_and_config;
mod rules;
mod writes;

/// One catalogue row: the files to write and what `backlog lint` must say about them.
struct Case {
    row: &'static str,
    repo: TestRepo,
    /// Rules to leave out of the comparison (defensible extras that the row is not about).
    ignore: Vec<&'static str>,
}

/// An expected finding: `PATH:LINE:COL RULE`, `PATH:LINE RULE` (any column) or `PATH RULE`
/// (any position).
#[derive(Debug)]
struct Expect {
    path: String,
    line: Option<u64>,
    column: Option<u64>,
    rule: String,
}

fn parse_expect(spec: &str) -> Expect {
    let (place, rule) = spec
        .rsplit_once(' ')
        .unwrap_or_else(|| panic!("bad expectation {spec:?}"));
    let mut parts: Vec<&str> = place.split(':').collect();
    let mut numbers = Vec::new();
    while let Some(last) = parts.last() {
        match last.parse::<u64>() {
            Ok(n) if parts.len() > 1 => {
                numbers.insert(0, n);
                parts.pop();
            }
            _ => break,
        }
    }
    Expect {
        path: parts.join(":"),
        line: numbers.first().copied(),
        column: numbers.get(1).copied(),
        rule: rule.to_owned(),
    }
}

fn matches(e: &Expect, f: &Finding) -> bool {
    e.path == f.path
        && e.rule == f.rule
        && e.line.is_none_or(|l| l == f.line)
        && e.column.is_none_or(|c| c == f.column)
}

fn show(findings: &[&Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "  {}:{}:{} {} {}: {}",
                f.path, f.line, f.column, f.rule, f.severity, f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl Case {
    fn new(row: &'static str) -> Case {
        Case {
            row,
            repo: TestRepo::with_backlog(),
            ignore: Vec::new(),
        }
    }

    fn item(self, name: &str, content: impl AsRef<[u8]>) -> Case {
        self.repo.item_bytes(name, content.as_ref());
        self
    }

    fn ranking(self, text: &str) -> Case {
        self.repo.ranking(text);
        self
    }

    fn config_append(self, extra: &str) -> Case {
        self.repo.config_append(extra);
        self
    }

    fn config(self, text: &str) -> Case {
        self.repo.config(text);
        self
    }

    fn ignore(mut self, rule: &'static str) -> Case {
        self.ignore.push(rule);
        self
    }

    /// Runs lint in every format and checks the exit code, the exact findings (JSON), that
    /// the other formats agree on the exit code, and that nothing was written.
    #[track_caller]
    fn expect(self, exit: i32, expected: &[&str]) -> (TestRepo, Vec<Finding>) {
        let before = self.repo.snapshot();
        let (run, findings) = self.repo.lint_json(&[]);
        let kept: Vec<&Finding> = findings
            .iter()
            .filter(|f| !self.ignore.contains(&f.rule.as_str()))
            .collect();
        let expected: Vec<Expect> = expected.iter().map(|s| parse_expect(s)).collect();
        let mut unmatched: Vec<&Finding> = kept.clone();
        let mut missing = Vec::new();
        for e in &expected {
            match unmatched.iter().position(|f| matches(e, f)) {
                Some(i) => {
                    unmatched.remove(i);
                }
                None => missing.push(e),
            }
        }
        assert!(
            missing.is_empty() && unmatched.is_empty(),
            "row {}: findings differ\nmissing: {missing:?}\nunexpected:\n{}\nall findings:\n{}",
            self.row,
            show(&unmatched),
            show(&findings.iter().collect::<Vec<_>>()),
        );
        assert_eq!(
            run.code, exit,
            "row {}: exit code of lint --format json\n{}",
            self.row, run.stdout
        );
        for format in ["human", "github"] {
            let other = self.repo.backlog(&["lint", "--format", format]);
            assert_eq!(
                other.code, exit,
                "row {}: exit code of lint --format {format}\n{}{}",
                self.row, other.stdout, other.stderr
            );
        }
        assert!(
            self.repo.snapshot() == before,
            "row {}: lint changed the tree",
            self.row
        );
        (self.repo, findings)
    }
}

const F: &str = "backlog/items/MS-1-x.md";

fn f(spec: &str) -> String {
    spec.replacen("F", F, 1)
}

/// A draft story's frontmatter lines, to which a row adds its own.
const DRAFT: &str = "title = \"a\"\nkind = \"story\"\nstate = \"draft\"\n";

// ---------------------------------------------------------------------------------------------
// Shared by several of the files below.

const CANARY: &str = "SECRET-CANARY-123";

fn canary_outside() -> tempfile::TempDir {
    let outside = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let text =
        format!("+++\ntitle = \"{CANARY}\"\nkind = \"story\"\nstate = \"draft\"\n+++\n{CANARY}\n");
    std::fs::write(outside.path().join("secret.md"), &text).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(outside.path().join("MS-1-x.md"), &text).unwrap_or_else(|e| panic!("{e}"));
    outside
}

fn assert_canary_never_shown(repo: &TestRepo) {
    for args in [
        &["lint"][..],
        &["lint", "--format", "json"],
        &["lint", "--format", "github"],
        &["list"],
        &["list", "--format", "json"],
        &["show", "MS-1"],
        &["show", "MS-1", "--format", "json"],
    ] {
        repo.backlog(args).lacks(CANARY);
    }
}
