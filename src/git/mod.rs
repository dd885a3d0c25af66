//! The only module that names git2. Callers get plain values (paths, ID lists), never git2
//! types, and every libgit2 error becomes a message that says what to do.
//!
//! It sits below every other module that reads git and imports none of them: `history` builds
//! on its plain values (`CommitInfo`, `FileHistory`), never the other way round.

mod changes;
mod commit;
mod index_state;
mod repo;
mod setup;
mod tree;
mod walk;

pub use changes::{ChangeCommit, DirChanges, FileChange, Tag};
pub use commit::{CommitInfo, Identity, hash_bytes, rfc3339};
pub use repo::{Head, Repo};
pub use setup::{DriverRun, MERGE_DRIVER, driver_command};
pub use walk::{FileHistory, Step, StepKey};

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod tests;
