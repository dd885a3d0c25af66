//! Finding a backlog and gathering it from the work tree or from text held in memory.
//!
//! Owns root discovery, the walk over `items/`, and turning each file into an `Item` or a
//! diagnostic, so that every file on disk is accounted for. It reads no git objects: `lint`
//! must give the same answer in a shallow clone, a worktree or outside git.
//!
//! `location` finds the backlog, `read` reads one file safely, `walk` goes over `items/`,
//! `backlog` reads the whole `Backlog` from the disk and `sources` gathers it from the files'
//! text (the same code for `Backlog::from_sources`), and `lazy` reads single items on demand.

mod backlog;
mod lazy;
mod location;
mod read;
mod sources;
mod walk;

#[cfg(test)]
mod tests;

pub use backlog::{Backlog, Item};
pub use lazy::{LazyItems, open_position};
pub use location::{Location, POINTER_FILE, ROOT_ENV, check_inside, display_base};
pub use read::{read, read_item, read_ranking};
pub use sources::{Known, Reuse};
pub use walk::{Index, index, index_all};

pub const CONFIG_FILE: &str = "backlog.toml";
pub const RANKING_FILE: &str = "ranking.txt";
pub const ITEMS_DIR: &str = "items";
