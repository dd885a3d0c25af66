//! `rank` leaves evidence of which item it moved (issue 17 §1): `git diff` of its write shows
//! the moved line removed and added wherever the bytes allow it, and for random single `rank`
//! operations history names the ranked item (or, where the bytes read both ways and nothing
//! else says which, marks the event ambiguous with the ranked item as the other reading).

use super::*;
use crate::support::Rng;

/// The `-`/`+` lines of `git diff` of ranking.txt (work tree against HEAD), without the
/// line ends.
fn diff_lines(repo: &TestRepo) -> (Vec<String>, Vec<String>) {
    let out = repo.git_ok(&["diff", "--no-color", "--", RANKING]);
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for line in out.lines() {
        if line.starts_with("---") || line.starts_with("+++") {
            continue;
        }
        let clean = |l: &str| l.trim_end_matches('\r').to_owned();
        if let Some(l) = line.strip_prefix('-') {
            removed.push(clean(l));
        } else if let Some(l) = line.strip_prefix('+') {
            added.push(clean(l));
        }
    }
    (removed, added)
}

#[test]
fn git_diff_of_a_rank_shows_the_moved_line() {
    for crlf in [false, true] {
        // (item, --to, the lines git shows removed and added)
        let cases: [(&str, &str, &str); 5] = [
            ("MS-2", "3", "MS-2"), // adjacent swap down: the moved line
            ("MS-1", "4", "MS-1"), // first to last
            ("MS-4", "1", "MS-4"), // last to first
            ("MS-3", "1", "MS-3"), // up two
            // Adjacent swap up: the bytes equal "MS-2 moved down", and git shows MS-2.
            ("MS-3", "2", "MS-2"),
        ];
        for (id, to, shown) in cases {
            let repo = setup(4);
            if crlf {
                let text = repo.read(RANKING).replace('\n', "\r\n");
                repo.ranking(&text);
                repo.commit("CRLF");
            }
            repo.backlog(&["rank", id, "--to", to]).code(0);
            if crlf {
                assert!(repo.read(RANKING).contains("\r\n"), "rank kept CRLF");
                assert!(!repo.read(RANKING).replace("\r\n", "").contains('\n'));
            }
            let (removed, added) = diff_lines(&repo);
            assert_eq!(
                (removed, added),
                (vec![shown.to_owned()], vec![shown.to_owned()]),
                "rank {id} --to {to} (crlf {crlf})"
            );
            // With a reason the moved line changes, so git always shows it.
            repo.git_ok(&["checkout", "-q", "--", RANKING]);
            repo.backlog(&["rank", id, "--to", to, "--reason", "why"])
                .code(0);
            let (removed, added) = diff_lines(&repo);
            assert_eq!(removed, [id], "rank {id} --to {to} --reason (crlf {crlf})");
            assert!(
                added.len() == 1 && added[0].starts_with(id) && added[0].ends_with("# why"),
                "{id} (crlf {crlf}): {added:?}"
            );
        }
    }
}

#[test]
fn history_names_the_item_a_random_rank_moved() {
    let mut rng = Rng::new();
    let seed = rng.seed();
    let n = 6;
    let repo = setup(n);
    let mut expected: Vec<(String, String, bool)> = Vec::new();
    for step in 0..14 {
        let before = ranked(&repo);
        let id = format!("MS-{}", rng.below(n) + 1);
        let from = before.iter().position(|i| *i == id).unwrap_or(0) + 1;
        let mut to = rng.below(n) + 1;
        if to == from {
            to = if from == n { 1 } else { from + 1 };
        }
        let with_reason = rng.below(2) == 0;
        let to_s = to.to_string();
        let mut args = vec!["rank", id.as_str(), "--to", to_s.as_str()];
        let reason = format!("step {step}");
        if with_reason {
            args.extend(["--reason", reason.as_str()]);
        }
        repo.backlog(&args).code(0);
        repo.commit(&format!("Step {step}"));
        expected.push((repo.head_id(), id, with_reason));
    }
    let all: Vec<Value> = (1..=n)
        .flat_map(|i| {
            history_doc(&repo, &format!("MS-{i}"))["events"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    for (commit, id, with_reason) in expected {
        let owned: Vec<&Value> = all
            .iter()
            .filter(|e| e["commit"] == commit.as_str())
            .collect();
        let moved: Vec<&str> = owned.iter().filter_map(|e| e["id"].as_str()).collect();
        let ambiguous = owned.iter().all(|e| e["ambiguous"] == true);
        if with_reason || moved == [id.as_str()] {
            assert_eq!(moved, [id.as_str()], "{seed}: commit {commit} ranked {id}");
            if with_reason {
                assert!(!ambiguous, "{seed}: a reason is evidence: {owned:?}");
            }
        } else {
            // The bytes read both ways: the event says so, and its other reading is the rank.
            assert!(
                ambiguous,
                "{seed}: {id} ranked, history says {moved:?}: {owned:?}"
            );
            let other: Vec<&str> = owned[0]["other_reading"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .filter_map(|m| m["id"].as_str())
                .collect();
            assert!(other.contains(&id.as_str()), "{seed}: {owned:?}");
        }
    }
}
