//! Tests for `backlog history`, `blame`, `diff` and `lint --since` on scripted repositories.
//!
//! Every event is compared in full (commit, author, email, from, to, reason, reason_source)
//! against the commit that the scenario expects to own it, and `time` against git's own
//! RFC 3339 author date of that commit.

use crate::support::{TestRepo, draft_story, draft_with, ready_story};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};

type Who = (&'static str, &'static str);

const DANA: Who = ("Dana Developer", "dana@midwest.example");
const PRIYA: Who = ("Priya Patel", "priya@midwest.example");
const OWEN: Who = ("Owen Owner", "owen@midwest.example");
const SAM: Who = ("Sam Squash", "sam@midwest.example");

const START: &str = "Start the backlog";
const RANKING: &str = "backlog/ranking.txt";

/// ranking.txt with one comment line, so that the line of rank N is N + 1.
fn ranking_text(lines: &[&str]) -> String {
    let mut text = String::from("# Most important first.\n");
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

fn item_file(n: usize) -> String {
    format!("MS-{n}-story-{n}.md")
}

/// A backlog with Ready stories MS-1..=MS-n, ranked in order, committed by Dana as START.
fn setup(n: usize) -> TestRepo {
    let repo = TestRepo::with_backlog();
    let mut ids = Vec::new();
    for i in 1..=n {
        repo.item(&item_file(i), &ready_story(&format!("Story {i}")));
        ids.push(format!("MS-{i}"));
    }
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    repo.ranking(&ranking_text(&ids));
    repo.commit(START);
    repo
}

/// Rewrites ranking.txt in this order (IDs by number).
fn order(repo: &TestRepo, ids: &[usize]) {
    let lines: Vec<String> = ids.iter().map(|i| format!("MS-{i}")).collect();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    repo.ranking(&ranking_text(&lines));
}

/// The IDs of ranking.txt in the work tree, in order.
fn ranked(repo: &TestRepo) -> Vec<String> {
    repo.read(RANKING)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().next().unwrap_or_default().to_owned())
        .collect()
}

/// The expected form of an event.
#[allow(clippy::too_many_arguments)]
fn ev(
    id: &str,
    commit: &str,
    who: Who,
    from: Option<u64>,
    to: Option<u64>,
    reason: Option<&str>,
    source: &str,
) -> Value {
    json!({
        "id": id,
        "commit": commit,
        "author": who.0,
        "email": who.1,
        "from": from,
        "to": to,
        "reason": reason,
        "reason_source": source,
    })
}

/// `history ID --format json`, checked for its envelope; exit 0.
#[track_caller]
fn history_doc(repo: &TestRepo, id: &str) -> Value {
    let run = repo.backlog(&["history", id, "--format", "json"]);
    run.code(0);
    let doc = run.json();
    assert_eq!(doc["version"], 1, "{doc}");
    assert_eq!(doc["id"], id, "{doc}");
    assert!(doc["events"].is_array(), "{doc}");
    doc
}

/// The events of `history ID --format json`, reduced to the compared fields; every event's
/// `time` is checked against git's author date of its commit.
#[track_caller]
fn events(repo: &TestRepo, id: &str) -> Vec<Value> {
    let doc = history_doc(repo, id);
    let mut times: HashMap<String, String> = HashMap::new();
    doc["events"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|e| {
            let commit = e["commit"].as_str().unwrap_or_default().to_owned();
            let expected = times
                .entry(commit.clone())
                .or_insert_with(|| {
                    // Newer git writes UTC as `Z`; the product writes `+00:00` (both RFC 3339).
                    let iso = repo.git_ok(&["show", "-s", "--format=%aI", &commit]);
                    let iso = iso.trim();
                    match iso.strip_suffix('Z') {
                        Some(utc) => format!("{utc}+00:00"),
                        None => iso.to_owned(),
                    }
                })
                .clone();
            assert_eq!(e["time"], expected.as_str(), "time of {e}");
            let keep = [
                "id",
                "commit",
                "author",
                "email",
                "from",
                "to",
                "reason",
                "reason_source",
            ];
            let mut out = serde_json::Map::new();
            for key in keep {
                assert!(e.get(key).is_some(), "event lacks `{key}`: {e}");
                out.insert(key.to_owned(), e[key].clone());
            }
            Value::Object(out)
        })
        .collect()
}

/// The START event of MS-n when START ranked MS-1..: newly ranked at n, reason the subject.
fn started(repo_start: &str, n: u64) -> Value {
    ev(
        &format!("MS-{n}"),
        repo_start,
        DANA,
        None,
        Some(n),
        Some(START),
        "subject",
    )
}

/// Every event of the items MS-1..=MS-n that `commit` owns.
fn owned_by(repo: &TestRepo, n: usize, commit: &str) -> Vec<Value> {
    (1..=n)
        .flat_map(|i| events(repo, &format!("MS-{i}")))
        .filter(|e| e["commit"] == commit)
        .collect()
}

/// `blame --format json` agrees with `history`: each committed entry's commit, author, email,
/// time and reason are those of the item's last event; entries whose place is not committed
/// yet have a null commit. Returns the entries.
#[track_caller]
fn assert_blame_agrees(repo: &TestRepo) -> Vec<Value> {
    let run = repo.backlog(&["blame", "--format", "json"]);
    run.code(0);
    let doc = run.json();
    assert_eq!(doc["version"], 1, "{doc}");
    let entries = doc["entries"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        entries
            .iter()
            .map(|e| e["id"].as_str().unwrap_or_default().to_owned())
            .collect::<Vec<_>>(),
        ranked(repo),
        "blame lists the work tree's ranking in order: {doc}"
    );
    for (i, entry) in entries.iter().enumerate() {
        assert_eq!(entry["rank"], i + 1, "{entry}");
        if entry["commit"].is_null() {
            continue;
        }
        let id = entry["id"].as_str().unwrap_or_default();
        let doc = history_doc(repo, id);
        let last = doc["events"]
            .as_array()
            .and_then(|e| e.last())
            .unwrap_or_else(|| panic!("blame names a commit for {id} but history has none"));
        for key in ["commit", "author", "email", "time", "reason"] {
            assert_eq!(entry[key], last[key], "blame vs history for {id}: `{key}`");
        }
    }
    entries
}

