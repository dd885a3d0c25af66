//! The output sanitiser: any string through every function of `sanitize`.
//!
//! Properties (RELIABILITY.md §0 invariant 6, §3.7, §4 group F, §7 R7):
//! * `line`: no C0, DEL, C1, bidi, zero-width or U+2028/2029 character survives; text without
//!   any of them comes back unchanged;
//! * `block`: the same, except `\n` and `\t`, the only controls kept (`\r` never survives);
//! * `snippet_line`: one char out per char in, none of them forbidden, span inside the line;
//! * `github_data` / `github_property`: no raw `\r` or `\n` (property: no raw `:` or `,`),
//!   no control but a tab, and the runner's unescaping gives back `block`-safe text;
//! * `json(serde_json::to_string(s))`: parses back to exactly `s` and holds no raw control,
//!   DEL, C1, bidi, zero-width or line-separator character;
//! * `markdown`: one line; pulldown-cmark (GitHub's extensions, math included) sees only
//!   plain text in it: no link, image, HTML, math, emphasis, heading, list of its own,
//!   footnote reference or task marker, and no code span but the sanitiser's own around `@`
//!   and `#` (every `@` is in one, so no mention; `#` is never followed by a digit); no
//!   zero-width character; and in a table cell it stays in its cell.
#![no_main]

use backlog::sanitize;
use libfuzzer_sys::fuzz_target;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;

    let l = sanitize::line(text);
    if let Some(c) = l.chars().find(|&c| forbidden(c)) {
        panic!("line() let {c:?} through: {l:?}");
    }
    if !text.chars().any(forbidden) {
        assert_eq!(l, text, "line() changed harmless text");
    }

    let b = sanitize::block(text);
    if let Some(c) = b.chars().find(|&c| forbidden(c) && c != '\n' && c != '\t') {
        panic!("block() let {c:?} through: {b:?}");
    }

    let split = data.first().map_or(0, |&x| x as usize);
    let (start, end) = (split % (text.len() + 1), (split * 7) % (text.len() + 1));
    let (snippet, span) = sanitize::snippet_line(text, start.min(end)..start.max(end));
    assert_eq!(snippet.chars().count(), text.chars().count());
    assert!(!snippet.chars().any(forbidden), "{snippet:?}");
    assert!(span.start <= span.end && span.end <= snippet.len());
    assert!(snippet.is_char_boundary(span.start) && snippet.is_char_boundary(span.end));

    let data_part = sanitize::github_data(text);
    assert!(!data_part.contains(['\r', '\n']), "{data_part:?}");
    // A tab is the one control kept: harmless in a log line.
    assert!(
        !data_part.chars().any(|c| forbidden(c) && c != '\t'),
        "{data_part:?}"
    );
    let unescaped = unescape_github(&data_part, false);
    assert!(
        !unescaped
            .chars()
            .any(|c| forbidden(c) && c != '\n' && c != '\t'),
        "{unescaped:?}"
    );
    let property = sanitize::github_property(text);
    assert!(!property.contains(['\r', '\n', ':', ',']), "{property:?}");
    assert!(
        !property.chars().any(|c| forbidden(c) && c != '\t'),
        "{property:?}"
    );
    assert_eq!(unescape_github(&property, true), unescaped);

    let document = serde_json::to_string(text).expect("a string always serialises");
    let json = sanitize::json(document);
    if let Some(c) = json.chars().find(|&c| forbidden(c)) {
        panic!("json() let {c:?} through: {json:?}");
    }
    let back: String = serde_json::from_str(&json).expect("json() must stay valid JSON");
    assert_eq!(back, text, "json() changed the value");

    check_markdown(text);
});

/// Characters that must never reach a terminal raw.
fn forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// What the Actions runner does to a workflow command's data or property value.
fn unescape_github(text: &str, property: bool) -> String {
    let mut out = text.replace("%0D", "\r").replace("%0A", "\n");
    if property {
        out = out.replace("%3A", ":").replace("%2C", ",");
    }
    out.replace("%25", "%")
}

fn check_markdown(text: &str) {
    let md = sanitize::markdown(text);
    assert!(
        !md.contains(['\n', '\r']),
        "markdown() kept a line break: {md:?}"
    );
    let chars: Vec<char> = md.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '@' {
            assert!(
                i > 0 && matches!(chars[i - 1], '`' | '@' | '#'),
                "live mention in {md:?}"
            );
        }
        if c == '#' {
            assert!(
                !chars.get(i + 1).is_some_and(char::is_ascii_digit),
                "live issue reference in {md:?}"
            );
        }
    }
    assert!(!md.contains('\u{200B}'), "an invisible character in {md:?}");
    // In the places the renderers put it: a sentence, a list item, a table cell.
    let spans = only_text(&format!("From {md} to HEAD."), &md, 0);
    assert_eq!(spans, md.matches('@').count(), "live mention in {md:?}");
    only_text(&format!("- error {md}:1:1 FM001: {md}\n"), &md, 0);
    only_text(
        &format!("| ID | Title |\n| --- | --- |\n| MS-1 | {md} |\n"),
        &md,
        2,
    );
}

/// The extensions GitHub renders in comments and job summaries (not pulldown-cmark's own
/// superscript, subscript, wiki links, definition lists or heading attributes).
fn github_flavour() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        // GitHub renders `$…$` as math (finding F2 in fuzz/README.md, now escaped).
        | Options::ENABLE_MATH
}

/// Parses `doc` and fails on any event the untrusted span could have produced other than
/// text: `cells` is how many table cells per row the document has of its own (0: no table).
/// The sanitiser's own code spans (only `@` and `#`) are allowed; returns how many `@` they
/// hold.
fn only_text(doc: &str, md: &str, cells: usize) -> usize {
    let mut row_cells = 0;
    let mut spans = 0;
    for event in Parser::new_ext(doc, github_flavour()) {
        match &event {
            Event::Text(_) => {}
            Event::Code(code) if !code.is_empty() && code.chars().all(|c| c == '@' || c == '#') => {
                spans += code.matches('@').count();
            }
            Event::Start(Tag::Paragraph | Tag::List(None) | Tag::Item)
            | Event::End(TagEnd::Paragraph | TagEnd::List(false) | TagEnd::Item)
                if cells == 0 => {}
            Event::Start(Tag::Table(_)) | Event::End(TagEnd::Table) if cells > 0 => {}
            Event::Start(Tag::TableHead | Tag::TableRow) if cells > 0 => row_cells = 0,
            Event::End(TagEnd::TableHead | TagEnd::TableRow) if cells > 0 => {
                assert_eq!(row_cells, cells, "a table cell split or vanished: {doc:?}");
            }
            Event::Start(Tag::TableCell) if cells > 0 => row_cells += 1,
            Event::End(TagEnd::TableCell) if cells > 0 => {}
            other => panic!("markdown() output made {other:?} (from {md:?}) in {doc:?}"),
        }
    }
    spans
}
