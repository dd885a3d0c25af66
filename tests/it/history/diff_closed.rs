//! `backlog diff` and closed items: an item done or dropped on the newer side shows as its
//! `→ done` / `→ dropped` row only, never also as becoming or losing Ready; readiness rows
//! stay for open items, a reopened one included. Text and JSON list the same rows.

use super::*;
use crate::support::ready_story_in;

#[test]
fn a_closed_item_shows_its_state_change_and_no_readiness_row() {
    let repo = TestRepo::with_backlog();
    repo.item(&item_file(1), &draft_story("Story 1"));
    repo.item(&item_file(2), &ready_story("Story 2"));
    repo.item(&item_file(3), &ready_story("Story 3"));
    repo.item(&item_file(4), &draft_story("Story 4"));
    repo.item(
        &item_file(5),
        &draft_story("Story 5").replace("state = \"draft\"", "state = \"dropped\""),
    );
    order(&repo, &[1, 2, 3, 4]);
    repo.commit(START);
    repo.git_ok(&["tag", "before"]);

    // MS-1: a draft dropped with its gaps filled (Ready by content, but closed).
    repo.item(&item_file(1), &ready_story_in("Story 1", "dropped"));
    repo.item(&item_file(2), &ready_story_in("Story 2", "done"));
    // MS-3: done, and no longer Ready by content (no owner).
    repo.item(
        &item_file(3),
        &ready_story_in("Story 3", "done").replace("owner = \"dana@midwest.example\"\n", ""),
    );
    // MS-4 stays open and becomes Ready; MS-5 is reopened Ready.
    repo.item(&item_file(4), &ready_story("Story 4"));
    repo.item(&item_file(5), &ready_story("Story 5"));
    // MS-4 stays in the common order of the two rankings: no move row.
    order(&repo, &[4]);
    repo.commit("Close three, ready two");

    let run = repo.backlog(&["--color", "never", "diff", "before..HEAD"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "priority changes from before to HEAD:\n\
         \x20 MS-1      #1 → dropped              Story 1\n\
         \x20 MS-2      #2 → done                 Story 2\n\
         \x20 MS-3      #3 → done                 Story 3\n\
         \x20 MS-4      became Ready              Story 4\n\
         \x20 MS-5      became Ready              Story 5\n"
    );

    let run = repo.backlog(&["diff", "before..HEAD", "--format", "json"]);
    run.code(0);
    let doc = run.json();
    let rows: Vec<Value> = doc["changes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| {
            json!({"id": c["id"], "change": c["change"], "from": c["from"], "to": c["to"],
                   "left_as": c.get("left_as").cloned().unwrap_or(Value::Null)})
        })
        .collect();
    let row = |id: &str, kind: &str, from: Option<u64>, to: Option<u64>, left: Option<&str>| json!({"id": id, "change": kind, "from": from, "to": to, "left_as": left});
    assert_eq!(
        rows,
        [
            row("MS-1", "unranked", Some(1), None, Some("dropped")),
            row("MS-2", "unranked", Some(2), None, Some("done")),
            row("MS-3", "unranked", Some(3), None, Some("done")),
            row("MS-4", "became_ready", Some(4), Some(1), None),
            row("MS-5", "became_ready", None, None, None),
        ],
        "{doc}"
    );

    // The other way round MS-1..3 are open again on the newer side: their readiness counts.
    let run = repo.backlog(&["diff", "HEAD..before", "--format", "json"]);
    run.code(0);
    let back: Vec<(String, String)> = run.json()["changes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|c| c["change"] == "became_ready" || c["change"] == "lost_ready")
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap_or_default().to_owned();
            (s("id"), s("change"))
        })
        .collect();
    let pair = |id: &str, kind: &str| (id.to_owned(), kind.to_owned());
    assert_eq!(
        back,
        [
            pair("MS-1", "lost_ready"),
            pair("MS-3", "became_ready"),
            pair("MS-4", "lost_ready"),
        ]
    );
}
