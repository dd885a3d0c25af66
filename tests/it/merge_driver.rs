//! Tests for `backlog merge-driver` and its registration by `backlog init`: real `git merge`
//! runs in temp repositories (git finds the driver through PATH, as it would for a user), and
//! the driver run by hand on three files (git's %O %A %B %P contract).

use crate::support::{Run, TestRepo, ready_story};

const DRIVER_LINE: &str = "/backlog/ranking.txt merge=backlog-ranking";

/// The driver command `init` registers: the binary by its full path, so git runs it whatever
/// its PATH holds.
fn driver_command() -> String {
    let bin = crate::support::backlog_bin()
        .canonicalize()
        .unwrap_or_else(|e| panic!("backlog binary: {e}"));
    format!("{} merge-driver %O %A %B %P\n", bin.display())
}

/// A committed backlog on `main`: Ready stories MS-1..=MS-n, all ranked in order under the
/// header `init` wrote.
fn base_repo(n: usize) -> TestRepo {
    let repo = TestRepo::with_backlog();
    let mut ranking = repo.read("backlog/ranking.txt");
    for i in 1..=n {
        repo.item(
            &format!("MS-{i}-story-{i}.md"),
            &ready_story(&format!("Story {i}")),
        );
        ranking.push_str(&format!("MS-{i}\n"));
    }
    repo.ranking(&ranking);
    repo.commit("base");
    repo
}

/// The header lines `init` writes at the top of ranking.txt.
fn header(repo: &TestRepo) -> String {
    repo.git_ok(&["show", "main:backlog/ranking.txt"])
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Makes branch `name` from `from`, runs each `backlog` command there, commits, and goes back
/// to `main`.
fn branch(repo: &TestRepo, name: &str, from: &str, commands: &[&[&str]]) {
    repo.git_ok(&["checkout", "-q", "-b", name, from]);
    for args in commands {
        repo.backlog(args).code(0);
    }
    repo.commit(name);
    repo.git_ok(&["checkout", "-q", "main"]);
}

/// `git merge` of `other` into the current branch, with the backlog binary on PATH.
fn merge(repo: &TestRepo, other: &str) -> Run {
    repo.git_with_backlog(&["merge", "--no-edit", "-m", &format!("merge {other}"), other])
}

/// The IDs of ranking.txt in file order (conflict markers, comments and reasons dropped).
fn ranked_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| {
            !["<<<<<<<", "|||||||", "=======", ">>>>>>>"]
                .iter()
                .any(|m| l.starts_with(m))
        })
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

fn ranking(repo: &TestRepo) -> String {
    repo.read("backlog/ranking.txt")
}

/// Asserts every ID appears exactly once.
#[track_caller]
fn each_once(text: &str, expected: &[&str]) {
    let mut got = ranked_ids(text);
    got.sort();
    let mut want: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    want.sort();
    assert_eq!(got, want, "each ID exactly once:\n{text}");
}

#[track_caller]
fn lint_clean(repo: &TestRepo) {
    let (run, findings) = repo.lint_json(&[]);
    assert!(findings.is_empty(), "lint findings: {findings:?}");
    run.code(0);
}

fn ids(range: std::ops::RangeInclusive<usize>) -> Vec<String> {
    range.map(|i| format!("MS-{i}")).collect()
}

#[test]
fn init_registers_the_driver_in_gitattributes_and_the_local_config() {
    let repo = TestRepo::with_backlog();
    assert_eq!(repo.read(".gitattributes"), format!("{DRIVER_LINE}\n"));
    assert_eq!(
        repo.git_ok(&["config", "--local", "--get", "merge.backlog-ranking.driver"]),
        driver_command()
    );
    // Only the driver key: one atomic write of .git/config (the label key is optional).
    repo.git_run(&["config", "--local", "--get", "merge.backlog-ranking.name"])
        .code(1);
    assert_eq!(
        repo.git_ok(&["check-attr", "merge", "backlog/ranking.txt"]),
        "backlog/ranking.txt: merge: backlog-ranking\n"
    );
    // Only the ranking: items merge as text.
    assert_eq!(
        repo.git_ok(&["check-attr", "merge", "backlog/items/MS-1-a.md"]),
        "backlog/items/MS-1-a.md: merge: unspecified\n"
    );
}

