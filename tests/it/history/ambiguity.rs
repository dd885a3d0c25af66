//! Which item moved, when a ranking edit reads two ways (issue 17 §1): the evidence in order
//! (a changed line, a `Reason(ID):` trailer, git's own diff, the tie-break), the events it
//! gives, and what `lint --since` says of them.

use super::*;

/// A repository whose START commit ranks MS-1..=MS-n in `first` order, on branch `pr` from
/// main; returns main's id.
fn start(n: usize, first: &[usize]) -> (TestRepo, String) {
    let repo = setup(n);
    order(&repo, first);
    repo.git_ok(&["add", "-A"]);
    repo.git_ok(&["commit", "-q", "--allow-empty", "-m", "Arrange"]);
    repo.git_ok(&["checkout", "-q", "-b", "pr"]);
    let base = repo.rev("main");
    (repo, base)
}

/// The events of `id` that `commit` owns, each as (from, to, reason_source, ambiguous,
/// other reading as `ID from→to` strings).
#[track_caller]
fn owned(repo: &TestRepo, id: &str, commit: &str) -> Vec<Value> {
    let doc = history_doc(repo, id);
    doc["events"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e["commit"] == commit)
        .map(|e| {
            json!({
                "from": e["from"],
                "to": e["to"],
                "source": e["reason_source"],
                "ambiguous": e["ambiguous"],
                "other": e["other_reading"],
            })
        })
        .collect()
}

fn moved(from: u64, to: u64, source: &str) -> Value {
    json!({"from": from, "to": to, "source": source, "ambiguous": false, "other": null})
}

fn ambiguous(from: u64, to: u64, other: Value) -> Value {
    json!({"from": from, "to": to, "source": "subject", "ambiguous": true, "other": other})
}

/// `lint --since main` findings as `RULE severity line message`.
#[track_caller]
fn since(repo: &TestRepo, code: i32) -> Vec<String> {
    let (run, findings) = repo.lint_json(&["--since", "main"]);
    run.code(code);
    findings
        .iter()
        .map(|f| format!("{} {} {} {}", f.rule, f.severity, f.line, f.message))
        .collect()
}

fn short(commit: &str) -> &str {
    &commit[..8]
}

#[test]
fn the_reported_swap_blames_the_item_that_was_ranked() {
    // Ranking MS-2, MS-3, MS-1; `rank MS-3 --to 3` moves MS-3 down one place.
    let (repo, _) = start(3, &[2, 3, 1]);
    repo.backlog(&["rank", "MS-3", "--to", "3"]).code(0);
    assert_eq!(ranked(&repo), ["MS-2", "MS-1", "MS-3"]);
    repo.commit_as(DANA.0, DANA.1, "Sink MS-3");
    let sink = repo.head_id();
    assert_eq!(owned(&repo, "MS-1", &sink), Vec::<Value>::new());
    assert_eq!(
        owned(&repo, "MS-3", &sink),
        [ambiguous(2, 3, json!([{"id": "MS-1", "from": 3, "to": 2}]))]
    );
    // Text marks the reading and names the other one.
    repo.backlog(&["history", "MS-3"])
        .code(0)
        .stdout_has("#2 → #3 (down 1)")
        .stdout_has("(ambiguous: or MS-1 #3 → #2)");
    repo.backlog(&["history", "MS-1"])
        .code(0)
        .lacks(short(&sink));
    // Blame credits MS-3's line to the commit, and MS-1's to the one before.
    let blame = assert_blame_agrees(&repo);
    assert_eq!(blame[2]["id"], "MS-3");
    assert_eq!(blame[2]["commit"], sink.as_str());
    assert_ne!(blame[1]["commit"], sink.as_str());
    // The policy cannot tell whether MS-1 moved up without a reason: a warning, not an error.
    assert_eq!(
        since(&repo, 0),
        [format!(
            "POL004 warning 4 MS-3 moved down (#2 → #3) or MS-1 moved up (#3 → #2) in {} by {} <{}>: state which with a `Reason(MS-3):` trailer",
            short(&sink),
            DANA.0,
            DANA.1
        )]
    );
}

#[test]
fn a_swap_with_a_trailer_reads_as_the_trailer_says_both_ways() {
    for (mover, other, expected) in [
        ("MS-1", "MS-3", (3, 2)), // MS-1 moved up
        ("MS-3", "MS-1", (2, 3)), // MS-3 moved down
    ] {
        let (repo, _) = start(3, &[2, 3, 1]);
        order(&repo, &[2, 1, 3]);
        repo.commit(&format!("Swap\n\nReason({mover}): the launch"));
        let swap = repo.head_id();
        assert_eq!(
            owned(&repo, mover, &swap),
            [moved(expected.0, expected.1, "trailer")],
            "{mover}"
        );
        assert_eq!(owned(&repo, other, &swap), Vec::<Value>::new(), "{other}");
        assert_eq!(since(&repo, 0), Vec::<String>::new(), "{mover}");
    }
}

#[test]
fn a_swap_up_with_a_reason_on_the_line_is_the_lines_item() {
    // rank MS-1 --to 2 --reason: MS-1's line changed, so MS-1 is the mover.
    let (repo, _) = start(3, &[2, 3, 1]);
    repo.backlog(&["rank", "MS-1", "--to", "2", "--reason", "the launch"])
        .code(0);
    repo.commit("Lift MS-1");
    let lift = repo.head_id();
    assert_eq!(owned(&repo, "MS-1", &lift), [moved(3, 2, "line")]);
    assert_eq!(owned(&repo, "MS-3", &lift), Vec::<Value>::new());
    assert_eq!(since(&repo, 0), Vec::<String>::new());
}

