//! Writing the result: conflict blocks where the arrangements differ, then the final text.

use super::version::Eol;
use super::{CLOSE, MIDDLE, OPEN};
use std::collections::HashMap;
use std::ops::Range;

/// The lines of the result, with a conflict block wherever the two arrangements differ, and
/// the number of blocks. Each unit ends up once outside the blocks or inside one block (once
/// per half), so keeping either half of every block gives a valid ranking.
pub(super) fn render<'a>(
    ours: &[(usize, &'a str)],
    theirs: &[(usize, &'a str)],
) -> (Vec<&'a str>, usize) {
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

pub(super) fn assemble(lines: &[&str], bom: bool, eol: Eol, final_newline: bool) -> String {
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
