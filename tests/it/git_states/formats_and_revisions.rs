//! Repository formats, checkouts and revisions (rows D13–D21): reftable, SHA-256, a sparse
//! index, core.autocrlf, unknown revisions, a partial clone, GIT_DIR and GIT_WORK_TREE.

use super::*;

// ---- D13 reftable, D14 sha256 ------------------------------------------------------------------

fn unsupported_format(flag: &str, needle: &str) {
    let origin = origin();
    let repo = TestRepo::plain();
    let init = repo.git_run(&["init", "-q", "-b", "main", flag, "."]);
    assert_eq!(
        init.code, 0,
        "`git init {flag}` needs git 2.45 or later (reftable) or 2.29 (sha256): {}",
        init.stderr
    );
    copy_backlog(&origin, repo.path());
    repo.commit("The backlog");
    assert_same_lint(&origin, &repo, ".", &[], NO_ENV, flag);
    repo.backlog(&["list"]).code(0);
    let before = repo.work_tree_files();
    for args in GIT_COMMANDS {
        let r = run(&repo, ".", args);
        assert_exit_2(
            &r,
            &[needle, "format"],
            &format!("{flag}: {}", args.join(" ")),
        );
        assert!(
            r.run.stderr.lines().count() <= 4,
            "{flag}: a short message, not a dump:\n{}",
            r.run.stderr
        );
    }
    assert_eq!(repo.work_tree_files(), before, "{flag}: nothing changed");
}

#[test]
fn d13_reftable_repository_lint_works_git_commands_exit_2() {
    unsupported_format("--ref-format=reftable", "refstorage");
}

#[test]
fn d14_sha256_repository_lint_works_git_commands_exit_2() {
    unsupported_format("--object-format=sha256", "sha256");
}

// ---- D15 sparse index --------------------------------------------------------------------------

#[test]
fn d15_sparse_index_history_and_diff_work() {
    let origin = origin();
    let events = origin_events(&origin);
    let start = origin.rev("HEAD~1");
    let lift = origin.head_id();
    let repo = origin.clone_repo();
    repo.write("app/main.rs", "fn main() {}\n");
    repo.commit("Some code");
    repo.git_ok(&[
        "sparse-checkout",
        "set",
        "--cone",
        "--sparse-index",
        "backlog",
    ]);
    let sparse = repo.git_ok(&["ls-files", "--sparse"]);
    assert!(
        sparse.lines().any(|l| l == "app/"),
        "the index holds a sparse directory entry (extension sdir):\n{sparse}"
    );
    assert!(!repo.path().join("app").exists());
    assert_same_lint(&origin, &repo, ".", &[], NO_ENV, "sparse index");
    assert_eq!(history_events(&repo, ".", &[], NO_ENV), events);
    let range = format!("{start}..{lift}");
    let diff = |r: &TestRepo| {
        r.backlog(&["diff", &range, "--format", "json"])
            .code(0)
            .json()
    };
    assert_eq!(diff(&repo), diff(&origin));
    let blame = |r: &TestRepo| r.backlog(&["blame", "--format", "json"]).code(0).json();
    assert_eq!(blame(&repo), blame(&origin));
    repo.backlog(&["diff"]).code(0);
    repo.backlog(&["rank", "MS-4", "--top"]).code(0);
    repo.backlog(&["new", "story", "Sparse"]).code(0);
}

// ---- D16 core.autocrlf -------------------------------------------------------------------------

