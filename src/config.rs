//! backlog.toml: the team's agreement, read into typed values.
//!
//! Every default lives in `default_config.toml`, the commented file `backlog init` writes; the
//! `Default` impl parses that same text, so code and documentation cannot drift apart.
//! Semantic checks (unknown states, bad templates) come back as located diagnostics.

mod economics;
mod messages;

use crate::diagnostic::Diagnostic;
pub use crate::rules::Level;
use crate::text::Source;
pub use economics::{Economics, ForecastUnit, Unit};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

/// The commented agreement `init` writes, and the source of every default.
pub const DEFAULT_TOML: &str = include_str!("default_config.toml");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub prefix: String,
    pub states: Vec<String>,
    pub closed: Vec<String>,
    /// An item that `set`, `start`, `done` or `drop` moves into a closed state leaves
    /// ranking.txt in the same all-or-nothing edit.
    pub unrank_closed: bool,
    /// `new` fills a blank `owner` of the template with the creator's git identity.
    pub owner_from_git: bool,
    pub criteria_section: String,
    pub ready: Ready,
    pub done: Done,
    pub kinds: BTreeMap<String, Kind>,
    pub requirements: BTreeMap<String, Requirements>,
    pub policy: Policy,
    pub economics: Economics,
    pub rules: BTreeMap<String, Level>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Ready {
    pub states: Vec<String>,
    pub top: usize,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Done {
    pub states: Vec<String>,
    pub all_criteria_ticked: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Kind {
    pub template: Option<String>,
    pub ready: Requirements,
}

/// What an item must have; used per kind (Definition of Ready) and per state.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Requirements {
    pub fields: Vec<String>,
    pub sections: Vec<String>,
    pub min_criteria: usize,
    pub max_estimate: Option<u32>,
    pub timebox: bool,
    pub economics: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    pub move_up_needs_reason: bool,
    /// A newly placed item needs a reason when it enters the first N places (0: never).
    pub new_item_reason_top: usize,
    pub rankers: Vec<String>,
    pub intake_fields: Vec<String>,
}

static DEFAULT: LazyLock<Config> = LazyLock::new(|| {
    // A unit test proves the shipped text parses; this can only fail on a build that broke it.
    toml::from_str::<Raw>(DEFAULT_TOML)
        .map(|raw| raw.0)
        .unwrap_or_else(|e| panic!("the built-in default_config.toml is invalid: {e}"))
});

/// Parses without serde's `default` so the built-in defaults are read from the text alone.
struct Raw(Config);

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Strict {
            prefix: String,
            states: Vec<String>,
            closed: Vec<String>,
            unrank_closed: bool,
            owner_from_git: bool,
            criteria_section: String,
            ready: Ready,
            done: Done,
            kinds: BTreeMap<String, Kind>,
            #[serde(default)]
            requirements: BTreeMap<String, Requirements>,
            policy: Policy,
            economics: Economics,
            rules: BTreeMap<String, Level>,
        }
        let s = Strict::deserialize(d)?;
        Ok(Raw(Config {
            prefix: s.prefix,
            states: s.states,
            closed: s.closed,
            unrank_closed: s.unrank_closed,
            owner_from_git: s.owner_from_git,
            criteria_section: s.criteria_section,
            ready: s.ready,
            done: s.done,
            kinds: s.kinds,
            requirements: s.requirements,
            policy: s.policy,
            economics: s.economics,
            rules: s.rules,
        }))
    }
}

impl Default for Config {
    fn default() -> Self {
        DEFAULT.clone()
    }
}

impl Config {
    /// The default agreement with another ID prefix, as `init --prefix` writes it.
    pub fn default_text(prefix: &str) -> String {
        DEFAULT_TOML.replacen("prefix = \"MS\"", &format!("prefix = \"{prefix}\""), 1)
    }

    pub fn is_state(&self, state: &str) -> bool {
        self.states.iter().any(|s| s == state)
    }

    pub fn is_closed(&self, state: &str) -> bool {
        self.closed.iter().any(|s| s == state)
    }

    /// The state a new item starts in.
    pub fn first_state(&self) -> &str {
        self.states.first().map_or("draft", String::as_str)
    }

