//! Which items moved, when the orders allow more than one answer.
//!
//! Moving one line of a ranking is "one line out, one line in", but the two versions alone do
//! not always say which line that was: `A B` → `B A` is "A moved down" or "B moved up", and
//! more generally any edit whose longest common subsequence is not unique reads several ways.
//! The reading is decided by evidence, in this order (README, "How history decides"):
//!
//! 1. `line`: an item whose ranking line text changed in the commit (its reason, its spelling)
//!    is the mover;
//! 2. `trailer`: a `Reason(ID):` trailer of the commit names the mover;
//! 3. `diff`: the reading that agrees with git's own line diff (Myers, git's default) of the
//!    two texts, what a reviewer saw and what `git blame` says: the lines it shows removed and
//!    added are the movers;
//! 4. `tie-break`: the reading that keeps the lines nearer the top of the new ranking in place
//!    (so in a swap the item that went down is the mover, as git's diff reads it).
//!
//! A reading that only the last two settled is marked ambiguous, with the other reading: git's
//! diff of an ambiguous edit is itself a tie-break of the diff algorithm (the bytes are the
//! same either way), so it shows what the reviewer saw but not what the ranker meant.

use super::snapshot::Snapshot;
use std::collections::HashSet;

/// How the movers of one comparison were decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// For each position of `after`: it kept its place (in both, and in the chosen common
    /// subsequence).
    pub kept: Vec<bool>,
    /// Another reading of the same length, when only git's diff or the tie-break chose.
    pub other: Option<Vec<bool>>,
    /// `unique`, `line`, `trailer`, `diff` or `tie-break`.
    pub decided_by: &'static str,
}

impl Reading {
    #[cfg(test)]
    fn is_ambiguous(&self) -> bool {
        self.other.is_some()
    }
}

/// The reading of `before` → `after`; `named` holds the interned IDs a `Reason(ID):` trailer
/// names.
pub fn read(before: &Snapshot, after: &Snapshot, named: &HashSet<u32>) -> Reading {
    // Elements of `after` that `before` holds too, with their place in `before`.
    let common: Vec<(usize, usize)> = after
        .order
        .iter()
        .enumerate()
        .filter_map(|(i, &n)| before.position(n).map(|p| (i, p)))
        .collect();
    let seq: Vec<usize> = common.iter().map(|&(_, p)| p).collect();
    let total = after.len() as u64;
    // The tie-break: keep the lines nearer the top of the new ranking.
    let top = |i: usize| total - common[i].0 as u64;
    let to_kept = |run: &[usize]| {
        let mut kept = vec![false; after.len()];
        for &i in run {
            kept[common[i].0] = true;
        }
        kept
    };
    let plain = best_run(&seq, |i| [0, 0, 0, top(i)]);
    let first = to_kept(&plain);
    // Another longest run exists exactly when the best run keeping as many of `plain`'s movers
    // as it can keeps at least one.
    let alt = best_run(&seq, |i| [u64::from(!first[common[i].0]), 0, 0, 0]);
    if alt.len() < plain.len() || to_kept(&alt) == first {
        return Reading {
            kept: first,
            other: None,
            decided_by: "unique",
        };
    }
    // Evidence per common element: 1 where it points to "kept".
    let line: Vec<u64> = common
        .iter()
        .map(|&(i, p)| u64::from(line_of(after, i) == line_of(before, p)))
        .collect();
    let trailer: Vec<u64> = common
        .iter()
        .map(|&(i, _)| u64::from(!named.contains(&after.order[i])))
        .collect();
    let diff = git_kept(before, after);
    let by_diff: Vec<u64> = common.iter().map(|&(i, _)| u64::from(diff[i])).collect();
    let score = |i: usize| [line[i], trailer[i], by_diff[i], top(i)];
    let chosen = to_kept(&best_run(&seq, score));
    // The other reading: as long, keeping as many of the chosen movers as it can.
    let other_run = best_run(&seq, |i| [u64::from(!chosen[common[i].0]), 0, 0, 0]);
    let other = to_kept(&other_run);
    let total_of = |kept: &[bool]| {
        let mut sum = [0u64; 4];
        for (i, &(at, _)) in common.iter().enumerate() {
            if kept[at] {
                for (s, v) in sum.iter_mut().zip(score(i)) {
                    *s += v;
                }
            }
        }
        sum
    };
    let (a, b) = (total_of(&chosen), total_of(&other));
    let decided_by = match () {
        _ if a[0] != b[0] => "line",
        _ if a[1] != b[1] => "trailer",
        _ if a[2] != b[2] => "diff",
        _ => "tie-break",
    };
    let ambiguous = matches!(decided_by, "diff" | "tie-break");
    Reading {
        kept: chosen,
        other: ambiguous.then_some(other),
        decided_by,
    }
}

