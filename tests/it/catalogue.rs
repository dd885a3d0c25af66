//! Bad input for `backlog lint`: one test per row of the bad-input catalogue, plus one per lint
//! rule the catalogue's tables do not cover.
//!
//! Each test writes the row's files into a fresh backlog, runs `backlog lint --format json` and
//! compares the exact set of findings (path:line:col and rule) and the exit code. Every run also
//! checks, for every output format, that lint exits the same way, never panics and leaves the
//! tree byte-identical.
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
//!   The other groups live elsewhere: C (the ranking file) in output.rs, named the same way
//!   (`c05_…` to `c13_…`), and in properties.rs (the merge driver, C14 and C15); D (git
//!   states) in git_states.rs (`d01_…` to `d21_…`); E (concurrency and crashes) in faults/
//!   and rank.rs, cited in their doc comments; F (output) in output.rs (`f01_…`).
//! - `dor001_…`, `dep002_…`, `ord004_…`, `cfg001_…`, `path010_…`, `id003_…`, `done001_…`
//!   name a lint rule by its code (docs/rules.md lists every code), for the rules the catalogue
//!   leaves out (Definition of Ready and Done, dependencies, ranking, config); names with
//!   several codes cover each of them.

use crate::support::{Finding, TestRepo, draft_story, draft_with, item_text, ready_story};

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

// ---- A. Frontmatter and item content ---------------------------------------------------------

#[test]
fn a01_no_delimiter() {
    let (_, found) = Case::new("A1")
        .item("MS-1-x.md", "# Title\n\nSome text.\n")
        .expect(1, &[&f("F:1:1 FM001")]);
    assert!(found[0].message.contains("+++"), "{}", found[0].message);
}

#[test]
fn a02_yaml_frontmatter() {
    let (_, found) = Case::new("A2")
        .item("MS-1-x.md", "---\ntitle: a\nkind: story\n---\n")
        .expect(1, &[&f("F:1:1 FM002")]);
    assert!(found[0].message.contains("YAML"), "{}", found[0].message);
    assert!(
        !found[0].message.contains("key with no value"),
        "{}",
        found[0].message
    );
}

#[test]
fn a03_bom_is_accepted() {
    Case::new("A3")
        .item("MS-1-x.md", format!("\u{feff}{}", draft_story("With BOM")))
        .expect(0, &[]);
}

#[test]
fn a04_crlf_is_accepted() {
    Case::new("A4")
        .item("MS-1-x.md", draft_story("With CRLF").replace('\n', "\r\n"))
        .expect(0, &[]);
}

#[test]
fn a04_crlf_ready_story_reads_sections_and_criteria() {
    // A Ready story written with CRLF must be read like the LF one: its sections and criteria
    // are found, so the Definition of Ready holds.
    Case::new("A4 (Ready)")
        .item("MS-1-x.md", ready_story("With CRLF").replace('\n', "\r\n"))
        .expect(0, &[]);
}

#[test]
fn a04_bom_and_crlf_together() {
    Case::new("A3+A4")
        .item(
            "MS-1-x.md",
            format!("\u{feff}{}", ready_story("Both").replace('\n', "\r\n")),
        )
        .expect(0, &[]);
}

#[test]
fn a05_mixed_line_endings_warn() {
    let (_, found) = Case::new("A5")
        .item(
            "MS-1-x.md",
            "+++\r\ntitle = \"a\"\nkind = \"story\"\r\nstate = \"draft\"\n+++\n",
        )
        .expect(0, &[&f("F FM010")]);
    assert_eq!(found[0].severity, "warning");
}

#[test]
fn a06_bare_cr_is_a_toml_error_at_the_cr() {
    Case::new("A6")
        .item(
            "MS-1-x.md",
            item_text(
                "title = \"a\rb\"\nkind = \"story\"\nstate = \"draft\"\n",
                "",
            ),
        )
        .expect(1, &[&f("F:2:11 FM003")]);
}

#[test]
fn a07_unterminated_frontmatter() {
    Case::new("A7")
        .item(
            "MS-1-x.md",
            format!("+++\n{DRAFT}\n## Problem\n\nnot = [toml\n"),
        )
        .expect(1, &[&f("F:1:1 FM005")]);
}

#[test]
fn a08_delimiter_with_trailing_spaces_is_accepted() {
    Case::new("A8 trailing spaces")
        .item("MS-1-x.md", format!("+++  \n{DRAFT}+++ \t\n\nBody.\n"))
        .expect(0, &[]);
}

#[test]
fn a08_four_plus_signs_are_not_a_delimiter() {
    Case::new("A8 ++++")
        .item("MS-1-x.md", format!("++++\n{DRAFT}++++\n"))
        .expect(1, &[&f("F:1:1 FM001")]);
}

#[test]
fn a08_indented_delimiter_is_not_a_delimiter() {
    Case::new("A8 indented")
        .item("MS-1-x.md", format!(" +++\n{DRAFT}+++\n"))
        .expect(1, &[&f("F:1:1 FM001")]);
}

#[test]
fn a08_bad_closing_delimiter_leaves_it_unclosed() {
    Case::new("A8 closing ++++")
        .item("MS-1-x.md", format!("+++\n{DRAFT}++++\n +++\n"))
        .expect(1, &[&f("F:1:1 FM005")]);
}

#[test]
fn a09_empty_frontmatter_reports_each_missing_key_at_line_1() {
    let (_, found) = Case::new("A9").item("MS-1-x.md", "+++\n+++\n").expect(
        1,
        &[&f("F:1:1 FM008"), &f("F:1:1 FM009"), &f("F:1:1 FM012")],
    );
    assert!(found.iter().all(|d| d.severity == "error"));
}