#[test]
fn a_swap_up_without_any_evidence_is_a_warning_naming_both() {
    // `rank MS-1 --to 2` writes the same bytes as "MS-3 moved down": git's diff reads it
    // that way, and the policy warns that the move may have been MS-1's, up.
    let (repo, _) = start(3, &[2, 3, 1]);
    repo.backlog(&["rank", "MS-1", "--to", "2"]).code(0);
    repo.commit("Lift MS-1");
    let lift = repo.head_id();
    assert_eq!(
        owned(&repo, "MS-3", &lift),
        [ambiguous(2, 3, json!([{"id": "MS-1", "from": 3, "to": 2}]))]
    );
    let found = since(&repo, 0);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("POL004 warning"), "{found:?}");
    assert!(!found.iter().any(|f| f.starts_with("POL001")), "{found:?}");
}

#[test]
fn a_rotation_of_three_has_one_reading() {
    // MS-1 to the bottom: unique, a move down, nothing to say.
    let (repo, _) = start(3, &[1, 2, 3]);
    order(&repo, &[2, 3, 1]);
    repo.commit("Sink MS-1");
    let sink = repo.head_id();
    assert_eq!(owned(&repo, "MS-1", &sink), [moved(1, 3, "subject")]);
    assert_eq!(owned(&repo, "MS-2", &sink), Vec::<Value>::new());
    assert_eq!(since(&repo, 0), Vec::<String>::new());
    // MS-3 to the top: unique, a move up without a reason is POL001 (an error).
    let (repo, _) = start(3, &[1, 2, 3]);
    order(&repo, &[3, 1, 2]);
    repo.commit("Lift MS-3");
    let lift = repo.head_id();
    assert_eq!(owned(&repo, "MS-3", &lift), [moved(3, 1, "subject")]);
    assert_eq!(
        since(&repo, 1),
        [format!(
            "POL001 error 2 MS-3 moved up (#3 → #1 (up 2)) in {} by {} <{}> without a stated reason",
            short(&lift),
            DANA.0,
            DANA.1
        )]
    );
    // With a trailer, the same edit passes.
    let (repo, _) = start(3, &[1, 2, 3]);
    order(&repo, &[3, 1, 2]);
    repo.commit("Lift MS-3\n\nReason(MS-3): the launch");
    let lift = repo.head_id();
    assert_eq!(owned(&repo, "MS-3", &lift), [moved(3, 1, "trailer")]);
    assert_eq!(since(&repo, 0), Vec::<String>::new());
}

#[test]
fn a_move_across_a_block_of_unchanged_lines() {
    // MS-6 over five unchanged lines to the top: one reading.
    let (repo, _) = start(6, &[1, 2, 3, 4, 5, 6]);
    order(&repo, &[6, 1, 2, 3, 4, 5]);
    repo.commit("Lift MS-6\n\nReason(MS-6): Chicago");
    let lift = repo.head_id();
    assert_eq!(owned(&repo, "MS-6", &lift), [moved(6, 1, "trailer")]);
    for i in 1..=5 {
        assert_eq!(owned(&repo, &format!("MS-{i}"), &lift), Vec::<Value>::new());
    }
    assert_eq!(since(&repo, 0), Vec::<String>::new());
    // Two lines over two others: "MS-1, MS-2 moved down" or "MS-3, MS-4 moved up".
    let (repo, _) = start(4, &[1, 2, 3, 4]);
    order(&repo, &[3, 4, 1, 2]);
    repo.commit("Reorder");
    let re = repo.head_id();
    let other = json!([
        {"id": "MS-3", "from": 3, "to": 1},
        {"id": "MS-4", "from": 4, "to": 2},
    ]);
    assert_eq!(owned(&repo, "MS-1", &re), [ambiguous(1, 3, other.clone())]);
    assert_eq!(owned(&repo, "MS-2", &re), [ambiguous(2, 4, other)]);
    assert_eq!(owned(&repo, "MS-3", &re), Vec::<Value>::new());
    assert_eq!(
        since(&repo, 0),
        [format!(
            "POL004 warning 4 MS-1 moved down (#1 → #3) and MS-2 moved down (#2 → #4) or MS-3 moved up (#3 → #1) and MS-4 moved up (#4 → #2) in {} by {} <{}>: state which with a `Reason(MS-1):` trailer",
            short(&re),
            DANA.0,
            DANA.1
        )]
    );
    // The same edit with trailers for MS-3 and MS-4 reads as their moves up, explained.
    let (repo, _) = start(4, &[1, 2, 3, 4]);
    order(&repo, &[3, 4, 1, 2]);
    repo.commit("Reorder\n\nReason(MS-3): first\nReason(MS-4): second");
    let re = repo.head_id();
    assert_eq!(owned(&repo, "MS-3", &re), [moved(3, 1, "trailer")]);
    assert_eq!(owned(&repo, "MS-4", &re), [moved(4, 2, "trailer")]);
    assert_eq!(owned(&repo, "MS-1", &re), Vec::<Value>::new());
    assert_eq!(since(&repo, 0), Vec::<String>::new());
}
