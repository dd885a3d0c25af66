//! The ranking merge driver when `backlog` is not on git's PATH (the tests' PATH never holds
//! it): registered by its full path it still runs; a driver registered by bare name fails, and
//! then lint, doctor and every writer notice the unmerged ranking.txt.

use crate::support::{Run, TestRepo, ready_story};

/// A committed backlog on `main` with MS-1..=MS-4 ranked in order, and two branches that move
/// different items: `a` puts MS-1 last, `b` puts MS-4 first (a line merge conflicts).
fn diverged() -> TestRepo {
    let repo = TestRepo::with_backlog();
    let mut ranking = repo.read("backlog/ranking.txt");
    for i in 1..=4 {
        repo.item(&format!("MS-{i}-s.md"), &ready_story(&format!("Story {i}")));
        ranking.push_str(&format!("MS-{i}\n"));
    }
    repo.ranking(&ranking);
    repo.commit("base");
    for (name, args) in [
        ("a", ["rank", "MS-1", "--bottom"]),
        ("b", ["rank", "MS-4", "--top"]),
    ] {
        repo.git_ok(&["checkout", "-q", "-b", name, "main"]);
        repo.backlog(&args).code(0);
        repo.commit(name);
    }
    repo.git_ok(&["checkout", "-q", "a"]);
    repo
}

fn ids(text: &str) -> Vec<&str> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|t| !t.is_empty())
        .collect()
}

/// `git merge b` with the hermetic PATH, which has no `backlog` on it.
fn merge_b(repo: &TestRepo) -> Run {
    let which = repo.sh("command -v backlog || echo none");
    assert_eq!(
        which.stdout.trim(),
        "none",
        "backlog must not be on PATH here"
    );
    repo.git_run(&["merge", "--no-edit", "-m", "merge b", "b"])
}

#[test]
fn the_driver_registered_by_init_runs_without_backlog_on_path() {
    let repo = diverged();
    merge_b(&repo).code(0);
    assert_eq!(
        ids(&repo.read("backlog/ranking.txt")),
        ["MS-4", "MS-2", "MS-3", "MS-1"]
    );
    repo.backlog(&["lint"]).code(0);
    repo.backlog(&["doctor"]).code(0).stdout_has("all good");
}

#[test]
fn a_driver_git_cannot_run_is_caught_by_doctor_lint_and_every_writer() {
    let repo = diverged();
    // The registration of older versions: the bare name, which git's PATH may lack.
    repo.git_ok(&[
        "config",
        "merge.backlog-ranking.driver",
        "backlog merge-driver %O %A %B %P",
    ]);
    let doctor = repo.backlog(&["doctor"]);
    doctor
        .code(1)
        .stdout_has("merge driver: git cannot run `backlog merge-driver %O %A %B %P`")
        .stdout_has("`backlog init --merge-driver`")
        .lacks("all good");
    let run = merge_b(&repo);
    assert_ne!(run.code, 0, "the merge cannot succeed:\n{}", run.stdout);
    // git kept our side, without markers; only the index says it is unmerged.
    let ours = repo.read("backlog/ranking.txt");
    assert!(!ours.contains("<<<<<<<"), "{ours}");
    assert!(
        repo.git_ok(&["status", "--porcelain"])
            .contains("UU backlog/ranking.txt")
    );
    let findings = repo
        .backlog(&["lint", "--format", "json"])
        .code(1)
        .findings();
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "GIT002" && f.path == "backlog/ranking.txt"),
        "{findings:?}"
    );
    repo.backlog(&["lint"])
        .code(1)
        .stdout_has("GIT002")
        .stdout_has("unmerged in the git index");
    repo.backlog(&["doctor"])
        .code(1)
        .stdout_has("unmerged backlog/ranking.txt")
        .lacks("all good");
    let before = repo.work_tree_files();
    for args in [
        &["rank", "MS-2", "--top"][..],
        &["unrank", "MS-3"],
        &["new", "story", "Written into a half merge"],
        &["renumber", "MS-2", "MS-9"],
        &["set", "MS-2", "owner=sam@example.com"],
    ] {
        repo.backlog(args)
            .code(1)
            .stderr_has("backlog/ranking.txt is unmerged in the git index");
    }
    assert!(
        repo.work_tree_files() == before,
        "a refused write changed files"
    );
    // Re-registering by full path fixes the clone; the merge then goes through.
    repo.git_ok(&["merge", "--abort"]);
    repo.backlog(&["init", "--merge-driver"]).code(0);
    repo.backlog(&["doctor"]).code(0).stdout_has("all good");
    merge_b(&repo).code(0);
    assert_eq!(
        ids(&repo.read("backlog/ranking.txt")),
        ["MS-4", "MS-2", "MS-3", "MS-1"]
    );
}

#[test]
fn doctor_exits_1_for_a_driver_that_fails_or_gives_a_wrong_result() {
    let repo = TestRepo::with_backlog();
    for (command, says) in [
        ("false %O %A %B", "a trial merge exited 1"),
        ("true %O %A %B", "a different result"),
        (
            "/nonexistent/backlog merge-driver %O %A %B %P",
            "exited 127",
        ),
    ] {
        repo.git_ok(&["config", "merge.backlog-ranking.driver", command]);
        repo.backlog(&["doctor"])
            .code(1)
            .stdout_has(says)
            .stdout_has("1 thing to look at")
            .lacks("all good");
    }
}

#[test]
fn doctor_never_says_all_good_beside_a_problem() {
    let repo = TestRepo::git();
    repo.backlog(&["init"]).code(0);
    std::fs::remove_file(repo.path().join(".gitattributes")).unwrap_or_else(|e| panic!("{e}"));
    repo.backlog(&["doctor"])
        .code(1)
        .stdout_has("merge driver: not set up")
        .lacks("all good");
}

#[test]
fn init_outside_git_says_it_skipped_the_merge_driver() {
    let repo = TestRepo::plain();
    repo.backlog(&["init"])
        .code(0)
        .stdout_has("skipped the merge driver: not in a git repository");
}