const DUPLICATE_TITLE: &str =
    "+++\ntitle = \"a\"\ntitle = \"b\"\nkind = \"story\"\nstate = \"draft\"\n+++\n";

#[test]
fn a10_duplicate_key_at_the_second_key() {
    Case::new("A10")
        .item("MS-1-x.md", DUPLICATE_TITLE)
        .expect(1, &[&f("F:3:1 FM004")]);
}

#[test]
fn a10_duplicate_key_message_names_the_first_line() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", DUPLICATE_TITLE);
    let (run, found) = repo.lint_json(&[]);
    run.code(1);
    let d = found
        .iter()
        .find(|d| d.rule == "FM004")
        .unwrap_or_else(|| panic!("no FM004: {found:?}"));
    assert_eq!((d.line, d.column), (3, 1));
    assert!(
        d.message.contains("line 2"),
        "a duplicate key must mention where the first one is (line 2): {}",
        d.message
    );
}

#[test]
fn a11_wrong_type_id() {
    let (_, found) = Case::new("A11 id")
        .item("MS-1-x.md", item_text(&format!("{DRAFT}id = 12\n"), ""))
        .expect(1, &[&f("F:5:6 FM007")]);
    assert!(
        found[0].message.contains("a string"),
        "{}",
        found[0].message
    );
}

#[test]
fn a11_wrong_type_tags() {
    let (_, found) = Case::new("A11 tags")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}tags = \"a\"\n"), ""),
        )
        .expect(1, &[&f("F:5:8 FM007")]);
    assert!(
        found[0].message.contains("array of strings"),
        "{}",
        found[0].message
    );
}

#[test]
fn a11_wrong_type_estimate() {
    let (_, found) = Case::new("A11 estimate")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}estimate = \"five\"\n"), ""),
        )
        .expect(1, &[&f("F:5:12 FM007")]);
    assert!(
        found[0].message.contains("whole number"),
        "{}",
        found[0].message
    );
}

#[test]
fn a11_wrong_type_inside_an_array() {
    Case::new("A11 depends_on element")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}depends_on = [\"MS-2\", 7]\n"), ""),
        )
        .item("MS-2-y.md", draft_story("b"))
        .expect(1, &[&f("F:5:23 FM007")]);
}

#[test]
fn a12_typo_of_a_known_field_warns_with_did_you_mean() {
    let (_, found) = Case::new("A12")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}estimte = 3\nsponsor = \"ACME\"\n"), ""),
        )
        .expect(0, &[&f("F:5:1 FM011")]);
    assert_eq!(found[0].severity, "warning");
    assert!(
        found[0].message.contains("did you mean `estimate`"),
        "{}",
        found[0].message
    );
}

#[test]
fn a13_negative_integer() {
    Case::new("A13 negative")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}estimate = -1\n"), ""),
        )
        .expect(1, &[&f("F:5:12 FM007")]);
}

#[test]
fn a13_integer_above_i64() {
    Case::new("A13 overflow")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}estimate = 99999999999999999999\n"), ""),
        )
        .expect(1, &[&f("F:5:12 FM007")]);
}

#[test]
fn a13_negative_number_of_hours() {
    Case::new("A13 negative float")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}cost_per_week = -2.5\n"), ""),
        )
        .expect(1, &[&f("F:5:17 FM007")]);
}

#[test]
fn a14_invalid_date() {
    Case::new("A14")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}due = 2024-13-45\n"), ""),
        )
        .expect(1, &[&f("F:5 FM003")]);
}

#[test]
fn a15_deep_nesting_is_a_clean_error() {
    let deep = "[".repeat(100_000);
    Case::new("A15")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}tags = {deep}\n"), ""),
        )
        .expect(1, &[&f("F:5 FM003")]);
}

#[test]
fn a16_too_many_tags() {
    let tags = vec!["\"a\""; 200_000].join(",");
    let (_, found) = Case::new("A16")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}tags = [{tags}]\n"), ""),
        )
        .expect(1, &[&f("F:5:1 FM020")]);
    assert!(found[0].message.contains("64"), "{}", found[0].message);
}

#[test]
fn a16_sixty_four_tags_are_fine() {
    let tags = vec!["\"a\""; 64].join(",");
    Case::new("A16 limit")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}tags = [{tags}]\n"), ""),
        )
        .expect(0, &[]);
}

#[test]
fn a17_invalid_utf8_at_line_and_column() {
    let mut bytes = format!("+++\n{DRAFT}owner = \"d").into_bytes();
    bytes.extend_from_slice(b"\xffx\"\n+++\n");
    Case::new("A17")
        .item("MS-1-x.md", bytes)
        .expect(1, &[&f("F:5:11 ENC001")]);
}

#[test]
fn a17_invalid_utf8_in_the_body() {
    let mut bytes = draft_story("a").into_bytes();
    bytes.extend_from_slice(b"caf\xe9\n");
    Case::new("A17 body")
        .item("MS-1-x.md", bytes)
        .expect(1, &[&f("F:8:4 ENC001")]);
}

#[test]
fn a18_utf16_file_is_a_nul_byte() {
    let text = draft_story("a");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let (_, found) = Case::new("A18 UTF-16")
        .item("MS-1-x.md", bytes)
        .expect(1, &[&f("F:1:4 ENC002")]);
    assert!(found[0].message.contains("NUL"), "{}", found[0].message);
}

#[test]
fn a18_nul_byte_in_text() {
    Case::new("A18 NUL")
        .item("MS-1-x.md", format!("+++\n{DRAFT}ow\0ner = 1\n+++\n"))
        .expect(1, &[&f("F:5:3 ENC002")]);
}

