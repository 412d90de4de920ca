//! Repeated structures: sibling elements of one kind (same tag and class signature) that each hold
//! text, such as product cards, teaser items, forum posts or result rows. On listing, collection
//! and forum pages such a group is the main content, though its link density or its short items
//! make the article-oriented scoring pass it by.
//!
//! Takes the element tree (with the elements inside boilerplate flagged) and the blocks; gives
//! the page's main [`Group`] and, for `additions`, the blocks of its items to give back or take
//! out (item titles, post furniture, constant labels, bare numbers).

use std::hash::Hasher;

use rustc_hash::FxHashMap;

use super::blocks::RawBlock;
use super::params::{
    FURNITURE_ITEM_SHARE, FURNITURE_MAX_CHARS, LABEL_ITEM_SHARE, LABEL_LINK_MAX_CHARS,
    LABEL_MIN_ITEMS, MAX_ITEM_SHARE, MIN_ITEMS, MIN_MEAN_TEXT, PARALLEL_MAX_LEVELS,
    PARALLEL_MEAN_SHARE, POST_MIN_BODY, POST_MIN_MEAN_TEXT, PROFILE_MAX_CHARS, REPEAT_MAX_CHARS,
    REPEAT_MIN_ITEMS, TITLE_CONTENT_SHARE, TITLE_ITEM_SHARE, TITLE_MAX_CHARS, TITLE_MIN_MEAN_WORDS,
};
use super::tree::{BlockStats, Tree};
use crate::document::BlockKind;

/// Siblings of one kind under a common parent.
#[derive(Debug, Clone)]
pub struct Group {
    pub parent: u32,
    /// The items, in document order.
    pub items: Vec<u32>,
    /// Characters of the items' text ...
    pub text: u32,
    /// ... of which inside links ...
    pub link: u32,
    /// ... and in paragraph-like blocks that read like content.
    pub good: u32,
    /// Blocks in the items.
    pub blocks: u32,
}

/// The group of repeated siblings holding the most text, leaving out `excluded` elements (and
/// everything inside them).
pub fn best(tree: &Tree<'_>, excluded: &[bool]) -> Option<Group> {
    let mut best: Option<Group> = None;
    let mut by_sig: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for p in 0..tree.els.len() {
        let pe = &tree.els[p];
        if excluded[p] || pe.full.text < MIN_MEAN_TEXT * MIN_ITEMS as u32 {
            continue;
        }
        if best.as_ref().is_some_and(|b| pe.full.text <= b.text) {
            continue;
        }
        by_sig.clear();
        for c in tree.children(p as u32) {
            let e = &tree.els[c as usize];
            if e.full.text > 0 && !excluded[c as usize] && is_item_tag(e.tag) {
                by_sig.entry(e.sig).or_default().push(c);
            }
        }
        for items in by_sig.values() {
            if items.len() < MIN_ITEMS {
                continue;
            }
            let mut g = Group {
                parent: p as u32,
                items: Vec::new(),
                text: 0,
                link: 0,
                good: 0,
                blocks: 0,
            };
            let mut max = 0;
            for &i in items {
                let s = &tree.els[i as usize].full;
                g.text += s.text;
                g.link += s.link;
                g.good += s.good;
                g.blocks += s.blocks;
                max = max.max(s.text);
            }
            let n = items.len() as f32;
            if g.text < MIN_MEAN_TEXT * items.len() as u32
                || max as f32 > MAX_ITEM_SHARE.max(2.0 / n) * g.text as f32
                || best.as_ref().is_some_and(|b| g.text <= b.text)
            {
                continue;
            }
            g.items = items.clone();
            best = Some(g);
        }
    }
    best
}

