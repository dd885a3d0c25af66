//! Economics that cannot be weighed: a finding with line:column, never NaN or a crash.

use super::{all_finite, file, json, story};
use crate::support::TestRepo;

fn lint_with(extra: &str) -> crate::support::Run {
    let repo = TestRepo::with_backlog();
    repo.item(&file(1), &story("Weighed", "draft", extra));
    repo.ranking("MS-1\n");
    let run = repo.backlog(&["lint"]);
    // value and its JSON stay whole whatever the numbers.
    let value = repo.backlog(&["value", "--format", "json"]);
    value.code(0);
    all_finite(&json(&value));
    run
}

#[track_caller]
fn finds(extra: &str, wanted: &str) {
    let run = lint_with(extra);
    run.code(1);
    assert!(run.stdout.contains(wanted), "{extra:?}:\n{}", run.stdout);
}

#[test]
fn negative_or_non_numeric_economics_are_type_errors_at_the_value() {
    finds(
        "business_value = -3\n",
        "error[FM007]: `business_value` must be a number from 0 up, found an integer",
    );
    finds("business_value = -3\n", "MS-1-item.md:5:18");
    finds(
        "cost_of_delay = \"lots\"\n",
        "error[FM007]: `cost_of_delay` must be a number from 0 up, found a string",
    );
    finds("estimate_low = -1.5\n", "MS-1-item.md:5:16");
    finds(
        "cost_per_week = nan\n",
        "`cost_per_week` must be a number from 0 up",
    );
    finds(
        "cost_of_delay = inf\n",
        "`cost_of_delay` must be a number from 0 up",
    );
}

#[test]
fn a_zero_estimate_beside_a_cost_of_delay() {
    let extra = "cost_of_delay = 8\nestimate = 0\n";
    finds(
        extra,
        "error[ECO001]: MS-1: `estimate` is 0, so its cost of delay cannot be divided by its size",
    );
    finds(extra, "MS-1-item.md:6:12");
    // Without a cost of delay a zero estimate is no economics problem.
    let run = lint_with("estimate = 0\n");
    assert!(!run.stdout.contains("ECO001"), "{}", run.stdout);
}

#[test]
fn a_range_must_run_low_to_high_and_have_both_ends() {
    finds(
        "estimate_low = 13\nestimate_high = 3\n",
        "error[ECO001]: MS-1: the estimate range runs backwards: `estimate_low` 13 is above `estimate_high` 3",
    );
    finds(
        "estimate_low = 13\nestimate_high = 3\n",
        "MS-1-item.md:5:16",
    );
    finds(
        "estimate_high = 3\n",
        "`estimate_high` without `estimate_low`: a range needs both ends",
    );
    finds(
        "estimate_low = 0\nestimate_high = 0\n",
        "the estimate range is 0",
    );
}

#[test]
fn components_on_the_scale_and_all_three() {
    finds(
        "business_value = 4\ntime_criticality = 1\nrisk_reduction = 1\nestimate = 1\n",
        "error[ECO001]: MS-1: `business_value` = 4 is not on the team's scale",
    );
    finds(
        "business_value = 5\nestimate = 2\n",
        "WSJF needs all three components; `time_criticality` and `risk_reduction` missing",
    );
    // A team scale.
    let repo = TestRepo::with_backlog();
    repo.config_replace("scale = [1, 2, 3, 5, 8, 13, 20]", "scale = [1, 4, 9]");
    repo.item(
        &file(1),
        &story(
            "x",
            "draft",
            "business_value = 4\ntime_criticality = 1\nrisk_reduction = 9\nestimate = 2\n",
        ),
    );
    repo.backlog(&["lint"]).code(0);
    let bad = TestRepo::with_backlog();
    bad.config_replace("hours_per_point = 4", "hours_per_point = 0");
    let run = bad.backlog(&["lint"]);
    run.code(1);
    assert!(
        run.stdout
            .contains("error[CFG002]: `hours_per_point` must be a number above 0"),
        "{}",
        run.stdout
    );
}
