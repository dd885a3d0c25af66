//! `backlog edit ID`: open the item in the user's editor, then lint it and report. What the
//! editor saved is kept as written, even when it no longer parses: it is reported, never
//! reverted.

use super::{Context, Outcome};
use crate::diagnostic::Severity;
use crate::load::{self, Backlog};
use crate::render::{self, lifecycle::EditedView, lint::LintView};
use crate::{lint, sanitize, store};
use anyhow::{Context as _, Result, bail};

/// Open an item in your editor, then lint it.
///
/// Open the item file in $VISUAL, else $EDITOR, else vi (the value may hold arguments, as
/// with git: it runs through `sh -c`). When the editor exits, the item is linted and the
/// findings shown; exit 1 when it has errors. A file left unparseable is kept as written.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The item, such as MS-12 (letter case ignored).
    id: String,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let location = ctx.location()?;
    let index = load::index(&location)?;
    let (id, path) = store::resolve::item(&location, &index, &args.id)?;
    let display = location.display(&path);
    let before = std::fs::read(&path).with_context(|| format!("cannot read {display}"))?;
    let editor = editor();
    // As git runs it: the command string may carry arguments; the file is "$1".
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg(&editor)
        .arg(&path)
        .status()
        .with_context(|| format!("cannot run the editor `{}`", sanitize::line(&editor)))?;
    if !status.success() {
        bail!(
            "the editor `{}` failed ({status}); {display} is as the editor left it",
            sanitize::line(&editor)
        );
    }
    let Ok(after) = std::fs::read(&path) else {
        bail!("{display} is gone after editing; nothing else was changed");
    };
    let backlog = Backlog::load(location)?;
    let item = backlog.items.iter().find(|i| i.path == display);
    let diagnostics: Vec<_> = lint::run(&backlog)
        .into_iter()
        .filter(|d| d.path == display)
        .collect();
    let view = EditedView {
        id,
        path: display.clone(),
        changed: before != after,
        unparseable: !item.is_some_and(|i| i.is_readable()),
        diagnostics,
    };
    let source = item.and_then(|i| i.source.as_ref());
    let lint_view = LintView {
        diagnostics: view.diagnostics.clone(),
        items: 1,
    };
    let text = render::lint::human(&lint_view, |p| source.filter(|_| p == display));
    render::print(ctx.color, &text)?;
    render::note(ctx.color, &render::lifecycle::edited(&view));
    let errors = view
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    Ok(if errors || view.unparseable {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// The editor the user chose: $VISUAL, then $EDITOR, then vi (GIT_EDITOR is git's own).
fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned())
}
