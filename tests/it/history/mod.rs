//! Tests for `backlog history`, `blame`, `diff` and `lint --since` on scripted repositories.
//!
//! Every event is compared in full (commit, author, email, from, to, reason, reason_source)
//! against the commit that the scenario expects to own it, and `time` against git's own
//! RFC 3339 author date of that commit.
//!
//! This file holds the scenario helpers and the oracles; the tests are by theme: merges,
//! authors (who and why), clones_and_heads (shallow, detached, unborn), diff, lint_since and
//! cache.

use crate::support::{TestRepo, draft_story, draft_with, ready_story};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};

mod abbrev;
mod ambiguity;
mod authors;
mod blame_merges;
mod cache;
mod cache_proofs;
mod clones_and_heads;
mod diff;
mod diff_closed;
mod hostile;
mod lint_since;
mod meaning;
mod merges;
mod order;
mod rank_evidence;

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
// Shared by several of the files below.

fn change(id: &str, kind: &str, from: Option<u64>, to: Option<u64>) -> Value {
    json!({"id": id, "change": kind, "from": from, "to": to})
}
