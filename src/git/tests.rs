//! Unit tests of the git layer against real repositories built by `fixture`.

use super::fixture::{Fixture, must};
use super::*;

const RANKING: &str = "backlog/ranking.txt";
const T0: (i64, i32) = (1_700_000_000, 0);

fn at(minutes: i64) -> (i64, i32) {
    (T0.0 + minutes * 60, 0)
}

#[test]
fn rfc3339_formats() {
    assert_eq!(rfc3339(0, 0), "1970-01-01T00:00:00+00:00");
    assert_eq!(rfc3339(1_700_000_000, 60), "2023-11-14T23:13:20+01:00");
    assert_eq!(rfc3339(1_700_000_000, -330), "2023-11-14T16:43:20-05:30");
    assert_eq!(rfc3339(951_782_400, 0), "2000-02-29T00:00:00+00:00");
}

#[test]
fn rfc3339_crosses_days_years_and_signs() {
    // A negative offset moves the local time back across midnight and the epoch.
    assert_eq!(rfc3339(0, -60), "1969-12-31T23:00:00-01:00");
    // Under an hour west is still west: the sign comes from the offset, not its hours.
    assert_eq!(rfc3339(0, -30), "1969-12-31T23:30:00-00:30");
    assert_eq!(rfc3339(-1, 0), "1969-12-31T23:59:59+00:00");
    assert_eq!(rfc3339(1_704_067_199, 14 * 60), "2024-01-01T13:59:59+14:00");
    // 2100 is not a leap year: the day after 28 February is 1 March.
    assert_eq!(rfc3339(4_107_542_400, 0), "2100-03-01T00:00:00+00:00");
    assert_eq!(rfc3339(-62_135_596_800, 0), "0001-01-01T00:00:00+00:00");
}

#[test]
fn commit_info_keeps_the_authors_offset() {
    let fx = Fixture::new();
    let id = fx.commit(
        &[],
        &[(RANKING, Some("MS-1\n"))],
        "Rank MS-1\n\nReason: launch",
        (1_700_000_000, -330),
    );
    let info = must(fx.repo().commit_info(&id), "commit info");
    assert_eq!(info.commit, id);
    assert_eq!(info.author, "Dana");
    assert_eq!(info.email, "dana@example.com");
    assert_eq!(info.time, "2023-11-14T16:43:20-05:30");
    assert_eq!(info.message, "Rank MS-1\n\nReason: launch");
}

#[test]
fn authors_go_through_the_work_trees_mailmap() {
    let fx = Fixture::new();
    let id = fx.commit(&[], &[(RANKING, Some("MS-1\n"))], "Rank", T0);
    let before = fx.repo().mailmap_key();
    must(
        std::fs::write(
            fx.dir.path().join(".mailmap"),
            "Dana Scully <dana@fbi.example> <dana@example.com>\n",
        ),
        "write .mailmap",
    );
    let repo = fx.repo();
    assert_ne!(repo.mailmap_key(), before, "the cache key follows .mailmap");
    let info = must(repo.commit_info(&id), "commit info");
    assert_eq!(
        (info.author.as_str(), info.email.as_str()),
        ("Dana Scully", "dana@fbi.example")
    );
}

#[test]
fn file_history_keeps_only_commits_that_change_the_file() {
    let fx = Fixture::new();
    let a = fx.commit(&[], &[(RANKING, Some("MS-1\n"))], "Rank MS-1", at(0));
    let b = fx.commit(&[&a], &[("README.md", Some("hi\n"))], "Docs", at(1));
    let c = fx.commit(&[&b], &[(RANKING, Some("MS-2\nMS-1\n"))], "Move", at(2));
    let d = fx.commit(&[&c], &[(RANKING, None)], "Drop the ranking", at(3));
    let repo = fx.repo();

    let history = must(repo.file_history(RANKING, &d, None), "walk");
    let ids: Vec<&str> = history
        .steps
        .iter()
        .map(|s| s.info.commit.as_str())
        .collect();
    assert_eq!(ids, [a.as_str(), c.as_str(), d.as_str()], "oldest first");
    assert_eq!(history.steps[0].parents, Vec::<Option<String>>::new());
    assert_eq!(history.steps[1].parents, [history.steps[0].after.clone()]);
    assert_eq!(history.steps[2].after, None, "a removed file has no blob");
    assert_eq!(history.shallow_boundary, None);
    let text = history.steps[1].after.as_deref().map(|b| repo.blob_text(b));
    assert_eq!(
        must(text.transpose(), "blob").as_deref(),
        Some("MS-2\nMS-1\n")
    );

    // What `hide` reaches is not walked again.
    let since_b = must(repo.file_history(RANKING, &d, Some(&b)), "walk");
    let ids: Vec<&str> = since_b
        .steps
        .iter()
        .map(|s| s.info.commit.as_str())
        .collect();
    assert_eq!(ids, [c.as_str(), d.as_str()]);
}

