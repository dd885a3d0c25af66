//! `backlog board`: the backlog as one self-contained HTML page (no network, works from
//! `file://` and on GitHub Pages).

use super::{Context, Outcome};
use crate::{board, render, write};
use anyhow::{Context as _, Result, bail};
use std::path::{Path, PathBuf};

/// Write the backlog as one self-contained HTML page.
///
/// Write the backlog as one static HTML page: the ranked list, columns by state, the
/// untriaged inbox, readiness badges (as `lint` judges), the top-N Ready gauge, filters, and
/// for each item its body, criteria and priority history from git, with charts. CSS and
/// script are inline; the page loads nothing from the network.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the page to FILE, or to DIR/index.html when DIR is a directory (or ends in `/`).
    /// Without it the page goes to stdout.
    #[arg(long, value_name = "FILE|DIR")]
    out: Option<PathBuf>,
    /// Highlight what moved since REV (a branch, tag or commit), as `backlog diff` does.
    #[arg(long, value_name = "REV")]
    since: Option<String>,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let target = args
        .out
        .as_deref()
        .map(|out| target(&ctx.cwd, out))
        .transpose()?;
    let location = ctx.location()?;
    let collected = board::collect(&location, args.since.as_deref())?;
    let page = board::page(&collected.view, &board::html::random_hex(16));
    let Some((target, shown)) = target else {
        render::print_bytes(page.as_bytes())?;
        return Ok(Outcome::Clean);
    };
    write::overwrite(&target, page.as_bytes())
        .with_context(|| format!("cannot write {}", target.display()))?;
    // A page to publish: readable by a web server, not only by its owner.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let _ = std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644));
    }
    render::print(
        ctx.color,
        &format!(
            "wrote {shown} ({} items, {} KiB)\n",
            collected.view.items.len(),
            page.len().div_ceil(1024)
        ),
    )?;
    Ok(Outcome::Clean)
}

/// The file `--out` names, and how to show it: DIR/index.html for a directory, else the file
/// itself, whose directory must exist. Checked before any work so a bad path fails at once.
fn target(cwd: &Path, out: &Path) -> Result<(PathBuf, String)> {
    let abs = cwd.join(out);
    let as_dir = abs.is_dir() || out.to_string_lossy().ends_with('/');
    let (file, shown) = if as_dir {
        if !abs.is_dir() {
            write::create_dir(&abs).with_context(|| format!("cannot create {}", out.display()))?;
        }
        (abs.join("index.html"), out.join("index.html"))
    } else {
        (abs, out.to_owned())
    };
    let Some(dir) = file.parent().filter(|d| d.is_dir()) else {
        bail!(
            "{}: its directory does not exist; nothing was written",
            out.display()
        );
    };
    if std::fs::metadata(dir).is_ok_and(|m| m.permissions().readonly()) {
        bail!(
            "{}: its directory is read-only; nothing was written",
            out.display()
        );
    }
    Ok((
        file,
        crate::sanitize::line(&shown.to_string_lossy()).into_owned(),
    ))
}
