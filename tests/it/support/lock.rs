//! Holding the lock `backlog` writers take (`.git/backlog.lock`, a kernel `flock` through
//! `File::try_lock`), from this process or from another one.

use std::fs::File;
use std::path::Path;
use std::process::{Child, Command, Stdio};

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

/// Another process holding the lock on `path`, so that killing it is a holder's death: this
/// process takes the lock, hands the open file to a `sleep` as its stdin and closes its own
/// copy, leaving the child the only holder. Killed (which frees the lock) when dropped.
pub struct Holder(Child);

impl Holder {
    pub fn start(path: &Path) -> Holder {
        let lock = hold_lock(path);
        let mut sleep = Command::new("sleep");
        sleep
            .arg("600")
            .stdin(Stdio::from(lock))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let child = sleep
            .spawn()
            .unwrap_or_else(|e| panic!("spawn the lock holder: {e}"));
        // Dropping the command closes this process's copy of the locked file.
        drop(sleep);
        Holder(child)
    }

    pub fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Holder {
    fn drop(&mut self) {
        self.kill();
    }
}
