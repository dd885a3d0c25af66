//! Fixes inside an item file: a missing required key (`missing-field`), a missing section
//! heading (`missing-section`), a near-miss key (`misspelled-field`).

use super::{Edit, Fix, Templates, edit_between, eol};
use crate::diagnostic::Diagnostic;
use crate::item::{self, KNOWN_FIELDS};
use crate::load::{Backlog, Item};
use crate::ready;
use crate::text::{Source, edit_distance};

pub(super) fn fix(backlog: &Backlog, d: &Diagnostic, templates: Templates<'_>) -> Option<Fix> {
    let item = backlog.items.iter().find(|i| i.path == d.path)?;
    let source = item.source.as_ref()?;
    if !item.is_readable() {
        return None;
    }
    let (title, edit) = match super::name_of(d.rule) {
        "missing-field" => missing_key(backlog, item, source, d)?,
        "missing-section" => missing_section(backlog, item, source, d, templates)?,
        "misspelled-field" => near_miss_key(item, source, d)?,
        _ => return None,
    };
    let (fixed, _) = super::apply(&source.text, &[&edit]);
    reads_back(&source.text, &fixed).then(|| Fix {
        rule: d.rule,
        path: d.path.clone(),
        abs: item.abs.clone(),
        line: d.line,
        column: d.column,
        title,
        edit,
        entry: None,
    })
}

/// The gap of the item's Definition of Ready that `d` reports: its label names the field
/// (`owner`) or the section (`## Problem`).
fn gap_label(backlog: &Backlog, item: &Item, d: &Diagnostic) -> Option<String> {
    ready::gaps(item, &backlog.config)
        .into_iter()
        .chain(ready::state_gaps(item, &backlog.config))
        .find(|g| {
            g.diagnostic.rule == d.rule
                && d.message.starts_with(&g.diagnostic.message)
                && g.diagnostic.line == d.line
                && g.diagnostic.column == d.column
        })
        .map(|g| g.label)
}

/// A required key that is absent gets an empty value for the author to fill in: `""`, or
/// `[]` for the list fields. Numbers have no empty value, so they get no fix.
fn missing_key(
    backlog: &Backlog,
    item: &Item,
    source: &Source,
    d: &Diagnostic,
) -> Option<(String, Edit)> {
    let name = gap_label(backlog, item, d)?;
    if item.parsed.fields.key(&name).is_some() || !is_bare_key(&name) {
        return None;
    }
    let empty = match name.as_str() {
        "estimate" | "cost_per_week" | "fix_effort" => return None,
        "depends_on" | "tags" => "[]",
        _ => "\"\"",
    };
    let fixed = item::edit_frontmatter(&source.text, |doc| {
        let value = if empty == "[]" {
            toml_edit::value(toml_edit::Array::new())
        } else {
            toml_edit::value("")
        };
        doc.insert(&name, value);
    })
    .ok()?;
    let edit = edit_between(&source.text, &fixed);
    Some((format!("add `{name} = {empty}`"), edit))
}

/// A missing section heading, written as the kind's template writes it, placed before the
/// first later section of the template that the item has, else at the end of the file.
fn missing_section(
    backlog: &Backlog,
    item: &Item,
    source: &Source,
    d: &Diagnostic,
    templates: Templates<'_>,
) -> Option<(String, Edit)> {
    let label = gap_label(backlog, item, d)?;
    let name = label.strip_prefix("## ")?;
    if name.contains(['\n', '\r']) {
        return None;
    }
    let template = templates(item.kind()).map(|t| {
        let mut ignored = Vec::new();
        item::parse(&Source::new(t), "template", &mut ignored).sections
    });
    let template = template.unwrap_or_default();
    let at_template = template
        .iter()
        .position(|s| s.title.trim().eq_ignore_ascii_case(name.trim()));
    let (level, title) = match at_template {
        Some(i) => (template[i].level, template[i].title.trim().to_owned()),
        None => (2, name.trim().to_owned()),
    };
    let heading = format!("{} {title}", "#".repeat(usize::from(level.max(1))));
    let text = &source.text;
    let eol = eol(text);
    // The first section the template puts after this one that the item has.
    let before = at_template.and_then(|i| {
        template[i + 1..]
            .iter()
            .find_map(|later| item.parsed.section(&later.title))
            .map(|j| item.parsed.sections[j].span.start)
    });
    let edit = match before {
        Some(at) => {
            let at = text[..at].rfind('\n').map_or(0, |p| p + 1);
            Edit {
                range: at..at,
                replacement: format!("{heading}{eol}{eol}"),
            }
        }
        None => {
            let mut lead = String::new();
            if !text.is_empty() && !text.ends_with('\n') {
                lead.push_str(eol);
            }
            let body_start = item.parsed.layout.as_ref().map_or(0, |l| l.body.start);
            let ends_blank = text.ends_with("\n\n") || text.ends_with("\n\r\n");
            if !ends_blank && text.len() > body_start {
                lead.push_str(eol);
            }
            Edit {
                range: text.len()..text.len(),
                replacement: format!("{lead}{heading}{eol}"),
            }
        }
    };
    Some((format!("add the heading `{heading}`"), edit))
}

/// A key one or two letters away from exactly one known field, which the item does not have
/// yet, is renamed to it; only the key's bytes change.
fn near_miss_key(item: &Item, source: &Source, d: &Diagnostic) -> Option<(String, Edit)> {
    let span = d.span.clone()?;
    let key = item.parsed.fields.keys.iter().find(|k| k.key == span)?;
    let written = &source.text[span.clone()];
    // Quoted or dotted keys are left to the author.
    if written != key.name || !is_bare_key(written) {
        return None;
    }
    let best = KNOWN_FIELDS
        .iter()
        .map(|known| (edit_distance(&key.name, known), *known))
        .filter(|(dist, known)| *dist <= 2 && *dist < known.len() / 2 + 1)
        .min()?;
    let ties = KNOWN_FIELDS
        .iter()
        .filter(|known| edit_distance(&key.name, known) == best.0)
        .count();
    let target = best.1;
    if ties != 1 || item.parsed.fields.key(target).is_some() {
        return None;
    }
    // A key whose value is a table (`estimte.x = 1`) would change meaning.
    if source.text[key.span.clone()].trim_start().starts_with('{') {
        return None;
    }
    Some((
        format!("rename `{}` to `{target}`", key.name),
        Edit {
            range: span,
            replacement: target.to_owned(),
        },
    ))
}

fn is_bare_key(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The fixed text still reads back as an item, with no syntax error it did not have.
fn reads_back(before: &str, after: &str) -> bool {
    let errors = |text: &str| {
        let mut out = Vec::new();
        let parsed = item::parse(&Source::new(text.to_owned()), "", &mut out);
        let syntax = out.iter().filter(|d| d.rule.starts_with("FM")).count();
        (parsed.frontmatter_ok, syntax)
    };
    let (ok_before, syntax_before) = errors(before);
    let (ok_after, syntax_after) = errors(after);
    ok_before && ok_after && syntax_after <= syntax_before
}
