//! A repository owned by another user (row D10): git's safe.directory check, its hint, and who
//! may mark a repository safe.

use super::*;

// ---- D10 safe.directory ------------------------------------------------------------------------

/// A clone of `origin()` chowned to nobody (65534), with `origin()` and the clone's
/// canonical top. Only root can give files away, so the tests that use it are ignored
/// elsewhere; `.ci/run` runs them by name when it runs as root.
fn owned_by_someone_else() -> (TestRepo, TestRepo, PathBuf) {
    require_root("only root can chown a repository to another user");
    let origin = origin();
    let owned = origin.clone_repo();
    let top = owned
        .path()
        .canonicalize()
        .unwrap_or_else(|e| panic!("canonicalize: {e}"));
    let chown = std::process::Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(&top)
        .status()
        .unwrap_or_else(|e| panic!("chown: {e}"));
    assert!(chown.success());
    (origin, owned, top)
}

/// A HOME directory whose .gitconfig marks `dir` safe.
fn home_trusting(dir: &Path) -> TestRepo {
    let home = TestRepo::plain();
    home.write(
        ".gitconfig",
        format!("[safe]\n\tdirectory = {}\n", path_str(dir)),
    );
    home
}

#[test]
#[ignore = "needs root to chown a repository to another user (.ci/run runs it as root)"]
fn d10_ownership_mismatch_exits_2_with_the_fix_and_lint_still_works() {
    let (origin, owned, _) = owned_by_someone_else();
    assert_same_lint(&origin, &owned, ".", &[], NO_ENV, "owned by another user");
    owned.backlog(&["list"]).code(0);
    let before = owned.work_tree_files();
    for args in GIT_COMMANDS {
        assert_exit_2(
            &run(&owned, ".", args),
            &["owned by another user", "--add safe.directory "],
            &args.join(" "),
        );
    }
    assert_eq!(owned.work_tree_files(), before, "nothing changed");
    assert!(!owned.path().join(".git/backlog.lock").exists());
}

/// The path the hint says to mark safe: `git config --global --add safe.directory PATH`.
fn hinted_safe_directory(stderr: &str) -> String {
    let start = stderr
        .find("safe.directory ")
        .unwrap_or_else(|| panic!("no safe.directory hint:\n{stderr}"))
        + "safe.directory ".len();
    let rest = &stderr[start..];
    let end = rest.find('`').unwrap_or(rest.len());
    // The path is shell-quoted in the hint.
    rest[..end].trim().trim_matches('\'').to_owned()
}

#[test]
#[ignore = "needs root to chown a repository to another user (.ci/run runs it as root)"]
fn d10_following_the_safe_directory_hint_makes_history_work() {
    let (_, owned, top) = owned_by_someone_else();
    let refused = run(&owned, ".", &["history", "MS-2"]);
    refused.run.code(2);
    let hinted = hinted_safe_directory(&refused.run.stderr);
    // git and libgit2 compare safe.directory with the repository's top, so that is the path the
    // command must name (not the backlog directory).
    let home = home_trusting(Path::new(&hinted));
    let after = owned.backlog_env(
        ".",
        &["history", "MS-2"],
        &[("HOME", home.path().as_os_str())],
        &["GIT_CONFIG_GLOBAL"],
    );
    assert_eq!(
        after.run.code,
        0,
        "ran the hint's `git config --global --add safe.directory {hinted}` (the top is {}), \
         yet history still fails:\n{}",
        top.display(),
        after.run.stderr
    );
}

#[test]
#[ignore = "needs root to chown a repository to another user (.ci/run runs it as root)"]
fn d10_only_user_config_can_mark_a_repository_safe() {
    let (origin, owned, top) = owned_by_someone_else();
    // The repository cannot whitelist itself.
    owned.git_ok(&[
        "config",
        "--file",
        ".git/config",
        "safe.directory",
        &path_str(&top),
    ]);
    assert_exit_2(
        &run(&owned, ".", &["history", "MS-2"]),
        &["owned by another user"],
        "repo-local safe.directory",
    );
    // The user's global config can (libgit2 reads $HOME/.gitconfig).
    let home = home_trusting(&top);
    let events = owned.backlog_env(
        ".",
        &["history", "MS-2", "--format", "json"],
        &[("HOME", home.path().as_os_str())],
        &["GIT_CONFIG_GLOBAL"],
    );
    assert_eq!(events.run.code(0).json()["events"], origin_events(&origin));
}

#[test]
#[ignore = "libgit2 reads ~/.gitconfig and not $GIT_CONFIG_GLOBAL; the hint names ~/.gitconfig for that reason"]
fn d10_git_config_global_file_is_honoured_like_git() {
    // `git config --global` writes to $GIT_CONFIG_GLOBAL when it is set (containers and CI
    // jobs set it), so the hint's command only helps if backlog reads that file too.
    let (_, owned, top) = owned_by_someone_else();
    let global = home_trusting(&top);
    let empty_home = TestRepo::plain();
    let config = global.path().join(".gitconfig");
    let git_sees = owned.git_env(
        &["status", "--short"],
        &[
            ("GIT_CONFIG_GLOBAL", &path_str(&config)),
            ("HOME", &path_str(empty_home.path())),
        ],
    );
    assert_eq!(git_sees.code, 0, "git trusts it: {}", git_sees.stderr);
    let r = owned.backlog_env(
        ".",
        &["history", "MS-2"],
        &[
            ("GIT_CONFIG_GLOBAL", config.as_os_str()),
            ("HOME", empty_home.path().as_os_str()),
        ],
        &[],
    );
    assert_eq!(
        r.run.code, 0,
        "git trusts the repository through GIT_CONFIG_GLOBAL, backlog does not:\n{}",
        r.run.stderr
    );
}
