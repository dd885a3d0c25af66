//! Unit tests: events and reasons over snapshots.

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
