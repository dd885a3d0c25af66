//! Tests for `backlog show`.

use crate::support::{TestRepo, draft_story, draft_with, ready_story, ready_story_in};

/// A draft story with nothing filled in.
fn bare(title: &str) -> String {
    format!("+++\ntitle = \"{title}\"\nkind = \"story\"\nstate = \"draft\"\n+++\n")
}

fn debt() -> String {
    "+++\ntitle = \"Flaky CI\"\nkind = \"debt\"\nstate = \"refining\"\nowner = \"dana@midwest.example\"\ncost_per_week = 4\nfix_effort = 14\n+++\n\n## Problem\n\nReruns cost hours.\n\n## Acceptance criteria\n\n- [x] Measured\n- [ ] Fixed\n- [ ] Documented\n".into()
}

fn backlog() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-view-teams.md", &ready_story("View teams"));
    repo.item("MS-2-x.md", &bare("Bare idea"));
    repo.item("MS-3-x.md", &debt());
    repo.item(
        "MS-4-x.md",
        &draft_with("Untriaged", "depends_on = [\"MS-3\", \"MS-99\"]\n"),
    );
    repo.ranking("# why\nMS-1   # Chicago launch blocker: admins cannot see their teams\nMS-2\nMS-3 # cheap win\n");
    repo
}

fn show_json(repo: &TestRepo, id: &str) -> serde_json::Value {
    let run = repo.backlog(&["show", id, "--format", "json"]);
    run.code(0);
    let doc = run.json();
    assert_eq!(doc["version"], 1, "{doc}");
    doc["item"].clone()
}

#[test]
fn text_shows_rank_of_total_with_the_reason() {
    let repo = backlog();
    let run = repo.backlog(&["show", "MS-1"]);
    run.code(0)
        .stdout_has("MS-1  View teams")
        .stdout_has("path       backlog/items/MS-1-view-teams.md")
        .stdout_has("kind       story")
        .stdout_has("state      ready")
        .stdout_has("rank       #1 of 3: Chicago launch blocker: admins cannot see their teams")
        .stdout_has("owner      dana@midwest.example")
        .stdout_has("estimate   5")
        .stdout_has("criteria   0 of 1 ticked")
        .stdout_has("ready      yes (Ready is required: its state is `ready`)")
        .stdout_has("## Problem");
    repo.backlog(&["show", "MS-2"])
        .code(0)
        .stdout_has("rank       #2 of 3 (no reason given)");
    repo.backlog(&["show", "MS-4"])
        .code(0)
        .stdout_has("rank       untriaged");
}

#[test]
fn text_lists_each_missing_thing_with_its_help() {
    let repo = backlog();
    let run = repo.backlog(&["show", "MS-2"]);
    run.code(0)
        .stdout_has("ready      no (Ready is required: ranked #2 of the open items, and the top 5 must be Ready)")
        .stdout_has("    - MS-2 has no `owner`\n      help: add owner = ")
        .stdout_has("    - MS-2 has no `value`\n      help: ")
        .stdout_has("    - MS-2 has no `estimate`\n      help: ")
        .stdout_has("    - MS-2 has no `## Problem` section\n      help: ")
        .stdout_has("    - MS-2 has no `## Acceptance criteria` section\n      help: ")
        .stdout_has("    - MS-2 has 0 acceptance criteria; at least 1 needed\n      help: ");
}

#[test]
fn text_of_an_untriaged_draft_says_not_ready_without_requiring_it() {
    let repo = backlog();
    let run = repo.backlog(&["show", "MS-4"]);
    run.code(0)
        .stdout_has("depends on MS-3 (refining), MS-99 (missing)");
    let ready = run
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("ready"))
        .unwrap_or_default();
    assert!(ready.trim().starts_with("ready      no"), "{ready}");
    assert!(
        !ready.contains("Ready is required"),
        "not required of an untriaged draft: {ready}"
    );
}

#[test]
fn json_has_the_item_fields() {
    let repo = backlog();
    let item = show_json(&repo, "MS-1");
    assert_eq!(item["id"], "MS-1");
    assert_eq!(item["title"], "View teams");
    assert_eq!(item["kind"], "story");
    assert_eq!(item["state"], "ready");
    assert_eq!(item["rank"], 1);
    assert_eq!(
        item["reason"],
        "Chicago launch blocker: admins cannot see their teams"
    );
    assert_eq!(item["ready"], true);
    assert_eq!(item["ready_required"], "its state is `ready`");
    assert_eq!(item["missing"], serde_json::json!([]));
    assert_eq!(
        item["criteria"],
        serde_json::json!({"total": 1, "ticked": 0})
    );
    assert_eq!(item["depends_on"], serde_json::json!([]));
    assert!(item["break_even_weeks"].is_null());
    assert_eq!(item["path"], "backlog/items/MS-1-view-teams.md");
}

