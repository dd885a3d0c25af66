//! An import into a backlog with no items fits backlog.toml's Definition of Ready to what the
//! imported items can carry; into a backlog with items of its own it only proposes.

use super::fixture;
use crate::support::TestRepo;

/// The Jira fixture has no `value` field, and its bodies have no `## Problem` heading.
fn jira() -> String {
    fixture("import/jira.csv")
}

#[test]
fn an_import_into_an_empty_backlog_takes_what_no_item_has_out_of_ready() {
    let repo = TestRepo::with_backlog();
    let before = repo.read("backlog/backlog.toml");
    let run = repo.backlog(&["import", "jira", &jira()]);
    run.code(0).stdout_has(
        "backlog.toml: taken out of Ready, since the imported items do not have them (a comment there says so):",
    );
    let after = repo.read("backlog/backlog.toml");
    assert_ne!(before, after);
    assert!(
        after.contains("# `backlog import jira` took `value` ("),
        "{after}"
    );
    assert!(after.contains("# Put them back once the team has filled them in.\n[kinds.story]\n"));
    // Only the comment lines and the `ready` lines of the fitted kinds changed.
    let changed: Vec<&str> = after.lines().filter(|l| !before.contains(l)).collect();
    assert!(
        changed
            .iter()
            .all(|l| l.starts_with("# `backlog import jira` took")
                || l.starts_with("# Put them back")
                || l.starts_with("ready = {")),
        "{changed:#?}"
    );
    let ready_story = after
        .lines()
        .skip_while(|l| *l != "[kinds.story]")
        .find(|l| l.starts_with("ready = "))
        .unwrap_or_default();
    assert!(!ready_story.contains("\"value\""), "{ready_story}");
    // The same import again finds the fit in place and writes nothing.
    repo.backlog(&["import", "jira", &jira()])
        .code(0)
        .stdout_has("nothing to write: this import is already in place, byte for byte");
    assert_eq!(repo.read("backlog/backlog.toml"), after);
}

#[test]
fn the_forecast_is_what_lint_says_with_the_fitted_config() {
    let repo = TestRepo::with_backlog();
    let report = repo
        .backlog(&["import", "jira", &jira(), "--format", "json"])
        .code(0)
        .json();
    assert_eq!(report["config_fit_written"], true);
    let (_, findings) = repo.lint_json(&[]);
    let mut actual = std::collections::BTreeMap::<String, i64>::new();
    for f in findings.iter().filter(|f| f.severity == "error") {
        *actual.entry(f.rule.clone()).or_default() += 1;
    }
    assert_eq!(serde_json::json!(actual), report["lint_codes"]);
    assert!(
        !findings
            .iter()
            .any(|f| f.rule == "DOR001" && f.message.contains("`value`")),
        "{findings:?}"
    );
}

#[test]
fn keep_config_and_a_dry_run_leave_backlog_toml_alone() {
    let repo = TestRepo::with_backlog();
    let before = repo.read("backlog/backlog.toml");
    repo.backlog(&["import", "jira", &jira(), "--dry-run"])
        .code(0)
        .stdout_has("backlog.toml: would take out of Ready")
        .stdout_has("dry run: nothing was written");
    assert_eq!(repo.read("backlog/backlog.toml"), before);
    let report = repo
        .backlog(&[
            "import",
            "jira",
            &jira(),
            "--keep-config",
            "--format",
            "json",
        ])
        .code(0)
        .json();
    assert_eq!(report["config_fit_written"], false);
    assert!(
        report["config_fit"]
            .as_array()
            .is_some_and(|a| a.iter().any(|r| r["name"] == "value")),
        "the report still says what Ready asks that the items lack: {report}"
    );
    assert_eq!(repo.read("backlog/backlog.toml"), before);
}

#[test]
fn a_backlog_with_items_of_its_own_keeps_its_agreement() {
    let repo = TestRepo::with_backlog();
    repo.backlog(&["new", "story", "Our own story"]).code(0);
    let before = repo.read("backlog/backlog.toml");
    repo.backlog(&["import", "jira", &jira(), "--renumber-taken"])
        .code(0)
        .stdout_has(
            "backlog.toml left as it is (the backlog has items of its own, or --keep-config)",
        );
    assert_eq!(repo.read("backlog/backlog.toml"), before);
}
