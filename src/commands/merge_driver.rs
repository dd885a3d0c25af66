//! `backlog merge-driver %O %A %B [%P]`: git's merge-driver contract for ranking.txt.
//!
//! git runs it with the ancestor's, our and their versions in temp files; the result goes to
//! %A. Exit 0 when the merge is clean, 1 when conflict markers were written. It never drops,
//! duplicates or resurrects an item silently: that is `merge`'s contract.

use super::{Context, Outcome};
use crate::{merge, render, text, write};
use anyhow::{Context as _, Result};
use std::path::PathBuf;

/// Merge three versions of ranking.txt (run by git).
///
/// Merge three versions of ranking.txt (git runs this; see `backlog init --merge-driver`).
/// Independent moves combine; the same item moved two ways becomes a conflict block.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The common ancestor's version (%O).
    base: PathBuf,
    /// Our version (%A); the result is written here.
    ours: PathBuf,
    /// Their version (%B).
    theirs: PathBuf,
    /// The path being merged, for messages (%P).
    name: Option<String>,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome> {
    let read = |path: &PathBuf| -> Result<(String, Vec<u8>)> {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        match text::decode(bytes.clone()) {
            Ok(source) => Ok((source.text, bytes)),
            Err((problem, _)) => anyhow::bail!(
                "{} is not a text ranking ({})",
                path.display(),
                problem.code()
            ),
        }
    };
    let (base, _) = read(&args.base)?;
    let (ours, ours_bytes) = read(&args.ours)?;
    let (theirs, _) = read(&args.theirs)?;
    let merged = merge::merge(&base, &ours, &theirs);
    if merged.text.as_bytes() != ours_bytes.as_slice() {
        write::replace(&args.ours, &ours_bytes, merged.text.as_bytes())?;
    }
    if merged.conflicts == 0 {
        return Ok(Outcome::Clean);
    }
    let name = args.name.as_deref().unwrap_or("ranking.txt");
    render::note(
        ctx.color,
        &render::setup::merge_conflicts(merged.conflicts, name),
    );
    Ok(Outcome::Findings)
}
