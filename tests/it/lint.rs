//! Tests for `backlog lint`.

use crate::support::{TestRepo, draft_story, draft_with, ready_story, ready_story_in};

/// An item whose `estimate` has the wrong type: one error at 5:12.
const WRONG_TYPE: &str =
    "+++\ntitle = \"a\"\nkind = \"story\"\nstate = \"draft\"\nestimate = \"five\"\n+++\n";

/// An item with a misspelled field: one warning at 5:1.
const TYPO: &str = "+++\ntitle = \"b\"\nkind = \"story\"\nstate = \"draft\"\nestimte = 3\n+++\n";

/// The rules of the findings about one path.
fn rules_of(found: &[crate::support::Finding], path: &str) -> Vec<String> {
    found
        .iter()
        .filter(|d| d.path == path)
        .map(|d| d.rule.clone())
        .collect()
}

// ---- Human output -----------------------------------------------------------------------------

#[test]
fn human_error_has_code_location_snippet_and_help() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", WRONG_TYPE);
    let run = repo.backlog(&["lint"]);
    run.code(1)
        .stdout_has("error[FM007]: `estimate` must be a whole number from 0 up, found a string")
        .stdout_has(" --> backlog/items/MS-1-x.md:5:12")
        .stdout_has("5 | estimate = \"five\"")
        .stdout_has("^^^^^^")
        .stdout_has("help: write `estimate` as a whole number from 0 up");
    // The summary goes to stderr, so stdout stays the findings alone.
    run.stderr_has("checked 1 item: 1 error, 0 warnings");
    assert!(
        !run.stdout.contains("checked"),
        "summary on stdout:\n{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains('\u{1b}'),
        "NO_COLOR is set, yet colors:\n{}",
        run.stdout
    );
}

#[test]
fn human_warning_is_labelled_warning() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", TYPO);
    repo.backlog(&["lint"])
        .code(0)
        .stdout_has("warning[FM011]: unknown field `estimte`; did you mean `estimate`?")
        .stdout_has(" --> backlog/items/MS-1-x.md:5:1")
        .stdout_has("help: rename it to `estimate`")
        .stderr_has("checked 1 item: 0 errors, 1 warning");
}

#[test]
fn human_summary_counts_items_errors_and_warnings() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", WRONG_TYPE);
    repo.item("MS-2-x.md", TYPO);
    repo.item("MS-3-x.md", &draft_story("fine"));
    repo.item("MS-4-x.md", &draft_with("also", "id = \"MS-5\"\n"));
    repo.backlog(&["lint"])
        .code(1)
        .stderr_has("checked 4 items: 2 errors, 1 warning");
}

#[test]
fn human_summary_when_clean() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &draft_story("a"));
    repo.item("MS-2-x.md", &draft_story("b"));
    let run = repo.backlog(&["lint"]);
    run.code(0).stderr_has("checked 2 items: no problems");
    assert_eq!(run.stdout, "", "a clean lint prints nothing on stdout");
}

#[test]
fn human_finding_without_source_still_names_path_line_and_column() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &draft_story("a"));
    repo.item("MS-1-y.md", &draft_story("b"));
    repo.backlog(&["lint"])
        .code(1)
        .stdout_has("error[ID001]: MS-1 is also the ID of backlog/items/MS-1-x.md")
        .stdout_has("--> backlog/items/MS-1-y.md:1:1")
        .stdout_has("help: ");
}

#[test]
fn human_location_matches_json_location_on_lines_with_hidden_characters() {
    // The column is counted in the file's characters; drawing the line with escapes
    // (`\u{200B}` is drawn as 8 characters) must not shift the location in the `-->` line.
    let repo = TestRepo::with_backlog();
    repo.item(
        "MS-1-x.md",
        &draft_with("a", "depends_on = [\"MS-1\u{200B}\", \"MS-9\"]\n"),
    );
    let (_, found) = repo.lint_json(&[]);
    let run = repo.backlog(&["lint"]);
    for d in &found {
        let location = format!("--> {}:{}:{}", d.path, d.line, d.column);
        assert!(
            run.stdout.contains(&location),
            "human output must say {location:?} as JSON does ({} {}):\n{}",
            d.rule,
            d.message,
            run.stdout
        );
    }
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(!run.stdout.contains('\u{200B}'));
}

