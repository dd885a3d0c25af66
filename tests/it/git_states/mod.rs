//! Reliability tests: git_states.
//!
//! The git-state matrix of RELIABILITY.md §4 group D (goals R9–R11): each repository state is
//! built with the real `git`, and every command is run in it. Throughout, `lint` must give
//! byte-identical stdout, stderr and exit code to a lint of the same files in an ordinary clone
//! (it needs no git at all), and every other command must either work or exit 2 with a message
//! that says what is wrong, never panic and never change a file.
//!
//! The rows are in layouts.rs (D1–D9), ownership.rs (D10), in_progress.rs (D11, D12) and
//! formats_and_revisions.rs (D13–D21); this file holds the fixture and the shared checks.

use crate::support::{
    RawRun, TestRepo, draft_story, draft_with, files, hold_lock, ready_story, require_root,
};
use serde_json::Value;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

mod formats_and_revisions;
mod in_progress;
mod layouts;
mod ownership;

/// Environment overrides for `backlog_env`.
type Env<'a> = [(&'a str, &'a OsStr)];

const NO_ENV: &Env<'static> = &[];

/// A committed backlog (two ranking commits) whose lint finds an error and a warning: MS-4 is a
/// draft ranked among the top 5 (DOR errors) and MS-3 misspells `estimate` (FM011 warning).
fn origin() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-first.md", &ready_story("First"));
    repo.item("MS-2-second.md", &ready_story("Second"));
    repo.item("MS-3-third.md", &draft_with("Third", "estimte = 3\n"));
    repo.item("MS-4-fourth.md", &draft_story("Fourth"));
    repo.ranking("# Most important first.\nMS-1  # first\nMS-2\nMS-4\n");
    repo.commit("Start the backlog");
    repo.ranking(
        "# Most important first.\nMS-2  # lifted: the demo needs it\nMS-1  # first\nMS-4\n",
    );
    repo.commit("Lift MS-2");
    repo
}

fn path_str(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn file_url(repo: &TestRepo) -> String {
    format!("file://{}", path_str(repo.path()))
}

/// Copies every regular file below `from`'s `backlog/` into `to/backlog/`.
fn copy_backlog(from: &TestRepo, to: &Path) {
    for (rel, bytes) in files(&from.path().join("backlog")) {
        let dest = to.join("backlog").join(rel);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir {parent:?}: {e}"));
        }
        std::fs::write(&dest, bytes).unwrap_or_else(|e| panic!("copy to {dest:?}: {e}"));
    }
}

const LINT_FORMATS: [&str; 4] = ["human", "json", "github", "sarif"];

/// `lint` in every format: (exit code, stdout bytes, stderr bytes).
fn lint_runs(repo: &TestRepo, dir: &str, pre: &[&str], env: &Env) -> Vec<(i32, Vec<u8>, Vec<u8>)> {
    LINT_FORMATS
        .iter()
        .map(|format| {
            let mut args = pre.to_vec();
            args.extend(["lint", "--format", format]);
            let r = repo.backlog_env(dir, &args, env, &[]);
            (r.run.code, r.stdout, r.stderr)
        })
        .collect()
}

/// R9/R11: `lint` in `dir` of `other` (with `pre` global flags and `env`) prints exactly what it
/// prints in the top of `reference`, in every format: stdout, stderr and exit code.
#[track_caller]
fn assert_same_lint(
    reference: &TestRepo,
    other: &TestRepo,
    dir: &str,
    pre: &[&str],
    env: &Env,
    state: &str,
) {
    let want = lint_runs(reference, ".", &[], NO_ENV);
    let got = lint_runs(other, dir, pre, env);
    for ((format, w), g) in LINT_FORMATS.iter().zip(&want).zip(&got) {
        assert_eq!(
            w.0, 1,
            "the reference lint --format {format} finds the planted error"
        );
        assert!(
            w == g,
            "{state}: `lint --format {format}` differs from the same files in an ordinary clone\n\
             --- want (exit {})\n{}{}\n--- got (exit {})\n{}{}",
            w.0,
            String::from_utf8_lossy(&w.1),
            String::from_utf8_lossy(&w.2),
            g.0,
            String::from_utf8_lossy(&g.1),
            String::from_utf8_lossy(&g.2),
        );
    }
}

/// The events of `history MS-2 --format json`, which must succeed.
#[track_caller]
fn history_events(repo: &TestRepo, dir: &str, pre: &[&str], env: &Env) -> Value {
    let mut args = pre.to_vec();
    args.extend(["history", "MS-2", "--format", "json"]);
    let r = repo.backlog_env(dir, &args, env, &[]);
    r.run.code(0);
    r.run.json()["events"].clone()
}

/// The two events of MS-2 in `origin()`: ranked #2 by the first commit, lifted by the second.
#[track_caller]
fn origin_events(origin: &TestRepo) -> Value {
    let events = history_events(origin, ".", &[], NO_ENV);
    let list = events.as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 2, "{events}");
    assert_eq!(
        (&list[1]["from"], &list[1]["to"]),
        (&Value::from(2), &Value::from(1))
    );
    events
}

/// Runs a read-only or write command expecting exit 2 with a message; no panic, no raw
/// libgit2 dump without context.
#[track_caller]
fn assert_exit_2(run: &RawRun, needles: &[&str], what: &str) {
    assert_eq!(
        run.run.code, 2,
        "{what}: exit code\n--- stdout\n{}\n--- stderr\n{}",
        run.run.stdout, run.run.stderr
    );
    assert!(
        run.run.stderr.starts_with("error: "),
        "{what}: the message is an `error:` line:\n{}",
        run.run.stderr
    );
    for needle in needles {
        assert!(
            run.run.stderr.contains(needle),
            "{what}: stderr lacks {needle:?}:\n{}",
            run.run.stderr
        );
    }
    assert!(
        !run.run.stderr.contains("panicked") && !run.run.stderr.contains("RUST_BACKTRACE"),
        "{what}: {}",
        run.run.stderr
    );
}

fn run(repo: &TestRepo, dir: &str, args: &[&str]) -> RawRun {
    repo.backlog_env(dir, args, NO_ENV, &[])
}

/// The commands that need git, for "refuses cleanly" checks. The write commands come last.
const GIT_COMMANDS: [&[&str]; 6] = [
    &["history", "MS-2"],
    &["history", "MS-2", "--format", "json"],
    &["blame"],
    &["diff"],
    &["rank", "MS-4", "--top"],
    &["new", "story", "Refused"],
];
