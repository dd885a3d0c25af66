//! Reliability tests: output.
//!
//! Catalogue group F (goal R7) through the real binary: hostile text in titles, owners, kinds,
//! states, dependencies, ranking reasons, file names, commit authors and commit messages must be
//! inert in every output of every command (human text, GitHub annotations, JSON, SARIF,
//! Markdown); plus, in order_file.rs, the order-file rows of group C that lint.rs, catalogue/
//! and rank/ leave.

use crate::support::{RawRun, TestRepo, ready_story};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;
use std::ffi::OsStr;
use std::fmt::Write as _;

mod order_file;

/// Every kind of hostile text at once: CSI colour, erase and cursor moves, C1 CSI/OSC/ST, OSC 8
/// hyperlinks, OSC 52 clipboard writes, a carriage return, bidi and zero-width characters, line
/// and paragraph separators, DEL and BS, Markdown and HTML, mentions, and lines that GitHub
/// Actions would run as workflow commands.
const HOSTILE: &str = concat!(
    "\u{1b}[31mRED\u{1b}[0m\u{1b}[2J\u{1b}[1;1H\u{1b}[K",
    " \u{9b}31m \u{9d}0;title\u{9c}",
    " \u{1b}]8;;https://evil.example/\u{1b}\\click\u{1b}]8;;\u{1b}\\",
    " \u{1b}]52;c;cHduZWQ=\u{7}",
    " safe\rEVIL",
    " \u{202e}\u{2066}\u{200b}\u{200d}\u{2060}\u{feff}\u{61c}\u{200e}\u{2028}\u{2029}",
    " \u{7f}\u{8}",
    " [x](https://evil.example/) ![p](https://evil.example/p.png) <img src=x onerror=alert(1)>",
    " </details> @org/team #123 | `tick` *em* _u_ ~~s~~ &amp;",
    "\n::error::pwned\n::add-mask::secret\n::stop-commands::tok",
);

/// HOSTILE on one line (for ranking reasons and commit subjects, which cannot hold `\n`).
fn hostile_line() -> String {
    HOSTILE.replace('\n', " ")
}

/// Characters that must never reach a terminal raw.
fn forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
        | '\u{2028}' | '\u{2029}')
}

/// Human or text output: valid UTF-8, no ESC/C0/C1/bidi/zero-width/separators, no raw `\r`,
/// and (unless `lines_may_start_with_untrusted`) no line starting with `::`.
#[track_caller]
fn assert_inert_text(what: &str, bytes: &[u8], lines_may_start_with_untrusted: bool) {
    let text =
        std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: output is not UTF-8 ({e})"));
    if let Some((i, c)) = text.char_indices().find(|&(_, c)| forbidden(c)) {
        let from = text[..i].char_indices().rev().nth(40).map_or(0, |(j, _)| j);
        panic!(
            "{what}: raw U+{:04X} at byte {i}, after {:?}\n--- output\n{text}",
            c as u32,
            &text[from..i]
        );
    }
    if !lines_may_start_with_untrusted {
        for line in text.lines() {
            assert!(
                !line.starts_with("::"),
                "{what}: a line starts with a workflow command: {line:?}"
            );
        }
    }
}

/// Both streams of a run are inert text.
#[track_caller]
fn assert_inert_run(what: &str, run: &RawRun) {
    assert_inert_text(&format!("{what} (stdout)"), &run.stdout, false);
    assert_inert_text(&format!("{what} (stderr)"), &run.stderr, false);
}

/// JSON output: valid, none of the forbidden characters raw (they must be `\uXXXX` escapes).
#[track_caller]
fn assert_inert_json(what: &str, run: &RawRun) -> Value {
    assert_inert_text(&format!("{what} (stderr)"), &run.stderr, false);
    let text = std::str::from_utf8(&run.stdout)
        .unwrap_or_else(|e| panic!("{what}: JSON is not UTF-8 ({e})"));
    if let Some(c) = text.chars().find(|&c| forbidden(c)) {
        panic!("{what}: raw U+{:04X} in JSON:\n{text}", c as u32);
    }
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: not JSON ({e}):\n{text}"))
}

