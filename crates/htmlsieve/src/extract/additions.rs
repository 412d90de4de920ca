//! Additions: after the choice, what lies outside the chosen containers yet belongs to the
//! content. In order: the article's lead (standfirst, subtitle) under its headline; the page's
//! main repeated group (cards, records, posts), which joins the choice, replaces it, or gives
//! back the item titles the classifier dropped, and loses the furniture repeated in every item;
//! on a thread, the posts beside the chosen one; and the blocks a `keep` rule names.
//!
//! Takes the element tree, the blocks and the pass's [`Outcome`]; gives the same outcome with
//! blocks added (or, for a group of records, swapped). Not run on a body a site rule names,
//! except for the `keep` rules.

use scraper::Html;

use super::blocks::RawBlock;
use super::params::{
    GRID_MIN_FIELDS, GRID_OVER_APART, GRID_OVER_BEFORE, GRID_OVER_INSIDE, GRID_PARA_MAX_LINKS,
    GRID_PARA_MIN_CHARS, GRID_WEAK_PARAS, LEAD_MAX_LEVELS, LEAD_MAX_LINKS, LEAD_MIN_CHARS,
    LEAD_OPEN_CHARS, LOST_KEPT, LOST_OVER, RECORDS_COPY_MAX, RECORDS_MAX_MEAN, RECORDS_MIN_FIELDS,
    RECORDS_MIN_ITEMS,
};
use super::pass::Outcome;
use super::tree::{BlockStats, Tree, NONE};
use super::{classify, items, thread};
use crate::heuristic::{Heuristic, Heuristics};
use crate::rules::Marks;

/// The standfirst between the headline and the chosen text (a lead paragraph in the article's
/// header, a subtitle) belongs to the article though it sits outside the chosen container.
pub fn lead(
    html: &Html,
    tree: &Tree<'_>,
    (all, bstats): (&[RawBlock], &[BlockStats]),
    flags: &[bool],
    out: &mut Outcome,
) {
    let lead = lead_blocks(html, tree, all, bstats, flags, out);
    if !lead.is_empty() {
        out.chars += lead.iter().map(|&i| bstats[i].chars).sum::<u32>();
        out.keep.extend(lead);
        out.keep.sort_unstable();
        out.keep.dedup();
    }
}

/// Paragraphs between the article's headline (the closest `<h1>` before the chosen content,
/// under a common ancestor a few levels up, or in the article's own header however far the
/// text lies) and that content, in an element named as a lead or subtitle: the standfirst that
/// an article's header holds. Only whole sentences with few links, outside figures and outside
/// boilerplate other than that header.
fn lead_blocks(
    html: &Html,
    tree: &Tree<'_>,
    all: &[RawBlock],
    bstats: &[BlockStats],
    flags: &[bool],
    out: &Outcome,
) -> Vec<usize> {
    let Some(&root) = out.roots.iter().min() else {
        return Vec::new();
    };
    let Some(h1) = (0..root).rev().find(|&i| tree.els[i as usize].tag == "h1") else {
        return Vec::new();
    };
    let mut anc = root;
    let mut near = false;
    for _ in 0..LEAD_MAX_LEVELS {
        anc = tree.els[anc as usize].parent;
        if anc == NONE || matches!(tree.els[anc as usize].tag, "body" | "html") {
            break;
        }
        if tree.is_within(h1, anc) {
            near = true;
            break;
        }
    }
    let mut lead = Vec::new();
    for (i, rb) in all.iter().enumerate() {
        let Some(&e) = tree.index.get(&rb.node) else {
            continue;
        };
        if e <= h1 || e >= root || tree.is_within(e, h1) {
            continue;
        }
        // Inside a boilerplate whole only when that whole is the article's own header (it holds
        // the headline): a header named like furniture, with the standfirst under the h1. Such a
        // header vouches for the lead however far the chosen text lies from it.
        let own_header = if flags[e as usize] {
            let mut top = e;
            while tree.els[top as usize].parent != NONE
                && flags[tree.els[top as usize].parent as usize]
            {
                top = tree.els[top as usize].parent;
            }
            if !tree.is_within(h1, top) || tree.els[top as usize].hint.hidden {
                continue;
            }
            true
        } else {
            false
        };
        if !(near || own_header) {
            continue;
        }
        let s = &bstats[i];
        // A subtitle often has no closing full stop; a long one is text all the same.
        if !matches!(rb.block.kind, crate::document::BlockKind::Paragraph)
            || s.chars < LEAD_MIN_CHARS
            || s.link as f32 > LEAD_MAX_LINKS * s.chars as f32
            || !(classify::ends_like_sentence(&rb.block.text) || s.chars >= LEAD_OPEN_CHARS)
        {
            continue;
        }
        let mut cur = e;
        let mut named = false;
        let mut figure = false;
        while cur != NONE && cur > h1 {
            let el = &tree.els[cur as usize];
            if matches!(el.tag, "figure" | "figcaption") || el.hint.caption || el.hint.weight < 0.0
            {
                figure = true;
                break;
            }
            named = named
                || html
                    .tree
                    .get(el.id)
                    .and_then(|n| n.value().as_element())
                    .is_some_and(|x| {
                        x.attr("class").is_some_and(|c| LEAD_WORDS.is_match(c))
                            || x.id().is_some_and(|c| LEAD_WORDS.is_match(c))
                    });
            cur = el.parent;
        }
        if named && !figure {
            lead.push(i);
        }
    }
    lead
}