    /// Parses backlog.toml; on any problem returns the defaults too, so the rest of the backlog
    /// can still be checked while the config errors are reported.
    pub fn parse(source: &Source, path: &str, out: &mut Vec<Diagnostic>) -> Config {
        let invalid = |message: &str, span: Option<Range<usize>>| {
            let span = span.map_or(source.bom..source.bom, |s| {
                s.start + source.bom..s.end + source.bom
            });
            Diagnostic::new(
                "CFG001",
                path,
                format!("invalid backlog.toml: {}", message.trim()),
            )
            .at(source, span)
            .help(
                "see the comments in the file `backlog init` writes, or schema/backlog.schema.json",
            )
        };
        // First pass: the user's text alone, so type errors and unknown keys point at their line.
        if let Err(e) = toml::from_str::<Config>(source.content()) {
            let message = messages::plain_message(source.content(), e.message(), e.span());
            out.push(invalid(&message, e.span()));
            return Config::default();
        }
        // Second pass: the user's tables laid over the defaults, so `[ready] top = 3` keeps the
        // default `ready.states` instead of emptying it.
        let config = toml::from_str::<toml::Table>(source.content()).and_then(|user| {
            let mut merged: toml::Table = toml::from_str(DEFAULT_TOML)?;
            overlay(&mut merged, user);
            toml::Value::Table(merged).try_into::<Config>()
        });
        let config = match config {
            Ok(config) => config,
            Err(e) => {
                out.push(invalid(e.message(), None));
                return Config::default();
            }
        };
        let before = out.len();
        config.validate(source, path, out);
        if out.len() > before {
            Config::default()
        } else {
            config
        }
    }

    fn validate(&self, source: &Source, path: &str, out: &mut Vec<Diagnostic>) {
        let mut bad = |keys: &[&str], message: String, help: &str| {
            let span = locate(source, keys);
            out.push(
                Diagnostic::new("CFG002", path, message)
                    .at(source, span)
                    .help(help.to_owned()),
            );
        };
        if !crate::id::is_valid_prefix(&self.prefix) {
            bad(
                &["prefix"],
                format!("prefix `{}` is not a valid ID prefix", self.prefix),
                "use a letter followed by up to nine letters or digits, such as \"MS\"",
            );
        }
        if self.states.is_empty() {
            bad(
                &["states"],
                "no states are listed".into(),
                "list the states in order, e.g. [\"draft\", \"ready\", \"done\"]",
            );
        }
        let mut seen = std::collections::HashSet::new();
        for state in &self.states {
            if !seen.insert(state) {
                bad(
                    &["states"],
                    format!("state `{state}` is listed twice"),
                    "list each state once",
                );
            }
        }
        let lists: [(&[&str], &Vec<String>); 3] = [
            (&["closed"], &self.closed),
            (&["ready", "states"], &self.ready.states),
            (&["done", "states"], &self.done.states),
        ];
        for (keys, list) in lists {
            for state in list.iter().filter(|s| !self.is_state(s)) {
                bad(
                    keys,
                    format!("`{state}` is not one of the states"),
                    "use a state from `states`, or add it there",
                );
            }
        }
        for state in self.requirements.keys().filter(|s| !self.is_state(s)) {
            bad(
                &["requirements", state],
                format!("`{state}` is not one of the states"),
                "use a state from `states`, or add it there",
            );
        }
        if self.kinds.is_empty() {
            bad(
                &["kinds"],
                "no kinds are defined".into(),
                "define at least one kind, e.g. [kinds.story]",
            );
        }
        for (name, kind) in &self.kinds {
            if !is_kind_name(name) {
                bad(
                    &["kinds", name],
                    format!("kind name `{name}` is not a lower-case word"),
                    "use letters, digits, - and _ only, starting with a letter",
                );
            }
            if let Some(template) = &kind.template
                && !is_safe_relative(template)
            {
                bad(
                    &["kinds", name, "template"],
                    format!("template path `{template}` leaves the backlog directory"),
                    "give a path relative to the backlog directory, without `..`",
                );
            }
        }
        for (keys, message, help) in self.economics.problems() {
            bad(keys, message, help);
        }
        for state in self
            .economics
            .clock_states
            .iter()
            .filter(|s| !self.is_state(s))
        {
            bad(
                &["economics", "clock_states"],
                format!("`{state}` is not one of the states"),
                "use a state from `states`, or add it there",
            );
        }
        for key in self.rules.keys() {
            if crate::rules::find_rule(key).is_none() {
                bad(
                    &["rules", key],
                    format!("there is no rule `{key}`"),
                    "see docs/rules.md (or `backlog schema config`) for the rule codes and names",
                );
            }
        }
    }
}