#[test]
fn d16_autocrlf_checkout_lints_identically_and_diffs_clean() {
    let origin = origin();
    let crlf = TestRepo::plain();
    crlf.git_ok(&[
        "clone",
        "-q",
        "-c",
        "core.autocrlf=true",
        &path_str(origin.path()),
        ".",
    ]);
    for file in ["backlog/ranking.txt", "backlog/items/MS-4-fourth.md"] {
        let text = crlf.read(file);
        assert!(
            text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'),
            "{file} is checked out with CRLF"
        );
    }
    assert_same_lint(&origin, &crlf, ".", &[], NO_ENV, "core.autocrlf=true");
    for args in [
        &["diff", "--format", "json"][..],
        &["diff", "HEAD", "--format", "json"],
    ] {
        let doc = crlf.backlog(args).code(0).json();
        assert_eq!(
            doc["changes"],
            Value::Array(vec![]),
            "{args:?}: EOL-only differences are no change: {doc}"
        );
    }
    crlf.backlog(&["diff", "HEAD", "--exit-code"]).code(0);
    let blame = |r: &TestRepo| r.backlog(&["blame", "--format", "json"]).code(0).json();
    assert_eq!(
        blame(&crlf),
        blame(&origin),
        "blame sees no uncommitted lines"
    );
    crlf.backlog(&["rank", "MS-4", "--top"]).code(0);
    let ranking = crlf.read("backlog/ranking.txt");
    assert!(
        !ranking.replace("\r\n", "").contains('\n'),
        "CRLF kept: {ranking:?}"
    );
    let doc = crlf
        .backlog(&["diff", "HEAD", "--format", "json"])
        .code(0)
        .json();
    let changes = doc["changes"].as_array().cloned().unwrap_or_default();
    assert_eq!(changes.len(), 1, "{doc}");
    assert_eq!(
        (&changes[0]["id"], &changes[0]["from"], &changes[0]["to"]),
        (&Value::from("MS-4"), &Value::from(3), &Value::from(1))
    );
}

// ---- D19 unknown revision ----------------------------------------------------------------------

#[test]
fn d19_unknown_or_force_pushed_revision_exits_2() {
    let origin = origin();
    let old = origin.head_id();
    // The pull request's base was rewritten (amended and force-pushed) before CI cloned.
    origin.git_ok(&["commit", "-q", "--amend", "-m", "Lift MS-2 (reworded)"]);
    let clone = TestRepo::plain();
    clone.git_ok(&["clone", "-q", "--no-local", &file_url(&origin), "."]);
    assert_ne!(clone.head_id(), old);
    let missing = format!("{old}..HEAD");
    let zeros = format!("{}..HEAD", "0".repeat(40));
    for args in [
        &["diff", missing.as_str()][..],
        &["diff", old.as_str()],
        &["diff", zeros.as_str()],
        &["diff", "no-such-branch..HEAD"],
        &["diff", "HEAD..no-such-branch"],
        &["diff", "no-such-branch"],
        &["diff", "HEAD~99..HEAD"],
        &["lint", "--since", old.as_str()],
    ] {
        assert_exit_2(
            &run(&clone, ".", args),
            &["unknown revision"],
            &args.join(" "),
        );
    }
    clone.backlog(&["history", "MS-2"]).code(0);
}

// ---- D20 partial clone -------------------------------------------------------------------------

fn partial_clone(origin: &TestRepo) -> TestRepo {
    origin.git_ok(&["config", "uploadpack.allowfilter", "true"]);
    let pc = TestRepo::plain();
    pc.git_ok(&[
        "clone",
        "-q",
        "--no-local",
        "--filter=blob:none",
        &file_url(origin),
        ".",
    ]);
    let missing = pc.git_ok(&["rev-list", "--objects", "--all", "--missing=print"]);
    assert!(
        missing.lines().any(|l| l.starts_with('?')),
        "old blobs are missing from the partial clone:\n{missing}"
    );
    pc
}

#[test]
fn d20_partial_clone_history_says_partial_clone_and_exits_2() {
    // Catalogue D20 and the exit codes: a blob the clone does not have is an unreadable
    // repository, exit 2 with a message that says why, not a raw "object not found".
    let origin = origin();
    let start = origin.rev("HEAD~1");
    let lift = origin.head_id();
    let pc = partial_clone(&origin);
    assert_same_lint(&origin, &pc, ".", &[], NO_ENV, "partial clone");
    let range = format!("{start}..{lift}");
    for args in [
        &["history", "MS-2", "--format", "json"][..],
        &["blame", "--format", "json"],
        &["diff", range.as_str(), "--format", "json"],
    ] {
        let r = run(&pc, ".", args);
        assert_exit_2(&r, &["partial"], &args.join(" "));
        r.run.stderr_has("an object is missing from the repository");
    }
}

