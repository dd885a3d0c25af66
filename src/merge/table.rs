//! Aligning the three versions into units, and which base items each side kept in order.

use super::line::meaning;
use super::version::Version;
use super::{BASE, OURS, THEIRS};
use std::collections::HashMap;

/// One line of the merge: an item, or a glue line (comment or blank).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Unit<'a> {
    /// Its line in base, ours and theirs, without terminator; `None` where it is absent.
    pub(super) line: [Option<&'a str>; 3],
    pub(super) item: bool,
    /// For ours and theirs: whether that side kept this base unit in base order.
    pub(super) kept: [bool; 3],
}

/// Every unit of the three versions, and each version's units in file order.
pub(super) struct Table<'a> {
    pub(super) units: Vec<Unit<'a>>,
    pub(super) order: [Vec<usize>; 3],
}

impl<'a> Table<'a> {
    pub(super) fn new(versions: [&Version<'a>; 3]) -> Self {
        let mut units: Vec<Unit<'a>> = Vec::new();
        // slots[v][i]: the unit of line i of version v; glue is filled in below.
        let mut slots: [Vec<Option<usize>>; 3] = Default::default();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for (v, version) in versions.iter().enumerate() {
            for line in &version.lines {
                let slot = meaning(line).map(|(id, _)| {
                    let u = *by_key.entry(id.to_ascii_lowercase()).or_insert_with(|| {
                        units.push(Unit {
                            item: true,
                            ..Unit::default()
                        });
                        units.len() - 1
                    });
                    if let Some(unit) = units.get_mut(u) {
                        unit.line[v] = Some(line);
                    }
                    u
                });
                slots[v].push(slot);
            }
        }

        // Which base items each side kept in order: the longest common subsequence, which
        // for unique IDs is the longest increasing run of base positions in the side's order.
        let mut base_rank = vec![None; units.len()];
        for (rank, &u) in slots[BASE].iter().flatten().enumerate() {
            base_rank[u] = Some(rank);
        }
        let order_of = |side: usize| -> (Vec<usize>, Vec<usize>) {
            slots[side]
                .iter()
                .flatten()
                .filter_map(|&u| base_rank[u].map(|r| (u, r)))
                .unzip()
        };
        for side in [OURS, THEIRS] {
            let (seq, ranks) = order_of(side);
            for i in crate::order::longest_increasing(&ranks) {
                if let Some(&u) = seq.get(i) {
                    units[u].kept[side] = true;
                }
            }
        }
        // An edit can often be read two ways (`6 1 2` → `2 6 1`: 2 moved up, or 6 moved down).
        // Read each side the way the other side's edit is read, so that the same move made on
        // both branches is recognised as one move instead of two that disagree.
        let first_pass: Vec<[bool; 3]> = units.iter().map(|u| u.kept).collect();
        for (side, other) in [(OURS, THEIRS), (THEIRS, OURS)] {
            let (seq, ranks) = order_of(side);
            let prefer: Vec<bool> = seq.iter().map(|&u| first_pass[u][other]).collect();
            for &u in &seq {
                units[u].kept[side] = false;
            }
            for i in crate::order::longest_increasing_preferring(&ranks, &prefer) {
                if let Some(&u) = seq.get(i) {
                    units[u].kept[side] = true;
                }
            }
        }

        // Base glue, then each side's glue matched to it between the items that side kept.
        for (i, line) in versions[BASE].lines.iter().enumerate() {
            if slots[BASE][i].is_none() {
                units.push(Unit {
                    line: [Some(line), None, None],
                    ..Unit::default()
                });
                slots[BASE][i] = Some(units.len() - 1);
            }
        }
        for side in [OURS, THEIRS] {
            let base_glue = glue_segments(&slots[BASE], &units, side);
            let side_glue = glue_segments(&slots[side], &units, side);
            for (bs, ss) in base_glue.iter().zip(&side_glue) {
                let same = |&(&bi, &si): &(&usize, &usize)| {
                    versions[BASE].lines.get(bi) == versions[side].lines.get(si)
                };
                let prefix = bs.iter().zip(ss).take_while(same).count();
                let (bs_rest, ss_rest) = (&bs[prefix..], &ss[prefix..]);
                let suffix = bs_rest
                    .iter()
                    .rev()
                    .zip(ss_rest.iter().rev())
                    .take_while(same)
                    .count();
                let pairs = bs
                    .iter()
                    .zip(ss)
                    .take(prefix)
                    .chain(bs_rest.iter().rev().zip(ss_rest.iter().rev()).take(suffix));
                for (&bi, &si) in pairs {
                    if let Some(u) = slots[BASE][bi] {
                        units[u].line[side] = versions[side].lines.get(si).copied();
                        units[u].kept[side] = true;
                        slots[side][si] = Some(u);
                    }
                }
            }
        }

        // Glue only one side has is new. When both sides added the same lines right after the
        // same unit, those lines are one addition made twice, not two.
        let mut ours_runs: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
        for side in [OURS, THEIRS] {
            let mut after: Option<usize> = None;
            let mut run = 0;
            let mut twins = true;
            for (i, line) in versions[side].lines.iter().enumerate() {
                if let Some(u) = slots[side][i] {
                    (after, run, twins) = (Some(u), 0, true);
                    continue;
                }
                let twin = if side == THEIRS && twins {
                    ours_runs
                        .get(&after)
                        .and_then(|r| r.get(run))
                        .copied()
                        .filter(|&u| units[u].line[OURS] == Some(line))
                } else {
                    None
                };
                let u = twin.unwrap_or_else(|| {
                    twins = false;
                    units.push(Unit::default());
                    units.len() - 1
                });
                units[u].line[side] = Some(line);
                slots[side][i] = Some(u);
                if side == OURS {
                    ours_runs.entry(after).or_default().push(u);
                }
                run += 1;
            }
        }

        let order = slots.map(|s| s.into_iter().flatten().collect());
        Table { units, order }
    }
}

/// The glue lines of a version grouped by the items `side` kept: group k lies between the
/// k-th and (k+1)-th kept item. Those items appear in the same order in base and in `side`.
fn glue_segments(slots: &[Option<usize>], units: &[Unit], side: usize) -> Vec<Vec<usize>> {
    let mut segments = vec![Vec::new()];
    for (i, slot) in slots.iter().enumerate() {
        match slot.and_then(|u| units.get(u)) {
            Some(unit) if unit.item => {
                if unit.kept[side] {
                    segments.push(Vec::new());
                }
            }
            _ => {
                if let Some(segment) = segments.last_mut() {
                    segment.push(i);
                }
            }
        }
    }
    segments
}
