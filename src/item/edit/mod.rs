//! Frontmatter edits with toml_edit that keep every byte they do not change: the splice of
//! an edited document back into its file (here), typed value edits that keep the decor of
//! what was there (`values`), and `KEY=VALUE` arguments typed as the schema says (`assign`).

mod assign;
#[cfg(test)]
mod tests;
mod values;

pub use assign::{Assignment, Op, check_key, parse_assignment};
pub use values::{Change, apply};

use super::split;
use crate::text::Source;
use std::collections::HashMap;

/// Edits the frontmatter of an item file with toml_edit and splices it back: every byte outside
/// the values `edit` touches (comments, key order, the body, BOM, line endings) is kept.
pub fn edit_frontmatter(
    text: &str,
    edit: impl FnOnce(&mut toml_edit::DocumentMut),
) -> anyhow::Result<String> {
    let source = Source::new(text.to_owned());
    let Some(layout) = split(&source, "item", &mut Vec::new()) else {
        anyhow::bail!("the file has no +++ frontmatter");
    };
    let front = &text[layout.frontmatter.clone()];
    // toml_edit drops a BOM that opens the document: set it aside and put it back. A BOM
    // alone on its line (blanks after it) keeps that line, or a new key would land on it.
    let (bom, body) = match front.strip_prefix('\u{feff}') {
        Some(rest) => {
            let first = rest.split_inclusive('\n').next().unwrap_or("");
            let kept = if first.ends_with('\n') && first.trim().is_empty() {
                first.len()
            } else {
                0
            };
            (&front[..'\u{feff}'.len_utf8() + kept], &rest[kept..])
        }
        None => ("", front),
    };
    let mut doc: toml_edit::DocumentMut = body
        .parse()
        .map_err(|e| anyhow::anyhow!("the frontmatter is not valid TOML: {e}"))?;
    let before = doc.to_string();
    edit(&mut doc);
    // An edit that changes nothing leaves every byte alone.
    if doc.to_string() == before {
        return Ok(text.to_owned());
    }
    let edited = format!("{bom}{}", keep_line_endings(body, &doc.to_string(), text));
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..layout.frontmatter.start]);
    out.push_str(&edited);
    out.push_str(&text[layout.frontmatter.end..]);
    Ok(out)
}

/// toml_edit writes LF. Each line that was already there keeps its own ending; new or changed
/// lines take the frontmatter's majority style (the file's, when the frontmatter is empty).
fn keep_line_endings(original: &str, edited: &str, file: &str) -> String {
    // The same text may stand on several lines with different endings: keep them in order.
    let mut endings: HashMap<&str, std::collections::VecDeque<&str>> = HashMap::new();
    let (mut crlf, mut lf) = (0, 0);
    for line in original.split_inclusive('\n') {
        let (content, ending) = match line.strip_suffix("\r\n") {
            Some(c) => (c, "\r\n"),
            None => (line.strip_suffix('\n').unwrap_or(line), "\n"),
        };
        if ending == "\r\n" {
            crlf += 1
        } else {
            lf += 1
        }
        endings.entry(content).or_default().push_back(ending);
    }
    let majority = if crlf > lf || (crlf + lf == 0 && file.contains("\r\n")) {
        "\r\n"
    } else {
        "\n"
    };
    let mut out = String::with_capacity(edited.len() + 16);
    for line in edited.split_inclusive('\n') {
        let Some(content) = line.strip_suffix('\n') else {
            out.push_str(line);
            continue;
        };
        let content = content.strip_suffix('\r').unwrap_or(content);
        out.push_str(content);
        let ending = endings
            .get_mut(content)
            .and_then(|q| q.pop_front())
            .unwrap_or(majority);
        out.push_str(ending);
    }
    out
}

/// Sets a string value, keeping the comment and spacing around the old one.
pub fn set_string(doc: &mut toml_edit::DocumentMut, key: &str, value: &str) {
    match doc.get_mut(key).and_then(|item| item.as_value_mut()) {
        Some(existing) => {
            let decor = existing.decor().clone();
            *existing = toml_edit::Value::from(value);
            *existing.decor_mut() = decor;
        }
        None => {
            doc.insert(key, toml_edit::value(value));
        }
    }
}
