//! What a stat says of a file, and when that is settled enough to trust next time.

use super::codec::{self, Reader, Writer};
use std::path::Path;

/// Times this close to the run's start (or later) are not trusted by the next run: the file
/// system's clock runs up to a tick behind the wall clock, so a write after the run's stat
/// could carry the same times (git's racy timestamps). A file system that keeps whole seconds
/// (both times on a second) gets two seconds.
const RACY_NS: i64 = 50_000_000;
const RACY_COARSE_NS: i64 = 2_000_000_000;

/// What a stat says of a file or directory; any difference means "changed".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    pub size: u64,
    pub mtime: i64,
    pub ctime: i64,
    pub ino: u64,
}

impl Stat {
    /// Matches no real stat, and is never settled.
    pub const UNKNOWN: Stat = Stat {
        size: u64::MAX,
        mtime: i64::MAX,
        ctime: i64::MAX,
        ino: u64::MAX,
    };

    /// The stat of `path` itself (links are not followed); `None` when it cannot be had.
    pub fn of(path: &Path) -> Option<Stat> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(Stat {
                size: meta.size(),
                mtime: meta.mtime().saturating_mul(1_000_000_000) + meta.mtime_nsec(),
                ctime: meta.ctime().saturating_mul(1_000_000_000) + meta.ctime_nsec(),
                ino: meta.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }

    /// Old enough, against the run that saw it, to be trusted by the next run.
    pub(super) fn settled(&self, started: i64) -> bool {
        let coarse = self.mtime % 1_000_000_000 == 0 && self.ctime % 1_000_000_000 == 0;
        let margin = if coarse { RACY_COARSE_NS } else { RACY_NS };
        self.mtime < started - margin && self.ctime < started - margin
    }

    pub(super) fn write(&self, w: &mut Writer) {
        w.u64(self.size);
        w.i64(self.mtime);
        w.i64(self.ctime);
        w.u64(self.ino);
    }

    pub(super) fn read(r: &mut Reader) -> Result<Stat, codec::Bad> {
        Ok(Stat {
            size: r.u64()?,
            mtime: r.i64()?,
            ctime: r.i64()?,
            ino: r.u64()?,
        })
    }
}
