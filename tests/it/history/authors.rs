//! Who and why, and what counts as an event: authors through .mailmap, reasons from the
//! ranking line, a `Reason:` trailer or the subject, reason-only edits, unranking, items that
//! only shift, and `--limit`.

use super::*;

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
        .stdout_has("#3 → unranked");
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
