//! `backlog export FORMAT [TARGET]`: the whole backlog out again.

use super::{Context, Outcome};
use crate::exchange::export;
use crate::load::Backlog;
use crate::render;
use crate::store;
use anyhow::{Result, bail};
use std::path::PathBuf;

/// Write the whole backlog as JSON, CSV or a Backlog.md folder.
///
/// Write every item (in priority order, with every frontmatter key and its body) as `json` or
/// `csv` to stdout or a new FILE, or as a Backlog.md project in a new folder DIR
/// (`backlog-md DIR`: DIR/backlog/tasks, completed, archive/tasks and config.yml), which
/// `backlog import backlog-md` reads back unchanged. Never replaces a file. Items whose
/// frontmatter cannot be read are named on stderr and left out, and the exit code is 1.
#[derive(Debug, clap::Args)]
pub struct Args {
    format: Format,
    /// The file (json, csv; default: stdout) or the new folder (backlog-md) to write.
    target: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Json,
    Csv,
    BacklogMd,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let location = ctx.location()?;
    let backlog = Backlog::load(location)?;
    let (items, unreadable) = export::items(&backlog);
    let files: Vec<(String, String)> = match args.format {
        Format::BacklogMd => export::backlog_md(&backlog, &items),
        Format::Json | Format::Csv => {
            let text = match args.format {
                Format::Json => export::json(&backlog, &items),
                _ => render::csv::export(&items),
            };
            match &args.target {
                None => {
                    render::print_bytes(text.as_bytes())?;
                    Vec::new()
                }
                Some(file) => {
                    let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
                    let Some(name) = name else {
                        bail!("{} is not a file name", file.display());
                    };
                    vec![(name, text)]
                }
            }
        }
    };
    if !files.is_empty() {
        let dir = match (&args.format, &args.target) {
            (Format::BacklogMd, None) => bail!(
                "export backlog-md needs the folder to write: `backlog export backlog-md DIR`"
            ),
            (Format::BacklogMd, Some(dir)) => ctx.cwd.join(dir),
            (_, Some(file)) => ctx
                .cwd
                .join(file)
                .parent()
                .map(PathBuf::from)
                .unwrap_or_else(|| ctx.cwd.clone()),
            (_, None) => ctx.cwd.clone(),
        };
        store::create_tree(&dir, &files)?;
        render::note(
            ctx.color,
            &format!("wrote {} files to {}\n", files.len(), dir.display()),
        );
    }
    for path in &unreadable {
        render::note(
            ctx.color,
            &format!(
                "warning: {}: its frontmatter cannot be read, so it was not exported (run `backlog lint`)\n",
                crate::sanitize::line(path)
            ),
        );
    }
    Ok(if unreadable.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
