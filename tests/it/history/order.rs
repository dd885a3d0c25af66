//! Event order is a defined total order (generation, committer time, commit id), so a cache
//! extended commit by commit across random merge histories answers exactly like a cold walk.

use super::cache_proofs::{N, answers, cold, set_order};
use crate::support::{TestRepo, draft_story};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    /// Commit this order on the current branch, with this committer time offset (skewed
    /// clocks: a child may be "older" than its parent).
    Commit(Vec<usize>, i64),
    /// Start a branch at the nth commit so far.
    Branch(usize),
    /// Switch to the nth branch.
    Switch(usize),
    /// Merge the nth branch into the current one, resolving with ours (0), theirs (1) or a
    /// new order.
    Merge(usize, u8, Vec<usize>, i64),
}

fn order() -> impl Strategy<Value = Vec<usize>> {
    Just((1..=N).collect::<Vec<_>>()).prop_shuffle()
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (order(), -3000i64..3000).prop_map(|(o, t)| Op::Commit(o, t)),
        1 => (0usize..32).prop_map(Op::Branch),
        1 => (0usize..8).prop_map(Op::Switch),
        2 => (0usize..8, 0u8..3, order(), -3000i64..3000)
            .prop_map(|(b, how, o, t)| Op::Merge(b, how, o, t)),
    ]
}

fn dated(repo: &TestRepo, args: &[&str], offset: i64) {
    let when = format!("{} +0000", 1_700_100_000 + offset);
    repo.git_env(
        args,
        &[("GIT_COMMITTER_DATE", &when), ("GIT_AUTHOR_DATE", &when)],
    )
    .code(0);
}

fn play(ops: &[Op]) -> TestRepo {
    let repo = TestRepo::with_backlog();
    for n in 1..=N {
        repo.item(&format!("MS-{n}-x.md"), &draft_story("x"));
    }
    set_order(&repo, &[1, 2, 3, 4], "start");
    repo.commit("start");
    let mut commits = vec![repo.head_id()];
    let mut branches = vec!["main".to_owned()];
    for (i, op) in ops.iter().enumerate() {
        match op {
            Op::Commit(order, t) => {
                set_order(&repo, order, &format!("c{i}"));
                repo.git_ok(&["add", "-A"]);
                dated(&repo, &["commit", "-q", "-m", &format!("c{i}")], *t);
            }
            Op::Branch(at) => {
                let name = format!("b{i}");
                let at = &commits[at % commits.len()];
                repo.git_ok(&["checkout", "-q", "-b", &name, at]);
                branches.push(name);
            }
            Op::Switch(n) => {
                repo.git_ok(&["checkout", "-q", &branches[n % branches.len()]]);
            }
            Op::Merge(n, how, order, t) => {
                let other = &branches[n % branches.len()];
                let run =
                    repo.git_run(&["merge", "-q", "--no-ff", "--no-commit", "-s", "ours", other]);
                if run.code != 0 {
                    continue; // Already merged, or the branch itself.
                }
                match how {
                    0 => {}
                    1 => {
                        let theirs =
                            repo.git_ok(&["show", &format!("{other}:backlog/ranking.txt")]);
                        repo.ranking(&theirs);
                    }
                    _ => set_order(&repo, order, &format!("m{i}")),
                }
                repo.git_ok(&["add", "-A"]);
                dated(
                    &repo,
                    &["commit", "-q", "--allow-empty", "-m", &format!("m{i}")],
                    *t,
                );
            }
        }
        commits.push(repo.head_id());
        // Warm after every step: the cache is extended commit by commit (or rebuilt on a
        // switch), never recomputed from scratch at the end.
        answers(&repo);
    }
    repo
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn warm_equals_cold_over_random_merge_histories(ops in proptest::collection::vec(op(), 4..12)) {
        let repo = play(&ops);
        let expected = cold(&repo);
        let (warm, _) = answers(&repo);
        prop_assert_eq!(warm, expected, "ops: {:?}", ops);
    }
}
