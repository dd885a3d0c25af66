//! What `set`, `start`, `done`, `drop` and `edit` report: the values that changed, the state
//! transition, the ranking line taken out, and on stderr what the new state finds missing.

use crate::diagnostic::Diagnostic;
use crate::sanitize;
use crate::store::{Changed, Unticked};

/// The change, for stdout: one line for the item, one per changed key.
pub fn changed(v: &Changed) -> String {
    let id = &v.id;
    if v.fields.is_empty() {
        return format!("{id}: nothing to change\n");
    }
    let mut out = format!("{id}: {}\n", sanitize::line(&v.path));
    let width = v
        .fields
        .iter()
        .map(|f| f.key.chars().count())
        .chain(v.unranked.map(|_| "ranking".len()))
        .max()
        .unwrap_or(0);
    for f in &v.fields {
        let shown = |x: &Option<String>| {
            x.as_deref()
                .map_or("(none)".to_owned(), |t| sanitize::line(t).into_owned())
        };
        let mut line = format!(
            "  {:width$}  {} → {}",
            sanitize::line(&f.key),
            shown(&f.from),
            shown(&f.to)
        );
        if let Some(t) = v.transition.as_ref().filter(|_| f.key == "state") {
            if t.back {
                line.push_str(" (back)");
            } else if !t.skipped.is_empty() {
                line.push_str(&format!(" (past {})", t.skipped.join(", ")));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if let Some(rank) = v.unranked {
        out.push_str(&format!(
            "  {:width$}  #{rank} → untriaged (closed items leave the ranking: unrank_closed)\n",
            "ranking"
        ));
    }
    out
}

/// The warnings for stderr: what the new state's requirements find missing.
pub fn warnings(v: &Changed) -> String {
    let id = &v.id;
    let mut out = String::new();
    let state = v.transition.as_ref().map_or("", |t| t.to.as_str());
    if let Some(needs) = &v.needs {
        out.push_str(&format!(
            "warning: {id} is now `{}`, which needs {needs}, but it lacks: {}\nhint: `backlog show {id}` says how to fix it; --strict refuses such a move\n",
            sanitize::line(state),
            sanitize::line(&v.lacks.join(", "))
        ));
    }
    if !v.unticked.is_empty() {
        let n = v.unticked.len();
        out.push_str(&format!(
            "warning: {id} is now `{}` but {} not ticked:\n",
            sanitize::line(state),
            if n == 1 {
                "1 acceptance criterion is".to_owned()
            } else {
                format!("{n} acceptance criteria are")
            }
        ));
        out.push_str(&unticked(&v.path, &v.unticked));
    }
    out
}

/// The unticked criteria, one per line, for stderr.
pub fn unticked(path: &str, list: &[Unticked]) -> String {
    list.iter()
        .map(|u| {
            format!(
                "  {}:{}: - [ ] {}\n",
                sanitize::line(path),
                u.line,
                sanitize::line(&u.text)
            )
        })
        .collect()
}

/// What `edit` found in the item after the editor closed.
#[derive(Debug, Clone)]
pub struct EditedView {
    pub id: String,
    /// The item file, as paths are shown.
    pub path: String,
    /// Whether the editor changed the file.
    pub changed: bool,
    /// `lint`'s findings in this file.
    pub diagnostics: Vec<Diagnostic>,
    /// The frontmatter no longer parses (the file is kept as written).
    pub unparseable: bool,
}

/// The closing line for stderr.
pub fn edited(v: &EditedView) -> String {
    let path = sanitize::line(&v.path);
    let (errors, warnings) = super::tally(&v.diagnostics);
    let what = if v.changed { "saved" } else { "unchanged" };
    if v.unparseable {
        return format!(
            "{}: {path} was kept as written, but it cannot be read; fix it with `backlog edit {}`\n",
            v.id, v.id
        );
    }
    match (errors, warnings) {
        (0, 0) => format!("{}: {path} {what}; lint finds nothing\n", v.id),
        _ => format!(
            "{}: {path} {what}; lint finds {} and {}\n",
            v.id,
            super::plural(errors, "error"),
            super::plural(warnings, "warning")
        ),
    }
}

/// The note when `start` found no git identity to own the item.
pub fn no_identity(id: &str) -> String {
    format!(
        "note: git has no identity (user.email or user.name) to own {id}; set one, or `backlog set {id} owner=...`\n"
    )
}