/// Class/id words of an article's lead or subtitle.
static LEAD_WORDS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::RegexBuilder::new(r"lead|intro|standfirst|sub-?title|subline|abstract|chapeau")
        .case_insensitive(true)
        .unicode(false)
        .build()
        .unwrap_or_else(|e| panic!("built-in lead pattern must compile: {e}"))
});

/// A repeated structure (cards, teasers, posts) that holds more text than the article-style
/// choice is the page's content: a listing beside it, or items the pruning thinned out.
pub fn grid(
    tree: &Tree<'_>,
    flags: &[bool],
    (all, bstats): (&[RawBlock], &[BlockStats]),
    off: Heuristics,
    out: &mut Outcome,
) {
    let paras = out
        .keep
        .iter()
        .filter(|&&i| {
            bstats[i].chars >= GRID_PARA_MIN_CHARS
                && (bstats[i].link as f32) < GRID_PARA_MAX_LINKS * bstats[i].chars as f32
        })
        .count();
    if let Some((mut g, take, replace)) = judge_group(tree, flags, out, paras, (all, bstats)) {
        if replace {
            out.dropped.extend(
                out.keep
                    .iter()
                    .map(|&i| (i, "promotional copy after a grid of records")),
            );
            out.keep.clear();
        }
        if take {
            if off.on(Heuristic::GridExtend) {
                items::add_wrapped(tree, flags, &mut g);
                items::add_parallel(tree, flags, &mut g);
            }
            apply_grid(tree, all, bstats, (&g, flags), out);
        } else {
            let mut pruned = vec![false; tree.els.len()];
            for p in &out.pruned {
                pruned[p.el as usize] = true;
            }
            let titles =
                items::dropped_titles(tree, &g, (all, bstats), &out.keep, (&out.dropped, &pruned));
            out.restore(&titles, bstats);
        }
        if off.on(Heuristic::PostFurniture) {
            let furniture = items::post_furniture(tree, &g, all, bstats, &out.keep);
            out.drop_blocks(&furniture, bstats, "furniture repeated in every post");
        }
        // (After the posts' furniture, which reads the posts' dates: a thread of one day
        // dates every post alike.)
        if take && off.on(Heuristic::GridLabels) {
            let labels = items::constant_labels(tree, &g, all, bstats, &out.keep);
            out.drop_blocks(&labels, bstats, "the same label in every item of a grid");
            let numbers = items::bare_numbers(tree, &g, all, &out.keep);
            out.drop_blocks(
                &numbers,
                bstats,
                "a number alone in a record (rating, count)",
            );
        }
    }
}

/// The page's main repeated group, whether it joins the chosen content, and whether it replaces it.
fn judge_group(
    tree: &Tree<'_>,
    flags: &[bool],
    out: &Outcome,
    paras: usize,
    (all, bstats): (&[RawBlock], &[BlockStats]),
) -> Option<(items::Group, bool, bool)> {
    let g = items::best(tree, flags)?;
    // The group lies inside the chosen content, or the choice inside the group.
    let overlapping = out
        .roots
        .iter()
        .any(|&r| tree.is_within(r, g.parent) || tree.is_within(g.parent, r));
    let a = out.chars as f32;
    let g_text = g.text as f32;
    let per_item = g.blocks as f32 / g.items.len() as f32;
    // A group elsewhere on the page joins the choice only when that is no article: not when
    // the choice is an <article> and the items are other <article>s (teasers beside it).
    let article_beside_articles = out
        .roots
        .iter()
        .any(|&r| tree.els[r as usize].tag == "article")
        && g.items
            .iter()
            .all(|&i| tree.els[i as usize].tag == "article");
    // A grid of records inside the chosen content that the pruning took out whole (its link
    // density, its short fields) while the text around it stayed: the page's listing.
    let records_lost = || {
        g.items.len() >= RECORDS_MIN_ITEMS
            && per_item >= RECORDS_MIN_FIELDS
            && g_text >= LOST_OVER * a
            && kept_in(tree, &g, out, all, bstats) < LOST_KEPT * g_text
    };
    let take = if overlapping {
        g_text >= GRID_OVER_INSIDE * a || records_lost()
    } else {
        // A listing comes before its blurb (a category's SEO text), while an article's
        // teasers follow it: a group before the choice may join a choice with paragraphs.
        let before = out.roots.iter().all(|&r| g.parent < r);
        // Where the scoring chose nothing (what there is came from the last resort: loose
        // paragraphs such as a sign-up box), a repeated group of records is the page's content
        // whatever its size: a shop's category page of short product tiles.
        let nothing_chosen = out.roots.is_empty();
        let outweighs = nothing_chosen
            || (paras <= GRID_WEAK_PARAS && g_text >= GRID_OVER_APART * a)
            || (before && g_text >= GRID_OVER_BEFORE * a);
        // Where nothing was chosen, a long run of items is a listing even when each shows one
        // field (a linked name, its price hidden from the text).
        let shaped =
            per_item >= GRID_MIN_FIELDS || (nothing_chosen && g.items.len() >= RECORDS_MIN_ITEMS);
        outweighs && shaped && !article_beside_articles
    };
    // A shop's category page: a long grid of short records (name, variant, price) and after it
    // the category's promotional copy, which outweighs the grid but is not what the page lists.
    let records = !overlapping
        && !take
        && out.roots.iter().all(|&r| g.parent < r)
        && g.items.len() >= RECORDS_MIN_ITEMS
        && per_item >= RECORDS_MIN_FIELDS
        && g_text <= RECORDS_MAX_MEAN * g.items.len() as f32
        && a <= RECORDS_COPY_MAX * g_text
        && !article_beside_articles;
    Some((g, take || records, records))
}

