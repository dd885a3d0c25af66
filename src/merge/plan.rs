//! Each unit's place and line, with every dispute resolved once for ours and once for theirs.

use super::line::{Change, change, reconcile};
use super::table::{Table, Unit};
use super::{OURS, THEIRS};
use std::collections::HashMap;

/// Where a unit goes in one arrangement of the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Absent,
    /// Kept in base order by both sides: the skeleton.
    Kept,
    /// Moved or added by this side alone (or its version of a dispute).
    By(usize),
    /// Moved or added by both sides to the same place.
    Both,
}

/// A unit's place and line in the two arrangements: every dispute resolved for ours (`[0]`)
/// and for theirs (`[1]`). The two differ only for disputed units.
#[derive(Debug, Clone, Copy)]
pub(super) struct Plan<'a> {
    pub(super) place: [Place; 2],
    pub(super) text: [&'a str; 2],
}

impl<'a> Plan<'a> {
    fn settled(place: Place, text: &'a str) -> Self {
        Plan {
            place: [place; 2],
            text: [text; 2],
        }
    }

    pub(super) fn disputed(&self) -> bool {
        self.place[0] != self.place[1] || self.text[0] != self.text[1]
    }
}

impl<'a> Table<'a> {
    /// Each unit's place and line under both resolutions.
    pub(super) fn plans(&self) -> Vec<Plan<'a>> {
        let ours = self.shared_neighbours(OURS);
        let theirs = self.shared_neighbours(THEIRS);
        // Both moved or added it: fine when they agree on at least one neighbour among the
        // items both sides have, so one side's unrelated additions next to it do not count.
        let agree = |u: usize| match (ours.get(&u), theirs.get(&u)) {
            (Some(a), Some(b)) => a.0 == b.0 || a.1 == b.1,
            _ => false,
        };
        self.units
            .iter()
            .enumerate()
            .map(|(u, unit)| plan(unit, || agree(u)))
            .collect()
    }

    /// For every item both ours and theirs have: its previous and next such item on `side`
    /// (`None` at the edges).
    fn shared_neighbours(&self, side: usize) -> HashMap<usize, (Option<usize>, Option<usize>)> {
        let shared: Vec<usize> = self.order[side]
            .iter()
            .copied()
            .filter(|&u| {
                let unit = &self.units[u];
                unit.item && unit.line[OURS].is_some() && unit.line[THEIRS].is_some()
            })
            .collect();
        shared
            .iter()
            .enumerate()
            .map(|(k, &u)| {
                let prev = k.checked_sub(1).and_then(|j| shared.get(j)).copied();
                (u, (prev, shared.get(k + 1).copied()))
            })
            .collect()
    }
}

fn plan<'a>(unit: &Unit<'a>, agree: impl Fn() -> bool) -> Plan<'a> {
    let [o, a, b] = unit.line;
    if !unit.item {
        return match (o, a, b) {
            (Some(t), Some(_), Some(_)) => Plan::settled(Place::Kept, t),
            (None, Some(t), Some(_)) => Plan::settled(Place::Both, t),
            (None, Some(t), None) => Plan::settled(Place::By(OURS), t),
            (None, None, Some(t)) => Plan::settled(Place::By(THEIRS), t),
            _ => Plan::settled(Place::Absent, ""),
        };
    }
    let [_, kept_a, kept_b] = unit.kept;
    match (a, b) {
        (Some(a), Some(b)) => {
            let place = match (o.is_some(), kept_a, kept_b) {
                (true, true, true) => [Place::Kept; 2],
                (true, false, true) => [Place::By(OURS); 2],
                (true, true, false) => [Place::By(THEIRS); 2],
                _ if agree() => [Place::Both; 2],
                _ => [Place::By(OURS), Place::By(THEIRS)],
            };
            let text = reconcile(o, a, b).map_or([a, b], |t| [t, t]);
            Plan { place, text }
        }
        (Some(a), None) => one_sided(o, a, kept_a, OURS),
        (None, Some(b)) => one_sided(o, b, kept_b, THEIRS),
        (None, None) => Plan::settled(Place::Absent, ""),
    }
}

/// An item only `side` has: added by it, or removed by the other. A removal wins over an
/// untouched line (spacing does not count); against a move or a new meaning it is a conflict.
fn one_sided<'a>(base: Option<&str>, line: &'a str, kept: bool, side: usize) -> Plan<'a> {
    let Some(base) = base else {
        return Plan::settled(Place::By(side), line);
    };
    if kept && change(Some(base), line) != Change::Changed {
        return Plan::settled(Place::Absent, "");
    }
    let mut place = [Place::Absent; 2];
    place[usize::from(side == THEIRS)] = Place::By(side);
    Plan {
        place,
        text: [line; 2],
    }
}
