//! Snapshots of the text that people read: `--help` of the binary and of every subcommand, and
//! the text output of `show`, `list`, `history`, `blame`, `diff` and `lint`.
//!
//! Each snapshot is one file in `snapshots/` holding the exit code, stdout and stderr of one
//! run, so that any change to what a user sees shows up as a reviewable diff. The fixture is
//! built with the fixed authors and advancing clock of the test harness, so commit ids and
//! dates are the same on every run and nothing needs redacting. Regenerate after an intended
//! change with `SNAPSHOTS=overwrite cargo test --test it snapshots::` and review the diff.

use crate::support::{TestRepo, draft_story, ready_story};

/// The exit code, stdout and stderr of `backlog --color never ARGS`, as one text.
fn transcript(repo: &TestRepo, args: &[&str]) -> String {
    let mut all = vec!["--color", "never"];
    all.extend_from_slice(args);
    let mut cmd = repo.command();
    // clap wraps help at the terminal's width; pin it, since COLUMNS may leak in from a shell.
    cmd.env("COLUMNS", "100").args(&all);
    let output = cmd.output().unwrap_or_else(|e| panic!("run backlog: {e}"));
    let code = output
        .status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {output:?}"));
    format!(
        "$ backlog {}\nexit: {code}\n----- stdout\n{}----- stderr\n{}",
        all.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    )
}

// ---- Help -------------------------------------------------------------------------------------

/// Every subcommand that `backlog --help` lists, each with a `help_*` test below.
const SUBCOMMANDS: &[&str] = &[
    "init",
    "new",
    "list",
    "show",
    "search",
    "lint",
    "rank",
    "unrank",
    "renumber",
    "set",
    "start",
    "done",
    "drop",
    "edit",
    "history",
    "blame",
    "diff",
    "board",
    "serve",
    "import",
    "export",
    "value",
    "forecast",
    "changelog",
    "doctor",
    "merge-driver",
    "lsp",
    "completions",
    "man",
    "schema",
    "help",
];

/// The subcommand names of the `Commands:` section of `backlog --help`.
fn listed_subcommands() -> Vec<String> {
    let repo = TestRepo::plain();
    let run = repo.backlog(&["--help"]);
    run.code(0);
    let section = run
        .stdout
        .split_once("Commands:\n")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("no Commands: section:\n{}", run.stdout));
    section
        .lines()
        .take_while(|line| !line.trim().is_empty())
        // Entries are indented by two spaces; wrapped descriptions by more.
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_listed_subcommand_has_a_help_snapshot() {
    assert_eq!(
        listed_subcommands(),
        SUBCOMMANDS,
        "a subcommand was added or removed: update SUBCOMMANDS and the help_* tests"
    );
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/snapshots");
    for sub in SUBCOMMANDS {
        let file = dir.join(format!("help-{sub}.txt"));
        assert!(file.is_file(), "no help snapshot {}", file.display());
    }
}

#[test]
fn help() {
    let repo = TestRepo::plain();
    snapbox::assert_data_eq!(
        transcript(&repo, &["--help"]),
        snapbox::file!["snapshots/help.txt"]
    );
}

/// A test that `backlog ARGS` matches the snapshot file.
macro_rules! help_snapshot {
    ($($test:ident: [$($arg:literal),+] => $file:literal,)*) => {$(
        #[test]
        fn $test() {
            let repo = TestRepo::plain();
            snapbox::assert_data_eq!(
                transcript(&repo, &[$($arg),+]),
                snapbox::file![$file]
            );
        }
    )*};
}

