//! Making untrusted text (item fields, file names, file contents) inert for each output.
//!
//! Terminal output shows control characters in caret notation and invisible or bidirectional
//! characters as `\u{…}` escapes; GitHub workflow commands get the runner's percent escaping;
//! JSON gets escapes beyond serde_json's for C1, bidi and line separators. Every renderer goes
//! through here; nothing else decides how hostile text is shown.

use std::borrow::Cow;
use std::fmt::Write;

/// Characters shown as `\u{…}`: C1 controls, bidi controls, zero-width and line separators.
fn is_hidden(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9F}')
        || crate::text::is_invisible(c)
        || matches!(c, '\u{2028}' | '\u{2029}')
}

fn needs_escape(c: char, multiline: bool) -> bool {
    match c {
        '\n' | '\t' => !multiline,
        '\u{0}'..='\u{1F}' | '\u{7F}' => true,
        c => is_hidden(c),
    }
}

fn escape_into(out: &mut String, c: char) {
    match c {
        '\u{7F}' => out.push_str("^?"),
        '\u{0}'..='\u{1F}' => {
            out.push('^');
            out.push((b'@' + c as u8) as char);
        }
        c => {
            let _ = write!(out, "\\u{{{:04X}}}", c as u32);
        }
    }
}

fn escape(text: &str, multiline: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| needs_escape(c, multiline)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c, multiline) {
            escape_into(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A single-line field (ID, title, path, author) for a terminal: no control character of
/// any kind survives, newlines and tabs included.
pub fn line(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Multi-line text (an item body) for a terminal: newlines and tabs kept, `\r` and every other
/// control escaped, so no text can move the cursor or rewrite a line.
pub fn block(text: &str) -> Cow<'_, str> {
    let text = text.strip_suffix('\r').unwrap_or(text);
    if text.contains("\r\n") {
        let lf = text.replace("\r\n", "\n");
        return Cow::Owned(escape(&lf, true).into_owned());
    }
    escape(text, true)
}

/// A source line for a snippet: every character `line` would escape becomes U+FFFD, one
/// character for one, so the columns a snippet renderer counts stay the file's columns. Returns
/// the line and `span` mapped into it.
pub fn snippet_line(text: &str, span: std::ops::Range<usize>) -> (String, std::ops::Range<usize>) {
    let mut out = String::with_capacity(text.len());
    let (mut start, mut end) = (None, None);
    for (i, c) in text.char_indices() {
        if i >= span.start && start.is_none() {
            start = Some(out.len());
        }
        if i >= span.end && end.is_none() {
            end = Some(out.len());
        }
        out.push(if needs_escape(c, false) {
            '\u{FFFD}'
        } else {
            c
        });
    }
    let start = start.unwrap_or(out.len());
    let end = end.unwrap_or(out.len()).max(start);
    (out, start..end)
}

/// The message part of a GitHub workflow command (`::error ...::DATA`).
pub fn github_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in line_keep_newlines(text).chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// A property value of a GitHub workflow command (`file=...,title=...`).
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn line_keep_newlines(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// Escapes characters serde_json leaves raw (DEL, C1, bidi controls, zero-width characters,
/// U+2028/2029) so JSON printed to a terminal stays inert. Such characters can only occur
/// inside JSON strings, so a pass over the whole document is safe.
pub fn json(document: String) -> String {
    if !document.chars().any(|c| c == '\u{7F}' || is_hidden(c)) {
        return document;
    }
    let mut out = String::with_capacity(document.len() + 16);
    for c in document.chars() {
        if c == '\u{7F}' || is_hidden(c) {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Text for XML (JUnit reports), for element content and attribute values alike: the five
/// markup characters as entities, newlines and tabs as character references (so attributes
/// keep them), and every character XML 1.0 forbids or a terminal would act on (C0 and C1
/// controls, DEL, bidi and zero-width characters, U+FFFE/U+FFFF) removed.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if needs_escape(c, false) => {}
            c => out.push(c),
        }
    }
    out
}

/// Text for a Markdown document (a pull-request comment, a job summary), on one line and inert,
/// yet readable raw: only what CommonMark or GitHub would read as syntax is escaped, where it
/// would be read so (`MS-3`, `v1.2` and `snake_case` stay as they are). No link, image, HTML,
/// entity, emphasis, table break, math, autolink, mention or issue reference comes from
/// untrusted text. `@` and a `#` before a digit go into a code span of their own (GitHub
/// neither mentions nor links inside code), so no invisible character is ever added.
pub fn markdown(text: &str) -> String {
    let text = line(text);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    // A line-start marker (heading, quote, list, setext underline) needs escaping only as the
    // first character; our text never starts a line, so this is belt and braces.
    let ordered = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    // Where the last code span of ours ended, so a span right after it can join it.
    let mut span_closed_at = None;
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '|' | '~' | '$' => true,
            // Intraword `_` (between letters or digits) can neither open nor close emphasis.
            '_' => {
                !(prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
            }
            // Only `&name;` and `&#…;` are entities.
            '&' => {
                let run = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
                    .count();
                run > 0 && chars.get(i + 1 + run) == Some(&';')
            }
            // GitHub's extended autolinks: `scheme://` and `www.`.
            ':' => chars[i + 1..].starts_with(&['/', '/']),
            '.' => {
                (ordered > 0 && i == ordered)
                    || (i >= 3 && chars[i - 3..i].iter().all(|c| c.eq_ignore_ascii_case(&'w')))
            }
            ')' => ordered > 0 && i == ordered,
            '#' | '-' | '+' | '=' | '>' => i == 0,
            _ => false,
        };
        let spanned = c == '@' || (c == '#' && next.is_some_and(|n| n.is_ascii_digit()));
        if spanned {
            // `@@` is one span: two spans side by side would make a double backtick.
            if span_closed_at == Some(out.len()) {
                out.pop();
            } else {
                out.push('`');
            }
            out.push(c);
            out.push('`');
            span_closed_at = Some(out.len());
        } else if c == '<' {
            // An entity rather than `\\<`: no raw `<img` or `<script` is left in the text at all.
            out.push_str("&lt;");
        } else {
            if escape {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// A short value (an ID, a rank, a path) for Markdown as a code span, which reads and greps
/// as itself and where GitHub links and mentions nothing. Any text fits: the fence is longer
/// than the longest run of backticks inside, and `in_table` escapes `|`, which GitHub reads as
/// a cell border even inside code.
pub fn markdown_code(text: &str, in_table: bool) -> String {
    let mut text = line(text).into_owned();
    if in_table {
        text = text.replace('|', "\\|");
    }
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // CommonMark strips one space from each side when both are there, and a backtick at an
    // edge would join the fence: a space on each side keeps the text as it is.
    let pad = text.is_empty()
        || text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' '));
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes() {
        assert_eq!(line("plain"), "plain");
        assert_eq!(line("a\u{1b}[31mred"), "a^[[31mred");
        assert_eq!(line("a\rb\nc\td"), "a^Mb^Jc^Id");
        assert_eq!(
            line("x\u{202E}y\u{200B}\u{85}"),
            "x\\u{202E}y\\u{200B}\\u{0085}"
        );
        assert_eq!(block("a\r\nb\tc\u{7}"), "a\nb\tc^G");
    }

    #[test]
    fn snippet_lines_keep_columns() {
        let (text, span) = snippet_line("\u{1b}a\u{200B}b", 5..6);
        assert_eq!(text, "\u{FFFD}a\u{FFFD}b");
        assert_eq!(&text[span], "b");
    }

    #[test]
    fn markdown_is_inert() {
        use pulldown_cmark::{Event, Parser};
        let hostile = "[x](http://evil) ![i](a.png) <b>hi</b> @team #12 `code` | col *em* \n# head";
        let escaped = markdown(hostile);
        for event in Parser::new(&escaped) {
            assert!(
                matches!(
                    event,
                    Event::Text(_) | Event::Code(_) | Event::Start(_) | Event::End(_)
                ),
                "{event:?}"
            );
            if let Event::Code(code) = &event {
                assert!(["@", "#"].contains(&code.as_ref()), "{code} from {escaped}");
            }
            if let Event::Start(tag) = event {
                assert!(
                    matches!(tag, pulldown_cmark::Tag::Paragraph),
                    "{tag:?} from {escaped}"
                );
            }
        }
        assert!(escaped.contains("`@`team") && escaped.contains("`#`12"));
        assert!(!escaped.contains('\n') && !escaped.contains('\u{200B}'));
    }

    #[test]
    fn markdown_escapes_only_what_would_be_read() {
        assert_eq!(
            markdown("MS-3 v1.2 snake_case (a) {b} 50%"),
            "MS-3 v1.2 snake_case (a) {b} 50%"
        );
        assert_eq!(markdown("AT&T &amp; _x_ a*b"), "AT&T \\&amp; \\_x\\_ a\\*b");
        assert_eq!(markdown("https://x www.y"), "https\\://x www\\.y");
        assert_eq!(markdown("- a"), "\\- a");
        assert_eq!(markdown("1. a"), "1\\. a");
        assert_eq!(markdown_code("MS-3", true), "`MS-3`");
        assert_eq!(markdown_code("a|b", true), "`a\\|b`");
        assert_eq!(markdown_code("a|b`", false), "`` a|b` ``");
    }

    #[test]
    fn xml_escapes_and_strips() {
        assert_eq!(
            xml("a<b>&\"c'\u{1b}[31m\u{7}\u{202E}\u{85}\nx\ty"),
            "a&lt;b&gt;&amp;&quot;c&apos;[31m&#10;x&#9;y"
        );
    }

    #[test]
    fn github_escaping() {
        assert_eq!(github_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(github_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn json_escapes_what_serde_leaves() {
        let doc = serde_json::to_string("a\u{85}\u{2028}\u{202E}\u{7f}").unwrap_or_default();
        assert_eq!(json(doc), "\"a\\u0085\\u2028\\u202e\\u007f\"");
    }
}
