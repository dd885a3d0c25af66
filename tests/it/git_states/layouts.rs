//! Where the backlog lives (rows D1–D9): not a repository, a bare repository, a shallow clone,
//! a detached HEAD, an unborn branch, a linked worktree, a submodule.

use super::*;

// ---- D1 not a repository -----------------------------------------------------------------------

#[test]
fn d01_not_a_repository_lint_list_rank_new_work_history_exits_2() {
    let origin = origin();
    let plain = TestRepo::plain();
    copy_backlog(&origin, plain.path());
    assert_same_lint(&origin, &plain, ".", &[], NO_ENV, "not a repository");
    assert_eq!(
        plain.backlog(&["list"]).code(0).stdout,
        origin.backlog(&["list"]).code(0).stdout
    );
    for args in [
        &["history", "MS-2"][..],
        &["history", "MS-2", "--format", "json"],
        &["blame"],
        &["diff"],
        &["diff", "HEAD~1..HEAD"],
        &["lint", "--since", "HEAD~1"],
    ] {
        assert_exit_2(
            &run(&plain, ".", args),
            &["not in a git repository"],
            &args.join(" "),
        );
    }
    let tree = plain.tree();
    plain
        .backlog(&["rank", "MS-4", "--top"])
        .code(0)
        .stdout_has("MS-4: #3 → #1");
    assert!(plain.read("backlog/ranking.txt").contains("\nMS-4\nMS-2"));
    assert_eq!(
        plain.tree(),
        tree,
        "rank outside git creates no file (no lock file)"
    );
    plain
        .backlog(&["new", "story", "Outside git"])
        .code(0)
        .stdout_has("backlog/items/MS-5-outside-git.md");
    assert!(!plain.path().join(".git").exists());
}

// ---- D2 bare repository ------------------------------------------------------------------------

#[test]
fn d02_bare_repository_history_exits_2_lint_works() {
    let origin = origin();
    let holder = TestRepo::plain();
    holder.git_ok(&[
        "clone",
        "-q",
        "--bare",
        &path_str(origin.path()),
        "bare.git",
    ]);
    // Backlog files placed inside a bare repository's directory: there is no work tree.
    copy_backlog(&origin, &holder.path().join("bare.git"));
    assert_same_lint(&origin, &holder, "bare.git", &[], NO_ENV, "bare repository");
    for args in [
        &["history", "MS-2"][..],
        &["blame"],
        &["diff"],
        &["diff", "HEAD~1..HEAD"],
    ] {
        assert_exit_2(
            &run(&holder, "bare.git", args),
            &["no work tree"],
            &args.join(" "),
        );
    }
    // Working-tree commands refuse too (D2), and leave no lock behind.
    for args in [&["rank", "MS-4", "--top"][..], &["new", "story", "In bare"]] {
        assert_exit_2(
            &run(&holder, "bare.git", args),
            &["bare repository"],
            &args.join(" "),
        );
    }
    assert!(!holder.path().join("bare.git/backlog.lock").exists());
    assert!(!holder.path().join("bare.git/backlog/backlog.lock").exists());
}

#[test]
fn d02_bare_repository_working_tree_commands_exit_2() {
    let origin = origin();
    let holder = TestRepo::plain();
    holder.git_ok(&[
        "clone",
        "-q",
        "--bare",
        &path_str(origin.path()),
        "bare.git",
    ]);
    copy_backlog(&origin, &holder.path().join("bare.git"));
    let before = holder.work_tree_files();
    for args in [&["rank", "MS-4", "--top"][..], &["new", "story", "In bare"]] {
        assert_exit_2(
            &run(&holder, "bare.git", args),
            &["bare repository"],
            &args.join(" "),
        );
    }
    assert_eq!(holder.work_tree_files(), before, "nothing changed");
}

