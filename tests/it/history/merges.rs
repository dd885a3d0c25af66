//! History across merges: which commit owns a move, for merges, merge resolutions and squash
//! merges.

use super::*;

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