#[test]
fn a19_escape_sequences_in_a_title_are_data() {
    let title = "red \\u001b[31mALERT\\u001b[0m \\u001b]0;pwned\\u0007";
    let case = Case::new("A19").item("MS-1-x.md", draft_story(title));
    let (repo, _) = case.expect(0, &[]);
    repo.ranking("MS-1 # \u{1b}[2J reason\n");
    // Ranked, the draft is in the top 5 that must be Ready: lint finds its DoR errors (exit 1);
    // list and show report them and succeed.
    for (args, code) in [
        (&["lint"][..], 1),
        (&["lint", "--format", "json"], 1),
        (&["lint", "--format", "github"], 1),
        (&["list"], 0),
        (&["list", "--format", "json"], 0),
        (&["show", "MS-1"], 0),
        (&["show", "MS-1", "--format", "json"], 0),
    ] {
        let (run, bytes) = repo.backlog_raw(args);
        run.code(code);
        assert!(
            !bytes.contains(&0x1b) && !bytes.contains(&0x07),
            "{args:?} printed a raw control byte:\n{}{}",
            run.stdout,
            run.stderr
        );
    }
    // The title is kept as data: JSON gives it back exactly, escaped.
    let run = repo.backlog(&["show", "MS-1", "--format", "json"]);
    run.code(0);
    assert_eq!(
        run.json()["item"]["title"],
        "red \u{1b}[31mALERT\u{1b}[0m \u{1b}]0;pwned\u{7}"
    );
    repo.backlog(&["list"])
        .code(0)
        .stdout_has("red ^[[31mALERT^[[0m");
}

#[test]
fn a20_raw_control_character_in_a_toml_string() {
    Case::new("A20")
        .item(
            "MS-1-x.md",
            item_text(
                "title = \"a\u{7}b\"\nkind = \"story\"\nstate = \"draft\"\n",
                "",
            ),
        )
        .expect(1, &[&f("F:2:11 FM003")]);
}

#[test]
fn a21_bidi_override_in_title_warns() {
    let (repo, found) = Case::new("A21 bidi")
        .item("MS-1-x.md", draft_story("ab\u{202E}cd"))
        .expect(0, &[&f("F:2:12 TXT001")]);
    assert_eq!(found[0].severity, "warning");
    assert!(found[0].message.contains("U+202E"), "{}", found[0].message);
    // Shown escaped everywhere.
    for args in [
        &["lint"][..],
        &["list"],
        &["show", "MS-1"],
        &["list", "--format", "json"],
    ] {
        let run = repo.backlog(args);
        assert!(
            !run.stdout.contains('\u{202E}') && !run.stderr.contains('\u{202E}'),
            "{args:?}:\n{}",
            run.stdout
        );
    }
}

#[test]
fn a21_zero_width_space_in_body_warns() {
    Case::new("A21 zero-width")
        .item(
            "MS-1-x.md",
            format!("+++\n{DRAFT}+++\n\nzero\u{200B}width\n"),
        )
        .expect(0, &[&f("F:7:5 TXT001")]);
}

#[test]
fn a22_file_over_one_mib_is_rejected_and_not_echoed() {
    let mut text = format!("+++\n{DRAFT}+++\n\nSECRET-CANARY-123\n");
    text.push_str(&"x".repeat(1024 * 1024 + 1 - text.len()));
    assert_eq!(text.len(), 1_048_577);
    let (repo, found) = Case::new("A22")
        .item("MS-1-x.md", &text)
        .expect(1, &[&f("F:1:1 FS003")]);
    assert!(
        found[0].message.contains("1048577") && found[0].message.contains("1048576"),
        "{}",
        found[0].message
    );
    for format in ["human", "json", "github"] {
        repo.backlog(&["lint", "--format", format])
            .lacks("SECRET-CANARY-123")
            .lacks("xxxxxxxx");
    }
}

#[test]
fn a22_file_of_exactly_one_mib_is_read() {
    let mut text = format!("+++\n{DRAFT}+++\n\n");
    text.push_str(&"x".repeat(1024 * 1024 - 1 - text.len()));
    text.push('\n');
    assert_eq!(text.len(), 1_048_576);
    Case::new("A22 limit")
        .item("MS-1-x.md", text)
        .expect(0, &[]);
}

#[test]
fn a23_zero_byte_file() {
    Case::new("A23")
        .item("MS-1-x.md", "")
        .expect(1, &[&f("F:1:1 FM001")]);
}

#[test]
fn a24_conflict_markers_in_frontmatter() {
    let (_, found) = Case::new("A24")
        .item(
            "MS-1-x.md",
            "+++\n<<<<<<< HEAD\ntitle = \"a\"\n=======\ntitle = \"b\"\n>>>>>>> theirs\nkind = \"story\"\nstate = \"draft\"\n+++\n",
        )
        .expect(1, &[&f("F:2:1 GIT001")]);
    assert!(
        found[0].message.contains("conflict"),
        "{}",
        found[0].message
    );
}

#[test]
fn a24_conflict_markers_in_ranking() {
    Case::new("A24 ranking")
        .item("MS-1-x.md", draft_story("a"))
        .item("MS-2-x.md", draft_story("b"))
        .ranking("<<<<<<< HEAD\nMS-1\n=======\nMS-2\n>>>>>>> theirs\n")
        .ignore("DOR001")
        .ignore("DOR002")
        .ignore("DOR003")
        .expect(1, &["backlog/ranking.txt:1:1 GIT001"]);
}

#[test]
fn a25_plus_lines_inside_a_code_fence_in_the_body() {
    let (repo, _) = Case::new("A25")
        .item(
            "MS-1-x.md",
            format!("+++\n{DRAFT}+++\n\n```toml\n+++\nnot = [valid toml\n+++\n```\n"),
        )
        .expect(0, &[]);
    let run = repo.backlog(&["list", "--format", "json"]);
    assert_eq!(run.json()["items"][0]["title"], "a");
}

