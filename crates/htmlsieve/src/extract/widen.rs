//! Widening: from the best-scoring container to the article around it. The best moves up to the
//! ancestor that near-best alternatives share (an article cut into blocks, a thread of posts),
//! climbs while it holds little of the page's text, and merges siblings that continue the
//! article (articles split over several `div`s or page-builder rows).
//!
//! Takes the element tree and its [`Scores`] (or a body a site rule names); gives the [`Choice`]:
//! the chosen containers.

use super::params::{
    ALT_MIN, ALT_RATIO, ARTICLE_LIST_ARTICLES, CLIMB_COVERED, CLIMB_LEVELS, DOMINANT_SHARE,
    EXPAND_BELOW, EXPAND_ENOUGH, EXPAND_MAX_LINKS, FACTS_MAX_LINKS, FACTS_MIN_BLOCKS,
    FACTS_MIN_CHARS, MAIN_MIN_GOOD, MERGE_MAX_GAP, PROMOTE_SCORE_DIV, SIBLING_MAX_LINKS,
    SIBLING_MIN_SCORE, SIBLING_PARA_CHARS, SIBLING_PARA_MAX_LINKS, SIBLING_PARA_MIN_PUNCT,
    SIBLING_SCORE_SHARE,
};
use super::scoring::Scores;
use super::tree::{Tree, NONE};
use crate::heuristic::{Heuristic, Heuristics};

/// How a candidate was chosen, for `--explain` and for the fallback logic.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The best container.
    pub top: u32,
    /// Elements whose subtrees make up the main content (the top candidate and merged siblings).
    pub roots: Vec<u32>,
}

/// Pick the main content: the best-scoring container (or `forced`, a body a site rule names,
/// taken as it is), widened.
pub fn choose(
    tree: &Tree<'_>,
    scores: &Scores,
    excluded: &[bool],
    forced: Option<u32>,
    off: Heuristics,
) -> Option<Choice> {
    let Scores { score, scored } = scores;
    let top = match forced {
        Some(f) => f,
        None => {
            let mut best = scores.best()?;
            if off.on(Heuristic::MainLandmark) {
                if let Some(m) = inside_main(tree, scores, best) {
                    best = m;
                }
            }
            let t0 = if off.on(Heuristic::Promote) {
                promote(tree, score, scored, best)
            } else {
                best
            };
            if off.on(Heuristic::Expand) {
                expand(tree, t0)
            } else {
                t0
            }
        }
    };
    let (top, roots) = if forced.is_some() || !off.on(Heuristic::ClimbMerge) {
        (top, vec![top])
    } else {
        climb_merge(tree, score, scored, excluded, top)
    };
    Some(Choice { top, roots })
}

/// The page's one `<main>`: the author's own mark of the content. A best outside it (a footer of
/// footnotes, a reviews box, a sidebar) is a box beside the content when `<main>` holds
/// content-like text of its own: the choice moves to the best candidate inside it (or `<main>`
/// itself). None when the best is inside `<main>` or holds it, or the page has no single one.
fn inside_main(tree: &Tree<'_>, scores: &Scores, best: u32) -> Option<u32> {
    let mut main = None;
    for (i, e) in tree.els.iter().enumerate() {
        if e.tag == "main" && !e.hint.hidden {
            if main.is_some() {
                return None;
            }
            main = Some(i);
        }
    }
    let m = main?;
    let el = &tree.els[m];
    if tree.is_within(best, m as u32) || tree.is_within(m as u32, best) {
        return None;
    }
    if el.eff.good < MAIN_MIN_GOOD {
        return None;
    }
    let mut pick = m;
    for i in m + 1..el.end as usize {
        if scores.scored[i] && (!scores.scored[pick] || scores.score[i] > scores.score[pick]) {
            pick = i;
        }
    }
    Some(pick as u32)
}