/// Items of the group that sit one wrapper deeper under its parent: a layout that sets some
/// cards in a column or row box (`parent > columns > column > card`) beside the cards placed
/// directly. Elements of the items' signature inside the parent, outside the items, join them.
pub fn add_wrapped(tree: &Tree<'_>, excluded: &[bool], g: &mut Group) {
    let sig = tree.els[g.items[0] as usize].sig;
    let mut extra = Vec::new();
    let mut i = g.parent + 1;
    let end = tree.els[g.parent as usize].end;
    let mut next_item = 0;
    while i < end {
        let e = &tree.els[i as usize];
        if g.items.get(next_item) == Some(&i) {
            next_item += 1;
            i = e.end;
            continue;
        }
        if excluded[i as usize] {
            i = e.end;
            continue;
        }
        if e.sig == sig && e.full.text > 0 && e.parent != g.parent {
            extra.push(i);
            i = e.end;
            continue;
        }
        i += 1;
    }
    for &x in &extra {
        let s = &tree.els[x as usize].full;
        g.text += s.text;
        g.link += s.link;
        g.good += s.good;
        g.blocks += s.blocks;
    }
    g.items.extend(extra);
    g.items.sort_unstable();
}

/// Items of the group in the parent's parallel containers: a listing split over sibling boxes of
/// one kind (one box per category or tab: "Projects", "Products", "Students"), each holding
/// items of the group's kind. The best group lies in one of the boxes; the boxes beside it (of
/// one signature with the group's parent, or with a wrapper of it up to three levels up) hold
/// the rest of the listing. Their top-most elements of the items' signature, at the items' depth
/// below the box and with text like theirs, join the group.
pub fn add_parallel(tree: &Tree<'_>, excluded: &[bool], g: &mut Group) {
    let sig = tree.els[g.items[0] as usize].sig;
    let mut extra = Vec::new();
    // The box may wrap the group's parent in a wrapper or two of its own.
    let mut anc = g.parent;
    // How far below a box its items sit: the group's items lie right under `anc` at first.
    let below = |mut e: u32, top: u32| {
        let mut d = 0;
        while e != top && e != super::tree::NONE {
            e = tree.els[e as usize].parent;
            d += 1;
        }
        d
    };
    for _ in 0..PARALLEL_MAX_LEVELS {
        let depth = below(g.items[0], anc);
        let a = &tree.els[anc as usize];
        if a.parent == super::tree::NONE {
            break;
        }
        for b in tree.children(a.parent) {
            if b == anc || excluded[b as usize] || tree.els[b as usize].sig != a.sig {
                continue;
            }
            let end = tree.els[b as usize].end;
            let mut i = b + 1;
            while i < end {
                let e = &tree.els[i as usize];
                if excluded[i as usize] {
                    i = e.end;
                    continue;
                }
                if e.sig == sig && e.full.text > 0 {
                    if below(i, b) == depth {
                        extra.push(i);
                    }
                    i = e.end;
                    continue;
                }
                i += 1;
            }
        }
        if !extra.is_empty() {
            // Items like the group's, not a row of icons and handles built from the same blocks.
            let text: u32 = extra.iter().map(|&x| tree.els[x as usize].full.text).sum();
            let mean = |t: u32, n: usize| t as f32 / n.max(1) as f32;
            if mean(text, extra.len()) < PARALLEL_MEAN_SHARE * mean(g.text, g.items.len()) {
                extra.clear();
            }
            break;
        }
        anc = a.parent;
    }
    for &x in &extra {
        let s = &tree.els[x as usize].full;
        g.text += s.text;
        g.link += s.link;
        g.good += s.good;
        g.blocks += s.blocks;
    }
    g.items.extend(extra);
    g.items.sort_unstable();
}

/// Elements that can be items of a list: containers, not paragraphs (the paragraphs of an article
/// are siblings of one kind too, but they are its text, scored as such).
fn is_item_tag(tag: &str) -> bool {
    matches!(
        tag,
        "div"
            | "li"
            | "article"
            | "section"
            | "tr"
            | "tbody"
            | "table"
            | "ul"
            | "ol"
            | "dl"
            | "figure"
            | "details"
            | "a"
    )
}

