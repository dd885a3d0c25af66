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

/// Text for a Markdown document (a pull-request comment, a job summary), on one line and inert:
/// every character CommonMark or GitHub could read as syntax is backslash-escaped or encoded,
/// so no link, image, HTML, table break, mention or issue reference comes from untrusted text.
pub fn markdown(text: &str) -> String {
    let text = line(text);
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '!' | '~' | '|' | '{' | '}'
            // `$` opens math on GitHub.
            | '+' | '-' | '.' | ':' | '$' => {
                out.push('\\');
                out.push(c);
            }
            // A zero-width space keeps `@team` and `#123` from pinging people or linking issues.
            '@' => out.push_str("@\u{200B}"),
            c => out.push(c),
        }
        if c == '#' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('\u{200B}');
        }
    }
    out
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
                matches!(event, Event::Text(_) | Event::Start(_) | Event::End(_)),
                "{event:?}"
            );
            if let Event::Start(tag) = event {
                assert!(
                    matches!(tag, pulldown_cmark::Tag::Paragraph),
                    "{tag:?} from {escaped}"
                );
            }
        }
        assert!(escaped.contains("@\u{200B}team") && escaped.contains("\\#\u{200B}12"));
        assert!(!escaped.contains('\n'));
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