#[test]
fn d20_following_the_partial_clone_hint_makes_history_work() {
    let origin = origin();
    let events = origin_events(&origin);
    let pc = partial_clone(&origin);
    let r = run(&pc, ".", &["history", "MS-2"]);
    r.run.code(2);
    // The hint's first command, such as `git fetch --refetch`.
    let hint = r
        .run
        .stderr
        .lines()
        .find(|l| l.starts_with("hint:"))
        .unwrap_or_else(|| panic!("no hint:\n{}", r.run.stderr));
    let command = hint
        .split('`')
        .nth(1)
        .unwrap_or_else(|| panic!("no command in {hint:?}"));
    let words: Vec<&str> = command.split_whitespace().collect();
    assert_eq!(words.first(), Some(&"git"), "{hint}");
    pc.git_ok(&words[1..]);
    let after = run(&pc, ".", &["history", "MS-2"]);
    assert_eq!(
        after.run.code, 0,
        "ran the hint's `{command}`, yet history still fails:\n{}",
        after.run.stderr
    );
    // With the blobs fetched, the events are those of the full clone.
    assert_eq!(history_events(&pc, ".", &[], NO_ENV), events);
}

// ---- D21 GIT_DIR / GIT_WORK_TREE ---------------------------------------------------------------

#[test]
fn d21_git_dir_and_git_work_tree_are_honoured_like_git() {
    let origin = origin();
    let events = origin_events(&origin);
    let holder = TestRepo::plain();
    holder.git_ok(&[
        "clone",
        "-q",
        "--bare",
        &path_str(origin.path()),
        "repo.git",
    ]);
    std::fs::create_dir(holder.path().join("wt")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    holder.git_in(
        "wt",
        &["checkout", "-q", "-f", "main"],
        &[("GIT_DIR", "../repo.git"), ("GIT_WORK_TREE", ".")],
    );
    let git_dir = holder.path().join("repo.git");
    let work_tree = holder.path().join("wt");
    let env: &Env = &[
        ("GIT_DIR", git_dir.as_os_str()),
        ("GIT_WORK_TREE", work_tree.as_os_str()),
    ];
    assert_same_lint(
        &origin,
        &holder,
        "wt",
        &[],
        env,
        "GIT_DIR and GIT_WORK_TREE",
    );
    let r = holder.backlog_env("wt", &["history", "MS-2", "--format", "json"], env, &[]);
    assert_eq!(
        r.run.code, 0,
        "git itself works here (`GIT_DIR=… git log` does); backlog says:\n{}",
        r.run.stderr
    );
    assert_eq!(r.run.json()["events"], events);
    holder
        .backlog_env("wt", &["rank", "MS-4", "--top"], env, &[])
        .run
        .code(0);
    assert!(
        git_dir.join("backlog.lock").exists(),
        "the lock belongs in $GIT_DIR, so that other backlog processes see it"
    );
}

#[test]
fn d21_commands_run_from_a_git_hook_use_the_hooks_repository() {
    // Inside a hook of a linked worktree git exports GIT_DIR (the worktree's git directory)
    // and GIT_INDEX_FILE.
    let origin = origin();
    let events = origin_events(&origin);
    let holder = TestRepo::plain();
    let wt = holder.path().join("wt");
    origin.git_ok(&["worktree", "add", "-q", "-b", "hooked", &path_str(&wt)]);
    let out = holder.path().join("hook-out");
    let hook = format!(
        "#!/bin/sh\n\"{bin}\" history MS-2 --format json > \"{out}.json\" 2> \"{out}.err\"\n\
         echo $? > \"{out}.code\"\n\"{bin}\" lint > /dev/null 2>&1; echo $? >> \"{out}.code\"\n",
        bin = path_str(&crate::support::backlog_bin()),
        out = path_str(&out),
    );
    let hook_path = origin.write(".git/hooks/pre-commit", hook);
    let chmod = std::process::Command::new("chmod")
        .arg("+x")
        .arg(&hook_path)
        .status()
        .unwrap_or_else(|e| panic!("chmod: {e}"));
    assert!(chmod.success());
    std::fs::write(wt.join("notes.txt"), "x\n").unwrap_or_else(|e| panic!("write: {e}"));
    holder.git_in("wt", &["add", "notes.txt"], &[]);
    holder.git_in("wt", &["commit", "-q", "-m", "Notes"], &[]);
    let read = |ext: &str| {
        std::fs::read_to_string(format!("{}.{ext}", path_str(&out)))
            .unwrap_or_else(|e| panic!("hook output {ext}: {e}"))
    };
    assert_eq!(
        read("code"),
        "0\n1\n",
        "history exit 0, lint exit 1:\n{}",
        read("err")
    );
    let doc: Value = serde_json::from_str(&read("json")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc["events"], events);
}