/// The kept blocks of `keep` that are the furniture of a group of posts: in a forum thread or a
/// Q&A page each post repeats the same slots around its message (author, rank, post count, join
/// date, vote count, "Reply" links, a signature), and readers want the messages only.
///
/// A slot is the path of element signatures from the item down to a block. The group reads as
/// posts when its items are long, some slot holds a long message, and a short slot in most items
/// carries digits (posts are dated and counted; plan cards, option tables and an article's
/// sections are not). Then a slot present in most items whose blocks are all short is
/// furniture, and so is a line that recurs word for word in several posts, and a slot of profile
/// fields ("Location: Leeds") in several posts.
pub fn post_furniture(
    tree: &Tree<'_>,
    g: &Group,
    all: &[RawBlock],
    bstats: &[BlockStats],
    keep: &[usize],
) -> Vec<usize> {
    // (block, item, slot) of the kept blocks inside items
    let mut placed: Vec<(usize, usize, u64)> = Vec::new();
    for &i in keep {
        let Some(&e) = tree.index.get(&all[i].node) else {
            continue;
        };
        let k = g.items.partition_point(|&it| it <= e);
        if k == 0 || !tree.is_within(e, g.items[k - 1]) {
            continue;
        }
        let item = g.items[k - 1];
        let mut h = rustc_hash::FxHasher::default();
        let mut cur = e;
        while cur != item {
            h.write_u64(tree.els[cur as usize].sig);
            cur = tree.els[cur as usize].parent;
        }
        placed.push((i, k - 1, h.finish()));
    }
    let mut item_text: FxHashMap<usize, u32> = FxHashMap::default();
    // slot -> characters per item
    let mut slots: FxHashMap<u64, FxHashMap<usize, u32>> = FxHashMap::default();
    // slot -> its longest block
    let mut longest: FxHashMap<u64, u32> = FxHashMap::default();
    for &(i, item, slot) in &placed {
        let c = bstats[i].chars;
        *item_text.entry(item).or_default() += c;
        *slots.entry(slot).or_default().entry(item).or_default() += c;
        let l = longest.entry(slot).or_default();
        *l = (*l).max(c);
    }
    let n = item_text.len();
    let total: u32 = item_text.values().sum();
    let body_max = slots
        .values()
        .flat_map(|s| s.values().copied())
        .max()
        .unwrap_or(0);
    if n < MIN_ITEMS || total < POST_MIN_MEAN_TEXT * n as u32 || body_max < POST_MIN_BODY {
        return Vec::new();
    }
    let min_items = ((FURNITURE_ITEM_SHARE * n as f32).ceil() as usize).max(REPEAT_MIN_ITEMS);
    // Judged by block, not by the slot's sum in an item: a user card lists its lines as
    // siblings of one kind (`dd`: rank, location, join date, post count).
    let furniture_slot = |slot: u64| {
        slots.get(&slot).is_some_and(|s| s.len() >= min_items)
            && longest
                .get(&slot)
                .is_some_and(|&c| c <= FURNITURE_MAX_CHARS)
    };
    // Profile fields ("Location: Leeds", "Posts: 96 Threads: 11"): a slot in several posts
    // (only some posters fill a field in) whose every line is a short "Label: value".
    let mut fields: FxHashMap<u64, bool> = FxHashMap::default();
    for &(i, _, slot) in &placed {
        let f = bstats[i].chars <= PROFILE_MAX_CHARS && is_field(&all[i].block.text);
        fields.entry(slot).and_modify(|a| *a &= f).or_insert(f);
    }
    let profile_slot = |slot: u64| {
        fields.get(&slot).copied().unwrap_or(false)
            && slots
                .get(&slot)
                .is_some_and(|s| s.len() >= REPEAT_MIN_ITEMS)
    };
    // Short lines and the items they recur in.
    let mut seen: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for &(i, item, _) in &placed {
        if bstats[i].chars <= REPEAT_MAX_CHARS {
            let items = seen.entry(all[i].block.text.as_str()).or_default();
            if items.last() != Some(&item) {
                items.push(item);
            }
        }
    }
    let heading = |i: usize| matches!(all[i].block.kind, BlockKind::Heading { .. });
    // A heading goes only when it recurs ("Re: <thread title>"): the sections of an article are
    // items with a short heading slot too.
    let is_furniture = |i: usize, slot: u64| {
        (!heading(i) && (furniture_slot(slot) || profile_slot(slot)))
            || (bstats[i].chars <= REPEAT_MAX_CHARS
                && seen
                    .get(all[i].block.text.as_str())
                    .is_some_and(|v| v.len() >= REPEAT_MIN_ITEMS))
    };
    // Posts are dated: one furniture slot has digits (a date, a post count) in most items.
    let mut dated: FxHashMap<u64, (u32, u32)> = FxHashMap::default();
    for &(i, _, slot) in &placed {
        // (A post count among profile fields counts when most posts show it.)
        let in_most = slots.get(&slot).is_some_and(|s| s.len() >= min_items);
        if !heading(i) && (furniture_slot(slot) || (profile_slot(slot) && in_most)) {
            let d = dated.entry(slot).or_default();
            d.0 += 1;
            d.1 += u32::from(all[i].block.text.chars().any(char::is_numeric));
        }
    }
    if !dated.values().any(|&(n, digits)| 2 * digits >= n) {
        return Vec::new();
    }
    placed
        .iter()
        .filter(|&&(i, _, slot)| is_furniture(i, slot))
        .map(|&(i, _, _)| i)
        .collect()
}