#[test]
fn human_snippet_of_a_long_line_is_bounded() {
    let repo = TestRepo::with_backlog();
    let long = "x".repeat(50_000);
    repo.item(
        "MS-1-x.md",
        &format!(
            "+++\ntitle = \"a\"\nkind = \"story\"\nstate = \"draft\"\nnote = \"{long}\" oops\n+++\n"
        ),
    );
    let run = repo.backlog(&["lint"]);
    run.code(1).stdout_has("error[FM003]");
    assert!(
        run.stdout.len() < 5_000,
        "the excerpt of a 50 000-column line must be truncated (~120 columns); got {} bytes",
        run.stdout.len()
    );
}

// ---- Exit codes --------------------------------------------------------------------------------

/// The warning TYPO gives, in the JSON contract's terms.
fn typo_warning(found: &[crate::support::Finding]) {
    assert_eq!(
        found.iter().map(|f| f.at()).collect::<Vec<_>>(),
        ["FM011@5:1"],
        "{found:#?}"
    );
    assert_eq!(found[0].path, "backlog/items/MS-1-x.md");
    assert_eq!(found[0].severity, "warning");
}

#[test]
fn exit_0_with_only_warnings() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", TYPO);
    repo.backlog(&["lint"])
        .code(0)
        .stdout_has("warning[FM011]: unknown field `estimte`; did you mean `estimate`?")
        .stdout_has(" --> backlog/items/MS-1-x.md:5:1")
        .stderr_has("checked 1 item: 0 errors, 1 warning");
    let (run, found) = repo.lint_json(&[]);
    run.code(0);
    typo_warning(&found);
    repo.backlog(&["lint", "--format", "github"])
        .code(0)
        .stdout_has("::warning file=backlog/items/MS-1-x.md,line=5,col=1,title=FM011 ");
}

#[test]
fn exit_1_with_errors() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", WRONG_TYPE);
    repo.item("MS-2-x.md", TYPO);
    repo.backlog(&["lint"])
        .code(1)
        .stdout_has("error[FM007]: `estimate` must be a whole number from 0 up, found a string")
        .stdout_has(" --> backlog/items/MS-1-x.md:5:12")
        .stdout_has("warning[FM011]")
        .stdout_has(" --> backlog/items/MS-2-x.md:5:1")
        .stderr_has("checked 2 items: 1 error, 1 warning");
    let (run, found) = repo.lint_json(&[]);
    run.code(1);
    assert_eq!(
        found
            .iter()
            .map(|f| (f.path.as_str(), f.at(), f.severity.as_str()))
            .collect::<Vec<_>>(),
        [
            ("backlog/items/MS-1-x.md", "FM007@5:12".to_owned(), "error"),
            ("backlog/items/MS-2-x.md", "FM011@5:1".to_owned(), "warning"),
        ],
        "{found:#?}"
    );
    repo.backlog(&["lint", "--format", "github"])
        .code(1)
        .stdout_has("::error file=backlog/items/MS-1-x.md,line=5,col=12,title=FM007 ")
        .stdout_has("::warning file=backlog/items/MS-2-x.md,line=5,col=1,title=FM011 ");
}

#[test]
fn deny_warnings_makes_warnings_fail() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", TYPO);
    // The finding stays a warning; only the verdict changes.
    repo.backlog(&["lint", "--deny-warnings"])
        .code(1)
        .stdout_has("warning[FM011]")
        .stdout_has(" --> backlog/items/MS-1-x.md:5:1")
        .stderr_has("checked 1 item: 0 errors, 1 warning");
    let (run, found) = repo.lint_json(&["--deny-warnings"]);
    run.code(1);
    typo_warning(&found);
    repo.backlog(&["lint", "--format", "github", "--deny-warnings"])
        .code(1)
        .stdout_has("::warning file=backlog/items/MS-1-x.md,line=5,col=1,title=FM011 ");
}

#[test]
fn deny_warnings_on_a_clean_backlog_exits_0() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &draft_story("a"));
    let run = repo.backlog(&["lint", "--deny-warnings"]);
    run.code(0).stderr_has("checked 1 item: no problems");
    assert_eq!(run.stdout, "", "no findings, nothing on stdout");
}

#[test]
fn empty_backlog_lints_clean() {
    let repo = TestRepo::with_backlog();
    repo.backlog(&["lint"])
        .code(0)
        .stderr_has("checked 0 items: no problems");
}

