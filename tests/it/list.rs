//! Tests for `backlog list`.

use crate::support::{TestRepo, draft_story, ready_story, ready_story_in};

/// The first column (after splitting on white space) of every row below the header.
fn table_ids(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().nth(1).map(str::to_owned))
        .collect()
}

fn json_ids(run: &crate::support::Run) -> Vec<String> {
    run.json()["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items:\n{}", run.stdout))
        .iter()
        .map(|i| i["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Ranked MS-3, MS-1; untriaged MS-2, MS-9, MS-10 (numbers, not text, decide).
fn mixed() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-first.md", &ready_story("First"));
    repo.item("MS-2-x.md", &draft_story("Second"));
    repo.item("MS-3-x.md", &ready_story("Third"));
    repo.item("MS-9-x.md", &draft_story("Ninth").replace("story", "bug"));
    repo.item("MS-10-x.md", &draft_story("Tenth"));
    repo.ranking("# top first\nMS-3 # launch blocker\nMS-1\n");
    repo
}

#[test]
fn empty_backlog_prints_the_header() {
    let repo = TestRepo::with_backlog();
    let run = repo.backlog(&["list"]);
    run.code(0);
    assert_eq!(run.stdout, "RANK  ID  KIND  STATE  READY  TITLE\n");
}

#[test]
fn table_has_the_header_and_one_row_per_item() {
    let repo = mixed();
    let run = repo.backlog(&["list"]);
    run.code(0);
    let header: Vec<&str> = run
        .stdout
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(header, ["RANK", "ID", "KIND", "STATE", "READY", "TITLE"]);
    assert_eq!(run.stdout.lines().count(), 6);
    let first: Vec<&str> = run
        .stdout
        .lines()
        .nth(1)
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(first, ["1", "MS-3", "story", "ready", "ready", "Third"]);
    let untriaged = run.stdout.lines().nth(3).unwrap_or_default();
    assert!(
        untriaged.starts_with("-  "),
        "untriaged items have no rank: {untriaged}"
    );
    assert!(
        untriaged.contains("no: owner, value, estimate"),
        "READY says what is missing: {untriaged}"
    );
    // Columns line up: every ID starts in the same column.
    let col = |line: &str| line.find("MS-");
    let cols: Vec<_> = run.stdout.lines().skip(1).map(col).collect();
    assert!(cols.windows(2).all(|w| w[0] == w[1]), "{}", run.stdout);
    assert!(
        run.stdout.lines().all(|l| l == l.trim_end()),
        "no trailing spaces"
    );
}

#[test]
fn ranked_first_in_ranking_order_then_untriaged_by_id_number() {
    let repo = mixed();
    let run = repo.backlog(&["list"]);
    run.code(0);
    assert_eq!(
        table_ids(&run.stdout),
        ["MS-3", "MS-1", "MS-2", "MS-9", "MS-10"]
    );
    let run = repo.backlog(&["list", "--format", "json"]);
    run.code(0);
    assert_eq!(json_ids(&run), ["MS-3", "MS-1", "MS-2", "MS-9", "MS-10"]);
}

#[test]
fn json_contract() {
    let repo = mixed();
    let run = repo.backlog(&["list", "--format", "json"]);
    run.code(0);
    let doc = run.json();
    assert_eq!(doc["version"], 1);
    let items = doc["items"].as_array().unwrap_or_else(|| panic!("{doc}"));
    assert_eq!(items.len(), 5);
    for item in items {
        for key in ["id", "title", "kind", "state", "rank", "ready", "path"] {
            assert!(item.get(key).is_some(), "item lacks {key}: {item}");
        }
        assert!(item["ready"].is_boolean(), "{item}");
    }
    let first = &items[0];
    assert_eq!(first["id"], "MS-3");
    assert_eq!(first["title"], "Third");
    assert_eq!(first["kind"], "story");
    assert_eq!(first["state"], "ready");
    assert_eq!(first["rank"], 1);
    assert_eq!(first["ready"], true);
    assert_eq!(first["path"], "backlog/items/MS-3-x.md");
    assert_eq!(items[1]["rank"], 2);
    assert_eq!(items[1]["path"], "backlog/items/MS-1-first.md");
    for untriaged in &items[2..] {
        assert!(untriaged["rank"].is_null(), "{untriaged}");
        assert_eq!(untriaged["ready"], false);
    }
    assert_eq!(items[3]["kind"], "bug");
}

#[test]
fn state_filter() {
    let repo = mixed();
    let run = repo.backlog(&["list", "--state", "draft"]);
    run.code(0);
    assert_eq!(table_ids(&run.stdout), ["MS-2", "MS-9", "MS-10"]);
    let run = repo.backlog(&["list", "--state", "ready", "--format", "json"]);
    run.code(0);
    assert_eq!(json_ids(&run), ["MS-3", "MS-1"]);
    // The rank stays the item's rank in the whole backlog.
    assert_eq!(run.json()["items"][1]["rank"], 2);
    let run = repo.backlog(&["list", "--state", "done"]);
    run.code(0);
    assert!(table_ids(&run.stdout).is_empty());
}

#[test]
fn kind_filter_and_both_filters() {
    let repo = mixed();
    let run = repo.backlog(&["list", "--kind", "bug", "--format", "json"]);
    run.code(0);
    assert_eq!(json_ids(&run), ["MS-9"]);
    let run = repo.backlog(&["list", "--kind", "story", "--state", "draft"]);
    run.code(0);
    assert_eq!(table_ids(&run.stdout), ["MS-2", "MS-10"]);
}

#[test]
fn unknown_state_or_kind_exits_2_listing_the_choices() {
    let repo = mixed();
    let before = repo.snapshot();
    repo.backlog(&["list", "--state", "foo"])
        .code(2)
        .stderr_has("foo")
        .stderr_has("draft, refining, ready, doing, done, dropped");
    repo.backlog(&["list", "--kind", "feature"])
        .code(2)
        .stderr_has("feature")
        .stderr_has("story");
    repo.backlog(&["list", "--format", "yaml"]).code(2);
    assert!(repo.snapshot() == before);
}

#[test]
fn not_a_backlog_exits_2() {
    let repo = TestRepo::git();
    repo.backlog(&["list"]).code(2).stderr_has("hint:");
}

#[test]
fn ready_column_follows_the_definition_of_ready() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &ready_story_in("Draft but complete", "draft"));
    repo.item(
        "MS-2-x.md",
        &ready_story("Too big").replace("estimate = 5", "estimate = 21"),
    );
    let run = repo.backlog(&["list", "--format", "json"]);
    run.code(0);
    let items = run.json()["items"].clone();
    assert_eq!(
        items[0]["ready"], true,
        "Ready is about content, not state: {items}"
    );
    assert_eq!(items[1]["ready"], false);
    let table = repo.backlog(&["list"]);
    let row = table
        .stdout
        .lines()
        .find(|l| l.contains("MS-2"))
        .unwrap_or_default();
    assert!(row.contains("estimate 21>8"), "{row}");
}