/// `--format github`: every stdout line is an annotation of our own making.
#[track_caller]
fn assert_github(what: &str, run: &RawRun) {
    assert_inert_text(&format!("{what} (stdout)"), &run.stdout, true);
    assert_inert_text(&format!("{what} (stderr)"), &run.stderr, false);
    for line in run.run.stdout.lines() {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning "),
            "{what}: a line that is not our annotation: {line:?}"
        );
    }
}

/// Markdown output: parses with no link, image or HTML from item text; the only HTML allowed
/// is the exact tags in `ours`; no live mention or issue reference.
#[track_caller]
fn assert_inert_markdown(what: &str, md: &str, ours: &[&str]) {
    // The sanitiser breaks mentions and issue references with code spans, never with an
    // invisible character: any zero-width character here is raw item text.
    assert_inert_text(what, md.as_bytes(), false);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM;
    let mut rows = Vec::new();
    let mut cells = 0;
    for event in Parser::new_ext(md, options) {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                panic!("{what}: live {event:?} in:\n{md}")
            }
            Event::Html(html) | Event::InlineHtml(html) => assert!(
                ours.contains(&html.trim_end()),
                "{what}: HTML {html:?} that is not ours in:\n{md}"
            ),
            Event::Start(Tag::TableHead | Tag::TableRow) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => rows.push(cells),
            _ => {}
        }
    }
    assert!(
        rows.windows(2).all(|w| w[0] == w[1]),
        "{what}: a `|` from item text split a table row: {rows:?}\n{md}"
    );
    for raw in ["@org/team", "#123", "](https://", "<img"] {
        assert!(!md.contains(raw), "{what}: {raw:?} survives in:\n{md}");
    }
}

/// A TOML basic string holding `s` exactly, every control and non-ASCII character escaped.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || (c as u32) >= 0x7f => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn title() -> String {
    format!("T {HOSTILE}")
}
fn title2() -> String {
    format!("T2 {HOSTILE}")
}
fn owner() -> String {
    format!("O {HOSTILE}")
}
fn dependency() -> String {
    format!("D{HOSTILE}")
}
fn kind() -> String {
    format!("k {HOSTILE}")
}
fn state() -> String {
    format!("s {HOSTILE}")
}
fn reason(n: usize) -> String {
    format!("R{n} {}", hostile_line())
}
fn author(n: usize) -> String {
    format!("Eve{n} \u{1b}[31m\u{9b}\u{202e}\u{200b}\u{1b}]52;c;eA==\u{7} Mallory")
}
fn subject(n: usize) -> String {
    format!("::error::subject{n} {}", hostile_line())
}
fn trailer(n: usize) -> String {
    format!("trailer{n} {}", hostile_line())
}

/// Commits everything as a hostile author with a hostile message, kept verbatim.
fn commit_hostile(repo: &TestRepo, n: usize) {
    repo.git_ok(&["add", "-A"]);
    let message = format!(
        "{}\n\n::add-mask::secret{n}\n::warning::body {}\n\nReason(MS-2): {}",
        subject(n),
        hostile_line(),
        trailer(n)
    );
    let email = format!("eve{n}\u{1b}[31m@evil.example");
    let run = repo.git_env(
        &["commit", "-q", "--cleanup=verbatim", "-m", &message],
        &[
            ("GIT_AUTHOR_NAME", &author(n)),
            ("GIT_AUTHOR_EMAIL", &email),
        ],
    );
    assert_eq!(run.code, 0, "commit: {}", run.stderr);
}

