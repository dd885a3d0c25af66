//! ranking.txt's three-way merge for `backlog merge-driver %O %A %B`: concurrent moves,
//! additions, removals and reason edits combine, and only edits that contradict each other
//! become git-style conflict blocks. Pure text in, text out: it touches no file and no git, and
//! it never drops, duplicates or resurrects an item, whatever the input.

use crate::ranking::Ranking;
use crate::text::Source;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// The merged text and the number of conflict blocks in it: the driver exits non-zero when
/// `conflicts > 0`, and git then keeps the text with its markers for a human.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    pub conflicts: usize,
}

/// Merges the full texts of ranking.txt in base (`%O`), ours (`%A`) and theirs (`%B`).
///
/// Conflicts: both sides moved (or added) the same item to different places; one side moved
/// or re-reasoned an item the other removed; both changed an item's line differently. Inputs
/// with conflict markers, malformed lines or duplicate IDs are not merged at all: the result
/// is one conflict block holding ours and theirs whole. The result keeps ours' BOM, line
/// endings and final-newline state, unless only theirs changed them.
pub fn merge(base: &str, ours: &str, theirs: &str) -> Merged {
    let (Some(o), Some(a), Some(b)) = (
        Version::parse(base),
        Version::parse(ours),
        Version::parse(theirs),
    ) else {
        return whole_file_conflict(ours, theirs);
    };
    // Trivial merges stay byte-exact, even for a file with mixed line endings.
    if ours == theirs || theirs == base {
        return clean(ours);
    }
    if ours == base {
        return clean(theirs);
    }
    merge_versions(&o, &a, &b)
}

const BASE: usize = 0;
const OURS: usize = 1;
const THEIRS: usize = 2;

const OPEN: &str = "<<<<<<< ours";
const MIDDLE: &str = "=======";
const CLOSE: &str = ">>>>>>> theirs";

fn clean(text: &str) -> Merged {
    Merged {
        text: text.to_owned(),
        conflicts: 0,
    }
}

/// Not a ranking we can reason about: hand both sides to a human, losing nothing.
fn whole_file_conflict(ours: &str, theirs: &str) -> Merged {
    let a = Version::split(ours);
    let b = Version::split(theirs);
    let mut lines = vec![OPEN];
    lines.extend(&a.lines);
    lines.push(MIDDLE);
    lines.extend(&b.lines);
    lines.push(CLOSE);
    let eol = a.eol.or(b.eol).unwrap_or(Eol::Lf);
    Merged {
        text: assemble(&lines, a.bom, eol, true),
        conflicts: 1,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Eol {
    Lf,
    CrLf,
}

impl Eol {
    fn as_str(self) -> &'static str {
        match self {
            Eol::Lf => "\n",
            Eol::CrLf => "\r\n",
        }
    }
}

/// One of the three texts, split into lines, with the file-level facts a rewrite keeps.
struct Version<'a> {
    raw: &'a str,
    bom: bool,
    /// `None` when the text has no line break at all.
    eol: Option<Eol>,
    final_newline: bool,
    /// Lines without their terminators; the BOM is not part of the first.
    lines: Vec<&'a str>,
}

impl<'a> Version<'a> {
    /// `None` when the text is not a well-formed ranking: conflict markers, a malformed line
    /// or an ID listed twice.
    fn parse(raw: &'a str) -> Option<Self> {
        let mut problems = Vec::new();
        let ranking = Ranking::parse(Source::new(raw.to_owned()), "ranking.txt", &mut problems);
        let mut seen = HashSet::new();
        let unique = ranking
            .entries
            .iter()
            .all(|e| seen.insert(e.id.to_ascii_lowercase()));
        (problems.is_empty() && ranking.conflict.is_none() && unique).then(|| Self::split(raw))
    }

    fn split(raw: &'a str) -> Self {
        let (bom, body) = match raw.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let breaks = body.matches('\n').count();
        let crlf = body.matches("\r\n").count();
        let eol = (breaks > 0).then_some(if crlf * 2 > breaks {
            Eol::CrLf
        } else {
            Eol::Lf
        });
        let mut lines = Vec::new();
        let mut rest = body;
        while !rest.is_empty() {
            match rest.split_once('\n') {
                Some((line, tail)) => {
                    lines.push(line.strip_suffix('\r').unwrap_or(line));
                    rest = tail;
                }
                None => {
                    lines.push(rest);
                    rest = "";
                }
            }
        }
        Version {
            raw,
            bom,
            eol,
            final_newline: body.ends_with('\n'),
            lines,
        }
    }
}

/// What an ID line says, as opposed to how it is spaced: the ID as written and the trimmed
/// reason. `None` for comment and blank lines. Mirrors `Ranking::parse`.
fn meaning(line: &str) -> Option<(&str, Option<&str>)> {
    let (head, reason) = match line.split_once('#') {
        Some((head, reason)) => (head, Some(reason.trim())),
        None => (line, None),
    };
    let id = head.trim();
    (!id.is_empty()).then_some((id, reason.filter(|r| !r.is_empty())))
}

/// How a side's line differs from base's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Change {
    Same,
    /// Spacing only: same ID as written, same reason.
    Cosmetic,
    /// New line, or a different ID spelling or reason.
    Changed,
}

fn change(base: Option<&str>, side: &str) -> Change {
    match base {
        Some(b) if b == side => Change::Same,
        Some(b) if meaning(b) == meaning(side) => Change::Cosmetic,
        _ => Change::Changed,
    }
}

/// The line both sides can live with, or `None` when they changed its meaning differently.
/// A real change beats a cosmetic one; between equals, ours' bytes win.
fn reconcile<'a>(base: Option<&str>, a: &'a str, b: &'a str) -> Option<&'a str> {
    if a == b {
        return Some(a);
    }
    match (change(base, a), change(base, b)) {
        (Change::Changed, Change::Changed) => (meaning(a) == meaning(b)).then_some(a),
        (ca, cb) if cb > ca => Some(b),
        _ => Some(a),
    }
}

