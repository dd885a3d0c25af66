//! Importing a hand-written Backlog.md project that covers every mapped field and odd case.

use super::{fixture, item, item_names, ranked};
use crate::support::TestRepo;

fn imported() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.backlog(&["import", "backlog-md", &fixture("import/backlog-md")])
        .code(0)
        .stdout_has("Backlog.md: 15 read, 15 items, 10 ranked")
        .stdout_has("wrote 15 items, ranking.txt and the ID mapping");
    repo
}

#[test]
fn the_ranking_follows_backlog_md_board_order() {
    // By column (config.yml: To Do, In Progress, Review, then statuses it does not name; a
    // task without a status is not on the board, so not ranked),
    // then ordinal, then priority, then the numbers of the ID. task-3.1, the second task-9
    // and DRAFT-1 get new numbers in the order read: MS-13 (draft), MS-14, MS-15.
    let repo = imported();
    assert_eq!(
        ranked(&repo),
        [
            "MS-2", "MS-1", "MS-4", "MS-5", "MS-14", "MS-8", "MS-9", "MS-15", "MS-3", "MS-10"
        ]
    );
}

#[test]
fn fields_map_to_ours_and_unknown_ones_are_kept() {
    let repo = imported();
    assert_eq!(
        item(&repo, "MS-1"),
        "+++\ntitle = \"First\"\nkind = \"story\"\nstate = \"draft\"\nowner = \"@ana\"\ndepends_on = [\"MS-3\"]\ntags = [\"ux\"]\npriority = \"low\"\ncreated_date = \"2025-01-02\"\n+++\n\n## Description\nRanked second by its ordinal.\n\n## Acceptance criteria\n- [ ] One thing\n- [x] Another thing\n\n## Definition of Done\n- [ ] Tests pass\n"
    );
    // `assignee: @bo` is not YAML, but Backlog.md writes it: read as text, and said so.
    assert!(item(&repo, "MS-3").contains("owner = \"@bo\"\n"));
    assert!(item(&repo, "MS-3").contains("state = \"doing\"\n"));
    // The subtask's parent follows the mapping.
    assert!(item(&repo, "MS-14").contains("parent = \"MS-3\"\n"));
    // A dependency on a task that is not there is kept aside, not dropped.
    assert!(item(&repo, "MS-5").contains("depends_on_unresolved = [\"task-99\"]\n"));
    // Labels give the kind when backlog.toml has it.
    assert!(item(&repo, "MS-10").contains("kind = \"spike\"\n"));
    assert!(
        item(&repo, "MS-10").contains("state = \"doing\"\n"),
        "Review is work in progress"
    );
}

#[test]
fn folders_decide_done_dropped_and_draft() {
    let repo = imported();
    assert!(item(&repo, "MS-11").contains("state = \"done\"\n"));
    assert!(item(&repo, "MS-11").contains("- [x] Finished"));
    let archived = item(&repo, "MS-12");
    assert!(archived.contains("state = \"dropped\"\n"));
    assert!(
        archived.contains("status = \"To Do\"\n"),
        "the status it was archived in is kept:\n{archived}"
    );
    let draft = item(&repo, "MS-13");
    assert!(
        draft.contains("title = \"An idea\"\nkind = \"story\"\nstate = \"draft\"\n"),
        "{draft}"
    );
    for unranked in ["MS-11", "MS-12", "MS-13"] {
        assert!(!ranked(&repo).contains(&unranked.to_owned()));
    }
}

#[test]
fn odd_files_are_imported_without_losing_a_byte_of_their_text() {
    let repo = imported();
    // Invalid YAML: the title from the file name, the frontmatter kept in the body.
    let broken = item(&repo, "MS-6");
    assert!(
        broken.starts_with("+++\ntitle = \"Yaml error\"\n"),
        "{broken}"
    );
    assert!(broken.contains("```yaml\nid: task-6\ntitle: [unclosed\nstatus: To Do\n```"));
    // No frontmatter: the whole text is the body.
    assert!(item(&repo, "MS-7").contains("\nJust a note, no frontmatter at all.\n"));
    // CRLF and non-ASCII: LF in our file, the title as written.
    let crlf = item(&repo, "MS-8");
    assert!(
        crlf.contains("title = \"Größe ändern: 日本語\"\nkind = \"bug\"\n"),
        "{crlf}"
    );
    assert!(crlf.contains("milestone = \"m-1\"\n"));
    assert!(!crlf.contains('\r'));
    // Duplicate IDs: both kept, the second with a new number.
    assert!(item(&repo, "MS-9").contains("Duplicate A"));
    assert!(item(&repo, "MS-15").contains("Duplicate B"));
    assert_eq!(item_names(&repo).len(), 15);
}

