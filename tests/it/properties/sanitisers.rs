//! R7: hostile strings through every sanitiser and the renderers that use them (fuzz target
//! `sanitize`; RELIABILITY §3.7, §4 F).

use super::*;

/// Every C0 control, DEL, every C1 control, terminal escape sequences, bidi and zero-width
/// characters, line separators, workflow commands and Markdown syntax, and plain letters.
fn hostile_pool() -> Vec<String> {
    let mut pool: Vec<String> = (0u32..=0x1F)
        .chain([0x7F])
        .chain(0x80..=0x9F)
        .filter_map(char::from_u32)
        .map(String::from)
        .collect();
    let named = [
        "\u{1b}[31m",
        "\u{1b}[0m",
        "\u{1b}[2J",
        "\u{1b}[H",
        "\u{1b}[1A\u{1b}[K",
        "\u{1b}]8;;http://x\u{1b}\\",
        "\u{1b}]8;;\u{1b}\\",
        "\u{1b}]52;c;ZWNobyBwd25lZA==\u{7}",
        "\u{1b}]0;title\u{7}",
        "\u{1b}P+q\u{1b}\\",
        "\u{9b}31m",
        "\u{9d}8;;http://x\u{9c}",
        "\u{061C}",
        "\u{200E}",
        "\u{200F}",
        "\u{202A}",
        "\u{202B}",
        "\u{202C}",
        "\u{202D}",
        "\u{202E}",
        "\u{2066}",
        "\u{2067}",
        "\u{2068}",
        "\u{2069}",
        "\u{200B}",
        "\u{200C}",
        "\u{200D}",
        "\u{2060}",
        "\u{2063}",
        "\u{FEFF}",
        "\u{2028}",
        "\u{2029}",
        "\r",
        "\r\n",
        "\n",
        "\t",
        "::error::",
        "::add-mask::",
        "::stop-commands::tok",
        "::warning file=x::",
        "%0A",
        "%25",
        "%",
        ":",
        ",",
        "[x](u)",
        "![i](p)",
        "<img src=x onerror=alert(1)>",
        "</details>",
        "<!--",
        "@org/team",
        "@user",
        "#123",
        "|",
        "`",
        "```",
        "*",
        "_",
        "~",
        "\\",
        "&amp;",
        "&#60;",
        "<http://a>",
        "www.x.com",
        "a@b.com",
        "[^1]",
        "- ",
        "1. ",
        "> ",
        "# ",
        "    ",
        "---",
        "===",
        "{#id}",
        "^",
        "[[wiki]]",
        "a",
        "Z",
        "MS-1",
        "title",
        " ",
        "é",
        "日本",
        "🎉",
        "\u{301}",
    ];
    pool.extend(named.iter().map(|s| (*s).to_owned()));
    pool
}

fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            9 => prop::sample::select(hostile_pool()),
            1 => any::<char>().prop_map(String::from),
        ],
        0..20,
    )
    .prop_map(|parts| parts.concat())
}

/// What the Actions runner does to a workflow command's data or property value.
fn unescape_github(text: &str, property: bool) -> String {
    let mut out = text.replace("%0D", "\r").replace("%0A", "\n");
    if property {
        out = out.replace("%3A", ":").replace("%2C", ",");
    }
    out.replace("%25", "%")
}

/// The extensions GitHub renders in comments and job summaries, math (`$…$`) included.
pub(super) fn github_flavour() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_MATH
}

/// `doc` parses to plain text only: paragraphs and list items of our own, or (`cells` > 0) a
/// table with that many cells in every row. The one markup allowed is the sanitiser's own
/// code span holding only `@` and `#` (how it breaks mentions and issue references); returns
/// how many `@` those spans hold.
pub(super) fn assert_only_text(doc: &str, cells: usize, options: pulldown_cmark::Options) -> usize {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut row = 0;
    let mut spans = 0;
    for event in Parser::new_ext(doc, options) {
        match &event {
            Event::Text(_) => {}
            Event::Code(code) if !code.is_empty() && code.chars().all(|c| c == '@' || c == '#') => {
                spans += code.matches('@').count();
            }
            Event::Start(Tag::Paragraph | Tag::List(None) | Tag::Item)
            | Event::End(TagEnd::Paragraph | TagEnd::List(false) | TagEnd::Item)
                if cells == 0 => {}
            Event::Start(Tag::Table(_)) | Event::End(TagEnd::Table) if cells > 0 => {}
            Event::Start(Tag::TableHead | Tag::TableRow) if cells > 0 => row = 0,
            Event::End(TagEnd::TableHead | TagEnd::TableRow) if cells > 0 => {
                assert_eq!(row, cells, "a cell split or vanished: {doc:?}");
            }
            Event::Start(Tag::TableCell) if cells > 0 => row += 1,
            Event::End(TagEnd::TableCell) if cells > 0 => {}
            other => panic!("untrusted text made {other:?} in {doc:?}"),
        }
    }
    spans
}

/// The structure of a Markdown document: every event but text, Html with its content (ours),
/// code spans without theirs.
fn shape(doc: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser};
    let mut out: Vec<String> = Vec::new();
    for event in Parser::new_ext(doc, github_flavour()) {
        let s = match event {
            Event::Text(_) => "text".to_owned(),
            Event::Html(h) | Event::InlineHtml(h) => format!("html {h}"),
            // The sanitiser's own spans around `@` and `#` are text that GitHub leaves alone.
            Event::Code(c) if c.chars().all(|c| c == '@' || c == '#') => "text".to_owned(),
            // A path in a code span: the span is the shape, its text is the input's.
            Event::Code(_) => "code".to_owned(),
            other => format!("{other:?}"),
        };
        if !(s == "text" && out.last().is_some_and(|l| l == "text")) {
            out.push(s);
        }
    }
    out
}