#[test]
fn bad_flag_exits_2() {
    let repo = TestRepo::with_backlog();
    let run = repo.backlog(&["lint", "--format", "sarif-ish"]);
    run.code(2)
        .stderr_has("error: invalid value 'sarif-ish' for '--format <FORMAT>'")
        .stderr_has("[possible values: human, json, github, sarif, junit, gitlab]");
    assert_eq!(run.stdout, "");
    let run = repo.backlog(&["lint", "--no-such-flag"]);
    run.code(2)
        .stderr_has("error: unexpected argument '--no-such-flag' found")
        .stderr_has("Usage: backlog lint");
    assert_eq!(run.stdout, "");
}

#[test]
fn nonexistent_path_exits_2_naming_it() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &draft_story("a"));
    repo.backlog(&["lint", "backlog/items/MS-404-nope.md"])
        .code(2)
        .stderr_has("backlog/items/MS-404-nope.md");
}

#[test]
fn not_a_backlog_exits_2_with_a_hint() {
    let repo = TestRepo::git();
    let run = repo.backlog(&["lint"]);
    run.code(2).stderr_has("not a backlog").stderr_has("hint:");
    let plain = TestRepo::plain();
    plain.backlog(&["lint"]).code(2).stderr_has("hint:");
    assert!(
        plain.tree().is_empty(),
        "lint created files: {:?}",
        plain.tree()
    );
}

#[test]
fn root_flag_pointing_at_a_non_backlog_exits_2() {
    let repo = TestRepo::with_backlog();
    std::fs::create_dir_all(repo.path().join("elsewhere")).unwrap_or_else(|e| panic!("{e}"));
    repo.backlog(&["--root", "elsewhere", "lint"])
        .code(2)
        .stderr_has("hint:");
}

#[test]
fn root_flag_finds_the_backlog_from_another_directory() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", WRONG_TYPE);
    std::fs::create_dir_all(repo.path().join("src/deep")).unwrap_or_else(|e| panic!("{e}"));
    let run = repo.backlog_in("src/deep", &["lint", "--format", "json"]);
    run.code(1);
    assert_eq!(
        run.findings()[0].path,
        "backlog/items/MS-1-x.md",
        "paths stay relative to the repository top"
    );
    let mut cmd = repo.command();
    cmd.current_dir(std::env::temp_dir()).args([
        "--root",
        &repo.path().display().to_string(),
        "lint",
    ]);
    let output = cmd.output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(1));
}

// ---- GitHub Actions format -----------------------------------------------------------------

#[test]
fn github_lines_are_workflow_commands() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", WRONG_TYPE);
    repo.item("MS-2-x.md", TYPO);
    let run = repo.backlog(&["lint", "--format", "github"]);
    run.code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "one line per finding:\n{}", run.stdout);
    assert!(
        lines[0].starts_with("::error file=backlog/items/MS-1-x.md,line=5,col=12,title=FM007"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("::warning file=backlog/items/MS-2-x.md,line=5,col=1,title=FM011"),
        "{}",
        lines[1]
    );
    for line in &lines {
        let (props, data) = line[2..]
            .split_once("::")
            .unwrap_or_else(|| panic!("no data: {line}"));
        assert!(!props.contains(' ') || props.contains("title="), "{props}");
        assert!(!data.is_empty());
    }
    // The help follows the message, as an escaped newline.
    assert!(
        lines[0].contains("%0Ahelp: write `estimate`"),
        "{}",
        lines[0]
    );
    run.stderr_has("checked 2 items: 1 error, 1 warning");
}

#[test]
fn github_escapes_properties_and_data() {
    let repo = TestRepo::with_backlog();
    // A file name with a comma, a colon and a percent sign; a key with a percent sign.
    repo.item(
        "MS-1-a,b:c%d.md",
        "+++\ntitle = \"a\"\nkind = \"story\"\nstate = \"draft\"\n\"estimat%e\" = 3\n+++\n",
    );
    let run = repo.backlog(&["lint", "--format", "github"]);
    run.code(0);
    let line = run
        .stdout
        .lines()
        .next()
        .unwrap_or_else(|| panic!("no output"));
    assert!(
        line.starts_with("::warning file=backlog/items/MS-1-a%2Cb%3Ac%25d.md,line=5,col=1,title=FM011 misspelled-field::"),
        "{line}"
    );
    let data = line.split("::").nth(2).unwrap_or_default();
    assert!(
        data.contains("`estimat%25e`"),
        "% in data must be %25: {data}"
    );
    assert!(!data.contains("estimat%e"), "{data}");
    assert!(
        data.contains("%0Ahelp:"),
        "newline in data must be %0A: {data}"
    );
    assert_eq!(
        run.stdout.lines().count(),
        1,
        "a finding is one line:\n{}",
        run.stdout
    );
}