#[test]
fn reorders_of_different_items_merge_cleanly() {
    let repo = base_repo(6);
    branch(
        &repo,
        "a",
        "main",
        &[&["rank", "MS-6", "--top", "--reason", "launch blocker"]],
    );
    branch(&repo, "b", "main", &[&["rank", "MS-1", "--bottom"]]);
    repo.git_ok(&["checkout", "-q", "a"]);
    merge(&repo, "b").code(0);
    assert_eq!(
        ranking(&repo),
        format!(
            "{}MS-6    # launch blocker\nMS-2\nMS-3\nMS-4\nMS-5\nMS-1\n",
            header(&repo)
        )
    );
    assert_eq!(repo.git_ok(&["status", "--porcelain"]), "");
    lint_clean(&repo);
    // The other way round gives the same ranking.
    repo.git_ok(&["checkout", "-q", "b"]);
    merge(&repo, "a~0").code(0);
    assert_eq!(
        ranking(&repo),
        format!(
            "{}MS-6    # launch blocker\nMS-2\nMS-3\nMS-4\nMS-5\nMS-1\n",
            header(&repo)
        )
    );
}

#[test]
fn moves_far_apart_and_close_together_combine() {
    let repo = base_repo(10);
    branch(
        &repo,
        "a",
        "main",
        &[
            &["rank", "MS-9", "--to", "2"],
            &["rank", "MS-3", "--below", "MS-4"],
        ],
    );
    branch(
        &repo,
        "b",
        "main",
        &[
            &["rank", "MS-1", "--below", "MS-5"],
            &["rank", "MS-10", "--above", "MS-8"],
        ],
    );
    repo.git_ok(&["checkout", "-q", "a"]);
    merge(&repo, "b").code(0);
    let text = ranking(&repo);
    each_once(
        &text,
        &ids(1..=10).iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let order = ranked_ids(&text);
    let at = |id: &str| order.iter().position(|x| x == id).unwrap_or(usize::MAX);
    // Each side's move holds relative to the items that side kept in place.
    assert!(at("MS-9") < at("MS-2"), "{text}");
    assert!(at("MS-4") < at("MS-3") && at("MS-3") < at("MS-5"), "{text}");
    assert!(at("MS-5") < at("MS-1") && at("MS-1") < at("MS-6"), "{text}");
    assert!(
        at("MS-7") < at("MS-10") && at("MS-10") < at("MS-8"),
        "{text}"
    );
    lint_clean(&repo);
}

#[test]
fn new_items_ranked_at_the_bottom_on_two_branches_are_both_kept() {
    let repo = base_repo(5);
    repo.git_ok(&["checkout", "-q", "-b", "a"]);
    repo.backlog(&["new", "story", "From branch a", "--rank", "bottom"])
        .code(0)
        .stdout_has("MS-6-from-branch-a.md");
    repo.commit("a");
    repo.git_ok(&["checkout", "-q", "-b", "b", "main"]);
    // `new` sees MS-6 on branch a and takes the next number.
    repo.backlog(&["new", "story", "From branch b", "--rank", "bottom"])
        .code(0)
        .stdout_has("MS-7-from-branch-b.md");
    repo.commit("b");
    merge(&repo, "a").code(0);
    let text = ranking(&repo);
    each_once(
        &text,
        &["MS-1", "MS-2", "MS-3", "MS-4", "MS-5", "MS-6", "MS-7"],
    );
    let order = ranked_ids(&text);
    assert_eq!(order[..5], ids(1..=5)[..], "{text}");
    assert!(text.starts_with(&header(&repo)), "{text}");
    assert!(
        repo.path()
            .join("backlog/items/MS-6-from-branch-a.md")
            .is_file()
    );
    assert!(
        repo.path()
            .join("backlog/items/MS-7-from-branch-b.md")
            .is_file()
    );
    lint_clean(&repo);
}

#[test]
fn items_made_on_main_and_ranked_on_two_branches_are_both_kept() {
    let repo = base_repo(5);
    repo.item("MS-6-six.md", &ready_story("Six"));
    repo.item("MS-7-seven.md", &ready_story("Seven"));
    repo.commit("two untriaged items");
    branch(
        &repo,
        "a",
        "main",
        &[&["rank", "MS-6", "--bottom", "--reason", "a wants it"]],
    );
    branch(&repo, "b", "main", &[&["rank", "MS-7", "--bottom"]]);
    repo.git_ok(&["checkout", "-q", "a"]);
    merge(&repo, "b").code(0);
    let text = ranking(&repo);
    each_once(
        &text,
        &["MS-1", "MS-2", "MS-3", "MS-4", "MS-5", "MS-6", "MS-7"],
    );
    assert!(text.contains("\nMS-6    # a wants it\n"), "{text}");
    lint_clean(&repo);
}

#[test]
fn an_item_unranked_on_one_branch_and_untouched_on_the_other_is_gone() {
    let repo = base_repo(6);
    branch(&repo, "a", "main", &[&["unrank", "MS-3"]]);
    branch(&repo, "b", "main", &[&["rank", "MS-6", "--top"]]);
    repo.git_ok(&["checkout", "-q", "b"]);
    merge(&repo, "a").code(0);
    assert_eq!(
        ranking(&repo),
        format!("{}MS-6\nMS-1\nMS-2\nMS-4\nMS-5\n", header(&repo))
    );
    // MS-3 is untriaged now, which is allowed.
    lint_clean(&repo);
}

/// Checks the state after a conflicting merge: git says so, the file has markers and every
/// ID, lint reports GIT001, and rank refuses until someone resolves it.
#[track_caller]
fn conflicted(repo: &TestRepo, run: &Run, all: &[&str]) {
    assert_ne!(
        run.code, 0,
        "the merge must stop:\n{}{}",
        run.stdout, run.stderr
    );
    assert!(
        run.stdout.contains("CONFLICT") || run.stderr.contains("CONFLICT"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.stderr.contains("conflict(s) in backlog/ranking.txt"),
        "the driver explains the conflict: {}",
        run.stderr
    );
    assert!(
        repo.git_ok(&["status", "--porcelain"])
            .contains("UU backlog/ranking.txt")
    );
    let text = ranking(repo);
    assert!(
        text.contains("<<<<<<< ") && text.contains("\n=======\n") && text.contains(">>>>>>> "),
        "{text}"
    );
    let got = ranked_ids(&text);
    for id in all {
        assert!(got.iter().any(|g| g == id), "{id} was dropped:\n{text}");
    }
    let (lint, findings) = repo.lint_json(&[]);
    lint.code(1);
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "GIT001" && f.path == "backlog/ranking.txt"),
        "{findings:?}"
    );
    let before = repo.work_tree_files();
    repo.backlog(&["rank", "MS-1", "--bottom"])
        .code(1)
        .stderr_has("unmerged in the git index");
    repo.backlog(&["unrank", "MS-1"]).code(1);
    assert!(repo.work_tree_files() == before);
}

