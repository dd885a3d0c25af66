//! Tests for `backlog rank`, `backlog unrank` and `backlog new --rank`: byte-exact moves in
//! ranking.txt (one line out, one line in, everything else kept), refusals that leave the work
//! tree byte-identical, the lock (RELIABILITY E1, R6), compare-and-swap (E3) and crash
//! consistency under SIGKILL (E4, R4).

use crate::support::{
    Rng, TestRepo, draft_story, hold_lock, ready_story, require_strace, temps_in,
};
use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

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
        "ms-1: #1 → untriaged\n",
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
    refused(&repo, &["rank", "MS-99", "--top"], "no item MS-99");
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
    // An anchor that names no item at all.
    refused(
        &repo,
        &["rank", "MS-1", "--above", "MS-99"],
        "MS-99 is not ranked",
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

// ---------------------------------------------------------------------------------------------
// The lock, compare-and-swap, concurrency and crashes.

#[test]
fn a_held_lock_makes_writers_exit_3_and_change_nothing() {
    let repo = backlog_with(3, "MS-1\nMS-2\n");
    repo.backlog(&["rank", "MS-1", "--bottom"]).code(0);
    let lock = hold_lock(&repo.path().join(".git/backlog.lock"));
    let before = repo.work_tree_files();
    for args in [
        &["rank", "MS-1", "--top"][..],
        &["rank", "MS-3", "--top", "--wait", "0.2"],
        &["unrank", "MS-1"],
        &["new", "story", "Blocked", "--rank", "top"],
        &["new", "story", "Blocked"],
    ] {
        let run = repo.backlog(args);
        run.code(3)
            .stderr_has("another backlog process is writing")
            .stderr_has(".git/backlog.lock")
            .stderr_has("nothing was changed");
        assert!(
            repo.work_tree_files() == before,
            "`backlog {}` changed files while the lock was held",
            args.join(" ")
        );
    }
    // Read-only commands do not care.
    repo.backlog(&["lint"]).code(0);
    // With --wait, the writer gets the lock once it is released.
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(lock);
    });
    repo.backlog(&["rank", "MS-1", "--top", "--wait", "10"])
        .code(0)
        .stdout_has("MS-1: #2 → #1");
    release.join().unwrap_or_else(|_| panic!("release thread"));
    assert_eq!(ranking_of(&repo), "MS-1\nMS-2\n");
}

