//! The walk over `items/`: which files are items, read on every core.

use super::read::{read_item, read_problem};
use super::{Item, Location};
use crate::diagnostic::Diagnostic;
use crate::text::ReadProblem;
use anyhow::{Context, Result};
use std::path::PathBuf;

/// Names that are not items: hidden files, editor backups and our own temp files.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".bak")
}

pub(super) fn read_items(location: &Location, out: &mut Vec<Diagnostic>) -> Result<Vec<Item>> {
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
