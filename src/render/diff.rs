//! The priority diff for people (text), for pull-request comments and job summaries
//! (Markdown: IDs and ranks in code spans, so they read, copy and grep as themselves) and for
//! scripts (JSON). All item text is escaped for its output.

use crate::diff::{Change, movement};
use crate::sanitize;
use serde::Serialize;

/// What `diff` shows: the two sides' labels and the changes from one to the other.
#[derive(Debug, Clone, Serialize)]
pub struct DiffView {
    /// The older side, such as `main (merge-base 1a2b3c4d)` or a revision.
    pub from: String,
    /// The newer side: a revision or `the work tree`.
    pub to: String,
    pub changes: Vec<Change>,
}

/// The note for stderr when the repository has no commits yet.
pub const NO_COMMITS: &str = "no commits yet: comparing an empty backlog with the work tree\n";

pub fn json(view: &DiffView) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        #[serde(flatten)]
        view: &'a DiffView,
    }
    super::json::document(&Doc { version: 1, view })
}

pub fn text(view: &DiffView) -> String {
    let mut out = format!(
        "priority changes from {} to {}:\n",
        sanitize::line(&view.from),
        sanitize::line(&view.to)
    );
    if view.changes.is_empty() {
        out.push_str("  none\n");
    }
    // Columns as wide as their widest cell, so IDs of any length line up.
    let width = |f: &dyn Fn(&Change) -> usize, least: usize| {
        view.changes.iter().map(f).max().unwrap_or(0).max(least)
    };
    let id_width = width(&|c| sanitize::line(&c.id).chars().count(), 8);
    let change_width = width(&|c| describe(c).chars().count(), 24);
    for c in &view.changes {
        out.push_str(&format!(
            "  {:<id_width$}  {:<change_width$}  {}{}\n",
            sanitize::line(&c.id),
            describe(c),
            sanitize::line(&c.title),
            c.reason
                .as_deref()
                .map_or(String::new(), |r| format!("  # {}", sanitize::line(r)))
        ));
    }
    out
}

/// A table fit for a pull-request comment or a job summary; all item text is escaped.
pub fn markdown(view: &DiffView) -> String {
    let mut out = format!(
        "### Priority changes\n\nFrom {} to {}.\n\n",
        sanitize::markdown(&view.from),
        sanitize::markdown(&view.to)
    );
    if view.changes.is_empty() {
        out.push_str("No priority changes.\n");
        return out;
    }
    out.push_str("| Item | Change | Title | Reason |\n| --- | --- | --- | --- |\n");
    for c in &view.changes {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            sanitize::markdown_code(&c.id, true),
            describe_markdown(c),
            sanitize::markdown(&c.title),
            c.reason
                .as_deref()
                .map_or(String::new(), sanitize::markdown),
        ));
    }
    out
}

/// The change for Markdown: ranks as code spans (`#3` → `#1` (up 2)), never issue links.
fn describe_markdown(c: &Change) -> String {
    let rank = |n: usize| format!("`#{n}`");
    match (c.change, c.from, c.to) {
        ("moved" | "ranked" | "unranked", Some(f), Some(t)) if f == t => {
            format!("{} (reason)", rank(t))
        }
        ("moved" | "ranked" | "unranked", Some(f), Some(t)) if t < f => {
            format!("{} → {} (up {})", rank(f), rank(t), f - t)
        }
        ("moved" | "ranked" | "unranked", Some(f), Some(t)) => {
            format!("{} → {} (down {})", rank(f), rank(t), t - f)
        }
        ("moved" | "ranked" | "unranked", None, Some(t)) => format!("untriaged → {}", rank(t)),
        ("moved" | "ranked" | "unranked", Some(f), None) => format!(
            "{} → {}",
            rank(f),
            c.left_as.as_deref().unwrap_or("unranked")
        ),
        ("added", _, Some(t)) => format!("added at {}", rank(t)),
        _ => sanitize::markdown(&describe(c)),
    }
}

fn describe(c: &Change) -> String {
    match (c.change, c.from, c.to) {
        ("unranked", Some(f), None) => {
            format!("#{f} → {}", c.left_as.as_deref().unwrap_or("unranked"))
        }
        ("added", _, Some(t)) => format!("added at #{t}"),
        ("renamed", from, to) => {
            let old = sanitize::line(c.renamed_from.as_deref().unwrap_or(""));
            match (from, to) {
                (Some(f), Some(t)) if f != t => {
                    format!("renamed from {old}, {}", movement(Some(f), Some(t)))
                }
                _ => format!("renamed from {old}"),
            }
        }
        _ => describe_kind(c),
    }
}

fn describe_kind(c: &Change) -> String {
    match c.change {
        "moved" | "ranked" | "unranked" => movement(c.from, c.to),
        "became_ready" => "became Ready".into(),
        "lost_ready" => "no longer Ready".into(),
        other => other.to_owned(),
    }
}
