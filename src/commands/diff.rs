//! `backlog diff [REV..REV]`: picks the two sides from the range (the `diff` noun builds and
//! compares them) and hands the comparison to `render::diff`.

use super::{Context, DiffFormat, Outcome};
use crate::diff::{self, Side, short};
use crate::render::{self, diff::DiffView};
use anyhow::Result;

/// The priority diff between two revisions (or the work tree).
///
/// The priority diff between two revisions. Default: from the merge-base of HEAD and its
/// upstream (else origin/HEAD, else main or master) to the work tree, uncommitted edits
/// included. `REV` alone compares REV with the work tree.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// `BASE..HEAD`, or `BASE` to compare with the work tree.
    range: Option<String>,
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
    let opened = ctx.repo()?;
    let rel_root = opened.backlog_dir();
    let super::Repo {
        location,
        git: repo,
        head,
        ..
    } = opened;
    let (base, new) = match args.range.as_deref() {
        Some(range) if range.contains("..") => {
            let (a, b) = range.split_once("..").unwrap_or((range, ""));
            let b = if b.is_empty() { "HEAD" } else { b };
            let a = if a.is_empty() { "HEAD" } else { a };
            (
                diff::side_at(&repo, &repo.resolve(a)?, a, &rel_root)?,
                diff::side_at(&repo, &repo.resolve(b)?, b, &rel_root)?,
            )
        }
        Some(rev) => (
            diff::side_at(&repo, &repo.resolve(rev)?, rev, &rel_root)?,
            diff::work_tree(&location)?,
        ),
        None => {
            if head.is_none() {
                render::note(
                    ctx.color,
                    "no commits yet: comparing an empty backlog with the work tree\n",
                );
            }
            let base = match repo.default_base()? {
                Some((commit, label)) => diff::side_at(
                    &repo,
                    &commit,
                    &format!("{label} (merge-base {})", short(&commit)),
                    &rel_root,
                )?,
                None => match &head {
                    Some(head) => diff::side_at(&repo, head, "HEAD", &rel_root)?,
                    None => Side::nothing(),
                },
            };
            (base, diff::work_tree(&location)?)
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
