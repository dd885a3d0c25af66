//! The warm cache cannot lie: after every rewrite, clone change, attribution change and kind
//! of damage, `history` and `blame` answer exactly what a cold run (no cache) answers, and a
//! damaged cache is rebuilt with one note on stderr, never trusted and never an error.

use crate::support::{TestRepo, draft_story};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

pub(super) const N: usize = 4;

fn base() -> TestRepo {
    let repo = TestRepo::with_backlog();
    for n in 1..=N {
        repo.item(&format!("MS-{n}-x.md"), &draft_story("x"));
    }
    repo.ranking("MS-1\nMS-2\nMS-3\nMS-4\n");
    repo.commit("base");
    for (i, order) in [[4, 1, 2, 3], [4, 2, 1, 3], [3, 4, 2, 1]]
        .iter()
        .enumerate()
    {
        set_order(&repo, order, &format!("reason {i}"));
        repo.commit_as("Priya Patel", "priya@x.example", &format!("move {i}"));
    }
    repo
}

pub(super) fn set_order(repo: &TestRepo, order: &[usize], reason: &str) {
    let mut text = String::new();
    for (i, n) in order.iter().enumerate() {
        if i == 0 {
            text.push_str(&format!("MS-{n} # {reason}\n"));
        } else {
            text.push_str(&format!("MS-{n}\n"));
        }
    }
    repo.ranking(&text);
}

fn cache_dir(repo: &TestRepo) -> PathBuf {
    repo.path().join(".git/backlog")
}

fn cache_file(repo: &TestRepo) -> PathBuf {
    cache_dir(repo).join("history.json")
}

/// Every answer history gives: blame and each item's history, as JSON text, and stderr.
pub(super) fn answers(repo: &TestRepo) -> (Vec<String>, String) {
    let mut out = Vec::new();
    let mut stderr = String::new();
    let blame = repo.backlog(&["blame", "--format", "json"]);
    blame.code(0);
    out.push(blame.stdout.clone());
    stderr.push_str(&blame.stderr);
    for n in 1..=N {
        let id = format!("MS-{n}");
        let run = repo.backlog(&["history", &id, "--format", "json"]);
        run.code(0);
        out.push(run.stdout.clone());
        stderr.push_str(&run.stderr);
    }
    (out, stderr)
}

