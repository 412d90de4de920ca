//! Scoring: paragraphs vote for their ancestors (readability-style decay), and containers are
//! weighed by tag, class/id hints and link density.
//!
//! Takes the element tree, the blocks and the elements set aside before scoring; gives a score
//! for every container that a paragraph voted for ([`Scores`]). Choosing and widening the best
//! one is `widen`'s.

use super::blocks::RawBlock;
use super::params::{
    ARTICLE_LIST_ARTICLES, ARTICLE_LIST_PENALTY, BOXED_MIN, FULL_HINT_CHARS, TAG_SCORE_HEADING,
    TAG_SCORE_LIST, TAG_SCORE_TEXT_BOX, TAG_SCORE_WRAPPER, TRUNCATED_WEIGHT, VOTE_CHARS_PER_POINT,
    VOTE_DIV_PARENT, VOTE_DIV_PER_LEVEL, VOTE_LEVELS, VOTE_MAX_LENGTH_POINTS, VOTE_MAX_LINKS,
    VOTE_MAX_PUNCT, VOTE_MIN_CHARS,
};
use super::tree::{BlockStats, Tree, NONE};
use crate::document::BlockKind;
use crate::heuristic::{Heuristic, Heuristics};

/// Whether a paragraph ends in an ellipsis (`…`, `...`, `[…]`): the cut-off excerpt of a teaser.
pub fn is_truncated(text: &str) -> bool {
    let t =
        text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ']' | ')' | '»' | '"'));
    t.ends_with('…') || t.ends_with("...")
}

#[cfg(test)]
#[test]
fn truncated_excerpts() {
    assert!(is_truncated("and who has made her peace with…"));
    assert!(is_truncated("the house where [...]"));
    assert!(!is_truncated("It ended well."));
}

fn tag_score(tag: &str) -> f32 {
    match tag {
        "div" | "article" | "main" | "section" => TAG_SCORE_WRAPPER,
        "pre" | "td" | "blockquote" => TAG_SCORE_TEXT_BOX,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => TAG_SCORE_LIST,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => TAG_SCORE_HEADING,
        _ => 0.0,
    }
}

/// Block elements that are a paragraph of their own (their score goes to the parent); other
/// blocks (text sitting directly in a `div`) score their own element first.
fn is_para_tag(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "li"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "blockquote"
            | "tr"
            | "figcaption"
            | "caption"
            | "address"
            | "summary"
    )
}

/// Boxes of a single paragraph: `wrap[i]` when element `i` is a plain `div`/`span` whose one
/// element child (a paragraph or another such box) holds all its text; `boxed[p]` counts the
/// children of `p` that are such boxes.
struct Boxes {
    wrap: Vec<bool>,
    boxed: Vec<u16>,
}

impl Boxes {
    fn new(tree: &Tree<'_>) -> Self {
        let n = tree.els.len();
        let mut wrap = vec![false; n];
        let mut boxed = vec![0u16; n];
        for w in (0..n).rev() {
            let we = &tree.els[w];
            let c = w + 1;
            if c >= n || !matches!(we.tag, "div" | "span") || we.hint.weight != 0.0 || we.hint.body
            {
                continue;
            }
            let ce = &tree.els[c];
            if ce.parent == w as u32
                && ce.end == we.end
                && ce.full.text == we.full.text
                && we.full.text > 0
                && (is_para_tag(ce.tag) || wrap[c])
            {
                wrap[w] = true;
                if we.parent != NONE {
                    let p = we.parent as usize;
                    boxed[p] = boxed[p].saturating_add(1);
                }
            }
        }
        Self { wrap, boxed }
    }
}

/// The containers' scores.
pub struct Scores {
    /// Each element's score (meaningful where `scored`).
    pub score: Vec<f32>,
    /// Whether a paragraph voted for the element.
    pub scored: Vec<bool>,
}

