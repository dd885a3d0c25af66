//! What an import refuses, writing nothing.

use super::{fixture, item_names};
use crate::support::{TestRepo, differing, files};

/// The writers' lock file, which a refused write may leave (empty) in the git directory.
const LOCK: &str = ".git/backlog.lock";

#[test]
fn a_backlog_that_already_ranks_items_is_left_alone() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-100-mine.md", &crate::support::draft_story("Mine"));
    repo.ranking("MS-100\n");
    let before = files(repo.path());
    repo.backlog(&["import", "backlog-md", &fixture("import/backlog-md")])
        .code(1)
        .stderr_has("backlog/ranking.txt already ranks 1 items; an import does not merge two priority orders");
    assert_eq!(
        differing(&before, &files(repo.path()), &[LOCK]),
        Vec::<String>::new()
    );
    // Unranked, the same import goes through.
    repo.backlog(&[
        "import",
        "backlog-md",
        &fixture("import/backlog-md"),
        "--no-rank",
    ])
    .code(0)
    .stdout_has("15 items, 0 ranked");
}

#[test]
fn running_the_same_import_again_completes_it() {
    let repo = TestRepo::with_backlog();
    repo.backlog(&["import", "jira", &fixture("import/jira.csv")])
        .code(0);
    let done = files(repo.path());
    repo.backlog(&["import", "jira", &fixture("import/jira.csv")])
        .code(0)
        .stdout_has("nothing to write: this import is already in place, byte for byte");
    assert_eq!(
        differing(&done, &files(repo.path()), &[LOCK]),
        Vec::<String>::new()
    );
    // As a run killed half-way leaves it: some items, no mapping yet.
    let first = repo
        .path()
        .join("backlog/items/MS-1-search-by-team-name.md");
    std::fs::remove_file(&first).unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_file(repo.path().join("backlog/import-map-jira.csv"))
        .unwrap_or_else(|e| panic!("{e}"));
    repo.backlog(&["import", "jira", &fixture("import/jira.csv")])
        .code(0)
        .stdout_has("3 files were already in place from an earlier run of this import")
        .stdout_has("wrote 1 items and the ID mapping");
    assert_eq!(
        differing(&done, &files(repo.path()), &[LOCK]),
        Vec::<String>::new()
    );
}

#[test]
fn numbers_other_items_use_are_refused_unless_renumbered() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-mine.md", &crate::support::draft_story("Mine"));
    let before = files(repo.path());
    repo.backlog(&["import", "jira", &fixture("import/jira.csv"), "--no-rank"])
        .code(1)
        .stderr_has("1 items have numbers that existing items already use (PROJ-1: MS-1 exists)");
    assert_eq!(
        differing(&before, &files(repo.path()), &[LOCK]),
        Vec::<String>::new()
    );
    repo.backlog(&[
        "import",
        "jira",
        &fixture("import/jira.csv"),
        "--no-rank",
        "--renumber-taken",
    ])
    .code(0)
    .stdout_has("PROJ-1 (PROJ-1) → MS-5 (its number is taken by an existing item)");
    assert_eq!(item_names(&repo).len(), 5);
    // An item with the name an import would give, but other bytes, is never replaced.
    let other = TestRepo::with_backlog();
    other.item(
        "MS-2-wrong-standings.md",
        &crate::support::draft_story("Wrong standings"),
    );
    other
        .backlog(&["import", "jira", &fixture("import/jira.csv")])
        .code(1)
        .stderr_has(
            "backlog/items/MS-2-wrong-standings.md already exists; an import never replaces a file",
        );
}

#[test]
fn bad_paths_flags_and_mappings_are_refused() {
    let repo = TestRepo::with_backlog();
    repo.write("empty/readme.txt", "x");
    repo.backlog(&["import", "backlog-md", "empty"])
        .code(2)
        .stderr_has("empty is not a Backlog.md project: it has no backlog/tasks/ or config.yml");
    repo.backlog(&["import", "github", "missing.json"])
        .code(2)
        .stderr_has("cannot read missing.json");
    repo.backlog(&[
        "import",
        "jira",
        &fixture("import/jira.csv"),
        "--map-state",
        "Done=finished",
    ])
    .code(1)
    .stderr_has("--map-state `Done=finished`: `finished` is not defined in backlog.toml");
    repo.backlog(&[
        "import",
        "jira",
        &fixture("import/jira.csv"),
        "--map-kind",
        "Story",
    ])
    .code(2)
    .stderr_has("--map-kind: `Story` is not FROM=TO");
    repo.backlog(&[
        "import",
        "jira",
        &fixture("import/jira.csv"),
        "--prefix",
        "9X",
    ])
    .code(2)
    .stderr_has("invalid prefix `9X`");
    assert!(item_names(&repo).is_empty());
}

#[test]
fn prefix_is_refused_once_the_backlog_has_items() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-mine.md", &crate::support::draft_story("Mine"));
    repo.backlog(&[
        "import",
        "jira",
        &fixture("import/jira.csv"),
        "--prefix",
        "PROJ",
        "--no-rank",
    ])
    .code(1)
    .stderr_has("--prefix PROJ: the backlog already has items with the prefix MS");
}

#[test]
fn without_a_backlog_import_says_how_to_start_one() {
    let repo = TestRepo::git();
    let run = repo.backlog(&["import", "jira", &fixture("import/jira.csv")]);
    run.code(2);
    assert!(run.stderr.contains("backlog init"), "{}", run.stderr);
}
