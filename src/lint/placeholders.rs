//! DOR007: an item that must be Ready still holds its template's placeholder text.
//!
//! A placeholder is a body line of the kind's template that says something (not a heading,
//! not an empty list item, not an HTML comment); the built-in template's lines count too, so
//! an item made before the team wrote its own template is still caught. Lines are compared
//! trimmed, one finding per line left untouched.

use crate::diagnostic::Diagnostic;
use crate::load::{Backlog, Item};
use crate::ready;
use std::collections::{HashMap, HashSet};

pub fn check(backlog: &Backlog, out: &mut Vec<Diagnostic>) {
    let positions = ready::open_positions(backlog);
    let mut by_kind: HashMap<String, HashSet<String>> = HashMap::new();
    for item in &backlog.items {
        let Some(source) = &item.source else { continue };
        let Some(layout) = item.parsed.layout.as_ref().filter(|_| item.is_readable()) else {
            continue;
        };
        let position = positions.get(&item.id.to_ascii_lowercase()).copied();
        let Some(trigger) = ready::trigger(item, &backlog.config, position) else {
            continue;
        };
        let kind = item.kind();
        let lines = by_kind
            .entry(kind.to_owned())
            .or_insert_with(|| template_lines(backlog, kind));
        let body = layout.body.start.min(source.text.len())..layout.body.end.min(source.text.len());
        for (range, line) in crate::text::lines_with_ranges(&source.text[body.clone()]) {
            let text = line.trim();
            if !lines.contains(text) {
                continue;
            }
            let start = body.start + range.start + (line.len() - line.trim_start().len());
            out.push(found(
                item,
                source,
                start..start + text.len(),
                text,
                &trigger,
            ));
        }
    }
}

fn found(
    item: &Item,
    source: &crate::text::Source,
    span: std::ops::Range<usize>,
    text: &str,
    trigger: &ready::Trigger,
) -> Diagnostic {
    let shown: String = text.chars().take(40).collect();
    let more = if shown.len() < text.len() { "…" } else { "" };
    Diagnostic::new(
        "DOR007",
        &item.path,
        format!(
            "{} still holds the template's placeholder `{shown}{more}` (Ready is required: {trigger})",
            item.id
        ),
    )
    .at(source, span)
    .help("replace the placeholder with what this item needs, or delete the line")
}

/// The placeholder lines of a kind: its template's (the team's file, when it has one) and the
/// built-in template's.
fn template_lines(backlog: &Backlog, kind: &str) -> HashSet<String> {
    let mut lines = placeholders(&crate::templates::builtin(kind));
    let rel = backlog
        .config
        .kinds
        .get(kind)
        .and_then(|k| k.template.as_deref());
    if let Ok(team) = crate::store::read::template(&backlog.location, kind, rel) {
        lines.extend(placeholders(&team));
    }
    lines
}

/// The lines of a template's body that are placeholder text.
pub fn placeholders(template: &str) -> HashSet<String> {
    let body = match template.trim_start_matches('\u{feff}').strip_prefix("+++") {
        Some(rest) => rest.split_once("\n+++").map_or("", |(_, body)| body),
        None => template,
    };
    body.lines()
        .map(str::trim)
        .filter(|line| says_something(line))
        .map(str::to_owned)
        .collect()
}

fn says_something(line: &str) -> bool {
    if line.starts_with('#') || line.starts_with("<!--") {
        return false;
    }
    let rest = line
        .trim_start_matches(['-', '*', '+', ' '])
        .trim_start_matches("[ ]")
        .trim_start_matches("[x]")
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['.', ')', ' ']);
    rest.chars().filter(|c| c.is_alphanumeric()).count() >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_story_template_has_two_placeholders() {
        let lines = placeholders(&crate::templates::builtin("story"));
        let mut lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        lines.sort_unstable();
        assert_eq!(
            lines,
            [
                "- [ ] A testable outcome",
                "What hurts, for whom, and why it matters now. The problem, not a solution."
            ]
        );
    }

    #[test]
    fn empty_list_items_and_headings_are_not_placeholders() {
        let lines =
            placeholders("+++\ntitle = \"\"\n+++\n## Steps\n\n1. \n- [ ] \n<!-- say what -->\n");
        assert!(lines.is_empty(), "{lines:?}");
    }
}