/// MS-1 carries hostile title, owner and dependency (and a raw hostile body); MS-2 a hostile
/// title, kind and state; ranking reasons are hostile; two commits by hostile authors with hostile
/// messages; then an uncommitted move in the work tree.
fn hostile_repo() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item(
        "MS-1-hostile.md",
        &format!(
            "+++\ntitle = {}\nkind = \"story\"\nstate = \"draft\"\nowner = {}\ndepends_on = [{}, \"MS-2\"]\n+++\n\n## Problem\n\nbody {}\n::error::body\n::add-mask::body\n",
            toml_string(&title()),
            toml_string(&owner()),
            toml_string(&dependency()),
            hostile_line()
        ),
    );
    repo.item(
        "MS-2-kind.md",
        &format!(
            "+++\ntitle = {}\nkind = {}\nstate = {}\n+++\n",
            toml_string(&title2()),
            toml_string(&kind()),
            toml_string(&state())
        ),
    );
    repo.item("MS-3-fine.md", &ready_story("Fine"));
    repo.ranking(&format!("MS-1  # {}\nMS-3\n", reason(1)));
    commit_hostile(&repo, 1);
    // MS-3 gets a reason in place, MS-2 is ranked (its reason from the trailer).
    repo.ranking(&format!(
        "MS-1  # {}\nMS-3  # {}\nMS-2\n",
        reason(1),
        reason(2)
    ));
    commit_hostile(&repo, 2);
    repo.ranking(&format!(
        "MS-2  # {}\nMS-1  # {}\nMS-3  # {}\n",
        reason(3),
        reason(1),
        reason(2)
    ));
    repo
}

fn run(repo: &TestRepo, args: &[&str]) -> RawRun {
    repo.backlog_env(".", args, &[], &[])
}

/// The author of `rev` as git recorded it (git may trim what it does not allow in names).
fn git_author(repo: &TestRepo, rev: &str) -> String {
    repo.git_ok(&["log", "-1", "--format=%an", rev])
        .trim_end_matches('\n')
        .to_owned()
}

fn by_id<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .and_then(|a| a.iter().find(|v| v["id"] == id))
        .unwrap_or_else(|| panic!("no {id} in {list}"))
}

// ---- F1–F7, F11, F12: every command, every format ----------------------------------------------

#[test]
fn f01_f07_human_and_text_outputs_are_inert() {
    let repo = hostile_repo();
    for args in [
        &["list"][..],
        &["lint"],
        &["history", "MS-1"],
        &["history", "MS-2"],
        &["history", "MS-3"],
        &["blame"],
        &["diff", "HEAD~1..HEAD"],
        &["diff", "HEAD"],
        &["diff"],
        &["show", "MS-2"],
        &["show", "MS-3"],
    ] {
        let r = run(&repo, args);
        assert!(
            r.run.code <= 1,
            "{args:?}: exit {}\n{}",
            r.run.code,
            r.run.stderr
        );
        assert_inert_run(&args.join(" "), &r);
    }
    // The hostile text is there, escaped (not dropped).
    let list = run(&repo, &["list"]);
    assert!(
        list.run.stdout.contains("T ^[[31mRED"),
        "{}",
        list.run.stdout
    );
    assert!(
        list.run.stdout.contains("safe^MEVIL"),
        "{}",
        list.run.stdout
    );
    assert!(list.run.stdout.contains("\\u{202E}"), "{}", list.run.stdout);
    let history = run(&repo, &["history", "MS-3"]);
    assert!(
        history.run.stdout.contains("Eve1 ^[[31m"),
        "{}",
        history.run.stdout
    );
}

#[test]
fn f07_show_prints_the_body_inert() {
    // `show` prints the body as a block: newlines are kept, so a body line such as
    // `::add-mask::x` starts an output line of its own (allowed here, reported as a question:
    // in a CI log the runner would act on it). Everything else must still be inert.
    let repo = hostile_repo();
    let r = run(&repo, &["show", "MS-1"]);
    r.run.code(0);
    assert_inert_text("show MS-1 (stdout)", &r.stdout, true);
    assert_inert_text("show MS-1 (stderr)", &r.stderr, false);
    // Before the body, every line is ours.
    let head = r.run.stdout.split("\n\n").next().unwrap_or_default();
    assert_inert_text("show MS-1 fields", head.as_bytes(), false);
    assert!(head.contains("O ^[[31mRED"), "{head}");
}

#[test]
fn f07_f11_github_annotations_never_start_a_line_with_item_text() {
    let repo = hostile_repo();
    let r = run(&repo, &["lint", "--format", "github"]);
    r.run.code(1);
    assert_github("lint --format github", &r);
    assert!(
        r.run.stdout.contains("%0A::error::pwned"),
        "{}",
        r.run.stdout
    );
}

