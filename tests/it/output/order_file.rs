//! Group C of the bad-input catalogue, the order file (ranking.txt), where lint.rs, catalogue/
//! and rank/ leave a row: every move keeps every other byte, no final newline, an empty
//! ranking, a million lines and the size limit, case mismatches, NUL and invalid UTF-8, and a
//! symbolic link.

use super::*;

fn items(repo: &TestRepo, n: usize) {
    for i in 1..=n {
        repo.item(
            &format!("MS-{i}-story.md"),
            &ready_story(&format!("Story {i}")),
        );
    }
}

/// The lines of `text` without the ones naming `id` (split keeping line endings).
fn without(text: &str, id: &str) -> String {
    text.split_inclusive('\n')
        .filter(|l| {
            let l = l.trim_start_matches('\u{feff}');
            !l.starts_with(id) || l[id.len()..].starts_with(|c: char| c.is_ascii_digit())
        })
        .collect()
}

#[test]
fn c05_every_move_keeps_every_other_byte() {
    let repo = TestRepo::with_backlog();
    items(&repo, 4);
    let original = "\u{feff}# header  \r\n\r\n# section\t\r\nMS-1   # first  \r\nMS-2\t\r\n\r\nMS-3 # third\r\nMS-4\r\n# trailing  \r\n";
    for args in [
        &["rank", "MS-3", "--top"][..],
        &["rank", "MS-1", "--bottom"],
        &["rank", "MS-4", "--to", "2"],
        &["rank", "MS-2", "--above", "MS-1"],
        &["rank", "MS-1", "--below", "MS-3", "--reason", "new reason"],
        &["unrank", "MS-2"],
    ] {
        repo.ranking(original);
        repo.backlog(&["lint"]).code(0);
        repo.backlog(args).code(0);
        let after = repo.read("backlog/ranking.txt");
        let id = args[1];
        let before_rest = without(original, id);
        let after_rest = without(&after, id);
        assert_eq!(
            after_rest.trim_start_matches('\u{feff}'),
            before_rest.trim_start_matches('\u{feff}'),
            "{args:?}: lines other than {id}'s changed:\n{after:?}"
        );
        assert!(
            after.starts_with('\u{feff}'),
            "{args:?}: BOM first: {after:?}"
        );
        assert!(
            !after.replace("\r\n", "").contains('\n'),
            "{args:?}: CRLF kept: {after:?}"
        );
        repo.backlog(&["lint"]).code(0);
    }
}

#[test]
fn c06_no_trailing_newline_is_accepted_and_kept() {
    let repo = TestRepo::with_backlog();
    items(&repo, 2);
    repo.ranking("MS-1 # first\nMS-2 # second");
    repo.commit("No final newline");
    repo.backlog(&["lint"]).code(0);
    let list = repo.backlog(&["list", "--format", "json"]).code(0).json();
    assert_eq!(list["items"][1]["rank"], 2);
    let blame = repo.backlog(&["blame", "--format", "json"]).code(0).json();
    assert_eq!(blame["entries"][1]["reason"], "second");
    repo.backlog(&["rank", "MS-1", "--bottom"]).code(0);
    assert_eq!(
        repo.read("backlog/ranking.txt"),
        "MS-2 # second\nMS-1 # first"
    );
}

#[test]
fn c08_empty_ranking_with_zero_items_is_valid() {
    let repo = TestRepo::with_backlog();
    repo.ranking("");
    repo.backlog(&["lint"])
        .code(0)
        .stderr_has("checked 0 items: no problems");
    assert_eq!(repo.lint_json(&[]).1, vec![]);
    assert_eq!(repo.backlog(&["list"]).code(0).stdout.lines().count(), 1);
    let list = repo.backlog(&["list", "--format", "json"]).code(0).json();
    assert_eq!(list["items"], Value::Array(vec![]));
    let blame = repo.backlog(&["blame", "--format", "json"]).code(0).json();
    assert_eq!(blame["entries"], Value::Array(vec![]));
    repo.commit("Empty backlog");
    let diff = repo
        .backlog(&["diff", "HEAD", "--format", "json"])
        .code(0)
        .json();
    assert_eq!(diff["changes"], Value::Array(vec![]));
    // An ID that names no item (and has no history) is unknown: exit 2, nothing written.
    repo.backlog(&["history", "MS-1"])
        .code(2)
        .stderr_has("no item MS-1 in backlog/items");
    repo.backlog(&["rank", "MS-1", "--top"]).code(2);
    assert_eq!(repo.read("backlog/ranking.txt"), "");
}