// ---------------------------------------------------------------------------------------------
// Merges

#[test]
fn a_clean_no_ff_merge_leaves_each_event_with_the_commit_that_made_it() {
    let repo = setup(6);
    let start = repo.head_id();
    repo.git_ok(&["checkout", "-q", "-b", "feature"]);
    order(&repo, &[1, 2, 3, 6, 4, 5]);
    repo.commit_as(PRIYA.0, PRIYA.1, "Move MS-6 above MS-4");
    let branch = repo.head_id();
    repo.git_ok(&["checkout", "-q", "main"]);
    order(&repo, &[3, 1, 2, 4, 5, 6]);
    repo.commit("Put MS-3 on top");
    let main = repo.head_id();
    repo.git_with_backlog(&[
        "merge",
        "--no-ff",
        "-q",
        "-m",
        "Merge branch 'feature'",
        "feature",
    ])
    .code(0);
    let merge = repo.head_id();
    assert_eq!(
        repo.git_ok(&["rev-list", "--parents", "-n", "1", "HEAD"])
            .split_whitespace()
            .count(),
        3,
        "a real merge commit"
    );
    assert_eq!(
        ranked(&repo),
        ["MS-3", "MS-1", "MS-2", "MS-6", "MS-4", "MS-5"]
    );

    assert_eq!(
        events(&repo, "MS-6"),
        [
            started(&start, 6),
            ev(
                "MS-6",
                &branch,
                PRIYA,
                Some(6),
                Some(4),
                Some("Move MS-6 above MS-4"),
                "subject"
            ),
        ]
    );
    assert_eq!(
        events(&repo, "MS-3"),
        [
            started(&start, 3),
            ev(
                "MS-3",
                &main,
                DANA,
                Some(3),
                Some(1),
                Some("Put MS-3 on top"),
                "subject"
            ),
        ]
    );
    // Items that only shifted have nothing but their first ranking.
    for n in [1, 2, 4, 5] {
        assert_eq!(events(&repo, &format!("MS-{n}")), [started(&start, n)]);
    }
    assert_eq!(owned_by(&repo, 6, &merge), Vec::<Value>::new());
    assert_blame_agrees(&repo);
}

#[test]
fn a_merge_whose_resolution_moves_an_item_owns_that_event() {
    let repo = setup(6);
    let start = repo.head_id();
    repo.git_ok(&["checkout", "-q", "-b", "feature"]);
    order(&repo, &[1, 3, 4, 2, 5, 6]);
    repo.commit_as(PRIYA.0, PRIYA.1, "Move MS-2 below MS-4");
    let branch = repo.head_id();
    repo.git_ok(&["checkout", "-q", "main"]);
    order(&repo, &[1, 3, 4, 5, 6, 2]);
    repo.commit("Move MS-2 to the bottom");
    let main = repo.head_id();
    // Both sides moved MS-2 differently: the merge stops with a conflict (with or without the
    // merge driver), and the person merging places MS-2 somewhere neither side had it.
    let merging = repo.git_with_backlog(&["merge", "--no-ff", "-q", "feature"]);
    assert_ne!(
        merging.code, 0,
        "the merge must conflict:\n{}",
        merging.stdout
    );
    repo.ranking(&ranking_text(&[
        "MS-2  # compromise: first",
        "MS-1",
        "MS-3",
        "MS-4",
        "MS-5",
        "MS-6",
    ]));
    repo.commit_as(OWEN.0, OWEN.1, "Merge feature: MS-2 goes first");
    let merge = repo.head_id();
    assert_eq!(
        repo.git_ok(&["rev-list", "--parents", "-n", "1", "HEAD"])
            .split_whitespace()
            .count(),
        3,
        "committing a conflicted merge makes a merge commit"
    );

    let got = events(&repo, "MS-2");
    let branch_event = ev(
        "MS-2",
        &branch,
        PRIYA,
        Some(2),
        Some(4),
        Some("Move MS-2 below MS-4"),
        "subject",
    );
    let main_event = ev(
        "MS-2",
        &main,
        DANA,
        Some(2),
        Some(6),
        Some("Move MS-2 to the bottom"),
        "subject",
    );
    let merge_event = ev(
        "MS-2",
        &merge,
        OWEN,
        Some(6),
        Some(1),
        Some("compromise: first"),
        "line",
    );
    assert_eq!(got.len(), 4, "{got:#?}");
    assert_eq!(got[0], started(&start, 2));
    // The two sides' commits are parallel; both are there, before the merge.
    let middle: BTreeSet<String> = got[1..3].iter().map(Value::to_string).collect();
    let expected: BTreeSet<String> = [&branch_event, &main_event]
        .iter()
        .map(|v| v.to_string())
        .collect();
    assert_eq!(middle, expected);
    assert_eq!(got[3], merge_event);
    // The merge owns MS-2's new place and nothing else.
    assert_eq!(owned_by(&repo, 6, &merge), [merge_event]);
    assert_blame_agrees(&repo);
}

