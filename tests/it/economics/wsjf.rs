//! WSJF, WSJF ranks, inversions and the half-effort share on 8 items computed by hand.

use super::{all_finite, file, json, story};
use crate::support::TestRepo;

/// (id, business value, time criticality, risk reduction, estimate), in ranking order.
/// CoD and WSJF by hand:
///   MS-1: 8+5+3=16 / 8 = 2      MS-2: 20+13+8=41 / 5 = 8.2   MS-3: 3+2+1=6 / 3 = 2
///   MS-4: 13+8+5=26 / 2 = 13    MS-5: 1+1+1=3 / 1 = 3        MS-6: 5+3+2=10 / 5 = 2
///   MS-7: 13+13+8=34 / 13 = 2.615...                          MS-8: 8+3+2=13 / 2 = 6.5
/// WSJF order (ties keep the ranking): MS-4 13, MS-2 8.2, MS-8 6.5, MS-5 3, MS-7 2.62,
/// MS-1 2, MS-3 2, MS-6 2.
const ITEMS: [(u32, u32, u32, u32, u32); 8] = [
    (1, 8, 5, 3, 8),
    (2, 20, 13, 8, 5),
    (3, 3, 2, 1, 3),
    (4, 13, 8, 5, 2),
    (5, 1, 1, 1, 1),
    (6, 5, 3, 2, 5),
    (7, 13, 13, 8, 13),
    (8, 8, 3, 2, 2),
];

fn fixture() -> TestRepo {
    let repo = TestRepo::with_backlog();
    let mut ranking = String::new();
    for (id, bv, tc, rr, est) in ITEMS {
        repo.item(
            &file(id),
            &story(
                &format!("Item {id}"),
                "draft",
                &format!(
                    "business_value = {bv}\ntime_criticality = {tc}\nrisk_reduction = {rr}\nestimate = {est}\n"
                ),
            ),
        );
        ranking.push_str(&format!("MS-{id}\n"));
    }
    repo.ranking(&ranking);
    repo
}

