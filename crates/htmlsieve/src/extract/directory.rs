//! Directories: pages whose content is links arranged under headings (a list of forms by
//! category, a resource index, a guide's chapter list with notes between). Each entry is a link,
//! so the block classifier drops it for its link density; but when several sections of the chosen
//! content open with a heading followed straight away by such links, and running text goes on
//! after them, the links are the entries the page lists, not navigation beside it. An article's
//! "Read more:" line, its "See also" list or its closing "Related" box make one or two such
//! runs at most, and a box after the last paragraph stays out whatever the page is.

use rustc_hash::FxHashMap;

use super::blocks::RawBlock;
use super::prune::Pruned;
use super::tree::{BlockStats, Tree};
use crate::document::BlockKind;

/// At least this many runs of dropped links each right under a heading make a directory ...
const MIN_SECTIONS: usize = 3;
/// ... a heading that names a section (a sentence set as a heading over a button is a
/// call-to-action box: "Plan your budget with us: pick the plan that fits your team").
const SECTION_MAX_CHARS: u32 = 80;
/// An entry is restored only when kept running text of this many characters follows it somewhere
/// (the entries lie inside the text, not in a box after it).
const TEXT_AFTER_CHARS: u32 = 80;
/// A link of this many words at most that recurs this many times is a label ("Read more",
/// "Link to the article"), not an entry.
const LABEL_MAX_WORDS: usize = 3;
const LABEL_MIN_REPEATS: usize = 3;

/// The reasons the block classifier and the heading check give (see [`super::classify`] and
/// `orphan_headings`).
pub const LINK_REASON: &str = "link density";
pub const ORPHAN_REASON: &str = "heading whose section is gone";

/// The dropped blocks of the chosen content (`keep` and `dropped` are its blocks, with the reason
/// for each dropped one; `pruned` the elements set aside inside it) that are entries of a
/// directory, plus the headings that went because their entries had; sorted ascending. Empty
/// when the content is no directory. Entries are dropped links and the items of link lists that
/// the pruning set aside whole.
pub fn entries(
    tree: &Tree<'_>,
    (all, bstats): (&[RawBlock], &[BlockStats]),
    (keep, dropped): (&[usize], &[(usize, &'static str)]),
    pruned: &[Pruned],
) -> Vec<usize> {
    // The content's blocks in order: (block, kept, reason).
    let mut seq: Vec<(usize, bool, &str)> = keep.iter().map(|&i| (i, true, "")).collect();
    seq.extend(dropped.iter().map(|&(i, r)| (i, false, r)));
    seq.sort_unstable_by_key(|&(i, _, _)| i);
    let Some((&(first, _, _), &(last, _, _))) = seq.first().zip(seq.last()) else {
        return Vec::new();
    };
    // Link lists pruned whole between the content's first and last blocks join as dropped links.
    let lists: Vec<u32> = pruned
        .iter()
        .filter(|p| {
            p.reason.starts_with(LINK_REASON)
                && matches!(tree.els[p.el as usize].tag, "ul" | "ol" | "dl")
        })
        .map(|p| p.el)
        .collect();
    if !lists.is_empty() {
        for (i, rb) in all.iter().enumerate().take(last).skip(first + 1) {
            let in_list = tree
                .index
                .get(&rb.node)
                .is_some_and(|&e| lists.iter().any(|&l| tree.is_within(e, l)));
            if in_list {
                seq.push((i, false, LINK_REASON));
            }
        }
        seq.sort_unstable_by_key(|&(i, _, _)| i);
    }
    if sections(all, bstats, &seq) < MIN_SECTIONS {
        return Vec::new();
    }
    // The last kept block of running text: entries after it are a box closing the page.
    let Some(last_text) = seq.iter().rposition(|&(i, kept, _)| {
        kept && bstats[i].chars >= TEXT_AFTER_CHARS
            && (bstats[i].link as f32) < 0.33 * bstats[i].chars as f32
    }) else {
        return Vec::new();
    };
    let is_link = |j: usize| seq[j].2 == LINK_REASON;
    let mut repeats: FxHashMap<&str, usize> = FxHashMap::default();
    for j in 0..seq.len() {
        if is_link(j) {
            *repeats
                .entry(all[seq[j].0].block.text.as_str())
                .or_default() += 1;
        }
    }
    let label = |t: &str| {
        t.split_whitespace().count() <= LABEL_MAX_WORDS
            && repeats.get(t).is_some_and(|&n| n >= LABEL_MIN_REPEATS)
    };
    let mut back = vec![false; seq.len()];
    for j in 0..last_text {
        if is_link(j) && !label(all[seq[j].0].block.text.as_str()) {
            back[j] = true;
        }
    }
    // A heading dropped because its section looked empty introduces entries that are back.
    for j in 0..seq.len() {
        if seq[j].2 == ORPHAN_REASON && back.get(j + 1).copied().unwrap_or(false) {
            back[j] = true;
        }
    }
    seq.iter()
        .zip(back)
        .filter_map(|(&(i, _, _), b)| b.then_some(i))
        .collect()
}

/// Runs of dropped links in `seq` (block, kept, reason) that open right under a heading naming a
/// section.
fn sections(all: &[RawBlock], bstats: &[BlockStats], seq: &[(usize, bool, &str)]) -> usize {
    seq.windows(2)
        .filter(|w| {
            let (h, x) = (w[0], w[1]);
            x.2 == LINK_REASON
                && h.2 != LINK_REASON
                && matches!(all[h.0].block.kind, BlockKind::Heading { .. })
                && bstats[h.0].chars <= SECTION_MAX_CHARS
        })
        .count()
}
