//! `rank` and `unrank` warn (stderr, exit 0) when the move creates a DEP003 or ORD007
//! finding, and `lint` reports a done or dropped item left in the ranking (ORD007).

use crate::support::{TestRepo, draft_with, ready_story, ready_story_in};

/// MS-1 depends on MS-2; MS-3 is done; ranking: MS-2, MS-1, MS-4.
fn backlog() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item(
        "MS-1-needs-two.md",
        &ready_story("Needs two")
            .replace("estimate = 5\n", "estimate = 5\ndepends_on = [\"MS-2\"]\n"),
    );
    repo.item("MS-2-two.md", &ready_story("Two"));
    repo.item(
        "MS-3-finished.md",
        &ready_story_in("Finished", "done").replace("- [ ]", "- [x]"),
    );
    repo.item("MS-4-four.md", &ready_story("Four"));
    repo.ranking("MS-2\nMS-1\nMS-4\n");
    repo.commit("backlog");
    repo
}

#[test]
fn ranking_an_item_above_its_dependency_warns_and_succeeds() {
    let repo = backlog();
    let run = repo.backlog(&["rank", "MS-1", "--top"]);
    run.code(0).stderr_has(
        "warning[DEP003]: MS-1 is ranked #1, above MS-2 (#2), which it depends on and which is not done\nhelp: rank MS-2 above MS-1, or move MS-1 down\n",
    );
    assert_eq!(repo.read("backlog/ranking.txt"), "MS-1\nMS-2\nMS-4\n");
    repo.backlog(&["lint"]).code(1).stdout_has("error[DEP003]");
}

#[test]
fn moving_a_dependency_down_below_its_dependent_warns() {
    let repo = backlog();
    repo.backlog(&["rank", "MS-2", "--bottom"])
        .code(0)
        .stderr_has("warning[DEP003]: MS-1 is ranked #1, above MS-2 (#3), which it depends on");
}

#[test]
fn unranking_a_dependency_warns() {
    let repo = backlog();
    repo.backlog(&["unrank", "MS-2"])
        .code(0)
        .stderr_has("warning[DEP003]: MS-1 is ranked #1, above MS-2 (untriaged)");
}

#[test]
fn a_move_that_creates_no_finding_is_quiet() {
    let repo = backlog();
    let run = repo.backlog(&["rank", "MS-4", "--top"]);
    run.code(0).lacks("warning[");
    let run = repo.backlog(&["unrank", "MS-4"]);
    run.code(0).lacks("warning[");
}

#[test]
fn ranking_a_closed_item_warns_and_lint_reports_it() {
    let repo = backlog();
    repo.backlog(&["lint"]).code(0);
    repo.backlog(&["rank", "MS-3", "--top"]).code(0).stderr_has(
        "warning[ORD007]: MS-3 is `done` but ranked #1: the ranking is the order of the work still to do\nhelp: reopen it, or take it out: backlog unrank MS-3\n",
    );
    let (run, findings) = repo.lint_json(&[]);
    run.code(0);
    let got: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {} {} {}", f.path, f.at(), f.severity, f.message))
        .collect();
    assert_eq!(
        got,
        ["backlog/ranking.txt ORD007@1:1 warning MS-3 is `done` but still ranked"]
    );
    repo.backlog(&["lint", "--deny-warnings"]).code(1);
}

#[test]
fn a_dropped_draft_ranked_by_hand_is_reported() {
    let repo = TestRepo::with_backlog();
    repo.item(
        "MS-1-gone.md",
        &draft_with("Gone", "").replace("state = \"draft\"", "state = \"dropped\""),
    );
    repo.ranking("MS-1\n");
    repo.backlog(&["lint"])
        .code(0)
        .stdout_has("warning[ORD007]: MS-1 is `dropped` but still ranked");
}

#[test]
fn a_team_that_keeps_closed_items_ranked_gets_no_ord007() {
    let repo = backlog();
    repo.config_replace("unrank_closed = true", "unrank_closed = false");
    repo.backlog(&["rank", "MS-3", "--top"])
        .code(0)
        .lacks("ORD007");
    repo.backlog(&["lint", "--deny-warnings"]).code(0);
}
