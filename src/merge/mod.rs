//! ranking.txt's three-way merge for `backlog merge-driver %O %A %B`: concurrent moves,
//! additions, removals and reason edits combine, and only edits that contradict each other
//! become git-style conflict blocks. Pure text in, text out: it touches no file and no git, and
//! it never drops, duplicates or resurrects an item, whatever the input.

mod arrange;
mod line;
mod plan;
mod render;
mod table;
mod version;

#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_properties;

use plan::Plan;
use render::{assemble, render};
use table::Table;
use version::{Eol, Version};

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
