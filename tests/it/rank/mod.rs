//! Tests for `backlog rank`, `backlog unrank` and `backlog new --rank`: byte-exact moves in
//! ranking.txt (one line out, one line in, everything else kept), refusals that leave the work
//! tree byte-identical, the lock (RELIABILITY E1, R6), compare-and-swap (E3) and crash
//! consistency under SIGKILL (E4, R4). The last four are in concurrency.rs.

use crate::support::{
    Rng, TestRepo, draft_story, hold_lock, ready_story, require_strace, temps_in,
};
use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

mod concurrency;
mod flags;

/// A backlog in a git repository whose items MS-1..=MS-n are Ready stories, with `ranking` as
/// ranking.txt.
fn backlog_with(n: usize, ranking: &str) -> TestRepo {
    let repo = TestRepo::with_backlog();
    for i in 1..=n {
        repo.item(
            &format!("MS-{i}-story-{i}.md"),
            &ready_story(&format!("Story {i}")),
        );
    }
    repo.ranking(ranking);
    repo
}

fn ranking_of(repo: &TestRepo) -> String {
    repo.read("backlog/ranking.txt")
}

/// Runs `backlog ARGS` on a fresh backlog of nine Ready stories ranked by `before`, and checks
/// the exit code 0, the exact new ranking.txt and the exact stdout.
#[track_caller]
fn moves(before: &str, args: &[&str], after: &str, stdout: &str) {
    let repo = backlog_with(9, before);
    let run = repo.backlog(args);
    run.code(0);
    assert_eq!(
        ranking_of(&repo),
        after,
        "ranking.txt after `backlog {}`",
        args.join(" ")
    );
    assert_eq!(run.stdout, stdout, "stdout of `backlog {}`", args.join(" "));
}

/// Runs `backlog ARGS`, expects exit 1 with `needle` on stderr, and checks that no file of
/// the work tree changed.
#[track_caller]
fn refused(repo: &TestRepo, args: &[&str], needle: &str) {
    let before = repo.work_tree_files();
    let run = repo.backlog(args);
    run.code(1).stderr_has(needle);
    assert_eq!(run.stdout, "", "a refused move prints nothing on stdout");
    assert!(
        repo.work_tree_files() == before,
        "`backlog {}` was refused but changed the work tree",
        args.join(" ")
    );
}

const SECTIONS: &str =
    "# header\nMS-1   # first\n\n# section\nMS-2\nMS-3 # third\nMS-4\n# trailing comment\n";

#[test]
fn top_moves_one_line_and_keeps_comments_blank_lines_and_reasons() {
    moves(
        SECTIONS,
        &["rank", "MS-3", "--top"],
        "# header\nMS-3 # third\nMS-1   # first\n\n# section\nMS-2\nMS-4\n# trailing comment\n",
        "MS-3: #3 → #1\n",
    );
}

#[test]
fn bottom_goes_after_the_last_ranked_line_before_trailing_comments() {
    moves(
        SECTIONS,
        &["rank", "MS-1", "--bottom"],
        "# header\n\n# section\nMS-2\nMS-3 # third\nMS-4\nMS-1   # first\n# trailing comment\n",
        "MS-1: #1 → #4\n",
    );
}

#[test]
fn to_n_puts_the_item_at_rank_n() {
    moves(
        SECTIONS,
        &["rank", "MS-4", "--to", "2"],
        "# header\nMS-1   # first\n\n# section\nMS-4\nMS-2\nMS-3 # third\n# trailing comment\n",
        "MS-4: #4 → #2\n",
    );
    moves(
        SECTIONS,
        &["rank", "MS-1", "--to", "3"],
        "# header\n\n# section\nMS-2\nMS-3 # third\nMS-1   # first\nMS-4\n# trailing comment\n",
        "MS-1: #1 → #3\n",
    );
    // The last rank is the bottom.
    moves(
        SECTIONS,
        &["rank", "MS-2", "--to", "4"],
        "# header\nMS-1   # first\n\n# section\nMS-3 # third\nMS-4\nMS-2\n# trailing comment\n",
        "MS-2: #2 → #4\n",
    );
}

