//! The file names of `items/` alone, for `show` and `rank`: which file holds an ID, without
//! listing a directory of 10,000 names. Trusted only while every directory under `items/`
//! has the stat it had when it was listed (adding, removing or renaming a file changes its
//! directory's times) and those times were settled then; otherwise the directory is listed.

use super::codec::{Reader, Writer};
use super::{Stat, file};
use crate::load::{self, Location};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The names file, beside the index.
pub const NAMES_FILE: &str = "items-names";
const MAGIC: &[u8] = b"backlog work-tree names\n";
const VERSION: u32 = 1;

/// Writes the names when they differ from the file's; best effort.
pub(super) fn save(
    index_file: &Path,
    identity: &str,
    dirs: &[(String, Stat)],
    settled: bool,
    files: &[String],
) {
    let mut w = Writer::default();
    w.str(identity);
    w.str(env!("CARGO_PKG_VERSION"));
    w.bool(settled);
    w.usize(dirs.len());
    for (path, stat) in dirs {
        w.str(path);
        stat.write(&mut w);
    }
    w.usize(files.len());
    for path in files {
        w.str(path);
    }
    let target = index_file.with_file_name(NAMES_FILE);
    if let Ok(bytes) = file::open_regular(&target)
        && file::body(&bytes, MAGIC, VERSION).is_ok_and(|body| body == w.bytes)
    {
        return;
    }
    file::write(&target, MAGIC, VERSION, &w.bytes);
}

/// The listing [`load::index_all`] makes, from the names file when it is fresh, else from the
/// directory.
pub fn index_all(location: &Location, enabled: bool) -> anyhow::Result<load::Index> {
    if enabled && let Some(found) = fresh(location) {
        return Ok(found);
    }
    load::index_all(location)
}

/// [`load::index`] the same way.
pub fn index(location: &Location, enabled: bool) -> anyhow::Result<HashMap<String, PathBuf>> {
    Ok(index_all(location, enabled)?.first)
}

fn fresh(location: &Location) -> Option<load::Index> {
    let git_dir = file::git_dir(location)?;
    let path = git_dir.join("backlog").join(NAMES_FILE);
    let bytes = file::open_regular(&path).ok()?;
    let body = file::body(&bytes, MAGIC, VERSION).ok()?;
    let mut r = Reader::new(body);
    let abs = |p: &str| PathBuf::from(p);
    if r.str().ok()? != file::identity(&git_dir, location)
        || r.str().ok()? != env!("CARGO_PKG_VERSION")
        || !r.bool().ok()?
    {
        return None;
    }
    let dirs = r.count().ok()?;
    if dirs == 0 {
        return None;
    }
    for _ in 0..dirs {
        let dir = abs(r.str().ok()?);
        let stat = Stat::read(&mut r).ok()?;
        if Stat::of(&dir) != Some(stat) {
            return None;
        }
    }
    let n = r.count().ok()?;
    let mut found = load::Index::default();
    for _ in 0..n {
        let mut path = abs(r.str().ok()?);
        let name = path.file_name()?.to_str()?;
        let key = crate::id::id_from_file_name(name)?.to_ascii_lowercase();
        // As `load::index_all`: the smaller path wins, the others are kept sorted.
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
    r.done().then_some(found)
}
