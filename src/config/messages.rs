//! Config errors in the words of the file rather than of the parser.

use std::ops::Range;

/// serde's wording for a wrong number (`invalid value: integer `-1`, expected usize`) in the
/// words of the file: which key, what it must be, what it is.
pub(super) fn plain_message(text: &str, message: &str, span: Option<Range<usize>>) -> String {
    let whole = [
        "expected usize",
        "expected u32",
        "expected u64",
        "expected u16",
        "expected u8",
    ];
    let Some(span) = span.filter(|s| s.end <= text.len() && s.start <= s.end) else {
        return message.to_owned();
    };
    if !whole.iter().any(|w| message.contains(w)) {
        return message.to_owned();
    }
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    // The key is the last word before the `=` in front of the value (also in an inline table).
    let before = text[line_start..span.start].trim_end();
    let key = before
        .strip_suffix('=')
        .unwrap_or(before)
        .trim_end()
        .rsplit([',', '{', ' ', '\t'])
        .next()
        .unwrap_or("")
        .trim_matches(|c| c == '"' || c == '\'');
    let value = text[span].trim();
    if key.is_empty() || key.contains(['{', '[']) {
        return format!("{value} is not a whole number 0 or more");
    }
    format!("`{key}` must be a whole number, 0 or more (it is {value})")
}