#[test]
fn d02_worktree_of_a_bare_repository_works() {
    let origin = origin();
    let events = origin_events(&origin);
    let holder = TestRepo::plain();
    holder.git_ok(&[
        "clone",
        "-q",
        "--bare",
        &path_str(origin.path()),
        "bare.git",
    ]);
    holder.git_in("bare.git", &["worktree", "add", "-q", "../wt", "main"], &[]);
    assert_same_lint(
        &origin,
        &holder,
        "wt",
        &[],
        NO_ENV,
        "worktree of a bare repository",
    );
    assert_eq!(history_events(&holder, "wt", &[], NO_ENV), events);
    run(&holder, "wt", &["blame"]).run.code(0);
    run(&holder, "wt", &["diff", "HEAD~1..HEAD"])
        .run
        .code(0)
        .stdout_has("MS-2");
    run(&holder, "wt", &["rank", "MS-4", "--top"]).run.code(0);
    assert!(
        holder
            .path()
            .join("bare.git/worktrees/wt/backlog.lock")
            .exists(),
        "the lock lives in the worktree's own git directory"
    );
    assert!(!holder.path().join("wt/backlog.lock").exists());
}

// ---- D3 shallow clone --------------------------------------------------------------------------

#[test]
fn d03_lint_in_a_depth_1_clone_is_byte_identical_to_a_full_clone() {
    let origin = origin();
    let full = origin.clone_repo();
    let shallow = origin.shallow_clone(1);
    assert_eq!(
        shallow
            .git_ok(&["rev-parse", "--is-shallow-repository"])
            .trim(),
        "true"
    );
    assert_same_lint(&full, &shallow, ".", &[], NO_ENV, "depth-1 clone");
    for extra in [&["--deny-warnings"][..], &["backlog/items"]] {
        let mut args = vec!["lint"];
        args.extend_from_slice(extra);
        let a = full.backlog_env(".", &args, NO_ENV, &[]);
        let b = shallow.backlog_env(".", &args, NO_ENV, &[]);
        assert!(
            (a.run.code, &a.stdout, &a.stderr) == (b.run.code, &b.stdout, &b.stderr),
            "{args:?}: full and shallow differ:\n{}\n---\n{}",
            a.run.stdout,
            b.run.stdout
        );
    }
}

// ---- D6 detached HEAD --------------------------------------------------------------------------

#[test]
fn d06_detached_head_everything_works() {
    let origin = origin();
    let events = origin_events(&origin);
    let det = origin.clone_repo();
    det.git_ok(&["checkout", "-q", "--detach", "HEAD"]);
    assert!(det.read(".git/HEAD").len() >= 40, "HEAD is detached");
    assert_same_lint(&origin, &det, ".", &[], NO_ENV, "detached HEAD");
    assert_eq!(history_events(&det, ".", &[], NO_ENV), events);
    let blame = |r: &TestRepo| r.backlog(&["blame", "--format", "json"]).code(0).json();
    assert_eq!(blame(&det), blame(&origin));
    let diff = |r: &TestRepo| {
        r.backlog(&["diff", "HEAD~1..HEAD", "--format", "json"])
            .code(0)
            .json()
    };
    assert_eq!(diff(&det), diff(&origin));
    det.backlog(&["diff"]).code(0);
    det.backlog(&["rank", "MS-4", "--top"]).code(0);
    det.backlog(&["new", "story", "Detached"])
        .code(0)
        .stdout_has("MS-5-detached.md");
}

// ---- D7 unborn branch --------------------------------------------------------------------------

#[test]
fn d07_unborn_branch_no_commits_yet_and_no_generic_error() {
    let origin = origin();
    let unborn = TestRepo::git();
    copy_backlog(&origin, unborn.path());
    assert_same_lint(&origin, &unborn, ".", &[], NO_ENV, "unborn branch");
    unborn
        .backlog(&["history", "MS-2"])
        .code(0)
        .stderr_has("no commits yet");
    let doc = unborn
        .backlog(&["history", "MS-2", "--format", "json"])
        .code(0)
        .json();
    assert_eq!(doc["events"], Value::Array(vec![]), "{doc}");
    let blame = unborn
        .backlog(&["blame", "--format", "json"])
        .code(0)
        .json();
    let entries = blame["entries"].as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), 3, "{blame}");
    assert!(entries.iter().all(|e| e["commit"].is_null()), "{blame}");
    unborn.backlog(&["diff"]).code(0);
    for args in [&["diff", "HEAD"][..], &["lint", "--since", "HEAD"]] {
        let r = run(&unborn, ".", args);
        assert_eq!(r.run.code, 2, "{args:?}: {}", r.run.stderr);
        assert!(
            !r.run
                .stderr
                .contains("reference 'refs/heads/main' not found"),
            "{args:?}: the raw libgit2 error of an unborn HEAD: {}",
            r.run.stderr
        );
    }
    unborn.backlog(&["rank", "MS-4", "--top"]).code(0);
    assert!(unborn.path().join(".git/backlog.lock").exists());
    unborn
        .backlog(&["new", "story", "Unborn"])
        .code(0)
        .stdout_has("MS-5-unborn.md");
    assert_ne!(
        unborn
            .git_run(&["rev-parse", "-q", "--verify", "HEAD"])
            .code,
        0
    );
}