/// Bodies built from the patterns that made Markdown parsers quadratic (pulldown-cmark #82,
/// #246–#255): long runs of openers that never close.
fn pathological_body(budget: usize) -> String {
    let patterns = [
        "[", "*a", "_a", "`", "<a ", "![", "a**b", "\\", "[a](", "<!--", "~~", "|",
    ];
    let per = budget / patterns.len();
    let mut body = String::new();
    for p in patterns {
        body.push_str(&p.repeat(per / p.len()));
        body.push_str("\n\n");
    }
    body
}

#[test]
fn a26_pathological_markdown_below_the_size_limit() {
    let text = format!("+++\n{DRAFT}+++\n\n{}", pathological_body(1_000_000));
    assert!(text.len() < 1024 * 1024);
    let (repo, _) = Case::new("A26").item("MS-1-x.md", text).expect(0, &[]);
    repo.backlog(&["show", "MS-1"]).code(0);
    repo.backlog(&["list"]).code(0);
}

#[test]
fn a26_pathological_markdown_of_2_mb_is_too_large() {
    let text = format!("+++\n{DRAFT}+++\n\n{}", pathological_body(2_000_000));
    Case::new("A26 2 MB")
        .item("MS-1-x.md", text)
        .expect(1, &[&f("F:1:1 FS003")]);
}

#[test]
fn a27_deeply_nested_block_quotes() {
    let text = format!(
        "+++\n{DRAFT}+++\n\n{} deep\n\n{}- [ ] nested task\n",
        ">".repeat(200_000),
        "> ".repeat(100_000)
    );
    let (repo, _) = Case::new("A27").item("MS-1-x.md", text).expect(0, &[]);
    repo.backlog(&["show", "MS-1"]).code(0);
    repo.backlog(&["show", "MS-1", "--format", "json"]).code(0);
    repo.backlog(&["list"]).code(0);
}

#[test]
fn a27_deeply_nested_lists() {
    let text = format!(
        "+++\n{DRAFT}+++\n\n## Acceptance criteria\n\n{}[ ] deep\n",
        "- ".repeat(100_000)
    );
    let (repo, _) = Case::new("A27 lists")
        .item("MS-1-x.md", text)
        .expect(0, &[]);
    repo.backlog(&["show", "MS-1", "--format", "json"]).code(0);
}

#[test]
fn a28_blank_required_field_is_reported_at_its_line() {
    let text = ready_story("a").replace("owner = \"dana@midwest.example\"", "owner = \"   \"");
    let (_, found) = Case::new("A28")
        .item("MS-1-x.md", text)
        .expect(1, &[&f("F:5 DOR001")]);
    assert!(found[0].message.contains("owner"), "{}", found[0].message);
}

#[test]
fn a28_empty_array_counts_as_blank() {
    let text = ready_story("a").replacen("+++\n\n", "tags = []\n+++\n\n", 1);
    let config = "\n[requirements.ready]\nfields = [\"tags\"]\n";
    Case::new("A28 array")
        .item("MS-1-x.md", text)
        .config_append(config)
        .expect(1, &[&f("F:8 DOR001")]);
}

#[test]
fn a30_comments_and_unusual_key_order_are_fine() {
    Case::new("A30")
        .item(
            "MS-1-x.md",
            "+++\n# who cares\nstate = \"draft\" # for now\n\nsponsor = \"ACME\"\nkind = \"story\"\ntitle = \"Reordered\"\n[extra]\nnote = 1\n+++\nBody.\n",
        )
        .expect(0, &[]);
}

// ---- B. IDs, file names and paths ------------------------------------------------------------

#[test]
fn b01_same_id_in_two_files() {
    let (_, found) = Case::new("B1")
        .item("MS-1-x.md", draft_story("a"))
        .item("MS-1-y.md", draft_story("b"))
        .expect(
            1,
            &[
                "backlog/items/MS-1-x.md:1 ID001",
                "backlog/items/MS-1-y.md:1 ID001",
            ],
        );
    // Each file names the other, so `lint FILE` on either shows the clash.
    assert!(
        found[0].message.contains("backlog/items/MS-1-y.md")
            && found[1].message.contains("backlog/items/MS-1-x.md"),
        "{}",
        found[0].message
    );
}

#[test]
fn b01_same_id_in_another_item_directory() {
    // Items in subdirectories (done/, archive/) share one ID space.
    let (_, found) = Case::new("B1 archive")
        .item("MS-1-x.md", draft_story("a"))
        .item("archive/MS-1-old.md", draft_story("b"))
        .expect(
            1,
            &[
                "backlog/items/MS-1-x.md:1 ID001",
                "backlog/items/archive/MS-1-old.md:1 ID001",
            ],
        );
    assert!(
        found
            .iter()
            .any(|d| d.message.contains("backlog/items/MS-1-x.md")),
        "{}",
        found[0].message
    );
}

#[test]
fn b02_frontmatter_id_differs_from_file_name() {
    let (_, found) = Case::new("B2")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}id = \"MS-2\"\n"), ""),
        )
        .expect(1, &[&f("F:5:6 ID002")]);
    assert!(found[0].message.contains("MS-2") && found[0].message.contains("MS-1"));
}

#[test]
fn b02_matching_frontmatter_id_is_fine() {
    Case::new("B2 same")
        .item(
            "MS-1-x.md",
            item_text(&format!("{DRAFT}id = \"MS-1\"\n"), ""),
        )
        .expect(0, &[]);
}