/// One line of the merge: an item, or a glue line (comment or blank).
#[derive(Debug, Clone, Copy, Default)]
struct Unit<'a> {
    /// Its line in base, ours and theirs, without terminator; `None` where it is absent.
    line: [Option<&'a str>; 3],
    item: bool,
    /// For ours and theirs: whether that side kept this base unit in base order.
    kept: [bool; 3],
}

/// Where a unit goes in one arrangement of the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
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
struct Plan<'a> {
    place: [Place; 2],
    text: [&'a str; 2],
}

impl<'a> Plan<'a> {
    fn settled(place: Place, text: &'a str) -> Self {
        Plan {
            place: [place; 2],
            text: [text; 2],
        }
    }

    fn disputed(&self) -> bool {
        self.place[0] != self.place[1] || self.text[0] != self.text[1]
    }
}

/// Every unit of the three versions, and each version's units in file order.
struct Table<'a> {
    units: Vec<Unit<'a>>,
    order: [Vec<usize>; 3],
}

impl<'a> Table<'a> {
    fn new(versions: [&Version<'a>; 3]) -> Self {
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

    /// Each unit's place and line under both resolutions.
    fn plans(&self) -> Vec<Plan<'a>> {
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

    /// The result with every dispute resolved for `side`: units with their lines, in order.
    fn arrange(&self, plans: &[Plan<'a>], side: usize, lead: usize) -> Vec<(usize, &'a str)> {
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

    fn order_with(&self, place: &impl Fn(usize) -> Place, lead: usize, closer: bool) -> Vec<usize> {
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

// How it works. Every line becomes a *unit*: an item (its lowercased ID) or a glue line
// (comment or blank). A side *kept* a base item when the item is in the longest common
// subsequence of base and that side; IDs are unique, so that is a longest increasing
// subsequence, O(n log n). Glue is matched to base between kept items by common prefix and
// suffix, so glue never moves: it is only added or removed. Units both sides kept form the
// skeleton, in base order. Every other unit hangs right after its nearest predecessor on the
// side that placed it, among the units whose position that side decides; the result is the
// pre-order walk of that forest. Ties (units both sides placed alike, siblings of one anchor)
// go to a *leading* side picked from the two texts alone, so swapping ours and theirs cannot
// change the order. Disputes are shown by arranging the result twice, every dispute resolved
// for ours and then for theirs, and turning the differences into conflict blocks.
fn merge_versions(o: &Version, a: &Version, b: &Version) -> Merged {
    let table = Table::new([o, a, b]);
    let plans = table.plans();
    // Which side leads ties is chosen from the texts alone, never from which is "ours".
    let lead = if a.raw <= b.raw { OURS } else { THEIRS };
    let for_ours = table.arrange(&plans, OURS, lead);
    let for_theirs = if plans.iter().any(Plan::disputed) {
        table.arrange(&plans, THEIRS, lead)
    } else {
        for_ours.clone()
    };
    let (lines, conflicts) = render(&for_ours, &for_theirs);
    // File-level facts merge like lines: theirs' change wins only where ours kept base's.
    let pick = |x: bool, y: bool, z: bool| if y == x { z } else { y };
    let eol = if a.eol == o.eol { b.eol } else { a.eol };
    let eol = eol.or(a.eol).or(b.eol).unwrap_or(Eol::Lf);
    Merged {
        text: assemble(
            &lines,
            pick(o.bom, a.bom, b.bom),
            eol,
            pick(o.final_newline, a.final_newline, b.final_newline),
        ),
        conflicts,
    }
}

/// The lines of the result, with a conflict block wherever the two arrangements differ, and
/// the number of blocks. Each unit ends up once outside the blocks or inside one block (once
/// per half), so keeping either half of every block gives a valid ranking.
fn render<'a>(ours: &[(usize, &'a str)], theirs: &[(usize, &'a str)]) -> (Vec<&'a str>, usize) {
    if ours == theirs {
        return (ours.iter().map(|&(_, t)| t).collect(), 0);
    }
    // The units the two arrangements share in the same order and with the same line.
    let at_theirs: HashMap<usize, usize> = theirs
        .iter()
        .enumerate()
        .map(|(j, &(u, _))| (u, j))
        .collect();
    let paired: Vec<(usize, usize)> = ours
        .iter()
        .enumerate()
        .filter_map(|(i, (u, _))| at_theirs.get(u).map(|&j| (i, j)))
        .collect();
    let js: Vec<usize> = paired.iter().map(|&(_, j)| j).collect();
    let common: Vec<(usize, usize)> = crate::order::longest_increasing(&js)
        .into_iter()
        .filter_map(|k| paired.get(k).copied())
        .filter(|&(i, j)| ours.get(i).map(|x| x.1) == theirs.get(j).map(|x| x.1))
        .collect();

    // Hunks: the stretches between common units.
    let mut hunks: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    for &(ci, cj) in common.iter().chain([(ours.len(), theirs.len())].iter()) {
        if i < ci || j < cj {
            hunks.push((i..ci, j..cj));
        }
        (i, j) = (ci + 1, cj + 1);
    }

    // A unit that sits in one hunk on our side and another on theirs (a move both made
    // differently) joins those hunks, and all between, into one block.
    let mut hunk_of = HashMap::new();
    for (h, (ro, _)) in hunks.iter().enumerate() {
        for (u, _) in ours.get(ro.clone()).unwrap_or_default() {
            hunk_of.insert(*u, h);
        }
    }
    let mut reach: Vec<usize> = (0..hunks.len()).collect();
    for (h, (_, rt)) in hunks.iter().enumerate() {
        for (u, _) in theirs.get(rt.clone()).unwrap_or_default() {
            if let Some(&g) = hunk_of.get(u) {
                let (lo, hi) = (g.min(h), g.max(h));
                reach[lo] = reach[lo].max(hi);
            }
        }
    }

    let text = |xs: &[(usize, &'a str)], r: Range<usize>| -> Vec<&'a str> {
        xs.get(r)
            .unwrap_or_default()
            .iter()
            .map(|&(_, t)| t)
            .collect()
    };
    let mut lines = Vec::with_capacity(ours.len() + 3);
    let mut blocks = 0;
    let mut done = 0;
    let mut h = 0;
    while let Some(first) = hunks.get(h) {
        let mut end = reach[h];
        let mut k = h;
        while k < end {
            k += 1;
            end = end.max(reach.get(k).copied().unwrap_or(k));
        }
        let Some(last) = hunks.get(end) else { break };
        let (ro, rt) = (first.0.start..last.0.end, first.1.start..last.1.end);
        lines.extend(text(ours, done..ro.start));
        lines.push(OPEN);
        lines.extend(text(ours, ro.clone()));
        lines.push(MIDDLE);
        lines.extend(text(theirs, rt));
        lines.push(CLOSE);
        blocks += 1;
        done = ro.end;
        h = end + 1;
    }
    lines.extend(text(ours, done..ours.len()));
    (lines, blocks)
}

fn assemble(lines: &[&str], bom: bool, eol: Eol, final_newline: bool) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 2).sum::<usize>() + 3);
    if bom {
        out.push('\u{feff}');
    }
    out.push_str(&lines.join(eol.as_str()));
    if final_newline && !lines.is_empty() {
        out.push_str(eol.as_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The algorithm itself, without `merge`'s byte-equality shortcuts.
    fn core(o: &str, a: &str, b: &str) -> Merged {
        match (Version::parse(o), Version::parse(a), Version::parse(b)) {
            (Some(o), Some(a), Some(b)) => merge_versions(&o, &a, &b),
            _ => panic!("not well-formed: {o:?} / {a:?} / {b:?}"),
        }
    }

    /// Lines outside conflict blocks, and each block's ours and theirs halves.
    #[derive(Debug, Default)]
    struct Parts {
        outside: Vec<String>,
        blocks: Vec<(Vec<String>, Vec<String>)>,
    }

    fn lines(text: &str) -> Vec<String> {
        Version::split(text)
            .lines
            .iter()
            .map(|l| (*l).to_owned())
            .collect()
    }

    fn parts(text: &str) -> Parts {
        let mut parts = Parts::default();
        // 0: outside, 1: ours half, 2: theirs half.
        let mut state = 0;
        for line in lines(text) {
            match (state, line.as_str()) {
                (0, OPEN) => {
                    parts.blocks.push(Default::default());
                    state = 1;
                }
                (1, MIDDLE) => state = 2,
                (2, CLOSE) => state = 0,
                (0, _) => parts.outside.push(line),
                (_, _) => {
                    if let Some(block) = parts.blocks.last_mut() {
                        if state == 1 {
                            &mut block.0
                        } else {
                            &mut block.1
                        }
                        .push(line);
                    }
                }
            }
        }
        assert_eq!(state, 0, "unterminated block in {text:?}");
        parts
    }

    /// The text with every conflict block resolved to one side.
    fn resolve(text: &str, side: usize) -> String {
        let mut out = Vec::new();
        let mut state = 0;
        for line in lines(text) {
            match (state, line.as_str()) {
                (0, OPEN) => state = 1,
                (1, MIDDLE) => state = 2,
                (2, CLOSE) => state = 0,
                (0, _) => out.push(line),
                (1, _) if side == OURS => out.push(line),
                (2, _) if side == THEIRS => out.push(line),
                _ => {}
            }
        }
        out.join("\n")
    }

    /// Lowercased IDs in file order.
    fn ids<S: AsRef<str>>(lines: &[S]) -> Vec<String> {
        lines
            .iter()
            .filter_map(|l| meaning(l.as_ref()))
            .map(|(id, _)| id.to_ascii_lowercase())
            .collect()
    }

    fn ids_of(text: &str) -> Vec<String> {
        ids(&lines(text))
    }

    fn unique(ids: &[String]) -> bool {
        let mut seen = HashSet::new();
        ids.iter().all(|id| seen.insert(id))
    }

    /// Both argument orders, so each scenario also checks the merge is symmetric.
    fn both_ways(o: &str, a: &str, b: &str) -> (Merged, Merged) {
        let ab = merge(o, a, b);
        let ba = merge(o, b, a);
        assert_eq!(ab.conflicts == 0, ba.conflicts == 0, "{ab:?} vs {ba:?}");
        if ab.conflicts == 0 {
            assert_eq!(ids_of(&ab.text), ids_of(&ba.text));
        }
        assert_eq!(
            ids_of(&resolve(&ab.text, OURS)),
            ids_of(&resolve(&ba.text, THEIRS))
        );
        (ab, ba)
    }

    #[test]
    fn independent_moves_combine() {
        let o = "# h\nMS-1\nMS-2\nMS-3\nMS-4\nMS-5\n";
        let a = "# h\nMS-4\nMS-1\nMS-2\nMS-3\nMS-5\n"; // MS-4 to the top
        let b = "# h\nMS-1\nMS-3\nMS-4\nMS-5\nMS-2\n"; // MS-2 to the bottom
        let (m, _) = both_ways(o, a, b);
        assert_eq!(m, clean("# h\nMS-4\nMS-1\nMS-3\nMS-5\nMS-2\n"));
    }

    #[test]
    fn items_that_only_shift_did_not_move() {
        // Theirs moved MS-1 down past three items; the three only shifted up. Ours moved MS-3
        // to the top, and that is no clash with theirs.
        let o = "MS-1\nMS-2\nMS-3\nMS-4\nMS-5\n";
        let a = "MS-3\nMS-1\nMS-2\nMS-4\nMS-5\n";
        let b = "MS-2\nMS-3\nMS-4\nMS-1\nMS-5\n";
        let (m, _) = both_ways(o, a, b);
        assert_eq!(m, clean("MS-3\nMS-2\nMS-4\nMS-1\nMS-5\n"));
    }

    #[test]
    fn both_sides_appending_keeps_everything_in_each_sides_order() {
        let o = "MS-1\nMS-2\n";
        let a = "MS-1\nMS-2\nMS-3\nMS-4\n";
        let b = "MS-1\nMS-2\nMS-6\nMS-5\n";
        let (ab, ba) = both_ways(o, a, b);
        assert_eq!(ab, clean("MS-1\nMS-2\nMS-3\nMS-4\nMS-6\nMS-5\n"));
        assert_eq!(ba, ab);
        // Insertions in the middle, too.
        let a = "MS-7\nMS-1\nMS-3\nMS-2\n";
        let b = "MS-1\nMS-5\nMS-2\nMS-6\n";
        let (ab, _) = both_ways(o, a, b);
        assert_eq!(ab, clean("MS-7\nMS-1\nMS-5\nMS-3\nMS-2\nMS-6\n"));
    }

    #[test]
    fn unranking_an_item_the_other_side_did_not_touch_removes_it() {
        let o = "MS-1\nMS-2 # why\nMS-3\nMS-4\n";
        let a = "MS-1\nMS-3\nMS-4\n";
        let b = "MS-1\nMS-2   #   why\nMS-4\nMS-3 # new\n"; // respaced MS-2 only
        let (m, _) = both_ways(o, a, b);
        assert_eq!(m, clean("MS-1\nMS-4\nMS-3 # new\n"));
        // Unranked on both sides: gone once.
        let (m, _) = both_ways(o, a, "MS-1\nMS-3\nMS-4\nMS-5\n");
        assert_eq!(m, clean("MS-1\nMS-3\nMS-4\nMS-5\n"));
    }

    #[test]
    fn the_same_item_moved_two_ways_is_one_conflict_block() {
        let o = "# h\nMS-1\nMS-2\nMS-3\nMS-4 # r\n";
        let a = "# h\nMS-4 # r\nMS-1\nMS-2\nMS-3\n";
        let b = "# h\nMS-1\nMS-4 # r\nMS-2\nMS-3\n";
        let (m, _) = both_ways(o, a, b);
        assert_eq!(m.conflicts, 1);
        assert_eq!(
            m.text,
            "# h\n<<<<<<< ours\nMS-4 # r\nMS-1\n=======\nMS-1\nMS-4 # r\n>>>>>>> theirs\nMS-2\nMS-3\n"
        );
        assert_eq!(ids_of(&resolve(&m.text, OURS)), ids_of(a));
        assert_eq!(ids_of(&resolve(&m.text, THEIRS)), ids_of(b));
    }

    #[test]
    fn a_far_move_both_ways_still_names_the_item_in_one_block() {
        let o = "MS-1\nMS-2\nMS-3\nMS-4\nMS-5\nMS-6\n";
        let a = "MS-3\nMS-1\nMS-2\nMS-4\nMS-5\nMS-6\n";
        let b = "MS-1\nMS-2\nMS-4\nMS-5\nMS-3\nMS-6\n";
        let m = merge(o, a, b);
        let p = parts(&m.text);
        assert_eq!(p.blocks.len(), 1);
        assert_eq!(ids(&p.outside), ["ms-6"]);
        assert_eq!(ids(&p.blocks[0].0), ids_of(&a.replace("MS-6\n", "")));
        assert_eq!(ids(&p.blocks[0].1), ids_of(&b.replace("MS-6\n", "")));
    }

    #[test]
    fn moving_or_re_reasoning_an_item_the_other_side_removed_is_a_conflict() {
        let o = "MS-1\nMS-2\nMS-3\n";
        // Moved up by ours, unranked by theirs (RELIABILITY C15).
        let (m, _) = both_ways(o, "MS-3\nMS-1\nMS-2\n", "MS-1\nMS-2\n");
        assert_eq!(
            m,
            Merged {
                text: "<<<<<<< ours\nMS-3\n=======\n>>>>>>> theirs\nMS-1\nMS-2\n".into(),
                conflicts: 1
            }
        );
        // A new reason against a removal.
        let (m, _) = both_ways(o, "MS-1\nMS-3\n", "MS-1\nMS-2 # now urgent\nMS-3\n");
        assert_eq!(
            m,
            Merged {
                text: "MS-1\n<<<<<<< ours\n=======\nMS-2 # now urgent\n>>>>>>> theirs\nMS-3\n"
                    .into(),
                conflicts: 1
            }
        );
    }

    #[test]
    fn a_reason_edit_follows_the_other_sides_move() {
        let o = "MS-1\nMS-2 # old\nMS-3\n";
        let a = "MS-1\nMS-2 # new\nMS-3\n";
        let b = "MS-2 # old\nMS-1\nMS-3\n";
        let (m, _) = both_ways(o, a, b);
        assert_eq!(m, clean("MS-2 # new\nMS-1\nMS-3\n"));
    }

    #[test]
    fn two_different_reasons_are_a_one_line_conflict() {
        let o = "MS-1\nMS-2 # old\nMS-3\n";
        let a = "MS-1\nMS-2 # ours\nMS-3\n";
        let b = "MS-1\nMS-2 # theirs\nMS-3\nMS-4\n";
        let (m, _) = both_ways(o, a, b);
        assert_eq!(
            m,
            Merged {
                text: "MS-1\n<<<<<<< ours\nMS-2 # ours\n=======\nMS-2 # theirs\n>>>>>>> theirs\nMS-3\nMS-4\n".into(),
                conflicts: 1
            }
        );
        // The same new reason, spaced differently, is one change: ours' bytes are kept.
        let (m, _) = both_ways(
            o,
            "MS-1\nMS-2 #   same\nMS-3\n",
            "MS-1\nMS-2 # same\nMS-3\nMS-4\n",
        );
        assert_eq!(m, clean("MS-1\nMS-2 #   same\nMS-3\nMS-4\n"));
    }

    #[test]
    fn identical_changes_apply_once() {
        let o = "# h\nMS-1\nMS-2\nMS-3 # r\nMS-4\n";
        // Both move MS-3 to the top with the same new reason, add MS-9 with a comment at the
        // end, and drop MS-4; ours also adds MS-8, theirs gives MS-2 a reason.
        let a = "# h\nMS-8\nMS-3 # top now\nMS-1\nMS-2\n# new work\nMS-9\n";
        let b = "# h\nMS-3 # top now\nMS-1\nMS-2 # theirs\n# new work\nMS-9\n";
        let (m, _) = both_ways(o, a, b);
        assert_eq!(
            m,
            clean("# h\nMS-8\nMS-3 # top now\nMS-1\nMS-2 # theirs\n# new work\nMS-9\n")
        );
        // The same item added on both sides at the same place.
        let (m, _) = both_ways(
            o,
            "# h\nMS-1\nMS-7\nMS-2\nMS-3 # r\nMS-4\nMS-5\n",
            "# h\nMS-1\nMS-7\nMS-2\nMS-3 # r\n",
        );
        assert_eq!(m, clean("# h\nMS-1\nMS-7\nMS-2\nMS-3 # r\nMS-5\n"));
    }

    #[test]
    fn the_same_item_added_at_two_places_is_a_conflict() {
        let o = "MS-1\nMS-2\n";
        let (m, _) = both_ways(o, "MS-7\nMS-1\nMS-2\n", "MS-1\nMS-2\nMS-7\n");
        assert_eq!(m.conflicts, 1);
        let p = parts(&m.text);
        assert_eq!(ids(&p.blocks[0].0), ["ms-7", "ms-1", "ms-2"]);
        assert_eq!(ids(&p.blocks[0].1), ["ms-1", "ms-2", "ms-7"]);
        // Added by both with different reasons at the same place: only the line is disputed.
        let (m, _) = both_ways(o, "MS-1\nMS-2\nMS-7 # a\n", "MS-1\nMS-2\nMS-7 # b\n");
        assert_eq!(
            m.text,
            "MS-1\nMS-2\n<<<<<<< ours\nMS-7 # a\n=======\nMS-7 # b\n>>>>>>> theirs\n"
        );
    }

    #[test]
    fn a_move_to_the_same_place_with_different_company_agrees() {
        let o = "MS-1\nMS-2\nMS-3\nMS-4\n";
        // Both move MS-4 to the top; ours also adds MS-8 above it, theirs MS-9 below it.
        let a = "MS-8\nMS-4\nMS-1\nMS-2\nMS-3\n";
        let b = "MS-4\nMS-9\nMS-1\nMS-2\nMS-3\n";
        let (m, _) = both_ways(o, a, b);
        assert_eq!(m.conflicts, 0);
        let got = ids_of(&m.text);
        assert_eq!(got.len(), 6);
        assert!(got.iter().position(|x| x == "ms-4") < got.iter().position(|x| x == "ms-1"));
    }

    #[test]
    fn line_endings_bom_and_final_newline_are_kept() {
        let o = "\u{feff}# h\r\nMS-1\r\nMS-2\r\nMS-3";
        let a = "\u{feff}# h\r\nMS-3\r\nMS-1\r\nMS-2";
        let b = "\u{feff}# h\r\nMS-1\r\nMS-2 # why\r\nMS-3\r\nMS-4";
        assert_eq!(
            merge(o, a, b),
            clean("\u{feff}# h\r\nMS-3\r\nMS-1\r\nMS-2 # why\r\nMS-4")
        );
        // Conflict markers use the file's line endings too.
        let m = merge(o, a, "\u{feff}# h\r\nMS-1\r\nMS-2");
        assert_eq!(
            m.text,
            "\u{feff}# h\r\n<<<<<<< ours\r\nMS-3\r\n=======\r\n>>>>>>> theirs\r\nMS-1\r\nMS-2"
        );
        // Ours' style wins when both differ from base; theirs' only where ours kept base's.
        let lf = "MS-1\nMS-2\n";
        assert_eq!(
            merge(lf, "MS-2\r\nMS-1\r\n", "\u{feff}MS-1\nMS-2\nMS-3").text,
            "\u{feff}MS-2\r\nMS-1\r\nMS-3"
        );
        assert_eq!(
            merge(lf, "MS-2\nMS-1\n", "MS-1\r\nMS-2\r\n").text,
            "MS-2\r\nMS-1\r\n"
        );
    }

    #[test]
    fn comments_stay_put_and_header_edits_merge() {
        let o = "# Most important first.\n\nMS-1\nMS-2\n# --- next quarter ---\nMS-3\nMS-4\n";
        // Theirs rewords the header and adds an item at the top; ours moves MS-2 below the
        // section comment and MS-4 to the top.
        let a = "# Most important first.\n\nMS-4\nMS-1\n# --- next quarter ---\nMS-2\nMS-3\n";
        let b = "# Most important first; see README.\n\nMS-9\nMS-1\nMS-2\n# --- next quarter ---\nMS-3\nMS-4\n";
        let (m, _) = both_ways(o, a, b);
        assert_eq!(
            m,
            clean(
                "# Most important first; see README.\n\nMS-4\nMS-9\nMS-1\n# --- next quarter ---\nMS-2\nMS-3\n"
            )
        );
        // Both add a different comment at the same place: both are kept, nothing conflicts.
        let (m, _) = both_ways(
            o,
            &o.replace("MS-3\n", "# ours\nMS-3\n"),
            &o.replace("MS-3\n", "# theirs\nMS-3\n"),
        );
        assert_eq!(m.conflicts, 0);
        assert!(m.text.contains("# ours\n") && m.text.contains("# theirs\n"));
    }

    #[test]
    fn unmergeable_inputs_become_one_block_with_both_texts() {
        let good = "MS-1\nMS-2\n";
        let conflicted = "MS-1\n<<<<<<< HEAD\nMS-2\n=======\nMS-3\n>>>>>>> b\n";
        let duplicate = "MS-1\nMS-2\nms-1\n";
        let malformed = "MS-1\nnot an id\n";
        for (o, a, b) in [
            (good, conflicted, good),
            (good, "MS-2\nMS-1\n", duplicate),
            (malformed, "MS-2\nMS-1\n", good),
            (good, good, "\u{feff}MS-1\r\n\u{feff}MS-2"),
        ] {
            let m = merge(o, a, b);
            assert_eq!(m.conflicts, 1, "{m:?}");
            assert!(m.text.starts_with("<<<<<<< ours\n") && m.text.ends_with(">>>>>>> theirs\n"));
            for line in lines(a).iter().chain(&lines(b)) {
                assert!(m.text.contains(line.as_str()), "{line:?} lost in {m:?}");
            }
        }
        let m = merge(good, "\u{feff}MS-1\r\nMS-2", duplicate);
        assert_eq!(
            m.text,
            "\u{feff}<<<<<<< ours\r\nMS-1\r\nMS-2\r\n=======\r\nMS-1\r\nMS-2\r\nms-1\r\n>>>>>>> theirs\r\n"
        );
    }

    #[test]
    fn trivial_merges_are_byte_exact() {
        let o = "MS-1\nMS-2\r\n";
        let a = "MS-2\r\nMS-1\n";
        assert_eq!(merge(o, a, o), clean(a));
        assert_eq!(merge(o, o, a), clean(a));
        assert_eq!(merge(o, a, a), clean(a));
        assert_eq!(merge("", "", ""), clean(""));
        assert_eq!(merge("", "MS-1", "MS-2"), clean("MS-1\nMS-2"));
    }

    #[test]
    fn ten_thousand_lines_merge_quickly() {
        let n = 10_000;
        let o: Vec<String> = (1..=n).map(|i| format!("MS-{i} # reason {i}")).collect();
        // Ours reverses the whole ranking (nearly everything moved); theirs moves every
        // tenth item, unranks every seventh and appends a hundred new ones.
        let a: Vec<String> = o.iter().rev().cloned().collect();
        let mut b: Vec<String> = o
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 7 != 3)
            .map(|(_, l)| l.clone())
            .collect();
        for i in (0..b.len()).step_by(10) {
            let l = b.remove(i);
            b.insert((i * 37) % b.len(), l);
        }
        b.extend((n + 1..=n + 100).map(|i| format!("MS-{i}")));
        let join = |v: &[String]| v.join("\n") + "\n";
        let (o, a, b) = (join(&o), join(&a), join(&b));
        let start = std::time::Instant::now();
        let m = merge(&o, &a, &b);
        let elapsed = start.elapsed();
        assert!(m.conflicts > 0);
        assert!(unique(&ids(&parts(&m.text).outside)));
        // Generous, to catch quadratic behaviour on a slow debug build, not to benchmark.
        assert!(elapsed.as_secs() < 10, "{elapsed:?}");
        // Independent changes on a large file stay clean.
        let a2: Vec<&str> = b.lines().collect();
        let m = merge(
            &o,
            &o.replacen("MS-5 # reason 5\n", "MS-5 # urgent\n", 1),
            &a2.join("\n"),
        );
        assert_eq!(m.conflicts, 0);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        #[derive(Debug, Clone, PartialEq)]
        enum Line {
            Item(String, Option<u8>),
            Comment(u8),
            Blank,
        }

        #[derive(Debug, Clone)]
        struct Doc {
            lines: Vec<Line>,
            crlf: bool,
            bom: bool,
            final_newline: bool,
        }

        impl Doc {
            fn text(&self) -> String {
                let lines: Vec<String> = self
                    .lines
                    .iter()
                    .map(|l| match l {
                        Line::Item(id, None) => id.clone(),
                        Line::Item(id, Some(r)) if r % 2 == 0 => format!("{id} # reason {r}"),
                        Line::Item(id, Some(r)) => format!("{id:<7} #reason {r}  "),
                        Line::Comment(c) => format!("# comment {c}"),
                        Line::Blank => String::new(),
                    })
                    .collect();
                let eol = if self.crlf { "\r\n" } else { "\n" };
                let mut text = if self.bom {
                    "\u{feff}".to_owned()
                } else {
                    String::new()
                };
                text.push_str(&lines.join(eol));
                if self.final_newline && !lines.is_empty() {
                    text.push_str(eol);
                }
                text
            }

            fn has(&self, id: &str) -> bool {
                self.lines
                    .iter()
                    .any(|l| matches!(l, Line::Item(x, _) if x.eq_ignore_ascii_case(id)))
            }
        }

        type Op = (u8, usize, usize, u8);

        const POOL: usize = 16;

        /// Applies random edits: moves, unranks, new items, new reasons, comments, blank
        /// lines, a changed ID spelling. Every result is a well-formed ranking.
        fn edit(doc: &Doc, ops: &[Op], style: (bool, bool, bool)) -> Doc {
            let mut d = Doc {
                lines: doc.lines.clone(),
                crlf: style.0,
                bom: style.1,
                final_newline: style.2,
            };
            for &(op, x, y, z) in ops {
                let items: Vec<usize> = (0..d.lines.len())
                    .filter(|&i| matches!(d.lines[i], Line::Item(..)))
                    .collect();
                let others: Vec<usize> = (0..d.lines.len())
                    .filter(|&i| !matches!(d.lines[i], Line::Item(..)))
                    .collect();
                let pick = |v: &[usize]| (!v.is_empty()).then(|| v[x % v.len()]);
                match op % 9 {
                    0 | 1 => {
                        if let Some(i) = pick(&items) {
                            let line = d.lines.remove(i);
                            d.lines.insert(y % (d.lines.len() + 1), line);
                        }
                    }
                    2 => {
                        if let Some(i) = pick(&items) {
                            d.lines.remove(i);
                        }
                    }
                    3 | 4 => {
                        let id = format!("MS-{}", x % POOL + 1);
                        if !d.has(&id) {
                            let reason = (z % 3 == 0).then_some(z % 4);
                            d.lines
                                .insert(y % (d.lines.len() + 1), Line::Item(id, reason));
                        }
                    }
                    5 => {
                        if let Some(i) = pick(&items)
                            && let Line::Item(_, reason) = &mut d.lines[i]
                        {
                            *reason = (z % 5 != 0).then_some(z % 6);
                        }
                    }
                    6 => {
                        let line = if z % 2 == 0 {
                            Line::Blank
                        } else {
                            Line::Comment(z % 3)
                        };
                        d.lines.insert(y % (d.lines.len() + 1), line);
                    }
                    7 => {
                        if let Some(i) = pick(&others) {
                            d.lines.remove(i);
                        }
                    }
                    _ => {
                        if let Some(i) = pick(&items)
                            && let Line::Item(id, _) = &mut d.lines[i]
                        {
                            *id = id.to_ascii_lowercase();
                        }
                    }
                }
            }
            d
        }

        fn op() -> impl Strategy<Value = Op> {
            (any::<u8>(), any::<usize>(), any::<usize>(), any::<u8>())
        }

        fn style() -> impl Strategy<Value = (bool, bool, bool)> {
            (any::<bool>(), any::<bool>(), any::<bool>())
        }

        /// A base built from scratch, and ours and theirs edited from it, both first making
        /// the `shared` edits (the same moves, additions and removals on both sides).
        fn triple_with(
            shared: impl Strategy<Value = Vec<Op>>,
            theirs_ops: impl Strategy<Value = Vec<Op>>,
        ) -> impl Strategy<Value = (Doc, Doc, Doc)> {
            (
                prop::collection::vec((any::<usize>(), any::<usize>(), any::<u8>()), 0..14),
                any::<bool>(),
                shared,
                prop::collection::vec(op(), 0..7),
                theirs_ops,
                (style(), style(), style()),
            )
                .prop_map(
                    |(seed, header, shared, ours_ops, theirs_ops, (so, sa, sb))| {
                        let start = Doc {
                            lines: if header {
                                vec![Line::Comment(9), Line::Blank]
                            } else {
                                vec![]
                            },
                            crlf: false,
                            bom: false,
                            final_newline: true,
                        };
                        // Mostly new items, some comments and blank lines.
                        let seed: Vec<Op> = seed
                            .into_iter()
                            .map(|(x, y, z)| (if z % 5 == 0 { 6 } else { 3 }, x, y, z))
                            .collect();
                        let o = edit(&start, &seed, so);
                        let both = edit(&o, &shared, so);
                        let a = edit(&both, &ours_ops, sa);
                        let b = edit(&both, &theirs_ops, sb);
                        (o, a, b)
                    },
                )
        }

        fn triple() -> impl Strategy<Value = (Doc, Doc, Doc)> {
            triple_with(Just(Vec::new()), prop::collection::vec(op(), 0..7))
        }

        /// Sides that made some of the same changes: agreed moves and additions.
        fn overlapping() -> impl Strategy<Value = (Doc, Doc, Doc)> {
            triple_with(
                prop::collection::vec(op(), 1..7),
                prop::collection::vec(op(), 0..4),
            )
        }

        fn keys(text: &str) -> HashSet<String> {
            ids_of(text).into_iter().collect()
        }

        /// What every merge must satisfy, clean or not.
        fn check(o: &str, a: &str, b: &str, m: &Merged) -> Result<(), TestCaseError> {
            let p = parts(&m.text);
            prop_assert_eq!(p.blocks.len(), m.conflicts);
            // Each ID once outside the blocks or inside exactly one block, once per half.
            let outside = ids(&p.outside);
            prop_assert!(unique(&outside), "{:?}", m.text);
            let mut in_blocks = HashSet::new();
            for (ours, theirs) in &p.blocks {
                let (io, it) = (ids(ours), ids(theirs));
                prop_assert!(unique(&io) && unique(&it), "{:?}", m.text);
                let here: HashSet<String> = io.into_iter().chain(it).collect();
                for id in here {
                    prop_assert!(!outside.contains(&id), "{id} inside and out: {:?}", m.text);
                    prop_assert!(in_blocks.insert(id), "in two blocks: {:?}", m.text);
                }
            }
            let (ko, ka, kb) = (keys(o), keys(a), keys(b));
            let expected: HashSet<String> = ka
                .intersection(&kb)
                .chain(ka.difference(&ko))
                .chain(kb.difference(&ko))
                .cloned()
                .collect();
            let either: HashSet<String> = ka.union(&kb).cloned().collect();
            for side in [OURS, THEIRS] {
                let resolved = resolve(&m.text, side);
                prop_assert!(Version::parse(&resolved).is_some(), "{resolved:?}");
                let got = keys(&resolved);
                prop_assert!(
                    got.is_superset(&expected),
                    "{:?} lost from {:?}",
                    expected.difference(&got).collect::<Vec<_>>(),
                    m.text
                );
                prop_assert!(got.is_subset(&either), "resurrected: {:?}", m.text);
            }
            if m.conflicts == 0 {
                prop_assert!(Version::parse(&m.text).is_some());
                prop_assert_eq!(keys(&m.text), expected);
            }
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(1000))]

            #[test]
            fn one_sided_changes_come_through_byte_for_byte((o, a, _) in triple()) {
                let (o, a) = (o.text(), a.text());
                prop_assert_eq!(core(&o, &a, &o), clean(&a));
                prop_assert_eq!(core(&o, &o, &a), clean(&a));
                prop_assert_eq!(merge(&o, &a, &o), clean(&a));
                prop_assert_eq!(merge(&o, &o, &a), clean(&a));
            }

            #[test]
            fn the_same_change_on_both_sides_is_made_once((o, a, _) in triple()) {
                let (o, a) = (o.text(), a.text());
                prop_assert_eq!(core(&o, &a, &a), clean(&a));
                prop_assert_eq!(merge(&o, &a, &a), clean(&a));
            }

            #[test]
            fn nothing_is_dropped_duplicated_or_resurrected((o, a, b) in triple()) {
                let (o, a, b) = (o.text(), a.text(), b.text());
                check(&o, &a, &b, &core(&o, &a, &b))?;
                check(&o, &a, &b, &merge(&o, &a, &b))?;
            }

            #[test]
            fn the_fallback_arrangement_places_every_unit_once((o, a, b) in overlapping()) {
                let (o, a, b) = (o.text(), a.text(), b.text());
                let (Some(o), Some(a), Some(b)) = (Version::parse(&o), Version::parse(&a), Version::parse(&b)) else {
                    return Err(TestCaseError::fail("not well-formed"));
                };
                let table = Table::new([&o, &a, &b]);
                let plans = table.plans();
                for slot in [0, 1] {
                    let place = |u: usize| plans[u].place[slot];
                    let present: HashSet<usize> = (0..plans.len()).filter(|&u| place(u) != Place::Absent).collect();
                    for (lead, closer) in [(OURS, false), (THEIRS, false), (OURS, true), (THEIRS, true)] {
                        let order = table.order_with(&place, lead, closer);
                        let placed: HashSet<usize> = order.iter().copied().collect();
                        prop_assert_eq!(placed.len(), order.len());
                        prop_assert_eq!(&placed, &present);
                    }
                }
            }

            #[test]
            fn overlapping_changes_lose_and_duplicate_nothing((o, a, b) in overlapping()) {
                let (o, a, b) = (o.text(), a.text(), b.text());
                check(&o, &a, &b, &core(&o, &a, &b))?;
                let ab = core(&o, &a, &b);
                let ba = core(&o, &b, &a);
                prop_assert_eq!(ab.conflicts == 0, ba.conflicts == 0);
                prop_assert_eq!(ids_of(&resolve(&ab.text, OURS)), ids_of(&resolve(&ba.text, THEIRS)));
            }

            #[test]
            fn swapping_ours_and_theirs_gives_the_same_order((o, a, b) in triple()) {
                let (o, a, b) = (o.text(), a.text(), b.text());
                let ab = core(&o, &a, &b);
                let ba = core(&o, &b, &a);
                prop_assert_eq!(ab.conflicts == 0, ba.conflicts == 0);
                prop_assert_eq!(ids_of(&resolve(&ab.text, OURS)), ids_of(&resolve(&ba.text, THEIRS)));
                prop_assert_eq!(ids_of(&resolve(&ab.text, THEIRS)), ids_of(&resolve(&ba.text, OURS)));
            }

            #[test]
            fn an_item_unranked_by_one_side_and_untouched_by_the_other_is_gone(
                // Theirs never moves or removes anything (ops 0 to 2; a removal and a new
                // insertion would be a move), so every base item stays in place there.
                (o, a, b) in triple_with(Just(Vec::new()), prop::collection::vec(op().prop_map(|(k, x, y, z)| (3 + k % 6, x, y, z)), 0..7)),
            ) {
                let (o, a, b) = (o.text(), a.text(), b.text());
                let m = merge(&o, &a, &b);
                let line_of = |text: &str, id: &str| {
                    lines(text).into_iter().find(|l| meaning(l).is_some_and(|(x, _)| x.eq_ignore_ascii_case(id)))
                };
                let (ka, out) = (keys(&a), keys(&m.text));
                for id in keys(&o).difference(&ka) {
                    let untouched = line_of(&b, id).is_none_or(|l| meaning(&l) == line_of(&o, id).as_deref().and_then(meaning));
                    if untouched {
                        prop_assert!(!out.contains(id), "{id} came back: {:?}", m.text);
                    }
                }
            }

            #[test]
            fn any_input_is_handled_without_panicking(
                texts in prop::collection::vec(
                    (prop::collection::vec((0usize..14, any::<bool>()), 0..8), any::<bool>()),
                    3,
                ),
            ) {
                const ALPHABET: [&str; 14] = [
                    "MS-1", "ms-1", "MS-2 # r", "# c", "", "<<<<<<< x", "=======", ">>>>>>> y",
                    "bad id", "\u{feff}MS-3", "MS-4\r", "|||||||", "  MS-5\t#\t", "X-1 # é",
                ];
                let texts: Vec<String> = texts
                    .iter()
                    .map(|(lines, bom)| {
                        let mut t = if *bom { "\u{feff}".to_owned() } else { String::new() };
                        for &(i, crlf) in lines {
                            t.push_str(ALPHABET[i]);
                            t.push_str(if crlf { "\r\n" } else { "\n" });
                        }
                        t
                    })
                    .collect();
                let (o, a, b) = (&texts[0], &texts[1], &texts[2]);
                let m = merge(o, a, b);
                let valid = [o, a, b].iter().all(|t| Version::parse(t).is_some());
                if valid {
                    check(o, a, b, &m)?;
                } else {
                    prop_assert_eq!(m.conflicts, 1);
                    let out: Vec<String> = lines(&m.text).iter().map(|l| l.trim_end_matches('\r').to_owned()).collect();
                    for line in lines(a).iter().chain(&lines(b)) {
                        prop_assert!(out.contains(&line.trim_end_matches('\r').to_owned()), "{line:?} lost: {:?}", m.text);
                    }
                }
            }
        }
    }
}
