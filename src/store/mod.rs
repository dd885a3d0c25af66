//! The backlog's files one at a time, for the verbs that need a few of them rather than the
//! whole backlog `load` gathers: reading the config, the ranking or one item (`read`), and
//! the locked read-check-swap edits every writing verb shares (`edit`): rank, unrank,
//! new (--rank), renumber and doctor --fix. Bytes reach the disk only through `write`'s
//! recipe; nothing here prints.

mod edit;
mod import;
mod journal;
mod lifecycle;
mod moves;
pub mod read;
pub mod resolve;
pub mod setup;
mod transaction;

pub use edit::{Created, FileEdit, RankingEdit, Renumbering, Store, leftovers};
pub use import::{ImportFiles, Imported, create_tree};
pub use journal::Completed;
pub use lifecycle::{
    Changed, Edit, FieldChange, Intent, Target, Transition, Unticked, done_state, drop_state,
    start_state, unticked,
};
pub use moves::{MoveCheck, Stale, version};
pub use transaction::{Step, Transaction};

/// A write refused because the result would be invalid content: exit 1, nothing changed.
///
/// It lives with the edits that refuse (rather than with the verbs) so `store` needs nothing
/// from above it; `commands` and the crate root re-export it.
#[derive(Debug)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}
