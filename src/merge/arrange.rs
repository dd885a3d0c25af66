//! Ordering the units: the skeleton both sides kept, every other unit after its anchor.

use super::plan::{Place, Plan};
use super::table::Table;
use super::{BASE, OURS, THEIRS};

impl<'a> Table<'a> {
    /// The result with every dispute resolved for `side`: units with their lines, in order.
    pub(super) fn arrange(
        &self,
        plans: &[Plan<'a>],
        side: usize,
        lead: usize,
    ) -> Vec<(usize, &'a str)> {
        let slot = usize::from(side == THEIRS);
        let place = |u: usize| plans.get(u).map_or(Place::Absent, |p| p.place[slot]);
        let present = (0..self.units.len())
            .filter(|&u| place(u) != Place::Absent)
            .count();
        // Following the closer anchor can, in contrived cases, chase in a circle; the circle
        // would leave units out, so then every shared placement follows the leading side,
        // which provably cannot.
        let mut order = self.order_with(&place, lead, true);
        if order.len() != present {
            order = self.order_with(&place, lead, false);
        }
        order
            .into_iter()
            .map(|u| (u, plans.get(u).map_or("", |p| p.text[slot])))
            .collect()
    }

    pub(super) fn order_with(
        &self,
        place: &impl Fn(usize) -> Place,
        lead: usize,
        closer: bool,
    ) -> Vec<usize> {
        let top = self.units.len();
        // anchors[s][u]: the nearest unit before u on side s whose position s decides: the
        // skeleton, its own moves and additions, and those both sides made alike. Anchoring
        // to a unit the other side moved would drag this side's units along with it.
        let mut anchors = [vec![top; top], vec![top; top]];
        for (s, anchors) in [OURS, THEIRS].into_iter().zip(&mut anchors) {
            let mut last = top;
            for &u in &self.order[s] {
                let p = place(u);
                if let Some(a) = anchors.get_mut(u) {
                    *a = last;
                }
                if matches!(p, Place::Kept | Place::Both) || p == Place::By(s) {
                    last = u;
                }
            }
        }
        let exclusive = |s: usize, u: usize| {
            let a = anchors[usize::from(s == THEIRS)]
                .get(u)
                .copied()
                .unwrap_or(top);
            a != top && place(a) == Place::By(s)
        };
        let placed_by = |u: usize| match place(u) {
            Place::By(s) => Some(s),
            // Both put it here, but one side may have put a unit of its own (new, or moved by
            // it alone) right before it, which the other side has no say about: follow that
            // closer anchor, so ours' "MS-8 above MS-3" survives theirs' "MS-3 to the top".
            Place::Both if closer => match (exclusive(OURS, u), exclusive(THEIRS, u)) {
                (true, false) => Some(OURS),
                (false, true) => Some(THEIRS),
                _ => Some(lead),
            },
            Place::Both => Some(lead),
            Place::Absent | Place::Kept => None,
        };
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); top + 1];
        // The leading side's units first, so siblings come out in a fixed order.
        for s in [lead, OURS + THEIRS - lead] {
            let anchors = &anchors[usize::from(s == THEIRS)];
            for &u in &self.order[s] {
                if placed_by(u) == Some(s)
                    && let Some(&a) = anchors.get(u)
                {
                    children[a].push(u);
                }
            }
        }
        let mut out = Vec::with_capacity(top);
        let mut stack = Vec::new();
        let mut walk = |root: usize, out: &mut Vec<usize>| {
            stack.extend(children[root].iter().rev());
            while let Some(u) = stack.pop() {
                out.push(u);
                stack.extend(children[u].iter().rev());
            }
        };
        walk(top, &mut out);
        for &u in &self.order[BASE] {
            if place(u) == Place::Kept {
                out.push(u);
                walk(u, &mut out);
            }
        }
        out
    }
}
