//! Catalogue group F rows F2–F6 and F14 (RELIABILITY.md §4 F) through the real binary: each
//! hostile sequence in an item's title reaches every output escaped (caret notation or
//! `\u{…}` for people, `\uXXXX` in JSON), never raw; and a symlink under `backlog/` to a
//! secret file never puts a byte of the secret in any output.

use crate::support::{RawRun, TestRepo, draft_story, draft_with};
use std::ffi::OsStr;

/// Runs `backlog args` with colour forced on (so escaping is not just the pipe's doing).
fn run(repo: &TestRepo, args: &[&str]) -> RawRun {
    let always: &OsStr = OsStr::new("1");
    repo.backlog_env(".", args, &[("CLICOLOR_FORCE", always)], &["NO_COLOR"])
}

/// The outputs that show an item's title: table, CSV, show, JSON of list and show, export.
const SHOWING_THE_TITLE: &[&[&str]] = &[
    &["list"],
    &["list", "--format", "csv"],
    &["list", "--format", "json"],
    &["show", "MS-1"],
    &["show", "MS-1", "--format", "json"],
    &["export", "json"],
    &["export", "csv"],
];

/// A backlog whose MS-1 has `title` (a TOML basic string's contents, escapes allowed).
fn titled(title_toml: &str) -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item(
        "MS-1-hostile.md",
        &draft_story("x").replace("title = \"x\"", &format!("title = \"{title_toml}\"")),
    );
    repo
}

/// Every output holds none of `raw` and, in the text outputs, `shown` where the title is.
#[track_caller]
fn escaped_everywhere(repo: &TestRepo, raw: &[char], shown: &str, json_shown: &str) {
    for args in SHOWING_THE_TITLE {
        let out = run(repo, args);
        out.run.code(0);
        let all = [&out.stdout[..], &out.stderr[..]].concat();
        let text = String::from_utf8(all)
            .unwrap_or_else(|e| panic!("`backlog {}`: not UTF-8: {e}", args.join(" ")));
        // CSV ends each record with CRLF (RFC 4180): that `\r` is the format's own.
        let text = if args.contains(&"csv") {
            text.replace("\r\n", "\n")
        } else {
            text
        };
        // Colours are forced on: the product's own SGR codes (`ESC [ digits ; m`) are allowed,
        // and taken out first, so any ESC left came from the title.
        let text = crate::properties::strip_sgr(&text);
        if let Some(c) = text.chars().find(|c| raw.contains(c)) {
            panic!(
                "`backlog {}` printed U+{:04X} raw:\n{text}",
                args.join(" "),
                c as u32
            );
        }
        let json = args.contains(&"json");
        let expected = if json { json_shown } else { shown };
        assert!(
            text.contains(expected),
            "`backlog {}` does not show {expected:?}:\n{text}",
            args.join(" ")
        );
    }
}

#[test]
fn f02_c1_csi_and_osc_in_a_title_are_escaped() {
    let repo = titled("a\\u009B31m b\\u009D0;t\\u009C c");
    escaped_everywhere(
        &repo,
        &['\u{9b}', '\u{9d}', '\u{9c}'],
        "a\\u{009B}31m b\\u{009D}0;t\\u{009C} c",
        "a\\u009b31m b\\u009d0;t\\u009c c",
    );
}

#[test]
fn f03_osc_8_hyperlinks_and_osc_52_clipboard_writes_are_escaped() {
    let repo = titled(
        "\\u001B]8;;https://evil.example/\\u001B\\\\click\\u001B]8;;\\u001B\\\\ \\u001B]52;c;cHduZWQ=\\u0007",
    );
    escaped_everywhere(
        &repo,
        &['\u{1b}', '\u{7}'],
        "^[]8;;https://evil.example/^[\\click^[]8;;^[\\ ^[]52;c;cHduZWQ=^G",
        "\\u001b]8;;https://evil.example/\\u001b\\\\click\\u001b]8;;\\u001b\\\\ \\u001b]52;c;cHduZWQ=\\u0007",
    );
}

#[test]
fn f04_a_carriage_return_cannot_overwrite_the_line() {
    let repo = titled("safe\\rEVIL");
    escaped_everywhere(&repo, &['\r'], "safe^MEVIL", "safe\\rEVIL");
}

