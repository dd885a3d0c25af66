//! Hover, go to definition, references and document symbols: all start from an item ID under
//! the cursor (frontmatter, body or ranking.txt) or from the file itself.

use super::position;
use super::requests::{Target, target};
use super::state::Root;
use crate::load::{Item, RANKING_FILE};
use crate::sanitize;
use crate::text::Source;
use lsp_types::{
    DocumentSymbol, Hover, HoverContents, Location, MarkupContent, MarkupKind, Range,
    ReferenceParams, SymbolKind, TextDocumentPositionParams, Uri,
};
use std::path::Path;

/// The item ID at byte `offset`, with its byte range.
fn id_at(source: &Source, offset: usize) -> Option<(String, std::ops::Range<usize>)> {
    let text = &source.text;
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !word(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    let candidate = &text[start..end];
    crate::id::is_valid_id(candidate).then(|| (candidate.to_owned(), start..end))
}

/// The ID under the cursor and its item, if an item has it.
fn item_at<'a>(
    roots: &'a [Root],
    at: &TextDocumentPositionParams,
) -> Option<(Target<'a>, &'a Item, Range)> {
    let t = target(roots, &at.text_document.uri)?;
    let source = t.root.source(&t.display)?;
    let offset = position::to_offset(source, at.position);
    let (id, span) = id_at(source, offset)?;
    let item = t.root.backlog.item(&id)?;
    let range = position::range(source, span);
    Some((t, item, range))
}

pub fn hover(roots: &[Root], at: &TextDocumentPositionParams) -> Option<Hover> {
    let (t, item, range) = item_at(roots, at)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: describe(t.root, item),
        }),
        range: Some(range),
    })
}

/// An item in a few lines: title, kind and state, rank and reason, readiness and its gaps.
fn describe(root: &Root, item: &Item) -> String {
    let backlog = &root.backlog;
    let config = &backlog.config;
    let mut out = format!("**{}** {}\n\n", item.id, sanitize::markdown(item.title()));
    out.push_str(&format!(
        "kind `{}` · state `{}`\n\n",
        sanitize::line(item.kind()).replace('`', "'"),
        sanitize::line(item.state()).replace('`', "'")
    ));
    let entry = backlog
        .ranking
        .as_ref()
        .and_then(|r| r.ranked().find(|e| e.id.eq_ignore_ascii_case(&item.id)));
    match (
        backlog.rank(&item.id),
        entry.and_then(|e| e.reason.as_deref()),
    ) {
        (Some(rank), Some(reason)) => {
            out.push_str(&format!("rank #{rank}: {}\n\n", sanitize::markdown(reason)))
        }
        (Some(rank), None) => out.push_str(&format!("rank #{rank} (no reason given)\n\n")),
        (None, _) => out.push_str("untriaged (not in ranking.txt)\n\n"),
    }
    let positions = crate::ready::open_positions(backlog);
    let trigger = crate::ready::trigger(
        item,
        config,
        positions.get(&item.id.to_ascii_lowercase()).copied(),
    );
    let required = match &trigger {
        Some(t) => format!("required: {t}"),
        None => "not required yet".to_owned(),
    };
    if !item.is_readable() {
        out.push_str("Ready: unknown, the frontmatter does not read\n");
    } else {
        let gaps = crate::ready::gaps(item, config);
        if gaps.is_empty() && crate::ready::is_ready(item, config) {
            out.push_str(&format!("Ready: yes ({required})\n"));
        } else {
            let labels: Vec<String> = gaps
                .iter()
                .map(|g| format!("`{}`", g.label.replace('`', "'")))
                .collect();
            out.push_str(&format!(
                "Ready: no ({required}); lacks {}\n",
                if labels.is_empty() {
                    "a known kind".to_owned()
                } else {
                    labels.join(", ")
                }
            ));
        }
    }
    out
}

