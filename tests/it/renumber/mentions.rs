//! Issue 18: after a renumber, the mentions of the old ID in item bodies are listed (they are
//! prose, left as written): `path:line:col: text` on stderr, `mentions` in `--format json`.

use super::*;

/// MS-3 is renumbered; MS-5 depends on it and mentions it, MS-6 (CRLF) mentions it in a code
/// span, MS-30 only has a longer ID.
fn mentioning() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item(
        "MS-3-three.md",
        "+++\ntitle = \"Three, not MS-30\"\nkind = \"story\"\nstate = \"draft\"\n+++\n\nSplit off ms-3 (this one).\n",
    );
    repo.item(
        "MS-5-five.md",
        "+++\ntitle = \"Five after MS-3\"\nkind = \"story\"\nstate = \"draft\"\ndepends_on = [\"MS-3\"]\n+++\n\nWaits for MS-3; MS-3, then MS-30 and XMS-3.\nNothing here.\n",
    );
    repo.item(
        "MS-6-six.md",
        "+++\r\ntitle = \"Six\"\r\nkind = \"story\"\r\nstate = \"draft\"\r\n+++\r\n\r\nSee `MS-3` and MS-3.\r\n",
    );
    repo.item(
        "MS-30-thirty.md",
        "+++\ntitle = \"Thirty\"\nkind = \"story\"\nstate = \"draft\"\n+++\n\nNot MS-3x, only MS-30 and MS-300.\n",
    );
    repo.ranking("MS-3\nMS-5\n");
    repo
}

#[test]
fn body_mentions_are_listed_with_line_and_column_and_left_as_written() {
    let repo = mentioning();
    let five = repo.read("backlog/items/MS-5-five.md");
    let six = repo.read("backlog/items/MS-6-six.md");
    let run = repo.backlog(&["renumber", "MS-3", "MS-40"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "MS-3 → MS-40: backlog/items/MS-40-three.md\n  updated backlog/items/MS-5-five.md\n  updated backlog/ranking.txt\n"
    );
    assert_eq!(
        run.stderr,
        "note: 5 mentions of MS-3 in item bodies left as written (prose is not rewritten); check them:\n  \
         backlog/items/MS-40-three.md:7:11: Split off ms-3 (this one).\n  \
         backlog/items/MS-5-five.md:8:11: Waits for MS-3; MS-3, then MS-30 and XMS-3.\n  \
         backlog/items/MS-5-five.md:8:17: Waits for MS-3; MS-3, then MS-30 and XMS-3.\n  \
         backlog/items/MS-6-six.md:7:6: See `MS-3` and MS-3.\n  \
         backlog/items/MS-6-six.md:7:16: See `MS-3` and MS-3.\n"
    );
    // The frontmatter reference is rewritten, the prose (and the title) are not.
    assert_eq!(
        repo.read("backlog/items/MS-5-five.md"),
        five.replace("[\"MS-3\"]", "[\"MS-40\"]")
    );
    assert_eq!(repo.read("backlog/items/MS-6-six.md"), six);
    assert_eq!(repo.read("backlog/ranking.txt"), "MS-40\nMS-5\n");
}

#[test]
fn json_lists_the_mentions_and_stderr_stays_quiet() {
    let repo = mentioning();
    let run = repo.backlog(&["renumber", "MS-3", "MS-40", "--format", "json"]);
    run.code(0);
    assert_eq!(run.stderr, "");
    let doc = run.json();
    assert_eq!(
        doc,
        serde_json::json!({
            "version": 1,
            "old": "MS-3",
            "new": "MS-40",
            "path": "backlog/items/MS-40-three.md",
            "updated": ["backlog/items/MS-5-five.md", "backlog/ranking.txt"],
            "duplicates": false,
            "mentions": [
                {"path": "backlog/items/MS-40-three.md", "line": 7, "column": 11, "text": "Split off ms-3 (this one)."},
                {"path": "backlog/items/MS-5-five.md", "line": 8, "column": 11, "text": "Waits for MS-3; MS-3, then MS-30 and XMS-3."},
                {"path": "backlog/items/MS-5-five.md", "line": 8, "column": 17, "text": "Waits for MS-3; MS-3, then MS-30 and XMS-3."},
                {"path": "backlog/items/MS-6-six.md", "line": 7, "column": 6, "text": "See `MS-3` and MS-3."},
                {"path": "backlog/items/MS-6-six.md", "line": 7, "column": 16, "text": "See `MS-3` and MS-3."},
            ],
        })
    );
}

#[test]
fn no_mentions_no_note_and_an_empty_array() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-2-two.md", &draft_story("Two"));
    repo.item(
        "MS-9-nine.md",
        "+++\ntitle = \"Nine\"\nkind = \"story\"\nstate = \"draft\"\n+++\n\nOnly MS-20 and MS-2b here.\n",
    );
    let run = repo.backlog(&["renumber", "MS-2", "MS-8"]);
    run.code(0);
    assert_eq!(run.stderr, "");
    repo.backlog(&["renumber", "MS-8", "MS-7", "--format", "json"])
        .code(0);
    let json = repo.backlog(&["renumber", "MS-7", "MS-6", "--format", "json"]);
    json.code(0);
    assert_eq!(json.json()["mentions"], serde_json::json!([]));
}

#[test]
fn with_two_files_sharing_the_id_mentions_are_listed_beside_the_note() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-14-a.md", &draft_story("From branch a"));
    repo.item(
        "MS-14-b.md",
        "+++\ntitle = \"From branch b\"\nkind = \"story\"\nstate = \"draft\"\n+++\nLike MS-14 on a.\n",
    );
    let run = repo.backlog(&[
        "renumber",
        "MS-14",
        "MS-21",
        "--file",
        "backlog/items/MS-14-b.md",
    ]);
    run.code(0);
    assert_eq!(
        run.stderr,
        "note: MS-14 was the ID of several files, so references to it were left as they are; check them\n\
         note: 1 mention of MS-14 in item bodies left as written (prose is not rewritten); check them:\n  \
         backlog/items/MS-21-b.md:6:6: Like MS-14 on a.\n"
    );
}

#[test]
fn a_mention_line_with_terminal_controls_is_shown_inert() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-2-two.md", &draft_story("Two"));
    repo.item(
        "MS-9-nine.md",
        "+++\ntitle = \"Nine\"\nkind = \"story\"\nstate = \"draft\"\n+++\n\x1b[2J\x1b]0;MS-2\x07 MS-2\n",
    );
    let run = repo.backlog(&["renumber", "MS-2", "MS-8"]);
    run.code(0);
    assert!(!run.stderr.contains('\x1b'), "{:?}", run.stderr);
    assert!(!run.stderr.contains('\x07'), "{:?}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "note: 2 mentions of MS-2 in item bodies left as written (prose is not rewritten); check them:\n  backlog/items/MS-9-nine.md:6:9: "
        ),
        "{:?}",
        run.stderr
    );
}