/// The cold answers, computed with the warm cache set aside and then put back as it was.
pub(super) fn cold(repo: &TestRepo) -> Vec<String> {
    let dir = cache_dir(repo);
    let aside = repo.path().join(".git/backlog-aside");
    let had = std::fs::symlink_metadata(&dir).is_ok();
    if had {
        std::fs::rename(&dir, &aside).unwrap_or_else(|e| panic!("set aside: {e}"));
    }
    let (out, stderr) = answers(repo);
    assert!(
        !stderr.contains("cache"),
        "a cold run has no cache note: {stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
    if had {
        std::fs::rename(&aside, &dir).unwrap_or_else(|e| panic!("put back: {e}"));
    }
    out
}

/// Asserts the warm answers (with whatever cache is there) equal the cold ones; returns the
/// warm runs' stderr.
#[track_caller]
fn warm_is_cold(repo: &TestRepo, scenario: &str) -> String {
    let expected = cold(repo);
    let (warm, stderr) = answers(repo);
    for (w, c) in warm.iter().zip(&expected) {
        assert_eq!(w, c, "{scenario}: warm differs from cold");
    }
    // And the cache it left behind answers the same again.
    let (again, _) = answers(repo);
    assert_eq!(
        again, expected,
        "{scenario}: the rebuilt cache differs from cold"
    );
    stderr
}

fn prime(repo: &TestRepo) {
    answers(repo);
    assert!(cache_file(repo).is_file(), "the cache was written");
}

#[test]
fn rewrites_are_never_answered_from_the_old_history() {
    type Rewrite = fn(&TestRepo);
    let rewrites: [(&str, Rewrite); 5] = [
        ("commit --amend", |r| {
            set_order(r, &[1, 2, 3, 4], "amended");
            r.git_ok(&["commit", "-q", "-a", "--amend", "-m", "amended"]);
        }),
        ("rebase", |r| {
            r.git_ok(&["checkout", "-q", "-b", "side", "HEAD~2"]);
            r.write("README.md", "side\n");
            r.commit("side docs");
            r.git_ok(&["checkout", "-q", "main"]);
            r.git_ok(&["rebase", "-q", "side"]);
        }),
        ("reset --hard", |r| {
            r.git_ok(&["reset", "-q", "--hard", "HEAD~2"]);
        }),
        ("filter-branch rewrite of every author", |r| {
            r.git_env(
                &[
                    "filter-branch",
                    "-f",
                    "--env-filter",
                    "GIT_AUTHOR_NAME=Rewritten; export GIT_AUTHOR_NAME",
                    "HEAD",
                ],
                &[("FILTER_BRANCH_SQUELCH_WARNING", "1")],
            )
            .code(0);
        }),
        ("branch switch", |r| {
            r.git_ok(&["checkout", "-q", "-b", "other", "HEAD~1"]);
            set_order(r, &[2, 1, 4, 3], "other branch");
            r.commit("other order");
        }),
    ];
    for (name, rewrite) in rewrites {
        let repo = base();
        prime(&repo);
        rewrite(&repo);
        let stderr = warm_is_cold(&repo, name);
        assert!(
            !stderr.contains("history cache"),
            "{name}: no damage note: {stderr}"
        );
    }
}

#[test]
fn attribution_changes_void_the_cache() {
    type Change = fn(&TestRepo);
    let changes: [(&str, Change); 4] = [
        (".mailmap in the work tree", |r| {
            r.write(".mailmap", "Priya P. <priya@x.example>\n");
        }),
        ("mailmap.file config", |r| {
            let file = r.write("elsewhere/map", "Priya File <priya@x.example>\n");
            let file = file.to_string_lossy().into_owned();
            r.git_ok(&["config", "mailmap.file", &file]);
        }),
        ("content of the mailmap.file", |r| {
            r.write("elsewhere/map", "Priya Edited <priya@x.example>\n");
        }),
        ("mailmap.blob config", |r| {
            r.write("m/.mailmap", "Dana Blob <dana@midwest.example>\n");
            r.commit("a mailmap blob");
            r.git_ok(&["config", "mailmap.blob", "HEAD:m/.mailmap"]);
        }),
    ];
    // One repository, changed step by step, each step on a warm cache.
    let repo = base();
    let file = repo.write("elsewhere/map", "Priya Before <priya@x.example>\n");
    let _ = file;
    for (name, change) in changes {
        prime(&repo);
        let before = answers(&repo).0;
        change(&repo);
        warm_is_cold(&repo, name);
        assert_ne!(answers(&repo).0, before, "{name} changed the names shown");
    }
}

#[test]
fn a_deepened_shallow_clone_is_not_answered_from_the_shallow_cache() {
    let origin = base();
    let clone = origin.shallow_clone(2);
    let (shallow, stderr) = answers(&clone);
    assert!(stderr.contains("shallow"), "{stderr}");
    let head = clone.head_id();
    clone.git_ok(&["fetch", "-q", "--unshallow"]);
    assert_eq!(clone.head_id(), head, "HEAD unchanged by the fetch");
    let stderr = warm_is_cold(&clone, "fetch --unshallow");
    assert!(
        !stderr.contains("shallow clone"),
        "no longer shallow: {stderr}"
    );
    assert_ne!(answers(&clone).0, shallow, "the deeper history shows more");
}

fn other_repos_cache() -> Vec<u8> {
    let other = base();
    set_order(&other, &[1, 2, 3, 4], "elsewhere");
    other.commit("elsewhere");
    prime(&other);
    std::fs::read(cache_file(&other)).unwrap_or_else(|e| panic!("{e}"))
}

/// Each kind of damage, applied to a primed cache.
fn damage(repo: &TestRepo, kind: usize) -> &'static str {
    let file = cache_file(repo);
    let good = std::fs::read(&file).unwrap_or_else(|e| panic!("{e}"));
    let write = |bytes: &[u8]| std::fs::write(&file, bytes).unwrap_or_else(|e| panic!("{e}"));
    match kind % 9 {
        0 => {
            write(&good[..good.len() / 2]);
            "truncated"
        }
        1 => {
            let mut bad = good.clone();
            let at = bad.len() - 40;
            bad[at] ^= 0x55;
            write(&bad);
            "garbled"
        }
        2 => {
            // Events emptied by hand, head and keys intact: only the checksum tells.
            let text = String::from_utf8_lossy(&good).into_owned();
            let start = text.find("\"steps\":[").unwrap_or(0) + 9;
            write(format!("{}]}}", &text[..start]).as_bytes());
            "emptied by hand"
        }
        3 => {
            write(&other_repos_cache());
            "another repository's"
        }
        4 => {
            std::fs::remove_file(&file).unwrap_or_else(|e| panic!("{e}"));
            std::fs::create_dir(&file).unwrap_or_else(|e| panic!("{e}"));
            "a directory"
        }
        5 => {
            let target = repo.path().join(".git/elsewhere.json");
            std::fs::write(&target, &good).unwrap_or_else(|e| panic!("{e}"));
            std::fs::remove_file(&file).unwrap_or_else(|e| panic!("{e}"));
            std::os::unix::fs::symlink(&target, &file).unwrap_or_else(|e| panic!("{e}"));
            "a symlink"
        }
        6 => {
            std::fs::remove_file(&file).unwrap_or_else(|e| panic!("{e}"));
            let made = std::process::Command::new("mkfifo").arg(&file).status();
            assert!(made.is_ok_and(|s| s.success()), "mkfifo");
            "a FIFO"
        }
        7 => {
            write(b"");
            "empty"
        }
        _ => {
            write(b"{\"version\": 1, \"events\": []}");
            "the old format"
        }
    }
}

