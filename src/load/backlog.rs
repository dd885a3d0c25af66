//! The `Backlog` and its `Item`s, read from the work tree, and the queries over them.

use super::Location;
use super::read::read_file;
use super::sources::{Files, Reuse, gather};
use super::walk::read_items;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::item::Parsed;
use crate::ranking::Ranking;
use crate::text::{self, Source};
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
    /// True when the frontmatter was read; false for files with a syntax problem. An item
    /// whose text was set aside (known unchanged to the work-tree index, or an unchanged
    /// buffer of the language server) is still readable: only a file that could not be read
    /// has neither text nor parse.
    pub fn is_readable(&self) -> bool {
        self.parsed.frontmatter_ok
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

    /// The `owner` field, when it names someone (a blank owner is no owner).
    pub fn owner(&self) -> Option<&str> {
        self.parsed
            .fields
            .owner
            .as_ref()
            .map(|o| o.value.as_str())
            .filter(|o| !o.trim().is_empty())
    }

    pub fn state(&self) -> &str {
        self.parsed
            .fields
            .state
            .as_ref()
            .map_or("", |f| f.value.as_str())
    }
}

/// A whole backlog, as read from the work tree or given as text.
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
    /// Reads the backlog from the work tree. The disk's own checks come first (links are not
    /// followed, sizes are capped, names must be UTF-8); then the text is gathered by the code
    /// behind [`Backlog::from_sources`], so the same files give the same backlog either way.
    pub fn load(location: Location) -> Result<Backlog> {
        Backlog::load_with(location, None, &mut |_, _| {})
    }

    /// [`Backlog::load`], asking `reuse` before reading each item file: a file it knows
    /// unchanged becomes an item with its cached parse and no `source`. `seen` is told of each
    /// directory under `items/` before it is listed (`true`) and of each file `index_all`
    /// would list (`false`).
    pub fn load_with(
        location: Location,
        reuse: Option<Reuse>,
        seen: &mut dyn FnMut(&std::path::Path, bool),
    ) -> Result<Backlog> {
        let config_abs = location.config_path();
        let config_path = location.display(&config_abs);
        let config = Some(read_file(&config_abs, &config_path, text::MAX_FILE_BYTES));
        let ranking_abs = location.ranking_path();
        let ranking = if std::fs::symlink_metadata(&ranking_abs).is_err() {
            None
        } else {
            let ranking_path = location.display(&ranking_abs);
            Some(read_file(
                &ranking_abs,
                &ranking_path,
                text::MAX_RANKING_BYTES,
            ))
        };
        let mut listing = Vec::new();
        let items = read_items(&location, &mut listing, reuse, seen)?;
        let files = Files {
            config,
            ranking,
            items,
            listing,
        };
        Ok(gather(location, files))
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
        // The key once per item (a rank lookup each), not once per comparison.
        items.sort_by_cached_key(|i| {
            (
                self.rank(&i.id).unwrap_or(usize::MAX),
                crate::id::id_number(&i.id).unwrap_or(u64::MAX),
                i.path.clone(),
            )
        });
        items
    }
}
