//! JSON documents: pretty-printed, with `"version": 1` at the top, and inert for terminals.

use serde::Serialize;

/// Serialises a document; our types always serialise, so a failure is a bug worth a message.
pub fn document<T: Serialize>(value: &T) -> String {
    let text = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| format!("{{\"version\":1,\"error\":\"{e}\"}}"));
    // ASCII below DEL is never escaped: `sanitize::json` would hand the text back unchanged.
    let mut text = if text.bytes().all(|b| b < 0x7f) {
        text
    } else {
        crate::sanitize::json(text)
    };
    text.push('\n');
    text
}
