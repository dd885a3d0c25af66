//! Bad input for every new verb: a one-line error naming the path (and line), the documented
//! exit code, nothing written.

use super::*;
use crate::support::{require_strace, temps_in};
use std::process::Stdio;
use std::time::{Duration, Instant};

#[test]
fn unknown_ids_exit_2_with_the_nearest_ids() {
    let repo = backlog();
    for args in [
        &["set", "MS-33", "estimate=1"][..],
        &["start", "ms-33"],
        &["done", "MS-33"],
        &["drop", "MS-33", "--reason", "x"],
        &["edit", "MS-33"],
    ] {
        refused_with(
            &repo,
            2,
            args,
            "no item MS-33 in backlog/items; did you mean MS-3, MS-1 or MS-2?",
        );
    }
    refused_with(
        &repo,
        2,
        &["set", "../x", "a=1"],
        "`../x` is not an item ID",
    );
}

#[test]
fn malformed_assignments_exit_2() {
    let repo = backlog();
    refused_with(
        &repo,
        2,
        &["set", "MS-3", "estimate"],
        "`estimate`: expected KEY=VALUE",
    );
    refused_with(&repo, 2, &["set", "MS-3", "=5"], "the key is empty");
    refused_with(
        &repo,
        2,
        &["set", "MS-3", "a.b=1"],
        "is not a top-level key",
    );
    refused_with(&repo, 2, &["set", "MS-3", "--unset", "a b"], "--unset a b");
    refused_with(&repo, 2, &["set", "MS-3"], "say what to change");
}

#[test]
fn invalid_values_are_refused_with_exit_1_naming_the_file_and_line() {
    let repo = backlog();
    // The line of the key when the item has it, else the file alone.
    for (args, needle) in [
        (
            &["set", "MS-3", "estimate=five"][..],
            ":9: `estimate` must be a whole number from 0 up, not `five`",
        ),
        (
            &["set", "MS-3", "estimate=-2"],
            ":9: `estimate` must be a whole number from 0 up",
        ),
        (
            &["set", "MS-3", "fix_effort=lots"],
            ": `fix_effort` must be a number from 0 up",
        ),
        (
            &["set", "MS-3", "estimate+=1"],
            ":9: `estimate` is not a list",
        ),
        (
            &["set", "MS-3", "state=doign"],
            ":5: unknown state `doign`; backlog.toml's states are draft, refining",
        ),
        (&["set", "MS-3", "kind=storey"], ":4: unknown kind `storey`"),
        (
            &["set", "MS-3", "timebox=soon"],
            ": `timebox` must be a number and a unit",
        ),
        (
            &["set", "MS-3", "id=MS-9"],
            ": an item's ID is its file name; change it with `backlog renumber`",
        ),
        (
            &["set", "MS-3", "--unset", "title"],
            ":3: `title` is required",
        ),
        (
            &["set", "MS-3", "depends_on+=MS-99"],
            ": a dependency on MS-99, which is no item (did you mean MS-1, MS-2, MS-3?)",
        ),
        (
            &["set", "MS-3", "depends_on+=ms-3"],
            ": MS-3 cannot depend on itself",
        ),
        (
            &["set", "MS-3", "depends_on=MS-1,nope"],
            ": `nope` is not an item ID",
        ),
        (
            &["set", "MS-3", "tags=[1, 2]"],
            ":10: `tags` must be a comma-separated list or a TOML array of strings",
        ),
    ] {
        refused_with(
            &repo,
            1,
            args,
            &format!("error: backlog/items/MS-3-view-teams.md{needle}"),
        );
    }
}

#[test]
fn a_dependency_that_closes_a_circle_is_refused() {
    let repo = backlog();
    repo.backlog(&["set", "MS-1", "depends_on+=MS-2"]).code(0);
    repo.backlog(&["set", "MS-2", "depends_on+=MS-3"]).code(0);
    refused_with(
        &repo,
        1,
        &["set", "MS-3", "depends_on+=ms-1"],
        "backlog/items/MS-3-view-teams.md:15: depending on MS-1 would make a circle: MS-3 → MS-1 → MS-2 → MS-3",
    );
}

#[test]
fn a_result_with_a_new_error_is_refused() {
    let repo = backlog();
    let many: Vec<String> = (0..65).map(|i| format!("t{i}")).collect();
    refused_with(
        &repo,
        1,
        &["set", "MS-3", &format!("tags={}", many.join(","))],
        "backlog/items/MS-3-view-teams.md:10:1: the change would leave an error: 65 tags",
    );
}

