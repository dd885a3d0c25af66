//! The line scanner against pulldown-cmark: wherever the scanner answers, it answers exactly
//! what the full parse finds, on generated Markdown full of the constructs that could fool it.

use super::Parsed;
use super::body::{Criterion, Section, parse_body};
use super::scan::scan;
use crate::text::Source;
use proptest::prelude::*;

const PREFIX: &str = "+++\ntitle = \"x\"\n+++\n";

type Found = (
    Vec<(String, u8, usize, usize)>,
    Vec<(bool, String, usize, usize, Option<usize>)>,
);

fn flatten(sections: &[Section], criteria: &[Criterion]) -> Found {
    (
        sections
            .iter()
            .map(|s| (s.title.clone(), s.level, s.span.start, s.span.end))
            .collect(),
        criteria
            .iter()
            .map(|c| {
                (
                    c.checked,
                    c.text.clone(),
                    c.span.start,
                    c.span.end,
                    c.section,
                )
            })
            .collect(),
    )
}

/// What pulldown-cmark finds in `body`, placed after a frontmatter so offsets are shifted.
fn full(body: &str) -> Found {
    let source = Source::new(format!("{PREFIX}{body}"));
    let mut parsed = Parsed::default();
    parse_body(&source, PREFIX.len()..source.text.len(), &mut parsed);
    flatten(&parsed.sections, &parsed.criteria)
}

fn scanned(body: &str) -> Option<Found> {
    let text = format!("{PREFIX}{body}");
    scan(&text[PREFIX.len()..], PREFIX.len()).map(|(s, c)| flatten(&s, &c))
}

fn word() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "foo",
        "Bar baz",
        "x",
        "`code`",
        "` a `",
        "`` b ``",
        "``",
        "*em*",
        "_u_",
        "snake_case",
        "[link](u)",
        "[ref]",
        "]",
        "&amp;",
        "&",
        "\\#",
        "\\",
        "<b>",
        "<",
        ">",
        "# ",
        "#",
        "x#",
        "C#",
        " #",
        " ##",
        "  ",
        " ",
        "\t",
        "[ ]",
        "[x]",
        "~",
        "~~~",
        "```",
        "|",
        "!",
        "1.",
        "-",
        "+",
        "*",
        "=",
        "---",
        "é",
        "\u{a0}",
        "\u{2028}",
    ])
}

fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 0..5).prop_map(|w| w.concat())
}

fn line() -> impl Strategy<Value = String> {
    let indent = prop::sample::select(vec!["", "", "", " ", "  ", "   ", "    ", "\t", " \t"]);
    let quote = prop::sample::select(vec!["", "", "", "> ", ">", ">  ", "> > "]);
    let marker = prop::sample::select(vec![
        "", "", "", "- ", "- ", "* ", "+ ", "1. ", "2) ", "-\t", "-  ", "-", "  - ", "    - ",
    ]);
    let task = prop::sample::select(vec!["", "", "[ ] ", "[x] ", "[X] ", "[ ]", "[-] ", "[x]a"]);
    let body = prop_oneof![
        4 => words(),
        3 => (1usize..8, prop::sample::select(vec![" ", "", "\t", "  "]), words(),
              prop::sample::select(vec!["", "", " #", " ##", "#", " # ", "\\#"]))
            .prop_map(|(n, sep, w, close)| format!("{}{sep}{w}{close}", "#".repeat(n))),
        1 => prop::sample::select(vec![
            "```", "````", "~~~", "~~~~", "``` rust", "```a`b", "~~~ a`b", "``", "`````",
        ]).prop_map(str::to_owned),
        1 => prop::sample::select(vec![
            "---", "***", "___", "===", "- - -", "* * *", "=", "--", "<div>", "</div>",
            "<!-- x -->", "<details>", "[ref]: /url",
        ]).prop_map(str::to_owned),
        2 => Just(String::new()),
    ];
    (indent, quote, marker, task, body).prop_map(|(i, q, m, t, b)| format!("{i}{q}{m}{t}{b}"))
}

/// Lines the scanner should answer for, with a few characters that change their meaning.
fn plain_line() -> impl Strategy<Value = String> {
    let text = prop::collection::vec(
        prop::sample::select(vec![
            "foo",
            " bar",
            " baz qux",
            " `code`",
            " ` spaced `",
            " C#",
            " x ##",
            " #",
            "é",
            " \u{a0}",
            "  ",
            " 1.",
            " - x",
            " > q",
            " [ ]",
            " *",
            " ~~~",
        ]),
        0..4,
    )
    .prop_map(|w| w.concat());
    let indent = prop::sample::select(vec!["", "", "", " ", "   ", "    ", "\t"]);
    prop_oneof![
        3 => (1usize..7, text.clone(), prop::sample::select(vec!["", "", " #", " ##", "#"]))
            .prop_map(|(n, t, c)| format!("{} {t}{c}", "#".repeat(n))),
        3 => (prop::sample::select(vec!["- ", "* ", "+ ", "1. ", "2) ", "10. ", "1.  "]),
              prop::sample::select(vec!["[ ] ", "[x] ", "[X] ", ""]), text.clone())
            .prop_map(|(m, t, w)| format!("{m}{t}task{w}")),
        2 => text.clone().prop_map(|t| format!("para{t}")),
        1 => text.clone().prop_map(|t| format!("> quoted{t}")),
        1 => prop::sample::select(vec!["```", "````", "~~~", "``` rust", "~~~~ info"])
            .prop_map(str::to_owned),
        2 => Just(String::new()),
    ]
    .prop_flat_map(move |l| indent.clone().prop_map(move |i| format!("{i}{l}")))
}

