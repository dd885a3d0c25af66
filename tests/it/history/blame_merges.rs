//! Blame across a merge that kept one side's line (issue 19): it credits the parent whose
//! version the merge kept, as `git blame` does, never the discarded side's newer commit.

use super::*;

/// Both branches move MS-3 with a reason on its line; main's commit is made first, the
/// feature's later; the merge keeps main's line. Returns (repo, main's commit).
fn both_move_ms3(whole_file_kept: bool) -> (TestRepo, String) {
    let repo = setup(4);
    repo.git_ok(&["checkout", "-q", "-b", "feature"]);
    repo.git_ok(&["checkout", "-q", "main"]);
    repo.ranking(&ranking_text(&[
        "MS-1",
        "MS-3  # main's reason",
        "MS-2",
        "MS-4",
    ]));
    repo.commit_as(OWEN.0, OWEN.1, "Main lifts MS-3");
    let main = repo.head_id();
    repo.git_ok(&["checkout", "-q", "feature"]);
    repo.ranking(&ranking_text(&[
        "MS-3  # feature's reason",
        "MS-1",
        "MS-2",
        "MS-4",
    ]));
    repo.commit_as(PRIYA.0, PRIYA.1, "Feature lifts MS-3 further");
    repo.git_ok(&["checkout", "-q", "main"]);
    if whole_file_kept {
        repo.git_ok(&[
            "merge",
            "--no-ff",
            "-q",
            "-s",
            "ours",
            "-m",
            "Merge feature",
            "feature",
        ]);
    } else {
        // The resolution keeps main's MS-3 line and also moves MS-4 (so it differs from both).
        let _ = repo.git_with_backlog(&["merge", "--no-ff", "-q", "feature"]);
        repo.ranking(&ranking_text(&[
            "MS-1",
            "MS-3  # main's reason",
            "MS-4",
            "MS-2",
        ]));
        repo.git_ok(&["add", "-A"]);
        repo.git_ok(&["commit", "-q", "-m", "Merge feature, keeping main's MS-3"]);
    }
    assert_eq!(
        repo.git_ok(&["rev-list", "--parents", "-n", "1", "HEAD"])
            .split_whitespace()
            .count(),
        3,
        "a real merge commit"
    );
    (repo, main)
}

#[test]
fn blame_follows_the_parent_whose_line_a_merge_kept() {
    for whole in [true, false] {
        let (repo, main) = both_move_ms3(whole);
        assert!(repo.read(RANKING).contains("MS-3  # main's reason"));
        let doc = repo.backlog(&["blame", "--format", "json"]).json();
        let entry = doc["entries"]
            .as_array()
            .and_then(|e| e.iter().find(|e| e["id"] == "MS-3"))
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            (&entry["commit"], &entry["author"], &entry["reason"]),
            (&json!(main), &json!(OWEN.0), &json!("main's reason")),
            "whole file kept: {whole}: {doc}"
        );
        // Warm (cached) answers the same.
        let again = repo.backlog(&["blame", "--format", "json"]).json();
        assert_eq!(again, doc);
        repo.backlog(&["blame"])
            .code(0)
            .stdout_has("Owen Owner")
            .stdout_has("main's reason")
            .lacks("feature's reason");
    }
}