#[test]
fn a_squash_merge_is_one_commit_that_owns_both_moves() {
    let repo = setup(6);
    let start = repo.head_id();
    repo.git_ok(&["checkout", "-q", "-b", "feature"]);
    order(&repo, &[5, 1, 2, 3, 4, 6]);
    repo.commit_as(PRIYA.0, PRIYA.1, "Lift MS-5");
    let first = repo.head_id();
    order(&repo, &[6, 5, 1, 2, 3, 4]);
    repo.commit_as(PRIYA.0, PRIYA.1, "Lift MS-6");
    let second = repo.head_id();
    repo.git_ok(&["checkout", "-q", "main"]);
    repo.git_with_backlog(&["merge", "--squash", "-q", "feature"])
        .code(0);
    repo.commit_as(SAM.0, SAM.1, "Lift MS-5 and MS-6 (#41)");
    let squash = repo.head_id();
    assert_eq!(
        repo.git_ok(&["rev-list", "--parents", "-n", "1", "HEAD"])
            .split_whitespace()
            .count(),
        2,
        "a squash merge is an ordinary commit"
    );

    assert_eq!(
        events(&repo, "MS-6"),
        [
            started(&start, 6),
            ev(
                "MS-6",
                &squash,
                SAM,
                Some(6),
                Some(1),
                Some("Lift MS-5 and MS-6 (#41)"),
                "subject"
            ),
        ]
    );
    assert_eq!(
        events(&repo, "MS-5"),
        [
            started(&start, 5),
            ev(
                "MS-5",
                &squash,
                SAM,
                Some(5),
                Some(2),
                Some("Lift MS-5 and MS-6 (#41)"),
                "subject"
            ),
        ]
    );
    assert_eq!(owned_by(&repo, 6, &squash).len(), 2);
    // The branch's own commits are not part of main's history.
    assert!(owned_by(&repo, 6, &first).is_empty());
    assert!(owned_by(&repo, 6, &second).is_empty());
    assert_blame_agrees(&repo);
}

// ---------------------------------------------------------------------------------------------
// Authors and reasons

#[test]
fn mailmap_joins_two_emails_of_one_person() {
    let repo = setup(6);
    repo.write(
        ".mailmap",
        "Priya Patel <priya@midwest.example>\nPriya Patel <priya@midwest.example> <priya@home.example>\n",
    );
    repo.config_replace("rankers = []", "rankers = [\"priya@midwest.example\"]");
    repo.commit("Add a mailmap and the rankers");
    let base = repo.head_id();
    order(&repo, &[5, 1, 2, 3, 4, 6]);
    repo.commit_as(
        "priya",
        "priya@home.example",
        "Lift MS-5\n\nReason: Chicago",
    );
    let from_home = repo.head_id();
    order(&repo, &[5, 6, 1, 2, 3, 4]);
    repo.commit_as(
        "P. Patel",
        "priya@midwest.example",
        "Lift MS-6\n\nReason: import",
    );
    let from_work = repo.head_id();

    assert_eq!(
        events(&repo, "MS-5")[1..],
        [ev(
            "MS-5",
            &from_home,
            PRIYA,
            Some(5),
            Some(1),
            Some("Chicago"),
            "trailer"
        )]
    );
    assert_eq!(
        events(&repo, "MS-6")[1..],
        [ev(
            "MS-6",
            &from_work,
            PRIYA,
            Some(6),
            Some(2),
            Some("import"),
            "trailer"
        )]
    );
    let blame = assert_blame_agrees(&repo);
    assert_eq!(blame[0]["author"], PRIYA.0);
    assert_eq!(blame[0]["email"], PRIYA.1);
    // The policy sees the canonical identity too: both commits are by a ranker.
    let (run, findings) = repo.lint_json(&["--since", &base]);
    assert!(findings.is_empty(), "{findings:#?}");
    run.code(0);
    // And the text output names the canonical author.
    repo.backlog(&["history", "MS-5"])
        .code(0)
        .stdout_has("Priya Patel")
        .lacks("priya@home.example");
}