#[test]
fn c09_a_million_line_ranking_lints_and_ranks() {
    let repo = TestRepo::with_backlog();
    items(&repo, 2);
    // 1 000 000 lines in 1 000 000 bytes: under the 1 MiB file limit.
    let text = format!("{}MS-2\nMS-1\n", "\n".repeat(999_995));
    assert_eq!(text.lines().count(), 999_997);
    repo.ranking(&text);
    repo.backlog(&["lint"])
        .code(0)
        .stderr_has("checked 2 items: no problems");
    repo.backlog(&["rank", "MS-1", "--top"]).code(0);
    let after = repo.read("backlog/ranking.txt");
    assert_eq!(after.len(), text.len());
    // --top puts the line above the first ranked line; the blank lines stay where they were.
    assert!(
        after.ends_with("\n\nMS-1\nMS-2\n"),
        "{:?}",
        &after[after.len() - 20..]
    );
}

#[test]
fn c09_many_duplicate_lines_lint_in_bounded_output() {
    let repo = TestRepo::with_backlog();
    items(&repo, 1);
    repo.ranking(&"MS-1\n".repeat(100_000));
    let r = run(&repo, &["lint"]);
    // 10,000 listed, and one more that counts the other 89,999 (issue 19: bounded memory).
    r.run
        .code(1)
        .stderr_has("10001 errors")
        .stdout_has("89999 more lines like the 10000 above are not listed");
    assert!(r.run.stdout.len() < 100_000, "{} bytes", r.run.stdout.len());
}

#[test]
fn c09_a_ranking_over_the_size_limit_is_fs003_and_not_edited() {
    // Items are capped at 1 MiB, the ranking at 16 MiB (a million ID lines fit).
    let repo = TestRepo::with_backlog();
    items(&repo, 2);
    let text = format!("{}MS-2\nMS-1\n", "\n".repeat(16 * 1024 * 1024));
    repo.ranking(&text);
    let (r, found) = repo.lint_json(&[]);
    r.code(1);
    assert!(
        found
            .iter()
            .any(|f| f.rule == "FS003" && f.path == "backlog/ranking.txt"),
        "{found:#?}"
    );
    repo.backlog(&["rank", "MS-1", "--top"]).code(1);
    assert_eq!(repo.read("backlog/ranking.txt").len(), text.len());
}

#[test]
fn c11_case_mismatch_is_ord006_and_never_silently_normalised() {
    let repo = TestRepo::with_backlog();
    items(&repo, 2);
    repo.ranking("ms-1  # lower\nMS-2\n");
    let (r, found) = repo.lint_json(&[]);
    r.code(1);
    assert!(found.iter().any(|f| f.at() == "ORD006@1:1"), "{found:#?}");
    repo.backlog(&["rank", "MS-2", "--top"]).code(0);
    assert_eq!(repo.read("backlog/ranking.txt"), "MS-2\nms-1  # lower\n");
}

#[test]
fn c12_nul_and_invalid_utf8_in_the_ranking_are_reported_and_not_edited() {
    let repo = TestRepo::with_backlog();
    items(&repo, 2);
    for (bytes, at) in [
        (&b"MS-1\nMS\x002\n"[..], "ENC002@2:3"),
        (&b"MS-1\nMS-2 # caf\xe9\n"[..], "ENC001@2:11"),
    ] {
        repo.write("backlog/ranking.txt", bytes);
        let (r, found) = repo.lint_json(&[]);
        r.code(1);
        assert!(found.iter().any(|f| f.at() == at), "{at}: {found:#?}");
        for args in [&["rank", "MS-2", "--top"][..], &["unrank", "MS-1"]] {
            repo.backlog(args).code(1);
            assert_eq!(repo.read_bytes("backlog/ranking.txt"), bytes, "{args:?}");
        }
    }
}

