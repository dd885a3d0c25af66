//! One short file per verb: load → compute → render → outcome. Logic lives in the noun modules.

pub mod diff;
pub mod doctor;
pub mod history;
pub mod init;
pub mod lint;
pub mod list;
pub mod merge_driver;
pub mod meta;
pub mod new;
pub mod rank;
pub mod renumber;
pub mod show;

use std::path::PathBuf;

/// What every command gets from the global flags.
pub struct Context {
    pub cwd: PathBuf,
    pub root: Option<PathBuf>,
    pub color: anstream::ColorChoice,
}
