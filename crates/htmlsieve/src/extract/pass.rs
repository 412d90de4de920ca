//! One pass of the extractor over the page's candidates: set boilerplate wholes aside (strict
//! pass only), score the containers, choose and widen the best, prune inside it, and classify
//! its blocks.
//!
//! Takes the element tree and the blocks ([`Pass`]) and a body a site rule may name; gives an
//! [`Outcome`]: the kept blocks, the chosen containers, and what was left out with the reason.
//! `mod.rs` runs it strict, then relaxed when that finds too little.

use super::blocks::RawBlock;
use super::params::{ORPHAN_HEADING_MAX_CHARS, UNLIKELY_MAX_SHARE};
use super::prune::{self, Pruned};
use super::tree::{BlockStats, Tree, NONE};
use super::widen::Choice;
use super::{classify, scoring, widen};
use crate::heuristic::{Heuristic, Heuristics};
use crate::rules::Marks;

/// What one pass of the extractor chose.
pub struct Outcome {
    /// Indices of the kept blocks, in order.
    pub keep: Vec<usize>,
    pub chars: u32,
    pub pruned: Vec<Pruned>,
    /// Blocks dropped by the block classifier, with the reason.
    pub dropped: Vec<(usize, &'static str)>,
    /// Containers beside the chosen content (for explanations).
    pub outside: Vec<Pruned>,
    /// The chosen containers (empty when nothing was chosen).
    pub roots: Vec<u32>,
}

impl Outcome {
    /// Keep dropped blocks again (`sorted` indices, ascending).
    pub fn restore(&mut self, sorted: &[usize], bstats: &[BlockStats]) {
        if sorted.is_empty() {
            return;
        }
        self.keep.extend_from_slice(sorted);
        self.keep.sort_unstable();
        self.keep.dedup();
        self.chars = self.keep.iter().map(|&i| bstats[i].chars).sum();
        self.dropped
            .retain(|(i, _)| sorted.binary_search(i).is_err());
    }

    /// Drop kept blocks (`sorted` indices, ascending) for `reason`.
    pub fn drop_blocks(&mut self, sorted: &[usize], bstats: &[BlockStats], reason: &'static str) {
        if sorted.is_empty() {
            return;
        }
        self.keep.retain(|i| sorted.binary_search(i).is_err());
        self.chars = self.keep.iter().map(|&i| bstats[i].chars).sum();
        self.dropped.extend(sorted.iter().map(|&i| (i, reason)));
    }
}

/// What every pass reads.
#[derive(Clone, Copy)]
pub struct Pass<'a> {
    /// Heuristics switched off.
    pub off: Heuristics,
    pub all: &'a [RawBlock],
    pub bstats: &'a [BlockStats],
    pub body_below: &'a [bool],
    pub marks: &'a Marks,
    pub explain: bool,
    /// Whether a line rule will take care of a block.
    pub lines: &'a dyn Fn(&str, bool) -> bool,
}

