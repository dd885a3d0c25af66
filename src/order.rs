//! Comparing two orders of unique IDs: which items kept their relative order (the longest common
//! subsequence) and which moved. Because IDs are unique, the LCS is a longest increasing
//! subsequence, found in O(n log n). `history`, `diff` and the policy checks share this one
//! notion of "moved", so an item that merely shifts because another moved never counts.

use std::collections::HashMap;

/// For each element of `after`, whether it kept its place relative to the others: it is in
/// `before` too and in the longest common subsequence of the two orders.
pub fn kept<K: std::hash::Hash + Eq>(before: &[K], after: &[K]) -> Vec<bool> {
    let position: HashMap<&K, usize> = before.iter().enumerate().map(|(i, k)| (k, i)).collect();
    // Positions in `before` of the elements of `after` that are in both, with their index.
    let common: Vec<(usize, usize)> = after
        .iter()
        .enumerate()
        .filter_map(|(i, k)| position.get(k).map(|&p| (i, p)))
        .collect();
    let mut out = vec![false; after.len()];
    for i in longest_increasing(&common.iter().map(|&(_, p)| p).collect::<Vec<_>>()) {
        out[common[i].0] = true;
    }
    out
}

/// [`kept`] for IDs that are small integers, with a table instead of hashing.
pub fn kept_dense(before: &[u32], after: &[u32]) -> Vec<bool> {
    let size = before
        .iter()
        .chain(after)
        .map(|&n| n as usize + 1)
        .max()
        .unwrap_or(0);
    let mut position = vec![usize::MAX; size];
    for (i, &n) in before.iter().enumerate() {
        position[n as usize] = i;
    }
    let common: Vec<(usize, usize)> = after
        .iter()
        .enumerate()
        .filter(|&(_, &n)| position[n as usize] != usize::MAX)
        .map(|(i, &n)| (i, position[n as usize]))
        .collect();
    let mut out = vec![false; after.len()];
    for i in longest_increasing(&common.iter().map(|&(_, p)| p).collect::<Vec<_>>()) {
        out[common[i].0] = true;
    }
    out
}

/// Indices of one longest strictly increasing subsequence of `seq` (patience sorting).
pub fn longest_increasing(seq: &[usize]) -> Vec<usize> {
    // tails[k]: index into seq of the smallest tail of an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; seq.len()];
    for (i, &value) in seq.iter().enumerate() {
        let k = tails.partition_point(|&t| seq[t] < value);
        previous[i] = k.checked_sub(1).map(|j| tails[j]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(i) = at {
        out.push(i);
        at = previous[i];
    }
    out.reverse();
    out
}

/// Like [`longest_increasing`], but among the longest runs picks one with the most elements
/// marked in `prefer`. A merge uses it to read an ambiguous edit the way the other side did:
/// `6 1 2 …` → `2 6 …` is either "2 moved up" or "6 moved down", and if the other side moved 6,
/// "6 moved down" is the reading that lets the two agree. `seq` must hold distinct values below
/// `seq.len()` plus any bound; O(n log n).
pub fn longest_increasing_preferring(seq: &[usize], prefer: &[bool]) -> Vec<usize> {
    let size = seq.iter().copied().max().map_or(0, |m| m + 1);
    // Fenwick tree over values: the best (length, preferred count, index) ending at a value.
    let mut tree: Vec<(usize, usize, Option<usize>)> = vec![(0, 0, None); size + 1];
    let mut previous: Vec<Option<usize>> = vec![None; seq.len()];
    let mut score: Vec<(usize, usize)> = vec![(0, 0); seq.len()];
    for (i, &value) in seq.iter().enumerate() {
        // Best run ending below `value`.
        let mut best = (0, 0, None);
        let mut at = value;
        while at > 0 {
            if (tree[at].0, tree[at].1) > (best.0, best.1) {
                best = tree[at];
            }
            at &= at - 1;
        }
        let here = (
            best.0 + 1,
            best.1 + usize::from(prefer.get(i).copied().unwrap_or(false)),
        );
        previous[i] = best.2;
        score[i] = here;
        let mut at = value + 1;
        while at <= size {
            if (here.0, here.1) > (tree[at].0, tree[at].1) {
                tree[at] = (here.0, here.1, Some(i));
            }
            at += at & at.wrapping_neg();
        }
    }
    let mut end = None;
    for (i, s) in score.iter().enumerate() {
        if end.is_none_or(|e: usize| *s > score[e]) {
            end = Some(i);
        }
    }
    let mut out = Vec::new();
    while let Some(i) = end {
        out.push(i);
        end = previous[i];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_move_is_outside_the_lcs_and_shifts_are_not() {
        let before = ["a", "b", "c", "d", "e"];
        // `e` moved to the top; everything else only shifted down.
        assert_eq!(
            kept(&before, &["e", "a", "b", "c", "d"]),
            [false, true, true, true, true]
        );
        // An insertion shifts others but moves nothing.
        assert_eq!(
            kept(&before, &["a", "x", "b", "c", "d", "e"]),
            [true, false, true, true, true, true]
        );
        assert_eq!(kept(&before, &["b", "a"]), [false, true]);
        assert!(kept::<&str>(&[], &[]).is_empty());
    }

    #[test]
    fn preferred_reading_of_an_ambiguous_edit() {
        // Positions of [2, 6, 3, 4, 5, 1] in base [6, 1, 2, 3, 4, 5].
        let seq = [2, 0, 3, 4, 5, 1];
        let plain = longest_increasing_preferring(&seq, &[false; 6]);
        assert_eq!(plain.len(), 4);
        // Preferring what the other side kept (everything but 6) reads it as "6 moved".
        let prefer = [true, false, true, true, true, true];
        assert_eq!(longest_increasing_preferring(&seq, &prefer), [0, 2, 3, 4]);
        assert_eq!(longest_increasing_preferring(&[], &[]), Vec::<usize>::new());
    }

    #[test]
    fn dense_agrees_with_hashed() {
        let before = [5u32, 1, 2, 3, 4];
        let after = [4u32, 5, 1, 9, 2, 3];
        assert_eq!(kept_dense(&before, &after), kept(&before, &after));
        assert!(kept_dense(&[], &[]).is_empty());
    }

    #[test]
    fn lis() {
        assert_eq!(longest_increasing(&[3, 1, 2, 5, 4]), [1, 2, 4]);
        assert_eq!(longest_increasing(&[]), Vec::<usize>::new());
    }
}
