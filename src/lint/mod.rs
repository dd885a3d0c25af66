//! `backlog lint`: the pass that runs every rule over a backlog.
//!
//! The registry of every rule (code, name, default level, fix, where it is judged) is
//! `crate::rules`. The rules that look across items live here, grouped by what they look at
//! (one item, IDs across items, dependencies, the ranking); rules of one file's form are judged
//! where that file is parsed (`item`, `text`, `config`, `load`, `ranking`), and the Definition
//! of Ready in `ready`. The team's levels from `[rules]` are applied here, in one place. Rules
//! produce data; `render` prints it.

mod deps;
mod economics;
mod ids;
pub mod index;
mod items;
mod placeholders;
pub mod placement;
mod ranking;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::Backlog;
pub use crate::rules::{Level, RULES, Rule, find_rule};
pub use ids::duplicate_id;

/// The level a rule has for this team.
pub fn level(config: &Config, rule: &Rule) -> Level {
    config
        .rules
        .get(rule.code)
        .or_else(|| config.rules.get(rule.name))
        .copied()
        .unwrap_or(rule.level)
}

/// Applies the team's levels (dropping rules that are off) and sorts for stable output.
pub fn finish(config: &Config, mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.retain_mut(|d| {
        let level = find_rule(d.rule).map_or(Level::Error, |r| level(config, r));
        d.severity = match level {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Off => return false,
        };
        true
    });
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.message == b.message);
    diagnostics
}

/// Every finding about the backlog: what loading found plus every rule.
pub fn run(backlog: &Backlog) -> Vec<Diagnostic> {
    let mut out = backlog.diagnostics.clone();
    items::check(backlog, &mut out);
    ids::check(backlog, &mut out);
    placeholders::check(backlog, &mut out);
    deps::check(backlog, &mut out);
    ranking::check(backlog, &mut out);
    placement::check(backlog, &mut out);
    economics::check(backlog, &mut out);
    crate::economics::timebox::check(backlog, &mut out);
    finish(&backlog.config, out)
}

/// An item ID as a map key with the letters' case ignored, as `to_ascii_lowercase` keys would
/// be, without a lowercased copy of every ID in every rule's map.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NoCase<'a>(pub &'a str);

impl PartialEq for NoCase<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for NoCase<'_> {}

impl std::hash::Hash for NoCase<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for b in self.0.bytes() {
            state.write_u8(b.to_ascii_lowercase());
        }
        state.write_u8(0xff);
    }
}

/// A lowercase word from `choices` close to `word`, for "did you mean".
pub(crate) fn closest<'a>(
    word: &str,
    choices: impl Iterator<Item = &'a String>,
) -> Option<&'a str> {
    choices
        .map(|c| (c, crate::text::edit_distance(word, c)))
        .filter(|(_, d)| *d <= 2)
        .min_by_key(|(_, d)| *d)
        .map(|(c, _)| c.as_str())
}
