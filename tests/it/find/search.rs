//! `backlog search`: plain and regex, case, priority order, matching lines, filters, exit codes.

use super::{ids, varied};
use crate::support::{TestRepo, draft_with, item_text};

fn repo() -> TestRepo {
    let repo = varied();
    repo.item(
        "MS-4-x.md",
        &item_text(
            "title = \"Roster page is cut off\"\nkind = \"bug\"\nstate = \"draft\"\n",
            "\nOn a phone the ROSTER table\nis cut off at the right.\n\x1b[31mroster\x1b[0m in red\n",
        ),
    );
    repo
}

#[test]
fn plain_text_ignores_case_and_prints_path_line_and_line() {
    let repo = repo();
    let run = repo.backlog(&["search", "roster"]);
    run.code(0);
    // MS-2's title, then MS-4's title and two body lines; untriaged, so by ID.
    assert_eq!(
        run.stdout,
        concat!(
            "untriaged  MS-2  Import rosters\n",
            "backlog/items/MS-2-x.md:2: title = \"Import rosters\"\n",
            "\n",
            "untriaged  MS-4  Roster page is cut off\n",
            "backlog/items/MS-4-x.md:2: title = \"Roster page is cut off\"\n",
            "backlog/items/MS-4-x.md:7: On a phone the ROSTER table\n",
            "backlog/items/MS-4-x.md:9: ^[[31mroster^[[0m in red\n",
        )
    );
}

#[test]
fn results_come_in_priority_order() {
    let repo = repo();
    // "Admins" is in the body of every ready story: MS-3 and MS-1 are ranked 1 and 2.
    let run = repo.backlog(&["search", "admins", "--format", "json"]);
    run.code(0);
    assert_eq!(ids(&run), ["MS-3", "MS-1"]);
    let run = repo.backlog(&["search", "admins", "--all", "--format", "json"]);
    assert_eq!(ids(&run), ["MS-3", "MS-1", "MS-5"]);
    let run = repo.backlog(&["search", "t", "--format", "json"]);
    assert_eq!(ids(&run), ["MS-3", "MS-1", "MS-2", "MS-4"]);
}

#[test]
fn json_has_the_matching_lines() {
    let repo = repo();
    let run = repo.backlog(&["search", "cut off", "--format", "json"]);
    run.code(0);
    let doc = run.json();
    assert_eq!(doc["version"], 1);
    let hit = &doc["items"][0];
    assert_eq!(hit["id"], "MS-4");
    assert_eq!(hit["path"], "backlog/items/MS-4-x.md");
    assert!(hit["rank"].is_null());
    let lines = hit["lines"].as_array().cloned().unwrap_or_default();
    assert_eq!(lines.len(), 2, "{hit}");
    assert_eq!(lines[0]["field"], "title");
    assert_eq!(lines[0]["line"], 2);
    assert_eq!(lines[1]["field"], "body");
    assert_eq!(lines[1]["line"], 8);
    assert_eq!(lines[1]["text"], "is cut off at the right.");
}

#[test]
fn plain_text_is_not_a_pattern_and_regex_is() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &draft_with("Costs (a.b) rise", ""));
    repo.item("MS-2-x.md", &draft_with("Costs axb rise", ""));
    let run = repo.backlog(&["search", "(a.b)", "--format", "json"]);
    run.code(0);
    assert_eq!(ids(&run), ["MS-1"]);
    let run = repo.backlog(&["search", "--regex", "a.b", "--format", "json"]);
    run.code(0);
    assert_eq!(ids(&run), ["MS-1", "MS-2"]);
    let run = repo.backlog(&["search", "--regex", r"^costs \w+ RISE$", "--format", "json"]);
    run.code(0);
    assert_eq!(
        ids(&run),
        ["MS-2"],
        "case-insensitive, anchored to the title"
    );
    // (?-i) makes it case-sensitive.
    repo.backlog(&["search", "--regex", "(?-i)COSTS"]).code(1);
}

#[test]
fn no_match_exits_1_and_prints_nothing() {
    let repo = repo();
    let run = repo.backlog(&["search", "zeppelin"]);
    run.code(1);
    assert_eq!(run.stdout, "");
    let run = repo.backlog(&["search", "zeppelin", "--format", "json"]);
    run.code(1);
    assert_eq!(run.json()["items"], serde_json::json!([]));
}

#[test]
fn closed_matches_are_counted_in_a_note() {
    let repo = repo();
    let run = repo.backlog(&["search", "email link"]);
    run.code(1)
        .stderr_has("1 item in done or dropped states also matched; --all shows them");
    repo.backlog(&["search", "email link", "--all"])
        .code(0)
        .stdout_has("MS-5");
    repo.backlog(&["search", "email link", "--state", "done"])
        .code(0)
        .stdout_has("MS-5");
}

#[test]
fn bad_regex_exits_2_and_names_it() {
    let repo = repo();
    let before = repo.snapshot();
    let run = repo.backlog(&["search", "--regex", "ca(che"]);
    run.code(2)
        .stderr_has("`ca(che` is not a valid regular expression: unclosed group");
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    repo.backlog(&["search", "--regex", "a{99999999}"])
        .code(2)
        .stderr_has("size limit");
    repo.backlog(&["search", ""]).code(2).stderr_has("empty");
    assert!(repo.snapshot() == before);
}

#[test]
fn filters_apply_to_search() {
    let repo = repo();
    let run = repo.backlog(&[
        "search", "e", "--ranked", "--tag", "api", "--format", "json",
    ]);
    run.code(0);
    assert_eq!(ids(&run), ["MS-1"]);
    let run = repo.backlog(&["search", "e", "--owner", "me", "--format", "json"]);
    assert_eq!(ids(&run), ["MS-3", "MS-2"]);
    let run = repo.backlog(&["search", "e", "--limit", "1", "--format", "json"]);
    assert_eq!(ids(&run), ["MS-3"]);
    repo.backlog(&["search", "e", "--kind", "bug", "--not-ready"])
        .code(0)
        .stdout_has("MS-4");
    repo.backlog(&["search", "e", "--kind", "nope"]).code(2);
}

#[test]
fn an_unreadable_item_is_reported_not_searched() {
    let repo = repo();
    repo.item("MS-9-x.md", "no frontmatter, but roster\n");
    let run = repo.backlog(&["search", "roster"]);
    run.code(0).stderr_has("backlog lint");
}
