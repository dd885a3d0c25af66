//! `history` and `blame` for people (aligned lines: date, commit, author, place, reason) and
//! for scripts (JSON), and the notes both print about shallow clones and empty histories.

use crate::diff::{movement, short};
use crate::history::Event;
use crate::sanitize;
use serde::Serialize;

/// What `history ID` shows: the item's changes of place, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    /// The item as the user named it.
    pub id: String,
    pub events: Vec<Event>,
    /// The commit where a shallow clone's history stops, or null.
    pub shallow_boundary: Option<String>,
}

/// What `blame` shows: the current ranking, each line with who last placed it.
#[derive(Debug, Clone, Serialize)]
pub struct BlameView {
    pub entries: Vec<BlameEntry>,
    pub shallow_boundary: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BlameEntry {
    pub id: String,
    pub rank: usize,
    /// Null when the line's current place is not committed yet.
    pub commit: Option<String>,
    pub author: Option<String>,
    pub email: Option<String>,
    pub time: Option<String>,
    pub reason: Option<String>,
    /// Where the reason came from: `line`, `trailer` or `subject` (the commit's subject, not a
    /// stated reason); null when there is none.
    pub reason_source: Option<String>,
    /// The event rests on git's diff or the tie-break (README, "How history decides").
    pub ambiguous: bool,
    /// The line differs from HEAD's, as in `git blame`'s "Not Committed Yet".
    #[serde(skip)]
    pub uncommitted: bool,
}

impl From<crate::history::Placement<'_>> for BlameEntry {
    fn from(p: crate::history::Placement<'_>) -> Self {
        let field = |f: fn(&crate::history::Event) -> &str| p.event.map(|e| f(e).to_owned());
        BlameEntry {
            commit: field(|e| &e.commit.commit),
            author: field(|e| &e.commit.author),
            email: field(|e| &e.commit.email),
            time: field(|e| &e.commit.time),
            reason_source: match (&p.reason, p.uncommitted) {
                (None, _) => None,
                (Some(_), true) => Some("line".to_owned()),
                (Some(_), false) => p.event.map(|e| e.reason_source.clone()),
            },
            ambiguous: p.event.is_some_and(|e| e.ambiguous),
            id: p.id,
            rank: p.rank,
            reason: p.reason,
            uncommitted: p.uncommitted,
        }
    }
}

/// Printed to stderr when the repository has no commits.
pub const NO_COMMITS: &str = "no commits yet: the ranking has no history\n";

/// Printed to stderr when the walk stopped at a shallow clone's boundary.
pub fn shallow_note(at: &str) -> String {
    format!(
        "note: this is a shallow clone; history stops at commit {}\nhint: `git fetch --unshallow` for the whole history\n",
        short(at)
    )
}

pub fn history_json(view: &HistoryView) -> String {
    super::json::document(&Versioned { version: 1, view })
}

pub fn history_text(view: &HistoryView) -> String {
    let mut out = String::new();
    if view.events.is_empty() {
        out.push_str(&format!(
            "{}: no priority changes\n",
            sanitize::line(&view.id)
        ));
    }
    for e in &view.events {
        let line = format!(
            "{}  {:<8}  {:<20}  {:<16}  {}{}",
            date(&e.commit.time),
            short(&e.commit.commit),
            sanitize::line(&e.commit.author),
            place(e),
            reason_text(e.reason.as_deref(), &e.reason_source),
            marks(e),
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `#3 → #2 (up 1)`, `untriaged → #4`, `#3 → done`, `MS-3 → MS-9 (renumbered)`.
pub fn place(e: &Event) -> String {
    match (&e.renamed_from, e.to, e.left_as.as_deref()) {
        (Some(old), _, _) if e.from == e.to => format!("renamed from {}", sanitize::line(old)),
        (_, None, Some(state)) => match e.from {
            Some(f) => format!("#{f} → {}", sanitize::line(state)),
            None => sanitize::line(state).to_string(),
        },
        _ => movement(e.from, e.to),
    }
}

/// A reason for text: a stated one as it is, one taken from the commit subject in
/// parentheses and marked (it is what the commit says, not a reason for the move).
pub fn reason_text(reason: Option<&str>, source: &str) -> String {
    match reason {
        Some(r) if source == "subject" => format!("(subject) {}", sanitize::line(r)),
        Some(r) => sanitize::line(r).to_string(),
        None => String::new(),
    }
}

/// `  (ambiguous: or MS-1 #3 → #2)` when only git's diff or the tie-break chose the reading.
pub fn marks(e: &Event) -> String {
    let Some(other) = e.other_reading.as_ref().filter(|_| e.ambiguous) else {
        return String::new();
    };
    let moves: Vec<String> = other
        .iter()
        .map(|m| format!("{} #{} → #{}", sanitize::line(&m.id), m.from, m.to))
        .collect();
    format!("  (ambiguous: or {})", moves.join(", "))
}

pub fn blame_json(view: &BlameView) -> String {
    super::json::document(&Versioned { version: 1, view })
}

pub fn blame_text(view: &BlameView) -> String {
    let mut out = String::new();
    for e in &view.entries {
        let who = match (&e.commit, &e.author, &e.time) {
            (Some(c), Some(a), Some(t)) => {
                format!("{}  {:<8}  {:<20}", date(t), short(c), sanitize::line(a))
            }
            _ if e.uncommitted => {
                format!("{:<10}  {:<8}  {:<20}", "-", "-", "not committed yet")
            }
            // Placed before a shallow clone's boundary.
            _ => format!("{:<10}  {:<8}  {:<20}", "-", "-", "(before history)"),
        };
        let line = format!(
            "{:>4}  {:<8}  {who}  {}{}",
            e.rank,
            sanitize::line(&e.id),
            reason_text(
                e.reason.as_deref(),
                e.reason_source.as_deref().unwrap_or("")
            ),
            if e.ambiguous { "  (ambiguous)" } else { "" }
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A view with `"version": 1` in front of its fields.
#[derive(Serialize)]
struct Versioned<'a, T> {
    version: u32,
    #[serde(flatten)]
    view: &'a T,
}

fn date(time: &str) -> &str {
    &time[..time.len().min(10)]
}
