//! The one gathering of a `Backlog` from its files' text, wherever the text came from.
//!
//! `Backlog::load` reads the work tree into [`Files`] and `Backlog::from_sources` builds them
//! from memory (editor buffers, git trees); [`gather`] parses both the same way, so lint cannot
//! tell where a file came from. Nothing here touches the disk.

use super::read::decode;
use super::walk::{is_ignored, item_id};
use super::{Backlog, CONFIG_FILE, ITEMS_DIR, Item, Location, RANKING_FILE};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::item::{self, Parsed};
use crate::ranking::Ranking;
use crate::text::Source;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A file's text, or why there is none.
pub(super) enum Content {
    Text(Source),
    /// The file is there, but not as text we can read; the diagnostic says why.
    Unreadable(Diagnostic),
    /// A file the work-tree index knows unchanged: its parse, without its text.
    Known(Box<Known>),
}

/// What a cache knows of an item file it saw unchanged: the typed fields of its parse and
/// what reading it found. The item is built with no `source`: every rule that needs the text
/// skips it, so the caller either supplies those rules' findings or reads the file.
#[derive(Debug, Clone)]
pub struct Known {
    pub parsed: Parsed,
    pub diagnostics: Vec<Diagnostic>,
}

/// A hook asked for each item file before it is read (absolute and display path): `Some`
/// when the file is known unchanged, so it is not read.
pub type Reuse<'a> = &'a (dyn Fn(&std::path::Path, &str) -> Option<Known> + Sync);

/// One item file before parsing, its ID already known from its name.
pub(super) struct ItemFile {
    pub id: String,
    /// Path as shown to the user.
    pub path: String,
    pub abs: PathBuf,
    pub content: Content,
    /// What parsing the text found, when the thread that read the file parsed it right away
    /// (`Backlog::load`); `None` until then.
    pub parsed: Option<(Parsed, Vec<Diagnostic>)>,
}

impl ItemFile {
    /// Parses the text now, on the calling thread, so that a file is parsed while its bytes
    /// are still in the cache of the core that read them.
    pub(super) fn parse_now(mut self) -> ItemFile {
        if self.parsed.is_none()
            && let Content::Text(source) = &self.content
        {
            let mut found = Vec::new();
            let parsed = item::parse(source, &self.path, &mut found);
            self.parsed = Some((parsed, found));
        }
        self
    }
}

/// A backlog's files, not yet parsed.
pub(super) struct Files {
    /// `None` when there is no such file.
    pub config: Option<Content>,
    /// `None` when there is no such file.
    pub ranking: Option<Content>,
    /// Sorted by path.
    pub items: Vec<ItemFile>,
    /// Problems with the listing of `items/` itself (names, links), found before any read.
    pub listing: Vec<Diagnostic>,
}

impl Backlog {
    /// Gathers a backlog from files held in memory, touching no disk: an editor's unsaved
    /// buffers, or the files of a git tree. Each path is relative to the backlog directory and
    /// written with `/`: `backlog.toml`, `ranking.txt`, `items/<file>.md` (sub-directories too);
    /// other paths are ignored. Of two files with one path the later wins, so buffers can follow
    /// the disk's files to replace them. The text may be a `String` or raw bytes; bytes that are
    /// not UTF-8 or hold a NUL are reported as on disk. `location` only names the files.
    ///
    /// Gathering is the code `load` runs after reading, so the same files give the same
    /// diagnostics: a missing `backlog.toml` means the built-in defaults and a missing
    /// `ranking.txt` is reported. What only a disk has stays with `load`: unreadable files,
    /// links, size caps, names that are not UTF-8.
    pub fn from_sources<T: Into<Vec<u8>>>(
        location: Location,
        files: impl IntoIterator<Item = (String, T)>,
    ) -> Backlog {
        let mut latest = BTreeMap::new();
        for (path, text) in files {
            latest.insert(path, text);
        }
        let mut gathered = Files {
            config: None,
            ranking: None,
            items: Vec::new(),
            listing: Vec::new(),
        };
        let named = |rel: &str| {
            let abs = location.root.join(rel);
            let path = location.display(&abs);
            (abs, path)
        };
        for (rel, text) in latest {
            match rel.as_str() {
                CONFIG_FILE => {
                    let (_, path) = named(&rel);
                    gathered.config = Some(decode(text.into(), &path));
                }
                RANKING_FILE => {
                    let (_, path) = named(&rel);
                    gathered.ranking = Some(decode(text.into(), &path));
                }
                _ => {
                    let Some(name) = item_file_name(&rel) else {
                        continue;
                    };
                    let (abs, path) = named(&rel);
                    match item_id(name, &path) {
                        None => {}
                        Some(Err(d)) => gathered.listing.push(d),
                        Some(Ok(id)) => gathered.items.push(ItemFile {
                            id: id.to_owned(),
                            content: decode(text.into(), &path),
                            path,
                            abs,
                            parsed: None,
                        }),
                    }
                }
            }
        }
        gathered.items.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        gather(location, gathered)
    }
}

