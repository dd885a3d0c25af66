//! Event order is a defined total order (generation, committer time, commit id), so a cache
//! extended commit by commit across random merge histories answers exactly like a cold walk.

use super::cache_proofs::{N, answers, cold, set_order};
use crate::support::{TestRepo, draft_story};
use proptest::prelude::*;

/// One round of a random merge history: a branch from an earlier commit, commits on it and on
/// the current line, then a merge resolved with ours (0), theirs (1) or a new order (2).
/// Committer times are skewed: a child may be "older" than its parent.
#[derive(Debug, Clone)]
struct Round {
    from: usize,
    side: Vec<(Vec<usize>, i64)>,
    main: Vec<(Vec<usize>, i64)>,
    how: u8,
    resolution: Vec<usize>,
    when: i64,
    /// Warm up the cache before the merge (so the merge extends it), or not.
    warm_first: bool,
}

fn order() -> impl Strategy<Value = Vec<usize>> {
    Just((1..=N).collect::<Vec<_>>()).prop_shuffle()
}

fn commits() -> impl Strategy<Value = Vec<(Vec<usize>, i64)>> {
    proptest::collection::vec((order(), -3000i64..3000), 0..3)
}

fn round() -> impl Strategy<Value = Round> {
    (
        0usize..16,
        commits(),
        commits(),
        0u8..3,
        order(),
        -3000i64..3000,
        any::<bool>(),
    )
        .prop_map(
            |(from, side, main, how, resolution, when, warm_first)| Round {
                from,
                side,
                main,
                how,
                resolution,
                when,
                warm_first,
            },
        )
}

fn dated(repo: &TestRepo, args: &[&str], offset: i64) {
    let when = format!("{} +0000", 1_700_100_000 + offset);
    repo.git_env(
        args,
        &[("GIT_COMMITTER_DATE", &when), ("GIT_AUTHOR_DATE", &when)],
    )
    .code(0);
}

fn commit(repo: &TestRepo, order: &[usize], when: i64, message: &str) {
    set_order(repo, order, message);
    repo.git_ok(&["add", "-A"]);
    dated(
        repo,
        &["commit", "-q", "--allow-empty", "-m", message],
        when,
    );
}

fn play(rounds: &[Round]) -> TestRepo {
    let repo = TestRepo::with_backlog();
    for n in 1..=N {
        repo.item(&format!("MS-{n}-x.md"), &draft_story("x"));
    }
    set_order(&repo, &[1, 2, 3, 4], "start");
    repo.commit("start");
    let mut line = vec![repo.head_id()];
    for (r, round) in rounds.iter().enumerate() {
        let branch = format!("side{r}");
        let from = line[round.from % line.len()].clone();
        repo.git_ok(&["checkout", "-q", "-b", &branch, &from]);
        for (k, (order, when)) in round.side.iter().enumerate() {
            commit(&repo, order, *when, &format!("side {r}.{k}"));
        }
        repo.git_ok(&["checkout", "-q", "main"]);
        for (k, (order, when)) in round.main.iter().enumerate() {
            commit(&repo, order, *when, &format!("main {r}.{k}"));
            line.push(repo.head_id());
        }
        if round.warm_first {
            answers(&repo);
        }
        repo.git_ok(&[
            "merge",
            "-q",
            "--no-ff",
            "--no-commit",
            "-s",
            "ours",
            &branch,
        ]);
        match round.how {
            0 => {}
            1 => {
                let theirs = repo.git_ok(&["show", &format!("{branch}:backlog/ranking.txt")]);
                repo.ranking(&theirs);
            }
            _ => set_order(&repo, &round.resolution, &format!("merge {r}")),
        }
        repo.git_ok(&["add", "-A"]);
        dated(
            &repo,
            &["commit", "-q", "--allow-empty", "-m", &format!("merge {r}")],
            round.when,
        );
        line.push(repo.head_id());
        // The cache is extended merge by merge, never recomputed from scratch at the end.
        answers(&repo);
    }
    repo
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    #[test]
    fn warm_equals_cold_over_random_merge_histories(
        rounds in proptest::collection::vec(round(), 1..3)
    ) {
        let repo = play(&rounds);
        let expected = cold(&repo);
        let (warm, _) = answers(&repo);
        prop_assert_eq!(warm, expected, "rounds: {:?}", rounds);
    }
}
