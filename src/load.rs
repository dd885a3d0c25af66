//! Finding a backlog and gathering it from the work tree.
//!
//! Owns root discovery, the walk over `items/`, and turning each file into an `Item` or a
//! diagnostic, so that every file on disk is accounted for. It reads no git objects: `lint`
//! must give the same answer in a shallow clone, a worktree or outside git.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::item::{self, Parsed};
use crate::ranking::Ranking;
use crate::text::{self, ReadProblem, Source};
use anyhow::{Context, Result, bail};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "backlog.toml";
pub const RANKING_FILE: &str = "ranking.txt";
pub const ITEMS_DIR: &str = "items";

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

/// Where the backlog is and how to name its files.
#[derive(Debug, Clone)]
pub struct Location {
    /// The backlog directory, holding backlog.toml.
    pub root: PathBuf,
    /// Paths are shown relative to this: the repository's top level, else the current directory.
    pub base: PathBuf,
}

impl Location {
    /// Finds the backlog: `--root` (the backlog directory, or a directory holding `backlog/`),
    /// else the nearest directory at or above `cwd` that has `backlog.toml` or `backlog/backlog.toml`.
    pub fn find(cwd: &Path, explicit: Option<&Path>) -> Result<Location> {
        let root = match explicit {
            Some(dir) => {
                let dir = cwd.join(dir);
                if dir.join(CONFIG_FILE).is_file() {
                    dir
                } else if dir.join("backlog").join(CONFIG_FILE).is_file() {
                    dir.join("backlog")
                } else {
                    bail!(
                        "not a backlog: {} has no {CONFIG_FILE} (nor backlog/{CONFIG_FILE})\nhint: create one with `backlog init`",
                        dir.display()
                    );
                }
            }
            None => cwd
                .ancestors()
                .find_map(|dir| {
                    if dir.join(CONFIG_FILE).is_file() {
                        Some(dir.to_path_buf())
                    } else if dir.join("backlog").join(CONFIG_FILE).is_file() {
                        Some(dir.join("backlog"))
                    } else {
                        None
                    }
                })
                .with_context(|| {
                    format!(
                        "not a backlog: no {CONFIG_FILE} in {} or any parent directory\nhint: create one with `backlog init`, or point at it with --root DIR",
                        cwd.display()
                    )
                })?,
        };
        let root = root
            .canonicalize()
            .with_context(|| format!("cannot resolve {}", root.display()))?;
        Ok(Location {
            base: display_base(&root, cwd),
            root,
        })
    }

    /// Path of `abs` as shown to the user: relative to the base, with `/`.
    pub fn display(&self, abs: &Path) -> String {
        // Fast path for the common case of UTF-8 paths below the base: plain string slicing.
        #[cfg(unix)]
        if let (Some(a), Some(b)) = (abs.to_str(), self.base.to_str())
            && let Some(rest) = a.strip_prefix(b)
            && (rest.starts_with('/') || b.ends_with('/'))
        {
            return rest.trim_start_matches('/').to_owned();
        }
        let rel = abs.strip_prefix(&self.base).unwrap_or(abs);
        let mut out = String::new();
        for (i, part) in rel.components().enumerate() {
            if i > 0 {
                out.push('/');
            }
            out.push_str(&part.as_os_str().to_string_lossy());
        }
        out
    }

    pub fn config_path(&self) -> PathBuf {
        self.root.join(CONFIG_FILE)
    }

    pub fn ranking_path(&self) -> PathBuf {
        self.root.join(RANKING_FILE)
    }

    pub fn items_dir(&self) -> PathBuf {
        self.root.join(ITEMS_DIR)
    }
}

