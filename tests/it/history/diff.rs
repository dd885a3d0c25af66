//! `backlog diff`: the priority diff between two revisions, or a revision and the work tree.

use super::*;

/// The changes of `diff ARGS --format json`, reduced to id, change, from and to.
#[track_caller]
fn diff_changes(repo: &TestRepo, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    let run = repo.backlog(&all);
    run.code(0);
    let doc = run.json();
    assert_eq!(doc["version"], 1, "{doc}");
    doc["changes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| json!({"id": c["id"], "change": c["change"], "from": c["from"], "to": c["to"]}))
        .collect()
}

#[test]
fn diff_lists_as_moved_exactly_the_items_history_says_moved() {
    let repo = setup(8);
    let a = repo.head_id();
    order(&repo, &[5, 1, 2, 3, 4, 6, 7, 8]);
    repo.commit("Lift MS-5");
    order(&repo, &[5, 1, 3, 4, 6, 7, 8, 2]);
    repo.commit_as(PRIYA.0, PRIYA.1, "Sink MS-2");
    order(&repo, &[5, 1, 7, 3, 4, 6, 8, 2]);
    repo.commit("MS-7 above MS-3");
    let b = repo.head_id();

    let range = format!("{a}..{b}");
    let got = diff_changes(&repo, &[&range]);
    assert_eq!(
        got,
        [
            change("MS-5", "moved", Some(5), Some(1)),
            change("MS-7", "moved", Some(7), Some(3)),
            change("MS-2", "moved", Some(2), Some(8)),
        ]
    );
    let commits: BTreeSet<String> = repo
        .git_ok(&["rev-list", &range])
        .lines()
        .map(str::to_owned)
        .collect();
    let moved_by_history: BTreeSet<String> = (1..=8)
        .flat_map(|i| events(&repo, &format!("MS-{i}")))
        .filter(|e| {
            commits.contains(e["commit"].as_str().unwrap_or_default())
                && e["from"].is_u64()
                && e["to"].is_u64()
                && e["from"] != e["to"]
        })
        .map(|e| e["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    let moved_by_diff: BTreeSet<String> = got
        .iter()
        .filter(|c| c["change"] == "moved")
        .map(|c| c["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(moved_by_diff, moved_by_history);
    // `A..` means A..HEAD, and a reversed range reverses every move.
    assert_eq!(diff_changes(&repo, &[&format!("{a}..")]), got);
    assert_eq!(
        diff_changes(&repo, &[&format!("{b}..{a}")]),
        [
            change("MS-2", "moved", Some(8), Some(2)),
            change("MS-5", "moved", Some(1), Some(5)),
            change("MS-7", "moved", Some(3), Some(7)),
        ]
    );
    repo.backlog(&["diff", &range])
        .code(0)
        .stdout_has("#5 → #1 (up 4)")
        .stdout_has("#2 → #8 (down 6)");
}

#[test]
fn diff_shows_ranked_unranked_readiness_added_and_removed() {
    let repo = TestRepo::with_backlog();
    repo.item(&item_file(1), &draft_story("Story 1"));
    for i in 2..=7 {
        repo.item(&item_file(i), &ready_story(&format!("Story {i}")));
    }
    order(&repo, &[1, 2, 3, 4, 5, 6]);
    repo.commit(START);
    let a = repo.head_id();

    order(&repo, &[1, 2, 4, 5, 7]);
    repo.item(&item_file(1), &ready_story("Story 1"));
    repo.item(
        &item_file(2),
        &ready_story("Story 2").replace("owner = \"dana@midwest.example\"\n", ""),
    );
    std::fs::remove_file(repo.path().join("backlog/items").join(item_file(6)))
        .unwrap_or_else(|e| panic!("remove MS-6: {e}"));
    repo.item(&item_file(8), &draft_story("Story 8"));
    let expected = [
        change("MS-7", "ranked", None, Some(5)),
        change("MS-3", "unranked", Some(3), None),
        change("MS-6", "unranked", Some(6), None),
        change("MS-1", "became_ready", Some(1), Some(1)),
        change("MS-2", "lost_ready", Some(2), Some(2)),
        change("MS-6", "removed", Some(6), None),
        change("MS-8", "added", None, None),
    ];
    // Uncommitted: REV alone compares with the work tree.
    assert_eq!(diff_changes(&repo, &["HEAD"]), expected);
    repo.backlog(&["diff", "HEAD", "--exit-code"]).code(1);
    repo.commit("Rework the backlog");
    let b = repo.head_id();
    assert_eq!(diff_changes(&repo, &[&format!("{a}..{b}")]), expected);
    // With everything committed, the work tree equals HEAD.
    assert_eq!(diff_changes(&repo, &["HEAD"]), Vec::<Value>::new());
    repo.backlog(&["diff", "HEAD", "--exit-code"]).code(0);
    repo.backlog(&["diff", "HEAD..HEAD", "--exit-code"])
        .code(0)
        .stdout_has("none");
    repo.backlog(&["diff", &format!("{a}..{b}"), "--exit-code"])
        .code(1);
    // History agrees on the ranking side.
    assert_eq!(
        events(&repo, "MS-7"),
        [ev(
            "MS-7",
            &b,
            DANA,
            None,
            Some(5),
            Some("Rework the backlog"),
            "subject"
        )]
    );
    assert_eq!(events(&repo, "MS-3")[1]["to"], Value::Null);
}

#[test]
fn diff_defaults_to_the_merge_base_with_the_upstream_and_the_work_tree() {
    let remote = TestRepo::plain();
    remote.git_ok(&["init", "-q", "--bare", "-b", "main"]);
    let url = format!("file://{}", remote.path().to_string_lossy());
    let repo = setup(6);
    repo.git_ok(&["remote", "add", "origin", &url]);
    repo.git_ok(&["push", "-q", "-u", "origin", "main"]);
    repo.git_ok(&["checkout", "-q", "-b", "feature", "--track", "origin/main"]);
    // Nothing changed yet.
    repo.backlog(&["diff", "--exit-code"])
        .code(0)
        .stdout_has("none");

    // main moves on upstream after the branch started: not part of the branch's diff.
    repo.git_ok(&["checkout", "-q", "main"]);
    order(&repo, &[6, 1, 2, 3, 4, 5]);
    repo.commit("Lift MS-6 on main");
    repo.git_ok(&["push", "-q", "origin", "main"]);
    repo.git_ok(&["checkout", "-q", "feature"]);

    order(&repo, &[5, 1, 2, 3, 4, 6]);
    repo.commit("Lift MS-5 on the branch");
    // And an uncommitted edit.
    order(&repo, &[5, 2, 3, 4, 6, 1]);

    let run = repo.backlog(&["diff", "--format", "json"]);
    run.code(0);
    let doc = run.json();
    assert!(
        doc["from"]
            .as_str()
            .is_some_and(|f| f.contains("origin/main")),
        "the base is named after the upstream: {doc}"
    );
    assert_eq!(
        diff_changes(&repo, &[]),
        [
            change("MS-5", "moved", Some(5), Some(1)),
            change("MS-1", "moved", Some(1), Some(6)),
        ]
    );
    repo.backlog(&["diff", "--exit-code"]).code(1);
}

#[test]
fn diff_markdown_escapes_item_text() {
    use pulldown_cmark::{Event, Options, Parser, Tag};

    let repo = setup(3);
    let hostile = "[click](http://evil) <img src=x> @here #12 | pipe";
    repo.item(&item_file(4), &ready_story(hostile));
    repo.commit("Add MS-4");
    repo.ranking(&ranking_text(&[
        "MS-4  # <b>now</b> [x](http://evil) @team #7 | more",
        "MS-1",
        "MS-2",
        "MS-3",
    ]));
    let run = repo.backlog(&["diff", "HEAD", "--format", "markdown"]);
    run.code(0);
    let md = run.stdout.clone();
    for raw in ["http://", "@here", "@team", "#12", "#7", "<img", "<b>"] {
        assert!(!md.contains(raw), "{raw:?} survives in:\n{md}");
    }
    let mut rows: Vec<usize> = Vec::new();
    let mut cells = 0;
    let mut text = String::new();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM;
    for event in Parser::new_ext(&md, options) {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::HtmlBlock)
            | Event::Html(_)
            | Event::InlineHtml(_) => panic!("live markup {event:?} in:\n{md}"),
            Event::Start(Tag::TableHead | Tag::TableRow) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(pulldown_cmark::TagEnd::TableHead | pulldown_cmark::TagEnd::TableRow) => {
                rows.push(cells)
            }
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    // A header and one row (MS-4 ranked), each with its four cells: the `|` of the title
    // and the reason did not split them.
    assert_eq!(rows, [4, 4], "{md}");
    assert!(text.contains("MS-4"), "{text}");
    assert!(text.contains("pipe"), "the title stays in its cell: {text}");
}
