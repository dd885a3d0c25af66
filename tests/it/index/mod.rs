//! The work-tree index (`.git/backlog/items-index`): a warm `lint`, `list` or `show` answers
//! exactly what a cold one and `--no-cache` answer, whatever happened to the files or to the
//! index itself, and reads only the files that changed.

mod damage;
mod edits;
mod places;

use crate::support::{TestRepo, draft_story, draft_with, item_text, ready_story};
use std::path::PathBuf;
use std::time::Duration;

/// The index file of a repository's main work tree.
fn index_file(repo: &TestRepo) -> PathBuf {
    repo.path().join(".git/backlog/items-index")
}

/// Lets every file's times fall behind the racy margin, so the next run may trust them.
fn settle() {
    std::thread::sleep(Duration::from_millis(150));
}

/// The runs compared: each with the index, then with `--no-cache`.
const VIEWS: &[&[&str]] = &[
    &["lint", "--format", "json"],
    &["lint"],
    &["list", "--all", "--format", "json"],
    &["list", "--not-ready"],
    &["list", "--ready", "--format", "csv"],
];

/// Every view gives the same exit code, stdout and stderr with and without the index;
/// returns the index's "R read, K known" of the first view.
#[track_caller]
fn same_with_and_without(repo: &TestRepo, context: &str) -> (usize, usize) {
    let mut first = None;
    for args in VIEWS {
        let warm = stats_run(repo, args);
        let mut plain = vec!["--no-cache"];
        plain.extend_from_slice(args);
        let cold = repo.backlog(&plain);
        let shown = args.join(" ");
        assert_eq!(warm.0.code, cold.code, "{context}: `{shown}`: exit code");
        for (part, a, b) in [
            ("stdout", &warm.0.stdout, &cold.stdout),
            ("stderr", &warm.0.stderr, &cold.stderr),
        ] {
            // The first line that differs, not two screens of output.
            let first = a.lines().zip(b.lines()).position(|(x, y)| x != y);
            assert!(
                a == b,
                "{context}: `{shown}`: {part} differs with the index at line {first:?}:\n{:?}\nwithout:\n{:?}",
                first.and_then(|i| a.lines().nth(i)),
                first.and_then(|i| b.lines().nth(i)),
            );
        }
        first.get_or_insert(warm.1);
    }
    first.unwrap_or_default()
}

/// A run with `BACKLOG_INDEX_STATS` set: the run with its stats line taken out of stderr,
/// and the counts it gave.
fn stats_run(repo: &TestRepo, args: &[&str]) -> (crate::support::Run, (usize, usize)) {
    let mut run = repo
        .backlog_env(".", args, &[("BACKLOG_INDEX_STATS", "1".as_ref())], &[])
        .run;
    let mut counts = (usize::MAX, usize::MAX);
    let mut rest = String::new();
    for line in run.stderr.split_inclusive('\n') {
        if let Some(stats) = line.strip_prefix("index: ") {
            let numbers: Vec<usize> = stats
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|n| n.parse().ok())
                .collect();
            counts = (numbers[0], numbers[1]);
        } else {
            rest.push_str(line);
        }
    }
    run.stderr = rest;
    (run, counts)
}

/// A backlog with something for every rule across items: the top 5, a duplicate ID, an
/// unknown dependency, a cycle, a placeholder, hidden characters, broken TOML, untriaged and
/// closed items, a ranking line naming no item.
fn varied() -> TestRepo {
    let repo = TestRepo::with_backlog();
    for n in 1..=12 {
        repo.item(
            &format!("MS-{n}-story.md"),
            &ready_story(&format!("Story {n}")),
        );
    }
    repo.item("MS-13-draft.md", &draft_story("A draft"));
    repo.item("MS-14-dup.md", &draft_story("One of two"));
    repo.item("MS-14-dup-too.md", &draft_story("Two of two"));
    repo.item(
        "MS-15-deps.md",
        &draft_with("Needs others", "depends_on = [\"MS-99\", \"MS-1\"]\n"),
    );
    repo.item(
        "MS-16-cycle.md",
        &draft_with("Cycle a", "depends_on = [\"MS-17\"]\n"),
    );
    repo.item(
        "MS-17-cycle.md",
        &draft_with("Cycle b", "depends_on = [\"MS-16\"]\n"),
    );
    repo.item(
        "MS-18-broken.md",
        "+++\ntitle = \"no end\nkind = \"story\"\n+++\n",
    );
    repo.item(
        "MS-19-hidden.md",
        &draft_story("Hidden \u{202e} text").replace("Some notes", "Bidi \u{200b} here"),
    );
    repo.item(
        "MS-20-placeholder.md",
        &item_text(
            "title = \"Placeholder\"\nkind = \"story\"\nstate = \"refining\"\n",
            "\n## Problem\n\nWhat hurts, for whom, and why it matters now. The problem, not a solution.\n",
        ),
    );
    repo.item(
        "MS-21-done.md",
        &ready_story("Finished").replace("state = \"ready\"", "state = \"done\""),
    );
    repo.ranking(
        "MS-20\nMS-1 # first\nMS-2\nMS-15\nMS-3\nMS-21\nMS-16\nMS-4\nMS-77\nMS-5\nMS-6\nMS-17\nMS-7\n",
    );
    repo.commit("backlog");
    repo
}