#[test]
fn b03_ids_differing_only_in_case() {
    // ID004 (prefix not as configured) may come along for `ms`; the row is about ID001.
    Case::new("B3")
        .item("MS-1-x.md", draft_story("a"))
        .item("ms-1-y.md", draft_story("b"))
        .ignore("ID004")
        .expect(
            1,
            &[
                "backlog/items/MS-1-x.md:1 ID001",
                "backlog/items/ms-1-y.md:1 ID001",
            ],
        );
}

#[test]
fn b04_traversal_in_the_ranking_is_not_an_id() {
    Case::new("B4 ranking")
        .item("MS-1-x.md", draft_story("a"))
        .ranking("../../etc/passwd\n/abs\nC:\\x\nMS-1/2\n")
        .expect(
            1,
            &[
                "backlog/ranking.txt:1:1 ORD005",
                "backlog/ranking.txt:2:1 ORD005",
                "backlog/ranking.txt:3:1 ORD005",
                "backlog/ranking.txt:4:1 ORD005",
            ],
        );
}

#[test]
fn b04_bad_file_names_are_not_items() {
    let (_, found) = Case::new("B4/ID003")
        .item("notes-about-x.md", draft_story("a"))
        .item("MS-01-leading-zero.md", draft_story("b"))
        .item("MS-12x.md", draft_story("c"))
        .item("README.md", "# About this directory\n")
        .item("picture.png", "not markdown")
        .expect(
            1,
            &[
                "backlog/items/notes-about-x.md:1 ID003",
                "backlog/items/MS-01-leading-zero.md:1 ID003",
                "backlog/items/MS-12x.md:1 ID003",
            ],
        );
    assert!(found.iter().all(|d| d.severity == "error"));
}

#[test]
fn b08_non_utf8_file_name() {
    use std::os::unix::ffi::OsStrExt;
    let repo = TestRepo::with_backlog();
    repo.item("MS-2-y.md", &draft_story("b"));
    let name = std::ffi::OsStr::from_bytes(b"MS-1-caf\xe9.md");
    std::fs::write(
        repo.path().join("backlog/items").join(name),
        draft_story("a"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let before = repo.snapshot();
    let (run, found) = repo.lint_json(&[]);
    run.code(1);
    let rules: Vec<&str> = found.iter().map(|d| d.rule.as_str()).collect();
    assert_eq!(rules, ["PATH004"], "{found:?}");
    assert!(
        found[0].path.starts_with("backlog/items/MS-1-caf"),
        "{}",
        found[0].path
    );
    for format in ["human", "github"] {
        repo.backlog(&["lint", "--format", format]).code(1);
    }
    repo.backlog(&["list"]).code(0).stdout_has("MS-2");
    assert!(repo.snapshot() == before, "lint changed the tree");
}

#[test]
fn b09_file_name_with_escape_and_newline_is_escaped() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-a\u{1b}[31mred\nx.md", "no frontmatter\n");
    for format in ["human", "json", "github"] {
        let (run, bytes) = repo.backlog_raw(&["lint", "--format", format]);
        run.code(1);
        assert!(
            !bytes.contains(&0x1b),
            "--format {format} printed a raw ESC:\n{}{}",
            run.stdout,
            run.stderr
        );
        if format != "json" {
            // A raw newline would let the name start a line of its own (a fake diagnostic or
            // workflow command).
            assert!(
                !run.stdout.contains("red\nx.md"),
                "--format {format} printed a raw newline from a file name:\n{}",
                run.stdout
            );
        }
    }
    let found = repo.lint_json(&[]).1;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].rule, "FM001");
    assert_eq!(found[0].path, "backlog/items/MS-1-a\u{1b}[31mred\nx.md");
    for args in [&["list"][..], &["show", "MS-1"]] {
        let (run, bytes) = repo.backlog_raw(args);
        assert!(!bytes.contains(&0x1b), "{args:?}:\n{}", run.stdout);
    }
}

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

#[test]
fn b10_symlinked_item_file() {
    let outside = canary_outside();
    let case = Case::new("B10");
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        case.repo.path().join("backlog/items/MS-1-x.md"),
    )
    .unwrap_or_else(|e| panic!("symlink: {e}"));
    let (repo, _) = case.expect(1, &[&f("F:1:1 PATH010")]);
    assert_canary_never_shown(&repo);
}

#[test]
fn b10_symlink_to_a_file_inside_the_repository_is_refused_too() {
    let case = Case::new("B10 inside").item("MS-2-real.md", draft_story("real"));
    std::os::unix::fs::symlink(
        "MS-2-real.md",
        case.repo.path().join("backlog/items/MS-1-x.md"),
    )
    .unwrap_or_else(|e| panic!("symlink: {e}"));
    case.expect(1, &[&f("F:1:1 PATH010")]);
}

#[test]
fn b11_symlinked_items_directory() {
    let outside = canary_outside();
    let case = Case::new("B11");
    let items = case.repo.path().join("backlog/items");
    std::fs::remove_dir_all(&items).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(outside.path(), &items).unwrap_or_else(|e| panic!("symlink: {e}"));
    let (repo, _) = case.expect(1, &["backlog/items:1:1 PATH010"]);
    assert_canary_never_shown(&repo);
}

#[test]
fn b12_symlink_loop_is_not_followed() {
    let case = Case::new("B12").item("MS-1-x.md", draft_story("a"));
    std::os::unix::fs::symlink("..", case.repo.path().join("backlog/items/loop"))
        .unwrap_or_else(|e| panic!("symlink: {e}"));
    case.expect(1, &["backlog/items/loop:1:1 PATH010"]);
}

