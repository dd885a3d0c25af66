//! `backlog renumber OLD [NEW]`: give an item another ID everywhere: its file name, its line in
//! ranking.txt, every `depends_on` and `parent` that names it, and its frontmatter `id` if it
//! has one.
//!
//! The answer to two branches that both created MS-14. References are rewritten first and the
//! file renamed last, in one journaled transaction (`store`): an interrupted run is completed
//! by the next writer, never left as a silent duplicate. Mentions of the old ID in item bodies
//! are prose: they are listed (`mentions`), not rewritten.

mod mentions;

use super::{Context, Outcome, Refused, TextFormat};
use crate::load::Backlog;
use crate::render::{self, edit::RenumberView};
use crate::store::{FileEdit, Renumbering, Store};
use crate::{item, numbering, sanitize};
use anyhow::{Context as _, Result, bail};
use std::path::PathBuf;

/// Change an item's ID everywhere it is used.
///
/// Change an item's ID everywhere: file name, ranking line, `depends_on` and `parent`
/// references and a frontmatter `id`. Without NEW, the next free ID is used. Mentions of OLD in item bodies are
/// prose: they are listed as path:line:col (on stderr, or `mentions` in JSON), not rewritten.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item's current ID.
    old: String,
    /// The new ID; must not be in use. Default: the next free ID.
    new: Option<String>,
    /// When two files share OLD, the one to renumber.
    #[arg(long, value_name = "PATH")]
    file: Option<PathBuf>,
    /// Wait up to SECS for another backlog process to finish writing.
    #[arg(long, value_name = "SECS", default_value_t = 0.0, value_parser = super::wait_secs)]
    wait: f64,
    /// `text` for people, `json` for scripts.
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    format: TextFormat,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    for id in std::iter::once(&args.old).chain(&args.new) {
        if !crate::id::is_valid_id(id) {
            return Err(Refused(format!(
                "`{}` is not an item ID (expected PREFIX-NUMBER, such as MS-12)",
                sanitize::line(id)
            ))
            .into());
        }
    }
    let location = ctx.location()?;
    let store = Store::lock(&location, args.wait)?;
    if let Some(done) = store.completed() {
        render::note(ctx.color, &done.note());
    }
    let backlog = Backlog::load(location.clone())?;
    // Every file renumber may rewrite must have been read: an unreadable ranking or config
    // would be skipped silently and leave a dangling reference behind.
    if let Some(d) = backlog.diagnostics.iter().find(|d| {
        matches!(
            d.rule,
            "FS001" | "FS003" | "ENC001" | "ENC002" | "PATH010" | "CFG001" | "CFG002"
        )
    }) {
        bail!(
            "cannot renumber while {} has a problem ({}: {}); nothing was changed\nhint: `backlog lint` says more",
            d.path,
            d.rule,
            d.message
        );
    }
    let new = match &args.new {
        Some(new) => new.clone(),
        None => numbering::next_id(&location, &backlog.config, store.repo())?,
    };
    let old = args.old.as_str();
    if new.eq_ignore_ascii_case(old) {
        return Err(Refused(format!("{old} already has that ID; nothing was changed")).into());
    }
    if let Some(other) = backlog.item(&new) {
        return Err(Refused(format!(
            "{new} already exists ({}); nothing was changed",
            sanitize::line(&other.path)
        ))
        .into());
    }
    if backlog.rank(&new).is_some() {
        return Err(Refused(format!(
            "{new} is listed in ranking.txt; pick a free ID; nothing was changed"
        ))
        .into());
    }
    let candidates: Vec<_> = backlog
        .items
        .iter()
        .filter(|i| i.id.eq_ignore_ascii_case(old))
        .collect();
    let target = match (&args.file, candidates.as_slice()) {
        (_, []) => {
            let known = backlog.items.iter().map(|i| i.id.clone()).collect();
            return Err(crate::store::resolve::unknown(&location, old, known));
        }
        (None, [one]) => *one,
        (None, many) => {
            let paths: Vec<_> = many
                .iter()
                .map(|i| sanitize::line(&i.path).into_owned())
                .collect();
            return Err(Refused(format!(
                "{old} is the ID of {} files ({}); say which with --file PATH",
                many.len(),
                paths.join(", ")
            ))
            .into());
        }
        (Some(file), many) => {
            let wanted = ctx
                .cwd
                .join(file)
                .canonicalize()
                .with_context(|| format!("{}: no such file", file.display()))?;
            match many
                .iter()
                .find(|i| i.abs.canonicalize().ok().as_ref() == Some(&wanted))
            {
                Some(item) => *item,
                None => bail!("{} is not a file of {old}", file.display()),
            }
        }
    };
    let Some(source) = &target.source else {
        return Err(Refused(format!(
            "{} cannot be read; fix it first (backlog lint)",
            target.path
        ))
        .into());
    };
    // Everything is computed and checked before the first write.
    let mut edits: Vec<FileEdit> = Vec::new();
    let duplicates = candidates.len() > 1;
    for other in &backlog.items {
        let fields = &other.parsed.fields;
        if std::ptr::eq(other, target)
            || (!fields
                .depends_on
                .iter()
                .any(|d| d.value.eq_ignore_ascii_case(old))
                && fields.key("parent").is_none())
        {
            continue;
        }
        // With two files sharing OLD, references are ambiguous: leave them to the user.
        if duplicates {
            continue;
        }
        let Some(text) = &other.source else { continue };
        let updated = item::edit_frontmatter(&text.text, |doc| {
            rename_dependency(doc, old, &new);
            rename_parent(doc, old, &new);
        })
        .with_context(|| format!("cannot update {}", other.path))?;
        // A `parent` naming another item leaves the file alone.
        if updated == text.text {
            continue;
        }
        edits.push(FileEdit {
            path: other.abs.clone(),
            before: text.text.clone(),
            after: updated,
        });
    }
    if let Some(ranking) = backlog.ranking.as_ref().filter(|_| !duplicates)
        && let Some(after) = ranking.renamed(old, &new).map_err(|e| {
            Refused(format!(
                "{}: {e}; nothing was changed",
                backlog.ranking_path()
            ))
        })?
    {
        edits.push(FileEdit {
            path: location.ranking_path(),
            before: ranking.source.text.clone(),
            after,
        });
    }
    let content = if target.parsed.fields.id.is_some() {
        item::edit_frontmatter(&source.text, |doc| item::set_string(doc, "id", &new))?
    } else {
        source.text.clone()
    };
    let name = target
        .abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let new_path = target
        .abs
        .with_file_name(numbering::renamed(&name, target.id.len(), &new));
    let plan = Renumbering {
        id: new.clone(),
        edits,
        from: target.abs.clone(),
        from_display: target.path.clone(),
        to: new_path,
        content,
        from_content: source.text.clone(),
    };
    store.renumber(&plan)?;
    let mentions = body_mentions(&backlog, target, &plan, old, &location);
    let view = RenumberView {
        old: old.to_owned(),
        new,
        path: location.display(&plan.to),
        updated: plan
            .edits
            .iter()
            .map(|e| location.display(&e.path))
            .collect(),
        duplicates,
    };
    if args.format == TextFormat::Json {
        render::print(ctx.color, &json(&view, &mentions))?;
    } else {
        render::print(ctx.color, &render::edit::renumbered(&view))?;
    }
    if let Some(note) = render::edit::renumber_note(&view) {
        render::note(ctx.color, &note);
    }
    if args.format == TextFormat::Text
        && let Some(note) = mentions::note(old, &mentions)
    {
        render::note(ctx.color, &note);
    }
    Ok(Outcome::Clean)
}