impl Scores {
    /// The best-scoring element (the first of equals), if any was scored.
    pub fn best(&self) -> Option<u32> {
        let mut best: Option<u32> = None;
        for i in 0..self.score.len() {
            if self.scored[i] && best.is_none_or(|b| self.score[i] > self.score[b as usize]) {
                best = Some(i as u32);
            }
        }
        best
    }
}

/// Score every container from the blocks not `excluded`.
pub fn score(
    tree: &Tree<'_>,
    blocks: &[RawBlock],
    bstats: &[BlockStats],
    excluded: &[bool],
    off: Heuristics,
) -> Scores {
    let n = tree.els.len();
    let boxes = Boxes::new(tree);
    let mut score = vec![0f32; n];
    let mut scored = vec![false; n];
    for (rb, bs) in blocks.iter().zip(bstats) {
        let Some(&i) = tree.index.get(&rb.node) else {
            continue;
        };
        if excluded[i as usize] {
            continue;
        }
        let plain = bs.chars.saturating_sub(bs.link);
        if plain < VOTE_MIN_CHARS || matches!(rb.block.kind, BlockKind::Heading { .. }) {
            continue;
        }
        if bs.link as f32 > VOTE_MAX_LINKS * bs.chars as f32 {
            continue;
        }
        let mut s = 1.0
            + bs.punct.min(VOTE_MAX_PUNCT) as f32
            + (plain as f32 / VOTE_CHARS_PER_POINT).min(VOTE_MAX_LENGTH_POINTS);
        // A paragraph cut off with an ellipsis is an excerpt of another page (a teaser).
        if off.on(Heuristic::TruncatedExcerpts) && is_truncated(&rb.block.text) {
            s *= TRUNCATED_WEIGHT;
        }
        let el = &tree.els[i as usize];
        let mut cur = if is_para_tag(el.tag) { el.parent } else { i };
        // A paragraph in a box of its own (`<div><p>…</p></div>`, each paragraph boxed, as page
        // builders write) votes like a bare paragraph when its container holds other such boxes:
        // counting each box as a container splits the article's votes over as many boxes as it
        // has paragraphs. (A lone box, such as a comment's text beside its author, stays one.)
        if off.on(Heuristic::BoxedParagraphs)
            && is_para_tag(el.tag)
            && cur != NONE
            && boxes.wrap[cur as usize]
        {
            let mut top = cur;
            while tree.els[top as usize].parent != NONE
                && boxes.wrap[tree.els[top as usize].parent as usize]
            {
                top = tree.els[top as usize].parent;
            }
            let p = tree.els[top as usize].parent;
            if p != NONE && boxes.boxed[p as usize] >= BOXED_MIN {
                cur = p;
            }
        }
        let mut level = 0u32;
        while cur != NONE && level < VOTE_LEVELS {
            let c = cur as usize;
            if !scored[c] {
                scored[c] = true;
                let e = &tree.els[c];
                score[c] = tag_score(e.tag) + e.hint.weight;
                // An <article> that holds several <article>s is a list of items (teasers, a
                // "you may also like" box), not an article: its tag vouches for nothing.
                if off.on(Heuristic::ArticleList)
                    && e.tag == "article"
                    && e.counts.article > ARTICLE_LIST_ARTICLES
                {
                    score[c] -= ARTICLE_LIST_PENALTY;
                }
            }
            let div = match level {
                0 => 1.0,
                1 => VOTE_DIV_PARENT,
                l => l as f32 * VOTE_DIV_PER_LEVEL,
            };
            score[c] += s / div;
            cur = tree.els[c].parent;
            level += 1;
        }
    }
    for (i, s) in score.iter_mut().enumerate() {
        if scored[i] {
            let e = &tree.els[i];
            // A positive class counts in full only for a container with real text: a 30-character
            // box whose class says "content" must not outrank the paragraphs' container.
            if e.hint.weight > 0.0 {
                *s -= e.hint.weight * (1.0 - (e.eff.text as f32 / FULL_HINT_CHARS).min(1.0));
            }
            *s *= 1.0 - e.eff.link_density();
        }
    }
    Scores { score, scored }
}