#[test]
fn above_and_below_an_item() {
    moves(
        SECTIONS,
        &["rank", "MS-4", "--above", "MS-2"],
        "# header\nMS-1   # first\n\n# section\nMS-4\nMS-2\nMS-3 # third\n# trailing comment\n",
        "MS-4: #4 → #2\n",
    );
    moves(
        SECTIONS,
        &["rank", "MS-1", "--below", "MS-3"],
        "# header\n\n# section\nMS-2\nMS-3 # third\nMS-1   # first\nMS-4\n# trailing comment\n",
        "MS-1: #1 → #3\n",
    );
    moves(
        SECTIONS,
        &["rank", "MS-2", "--below", "MS-4"],
        "# header\nMS-1   # first\n\n# section\nMS-3 # third\nMS-4\nMS-2\n# trailing comment\n",
        "MS-2: #2 → #4\n",
    );
    moves(
        SECTIONS,
        &["rank", "MS-4", "--above", "MS-1"],
        "# header\nMS-4\nMS-1   # first\n\n# section\nMS-2\nMS-3 # third\n# trailing comment\n",
        "MS-4: #4 → #1\n",
    );
}

#[test]
fn ids_are_matched_without_regard_to_case_and_printed_as_the_file_spells_them() {
    moves(
        "MS-1\nMS-2\nMS-3\n",
        &["rank", "ms-3", "--above", "ms-1"],
        "MS-3\nMS-1\nMS-2\n",
        "MS-3: #3 → #1\n",
    );
}

#[test]
fn crlf_bom_and_a_missing_final_newline_are_kept() {
    moves(
        "\u{feff}# h\r\nMS-1\r\nMS-2 # two\r\nMS-3",
        &["rank", "MS-3", "--top"],
        "\u{feff}# h\r\nMS-3\r\nMS-1\r\nMS-2 # two",
        "MS-3: #3 → #1\n",
    );
    // The BOM stays first when the first line moves away or another comes to the top.
    moves(
        "\u{feff}MS-1\r\nMS-2\r\nMS-3\r\n",
        &["rank", "MS-1", "--bottom"],
        "\u{feff}MS-2\r\nMS-3\r\nMS-1\r\n",
        "MS-1: #1 → #3\n",
    );
    moves(
        "\u{feff}MS-1\r\nMS-2\r\n",
        &["rank", "MS-2", "--top"],
        "\u{feff}MS-2\r\nMS-1\r\n",
        "MS-2: #2 → #1\n",
    );
    // The last line moving up, in a file without a final newline.
    moves(
        "MS-1\nMS-2",
        &["rank", "MS-1", "--bottom"],
        "MS-2\nMS-1",
        "MS-1: #1 → #2\n",
    );
    // A new line written with --reason uses the file's line endings.
    moves(
        "MS-1\r\nMS-2\r\n",
        &["rank", "MS-2", "--top", "--reason", "why"],
        "MS-2    # why\r\nMS-1\r\n",
        "MS-2: #2 → #1\n",
    );
    // Trailing spaces and tabs on the other lines are theirs to keep.
    moves(
        "MS-1 \t\nMS-2  # r  \nMS-3\n",
        &["rank", "MS-3", "--top"],
        "MS-3\nMS-1 \t\nMS-2  # r  \n",
        "MS-3: #3 → #1\n",
    );
}

#[test]
fn reason_sets_the_text_after_the_hash_and_no_reason_keeps_the_old_one() {
    let before = "MS-1   # first\nMS-2   # second, kept as written\nMS-3\n";
    moves(
        before,
        &[
            "rank",
            "MS-2",
            "--top",
            "--reason",
            "Chicago launch blocker",
        ],
        "MS-2    # Chicago launch blocker\nMS-1   # first\nMS-3\n",
        "MS-2: #2 → #1\n",
    );
    moves(
        before,
        &["rank", "MS-2", "--bottom"],
        "MS-1   # first\nMS-3\nMS-2   # second, kept as written\n",
        "MS-2: #2 → #3\n",
    );
    moves(
        before,
        &["rank", "MS-2", "--bottom", "--clear-reason"],
        "MS-1   # first\nMS-3\nMS-2\n",
        "MS-2: #2 → #3\n",
    );
    // Text with `#`, `$1` and backslashes is data, written as given (trimmed).
    moves(
        before,
        &[
            "rank",
            "MS-3",
            "--top",
            "--reason",
            "  blocks #12, costs $1 \\ day  ",
        ],
        "MS-3    # blocks #12, costs $1 \\ day\nMS-1   # first\nMS-2   # second, kept as written\n",
        "MS-3: #3 → #1\n",
    );
}