#[test]
fn c13_a_symlinked_ranking_is_path010_and_never_followed() {
    const CANARY: &str = "SECRETxCANARYxc13";
    let repo = TestRepo::with_backlog();
    items(&repo, 2);
    repo.commit("Start");
    let outside = TestRepo::plain();
    let secret = outside.write("secret.txt", format!("MS-1  # {CANARY}\nMS-2\n"));
    let ranking = repo.path().join("backlog/ranking.txt");
    std::fs::remove_file(&ranking).unwrap_or_else(|e| panic!("rm: {e}"));
    std::os::unix::fs::symlink(&secret, &ranking).unwrap_or_else(|e| panic!("symlink: {e}"));
    let (r, found) = repo.lint_json(&[]);
    r.code(1);
    assert!(
        found
            .iter()
            .any(|f| f.at() == "PATH010@1:1" && f.path == "backlog/ranking.txt"),
        "{found:#?}"
    );
    // A write refused because the content is invalid (PATH010) exits 1, `new --rank` too.
    for (args, code, message) in [
        (
            &["rank", "MS-2", "--top"][..],
            1,
            "error: backlog/ranking.txt: cannot be edited (PATH010); run `backlog lint` for details",
        ),
        (
            &["unrank", "MS-1"],
            1,
            "error: backlog/ranking.txt: cannot be edited (PATH010); run `backlog lint` for details",
        ),
        (
            &["new", "story", "Linked", "--rank", "top"],
            1,
            "error: backlog/ranking.txt: cannot be edited (PATH010); run `backlog lint` for details",
        ),
    ] {
        let r = repo.backlog(args);
        r.code(code).stderr_has(message);
        assert!(
            std::fs::symlink_metadata(&ranking).is_ok_and(|m| m.file_type().is_symlink()),
            "{args:?} replaced the link"
        );
        assert_eq!(
            outside.read("secret.txt"),
            format!("MS-1  # {CANARY}\nMS-2\n")
        );
    }
    assert!(!repo.path().join("backlog/items/MS-3-linked.md").exists());
    // No command echoes the link target's content (B10/F14: a committed link to a secret must
    // not leak it into a CI log).
    let summary = repo.path().join("summary.md");
    let summary_arg = summary.to_string_lossy().into_owned();
    let mut leaks = Vec::new();
    for args in [
        &["lint"][..],
        &["list"],
        &["show", "MS-1"],
        &["show", "MS-1", "--format", "json"],
        &["blame"],
        &["blame", "--format", "json"],
        &["diff"],
        &["diff", "HEAD", "--format", "json"],
        &["diff", "HEAD", "--format", "markdown"],
        &["lint", "--since", "HEAD", "--summary", &summary_arg],
    ] {
        let r = repo.backlog(args);
        if r.stdout.contains(CANARY) || r.stderr.contains(CANARY) {
            leaks.push(args.join(" "));
        }
    }
    if std::fs::read_to_string(&summary).is_ok_and(|t| t.contains(CANARY)) {
        leaks.push("the --summary file".to_owned());
    }
    assert!(
        leaks.is_empty(),
        "these read ranking.txt through the link and print the target's text: {leaks:#?}"
    );
}

#[test]
fn c13_new_ranked_on_a_symlinked_ranking_is_refused_like_rank() {
    let repo = TestRepo::with_backlog();
    items(&repo, 2);
    let outside = TestRepo::plain();
    let secret = outside.write("secret.txt", "MS-1\nMS-2\n");
    let ranking = repo.path().join("backlog/ranking.txt");
    std::fs::remove_file(&ranking).unwrap_or_else(|e| panic!("rm: {e}"));
    std::os::unix::fs::symlink(&secret, &ranking).unwrap_or_else(|e| panic!("symlink: {e}"));
    repo.backlog(&["new", "story", "Linked", "--rank", "top"])
        .code(1)
        .stderr_has("backlog/ranking.txt: cannot be edited (PATH010)");
    assert!(!repo.path().join("backlog/items/MS-3-linked.md").exists());
}
