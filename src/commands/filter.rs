//! The item filters `list` and `search` share (`--state`, `--kind`, `--owner`, `--tag`,
//! `--ready`/`--not-ready`, `--ranked`/`--untriaged`, `--all`, `--limit`): flags and the
//! selection they make, in priority order. Not a verb: the flags of two verbs.

use crate::load::{Backlog, Item};
use crate::ready;
use crate::render::list::Row;
use anyhow::{Result, bail};

/// Filters combine: an item is shown when it passes every one given.
#[derive(Debug, Clone, clap::Args)]
pub struct Filters {
    /// Only items in this state (a closed state such as `done` shows closed items without --all).
    #[arg(long, value_name = "STATE")]
    pub state: Option<String>,
    /// Only items of this kind.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Only items whose owner is WHO, ignoring case; `me` is the author git would record
    /// (user.name or user.email).
    #[arg(long, value_name = "WHO")]
    pub owner: Option<String>,
    /// Only items carrying this tag, ignoring case; repeat to require several.
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
    /// Only items that meet their kind's Definition of Ready.
    #[arg(long, conflicts_with = "not_ready")]
    pub ready: bool,
    /// Only items that do not (yet) meet it, unreadable ones included.
    #[arg(long)]
    pub not_ready: bool,
    /// Only items in ranking.txt.
    #[arg(long, conflicts_with = "untriaged")]
    pub ranked: bool,
    /// Only items not in ranking.txt.
    #[arg(long)]
    pub untriaged: bool,
    /// Include closed items (the states in backlog.toml's `closed`, by default done and
    /// dropped), which are hidden otherwise.
    #[arg(long)]
    pub all: bool,
    /// Show at most N items.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// An item that passed the filters and its row for output.
pub struct Selected<'a> {
    pub item: &'a Item,
    pub row: Row,
}

impl Filters {
    /// Every item that passes the filters, in priority order; `--limit` is left to the verb,
    /// which knows what it counts. Closed items pass too when `closed_too` is set (`search`
    /// uses that to count what `--all` would add).
    pub fn select<'a>(&self, backlog: &'a Backlog, closed_too: bool) -> Result<Vec<Selected<'a>>> {
        let config = &backlog.config;
        for (flag, value, known) in [
            (
                "--state",
                &self.state,
                config.states.iter().collect::<Vec<_>>(),
            ),
            ("--kind", &self.kind, config.kinds.keys().collect()),
        ] {
            if let Some(v) = value
                && !known.contains(&v)
            {
                let names: Vec<&str> = known.iter().map(|s| s.as_str()).collect();
                bail!(
                    "{flag} `{}` is not defined in backlog.toml; use one of: {}",
                    crate::sanitize::line(v),
                    names.join(", ")
                );
            }
        }
        let owners = self.owners(backlog)?;
        let show_closed = closed_too || self.shows_closed(backlog);
        let tags: Vec<String> = self.tag.iter().map(|t| t.to_lowercase()).collect();
        let selected = backlog
            .in_priority_order()
            .into_iter()
            .filter(|i| self.state.as_ref().is_none_or(|s| i.state() == s))
            .filter(|i| self.kind.as_ref().is_none_or(|k| i.kind() == k))
            .filter(|i| show_closed || !config.is_closed(i.state()))
            .filter(|i| owners.as_ref().is_none_or(|o| owned_by(i, o)))
            .filter(|i| tags.iter().all(|t| has_tag(i, t)))
            .filter(|i| !self.ranked || backlog.rank(&i.id).is_some())
            .filter(|i| !self.untriaged || backlog.rank(&i.id).is_none())
            .map(|item| Selected {
                item,
                row: row(backlog, item),
            })
            .filter(|s| !self.ready || s.row.ready)
            .filter(|s| !self.not_ready || !s.row.ready)
            .collect();
        Ok(selected)
    }

    /// Closed items are shown: `--all`, or `--state` naming a closed state.
    pub fn shows_closed(&self, backlog: &Backlog) -> bool {
        self.all || (self.state.as_ref()).is_some_and(|s| backlog.config.is_closed(s))
    }

    /// The names `--owner` accepts, lowercased: WHO, or for `me` git's name and email.
    fn owners(&self, backlog: &Backlog) -> Result<Option<Vec<String>>> {
        let Some(who) = &self.owner else {
            return Ok(None);
        };
        if !who.eq_ignore_ascii_case("me") {
            return Ok(Some(vec![who.trim().to_lowercase()]));
        }
        let identity = match crate::git::Repo::discover(&backlog.location.root)? {
            Some(repo) => repo.identity(),
            None => crate::git::Identity {
                name: None,
                email: None,
            },
        };
        let names: Vec<String> = [identity.name, identity.email]
            .into_iter()
            .flatten()
            .map(|n| n.to_lowercase())
            .collect();
        if names.is_empty() {
            bail!(
                "--owner me: git has no identity here (user.name, user.email)\nhint: `git config user.email you@example.com`, or name the owner"
            );
        }
        Ok(Some(names))
    }
}

/// The owner field is one of `names` (ignoring case), or `Name <email>` with one of them.
fn owned_by(item: &Item, names: &[String]) -> bool {
    let Some(owner) = &item.parsed.fields.owner else {
        return false;
    };
    let owner = owner.value.trim().to_lowercase();
    names.iter().any(|n| {
        owner == *n
            || owner.contains(&format!("<{n}>"))
            || owner
                .split_once('<')
                .is_some_and(|(name, _)| name.trim() == n)
    })
}

fn has_tag(item: &Item, tag: &str) -> bool {
    item.parsed
        .fields
        .tags
        .iter()
        .any(|t| t.value.to_lowercase() == tag)
}

/// The row `list` prints for an item.
pub fn row(backlog: &Backlog, item: &Item) -> Row {
    let config = &backlog.config;
    let valid = item.is_readable();
    let mut missing: Vec<String> = ready::gaps(item, config)
        .into_iter()
        .map(|g| g.label)
        .collect();
    if valid && !config.kinds.contains_key(item.kind()) {
        missing.insert(0, "kind".into());
    }
    let fields = &item.parsed.fields;
    Row {
        id: item.id.clone(),
        title: item.title().to_owned(),
        kind: item.kind().to_owned(),
        state: item.state().to_owned(),
        rank: backlog.rank(&item.id),
        ready: valid && missing.is_empty(),
        path: item.path.clone(),
        owner: fields.owner.as_ref().map(|o| o.value.clone()),
        tags: fields.tags.iter().map(|t| t.value.clone()).collect(),
        missing,
        valid,
        break_even_weeks: crate::economics::break_even_weeks(item, &config.economics)
            .filter(|w| w.is_finite()),
        closed: config.is_closed(item.state()),
    }
}
