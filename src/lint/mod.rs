//! `backlog lint`: the rule registry and the pass that runs every rule over a backlog.
//!
//! Rules are grouped by what they look at (one item, IDs across items, dependencies, the
//! ranking); each has a stable code, a name, a default level and a fix. The team's levels from
//! `[rules]` are applied here, in one place. Rules produce data; `render` prints it.

mod deps;
mod ids;
mod items;
mod ranking;

use crate::config::{Config, Level};
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::Backlog;

/// A rule's stable identity and documentation.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub level: Level,
    pub summary: &'static str,
    pub fix: &'static str,
}

const fn rule(
    code: &'static str,
    name: &'static str,
    level: Level,
    summary: &'static str,
    fix: &'static str,
) -> Rule {
    Rule {
        code,
        name,
        level,
        summary,
        fix,
    }
}

use Level::{Error as E, Off as O, Warning as W};

/// Every rule, sorted by code (a test keeps it so).
pub const RULES: &[Rule] = &[
    rule(
        "CFG001",
        "config-syntax",
        E,
        "backlog.toml is not valid TOML or has an unknown or mistyped key",
        "fix the key at the reported line; the comments `backlog init` writes explain each key",
    ),
    rule(
        "CFG002",
        "config-invalid",
        E,
        "backlog.toml refers to something that does not exist (a state, a rule) or is unsafe (a template outside the backlog)",
        "use names that the file itself defines",
    ),
    rule(
        "DEP001",
        "unknown-dependency",
        E,
        "depends_on names an item that does not exist",
        "fix the ID, or remove it if the dependency is gone",
    ),
    rule(
        "DEP002",
        "dependency-cycle",
        E,
        "items depend on each other in a circle, so none can start",
        "break the circle: split out the shared part, or drop one dependency",
    ),
    rule(
        "DEP003",
        "ranked-above-dependency",
        E,
        "an item is ranked above an unfinished item it depends on",
        "rank the dependency higher, or move the item down (backlog rank)",
    ),
    rule(
        "DONE001",
        "unticked-criterion",
        E,
        "an item is done but an acceptance criterion is not ticked",
        "tick the criterion if it is met, or reopen the item",
    ),
    rule(
        "DOR001",
        "missing-field",
        E,
        "an item that must be Ready lacks a required field, or leaves it blank",
        "fill in the field; the Definition of Ready is in backlog.toml",
    ),
    rule(
        "DOR002",
        "missing-section",
        E,
        "an item that must be Ready lacks a required body section",
        "add the section heading with its content",
    ),
    rule(
        "DOR003",
        "too-few-criteria",
        E,
        "an item that must be Ready has too few acceptance criteria",
        "add testable criteria as task items (- [ ] ...) under the criteria section",
    ),
    rule(
        "DOR004",
        "estimate-too-large",
        E,
        "an item that must be Ready is estimated above the ceiling",
        "split it into smaller items that each deliver value",
    ),
    rule(
        "DOR005",
        "spike-timebox",
        E,
        "a spike that must be Ready has no valid timebox",
        "add timebox = \"3d\" (h, d or w)",
    ),
    rule(
        "DOR006",
        "debt-economics",
        E,
        "a debt item that must be Ready does not state its cost and fix effort",
        "add cost_per_week and fix_effort, in hours",
    ),
    rule(
        "ENC001",
        "invalid-utf8",
        E,
        "a file is not valid UTF-8",
        "save it as UTF-8",
    ),
    rule(
        "ENC002",
        "nul-byte",
        E,
        "a file contains a NUL byte (binary or UTF-16)",
        "save it as UTF-8 text",
    ),
    rule(
        "FM001",
        "missing-frontmatter",
        E,
        "an item file does not start with a +++ line",
        "start the file with +++, the TOML fields, and a closing +++",
    ),
    rule(
        "FM002",
        "yaml-frontmatter",
        E,
        "an item uses YAML (---) frontmatter",
        "rewrite the frontmatter as TOML between +++ lines",
    ),
    rule(
        "FM003",
        "toml-syntax",
        E,
        "the frontmatter is not valid TOML",
        "fix the TOML at the reported position",
    ),
    rule(
        "FM004",
        "duplicate-key",
        E,
        "a frontmatter key is given twice",
        "keep one of the two",
    ),
    rule(
        "FM005",
        "unclosed-frontmatter",
        E,
        "the frontmatter is never closed",
        "add a +++ line after the last field",
    ),
    rule(
        "FM007",
        "field-type",
        E,
        "a known field has the wrong type",
        "write the value with the type the message names",
    ),
    rule(
        "FM008",
        "unknown-kind",
        E,
        "an item has no kind, or one the config does not define",
        "use one of the kinds in backlog.toml",
    ),
    rule(
        "FM009",
        "unknown-state",
        E,
        "an item has no state, or one the config does not define",
        "use one of the states in backlog.toml",
    ),
    rule(
        "FM010",
        "mixed-line-endings",
        W,
        "a file mixes LF and CRLF line endings",
        "convert the file to one line-ending style",
    ),
    rule(
        "FM011",
        "misspelled-field",
        W,
        "a frontmatter key is one or two letters away from a known field",
        "rename it; custom fields that are not near a known name are fine",
    ),
    rule(
        "FM012",
        "missing-title",
        E,
        "an item has no title",
        "add title = \"...\"",
    ),
    rule(
        "FM020",
        "too-many-tags",
        E,
        "an item has more tags than allowed",
        "keep the few tags people filter by",
    ),
    rule(
        "FS001",
        "unreadable",
        E,
        "a file cannot be read",
        "check its permissions",
    ),
    rule(
        "FS002",
        "not-regular-file",
        E,
        "an item path is not a regular file (a FIFO, a device...)",
        "replace it with a plain file",
    ),
    rule(
        "FS003",
        "file-too-large",
        E,
        "a file is larger than 1 MiB",
        "keep items short; link to long documents",
    ),
    rule(
        "GIT001",
        "conflict-markers",
        E,
        "a file holds unresolved merge-conflict markers",
        "resolve the conflict and remove the marker lines",
    ),
    rule(
        "ID001",
        "duplicate-id",
        E,
        "two item files have the same ID (case ignored)",
        "give one of them a free ID with `backlog renumber`",
    ),
    rule(
        "ID002",
        "id-mismatch",
        E,
        "the frontmatter `id` differs from the ID in the file name",
        "make them equal, or drop `id`: the file name is the ID",
    ),
    rule(
        "ID003",
        "bad-file-name",
        E,
        "an item file name does not start with an ID",
        "name item files ID-slug.md",
    ),
    rule(
        "ID004",
        "foreign-prefix",
        W,
        "an item ID does not use the configured prefix",
        "renumber the item, or fix `prefix` in backlog.toml",
    ),
    rule(
        "ORD001",
        "unknown-ranked-id",
        E,
        "ranking.txt lists an ID that no item has",
        "remove the line, or restore the item",
    ),
    rule(
        "ORD002",
        "duplicate-rank",
        E,
        "ranking.txt lists an ID twice",
        "keep the line at the agreed place and remove the other",
    ),
    rule(
        "ORD003",
        "untriaged",
        O,
        "an item is not in the ranking (off by default: untriaged items are allowed)",
        "rank it with `backlog rank`",
    ),
    rule(
        "ORD004",
        "missing-ranking",
        E,
        "ranking.txt is missing",
        "create it; an empty file is a valid ranking",
    ),
    rule(
        "ORD005",
        "malformed-ranking-line",
        E,
        "a ranking line is not an ID with an optional # reason",
        "write one ID per line",
    ),
    rule(
        "ORD006",
        "ranking-id-case",
        E,
        "a ranking line names an item with different letter case",
        "write the ID exactly as the item's file name does",
    ),
    rule(
        "PATH004",
        "non-utf8-file-name",
        E,
        "an item file name is not valid UTF-8",
        "rename the file",
    ),
    rule(
        "PATH010",
        "symlink",
        E,
        "an item, the items directory or the ranking is a symbolic link; links are never followed",
        "replace the link with the real file",
    ),
    rule(
        "POL001",
        "move-up-without-reason",
        E,
        "lint --since: a commit moved an item up (or ranked it above others) without stating why",
        "put the reason after # on the item's line, or add a `Reason(ID): ...` trailer to the commit",
    ),
    rule(
        "POL002",
        "unauthorized-ranker",
        E,
        "lint --since: someone not listed in [policy] rankers changed the ranking",
        "have a listed ranker make or approve the change",
    ),
    rule(
        "POL003",
        "intake-missing-field",
        E,
        "lint --since: a new item lacks a field that [policy] intake_fields requires",
        "add the field to the new item",
    ),
    rule(
        "TXT001",
        "invisible-characters",
        W,
        "a file contains bidirectional controls or zero-width characters that can hide what it says",
        "remove them",
    ),
];

