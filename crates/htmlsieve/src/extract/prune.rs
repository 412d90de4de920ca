//! Pruning: elements left out of the main content, with the reason.
//!
//! Two stages. Before scoring, boilerplate wholes (class/id/role/tag hints, hidden elements) are
//! set aside unless they hold most of the page's text or the article body. After the main
//! container is chosen, the elements inside it are cleaned conditionally (readability-style):
//! link-heavy lists, image galleries, forms, embeds and short blocks with negative hints go.
//!
//! Takes the element tree (and, for stage two, the chosen roots); gives the [`Pruned`] elements,
//! each with its reason.

use super::params::{
    BOILERPLATE_MAX_SHARE, BOX_MAX_LINKS, CAPTION_MAX_CHARS, CAPTION_MAX_SHARE, EMBEDS_MAX_CHARS,
    EMBED_MAX_CHARS, FIGURE_MAX_CHARS, FORM_ITEMS_PER_INPUT, FORM_MAX_CHARS, GALLERY_IMAGES,
    GALLERY_MAX_CHARS, GALLERY_PARAS_PER_IMAGE, HINT_WEIGHT, LIST_MAX_LINKS, LIST_TEXT_SHARE,
    POSITIVE_MAX_LINKS, REVIEWS_OUTSIDE_GOOD, SECTIONING_MAX_SHARE, SHORT_LINKS_MAX_CHARS,
    SHORT_LINKS_MAX_IMAGES, TEXT_MAX_LINKS, TEXT_MAX_SHARE, TEXT_MIN_PUNCT, TITLE_BANNER_MAX_LINKS,
    UNLIKELY_MAX_SHARE, WEIGHED_MAX_LINKS, WEIGHED_MAX_PUNCT, WEIGHED_MAX_SHARE,
    WEIGHED_TEXT_MAX_SHARE,
};
use super::tree::{Tree, NONE};
use crate::heuristic::{Heuristic, Heuristics};

/// Why the extractor left an element out.
#[derive(Debug, Clone)]
pub struct Pruned {
    pub el: u32,
    pub reason: String,
}

/// Flags of elements that contain strong article-body evidence below them (or are it).
pub fn body_below(tree: &Tree<'_>) -> Vec<bool> {
    let mut f: Vec<bool> = tree.els.iter().map(|e| e.hint.body).collect();
    for i in (1..tree.els.len()).rev() {
        let p = tree.els[i].parent;
        if p != NONE && f[i] {
            f[p as usize] = true;
        }
    }
    f
}

/// Stage one: boilerplate wholes. `share` is the fraction of all text an element may hold and
/// still be set aside (a page wrapper with "sidebar" in its class holds everything and stays).
pub fn unlikely(tree: &Tree<'_>, body_below: &[bool], share: f32, out: &mut Vec<Pruned>) {
    let total = tree.els.first().map_or(0, |e| e.full.text).max(1) as f32;
    let mut gone = vec![false; tree.els.len()];
    for (i, e) in tree.els.iter().enumerate() {
        if e.parent != NONE && gone[e.parent as usize] {
            gone[i] = true;
            continue;
        }
        if matches!(e.tag, "body" | "html")
            || (e.full.text as f32 > share * total && !reviews_beside_text(tree, i))
        {
            continue;
        }
        let reason = if e.hint.hidden {
            "hidden element"
        } else if e.hint.unlikely
            && !body_below[i]
            && e.counts.embed_post == 0
            && !is_title_banner(tree, i)
            && !is_section_heading(tree, i)
        {
            "boilerplate class/id/role"
        } else {
            continue;
        };
        gone[i] = true;
        out.push(Pruned {
            el: i as u32,
            reason: reason.to_string(),
        });
    }
}

/// A customer reviews section beside the product's own text: one long review can outweigh the
/// description, but the section is furniture whatever its size when the rest of the page holds
/// enough content-like text (a page of reviews alone has only navigation beside them).
fn reviews_beside_text(tree: &Tree<'_>, i: usize) -> bool {
    let e = &tree.els[i];
    let all = tree.els.first().map_or(0, |r| r.full.good);
    e.hint.reviews && all.saturating_sub(e.full.good) >= REVIEWS_OUTSIDE_GOOD
}