/// The text of the ranking line at position `p` (ID as written and reason).
fn line_of(s: &Snapshot, p: usize) -> (&str, Option<&str>) {
    (s.slice(s.written[p]), s.reasons[p].map(|r| s.slice(r)))
}

/// For each position of `after`, whether git's line diff of the two texts keeps its line
/// unchanged.
fn git_kept(before: &Snapshot, after: &Snapshot) -> Vec<bool> {
    let old: Vec<&str> = before.text().split_inclusive('\n').collect();
    let new: Vec<&str> = after.text().split_inclusive('\n').collect();
    let kept_line = kept_lines(&old, &new);
    // Byte offset where each line of `new` starts.
    let mut starts = Vec::with_capacity(new.len());
    let mut at = 0;
    for line in &new {
        starts.push(at);
        at += line.len();
    }
    after
        .written
        .iter()
        .map(|&(start, _)| {
            let line = starts
                .partition_point(|&s| s <= start as usize)
                .saturating_sub(1);
            kept_line.get(line).copied().unwrap_or(false)
        })
        .collect()
}

/// The most edits the line diff follows; beyond it the diff is no evidence (all false).
const MAX_EDITS: usize = 4000;

/// For each line of `new`, whether the Myers diff of `old` → `new` keeps it. This is the
/// greedy forward algorithm of Myers (1986) after trimming the common ends, as git's xdiff
/// does; where several shortest scripts exist it deletes before it inserts, which is how git
/// reads an ambiguous move (`A B` → `B A` shows `-A B +A`). The crate `similar` was tried
/// first: its Myers (a middle-snake variant) reads such moves the other way round from git,
/// and its LCS agrees with git but needs memory of old × new lines.
pub(super) fn kept_lines(old: &[&str], new: &[&str]) -> Vec<bool> {
    let mut kept = vec![false; new.len()];
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    for slot in kept.iter_mut().take(head) {
        *slot = true;
    }
    for slot in kept.iter_mut().rev().take(tail) {
        *slot = true;
    }
    let (a, b) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
    let (n, m) = (a.len() as isize, b.len() as isize);
    let offset = n + m + 1;
    let mut v = vec![0isize; (2 * offset + 1) as usize];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let limit = (n + m).min(MAX_EDITS as isize);
    let mut found = None;
    'search: for d in 0..=limit {
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let at = (k + offset) as usize;
            let mut x = if k == -d || (k != d && v[at - 1] < v[at + 1]) {
                v[at + 1]
            } else {
                v[at - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[at] = x;
            if x >= n && y >= m {
                found = Some(d);
                break 'search;
            }
            k += 2;
        }
    }
    let Some(depth) = found else {
        return kept;
    };
    // Walk back through the saved frontiers, marking the diagonal (kept) steps.
    let (mut x, mut y) = (n, m);
    for d in (0..=depth).rev() {
        let v = &trace[d as usize];
        let k = x - y;
        let at = (k + offset) as usize;
        let down = k == -d || (k != d && v[at - 1] < v[at + 1]);
        let prev_k = if down { k + 1 } else { k - 1 };
        let prev_x = if d == 0 {
            0
        } else {
            v[(prev_k + offset) as usize]
        };
        let prev_y = prev_x - prev_k;
        let (start_x, start_y) = if d == 0 {
            (0, 0)
        } else if down {
            (prev_x, prev_x - prev_k + 1)
        } else {
            (prev_x + 1, prev_y)
        };
        while x > start_x && y > start_y {
            x -= 1;
            y -= 1;
            kept[head + y as usize] = true;
        }
        x = prev_x;
        y = prev_y;
        if d == 0 {
            break;
        }
    }
    kept
}

