//! `backlog search`: items whose title or body matches, in priority order, with the lines.

use super::filter::Filters;
use super::{Context, Outcome, TextFormat};
use crate::load::{Backlog, Item};
use crate::render::{self, search::Hit, search::Line, search::SearchView};
use anyhow::{Result, bail};
use regex::{Regex, RegexBuilder};

/// Find items whose title or body contains TEXT.
///
/// Find items whose title or body contains TEXT, ignoring case; with --regex TEXT is a regular
/// expression (Rust `regex` syntax, still case-insensitive unless it starts with `(?-i)`).
/// Results come in priority order (ranked by rank, then untriaged by ID), each with its
/// matching lines as path:line. Takes the filters of `list`; closed items are searched only
/// with --all (or --state naming a closed state). Exit 0 when something matched, 1 when
/// nothing did (as grep), 2 when the search could not run (such as a bad regex).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The text to look for.
    text: String,
    /// TEXT is a regular expression.
    #[arg(long)]
    regex: bool,
    #[command(flatten)]
    filters: Filters,
    /// `text` for people, `json` for scripts.
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    format: TextFormat,
}

/// Longest expression accepted, compiled size included: a search is typed, not generated.
const MAX_PATTERN: usize = 1 << 20;

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    if args.text.is_empty() {
        bail!("search: TEXT is empty; give the text to look for");
    }
    let pattern = if args.regex {
        args.text.clone()
    } else {
        regex::escape(&args.text)
    };
    let matcher = RegexBuilder::new(&pattern)
        .case_insensitive(true)
        .size_limit(MAX_PATTERN)
        .build()
        .map_err(|e| {
            let text = e.to_string();
            // regex's message draws the pattern over three lines; its last says what is wrong.
            let what = text
                .lines()
                .rev()
                .find_map(|l| l.trim().strip_prefix("error: "))
                .unwrap_or(&text);
            anyhow::anyhow!(
                "--regex `{}` is not a valid regular expression: {}",
                crate::sanitize::line(&args.text),
                crate::sanitize::line(what)
            )
        })?;
    let location = ctx.location()?;
    let backlog = Backlog::load(location)?;
    let limit = args.filters.limit.unwrap_or(usize::MAX);
    let mut items = Vec::new();
    let mut hidden = 0;
    for s in args.filters.select(&backlog, true)? {
        let lines = matches(s.item, &matcher);
        if lines.is_empty() {
            continue;
        }
        if s.row.closed && !args.filters.shows_closed(&backlog) {
            hidden += 1;
        } else if items.len() < limit {
            items.push(Hit {
                id: s.row.id,
                title: s.row.title,
                kind: s.row.kind,
                state: s.row.state,
                rank: s.row.rank,
                path: s.row.path,
                lines,
            });
        }
    }
    let found = !items.is_empty();
    let view = SearchView { items };
    let out = match args.format {
        TextFormat::Text => render::search::text(&view),
        TextFormat::Json => render::search::json(&view),
    };
    render::print(ctx.color, &out)?;
    if hidden > 0 {
        render::note(ctx.color, &render::search::hidden_note(hidden));
    }
    if let Some(note) = render::list::problems_note(backlog.diagnostics.len()) {
        render::note(ctx.color, &note);
    }
    Ok(if found {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

/// The lines of the item that match: the title's line (in the frontmatter) when the title
/// matches, then each matching line of the body.
fn matches(item: &Item, matcher: &Regex) -> Vec<Line> {
    let Some(source) = &item.source else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(title) = &item.parsed.fields.title
        && matcher.is_match(&title.value)
    {
        out.push(line_at(
            source,
            source.lines.line(title.span.start),
            "title",
        ));
    }
    let body = item.parsed.layout.as_ref().map_or(0..0, |l| l.body.clone());
    let Some(text) = source.text.get(body.clone()) else {
        return out;
    };
    for (range, line) in crate::text::lines_with_ranges(text) {
        if matcher.is_match(line) {
            out.push(line_at(
                source,
                source.lines.line(body.start + range.start),
                "body",
            ));
        }
    }
    out
}

fn line_at(source: &crate::text::Source, line: usize, field: &'static str) -> Line {
    let start = source.lines.line_start(line);
    let rest = &source.text[start..];
    let end = rest.find('\n').map_or(rest.len(), |n| n);
    Line {
        line,
        field,
        text: rest[..end].trim_end_matches('\r').to_owned(),
    }
}
