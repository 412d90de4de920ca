//! Repeated structures: sibling elements of one kind (same tag and class signature) that each hold
//! text, such as product cards, teaser items, forum posts or result rows. On listing, collection
//! and forum pages such a group is the main content, though its link density or its short items
//! make the article-oriented scoring pass it by.

use rustc_hash::FxHashMap;

use super::tree::Tree;

/// A group needs at least this many items ...
const MIN_ITEMS: usize = 4;
/// ... with at least this much text on average (characters): menus and tag clouds have less.
const MIN_MEAN_TEXT: u32 = 20;
/// No one item may hold more than this share of the group's text (or two items' worth of an
/// even share, for small groups): page sections of a layout are not items of a list.
const MAX_ITEM_SHARE: f32 = 0.5;

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

impl Group {
    pub fn link_density(&self) -> f32 {
        self.link as f32 / self.text.max(1) as f32
    }
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