// ---- D8 linked worktree ------------------------------------------------------------------------

#[test]
fn d08_linked_worktree_works_and_locks_in_its_own_git_dir() {
    let origin = origin();
    let events = origin_events(&origin);
    let holder = TestRepo::plain();
    let wt = holder.path().join("wt");
    origin.git_ok(&["worktree", "add", "-q", "-b", "side", &path_str(&wt)]);
    assert_same_lint(&origin, &holder, "wt", &[], NO_ENV, "linked worktree");
    assert_eq!(history_events(&holder, "wt", &[], NO_ENV), events);
    run(&holder, "wt", &["blame"]).run.code(0);
    run(&holder, "wt", &["diff", "HEAD~1..HEAD"]).run.code(0);

    let main_lock = origin.path().join(".git/backlog.lock");
    let wt_lock = origin.path().join(".git/worktrees/wt/backlog.lock");
    // The main checkout's lock does not block the worktree ...
    let held = hold_lock(&main_lock);
    run(&holder, "wt", &["rank", "MS-4", "--top"]).run.code(0);
    let blocked = origin.backlog(&["rank", "MS-4", "--top"]);
    blocked.code(3).stderr_has(".git/backlog.lock");
    drop(held);
    // ... and the worktree's lock does not block the main checkout.
    let held = hold_lock(&wt_lock);
    let blocked = run(&holder, "wt", &["rank", "MS-1", "--top"]);
    blocked
        .run
        .code(3)
        .stderr_has(".git/worktrees/wt/backlog.lock");
    origin.backlog(&["rank", "MS-4", "--top"]).code(0);
    drop(held);
    run(&holder, "wt", &["new", "story", "In worktree"])
        .run
        .code(0)
        .stdout_has("MS-5-in-worktree.md");
    assert!(!wt.join("backlog.lock").exists() && !wt.join(".git/backlog.lock").exists());
}

// ---- D9 submodule ------------------------------------------------------------------------------

#[test]
fn d09_backlog_in_a_submodule_uses_the_submodules_repository() {
    let origin = origin();
    let events = origin_events(&origin);
    let sup = TestRepo::git();
    sup.write("README.md", "the product\n");
    sup.commit("Superproject");
    sup.git_ok(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        &file_url(&origin),
        "sub",
    ]);
    sup.commit("Add the backlog as a submodule");
    // From the superproject's top with --root, and from inside the submodule.
    assert_same_lint(&origin, &sup, ".", &["--root", "sub"], NO_ENV, "submodule");
    assert_same_lint(&origin, &sup, "sub", &[], NO_ENV, "submodule (cwd)");
    assert_eq!(
        history_events(&sup, ".", &["--root", "sub"], NO_ENV),
        events
    );
    assert_eq!(history_events(&sup, "sub", &[], NO_ENV), events);
    let blame = run(&sup, "sub", &["blame", "--format", "json"]);
    let doc = blame.run.code(0).json();
    let head = origin.head_id();
    assert_eq!(doc["entries"][0]["commit"], head.as_str(), "{doc}");
    run(&sup, "sub", &["rank", "MS-4", "--top"]).run.code(0);
    assert!(sup.path().join(".git/modules/sub/backlog.lock").exists());
    assert!(!sup.path().join(".git/backlog.lock").exists());
}