fn document() -> impl Strategy<Value = String> {
    let ending = prop_oneof![20 => Just("\n"), 4 => Just("\r\n"), 1 => Just("\r")];
    let any_line = prop_oneof![3 => plain_line(), 1 => line()];
    prop::collection::vec((any_line, ending), 0..14).prop_map(|lines| {
        let mut out = String::new();
        for (l, e) in lines {
            out.push_str(&l);
            out.push_str(e);
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]
    #[test]
    fn the_scanner_agrees_with_pulldown_cmark_where_it_answers(body in document()) {
        if let Some(found) = scanned(&body) {
            prop_assert_eq!(found, full(&body), "body: {:?}", body);
        }
    }
}

/// The bodies items are made of: the scanner must answer them, or it saves nothing.
#[test]
fn the_scanner_answers_plain_bodies() {
    let bodies = [
        "\n## Problem\n\nAdmins cannot see teams.\nIt is `slow` here.\n\n## Acceptance criteria\n\n- [ ] Paged table\n- [x] Filter by `sponsor` \n- [X] Sort\n\n## Notes\n\n> A quote\n> that goes on\nlazily.\n\n- a note\n- another\n\n```toml\n# not a heading\n- [ ] not a task\n```\n\n   ### Indented heading ###\n\n    indented code\n~~~~\n## no\n~~~\n~~~~~\n## Last\n",
        "\r\n## Problem\r\n\r\nText.\r\n\r\n## Acceptance criteria\r\n- [ ] One\r\n- [ ] Two\r\n",
        "",
        "no headings at all\n",
    ];
    for body in bodies {
        let found = scanned(body);
        assert!(found.is_some(), "the scanner gave up on {body:?}");
        assert_eq!(found, Some(full(body)), "body: {body:?}");
    }
    let (sections, criteria) = scanned(bodies[0]).unwrap_or_default();
    assert_eq!(sections.len(), 5);
    assert_eq!(criteria.len(), 3);
}

/// Constructs the scanner leaves to the full parse (each would change what it finds).
#[test]
fn the_scanner_gives_up_where_it_could_be_wrong() {
    for body in [
        "Title\n=====\n",
        "Title\n---\n",
        "- [ ] task\ncontinued lazily\n",
        "- item\n  - [ ] nested\n",
        "para\n2. [ ] not a list in a paragraph\n",
        "<div>\n## in html\n</div>\n",
        "> # quoted heading\n",
        "## *emphasis*\n",
        "- [ ] [link](u)\n",
        "line\rother\n",
        "- [ ] task\n\n  more of the task\n",
        // A tab-indented `>` still continues the quote for pulldown-cmark.
        "> [ ] \n\t> > - [ ] \n",
    ] {
        assert_eq!(scanned(body), None, "body: {body:?}");
    }
}

/// The generated documents reach the scanner's answers, headings and criteria included, so
/// the property above compares something.
#[test]
fn the_generated_documents_exercise_the_scanner() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut answered, mut with_sections, mut with_criteria) = (0, 0, 0);
    for _ in 0..2000 {
        let Ok(tree) = document().new_tree(&mut runner) else {
            continue;
        };
        if let Some((sections, criteria)) = scanned(&tree.current()) {
            answered += 1;
            with_sections += usize::from(!sections.is_empty());
            with_criteria += usize::from(!criteria.is_empty());
        }
    }
    assert!(
        answered >= 200 && with_sections >= 100 && with_criteria >= 20,
        "answered {answered}, with sections {with_sections}, with criteria {with_criteria}"
    );
}

/// The bundled example backlog and the built-in templates: the scanner answers for the plain
/// ones, and what it answers is what pulldown-cmark finds.
#[test]
fn the_scanner_agrees_on_the_example_backlog_and_templates() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-backlog");
    let mut answered = 0;
    let mut files = 0;
    for dir in ["items", "templates"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("example backlog") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("UTF-8");
            let Some((_, body)) = text.split_once("\n+++\n") else {
                continue;
            };
            files += 1;
            if let Some(found) = scanned(body) {
                answered += 1;
                assert_eq!(found, full(body), "body: {body:?}");
            }
        }
    }
    assert!(
        files >= 15 && answered * 2 >= files,
        "{answered} of {files}"
    );
}