#[test]
fn a_new_reason_in_the_same_place_rewrites_only_that_line() {
    let before = "MS-1   # first\nMS-2   # old\nMS-3\n";
    moves(
        before,
        &["rank", "MS-2", "--to", "2", "--reason", "new"],
        "MS-1   # first\nMS-2    # new\nMS-3\n",
        "MS-2 stays at #2; reason updated\n",
    );
    moves(
        before,
        &["rank", "MS-2", "--below", "MS-1", "--clear-reason"],
        "MS-1   # first\nMS-2\nMS-3\n",
        "MS-2 stays at #2; reason updated\n",
    );
}

#[test]
fn a_move_to_the_same_place_does_not_rewrite_the_file() {
    let repo = backlog_with(3, "MS-1 # a\nMS-2\nMS-3\n");
    let path = repo.path().join("backlog/ranking.txt");
    let before = std::fs::metadata(&path).unwrap_or_else(|e| panic!("{e}"));
    let run = repo.backlog(&["rank", "MS-2", "--to", "2"]);
    run.code(0);
    assert_eq!(run.stdout, "MS-2 stays at #2: nothing to change\n");
    let after = std::fs::metadata(&path).unwrap_or_else(|e| panic!("{e}"));
    use std::os::unix::fs::MetadataExt;
    assert_eq!(
        (before.ino(), before.mtime(), before.mtime_nsec()),
        (after.ino(), after.mtime(), after.mtime_nsec()),
        "a no-op move must not replace ranking.txt"
    );
    assert_eq!(ranking_of(&repo), "MS-1 # a\nMS-2\nMS-3\n");
}

#[test]
fn reason_and_clear_reason_together_are_a_usage_error() {
    let repo = backlog_with(2, "MS-1 # a\nMS-2\n");
    let before = repo.work_tree_files();
    repo.backlog(&["rank", "MS-1", "--top", "--reason", "x", "--clear-reason"])
        .code(2);
    repo.backlog(&["rank", "MS-1"]).code(2);
    repo.backlog(&["rank", "MS-1", "--top", "--bottom"]).code(2);
    assert!(repo.work_tree_files() == before);
}

#[test]
fn bad_reasons_are_refused() {
    let repo = backlog_with(2, "MS-1 # a\nMS-2\n");
    refused(
        &repo,
        &["rank", "MS-2", "--top", "--reason", "two\nlines"],
        "a reason must be one line",
    );
    refused(
        &repo,
        &["rank", "MS-2", "--top", "--reason", "   "],
        "a reason must be one line",
    );
    refused(
        &repo,
        &["rank", "MS-2", "--top", "--reason", "esc \u{1b}[31m"],
        "a reason must be one line",
    );
}

/// Issue 19: bidi controls and zero-width characters in a reason went raw into ranking.txt,
/// where a review shows them as something else. They are refused like other bad reasons.
#[test]
fn reasons_with_invisible_characters_are_refused() {
    let repo = backlog_with(2, "MS-1 # a\nMS-2\n");
    for (reason, code) in [
        ("safe\u{202E}gnp.exe", "U+202E"),
        ("zero\u{200B}width", "U+200B"),
        ("\u{2066}isolate\u{2069}", "U+2066"),
        ("bom\u{FEFF}inside", "U+FEFF"),
    ] {
        refused(
            &repo,
            &["rank", "MS-2", "--top", "--reason", reason],
            &format!("the reason contains the invisible character {code}"),
        );
    }
    // Other non-ASCII text is a reason like any other.
    repo.backlog(&["rank", "MS-2", "--top", "--reason", "für Zürich, 東京"])
        .code(0);
}

#[test]
fn an_untriaged_item_is_ranked_by_adding_one_line() {
    moves(
        SECTIONS,
        &["rank", "MS-7", "--to", "2"],
        "# header\nMS-1   # first\n\n# section\nMS-7\nMS-2\nMS-3 # third\nMS-4\n# trailing comment\n",
        "MS-7: untriaged → #2\n",
    );
    moves(
        SECTIONS,
        &["rank", "MS-7", "--top", "--reason", "new"],
        "# header\nMS-7    # new\nMS-1   # first\n\n# section\nMS-2\nMS-3 # third\nMS-4\n# trailing comment\n",
        "MS-7: untriaged → #1\n",
    );
    // N + 1 is the bottom for an item that is not ranked yet.
    moves(
        SECTIONS,
        &["rank", "MS-7", "--to", "5"],
        "# header\nMS-1   # first\n\n# section\nMS-2\nMS-3 # third\nMS-4\nMS-7\n# trailing comment\n",
        "MS-7: untriaged → #5\n",
    );
    moves(
        "MS-1\nMS-2",
        &["rank", "MS-3", "--bottom"],
        "MS-1\nMS-2\nMS-3",
        "MS-3: untriaged → #3\n",
    );
    moves(
        "MS-1\nMS-2\n",
        &["rank", "MS-3", "--below", "MS-1"],
        "MS-1\nMS-3\nMS-2\n",
        "MS-3: untriaged → #2\n",
    );
}

