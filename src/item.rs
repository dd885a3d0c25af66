//! The item file format: `+++` TOML frontmatter over a Markdown body.
//!
//! Splits the frontmatter with our own code, keeping byte offsets so every TOML error and every
//! field maps to the real file's line:column; reads typed fields with their spans; reads the
//! body with pulldown-cmark for sections (headings) and acceptance criteria (task-list items).
//! It knows nothing about the team's rules (see `ready`) or about git.

use crate::diagnostic::Diagnostic;
pub use crate::id::{id_from_file_name, id_number, is_valid_id, is_valid_prefix};
use crate::text::{self, Source, edit_distance};
use std::collections::HashMap;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// Most tags an item may carry; more is almost certainly generated garbage.
pub const MAX_TAGS: usize = 64;

/// A value read from the frontmatter with where it stands in the file.
#[derive(Debug, Clone)]
pub struct Field<T> {
    pub value: T,
    /// Byte range of the key, in the file.
    pub key: Range<usize>,
    /// Byte range of the value, in the file.
    pub span: Range<usize>,
}

/// Every top-level frontmatter key, known or not, for rules that work on names.
#[derive(Debug, Clone)]
pub struct Key {
    pub name: String,
    pub key: Range<usize>,
    pub span: Range<usize>,
    /// A string of only white space, or an empty array or table: present but saying nothing.
    pub blank: bool,
}

/// The frontmatter fields the tool understands. Other keys are the team's own and are kept.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub id: Option<Field<String>>,
    pub title: Option<Field<String>>,
    pub kind: Option<Field<String>>,
    pub state: Option<Field<String>>,
    pub owner: Option<Field<String>>,
    pub value: Option<Field<String>>,
    pub estimate: Option<Field<i64>>,
    pub depends_on: Vec<Field<String>>,
    pub tags: Vec<Field<String>>,
    pub timebox: Option<Field<String>>,
    pub cost_per_week: Option<Field<f64>>,
    pub fix_effort: Option<Field<f64>>,
    pub keys: Vec<Key>,
    /// Known fields whose value had the wrong type (reported as FM007): present, but not usable.
    pub invalid: Vec<String>,
}

/// The names of the fields above, for "did you mean" and for the schema test.
pub const KNOWN_FIELDS: &[&str] = &[
    "id",
    "title",
    "kind",
    "state",
    "owner",
    "value",
    "estimate",
    "depends_on",
    "tags",
    "timebox",
    "cost_per_week",
    "fix_effort",
];

impl Fields {
    pub fn key(&self, name: &str) -> Option<&Key> {
        self.keys.iter().find(|k| k.name == name)
    }
}

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

/// Where the parts of an item file lie, in bytes of the whole file.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The TOML between the delimiter lines.
    pub frontmatter: Range<usize>,
    /// Everything after the closing delimiter line.
    pub body: Range<usize>,
}

/// What could be read of one item file. Fields are empty when the frontmatter is broken: the
/// item is still counted and reported, never silently dropped.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub layout: Option<Layout>,
    /// True when the frontmatter was valid TOML, so `fields` says what the file says.
    pub frontmatter_ok: bool,
    pub fields: Fields,
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
            parsed.fields =
                read_fields(table.get_ref(), layout.frontmatter.start, source, path, out);
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
    parsed.layout = Some(layout);
    parsed
}

/// "duplicate key `title` (first set on line 2)": the second key is where TOML stops; the
/// first is found by looking for the same key at the start of an earlier frontmatter line.
fn duplicate_message(source: &Source, front_start: usize, span: Range<usize>) -> String {
    let key = source.text.get(span.clone()).unwrap_or("").trim();
    let first =
        text::lines_with_ranges(&source.text[front_start..span.start]).find_map(|(range, line)| {
            let rest = line.trim_start().strip_prefix(key)?;
            rest.trim_start()
                .starts_with('=')
                .then(|| source.lines.line(front_start + range.start))
        });
    match first {
        Some(line) => format!("duplicate key `{key}` (first set on line {line})"),
        None => format!("duplicate key `{key}`"),
    }
}

fn is_delimiter(line: &str, delimiter: &str) -> bool {
    line.trim_end_matches([' ', '\t']) == delimiter
}

