//! The Markdown body: sections (headings) and acceptance criteria (task-list items).

use super::Parsed;
use crate::text::Source;
use std::ops::Range;

/// A Markdown heading of the body.
#[derive(Debug, Clone)]
pub struct Section {
    pub title: String,
    pub level: u8,
    /// Byte range of the heading in the file.
    pub span: Range<usize>,
}

/// A task-list item of the body.
#[derive(Debug, Clone)]
pub struct Criterion {
    pub checked: bool,
    pub text: String,
    pub span: Range<usize>,
    /// Index into `sections` of the heading it stands under, if any.
    pub section: Option<usize>,
}

/// Reads headings and task-list items of the body, with their byte ranges in the file: by the
/// line scanner where it is sure, else by pulldown-cmark.
pub(super) fn read_body(source: &Source, body: Range<usize>, parsed: &mut Parsed) {
    match super::scan::scan(&source.text[body.clone()], body.start) {
        Some((sections, criteria)) => {
            parsed.sections = sections;
            parsed.criteria = criteria;
        }
        None => parse_body(source, body, parsed),
    }
}

/// Reads headings and task-list items of the body with pulldown-cmark.
pub(super) fn parse_body(source: &Source, body: Range<usize>, parsed: &mut Parsed) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let text = &source.text[body.clone()];
    let base = body.start;
    let parser = Parser::new_ext(text, Options::ENABLE_TASKLISTS).into_offset_iter();
    // Headings and task items gather their text from the events inside them.
    let mut heading: Option<(u8, Range<usize>, String)> = None;
    let mut task: Option<(bool, Range<usize>, String, usize)> = None;
    let mut item_depth = 0usize;
    for (event, range) in parser {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, range, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, span, title)) = heading.take() {
                    parsed.sections.push(Section {
                        title: title.trim().to_owned(),
                        level,
                        span: span.start + base..span.end + base,
                    });
                }
            }
            Event::Start(Tag::Item) => item_depth += 1,
            Event::End(TagEnd::Item) => {
                if let Some((checked, span, text, depth)) = task.take_if(|t| t.3 == item_depth) {
                    let _ = depth;
                    parsed.criteria.push(Criterion {
                        checked,
                        text: text.trim().to_owned(),
                        span: span.start + base..span.end + base,
                        section: parsed.sections.len().checked_sub(1),
                    });
                }
                item_depth = item_depth.saturating_sub(1);
            }
            // A task nested in a task belongs to the outer one's text, not a criterion of its own.
            Event::TaskListMarker(checked) if task.is_none() => {
                // The span of the marker's line, up to the end of that line.
                let end = source.text[range.start + base..body.end]
                    .find(['\r', '\n'])
                    .map_or(body.end - base, |i| range.start + i);
                task = Some((checked, range.start..end, String::new(), item_depth));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, title)) = heading.as_mut() {
                    title.push_str(&t);
                } else if let Some((_, _, text, depth)) = task.as_mut()
                    && *depth == item_depth
                {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, _, text, _)) = task.as_mut() {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
}
