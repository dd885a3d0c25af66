//! Histories an attacker or an unlucky team leaves behind: commits git log can read but
//! libgit2 cannot parse, ranking versions over the cap or not UTF-8, and a backlog directory
//! moved with `git mv`. History keeps answering, says what it skipped, and never loads an
//! oversized version.

use crate::support::{TestRepo, draft_story};

fn repo() -> TestRepo {
    let repo = TestRepo::with_backlog();
    for n in 1..=3 {
        repo.item(&format!("MS-{n}-x.md"), &draft_story("x"));
    }
    repo.ranking("MS-1\nMS-2\nMS-3\n");
    repo.commit("base");
    repo
}

/// Commits the index's tree with a raw commit object (`author` line as given) and moves the
/// branch to it, as a buggy importer would.
fn raw_commit(repo: &TestRepo, author: &str, message: &str) -> String {
    repo.git_ok(&["add", "-A"]);
    let tree = repo.git_ok(&["write-tree"]).trim().to_owned();
    let parent = repo.head_id();
    let text = format!(
        "tree {tree}\nparent {parent}\nauthor {author}\ncommitter Dana <dana@x.example> 1700000000 +0000\n\n{message}\n"
    );
    repo.write(".git/raw-commit", &text);
    let id = repo
        .git_ok(&[
            "hash-object",
            "-t",
            "commit",
            "-w",
            "--literally",
            ".git/raw-commit",
        ])
        .trim()
        .to_owned();
    repo.git_ok(&["update-ref", "refs/heads/main", &id]);
    id
}

fn history(repo: &TestRepo, id: &str) -> serde_json::Value {
    let run = repo.backlog(&["history", id, "--format", "json"]);
    run.code(0);
    run.json()
}

#[test]
fn a_malformed_author_or_time_is_read_with_a_placeholder_and_a_note() {
    let repo = repo();
    // Each move names its mover with a reason on its line, so neither reads two ways.
    repo.ranking("MS-2 # first\nMS-1\nMS-3\n");
    let no_email = raw_commit(&repo, "Nobody 1700000100 +0000", "no email");
    repo.ranking("MS-2 # first\nMS-3 # second\nMS-1\n");
    let overflow = raw_commit(
        &repo,
        "Big <big@x.example> 99999999999999999999 +0000",
        "overflow",
    );
    for verb in [
        &["history", "MS-2", "--format", "json"][..],
        &["history", "MS-3", "--format", "json"][..],
        &["blame", "--format", "json"][..],
    ] {
        let run = repo.backlog(verb);
        run.code(0);
        run.stderr_has(&format!("commit {} has a malformed author", &no_email[..7]))
            .stderr_has(&format!(
                "commit {} has an author time out of range",
                &overflow[..7]
            ));
    }
    let events = history(&repo, "MS-2")["events"].clone();
    let last = &events[events.as_array().map_or(0, Vec::len) - 1];
    assert_eq!(last["commit"], no_email.as_str());
    assert_eq!(last["author"], "unknown");
    assert_eq!(last["email"], "");
    let events = history(&repo, "MS-3")["events"].clone();
    let last = &events[events.as_array().map_or(0, Vec::len) - 1];
    assert_eq!(last["commit"], overflow.as_str());
    assert_eq!(last["author"], "Big");
    assert_eq!(
        last["time"], "1970-01-01T00:00:00+00:00",
        "as git log shows it"
    );
    // lint --since reads the same commits.
    let base = repo.rev("HEAD~2");
    let run = repo.backlog(&["lint", "--since", &base, "--format", "json"]);
    assert_ne!(run.code, 2, "{}", run.stderr);
}

#[test]
fn a_version_that_is_not_utf8_is_skipped_and_the_rest_still_answers() {
    let repo = repo();
    repo.write("backlog/ranking.txt", b"MS-3 # caf\xe9\nMS-1\nMS-2\n");
    repo.commit("latin-1 reason");
    let bad = repo.head_id();
    repo.ranking("MS-3 # café\nMS-1\nMS-2\n");
    repo.commit("fixed");
    let fixed = repo.head_id();
    for id in ["MS-1", "MS-2", "MS-3"] {
        let run = repo.backlog(&["history", id, "--format", "json"]);
        run.code(0);
        run.stderr_has(&format!(
            "backlog/ranking.txt at commit {} is not UTF-8 text (at 1:11)",
            &bad[..7]
        ));
    }
    // MS-3's move up happened in the skipped commit: it shows on the next readable one.
    let events = history(&repo, "MS-3")["events"].clone();
    let commits: Vec<&str> = events
        .as_array()
        .map(|e| e.iter().filter_map(|e| e["commit"].as_str()).collect())
        .unwrap_or_default();
    assert!(!commits.contains(&bad.as_str()));
    assert_eq!(commits.last(), Some(&fixed.as_str()));
    repo.backlog(&["blame"]).code(0);
    // Warm: the same answer again, from the cache.
    let warm = repo.backlog(&["history", "MS-3", "--format", "json"]);
    warm.code(0);
    assert_eq!(warm.json()["events"], events);
}