#[test]
fn broken_frontmatter_is_refused_naming_the_line() {
    let repo = backlog();
    repo.item(
        "MS-3-view-teams.md",
        &item_text(
            "title = \"View teams\"\nkind = \"story\"\nstate = = 'x'\n",
            "\nBody\n",
        ),
    );
    for args in [
        &["set", "MS-3", "estimate=1"][..],
        &["start", "MS-3"],
        &["done", "MS-3", "--force"],
        &["drop", "MS-3", "--reason", "x"],
    ] {
        refused_with(&repo, 1, args, "backlog/items/MS-3-view-teams.md:4:");
    }
    repo.item("MS-3-view-teams.md", "no frontmatter here\n");
    refused_with(
        &repo,
        1,
        &["set", "MS-3", "estimate=1"],
        "backlog/items/MS-3-view-teams.md:1:1:",
    );
    // Bytes that are not text are refused before any parsing.
    repo.item_bytes("MS-3-view-teams.md", b"+++\ntitle = \"\xff\"\n+++\n");
    refused_with(
        &repo,
        1,
        &["set", "MS-3", "estimate=1"],
        "backlog/items/MS-3-view-teams.md: cannot be edited (ENC001)",
    );
}

#[test]
fn a_broken_config_refuses_every_writer() {
    let repo = backlog();
    repo.config_append("\nsurprise = 1\n");
    for args in [
        &["set", "MS-3", "estimate=1"][..],
        &["start", "MS-3"],
        &["done", "MS-3"],
        &["drop", "MS-3", "--reason", "x"],
    ] {
        refused_with(&repo, 1, args, "backlog/backlog.toml:");
    }
}

#[test]
fn a_held_lock_makes_every_writer_exit_3() {
    let repo = backlog();
    let _lock = hold_lock(&repo.path().join(".git/backlog.lock"));
    for args in [
        &["set", "MS-3", "estimate=1"][..],
        &["start", "MS-3"],
        &["done", "MS-3"],
        &["drop", "MS-3", "--reason", "x"],
        &["set", "MS-33", "estimate=1"],
    ] {
        refused_with(&repo, 3, args, "another backlog process is writing");
    }
}

#[test]
#[ignore = "needs strace with ptrace permitted (.ci/run installs strace and runs it)"]
fn an_item_changed_on_disk_during_set_is_kept_and_set_exits_3() {
    // strace holds each fsync for a while: the window between our read and our rename, in
    // which an editor saves the file.
    require_strace();
    let repo = backlog();
    let set = repo.spawn_command(&["set", "MS-3", "estimate=5"]);
    let mut cmd = std::process::Command::new("strace");
    cmd.args(["-f", "-qq", "-o", "/dev/null"])
        .args(["-e", "trace=fsync", "-e", "inject=fsync:delay_exit=400000"])
        .arg(set.get_program())
        .args(set.get_args())
        .current_dir(repo.path())
        .env_clear()
        .envs(set.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().unwrap_or_else(|e| panic!("spawn strace: {e}"));
    let dir = repo.path().join("backlog/items");
    let deadline = Instant::now() + Duration::from_secs(20);
    while temps_in(&dir).is_empty() {
        assert!(Instant::now() < deadline, "set never wrote its temp file");
        std::thread::sleep(Duration::from_millis(1));
    }
    let editor = commented_story().replace("Paged table", "Paged table, saved meanwhile");
    repo.item("MS-3-view-teams.md", &editor);
    let output = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("wait: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("changed on disk"), "{stderr}");
    assert_eq!(repo.read(MS3), editor, "the editor's bytes win");
    assert_eq!(
        temps_in(&dir),
        Vec::<String>::new(),
        "the temp file is removed"
    );
}

#[test]
#[ignore = "needs strace with ptrace permitted (.ci/run installs strace and runs it)"]
fn a_ranking_write_that_fails_after_the_item_was_written_puts_the_item_back() {
    // `drop` renames three temp files into place: its journal's, the item's, then
    // ranking.txt's. Failing the third rename (EIO) must undo the second, so exit 2 keeps its
    // promise (and the journal goes).
    require_strace();
    let repo = backlog();
    let before = repo.work_tree_files();
    let drop = repo.spawn_command(&["drop", "MS-3", "--reason", "dup"]);
    let output = std::process::Command::new("strace")
        .args(["-f", "-qq", "-o", "/dev/null"])
        .args([
            "-e",
            "trace=renameat",
            "-e",
            "inject=renameat:error=EIO:when=3",
        ])
        .arg(drop.get_program())
        .args(drop.get_args())
        .current_dir(repo.path())
        .env_clear()
        .envs(drop.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .output()
        .unwrap_or_else(|e| panic!("run strace: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("nothing was changed (the files already written were put back)"),
        "{stderr}"
    );
    assert!(repo.work_tree_files() == before, "both files as they were");
    assert_eq!(temps_in(&repo.path().join("backlog")), Vec::<String>::new());
    assert!(
        !repo
            .path()
            .join(".git/backlog-journal/lifecycle.json")
            .exists()
    );
}