#[test]
fn json_of_a_not_ready_item_lists_what_is_missing() {
    let repo = backlog();
    let item = show_json(&repo, "MS-2");
    assert_eq!(item["rank"], 2);
    assert!(item["reason"].is_null());
    assert_eq!(item["ready"], false);
    let required = item["ready_required"].as_str().unwrap_or_default();
    assert!(required.contains("top 5"), "{required}");
    let missing = item["missing"]
        .as_array()
        .unwrap_or_else(|| panic!("{item}"));
    let rules: Vec<&str> = missing
        .iter()
        .map(|m| m["rule"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        rules,
        ["DOR001", "DOR001", "DOR001", "DOR002", "DOR002", "DOR003"]
    );
    for m in missing {
        assert!(m["message"].as_str().is_some_and(|s| !s.is_empty()), "{m}");
        assert!(m["help"].as_str().is_some_and(|s| !s.is_empty()), "{m}");
    }
    let untriaged = show_json(&repo, "MS-4");
    assert!(untriaged["rank"].is_null());
    assert!(untriaged["ready_required"].is_null());
    assert_eq!(
        untriaged["depends_on"],
        serde_json::json!([{"id": "MS-3", "state": "refining"}, {"id": "MS-99", "state": null}])
    );
}

#[test]
fn debt_item_shows_its_break_even_point() {
    let repo = backlog();
    let item = show_json(&repo, "MS-3");
    assert_eq!(item["break_even_weeks"], 3.5);
    assert_eq!(
        item["criteria"],
        serde_json::json!({"total": 3, "ticked": 1})
    );
    assert_eq!(item["reason"], "cheap win");
    assert_eq!(item["ready"], true, "{item}");
    repo.backlog(&["show", "MS-3"])
        .code(0)
        .stdout_has("break-even 3.5 weeks")
        .stdout_has("criteria   1 of 3 ticked")
        .stdout_has("rank       #3 of 3: cheap win");
}

#[test]
fn id_letter_case_is_ignored() {
    let repo = backlog();
    let item = show_json(&repo, "ms-1");
    assert_eq!(item["id"], "MS-1");
    assert_eq!(item["rank"], 1);
}

#[test]
fn unknown_id_exits_2() {
    let repo = backlog();
    repo.backlog(&["show", "MS-404"])
        .code(2)
        .stderr_has("MS-404");
    repo.backlog(&["show", "MS-404", "--format", "json"])
        .code(2);
}

#[test]
fn malformed_ids_exit_2_without_touching_paths() {
    let repo = backlog();
    repo.write("backlog/x.md", bare("outside items"));
    for id in [
        "../x",
        "../../etc/passwd",
        "/etc/passwd",
        "MS-1/../MS-2",
        "..",
        "MS-01",
        "MS-",
        "-1",
        "",
        "MS-1 ",
        "C:\\x",
    ] {
        let run = repo.backlog(&["show", id]);
        run.code(2);
        assert!(run.stdout.is_empty(), "{id:?} printed:\n{}", run.stdout);
    }
    let run = repo.backlog(&["show", "\u{1b}[2J-1"]);
    run.code(2);
    assert!(
        !run.stderr.contains('\u{1b}'),
        "the bad ID is echoed escaped: {}",
        run.stderr
    );
}

#[test]
fn not_a_backlog_exits_2() {
    TestRepo::git()
        .backlog(&["show", "MS-1"])
        .code(2)
        .stderr_has("hint:");
}

#[test]
fn item_with_problems_is_shown_with_them() {
    let repo = TestRepo::with_backlog();
    repo.item(
        "MS-1-x.md",
        "+++\ntitle = \"Typed wrong\"\nkind = \"story\"\nstate = \"draft\"\nestimate = \"five\"\n+++\n\nBody.\n",
    );
    let run = repo.backlog(&["show", "MS-1"]);
    run.code(0)
        .stdout_has("MS-1  Typed wrong")
        .stdout_has("ready      no: the file has problems")
        .stdout_has("backlog/items/MS-1-x.md:5:12: error[FM007]");
    let item = show_json(&repo, "MS-1");
    assert_eq!(item["ready"], false);
    let problems = item["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("{item}"));
    assert_eq!(problems.len(), 1, "{item}");
}

#[test]
fn item_without_frontmatter_is_shown_not_ready() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", "just text\n");
    let run = repo.backlog(&["show", "MS-1"]);
    run.code(0)
        .stdout_has("backlog/items/MS-1-x.md:1:1: error[FM001]");
    let item = show_json(&repo, "MS-1");
    assert_eq!(item["ready"], false);
}

#[test]
fn show_and_lint_agree_on_when_ready_is_required() {
    let repo = TestRepo::with_backlog();
    let done = ready_story_in("done", "done").replace("- [ ]", "- [x]");
    repo.item("MS-1-x.md", &done);
    repo.item("MS-2-x.md", &bare("dropped").replace("draft", "dropped"));
    for n in 3..=6 {
        repo.item(&format!("MS-{n}-x.md"), &ready_story_in("open", "refining"));
    }
    repo.item("MS-7-x.md", &bare("fifth open"));
    repo.item("MS-8-x.md", &bare("sixth open"));
    repo.item(
        "MS-9-x.md",
        &bare("ready state, last").replace("draft", "ready"),
    );
    repo.ranking("MS-1\nMS-2\nMS-3\nMS-4\nMS-5\nMS-6\nMS-7\nMS-8\nMS-9\n");
    let (_, found) = repo.lint_json(&[]);
    for n in 1..=9 {
        let id = format!("MS-{n}");
        let item = show_json(&repo, &id);
        let path = format!("backlog/items/{id}-x.md");
        let lint_says = found
            .iter()
            .any(|d| d.path == path && d.rule.starts_with("DOR"));
        let show_says = !item["ready_required"].is_null() && item["ready"] == false;
        assert_eq!(lint_says, show_says, "{id}: lint {lint_says}, show {item}");
    }
    assert!(
        show_json(&repo, "MS-7")["ready_required"]
            .as_str()
            .unwrap_or_default()
            .contains("#5")
    );
    assert!(show_json(&repo, "MS-8")["ready_required"].is_null());
    assert_eq!(
        show_json(&repo, "MS-9")["ready_required"],
        "its state is `ready`"
    );
}

#[test]
fn show_writes_nothing() {
    let repo = backlog();
    repo.commit("backlog");
    let before = repo.snapshot();
    let tree = repo.tree();
    for args in [
        &["show", "MS-1"][..],
        &["show", "MS-3", "--format", "json"],
        &["show", "MS-404"],
    ] {
        repo.backlog(args);
    }
    assert!(repo.snapshot() == before, "show changed a file");
    assert_eq!(repo.tree(), tree, "show created a file");
}

#[test]
fn body_is_printed_after_the_fields() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &draft_story("With body"));
    let run = repo.backlog(&["show", "MS-1"]);
    run.code(0);
    let fields_end = run.stdout.find("ready ").unwrap_or(usize::MAX);
    let body = run
        .stdout
        .find("Some notes.")
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(body > fields_end, "{}", run.stdout);
}