#[test]
fn reasons_come_from_the_line_then_trailers_then_the_line_then_the_subject() {
    let repo = TestRepo::with_backlog();
    for i in 1..=6 {
        repo.item(&item_file(i), &ready_story(&format!("Story {i}")));
    }
    repo.ranking(&ranking_text(&[
        "MS-1",
        "MS-2",
        "MS-3  # old reason",
        "MS-4",
        "MS-5",
        "MS-6",
    ]));
    repo.commit(START);
    let start = repo.head_id();
    assert_eq!(
        events(&repo, "MS-3"),
        [ev(
            "MS-3",
            &start,
            DANA,
            None,
            Some(3),
            Some("old reason"),
            "line"
        )]
    );

    // A new `#` text on the line beats the trailers; `Reason(ID):` beats `Reason:`.
    repo.ranking(&ranking_text(&[
        "MS-6  # line wins",
        "MS-4",
        "MS-5",
        "MS-1",
        "MS-2",
        "MS-3  # old reason",
    ]));
    repo.commit(
        "Reorder for Chicago\n\nThe league admins asked for it.\n\nReason: Chicago launch\nReason(MS-5): blocks the import",
    );
    let reorder = repo.head_id();
    assert_eq!(
        owned_by(&repo, 6, &reorder),
        [
            ev(
                "MS-4",
                &reorder,
                DANA,
                Some(4),
                Some(2),
                Some("Chicago launch"),
                "trailer"
            ),
            ev(
                "MS-5",
                &reorder,
                DANA,
                Some(5),
                Some(3),
                Some("blocks the import"),
                "trailer"
            ),
            ev(
                "MS-6",
                &reorder,
                DANA,
                Some(6),
                Some(1),
                Some("line wins"),
                "line"
            ),
        ]
    );

    // `Reason:` in the subject, or in a paragraph that is not the last, is not a trailer.
    repo.ranking(&ranking_text(&[
        "MS-1",
        "MS-6  # line wins",
        "MS-4",
        "MS-5",
        "MS-2",
        "MS-3  # old reason",
    ]));
    repo.commit(
        "Reason: not a trailer\n\nReason: nor this, a paragraph follows\n\nSigned-off-by: Dana Developer <dana@midwest.example>",
    );
    let subject = repo.head_id();
    assert_eq!(
        owned_by(&repo, 6, &subject),
        [ev(
            "MS-1",
            &subject,
            DANA,
            Some(4),
            Some(1),
            Some("Reason: not a trailer"),
            "subject"
        )]
    );
    // A one-paragraph message that is only a `Reason:` line is a subject too.
    repo.ranking(&ranking_text(&[
        "MS-2",
        "MS-1",
        "MS-6  # line wins",
        "MS-4",
        "MS-5",
        "MS-3  # old reason",
    ]));
    repo.commit("Reason: a subject");
    let only_subject = repo.head_id();
    assert_eq!(
        owned_by(&repo, 6, &only_subject),
        [ev(
            "MS-2",
            &only_subject,
            DANA,
            Some(5),
            Some(1),
            Some("Reason: a subject"),
            "subject"
        )]
    );

    // A moved line whose `#` text did not change: the trailer beats the old text...
    repo.ranking(&ranking_text(&[
        "MS-3  # old reason",
        "MS-2",
        "MS-1",
        "MS-6  # line wins",
        "MS-4",
        "MS-5",
    ]));
    repo.commit("Lift MS-3\n\nReason(MS-3): the trailer beats a stale line");
    let lift = repo.head_id();
    // ...and without a trailer, the old text is still the line's reason.
    repo.ranking(&ranking_text(&[
        "MS-2",
        "MS-1",
        "MS-6  # line wins",
        "MS-4",
        "MS-5",
        "MS-3  # old reason",
    ]));
    repo.commit("Sink MS-3");
    let sink = repo.head_id();
    assert_eq!(
        events(&repo, "MS-3"),
        [
            ev(
                "MS-3",
                &start,
                DANA,
                None,
                Some(3),
                Some("old reason"),
                "line"
            ),
            ev(
                "MS-3",
                &lift,
                DANA,
                Some(6),
                Some(1),
                Some("the trailer beats a stale line"),
                "trailer"
            ),
            ev(
                "MS-3",
                &sink,
                DANA,
                Some(1),
                Some(6),
                Some("old reason"),
                "line"
            ),
        ]
    );
    assert_blame_agrees(&repo);
}

#[test]
fn a_reason_only_edit_is_one_event_in_place() {
    let repo = setup(6);
    let start = repo.head_id();
    repo.ranking(&ranking_text(&[
        "MS-1",
        "MS-2  # now with a reason",
        "MS-3",
        "MS-4",
        "MS-5",
        "MS-6",
    ]));
    repo.commit("Say why MS-2");
    let why = repo.head_id();
    assert_eq!(
        owned_by(&repo, 6, &why),
        [ev(
            "MS-2",
            &why,
            DANA,
            Some(2),
            Some(2),
            Some("now with a reason"),
            "line"
        )]
    );
    // Taking the reason away changes it too; with no text left, the subject says why.
    order(&repo, &[1, 2, 3, 4, 5, 6]);
    repo.commit("Drop the reason of MS-2");
    let drop = repo.head_id();
    assert_eq!(
        events(&repo, "MS-2"),
        [
            started(&start, 2),
            ev(
                "MS-2",
                &why,
                DANA,
                Some(2),
                Some(2),
                Some("now with a reason"),
                "line"
            ),
            ev(
                "MS-2",
                &drop,
                DANA,
                Some(2),
                Some(2),
                Some("Drop the reason of MS-2"),
                "subject"
            ),
        ]
    );
    repo.backlog(&["history", "MS-2"])
        .code(0)
        .stdout_has("#2 (reason)");
    assert_blame_agrees(&repo);
}

#[test]
fn unranking_is_an_event_to_null() {
    let repo = setup(6);
    let start = repo.head_id();
    repo.backlog(&["unrank", "MS-3"]).code(0);
    repo.commit("Unrank MS-3");
    let unrank = repo.head_id();
    assert_eq!(
        events(&repo, "MS-3"),
        [
            started(&start, 3),
            ev(
                "MS-3",
                &unrank,
                DANA,
                Some(3),
                None,
                Some("Unrank MS-3"),
                "subject"
            ),
        ]
    );
    let doc = history_doc(&repo, "MS-3");
    assert!(
        doc["events"][1]
            .as_object()
            .is_some_and(|e| e.get("to") == Some(&Value::Null)),
        "`to` is present and null: {doc}"
    );
    // The items below it only shifted up.
    assert_eq!(owned_by(&repo, 6, &unrank).len(), 1);
    repo.backlog(&["history", "MS-3"])
        .code(0)
        .stdout_has("#3 → untriaged");
    assert_blame_agrees(&repo);
}

