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

pub fn table(view: &ListView) -> String {
    let cells: Vec<Vec<String>> = view
        .items
        .iter()
        .map(|r| {
            vec![
                r.rank.map_or("-".into(), |n| n.to_string()),
                r.id.clone(),
                r.kind.clone(),
                r.state.clone(),
                if !r.valid {
                    "invalid (see lint)".into()
                } else if r.closed {
                    "-".into()
                } else if r.ready {
                    "ready".into()
                } else {
                    format!("no: {}", r.missing.join(", "))
                },
                r.title.clone(),
            ]
        })
        .collect();
    super::table::render(&["RANK", "ID", "KIND", "STATE", "READY", "TITLE"], &cells)
}

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
