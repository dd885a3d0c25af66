//! Unit tests: events and reasons over snapshots; timelines and the cache over real repositories.

use super::*;
use crate::git::CommitInfo;

fn snap(text: &str) -> Snapshot {
    Snapshot::parse(text)
}

fn commit(message: &str) -> CommitInfo {
    CommitInfo {
        commit: "c0ffee".into(),
        author: "Dana".into(),
        email: "dana@example.com".into(),
        time: "2026-11-21T08:00:00+00:00".into(),
        message: message.into(),
    }
}

type Summary = (
    String,
    Option<usize>,
    Option<usize>,
    Option<String>,
    &'static str,
);

fn reason_source(s: &str) -> &'static str {
    match s {
        "line" => "line",
        "trailer" => "trailer",
        _ => "subject",
    }
}

fn summary(events: &[Event]) -> Vec<Summary> {
    events
        .iter()
        .map(|e| {
            (
                e.id.clone(),
                e.from,
                e.to,
                e.reason.clone(),
                reason_source(&e.reason_source),
            )
        })
        .collect()
}

#[test]
fn moves_ranks_unranks_and_reason_edits() {
    let before = snap("MS-1 # a\nMS-2\nMS-3\nMS-4\n");
    let after = snap("MS-3 # now first\nMS-1 # a\nMS-2\nMS-5\n");
    let got = summary(&events(
        &commit("Reorder\n\nReason: Chicago"),
        &[&before],
        &after,
    ));
    assert_eq!(
        got,
        [
            (
                "MS-3".into(),
                Some(3),
                Some(1),
                Some("now first".into()),
                "line"
            ),
            (
                "MS-5".into(),
                None,
                Some(4),
                Some("Chicago".into()),
                "trailer"
            ),
            (
                "MS-4".into(),
                Some(4),
                None,
                Some("Chicago".into()),
                "trailer"
            ),
        ]
    );
    // A reason-only edit is an event with from == to.
    let after = snap("MS-1 # b\nMS-2\nMS-3\nMS-4\n");
    let got = summary(&events(&commit("Why"), &[&before], &after));
    assert_eq!(
        got,
        [("MS-1".into(), Some(1), Some(1), Some("b".into()), "line")]
    );
}

#[test]
fn shifting_is_not_an_event_and_subject_is_the_last_resort() {
    let before = snap("MS-1\nMS-2\n");
    let after = snap("MS-9\nMS-1\nMS-2\n");
    let got = summary(&events(&commit("Add MS-9 on top"), &[&before], &after));
    assert_eq!(
        got,
        [(
            "MS-9".into(),
            None,
            Some(1),
            Some("Add MS-9 on top".into()),
            "subject"
        )]
    );
}

#[test]
fn merges_own_only_what_differs_from_every_parent() {
    let base = snap("MS-1\nMS-2\nMS-3\nMS-4\n");
    let ours = snap("MS-2\nMS-1\nMS-3\nMS-4\n"); // main moved MS-2 up
    let theirs = snap("MS-1\nMS-2\nMS-4\nMS-3\n"); // the branch moved MS-4 up
    // The resolution put MS-4 on top: neither side did that, so the merge owns it; MS-2's
    // place came from main, so its event stays with main's commit.
    let merged = snap("MS-4\nMS-2\nMS-1\nMS-3\n");
    let got = summary(&events(&commit("Merge"), &[&ours, &theirs], &merged));
    assert_eq!(
        got,
        [(
            "MS-4".into(),
            Some(4),
            Some(1),
            Some("Merge".into()),
            "subject"
        )]
    );
    // A clean merge that takes each side's moves owns nothing.
    let clean = snap("MS-2\nMS-1\nMS-4\nMS-3\n");
    assert!(events(&commit("Merge"), &[&ours, &theirs], &clean).is_empty());
    let _ = base;
    assert!(events(&commit("Merge"), &[&ours, &theirs], &ours).is_empty());
}

