//! `backlog lint --since`: the team's policy on the commits of a pull request.

use super::*;

/// Starts the pull request's branch `pr` from main; returns main's id.
fn pr_branch(repo: &TestRepo) -> String {
    repo.git_ok(&["checkout", "-q", "-b", "pr"]);
    repo.rev("main")
}

#[test]
fn a_move_up_without_a_reason_is_pol001_at_its_line() {
    let repo = setup(6);
    repo.backlog(&["lint"]).code(0);
    let base = pr_branch(&repo);
    order(&repo, &[1, 2, 5, 3, 4, 6]);
    repo.commit("Lift MS-5");
    let lift = repo.head_id();
    let (run, findings) = repo.lint_json(&["--since", "main"]);
    run.code(1);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(
        (
            f.path.as_str(),
            f.line,
            f.column,
            f.rule.as_str(),
            f.severity.as_str()
        ),
        (RANKING, 4, 1, "POL001", "error"),
        "{f:#?}"
    );
    assert!(f.message.contains("MS-5"), "{}", f.message);
    assert!(f.message.contains(&lift[..8]), "{}", f.message);
    assert!(f.message.contains("Dana Developer"), "{}", f.message);
    // Same with the full id of the base, and in the human format.
    let (_, again) = repo.lint_json(&["--since", &base]);
    assert_eq!(again, findings);
    repo.backlog(&["lint", "--since", "main"])
        .code(1)
        .stdout_has("POL001");
}

#[test]
fn moves_up_with_a_reason_and_moves_down_pass_the_policy() {
    let repo = setup(6);
    repo.item(&item_file(7), &ready_story("Story 7"));
    repo.commit("Add MS-7");
    pr_branch(&repo);
    repo.backlog(&["rank", "MS-5", "--top", "--reason", "Chicago launch"])
        .code(0);
    repo.commit("Lift MS-5");
    assert_eq!(
        ranked(&repo),
        ["MS-5", "MS-1", "MS-2", "MS-3", "MS-4", "MS-6"]
    );
    let text = repo.read(RANKING);
    let lifted = text
        .lines()
        .find(|l| l.starts_with("MS-5"))
        .unwrap_or_default()
        .to_owned();
    assert!(lifted.ends_with("# Chicago launch"), "{text}");
    let lifted = lifted.as_str();
    repo.ranking(&ranking_text(&[
        lifted, "MS-6", "MS-1", "MS-2", "MS-3", "MS-4",
    ]));
    repo.commit_as(
        PRIYA.0,
        PRIYA.1,
        "Lift MS-6\n\nReason(MS-6): the import needs it",
    );
    repo.ranking(&ranking_text(&[
        lifted, "MS-6", "MS-2", "MS-3", "MS-4", "MS-1",
    ]));
    repo.commit("Sink MS-1");
    // Ranking a new item at the bottom lifts it above nothing ranked.
    repo.ranking(&ranking_text(&[
        lifted, "MS-6", "MS-2", "MS-3", "MS-4", "MS-1", "MS-7",
    ]));
    repo.commit("Rank MS-7 last");
    let (run, findings) = repo.lint_json(&["--since", "main"]);
    assert_eq!(findings, [], "{findings:#?}");
    run.code(0);
}

#[test]
fn rankers_policy_flags_commits_by_others() {
    let repo = setup(6);
    repo.config_replace("rankers = []", "rankers = [\"priya@midwest.example\"]");
    repo.commit("Only Priya ranks");
    pr_branch(&repo);
    order(&repo, &[6, 1, 2, 3, 4, 5]);
    repo.commit_as(PRIYA.0, PRIYA.1, "Lift MS-6\n\nReason: import");
    repo.ranking(&ranking_text(&[
        "MS-6",
        "MS-5  # Chicago",
        "MS-1",
        "MS-2",
        "MS-3",
        "MS-4",
    ]));
    repo.commit("Lift MS-5");
    let dana = repo.head_id();
    let (run, findings) = repo.lint_json(&["--since", "main"]);
    run.code(1);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(
        (f.path.as_str(), f.line, f.column, f.rule.as_str()),
        (RANKING, 3, 1, "POL002"),
        "{f:#?}"
    );
    assert!(f.message.contains("dana@midwest.example"), "{}", f.message);
    assert!(f.message.contains("MS-5"), "{}", f.message);
    assert!(f.message.contains(&dana[..8]), "{}", f.message);
}

#[test]
fn intake_fields_policy_flags_new_items_without_them() {
    let repo = setup(5);
    // An old item without an owner is not new: intake does not apply to it.
    repo.item(&item_file(6), &draft_story("Story 6"));
    repo.config_replace("intake_fields = []", "intake_fields = [\"owner\"]");
    repo.commit("Intake needs an owner");
    repo.backlog(&["lint"]).code(0);
    pr_branch(&repo);
    repo.item(&item_file(7), &draft_story("Story 7"));
    repo.item(
        &item_file(8),
        &draft_with("Story 8", "owner = \"priya@midwest.example\"\n"),
    );
    repo.commit("Add MS-7 and MS-8");
    let (run, findings) = repo.lint_json(&["--since", "main"]);
    run.code(1);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(
        (f.path.clone(), f.line, f.column, f.rule.as_str()),
        (format!("backlog/items/{}", item_file(7)), 1, 1, "POL003"),
        "{f:#?}"
    );
    assert!(f.message.contains("owner"), "{}", f.message);
}

#[test]
fn lint_since_an_unknown_revision_exits_2() {
    let repo = setup(3);
    let run = repo.backlog(&["lint", "--since", "no-such-branch"]);
    run.code(2).stderr_has("no-such-branch");
    let run = repo.backlog(&["lint", "--since", "no-such-branch", "--format", "json"]);
    run.code(2);
}