#[test]
fn b13_unreadable_item_is_reported_and_others_still_linted() {
    use std::os::unix::fs::PermissionsExt;
    let repo = TestRepo::with_backlog();
    let path = repo.item("MS-1-x.md", &draft_story("a"));
    repo.item("MS-2-y.md", "no frontmatter\n");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000))
        .unwrap_or_else(|e| panic!("{e}"));
    // Root reads through permissions: run the check as `nobody` then (CI runs as root).
    let as_root = std::fs::read(&path).is_ok();
    let run = if as_root {
        std::fs::set_permissions(repo.path(), std::fs::Permissions::from_mode(0o755))
            .unwrap_or_else(|e| panic!("{e}"));
        repo.sh(
            "setpriv --reuid=65534 --regid=65534 --clear-groups \"$BACKLOG\" lint --format json",
        )
    } else {
        repo.lint_json(&[]).0
    };
    let found = run.findings();
    let rules: Vec<String> = found.iter().map(Finding::at).collect();
    assert!(
        rules.contains(&"FS001@1:1".to_owned()),
        "{rules:?}\n{}",
        run.stderr
    );
    assert!(
        rules.contains(&"FM001@1:1".to_owned()),
        "other items are still linted: {rules:?}"
    );
    run.code(2);
}

#[test]
fn b14_fifo_named_like_an_item() {
    let case = Case::new("B14").item("MS-2-y.md", draft_story("b"));
    let fifo = case.repo.path().join("backlog/items/MS-1-x.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(
        made.as_ref().is_ok_and(|s| s.success()),
        "mkfifo (coreutils) makes the FIFO: {made:?}"
    );
    let (repo, _) = case.expect(1, &[&f("F:1:1 FS002")]);
    // Never opened (opening a FIFO would block): the other commands finish too.
    repo.backlog(&["list"]).code(0).stdout_has("MS-2");
    // show cannot read the item: exit 2 naming it. (RELIABILITY §0.2 says an unreadable file is
    // never "no item"; today the message is exactly that, reported to the lead.)
    repo.backlog(&["show", "MS-1"])
        .code(2)
        .stderr_has("error: no item MS-1 in backlog/items");
}

#[test]
fn b14_directory_named_like_an_item_is_descended() {
    Case::new("B14 directory")
        .item("MS-1-x.md/MS-2-inner.md", draft_story("inner"))
        .expect(0, &[]);
}

#[test]
fn b15_editor_backup_and_temp_files_are_ignored() {
    Case::new("B15")
        .item("MS-1-x.md", draft_story("a"))
        .item(".MS-1-x.md.swp", "\0binary swap")
        .item("MS-1-x.md~", "garbage")
        .item("MS-1-x.md.bak", "garbage")
        .item(".backlog-tmp-abc123", "half written")
        .item(".#MS-1-x.md", "emacs lock")
        .expect(0, &[]);
}

#[test]
fn b16_markdown_outside_the_items_directory_is_not_an_item() {
    let case = Case::new("B16").item("MS-1-x.md", draft_story("a"));
    case.repo
        .write("backlog/MS-5-stray.md", "not an item at all\n");
    case.repo
        .write("backlog/templates/MS-6-x.md", "not an item either\n");
    case.repo.write("docs/MS-7-x.md", "\0");
    let (run, found) = case.repo.lint_json(&[]);
    run.code(0);
    assert!(
        found.iter().all(|d| d.severity == "warning"),
        "stray files must not be linted as items: {found:?}"
    );
}

// ---- Rule codes beyond the two tables --------------------------------------------------------

#[test]
fn dor001_to_dor003_story_missing_everything_in_state_ready() {
    let (_, found) = Case::new("DOR001-003")
        .item(
            "MS-1-x.md",
            "+++\ntitle = \"a\"\nkind = \"story\"\nstate = \"ready\"\n+++\n\nNotes.\n",
        )
        .expect(
            1,
            &[
                &f("F:1:1 DOR001"),
                &f("F:1:1 DOR001"),
                &f("F:1:1 DOR001"),
                &f("F:5 DOR002"),
                &f("F:5 DOR002"),
                &f("F:5 DOR003"),
            ],
        );
    for field in ["owner", "value", "estimate"] {
        assert!(
            found
                .iter()
                .any(|d| d.rule == "DOR001" && d.message.contains(&format!("`{field}`"))),
            "no DOR001 for {field}: {found:?}"
        );
    }
    for d in &found {
        assert!(
            d.help.is_some(),
            "every DoR finding says how to fix it: {d:?}"
        );
        assert!(d.message.contains("state is `ready`"), "{}", d.message);
    }
}

#[test]
fn dor003_criteria_outside_the_criteria_section_do_not_count() {
    let text = ready_story("a").replace(
        "## Acceptance criteria\n\n- [ ] Paged table\n",
        "## Acceptance criteria\n\nNone yet.\n\n## Notes\n\n- [ ] not a criterion\n",
    );
    Case::new("DOR003")
        .item("MS-1-x.md", text)
        .expect(1, &[&f("F:14 DOR003")]);
}

#[test]
fn dor004_estimate_above_the_ceiling() {
    let text = ready_story("a").replace("estimate = 5", "estimate = 13");
    let (_, found) = Case::new("DOR004")
        .item("MS-1-x.md", text)
        .expect(1, &[&f("F:7:12 DOR004")]);
    assert!(
        found[0].message.contains("13") && found[0].message.contains('8'),
        "{}",
        found[0].message
    );
}

#[test]
fn dor005_spike_without_timebox() {
    Case::new("DOR005")
        .item(
            "MS-1-x.md",
            "+++\ntitle = \"a\"\nkind = \"spike\"\nstate = \"ready\"\nowner = \"dana\"\n+++\n\n## Question\n\nWhich import?\n",
        )
        .expect(1, &[&f("F:1:1 DOR005")]);
}