/// Issue 17 §1b: two files holding one ID are both shown, with lint's duplicate finding,
/// and `show` exits 1 as `lint` does, whichever file the ID would resolve to.
#[test]
fn a_duplicate_id_shows_both_files_and_the_finding() {
    let repo = backlog();
    repo.item("MS-2-copy.md", &bare("Copy from another branch"));
    let run = repo.backlog(&["show", "MS-2"]);
    run.code(1)
        .stdout_has("path       backlog/items/MS-2-copy.md")
        .stdout_has("also       backlog/items/MS-2-x.md (same ID)")
        .stdout_has("[ID001]: MS-2 is also the ID of backlog/items/MS-2-x.md");
    let run = repo.backlog(&["show", "ms-2", "--format", "json"]);
    run.code(1);
    let doc = run.json();
    assert_eq!(doc["item"]["path"], "backlog/items/MS-2-copy.md", "{doc}");
    assert_eq!(
        doc["item"]["also"],
        serde_json::json!(["backlog/items/MS-2-x.md"]),
        "{doc}"
    );
    let problems = doc["item"]["problems"].to_string();
    assert!(problems.contains("[ID001]"), "{problems}");
    // The same finding lint gives, on the same file.
    repo.backlog(&["lint", "backlog/items/MS-2-copy.md"])
        .code(1)
        .stdout_has("MS-2 is also the ID of backlog/items/MS-2-x.md");
    // Without the second file, no finding and exit 0.
    std::fs::remove_file(repo.path().join("backlog/items/MS-2-copy.md"))
        .expect("the copy is removed");
    let run = repo.backlog(&["show", "MS-2"]);
    run.code(0).stdout_has("path       backlog/items/MS-2-x.md");
    assert!(!run.stdout.contains("also "), "{}", run.stdout);
}
