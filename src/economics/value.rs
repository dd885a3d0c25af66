//! WSJF against the ranking: each open ranked item's WSJF and the rank WSJF would give it, the
//! inversions (a lower WSJF ranked above a higher one) by the delay cost they cause, and the
//! share of value reached in the first half of the effort, in ranking order and in WSJF order.

use super::finite;
use crate::load::{Backlog, Item};
use std::collections::BinaryHeap;

/// One open ranked item as `value` weighs it.
#[derive(Debug, Clone)]
pub struct Weighed<'a> {
    pub item: &'a Item,
    /// Position in ranking.txt (1 is the top).
    pub rank: usize,
    pub cost_of_delay: Option<f64>,
    pub size: Option<f64>,
    pub wsjf: Option<f64>,
    /// The place WSJF order gives it among the items that have a WSJF.
    pub wsjf_rank: Option<usize>,
}

/// A pair ranked against WSJF: `above` (lower WSJF) is ranked over `below` (higher WSJF).
#[derive(Debug, Clone, PartialEq)]
pub struct Inversion {
    pub above: usize,
    pub below: usize,
    /// What doing `below` first saves: CoD(below) × size(above) − CoD(above) × size(below),
    /// in cost-of-delay units × size units. Above 0 exactly for an inversion.
    pub delay_cost: f64,
}

impl Eq for Inversion {}
impl PartialOrd for Inversion {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Inversion {
    /// Smaller is "more important" so the heap's top is the least important kept one.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .delay_cost
            .total_cmp(&self.delay_cost)
            .then_with(|| (self.above, self.below).cmp(&(other.above, other.below)))
    }
}

/// The share of the total cost of delay whose items are finished within the first half of the
/// total effort, in one order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HalfEffort {
    pub total_effort: f64,
    pub total_value: f64,
    /// Percent, 0–100, in the ranking's order and in WSJF order.
    pub ranking: f64,
    pub wsjf: f64,
}

#[derive(Debug, Clone)]
pub struct Value<'a> {
    pub items: Vec<Weighed<'a>>,
    /// The most costly inversions, most costly first (indexes into `items`).
    pub inversions: Vec<Inversion>,
    pub inversion_count: usize,
    pub half_effort: Option<HalfEffort>,
}

/// Weighs every open ranked item, keeping the `keep` most costly inversions.
pub fn weigh(backlog: &Backlog, keep: usize) -> Value<'_> {
    let mut items: Vec<Weighed<'_>> = Vec::new();
    let items_by_id = super::by_id(backlog);
    if let Some(ranking) = &backlog.ranking {
        for (i, entry) in ranking.ranked().enumerate() {
            let Some(&item) = items_by_id.get(&entry.id.to_ascii_lowercase()) else {
                continue;
            };
            if backlog.config.is_closed(item.state()) {
                continue;
            }
            items.push(Weighed {
                item,
                rank: i + 1,
                cost_of_delay: super::cost_of_delay(item),
                size: super::size(item),
                wsjf: super::wsjf(item),
                wsjf_rank: None,
            });
        }
    }
    let order = wsjf_order(&items);
    for (place, &i) in order.iter().enumerate() {
        items[i].wsjf_rank = Some(place + 1);
    }
    let (inversions, inversion_count) = inversions(&items, keep);
    let current: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].wsjf.is_some())
        .collect();
    let half_effort = half_effort(&items, &current, &order);
    Value {
        items,
        inversions,
        inversion_count,
        half_effort,
    }
}

/// Indexes of the items with a WSJF, highest first; ties keep the ranking's order.
pub fn wsjf_order(items: &[Weighed<'_>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].wsjf.is_some())
        .collect();
    order.sort_by(|&a, &b| {
        let (wa, wb) = (items[a].wsjf.unwrap_or(0.0), items[b].wsjf.unwrap_or(0.0));
        wb.total_cmp(&wa).then(a.cmp(&b))
    });
    order
}

fn inversions(items: &[Weighed<'_>], keep: usize) -> (Vec<Inversion>, usize) {
    let weighed: Vec<(usize, f64, f64, f64)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, w)| Some((i, w.wsjf?, w.cost_of_delay?, w.size?)))
        .collect();
    let mut heap: BinaryHeap<Inversion> = BinaryHeap::new();
    let mut count = 0;
    for (a, &(ia, wa, ca, sa)) in weighed.iter().enumerate() {
        for &(ib, wb, cb, sb) in &weighed[a + 1..] {
            if wa < wb {
                count += 1;
                let Some(delay_cost) = finite(cb * sa - ca * sb) else {
                    continue;
                };
                heap.push(Inversion {
                    above: ia,
                    below: ib,
                    delay_cost,
                });
                if heap.len() > keep {
                    heap.pop();
                }
            }
        }
    }
    (heap.into_sorted_vec(), count)
}

fn half_effort(items: &[Weighed<'_>], current: &[usize], best: &[usize]) -> Option<HalfEffort> {
    let total_effort: f64 = current.iter().filter_map(|&i| items[i].size).sum();
    let total_value: f64 = current.iter().filter_map(|&i| items[i].cost_of_delay).sum();
    if !(total_effort > 0.0 && total_value > 0.0) {
        return None;
    }
    let share = |order: &[usize]| {
        let (mut effort, mut value) = (0.0, 0.0);
        for &i in order {
            effort += items[i].size.unwrap_or(0.0);
            if effort > total_effort / 2.0 + 1e-9 {
                break;
            }
            value += items[i].cost_of_delay.unwrap_or(0.0);
        }
        finite(100.0 * value / total_value)
    };
    Some(HalfEffort {
        total_effort,
        total_value,
        ranking: share(current)?,
        wsjf: share(best)?,
    })
}

/// Where a suggested move puts an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Above(String),
    Below(String),
}

/// The `backlog rank` moves that put the items with a WSJF into WSJF order (items without a
/// WSJF stay where they are), from the top, skipping items already in place: (index, place).
pub fn suggestions(value: &Value<'_>) -> Vec<(usize, Place)> {
    let wanted = wsjf_order(&value.items);
    let mut current: Vec<usize> = (0..value.items.len())
        .filter(|&i| value.items[i].wsjf.is_some())
        .collect();
    let mut out = Vec::new();
    for (place, &want) in wanted.iter().enumerate() {
        if current[place] == want {
            continue;
        }
        let to = if place == 0 {
            Place::Above(value.items[current[0]].item.id.clone())
        } else {
            Place::Below(value.items[wanted[place - 1]].item.id.clone())
        };
        if let Some(from) = current.iter().position(|&i| i == want) {
            let moved = current.remove(from);
            current.insert(place, moved);
        }
        out.push((want, to));
    }
    out
}