#[test]
fn ranking_into_the_file_init_wrote() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-a.md", &ready_story("a"));
    let header = ranking_of(&repo);
    repo.backlog(&["rank", "MS-1", "--top"])
        .code(0)
        .stdout_has("MS-1: untriaged → #1");
    assert_eq!(ranking_of(&repo), format!("{header}MS-1\n"));
    repo.lint_json(&[]).0.code(0);
}

#[test]
fn ranking_into_an_empty_file() {
    moves(
        "",
        &["rank", "MS-4", "--top"],
        "MS-4\n",
        "MS-4: untriaged → #1\n",
    );
}

#[test]
fn unrank_takes_out_one_line() {
    moves(
        SECTIONS,
        &["unrank", "MS-3"],
        "# header\nMS-1   # first\n\n# section\nMS-2\nMS-4\n# trailing comment\n",
        "MS-3: #3 → untriaged\n",
    );
    moves(
        "\u{feff}MS-1\r\nMS-2 # r\r\nMS-3",
        &["unrank", "MS-3"],
        "\u{feff}MS-1\r\nMS-2 # r",
        "MS-3: #3 → untriaged\n",
    );
    moves(
        "\u{feff}MS-1 # r\r\nMS-2\r\n",
        &["unrank", "ms-1"],
        "\u{feff}MS-2\r\n",
        "MS-1: #1 → untriaged\n",
    );
}

#[test]
fn unrank_removes_a_line_whose_item_file_is_gone() {
    // ORD001 (an ID without an item) is fixed with unrank: it must not require the file.
    moves(
        "MS-1\nMS-42 # deleted\nMS-2\n",
        &["unrank", "MS-42"],
        "MS-1\nMS-2\n",
        "MS-42: #2 → untriaged\n",
    );
}

#[test]
fn unrank_refuses_untriaged_and_malformed_ids() {
    let repo = backlog_with(3, "MS-1\nMS-2\n");
    refused(&repo, &["unrank", "MS-3"], "MS-3 is not ranked");
    refused(&repo, &["unrank", "../x"], "not an item ID");
    repo.ranking("MS-1\n<<<<<<< ours\nMS-2\n=======\nMS-3\n>>>>>>> theirs\n");
    refused(&repo, &["unrank", "MS-1"], "unresolved merge conflict");
}

#[test]
fn new_with_rank_top_bottom_and_n() {
    let repo = backlog_with(3, "# h\nMS-1 # one\nMS-2\nMS-3\n");
    let run = repo.backlog(&["new", "story", "At the top", "--rank", "top"]);
    run.code(0).stderr_has("MS-4: ranked #1");
    assert_eq!(run.stdout, "backlog/items/MS-4-at-the-top.md\n");
    let run = repo.backlog(&["new", "story", "At the bottom", "--rank", "bottom"]);
    run.code(0).stderr_has("MS-5: ranked #5");
    assert_eq!(run.stdout, "backlog/items/MS-5-at-the-bottom.md\n");
    let run = repo.backlog(&["new", "bug", "Second", "--rank", "2"]);
    run.code(0).stderr_has("MS-6: ranked #2");
    assert_eq!(run.stdout, "backlog/items/MS-6-second.md\n");
    assert_eq!(
        ranking_of(&repo),
        "# h\nMS-4\nMS-6\nMS-1 # one\nMS-2\nMS-3\nMS-5\n"
    );
    for path in [
        "backlog/items/MS-4-at-the-top.md",
        "backlog/items/MS-5-at-the-bottom.md",
        "backlog/items/MS-6-second.md",
    ] {
        assert!(repo.path().join(path).is_file(), "{path}");
    }
}

#[test]
fn new_with_a_rank_out_of_range_creates_nothing() {
    let repo = backlog_with(3, "MS-1\nMS-2\nMS-3\n");
    refused(
        &repo,
        &["new", "story", "Too far", "--rank", "99"],
        "position 99 is out of range: use 1 to 4",
    );
    // N + 1 is the bottom and fine.
    repo.backlog(&["new", "story", "Just fits", "--rank", "4"])
        .code(0)
        .stderr_has("MS-4: ranked #4");
    assert_eq!(ranking_of(&repo), "MS-1\nMS-2\nMS-3\nMS-4\n");
    // 0 is not a position: a usage error, nothing created.
    let before = repo.work_tree_files();
    repo.backlog(&["new", "story", "Zero", "--rank", "0"])
        .code(2);
    assert!(repo.work_tree_files() == before);
}