#[test]
fn the_same_item_moved_to_two_places_is_a_conflict() {
    let repo = base_repo(6);
    branch(&repo, "a", "main", &[&["rank", "MS-4", "--top"]]);
    branch(&repo, "b", "main", &[&["rank", "MS-4", "--bottom"]]);
    repo.git_ok(&["checkout", "-q", "a"]);
    let run = merge(&repo, "b");
    conflicted(
        &repo,
        &run,
        &["MS-1", "MS-2", "MS-3", "MS-4", "MS-5", "MS-6"],
    );
    // Resolving it (keeping either half of the block) makes everything work again.
    let resolved: String = ranking(&repo)
        .split_inclusive('\n')
        .scan(0, |state, line| {
            let keep = match line.get(..7) {
                Some("<<<<<<<") => {
                    *state = 1;
                    false
                }
                Some("=======") => {
                    *state = 2;
                    false
                }
                Some(">>>>>>>") => {
                    *state = 0;
                    false
                }
                _ => *state != 2,
            };
            Some(if keep { line.to_owned() } else { String::new() })
        })
        .collect();
    repo.ranking(&resolved);
    each_once(&resolved, &["MS-1", "MS-2", "MS-3", "MS-4", "MS-5", "MS-6"]);
    // Until it is added the index holds it unmerged (GIT002) and writers refuse.
    repo.git_ok(&["add", "backlog/ranking.txt"]);
    lint_clean(&repo);
    repo.backlog(&["rank", "MS-1", "--bottom"]).code(0);
}

