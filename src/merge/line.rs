//! What one line means, and whether two sides' edits of that line can be reconciled.

/// What an ID line says, as opposed to how it is spaced: the ID as written and the trimmed
/// reason. `None` for comment and blank lines. Mirrors `Ranking::parse`.
pub(super) fn meaning(line: &str) -> Option<(&str, Option<&str>)> {
    let (head, reason) = match line.split_once('#') {
        Some((head, reason)) => (head, Some(reason.trim())),
        None => (line, None),
    };
    let id = head.trim();
    (!id.is_empty()).then_some((id, reason.filter(|r| !r.is_empty())))
}

/// How a side's line differs from base's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Change {
    Same,
    /// Spacing only: same ID as written, same reason.
    Cosmetic,
    /// New line, or a different ID spelling or reason.
    Changed,
}

pub(super) fn change(base: Option<&str>, side: &str) -> Change {
    match base {
        Some(b) if b == side => Change::Same,
        Some(b) if meaning(b) == meaning(side) => Change::Cosmetic,
        _ => Change::Changed,
    }
}

/// The line both sides can live with, or `None` when they changed its meaning differently.
/// A real change beats a cosmetic one; between equals, ours' bytes win.
pub(super) fn reconcile<'a>(base: Option<&str>, a: &'a str, b: &'a str) -> Option<&'a str> {
    if a == b {
        return Some(a);
    }
    match (change(base, a), change(base, b)) {
        (Change::Changed, Change::Changed) => (meaning(a) == meaning(b)).then_some(a),
        (ca, cb) if cb > ca => Some(b),
        _ => Some(a),
    }
}