#[test]
fn github_output_never_starts_a_line_with_item_text() {
    let repo = TestRepo::with_backlog();
    // A file name with a newline followed by a workflow command.
    repo.item("MS-1-x\n::set-env name=X::y.md", "no frontmatter\n");
    let run = repo.backlog(&["lint", "--format", "github"]);
    run.code(1);
    for line in run.stdout.lines() {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning "),
            "a line not made by us: {line:?}\n{}",
            run.stdout
        );
    }
    assert!(!run.stdout.contains("\n::set-env"), "{}", run.stdout);
}

// ---- JSON format ---------------------------------------------------------------------------

#[test]
fn json_contract() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", WRONG_TYPE);
    repo.item("MS-2-x.md", TYPO);
    let run = repo.backlog(&["lint", "--format", "json"]);
    run.code(1);
    let doc = run.json();
    assert_eq!(doc["version"], 1);
    let list = doc["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("{doc}"));
    assert_eq!(list.len(), 2);
    let first = &list[0];
    for key in [
        "path", "line", "column", "severity", "rule", "message", "help",
    ] {
        assert!(first.get(key).is_some(), "diagnostic lacks {key}: {first}");
    }
    assert_eq!(first["path"], "backlog/items/MS-1-x.md");
    assert_eq!(first["line"], 5);
    assert_eq!(first["column"], 12);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["rule"], "FM007");
    assert_eq!(list[1]["severity"], "warning");
    assert_eq!(list[1]["rule"], "FM011");
    assert_eq!(run.stderr, "", "JSON mode keeps stderr quiet on success");
}

#[test]
fn json_when_clean_is_an_empty_list() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &draft_story("a"));
    let run = repo.backlog(&["lint", "--format", "json"]);
    run.code(0);
    assert_eq!(
        run.json(),
        serde_json::json!({"version": 1, "diagnostics": []})
    );
}

#[test]
fn findings_are_sorted_by_path_then_position() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-2-x.md", WRONG_TYPE);
    repo.item(
        "MS-1-x.md",
        &draft_with("a", "depends_on = [\"MS-8\"]\nestimte = 1\nid = \"MS-3\"\n"),
    );
    repo.ranking("MS-9\n");
    let (_, found) = repo.lint_json(&[]);
    let keys: Vec<(String, u64, u64)> = found
        .iter()
        .map(|d| (d.path.clone(), d.line, d.column))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let again = repo.lint_json(&[]).1;
    assert_eq!(found, again, "output is deterministic");
}

// ---- Path filters ---------------------------------------------------------------------------

#[test]
fn path_filter_reports_only_that_file() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", WRONG_TYPE);
    repo.item("MS-2-x.md", TYPO);
    repo.ranking("MS-9\n");
    let (run, found) = repo.lint_json(&["backlog/items/MS-2-x.md"]);
    run.code(0);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].path, "backlog/items/MS-2-x.md");
    let (run, found) = repo.lint_json(&["backlog/items/MS-1-x.md"]);
    run.code(1);
    assert!(
        found.iter().all(|d| d.path == "backlog/items/MS-1-x.md"),
        "{found:?}"
    );
}

#[test]
fn path_filter_still_checks_cross_item_rules() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &draft_story("a"));
    repo.item("MS-1-y.md", &draft_story("b"));
    repo.item("MS-2-x.md", &draft_with("c", "depends_on = [\"MS-3\"]\n"));
    repo.item("MS-3-x.md", &draft_story("d"));
    // MS-2 depends on MS-3, which exists outside the filter: no DEP001.
    let (run, found) = repo.lint_json(&["backlog/items/MS-2-x.md"]);
    run.code(0);
    assert!(found.is_empty(), "{found:?}");
    // MS-1-y.md duplicates an ID of a file outside the filter: still found.
    let (run, found) = repo.lint_json(&["backlog/items/MS-1-y.md"]);
    run.code(1);
    assert_eq!(rules_of(&found, "backlog/items/MS-1-y.md"), ["ID001"]);
}

