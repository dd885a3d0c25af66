//! Rules about one item at a time: title, kind, state, ID agreement, hidden characters,
//! and the Definitions of Ready and Done (asked of `ready`).

use crate::diagnostic::Diagnostic;
use crate::load::{Backlog, Item};
use crate::ready;

pub fn check(backlog: &Backlog, out: &mut Vec<Diagnostic>) {
    let config = &backlog.config;
    let positions = ready::open_positions(backlog);
    for item in &backlog.items {
        let Some(source) = &item.source else { continue };
        invisible_characters(item, source, out);
        if !item.is_readable() {
            continue;
        }
        let fields = &item.parsed.fields;
        let opening = source.bom..source.bom;
        match &fields.title {
            Some(t) if !t.value.trim().is_empty() => {}
            other => out.push(
                Diagnostic::new("FM012", &item.path, format!("{} has no title", item.id))
                    .at(
                        source,
                        other.as_ref().map_or(opening.clone(), |t| t.span.clone()),
                    )
                    .help("add title = \"...\": a short summary anyone understands"),
            ),
        }
        match &fields.kind {
            Some(k) if config.kinds.contains_key(&k.value) => {}
            Some(k) => {
                let hint = crate::lint::closest(&k.value, config.kinds.keys())
                    .map_or(String::new(), |c| format!("; did you mean `{c}`?"));
                out.push(
                    Diagnostic::new(
                        "FM008",
                        &item.path,
                        format!("unknown kind `{}`{hint}", k.value),
                    )
                    .at(source, k.span.clone())
                    .help(format!("use one of: {}", join(config.kinds.keys()))),
                );
            }
            None => out.push(
                Diagnostic::new("FM008", &item.path, format!("{} has no kind", item.id))
                    .at(source, opening.clone())
                    .help(format!(
                        "add kind = \"...\", one of: {}",
                        join(config.kinds.keys())
                    )),
            ),
        }
        match &fields.state {
            Some(s) if config.is_state(&s.value) => {}
            Some(s) => {
                let hint = crate::lint::closest(&s.value, config.states.iter())
                    .map_or(String::new(), |c| format!("; did you mean `{c}`?"));
                out.push(
                    Diagnostic::new(
                        "FM009",
                        &item.path,
                        format!("unknown state `{}`{hint}", s.value),
                    )
                    .at(source, s.span.clone())
                    .help(format!("use one of: {}", join(config.states.iter()))),
                );
            }
            None => out.push(
                Diagnostic::new("FM009", &item.path, format!("{} has no state", item.id))
                    .at(source, opening.clone())
                    .help(format!("add state = \"{}\"", config.first_state())),
            ),
        }
        if let Some(id) = &fields.id
            && id.value != item.id
        {
            out.push(
                Diagnostic::new(
                    "ID002",
                    &item.path,
                    format!(
                        "frontmatter id `{}` differs from the file name's `{}`",
                        id.value, item.id
                    ),
                )
                .at(source, id.span.clone())
                .help("the file name is the ID: drop `id`, or rename with `backlog renumber`"),
            );
        }
        if let Some((prefix, _)) = item.id.split_once('-')
            && prefix != config.prefix
        {
            out.push(
                Diagnostic::new(
                    "ID004",
                    &item.path,
                    format!("{} does not use the prefix `{}`", item.id, config.prefix),
                )
                .help(format!(
                    "renumber it to {}-N, or change `prefix` in backlog.toml",
                    config.prefix
                )),
            );
        }
        let position = positions.get(&item.id.to_ascii_lowercase()).copied();
        if let Some(trigger) = ready::trigger(item, config, position) {
            for gap in ready::gaps(item, config) {
                let mut d = gap.diagnostic;
                d.message = format!("{} (Ready is required: {trigger})", d.message);
                out.push(d);
            }
        } else {
            for gap in ready::state_gaps(item, config) {
                let mut d = gap.diagnostic;
                d.message = format!("{} (required in state `{}`)", d.message, item.state());
                out.push(d);
            }
        }
        out.extend(ready::done_gaps(item, config));
    }
}

fn join<'a>(names: impl Iterator<Item = &'a String>) -> String {
    names.map(String::as_str).collect::<Vec<_>>().join(", ")
}

fn invisible_characters(item: &Item, source: &crate::text::Source, out: &mut Vec<Diagnostic>) {
    // The raw bytes first; then the decoded frontmatter, where `"\u202E"` is a TOML escape
    // that writes the character without its bytes being in the file.
    let found = crate::text::find_invisible(&source.text[source.bom..])
        .map(|(at, c)| (at, c, at + c.len_utf8()))
        .or_else(|| escaped_invisible(item, source));
    if let Some((at, c, end)) = found.map(|(at, c, end)| (at + source.bom, c, end + source.bom)) {
        out.push(
            Diagnostic::new(
                "TXT001",
                &item.path,
                format!(
                    "invisible character U+{:04X} can hide what the text says",
                    c as u32
                ),
            )
            .at(source, at..end)
            .help("remove bidirectional controls and zero-width characters (also when written as escapes)"),
        );
    }
}

/// The first key or string of the frontmatter whose decoded text holds an invisible
/// character: (its start, the character, its end), relative to the text after the BOM.
fn escaped_invisible(item: &Item, source: &crate::text::Source) -> Option<(usize, char, usize)> {
    use toml::de::{DeTable, DeValue};
    let layout = item.parsed.layout.as_ref()?;
    let front = source.text.get(layout.frontmatter.clone())?;
    // Only a `\u` or `\U` escape decodes to a character above U+00FF, where every invisible
    // one lies; the raw bytes were checked already, so without one there is nothing to find
    // and the frontmatter need not be parsed a second time.
    if !front.contains("\\u") && !front.contains("\\U") {
        return None;
    }
    let table = DeTable::parse(front).ok()?;
    let offset = layout.frontmatter.start - source.bom;
    let hidden = |text: &str| text.chars().find(|&c| crate::text::is_invisible(c));
    fn walk(
        value: &DeValue<'_>,
        span: std::ops::Range<usize>,
        hidden: &dyn Fn(&str) -> Option<char>,
        found: &mut Vec<(std::ops::Range<usize>, char)>,
    ) {
        match value {
            DeValue::String(text) => found.extend(hidden(text).map(|c| (span, c))),
            DeValue::Array(array) => {
                for v in array.iter() {
                    walk(v.get_ref(), v.span(), hidden, found);
                }
            }
            DeValue::Table(table) => walk_table(table, hidden, found),
            _ => {}
        }
    }
    fn walk_table(
        table: &DeTable<'_>,
        hidden: &dyn Fn(&str) -> Option<char>,
        found: &mut Vec<(std::ops::Range<usize>, char)>,
    ) {
        for (key, value) in table.iter() {
            found.extend(hidden(key.get_ref()).map(|c| (key.span(), c)));
            walk(value.get_ref(), value.span(), hidden, found);
        }
    }
    let mut found = Vec::new();
    walk_table(table.get_ref(), &hidden, &mut found);
    found
        .into_iter()
        .min_by_key(|(span, _)| span.start)
        .map(|(span, c)| (span.start + offset, c, span.end + offset))
}