#[test]
fn trailers() {
    let t = Trailers::parse(
        "Move things\n\nBody text.\n\nReason(MS-12): launch\nReason: general\nSigned-off-by: x",
    );
    assert_eq!(t.for_item("ms-12"), Some("launch"));
    assert_eq!(t.for_item("MS-1"), Some("general"));
    assert_eq!(
        Trailers::parse("Reason: in the subject").for_item("MS-1"),
        None
    );
}

mod over_repositories {
    use super::super::{timeline, timeline_cached};
    use crate::git::fixture::{Fixture, must};
    use serde_json::Value;

    const RANKING: &str = "backlog/ranking.txt";

    fn at(minutes: i64) -> (i64, i32) {
        (1_700_000_000 + minutes * 60, 60)
    }

    /// Ranks MS-1 and MS-2, touches something else, then moves MS-2 up with a trailer.
    fn three_commits(fx: &Fixture) -> [String; 3] {
        let a = fx.commit(&[], &[(RANKING, Some("MS-1\nMS-2\n"))], "Rank two", at(0));
        let b = fx.commit(&[&a], &[("README.md", Some("hi\n"))], "Docs", at(1));
        let c = fx.commit(
            &[&b],
            &[(RANKING, Some("MS-2 # demo day\nMS-1\n"))],
            "Move MS-2 up\n\nReason: launch",
            at(2),
        );
        [a, b, c]
    }

    /// The events as `history --format json` shows them.
    fn json(events: &[super::Event]) -> String {
        must(serde_json::to_string(events), "serialise")
    }

    fn cache_file(fx: &Fixture) -> std::path::PathBuf {
        fx.dir.path().join(".git/backlog/history.json")
    }

    /// The cache's JSON body (after the magic, version and checksum lines).
    fn read_cache(fx: &Fixture) -> Value {
        let text = must(std::fs::read_to_string(cache_file(fx)), "read cache");
        let body = text.splitn(4, '\n').nth(3).unwrap_or("");
        must(serde_json::from_str(body), "parse cache")
    }

    /// Writes `cache` back as a body with a valid checksum: a forgery as good as ours.
    fn write_cache(fx: &Fixture, cache: &Value) {
        let body = must(serde_json::to_string(cache), "serialise cache");
        let sum = crate::git::hash_bytes(body.as_bytes());
        let text = format!("backlog history cache\nversion 2\nsha1 {sum}\n{body}");
        must(std::fs::write(cache_file(fx), text), "write cache");
    }

    /// The reason of the first cached event.
    fn first_reason(cache: &mut Value) -> &mut Value {
        &mut cache["steps"][0]["events"][0]["reason"]
    }

    #[test]
    fn a_timeline_of_real_commits() {
        let fx = Fixture::new();
        let [a, _, c] = three_commits(&fx);
        let t = must(timeline(&fx.repo(), RANKING, &c, None), "timeline");
        let got: Vec<_> = t
            .events
            .iter()
            .map(|e| {
                let source = e.reason_source.as_str();
                (
                    e.commit.commit.as_str(),
                    e.id.as_str(),
                    e.from,
                    e.to,
                    e.reason.as_deref(),
                    source,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    a.as_str(),
                    "MS-1",
                    None,
                    Some(1),
                    Some("Rank two"),
                    "subject"
                ),
                (
                    a.as_str(),
                    "MS-2",
                    None,
                    Some(2),
                    Some("Rank two"),
                    "subject"
                ),
                (
                    c.as_str(),
                    "MS-2",
                    Some(2),
                    Some(1),
                    Some("demo day"),
                    "line"
                ),
            ]
        );
        assert_eq!(t.events[2].commit.time, "2023-11-14T23:15:20+01:00");
        assert!(t.events[2].explicit && t.events[2].moved);
        assert_eq!(t.shallow_boundary, None);
    }