#[test]
fn f11_f12_json_outputs_are_inert_and_round_trip() {
    let repo = hostile_repo();
    let list = assert_inert_json("list json", &run(&repo, &["list", "--format", "json"]));
    assert_eq!(by_id(&list["items"], "MS-1")["title"], title().as_str());
    assert_eq!(by_id(&list["items"], "MS-2")["kind"], kind().as_str());
    assert_eq!(by_id(&list["items"], "MS-2")["state"], state().as_str());

    let show = assert_inert_json(
        "show json",
        &run(&repo, &["show", "MS-1", "--format", "json"]),
    );
    let item = &show["item"];
    assert_eq!(item["title"], title().as_str());
    assert_eq!(item["owner"], owner().as_str());
    assert_eq!(item["reason"], reason(1).as_str());
    assert_eq!(item["depends_on"][0]["id"], dependency().as_str());
    let show2 = assert_inert_json(
        "show json",
        &run(&repo, &["show", "MS-2", "--format", "json"]),
    );
    assert_eq!(show2["item"]["kind"], kind().as_str());

    let lint = assert_inert_json("lint json", &run(&repo, &["lint", "--format", "json"]));
    let messages: Vec<&str> = lint["diagnostics"]
        .as_array()
        .map(|a| a.iter().filter_map(|d| d["message"].as_str()).collect())
        .unwrap_or_default();
    for (what, text) in [
        ("kind", kind()),
        ("state", state()),
        ("dependency", dependency()),
    ] {
        assert!(
            messages.iter().any(|m| m.contains(&text)),
            "no lint message quotes the {what} exactly: {messages:#?}"
        );
    }
    let sarif = assert_inert_json("lint sarif", &run(&repo, &["lint", "--format", "sarif"]));
    let texts: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r["message"]["text"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(texts.iter().any(|m| m.contains(&kind())), "{texts:#?}");

    let (c1, c2) = (repo.rev("HEAD~1"), repo.head_id());
    let history = |id: &str| {
        let doc = assert_inert_json(
            &format!("history {id} json"),
            &run(&repo, &["history", id, "--format", "json"]),
        );
        doc["events"].as_array().cloned().unwrap_or_default()
    };
    let ms1 = history("MS-1");
    assert_eq!(ms1.len(), 1, "{ms1:#?}");
    assert_eq!(ms1[0]["commit"], c1.as_str());
    assert_eq!(ms1[0]["author"], git_author(&repo, &c1).as_str());
    assert_eq!(ms1[0]["reason"], reason(1).as_str());
    let ms2 = history("MS-2");
    assert_eq!(ms2.len(), 1, "{ms2:#?}");
    assert_eq!(ms2[0]["author"], git_author(&repo, &c2).as_str());
    assert_eq!(ms2[0]["reason"], trailer(2).as_str());
    assert_eq!(ms2[0]["reason_source"], "trailer");
    let ms3 = history("MS-3");
    assert_eq!(ms3.len(), 2, "{ms3:#?}");
    assert_eq!(ms3[0]["reason"], subject(1).as_str());
    assert_eq!(ms3[0]["reason_source"], "subject");
    assert_eq!(ms3[1]["reason"], reason(2).as_str());
    assert_eq!(ms3[1]["reason_source"], "line");
    assert!(
        git_author(&repo, &c1).contains('\u{1b}'),
        "git kept the ESC in the author name, so the round trip means something"
    );

    let blame = assert_inert_json("blame json", &run(&repo, &["blame", "--format", "json"]));
    let entries = &blame["entries"];
    assert_eq!(by_id(entries, "MS-2")["reason"], reason(3).as_str());
    assert!(
        by_id(entries, "MS-2")["commit"].is_null(),
        "uncommitted move"
    );
    assert_eq!(
        by_id(entries, "MS-1")["author"],
        git_author(&repo, &c1).as_str()
    );

    let diff = assert_inert_json(
        "diff json",
        &run(&repo, &["diff", "HEAD~1..HEAD", "--format", "json"]),
    );
    assert_eq!(by_id(&diff["changes"], "MS-2")["title"], title2().as_str());
    let worktree = assert_inert_json(
        "diff json",
        &run(&repo, &["diff", "HEAD", "--format", "json"]),
    );
    assert_eq!(
        by_id(&worktree["changes"], "MS-2")["reason"],
        reason(3).as_str()
    );
    assert_eq!(
        by_id(&worktree["changes"], "MS-2")["title"],
        title2().as_str()
    );
}

#[test]
fn f08_markdown_outputs_have_no_live_markup() {
    let repo = hostile_repo();
    for args in [
        &["diff", "HEAD~1..HEAD", "--format", "markdown"][..],
        &["diff", "HEAD", "--format", "markdown"],
        &["diff", "--format", "markdown"],
    ] {
        let r = run(&repo, args);
        r.run.code(0);
        assert_inert_text(&args.join(" "), &r.stderr, false);
        assert_inert_markdown(&args.join(" "), &r.run.stdout, &[]);
        assert!(r.run.stdout.contains("| Item |"), "{}", r.run.stdout);
    }
    // The job summary of lint: our own <details> wrapper is the only HTML.
    let summary = repo.path().join("summary.md");
    let summary_arg = summary.to_string_lossy().into_owned();
    run(&repo, &["lint", "--summary", &summary_arg]).run.code(1);
    let md = std::fs::read_to_string(&summary).unwrap_or_else(|e| panic!("summary: {e}"));
    assert_inert_markdown(
        "lint --summary",
        &md,
        &["<details><summary>Findings</summary>", "</details>"],
    );
}

#[test]
fn rank_new_and_error_messages_are_inert() {
    let repo = hostile_repo();
    let bidi = "why \u{202e}\u{200b} @team #7";
    for args in [
        &["rank", "MS-1", "--top"][..],
        &["rank", "MS-2", "--above", "MS-1", "--reason", bidi],
        &["unrank", "MS-3"],
        &["new", "story", "Title \u{202e}\u{200b} with bidi"],
        &["new", "story", "Title \u{1b}[31m with ESC"],
        &["new", "story", "Title \u{9b} with C1"],
        &["show", "MS-1\u{1b}[31m"],
        &["history", "MS-1\u{1b}]52;c;eA==\u{7}"],
        &["rank", "MS-1\u{202e}", "--top"],
        &["rank", "MS-1", "--top", "--reason", "a\u{1b}[2Jb"],
    ] {
        let r = run(&repo, args);
        assert!(r.run.code <= 2, "{args:?}: exit {}", r.run.code);
        assert_inert_run(&format!("{args:?}"), &r);
    }
    assert_inert_run("list after", &run(&repo, &["list"]));
}

#[test]
fn f07_error_messages_quoting_repository_text_never_start_a_line() {
    // backlog.toml is repository content: a template path with a newline must not let
    // `::error::` start a line of an error message (CI logs act on stderr too).
    let repo = TestRepo::with_backlog();
    repo.config_replace(
        "template = \"templates/story.md\"",
        "template = \"templates/x\\n::error::pwned \\u001b[31m.md\"",
    );
    let r = run(&repo, &["new", "story", "Hello"]);
    assert_ne!(r.run.code, 0, "{}", r.run.stdout);
    assert_inert_run("new with a hostile template path", &r);
    for format in ["human", "github"] {
        let r = run(&repo, &["lint", "--format", format]);
        r.run.code(1);
        if format == "github" {
            assert_github("lint github, hostile template path", &r);
        } else {
            assert_inert_run("lint, hostile template path", &r);
        }
    }
}

// ---- F9: file names with control characters ----------------------------------------------------

#[test]
fn f09_a_file_name_with_control_characters_is_escaped_everywhere() {
    let repo = TestRepo::with_backlog();
    let name = "MS-9-a\tb\u{1b}[31m\r\u{202e}\u{200b}\u{9b}\n::error::x,y:z%.md";
    repo.item(
        name,
        "+++\ntitle = \"Named badly\"\nkind = \"storey\"\nstate = \"draft\"\n+++\n",
    );
    repo.ranking("MS-9\n");
    let path = format!("backlog/items/{name}");
    for args in [
        &["lint"][..],
        &["list"],
        &["show", "MS-9"],
        &["rank", "MS-9", "--top", "--reason", "still here"],
    ] {
        let r = run(&repo, args);
        assert!(r.run.code <= 1, "{args:?}: exit {}", r.run.code);
        assert_inert_run(&args.join(" "), &r);
    }
    let lint = run(&repo, &["lint"]);
    assert!(
        lint.run.stdout.contains("MS-9-a^Ib^[[31m^M\\u{202E}"),
        "the name is shown escaped:\n{}",
        lint.run.stdout
    );
    let r = run(&repo, &["lint", "--format", "github"]);
    assert_github("lint github", &r);
    assert!(
        r.run.stdout.contains("file=backlog/items/MS-9-a"),
        "{}",
        r.run.stdout
    );
    let lint = assert_inert_json("lint json", &run(&repo, &["lint", "--format", "json"]));
    assert_eq!(lint["diagnostics"][0]["path"], path.as_str());
    let list = assert_inert_json("list json", &run(&repo, &["list", "--format", "json"]));
    assert_eq!(list["items"][0]["path"], path.as_str());
    let show = assert_inert_json(
        "show json",
        &run(&repo, &["show", "MS-9", "--format", "json"]),
    );
    assert_eq!(show["item"]["path"], path.as_str());
    let sarif = assert_inert_json("sarif", &run(&repo, &["lint", "--format", "sarif"]));
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        uri.is_ascii() && !uri.chars().any(|c| c.is_control()) && uri.contains("%1B"),
        "{uri}"
    );
}