#[test]
fn every_kind_of_damage_is_rebuilt_with_one_note() {
    for kind in 0..9 {
        let repo = base();
        prime(&repo);
        let name = damage(&repo, kind);
        let expected = cold(&repo);
        let first = repo.backlog(&["blame", "--format", "json"]);
        first.code(0);
        assert_eq!(first.stdout, expected[0], "{name}: warm blame = cold");
        let notes: Vec<&str> = first
            .stderr
            .lines()
            .filter(|l| l.contains("history cache"))
            .collect();
        // The old format too: it names no checksum, so it is not trusted either.
        assert_eq!(notes.len(), 1, "{name}: {}", first.stderr);
        assert!(notes[0].contains("rebuilt"), "{name}: {}", notes[0]);
        let stderr = warm_is_cold(&repo, name);
        assert!(
            !stderr.contains("history cache"),
            "{name}: repaired once: {stderr}"
        );
        let meta = std::fs::symlink_metadata(cache_file(&repo));
        assert!(
            meta.is_ok_and(|m| m.is_file()),
            "{name}: a regular cache again"
        );
    }
}

#[test]
fn an_unreadable_cache_is_rebuilt() {
    use std::os::unix::fs::PermissionsExt;
    let repo = base();
    prime(&repo);
    let file = cache_file(&repo);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000))
        .unwrap_or_else(|e| panic!("{e}"));
    let expected = cold(&repo);
    let run = repo.backlog(&["blame", "--format", "json"]);
    run.code(0);
    assert_eq!(run.stdout, expected[0]);
    // As root the file stays readable (and intact): the answer is the same either way.
    if !is_root(repo.path()) {
        run.stderr_has("cannot be read");
    }
}

fn is_root(dir: &Path) -> bool {
    let probe = dir.join(".git/probe");
    let _ = std::fs::write(&probe, "x");
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000));
    let readable = std::fs::read(&probe).is_ok();
    let _ = std::fs::remove_file(&probe);
    readable
}

/// One step of a random sequence.
#[derive(Debug, Clone)]
enum Op {
    Commit(Vec<usize>),
    Amend(Vec<usize>),
    ResetBack,
    Docs,
    Damage(usize),
    Run,
}

fn op() -> impl Strategy<Value = Op> {
    let order = Just((1..=N).collect::<Vec<_>>()).prop_shuffle();
    prop_oneof![
        3 => order.clone().prop_map(Op::Commit),
        1 => order.prop_map(Op::Amend),
        1 => Just(Op::ResetBack),
        1 => Just(Op::Docs),
        1 => (0usize..9).prop_map(Op::Damage),
        2 => Just(Op::Run),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn random_commits_rewrites_and_damage_never_change_the_answer(
        ops in proptest::collection::vec(op(), 3..7)
    ) {
        let repo = base();
        prime(&repo);
        for (i, op) in ops.iter().enumerate() {
            match op {
                Op::Commit(order) => {
                    set_order(&repo, order, &format!("step {i}"));
                    repo.commit(&format!("step {i}"));
                }
                Op::Amend(order) => {
                    set_order(&repo, order, &format!("amend {i}"));
                    repo.git_ok(&["commit", "-q", "-a", "--amend", "-m", "amend"]);
                }
                Op::ResetBack => {
                    // At the root there is nothing to reset to; the answer must hold anyway.
                    let _ = repo.git_run(&["reset", "-q", "--hard", "HEAD~1"]);
                }
                Op::Docs => {
                    repo.write("README.md", format!("{i}\n"));
                    repo.commit("docs");
                }
                Op::Damage(kind) => {
                    if cache_file(&repo).is_file() {
                        damage(&repo, *kind);
                    }
                }
                Op::Run => {}
            }
            warm_is_cold(&repo, &format!("after {op:?} in {ops:?}"));
        }
    }
}
