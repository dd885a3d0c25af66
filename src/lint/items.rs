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
    let found = crate::text::find_invisible(&source.text[source.bom..]);
    if let Some((at, c)) = found.map(|(at, c)| (at + source.bom, c)) {
        out.push(
            Diagnostic::new(
                "TXT001",
                &item.path,
                format!(
                    "invisible character U+{:04X} can hide what the text says",
                    c as u32
                ),
            )
            .at(source, at..at + c.len_utf8())
            .help("remove bidirectional controls and zero-width characters"),
        );
    }
}
