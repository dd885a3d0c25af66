//! The history cache in the git directory: it follows new commits and rewrites, and history
//! works without it.

use crate::support::{TestRepo, draft_story};

fn repo_with_moves() -> TestRepo {
    let repo = TestRepo::with_backlog();
    for n in 1..=4 {
        repo.item(&format!("MS-{n}-x.md"), &draft_story("x"));
    }
    repo.ranking("MS-1\nMS-2\nMS-3\nMS-4\n");
    repo.commit("base");
    repo.backlog(&["rank", "MS-4", "--top", "--reason", "first move"])
        .code(0);
    repo.commit("move 1");
    repo
}

fn events(repo: &TestRepo, id: &str) -> Vec<(String, String)> {
    let run = repo.backlog(&["history", id, "--format", "json"]);
    run.code(0);
    run.json()["events"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", run.stdout))
        .iter()
        .map(|e| {
            (
                e["commit"].as_str().unwrap_or("").to_owned(),
                e["reason"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[test]
fn lives_in_the_git_dir_and_follows_new_commits_and_rewrites() {
    let repo = repo_with_moves();
    let cold = events(&repo, "MS-4");
    let cache = repo.path().join(".git/backlog/history.json");
    assert!(
        cache.is_file(),
        "the first run writes the cache inside .git"
    );
    assert!(
        repo.git_ok(&["status", "--porcelain"]).is_empty(),
        "nothing in the work tree"
    );
    assert_eq!(events(&repo, "MS-4"), cold, "a warm run answers the same");
    // A new commit: only it is walked, and its event is there.
    repo.backlog(&["rank", "MS-4", "--bottom", "--reason", "second move"])
        .code(0);
    repo.commit("move 2");
    let after = events(&repo, "MS-4");
    assert_eq!(after.len(), cold.len() + 1);
    assert_eq!(after.last().map(|e| e.1.as_str()), Some("second move"));
    // A rewrite (amend = a rebase in small): the cached head is no longer an ancestor.
    repo.backlog(&["rank", "MS-4", "--to", "2", "--reason", "amended move"])
        .code(0);
    repo.git_ok(&["commit", "-q", "-a", "--amend", "-m", "move 2, amended"]);
    let rewritten = events(&repo, "MS-4");
    assert_eq!(rewritten.len(), cold.len() + 1);
    assert_eq!(rewritten.last().map(|e| e.1.as_str()), Some("amended move"));
    assert_eq!(rewritten.last().map(|e| e.0.clone()), Some(repo.head_id()));
    // Deleting it is always safe.
    std::fs::remove_file(&cache).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(events(&repo, "MS-4"), rewritten);
}

#[test]
fn a_mailmap_change_voids_it() {
    let repo = repo_with_moves();
    let before = repo.backlog(&["blame", "--format", "json"]).json();
    assert_eq!(before["entries"][0]["author"], "Dana Developer");
    repo.write(
        ".mailmap",
        "Dana D. <dana@midwest.example> Dana Developer <dana@midwest.example>\n",
    );
    let after = repo.backlog(&["blame", "--format", "json"]).json();
    assert_eq!(after["entries"][0]["author"], "Dana D.");
}

#[test]
fn history_works_when_the_cache_cannot_be_written() {
    let repo = repo_with_moves();
    let cold = events(&repo, "MS-4");
    // A file where the cache directory should be: every write fails.
    let dir = repo.path().join(".git/backlog");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::write(&dir, "not a directory").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(events(&repo, "MS-4"), cold);
    repo.backlog(&["blame"]).code(0);
}
