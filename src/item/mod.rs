//! The item file format: `+++` TOML frontmatter over a Markdown body.
//!
//! Splits the frontmatter with our own code, keeping byte offsets so every TOML error and every
//! field maps to the real file's line:column; reads typed fields with their spans; reads the
//! body with pulldown-cmark for sections (headings) and acceptance criteria (task-list items).
//! It knows nothing about the team's rules (see `ready`) or about git.
//!
//! `frontmatter` splits the file, `fields` reads the typed fields, `body` the sections and
//! criteria, `edit` changes frontmatter values in place; this file ties them into [`parse`].

mod body;
mod edit;
mod fields;
mod frontmatter;
mod scan;
#[cfg(test)]
mod scan_tests;
#[cfg(test)]
mod tests;

pub use body::{Criterion, Section};
pub use edit::{
    Assignment, Change, Op, apply, check_key, edit_frontmatter, parse_assignment, set_string,
};
pub use fields::{Field, Fields, KNOWN_FIELDS, Key, MAX_TAGS};
pub use frontmatter::{Layout, split};

use crate::diagnostic::Diagnostic;
pub use crate::id::{id_from_file_name, id_number, is_valid_id, is_valid_prefix};
use crate::text::{self, Source};
use body::read_body;
use fields::read_fields;
use frontmatter::duplicate_message;
use toml::de::DeTable;

/// What could be read of one item file. Fields are empty when the frontmatter is broken: the
/// item is still counted and reported, never silently dropped.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub layout: Option<Layout>,
    /// True when the frontmatter was valid TOML, so `fields` says what the file says.
    pub frontmatter_ok: bool,
    /// Boxed: the fields are most of an item's size, and a backlog's items are moved between
    /// vectors while it is gathered.
    pub fields: Box<Fields>,
    pub sections: Vec<Section>,
    pub criteria: Vec<Criterion>,
}

impl Parsed {
    /// The sections whose title matches `name`, ignoring case and surrounding space.
    pub fn section(&self, name: &str) -> Option<usize> {
        self.sections
            .iter()
            .position(|s| s.title.trim().eq_ignore_ascii_case(name.trim()))
    }

    /// Criteria under the section `name` (including its sub-headings).
    pub fn criteria_in<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a Criterion> + 'a {
        let range = self.section(name).map(|start| {
            let level = self.sections[start].level;
            let end = self.sections[start + 1..]
                .iter()
                .position(|s| s.level <= level)
                .map_or(self.sections.len(), |p| start + 1 + p);
            start..end
        });
        self.criteria
            .iter()
            .filter(move |c| match (&range, c.section) {
                (Some(r), Some(s)) => r.contains(&s),
                _ => false,
            })
    }
}

/// Splits and parses an item file. Problems become diagnostics on `path`.
pub fn parse(source: &Source, path: &str, out: &mut Vec<Diagnostic>) -> Parsed {
    let mut parsed = Parsed::default();
    if let Some(conflict) = text::find_conflict(&source.text) {
        out.push(
            Diagnostic::new("GIT001", path, "unresolved merge conflict")
                .at(source, conflict)
                .help("resolve the conflict and remove the <<<<<<<, ======= and >>>>>>> lines"),
        );
        return parsed;
    }
    let Some(layout) = split(source, path, out) else {
        return parsed;
    };
    if text::line_endings(&source.text) == text::LineEndings::Mixed {
        out.push(
            Diagnostic::new("FM010", path, "the file mixes LF and CRLF line endings")
                .help("use one line ending style throughout the file"),
        );
    }
    let front = &source.text[layout.frontmatter.clone()];
    match DeTable::parse(front) {
        Ok(table) => {
            let mut fields =
                read_fields(table.get_ref(), layout.frontmatter.start, source, path, out);
            fields.keys.shrink_to_fit();
            parsed.fields = Box::new(fields);
            parsed.frontmatter_ok = true;
        }
        Err(e) => {
            let offset = layout.frontmatter.start;
            let span = e
                .span()
                .map_or(offset..offset, |s| s.start + offset..s.end + offset);
            let message = e.message().trim().to_owned();
            let (rule, message) = if message.contains("duplicate key") {
                (
                    "FM004",
                    duplicate_message(source, layout.frontmatter.start, span.clone()),
                )
            } else {
                ("FM003", format!("invalid TOML in frontmatter: {message}"))
            };
            out.push(Diagnostic::new(rule, path, message).at(source, span).help(
                if rule == "FM004" {
                    "keep one of the two"
                } else {
                    "fix the TOML between the +++ lines"
                },
            ));
        }
    }
    read_body(source, layout.body.clone(), &mut parsed);
    // Kept for the whole run, so without the slack of growing.
    parsed.sections.shrink_to_fit();
    parsed.criteria.shrink_to_fit();
    parsed.layout = Some(layout);
    parsed
}