help_snapshot! {
    help_init: ["init", "--help"] => "snapshots/help-init.txt",
    help_new: ["new", "--help"] => "snapshots/help-new.txt",
    help_list: ["list", "--help"] => "snapshots/help-list.txt",
    help_show: ["show", "--help"] => "snapshots/help-show.txt",
    help_search: ["search", "--help"] => "snapshots/help-search.txt",
    help_lint: ["lint", "--help"] => "snapshots/help-lint.txt",
    help_rank: ["rank", "--help"] => "snapshots/help-rank.txt",
    help_unrank: ["unrank", "--help"] => "snapshots/help-unrank.txt",
    help_renumber: ["renumber", "--help"] => "snapshots/help-renumber.txt",
    help_set: ["set", "--help"] => "snapshots/help-set.txt",
    help_start: ["start", "--help"] => "snapshots/help-start.txt",
    help_done: ["done", "--help"] => "snapshots/help-done.txt",
    help_drop: ["drop", "--help"] => "snapshots/help-drop.txt",
    help_edit: ["edit", "--help"] => "snapshots/help-edit.txt",
    help_history: ["history", "--help"] => "snapshots/help-history.txt",
    help_blame: ["blame", "--help"] => "snapshots/help-blame.txt",
    help_diff: ["diff", "--help"] => "snapshots/help-diff.txt",
    help_board: ["board", "--help"] => "snapshots/help-board.txt",
    help_serve: ["serve", "--help"] => "snapshots/help-serve.txt",
    help_import: ["import", "--help"] => "snapshots/help-import.txt",
    help_export: ["export", "--help"] => "snapshots/help-export.txt",
    help_value: ["value", "--help"] => "snapshots/help-value.txt",
    help_forecast: ["forecast", "--help"] => "snapshots/help-forecast.txt",
    help_changelog: ["changelog", "--help"] => "snapshots/help-changelog.txt",
    help_doctor: ["doctor", "--help"] => "snapshots/help-doctor.txt",
    help_merge_driver: ["merge-driver", "--help"] => "snapshots/help-merge-driver.txt",
    help_lsp: ["lsp", "--help"] => "snapshots/help-lsp.txt",
    help_completions: ["completions", "--help"] => "snapshots/help-completions.txt",
    help_man: ["man", "--help"] => "snapshots/help-man.txt",
    help_schema: ["schema", "--help"] => "snapshots/help-schema.txt",
    // clap's `help` takes no `--help` (it exits 2 with "unrecognized subcommand"); its own
    // help is `backlog help help`.
    help_help: ["help", "help"] => "snapshots/help-help.txt",
}

// ---- The fixture ------------------------------------------------------------------------------

const PRIYA: (&str, &str) = ("Priya Patel", "priya@midwest.example");
const OWEN: (&str, &str) = ("Owen Owner", "owen@midwest.example");

/// A debt item with its cost and effort, partly done.
const DEBT: &str = "+++\ntitle = \"Flaky CI\"\nkind = \"debt\"\nstate = \"refining\"\nowner = \"dana@midwest.example\"\ncost_per_week = 4\nfix_effort = 14\n+++\n\n## Problem\n\nReruns cost hours.\n\n## Acceptance criteria\n\n- [x] Measured\n- [ ] Fixed\n";

/// A backlog with history, committed in three steps (tags `v1`, `v2`, `v3`):
/// 1. Dana starts it: MS-1 (Ready), MS-2 (draft), MS-3 (debt) ranked; MS-4 untriaged.
/// 2. Priya moves MS-3 to the top with a reason, ranks MS-4 and makes MS-2 Ready.
/// 3. Owen unranks MS-2 and moves MS-1 up, the reason in a `Reason:` trailer.
///
/// The work tree then has one uncommitted move, for `blame` to show as not committed yet.
fn history_repo() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-view-teams.md", &ready_story("View teams"));
    repo.item("MS-2-import-rosters.md", &draft_story("Import rosters"));
    repo.item("MS-3-flaky-ci.md", DEBT);
    repo.item(
        "MS-4-sponsor-filter.md",
        &draft_story("Filter by sponsor").replace(
            "state = \"draft\"\n",
            "state = \"draft\"\ndepends_on = [\"MS-1\"]\n",
        ),
    );
    repo.ranking(
        "# Most important first.\nMS-1   # Chicago launch blocker: admins cannot see their teams\nMS-2\nMS-3   # cheap win\n",
    );
    repo.commit("Start the backlog");
    repo.git_ok(&["tag", "v1"]);

    repo.item("MS-2-import-rosters.md", &ready_story("Import rosters"));
    repo.ranking(
        "# Most important first.\nMS-3   # reruns cost 4 hours a week\nMS-1   # Chicago launch blocker: admins cannot see their teams\nMS-2\nMS-4\n",
    );
    repo.commit_as(PRIYA.0, PRIYA.1, "Fix CI before the launch");
    repo.git_ok(&["tag", "v2"]);

    repo.ranking(
        "# Most important first.\nMS-1   # Chicago launch blocker: admins cannot see their teams\nMS-3   # reruns cost 4 hours a week\nMS-4\n",
    );
    repo.commit_as(
        OWEN.0,
        OWEN.1,
        "Launch first\n\nReason: the launch date moved up a week",
    );
    repo.git_ok(&["tag", "v3"]);

    repo.ranking(
        "# Most important first.\nMS-1   # Chicago launch blocker: admins cannot see their teams\nMS-4   # sponsors asked twice\nMS-3   # reruns cost 4 hours a week\n",
    );
    repo
}