/// Indices into `seq` (distinct values) of the strictly increasing run that is longest, and
/// among the longest has the greatest sum of `weight` (compared in order). O(n log n).
fn best_run(seq: &[usize], weight: impl Fn(usize) -> [u64; 4]) -> Vec<usize> {
    let weights: Vec<[u64; 4]> = (0..seq.len()).map(&weight).collect();
    // The scores packed in one u128 (length, then the four sums, 21/21/21/21/44 bits), compared
    // as the tuple is, whenever no field can overflow its bits: what every ranking under the
    // size cap gives. Otherwise the tuples themselves.
    let fits = seq.len() < 1 << 21
        && weights
            .iter()
            .all(|w| w[0] <= 1 && w[1] <= 1 && w[2] <= 1 && w[3] < 1 << 22);
    if fits {
        return packed_run(seq, &weights);
    }
    tuple_run(seq, |i| weights[i])
}

/// [`best_run`] over packed scores: the same comparisons, in the same order, on one integer.
pub(super) fn packed_run(seq: &[usize], weights: &[[u64; 4]]) -> Vec<usize> {
    const NONE: u32 = u32::MAX;
    let size = seq.iter().copied().max().map_or(0, |m| m + 1);
    let add = |w: [u64; 4]| {
        (1u128 << 107)
            | u128::from(w[0]) << 86
            | u128::from(w[1]) << 65
            | u128::from(w[2]) << 44
            | u128::from(w[3])
    };
    let mut tree: Vec<(u128, u32)> = vec![(0, NONE); size + 1];
    let mut previous: Vec<u32> = vec![NONE; seq.len()];
    let mut best: (u128, u32) = (0, NONE);
    // The common head (`seq` starts 0, 1, .., k - 1) needs no search: each of its elements
    // extends the one before, and the tree holds, at every node whose range starts inside the
    // head, the longest of them it covers. Filled directly, it is the state the loop below
    // leaves after those k elements.
    let k = seq.iter().enumerate().take_while(|&(i, &v)| i == v).count();
    let mut head = Vec::with_capacity(k);
    for i in 0..k {
        let below = if i == 0 { 0 } else { head[i - 1] };
        head.push(below + add(weights[i]));
        previous[i] = if i == 0 { NONE } else { (i - 1) as u32 };
    }
    if k > 0 {
        best = (head[k - 1], (k - 1) as u32);
        for (at, slot) in tree.iter_mut().enumerate().skip(1) {
            if at - (at & at.wrapping_neg()) < k {
                let j = at.min(k) - 1;
                *slot = (head[j], j as u32);
            }
        }
    }
    for (i, &value) in seq.iter().enumerate().skip(k) {
        let mut below: (u128, u32) = (0, NONE);
        let mut at = value;
        while at > 0 {
            if tree[at].0 > below.0 {
                below = tree[at];
            }
            at &= at - 1;
        }
        let here = below.0 + add(weights[i]);
        previous[i] = below.1;
        if here > best.0 {
            best = (here, i as u32);
        }
        let mut at = value + 1;
        while at <= size {
            if here > tree[at].0 {
                tree[at] = (here, i as u32);
            }
            at += at & at.wrapping_neg();
        }
    }
    let mut out = Vec::new();
    let mut at = best.1;
    while at != NONE {
        out.push(at as usize);
        at = previous[at as usize];
    }
    out.reverse();
    out
}

