//! The work-tree index: what `lint`, `list` and `show` need of each item file, kept in the
//! git directory (`backlog/items-index` in the per-worktree git dir), so a warm run stats the
//! files and reads only the changed ones.
//!
//! An entry is keyed on the file's path, size, mtime, ctime and inode, and the whole index on
//! the repository, the backlog's place, this program's version and a hash of backlog.toml and
//! the kinds' templates. It holds the item's typed fields, what reading it found, the findings
//! lint makes of the item on its own (outside the top N) and its `list` gaps; findings across
//! items are always judged again from those fields (see `judge`). An entry whose times are not
//! well before the run that wrote it is not trusted next time (git's racy timestamps). A
//! damaged, foreign or truncated file is rebuilt with a one-line note and never trusted; no
//! git directory, or one that cannot be written, means everything works uncached, silently.
//! It never writes in the work tree. `names` keeps the file names alone for `show` and `rank`.

mod codec;
mod file;
pub mod judge;
pub mod names;
mod stat;

use crate::diagnostic::Diagnostic;
use crate::item::Parsed;
use crate::load::{Backlog, Item, Known, Location};
use codec::{Reader, Writer};
pub use stat::Stat;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The index's file name in `backlog/` of the per-worktree git directory.
pub const INDEX_FILE: &str = "items-index";
const MAGIC: &[u8] = b"backlog work-tree index\n";
const VERSION: u32 = 1;
/// One item file as the index knows it.
#[derive(Debug)]
struct Entry {
    stat: Stat,
    id: String,
    /// The typed fields, handed to the item that is not read (then `None`).
    parsed: Mutex<Option<Parsed>>,
    /// What reading the file found.
    found: Vec<Diagnostic>,
    /// Lint's findings of this item on its own, outside the top N: `None` until lint ran.
    findings: Option<Vec<Diagnostic>>,
    /// The gaps `list` shows: `None` until list or lint ran.
    missing: Option<Vec<String>>,
}

/// What a run learnt of an item it read: its own findings and its gaps.
type Learnt = (Option<Vec<Diagnostic>>, Option<Vec<String>>);

/// The index of one run: the trusted entries read at the start, what the run saw and learnt.
pub struct WorkIndex {
    /// `None`: no cache for this run (`--no-cache`, outside git).
    file: Option<PathBuf>,
    identity: String,
    /// backlog.toml's and the templates' hash: the old index's until `load` computes it.
    config_hash: u64,
    started: i64,
    old: HashMap<String, Entry>,
    /// The file was missing, damaged or for other inputs: it is written whatever happens.
    rebuild: bool,
    /// Stats of the files read this run, taken before reading them.
    read: Mutex<HashMap<String, Stat>>,
    /// Files the index answered for.
    reused: Mutex<HashSet<String>>,
    /// Directories of `items/` (absolute paths), stat'ed before they were listed.
    dirs: Vec<(String, Stat)>,
    /// The files `load::index_all` would list, as absolute paths.
    files: Vec<String>,
    learnt: HashMap<String, Learnt>,
    /// The one-line note about a damaged index, for the command to print.
    pub note: Option<String>,
}

impl WorkIndex {
    /// Opens the index for `location`; with `enabled` false, or without a git directory, the
    /// run goes uncached (nothing read, nothing written).
    pub fn open(location: &Location, enabled: bool) -> WorkIndex {
        let started = now_ns();
        let mut index = WorkIndex {
            file: None,
            identity: String::new(),
            config_hash: 0,
            started,
            old: HashMap::new(),
            rebuild: true,
            read: Mutex::new(HashMap::new()),
            reused: Mutex::new(HashSet::new()),
            dirs: Vec::new(),
            files: Vec::new(),
            learnt: HashMap::new(),
            note: None,
        };
        let Some(git_dir) = enabled.then(|| file::git_dir(location)).flatten() else {
            return index;
        };
        let path = git_dir.join("backlog").join(INDEX_FILE);
        index.identity = file::identity(&git_dir, location);
        match file::open_regular(&path).and_then(|bytes| index.decode(&bytes)) {
            Ok((config_hash, entries)) => {
                index.config_hash = config_hash;
                index.old = entries;
                index.rebuild = false;
            }
            Err(file::Miss::Absent | file::Miss::Stale) => {}
            Err(file::Miss::Damaged(why)) => {
                index.note = Some(format!(
                    "the work-tree index {} {why}: not used, rebuilt",
                    path.display()
                ));
            }
        }
        index.file = Some(path);
        index
    }

    /// True when this run uses an index at all.
    pub fn is_on(&self) -> bool {
        self.file.is_some()
    }

