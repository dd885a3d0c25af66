//! The journal of a `done` that closes a ranked item (two files: the item, ranking.txt): a run
//! killed between the two leaves it in the git directory, and the next writer completes it;
//! a journal that does not match its checksum, or is of another format, is refused and never
//! applied. (The SIGKILL sweep over every call of `done` and `drop` is in faults/.)

use super::*;

const JOURNAL: &str = ".git/backlog-journal/lifecycle.json";

/// The journal file of a plan, as backlog writes it: magic, version, SHA-1 of the body, body.
fn journal(repo: &TestRepo, body: &serde_json::Value) -> String {
    let json = body.to_string();
    let file = repo.write("body.json", &json);
    let sum = repo.git_ok(&["hash-object", &file.to_string_lossy()]);
    std::fs::remove_file(&file).unwrap_or_else(|e| panic!("rm: {e}"));
    format!("backlog-journal\nversion 2\nsha1 {}\n{json}", sum.trim())
}

/// `backlog()` with MS-1 done on disk and the journal of `done MS-1` beside it, as a kill
/// after the item's rename and before ranking.txt's leaves them; returns the journal's body.
fn killed_done(repo: &TestRepo) -> serde_json::Value {
    let item = "backlog/items/MS-1-one.md";
    let before = repo.read(item);
    let after = before.replacen("state = \"ready\"", "state = \"done\"", 1);
    assert_ne!(before, after, "the fixture's state line");
    let ranking = repo.read("backlog/ranking.txt");
    let body = serde_json::json!({
        "what": "change of MS-1",
        "steps": [
            {"path": "items/MS-1-one.md", "before": before, "after": after, "like": null},
            {"path": "ranking.txt", "before": ranking, "after": "MS-3   # launch blocker\nMS-2\n", "like": null},
        ],
    });
    repo.write(item, &after);
    body
}

#[test]
fn a_done_killed_between_its_two_files_is_completed_by_the_next_writer() {
    let repo = backlog();
    let body = killed_done(&repo);
    repo.write(JOURNAL, journal(&repo, &body));
    repo.backlog(&["set", "MS-2", "owner=sam@midwest.example"])
        .code(0)
        .stderr_has("completed an interrupted change of MS-1 (1 file(s) brought up to date)");
    assert_eq!(
        repo.read("backlog/ranking.txt"),
        "MS-3   # launch blocker\nMS-2\n"
    );
    assert!(
        repo.read("backlog/items/MS-2-two.md")
            .contains("sam@midwest.example")
    );
    assert!(!repo.path().join(JOURNAL).exists(), "the journal stays");
}

#[test]
fn a_journal_that_does_not_match_its_checksum_or_format_is_never_applied() {
    let repo = backlog();
    let body = killed_done(&repo);
    let good = journal(&repo, &body);
    let damaged = good.replacen("MS-2\\n\"", "MS-9\\n\"", 1);
    assert_ne!(good, damaged);
    let other = good.replacen("version 2", "version 3", 1);
    for (text, why) in [
        (damaged, "does not match its checksum"),
        (other, "another format"),
        (
            "{ \"not\": \"a journal\" }".to_owned(),
            "does not start as a journal",
        ),
    ] {
        repo.write(JOURNAL, &text);
        let before = repo.work_tree_files();
        repo.backlog(&["unrank", "MS-2"])
            .code(2)
            .stderr_has("backlog-journal/lifecycle.json is not a journal this version can read")
            .stderr_has(why)
            .stderr_has("nothing was changed");
        assert!(repo.work_tree_files() == before, "{why}: files changed");
        assert_eq!(repo.read(JOURNAL), text, "{why}: the journal is kept");
    }
    // Readers are not stopped.
    repo.backlog(&["list"]).code(0);
}
