//! Writing files so that a crash leaves either the old bytes or the new, never a torn file.
//!
//! Every write goes through here: a temp file in the same directory, `fsync`, then an atomic
//! rename (or link, for new files, so nothing is ever clobbered), then `fsync` of the directory.
//! Nothing here knows what the bytes mean.

use anyhow::{Context, Result, bail};
use std::fs;
use std::io::Write;
use std::path::Path;

/// Prefix of our temp files; the item walk ignores hidden files, so leftovers are never items.
pub const TEMP_PREFIX: &str = ".backlog-tmp-";

/// Refuses a target whose directory (up to `root`) is a symlink: writes never leave the tree.
/// `show` names a path in the message as the user sees paths (relative to the repository).
pub fn check_no_symlinks(root: &Path, target: &Path, show: impl Fn(&Path) -> String) -> Result<()> {
    let mut dir = target.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) {
            break;
        }
        if fs::symlink_metadata(d).is_ok_and(|m| m.file_type().is_symlink()) {
            bail!(
                "refusing to write {}: {} is a symbolic link",
                show(target),
                show(d)
            );
        }
        dir = d.parent();
    }
    if fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink()) {
        bail!("refusing to write {}: it is a symbolic link", show(target));
    }
    Ok(())
}

/// Creates `path` with `bytes`, failing (and leaving nothing behind) if it already exists.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    create(path, bytes, None)
}

/// Like [`create_new`], with the permissions of `like` (a file being renamed keeps its mode).
pub fn create_new_like(path: &Path, bytes: &[u8], like: &Path) -> Result<()> {
    let permissions = fs::metadata(like)
        .with_context(|| format!("cannot read {}", like.display()))?
        .permissions();
    create(path, bytes, Some(permissions))
}

fn create(path: &Path, bytes: &[u8], permissions: Option<fs::Permissions>) -> Result<()> {
    let dir = parent(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    // tempfile creates 0600 files; ask for 0666 so the umask decides, as for any new file.
    match permissions {
        Some(permissions) => {
            builder.permissions(permissions);
        }
        #[cfg(unix)]
        None => {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        #[cfg(not(unix))]
        None => {}
    }
    let mut temp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    // `persist_noclobber` links the temp file into place, so an existing file is never replaced;
    // on failure the temp file is removed when `temp` drops.
    temp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::anyhow!("{} already exists; nothing was changed", path.display())
        } else {
            anyhow::Error::new(e.error).context(format!("cannot create {}", path.display()))
        }
    })?;
    sync_dir(dir)
}

/// Replaces `path` with `bytes` if it still holds `expected` (compare-and-swap): someone else,
/// say an editor, may have saved it since we read it, and their bytes win. Keeps the mode.
pub fn replace(path: &Path, expected: &[u8], bytes: &[u8]) -> Result<()> {
    let dir = parent(path);
    let meta =
        fs::symlink_metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if !meta.is_file() {
        bail!(
            "refusing to write {}: it is not a regular file",
            path.display()
        );
    }
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .permissions(meta.permissions())
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    let now = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if now != expected {
        return Err(crate::lock::Contention(format!(
            "{} changed on disk while backlog was working; nothing was changed\nhint: run the command again",
            path.display()
        ))
        .into());
    }
    temp.persist(path).map_err(|e| {
        anyhow::Error::new(e.error).context(format!("cannot replace {}", path.display()))
    })?;
    sync_dir(dir)
}

/// Replaces `path` atomically with no compare-and-swap: for caches, which are ours alone and
/// always safe to lose.
pub fn overwrite(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = parent(path);
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    temp.persist(path).map_err(|e| {
        anyhow::Error::new(e.error).context(format!("cannot replace {}", path.display()))
    })?;
    sync_dir(dir)
}

/// The directory of `path`; `.` for a bare file name (git hands merge drivers such names).
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Makes a rename or link durable.
/// Best effort: by now the rename has happened and every reader sees the new file, so
/// failing here would report "nothing changed" about a change that was made. A lost directory
/// fsync only risks the rename on a power cut, which no exit code can help with.
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    let _ = fs::File::open(dir).and_then(|d| d.sync_all());
    let _ = dir;
    Ok(())
}