/// The top of the git work tree holding `root` (found by looking for `.git`, without opening
/// the repository), else `cwd` when the backlog is below it, else the file-system root.
pub fn display_base(root: &Path, cwd: &Path) -> PathBuf {
    if let Some(top) = root.ancestors().find(|dir| dir.join(".git").exists()) {
        return top.to_path_buf();
    }
    let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    if root.starts_with(&cwd) {
        cwd
    } else {
        PathBuf::from("/")
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

/// Reads a file as checked text, or records why it cannot be.
pub fn read(abs: &Path, path: &str, out: &mut Vec<Diagnostic>) -> Option<Source> {
    read_up_to(abs, path, text::MAX_FILE_BYTES, out)
}

/// Reads ranking.txt, which may be larger than an item.
pub fn read_ranking(abs: &Path, path: &str, out: &mut Vec<Diagnostic>) -> Option<Source> {
    read_up_to(abs, path, text::MAX_RANKING_BYTES, out)
}

fn read_up_to(abs: &Path, path: &str, limit: u64, out: &mut Vec<Diagnostic>) -> Option<Source> {
    match text::read_checked_up_to(abs, limit) {
        Ok(source) => Some(source),
        Err((problem, bytes)) => {
            out.push(read_problem(&problem, &bytes, path));
            None
        }
    }
}

fn read_problem(problem: &ReadProblem, bytes: &[u8], path: &str) -> Diagnostic {
    let d = Diagnostic::new(problem.code(), path, String::new());
    match problem {
        ReadProblem::Symlink => Diagnostic {
            message: "is a symbolic link; links are never followed".into(),
            ..d
        }
        .help("replace the link with the file itself"),
        ReadProblem::NotRegular => Diagnostic {
            message: "is not a regular file".into(),
            ..d
        }
        .help("item files must be plain files"),
        ReadProblem::TooLarge(len, limit) => Diagnostic {
            message: format!("file is {len} bytes; the limit is {limit}"),
            ..d
        }
        .help("keep items short; link to long documents instead"),
        ReadProblem::Nul(pos) => {
            let (line, col) = text::raw_position(bytes, *pos);
            Diagnostic {
                message: "contains a NUL byte (a binary or UTF-16 file?)".into(),
                ..d
            }
            .at_position(line, col)
            .help("save the file as UTF-8 text")
        }
        ReadProblem::InvalidUtf8(pos) => {
            let (line, col) = text::raw_position(bytes, *pos);
            Diagnostic {
                message: "is not valid UTF-8".into(),
                ..d
            }
            .at_position(line, col)
            .help("save the file as UTF-8 text")
        }
        ReadProblem::Io(e) => Diagnostic {
            message: format!("cannot be read: {e}"),
            ..d
        }
        .help("check the file's permissions"),
    }
}

/// Names that are not items: hidden files, editor backups and our own temp files.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".bak")
}

fn read_items(location: &Location, out: &mut Vec<Diagnostic>) -> Result<Vec<Item>> {
    let dir = location.items_dir();
    let meta = match std::fs::symlink_metadata(&dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
    };
    if !meta.is_dir() {
        out.push(
            Diagnostic::new(
                if meta.file_type().is_symlink() {
                    "PATH010"
                } else {
                    "FS002"
                },
                &location.display(&dir),
                "the items directory must be a real directory (links are never followed)",
            )
            .help("make backlog/items a plain directory inside the repository"),
        );
        return Ok(Vec::new());
    }
    let mut jobs = Vec::new();
    // Unsorted walk, then one sort of the collected paths as strings: walkdir's sort by file
    // name re-parses path components in every comparison, which dominated large backlogs.
    let walker = walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_str().is_some_and(is_ignored));
    for entry in walker {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let abs = entry.path();
        let path = location.display(abs);
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        let Some(name) = entry.file_name().to_str() else {
            out.push(
                Diagnostic::new("PATH004", &path, "file name is not valid UTF-8")
                    .help("rename the file to ID-slug.md using UTF-8 characters"),
            );
            continue;
        };
        if file_type.is_symlink() {
            out.push(read_problem(&ReadProblem::Symlink, &[], &path));
            continue;
        }
        if !name.ends_with(".md") || name.eq_ignore_ascii_case("README.md") {
            continue;
        }
        let Some(id) = crate::id::id_from_file_name(name) else {
            out.push(
                Diagnostic::new("ID003", &path, "file name does not start with an item ID")
                    .help("name item files ID-slug.md, such as MS-12-view-teams.md"),
            );
            continue;
        };
        jobs.push((id.to_owned(), abs.to_path_buf(), path));
    }
    jobs.sort_unstable_by(|a, b| a.2.cmp(&b.2));
    Ok(read_in_parallel(jobs, out))
}