/// Whole-word mentions of `old` in every item's body after the rename, the renamed item's
/// (under its new path) included, ordered by path, line and column.
fn body_mentions(
    backlog: &Backlog,
    target: &crate::load::Item,
    plan: &Renumbering,
    old: &str,
    location: &crate::load::Location,
) -> Vec<mentions::Mention> {
    let mut found: Vec<mentions::Mention> = Vec::new();
    for other in &backlog.items {
        let (text, path) = if std::ptr::eq(other, target) {
            (plan.content.as_str(), location.display(&plan.to))
        } else if let Some(edit) = plan.edits.iter().find(|e| e.path == other.abs) {
            (edit.after.as_str(), other.path.clone())
        } else if let Some(source) = &other.source {
            (source.text.as_str(), other.path.clone())
        } else {
            continue;
        };
        found.extend(mentions::find(text, &path, old));
    }
    found.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    found
}

/// `{"version":1,"old","new","path","updated","duplicates","mentions":[{"path","line","column","text"}]}`.
fn json(view: &RenumberView, mentions: &[mentions::Mention]) -> String {
    #[derive(serde::Serialize)]
    struct Doc<'a> {
        version: u32,
        old: &'a str,
        new: &'a str,
        path: &'a str,
        updated: &'a [String],
        duplicates: bool,
        mentions: &'a [mentions::Mention],
    }
    render::json::document(&Doc {
        version: 1,
        old: &view.old,
        new: &view.new,
        path: &view.path,
        updated: &view.updated,
        duplicates: view.duplicates,
        mentions,
    })
}

/// `parent = "OLD"` (the key `import` writes) names an item as `depends_on` does: rewritten the
/// same way, its quoting and comments kept.
fn rename_parent(doc: &mut toml_edit::DocumentMut, old: &str, new: &str) {
    if doc
        .get("parent")
        .and_then(|p| p.as_str())
        .is_some_and(|p| p.eq_ignore_ascii_case(old))
    {
        item::set_string(doc, "parent", new);
    }
}

fn rename_dependency(doc: &mut toml_edit::DocumentMut, old: &str, new: &str) {
    let Some(array) = doc.get_mut("depends_on").and_then(|d| d.as_array_mut()) else {
        return;
    };
    for value in array.iter_mut() {
        if value.as_str().is_some_and(|s| s.eq_ignore_ascii_case(old)) {
            let decor = value.decor().clone();
            *value = toml_edit::Value::from(new);
            *value.decor_mut() = decor;
        }
    }
}
