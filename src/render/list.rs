//! `list` for people (a table: rank, ID, kind, state, readiness, title), for scripts (JSON)
//! and spreadsheets (CSV), and the note about files that could not be read.

use serde::Serialize;

/// What `list` shows: items in priority order.
#[derive(Debug, Clone, Serialize)]
pub struct ListView {
    pub items: Vec<Row>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub state: String,
    pub rank: Option<usize>,
    pub ready: bool,
    pub path: String,
    /// The `owner` field; null when unset.
    pub owner: Option<String>,
    pub tags: Vec<String>,
    /// What the item lacks, in short labels; empty when Ready.
    pub missing: Vec<String>,
    /// False when the file has a syntax problem; `backlog lint` says which.
    pub valid: bool,
    /// For a debt item with its economics: weeks until fixing it pays for itself.
    pub break_even_weeks: Option<f64>,
    /// Done or dropped: readiness no longer applies.
    #[serde(skip)]
    pub closed: bool,
}

pub fn json(view: &ListView) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        #[serde(flatten)]
        view: &'a ListView,
    }
    super::json::document(&Doc { version: 1, view })
}

/// The table for people, fitted to `width` display columns when one is given (a terminal):
/// TITLE gives way first (to a few words), then READY, then TITLE again; on a very narrow
/// terminal both down to a lone `…`. Colours: the ID bold, readiness green or red, a closed
/// item's state dimmed; `render::print` strips them unless colour is on.
pub fn table(view: &ListView, width: Option<usize>) -> String {
    use super::fit::{Cell, Shrink};
    use anstyle::{AnsiColor, Style};
    let green = Style::new().fg_color(Some(AnsiColor::Green.into()));
    let red = Style::new().fg_color(Some(AnsiColor::Red.into()));
    let cells: Vec<Vec<Cell>> = view
        .items
        .iter()
        .map(|r| {
            let ready = if !r.valid {
                Cell::styled("invalid (see lint)", red.bold())
            } else if r.closed {
                Cell::plain("-")
            } else if r.ready {
                Cell::styled("ready", green)
            } else {
                Cell::styled(format!("no: {}", r.missing.join(", ")), red)
            };
            let state = if r.closed {
                Style::new().dimmed()
            } else {
                Style::new()
            };
            vec![
                Cell::plain(r.rank.map_or("-".into(), |n| n.to_string())),
                Cell::styled(r.id.clone(), Style::new().bold()),
                Cell::plain(r.kind.clone()),
                Cell::styled(r.state.clone(), state),
                ready,
                Cell::plain(r.title.clone()),
            ]
        })
        .collect();
    // TITLE gives way first, but only down to a readable few words; then READY down to
    // `no: …`; then TITLE down to its first letters; then, on a very narrow terminal, both
    // (headers too) down to `…`, so a line fits whenever RANK, ID, KIND and STATE do.
    let shrink = [
        Shrink::new(5, TITLE_SOFT_MIN),
        Shrink::new(4, READY_MIN),
        Shrink::new(5, TITLE_MIN),
        Shrink::new(5, 1),
        Shrink::new(4, 1),
    ];
    super::fit::fitted(
        &["RANK", "ID", "KIND", "STATE", "READY", "TITLE"],
        &cells,
        width,
        &shrink,
    )
}

/// The narrowest a title gets before READY gives way: a few words.
pub const TITLE_SOFT_MIN: usize = 20;
/// The narrowest a title gets before READY's last letters go: four letters and `…`.
pub const TITLE_MIN: usize = 5;
/// The narrowest READY gets before the title's last letters go: `no: …` or `ready`.
pub const READY_MIN: usize = 5;

/// RFC 4180 CSV with a header row: every field of the JSON, lists joined (tags by spaces,
/// missing labels by `; `), `ready` and `valid` as true/false, an untriaged rank empty.
pub fn csv(view: &ListView) -> String {
    let rows: Vec<Vec<String>> = view
        .items
        .iter()
        .map(|r| {
            vec![
                r.rank.map_or(String::new(), |n| n.to_string()),
                r.id.clone(),
                r.kind.clone(),
                r.state.clone(),
                r.ready.to_string(),
                r.owner.clone().unwrap_or_default(),
                r.tags.join(" "),
                r.title.clone(),
                r.path.clone(),
                r.missing.join("; "),
                r.valid.to_string(),
            ]
        })
        .collect();
    super::csv::render(
        &[
            "rank", "id", "kind", "state", "ready", "owner", "tags", "title", "path", "missing",
            "valid",
        ],
        &rows,
    )
}

/// The note for stderr when reading found problems; `None` when there were none.
pub fn problems_note(problems: usize) -> Option<String> {
    (problems > 0).then(|| {
        format!(
            "note: {problems} file problem(s) found while reading; run `backlog lint` for details\n"
        )
    })
}