    /// The hook for `Backlog::load_with`: a file whose stat matches its trusted entry is not
    /// read; for any other the stat is kept, to record what was read.
    pub fn known(&self, abs: &Path, path: &str) -> Option<Known> {
        self.file.as_ref()?;
        let stat = Stat::of(abs)?;
        if let Some(entry) = self.old.get(path).filter(|e| e.stat == stat) {
            let parsed = lock(&entry.parsed).take()?;
            lock(&self.reused).insert(path.to_owned());
            return Some(Known {
                parsed,
                diagnostics: entry.found.clone(),
            });
        }
        lock(&self.read).insert(path.to_owned(), stat);
        None
    }

    /// Loads the backlog, reading only the item files the index does not know unchanged.
    pub fn load(&mut self, location: Location) -> anyhow::Result<Backlog> {
        if !self.is_on() {
            return Backlog::load(location);
        }
        let mut dirs = Vec::new();
        let mut files = Vec::new();
        let backlog = {
            let hook = |abs: &Path, path: &str| self.known(abs, path);
            Backlog::load_with(location.clone(), Some(&hook), &mut |abs, is_dir| {
                // Absolute paths, as `load::index_all` gives them; a path that is not UTF-8,
                // or a directory that cannot be stat'ed, cannot vouch for the names.
                let name = abs.to_str().map(str::to_owned);
                match (is_dir, name) {
                    (false, Some(name)) => files.push(name),
                    (true, Some(name)) => {
                        dirs.push((name, Stat::of(abs).unwrap_or(Stat::UNKNOWN)));
                    }
                    (_, None) => dirs.push((String::new(), Stat::UNKNOWN)),
                }
            })?
        };
        self.dirs = dirs;
        self.files = files;
        // An item's parse does not depend on the config; what rules made of it does.
        let hash = file::config_hash(&backlog.location, &backlog);
        if hash != self.config_hash {
            self.config_hash = hash;
            self.rebuild = true;
            for entry in self.old.values_mut() {
                entry.findings = None;
                entry.missing = None;
            }
        }
        Ok(backlog)
    }

    /// "index: R read, K known": how many item files this run read and how many the index
    /// answered for, printed when `BACKLOG_INDEX_STATS` is set (for tests and benchmarks).
    pub fn stats(&self) -> Option<String> {
        std::env::var_os("BACKLOG_INDEX_STATS")?;
        Some(format!(
            "index: {} read, {} known\n",
            lock(&self.read).len(),
            lock(&self.reused).len()
        ))
    }

    /// True when the item's text was set aside because the index knew it.
    pub fn was_reused(&self, path: &str) -> bool {
        lock(&self.reused).contains(path)
    }

    /// Lint's own findings of a set-aside item, when the index has them.
    pub fn findings(&self, path: &str) -> Option<&[Diagnostic]> {
        self.old.get(path)?.findings.as_deref()
    }

    /// `list`'s gaps of a set-aside item, when the index has them.
    pub fn missing(&self, path: &str) -> Option<&[String]> {
        self.old.get(path)?.missing.as_deref()
    }

    /// Keeps what this run learnt of an item it read, for the next run.
    pub fn learn(
        &mut self,
        path: &str,
        findings: Option<Vec<Diagnostic>>,
        missing: Option<Vec<String>>,
    ) {
        if self.file.is_some() {
            let slot = self.learnt.entry(path.to_owned()).or_default();
            if findings.is_some() {
                slot.0 = findings;
            }
            if missing.is_some() {
                slot.1 = missing;
            }
        }
    }