#[test]
fn the_same_item_with_two_different_reasons_is_a_conflict() {
    let repo = base_repo(4);
    branch(
        &repo,
        "a",
        "main",
        &[&["rank", "MS-2", "--to", "2", "--reason", "ours"]],
    );
    branch(
        &repo,
        "b",
        "main",
        &[&["rank", "MS-2", "--to", "2", "--reason", "theirs"]],
    );
    repo.git_ok(&["checkout", "-q", "a"]);
    let run = merge(&repo, "b");
    conflicted(&repo, &run, &["MS-1", "MS-2", "MS-3", "MS-4"]);
    let text = ranking(&repo);
    assert!(
        text.contains("# ours") && text.contains("# theirs"),
        "{text}"
    );
}

#[test]
fn an_item_moved_on_one_branch_and_unranked_on_the_other_is_a_conflict() {
    let repo = base_repo(5);
    branch(&repo, "a", "main", &[&["rank", "MS-4", "--top"]]);
    branch(&repo, "b", "main", &[&["unrank", "MS-4"]]);
    repo.git_ok(&["checkout", "-q", "b"]);
    let run = merge(&repo, "a");
    conflicted(&repo, &run, &["MS-1", "MS-2", "MS-3", "MS-4", "MS-5"]);
}

#[test]
fn a_fresh_clone_needs_init_merge_driver() {
    let origin = base_repo(4);
    branch(&origin, "a", "main", &[&["rank", "MS-1", "--bottom"]]);
    branch(&origin, "b", "main", &[&["rank", "MS-4", "--top"]]);
    let clone = origin.clone_repo();
    // .gitattributes comes with the repository; the program to run never does.
    assert_eq!(clone.read(".gitattributes"), format!("{DRIVER_LINE}\n"));
    clone
        .git_run(&["config", "--local", "--get", "merge.backlog-ranking.driver"])
        .code(1);
    clone.git_ok(&["checkout", "-q", "a"]);
    // Without the driver git merges the lines as text: both sides changed the same lines.
    let run = merge(&clone, "origin/b");
    assert_ne!(
        run.code, 0,
        "a text merge of these moves conflicts:\n{}",
        run.stdout
    );
    clone.git_ok(&["merge", "--abort"]);

    let run = clone.backlog(&["init", "--merge-driver"]);
    run.code(0)
        .stdout_has("kept    .gitattributes")
        .stdout_has("registered the `backlog-ranking` merge driver");
    assert_eq!(
        clone.git_ok(&["config", "--local", "--get", "merge.backlog-ranking.driver"]),
        driver_command()
    );
    merge(&clone, "origin/b").code(0);
    assert_eq!(
        ranking(&clone),
        format!("{}MS-4\nMS-2\nMS-3\nMS-1\n", header(&clone))
    );
    lint_clean(&clone);
    assert_eq!(clone.git_ok(&["status", "--porcelain"]), "");
}

#[test]
fn init_merge_driver_is_idempotent_and_keeps_other_attributes() {
    let repo = TestRepo::with_backlog();
    repo.write(".gitattributes", "*.png binary\n*.txt text eol=lf");
    repo.backlog(&["init", "--merge-driver"])
        .code(0)
        .stdout_has("updated .gitattributes");
    let expected = format!("*.png binary\n*.txt text eol=lf\n{DRIVER_LINE}\n");
    assert_eq!(repo.read(".gitattributes"), expected);
    repo.backlog(&["init", "--merge-driver"])
        .code(0)
        .stdout_has("kept    .gitattributes");
    assert_eq!(repo.read(".gitattributes"), expected);
    let drivers = repo.git_ok(&[
        "config",
        "--local",
        "--get-all",
        "merge.backlog-ranking.driver",
    ]);
    assert_eq!(drivers, driver_command(), "one driver entry");
}

