//! Tests for the verbs that work an item through its life: `set` (typed, byte-preserving
//! frontmatter edits), `start`, `done`, `drop` (state transitions judged by the order of the
//! states, the Ready and Done gates, closed items leaving the ranking), `edit` (a real editor
//! process), the one ID resolution every verb shares, each refusal of bad input through the
//! real binary, and the byte-preservation property over random sequences of edits.

use crate::support::{TestRepo, draft_story, hold_lock, item_text, ready_story};

mod edit;
mod ids;
mod journal;
mod properties;
mod refusals;
mod set;
mod states;

/// The file of MS-3 in `repo`, relative to the top.
const MS3: &str = "backlog/items/MS-3-view-teams.md";

/// A story with comments, odd spacing, a literal string, a one-per-line array and a custom
/// key: the bytes an edit must keep.
fn commented_story() -> String {
    item_text(
        "# The title people see\ntitle = \"View teams\"\nkind   = \"story\"   # kinds live in backlog.toml\nstate = 'refining'\nowner = \"dana@midwest.example\"\nvalue = \"Admins save time\"\n# agreed in refinement\nestimate = 3 # points\ntags = [\n  \"admin\", # who asked\n  \"teams\",\n]\ncity = \"Chicago\"\n",
        "\n## Problem\n\nAdmins cannot see teams.\n\n## Acceptance criteria\n\n- [x] Paged table\n- [ ] Sorted by name\n",
    )
}

/// A git repository with a backlog whose items are MS-1, MS-2 (Ready stories), MS-3 (the
/// commented story) and MS-4 (a draft), ranked MS-1, MS-3, MS-2.
fn backlog() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-one.md", &ready_story("One"));
    repo.item("MS-2-two.md", &ready_story("Two"));
    repo.item("MS-3-view-teams.md", &commented_story());
    repo.item("MS-4-draft.md", &draft_story("Draft"));
    repo.ranking("MS-1\nMS-3   # launch blocker\nMS-2\n");
    repo
}

/// Runs `backlog ARGS`, expects exit `code` with `needle` on stderr, nothing on stdout, and
/// no file of the work tree changed.
#[track_caller]
fn refused_with(repo: &TestRepo, code: i32, args: &[&str], needle: &str) {
    let before = repo.work_tree_files();
    let run = repo.backlog(args);
    run.code(code).stderr_has(needle);
    assert_eq!(run.stdout, "", "a refusal prints nothing on stdout");
    let lines = run
        .stderr
        .lines()
        .filter(|l| !l.starts_with("hint: "))
        .count();
    assert_eq!(
        lines, 1,
        "a refusal is one line (and hints):\n{}",
        run.stderr
    );
    assert!(
        repo.work_tree_files() == before,
        "`backlog {}` was refused but changed the work tree",
        args.join(" ")
    );
}