/// Finds the frontmatter and body. Line 1 (after a BOM) must be `+++`; the first later `+++`
/// line closes the block, so `+++` inside the body's code fences is left alone.
pub fn split(source: &Source, path: &str, out: &mut Vec<Diagnostic>) -> Option<Layout> {
    let content = source.content();
    let base = source.bom;
    let mut lines = text::lines_with_ranges(content);
    let Some((first_range, first)) = lines.next() else {
        out.push(
            Diagnostic::new("FM001", path, "the item file is empty").help(
                "start the file with a +++ line, the TOML frontmatter, and a closing +++ line",
            ),
        );
        return None;
    };
    let first_span = base + first_range.start..base + first_range.end;
    if !is_delimiter(first, "+++") {
        let (rule, message, help) = if is_delimiter(first, "---") {
            (
                "FM002",
                "YAML frontmatter (---) is not supported",
                "write the frontmatter as TOML between +++ lines, e.g. title = \"...\"",
            )
        } else {
            (
                "FM001",
                "expected '+++' on line 1 to open the frontmatter",
                "start the file with a +++ line, the TOML frontmatter, and a closing +++ line",
            )
        };
        out.push(
            Diagnostic::new(rule, path, message)
                .at(source, first_span)
                .help(help),
        );
        return None;
    }
    let front_start = base + next_line_start(content, first_range.end);
    for (range, line) in lines {
        if is_delimiter(line, "+++") {
            let body_start = base + next_line_start(content, range.end);
            return Some(Layout {
                frontmatter: front_start..base + range.start,
                body: body_start..source.text.len(),
            });
        }
    }
    out.push(
        Diagnostic::new("FM005", path, "the frontmatter opened here is never closed")
            .at(source, first_span)
            .help("add a line with only +++ after the last frontmatter key"),
    );
    None
}

fn next_line_start(text: &str, line_end: usize) -> usize {
    match text[line_end..].find('\n') {
        Some(i) => line_end + i + 1,
        None => text.len(),
    }
}

fn read_fields(
    table: &DeTable<'_>,
    offset: usize,
    source: &Source,
    path: &str,
    out: &mut Vec<Diagnostic>,
) -> Fields {
    let mut fields = Fields::default();
    let shift = |r: Range<usize>| r.start + offset..r.end + offset;
    let mut entries: Vec<_> = table.iter().collect();
    // The table is keyed by name; walk it in file order so diagnostics come out in order.
    entries.sort_by_key(|(k, _)| k.span().start);
    for (key, value) in entries {
        let name: &str = key.get_ref();
        let key_span = shift(key.span());
        let span = shift(value.span());
        fields.keys.push(Key {
            name: name.to_owned(),
            key: key_span.clone(),
            span: span.clone(),
            blank: is_blank(value.get_ref()),
        });
        // Known fields check their own ranges (and say so more precisely).
        if !KNOWN_FIELDS.contains(&name) && out_of_range(value.get_ref()) {
            out.push(
                Diagnostic::new(
                    "FM007",
                    path,
                    format!("`{name}` holds a number beyond 64 bits"),
                )
                .at(source, span.clone())
                .help("write a smaller number, or quote it as a string"),
            );
        }
        let errors_before = out.len();
        let mut ctx = FieldReader {
            name,
            key: key_span,
            span,
            source,
            path,
            out,
        };
        let value = value.get_ref();
        match name {
            "id" => fields.id = ctx.string(value),
            "title" => fields.title = ctx.string(value),
            "kind" => fields.kind = ctx.string(value),
            "state" => fields.state = ctx.string(value),
            "owner" => fields.owner = ctx.string(value),
            "value" => fields.value = ctx.string(value),
            "timebox" => fields.timebox = ctx.string(value),
            "estimate" => fields.estimate = ctx.count(value),
            "cost_per_week" => fields.cost_per_week = ctx.number(value),
            "fix_effort" => fields.fix_effort = ctx.number(value),
            "depends_on" => fields.depends_on = ctx.strings(value, offset),
            "tags" => {
                fields.tags = ctx.strings(value, offset);
                if fields.tags.len() > MAX_TAGS {
                    let at = ctx.key.clone();
                    ctx.out.push(
                        Diagnostic::new(
                            "FM020",
                            path,
                            format!("{} tags; at most {MAX_TAGS} are allowed", fields.tags.len()),
                        )
                        .at(source, at)
                        .help("keep a few tags that people filter by"),
                    );
                }
            }
            _ => {
                if let Some(known) = did_you_mean(name) {
                    ctx.out.push(
                        Diagnostic::new(
                            "FM011",
                            path,
                            format!("unknown field `{name}`; did you mean `{known}`?"),
                        )
                        .at(source, ctx.key.clone())
                        .help(format!(
                            "rename it to `{known}`; other custom fields are kept and allowed"
                        )),
                    );
                }
            }
        }
        if KNOWN_FIELDS.contains(&name) && out[errors_before..].iter().any(|d| d.rule == "FM007") {
            fields.invalid.push(name.to_owned());
        }
    }
    fields
}

/// Numbers beyond 64 bits (`1e400`, `99999999999999999999`): TOML parsers disagree on them
/// (our editor rejects what the reader accepts), so they are an error wherever they appear.
fn out_of_range(value: &DeValue<'_>) -> bool {
    match value {
        DeValue::Float(f) => {
            let text = f.as_str().replace('_', "");
            !text.contains("inf") && text.parse::<f64>().is_ok_and(|n| n.is_infinite())
        }
        DeValue::Integer(i) => {
            i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).is_err()
        }
        DeValue::Array(a) => a.iter().any(|v| out_of_range(v.get_ref())),
        DeValue::Table(t) => t.values().any(|v| out_of_range(v.get_ref())),
        _ => false,
    }
}

