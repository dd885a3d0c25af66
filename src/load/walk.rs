//! Which files under `items/` are items, and the walk that reads them from the disk.

use super::Location;
use super::read::{read_item_file, read_problem};
use super::sources::{Content, ItemFile, Reuse, in_parallel};
use crate::diagnostic::Diagnostic;
use crate::text::ReadProblem;
use anyhow::{Context, Result};
use std::collections::HashMap;
use std::path::PathBuf;

/// Names that are not items: hidden files, editor backups and our own temp files.
pub(super) fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".bak")
}

/// What the file `name` under `items/` is: `None` when it is not an item file at all (not
/// Markdown, or the README), else its ID, or a diagnostic when the name does not start with one.
pub(super) fn item_id<'a>(name: &'a str, path: &str) -> Option<Result<&'a str, Diagnostic>> {
    if !name.ends_with(".md") || name.eq_ignore_ascii_case("README.md") {
        return None;
    }
    Some(crate::id::id_from_file_name(name).ok_or_else(|| {
        Diagnostic::new("ID003", path, "file name does not start with an item ID")
            .help("name item files ID-slug.md, such as MS-12-view-teams.md")
    }))
}

/// The item files under `items/`, read from the disk on every core and sorted by path; what
/// keeps a file from being read (a link, a name that is not UTF-8) goes to `out`.
/// With `reuse`, a file the hook knows unchanged is not read. `seen` is told of each directory
/// before it is listed (the items directory first; `true`) and of each regular file whose name
/// starts with an ID (`false`): the names [`index_all`] would list.
pub(super) fn read_items(
    location: &Location,
    out: &mut Vec<Diagnostic>,
    reuse: Option<Reuse>,
    seen: &mut dyn FnMut(&std::path::Path, bool),
) -> Result<Vec<ItemFile>> {
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
    seen(&dir, true);
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
            seen(abs, true);
            continue;
        }
        let Some(name) = entry.file_name().to_str() else {
            out.push(
                Diagnostic::new("PATH004", &path, "file name is not valid UTF-8")
                    .help("rename the file to ID-slug.md using UTF-8 characters"),
            );
            continue;
        };
        if file_type.is_file() && crate::id::id_from_file_name(name).is_some() {
            seen(abs, false);
        }
        if file_type.is_symlink() {
            out.push(read_problem(&ReadProblem::Symlink, &[], &path));
            continue;
        }
        let id = match item_id(name, &path) {
            None => continue,
            Some(Err(d)) => {
                out.push(d);
                continue;
            }
            Some(Ok(id)) => id,
        };
        jobs.push((id.to_owned(), abs.to_path_buf(), path));
    }
    jobs.sort_unstable_by(|a, b| a.2.cmp(&b.2));
    Ok(in_parallel(jobs, |(id, abs, path)| {
        if let Some(known) = reuse.and_then(|hook| hook(&abs, &path)) {
            return ItemFile {
                id,
                path,
                abs,
                content: Content::Known(Box::new(known)),
                parsed: None,
            };
        }
        read_item_file(&id, &abs, path)
    }))
}

/// The item files by ID (lowercased) from their names alone, reading no file: what `show`
/// and `new` need without parsing the whole backlog. Links and odd names are left to `lint`.
/// Of two files with one ID (an error lint reports) the smaller path is kept.
pub fn index(location: &Location) -> Result<HashMap<String, PathBuf>> {
    Ok(index_all(location)?.first)
}

/// The listing behind [`index`], with the files that share an ID kept too.
#[derive(Debug, Default)]
pub struct Index {
    /// Lowercased ID → the file with the smallest path holding it.
    pub first: HashMap<String, PathBuf>,
    /// Lowercased ID → the other files holding it (only for IDs in more than one file).
    pub others: HashMap<String, Vec<PathBuf>>,
}

/// Lists `items/` once by file name, keeping every file of an ID that two files share.
pub fn index_all(location: &Location) -> Result<Index> {
    let mut found = Index::default();
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
        let Some(name) = entry.file_name().to_str() else {
            continue;
        };
        let Some(id) = crate::id::id_from_file_name(name) else {
            continue;
        };
        // The smaller path wins, whatever order the directory lists them in.
        let key = id.to_ascii_lowercase();
        let mut path = entry.into_path();
        match found.first.get_mut(&key) {
            Some(existing) => {
                if path < *existing {
                    std::mem::swap(existing, &mut path);
                }
                let others = found.others.entry(key).or_default();
                others.push(path);
                others.sort_unstable();
            }
            None => {
                found.first.insert(key, path);
            }
        }
    }
    Ok(found)
}