/// Creates many new files in `dir` at once (an import), none replacing an existing one, with
/// the same recipe as [`create_new`] but one durable step for all: every file is written to a
/// temp file, the temp files are synced in parallel (the file system folds concurrent syncs
/// into few journal commits; one by one, 10,000 files took 47 s of syncing), then each is
/// linked into place and the directory synced once. On an error the files already placed are
/// removed again and the temp files vanish, so it is all or nothing.
pub fn create_many(dir: &Path, files: &[(String, &[u8])]) -> Result<()> {
    let mut temps = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let mut builder = tempfile::Builder::new();
        builder.prefix(TEMP_PREFIX);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let mut temp = builder
            .tempfile_in(dir)
            .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
        temp.write_all(bytes)
            .with_context(|| format!("cannot write {}", dir.join(name).display()))?;
        temps.push(temp);
    }
    let threads = std::thread::available_parallelism()
        .map_or(4, |n| n.get() * 8)
        .min(64);
    let chunk = temps.len().div_ceil(threads).max(1);
    let synced: Result<(), std::io::Error> = std::thread::scope(|scope| {
        let workers: Vec<_> = temps
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().try_for_each(|t| t.as_file().sync_all())))
            .collect();
        workers.into_iter().try_for_each(|w| {
            w.join()
                .unwrap_or_else(|_| Err(std::io::Error::other("a sync thread panicked")))
        })
    });
    synced.with_context(|| format!("cannot write the new files in {}", dir.display()))?;
    let mut placed: Vec<std::path::PathBuf> = Vec::with_capacity(files.len());
    for (temp, (name, _)) in temps.into_iter().zip(files) {
        let path = dir.join(name);
        if let Err(e) = temp.persist_noclobber(&path) {
            for done in &placed {
                let _ = fs::remove_file(done);
            }
            sync_dir(dir)?;
            return Err(if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                anyhow::anyhow!("{} already exists; nothing was changed", path.display())
            } else {
                anyhow::Error::new(e.error).context(format!("cannot create {}", path.display()))
            });
        }
        placed.push(path);
    }
    sync_dir(dir)
}

/// Creates a directory and its parents, refusing to go through symlinks.
pub fn create_dir(path: &Path) -> Result<()> {
    fs::create_dir_all(path).with_context(|| format!("cannot create {}", path.display()))
}

/// The bytes of a file this tool keeps for itself (a cache, an index), read back only when it
/// is a regular file: never through a symlink, never blocking on a FIFO or device, never more
/// than `max` bytes. `Ok(None)` when it is absent; `Err` says why it is not to be trusted.
pub fn read_regular(file: &Path, max: u64) -> std::result::Result<Option<Vec<u8>>, String> {
    let meta = match std::fs::symlink_metadata(file) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot be read ({e})")),
    };
    if meta.file_type().is_symlink() {
        return Err("is a symlink".to_owned());
    }
    if !meta.is_file() {
        return Err(if meta.is_dir() {
            "is a directory".to_owned()
        } else {
            "is not a regular file".to_owned()
        });
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Swapped for a FIFO or a link since the check above: fail, never block or follow.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let opened = options
        .open(file)
        .map_err(|e| format!("cannot be read ({e})"))?;
    let meta = opened
        .metadata()
        .map_err(|e| format!("cannot be read ({e})"))?;
    if !meta.is_file() {
        return Err("is not a regular file".to_owned());
    }
    if meta.len() > max {
        return Err(format!("is over {max} bytes"));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    use std::io::Read as _;
    opened
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot be read ({e})"))?;
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_is_compare_and_swap() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("ranking.txt");
        fs::write(&path, b"old").unwrap_or_else(|e| panic!("{e}"));
        replace(&path, b"old", b"new").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fs::read(&path).unwrap_or_default(), b"new");
        let err = replace(&path, b"old", b"newer")
            .err()
            .map(|e| e.is::<crate::lock::Contention>());
        assert_eq!(err, Some(true));
        assert_eq!(fs::read(&path).unwrap_or_default(), b"new");
        assert_eq!(
            fs::read_dir(dir.path()).map(|d| d.count()).unwrap_or(0),
            1,
            "no temp file left"
        );
    }

    #[test]
    fn create_new_never_clobbers_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("a.md");
        create_new(&path, b"one").unwrap_or_else(|e| panic!("{e}"));
        assert!(create_new(&path, b"two").is_err());
        assert_eq!(fs::read(&path).unwrap_or_default(), b"one");
        let names: Vec<_> = fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["a.md"]);
    }
}