#[test]
fn ranking_case_and_duplicates_do_not_confuse_ranks() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &ready_story("a"));
    repo.item("MS-2-x.md", &ready_story("b"));
    repo.ranking("ms-2\nMS-1\nMS-2\n");
    let run = repo.backlog(&["list", "--format", "json"]);
    run.code(0);
    assert_eq!(json_ids(&run), ["MS-2", "MS-1"]);
    let items = run.json()["items"].clone();
    assert_eq!(items[0]["rank"], 1);
    assert_eq!(items[1]["rank"], 2);
}

#[test]
fn unreadable_items_are_listed_never_dropped() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &ready_story("fine"));
    repo.item("MS-2-x.md", "no frontmatter at all\n");
    repo.item("MS-3-x.md", "");
    repo.write(
        "backlog/items/MS-4-x.md",
        b"+++\ntitle = \"caf\xe9\"\n+++\n",
    );
    repo.item("MS-5-x.md", "+++\ntitle = \"never closed\"\n");
    repo.ranking("MS-2\n");
    let run = repo.backlog(&["list", "--format", "json"]);
    run.code(0);
    assert_eq!(json_ids(&run), ["MS-2", "MS-1", "MS-3", "MS-4", "MS-5"]);
    for item in run.json()["items"].as_array().into_iter().flatten() {
        if item["id"] != "MS-1" {
            assert_eq!(item["valid"], false, "{item}");
            assert_eq!(item["ready"], false, "{item}");
            assert!(
                item["path"]
                    .as_str()
                    .is_some_and(|p| p.starts_with("backlog/items/"))
            );
        }
    }
    assert_eq!(run.json()["items"][0]["rank"], 1);
    let table = repo.backlog(&["list"]);
    table.code(0).stderr_has("backlog lint");
    assert_eq!(
        table.stdout.matches("invalid (see lint)").count(),
        4,
        "{}",
        table.stdout
    );
}