    /// Writes the index for `backlog` when anything changed. Best effort: a cache that cannot
    /// be written is only a slower next run.
    pub fn save(mut self, backlog: &Backlog) {
        let Some(file) = self.file.take() else {
            return;
        };
        let read = std::mem::take(&mut *lock(&self.read));
        let mut load: HashMap<&str, Vec<Diagnostic>> = HashMap::new();
        for d in &backlog.diagnostics {
            load.entry(d.path.as_str()).or_default().push(d.clone());
        }
        let mut changed = self.rebuild;
        let mut entries: Vec<(&str, (Entry, &Parsed))> = Vec::with_capacity(backlog.items.len());
        for item in &backlog.items {
            let learnt = self.learnt.remove(&item.path).unwrap_or_default();
            if let Some(mut entry) = self.old.remove(&item.path)
                && was(&self.reused, &item.path)
            {
                changed |= (entry.findings.is_none() && learnt.0.is_some())
                    || (entry.missing.is_none() && learnt.1.is_some());
                entry.findings = entry.findings.or(learnt.0);
                entry.missing = entry.missing.or(learnt.1);
                entries.push((&item.path, (entry, &item.parsed)));
                continue;
            }
            // A file read this run is kept when its times are settled; a racy one is read
            // again next time whatever the file says, so it alone is no reason to write.
            let Some(stat) = read.get(&item.path).filter(|s| s.settled(self.started)) else {
                continue;
            };
            let found = load.remove(item.path.as_str()).unwrap_or_default();
            if found.iter().any(|d| judge::is(d.rule, UNREADABLE)) {
                // Not read as text: read again each time, so its finding stays exact.
                continue;
            }
            changed = true;
            entries.push((
                &item.path,
                (new_entry(item, *stat, found, learnt), &item.parsed),
            ));
        }
        // What is left of the old entries are files that are gone.
        changed |= !self.old.is_empty();
        let settled = self.dirs.iter().all(|(_, s)| s.settled(self.started));
        names::save(&file, &self.identity, &self.dirs, settled, &self.files);
        if !changed {
            return;
        }
        let mut w = Writer::default();
        w.str(&self.identity);
        w.str(env!("CARGO_PKG_VERSION"));
        w.u64(self.config_hash);
        w.usize(entries.len());
        for (path, (e, parsed)) in &entries {
            let e = (e, *parsed);
            w.str(path);
            e.0.stat.write(&mut w);
            w.str(&e.0.id);
            w.parsed(e.1);
            diagnostics(&mut w, &e.0.found);
            w.bool(e.0.findings.is_some());
            if let Some(f) = &e.0.findings {
                diagnostics(&mut w, f);
            }
            w.bool(e.0.missing.is_some());
            if let Some(m) = &e.0.missing {
                w.usize(m.len());
                for label in m {
                    w.str(label);
                }
            }
        }
        file::write(&file, MAGIC, VERSION, &w.bytes);
    }

    fn decode(&self, bytes: &[u8]) -> Result<(u64, HashMap<String, Entry>), file::Miss> {
        let body = file::body(bytes, MAGIC, VERSION)?;
        let damaged = |b: codec::Bad| file::Miss::Damaged(b.0.to_owned());
        let mut r = Reader::new(body);
        let identity = r.str().map_err(damaged)?;
        if identity != self.identity {
            return Err(file::Miss::Damaged(
                "was written for another repository".to_owned(),
            ));
        }
        if r.str().map_err(damaged)? != env!("CARGO_PKG_VERSION") {
            return Err(file::Miss::Stale);
        }
        let config_hash = r.u64().map_err(damaged)?;
        let n = r.count().map_err(damaged)?;
        let mut entries = HashMap::with_capacity(n);
        for _ in 0..n {
            let (path, entry) = read_entry(&mut r).map_err(damaged)?;
            entries.insert(path, entry);
        }
        if !r.done() {
            return Err(file::Miss::Damaged("has bytes after its end".to_owned()));
        }
        Ok((config_hash, entries))
    }
}

/// The rules (by name) of a file that could not be read as text (`text::ReadProblem`).
const UNREADABLE: &[&str] = &[
    "invalid-utf8",
    "nul-byte",
    "unreadable",
    "not-regular-file",
    "file-too-large",
    "symlink",
];

fn new_entry(item: &Item, stat: Stat, found: Vec<Diagnostic>, learnt: Learnt) -> Entry {
    Entry {
        stat,
        id: item.id.clone(),
        parsed: Mutex::new(None),
        found,
        findings: learnt.0,
        missing: learnt.1,
    }
}

fn read_entry(r: &mut Reader) -> Result<(String, Entry), codec::Bad> {
    let path = r.string()?;
    let stat = Stat::read(r)?;
    let id = r.string()?;
    let parsed = r.parsed()?;
    let diagnostics = r.diagnostics()?;
    let findings = if r.bool()? {
        Some(r.diagnostics()?)
    } else {
        None
    };
    let missing = if r.bool()? {
        let n = r.count()?;
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            labels.push(r.string()?);
        }
        Some(labels)
    } else {
        None
    };
    Ok((
        path,
        Entry {
            stat,
            id,
            parsed: Mutex::new(Some(parsed)),
            found: diagnostics,
            findings,
            missing,
        },
    ))
}

fn diagnostics(w: &mut Writer, list: &[Diagnostic]) {
    w.usize(list.len());
    for d in list {
        w.diagnostic(d);
    }
}

fn was(set: &Mutex<HashSet<String>>, path: &str) -> bool {
    lock(set).contains(path)
}

/// A poisoned lock only means another thread panicked, which ends the run anyway.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}