fn is_blank(value: &DeValue<'_>) -> bool {
    match value {
        DeValue::String(s) => s.trim().is_empty(),
        DeValue::Array(a) => a.is_empty(),
        DeValue::Table(t) => t.is_empty(),
        _ => false,
    }
}

/// A known field name within two edits of `name`, for catching typos like `estimte`.
fn did_you_mean(name: &str) -> Option<&'static str> {
    KNOWN_FIELDS
        .iter()
        .copied()
        // Two edits cannot bridge a larger difference in length: skip those cheaply.
        .filter(|known| *known != name && known.len().abs_diff(name.len()) <= 2)
        .map(|known| (edit_distance(name, known), known))
        .filter(|(d, known)| *d <= 2 && *d < known.len() / 2 + 1)
        .min()
        .map(|(_, known)| known)
}

/// Reads one known field, reporting a wrong type at the value.
struct FieldReader<'a> {
    name: &'a str,
    key: Range<usize>,
    span: Range<usize>,
    source: &'a Source,
    path: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl FieldReader<'_> {
    fn wrong_type(&mut self, expected: &str, value: &DeValue<'_>) {
        let found = type_name(value);
        self.out.push(
            Diagnostic::new(
                "FM007",
                self.path,
                format!("`{}` must be {expected}, found {found}", self.name),
            )
            .at(self.source, self.span.clone())
            .help(format!("write `{}` as {expected}", self.name)),
        );
    }

    fn field<T>(&self, value: T) -> Option<Field<T>> {
        Some(Field {
            value,
            key: self.key.clone(),
            span: self.span.clone(),
        })
    }

    fn string(&mut self, value: &DeValue<'_>) -> Option<Field<String>> {
        match value {
            DeValue::String(s) => self.field(s.to_string()),
            other => {
                self.wrong_type("a string", other);
                None
            }
        }
    }

    /// A whole number of zero or more, such as an estimate in points.
    fn count(&mut self, value: &DeValue<'_>) -> Option<Field<i64>> {
        match value {
            DeValue::Integer(i) => {
                match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                    Ok(n) if n >= 0 => self.field(n),
                    _ => {
                        self.wrong_type("a whole number from 0 up", value);
                        None
                    }
                }
            }
            other => {
                self.wrong_type("a whole number from 0 up", other);
                None
            }
        }
    }

    /// A non-negative number, whole or not, such as hours.
    fn number(&mut self, value: &DeValue<'_>) -> Option<Field<f64>> {
        let n = match value {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        match n {
            Some(n) if n.is_finite() && n >= 0.0 => self.field(n),
            _ => {
                self.wrong_type("a number from 0 up", value);
                None
            }
        }
    }

    fn strings(&mut self, value: &DeValue<'_>, offset: usize) -> Vec<Field<String>> {
        let DeValue::Array(array) = value else {
            self.wrong_type("an array of strings", value);
            return Vec::new();
        };
        let mut items = Vec::with_capacity(array.len());
        for element in array.iter() {
            let span = element.span().start + offset..element.span().end + offset;
            match element.get_ref() {
                DeValue::String(s) => items.push(Field {
                    value: s.to_string(),
                    key: self.key.clone(),
                    span,
                }),
                other => {
                    let saved = std::mem::replace(&mut self.span, span);
                    self.wrong_type("an array of strings", other);
                    self.span = saved;
                }
            }
        }
        items
    }
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Reads headings and task-list items of the body, with their byte ranges in the file.
fn read_body(source: &Source, body: Range<usize>, parsed: &mut Parsed) {
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
    // toml_edit drops a BOM that opens the document: set it aside and put it back.
    let (bom, body) = match front.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> (Parsed, Vec<Diagnostic>) {
        let source = Source::new(text.to_owned());
        let mut out = Vec::new();
        let parsed = parse(&source, "items/MS-1-x.md", &mut out);
        (parsed, out)
    }

    fn rules(out: &[Diagnostic]) -> Vec<(&str, usize, usize)> {
        out.iter().map(|d| (d.rule, d.line, d.column)).collect()
    }

    const ITEM: &str = "+++\ntitle = \"View teams\"\nkind = \"story\"\nestimate = 5\ndepends_on = [\"MS-7\"]\ncustom = 1\n+++\n\n## Problem\nAdmins cannot see teams.\n\n## Acceptance criteria\n- [ ] Paged table\n- [x] Filter by sponsor\n\n## Notes\n- [ ] not a criterion\n";

    #[test]
    fn reads_fields_sections_and_criteria_with_lines() {
        let (p, out) = parse_str(ITEM);
        assert!(out.is_empty(), "{out:?}");
        let f = &p.fields;
        assert_eq!(
            f.title.as_ref().map(|t| t.value.as_str()),
            Some("View teams")
        );
        assert_eq!(f.estimate.as_ref().map(|e| e.value), Some(5));
        assert_eq!(f.depends_on[0].value, "MS-7");
        assert!(f.key("custom").is_some());
        let titles: Vec<_> = p.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Problem", "Acceptance criteria", "Notes"]);
        let source = Source::new(ITEM.to_owned());
        let crit: Vec<_> = p
            .criteria_in("acceptance criteria")
            .map(|c| (c.checked, c.text.as_str(), source.lines.line(c.span.start)))
            .collect();
        assert_eq!(
            crit,
            [(false, "Paged table", 13), (true, "Filter by sponsor", 14)]
        );
    }

    #[test]
    fn crlf_and_bom_parse_like_lf() {
        let crlf = format!("\u{feff}{}", ITEM.replace('\n', "\r\n"));
        let (p, out) = parse_str(&crlf);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(
            p.fields.kind.as_ref().map(|k| k.value.as_str()),
            Some("story")
        );
        assert_eq!(p.criteria_in("Acceptance criteria").count(), 2);
    }

    #[test]
    fn toml_errors_point_into_the_file() {
        let (_, out) = parse_str("+++\ntitle = \"a\"\ntitle = \"b\"\n+++\n");
        assert_eq!(rules(&out), [("FM004", 3, 1)]);
        assert_eq!(
            out[0].message,
            "duplicate key `title` (first set on line 2)"
        );
        let (_, out) = parse_str("+++\ntitle = \"a\"\nestimate = \"five\"\n+++\n");
        assert_eq!(rules(&out), [("FM007", 3, 12)]);
        let (_, out) = parse_str("+++\nestimate = -1\n+++\n");
        assert_eq!(rules(&out), [("FM007", 2, 12)]);
        let (_, out) = parse_str("+++\ntitle = \"a\rb\"\n+++\n");
        assert_eq!(out[0].rule, "FM003");
        assert_eq!(out[0].line, 2);
    }

    #[test]
    fn delimiter_problems() {
        assert_eq!(rules(&parse_str("").1), [("FM001", 1, 1)]);
        assert_eq!(rules(&parse_str("# Title\n").1), [("FM001", 1, 1)]);
        assert_eq!(
            rules(&parse_str("---\ntitle: a\n---\n").1),
            [("FM002", 1, 1)]
        );
        assert_eq!(
            rules(&parse_str("\n\n+++\ntitle = \"a\"\n").1),
            [("FM001", 1, 1)]
        );
        assert_eq!(
            rules(&parse_str("+++\ntitle = \"a\"\n").1),
            [("FM005", 1, 1)]
        );
        assert_eq!(
            rules(&parse_str("++++\ntitle = \"a\"\n++++\n").1),
            [("FM001", 1, 1)]
        );
        // Trailing spaces on a delimiter are fine; the first closing line wins.
        let (p, out) = parse_str("+++  \ntitle = \"a\"\n+++\n```\n+++\n```\n");
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(p.fields.title.map(|t| t.value), Some("a".into()));
    }

    #[test]
    fn conflict_markers_are_reported_before_toml() {
        let text = "+++\n<<<<<<< HEAD\ntitle = \"a\"\n=======\ntitle = \"b\"\n>>>>>>> x\n+++\n";
        assert_eq!(rules(&parse_str(text).1), [("GIT001", 2, 1)]);
    }

    #[test]
    fn typos_get_a_suggestion_but_custom_keys_pass() {
        let (_, out) = parse_str("+++\nestimte = 3\nsponsor = \"x\"\n+++\n");
        assert_eq!(rules(&out), [("FM011", 2, 1)]);
        assert!(out[0].message.contains("`estimate`"));
    }

    #[test]
    fn frontmatter_edits_keep_crlf() {
        let text = "+++\r\ntitle = \"a\"  # keep\r\ndepends_on = [\"MS-1\"]\r\n+++\r\nbody\r\n";
        let out = edit_frontmatter(text, |doc| set_string(doc, "id", "MS-2")).unwrap_or_default();
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
        assert!(
            out.starts_with("+++\r\ntitle = \"a\"  # keep\r\n"),
            "{out:?}"
        );
        assert!(out.ends_with("+++\r\nbody\r\n"), "{out:?}");
    }

    #[test]
    fn deep_nesting_is_a_clean_error() {
        let text = format!("+++\ntags = {}\n+++\n", "[".repeat(100_000));
        let (_, out) = parse_str(&text);
        assert_eq!(out[0].rule, "FM003");
    }
}