#[test]
fn the_report_says_what_was_mapped_another_way_and_what_lint_will_say() {
    let repo = TestRepo::with_backlog();
    let run = repo.backlog(&[
        "import",
        "backlog-md",
        &fixture("import/backlog-md"),
        "--dry-run",
        "--format",
        "json",
    ]);
    run.code(0);
    let report = run.json();
    assert_eq!(report["version"], 1);
    assert_eq!(report["read"], 15);
    assert_eq!(report["ranked"], 10);
    assert_eq!(report["by_state"]["draft"], 11);
    assert_eq!(report["by_state"]["doing"], 2);
    assert_eq!(report["by_kind"]["bug"], 1);
    let renumbered: Vec<String> = report["renumbered"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            format!(
                "{} → {}",
                r["from"].as_str().unwrap_or(""),
                r["to"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        renumbered,
        ["DRAFT-1 → MS-13", "task-3.1 → MS-14", "task-9 → MS-15"]
    );
    let notes = report["notes"].to_string();
    for expected in [
        "not valid YAML (3:7",
        "no YAML frontmatter",
        "decisions/ 1",
        "task-99",
    ] {
        assert!(notes.contains(expected), "{expected} in {notes}");
    }
    // What lint will say after the import is what it says once it is done.
    let predicted = report["lint_codes"].clone();
    assert_eq!(report["dry_run"], true);
    assert_eq!(
        item_names(&repo),
        Vec::<String>::new(),
        "a dry run writes nothing"
    );
    repo.backlog(&["import", "backlog-md", &fixture("import/backlog-md")])
        .code(0);
    let (_, findings) = repo.lint_json(&[]);
    let mut actual = std::collections::BTreeMap::<String, i64>::new();
    for f in findings.iter().filter(|f| f.severity == "error") {
        *actual.entry(f.rule.clone()).or_default() += 1;
    }
    assert_eq!(serde_json::json!(actual), predicted);
}

#[test]
fn the_mapping_file_lists_every_source_id() {
    let repo = imported();
    let mapping = repo.read("backlog/import-map-backlog-md.csv");
    assert!(mapping.starts_with("source_id,id,origin\n"));
    assert!(
        mapping.contains("task-3.1,MS-14,tasks/task-3.1 - Subtask.md\n"),
        "{mapping}"
    );
    assert!(mapping.contains("task-8,MS-8,tasks/task-8 - Grosse-aendern.md\n"));
    assert_eq!(mapping.lines().count(), 16);
}

#[test]
fn map_state_overrides_and_prefix_sets_backlog_toml() {
    let repo = TestRepo::with_backlog();
    let before = repo.read("backlog/backlog.toml");
    repo.backlog(&[
        "import",
        "backlog-md",
        &fixture("import/backlog-md"),
        "--map-state",
        "To Do=refining",
        "--prefix",
        "TASK",
        "--keep-config",
    ])
    .code(0)
    .stdout_has("prefix = \"TASK\" in backlog.toml");
    assert!(item(&repo, "TASK-2").contains("state = \"refining\"\n"));
    let after = repo.read("backlog/backlog.toml");
    assert_eq!(
        after,
        before.replacen("prefix = \"MS\"", "prefix = \"TASK\"", 1),
        "only the prefix changed in backlog.toml"
    );
    let (_, findings) = repo.lint_json(&[]);
    assert!(
        !findings
            .iter()
            .any(|f| f.rule == "ID003" || f.message.contains("does not use the prefix"))
    );
}
