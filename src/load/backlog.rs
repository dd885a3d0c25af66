//! The `Backlog` as gathered from the work tree, its `Item`s, and the queries over them.

use super::Location;
use super::read::{read, read_ranking};
use super::walk::read_items;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::item::Parsed;
use crate::ranking::Ranking;
use crate::text::Source;
use anyhow::Result;
use std::path::PathBuf;

/// One item file: its ID (from the file name), where it is, and what could be read of it.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    /// Path relative to the repository root, with `/`.
    pub path: String,
    pub abs: PathBuf,
    /// `None` when the file could not be read as text (the diagnostic says why).
    pub source: Option<Source>,
    pub parsed: Parsed,
}

impl Item {
    /// True when the frontmatter was read; false for files with a syntax problem.
    pub fn is_readable(&self) -> bool {
        self.parsed.frontmatter_ok && self.source.is_some()
    }

    pub fn title(&self) -> &str {
        self.parsed
            .fields
            .title
            .as_ref()
            .map_or("", |f| f.value.as_str())
    }

    pub fn kind(&self) -> &str {
        self.parsed
            .fields
            .kind
            .as_ref()
            .map_or("", |f| f.value.as_str())
    }

    pub fn state(&self) -> &str {
        self.parsed
            .fields
            .state
            .as_ref()
            .map_or("", |f| f.value.as_str())
    }
}

/// A whole backlog as read from the work tree.
#[derive(Debug)]
pub struct Backlog {
    pub location: Location,
    pub config: Config,
    pub config_source: Option<Source>,
    pub items: Vec<Item>,
    pub ranking: Option<Ranking>,
    /// Problems found while reading (unreadable files, syntax errors, bad config).
    pub diagnostics: Vec<Diagnostic>,
}

impl Backlog {
    pub fn load(location: Location) -> Result<Backlog> {
        let mut diagnostics = Vec::new();
        let config_abs = location.config_path();
        let config_path = location.display(&config_abs);
        let (config, config_source) = match read(&config_abs, &config_path, &mut diagnostics) {
            Some(source) => (
                Config::parse(&source, &config_path, &mut diagnostics),
                Some(source),
            ),
            None => (Config::default(), None),
        };
        let ranking_abs = location.ranking_path();
        let ranking_path = location.display(&ranking_abs);
        let ranking = if std::fs::symlink_metadata(&ranking_abs).is_err() {
            diagnostics.push(
                Diagnostic::new("ORD004", &ranking_path, "ranking.txt is missing").help(
                    "create it (an empty file will do), or run `backlog init` in a new backlog",
                ),
            );
            None
        } else {
            read_ranking(&ranking_abs, &ranking_path, &mut diagnostics)
                .map(|source| Ranking::parse(source, &ranking_path, &mut diagnostics))
        };
        let items = read_items(&location, &mut diagnostics)?;
        Ok(Backlog {
            location,
            config,
            config_source,
            items,
            ranking,
            diagnostics,
        })
    }

    pub fn rank(&self, id: &str) -> Option<usize> {
        self.ranking.as_ref().and_then(|r| r.rank(id))
    }

    /// Display path of the ranking file.
    pub fn ranking_path(&self) -> String {
        self.location.display(&self.location.ranking_path())
    }

    /// Finds an item by ID, ignoring case.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id.eq_ignore_ascii_case(id))
    }

    /// Items in priority order: ranked ones by rank, then untriaged ones by ID number.
    pub fn in_priority_order(&self) -> Vec<&Item> {
        let mut items: Vec<&Item> = self.items.iter().collect();
        items.sort_by_key(|i| {
            (
                self.rank(&i.id).unwrap_or(usize::MAX),
                crate::id::id_number(&i.id).unwrap_or(u64::MAX),
                i.path.clone(),
            )
        });
        items
    }
}
