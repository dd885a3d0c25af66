//! Fixes in ranking.txt: drop a line whose ID names no item (`unknown-ranked-id`), drop the
//! later line of an ID ranked twice (`duplicate-rank`). Both use the ranking's byte-preserving line removal.

use super::{Fix, edit_between};
use crate::diagnostic::Diagnostic;
use crate::load::Backlog;

pub(super) fn fix(backlog: &Backlog, d: &Diagnostic) -> Option<Fix> {
    let ranking = backlog.ranking.as_ref()?;
    if d.path != backlog.ranking_path() {
        return None;
    }
    let span = d.span.as_ref()?;
    let index = ranking
        .entries
        .iter()
        .position(|e| e.id_span.start == span.start)?;
    let entry = &ranking.entries[index];
    let fixed = ranking.without_entry(index)?;
    let line = ranking.source.lines.line(entry.line.start);
    let title = match super::name_of(d.rule) {
        "unknown-ranked-id" => format!("remove {} from the ranking (line {line})", entry.id),
        _ => format!("remove the second line of {} (line {line})", entry.id),
    };
    Some(Fix {
        rule: d.rule,
        path: d.path.clone(),
        abs: backlog.location.ranking_path(),
        line: d.line,
        column: d.column,
        title,
        edit: edit_between(&ranking.source.text, &fixed),
        entry: Some(index),
    })
}
