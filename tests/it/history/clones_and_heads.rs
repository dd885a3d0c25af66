//! History, blame, diff and `lint --since` in shallow clones, on detached and unborn HEADs,
//! and blame of moves not committed yet.

use super::*;

/// An origin with START and three commits that each lift one item, and its ids.
fn lifted_three() -> (TestRepo, [String; 4]) {
    let repo = setup(6);
    let start = repo.head_id();
    order(&repo, &[4, 1, 2, 3, 5, 6]);
    repo.commit("Lift MS-4");
    let c1 = repo.head_id();
    order(&repo, &[5, 4, 1, 2, 3, 6]);
    repo.commit("Lift MS-5");
    let c2 = repo.head_id();
    order(&repo, &[6, 5, 4, 1, 2, 3]);
    repo.commit("Lift MS-6");
    let c3 = repo.head_id();
    (repo, [start, c1, c2, c3])
}

#[test]
fn a_shallow_clone_gives_the_history_it_has_and_says_where_it_stops() {
    let (origin, [start, _c1, c2, c3]) = lifted_three();
    let clone = origin.shallow_clone(2);
    assert_eq!(
        clone
            .git_ok(&["rev-parse", "--is-shallow-repository"])
            .trim(),
        "true"
    );
    assert_eq!(clone.head_id(), c3);

    let run = clone.backlog(&["history", "MS-6", "--format", "json"]);
    run.code(0).stderr_has("shallow");
    let doc = run.json();
    assert_eq!(doc["shallow_boundary"], c2.as_str(), "{doc}");
    assert_eq!(
        events(&clone, "MS-6"),
        [ev(
            "MS-6",
            &c3,
            DANA,
            Some(6),
            Some(1),
            Some("Lift MS-6"),
            "subject"
        )]
    );
    // The boundary commit's own change cannot be known (its parent is missing), and nothing
    // older is invented: no "newly ranked" events at the boundary.
    for n in 1..=5 {
        let doc = history_doc(&clone, &format!("MS-{n}"));
        assert_eq!(doc["events"], json!([]), "MS-{n}: {doc}");
        assert_eq!(doc["shallow_boundary"], c2.as_str());
    }
    // The full history has them.
    assert_eq!(events(&origin, "MS-1"), [started(&start, 1)]);
    assert_eq!(
        history_doc(&origin, "MS-1")["shallow_boundary"],
        Value::Null
    );

    // blame: what the clone has, and nothing for what lies before its history.
    let run = clone.backlog(&["blame", "--format", "json"]);
    run.code(0).stderr_has("shallow");
    let doc = run.json();
    assert_eq!(doc["shallow_boundary"], c2.as_str(), "{doc}");
    assert_eq!(doc["entries"][0]["id"], "MS-6");
    assert_eq!(doc["entries"][0]["commit"], c3.as_str());
    assert_eq!(doc["entries"][1]["id"], "MS-5");
    assert_eq!(doc["entries"][1]["commit"], Value::Null, "{doc}");
    clone
        .backlog(&["blame"])
        .code(0)
        .stdout_has("(before history)");
}

#[test]
fn lint_since_in_a_clone_too_shallow_to_reach_the_base_says_to_fetch() {
    // What CI does by default: the pull request's head and the base branch, each fetched with
    // depth 1. The head commit is a shallow boundary, so its parent (the base) is not part of
    // its history as far as git is concerned: the policy cannot judge the pull request's moves.
    let origin = setup(6);
    origin.git_ok(&["checkout", "-q", "-b", "pr"]);
    origin.ranking(&ranking_text(&[
        "MS-5  # Chicago",
        "MS-1",
        "MS-2",
        "MS-3",
        "MS-4",
        "MS-6",
    ]));
    origin.commit("Lift MS-5");
    origin.git_ok(&["checkout", "-q", "main"]);
    let ci = TestRepo::plain();
    let url = format!("file://{}", origin.path().to_string_lossy());
    ci.git_ok(&["clone", "-q", "--depth", "1", "--branch", "pr", &url, "."]);
    ci.git_ok(&[
        "fetch",
        "-q",
        "--depth",
        "1",
        "origin",
        "main:refs/remotes/origin/main",
    ]);
    // The full clone: the one move states its reason; clean.
    let full = origin.clone_repo();
    full.git_ok(&["checkout", "-q", "pr"]);
    let (run, findings) = full.lint_json(&["--since", "origin/main"]);
    assert_eq!(findings, [], "{findings:#?}");
    run.code(0);
    // The shallow one must not invent moves ("untriaged → #N" for every item): it cannot
    // run, says so, and says how to fetch.
    let run = ci.backlog(&["lint", "--since", "origin/main", "--format", "json"]);
    assert!(
        !run.stdout.contains("POL001"),
        "no invented policy findings:\n{}",
        run.stdout
    );
    run.code(2).stderr_has("shallow").stderr_has("fetch");
}

#[test]
fn diff_beyond_a_shallow_boundary_exits_2_with_a_fetch_hint() {
    let (origin, [start, _c1, _c2, _c3]) = lifted_three();
    let clone = origin.shallow_clone(2);
    let range = format!("{start}..HEAD");
    let before = clone.work_tree_files();
    let run = clone.backlog(&["diff", &range, "--format", "json"]);
    run.code(2).stderr_has("fetch");
    assert_eq!(run.stdout, "", "nothing printed on stdout");
    assert_eq!(clone.work_tree_files(), before);
    // Within the history it has, diff works.
    let run = clone.backlog(&["diff", "HEAD~1..HEAD", "--format", "json"]);
    run.code(0);
    assert_eq!(
        run.json()["changes"],
        json!([{"id": "MS-6", "change": "moved", "from": 6, "to": 1, "title": "Story 6", "reason": null}])
    );
}