pub fn definition(
    roots: &[Root],
    at: &TextDocumentPositionParams,
    link: &dyn Fn(&Path) -> Option<Uri>,
) -> Option<Location> {
    let (_, item, _) = item_at(roots, at)?;
    Some(Location::new(link(&item.abs)?, Range::default()))
}

/// Where an item is named: its ranking line and the `depends_on` of other items (and, when
/// asked, its own file). The item is the ID under the cursor, else the item file itself.
pub fn references(
    roots: &[Root],
    params: &ReferenceParams,
    link: &dyn Fn(&Path) -> Option<Uri>,
) -> Vec<Location> {
    let at = &params.text_document_position;
    let item = match item_at(roots, at) {
        Some((t, item, _)) => Some((t.root, item)),
        None => target(roots, &at.text_document.uri).and_then(|t| {
            let item = t.root.backlog.items.iter().find(|i| i.path == t.display)?;
            Some((t.root, item))
        }),
    };
    let Some((root, item)) = item else {
        return Vec::new();
    };
    let backlog = &root.backlog;
    let mut out = Vec::new();
    if params.context.include_declaration
        && let Some(uri) = link(&item.abs)
    {
        out.push(Location::new(uri, Range::default()));
    }
    if let Some(ranking) = &backlog.ranking
        && let Some(uri) = link(&backlog.location.ranking_path())
    {
        for entry in ranking
            .entries
            .iter()
            .filter(|e| e.id.eq_ignore_ascii_case(&item.id))
        {
            let range = position::range(&ranking.source, entry.id_span.clone());
            out.push(Location::new(uri.clone(), range));
        }
    }
    for other in &backlog.items {
        let Some(source) = &other.source else {
            continue;
        };
        for dep in &other.parsed.fields.depends_on {
            if dep.value.eq_ignore_ascii_case(&item.id)
                && let Some(uri) = link(&other.abs)
            {
                out.push(Location::new(
                    uri,
                    position::range(source, dep.span.clone()),
                ));
            }
        }
    }
    out
}

/// ranking.txt: one symbol per ranked item; an item file: one per section.
#[allow(deprecated)]
pub fn symbols(roots: &[Root], uri: &Uri) -> Vec<DocumentSymbol> {
    let Some(t) = target(roots, uri) else {
        return Vec::new();
    };
    let backlog = &t.root.backlog;
    if t.rel == RANKING_FILE {
        let Some(ranking) = &backlog.ranking else {
            return Vec::new();
        };
        return ranking
            .ranked()
            .enumerate()
            .map(|(n, e)| DocumentSymbol {
                name: e.id.clone(),
                detail: Some(format!(
                    "#{} {}",
                    n + 1,
                    backlog.item(&e.id).map_or("(no such item)", |i| i.title())
                )),
                kind: SymbolKind::KEY,
                tags: None,
                deprecated: None,
                range: position::range(&ranking.source, e.line.clone()),
                selection_range: position::range(&ranking.source, e.id_span.clone()),
                children: None,
            })
            .collect();
    }
    let Some(item) = backlog.items.iter().find(|i| i.path == t.display) else {
        return Vec::new();
    };
    let Some(source) = &item.source else {
        return Vec::new();
    };
    let sections = &item.parsed.sections;
    sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let end = sections[i + 1..]
                .iter()
                .find(|n| n.level <= s.level)
                .map_or(source.text.len(), |n| n.span.start);
            DocumentSymbol {
                name: if s.title.trim().is_empty() {
                    "(untitled section)".to_owned()
                } else {
                    s.title.trim().to_owned()
                },
                detail: Some("#".repeat(usize::from(s.level))),
                kind: SymbolKind::STRING,
                tags: None,
                deprecated: None,
                range: position::range(source, s.span.start..end.max(s.span.end)),
                selection_range: position::range(
                    source,
                    heading_line(&source.text, s.span.clone()),
                ),
                children: None,
            }
        })
        .collect()
}

/// A heading's span without the line break that ends it.
fn heading_line(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let inner = text[span.clone()].trim_end_matches(['\n', '\r']);
    span.start..span.start + inner.len()
}
