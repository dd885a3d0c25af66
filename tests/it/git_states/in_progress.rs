//! Work in progress in the repository (rows D11, D12): an index.lock, a merge in progress.

use super::*;

// ---- D11 index.lock ----------------------------------------------------------------------------

#[test]
fn d11_index_lock_present_everything_works() {
    let origin = origin();
    let events = origin_events(&origin);
    let repo = origin.clone_repo();
    repo.write(".git/index.lock", "");
    assert_same_lint(&origin, &repo, ".", &[], NO_ENV, "index.lock present");
    repo.backlog(&["list"]).code(0);
    assert_eq!(history_events(&repo, ".", &[], NO_ENV), events);
    repo.backlog(&["blame"]).code(0);
    repo.backlog(&["diff", "HEAD~1..HEAD"]).code(0);
    repo.backlog(&["diff"]).code(0);
    repo.backlog(&["rank", "MS-4", "--top"]).code(0);
    repo.backlog(&["new", "story", "Locked index"]).code(0);
    assert_eq!(
        repo.read_bytes(".git/index.lock"),
        b"",
        "index.lock untouched"
    );
}

// ---- D12 merge in progress ---------------------------------------------------------------------

/// A clone in the middle of a merge whose ranking.txt conflicts.
fn conflicted() -> TestRepo {
    let repo = origin().clone_repo();
    repo.git_ok(&["checkout", "-q", "-b", "side"]);
    repo.ranking("# Most important first.\nMS-2  # side's reason\nMS-1  # first\nMS-4\n");
    repo.commit("Side: new reason for MS-2");
    repo.git_ok(&["checkout", "-q", "main"]);
    repo.ranking("# Most important first.\nMS-2  # main's reason\nMS-1  # first\nMS-4\n");
    repo.commit("Main: new reason for MS-2");
    let merge = repo.git_run(&["merge", "side"]);
    assert_ne!(merge.code, 0, "the merge conflicts: {}", merge.stdout);
    assert!(repo.path().join(".git/MERGE_HEAD").exists());
    assert!(repo.read("backlog/ranking.txt").contains("<<<<<<< "));
    repo
}

#[test]
fn d12_merge_in_progress_lint_reports_git001_and_writes_refuse() {
    let repo = conflicted();
    let (run_json, found) = repo.lint_json(&[]);
    run_json.code(1);
    assert!(
        found
            .iter()
            .any(|f| f.rule == "GIT001" && f.path == "backlog/ranking.txt" && f.line == 2),
        "{found:#?}"
    );
    repo.backlog(&["lint"]).code(1).stdout_has("error[GIT001]");
    let before = repo.work_tree_files();
    for args in [
        &["rank", "MS-4", "--top"][..],
        &["rank", "MS-1", "--bottom", "--reason", "x"],
        &["unrank", "MS-4"],
        &["new", "story", "During merge", "--rank", "top"],
    ] {
        let r = repo.backlog(args);
        r.code(1).stderr_has("conflict");
        assert_eq!(repo.work_tree_files(), before, "{args:?} changed a file");
    }
    // Reading the history needs no work-tree ranking.
    repo.backlog(&["history", "MS-2"]).code(0);
}

#[test]
#[ignore = "question for the lead: blame/diff on a conflicted ranking quietly use HEAD's side"]
fn d12_blame_and_diff_of_a_conflicted_ranking_do_not_pretend_it_is_clean() {
    // blame and diff read the work tree's ranking.txt; with conflict markers in it, quietly
    // taking one side (today: HEAD's) presents an unresolved ranking as a result. Catalogue
    // D12 only requires lint to report the markers, so this is a question, not a row.
    let repo = conflicted();
    for args in [&["blame"][..], &["diff"], &["diff", "HEAD"]] {
        let r = repo.backlog(args);
        assert!(
            r.code != 0 || r.stderr.contains("conflict"),
            "{args:?} on a conflicted ranking says nothing about the conflict (exit {}):\n{}{}",
            r.code,
            r.stdout,
            r.stderr
        );
    }
}

/// A clone of `origin()` in the middle of a merge that conflicts in notes.txt, not in the
/// backlog.
fn merging_elsewhere() -> TestRepo {
    let repo = origin().clone_repo();
    repo.git_ok(&["checkout", "-q", "-b", "side"]);
    repo.write("notes.txt", "side\n");
    repo.commit("Side notes");
    repo.git_ok(&["checkout", "-q", "main"]);
    repo.write("notes.txt", "main\n");
    repo.commit("Main notes");
    assert_ne!(repo.git_run(&["merge", "side"]).code, 0);
    repo
}

#[test]
fn d12_merge_in_progress_elsewhere_rank_is_sane() {
    // Writes refuse while the merge has unresolved conflicts (D12, below); once every
    // conflict is resolved and added, the merge is still in progress and the move is made,
    // before the merge commit, and the ranking stays valid.
    let repo = merging_elsewhere();
    repo.write("notes.txt", "merged\n");
    repo.git_ok(&["add", "notes.txt"]);
    repo.backlog(&["rank", "MS-4", "--top"])
        .code(0)
        .stdout_has("MS-4: #3 → #1");
    assert_eq!(
        repo.read("backlog/ranking.txt"),
        "# Most important first.\nMS-4\nMS-2  # lifted: the demo needs it\nMS-1  # first\n"
    );
    let (_, found) = repo.lint_json(&[]);
    assert!(
        !found.iter().any(|f| f.rule.starts_with("ORD")),
        "{found:#?}"
    );
}

#[test]
fn d12_writes_during_a_merge_exit_2_and_change_nothing() {
    let repo = merging_elsewhere();
    let before = repo.work_tree_files();
    for args in [
        &["rank", "MS-4", "--top"][..],
        &["new", "story", "Mid merge"],
    ] {
        assert_exit_2(
            &run(&repo, ".", args),
            &["merge in progress"],
            &args.join(" "),
        );
    }
    assert_eq!(repo.work_tree_files(), before, "nothing changed");
}