#[test]
fn path_filter_on_a_directory_and_the_ranking() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", WRONG_TYPE);
    repo.item("archive/MS-2-x.md", TYPO);
    repo.ranking("MS-9\n");
    let (run, found) = repo.lint_json(&["backlog/items"]);
    run.code(1);
    let paths: Vec<&str> = found.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        paths,
        ["backlog/items/MS-1-x.md", "backlog/items/archive/MS-2-x.md"]
    );
    let (run, found) = repo.lint_json(&["backlog/ranking.txt"]);
    run.code(1);
    assert_eq!(rules_of(&found, "backlog/ranking.txt"), ["ORD001"]);
    assert_eq!(found.len(), 1);
}

#[test]
fn path_filter_relative_to_the_current_directory() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", WRONG_TYPE);
    repo.item("MS-2-x.md", TYPO);
    let run = repo.backlog_in("backlog/items", &["lint", "--format", "json", "MS-2-x.md"]);
    run.code(0);
    let found = run.findings();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "backlog/items/MS-2-x.md");
}

// ---- Read-only -------------------------------------------------------------------------------

#[test]
fn lint_writes_nothing() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &ready_story("a"));
    repo.item("MS-2-x.md", WRONG_TYPE);
    repo.item("MS-3-x.md", TYPO);
    repo.ranking("MS-1 # first\nMS-2\n");
    repo.commit("backlog");
    repo.item("MS-4-x.md", &draft_story("uncommitted"));
    let before = repo.snapshot();
    let tree = repo.tree();
    // MS-2 has errors; MS-1, the only path of the last run, has none.
    for (args, code) in [
        (&["lint"][..], 1),
        (&["lint", "--format", "json"], 1),
        (&["lint", "--format", "github"], 1),
        (&["lint", "--deny-warnings"], 1),
        (&["lint", "backlog/items/MS-1-x.md"], 0),
    ] {
        repo.backlog(args).code(code);
        assert!(
            repo.snapshot() == before,
            "{args:?} changed a file (or its mtime), .git included"
        );
        assert_eq!(repo.tree(), tree, "{args:?} created or removed a file");
    }
}

#[test]
fn lint_outside_git_writes_nothing() {
    let repo = TestRepo::plain();
    repo.backlog(&["init"]).code(0);
    repo.item("MS-1-x.md", WRONG_TYPE);
    let before = repo.snapshot();
    let tree = repo.tree();
    repo.backlog(&["lint"]).code(1);
    assert!(repo.snapshot() == before);
    assert_eq!(repo.tree(), tree);
}

// ---- Severity overrides ----------------------------------------------------------------------

fn too_big() -> String {
    ready_story("big").replace("estimate = 5", "estimate = 13")
}

#[test]
fn rules_override_by_code_to_warning() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &too_big());
    let (run, found) = repo.lint_json(&[]);
    run.code(1);
    assert_eq!(found[0].severity, "error");
    repo.config_append("DOR004 = \"warning\"\n");
    let (run, found) = repo.lint_json(&[]);
    run.code(0);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].rule.as_str(), found[0].severity.as_str()),
        ("DOR004", "warning")
    );
    repo.backlog(&["lint", "--deny-warnings"]).code(1);
}

#[test]
fn rules_override_by_name_to_off() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &too_big());
    repo.config_append("estimate-too-large = \"off\"\n");
    let (run, found) = repo.lint_json(&[]);
    run.code(0);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn rules_override_turns_on_the_untriaged_rule() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &draft_story("untriaged"));
    repo.item("MS-2-x.md", &ready_story("ranked"));
    repo.item(
        "MS-3-x.md",
        &ready_story_in("done", "done").replace("- [ ]", "- [x]"),
    );
    repo.ranking("MS-2\n");
    repo.backlog(&["lint"]).code(0);
    repo.config_append("ORD003 = \"error\"\n");
    let (run, found) = repo.lint_json(&[]);
    run.code(1);
    assert_eq!(found.len(), 1, "only the open untriaged item: {found:?}");
    assert_eq!(found[0].rule, "ORD003");
    assert_eq!(found[0].path, "backlog/items/MS-1-x.md");
    assert_eq!(found[0].severity, "error");
}

#[test]
fn rules_override_can_make_a_warning_an_error() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", TYPO);
    repo.config_append("FM011 = \"error\"\n");
    let (run, found) = repo.lint_json(&[]);
    run.code(1);
    assert_eq!(found[0].severity, "error");
}

