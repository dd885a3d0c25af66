//! Markdown that reads well raw and rendered: IDs and ranks are code spans (greppable, no
//! invisible characters), item text is escaped only where Markdown would read it, and hostile
//! titles stay inert (checked with pulldown-cmark, as GitHub would parse them).

use crate::support::{TestRepo, draft_story, ready_story};
use pulldown_cmark::{Event, Options, Parser, Tag};

const HOSTILE: &str = "[click](https://evil.example) <img src=x> @here @org/team #12 | pipe *em* _u_ ~~s~~ $x$ &amp; www.evil.example `tick`";

fn repo() -> TestRepo {
    let repo = TestRepo::with_backlog();
    repo.item("MS-1-x.md", &ready_story("City admins"));
    repo.item(
        "MS-2-x.md",
        &ready_story("Plain v1.2 title, snake_case (yes)"),
    );
    let toml = HOSTILE.replace('\\', "\\\\").replace('"', "\\\"");
    repo.item("MS-3-x.md", &draft_story(&toml));
    repo.ranking("MS-1\nMS-2\n");
    repo.commit("base");
    // MS-2's line gains a reason, so the swap reads as MS-2's move up (README, "How history
    // decides").
    repo.ranking("MS-2  # first\nMS-1\nMS-3  # why: @team asked, see #7 <b>now</b>\n");
    repo
}

/// No link, image or HTML, and the table keeps four cells per row; returns the text and code
/// that a reader sees.
fn rendered(md: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut code = Vec::new();
    let mut rows = Vec::new();
    let mut cells = 0;
    for event in Parser::new_ext(
        md,
        Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_GFM
            | Options::ENABLE_MATH,
    ) {
        match event {
            Event::Start(
                Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Strikethrough
                | Tag::Emphasis
                | Tag::HtmlBlock,
            )
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => panic!("live markup {event:?} in:\n{md}"),
            Event::Start(Tag::TableHead | Tag::TableRow) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(pulldown_cmark::TagEnd::TableHead | pulldown_cmark::TagEnd::TableRow) => {
                rows.push(cells)
            }
            Event::Text(t) => text.push_str(&t),
            Event::Code(c) => {
                text.push_str(&c);
                code.push(c.into_string());
            }
            _ => {}
        }
    }
    assert!(rows.iter().all(|&n| n == 4), "a row split: {rows:?}\n{md}");
    (text, code)
}

#[test]
fn diff_markdown_puts_ids_and_ranks_in_code_spans() {
    let repo = repo();
    let run = repo.backlog(&["diff", "HEAD", "--format", "markdown"]);
    run.code(0);
    let md = &run.stdout;
    assert!(
        !md.contains(['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}']),
        "{md:?}"
    );
    assert!(
        md.contains("| `MS-2` | `#2` → `#1` (up 1) | Plain v1.2 title, snake_case (yes) |"),
        "ordinary text is left alone: {md}"
    );
    assert!(md.contains("| `MS-3` | untriaged → `#3` |"), "{md}");
    // What people grep for is there as they type it.
    for needle in ["MS-2", "MS-3", "#1", "#3"] {
        assert!(md.contains(needle), "{needle} in {md}");
    }
    // Ordinary text is left alone.
    assert!(
        md.contains("| Plain v1.2 title, snake_case (yes) |"),
        "{md}"
    );
    let (text, code) = rendered(md);
    assert!(
        code.contains(&"MS-3".to_owned()) && code.contains(&"#1".to_owned()),
        "{code:?}"
    );
    assert!(
        text.contains("[click](https://evil.example)"),
        "the title reads as typed: {text}"
    );
    assert!(
        text.contains("@here @org/team #12 | pipe *em* _u_ ~~s~~ $x$ &amp;"),
        "{text}"
    );
    // Mentions and issue references: GitHub links nothing inside code, so `@` and `#` before a
    // digit sit in spans of their own.
    for raw in [
        "@here",
        "@org",
        "@team",
        "#12",
        "#7",
        "<img",
        "<b>",
        "](https://",
        "www.evil",
    ] {
        assert!(!md.contains(raw), "{raw:?} survives raw in:\n{md}");
    }
    assert!(code.iter().all(|c| c != "@here"), "{code:?}");
}

#[test]
fn job_summary_has_code_span_positions_and_no_invisible_characters() {
    let repo = repo();
    repo.item("MS-9-x.md", "no frontmatter @here #5\n");
    let summary = repo.path().join("summary.md");
    let arg = summary.to_string_lossy().into_owned();
    repo.backlog(&["lint", "--since", "HEAD", "--summary", &arg])
        .code(1);
    let md = std::fs::read_to_string(&summary).unwrap_or_else(|e| panic!("{e}"));
    assert!(!md.contains('\u{200B}'), "{md:?}");
    assert!(
        md.contains("- error `backlog/items/MS-9-x.md:1:1` FM001: "),
        "{md}"
    );
    assert!(md.contains("| `MS-3` | untriaged → `#3` |"), "{md}");
    for event in Parser::new_ext(&md, Options::ENABLE_TABLES | Options::ENABLE_GFM) {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                panic!("live {event:?} in:\n{md}")
            }
            Event::Html(h) | Event::InlineHtml(h) => assert!(
                ["<details><summary>Findings</summary>", "</details>"].contains(&h.trim_end()),
                "HTML {h:?} that is not ours in:\n{md}"
            ),
            _ => {}
        }
    }
}