#[test]
fn dor005_spike_with_a_timebox_that_is_not_a_duration() {
    Case::new("DOR005 bad")
        .item(
            "MS-1-x.md",
            "+++\ntitle = \"a\"\nkind = \"spike\"\nstate = \"ready\"\nowner = \"dana\"\ntimebox = \"soon\"\n+++\n\n## Question\n\nWhich import?\n",
        )
        .expect(1, &[&f("F:6:11 DOR005")]);
}

#[test]
fn dor006_debt_without_economics() {
    Case::new("DOR006")
        .item(
            "MS-1-x.md",
            "+++\ntitle = \"a\"\nkind = \"debt\"\nstate = \"ready\"\nowner = \"dana\"\ncost_per_week = 4\n+++\n\n## Problem\n\nSlow builds.\n",
        )
        .expect(1, &[&f("F:1:1 DOR006")]);
}

#[test]
fn dor_bug_and_epic_definitions() {
    Case::new("DOR bug/epic")
        .item("MS-1-x.md", "+++\ntitle = \"a\"\nkind = \"bug\"\nstate = \"doing\"\nowner = \"dana\"\n+++\n\n## Steps to reproduce\n\n1. Click\n")
        .item("MS-2-x.md", "+++\ntitle = \"b\"\nkind = \"epic\"\nstate = \"ready\"\n+++\n\n## Outcome\n\nAdmins happy.\n")
        .expect(
            1,
            &[&f("F:6 DOR002"), "backlog/items/MS-2-x.md:1:1 DOR001"],
        );
}

#[test]
fn done001_unticked_criterion_of_a_done_item() {
    let text = ready_story("a")
        .replace("state = \"ready\"", "state = \"done\"")
        .replace("- [ ] Paged table\n", "- [x] Paged table\n- [ ] Filter\n");
    Case::new("DONE001")
        .item("MS-1-x.md", text)
        .expect(1, &[&f("F:17:3 DONE001")]);
}

#[test]
fn done_item_with_every_criterion_ticked_is_fine() {
    let text = ready_story("a")
        .replace("state = \"ready\"", "state = \"done\"")
        .replace("- [ ]", "- [x]");
    Case::new("DONE ok").item("MS-1-x.md", text).expect(0, &[]);
}

#[test]
fn dep001_unknown_dependency() {
    Case::new("DEP001")
        .item("MS-1-x.md", draft_with("a", "depends_on = [\"MS-9\"]\n"))
        .expect(1, &[&f("F:5:15 DEP001")]);
}

#[test]
fn dep002_dependency_cycle_reported_on_each_member_once() {
    // On every member, so `lint FILE` on any of them shows the circle; once per member.
    let (_, found) = Case::new("DEP002")
        .item("MS-1-x.md", draft_with("a", "depends_on = [\"MS-2\"]\n"))
        .item("MS-2-x.md", draft_with("b", "depends_on = [\"MS-3\"]\n"))
        .item("MS-3-x.md", draft_with("c", "depends_on = [\"ms-1\"]\n"))
        .expect(
            1,
            &[
                "backlog/items/MS-1-x.md:5:1 DEP002",
                "backlog/items/MS-2-x.md:5:1 DEP002",
                "backlog/items/MS-3-x.md:5:1 DEP002",
            ],
        );
    assert!(
        found[0].message.contains("MS-1") && found[0].message.contains("MS-3"),
        "{}",
        found[0].message
    );
}

#[test]
fn dep002_self_dependency() {
    Case::new("DEP002 self")
        .item("MS-1-x.md", draft_with("a", "depends_on = [\"MS-1\"]\n"))
        .expect(1, &[&f("F:5:1 DEP002")]);
}

#[test]
fn dep003_ranked_above_an_unfinished_dependency() {
    let (_, found) = Case::new("DEP003")
        .item(
            "MS-1-x.md",
            ready_story("a").replacen("+++\n\n", "depends_on = [\"MS-2\"]\n+++\n\n", 1),
        )
        .item("MS-2-x.md", ready_story("b"))
        .ranking("MS-1\nMS-2\n")
        .expect(1, &["backlog/ranking.txt:1:1 DEP003"]);
    assert!(found[0].message.contains("MS-2"), "{}", found[0].message);
}

#[test]
fn dep003_not_reported_when_the_dependency_is_done_or_above() {
    Case::new("DEP003 ok")
        .item(
            "MS-1-x.md",
            ready_story("a").replacen("+++\n\n", "depends_on = [\"MS-2\", \"MS-3\"]\n+++\n\n", 1),
        )
        .item("MS-2-x.md", ready_story("b"))
        .item(
            "MS-3-x.md",
            ready_story("c")
                .replace("state = \"ready\"", "state = \"done\"")
                .replace("- [ ]", "- [x]"),
        )
        .ranking("MS-2\nMS-1\nMS-3\n")
        .expect(0, &[]);
}

#[test]
fn ord001_ord002_ord005_ord006_ranking_problems() {
    let (_, found) = Case::new("ORD")
        .item("MS-1-x.md", ready_story("a"))
        .item("MS-2-x.md", ready_story("b"))
        .ranking("# comment\nMS-1   # first\nMS-9 # gone\n\nMS-1 # again\nms-2\nnot an id\n")
        .expect(
            1,
            &[
                "backlog/ranking.txt:3:1 ORD001",
                "backlog/ranking.txt:5:1 ORD002",
                "backlog/ranking.txt:6:1 ORD006",
                "backlog/ranking.txt:7:1 ORD005",
            ],
        );
    let dup = found
        .iter()
        .find(|d| d.rule == "ORD002")
        .unwrap_or_else(|| panic!("no ORD002"));
    assert!(dup.message.contains("line 2"), "{}", dup.message);
}

