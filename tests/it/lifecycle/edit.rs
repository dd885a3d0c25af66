//! `backlog edit`: a real editor process (an executable script set as VISUAL or EDITOR),
//! then the item linted; what the editor saved is kept, parseable or not.

use super::*;
use std::ffi::OsStr;

/// Writes an executable editor script in the repository top and returns its path.
fn editor(repo: &TestRepo, name: &str, body: &str) -> String {
    let path = repo.write(name, format!("#!/bin/sh\n{body}\n"));
    let mut perms = std::fs::metadata(&path)
        .unwrap_or_else(|e| panic!("{e}"))
        .permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&path, perms).unwrap_or_else(|e| panic!("{e}"));
    path.to_string_lossy().into_owned()
}

fn edit_with(repo: &TestRepo, id: &str, vars: &[(&str, &str)]) -> crate::support::Run {
    let set: Vec<(&str, &OsStr)> = vars.iter().map(|(k, v)| (*k, OsStr::new(*v))).collect();
    repo.backlog_env(".", &["edit", id], &set, &[]).run
}

#[test]
fn the_editor_runs_on_the_item_and_the_result_is_linted() {
    let repo = backlog();
    let tick = editor(
        &repo,
        "tick.sh",
        "sed -i 's/- \\[ \\] Sorted/- [x] Sorted/' \"$1\"",
    );
    let run = edit_with(&repo, "ms-3", &[("VISUAL", &tick)]);
    run.code(0)
        .stderr_has("MS-3: backlog/items/MS-3-view-teams.md saved; lint finds nothing");
    assert!(repo.read(MS3).contains("- [x] Sorted by name"));
}

#[test]
fn visual_wins_over_editor_and_arguments_are_passed_through_sh() {
    let repo = backlog();
    let append = editor(&repo, "append.sh", "printf '%s\\n' \"$1\" >> \"$2\"");
    let loser = editor(&repo, "loser.sh", "exit 7");
    // VISUAL carries an argument; the file is passed after it, as git does.
    let run = edit_with(
        &repo,
        "MS-3",
        &[
            ("VISUAL", &format!("{append} 'note: from the editor'")),
            ("EDITOR", &loser),
            ("GIT_EDITOR", &loser),
        ],
    );
    run.code(0);
    assert!(
        repo.read(MS3)
            .ends_with("- [ ] Sorted by name\nnote: from the editor\n")
    );
    // Without VISUAL, EDITOR is used; a failing editor is exit 2 and the file is as it left it.
    let before = repo.work_tree_files();
    let run = edit_with(&repo, "MS-3", &[("EDITOR", &loser)]);
    run.code(2)
        .stderr_has("failed")
        .stderr_has("backlog/items/MS-3-view-teams.md is as the editor left it");
    assert!(repo.work_tree_files() == before);
}

#[test]
fn findings_are_reported_with_exit_1() {
    let repo = backlog();
    let bad = editor(
        &repo,
        "bad.sh",
        "sed -i 's/^estimate = 3/estimate = \"three\"/' \"$1\"",
    );
    let run = edit_with(&repo, "MS-3", &[("VISUAL", &bad)]);
    run.code(1)
        .stdout_has("error[FM007]")
        .stdout_has("backlog/items/MS-3-view-teams.md:9:")
        .stderr_has("lint finds 2 errors");
}

#[test]
fn an_unparseable_save_is_kept_as_written_and_reported() {
    let repo = backlog();
    let breaks = editor(
        &repo,
        "break.sh",
        "printf '+++\\ntitle = = broken\\n+++\\n' > \"$1\"",
    );
    let run = edit_with(&repo, "MS-3", &[("VISUAL", &breaks)]);
    run.code(1)
        .stdout_has("backlog/items/MS-3-view-teams.md:2:")
        .stderr_has("was kept as written, but it cannot be read");
    assert_eq!(
        repo.read(MS3),
        "+++\ntitle = = broken\n+++\n",
        "never reverted"
    );
}

#[test]
fn an_untouched_file_is_reported_unchanged() {
    let repo = backlog();
    let run = edit_with(&repo, "MS-1", &[("VISUAL", "true")]);
    run.code(0)
        .stderr_has("MS-1: backlog/items/MS-1-one.md unchanged; lint finds nothing");
}
