//! Candidates: the page as the passes read it. The body's elements become a flat tree with
//! per-subtree text statistics and class/id hints (`tree`, `hints`), and its text becomes blocks
//! (`blocks`), each with its own statistics; subtrees a rule removed are left out of both.
//!
//! Takes the parsed page and the rule [`Marks`]; gives the [`Page`]: the tree, the blocks and
//! images, the body a site rule names, and which elements hold the article body below them.

use ego_tree::{NodeId, NodeRef};
use scraper::node::Node;
use scraper::Html;

use super::blocks::{self, RawBlock};
use super::tree::{self, BlockStats, Tree};
use super::{hints, prune};
use crate::config::Config;
use crate::rules::Marks;

/// The page's candidates for content.
pub struct Page<'a> {
    /// The body's elements.
    pub tree: Tree<'a>,
    /// The body's text blocks, in page order ...
    pub all: Vec<RawBlock>,
    /// ... and their statistics.
    pub bstats: Vec<BlockStats>,
    /// The images found between the blocks.
    pub images: Vec<blocks::FoundImage>,
    /// The element a site rule names as the body, taken as the content without scoring.
    pub forced: Option<u32>,
    /// Which elements hold strong article-body evidence below them (or are it).
    pub body_below: Vec<bool>,
}

/// Collect the candidates of `html`, without the subtrees the rules removed.
pub fn collect<'a>(html: &'a Html, marks: &Marks, config: &Config) -> Page<'a> {
    let skip = |id: NodeId| marks.removed.contains_key(&id) && !marks.kept.contains(&id);
    let root = body_of(html);
    // The parser already bounds the tree's depth to about `max_depth` (implied elements such as
    // `tbody` and re-opened formatting elements add some): this bound is only a backstop, set
    // above that so no text the parser kept is lost here.
    let walk_depth = config
        .limits
        .max_depth
        .saturating_mul(2)
        .saturating_add(crate::parse::depth::MAX_OPEN_FORMATTING + 16);
    let mut tree = Tree::build(root, &skip, walk_depth);
    for e in &mut tree.els {
        if marks.unwrapped.contains(&e.id) {
            e.hint = hints::Hint::default();
        }
    }
    let inline = blocks::Inline {
        links: config.links,
        images: config.images,
    };
    let blocks::Collected {
        blocks: all,
        images,
    } = blocks::collect_with(root, &skip, walk_depth, inline);
    let bstats: Vec<BlockStats> = all.iter().map(tree::block_stats).collect();
    tree.add_blocks(&all, &bstats, None);
    let forced = marks.body.and_then(|id| tree.index.get(&id).copied());
    let body_below = prune::body_below(&tree);
    Page {
        tree,
        all,
        bstats,
        images,
        forced,
        body_below,
    }
}

/// The `<body>` element, or the document root when there is none.
pub fn body_of(html: &Html) -> NodeRef<'_, Node> {
    let root = html.root_element();
    root.children()
        .find(|c| c.value().as_element().is_some_and(|e| e.name() == "body"))
        .unwrap_or(*root)
}