// ---- When Ready is required ------------------------------------------------------------------

/// A draft story with nothing filled in.
fn bare(title: &str) -> String {
    format!("+++\ntitle = \"{title}\"\nkind = \"story\"\nstate = \"draft\"\n+++\n")
}

fn dor_rules(found: &[crate::support::Finding], path: &str) -> Vec<String> {
    found
        .iter()
        .filter(|d| d.path == path && d.rule.starts_with("DOR"))
        .map(|d| d.rule.clone())
        .collect()
}

#[test]
fn draft_untriaged_item_is_free_to_be_incomplete() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &bare("idea"));
    let (run, found) = repo.lint_json(&[]);
    run.code(0);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn draft_in_the_top_5_must_be_ready() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &bare("idea"));
    repo.ranking("MS-1\n");
    let (run, found) = repo.lint_json(&[]);
    run.code(1);
    let rules = dor_rules(&found, "backlog/items/MS-1-x.md");
    assert_eq!(
        rules,
        ["DOR001", "DOR001", "DOR001", "DOR002", "DOR002", "DOR003"],
        "{found:?}"
    );
    for d in &found {
        assert!(
            d.message.contains("top 5"),
            "the message says why Ready applies: {}",
            d.message
        );
    }
}

#[test]
fn ready_state_must_be_ready_wherever_it_is() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &bare("idea").replace("draft", "ready"));
    let (run, found) = repo.lint_json(&[]);
    run.code(1);
    assert!(!dor_rules(&found, "backlog/items/MS-1-x.md").is_empty());
    assert!(
        found.iter().all(|d| d.message.contains("`ready`")),
        "{found:?}"
    );
    // Ranked far down, below five Ready items: still required.
    for n in 2..=7 {
        repo.item(&format!("MS-{n}-x.md"), &ready_story("fine"));
    }
    repo.ranking("MS-2\nMS-3\nMS-4\nMS-5\nMS-6\nMS-7\nMS-1\n");
    let (run, found) = repo.lint_json(&[]);
    run.code(1);
    assert!(
        !dor_rules(&found, "backlog/items/MS-1-x.md").is_empty(),
        "{found:?}"
    );
}

#[test]
fn doing_state_must_be_ready_too() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &bare("idea").replace("draft", "doing"));
    let (run, found) = repo.lint_json(&[]);
    run.code(1);
    assert!(
        !dor_rules(&found, "backlog/items/MS-1-x.md").is_empty(),
        "{found:?}"
    );
}

#[test]
fn sixth_open_item_is_not_checked() {
    let repo = TestRepo::with_backlog();
    for n in 1..=5 {
        repo.item(&format!("MS-{n}-x.md"), &ready_story_in("open", "refining"));
    }
    repo.item("MS-6-x.md", &bare("sixth"));
    repo.item("MS-7-x.md", &bare("seventh"));
    repo.ranking("MS-1\nMS-2\nMS-3\nMS-4\nMS-5\nMS-6\nMS-7\n");
    let (run, found) = repo.lint_json(&[]);
    run.code(0);
    assert!(found.is_empty(), "{found:?}");
    // Moving it up to 5th brings it into the top 5.
    repo.ranking("MS-1\nMS-2\nMS-3\nMS-4\nMS-6\nMS-5\nMS-7\n");
    let (run, found) = repo.lint_json(&[]);
    run.code(1);
    assert!(
        !dor_rules(&found, "backlog/items/MS-6-x.md").is_empty(),
        "{found:?}"
    );
    assert!(
        dor_rules(&found, "backlog/items/MS-7-x.md").is_empty(),
        "{found:?}"
    );
    assert!(found.iter().any(|d| d.message.contains("#5")), "{found:?}");
}