/// Characters of the kept blocks that lie inside the group's items.
fn kept_in(
    tree: &Tree<'_>,
    g: &items::Group,
    out: &Outcome,
    all: &[RawBlock],
    bstats: &[BlockStats],
) -> f32 {
    out.keep
        .iter()
        .filter(|&&i| {
            tree.index.get(&all[i].node).is_some_and(|&e| {
                let k = g.items.partition_point(|&it| it <= e);
                k > 0 && tree.is_within(e, g.items[k - 1])
            })
        })
        .map(|&i| bstats[i].chars)
        .sum::<u32>() as f32
}

/// Keep every block of the group's items beside the choice.
fn apply_grid(
    tree: &Tree<'_>,
    all: &[RawBlock],
    bstats: &[BlockStats],
    (g, flags): (&items::Group, &[bool]),
    out: &mut Outcome,
) {
    let in_items = |i: usize| {
        let Some(&e) = tree.index.get(&all[i].node) else {
            return false;
        };
        let k = g.items.partition_point(|&it| it <= e);
        if k == 0 || !tree.is_within(e, g.items[k - 1]) {
            return false;
        }
        // Boilerplate inside an item (a post's comment list, a card's share bar) stays out: an
        // element both named like boilerplate and weighed against, or hidden. (Names alone
        // mislead inside items: `listing__header` holds a card's title.)
        let item = g.items[k - 1];
        let mut cur = e;
        loop {
            let h = &tree.els[cur as usize].hint;
            if h.hidden || (h.unlikely && h.weight < 0.0) {
                return false;
            }
            if cur == item {
                return !flags[item as usize];
            }
            cur = tree.els[cur as usize].parent;
        }
    };
    let mut keep = out.keep.clone();
    let taken: Vec<bool> = (0..all.len()).map(in_items).collect();
    keep.extend((0..all.len()).filter(|&i| taken[i]));
    // The heading right above a run of items, between the items (a box's or a category's
    // title: "Products" over its cards), names them.
    let (first, last) = (
        g.parent,
        g.items
            .last()
            .map_or(g.parent, |&l| tree.els[l as usize].end),
    );
    keep.extend((0..all.len().saturating_sub(1)).filter(|&i| {
        !taken[i]
            && taken[i + 1]
            && matches!(
                all[i].block.kind,
                crate::document::BlockKind::Heading { .. }
            )
            && tree.index.get(&all[i].node).is_some_and(|&e| {
                e > first && e < last && !flags[e as usize] && !tree.els[e as usize].hint.hidden
            })
    }));
    keep.sort_unstable();
    keep.dedup();
    out.chars = keep.iter().map(|&i| bstats[i].chars).sum();
    out.dropped.retain(|(i, _)| keep.binary_search(i).is_err());
    out.keep = keep;
}

/// A short thread (too few posts for a group) continues in the posts beside the chosen one.
pub fn sibling_posts(
    html: &Html,
    tree: &Tree<'_>,
    (all, bstats): (&[RawBlock], &[BlockStats]),
    flags: &[bool],
    out: &mut Outcome,
) {
    if let Some(g) = thread::sibling_posts(html, tree, flags, &out.roots) {
        apply_grid(tree, all, bstats, (&g, flags), out);
    }
}

/// Blocks in an element a `keep` rule names stay, wherever the main content was found.
pub fn kept_by_rules(
    html: &Html,
    marks: &Marks,
    (all, bstats): (&[RawBlock], &[BlockStats]),
    out: &mut Outcome,
) {
    if !marks.kept.is_empty() {
        let before = out.keep.len();
        for (i, rb) in all.iter().enumerate() {
            if !out.keep.contains(&i) && marks.in_kept(html, rb.node) {
                out.keep.push(i);
                out.chars += bstats[i].chars;
            }
        }
        if out.keep.len() > before {
            out.keep.sort_unstable();
            out.dropped.retain(|(i, _)| !out.keep.contains(i));
        }
    }
}
