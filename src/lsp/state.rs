//! One backlog as the server sees it: the files on disk with the open buffers laid over them,
//! kept as a `Backlog` that is patched one file at a time, and the findings last published.
//!
//! The disk is read once with `Backlog::load` (so disk-only checks, such as links and size
//! caps, are exactly lint's); each buffer is gathered with `Backlog::from_sources`, the code
//! `load` itself runs, and its item, ranking or config replaces the disk's in place. Lint then
//! runs over the whole backlog, so cross-file rules see the buffers as you type.

use crate::diagnostic::Diagnostic;
use crate::load::{Backlog, CONFIG_FILE, ITEMS_DIR, Location, RANKING_FILE};
use crate::text::{self, Source};
use anyhow::Result;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// What a finding is compared by, to tell whether a file's findings changed.
type Key = (
    usize,
    usize,
    Option<(usize, usize)>,
    &'static str,
    String,
    u8,
);

fn key(d: &Diagnostic) -> Key {
    (
        d.line,
        d.column,
        d.span.as_ref().map(|s| (s.start, s.end)),
        d.rule,
        d.message.clone(),
        d.severity as u8,
    )
}

pub struct Root {
    pub location: Location,
    pub backlog: Backlog,
    /// Open buffers by path relative to the backlog directory (`items/MS-1-x.md`).
    pub buffers: BTreeMap<String, String>,
    /// Buffers too large to read: their findings are not shown.
    pub too_large: BTreeSet<String>,
    /// Buffers changed since the last lint.
    pending: BTreeSet<String>,
    /// True until the first lint.
    stale: bool,
    /// True when the next lint must be a full one (see `incremental`).
    full: bool,
    /// The open items within the top N at the last lint: (item index, position).
    pub(super) top: Vec<(usize, usize)>,
    /// Lowercase ID → index in `backlog.items`, as of the last full lint (the set of items
    /// is the same until the next one).
    pub(super) index: HashMap<String, usize>,
    /// Check every incremental lint against a full one (`BACKLOG_LSP_VERIFY=1`, for tests).
    pub(super) verify: bool,
    /// Lint's findings on the backlog as it is now, by display path.
    pub findings: HashMap<String, Vec<Diagnostic>>,
    /// What was last published, by display path.
    published: HashMap<String, Vec<Key>>,
}

impl Root {
    pub fn open(location: Location) -> Result<Root> {
        let backlog = Backlog::load(location.clone())?;
        Ok(Root {
            location,
            backlog,
            buffers: BTreeMap::new(),
            too_large: BTreeSet::new(),
            pending: BTreeSet::new(),
            stale: true,
            full: true,
            top: Vec::new(),
            index: HashMap::new(),
            verify: std::env::var_os("BACKLOG_LSP_VERIFY").is_some_and(|v| v == "1"),
            findings: HashMap::new(),
            published: HashMap::new(),
        })
    }

    /// The path of `abs` relative to the backlog directory, when it is a file the backlog
    /// reads: backlog.toml, ranking.txt or a Markdown file below items/.
    pub fn relative(&self, abs: &Path) -> Option<String> {
        let rel = abs.strip_prefix(&self.location.root).ok()?;
        let rel = rel.to_str()?.replace('\\', "/");
        let served = rel == CONFIG_FILE
            || rel == RANKING_FILE
            || (rel.starts_with(&format!("{ITEMS_DIR}/")) && rel.ends_with(".md"));
        served.then_some(rel)
    }

    /// The display path (as findings name files) of a path relative to the backlog.
    pub fn display(&self, rel: &str) -> String {
        self.location.display(&self.location.root.join(rel))
    }

    /// The absolute path of a display path.
    pub fn absolute(&self, display: &str) -> PathBuf {
        self.location.base.join(display)
    }

    /// Lays `text` over the file `rel` (or takes the buffer away with `None`, back to disk).
    pub fn set_buffer(&mut self, rel: &str, text: Option<String>) {
        match text {
            Some(text) => {
                let limit = if rel == RANKING_FILE {
                    text::MAX_RANKING_BYTES
                } else {
                    text::MAX_FILE_BYTES
                };
                if text.len() as u64 > limit {
                    self.too_large.insert(rel.to_owned());
                    self.buffers.remove(rel);
                } else {
                    self.too_large.remove(rel);
                    self.buffers.insert(rel.to_owned(), text);
                }
            }
            None => {
                self.too_large.remove(rel);
                self.buffers.remove(rel);
            }
        }
        self.pending.insert(rel.to_owned());
    }

