//! Importing the JSON `gh issue list --json ...` prints.

use super::{fixture, item, ranked};
use crate::support::TestRepo;

fn import(order: &str) -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.backlog(&[
        "import",
        "github",
        &fixture("import/github.json"),
        "--order",
        order,
    ])
    .code(0)
    .stdout_has("GitHub issues: 5 read, 5 items, 3 ranked");
    repo
}

#[test]
fn open_issues_are_ranked_in_the_chosen_order() {
    assert_eq!(
        ranked(&import("created")),
        ["MS-2", "MS-5", "MS-1"],
        "oldest first"
    );
    assert_eq!(
        ranked(&import("label-priority")),
        ["MS-5", "MS-1", "MS-2"],
        "P0, then priority: high, then P2"
    );
}

#[test]
fn numbers_labels_assignees_and_milestones_are_kept() {
    let repo = import("created");
    let export = item(&repo, "MS-2");
    assert!(export.starts_with("+++\ntitle = \"Export to CSV\"\nkind = \"story\"\nstate = \"draft\"\nowner = \"bo\"\ntags = [\"enhancement\", \"P2\"]\nmilestone = \"v1.0\"\ncreated = \"2024-01-01T09:00:00Z\"\ngithub = \"#2\"\nassignees = [\"bo\", \"cy\"]\n+++\n"), "{export}");
    let bug = item(&repo, "MS-1");
    assert!(
        bug.contains("kind = \"bug\"\n") && bug.ends_with("\nSteps:\n1. Open Safari\n"),
        "{bug}"
    );
    assert!(item(&repo, "MS-3").contains("state = \"done\"\n"));
    // Closed as not planned is dropped, and a hostile title stays text.
    let dropped = item(&repo, "MS-4");
    assert!(dropped.contains("state = \"dropped\"\n"), "{dropped}");
    assert!(dropped.contains("title = \"Rewrite in <script>alert(1)</script>\"\n"));
}

#[test]
fn json_that_is_not_gh_output_is_refused_with_its_position() {
    let repo = TestRepo::with_backlog();
    repo.write("issues.json", "{\"number\": 1}");
    repo.backlog(&["import", "github", "issues.json"])
        .code(1)
        .stderr_has("nothing to import (issues.json: not the JSON `gh issue list --json ...` prints (line 1, column 0");
    assert!(super::item_names(&repo).is_empty());
}