#[test]
fn items_that_only_shift_have_no_event() {
    let repo = setup(6);
    let start = repo.head_id();
    repo.item(&item_file(7), &ready_story("Story 7"));
    order(&repo, &[7, 1, 2, 3, 4, 5, 6]);
    repo.commit("Add MS-7 on top");
    let insert = repo.head_id();
    assert_eq!(
        owned_by(&repo, 7, &insert),
        [ev(
            "MS-7",
            &insert,
            DANA,
            None,
            Some(1),
            Some("Add MS-7 on top"),
            "subject"
        )]
    );
    order(&repo, &[6, 7, 1, 2, 3, 4, 5]);
    repo.commit("Lift MS-6");
    let lift = repo.head_id();
    assert_eq!(
        owned_by(&repo, 7, &lift),
        [ev(
            "MS-6",
            &lift,
            DANA,
            Some(7),
            Some(1),
            Some("Lift MS-6"),
            "subject"
        )]
    );
    for n in 1..=5 {
        assert_eq!(events(&repo, &format!("MS-{n}")), [started(&start, n)]);
    }
    repo.backlog(&["history", "MS-1"])
        .code(0)
        .stdout_has("untriaged → #1");
    assert_blame_agrees(&repo);
}

#[test]
fn limit_keeps_the_most_recent_events() {
    let repo = setup(3);
    order(&repo, &[3, 1, 2]);
    repo.commit("Lift MS-3");
    order(&repo, &[1, 2, 3]);
    repo.commit("Sink MS-3");
    let sink = repo.head_id();
    let run = repo.backlog(&["history", "MS-3", "--format", "json", "--limit", "1"]);
    run.code(0);
    let doc = run.json();
    assert_eq!(doc["events"].as_array().map(Vec::len), Some(1), "{doc}");
    assert_eq!(doc["events"][0]["commit"], sink.as_str());
}

// ---------------------------------------------------------------------------------------------
// Shallow clones, detached and unborn HEADs

/// An origin with START and three commits that each lift one item, and its ids.
fn lifted_three() -> (TestRepo, [String; 4]) {
    let repo = setup(6);
    let start = repo.head_id();
    order(&repo, &[4, 1, 2, 3, 5, 6]);
    repo.commit("Lift MS-4");
    let c1 = repo.head_id();
    order(&repo, &[5, 4, 1, 2, 3, 6]);
    repo.commit("Lift MS-5");
    let c2 = repo.head_id();
    order(&repo, &[6, 5, 4, 1, 2, 3]);
    repo.commit("Lift MS-6");
    let c3 = repo.head_id();
    (repo, [start, c1, c2, c3])
}

#[test]
fn a_shallow_clone_gives_the_history_it_has_and_says_where_it_stops() {
    let (origin, [start, _c1, c2, c3]) = lifted_three();
    let clone = origin.shallow_clone(2);
    assert_eq!(
        clone
            .git_ok(&["rev-parse", "--is-shallow-repository"])
            .trim(),
        "true"
    );
    assert_eq!(clone.head_id(), c3);

    let run = clone.backlog(&["history", "MS-6", "--format", "json"]);
    run.code(0).stderr_has("shallow");
    let doc = run.json();
    assert_eq!(doc["shallow_boundary"], c2.as_str(), "{doc}");
    assert_eq!(
        events(&clone, "MS-6"),
        [ev(
            "MS-6",
            &c3,
            DANA,
            Some(6),
            Some(1),
            Some("Lift MS-6"),
            "subject"
        )]
    );
    // The boundary commit's own change cannot be known (its parent is missing), and nothing
    // older is invented: no "newly ranked" events at the boundary.
    for n in 1..=5 {
        let doc = history_doc(&clone, &format!("MS-{n}"));
        assert_eq!(doc["events"], json!([]), "MS-{n}: {doc}");
        assert_eq!(doc["shallow_boundary"], c2.as_str());
    }
    // The full history has them.
    assert_eq!(events(&origin, "MS-1"), [started(&start, 1)]);
    assert_eq!(
        history_doc(&origin, "MS-1")["shallow_boundary"],
        Value::Null
    );

    // blame: what the clone has, and nothing for what lies before its history.
    let run = clone.backlog(&["blame", "--format", "json"]);
    run.code(0).stderr_has("shallow");
    let doc = run.json();
    assert_eq!(doc["shallow_boundary"], c2.as_str(), "{doc}");
    assert_eq!(doc["entries"][0]["id"], "MS-6");
    assert_eq!(doc["entries"][0]["commit"], c3.as_str());
    assert_eq!(doc["entries"][1]["id"], "MS-5");
    assert_eq!(doc["entries"][1]["commit"], Value::Null, "{doc}");
    clone
        .backlog(&["blame"])
        .code(0)
        .stdout_has("(before history)");
}

#[test]
fn lint_since_in_a_clone_too_shallow_to_reach_the_base_says_to_fetch() {
    // What CI does by default: the pull request's head and the base branch, each fetched with
    // depth 1. The head commit is a shallow boundary, so its parent (the base) is not part of
    // its history as far as git is concerned: the policy cannot judge the pull request's moves.
    let origin = setup(6);
    origin.git_ok(&["checkout", "-q", "-b", "pr"]);
    origin.ranking(&ranking_text(&[
        "MS-5  # Chicago",
        "MS-1",
        "MS-2",
        "MS-3",
        "MS-4",
        "MS-6",
    ]));
    origin.commit("Lift MS-5");
    origin.git_ok(&["checkout", "-q", "main"]);
    let ci = TestRepo::plain();
    let url = format!("file://{}", origin.path().to_string_lossy());
    ci.git_ok(&["clone", "-q", "--depth", "1", "--branch", "pr", &url, "."]);
    ci.git_ok(&[
        "fetch",
        "-q",
        "--depth",
        "1",
        "origin",
        "main:refs/remotes/origin/main",
    ]);
    // The full clone: the one move states its reason; clean.
    let full = origin.clone_repo();
    full.git_ok(&["checkout", "-q", "pr"]);
    let (run, findings) = full.lint_json(&["--since", "origin/main"]);
    assert_eq!(findings, [], "{findings:#?}");
    run.code(0);
    // The shallow one must not invent moves ("untriaged → #N" for every item): it cannot
    // run, says so, and says how to fetch.
    let run = ci.backlog(&["lint", "--since", "origin/main", "--format", "json"]);
    assert!(
        !run.stdout.contains("POL001"),
        "no invented policy findings:\n{}",
        run.stdout
    );
    run.code(2).stderr_has("shallow").stderr_has("fetch");
}