    pub fn is_pending(&self) -> bool {
        self.stale || !self.pending.is_empty()
    }

    /// Reads the disk again (a closed buffer, files changed outside the editor) and lays the
    /// open buffers over it.
    pub fn reload(&mut self) -> Result<()> {
        self.backlog = Backlog::load(self.location.clone())?;
        self.pending = self.buffers.keys().cloned().collect();
        self.full = true;
        Ok(())
    }

    /// Patches the backlog with the changed buffers and lints it. Returns the display paths
    /// whose findings must be published: those that changed, and the changed buffers' own.
    pub fn relint(&mut self) -> Vec<String> {
        let pending = std::mem::take(&mut self.pending);
        self.stale = false;
        let mut touched = BTreeSet::new();
        let before = self.backlog.items.len();
        let mut disk = Vec::new();
        for rel in &pending {
            touched.insert(self.display(rel));
            match self.buffers.get(rel) {
                Some(text) => self.splice(rel, Some(text.clone())),
                None => disk.push(rel.clone()),
            }
        }
        if !disk.is_empty() {
            // A buffer went away: the disk's file comes back with all of load's checks.
            if let Ok(backlog) = Backlog::load(self.location.clone()) {
                self.backlog = backlog;
                for (rel, text) in self.buffers.clone() {
                    self.splice(&rel, Some(text));
                }
            }
            self.full = true;
        }
        if self.backlog.items.len() != before {
            self.full = true;
        }
        let all = if std::mem::take(&mut self.full) {
            self.index = super::incremental::index(&self.backlog);
            self.top = super::incremental::top(&self.backlog, &self.index);
            crate::lint::run(&self.backlog)
        } else {
            super::incremental::lint(self, &touched)
        };
        let mut findings: HashMap<String, Vec<Diagnostic>> = HashMap::new();
        for d in all {
            findings.entry(d.path.clone()).or_default().push(d);
        }
        for rel in &self.too_large {
            findings.remove(&self.display(rel));
        }
        let mut changed: BTreeSet<String> = touched;
        for (path, list) in &findings {
            let keys: Vec<Key> = list.iter().map(key).collect();
            if self.published.get(path) != Some(&keys) {
                changed.insert(path.clone());
            }
        }
        for path in self.published.keys() {
            if !findings.contains_key(path) {
                changed.insert(path.clone());
            }
        }
        self.published = findings
            .iter()
            .map(|(p, list)| (p.clone(), list.iter().map(key).collect()))
            .collect();
        self.findings = findings;
        changed.into_iter().collect()
    }

    /// Replaces one file of the backlog with `text` gathered alone (`None`: no such file).
    fn splice(&mut self, rel: &str, text: Option<String>) {
        let files: Vec<(String, String)> = text.map(|t| (rel.to_owned(), t)).into_iter().collect();
        let part = Backlog::from_sources(self.location.clone(), files);
        let path = self.display(rel);
        let backlog = &mut self.backlog;
        backlog.diagnostics.retain(|d| d.path != path);
        backlog
            .diagnostics
            .extend(part.diagnostics.into_iter().filter(|d| d.path == path));
        match rel {
            CONFIG_FILE => {
                backlog.config = part.config;
                backlog.config_source = part.config_source;
                self.full = true;
            }
            RANKING_FILE => backlog.ranking = part.ranking,
            _ => {
                let had = backlog.items.len();
                backlog.items.retain(|i| i.path != path);
                if backlog.items.len() == had || part.items.is_empty() {
                    // An item came or went: the set of IDs changed.
                    self.full = true;
                }
                for item in part.items {
                    let at = backlog.items.partition_point(|i| i.path < item.path);
                    backlog.items.insert(at, item);
                }
            }
        }
    }

    /// The text of a file as the backlog holds it now (buffer or disk), by display path.
    pub fn source(&self, display: &str) -> Option<&Source> {
        let backlog = &self.backlog;
        if display == backlog.ranking_path() {
            return backlog.ranking.as_ref().map(|r| &r.source);
        }
        if display == self.display(CONFIG_FILE) {
            return backlog.config_source.as_ref();
        }
        let at = backlog.items.partition_point(|i| i.path.as_str() < display);
        backlog
            .items
            .get(at)
            .filter(|i| i.path == display)
            .and_then(|i| i.source.as_ref())
    }
}