// ---- Commands on the fixture ------------------------------------------------------------------

#[test]
fn show() {
    let repo = history_repo();
    snapbox::assert_data_eq!(
        transcript(&repo, &["show", "MS-1"]),
        snapbox::file!["snapshots/show.txt"]
    );
}

#[test]
fn show_debt_with_missing_parts() {
    let repo = history_repo();
    snapbox::assert_data_eq!(
        transcript(&repo, &["show", "MS-3"]),
        snapbox::file!["snapshots/show-debt.txt"]
    );
}

#[test]
fn list() {
    let repo = history_repo();
    snapbox::assert_data_eq!(
        transcript(&repo, &["list"]),
        snapbox::file!["snapshots/list.txt"]
    );
}

#[test]
fn history() {
    let repo = history_repo();
    snapbox::assert_data_eq!(
        transcript(&repo, &["history", "MS-1"]),
        snapbox::file!["snapshots/history.txt"]
    );
}

#[test]
fn history_of_an_unranked_item() {
    let repo = history_repo();
    snapbox::assert_data_eq!(
        transcript(&repo, &["history", "MS-2"]),
        snapbox::file!["snapshots/history-unranked.txt"]
    );
}

#[test]
fn blame() {
    let repo = history_repo();
    snapbox::assert_data_eq!(
        transcript(&repo, &["blame"]),
        snapbox::file!["snapshots/blame.txt"]
    );
}

#[test]
fn diff() {
    let repo = history_repo();
    snapbox::assert_data_eq!(
        transcript(&repo, &["diff", "v1..v3", "--format", "text"]),
        snapbox::file!["snapshots/diff.txt"]
    );
}

#[test]
fn diff_of_one_step() {
    let repo = history_repo();
    snapbox::assert_data_eq!(
        transcript(&repo, &["diff", "v1..v2"]),
        snapbox::file!["snapshots/diff-one-step.txt"]
    );
}

// ---- Lint ---------------------------------------------------------------------------------------

/// A backlog with a few findings of different kinds: a TOML error, a misspelled field (a
/// warning), a Ready story that lacks what Ready needs, and a ranking line naming no item.
fn lint_repo() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-view-teams.md", &ready_story("View teams"));
    repo.item(
        "MS-2-import-rosters.md",
        "+++\ntitle = \"Import rosters\"\nkind = \"story\"\nstate = \"draft\"\nestimate = \"five\"\n+++\n",
    );
    repo.item(
        "MS-3-sponsor-filter.md",
        "+++\ntitle = \"Filter by sponsor\"\nkind = \"story\"\nstate = \"draft\"\nestimte = 3\n+++\n",
    );
    repo.item(
        "MS-4-export.md",
        "+++\ntitle = \"Export teams\"\nkind = \"story\"\nstate = \"ready\"\nestimate = 13\n+++\n\n## Acceptance criteria\n\n- [ ] CSV\n",
    );
    repo.ranking("# Most important first.\nMS-1\nMS-4   # sales demo\nMS-9\n");
    repo
}

#[test]
fn lint_human() {
    let repo = lint_repo();
    snapbox::assert_data_eq!(
        transcript(&repo, &["lint"]),
        snapbox::file!["snapshots/lint.txt"]
    );
}

#[test]
fn lint_human_clean() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-view-teams.md", &ready_story("View teams"));
    repo.item("MS-2-import-rosters.md", &draft_story("Import rosters"));
    repo.ranking("MS-1\n");
    snapbox::assert_data_eq!(
        transcript(&repo, &["lint"]),
        snapbox::file!["snapshots/lint-clean.txt"]
    );
}