#[test]
fn ord004_missing_ranking() {
    let case = Case::new("ORD004").item("MS-1-x.md", draft_story("a"));
    std::fs::remove_file(case.repo.path().join("backlog/ranking.txt"))
        .unwrap_or_else(|e| panic!("{e}"));
    case.expect(1, &["backlog/ranking.txt:1:1 ORD004"]);
}

#[test]
fn path010_symlinked_ranking() {
    let outside = canary_outside();
    let case = Case::new("PATH010 ranking").item("MS-1-x.md", draft_story("a"));
    let ranking = case.repo.path().join("backlog/ranking.txt");
    std::fs::remove_file(&ranking).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(outside.path().join("secret.md"), &ranking)
        .unwrap_or_else(|e| panic!("symlink: {e}"));
    let (repo, _) = case.expect(1, &["backlog/ranking.txt:1:1 PATH010"]);
    for format in ["human", "json", "github"] {
        repo.backlog(&["lint", "--format", format]).lacks(CANARY);
    }
}

#[test]
fn cfg001_unknown_key_in_config() {
    let (_, found) = Case::new("CFG001")
        .item("MS-1-x.md", draft_story("a"))
        .config("prefix = \"MS\"\nsates = [\"draft\"]\n")
        .expect(1, &["backlog/backlog.toml:2:1 CFG001"]);
    assert!(found[0].message.contains("sates"), "{}", found[0].message);
}

#[test]
fn cfg001_config_syntax_error() {
    Case::new("CFG001 syntax")
        .item("MS-1-x.md", draft_story("a"))
        .config("prefix = \"MS\"\n[ready\ntop = 5\n")
        .expect(1, &["backlog/backlog.toml:2 CFG001"]);
}

#[test]
fn cfg002_unknown_state_and_rule_in_config() {
    Case::new("CFG002")
        .item("MS-1-x.md", draft_story("a"))
        .config("prefix = \"MS\"\n\n[ready]\nstates = [\"redy\"]\n\n[rules]\nNOPE001 = \"off\"\n")
        .expect(
            1,
            &[
                "backlog/backlog.toml:4:1 CFG002",
                "backlog/backlog.toml:7:1 CFG002",
            ],
        );
}

#[test]
fn cfg002_template_outside_the_backlog() {
    Case::new("CFG002 template")
        .item("MS-1-x.md", draft_story("a"))
        .config("prefix = \"MS\"\n[kinds.story]\ntemplate = \"../../etc/passwd\"\n")
        .expect(1, &["backlog/backlog.toml:3 CFG002"]);
}

// ---- The ranking and the config go through the same reader --------------------------------

#[test]
fn a03_a04_ranking_with_bom_and_crlf() {
    let (repo, _) = Case::new("A3/A4 ranking")
        .item("MS-1-x.md", ready_story("a"))
        .item("MS-2-x.md", ready_story("b"))
        .ranking("\u{feff}# header\r\nMS-2   # why\r\n\r\nMS-1\r\n")
        .expect(0, &[]);
    let run = repo.backlog(&["show", "MS-2", "--format", "json"]);
    run.code(0);
    let item = run.json()["item"].clone();
    assert_eq!(item["rank"], 1);
    assert_eq!(item["reason"], "why", "no CR left in the reason: {item}");
}

#[test]
fn a03_a04_config_with_bom_and_crlf() {
    let case = Case::new("A3/A4 config").item("MS-1-x.md", draft_story("a"));
    let text = case.repo.read("backlog/backlog.toml").replace('\n', "\r\n");
    case.config(&format!("\u{feff}{text}")).expect(0, &[]);
}

#[test]
fn a17_invalid_utf8_in_the_ranking() {
    let case = Case::new("A17 ranking").item("MS-1-x.md", draft_story("a"));
    case.repo.write("backlog/ranking.txt", b"MS-1 # caf\xe9\n");
    case.expect(1, &["backlog/ranking.txt:1:11 ENC001"]);
}

#[test]
fn path010_symlinked_config_is_not_followed() {
    let outside = canary_outside();
    let case = Case::new("PATH010 config").item("MS-1-x.md", draft_story("a"));
    let config = case.repo.path().join("backlog/backlog.toml");
    std::fs::remove_file(&config).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(outside.path().join("secret.md"), &config)
        .unwrap_or_else(|e| panic!("symlink: {e}"));
    let (repo, _) = case.expect(1, &["backlog/backlog.toml:1:1 PATH010"]);
    for format in ["human", "json", "github"] {
        repo.backlog(&["lint", "--format", format]).lacks(CANARY);
    }
}

#[test]
fn ord005_two_ids_on_one_line() {
    Case::new("ORD005 two IDs")
        .item("MS-1-x.md", ready_story("a"))
        .item("MS-2-x.md", ready_story("b"))
        .ranking("MS-1 MS-2\nMS-2\n")
        .expect(1, &["backlog/ranking.txt:1:1 ORD005"]);
}

#[test]
fn id003_number_too_long_or_prefix_not_a_word() {
    Case::new("ID003 grammar")
        .item("MS-1234567890-x.md", draft_story("a"))
        .item("1MS-1-x.md", draft_story("b"))
        .item("M_S-1-x.md", draft_story("c"))
        .expect(
            1,
            &[
                "backlog/items/MS-1234567890-x.md:1:1 ID003",
                "backlog/items/1MS-1-x.md:1:1 ID003",
                "backlog/items/M_S-1-x.md:1:1 ID003",
            ],
        );
}

#[test]
fn file_name_without_a_slug_is_an_item() {
    Case::new("ID without slug")
        .item("MS-1.md", draft_story("a"))
        .item("MS-123456789-longest.md", draft_story("b"))
        .expect(0, &[]);
}