#[test]
fn diff_beyond_a_shallow_boundary_exits_2_with_a_fetch_hint() {
    let (origin, [start, _c1, _c2, _c3]) = lifted_three();
    let clone = origin.shallow_clone(2);
    let range = format!("{start}..HEAD");
    let before = clone.work_tree_files();
    let run = clone.backlog(&["diff", &range, "--format", "json"]);
    run.code(2).stderr_has("fetch");
    assert_eq!(run.stdout, "", "nothing printed on stdout");
    assert_eq!(clone.work_tree_files(), before);
    // Within the history it has, diff works.
    let run = clone.backlog(&["diff", "HEAD~1..HEAD", "--format", "json"]);
    run.code(0);
    assert_eq!(
        run.json()["changes"],
        json!([{"id": "MS-6", "change": "moved", "from": 6, "to": 1, "title": "Story 6", "reason": null}])
    );
}

#[test]
fn lint_is_the_same_in_shallow_and_full_clones() {
    let (origin, _) = lifted_three();
    // A finding that does not depend on history: an unready item in the top 5.
    origin.item(&item_file(2), &draft_story("Story 2"));
    origin.commit("Make MS-2 a draft again");
    order(&origin, &[2, 6, 5, 4, 1, 3]);
    origin.commit("Lift MS-2");
    let full = origin.clone_repo();
    let shallow = origin.shallow_clone(2);
    for args in [
        vec!["lint"],
        vec!["lint", "--format", "json"],
        vec!["lint", "--format", "github"],
        vec!["lint", "--since", "HEAD~1", "--format", "json"],
        vec!["lint", "--since", "HEAD~1"],
    ] {
        let a = full.backlog(&args);
        let b = shallow.backlog(&args);
        assert_eq!(a.code, 1, "{args:?} finds something:\n{}", a.stdout);
        assert_eq!(
            (a.code, &a.stdout),
            (b.code, &b.stdout),
            "{args:?}: full vs shallow"
        );
    }
    // The policy finding is there in both.
    let (_, findings) = shallow.lint_json(&["--since", "HEAD~1"]);
    assert!(findings.iter().any(|f| f.rule == "POL001"), "{findings:#?}");
}

#[test]
fn history_works_on_a_detached_head() {
    let (repo, [start, c1, c2, _c3]) = lifted_three();
    repo.git_ok(&["checkout", "-q", "--detach", "HEAD~1"]);
    assert_eq!(repo.head_id(), c2);
    assert_eq!(
        events(&repo, "MS-6"),
        [started(&start, 6)],
        "the lift of MS-6 is not in HEAD~1"
    );
    assert_eq!(
        events(&repo, "MS-4"),
        [
            started(&start, 4),
            ev(
                "MS-4",
                &c1,
                DANA,
                Some(4),
                Some(1),
                Some("Lift MS-4"),
                "subject"
            ),
        ]
    );
    let blame = assert_blame_agrees(&repo);
    assert_eq!(blame[0]["id"], "MS-5");
    assert_eq!(blame[0]["commit"], c2.as_str());
    repo.backlog(&["diff", "HEAD~1..HEAD", "--format", "json"])
        .code(0);
}

#[test]
fn an_unborn_branch_has_no_history_but_blame_and_diff_work() {
    let repo = TestRepo::with_backlog();
    repo.item(&item_file(1), &ready_story("Story 1"));
    repo.item(&item_file(2), &draft_story("Story 2"));
    order(&repo, &[1, 2]);
    let before = repo.work_tree_files();

    let run = repo.backlog(&["history", "MS-1"]);
    run.code(0).stderr_has("no commits yet");
    let run = repo.backlog(&["history", "MS-1", "--format", "json"]);
    run.code(0);
    let doc = run.json();
    assert_eq!(doc["events"], json!([]), "{doc}");
    assert_eq!(doc["shallow_boundary"], Value::Null);

    let run = repo.backlog(&["blame", "--format", "json"]);
    run.code(0);
    let doc = run.json();
    let entries = doc["entries"].as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), 2, "{doc}");
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(e["id"], format!("MS-{}", i + 1));
        assert_eq!(e["rank"], i + 1);
        assert_eq!(e["commit"], Value::Null, "{e}");
    }
    repo.backlog(&["blame"])
        .code(0)
        .stdout_has("not committed yet");

    let run = repo.backlog(&["diff", "--format", "json"]);
    run.code(0);
    assert_eq!(
        run.json()["changes"],
        json!([
            {"id": "MS-1", "change": "ranked", "from": null, "to": 1, "title": "Story 1", "reason": null},
            {"id": "MS-2", "change": "ranked", "from": null, "to": 2, "title": "Story 2", "reason": null},
            {"id": "MS-1", "change": "added", "from": null, "to": 1, "title": "Story 1", "reason": null},
            {"id": "MS-2", "change": "added", "from": null, "to": 2, "title": "Story 2", "reason": null},
        ])
    );
    repo.backlog(&["diff", "--exit-code"]).code(1);
    assert_eq!(
        repo.work_tree_files(),
        before,
        "read-only commands wrote nothing"
    );
}