/// One pass: (strict) set boilerplate wholes aside, score, choose, clean, classify blocks.
pub fn run(tree: &mut Tree<'_>, pass: &Pass<'_>, forced: Option<u32>, strict: bool) -> Outcome {
    let Pass {
        all,
        bstats,
        body_below,
        marks,
        explain,
        lines,
        off,
        ..
    } = *pass;
    let n = tree.els.len();
    let mut pruned = Vec::new();
    if strict && off.on(Heuristic::PruneUnlikely) {
        prune::unlikely(tree, body_below, UNLIKELY_MAX_SHARE, &mut pruned);
    }
    pruned.retain(|p| !marks.kept.contains(&tree.els[p.el as usize].id));
    let mut excluded = vec![false; n];
    for p in &pruned {
        excluded[p.el as usize] = true;
    }
    tree.inherit(&mut excluded);
    tree.add_blocks(all, bstats, Some(&excluded));
    let scores = scoring::score(tree, all, bstats, &excluded, off);
    let Some(choice) = widen::choose(tree, &scores, &excluded, forced, off) else {
        return Outcome {
            keep: Vec::new(),
            chars: 0,
            pruned,
            dropped: Vec::new(),
            outside: Vec::new(),
            roots: Vec::new(),
        };
    };
    let mut inner = Vec::new();
    // FiveFilters `prune: no`: a body named by a site config is kept whole.
    if !(forced.is_some() && marks.no_prune) && off.on(Heuristic::PruneConditional) {
        prune::conditional(tree, &choice.roots, &excluded, off, &mut inner);
    }
    inner.retain(|p| !marks.kept.contains(&tree.els[p.el as usize].id));
    let mut gone = excluded;
    for p in &inner {
        gone[p.el as usize] = true;
    }
    pruned.extend(inner);
    let mut selected = vec![false; n];
    for &r in &choice.roots {
        selected[r as usize] = true;
    }
    tree.inherit(&mut selected);
    tree.inherit(&mut gone);
    let candidates: Vec<usize> = (0..all.len())
        .filter(|&i| {
            tree.index
                .get(&all[i].node)
                .is_some_and(|&e| selected[e as usize] && !gone[e as usize])
        })
        .collect();
    let view: Vec<(&crate::document::BlockKind, &str, BlockStats)> = candidates
        .iter()
        .map(|&i| (&all[i].block.kind, all[i].block.text.as_str(), bstats[i]))
        .collect();
    let mut verdicts = classify::keep(&view, lines, off);
    if off.on(Heuristic::OrphanHeadings) {
        orphan_headings(all, &candidates, &mut verdicts);
    }
    let mut keep = Vec::new();
    let mut dropped = Vec::new();
    let mut chars = 0;
    for (&i, (k, reason)) in candidates.iter().zip(verdicts) {
        if k {
            keep.push(i);
            chars += bstats[i].chars;
        } else {
            dropped.push((i, reason));
        }
    }
    let outside = if explain {
        outside_of(tree, &choice)
    } else {
        Vec::new()
    };
    Outcome {
        keep,
        chars,
        pruned,
        dropped,
        outside,
        roots: choice.roots,
    }
}

/// A heading whose whole section is gone (a table of contents, a "Latest articles" grid, a
/// related-links box pruned under it) introduces nothing: it goes too. Its section is what lies
/// between it and the next kept heading of the same or a higher level (or the end); it is gone
/// when blocks lay there and none of them is kept.
fn orphan_headings(all: &[RawBlock], candidates: &[usize], verdicts: &mut [(bool, &'static str)]) {
    use crate::document::BlockKind;
    let level = |i: usize| match all[i].block.kind {
        BlockKind::Heading { level } => Some(level),
        _ => None,
    };
    for j in 0..candidates.len() {
        // (A long "heading" is a paragraph set in a heading tag: text of its own.)
        let Some(l) = level(candidates[j]).filter(|_| {
            verdicts[j].0
                && all[candidates[j]].block.text.chars().count() <= ORPHAN_HEADING_MAX_CHARS
        }) else {
            continue;
        };
        // The next kept block, and whether anything lay between.
        let next = (j + 1..candidates.len()).find(|&k| verdicts[k].0);
        let closes = match next {
            Some(k) => level(candidates[k]).is_some_and(|m| m <= l),
            None => true,
        };
        let end = next.map_or(all.len(), |k| candidates[k]);
        let between = end > candidates[j] + 1;
        if closes && between {
            verdicts[j] = (false, "heading whose section is gone");
        }
    }
}

/// Text-holding siblings of the chosen content and of its ancestors.
fn outside_of(tree: &Tree<'_>, choice: &Choice) -> Vec<Pruned> {
    let mut out = Vec::new();
    let mut cur = choice.top;
    while cur != NONE {
        let p = tree.els[cur as usize].parent;
        if p == NONE {
            break;
        }
        for c in tree.children(p) {
            let e = &tree.els[c as usize];
            if c != cur && !choice.roots.contains(&c) && e.eff.text > 0 {
                out.push(Pruned {
                    el: c,
                    reason: format!(
                        "outside the main content (link density {:.2})",
                        e.eff.link_density()
                    ),
                });
            }
        }
        cur = p;
    }
    out
}