/// A wrapper named like a header that holds nothing but a section's heading (no links, no page
/// headline): `<header class="block__header"><h2>Our services</h2></header>` inside a landing
/// page's sections. The heading itself is never set aside by its class; neither is its wrapper.
fn is_section_heading(tree: &Tree<'_>, i: usize) -> bool {
    let e = &tree.els[i];
    e.full.text > 0 && e.full.link == 0 && e.full.heading_text == e.full.text && e.counts.h1 == 0
}

/// A "hero banner" or "page header" that holds the page's own headline (an `<h1>` that is no
/// logo link) with prose beside it and few links: the top of the content, named like furniture.
/// A `<header>` element is not one: an article's header (headline, standfirst, date) is not its
/// body text.
fn is_title_banner(tree: &Tree<'_>, i: usize) -> bool {
    let e = &tree.els[i];
    e.counts.h1_text > 0
        && e.full.paras > 0
        && e.full.link_density() < TITLE_BANNER_MAX_LINKS
        && !matches!(e.tag, "header" | "nav" | "aside" | "footer")
}

/// Elements inside boilerplate wholes (class/id words, roles), for the checks made after the
/// choice: the repeated-group search and the lead. Computed once for both.
pub fn boilerplate_flags(tree: &Tree<'_>, body_below: &[bool]) -> Vec<bool> {
    let mut flags = vec![false; tree.els.len()];
    let mut pr = Vec::new();
    unlikely(tree, body_below, UNLIKELY_MAX_SHARE, &mut pr);
    for p in &pr {
        flags[p.el as usize] = true;
    }
    tree.inherit(&mut flags);
    flags
}

/// Stage two: clean inside the chosen roots.
pub fn conditional(
    tree: &Tree<'_>,
    roots: &[u32],
    excluded: &[bool],
    off: Heuristics,
    out: &mut Vec<Pruned>,
) {
    let n = tree.els.len();
    let mut inside = vec![false; n];
    let mut root_of = vec![NONE; n];
    for &r in roots {
        inside[r as usize] = true;
        root_of[r as usize] = r;
    }
    let mut gone = excluded.to_vec();
    for i in 0..n {
        let e = &tree.els[i];
        let p = e.parent;
        if p == NONE {
            continue;
        }
        let pi = p as usize;
        if gone[pi] {
            gone[i] = true;
        }
        if !inside[pi] {
            continue;
        }
        inside[i] = true;
        root_of[i] = root_of[pi];
        if gone[i] {
            continue;
        }
        let root_text = tree.els[root_of[i] as usize].eff.text.max(1) as f32;
        if let Some(reason) = judge(tree, i, root_text, off) {
            gone[i] = true;
            out.push(Pruned {
                el: i as u32,
                reason,
            });
        }
    }
}

