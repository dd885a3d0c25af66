//! A spike's timebox on the calendar, from when git says it entered `doing`.

use super::{DAY, MONDAY, commit_at, file, json};
use crate::support::{TestRepo, item_text};

fn spike(state: &str) -> String {
    item_text(
        &format!(
            "title = \"Can we import the spreadsheets?\"\nkind = \"spike\"\nstate = \"{state}\"\nowner = \"marco@midwest.example\"\ntimebox = \"3d\"\n"
        ),
        "\n## Question\n\nHow long will it take?\n",
    )
}

/// A spike made ready on Monday 2024-01-01 and started (`doing`) on Wednesday 2024-01-03.
fn started() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item(&file(1), &spike("ready"));
    repo.ranking("MS-1\n");
    commit_at(&repo, MONDAY, "Add the spike", None);
    repo.item(&file(1), &spike("doing"));
    commit_at(&repo, MONDAY + 2 * DAY, "Start the spike", None);
    repo
}

fn at(repo: &TestRepo, now: &str, args: &[&str]) -> crate::support::Run {
    let mut cmd = repo.command();
    cmd.env("BACKLOG_NOW", now).args(args);
    let out = cmd.output().unwrap_or_else(|e| panic!("run backlog: {e}"));
    crate::support::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_spike_past_its_timebox_is_warned_about_with_its_line() {
    let repo = started();
    // 3d of working time is 3 × 8 h of a 40 h week: 4.2 calendar days. On 2024-01-13 the spike
    // has been doing for 10 days.
    let run = at(&repo, "2024-01-13", &["lint"]);
    assert_eq!(run.code, 0, "a warning: {}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("warning[ECO003]: MS-1 has been `doing` for 10.0 days (since 2024-01-03), past its timebox of 3d (4.2 days)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("MS-1-item.md:6:11"), "{}", run.stdout);
    let show = at(&repo, "2024-01-13", &["show", "MS-1"]);
    assert!(
        show.stdout.contains(
            "timebox    238% used: 10 of 4.2 days, `doing` since 2024-01-03 (past the timebox)"
        ),
        "{}",
        show.stdout
    );
    // Also without BACKLOG_NOW: today is long after 2024.
    let run = repo.backlog(&["lint"]);
    assert!(run.stdout.contains("ECO003"), "{}", run.stdout);
}

#[test]
fn inside_its_timebox_it_says_how_much_is_used_and_lint_is_quiet() {
    let repo = started();
    // Two days after it started: 2 of 4.2 days, 48%.
    let run = at(&repo, "2024-01-05", &["lint"]);
    assert!(!run.stdout.contains("ECO003"), "{}", run.stdout);
    let doc = json(&at(
        &repo,
        "2024-01-05",
        &["show", "MS-1", "--format", "json"],
    ));
    let t = &doc["item"]["timebox_used"];
    assert_eq!(t["since"], "2024-01-03");
    assert_eq!(t["elapsed_days"], 2.0);
    assert_eq!(t["timebox_days"], 4.2);
    assert_eq!(t["percent"], 48.0);
}

#[test]
fn no_clock_before_the_start_is_committed_or_outside_git() {
    let repo = TestRepo::with_backlog();
    repo.item(&file(1), &spike("doing"));
    repo.ranking("MS-1\n");
    // Not committed: git does not know when it started.
    let run = at(&repo, "2030-01-01", &["lint"]);
    assert!(!run.stdout.contains("ECO003"), "{}", run.stdout);
    let plain = TestRepo::plain();
    plain.backlog(&["init"]).code(0);
    plain.item(&file(1), &spike("doing"));
    let run = at(&plain, "2030-01-01", &["lint"]);
    assert!(!run.stdout.contains("ECO003"), "{}", run.stdout);
}
