//! A closed stdout stops the output, never the verdict: each command whose exit code means
//! something exits the same with its reader gone (stdout a pipe closed before it starts) as
//! with it there, in every format.

use crate::support::TestRepo;

/// A committed backlog with findings: two errors and a ranking changed since HEAD.
fn with_errors() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-good.md", &crate::support::ready_story("Good"));
    repo.ranking("MS-1\n");
    repo.commit("base");
    for i in 2..=3 {
        repo.item(&format!("MS-{i}-bad.md"), "no frontmatter\n");
    }
    repo.ranking("MS-1\nMS-2\n");
    repo
}

#[track_caller]
fn same_verdict(repo: &TestRepo, args: &[&str], expected: i32) {
    let open = repo.backlog(args);
    assert_eq!(
        open.code, expected,
        "{args:?} with stdout open:\n{}",
        open.stderr
    );
    let closed = repo.backlog_closed_stdout(args);
    assert_eq!(
        closed.code, expected,
        "{args:?} with stdout closed must keep its exit code:\n{}",
        closed.stderr
    );
    assert!(
        !closed.stderr.contains("panicked"),
        "{args:?}: {}",
        closed.stderr
    );
    assert!(
        !closed.stderr.contains("Broken pipe"),
        "{args:?}: a closed pipe is not an error of its own:\n{}",
        closed.stderr
    );
}

#[test]
fn lint_keeps_exit_1_in_every_format_with_its_pipe_closed() {
    let repo = with_errors();
    for format in ["human", "json", "github", "sarif", "junit", "gitlab"] {
        same_verdict(&repo, &["lint", "--format", format], 1);
        same_verdict(&repo, &["lint", "--format", format, "--since", "HEAD"], 1);
        same_verdict(&repo, &["lint", "--format", format, "--deny-warnings"], 1);
    }
    // The job summary (the format CI reads besides the annotations), to a file.
    let summary = repo.path().join("summary.md");
    let summary = summary.to_string_lossy();
    same_verdict(&repo, &["lint", "--summary", &summary], 1);
    same_verdict(
        &repo,
        &[
            "lint",
            "--format",
            "github",
            "--since",
            "HEAD",
            "--summary",
            &summary,
        ],
        1,
    );
    assert!(repo.read("summary.md").contains("MS-2"));
}

#[test]
fn other_verdicts_survive_a_closed_pipe() {
    let repo = with_errors();
    // doctor with something to look at: a leftover temp file.
    repo.write("backlog/items/.backlog-tmp-1234", "x");
    same_verdict(&repo, &["doctor"], 1);
    // diff --exit-code: the ranking changed since HEAD.
    same_verdict(&repo, &["diff", "--exit-code", "HEAD"], 1);
    same_verdict(
        &repo,
        &["diff", "--exit-code", "HEAD", "--format", "json"],
        1,
    );
    // search that finds nothing, and show of an unknown item.
    same_verdict(&repo, &["search", "nothing-matches-this"], 1);
    same_verdict(&repo, &["show", "MS-99"], 2);
    // Clean commands stay clean.
    same_verdict(&repo, &["list", "--format", "json"], 0);
    same_verdict(&repo, &["show", "MS-1"], 0);
}

#[test]
fn a_real_pipe_into_true_keeps_the_verdict_under_pipefail() {
    let repo = with_errors();
    for format in ["human", "json", "github", "sarif", "junit", "gitlab"] {
        let run = repo.sh(&format!(
            "set -o pipefail; \"$BACKLOG\" lint --format {format} | true; echo \"status=$?\""
        ));
        assert!(
            run.stdout.contains("status=1"),
            "lint --format {format} | true: {}\n{}",
            run.stdout,
            run.stderr
        );
    }
}
