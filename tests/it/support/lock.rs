//! Holding the lock `backlog` writers take (`.git/backlog.lock`, a kernel `flock` through
//! `File::try_lock`), from this process.

use std::fs::File;
use std::path::Path;

/// Takes the lock on `path` from this process; it is released when the file is dropped.
pub fn hold_lock(path: &Path) -> File {
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .unwrap_or_else(|e| panic!("open lock {path:?}: {e}"));
    file.try_lock()
        .unwrap_or_else(|e| panic!("lock {path:?}: {e}"));
    file
}
