//! Where the index may not be written (a read-only git directory), and `show` and `rank`,
//! which find an item's file from the names the index keeps instead of listing `items/`.

use super::{index_file, same_with_and_without, settle, varied};
use crate::support::{draft_story, succeeds};
use std::fs;
use std::process::Command;

#[test]
#[ignore = "needs user and mount namespaces (`unshare -rm`) to mount the git directory read-only, which root cannot write either (.ci/run runs it where they work)"]
fn a_read_only_git_directory_means_uncached_and_silent() {
    assert!(
        succeeds(Command::new("unshare").args(["-rm", "true"])),
        "this test needs `unshare -rm` (user and mount namespaces) to mount .git read-only"
    );
    let repo = varied();
    settle();
    let script = r#"set -u
mount --bind .git .git && mount -o remount,bind,ro .git .git || exit 90
for args in "lint --format json" "list --all --format json" "show MS-3 --format json"; do
  "$BACKLOG" $args; echo "rc=$?"
done
touch .git/probe 2>/dev/null && echo "git dir writable"
"#;
    let inner = repo.sh(&format!("unshare -rm bash -c {}", shell_quote(script)));
    assert!(
        !inner.stdout.contains("git dir writable"),
        "{}",
        inner.stdout
    );
    assert!(!inner.stderr.contains("index"), "silent: {}", inner.stderr);
    let mut expected = String::new();
    for args in [
        &["--no-cache", "lint", "--format", "json"][..],
        &["--no-cache", "list", "--all", "--format", "json"],
        &["--no-cache", "show", "MS-3", "--format", "json"],
    ] {
        let run = repo.backlog(args);
        expected.push_str(&run.stdout);
        expected.push_str(&format!("rc={}\n", run.code));
    }
    assert_eq!(inner.stdout, expected);
    assert!(!index_file(&repo).exists(), "nothing was written");
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// `show` and `rank` give what `--no-cache` gives, as files come and go.
#[test]
fn show_and_rank_find_files_from_the_names_as_they_change() {
    let repo = varied();
    settle();
    same_with_and_without(&repo, "the names written");
    let show = |id: &str| {
        let warm = repo.backlog(&["show", id, "--format", "json"]);
        let cold = repo.backlog(&["--no-cache", "show", id, "--format", "json"]);
        assert_eq!(
            (warm.code, &warm.stdout, &warm.stderr),
            (cold.code, &cold.stdout, &cold.stderr),
            "show {id}"
        );
        warm
    };
    show("MS-1");
    show("MS-7").code(0);
    show("ms-14").code(1);
    show("MS-99").code(2);
    // A new file with a taken ID, a renamed file, a new item: the names are stale and the
    // directory is listed again.
    repo.item("MS-7-second.md", &draft_story("Another seven"));
    show("MS-7").code(1).stdout_has("MS-7-second.md");
    fs::rename(
        repo.path().join("backlog/items/MS-8-story.md"),
        repo.path().join("backlog/items/MS-8-renamed.md"),
    )
    .expect("test file operation");
    show("MS-8").stdout_has("MS-8-renamed.md");
    repo.item("MS-50-new.md", &draft_story("New"));
    show("MS-50").code(0);
    settle();
    same_with_and_without(&repo, "the names written again");
    show("MS-50").code(0);
    show("MS-8").stdout_has("MS-8-renamed.md");
    let before = repo.read("backlog/ranking.txt");
    let warm = repo.backlog(&["rank", "MS-9", "--to", "2"]);
    let after_warm = repo.read("backlog/ranking.txt");
    repo.ranking(&before);
    let cold = repo.backlog(&["--no-cache", "rank", "MS-9", "--to", "2"]);
    assert_eq!(
        (warm.code, &warm.stdout, &warm.stderr),
        (cold.code, &cold.stdout, &cold.stderr)
    );
    assert_eq!(after_warm, repo.read("backlog/ranking.txt"));
}