// ---- F10: a huge line ----------------------------------------------------------------------------

/// The source lines of a human diagnostic: `NN | text`.
fn snippet_lines(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            t.split_once(" | ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        })
        .collect()
}

#[test]
fn f10_the_source_line_of_a_900_kb_line_is_bounded() {
    let repo = TestRepo::with_backlog();
    let long = "x".repeat(900_000);
    repo.item(
        "MS-1-front.md",
        &format!(
            "+++\ntitle = \"a\"\nkind = \"story\"\nstate = \"draft\"\nnote = \"{long}\" oops\n+++\n"
        ),
    );
    repo.item(
        "MS-2-body.md",
        &format!(
            "+++\ntitle = \"b\"\nkind = \"story\"\nstate = \"draft\"\n+++\n{long} \u{202e} tail\n"
        ),
    );
    let r = run(&repo, &["lint"]);
    r.run
        .code(1)
        .stdout_has("error[FM003]")
        .stdout_has("TXT001");
    let snippets = snippet_lines(&r.run.stdout);
    assert!(snippets.len() >= 2, "{snippets:?}");
    for line in snippets {
        assert!(
            line.chars().count() <= 200,
            "a printed source line has {} columns",
            line.chars().count()
        );
    }
    let longest = r.run.stdout.lines().map(|l| l.chars().count()).max();
    assert!(longest <= Some(1_000), "longest line: {longest:?} columns");
}

#[test]
fn f10_a_900_kb_value_quoted_in_a_message_is_bounded() {
    // FM008 quotes the unknown kind in its message: the snippet is truncated, but the message
    // line (and the GitHub annotation) must not echo 900 KB into a CI log either.
    let repo = TestRepo::with_backlog();
    let long = "k".repeat(900_000);
    repo.item(
        "MS-1-kind.md",
        &format!("+++\ntitle = \"a\"\nkind = \"{long}\"\nstate = \"draft\"\n+++\n"),
    );
    for format in ["human", "github"] {
        let r = run(&repo, &["lint", "--format", format]);
        r.run.code(1);
        let longest = r
            .run
            .stdout
            .lines()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0);
        assert!(
            longest <= 1_000,
            "--format {format}: the longest output line has {longest} columns"
        );
    }
}

