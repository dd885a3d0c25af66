//! `backlog diff [REV..REV]`: picks the two sides from the range (the `diff` noun builds and
//! compares them) and hands the comparison to `render::diff`.

use super::{Context, DiffFormat, Outcome};
use crate::diff;
use crate::render::{self, diff::DiffView};
use anyhow::Result;

/// The priority diff between two revisions (or the work tree).
///
/// The priority diff between two revisions. Default: from the merge-base of HEAD and its
/// upstream (else origin/HEAD, else main or master) to the work tree, uncommitted edits
/// included. `REV` alone compares REV with the work tree.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// `BASE..HEAD`, `BASE...HEAD` (from their merge-base, as git reads it), or `BASE` to
    /// compare with the work tree.
    range: Option<String>,
    /// `text` for people, `markdown` for a pull-request comment or job summary, `json` for
    /// scripts (the contract in README).
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Exit 1 when there are changes (like `git diff --exit-code`).
    #[arg(long)]
    exit_code: bool,
    /// Also append the Markdown table to FILE. Default: $GITHUB_STEP_SUMMARY when it is set.
    #[arg(long, value_name = "FILE")]
    summary: Option<std::path::PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let repo = ctx.repo()?;
    let (git, root) = (&repo.git, repo.backlog_dir());
    let at = |rev: &str| diff::side_at(git, &git.resolve(rev)?, rev, &root);
    let (base, new) = match args.range.as_deref() {
        // `A...B` as git reads it: from the merge-base of A and B to B.
        Some(range) if range.contains("...") => {
            let (a, b) = range.split_once("...").unwrap_or((range, ""));
            let a = if a.is_empty() { "HEAD" } else { a };
            let b = if b.is_empty() { "HEAD" } else { b };
            let base = git.merge_base(&git.resolve(a)?, &git.resolve(b)?)?;
            let label = format!("{a} (merge-base {})", diff::short(&base));
            (diff::side_at(git, &base, &label, &root)?, at(b)?)
        }
        Some(range) if range.contains("..") => {
            let (a, b) = range.split_once("..").unwrap_or((range, ""));
            let b = if b.is_empty() { "HEAD" } else { b };
            let a = if a.is_empty() { "HEAD" } else { a };
            (at(a)?, at(b)?)
        }
        Some(rev) => (at(rev)?, diff::work_tree(&repo.location)?),
        None => {
            if repo.head.is_none() {
                render::note(ctx.color, render::diff::NO_COMMITS);
            }
            let base = diff::default_base(git, repo.head.as_deref(), &root)?;
            (base, diff::work_tree(&repo.location)?)
        }
    };
    let view = DiffView {
        changes: diff::compare(&base, &new),
        from: base.label,
        to: new.label,
    };
    let out = match args.format {
        DiffFormat::Json => render::diff::json(&view),
        DiffFormat::Text => render::diff::text(&view),
        DiffFormat::Markdown => render::diff::markdown(&view),
    };
    render::print(ctx.color, &out)?;
    if let Some(target) = render::summary::target(args.summary.as_deref()) {
        render::summary::append(&target, &render::diff::markdown(&view))?;
    }
    Ok(if args.exit_code && !view.changes.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
