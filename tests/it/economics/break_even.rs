//! Debt break-even with the team's units: cost in hours a week, effort in points or days.

use super::{file, json};
use crate::support::{TestRepo, item_text};

fn debt(title: &str, cost: &str, effort: &str) -> String {
    item_text(
        &format!(
            "title = \"{title}\"\nkind = \"debt\"\nstate = \"draft\"\ncost_per_week = {cost}\nfix_effort = {effort}\n"
        ),
        "\n## Problem\n\nSlow.\n",
    )
}

#[test]
fn points_of_effort_against_hours_a_week() {
    let repo = TestRepo::with_backlog();
    repo.config_replace("effort_unit = \"hours\"", "effort_unit = \"points\"");
    repo.config_replace("hours_per_point = 4", "hours_per_point = 6");
    // 2 points × 6 h = 12 h of effort, 4 h lost a week: 3 weeks.
    repo.item(&file(1), &debt("Flaky deploys", "4", "2"));
    // 5 points × 6 h = 30 h, 2.5 h a week: 12 weeks.
    repo.item(&file(2), &debt("Slow tests", "2.5", "5"));
    repo.ranking("MS-2\nMS-1\n");
    let show = repo.backlog(&["show", "MS-1"]);
    show.code(0);
    assert!(
        show.stdout.contains("break-even 3.0 weeks"),
        "{}",
        show.stdout
    );
    let doc = json(&repo.backlog(&["show", "MS-2", "--format", "json"]));
    assert_eq!(doc["item"]["break_even_weeks"], 12.0);
    let value = json(&repo.backlog(&["value", "--format", "json"]));
    let weeks: Vec<f64> = value["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|r| r["break_even_weeks"].as_f64().unwrap_or(-1.0))
        .collect();
    assert_eq!(weeks, [12.0, 3.0]);
    // `list` carries the same figure, in priority order.
    let list = json(&repo.backlog(&["list", "--format", "json"]));
    let listed: Vec<(String, f64)> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or("").to_owned(),
                r["break_even_weeks"].as_f64().unwrap_or(-1.0),
            )
        })
        .collect();
    assert_eq!(listed, [("MS-2".into(), 12.0), ("MS-1".into(), 3.0)]);
}

#[test]
fn days_of_effort_and_points_of_cost() {
    let repo = TestRepo::with_backlog();
    repo.config_replace("cost_unit = \"hours\"", "cost_unit = \"points\"");
    repo.config_replace("effort_unit = \"hours\"", "effort_unit = \"days\"");
    // 3 days × 8 h = 24 h; 1 point a week × 4 h = 4 h: 6 weeks.
    repo.item(&file(1), &debt("Manual release notes", "1", "3"));
    repo.ranking("MS-1\n");
    let doc = json(&repo.backlog(&["show", "MS-1", "--format", "json"]));
    assert_eq!(doc["item"]["break_even_weeks"], 6.0);
}

#[test]
fn a_debt_that_pays_back_soon_but_waits_is_flagged_only_when_the_rule_is_on() {
    let repo = TestRepo::with_backlog();
    repo.config_replace("break_even_top = 10", "break_even_top = 1");
    repo.config_replace("top = 5", "top = 0");
    repo.item(&file(1), &debt("Flaky deploys", "4", "8"));
    repo.item(&file(2), &debt("Slow tests", "1", "40"));
    repo.ranking("MS-2\nMS-1\n");
    // Off by default.
    let run = repo.backlog(&["lint"]);
    assert!(!run.stdout.contains("ECO002"), "{}", run.stdout);
    repo.config_replace("[rules]\n", "[rules]\nECO002 = \"warning\"\n");
    let run = repo.backlog(&["lint"]);
    run.code(0);
    assert!(
        run.stdout.contains("warning[ECO002]: MS-1 pays for itself in 2 weeks (under 4), but is #2 of the open items, below the top 1"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("MS-1-item.md:6:1"), "{}", run.stdout);
    // MS-2 takes 40 weeks: not flagged.
    assert!(!run.stdout.contains("MS-2 pays"), "{}", run.stdout);
}