/// Reads and parses item files on every core; results keep the walk's order.
fn read_in_parallel(jobs: Vec<(String, PathBuf, String)>, out: &mut Vec<Diagnostic>) -> Vec<Item> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    // Small backlogs are not worth a thread.
    let chunk = jobs.len().div_ceil(threads).max(256);
    let results: Vec<(Vec<Item>, Vec<Diagnostic>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut found = Vec::new();
                    let items = part
                        .iter()
                        .map(|(id, abs, path)| read_item(id, abs, path.clone(), &mut found))
                        .collect();
                    (items, found)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut items = Vec::with_capacity(jobs.len());
    for (part, found) in results {
        items.extend(part);
        out.extend(found);
    }
    items
}

/// Reads and parses one item file whose ID is already known from its name.
pub fn read_item(id: &str, abs: &Path, path: String, out: &mut Vec<Diagnostic>) -> Item {
    let source = read(abs, &path, out);
    let parsed = match &source {
        Some(source) => item::parse(source, &path, out),
        None => Parsed::default(),
    };
    Item {
        id: id.to_owned(),
        path,
        abs: abs.to_path_buf(),
        source,
        parsed,
    }
}

/// The item files by ID (lowercased) from their names alone, reading no file: what `show`
/// and `new` need without parsing the whole backlog. Links and odd names are left to `lint`.
pub fn index(location: &Location) -> Result<std::collections::HashMap<String, PathBuf>> {
    let mut found = std::collections::HashMap::new();
    let dir = location.items_dir();
    if !std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
        return Ok(found);
    }
    let walker = walkdir::WalkDir::new(&dir)
        .min_depth(1)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_str().is_some_and(is_ignored));
    for entry in walker {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        if let Some(id) = entry
            .file_name()
            .to_str()
            .and_then(crate::id::id_from_file_name)
        {
            // Two files with one ID (an error lint reports): the smaller path wins, whatever
            // order the directory lists them in.
            let key = id.to_ascii_lowercase();
            let path = entry.into_path();
            match found.get_mut(&key) {
                Some(existing) if path < *existing => *existing = path,
                Some(_) => {}
                None => {
                    found.insert(key, path);
                }
            }
        }
    }
    Ok(found)
}

/// Reads items by ID on demand, each at most once.
pub struct LazyItems<'a> {
    location: &'a Location,
    index: &'a HashMap<String, PathBuf>,
    cache: HashMap<String, Option<Item>>,
}

impl<'a> LazyItems<'a> {
    pub fn new(location: &'a Location, index: &'a HashMap<String, PathBuf>) -> Self {
        LazyItems {
            location,
            index,
            cache: HashMap::new(),
        }
    }

    pub fn get(&mut self, id: &str) -> Option<&Item> {
        let key = id.to_ascii_lowercase();
        if !self.cache.contains_key(&key) {
            let item = self.index.get(&key).map(|abs| {
                let name = abs
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let id = crate::id::id_from_file_name(&name).unwrap_or(id).to_owned();
                read_item(&id, abs, self.location.display(abs), &mut Vec::new())
            });
            self.cache.insert(key.clone(), item);
        }
        self.cache.get(&key).and_then(Option::as_ref)
    }
}

/// The item's position among open ranked items, reading only the items ranked above it, and
/// only while that position could still fall within the top N.
pub fn open_position(
    item: &Item,
    config: &Config,
    ranking: Option<&Ranking>,
    reader: &mut LazyItems,
) -> Option<usize> {
    let ranking = ranking?;
    if config.is_closed(item.state()) {
        return None;
    }
    let mut position = 0;
    for entry in ranking.ranked() {
        if entry.id.eq_ignore_ascii_case(&item.id) {
            return Some(position + 1);
        }
        if position >= config.ready.top {
            return None;
        }
        if let Some(other) = reader.get(&entry.id)
            && !config.is_closed(other.state())
        {
            position += 1;
        }
    }
    None
}