// ---- F13: colour ----------------------------------------------------------------------------------

/// True when every ESC in `bytes` starts an SGR sequence `ESC [ digits/; m`.
fn only_sgr(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == 0x1b) {
        let mut j = i + at + 1;
        if bytes.get(j) != Some(&b'[') {
            return false;
        }
        j += 1;
        while bytes
            .get(j)
            .is_some_and(|b| b.is_ascii_digit() || *b == b';')
        {
            j += 1;
        }
        if bytes.get(j) != Some(&b'm') {
            return false;
        }
        i = j + 1;
    }
    true
}

#[test]
fn f13_colour_only_when_asked_and_never_from_item_text() {
    let repo = hostile_repo();
    let env = |set: &[(&str, &OsStr)], unset: &[&str], args: &[&str]| {
        let r = repo.backlog_env(".", args, set, unset);
        let mut all = r.stdout.clone();
        all.extend_from_slice(&r.stderr);
        (r, all)
    };
    let force = OsStr::new("1");
    // NO_COLOR=1 (the harness default), a pipe without NO_COLOR, and --color never.
    for (what, set, unset, args) in [
        ("NO_COLOR=1", &[][..], &[][..], &["lint"][..]),
        ("pipe", &[], &["NO_COLOR"], &["lint"]),
        (
            "--color never",
            &[("CLICOLOR_FORCE", force)],
            &["NO_COLOR"],
            &["--color", "never", "lint"],
        ),
    ] {
        let (r, all) = env(set, unset, args);
        r.run.code(1);
        assert!(
            !all.contains(&0x1b),
            "{what}: an escape sequence in:\n{}",
            r.run.stdout
        );
    }
    for (what, set, unset, args) in [
        (
            "--color always",
            &[][..],
            &[][..],
            &["--color", "always", "lint"][..],
        ),
        (
            "CLICOLOR_FORCE=1",
            &[("CLICOLOR_FORCE", force)],
            &["NO_COLOR"],
            &["lint"],
        ),
    ] {
        let (r, all) = env(set, unset, args);
        r.run.code(1);
        assert!(all.contains(&0x1b), "{what}: no colour:\n{}", r.run.stdout);
        assert!(
            only_sgr(&all),
            "{what}: an escape that is not our colour (from item text?):\n{}",
            String::from_utf8_lossy(&all)
        );
        let plain: String = String::from_utf8_lossy(&all).into_owned();
        assert!(
            plain.contains("^[[31mRED"),
            "{what}: hostile text escaped: {plain}"
        );
    }
    for args in [
        &["--color", "always", "list"][..],
        &["--color", "always", "history", "MS-1"],
    ] {
        let (_, all) = env(&[], &[], args);
        assert!(
            only_sgr(&all),
            "{args:?}: {}",
            String::from_utf8_lossy(&all)
        );
    }
}

