//! Backlog.md's own backlog (a pinned snapshot, MIT-licensed: tests/fixtures/backlog-md-real/
//! NOTICE) imports with no crash, a report whose counts match its files, and a pinned number
//! of lint findings.

use super::ranked;
use crate::support::TestRepo;
use std::process::Command;

/// The snapshot, unpacked with the real tar into a temp directory.
fn unpacked() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let archive = super::fixture("backlog-md-real/backlog.tar.gz");
    let status = Command::new("tar")
        .args(["-xzf", &archive, "-C"])
        .arg(dir.path())
        .status()
        .unwrap_or_else(|e| panic!("tar: {e}"));
    assert!(status.success(), "tar -xzf {archive}");
    dir
}

#[test]
fn backlog_md_own_backlog_imports_and_lints_to_a_known_count() {
    let data = unpacked();
    let repo = TestRepo::with_backlog();
    let run = repo.backlog(&[
        "import",
        "backlog-md",
        &data.path().display().to_string(),
        "--format",
        "json",
    ]);
    run.code(0);
    let report = run.json();
    // tasks/ 159 + completed/ 455 + archive/tasks 55 + drafts/ 16 + archive/drafts 1, less the
    // read-me files (tasks, drafts, archive/drafts: not tasks) and the milestones.
    assert_eq!(report["read"], 674);
    assert_eq!(report["items"], 674);
    // The 37 tasks in tasks/ whose status is To Do; the 122 Done ones there are not ranked.
    assert_eq!(report["ranked"], 37);
    assert_eq!(
        report["by_state"],
        serde_json::json!({"done": 576, "draft": 52, "dropped": 46})
    );
    // Decimal subtasks (back-4.1 ...) and drafts (DRAFT-n) get numbers after the highest.
    assert_eq!(report["renumbered"].as_array().map(Vec::len), Some(164));
    assert_eq!(ranked(&repo).len(), 37);
    // Backlog.md has no `value` and no estimates, and its sections are Description and
    // Acceptance Criteria: the import takes what no open task has out of Ready (backlog.toml
    // had no items, so it is the import's to fit).
    let fit: Vec<String> = report["config_fit"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            format!(
                "{} {} {}/{}",
                r["kind"].as_str().unwrap_or(""),
                r["name"].as_str().unwrap_or(""),
                r["have"],
                r["of"]
            )
        })
        .collect();
    assert_eq!(
        fit,
        [
            "bug owner 0/3",
            "bug Steps to reproduce 0/3",
            "bug Expected behaviour 0/3",
            "story value 0/49",
            "story estimate 0/49",
            "story Problem 0/49"
        ]
    );
    assert_eq!(report["config_fit_written"], true);
    // 40 errors, each a real gap: 36 DONE001 (tasks marked Done with criteria unticked, as
    // written), 2 DOR001 (two of the top 5 open tasks have no owner, which most tasks have),
    // 2 DEP003 (a task ranked above one it depends on). Without the fit: 55 (12 DOR001 and
    // 5 DOR002 more, for requirements no task could meet).
    let (_, findings) = repo.lint_json(&[]);
    let errors = findings.iter().filter(|f| f.severity == "error").count();
    assert_eq!(errors, 40);
    assert_eq!(
        report["lint_codes"],
        serde_json::json!({"DEP003": 2, "DONE001": 36, "DOR001": 2})
    );
}

#[test]
fn backlog_md_own_backlog_round_trips_through_export() {
    let data = unpacked();
    let first = TestRepo::with_backlog();
    first
        .backlog(&["import", "backlog-md", &data.path().display().to_string()])
        .code(0);
    let out = data.path().join("exported");
    first
        .backlog(&["export", "backlog-md", &out.display().to_string()])
        .code(0);
    let second = TestRepo::with_backlog();
    second
        .backlog(&["import", "backlog-md", &out.display().to_string()])
        .code(0);
    assert_eq!(
        first.backlog(&["export", "json"]).json(),
        second.backlog(&["export", "json"]).json()
    );
}