#[test]
fn f05_bidi_overrides_and_zero_width_are_escaped_and_warned_in_ids() {
    let repo = titled("left \\u202Ethgir\\u2066 z\\u200Bw\\u200D \\uFEFF");
    escaped_everywhere(
        &repo,
        &['\u{202e}', '\u{2066}', '\u{200b}', '\u{200d}', '\u{feff}'],
        "left \\u{202E}thgir\\u{2066} z\\u{200B}w\\u{200D} \\u{FEFF}",
        "left \\u202ethgir\\u2066 z\\u200bw\\u200d \\ufeff",
    );
    // In IDs: a dependency and ranking lines whose ID hides a bidi or zero-width character.
    repo.item(
        "MS-2-plain.md",
        &draft_with("plain", "depends_on = [\"MS-1\\u202E\"]\n"),
    );
    repo.ranking("MS-2\u{202e}\nMS-\u{200b}1\n");
    let (lint, findings) = repo.lint_json(&[]);
    lint.code(1);
    let has = |path: &str, line: u64, rule: &str| {
        findings
            .iter()
            .any(|f| f.path == path && f.line == line && f.rule == rule)
    };
    let item = "backlog/items/MS-2-plain.md";
    let dependency_line = repo
        .read(item)
        .lines()
        .position(|l| l.starts_with("depends_on"))
        .map(|i| i as u64 + 1)
        .unwrap_or_else(|| panic!("no depends_on line"));
    assert!(has(item, dependency_line, "TXT001"), "{findings:#?}");
    assert!(has(item, dependency_line, "DEP001"), "{findings:#?}");
    assert!(has("backlog/ranking.txt", 1, "ORD005"), "{findings:#?}");
    assert!(has("backlog/ranking.txt", 2, "ORD005"), "{findings:#?}");
    // And the human output shows the hidden characters.
    let human = run(&repo, &["lint"]);
    let text = String::from_utf8_lossy(&human.stdout).into_owned();
    assert!(text.contains("`MS-1\\u{202E}`"), "{text}");
    assert!(text.contains("`MS-\\u{200B}1`"), "{text}");
    assert!(!text.contains(['\u{202e}', '\u{200b}']), "{text}");
}

#[test]
fn f06_a_newline_in_a_single_line_field_keeps_one_record_on_one_line() {
    let repo = titled("first\\nsecond");
    repo.item("MS-2-other.md", &draft_story("Other"));
    escaped_everywhere(&repo, &[], "first^Jsecond", "first\\nsecond");
    // One item, one line: the table and the CSV have a header and one line per item.
    for args in [&["list"][..], &["list", "--format", "csv"]] {
        let out = run(&repo, args);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "`backlog {}`:\n{text}", args.join(" "));
        assert!(
            lines
                .iter()
                .any(|l| l.contains("MS-1") && l.contains("first^Jsecond"))
        );
        assert!(lines.iter().all(|l| !l.starts_with("second")), "{text}");
    }
    // `show` gives the title one line too.
    let show = run(&repo, &["show", "MS-1"]);
    let text = String::from_utf8_lossy(&show.stdout).into_owned();
    assert!(
        text.lines()
            .any(|l| l.contains("MS-1") && l.contains("first^Jsecond")),
        "{text}"
    );
}

#[test]
fn f14_symlinks_under_backlog_to_a_secret_never_show_a_byte_of_it() {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-fine.md", &draft_story("Fine"));
    let secret_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let canary = "CANARY-7f3a9-do-not-print";
    let secret = secret_dir.path().join("id_rsa");
    std::fs::write(
        &secret,
        format!("+++\ntitle = \"{canary}\"\n+++\n{canary}\n"),
    )
    .unwrap_or_else(|e| panic!("write the secret: {e}"));
    let link = |rel: &str, to: &std::path::Path| {
        let path = repo.path().join(rel);
        let _ = std::fs::remove_file(&path);
        std::os::unix::fs::symlink(to, &path).unwrap_or_else(|e| panic!("symlink {rel}: {e}"));
    };
    link("backlog/items/MS-2-secret.md", &secret);
    link("backlog/items/MS-3-dir.md", secret_dir.path());
    link("backlog/items/notes", secret_dir.path());
    link("backlog/templates/bug.md", &secret);
    link("backlog/ranking.txt", &secret);
    let before = repo.work_tree_files();
    let commands: &[&[&str]] = &[
        &["lint"],
        &["lint", "--format", "json"],
        &["lint", "--format", "github"],
        &["lint", "--format", "sarif"],
        &["list"],
        &["list", "--format", "json"],
        &["show", "MS-2"],
        &["show", "MS-2", "--format", "json"],
        &["search", "CANARY"],
        &["export", "json"],
        &["export", "csv"],
        &["board"],
        &["doctor"],
        &["new", "bug", "Crash"],
        &["rank", "MS-1", "--top"],
        &["rank", "MS-2", "--top"],
    ];
    for args in commands {
        let out = run(&repo, args);
        let all =
            String::from_utf8_lossy(&[&out.stdout[..], &out.stderr[..]].concat()).into_owned();
        assert!(
            !all.contains("CANARY") && !all.contains("do-not-print"),
            "`backlog {}` printed the secret:\n{all}",
            args.join(" ")
        );
    }
    // The links are reported, and nothing was written through them.
    let (_, findings) = repo.lint_json(&[]);
    for path in ["backlog/items/MS-2-secret.md", "backlog/ranking.txt"] {
        assert!(
            findings
                .iter()
                .any(|f| f.path == path && f.rule == "PATH010"),
            "{path}: {findings:#?}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(&secret).unwrap_or_default(),
        format!("+++\ntitle = \"{canary}\"\n+++\n{canary}\n")
    );
    let after = repo.work_tree_files();
    let changed = crate::support::differing(&before, &after, &[]);
    assert!(changed.is_empty(), "{changed:?}");
}