// ---- F15: many findings -------------------------------------------------------------------------

#[test]
fn f15_five_hundred_findings_in_one_file_are_capped_for_people() {
    let repo = TestRepo::with_backlog();
    let deps: Vec<String> = (1000..1500).map(|n| format!("\"MS-{n}\"")).collect();
    repo.item(
        "MS-1-many.md",
        &format!(
            "+++\ntitle = \"a\"\nkind = \"story\"\nstate = \"draft\"\ndepends_on = [{}]\n+++\n",
            deps.join(", ")
        ),
    );
    let human = run(&repo, &["lint"]);
    human.run.code(1).stderr_has("500 errors");
    let shown = human.run.stdout.matches("error[DEP001]").count();
    assert!(
        (1..=50).contains(&shown),
        "{shown} findings drawn for one file; the catalogue asks for a cap like 50"
    );
    assert!(
        human
            .run
            .stdout
            .contains(&format!("{} more findings", 500 - shown)),
        "a summary line says how many were left out:\n{}",
        &human.run.stdout[human.run.stdout.len().saturating_sub(400)..]
    );
    let github = run(&repo, &["lint", "--format", "github"]);
    github.run.code(1);
    assert_github("github, 500 findings", &github);
    assert!(
        github.run.stdout.lines().count() <= 51,
        "github output is capped too"
    );
    let (json, found) = repo.lint_json(&[]);
    json.code(1);
    assert_eq!(found.len(), 500, "JSON carries every finding");
    let sarif = run(&repo, &["lint", "--format", "sarif"]).run.json();
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(500)
    );
}