    #[test]
    fn a_matching_cache_is_read_and_new_commits_extend_it() {
        let fx = Fixture::new();
        let [_, _, c] = three_commits(&fx);
        let repo = fx.repo();
        let cold = must(timeline_cached(&repo, RANKING, &c), "cold");
        assert_eq!(
            json(&cold.events),
            json(&must(timeline(&repo, RANKING, &c, None), "uncached").events)
        );
        // Mark the cached events: a warm read must return them as they are, without a walk.
        let mut cache = read_cache(&fx);
        assert_eq!(cache["head"], Value::from(c.as_str()));
        *first_reason(&mut cache) = Value::from("from the cache");
        write_cache(&fx, &cache);
        let warm = must(timeline_cached(&repo, RANKING, &c), "warm");
        assert_eq!(warm.events[0].reason.as_deref(), Some("from the cache"));
        assert_eq!(warm.events.len(), cold.events.len());

        // A commit on top walks only itself and keeps what was cached before it.
        let d = fx.commit(
            &[&c],
            &[(RANKING, Some("MS-2 # demo day\n"))],
            "Drop MS-1",
            at(3),
        );
        let more = must(timeline_cached(&repo, RANKING, &d), "extended");
        let full = must(timeline(&repo, RANKING, &d, None), "uncached");
        assert_eq!(more.events[0].reason.as_deref(), Some("from the cache"));
        assert_eq!(json(&more.events[1..]), json(&full.events[1..]));
        assert_eq!(read_cache(&fx)["head"], Value::from(d.as_str()));
    }

    #[test]
    fn a_cache_with_other_keys_is_rebuilt() {
        let fx = Fixture::new();
        let [a, _, c] = three_commits(&fx);
        // A rewritten history: this commit exists but is not an ancestor of `c`.
        let rebased = fx.commit(&[&a], &[(RANKING, Some("MS-1\n"))], "Elsewhere", at(5));
        let repo = fx.repo();
        let cold = json(&must(timeline(&repo, RANKING, &c, None), "uncached").events);
        must(timeline_cached(&repo, RANKING, &c), "first run");
        let good = read_cache(&fx);
        let keys = [
            ("program", Value::from("0.0.0")),
            ("path", Value::from("other/ranking.txt")),
            (
                "attribution",
                Value::from("0000000000000000000000000000000000000000"),
            ),
            ("head", Value::from(rebased.as_str())),
        ];
        for (key, value) in keys {
            let mut stale = good.clone();
            if key == "head" {
                stale[key] = value;
            } else {
                stale["key"][key] = value;
            }
            *first_reason(&mut stale) = Value::from("stale");
            write_cache(&fx, &stale);
            let got = must(timeline_cached(&repo, RANKING, &c), key);
            assert_eq!(
                json(&got.events),
                cold,
                "a cache with another {key} must not be used"
            );
            assert_eq!(read_cache(&fx), good, "rewritten after another {key}");
        }
    }

    #[test]
    fn a_truncated_or_foreign_cache_file_is_rebuilt() {
        let fx = Fixture::new();
        let [_, _, c] = three_commits(&fx);
        let repo = fx.repo();
        let cold = json(&must(timeline(&repo, RANKING, &c, None), "uncached").events);
        must(timeline_cached(&repo, RANKING, &c), "first run");
        let good = must(std::fs::read(cache_file(&fx)), "read cache");
        let foreign: [&[u8]; 4] = [
            &good[..good.len() / 2],
            b"",
            b"\x00\xffnot json",
            br#"{"version": 1, "events": []}"#,
        ];
        for bytes in foreign {
            must(std::fs::write(cache_file(&fx), bytes), "write cache");
            let got = must(timeline_cached(&repo, RANKING, &c), "rebuild");
            assert_eq!(
                json(&got.events),
                cold,
                "from {:?}",
                String::from_utf8_lossy(bytes)
            );
            assert_eq!(must(std::fs::read(cache_file(&fx)), "read cache"), good);
        }
    }

    #[test]
    fn a_cache_that_cannot_be_written_changes_nothing_but_speed() {
        let fx = Fixture::new();
        let [_, _, c] = three_commits(&fx);
        // A file where the cache directory should be: creating it fails.
        must(
            std::fs::write(fx.dir.path().join(".git/backlog"), ""),
            "block",
        );
        let repo = fx.repo();
        let cold = json(&must(timeline(&repo, RANKING, &c, None), "uncached").events);
        let got = must(timeline_cached(&repo, RANKING, &c), "uncachable");
        assert_eq!(json(&got.events), cold);
    }
}
