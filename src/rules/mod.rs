//! The rule registry: every code `backlog` can report, with its name, default level, summary,
//! fix and the modules that judge it. It sits at the bottom of the house so that config (rule
//! names in `[rules]`), diagnostics (a default severity) and the renderers (SARIF metadata) can
//! name rules without reaching up into `lint`, which runs them.

use serde::{Deserialize, Serialize};

mod registry;
pub use registry::RULES;

#[cfg(test)]
mod tests;

/// A team's level for a rule, as written in `[rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Off,
}

/// A rule's stable identity and documentation.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    /// The modules that judge it (`lint::deps` is `src/lint/deps.rs` or `src/lint/deps/`): the
    /// place to read when a finding surprises you. A test checks each one emits the code.
    pub judged_in: &'static [&'static str],
    pub name: &'static str,
    pub level: Level,
    pub summary: &'static str,
    pub fix: &'static str,
}

pub(super) const fn rule(
    code: &'static str,
    judged_in: &'static [&'static str],
    name: &'static str,
    level: Level,
    summary: &'static str,
    fix: &'static str,
) -> Rule {
    Rule {
        code,
        judged_in,
        name,
        level,
        summary,
        fix,
    }
}

/// The rule with this code or name.
pub fn find_rule(key: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == key || r.name == key)
}