#[test]
fn init_merge_driver_outside_git_exits_2() {
    let repo = TestRepo::plain();
    repo.backlog(&["init"]).code(0);
    let before = repo.work_tree_files();
    repo.backlog(&["init", "--merge-driver"])
        .code(2)
        .stderr_has("not in a git repository");
    assert!(repo.work_tree_files() == before);
}

// ---------------------------------------------------------------------------------------------
// The driver by hand, as git calls it: `backlog merge-driver %O %A %B %P`.

/// Writes base, ours and theirs into a plain temp dir and runs the driver on them; returns the
/// run and the repo (ours is `A`).
fn drive(base: &[u8], ours: &[u8], theirs: &[u8]) -> (Run, TestRepo) {
    let dir = TestRepo::plain();
    dir.write("O", base);
    dir.write("A", ours);
    dir.write("B", theirs);
    let run = dir.backlog(&["merge-driver", "O", "A", "B", "backlog/ranking.txt"]);
    (run, dir)
}

#[test]
fn driver_writes_a_clean_merge_to_ours_and_exits_0() {
    let base = "# h\nMS-1\nMS-2 # two\nMS-3\nMS-4\n";
    let ours = "# h\nMS-4\nMS-1\nMS-2 # two\nMS-3\n";
    let theirs = "# h\nMS-1\nMS-3\nMS-4\nMS-2 # two\n";
    let (run, dir) = drive(base.as_bytes(), ours.as_bytes(), theirs.as_bytes());
    run.code(0);
    assert_eq!(run.stdout, "");
    assert_eq!(dir.read("A"), "# h\nMS-4\nMS-1\nMS-3\nMS-2 # two\n");
    assert_eq!(dir.read("O"), base, "%O is not touched");
    assert_eq!(dir.read("B"), theirs, "%B is not touched");
    assert_eq!(dir.tree(), ["A", "B", "O"], "no temp file left next to %A");
}

#[test]
fn driver_keeps_crlf_bom_and_the_final_newline_state() {
    let base = "\u{feff}MS-1\r\nMS-2\r\nMS-3";
    let ours = "\u{feff}MS-3\r\nMS-1\r\nMS-2";
    let theirs = "\u{feff}MS-1\r\nMS-2\r\nMS-3\r\nMS-4";
    let (run, dir) = drive(base.as_bytes(), ours.as_bytes(), theirs.as_bytes());
    run.code(0);
    assert_eq!(dir.read("A"), "\u{feff}MS-3\r\nMS-1\r\nMS-2\r\nMS-4");
}

#[test]
fn driver_trivial_merges_are_byte_exact() {
    let base = "MS-1\nMS-2\n";
    let ours = "MS-2   # odd  spacing \t\nMS-1\n";
    let (run, dir) = drive(base.as_bytes(), ours.as_bytes(), base.as_bytes());
    run.code(0);
    assert_eq!(dir.read("A"), ours);
    let (run, dir) = drive(base.as_bytes(), base.as_bytes(), ours.as_bytes());
    run.code(0);
    assert_eq!(dir.read("A"), ours);
}