/// The file name of `rel` when it lies below `items/` where the walk would find it: no part of
/// the path hidden or a backup (those directories are never entered), none empty.
fn item_file_name(rel: &str) -> Option<&str> {
    let below = rel.strip_prefix(ITEMS_DIR)?.strip_prefix('/')?;
    if below
        .split('/')
        .any(|part| part.is_empty() || is_ignored(part))
    {
        return None;
    }
    below.rsplit('/').next()
}

/// Builds the backlog from its files: the config first (its diagnostics first too), then the
/// ranking, the listing's problems, and each item's in path order.
pub(super) fn gather(location: Location, files: Files) -> Backlog {
    let mut diagnostics = Vec::new();
    let config_path = location.display(&location.config_path());
    let (config, config_source) = match files.config {
        Some(Content::Text(source)) => (
            Config::parse(&source, &config_path, &mut diagnostics),
            Some(source),
        ),
        Some(Content::Unreadable(d)) => {
            diagnostics.push(d);
            (Config::default(), None)
        }
        // Only item files are ever known to the index.
        Some(Content::Known(_)) | None => (Config::default(), None),
    };
    let ranking_path = location.display(&location.ranking_path());
    let ranking = match files.ranking {
        Some(Content::Text(source)) => {
            Some(Ranking::parse(source, &ranking_path, &mut diagnostics))
        }
        Some(Content::Unreadable(d)) => {
            diagnostics.push(d);
            None
        }
        Some(Content::Known(_)) | None => {
            diagnostics.push(
                Diagnostic::new("ORD004", &ranking_path, "ranking.txt is missing").help(
                    "create it (an empty file will do), or run `backlog init` in a new backlog",
                ),
            );
            None
        }
    };
    diagnostics.extend(files.listing);
    // Files the reader parsed already need no second round of threads, nor a vector of
    // results beside the items.
    let unparsed = files
        .items
        .iter()
        .any(|f| f.parsed.is_none() && matches!(f.content, Content::Text(_)));
    let mut items = Vec::with_capacity(files.items.len());
    if unparsed {
        let parsed = in_parallel(files.items, |file| {
            let mut found = Vec::new();
            (parse_item(file, &mut found), found)
        });
        for (item, found) in parsed {
            items.push(item);
            diagnostics.extend(found);
        }
    } else {
        for file in files.items {
            items.push(parse_item(file, &mut diagnostics));
        }
    }
    Backlog {
        location,
        config,
        config_source,
        items,
        ranking,
        diagnostics,
    }
}

/// Parses one item file; a file without text is still an item, with its reason reported.
pub(super) fn parse_item(file: ItemFile, out: &mut Vec<Diagnostic>) -> Item {
    let source = match file.content {
        Content::Text(source) => Some(source),
        Content::Unreadable(d) => {
            out.push(d);
            None
        }
        Content::Known(known) => {
            let Known {
                parsed,
                diagnostics,
            } = *known;
            out.extend(diagnostics);
            return Item {
                id: file.id,
                path: file.path,
                abs: file.abs,
                source: None,
                parsed,
            };
        }
    };
    let parsed = match (file.parsed, &source) {
        (Some((parsed, found)), _) => {
            out.extend(found);
            parsed
        }
        (None, Some(source)) => item::parse(source, &file.path, out),
        (None, None) => Parsed::default(),
    };
    Item {
        id: file.id,
        path: file.path,
        abs: file.abs,
        source,
        parsed,
    }
}

/// Runs `job` over `jobs` on up to eight cores; the results keep the jobs' order. Workers take
/// the next block of jobs as they finish one, so a core slowed by other work does not hold
/// the rest back.
pub(super) fn in_parallel<T: Send, R: Send>(jobs: Vec<T>, job: impl Fn(T) -> R + Sync) -> Vec<R> {
    const BLOCK: usize = 64;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
        .min(jobs.len().div_ceil(256));
    // Small backlogs are not worth a thread.
    if threads <= 1 {
        return jobs.into_iter().map(job).collect();
    }
    let count = jobs.len();
    let queue = std::sync::Mutex::new(jobs.into_iter().enumerate());
    let next_block = || {
        let mut queue = queue
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let block: Vec<(usize, T)> = queue.by_ref().take(BLOCK).collect();
        (!block.is_empty()).then_some(block)
    };
    let job = &job;
    let next_block = &next_block;
    let worker = move || {
        let mut done: Vec<(usize, Vec<R>)> = Vec::new();
        while let Some(block) = next_block() {
            let first = block[0].0;
            done.push((first, block.into_iter().map(|(_, t)| job(t)).collect()));
        }
        done
    };
    let mut blocks: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    blocks.sort_unstable_by_key(|(first, _)| *first);
    let mut out = Vec::with_capacity(count);
    for (_, part) in blocks {
        out.extend(part);
    }
    out
}