#[test]
fn new_with_rank_refuses_a_conflicted_ranking_and_creates_nothing() {
    let repo = backlog_with(
        3,
        "MS-1\n<<<<<<< ours\nMS-2\n=======\nMS-3\n>>>>>>> theirs\n",
    );
    refused(
        &repo,
        &["new", "story", "Blocked", "--rank", "top"],
        "unresolved merge conflict",
    );
}

#[test]
fn unknown_and_malformed_ids_are_refused() {
    let repo = backlog_with(3, "MS-1\nMS-2\nMS-3\n");
    // An unknown ID could not run (exit 2) and names the nearest IDs; so does an anchor that
    // is neither an item nor ranked.
    let before = repo.work_tree_files();
    repo.backlog(&["rank", "MS-99", "--top"])
        .code(2)
        .stderr_has("no item MS-99 in backlog/items; did you mean MS-1, MS-2 or MS-3?");
    repo.backlog(&["rank", "MS-1", "--above", "ms-99"])
        .code(2)
        .stderr_has("no item MS-99");
    assert!(repo.work_tree_files() == before);
    refused(
        &repo,
        &["rank", "../x", "--top"],
        "`../x` is not an item ID",
    );
    refused(&repo, &["rank", "MS-1/../MS-2", "--top"], "not an item ID");
    refused(
        &repo,
        &["rank", "MS-1", "--above", "../x"],
        "not an item ID",
    );
    refused(
        &repo,
        &["rank", "MS-1", "--below", "MS 2"],
        "not an item ID",
    );
    // An anchor that is an item but is not ranked.
    repo.item("MS-4-story-4.md", &ready_story("Story 4"));
    refused(
        &repo,
        &["rank", "MS-1", "--above", "ms-4"],
        "MS-4 is not ranked",
    );
}

#[test]
fn positions_out_of_range_are_refused() {
    let repo = backlog_with(5, "MS-1\nMS-2\nMS-3\n");
    // Three ranked: a ranked item goes to 1..=3, a new one to 1..=4.
    refused(
        &repo,
        &["rank", "MS-1", "--to", "0"],
        "position 0 is out of range: use 1 to 3",
    );
    refused(
        &repo,
        &["rank", "MS-1", "--to", "4"],
        "position 4 is out of range: use 1 to 3",
    );
    refused(
        &repo,
        &["rank", "MS-1", "--to", "5"],
        "position 5 is out of range: use 1 to 3",
    );
    refused(
        &repo,
        &["rank", "MS-4", "--to", "0"],
        "position 0 is out of range: use 1 to 4",
    );
    refused(
        &repo,
        &["rank", "MS-4", "--to", "5"],
        "position 5 is out of range: use 1 to 4",
    );
    let before = repo.work_tree_files();
    repo.backlog(&["rank", "MS-1", "--to", "-1"]).code(2);
    repo.backlog(&["rank", "MS-1", "--to", "two"]).code(2);
    assert!(repo.work_tree_files() == before);
}

#[test]
fn a_place_relative_to_itself_or_to_an_unranked_item_is_refused() {
    let repo = backlog_with(5, "MS-1\nMS-2\nMS-3\n");
    refused(
        &repo,
        &["rank", "MS-2", "--above", "MS-2"],
        "cannot place MS-2 relative to itself",
    );
    refused(
        &repo,
        &["rank", "MS-2", "--below", "ms-2"],
        "relative to itself",
    );
    refused(
        &repo,
        &["rank", "MS-4", "--above", "MS-4"],
        "relative to itself",
    );
    refused(
        &repo,
        &["rank", "MS-2", "--above", "MS-5"],
        "MS-5 is not ranked, so nothing can be placed next to it",
    );
    refused(
        &repo,
        &["rank", "MS-4", "--below", "MS-5"],
        "MS-5 is not ranked",
    );
}