#[test]
fn driver_conflict_exits_1_with_markers_and_every_id() {
    // MS-3 to the top on one side, to the bottom (past three items) on the other.
    let base = "MS-1\nMS-2\nMS-3\nMS-4\nMS-5\nMS-6\n";
    let ours = "MS-3\nMS-1\nMS-2\nMS-4\nMS-5\nMS-6\n";
    let theirs = "MS-1\nMS-2\nMS-4\nMS-5\nMS-6\nMS-3\n";
    let (run, dir) = drive(base.as_bytes(), ours.as_bytes(), theirs.as_bytes());
    run.code(1)
        .stderr_has("1 conflict(s) in backlog/ranking.txt");
    let text = dir.read("A");
    assert!(
        text.contains("<<<<<<< ours\n")
            && text.contains("=======\n")
            && text.contains(">>>>>>> theirs\n"),
        "{text}"
    );
    let got = ranked_ids(&text);
    for id in ["MS-1", "MS-2", "MS-3", "MS-4", "MS-5", "MS-6"] {
        assert!(got.iter().any(|g| g == id), "{id} dropped:\n{text}");
    }
    assert_eq!(
        got.iter().filter(|g| *g == "MS-3").count(),
        2,
        "once per side:\n{text}"
    );
}

#[test]
fn driver_given_a_conflicted_side_keeps_both_texts_whole() {
    let base = "MS-1\nMS-2\n";
    let ours = "MS-1\n<<<<<<< x\nMS-2\n=======\nMS-3\n>>>>>>> y\n";
    let theirs = "MS-2\nMS-1\nMS-4\n";
    let (run, dir) = drive(base.as_bytes(), ours.as_bytes(), theirs.as_bytes());
    run.code(1);
    let text = dir.read("A");
    for id in ["MS-1", "MS-2", "MS-3", "MS-4"] {
        assert!(
            ranked_ids(&text).iter().any(|g| g == id),
            "{id} dropped:\n{text}"
        );
    }
}

#[test]
fn driver_refuses_non_utf8_and_leaves_ours_untouched() {
    let good = b"MS-1\nMS-2\n";
    let ours = b"MS-2\nMS-1\n";
    let bad = b"MS-1\nMS-2 # caf\xe9\n";
    for (base, a, b) in [
        (&bad[..], &ours[..], &good[..]),
        (&good[..], &bad[..], &good[..]),
        (&good[..], &ours[..], &bad[..]),
        (&good[..], &ours[..], &b"MS-1\0\nMS-2\n"[..]),
    ] {
        let (run, dir) = drive(base, a, b);
        run.code(2);
        assert_eq!(dir.read_bytes("A"), a, "%A must be untouched");
        assert_eq!(dir.tree(), ["A", "B", "O"], "no temp file left");
    }
}

#[test]
fn driver_with_a_missing_file_exits_2() {
    let dir = TestRepo::plain();
    dir.write("O", "MS-1\n");
    dir.write("A", "MS-1\n");
    dir.backlog(&["merge-driver", "O", "A", "nope", "backlog/ranking.txt"])
        .code(2)
        .stderr_has("nope");
    assert_eq!(dir.read("A"), "MS-1\n");
    dir.backlog(&["merge-driver", "O", "A"]).code(2);
}

#[test]
fn driver_does_not_move_an_item_against_both_sides() {
    // Base has MS-6 first. Both branches ran `backlog rank MS-6 --below MS-2`; ours also ran
    // `backlog rank MS-1 --bottom` first. Both sides rank MS-2 above MS-6 and neither has MS-6
    // first, so the merge must not put MS-6 back at the top, above MS-2: that silently drops
    // the move both sides made. Both sides moved MS-6 the same way, and PRODUCT.md allows a
    // conflict only when two sides moved the same item differently: a clean merge, exit 0.
    let base = "MS-6\nMS-1\nMS-2\nMS-3\nMS-4\nMS-5\n";
    let ours = "MS-2\nMS-6\nMS-3\nMS-4\nMS-5\nMS-1\n";
    let theirs = "MS-1\nMS-2\nMS-6\nMS-3\nMS-4\nMS-5\n";
    for (a, b) in [(ours, theirs), (theirs, ours)] {
        let (run, dir) = drive(base.as_bytes(), a.as_bytes(), b.as_bytes());
        let text = dir.read("A");
        run.code(0);
        assert_eq!(
            ranked_ids(&text),
            ["MS-2", "MS-6", "MS-3", "MS-4", "MS-5", "MS-1"],
            "both sides rank MS-2 above MS-6 and ours moved MS-1 last:\n{text}"
        );
    }
}