/// Whether a line reads as profile fields: a label of one to three words, a colon, a value.
fn is_field(text: &str) -> bool {
    let Some((label, value)) = text.split_once(':') else {
        return false;
    };
    let words = label.split_whitespace().count();
    (1..=3).contains(&words)
        && label.chars().all(|c| c.is_alphabetic() || c == ' ')
        && !value.trim().is_empty()
}

/// The first blocks of the group's items that the block classifier dropped as links (`dropped`)
/// or that went with a pruned element inside the item (`pruned`: the item's `<header>`), while
/// the rest of each item stayed: the titles of a list of teasers inside the chosen content
/// (`<article><header><a>Title</a></header><p>Summary</p></article>`). A title links to
/// its story, so on its own it reads as a link; but when it leads nearly every item, differs
/// from item to item and is worded like a title, it belongs to the item that was kept.
pub fn dropped_titles(
    tree: &Tree<'_>,
    g: &Group,
    (all, bstats): (&[RawBlock], &[BlockStats]),
    keep: &[usize],
    (dropped, pruned): (&[(usize, &'static str)], &[bool]),
) -> Vec<usize> {
    let item_of = |i: usize| {
        let e = *tree.index.get(&all[i].node)?;
        let k = g.items.partition_point(|&it| it <= e);
        if k > 0 && tree.is_within(e, g.items[k - 1]) {
            Some(k - 1)
        } else {
            None
        }
    };
    // The first block of each item, in document order.
    let mut first: FxHashMap<usize, usize> = FxHashMap::default();
    for i in 0..all.len() {
        if let Some(k) = item_of(i) {
            first.entry(k).or_insert(i);
        }
    }
    let mut kept_items = vec![false; g.items.len()];
    for &i in keep {
        if let Some(k) = item_of(i) {
            kept_items[k] = true;
        }
    }
    // The items hold most of the kept text: they are the content, not teasers beside it.
    let in_items: u32 = keep
        .iter()
        .filter(|&&i| item_of(i).is_some())
        .map(|&i| bstats[i].chars)
        .sum();
    let kept: u32 = keep.iter().map(|&i| bstats[i].chars).sum();
    if (in_items as f32) < TITLE_CONTENT_SHARE * kept as f32 {
        return Vec::new();
    }
    let dropped_as_link: rustc_hash::FxHashSet<usize> = dropped
        .iter()
        .filter(|(_, why)| *why == "link density")
        .map(|&(i, _)| i)
        .collect();
    // Or set aside with an element inside the item (the item's `<header>`).
    let pruned_in_item = |i: usize, k: usize| {
        tree.index.get(&all[i].node).is_some_and(|&e| {
            let item = g.items[k];
            let mut cur = e;
            while cur != item && cur != super::tree::NONE {
                if pruned[cur as usize] {
                    return true;
                }
                cur = tree.els[cur as usize].parent;
            }
            false
        })
    };
    let titles: Vec<usize> = first
        .iter()
        .filter(|&(&k, &i)| {
            kept_items[k]
                && keep.binary_search(&i).is_err()
                && (dropped_as_link.contains(&i) || pruned_in_item(i, k))
                && bstats[i].chars <= TITLE_MAX_CHARS
        })
        .map(|(_, &i)| i)
        .collect();
    if (titles.len() as f32) < TITLE_ITEM_SHARE * g.items.len() as f32 || titles.len() < MIN_ITEMS {
        return Vec::new();
    }
    let texts: rustc_hash::FxHashSet<&str> =
        titles.iter().map(|&i| all[i].block.text.as_str()).collect();
    let words: usize = titles
        .iter()
        .map(|&i| all[i].block.text.split_whitespace().count())
        .sum();
    if (texts.len() as f32) < TITLE_ITEM_SHARE * titles.len() as f32
        || words < TITLE_MIN_MEAN_WORDS * titles.len()
    {
        return Vec::new();
    }
    let mut titles = titles;
    titles.sort_unstable();
    titles
}

/// The kept blocks of `keep` inside the items of a grid of 8+ records that are a figure alone of
/// the kinds that stand beside stars, swatches and review links: a rating ("4.5", "3,8"), a
/// count of more variants ("+15") or of reviews ("(411)"). The stars and swatches are images;
/// their figures on lines of their own break each record's text apart. A record's own data
/// is named or unsigned ("$36", "5 mm", "16d", a step's "2", a range "10–30") and stays.
pub fn bare_numbers(tree: &Tree<'_>, g: &Group, all: &[RawBlock], keep: &[usize]) -> Vec<usize> {
    if g.items.len() < LABEL_MIN_ITEMS {
        return Vec::new();
    }
    keep.iter()
        .copied()
        .filter(|&i| {
            matches!(
                all[i].block.kind,
                BlockKind::Paragraph | BlockKind::ListItem { .. }
            ) && is_badge_figure(all[i].block.text.trim())
                && tree.index.get(&all[i].node).is_some_and(|&e| {
                    let k = g.items.partition_point(|&it| it <= e);
                    k > 0 && tree.is_within(e, g.items[k - 1])
                })
        })
        .collect()
}

/// "4.5" / "3,8" (a rating out of 5), "+15", "(411)" / "(1,204)".
fn is_badge_figure(t: &str) -> bool {
    let b = t.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    let count = |s: &[u8]| {
        !s.is_empty()
            && s[0].is_ascii_digit()
            && s.iter()
                .all(|&c| c.is_ascii_digit() || c == b',' || c == b'.')
    };
    match b {
        [r, sep, rest @ ..] if (b'0'..=b'5').contains(r) && matches!(sep, b'.' | b',') => {
            digits(rest) && rest.len() <= 2
        }
        [b'+', rest @ ..] => digits(rest) && rest.len() <= 4,
        [b'(', rest @ .., b')'] => count(rest) && rest.len() <= 9,
        _ => false,
    }
}

/// The kept headings and links of `keep` inside the group's items that read the same in nearly
/// every item: a card's overlay or button set as a heading ("Quick view") and its call to action
/// ("View company profile", "Back to top"), since the title of a record differs from record to
/// record and a link that says the same in every record says nothing of it. (Other recurring
/// lines stay: "Honoree", "Price:" and the like are part of each record's data.)
pub fn constant_labels(
    tree: &Tree<'_>,
    g: &Group,
    all: &[RawBlock],
    bstats: &[BlockStats],
    keep: &[usize],
) -> Vec<usize> {
    if g.items.len() < LABEL_MIN_ITEMS {
        return Vec::new();
    }
    let mut placed: Vec<(usize, usize)> = Vec::new();
    for &i in keep {
        let s = &bstats[i];
        let link = s.chars > 0 && s.link >= s.chars && s.chars <= LABEL_LINK_MAX_CHARS;
        if !(link || matches!(all[i].block.kind, BlockKind::Heading { .. })) {
            continue;
        }
        let Some(&e) = tree.index.get(&all[i].node) else {
            continue;
        };
        let k = g.items.partition_point(|&it| it <= e);
        if k > 0 && tree.is_within(e, g.items[k - 1]) {
            placed.push((i, k - 1));
        }
    }
    let mut seen: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for &(i, item) in &placed {
        let items = seen.entry(all[i].block.text.as_str()).or_default();
        if items.last() != Some(&item) {
            items.push(item);
        }
    }
    let min = (LABEL_ITEM_SHARE * g.items.len() as f32).ceil() as usize;
    placed
        .iter()
        .filter(|&&(i, _)| {
            seen.get(all[i].block.text.as_str())
                .is_some_and(|v| v.len() >= min)
        })
        .map(|&(i, _)| i)
        .collect()
}