#[test]
fn closed_items_above_do_not_count_toward_the_top_5() {
    let repo = TestRepo::with_backlog();
    let done = ready_story_in("done", "done").replace("- [ ]", "- [x]");
    repo.item("MS-1-x.md", &done);
    repo.item("MS-2-x.md", &bare("dropped").replace("draft", "dropped"));
    for n in 3..=6 {
        repo.item(&format!("MS-{n}-x.md"), &ready_story_in("open", "refining"));
    }
    repo.item("MS-7-x.md", &bare("fifth open"));
    // MS-7 is 7th in the file but only the 5th open item: it must be Ready.
    repo.ranking("MS-1\nMS-2\nMS-3\nMS-4\nMS-5\nMS-6\nMS-7\n");
    let (run, found) = repo.lint_json(&[]);
    run.code(1);
    assert!(
        !dor_rules(&found, "backlog/items/MS-7-x.md").is_empty(),
        "{found:?}"
    );
    assert!(
        dor_rules(&found, "backlog/items/MS-2-x.md").is_empty(),
        "dropped items are exempt: {found:?}"
    );
    // One more open item above pushes it to 6th: no longer checked.
    repo.item("MS-8-x.md", &ready_story_in("open", "refining"));
    repo.ranking("MS-1\nMS-2\nMS-3\nMS-4\nMS-5\nMS-6\nMS-8\nMS-7\n");
    let (run, found) = repo.lint_json(&[]);
    run.code(0);
    // Only the closed items' own ORD007 warnings (they are still ranked) remain.
    let rules: Vec<String> = found.iter().map(|f| f.at()).collect();
    assert_eq!(rules, ["ORD007@1:1", "ORD007@2:1"], "{found:?}");
}

#[test]
fn unknown_ranked_ids_do_not_count_toward_the_top_5() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &bare("idea"));
    repo.ranking("MS-91\nMS-92\nMS-93\nMS-94\nMS-95\nMS-1\n");
    let (_, found) = repo.lint_json(&[]);
    assert!(
        !dor_rules(&found, "backlog/items/MS-1-x.md").is_empty(),
        "{found:?}"
    );
}

#[test]
fn top_0_turns_the_top_check_off() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &bare("idea"));
    repo.item(
        "MS-2-x.md",
        &bare("in ready state").replace("draft", "ready"),
    );
    repo.ranking("MS-1\nMS-2\n");
    repo.config_replace("top = 5", "top = 0");
    let (run, found) = repo.lint_json(&[]);
    run.code(1);
    assert!(
        dor_rules(&found, "backlog/items/MS-1-x.md").is_empty(),
        "{found:?}"
    );
    // The state trigger still holds.
    assert!(
        !dor_rules(&found, "backlog/items/MS-2-x.md").is_empty(),
        "{found:?}"
    );
}

#[test]
fn top_n_is_configurable() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &ready_story_in("a", "refining"));
    repo.item("MS-2-x.md", &bare("second"));
    repo.ranking("MS-1\nMS-2\n");
    repo.config_replace("top = 5", "top = 1");
    repo.backlog(&["lint"]).code(0);
    repo.config_replace("top = 1", "top = 2");
    let (run, found) = repo.lint_json(&[]);
    run.code(1);
    assert!(
        found.iter().all(|d| d.message.contains("top 2")),
        "{found:?}"
    );
}

#[test]
fn a_ready_item_in_the_top_5_lints_clean() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &ready_story("a"));
    repo.item("MS-2-x.md", &ready_story_in("b", "draft"));
    repo.ranking("MS-1 # most important\nMS-2\n");
    repo.backlog(&["lint"])
        .code(0)
        .stderr_has("checked 2 items: no problems");
}

#[test]
fn hostile_text_in_messages_is_inert_in_every_format() {
    let repo = TestRepo::with_backlog();
    // C1 NEL, LINE SEPARATOR and RIGHT-TO-LEFT OVERRIDE are legal in TOML strings; the unknown
    // kind is quoted in the FM008 message.
    repo.item(
        "MS-1-x.md",
        "+++\ntitle = \"a\"\nkind = \"st\u{85}o\u{2028}ry\u{202E}\"\nstate = \"draft\"\n+++\n",
    );
    for format in ["human", "json", "github"] {
        let run = repo.backlog(&["lint", "--format", format]);
        run.code(1);
        for c in ['\u{85}', '\u{2028}', '\u{202E}'] {
            assert!(
                !run.stdout.contains(c) && !run.stderr.contains(c),
                "--format {format} printed U+{:04X} raw:\n{}",
                c as u32,
                run.stdout
            );
        }
    }
    let (_, found) = repo.lint_json(&[]);
    let kind = found
        .iter()
        .find(|d| d.rule == "FM008")
        .unwrap_or_else(|| panic!("no FM008: {found:?}"));
    assert!(
        kind.message.contains("st\u{85}o\u{2028}ry\u{202E}"),
        "JSON escapes, and decodes back to the exact text: {}",
        kind.message
    );
}