#[test]
fn item_with_a_toml_error_is_listed_as_invalid() {
    let repo = TestRepo::with_backlog();
    repo.item(
        "MS-1-x.md",
        "+++\ntitle = \"a\"\ntitle = \"b\"\nkind = \"story\"\nstate = \"draft\"\n+++\n",
    );
    repo.item(
        "MS-2-x.md",
        "+++\ntitle = \"a\"\nkind = \"story\"\nstate = \"draft\"\nestimate = [\n+++\n",
    );
    let run = repo.backlog(&["list", "--format", "json"]);
    run.code(0);
    assert_eq!(json_ids(&run), ["MS-1", "MS-2"]);
    for item in run.json()["items"].as_array().into_iter().flatten() {
        assert_eq!(
            item["valid"], false,
            "a file whose frontmatter does not parse is not valid: {item}"
        );
        assert_eq!(item["ready"], false, "{item}");
    }
    let table = repo.backlog(&["list"]);
    assert_eq!(
        table.stdout.matches("invalid (see lint)").count(),
        2,
        "{}",
        table.stdout
    );
}

#[test]
fn list_writes_nothing() {
    let repo = mixed();
    repo.commit("backlog");
    let before = repo.snapshot();
    let tree = repo.tree();
    for args in [
        &["list"][..],
        &["list", "--format", "json"],
        &["list", "--state", "draft"],
    ] {
        repo.backlog(args).code(0);
    }
    assert!(repo.snapshot() == before, "list changed a file");
    assert_eq!(repo.tree(), tree, "list created a file");
}

fn many_items(n: usize) -> TestRepo {
    let repo = TestRepo::with_backlog();
    for i in 1..=n {
        repo.item(
            &format!("MS-{i}-item.md"),
            &draft_story(&format!(
                "Item number {i} with a reasonably long title to fill the pipe"
            )),
        );
    }
    repo
}

#[test]
fn broken_pipe_is_success() {
    let repo = many_items(2500);
    for format in ["table", "json"] {
        let run = repo.sh(&format!(
            "\"$BACKLOG\" list --format {format} | head -1 >/dev/null; echo \"status=${{PIPESTATUS[0]}}\""
        ));
        run.code(0);
        assert!(
            run.stdout.contains("status=0"),
            "list --format {format} | head -1 must exit 0, got {}\n{}",
            run.stdout,
            run.stderr
        );
        assert!(
            !run.stderr.contains("error"),
            "no error for a closed pipe:\n{}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    let run = repo.sh("set -o pipefail; \"$BACKLOG\" list | head -1");
    run.code(0);
    assert!(run.stdout.starts_with("RANK"), "{}", run.stdout);
}

#[test]
fn a_closed_pipe_stops_the_output_never_the_verdict() {
    let repo = TestRepo::with_backlog();
    for i in 1..=25 {
        repo.item(&format!("MS-{i}-item.md"), "no frontmatter\n");
    }
    for format in ["human", "json", "github", "sarif"] {
        let run = repo.backlog_closed_stdout(&["lint", "--format", format]);
        run.code(1);
        assert!(!run.stderr.contains("panicked"), "{format}: {}", run.stderr);
        assert!(
            !run.stderr.contains("error: "),
            "{format}: a closed pipe is not an error of its own:\n{}",
            run.stderr
        );
    }
    // The closing line goes to stderr, so the verdict is still told.
    let run = repo.backlog_closed_stdout(&["lint"]);
    assert!(run.stderr.contains("25 errors"), "{}", run.stderr);
    // The same through a real `| head -1`, with many findings so the pipe fills.
    for i in 26..=3000 {
        repo.item(&format!("MS-{i}-item.md"), "no frontmatter\n");
    }
    let run = repo.sh("\"$BACKLOG\" lint | head -1 >/dev/null; echo \"status=${PIPESTATUS[0]}\"");
    assert!(
        run.stdout.contains("status=1"),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    // A clean backlog stays clean with its pipe closed.
    let clean = TestRepo::with_backlog();
    clean.backlog_closed_stdout(&["lint"]).code(0);
    clean
        .backlog_closed_stdout(&["list", "--format", "json"])
        .code(0);
}