/// Lays the user's config over the defaults: tables merge key by key, except `kinds`, which a
/// team that writes it lists in full (a team without bugs should not inherit a bug kind).
fn overlay(base: &mut toml::Table, user: toml::Table) {
    for (key, value) in user {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(u)) if key != "kinds" => overlay(b, u),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

pub fn is_kind_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && name.len() <= 32
}

/// A relative path that stays below its base: no root, no `..`, no backslashes or drive letters.
pub fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains(':')
        && !path.contains('\0')
        && path.split('/').all(|part| !part.is_empty() && part != "..")
}

/// The byte span of the value at `keys` in a TOML source, or its closest parent that exists.
fn locate(source: &Source, keys: &[&str]) -> Range<usize> {
    use toml::de::{DeTable, DeValue};
    let base = source.bom;
    let Ok(doc) = DeTable::parse(source.content()) else {
        return base..base;
    };
    let mut table = doc.get_ref();
    let mut span = base..base;
    for key in keys {
        let Some((k, v)) = table.iter().find(|(k, _)| k.get_ref() == key) else {
            break;
        };
        span = k.span().start + base..k.span().end + base;
        match v.get_ref() {
            DeValue::Table(t) => table = t,
            _ => break,
        }
    }
    span
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_agreement_parses_and_is_valid() {
        let source = Source::new(DEFAULT_TOML.to_owned());
        let mut out = Vec::new();
        let config = Config::parse(&source, "backlog.toml", &mut out);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(config, Config::default());
        assert_eq!(config.kinds.len(), 5);
        assert_eq!(config.ready.top, 5);
        assert_eq!(config.kinds["story"].ready.max_estimate, Some(8));
    }

    #[test]
    fn missing_keys_take_defaults() {
        let source = Source::new("prefix = \"AB\"\n".to_owned());
        let mut out = Vec::new();
        let config = Config::parse(&source, "backlog.toml", &mut out);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(config.prefix, "AB");
        assert_eq!(config.states, Config::default().states);
    }

    #[test]
    fn partial_tables_keep_the_other_defaults() {
        let source = Source::new("[ready]\ntop = 3\n\n[done]\nstates = [\"done\"]\n".to_owned());
        let mut out = Vec::new();
        let config = Config::parse(&source, "backlog.toml", &mut out);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(config.ready.top, 3);
        assert_eq!(config.ready.states, ["ready", "doing"]);
        assert!(config.done.all_criteria_ticked);
        assert!(config.policy.move_up_needs_reason);
        // Writing [kinds] replaces the kinds: the team lists the ones it uses.
        let source = Source::new("[kinds.story]\nready = { fields = [\"owner\"] }\n".to_owned());
        let config = Config::parse(&source, "backlog.toml", &mut out);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(config.kinds.keys().collect::<Vec<_>>(), ["story"]);
    }

    #[test]
    fn errors_are_located() {
        let source = Source::new("prefix = \"MS\"\n\n[ready]\nstates = [\"redy\"]\n".to_owned());
        let mut out = Vec::new();
        Config::parse(&source, "backlog.toml", &mut out);
        assert_eq!((out[0].rule, out[0].line), ("CFG002", 4));

        let source = Source::new("prefix = \"MS\"\nsates = []\n".to_owned());
        let mut out = Vec::new();
        Config::parse(&source, "backlog.toml", &mut out);
        assert_eq!((out[0].rule, out[0].line, out[0].column), ("CFG001", 2, 1));

        let source = Source::new("[kinds.story]\ntemplate = \"../../etc/passwd\"\n".to_owned());
        let mut out = Vec::new();
        Config::parse(&source, "backlog.toml", &mut out);
        assert_eq!((out[0].rule, out[0].line), ("CFG002", 2));
    }

    #[test]
    fn init_prefix_replaces_only_the_prefix() {
        let text = Config::default_text("XY");
        let config: Config = toml::from_str(&text).unwrap_or_default();
        assert_eq!(config.prefix, "XY");
    }
}
