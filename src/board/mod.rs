//! The board: the backlog as one self-contained HTML page (`backlog board`, and live under
//! `backlog serve`). The verbs gather a [`BoardView`] (`gather`: the same data `list`, `show`,
//! `lint` and `history --format json` give), and `page` turns it into the page: the view is
//! embedded as JSON in a `<script type="application/json">` block and drawn by small inline
//! JavaScript (list, columns, inbox, filters, item panel, rank chart); the moves-per-week chart
//! is SVG drawn here. `collect` is the one part that reads (the backlog, lint, git history);
//! nothing here writes or prints.

pub mod charts;
pub mod collect;
pub mod gather;
pub mod html;
pub mod page;

use serde::Serialize;

pub use collect::{Collected, collect};
pub use gather::{Inputs, gather};
pub use page::page;

/// Everything the page shows.
#[derive(Debug, Clone, Serialize)]
pub struct BoardView {
    pub version: u32,
    /// The backlog directory as the user names it.
    pub name: String,
    /// The states backlog.toml defines, in its order (the columns).
    pub states: Vec<String>,
    pub kinds: Vec<String>,
    pub gauge: Gauge,
    /// Ranked items by rank, then untriaged ones (the inbox), as `list` orders them.
    pub items: Vec<Card>,
    /// Ranking moves per week across the backlog, oldest first.
    pub weeks: Vec<Week>,
    /// False when the backlog is not in git (or has no commits): no timelines then.
    pub history: bool,
    /// What moved since `--since REV`.
    pub since: Option<Since>,
    /// Bodies (and their criteria) left out of the page to keep it small (`show ID` has
    /// them).
    pub bodies_left_out: usize,
    /// Set by `serve`: what the page needs to write.
    pub live: Option<Live>,
}

/// "4 of the top 5 are Ready".
#[derive(Debug, Clone, Serialize)]
pub struct Gauge {
    pub ready: usize,
    /// Open ranked items counted (at most `top`).
    pub of: usize,
    pub top: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimate: Option<i64>,
    pub tags: Vec<String>,
    pub rank: Option<usize>,
    /// The reason on the item's ranking line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Ready by its kind's definition (as `list` says).
    pub ready: bool,
    /// Why Ready is required of it now, if it is (as `show` says).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<String>,
    /// Short labels of what it lacks (as `list` says).
    pub lacks: Vec<String>,
    /// What `lint` reports on this item's file and its ranking line.
    pub findings: Vec<Finding>,
    pub closed: bool,
    pub valid: bool,
    pub path: String,
    /// Its acceptance criteria, ticked and in all, as `show` counts them.
    pub criteria_ticked: usize,
    pub criteria_total: usize,
    /// The criteria themselves, left out with the body.
    pub criteria: Vec<Criterion>,
    /// The body as sanitised HTML; `None` when left out of the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Its changes of place, oldest first (as `history --format json`).
    pub events: Vec<Event>,
    /// How it moved since `--since REV`, such as `#5 → #2 (up 3)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Criterion {
    pub text: String,
    pub checked: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub commit: String,
    pub author: String,
    pub time: String,
    pub from: Option<usize>,
    pub to: Option<usize>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Week {
    /// The Monday starting the week, `YYYY-MM-DD`.
    pub start: String,
    pub moves: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Since {
    pub label: String,
    pub changes: Vec<crate::diff::Change>,
}

/// What the live page needs: the write token, the ranking version it shows, and what a
/// commit of the work tree's changes would contain.
#[derive(Debug, Clone, Serialize)]
pub struct Live {
    pub token: String,
    /// The version of ranking.txt the page shows; a move sends it back.
    pub ranking_version: String,
    /// ranking.txt's working-tree diff against HEAD, one `-`/`+` line each.
    pub diff: Vec<String>,
    /// The git command that would commit the changes made, or `None` when there are none.
    pub commit: Option<String>,
    /// `[policy] move_up_needs_reason`.
    pub reason_required_up: bool,
    /// A message to show once (such as why the last write was refused).
    pub notice: Option<String>,
}

#[cfg(test)]
mod tests;
