//! Completion: item IDs (with their titles) in `depends_on` and in ranking.txt, `kind` and
//! `state` values from backlog.toml, known frontmatter keys, existing tags.

use super::requests::target;
use super::state::Root;
use crate::item::KNOWN_FIELDS;
use crate::load::RANKING_FILE;
use crate::text::{Source, lines_with_ranges};
use lsp_types::{CompletionItem, CompletionItemKind, TextDocumentPositionParams};
use std::collections::BTreeSet;

pub fn completion(roots: &[Root], at: &TextDocumentPositionParams) -> Vec<CompletionItem> {
    let Some(t) = target(roots, &at.text_document.uri) else {
        return Vec::new();
    };
    let Some(source) = t.root.source(&t.display) else {
        return Vec::new();
    };
    let offset = super::position::to_offset(source, at.position);
    let line_start = source.lines.line_start(source.lines.line(offset));
    let before = &source.text[line_start..offset];
    if t.rel == RANKING_FILE {
        // An ID starts the line; after `#` comes a reason.
        if before.contains('#') {
            return Vec::new();
        }
        return ids(t.root, None, false);
    }
    if t.rel.ends_with(".md") {
        let Some(key) = frontmatter_key(source, offset) else {
            return Vec::new();
        };
        let self_id = crate::id::id_from_file_name(t.rel.rsplit('/').next().unwrap_or(""));
        return match key {
            Context::Key => keys(t.root, &t.display, source),
            Context::Value(name, quoted) => match name.as_str() {
                "depends_on" => ids(t.root, self_id, !quoted),
                "kind" => values(t.root.backlog.config.kinds.keys().cloned(), quoted, "kind"),
                "state" => values(
                    t.root.backlog.config.states.iter().cloned(),
                    quoted,
                    "state",
                ),
                "tags" => {
                    let tags: BTreeSet<String> = t
                        .root
                        .backlog
                        .items
                        .iter()
                        .flat_map(|i| i.parsed.fields.tags.iter().map(|f| f.value.clone()))
                        .collect();
                    values(tags.into_iter(), quoted, "tag")
                }
                _ => Vec::new(),
            },
        };
    }
    Vec::new()
}

enum Context {
    /// At the start of a frontmatter line: a key goes here.
    Key,
    /// In the value of this key; true when inside an open string.
    Value(String, bool),
}

/// What the cursor at `offset` is writing in the frontmatter, read from the text alone (the
/// TOML may be half typed).
fn frontmatter_key(source: &Source, offset: usize) -> Option<Context> {
    let text = &source.text;
    let mut lines = lines_with_ranges(text);
    let (first, line) = lines.next()?;
    if line.trim_start_matches('\u{feff}').trim_end() != "+++" || offset <= first.end {
        return None;
    }
    let close = lines
        .find(|(_, l)| l.trim_end() == "+++")
        .map_or(text.len(), |(r, _)| r.start);
    if offset > close {
        return None;
    }
    let region = &text[first.end..offset];
    // The last `key =` at a line start before the cursor, and whether its value is still open.
    let mut current: Option<(String, usize)> = None;
    for (range, line) in lines_with_ranges(region) {
        if let Some(eq) = line.find('=') {
            let key = line[..eq].trim();
            if !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                current = Some((key.to_owned(), range.start + eq + 1));
            }
        }
    }
    let on_line = text[..offset].rfind('\n').map_or(0, |p| p + 1);
    let typed = &text[on_line..offset];
    if !typed.contains('=') {
        let open_array = current.as_ref().is_some_and(|(_, at)| {
            let value = &region[*at..];
            value.matches('[').count() > value.matches(']').count()
        });
        if !open_array {
            return typed
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                .then_some(Context::Key);
        }
    }
    let (key, at) = current?;
    let value = &region[at..];
    let quoted = value.matches('"').count() % 2 == 1;
    Some(Context::Value(key, quoted))
}

fn ids(root: &Root, except: Option<&str>, quote: bool) -> Vec<CompletionItem> {
    root.backlog
        .in_priority_order()
        .into_iter()
        .enumerate()
        .filter(|(_, i)| except.is_none_or(|e| !i.id.eq_ignore_ascii_case(e)))
        .map(|(n, item)| CompletionItem {
            label: item.id.clone(),
            kind: Some(CompletionItemKind::REFERENCE),
            detail: Some(item.title().to_owned()),
            sort_text: Some(format!("{n:08}")),
            filter_text: Some(item.id.clone()),
            insert_text: Some(if quote {
                format!("\"{}\"", item.id)
            } else {
                item.id.clone()
            }),
            ..Default::default()
        })
        .collect()
}

fn values(names: impl Iterator<Item = String>, quoted: bool, what: &str) -> Vec<CompletionItem> {
    names
        .map(|name| CompletionItem {
            insert_text: Some(if quoted {
                name.clone()
            } else {
                format!("\"{name}\"")
            }),
            label: name,
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            detail: Some(format!("{what} from backlog.toml")),
            ..Default::default()
        })
        .collect()
}

/// Known keys, and the fields the item's Definition of Ready requires, not yet in the item.
fn keys(root: &Root, display: &str, source: &Source) -> Vec<CompletionItem> {
    let item = root.backlog.items.iter().find(|i| i.path == display);
    // Read from the text, which may be half typed and not parse.
    let present: BTreeSet<&str> = lines_with_ranges(&source.text)
        .filter_map(|(_, line)| line.split_once('=').map(|(k, _)| k.trim()))
        .collect();
    let mut names: Vec<String> = KNOWN_FIELDS.iter().map(|s| (*s).to_owned()).collect();
    if let Some(kind) = item.and_then(|i| root.backlog.config.kinds.get(i.kind())) {
        names.extend(kind.ready.fields.iter().cloned());
    }
    let mut seen = BTreeSet::new();
    names
        .into_iter()
        .filter(|n| seen.insert(n.clone()))
        .filter(|n| item.is_none_or(|i| i.parsed.fields.key(n).is_none()))
        .filter(|n| !present.contains(n.as_str()))
        .map(|name| CompletionItem {
            insert_text: Some(format!("{name} = ")),
            label: name,
            kind: Some(CompletionItemKind::FIELD),
            detail: Some("frontmatter key".into()),
            ..Default::default()
        })
        .collect()
}