fn judge(tree: &Tree<'_>, i: usize, root_text: f32, off: Heuristics) -> Option<String> {
    let e = &tree.els[i];
    let s = &e.eff;
    let share = s.text as f32 / root_text;
    let ld = s.link_density();
    let w = e.hint.weight;
    // An embedded post's wrapper ("social-embed") holds quoted text of the story.
    if e.counts.embed_post > 0 && !e.hint.hidden {
        return None;
    }
    if off.on(Heuristic::PruneHinted)
        && (e.hint.hidden
            || e.hint.unlikely && !is_title_banner(tree, i) && !is_section_heading(tree, i))
        && share < BOILERPLATE_MAX_SHARE
        && !e.hint.body
    {
        return Some(format!(
            "boilerplate class/id/role ({:.0}% of text)",
            share * 100.0
        ));
    }
    // Captions and credits beside images, whatever element holds them: photo descriptions and
    // agency names are not the article's text, even when they are whole sentences.
    if off.on(Heuristic::PruneCaptions)
        && e.hint.caption
        && !e.hint.body
        && s.text < CAPTION_MAX_CHARS
        && share < CAPTION_MAX_SHARE
    {
        return Some("image caption or credit (class/id)".into());
    }
    match e.tag {
        "header"
            if off.on(Heuristic::PruneSectioning)
                && share < SECTIONING_MAX_SHARE
                && !is_section_heading(tree, i) =>
        {
            return Some("<header> in the article".into());
        }
        "footer" | "aside" | "nav"
            if off.on(Heuristic::PruneSectioning) && share < SECTIONING_MAX_SHARE =>
        {
            return Some(format!("<{}> in the article", e.tag));
        }
        "figcaption" if off.on(Heuristic::PruneCaptions) => return Some("image caption".into()),
        "figure"
            if off.on(Heuristic::PruneCaptions) && s.paras == 0 && s.text < FIGURE_MAX_CHARS =>
        {
            return Some("figure".into())
        }
        _ => {}
    }
    if !matches!(
        e.tag,
        "div" | "section" | "ul" | "ol" | "table" | "form" | "dl" | "figure" | "span" | "details"
    ) {
        if off.on(Heuristic::PruneWeighted)
            && matches!(e.tag, "p" | "h2" | "h3" | "h4" | "h5" | "h6")
            && w < 0.0
            && share < WEIGHED_TEXT_MAX_SHARE
        {
            return Some(format!("class/id weight {w}"));
        }
        return None;
    }
    if s.text == 0 {
        return None;
    }
    // A box whose class/id weighs against it goes when it says nothing in sentences (a byline,
    // a tag row, a label) or is link-ish; one with sentences is text whatever its class says.
    if off.on(Heuristic::PruneWeighted)
        && w < 0.0
        && share < WEIGHED_MAX_SHARE
        && (s.punct < WEIGHED_MAX_PUNCT || ld > WEIGHED_MAX_LINKS)
    {
        return Some(format!("class/id weight {w}"));
    }
    if s.punct >= TEXT_MIN_PUNCT {
        if off.on(Heuristic::PruneLinks) && ld > TEXT_MAX_LINKS && share < TEXT_MAX_SHARE {
            return Some(format!("link density {ld:.2}"));
        }
        return None;
    }
    let c = &e.counts;
    let is_list =
        matches!(e.tag, "ul" | "ol" | "dl") || s.list_text as f32 > LIST_TEXT_SHARE * s.text as f32;
    if off.on(Heuristic::PruneImages)
        && c.img > GALLERY_IMAGES
        && (c.p as f32) / (c.img as f32) < GALLERY_PARAS_PER_IMAGE
        && s.text < GALLERY_MAX_CHARS
    {
        return Some(format!("{} images, {} paragraphs", c.img, c.p));
    }
    // List items count like paragraphs: a recipe's ingredient list under its servings field is
    // a list with one control, while a filter list has a checkbox in every item.
    if off.on(Heuristic::PruneForms)
        && c.input > 0
        && c.input > (c.p + c.li) / FORM_ITEMS_PER_INPUT
        && s.text < FORM_MAX_CHARS
    {
        return Some(format!("form ({} inputs)", c.input));
    }
    if off.on(Heuristic::PruneShortLinks)
        && !is_list
        && s.text < SHORT_LINKS_MAX_CHARS
        && (c.img == 0 || c.img > SHORT_LINKS_MAX_IMAGES)
        && ld > 0.0
    {
        return Some(format!("short ({} chars) with links", s.text));
    }
    if off.on(Heuristic::PruneLinks)
        && w < HINT_WEIGHT
        && ld > BOX_MAX_LINKS
        && !(is_list && ld < LIST_MAX_LINKS)
    {
        return Some(format!("link density {ld:.2}"));
    }
    if off.on(Heuristic::PruneLinks) && w >= HINT_WEIGHT && ld > POSITIVE_MAX_LINKS {
        return Some(format!("link density {ld:.2}"));
    }
    if off.on(Heuristic::PruneEmbeds)
        && ((c.embed == 1 && s.text < EMBED_MAX_CHARS) || c.embed > 1 && s.text < EMBEDS_MAX_CHARS)
    {
        return Some(format!("{} embeds", c.embed));
    }
    None
}