#[test]
fn blame_shows_uncommitted_moves_without_a_commit() {
    let repo = setup(6);
    order(&repo, &[5, 1, 2, 3, 4, 6]);
    repo.commit_as(PRIYA.0, PRIYA.1, "Lift MS-5\n\nReason: Chicago");
    let lift = repo.head_id();
    repo.ranking(&ranking_text(&[
        "MS-5",
        "MS-1",
        "MS-2",
        "MS-6  # not yet committed",
        "MS-3",
        "MS-4",
    ]));
    let blame = assert_blame_agrees(&repo);
    assert_eq!(blame[0]["commit"], lift.as_str());
    assert_eq!(blame[0]["author"], PRIYA.0);
    assert_eq!(blame[0]["reason"], "Chicago");
    let moved = &blame[3];
    assert_eq!(moved["id"], "MS-6");
    assert_eq!(moved["commit"], Value::Null, "{moved}");
    assert_eq!(moved["reason"], "not yet committed");
    // Lines that only shifted keep their commit.
    assert_eq!(blame[4]["id"], "MS-3");
    assert!(blame[4]["commit"].is_string(), "{}", blame[4]);
    repo.backlog(&["blame"])
        .code(0)
        .stdout_has("not committed yet");
}

// ---------------------------------------------------------------------------------------------
// diff

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

fn change(id: &str, kind: &str, from: Option<u64>, to: Option<u64>) -> Value {
    json!({"id": id, "change": kind, "from": from, "to": to})
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
            Event::Text(t) => text.push_str(t),
            _ => {}
        }
    }
    // A header and one row (MS-4 ranked), each with its four cells: the `|` of the title
    // and the reason did not split them.
    assert_eq!(rows, [4, 4], "{md}");
    assert!(text.contains("MS-4"), "{text}");
    assert!(text.contains("pipe"), "the title stays in its cell: {text}");
}

// ---------------------------------------------------------------------------------------------
// lint --since: the policy on the commits of a pull request

/// Starts the pull request's branch `pr` from main; returns main's id.
fn pr_branch(repo: &TestRepo) -> String {
    repo.git_ok(&["checkout", "-q", "-b", "pr"]);
    repo.rev("main")
}

#[test]
fn a_move_up_without_a_reason_is_pol001_at_its_line() {
    let repo = setup(6);
    repo.backlog(&["lint"]).code(0);
    let base = pr_branch(&repo);
    order(&repo, &[1, 2, 5, 3, 4, 6]);
    repo.commit("Lift MS-5");
    let lift = repo.head_id();
    let (run, findings) = repo.lint_json(&["--since", "main"]);
    run.code(1);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(
        (
            f.path.as_str(),
            f.line,
            f.column,
            f.rule.as_str(),
            f.severity.as_str()
        ),
        (RANKING, 4, 1, "POL001", "error"),
        "{f:#?}"
    );
    assert!(f.message.contains("MS-5"), "{}", f.message);
    assert!(f.message.contains(&lift[..8]), "{}", f.message);
    assert!(f.message.contains("Dana Developer"), "{}", f.message);
    // Same with the full id of the base, and in the human format.
    let (_, again) = repo.lint_json(&["--since", &base]);
    assert_eq!(again, findings);
    repo.backlog(&["lint", "--since", "main"])
        .code(1)
        .stdout_has("POL001");
}

#[test]
fn moves_up_with_a_reason_and_moves_down_pass_the_policy() {
    let repo = setup(6);
    repo.item(&item_file(7), &ready_story("Story 7"));
    repo.commit("Add MS-7");
    pr_branch(&repo);
    repo.backlog(&["rank", "MS-5", "--top", "--reason", "Chicago launch"])
        .code(0);
    repo.commit("Lift MS-5");
    assert_eq!(
        ranked(&repo),
        ["MS-5", "MS-1", "MS-2", "MS-3", "MS-4", "MS-6"]
    );
    let text = repo.read(RANKING);
    let lifted = text
        .lines()
        .find(|l| l.starts_with("MS-5"))
        .unwrap_or_default()
        .to_owned();
    assert!(lifted.ends_with("# Chicago launch"), "{text}");
    let lifted = lifted.as_str();
    repo.ranking(&ranking_text(&[
        lifted, "MS-6", "MS-1", "MS-2", "MS-3", "MS-4",
    ]));
    repo.commit_as(
        PRIYA.0,
        PRIYA.1,
        "Lift MS-6\n\nReason(MS-6): the import needs it",
    );
    repo.ranking(&ranking_text(&[
        lifted, "MS-6", "MS-2", "MS-3", "MS-4", "MS-1",
    ]));
    repo.commit("Sink MS-1");
    // Ranking a new item at the bottom lifts it above nothing ranked.
    repo.ranking(&ranking_text(&[
        lifted, "MS-6", "MS-2", "MS-3", "MS-4", "MS-1", "MS-7",
    ]));
    repo.commit("Rank MS-7 last");
    let (run, findings) = repo.lint_json(&["--since", "main"]);
    assert_eq!(findings, [], "{findings:#?}");
    run.code(0);
}