/// Move from the best element up to an ancestor when several near-best candidates share it, when
/// the best is an only child, or when the parent scores higher.
fn promote(tree: &Tree<'_>, score: &[f32], scored: &[bool], mut top: u32) -> u32 {
    let top_score = score[top as usize];
    // Near-best alternatives: an article cut into blocks, or a thread of posts, that each score
    // well. Their common ancestor is the content, unless the top holds most of its text (then
    // the others are teasers beside an article) or they are items of an article list beside it.
    let alts: Vec<u32> = (0..tree.els.len() as u32)
        .filter(|&i| i != top && scored[i as usize] && score[i as usize] >= ALT_RATIO * top_score)
        .filter(|&i| !tree.is_within(top, i) && !tree.is_within(i, top))
        .filter(|&i| !in_other_list(tree, i, top))
        .collect();
    if alts.len() >= ALT_MIN {
        let top_text = tree.els[top as usize].eff.text as f32;
        let mut p = tree.els[top as usize].parent;
        while p != NONE && tree.els[p as usize].tag != "body" {
            let within = alts.iter().filter(|&&a| tree.is_within(a, p)).count();
            if within >= ALT_MIN {
                if top_text < DOMINANT_SHARE * tree.els[p as usize].eff.text as f32 {
                    top = p;
                }
                break;
            }
            p = tree.els[p as usize].parent;
        }
    }
    // Walk up while the parent scores higher (the top is a fragment of a better container).
    let mut last = score[top as usize];
    let threshold = last / PROMOTE_SCORE_DIV;
    let mut p = tree.els[top as usize].parent;
    while p != NONE && tree.els[p as usize].tag != "body" {
        let pi = p as usize;
        if !scored[pi] {
            p = tree.els[pi].parent;
            continue;
        }
        if score[pi] < threshold {
            break;
        }
        if score[pi] > last {
            top = p;
            break;
        }
        last = score[pi];
        p = tree.els[pi].parent;
    }
    // An only child carries the same content as its parent.
    loop {
        let p = tree.els[top as usize].parent;
        if p == NONE || tree.els[p as usize].tag == "body" {
            break;
        }
        let pe = &tree.els[p as usize];
        let te = &tree.els[top as usize];
        if pe.full.text == te.full.text && pe.eff.text == te.eff.text && pe.eff.text > 0 {
            top = p;
        } else {
            break;
        }
    }
    top
}

/// Whether `i` is an item of an `<article>` list (an article of articles) that does not hold
/// `top`: teasers in a box beside the article, not alternatives to it.
fn in_other_list(tree: &Tree<'_>, i: u32, top: u32) -> bool {
    let mut p = tree.els[i as usize].parent;
    while p != NONE {
        let e = &tree.els[p as usize];
        if e.tag == "article" && e.counts.article > ARTICLE_LIST_ARTICLES {
            return !tree.is_within(top, p);
        }
        p = e.parent;
    }
    false
}

/// Widen a top that holds only a small part of the page's content-like text (a service page of
/// many short sections, a product page): climb while the ancestor stays low in links, until it
/// holds most of that text.
fn expand(tree: &Tree<'_>, mut top: u32) -> u32 {
    let total = tree.els.first().map_or(0, |e| e.eff.good) as f32;
    if total == 0.0 || tree.els[top as usize].eff.good as f32 >= EXPAND_BELOW * total {
        return top;
    }
    if tree.els[top as usize].hint.body {
        return top;
    }
    let mut p = tree.els[top as usize].parent;
    while p != NONE && !matches!(tree.els[p as usize].tag, "body" | "html") {
        let e = &tree.els[p as usize];
        if e.eff.link_density() > EXPAND_MAX_LINKS || e.hint.weight < 0.0 {
            break;
        }
        // The page's own <article>/<main>/articleBody bounds the content.
        if e.hint.body {
            top = p;
            break;
        }
        top = p;
        if e.eff.good as f32 >= EXPAND_ENOUGH * total {
            break;
        }
        p = e.parent;
    }
    top
}

/// Siblings merged at the top's level; when they make up the whole of their parent (its
/// content-like text: a video link or a caption beside them does not count), the search goes on
/// a level up, among the siblings of the same kind (same tag and class) only: an article cut
/// into page-builder rows (a row, a column, a wrapper, then the text) continues in the rows
/// beside the chosen one, while the boxes around the rows (bios, calls to action) stay out.
fn climb_merge(
    tree: &Tree<'_>,
    score: &[f32],
    scored: &[bool],
    excluded: &[bool],
    top: u32,
) -> (u32, Vec<u32>) {
    let roots = merge_siblings(tree, score, scored, excluded, top, None);
    let mut unit = top;
    let mut covered: u32 = roots.iter().map(|&r| tree.els[r as usize].eff.good).sum();
    for _ in 0..CLIMB_LEVELS {
        let u = &tree.els[unit as usize];
        let p = u.parent;
        // The page's own <article>/<main>/articleBody bounds the content.
        if p == NONE || u.hint.body || matches!(tree.els[p as usize].tag, "body" | "html") {
            break;
        }
        let pe = &tree.els[p as usize];
        if pe.eff.good == 0 || (covered as f32) < CLIMB_COVERED * pe.eff.good as f32 {
            break;
        }
        // Bare `<div>`s beside each other are no rows of one kind.
        if pe.sig == super::tree::bare_signature(pe.tag) {
            break;
        }
        unit = p;
        covered = pe.eff.good;
        let wider = merge_siblings(tree, score, scored, excluded, unit, Some(pe.sig));
        if wider.len() > 1 {
            return (unit, wider);
        }
    }
    (top, roots)
}