/// [`best_run`] over score tuples (any size).
pub(super) fn tuple_run(seq: &[usize], weight: impl Fn(usize) -> [u64; 4]) -> Vec<usize> {
    type Score = (u64, [u64; 4]);
    let size = seq.iter().copied().max().map_or(0, |m| m + 1);
    // Fenwick tree over values: the best score of a run ending at a value, and its last index.
    let mut tree: Vec<(Score, Option<usize>)> = vec![((0, [0; 4]), None); size + 1];
    let mut previous: Vec<Option<usize>> = vec![None; seq.len()];
    let mut best: (Score, Option<usize>) = ((0, [0; 4]), None);
    for (i, &value) in seq.iter().enumerate() {
        let mut below: (Score, Option<usize>) = ((0, [0; 4]), None);
        let mut at = value;
        while at > 0 {
            if tree[at].0 > below.0 {
                below = tree[at];
            }
            at &= at - 1;
        }
        let w = weight(i);
        let mut sum = below.0.1;
        for (s, v) in sum.iter_mut().zip(w) {
            *s += v;
        }
        let here: Score = (below.0.0 + 1, sum);
        previous[i] = below.1;
        if here > best.0 {
            best = (here, Some(i));
        }
        let mut at = value + 1;
        while at <= size {
            if here > tree[at].0 {
                tree[at] = (here, Some(i));
            }
            at += at & at.wrapping_neg();
        }
    }
    let mut out = Vec::new();
    let mut at = best.1;
    while let Some(i) = at {
        out.push(i);
        at = previous[i];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn movers(before: &str, after: &str) -> (Vec<String>, &'static str, bool) {
        let (b, a) = (Snapshot::parse(before), Snapshot::parse(after));
        let r = read(&b, &a, &HashSet::new());
        let moved = a
            .keys()
            .into_iter()
            .zip(&r.kept)
            .filter(|&(ref k, &kept)| !kept && b.rank(k).is_some())
            .map(|(k, _)| k)
            .collect();
        (moved, r.decided_by, r.is_ambiguous())
    }

    #[test]
    fn unique_moves_need_no_evidence() {
        let got = movers("A-1\nA-2\nA-3\nA-4\n", "A-4\nA-1\nA-2\nA-3\n");
        assert_eq!(got, (vec!["a-4".to_owned()], "unique", false));
        let got = movers("A-1\nA-2\nA-3\n", "A-2\nA-3\nA-1\n");
        assert_eq!(got, (vec!["a-1".to_owned()], "unique", false));
    }

    #[test]
    fn a_swap_reads_as_git_diff_shows_it_unless_a_line_changed() {
        // git diff shows MS-3 removed and added: MS-3 moved down, and that is only the diff's.
        let got = movers("MS-2\nMS-3\nMS-1\n", "MS-2\nMS-1\nMS-3\n");
        assert_eq!(got, (vec!["ms-3".to_owned()], "diff", true));
        // A reason written on MS-1's line says MS-1 moved (and git's diff shows both lines).
        let got = movers("MS-2\nMS-3\nMS-1\n", "MS-2\nMS-1 # urgent\nMS-3\n");
        assert_eq!(got, (vec!["ms-1".to_owned()], "line", false));
    }

    #[test]
    fn a_trailer_names_the_mover() {
        let (b, a) = (
            Snapshot::parse("MS-2\nMS-3\nMS-1\n"),
            Snapshot::parse("MS-2\nMS-1\nMS-3\n"),
        );
        let named: HashSet<u32> = [a.order[1]].into_iter().collect();
        let r = read(&b, &a, &named);
        assert_eq!(
            (r.kept.clone(), r.decided_by),
            (vec![true, false, true], "trailer")
        );
        assert!(!r.is_ambiguous());
    }

    fn diff(old: &str, new: &str) -> String {
        let (o, n): (Vec<&str>, Vec<&str>) = (old.split(' ').collect(), new.split(' ').collect());
        let kept = kept_lines(&o, &n);
        n.iter()
            .zip(kept)
            .map(|(l, k)| if k { format!(" {l}") } else { format!("+{l}") })
            .collect()
    }

    #[test]
    fn the_line_diff_reads_moves_as_git_does() {
        // What `git diff --no-index` shows for each pair (the kept and added lines of new).
        assert_eq!(diff("A B", "B A"), " B+A");
        assert_eq!(diff("A B C", "C A B"), "+C A B");
        assert_eq!(diff("A B C D E", "A C B D E"), " A C+B D E");
        assert_eq!(diff("A B C D E F", "D E F A B C"), " D E F+A+B+C");
        assert_eq!(diff("A B C D", "B C D A"), " B C D+A");
        assert_eq!(diff("X A B Y", "X B A Y"), " X B+A Y");
        assert_eq!(diff("A", "A"), " A");
        assert_eq!(diff("A B", "C"), "+C");
    }

    #[test]
    fn best_run_prefers_weights_in_order() {
        assert_eq!(best_run(&[1, 0], |i| [0, 0, 0, i as u64]), [1]);
        assert_eq!(best_run(&[1, 0], |i| [1 - i as u64, 0, 0, 0]), [0]);
        assert_eq!(best_run(&[0, 2, 1, 3], |_| [0; 4]).len(), 3);
        assert!(best_run(&[], |_| [0; 4]).is_empty());
    }
}