fn check_markdown(text: &str) {
    let md = sanitize::markdown(text);
    assert!(!md.contains(['\n', '\r']), "{md:?}");
    let chars: Vec<char> = md.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '@' {
            assert!(
                i > 0 && matches!(chars[i - 1], '`' | '@' | '#'),
                "live mention: {md:?}"
            );
        }
        if c == '#' {
            assert!(
                !chars.get(i + 1).is_some_and(char::is_ascii_digit),
                "live issue reference: {md:?}"
            );
        }
    }
    assert!(!md.contains('\u{200B}'), "an invisible character in {md:?}");
    let options = github_flavour();
    let spans = assert_only_text(&format!("From {md} to HEAD."), 0, options);
    // Every `@` sits in a code span of ours, where GitHub mentions no one.
    assert_eq!(spans, md.matches('@').count(), "live mention: {md:?}");
    assert_only_text(&format!("- error {md}:1:1 FM001: {md}\n"), 0, options);
    assert_only_text(
        &format!("| ID | Title |\n| --- | --- |\n| MS-1 | {md} |\n"),
        2,
        options,
    );
}

proptest! {
    #![proptest_config(config(10_000))]

    /// Single-line fields: no control, C1, bidi, zero-width or separator character survives,
    /// and text without any comes back unchanged; snippet lines keep one char per char.
    #[test]
    fn line_output_holds_no_forbidden_character(text in hostile(), at in any::<usize>()) {
        let l = sanitize::line(&text);
        prop_assert!(!l.chars().any(forbidden), "{l:?}");
        if !text.chars().any(forbidden) {
            prop_assert_eq!(&l, &text);
        }
        let (start, end) = (at % (text.len() + 1), (at / 3) % (text.len() + 1));
        let (snippet, span) = sanitize::snippet_line(&text, start.min(end)..start.max(end));
        prop_assert_eq!(snippet.chars().count(), text.chars().count());
        prop_assert!(!snippet.chars().any(forbidden), "{snippet:?}");
        prop_assert!(span.start <= span.end && span.end <= snippet.len());
        prop_assert!(snippet.is_char_boundary(span.start) && snippet.is_char_boundary(span.end));
    }
}

proptest! {
    #![proptest_config(config(5_000))]

    /// Bodies: `\n` and `\t` are the only controls kept.
    #[test]
    fn block_keeps_only_newline_and_tab(text in hostile()) {
        let b = sanitize::block(&text);
        prop_assert!(!b.chars().any(|c| forbidden(c) && c != '\n' && c != '\t'), "{b:?}");
    }

    /// Workflow commands: no raw line break (properties: no `:` or `,` either), and what the
    /// runner unescapes is still inert.
    #[test]
    fn github_values_cannot_break_out(text in hostile()) {
        let data = sanitize::github_data(&text);
        prop_assert!(!data.contains(['\r', '\n']), "{data:?}");
        prop_assert!(!data.chars().any(|c| forbidden(c) && c != '\t'), "{data:?}");
        let unescaped = unescape_github(&data, false);
        prop_assert!(!unescaped.chars().any(|c| forbidden(c) && c != '\n' && c != '\t'), "{unescaped:?}");
        let property = sanitize::github_property(&text);
        prop_assert!(!property.contains(['\r', '\n', ':', ',']), "{property:?}");
        prop_assert_eq!(unescape_github(&property, true), unescaped);
    }

    /// JSON: valid, the same string back, and nothing raw a terminal would act on.
    #[test]
    fn json_round_trips_and_is_inert(text in hostile()) {
        let doc = serde_json::to_string(&text).expect("strings serialise");
        let json = sanitize::json(doc);
        prop_assert!(!json.chars().any(forbidden), "{json:?}");
        let back: String = serde_json::from_str(&json).expect("valid JSON");
        prop_assert_eq!(back, text);
    }
}

proptest! {
    #![proptest_config(config(3_000))]

    /// Markdown: one line, plain text only, in a sentence, a list item and a table cell.
    #[test]
    fn markdown_is_plain_text(text in hostile()) {
        check_markdown(&text);
    }
}

proptest! {
    #![proptest_config(config(500))]

    /// Whole renderers with a hostile path, message and help: human output and annotations
    /// inert, JSON and SARIF valid and inert, the job summary shaped exactly like one made
    /// from harmless text.
    #[test]
    fn renderers_keep_hostile_diagnostics_inert(path in hostile(), message in hostile(), help in hostile()) {
        let diagnostic = |path: &str, message: &str, help: &str| {
            vec![Diagnostic::new("FM001", path, message).help(help)]
        };
        let hostile = diagnostic(&path, &message, &help);
        let source = Source::new(String::new());
        assert_rendered_inert(&source, &hostile);

        let json = render::json::document(&hostile);
        prop_assert!(!json.chars().any(|c| forbidden(c) && c != '\n'), "{json:?}");
        let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        prop_assert_eq!(value[0]["message"].as_str(), Some(message.as_str()));
        prop_assert_eq!(value[0]["path"].as_str(), Some(path.as_str()));

        let sarif = render::sarif::document(&hostile, |_| None);
        prop_assert!(!sarif.chars().any(|c| forbidden(c) && c != '\n'), "{sarif:?}");
        let _: serde_json::Value = serde_json::from_str(&sarif).expect("valid SARIF JSON");

        let summary = render::summary::lint(&hostile, 1);
        let harmless = render::summary::lint(&diagnostic("p", "m", "h"), 1);
        prop_assert_eq!(shape(&summary), shape(&harmless), "{}", summary);
    }
}