#[test]
fn a_ranking_with_conflict_markers_is_not_edited() {
    let repo = backlog_with(
        5,
        "MS-1\n<<<<<<< ours\nMS-2\n=======\nMS-3\n>>>>>>> theirs\nMS-4\n",
    );
    for args in [
        &["rank", "MS-1", "--bottom"][..],
        &["rank", "MS-4", "--top"],
        &["rank", "MS-5", "--to", "1"],
        &["rank", "MS-2", "--top", "--reason", "x"],
    ] {
        refused(
            &repo,
            args,
            "backlog/ranking.txt: ranking.txt has an unresolved merge conflict at line 2",
        );
    }
    // diff3-style markers, with the ancestor's section.
    repo.ranking("MS-1\n<<<<<<< ours\nMS-2\n||||||| base\nMS-3\n=======\nMS-4\n>>>>>>> theirs\n");
    refused(
        &repo,
        &["rank", "MS-5", "--top"],
        "unresolved merge conflict at line 2",
    );
}

#[test]
fn an_id_ranked_twice_is_not_moved() {
    let repo = backlog_with(3, "MS-1\nMS-2 # once\nMS-3\nMS-2 # twice\n");
    refused(
        &repo,
        &["rank", "MS-2", "--top"],
        "MS-2 is ranked more than once",
    );
    refused(
        &repo,
        &["rank", "ms-2", "--bottom"],
        "ranked more than once",
    );
    refused(&repo, &["unrank", "MS-2"], "ranked more than once");
}

#[test]
fn moving_another_item_keeps_a_duplicate_for_lint_to_report() {
    moves(
        "MS-1\nMS-2\nMS-1 # again\nMS-3\n",
        &["rank", "MS-3", "--top"],
        "MS-3\nMS-1\nMS-2\nMS-1 # again\n",
        "MS-3: #3 → #1\n",
    );
}

#[test]
fn lifting_an_unready_item_into_the_top_five_warns_and_succeeds() {
    let repo = backlog_with(6, "MS-1\nMS-2\nMS-3\nMS-4\nMS-5\nMS-6\n");
    repo.item("MS-7-draft.md", &draft_story("Half-baked"));
    let run = repo.backlog(&["rank", "MS-7", "--to", "3"]);
    run.code(0)
        .stderr_has("warning: MS-7 is now #3 of the open items, in the top 5 that must be Ready")
        .stderr_has("owner")
        .stderr_has("backlog show MS-7");
    assert_eq!(run.stdout, "MS-7: untriaged → #3\n");
    assert_eq!(
        ranking_of(&repo),
        "MS-1\nMS-2\nMS-7\nMS-3\nMS-4\nMS-5\nMS-6\n"
    );
    // Out of the top five again: no warning.
    let run = repo.backlog(&["rank", "MS-7", "--to", "6"]);
    run.code(0);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    // A Ready item in the top five: no warning.
    let run = repo.backlog(&["rank", "MS-6", "--top"]);
    run.code(0);
    assert_eq!(run.stderr, "");
}

#[test]
fn a_move_is_a_two_line_git_diff() {
    let mut text = String::from("# Most important first.\n");
    for i in 1..=50 {
        if i % 3 == 0 {
            text.push_str(&format!("MS-{i}   # reason {i}\n"));
        } else {
            text.push_str(&format!("MS-{i}\n"));
        }
        if i % 10 == 0 {
            text.push_str(&format!("\n# below {i}\n"));
        }
    }
    let repo = backlog_with(50, &text);
    repo.commit("backlog");
    for (args, diff) in [
        (
            &["rank", "MS-42", "--to", "3"][..],
            ("-MS-42   # reason 42", "+MS-42   # reason 42"),
        ),
        (
            &["rank", "MS-3", "--bottom", "--reason", "later"],
            ("-MS-3   # reason 3", "+MS-3    # later"),
        ),
        (&["rank", "MS-17", "--above", "MS-2"], ("-MS-17", "+MS-17")),
    ] {
        repo.backlog(args).code(0);
        assert_eq!(
            repo.git_ok(&["diff", "--numstat"]),
            "1\t1\tbacklog/ranking.txt\n",
            "`backlog {}`",
            args.join(" ")
        );
        let patch = repo.git_ok(&["diff", "-U0"]);
        let removed: Vec<&str> = patch
            .lines()
            .filter(|l| l.starts_with('-') && !l.starts_with("---"))
            .collect();
        let added: Vec<&str> = patch
            .lines()
            .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
            .collect();
        assert_eq!((removed, added), (vec![diff.0], vec![diff.1]), "{patch}");
        assert_eq!(
            repo.git_ok(&["status", "--porcelain"]),
            " M backlog/ranking.txt\n",
            "rank touches ranking.txt only"
        );
        repo.commit("move");
    }
}
