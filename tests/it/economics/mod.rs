//! `value`, `forecast`, `changelog`, the break-even and the spike clock, through the real
//! binary, against hand-computed expectations. Git histories are scripted with the git CLI
//! and fixed author and committer dates, far in the past, so no test depends on today.

use crate::support::{TestRepo, item_text};
use serde_json::Value;

mod bad_input;
mod break_even;
mod changelog;
mod forecast;
mod readme;
mod timebox;
mod wsjf;

/// Seconds since the epoch of midnight UTC on Monday 2024-01-01.
const MONDAY: i64 = 1_704_067_200;
const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;
const HOUR: i64 = 3_600;

/// Commits everything at a fixed time (author and committer), as `who` when given.
#[track_caller]
fn commit_at(repo: &TestRepo, seconds: i64, message: &str, who: Option<(&str, &str)>) {
    repo.git_ok(&["add", "-A"]);
    let date = format!("{seconds} +0000");
    let mut env = vec![
        ("GIT_AUTHOR_DATE", date.as_str()),
        ("GIT_COMMITTER_DATE", date.as_str()),
    ];
    if let Some((name, email)) = who {
        env.push(("GIT_AUTHOR_NAME", name));
        env.push(("GIT_AUTHOR_EMAIL", email));
    }
    let run = repo.git_env(&["commit", "-q", "-m", message], &env);
    assert_eq!(run.code, 0, "commit {message}: {}", run.stderr);
}

/// A story with the given extra frontmatter lines, in `state`.
fn story(title: &str, state: &str, extra: &str) -> String {
    item_text(
        &format!("title = \"{title}\"\nkind = \"story\"\nstate = \"{state}\"\n{extra}"),
        "\nNotes.\n",
    )
}

fn file(id: u32) -> String {
    format!("MS-{id}-item.md")
}

#[track_caller]
fn json(run: &crate::support::Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr))
}

/// Every number in a JSON document is finite (serde_json cannot even write NaN, but a null
/// where a number was promised would hide one).
fn walk_numbers(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Number(n) => out.push(n.as_f64().unwrap_or(f64::NAN)),
        Value::Array(a) => a.iter().for_each(|x| walk_numbers(x, out)),
        Value::Object(o) => o.values().for_each(|x| walk_numbers(x, out)),
        _ => {}
    }
}

#[track_caller]
fn all_finite(v: &Value) {
    let mut numbers = Vec::new();
    walk_numbers(v, &mut numbers);
    assert!(numbers.iter().all(|n| n.is_finite()), "{v}");
}
