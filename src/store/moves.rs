//! One move of one item in ranking.txt, as `rank` and `serve` both make it: the same
//! `Ranking::moved` under the lock, with the same compare-and-swap write (`edit_ranking`),
//! plus the two checks a page that shows a ranking needs: the ranking is still the version
//! the page showed, and a move up states why when `[policy] move_up_needs_reason` asks.

use super::{RankingEdit, Refused, Store};
use crate::ranking::{MoveError, Position, Reason};
use anyhow::Result;
use std::cell::Cell;

/// The checks a move makes beyond those `rank` makes.
#[derive(Debug, Clone, Copy, Default)]
pub struct MoveCheck<'a> {
    /// The ranking's [`version`] the requester saw; a different one refuses the move.
    pub version: Option<&'a str>,
    /// Refuse a move up without a reason (`[policy] move_up_needs_reason`).
    pub reason_when_up: bool,
}

/// The ranking changed since the requester read it: nothing was written (exit 1).
#[derive(Debug)]
pub struct Stale(pub String);

impl std::fmt::Display for Stale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Stale {}

/// A short fingerprint of ranking.txt's bytes (64-bit FNV-1a, hex): what a page sends back
/// to say which ranking it saw. Not a security measure, a compare-and-swap token.
pub fn version(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}-{}", text.len())
}

enum Refusal {
    Stale,
    NeedsReason(String),
}

impl Store {
    /// Moves `id` to `position` with `reason`, as `backlog rank` does, after `check`.
    /// A stale version is a [`Stale`] error, a missing reason a [`Refused`] one; both write
    /// nothing.
    pub fn move_item(
        &self,
        id: &str,
        position: &Position,
        reason: &Reason,
        check: MoveCheck<'_>,
    ) -> Result<RankingEdit> {
        let refusal: Cell<Option<Refusal>> = Cell::new(None);
        let result = self.edit_ranking(|ranking| {
            if let Some(expected) = check.version
                && version(&ranking.source.text) != expected
            {
                refusal.set(Some(Refusal::Stale));
                return Err(MoveError::BadReason);
            }
            let change = ranking.moved(id, position, reason)?;
            let up = match (change.from, change.to) {
                (Some(from), to) => to < from,
                // Ranking an untriaged item lifts it above every untriaged one, unless it
                // goes last (as the policy check reads it).
                (None, to) => to <= ranking.len(),
            };
            let stated = matches!(reason, Reason::Set(text) if !text.trim().is_empty());
            if check.reason_when_up && up && !stated {
                refusal.set(Some(Refusal::NeedsReason(crate::diff::movement(
                    change.from,
                    Some(change.to),
                ))));
                return Err(MoveError::BadReason);
            }
            Ok(change)
        });
        match refusal.into_inner() {
            None => result,
            Some(Refusal::Stale) => Err(Stale(
                "ranking.txt changed on disk since this page read it (another edit); nothing was written: look at the refreshed board and move again".into(),
            )
            .into()),
            Some(Refusal::NeedsReason(movement)) => Err(Refused(format!(
                "{id} would move up ({movement}): say why ([policy] move_up_needs_reason); nothing was written"
            ))
            .into()),
        }
    }
}