#[test]
fn moving_the_backlog_directory_keeps_its_history() {
    let repo = repo();
    repo.backlog(&["rank", "MS-3", "--top", "--reason", "urgent"])
        .code(0);
    repo.commit("move MS-3");
    let before = history(&repo, "MS-3")["events"].clone();
    std::fs::create_dir(repo.path().join("docs")).unwrap_or_else(|e| panic!("{e}"));
    repo.git_ok(&["mv", "backlog", "docs/backlog"]);
    repo.commit("move the backlog under docs");
    let moved = repo.head_id();
    // Tell backlog where it is now, as a team would after moving it.
    let run = repo.backlog_in("docs", &["history", "MS-3", "--format", "json"]);
    run.code(0);
    assert_eq!(
        run.json()["events"],
        before,
        "the same events, none by the move"
    );
    run.stderr_has("backlog/ranking.txt became docs/backlog/ranking.txt in commit");
    let blame = repo.backlog_in("docs", &["blame", "--format", "json"]);
    blame.code(0);
    let entries = blame.json()["entries"].clone();
    assert!(
        entries
            .as_array()
            .is_some_and(|e| e.iter().all(|e| e["commit"] != moved.as_str())),
        "nobody is blamed for the move: {entries}"
    );
}

/// A ranking.txt of `size` bytes made of valid lines, quick to write and to compress.
fn huge_ranking(size: usize, salt: usize) -> Vec<u8> {
    let mut text = format!("MS-1 # version {salt}\nMS-2\nMS-3\n").into_bytes();
    let filler = b"# padding padding padding padding padding padding padding padding\n";
    while text.len() < size {
        text.extend_from_slice(filler);
    }
    text
}

#[test]
fn oversized_versions_in_a_pull_request_are_reported_never_loaded() {
    let repo = repo();
    let base = repo.head_id();
    let mut big = Vec::new();
    for salt in 0..3 {
        repo.write("backlog/ranking.txt", huge_ranking(17 * 1024 * 1024, salt));
        repo.commit(&format!("huge {salt}"));
        big.push(repo.head_id());
    }
    repo.ranking("MS-2\nMS-1\nMS-3\n");
    repo.commit("back to normal");
    let run = repo.backlog(&["lint", "--since", &base, "--format", "json"]);
    assert!(
        run.code == 0 || run.code == 1,
        "findings at most: {}",
        run.stderr
    );
    for id in &big {
        run.stderr_has(&format!(
            "backlog/ranking.txt at commit {} is 17825",
            &id[..7]
        ));
    }
    assert!(run.stdout.len() < 64 * 1024, "a bounded report");
    let history = repo.backlog(&["history", "MS-2", "--format", "json"]);
    history.code(0);
    assert!(history.stdout.len() < 16 * 1024);
    repo.backlog(&["blame"]).code(0);
    let cache = std::fs::metadata(repo.path().join(".git/backlog/history.json"));
    assert!(cache.is_ok_and(|m| m.len() < 64 * 1024), "a small cache");
}

#[test]
fn a_huge_reason_in_an_old_version_is_cut() {
    let repo = repo();
    let reason = "x".repeat(100_000);
    repo.ranking(&format!("MS-3 # {reason}\nMS-1\nMS-2\n"));
    repo.commit("long reason");
    let run = repo.backlog(&["history", "MS-3", "--format", "json"]);
    run.code(0);
    run.stderr_has("has a reason over 4096 bytes: it is cut there");
    let events = run.json()["events"].clone();
    let last = events.as_array().and_then(|e| e.last()).cloned();
    let len = last.and_then(|e| e["reason"].as_str().map(str::len));
    assert_eq!(len, Some(4096));
}