#[test]
fn a_warm_run_reads_nothing_and_answers_as_a_cold_one() {
    let repo = varied();
    settle();
    // Cold: no index yet, every file read; the index is written in the git directory.
    let (read, known) = same_with_and_without(&repo, "cold");
    assert_eq!((read, known), (22, 0));
    assert!(index_file(&repo).is_file());
    let (read, known) = same_with_and_without(&repo, "warm");
    assert_eq!((read, known), (0, 22), "a warm run reads no item file");
}

#[test]
fn the_index_lives_in_the_git_directory_only() {
    let repo = varied();
    let before = repo.work_tree_files();
    let tree = repo.tree();
    settle();
    for args in VIEWS {
        repo.backlog(args);
    }
    assert_eq!(repo.work_tree_files(), before, "the work tree changed");
    assert_eq!(repo.tree(), tree, "a file appeared in the work tree");
    let git_backlog: Vec<String> = std::fs::read_dir(repo.path().join(".git/backlog"))
        .expect("test file operation")
        .map(|e| {
            e.expect("test file operation")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut names = git_backlog.clone();
    names.sort();
    assert_eq!(names, ["items-index", "items-names"], "{git_backlog:?}");
}

#[test]
fn no_cache_neither_reads_nor_writes_the_index() {
    let repo = varied();
    settle();
    repo.backlog(&["--no-cache", "lint"]).code(1);
    repo.backlog(&["--no-cache", "list"]).code(0);
    assert!(!repo.path().join(".git/backlog").exists());
    repo.backlog(&["lint"]).code(1);
    let before = std::fs::read(index_file(&repo)).expect("test file operation");
    // An index that lies is not read under --no-cache: the answer comes from the files.
    repo.item("MS-1-story.md", &draft_story("Changed"));
    let cold = repo.backlog(&["--no-cache", "list", "--format", "json"]);
    assert!(cold.stdout.contains("Changed"));
    assert_eq!(
        std::fs::read(index_file(&repo)).expect("test file operation"),
        before
    );
}

#[test]
fn outside_git_everything_works_uncached_and_writes_nothing() {
    let repo = TestRepo::plain();
    repo.backlog(&["init"]).code(0);
    repo.item("MS-1-x.md", &ready_story("a"));
    repo.ranking("MS-1\n");
    settle();
    let tree = repo.tree();
    let before = repo.work_tree_files();
    let (read, known) = same_with_and_without(&repo, "outside git");
    assert_eq!((read, known), (0, 0), "no index outside git");
    assert_eq!(repo.tree(), tree);
    assert_eq!(repo.work_tree_files(), before);
}

#[test]
fn a_linked_worktree_keeps_its_own_index() {
    let repo = varied();
    repo.git_ok(&["worktree", "add", "-q", "other"]);
    settle();
    let run = repo.backlog_in("other", &["lint", "--format", "json"]);
    assert_eq!(run.code, 1);
    let own = repo.path().join(".git/worktrees/other/backlog/items-index");
    assert!(
        own.is_file(),
        "the linked worktree's index is in its git dir"
    );
    assert!(
        !index_file(&repo).exists(),
        "the main work tree's is not written"
    );
    let plain = repo.backlog_in("other", &["--no-cache", "lint", "--format", "json"]);
    let warm = repo.backlog_in("other", &["lint", "--format", "json"]);
    assert_eq!(warm.stdout, plain.stdout);
}
