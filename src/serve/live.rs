//! The live board: the same view `backlog board` draws, plus what the page needs to write
//! (token, the ranking version it shows) and what a commit would contain (ranking.txt's diff
//! against HEAD and the git command). Read afresh for every request, so the page always
//! shows the files as they are.

use crate::board::{self, Collected, Live};
use crate::load::Location;
use crate::order;
use crate::store;
use anyhow::Result;
use std::collections::BTreeSet;

/// The live view of the backlog at `location`. `edited` lists the item files this server
/// changed (display paths), for the commit command.
pub fn view(
    location: &Location,
    token: &str,
    edited: &BTreeSet<String>,
    notice: Option<String>,
) -> Result<board::BoardView> {
    let Collected {
        mut view,
        ranking_text,
        git,
    } = board::collect(location, None)?;
    let head_text = git
        .as_ref()
        .and_then(|g| Some((g, g.head.as_ref()?)))
        .and_then(|(g, head)| g.repo.file_at(head, &g.ranking).ok().flatten())
        .unwrap_or_default();
    let diff = line_diff(&head_text, &ranking_text);
    let mut paths: Vec<String> = Vec::new();
    if !diff.is_empty() {
        paths.push(location.display(&location.ranking_path()));
    }
    paths.extend(edited.iter().cloned());
    let commit = (!paths.is_empty()).then(|| {
        let quoted: Vec<String> = paths.iter().map(|p| shell_word(p)).collect();
        format!(
            "git commit -m \"Re-rank the backlog\" -- {}",
            quoted.join(" ")
        )
    });
    view.live = Some(Live {
        token: token.to_owned(),
        ranking_version: store::version(&ranking_text),
        diff,
        commit,
        reason_required_up: crate::store::read::config(location, &mut Vec::new())
            .is_some_and(|c| c.policy.move_up_needs_reason),
        notice,
    });
    Ok(view)
}

/// The lines of `new` that are not in `old` (`+`) and those of `old` not in `new` (`-`), by
/// the longest common subsequence `order` computes: what `git diff` of ranking.txt shows,
/// without context lines.
pub fn line_diff(old: &str, new: &str) -> Vec<String> {
    if old == new {
        return Vec::new();
    }
    // Repeated lines (blank ones, comments) are told apart by their occurrence.
    let keyed = |text: &'_ str| -> Vec<(String, usize)> {
        let mut seen = std::collections::HashMap::new();
        text.lines()
            .map(|l| {
                let n = seen.entry(l).or_insert(0usize);
                *n += 1;
                (l.to_owned(), *n)
            })
            .collect()
    };
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let (old_keys, new_keys) = (keyed(old), keyed(new));
    let kept_new = order::kept(&old_keys, &new_keys);
    let kept_old = order::kept(&new_keys, &old_keys);
    let mut out: Vec<String> = old_lines
        .iter()
        .zip(&kept_old)
        .enumerate()
        .filter(|(_, (_, k))| !**k)
        .map(|(i, (l, _))| format!("-{:>5}  {l}", i + 1))
        .collect();
    out.extend(
        new_lines
            .iter()
            .zip(&kept_new)
            .enumerate()
            .filter(|(_, (_, k))| !**k)
            .map(|(i, (l, _))| format!("+{:>5}  {l}", i + 1)),
    );
    out
}

/// A path as one shell word.
fn shell_word(word: &str) -> String {
    if word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}