#[test]
fn wsjf_and_the_rank_it_would_give() {
    let repo = fixture();
    let run = repo.backlog(&["value", "--format", "json"]);
    run.code(0);
    let doc = json(&run);
    all_finite(&doc);
    let rows = doc["items"].as_array().expect("items");
    let got: Vec<(String, f64, f64, u64)> = rows
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or("").to_owned(),
                r["cost_of_delay"].as_f64().unwrap_or(-1.0),
                r["wsjf"].as_f64().unwrap_or(-1.0),
                r["wsjf_rank"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let want = [
        ("MS-1", 16.0, 2.0, 6),
        ("MS-2", 41.0, 8.2, 2),
        ("MS-3", 6.0, 2.0, 7),
        ("MS-4", 26.0, 13.0, 1),
        ("MS-5", 3.0, 3.0, 4),
        ("MS-6", 10.0, 2.0, 8),
        ("MS-7", 34.0, 2.62, 5),
        ("MS-8", 13.0, 6.5, 3),
    ];
    let want: Vec<(String, f64, f64, u64)> = want
        .iter()
        .map(|(i, c, w, r)| ((*i).to_owned(), *c, *w, *r))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn inversions_are_counted_and_sorted_by_the_delay_cost_they_cause() {
    let repo = fixture();
    let doc = json(&repo.backlog(&["value", "--format", "json", "--limit", "3"]));
    // Pairs (a above b) with WSJF(a) < WSJF(b), by hand:
    //   MS-1(2) < MS-2, MS-4, MS-5, MS-7, MS-8 → 5;  MS-2(8.2) < MS-4 → 1;
    //   MS-3(2) < MS-4, MS-5, MS-7, MS-8 → 4;  MS-5(3) < MS-8 → 1;  MS-6(2) < MS-7, MS-8 → 2;
    //   MS-7(2.62) < MS-8 → 1.  Total 14.
    assert_eq!(doc["inversion_count"], 14);
    // Delay cost CoD(b)·size(a) − CoD(a)·size(b); the three largest:
    //   MS-1/MS-2: 41·8 − 16·5 = 248;  MS-1/MS-4: 26·8 − 16·2 = 176;  MS-7/MS-8: 13·13 − 34·2 = 101.
    let top: Vec<(String, String, f64)> = doc["inversions"]
        .as_array()
        .expect("inversions")
        .iter()
        .map(|i| {
            (
                i["above"].as_str().unwrap_or("").to_owned(),
                i["below"].as_str().unwrap_or("").to_owned(),
                i["delay_cost"].as_f64().unwrap_or(0.0),
            )
        })
        .collect();
    assert_eq!(
        top,
        vec![
            ("MS-1".into(), "MS-2".into(), 248.0),
            ("MS-1".into(), "MS-4".into(), 176.0),
            ("MS-7".into(), "MS-8".into(), 101.0),
        ]
    );
    let text = repo.backlog(&["value", "--limit", "3"]);
    text.code(0);
    assert!(
        text.stdout
            .contains("#1 MS-1 (WSJF 2) is above #2 MS-2 (WSJF 8.2): 248 of delay cost waits"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("... and 11 more"), "{}", text.stdout);
}

#[test]
fn half_the_effort_in_ranking_order_and_in_wsjf_order() {
    let repo = fixture();
    let doc = json(&repo.backlog(&["value", "--format", "json"]));
    // Effort 8+5+3+2+1+5+13+2 = 39, half 19.5; cost of delay 149 in all.
    // Ranking: MS-1 8, MS-2 13, MS-3 16, MS-4 18, MS-5 19 (≤ 19.5), MS-6 would be 24: stop.
    //   16+41+6+26+3 = 92 → 61.74%.
    // WSJF: MS-4 2, MS-2 7, MS-8 9, MS-5 10, MS-7 23: stop. 26+41+13+3 = 83 → 55.70%.
    let h = &doc["half_effort"];
    assert_eq!(h["total_effort"], 39.0);
    assert_eq!(h["total_cost_of_delay"], 149.0);
    assert_eq!(h["ranking_percent"], 61.74);
    assert_eq!(h["wsjf_percent"], 55.7);
}

#[test]
fn suggest_prints_rank_commands_that_reach_wsjf_order_and_changes_nothing() {
    let repo = fixture();
    let before = repo.read("backlog/ranking.txt");
    let run = repo.backlog(&["value", "--suggest"]);
    run.code(0);
    let commands: Vec<&str> = run
        .stdout
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("backlog rank"))
        .collect();
    assert_eq!(
        commands.first().copied(),
        Some("backlog rank MS-4 --above MS-1 --reason \"WSJF 13\"")
    );
    assert_eq!(
        repo.read("backlog/ranking.txt"),
        before,
        "value never re-ranks"
    );
    // Running them gives the WSJF order, and then there is nothing left to suggest.
    for command in &commands {
        let (head, reason) = command.split_once(" --reason ").expect("a reason");
        let mut args: Vec<&str> = head.split_whitespace().skip(1).collect();
        args.extend(["--reason", reason.trim_matches('"')]);
        repo.backlog(&args).code(0);
    }
    let doc = json(&repo.backlog(&["value", "--format", "json"]));
    assert_eq!(doc["inversion_count"], 0, "{doc}");
    let order: Vec<&str> = doc["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|r| r["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        order,
        [
            "MS-4", "MS-2", "MS-8", "MS-5", "MS-7", "MS-1", "MS-3", "MS-6"
        ]
    );
}

#[test]
fn markdown_is_inert() {
    let repo = fixture();
    repo.item(
        &file(1),
        &story(
            "<img src=x> | @team [link](http://x)",
            "draft",
            "cost_of_delay = 16\nestimate = 8\n",
        ),
    );
    let run = repo.backlog(&["value", "--format", "markdown"]);
    run.code(0);
    assert!(!run.stdout.contains("<img"), "{}", run.stdout);
    assert!(!run.stdout.contains("[link](http"), "{}", run.stdout);
    assert!(
        run.stdout.contains("\\[link\\](http\\://x)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("&lt;img src=x> \\| `@`team"),
        "{}",
        run.stdout
    );
}