#[test]
fn rankers_policy_flags_commits_by_others() {
    let repo = setup(6);
    repo.config_replace("rankers = []", "rankers = [\"priya@midwest.example\"]");
    repo.commit("Only Priya ranks");
    pr_branch(&repo);
    order(&repo, &[6, 1, 2, 3, 4, 5]);
    repo.commit_as(PRIYA.0, PRIYA.1, "Lift MS-6\n\nReason: import");
    repo.ranking(&ranking_text(&[
        "MS-6",
        "MS-5  # Chicago",
        "MS-1",
        "MS-2",
        "MS-3",
        "MS-4",
    ]));
    repo.commit("Lift MS-5");
    let dana = repo.head_id();
    let (run, findings) = repo.lint_json(&["--since", "main"]);
    run.code(1);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(
        (f.path.as_str(), f.line, f.column, f.rule.as_str()),
        (RANKING, 3, 1, "POL002"),
        "{f:#?}"
    );
    assert!(f.message.contains("dana@midwest.example"), "{}", f.message);
    assert!(f.message.contains("MS-5"), "{}", f.message);
    assert!(f.message.contains(&dana[..8]), "{}", f.message);
}

#[test]
fn intake_fields_policy_flags_new_items_without_them() {
    let repo = setup(5);
    // An old item without an owner is not new: intake does not apply to it.
    repo.item(&item_file(6), &draft_story("Story 6"));
    repo.config_replace("intake_fields = []", "intake_fields = [\"owner\"]");
    repo.commit("Intake needs an owner");
    repo.backlog(&["lint"]).code(0);
    pr_branch(&repo);
    repo.item(&item_file(7), &draft_story("Story 7"));
    repo.item(
        &item_file(8),
        &draft_with("Story 8", "owner = \"priya@midwest.example\"\n"),
    );
    repo.commit("Add MS-7 and MS-8");
    let (run, findings) = repo.lint_json(&["--since", "main"]);
    run.code(1);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(
        (f.path.clone(), f.line, f.column, f.rule.as_str()),
        (format!("backlog/items/{}", item_file(7)), 1, 1, "POL003"),
        "{f:#?}"
    );
    assert!(f.message.contains("owner"), "{}", f.message);
}

#[test]
fn lint_since_an_unknown_revision_exits_2() {
    let repo = setup(3);
    let run = repo.backlog(&["lint", "--since", "no-such-branch"]);
    run.code(2).stderr_has("no-such-branch");
    let run = repo.backlog(&["lint", "--since", "no-such-branch", "--format", "json"]);
    run.code(2);
}

mod cache {
    use crate::support::{TestRepo, draft_story};

    fn repo_with_moves() -> TestRepo {
        let repo = TestRepo::with_backlog();
        for n in 1..=4 {
            repo.item(&format!("MS-{n}-x.md"), &draft_story("x"));
        }
        repo.ranking("MS-1\nMS-2\nMS-3\nMS-4\n");
        repo.commit("base");
        repo.backlog(&["rank", "MS-4", "--top", "--reason", "first move"])
            .code(0);
        repo.commit("move 1");
        repo
    }

    fn events(repo: &TestRepo, id: &str) -> Vec<(String, String)> {
        let run = repo.backlog(&["history", id, "--format", "json"]);
        run.code(0);
        run.json()["events"]
            .as_array()
            .unwrap_or_else(|| panic!("{}", run.stdout))
            .iter()
            .map(|e| {
                (
                    e["commit"].as_str().unwrap_or("").to_owned(),
                    e["reason"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn lives_in_the_git_dir_and_follows_new_commits_and_rewrites() {
        let repo = repo_with_moves();
        let cold = events(&repo, "MS-4");
        let cache = repo.path().join(".git/backlog/history.json");
        assert!(
            cache.is_file(),
            "the first run writes the cache inside .git"
        );
        assert!(
            repo.git_ok(&["status", "--porcelain"]).is_empty(),
            "nothing in the work tree"
        );
        assert_eq!(events(&repo, "MS-4"), cold, "a warm run answers the same");
        // A new commit: only it is walked, and its event is there.
        repo.backlog(&["rank", "MS-4", "--bottom", "--reason", "second move"])
            .code(0);
        repo.commit("move 2");
        let after = events(&repo, "MS-4");
        assert_eq!(after.len(), cold.len() + 1);
        assert_eq!(after.last().map(|e| e.1.as_str()), Some("second move"));
        // A rewrite (amend = a rebase in small): the cached head is no longer an ancestor.
        repo.backlog(&["rank", "MS-4", "--to", "2", "--reason", "amended move"])
            .code(0);
        repo.git_ok(&["commit", "-q", "-a", "--amend", "-m", "move 2, amended"]);
        let rewritten = events(&repo, "MS-4");
        assert_eq!(rewritten.len(), cold.len() + 1);
        assert_eq!(rewritten.last().map(|e| e.1.as_str()), Some("amended move"));
        assert_eq!(rewritten.last().map(|e| e.0.clone()), Some(repo.head_id()));
        // Deleting it is always safe.
        std::fs::remove_file(&cache).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(events(&repo, "MS-4"), rewritten);
    }

    #[test]
    fn a_mailmap_change_voids_it() {
        let repo = repo_with_moves();
        let before = repo.backlog(&["blame", "--format", "json"]).json();
        assert_eq!(before["entries"][0]["author"], "Dana Developer");
        repo.write(
            ".mailmap",
            "Dana D. <dana@midwest.example> Dana Developer <dana@midwest.example>\n",
        );
        let after = repo.backlog(&["blame", "--format", "json"]).json();
        assert_eq!(after["entries"][0]["author"], "Dana D.");
    }

    #[test]
    fn history_works_when_the_cache_cannot_be_written() {
        let repo = repo_with_moves();
        let cold = events(&repo, "MS-4");
        // A file where the cache directory should be: every write fails.
        let dir = repo.path().join(".git/backlog");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::write(&dir, "not a directory").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(events(&repo, "MS-4"), cold);
        repo.backlog(&["blame"]).code(0);
    }
}