#[test]
#[ignore = "needs strace with ptrace permitted (.ci/run installs strace and runs it)"]
fn a_ranking_changed_on_disk_during_the_write_is_kept_and_rank_exits_3() {
    // strace holds each fsync for a while: the window between our read and our rename, in
    // which an editor saves the file.
    require_strace();
    let repo = backlog_with(3, "MS-1\nMS-2\nMS-3\n");
    // The hermetic rank command, run under strace.
    let rank = repo.spawn_command(&["rank", "MS-3", "--top"]);
    let mut cmd = std::process::Command::new("strace");
    cmd.args(["-f", "-qq", "-o", "/dev/null"])
        .args(["-e", "trace=fsync", "-e", "inject=fsync:delay_exit=400000"])
        .arg(rank.get_program())
        .args(rank.get_args())
        .current_dir(repo.path())
        .env_clear()
        .envs(rank.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().unwrap_or_else(|e| panic!("spawn strace: {e}"));
    let dir = repo.path().join("backlog");
    let deadline = Instant::now() + Duration::from_secs(20);
    while temps_in(&dir).is_empty() {
        assert!(Instant::now() < deadline, "rank never wrote its temp file");
        std::thread::sleep(Duration::from_millis(1));
    }
    let editor = "MS-2\nMS-1\nMS-3   # saved by an editor meanwhile\n";
    repo.ranking(editor);
    let output = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("wait: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("changed on disk"), "{stderr}");
    assert_eq!(ranking_of(&repo), editor, "the editor's bytes win");
    assert_eq!(
        temps_in(&dir),
        Vec::<String>::new(),
        "the temp file is removed"
    );
}

/// The IDs of a ranking text in order (comments, blank lines and reasons dropped).
fn ids(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `order` with `id` taken out and put back at 1-based rank `to`.
fn replay(order: &[String], id: &str, to: usize) -> Vec<String> {
    let mut out: Vec<String> = order.iter().filter(|x| *x != id).cloned().collect();
    out.insert((to - 1).min(out.len()), id.to_owned());
    out
}

/// What a successful `rank` printed: (id, from, to).
fn reported(stdout: &str) -> (String, usize, usize) {
    let line = stdout.trim_end();
    let rank = |s: &str| -> usize {
        s.trim()
            .trim_start_matches('#')
            .parse()
            .unwrap_or_else(|e| panic!("rank in {line:?}: {e}"))
    };
    if let Some((id, rest)) = line.split_once(" stays at #") {
        let to = rank(rest.split([':', ';']).next().unwrap_or(""));
        return (id.to_owned(), to, to);
    }
    let (id, rest) = line
        .split_once(": ")
        .unwrap_or_else(|| panic!("unexpected rank output {line:?}"));
    let (from, to) = rest
        .split_once(" → ")
        .unwrap_or_else(|| panic!("unexpected rank output {line:?}"));
    (id.to_owned(), rank(from), rank(to))
}

/// Whether some order of the winners' moves, each reporting the from and to it printed,
/// turns `start` into `end`: the final file holds exactly the winners' changes.
fn explained(start: &[String], end: &[String], winners: &[(String, usize, usize)]) -> bool {
    fn search(
        now: &[String],
        end: &[String],
        winners: &[(String, usize, usize)],
        used: &mut Vec<bool>,
    ) -> bool {
        if used.iter().all(|u| *u) {
            return now == end;
        }
        for (k, (id, from, to)) in winners.iter().enumerate() {
            if used[k] || now.iter().position(|x| x == id).map(|p| p + 1) != Some(*from) {
                continue;
            }
            used[k] = true;
            if search(&replay(now, id, *to), end, winners, used) {
                return true;
            }
            used[k] = false;
        }
        false
    }
    search(start, end, winners, &mut vec![false; winners.len()])
}

/// Starts `rank ID --to N` for every pair at once (plus `extra` arguments) and returns each
/// process's exit code, stdout and stderr.
fn rank_all_at_once(
    repo: &TestRepo,
    moves: &[(String, usize)],
    extra: &[&str],
) -> Vec<(i32, String, String)> {
    let children: Vec<_> = moves
        .iter()
        .map(|(id, to)| {
            let to = to.to_string();
            let mut args = vec!["rank", id.as_str(), "--to", to.as_str()];
            args.extend_from_slice(extra);
            repo.spawn_command(&args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| panic!("spawn: {e}"))
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let out = child
                .wait_with_output()
                .unwrap_or_else(|e| panic!("wait: {e}"));
            let code = out
                .status
                .code()
                .unwrap_or_else(|| panic!("rank killed by a signal: {out:?}"));
            (
                code,
                String::from_utf8_lossy(&out.stdout).into_owned(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
            )
        })
        .collect()
}

/// Checks the state after concurrent ranks: every process exited 0 or 3 (losers naming the
/// lock), the file holds each ID once in lines of the original file, and some order of exactly
/// the winners' moves explains it. Returns how many won.
#[track_caller]
fn check_round(before: &str, after: &str, results: &[(i32, String, String)], seed: &str) -> usize {
    let mut winners = Vec::new();
    for (code, stdout, stderr) in results {
        match code {
            0 => winners.push(reported(stdout)),
            3 => assert!(
                stderr.contains("backlog.lock") && stderr.contains("nothing was changed"),
                "a loser must say the lock is held: {stderr} ({seed})"
            ),
            _ => panic!("rank exited {code}: {stdout}{stderr} ({seed})"),
        }
    }
    let original: std::collections::HashSet<&str> = before.lines().collect();
    for line in after.lines() {
        assert!(
            original.contains(line),
            "line {line:?} is not a line of the original ranking: torn or merged write ({seed})"
        );
    }
    let (start, end) = (ids(before), ids(after));
    let mut sorted_start = start.clone();
    let mut sorted_end = end.clone();
    sorted_start.sort();
    sorted_end.sort();
    assert_eq!(sorted_start, sorted_end, "every ID exactly once ({seed})");
    assert!(
        explained(&start, &end, &winners),
        "the final ranking is not the winners' moves applied in any order: a lost or phantom update\nwinners: {winners:?}\n{after} ({seed})"
    );
    winners.len()
}

#[test]
fn eight_concurrent_ranks_serialise_or_fail_with_exit_3() {
    let mut text = String::from("# header\n");
    for i in 1..=50 {
        if i % 4 == 0 {
            text.push_str(&format!("MS-{i}   # reason {i}\n"));
        } else {
            text.push_str(&format!("MS-{i}\n"));
        }
    }
    let repo = backlog_with(50, &text);
    let mut rng = Rng::new();
    let seed = rng.seed();
    let pick = |rng: &mut Rng| -> Vec<(String, usize)> {
        // Eight different items and eight different target positions.
        let mut items: Vec<usize> = (1..=50).collect();
        let mut targets: Vec<usize> = (1..=50).collect();
        (0..8)
            .map(|_| {
                let item = items.swap_remove(rng.below(items.len()));
                let to = targets.swap_remove(rng.below(targets.len()));
                (format!("MS-{item}"), to)
            })
            .collect()
    };
    for round in 0..5 {
        let before = ranking_of(&repo);
        let moves = pick(&mut rng);
        let results = rank_all_at_once(&repo, &moves, &[]);
        let after = ranking_of(&repo);
        check_round(&before, &after, &results, &format!("{seed}, round {round}"));
    }
    // With --wait every process gets its turn. Holding the lock while they start makes them
    // all wait, then race for it.
    let before = ranking_of(&repo);
    let moves = pick(&mut rng);
    let lock = hold_lock(&repo.path().join(".git/backlog.lock"));
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        drop(lock);
    });
    let results = rank_all_at_once(&repo, &moves, &["--wait", "10"]);
    release.join().unwrap_or_else(|_| panic!("release thread"));
    for (code, stdout, stderr) in &results {
        assert_eq!(
            *code, 0,
            "with --wait every rank succeeds: {stdout}{stderr} ({seed})"
        );
    }
    let after = ranking_of(&repo);
    assert_eq!(check_round(&before, &after, &results, &seed), 8);
}

#[test]
fn killing_rank_at_random_points_leaves_the_old_or_the_new_ranking() {
    const N: usize = 5000;
    let repo = TestRepo::with_backlog();
    let mut text = String::from("# Most important first.\n");
    let items = repo.path().join("backlog/items");
    let story = ready_story("S");
    for i in 1..=N {
        std::fs::write(items.join(format!("MS-{i}-s.md")), &story)
            .unwrap_or_else(|e| panic!("write item {i}: {e}"));
        if i % 7 == 0 {
            text.push_str(&format!("MS-{i}   # reason {i}\n"));
        } else {
            text.push_str(&format!("MS-{i}\n"));
        }
    }
    repo.ranking(&text);
    let dir = repo.path().join("backlog");
    let mut rng = Rng::new();
    let seed = rng.seed();

    // The bytes `rank ID --to N` must write: the ID's line out, and in before the item now at
    // rank N (or after the last one).
    let expected = |text: &str, id: &str, to: usize| -> String {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let is = |l: &str, x: &str| l.split('#').next().unwrap_or("").trim() == x;
        let moved = lines
            .iter()
            .copied()
            .find(|l| is(l, id))
            .unwrap_or_else(|| panic!("{id} not ranked"));
        let mut rest: Vec<&str> = lines.iter().copied().filter(|l| !is(l, id)).collect();
        let ranked: Vec<usize> = (0..rest.len())
            .filter(|&k| !rest[k].starts_with('#') && !rest[k].trim().is_empty())
            .collect();
        let at = ranked
            .get(to - 1)
            .copied()
            .unwrap_or_else(|| ranked.last().map_or(rest.len(), |&k| k + 1));
        rest.insert(at, moved);
        rest.concat()
    };

    // One undisturbed run: the oracle agrees with rank, and how long a run takes.
    let start = Instant::now();
    let before = ranking_of(&repo);
    repo.backlog(&["rank", "MS-4321", "--to", "12"]).code(0);
    let full = start.elapsed();
    assert_eq!(ranking_of(&repo), expected(&before, "MS-4321", 12));

    let mut kills = 0;
    for round in 0..40 {
        let before = ranking_of(&repo);
        let temps_before = temps_in(&dir).len();
        let id = format!("MS-{}", rng.below(N) + 1);
        let to = rng.below(N) + 1;
        let new = expected(&before, &id, to);
        // Mostly anywhere in a run's lifetime; sometimes in its first 3 ms.
        let delay = if round % 4 == 0 {
            Duration::from_micros(rng.below(3000) as u64)
        } else {
            full.mul_f64(rng.below(1200) as f64 / 1000.0)
        };
        let mut child = repo
            .spawn_command(&["rank", &id, "--to", &to.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn: {e}"));
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap_or_else(|e| panic!("wait: {e}"));
        let mut stderr = String::new();
        if let Some(mut pipe) = child.stderr.take() {
            let _ = pipe.read_to_string(&mut stderr);
        }
        let after = ranking_of(&repo);
        let context = format!("round {round}: rank {id} --to {to} after {delay:?} ({seed})");
        match status.code() {
            // Finished before the kill: the move is there.
            Some(0) => assert!(after == new, "exit 0 but not the new ranking: {context}"),
            Some(code) => panic!("rank exited {code}: {stderr} {context}"),
            None => {
                kills += 1;
                assert!(
                    after == before || after == new,
                    "killed rank left a ranking that is neither old nor new: {context}"
                );
            }
        }
        let temps = temps_in(&dir).len();
        assert!(
            temps <= temps_before + 1,
            "more than one temp file left by one kill: {context}"
        );
        assert_eq!(temps_in(&dir.join("items")).len(), 0, "{context}");
    }
    assert!(temps_in(&dir).len() <= kills);

    // The next run gets the lock at once (no stale lock) and ignores leftovers; so does lint.
    let before = ranking_of(&repo);
    repo.backlog(&["rank", "MS-1", "--to", "2"]).code(0);
    assert_eq!(ranking_of(&repo), expected(&before, "MS-1", 2), "{seed}");
    let (run, findings) = repo.lint_json(&[]);
    run.code(0);
    assert!(
        findings.is_empty(),
        "lint must ignore leftover temp files: {findings:?}"
    );
    assert_eq!(ids(&ranking_of(&repo)).len(), N);
}