#[test]
fn a_merge_is_a_step_only_when_it_differs_from_every_parent() {
    let fx = Fixture::new();
    let base = fx.commit(&[], &[(RANKING, Some("MS-1\nMS-2\n"))], "Base", at(0));
    let main = fx.commit(&[&base], &[("README.md", Some("hi\n"))], "Docs", at(1));
    let side = fx.commit(&[&base], &[(RANKING, Some("MS-2\nMS-1\n"))], "Swap", at(2));
    // Takes the side's ranking: that version is the side's commit's, not the merge's.
    let clean = fx.commit(
        &[&main, &side],
        &[(RANKING, Some("MS-2\nMS-1\n"))],
        "Merge",
        at(3),
    );
    let repo = fx.repo();
    let history = must(repo.file_history(RANKING, &clean, None), "walk");
    let ids: Vec<&str> = history
        .steps
        .iter()
        .map(|s| s.info.commit.as_str())
        .collect();
    // The merge is a step too (its parents' versions differ), so blame can follow the parent
    // whose version it kept; it owns no event (history's `events` decides that).
    assert_eq!(ids, [base.as_str(), side.as_str(), clean.as_str()]);

    // A resolution neither side wrote is the merge's own, with a blob per parent.
    let own = fx.commit(
        &[&main, &side],
        &[(RANKING, Some("MS-3\nMS-2\nMS-1\n"))],
        "Merge",
        at(4),
    );
    let history = must(repo.file_history(RANKING, &own, None), "walk");
    let last = history
        .steps
        .last()
        .map(|s| (s.info.commit.clone(), s.parents.len()));
    assert_eq!(last, Some((own, 2)));
}

#[test]
fn the_walk_stops_at_a_shallow_boundary_instead_of_ranking_anew() {
    let fx = Fixture::new();
    let a = fx.commit(&[], &[(RANKING, Some("MS-1\n"))], "Rank MS-1", at(0));
    let b = fx.commit(
        &[&a],
        &[(RANKING, Some("MS-1\nMS-2\n"))],
        "Rank MS-2",
        at(1),
    );
    let c = fx.commit(
        &[&b],
        &[(RANKING, Some("MS-2\nMS-1\n"))],
        "Move MS-2",
        at(2),
    );
    // What `git clone --depth 2` leaves: `shallow` names the oldest commit kept.
    must(
        std::fs::write(fx.dir.path().join(".git/shallow"), format!("{b}\n")),
        "write shallow",
    );
    let repo = fx.repo();
    assert!(repo.is_shallow());
    let history = must(repo.file_history(RANKING, &c, None), "walk");
    let ids: Vec<&str> = history
        .steps
        .iter()
        .map(|s| s.info.commit.as_str())
        .collect();
    // The boundary is no event (it would "rank" every item anew), and nothing past it is read.
    assert_eq!(ids, [c.as_str()]);
    assert_eq!(history.shallow_boundary, Some(b));
}

#[test]
fn trees_at_a_commit() {
    let fx = Fixture::new();
    let id = fx.commit(
        &[],
        &[
            (RANKING, Some("MS-1\n")),
            ("backlog/items/MS-1.md", Some("+++\n+++\n")),
            ("backlog/items/done/MS-2.md", Some("+++\n+++\n")),
        ],
        "Start",
        T0,
    );
    let repo = fx.repo();
    assert_eq!(
        must(repo.file_at(&id, RANKING), "file_at").as_deref(),
        Some("MS-1\n")
    );
    assert_eq!(must(repo.file_at(&id, "backlog/nope.txt"), "file_at"), None);
    let mut names: Vec<String> = must(repo.files_at(&id, "backlog/items"), "files_at")
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["MS-1.md", "done/MS-2.md"],
        "subdirectories included, by path"
    );
    assert!(must(repo.files_at(&id, "elsewhere"), "files_at").is_empty());
    assert_eq!(
        must(repo.file_bytes_at(&id, RANKING), "file_bytes_at"),
        Some(b"MS-1\n".to_vec())
    );
}

#[test]
fn revisions_that_do_not_name_a_commit() {
    let fx = Fixture::new();
    let a = fx.commit(&[], &[(RANKING, Some("MS-1\n"))], "Rank", T0);
    let repo = fx.repo();
    assert_eq!(must(repo.resolve(&a), "resolve"), a);
    match repo.resolve("nope") {
        Ok(c) => panic!("`nope` resolved to {c}"),
        Err(e) => assert!(e.to_string().starts_with("unknown revision `nope`"), "{e}"),
    }
    assert!(repo.is_ancestor(&a, &a));
    assert!(!repo.is_ancestor("not-an-id", &a));
}