#[test]
fn lint_is_the_same_in_shallow_and_full_clones() {
    let (origin, _) = lifted_three();
    // A finding that does not depend on history: an unready item in the top 5.
    origin.item(&item_file(2), &draft_story("Story 2"));
    origin.commit("Make MS-2 a draft again");
    order(&origin, &[2, 6, 5, 4, 1, 3]);
    origin.commit("Lift MS-2");
    let full = origin.clone_repo();
    let shallow = origin.shallow_clone(2);
    for args in [
        vec!["lint"],
        vec!["lint", "--format", "json"],
        vec!["lint", "--format", "github"],
        vec!["lint", "--since", "HEAD~1", "--format", "json"],
        vec!["lint", "--since", "HEAD~1"],
    ] {
        let a = full.backlog(&args);
        let b = shallow.backlog(&args);
        assert_eq!(a.code, 1, "{args:?} finds something:\n{}", a.stdout);
        assert_eq!(
            (a.code, &a.stdout),
            (b.code, &b.stdout),
            "{args:?}: full vs shallow"
        );
    }
    // The policy finding is there in both.
    let (_, findings) = shallow.lint_json(&["--since", "HEAD~1"]);
    assert!(findings.iter().any(|f| f.rule == "POL001"), "{findings:#?}");
}

#[test]
fn history_works_on_a_detached_head() {
    let (repo, [start, c1, c2, _c3]) = lifted_three();
    repo.git_ok(&["checkout", "-q", "--detach", "HEAD~1"]);
    assert_eq!(repo.head_id(), c2);
    assert_eq!(
        events(&repo, "MS-6"),
        [started(&start, 6)],
        "the lift of MS-6 is not in HEAD~1"
    );
    assert_eq!(
        events(&repo, "MS-4"),
        [
            started(&start, 4),
            ev(
                "MS-4",
                &c1,
                DANA,
                Some(4),
                Some(1),
                Some("Lift MS-4"),
                "subject"
            ),
        ]
    );
    let blame = assert_blame_agrees(&repo);
    assert_eq!(blame[0]["id"], "MS-5");
    assert_eq!(blame[0]["commit"], c2.as_str());
    repo.backlog(&["diff", "HEAD~1..HEAD", "--format", "json"])
        .code(0);
}

#[test]
fn an_unborn_branch_has_no_history_but_blame_and_diff_work() {
    let repo = TestRepo::with_backlog();
    repo.item(&item_file(1), &ready_story("Story 1"));
    repo.item(&item_file(2), &draft_story("Story 2"));
    order(&repo, &[1, 2]);
    let before = repo.work_tree_files();

    let run = repo.backlog(&["history", "MS-1"]);
    run.code(0).stderr_has("no commits yet");
    let run = repo.backlog(&["history", "MS-1", "--format", "json"]);
    run.code(0);
    let doc = run.json();
    assert_eq!(doc["events"], json!([]), "{doc}");
    assert_eq!(doc["shallow_boundary"], Value::Null);

    let run = repo.backlog(&["blame", "--format", "json"]);
    run.code(0);
    let doc = run.json();
    let entries = doc["entries"].as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), 2, "{doc}");
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(e["id"], format!("MS-{}", i + 1));
        assert_eq!(e["rank"], i + 1);
        assert_eq!(e["commit"], Value::Null, "{e}");
    }
    repo.backlog(&["blame"])
        .code(0)
        .stdout_has("not committed yet");

    let run = repo.backlog(&["diff", "--format", "json"]);
    run.code(0);
    assert_eq!(
        run.json()["changes"],
        // One row per item: added and ranked is `added` with its rank (issue 17 §1b).
        json!([
            {"id": "MS-1", "change": "added", "from": null, "to": 1, "title": "Story 1", "reason": null},
            {"id": "MS-2", "change": "added", "from": null, "to": 2, "title": "Story 2", "reason": null},
        ])
    );
    repo.backlog(&["diff", "--exit-code"]).code(1);
    assert_eq!(
        repo.work_tree_files(),
        before,
        "read-only commands wrote nothing"
    );
}

#[test]
fn blame_shows_uncommitted_moves_without_a_commit() {
    let repo = setup(6);
    order(&repo, &[5, 1, 2, 3, 4, 6]);
    repo.commit_as(PRIYA.0, PRIYA.1, "Lift MS-5\n\nReason: Chicago");
    let lift = repo.head_id();
    repo.ranking(&ranking_text(&[
        "MS-5",
        "MS-1",
        "MS-2",
        "MS-6  # not yet committed",
        "MS-3",
        "MS-4",
    ]));
    let blame = assert_blame_agrees(&repo);
    assert_eq!(blame[0]["commit"], lift.as_str());
    assert_eq!(blame[0]["author"], PRIYA.0);
    assert_eq!(blame[0]["reason"], "Chicago");
    let moved = &blame[3];
    assert_eq!(moved["id"], "MS-6");
    assert_eq!(moved["commit"], Value::Null, "{moved}");
    assert_eq!(moved["reason"], "not yet committed");
    // Lines that only shifted keep their commit.
    assert_eq!(blame[4]["id"], "MS-3");
    assert!(blame[4]["commit"].is_string(), "{}", blame[4]);
    repo.backlog(&["blame"])
        .code(0)
        .stdout_has("not committed yet");
}
