//! Finding a backlog and gathering it from the work tree.
//!
//! Owns root discovery, the walk over `items/`, and turning each file into an `Item` or a
//! diagnostic, so that every file on disk is accounted for. It reads no git objects: `lint`
//! must give the same answer in a shallow clone, a worktree or outside git.
//!
//! `location` finds the backlog, `read` reads one file safely, `walk` goes over `items/`,
//! `backlog` gathers the whole `Backlog`, and `lazy` reads single items on demand.

mod backlog;
mod lazy;
mod location;
mod read;
mod walk;

#[cfg(test)]
mod tests;

pub use backlog::{Backlog, Item};
pub use lazy::{LazyItems, open_position};
pub use location::{Location, display_base};
pub use read::{read, read_item, read_ranking};
pub use walk::index;

pub const CONFIG_FILE: &str = "backlog.toml";
pub const RANKING_FILE: &str = "ranking.txt";
pub const ITEMS_DIR: &str = "items";
