//! `backlog diff [REV..REV]`: the priority diff between two versions of the backlog: what moved
//! and by how much, what was ranked or unranked, added or removed, and which items became or
//! stopped being Ready (each side judged by its own backlog.toml).

use super::history::{movement, short};
use super::{Context, DiffFormat, Outcome};
use crate::config::Config;
use crate::history::{self, Snapshot};
use crate::load::{Backlog, Item, Location};
use crate::{item, ready, render, sanitize, text};
use anyhow::Result;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

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

/// One side of the diff: the ranking and each item's readiness.
pub struct Side {
    pub label: String,
    pub ranking: Snapshot,
    /// Lowercased ID → the item's ID as written, title and readiness.
    pub items: HashMap<String, SideItem>,
}

#[derive(Clone)]
pub struct SideItem {
    pub id: String,
    pub title: String,
    pub ready: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub id: String,
    /// moved, ranked, unranked, became_ready, lost_ready, added, removed.
    pub change: &'static str,
    pub from: Option<usize>,
    pub to: Option<usize>,
    pub title: String,
    /// The text after `#` on the item's line on the newer side, if any.
    pub reason: Option<String>,
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
                side_at(&repo, &repo.resolve(a)?, a, &rel_root)?,
                side_at(&repo, &repo.resolve(b)?, b, &rel_root)?,
            )
        }
        Some(rev) => (
            side_at(&repo, &repo.resolve(rev)?, rev, &rel_root)?,
            work_tree(&location)?,
        ),
        None => {
            if head.is_none() {
                render::note(
                    ctx.color,
                    "no commits yet: comparing an empty backlog with the work tree\n",
                );
            }
            let base = match repo.default_base()? {
                Some((commit, label)) => side_at(
                    &repo,
                    &commit,
                    &format!("{label} (merge-base {})", short(&commit)),
                    &rel_root,
                )?,
                None => match &head {
                    Some(head) => side_at(&repo, head, "HEAD", &rel_root)?,
                    None => Side {
                        label: "nothing".into(),
                        ranking: Snapshot::default(),
                        items: HashMap::new(),
                    },
                },
            };
            (base, work_tree(&location)?)
        }
    };
    let changes = compare(&base, &new);
    let out = match args.format {
        DiffFormat::Json => {
            #[derive(Serialize)]
            struct Doc<'a> {
                version: u32,
                from: &'a str,
                to: &'a str,
                changes: &'a [Change],
            }
            render::json::document(&Doc {
                version: 1,
                from: &base.label,
                to: &new.label,
                changes: &changes,
            })
        }
        DiffFormat::Text => text(&base, &new, &changes),
        DiffFormat::Markdown => markdown(&base, &new, &changes),
    };
    render::print(ctx.color, &out)?;
    if let Some(target) = render::summary::target(args.summary.as_deref()) {
        render::summary::append(&target, &markdown(&base, &new, &changes))?;
    }
    Ok(if args.exit_code && !changes.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// The priority diff from REV to the work tree as Markdown, for `lint --since`'s summary.
/// Takes the backlog `lint` already loaded rather than reading the work tree again.
pub fn summary_since(ctx: &Context, backlog: &Backlog, rev: &str) -> Result<String> {
    let repo = ctx.repo()?;
    let base = side_at(&repo.git, &repo.git.resolve(rev)?, rev, &repo.backlog_dir())?;
    let new = side_of(backlog);
    Ok(markdown(&base, &new, &compare(&base, &new)))
}

/// The backlog as the work tree has it, uncommitted edits included.
pub fn work_tree(location: &Location) -> Result<Side> {
    Ok(side_of(&Backlog::load(location.clone())?))
}

/// A loaded backlog as one side of the diff. Its ranking was read by the checked reader, so a
/// symlinked ranking.txt is never followed.
fn side_of(backlog: &Backlog) -> Side {
    let ranking = backlog
        .ranking
        .as_ref()
        .map(|r| Snapshot::parse(&r.source.text))
        .unwrap_or_default();
    let items = backlog
        .items
        .iter()
        .map(|i| {
            (
                i.id.to_ascii_lowercase(),
                SideItem {
                    id: i.id.clone(),
                    title: i.title().to_owned(),
                    ready: ready::is_ready(i, &backlog.config),
                },
            )
        })
        .collect();
    Side {
        label: "the work tree".into(),
        ranking,
        items,
    }
}

/// The backlog as `commit` has it, read from git objects (the work tree is not touched).
pub fn side_at(repo: &crate::git::Repo, commit: &str, label: &str, root: &str) -> Result<Side> {
    let join = |name: &str| {
        if root.is_empty() {
            name.to_owned()
        } else {
            format!("{root}/{name}")
        }
    };
    let config = repo
        .file_at(commit, &join(crate::load::CONFIG_FILE))?
        .map(|t| Config::parse(&text::Source::new(t), "backlog.toml", &mut Vec::new()))
        .unwrap_or_default();
    let ranking = repo
        .file_at(commit, &join(crate::load::RANKING_FILE))?
        .map(|t| Snapshot::parse(&t))
        .unwrap_or_default();
    let mut items = HashMap::new();
    for (name, blob) in repo.files_at(commit, &join(crate::load::ITEMS_DIR))? {
        let Some(id) = crate::id::id_from_file_name(&name) else {
            continue;
        };
        let source = text::Source::new(repo.blob_text(&blob).unwrap_or_default());
        let parsed = item::parse(&source, &name, &mut Vec::new());
        let it = Item {
            id: id.to_owned(),
            path: name.clone(),
            abs: Default::default(),
            source: Some(source),
            parsed,
        };
        items.insert(
            id.to_ascii_lowercase(),
            SideItem {
                id: id.to_owned(),
                title: it.title().to_owned(),
                ready: ready::is_ready(&it, &config),
            },
        );
    }
    let label = if label.len() == 40 {
        short(label).to_owned()
    } else {
        label.to_owned()
    };
    Ok(Side {
        label,
        ranking,
        items,
    })
}

/// Every change from `base` to `new`, ranked changes first by their new rank.
pub fn compare(base: &Side, new: &Side) -> Vec<Change> {
    let mut out = Vec::new();
    let title = |key: &str| {
        new.items
            .get(key)
            .or_else(|| base.items.get(key))
            .map_or(String::new(), |i| i.title.clone())
    };
    for c in history::changes(&base.ranking, &new.ranking) {
        // A reason edited in place is not a priority change, and neither is a line that left
        // the common order but kept its rank number: reviewers read ranks.
        if !c.moved || c.from == c.to {
            continue;
        }
        let change = match (c.from, c.to) {
            (None, Some(_)) => "ranked",
            (Some(_), None) => "unranked",
            _ => "moved",
        };
        out.push(Change {
            title: title(&c.key),
            reason: new.ranking.reason(&c.key).map(str::to_owned),
            id: c.id,
            change,
            from: c.from,
            to: c.to,
        });
    }
    out.sort_by_key(|c| (c.to.unwrap_or(usize::MAX), c.from.unwrap_or(usize::MAX)));
    let keys: BTreeMap<&String, ()> = base
        .items
        .keys()
        .chain(new.items.keys())
        .map(|k| (k, ()))
        .collect();
    let mut items = Vec::new();
    for key in keys.keys() {
        let (change, item) = match (base.items.get(*key), new.items.get(*key)) {
            (None, Some(n)) => ("added", n),
            (Some(b), None) => ("removed", b),
            (Some(b), Some(n)) if !b.ready && n.ready => ("became_ready", n),
            (Some(b), Some(n)) if b.ready && !n.ready => ("lost_ready", n),
            _ => continue,
        };
        items.push(Change {
            id: item.id.clone(),
            change,
            from: base.ranking.rank(key),
            to: new.ranking.rank(key),
            title: item.title.clone(),
            reason: None,
        });
    }
    items.sort_by_key(|c| {
        (
            crate::id::id_number(&c.id).unwrap_or(u64::MAX),
            c.id.clone(),
        )
    });
    out.extend(items);
    out
}

fn describe(c: &Change) -> String {
    match c.change {
        "moved" | "ranked" | "unranked" => movement(c.from, c.to),
        "became_ready" => "became Ready".into(),
        "lost_ready" => "no longer Ready".into(),
        other => other.to_owned(),
    }
}

fn text(base: &Side, new: &Side, changes: &[Change]) -> String {
    let mut out = format!(
        "priority changes from {} to {}:\n",
        sanitize::line(&base.label),
        sanitize::line(&new.label)
    );
    if changes.is_empty() {
        out.push_str("  none\n");
    }
    for c in changes {
        out.push_str(&format!(
            "  {:<8}  {:<24}  {}{}\n",
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
pub fn markdown(base: &Side, new: &Side, changes: &[Change]) -> String {
    let mut out = format!(
        "### Priority changes\n\nFrom {} to {}.\n\n",
        sanitize::markdown(&base.label),
        sanitize::markdown(&new.label)
    );
    if changes.is_empty() {
        out.push_str("No priority changes.\n");
        return out;
    }
    out.push_str("| Item | Change | Title | Reason |\n| --- | --- | --- | --- |\n");
    for c in changes {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            sanitize::markdown(&c.id),
            sanitize::markdown(&describe(c)),
            sanitize::markdown(&c.title),
            c.reason
                .as_deref()
                .map_or(String::new(), sanitize::markdown),
        ));
    }
    out
}
