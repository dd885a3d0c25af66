//! `search` for people (each item's heading, then `path:line: text` per matching line, as
//! grep prints them) and for scripts (JSON). Item text is sanitised for its output.

use crate::sanitize;
use serde::Serialize;

/// What `search` found: matching items in priority order.
#[derive(Debug, Clone, Serialize)]
pub struct SearchView {
    pub items: Vec<Hit>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub state: String,
    pub rank: Option<usize>,
    pub path: String,
    /// The matching lines, in file order.
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// 1-based line number in the file.
    pub line: usize,
    /// `title` (the frontmatter line of the title) or `body`.
    pub field: &'static str,
    pub text: String,
}

/// A matching line longer than this many characters is cut in text output (JSON has it all).
const SHOWN: usize = 200;

pub fn text(view: &SearchView) -> String {
    let mut out = String::new();
    for (n, hit) in view.items.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{}  {}  {}\n",
            hit.rank.map_or("untriaged".into(), |r| format!("#{r}")),
            sanitize::line(&hit.id),
            sanitize::line(&hit.title)
        ));
        for line in &hit.lines {
            let mut shown: String = line.text.trim().chars().take(SHOWN).collect();
            if shown.len() < line.text.trim().len() {
                shown.push('…');
            }
            out.push_str(&format!(
                "{}:{}: {}\n",
                sanitize::line(&hit.path),
                line.line,
                sanitize::line(&shown)
            ));
        }
    }
    out
}

pub fn json(view: &SearchView) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        #[serde(flatten)]
        view: &'a SearchView,
    }
    super::json::document(&Doc { version: 1, view })
}

/// The note for stderr when closed items matched but were not shown.
pub fn hidden_note(count: usize) -> String {
    format!(
        "note: {} in done or dropped states also matched; --all shows them\n",
        super::plural(count, "item")
    )
}
