//! Where the backlog is: a backlog made with `--root docs init` is found from anywhere in the
//! repository (through the pointer file init writes), `BACKLOG_ROOT` names one as `--root`
//! does, and a backlog/ that is a symlink out of the work tree is refused for reads and
//! writes.

use crate::support::{TestRepo, ready_story};
use std::ffi::OsStr;

#[test]
fn a_backlog_made_with_root_docs_is_found_from_the_repository_top_and_below() {
    let repo = TestRepo::git();
    repo.backlog(&["--root", "docs", "init"])
        .code(0)
        .stdout_has("created .backlog.toml")
        .stdout_has("created docs/backlog.toml");
    assert!(
        repo.read(".backlog.toml")
            .contains("[backlog]\nroot = \"docs\"\n")
    );
    assert!(
        repo.read(".gitattributes")
            .contains("/docs/ranking.txt merge=backlog-ranking")
    );
    std::fs::create_dir_all(repo.path().join("src/deep")).unwrap_or_else(|e| panic!("{e}"));
    for dir in [".", "src/deep", "docs/items"] {
        repo.backlog_in(dir, &["new", "story", &format!("Made in {dir}")])
            .code(0);
    }
    let items = std::fs::read_dir(repo.path().join("docs/items"))
        .unwrap_or_else(|e| panic!("{e}"))
        .count();
    assert_eq!(items, 3);
    repo.backlog(&["list"])
        .code(0)
        .stdout_has("Made in src/deep");
    repo.backlog_in("src/deep", &["lint"]).code(0);
    repo.backlog(&["doctor"]).code(0).stdout_has("all good");
    // A second init with the default place is its own backlog; the pointer still wins.
    repo.commit("docs backlog");
    repo.backlog(&["--root", "docs", "rank", "MS-1", "--top"])
        .code(0);
}

#[test]
fn backlog_root_names_the_backlog_as_root_does() {
    let repo = TestRepo::git();
    repo.backlog(&["--root", "planning", "init"]).code(0);
    std::fs::remove_file(repo.path().join(".backlog.toml")).unwrap_or_else(|e| panic!("{e}"));
    repo.backlog(&["lint"]).code(2).stderr_has("BACKLOG_ROOT");
    let env = [("BACKLOG_ROOT", OsStr::new("planning"))];
    let run = repo.backlog_env(".", &["new", "story", "Via the environment"], &env, &[]);
    run.run.code(0);
    assert!(
        repo.path()
            .join("planning/items/MS-1-via-the-environment.md")
            .is_file()
    );
    repo.backlog_env(".", &["lint"], &env, &[]).run.code(0);
    // --root wins over the environment.
    let wrong = [("BACKLOG_ROOT", OsStr::new("nowhere"))];
    repo.backlog_env(".", &["--root", "planning", "lint"], &wrong, &[])
        .run
        .code(0);
    repo.backlog_env(".", &["lint"], &wrong, &[])
        .run
        .code(2)
        .stderr_has("not a backlog");
}

#[test]
fn a_bad_pointer_file_is_one_line_naming_it_and_exit_2() {
    let repo = TestRepo::git();
    repo.backlog(&["--root", "docs", "init"]).code(0);
    for (text, says) in [
        ("[backlog]\nroot = \"../outside\"\n", "without `..`"),
        ("[backlog]\nroot = \"/etc\"\n", "without `..`"),
        ("[backlog]\nroot = \"nope\"\n", "which has no backlog.toml"),
        ("[backlog]\nrot = \"docs\"\n", ".backlog.toml:2:"),
        ("not toml", ".backlog.toml:1:"),
    ] {
        repo.write(".backlog.toml", text);
        repo.backlog(&["lint"])
            .code(2)
            .stderr_has(says)
            .stderr_has(".backlog.toml");
        repo.backlog(&["new", "story", "x"]).code(2);
    }
}

#[test]
fn a_backlog_dir_symlinked_out_of_the_work_tree_is_refused_for_reads_and_writes() {
    let outside = TestRepo::plain();
    outside.backlog(&["init"]).code(0);
    outside.item("MS-1-secret.md", &ready_story("Secret"));
    outside.ranking("MS-1\n");
    let before = outside.work_tree_files();
    let repo = TestRepo::git();
    std::os::unix::fs::symlink(outside.path().join("backlog"), repo.path().join("backlog"))
        .unwrap_or_else(|e| panic!("symlink: {e}"));
    for args in [
        &["lint"][..],
        &["list"],
        &["show", "MS-1"],
        &["rank", "MS-1", "--bottom"],
        &["new", "story", "Written outside"],
        &["init"],
        &["--root", "backlog", "lint"],
    ] {
        repo.backlog(args)
            .code(2)
            .stderr_has("PATH010")
            .lacks("Secret");
    }
    assert!(
        outside.work_tree_files() == before,
        "nothing outside was written"
    );
    // A link that stays inside the work tree is fine.
    let inside = TestRepo::git();
    inside.backlog(&["--root", "real", "init"]).code(0);
    std::fs::remove_file(inside.path().join(".backlog.toml")).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink("real", inside.path().join("backlog"))
        .unwrap_or_else(|e| panic!("symlink: {e}"));
    inside.backlog(&["lint"]).code(0);
}

#[test]
fn the_pre_commit_hooks_run_for_a_backlog_at_another_place() {
    let hooks = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.pre-commit-hooks.yaml"
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let patterns: Vec<&str> = hooks
        .lines()
        .filter_map(|l| l.trim().strip_prefix("files: "))
        .map(|p| p.trim_matches('\''))
        .collect();
    assert_eq!(patterns.len(), 2, "{hooks}");
    for pattern in patterns {
        let re = regex::Regex::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
        for path in [
            "backlog/items/MS-1-a.md",
            "backlog/ranking.txt",
            "docs/ranking.txt",
            "docs/backlog.toml",
            "docs/items/MS-1-a.md",
            "docs/templates/story.md",
            ".backlog.toml",
        ] {
            assert!(re.is_match(path), "{pattern} misses {path}");
        }
        assert!(!re.is_match("src/main.rs"), "{pattern}");
    }
}
