//! `backlog export`: JSON, CSV, and a Backlog.md folder that imports back unchanged.

use super::fixture;
use crate::support::TestRepo;

/// The example backlog's files in a fresh repository.
fn example() -> TestRepo {
    let repo = TestRepo::git();
    std::fs::create_dir_all(repo.path().join("backlog")).unwrap_or_else(|e| panic!("{e}"));
    crate::support::copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-backlog"),
        &repo.path().join("backlog"),
    );
    repo
}

#[test]
fn json_has_every_item_in_priority_order_with_all_its_fields() {
    let repo = example();
    let run = repo.backlog(&["export", "json"]);
    run.code(0);
    let doc = run.json();
    let ranking: Vec<&str> = doc["ranking"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(ranking[..3], ["MS-9", "MS-2", "MS-3"]);
    let first = &doc["items"][0];
    assert_eq!(first["id"], "MS-9");
    assert_eq!(first["rank"], 1);
    let one = doc["items"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| i["id"] == "MS-1")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        one["fields"]["city"], "Chicago",
        "the team's own keys are exported"
    );
    assert!(
        one["body"]
            .as_str()
            .unwrap_or("")
            .starts_with("\n## Outcome\n")
    );
}

#[test]
fn csv_quotes_and_defuses_formulas() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", "+++\ntitle = \"=HYPERLINK(\\\"http://x\\\")\"\nkind = \"story\"\nstate = \"draft\"\ntags = [\"a\", \"b,c\"]\n+++\n");
    let run = repo.backlog(&["export", "csv"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "id,rank,title,kind,state,owner,estimate,tags,depends_on,path\nMS-1,,\"'=HYPERLINK(\"\"http://x\"\")\",story,draft,,,\"a;b,c\",,backlog/items/MS-1-x.md\n"
    );
}

#[test]
fn backlog_md_round_trip_is_identity_on_the_mapped_fields() {
    // Import the fixture, export it to Backlog.md, import that into a second backlog: both
    // backlogs export the same JSON (IDs, ranking, titles, kinds, states, every field, bodies).
    let first = TestRepo::with_backlog();
    first
        .backlog(&["import", "backlog-md", &fixture("import/backlog-md")])
        .code(0);
    let out = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = out.path().join("bmd");
    first
        .backlog(&["export", "backlog-md", &dir.display().to_string()])
        .code(0);
    assert!(dir.join("backlog/config.yml").is_file());
    assert!(dir.join("backlog/completed/ms-11 - Done-one.md").is_file());
    let second = TestRepo::with_backlog();
    second
        .backlog(&["import", "backlog-md", &dir.display().to_string()])
        .code(0);
    let a = first.backlog(&["export", "json"]).json();
    let b = second.backlog(&["export", "json"]).json();
    assert_eq!(a, b);
}

#[test]
fn export_never_replaces_a_file() {
    let repo = example();
    repo.write("out.json", "mine");
    repo.backlog(&["export", "json", "out.json"])
        .code(1)
        .stderr_has("out.json already exists; an export never replaces a file");
    assert_eq!(repo.read("out.json"), "mine");
    repo.backlog(&["export", "json", "new.json"]).code(0);
    let doc: serde_json::Value =
        serde_json::from_str(&repo.read("new.json")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc["version"], 1);
}

#[test]
fn an_unreadable_item_is_named_and_the_exit_says_so() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-ok.md", &crate::support::draft_story("Fine"));
    repo.item("MS-2-broken.md", "+++\ntitle = \n+++\n");
    let run = repo.backlog(&["export", "json"]);
    run.code(1).stderr_has(
        "backlog/items/MS-2-broken.md: its frontmatter cannot be read, so it was not exported",
    );
    assert_eq!(run.json()["items"].as_array().map(Vec::len), Some(1));
}