/// The rule with this code or name.
pub fn find_rule(key: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == key || r.name == key)
}

/// The default severity of a rule, used until the team's levels are applied.
pub fn default_severity(code: &str) -> Severity {
    match find_rule(code).map(|r| r.level) {
        Some(Level::Warning) => Severity::Warning,
        _ => Severity::Error,
    }
}

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
    deps::check(backlog, &mut out);
    ranking::check(backlog, &mut out);
    finish(&backlog.config, out)
}

/// A lowercase word from `choices` close to `word`, for "did you mean".
pub(crate) fn closest<'a>(
    word: &str,
    choices: impl Iterator<Item = &'a String>,
) -> Option<&'a str> {
    choices
        .map(|c| (c, crate::item::edit_distance(word, c)))
        .filter(|(_, d)| *d <= 2)
        .min_by_key(|(_, d)| *d)
        .map(|(c, _)| c.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_sorted_unique_and_documented() {
        for pair in RULES.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} must come before {}",
                pair[1].code,
                pair[0].code
            );
        }
        let mut names: Vec<_> = RULES.iter().map(|r| r.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), RULES.len(), "rule names must be unique");
        for r in RULES {
            assert!(
                !r.summary.is_empty() && !r.fix.is_empty(),
                "{} needs docs",
                r.code
            );
        }
    }

    #[test]
    fn every_code_used_in_the_source_is_registered() {
        let sources = [
            include_str!("../item.rs"),
            include_str!("../text.rs"),
            include_str!("../config.rs"),
            include_str!("../load.rs"),
            include_str!("../ranking.rs"),
            include_str!("../ready.rs"),
            include_str!("items.rs"),
            include_str!("ids.rs"),
            include_str!("deps.rs"),
            include_str!("ranking.rs"),
            include_str!("../policy.rs"),
        ];
        for src in sources {
            for (i, _) in src.match_indices("\"") {
                let rest = &src[i + 1..];
                let Some(end) = rest.find('"') else { continue };
                let word = &rest[..end];
                let looks_like_code = word.len() >= 5
                    && word.len() <= 7
                    && word.chars().take_while(|c| c.is_ascii_uppercase()).count() >= 2
                    && word.chars().rev().take(3).all(|c| c.is_ascii_digit())
                    && word
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
                if looks_like_code {
                    assert!(
                        find_rule(word).is_some(),
                        "rule code {word} is used but not registered"
                    );
                }
            }
        }
    }
}