/// The top candidate plus siblings that score well or read like article paragraphs.
fn merge_siblings(
    tree: &Tree<'_>,
    score: &[f32],
    scored: &[bool],
    excluded: &[bool],
    top: u32,
    same_sig: Option<u64>,
) -> Vec<u32> {
    // (`same_sig`: only siblings with this signature join.)
    let parent = tree.els[top as usize].parent;
    if parent == NONE {
        return vec![top];
    }
    let top_score = score[top as usize];
    let threshold = (top_score * SIBLING_SCORE_SHARE).max(SIBLING_MIN_SCORE);
    let sibs = tree.children(parent);
    let mut keep = vec![false; sibs.len()];
    for (k, &s) in sibs.iter().enumerate() {
        let si = s as usize;
        if s == top {
            keep[k] = true;
            continue;
        }
        if excluded[si] {
            continue;
        }
        let e = &tree.els[si];
        if e.eff.text == 0 || e.hint.weight < 0.0 || same_sig.is_some_and(|g| g != e.sig) {
            continue;
        }
        // Sibling <article>s of an <article> are other items (teasers), not its continuation.
        if e.tag == "article" && tree.els[top as usize].tag == "article" {
            continue;
        }
        let ld = e.eff.link_density();
        if scored[si] && score[si] >= threshold && ld < SIBLING_MAX_LINKS {
            keep[k] = true;
            continue;
        }
        let len = e.eff.text;
        // A data table or definition list beside the text (a product's specifications, a
        // fact box) is content though its rows are too short to read like paragraphs.
        if matches!(e.tag, "table" | "dl")
            && e.eff.blocks >= FACTS_MIN_BLOCKS
            && len >= FACTS_MIN_CHARS
            && ld < FACTS_MAX_LINKS
        {
            keep[k] = true;
            continue;
        }
        if matches!(
            e.tag,
            "p" | "blockquote" | "pre" | "div" | "section" | "ul" | "ol" | "table"
        ) && len > SIBLING_PARA_CHARS
            && ld < SIBLING_PARA_MAX_LINKS
            && e.eff.punct >= SIBLING_PARA_MIN_PUNCT
        {
            keep[k] = true;
        }
    }
    // Headings directly before a kept sibling introduce it.
    for k in 0..sibs.len().saturating_sub(1) {
        if !keep[k] && keep[k + 1] {
            let e = &tree.els[sibs[k] as usize];
            if matches!(e.tag, "h2" | "h3" | "h4" | "h5" | "h6") && !excluded[sibs[k] as usize] {
                keep[k] = true;
            }
        }
    }
    // Keep the merged run contiguous around the top: a gap of more than one foreign sibling
    // (say a comment section between the article and a footer paragraph) ends the run.
    let tpos = sibs.iter().position(|&s| s == top).unwrap_or(0);
    let mut roots = Vec::new();
    let mut lo = tpos;
    let mut gap = 0;
    for k in (0..tpos).rev() {
        if keep[k] {
            lo = k;
            gap = 0;
        } else if tree.els[sibs[k] as usize].eff.text > 0 {
            gap += 1;
            if gap > MERGE_MAX_GAP {
                break;
            }
        }
    }
    let mut hi = tpos;
    gap = 0;
    for (k, &kp) in keep.iter().enumerate().skip(tpos + 1) {
        if kp {
            hi = k;
            gap = 0;
        } else if tree.els[sibs[k] as usize].eff.text > 0 {
            gap += 1;
            if gap > MERGE_MAX_GAP {
                break;
            }
        }
    }
    for k in lo..=hi {
        if keep[k] {
            roots.push(sibs[k]);
        }
    }
    roots
}
