//! The forecast on scripted histories with a known throughput.

use super::{HOUR, MONDAY, WEEK, all_finite, commit_at, file, json, story};
use crate::support::TestRepo;

/// `done[w]` items finished in week `w` (the first at 01:00 on its Monday, then hourly), after
/// a start commit a week before; then `open` more items, all ranked after the finished ones.
fn history(done: &[u32], open: u32) -> TestRepo {
    let repo = TestRepo::with_backlog();
    let finished: u32 = done.iter().sum();
    let mut ranking = String::new();
    for id in 1..=finished + open {
        repo.item(&file(id), &story(&format!("Item {id}"), "ready", ""));
        ranking.push_str(&format!("MS-{id}\n"));
    }
    repo.ranking(&ranking);
    commit_at(&repo, MONDAY - WEEK, "Start", None);
    let mut id = 1;
    for (week, count) in done.iter().enumerate() {
        for k in 1..=*count {
            repo.item(&file(id), &story(&format!("Item {id}"), "done", ""));
            let when = MONDAY + i64::try_from(week).unwrap_or(0) * WEEK + i64::from(k) * HOUR;
            commit_at(&repo, when, &format!("Finish MS-{id}"), None);
            id += 1;
        }
    }
    repo
}

fn percentile(doc: &serde_json::Value, row: usize, p: &str) -> (u64, String) {
    let at = &doc["items"][row][p];
    (
        at["weeks"].as_u64().unwrap_or(0),
        at["date"].as_str().unwrap_or("").to_owned(),
    )
}

#[test]
fn three_a_week_for_eight_weeks_puts_the_twelfth_item_four_weeks_out() {
    let repo = history(&[3; 8], 15);
    // The twelfth open ranked item is MS-36 (24 finished ones are ranked above but closed).
    let run = repo.backlog(&["forecast", "MS-36", "--seed", "7", "--format", "json"]);
    run.code(0);
    let doc = json(&run);
    all_finite(&doc);
    assert_eq!(doc["history"]["weeks"], 8);
    assert_eq!(doc["history"]["per_week"], serde_json::json!(vec![3.0; 8]));
    assert_eq!(doc["items"][0]["open_rank"], 12);
    // 12 items at 3 a week: 4 weeks after the last commit (Monday 2024-02-19, 03:00).
    assert_eq!(doc["as_of"], "2024-02-19");
    for p in ["p50", "p85", "p95"] {
        assert_eq!(percentile(&doc, 0, p), (4, "2024-03-18".to_owned()), "{p}");
    }
    let again = repo.backlog(&["forecast", "MS-36", "--seed", "7", "--format", "json"]);
    assert_eq!(
        again.stdout, run.stdout,
        "the same seed gives the same forecast"
    );
}

/// Weeks of 2 and 4 alternate, so a simulated week draws 2 or 4 with even odds. Reaching 12
/// items takes 3 weeks only with three 4s (1/8), at most 4 weeks with at least two 4s in four
/// (11/16), at most 5 weeks with at least one 4 in five (31/32): p50 is 4 weeks, p85 and
/// p95 are 5. The odds sit far from 50, 85 and 95 of 100, so 10,000 runs cannot miss.
#[test]
fn a_varied_throughput_gives_the_percentiles_the_odds_say() {
    let repo = history(&[2, 4, 2, 4, 2, 4, 2, 4], 15);
    let run = repo.backlog(&[
        "forecast", "--top", "12", "--seed", "11", "--format", "json",
    ]);
    run.code(0);
    let doc = json(&run);
    assert_eq!(doc["items"].as_array().map(Vec::len), Some(12));
    assert_eq!(doc["history"]["mean_per_week"], 3.0);
    let weeks = |p| percentile(&doc, 11, p).0;
    assert_eq!((weeks("p50"), weeks("p85"), weeks("p95")), (4, 5, 5));
    // The first item: one week in every run.
    assert_eq!(percentile(&doc, 0, "p95").0, 1);
    let text = repo.backlog(&["forecast", "--top", "12", "--seed", "11"]);
    text.code(0);
    assert!(
        text.stdout.contains("10000 runs, seed 11"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("8 weeks of history, 3 items a week on average"),
        "{}",
        text.stdout
    );
}

#[test]
fn an_open_spike_above_widens_the_range() {
    let repo = history(&[2, 4, 2, 4, 2, 4, 2, 4], 15);
    let plain = json(&repo.backlog(&["forecast", "MS-36", "--seed", "3", "--format", "json"]));
    // The first open item becomes a spike: what it finds may add work below it.
    repo.item(
        &file(25),
        &crate::support::item_text(
            "title = \"Spike\"\nkind = \"spike\"\nstate = \"ready\"\n",
            "\n## Question\n\nHow?\n",
        ),
    );
    let spiked = json(&repo.backlog(&["forecast", "MS-36", "--seed", "3", "--format", "json"]));
    assert_eq!(spiked["items"][0]["spikes_above"], 1);
    assert!(
        percentile(&spiked, 0, "p95").0 > percentile(&plain, 0, "p95").0,
        "{spiked} vs {plain}"
    );
}

#[test]
fn a_short_history_is_said_instead_of_a_guess() {
    let repo = history(&[3, 3], 5);
    let run = repo.backlog(&["forecast"]);
    run.code(0);
    assert!(
        run.stdout.contains("No forecast: the history is too short: 2 weeks of throughput in git, and the team asks for at least 4"),
        "{}",
        run.stdout
    );
    let doc = json(&repo.backlog(&["forecast", "--format", "json"]));
    assert_eq!(doc["items"], serde_json::json!([]));
    assert!(doc["no_forecast"].is_string());
    // Nothing finished at all.
    let empty = history(&[], 3);
    let run = empty.backlog(&["forecast"]);
    run.code(0);
    assert!(
        run.stdout.contains("0 weeks of throughput"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_item_that_is_not_open_and_ranked_is_refused() {
    let repo = history(&[3; 4], 2);
    let run = repo.backlog(&["forecast", "MS-1"]);
    run.code(2);
    assert!(
        run.stderr.contains("MS-1 is not an open ranked item"),
        "{}",
        run.stderr
    );
}
