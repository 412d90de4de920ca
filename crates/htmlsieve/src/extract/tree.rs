//! A flat view of the page's elements (pre-order, parent indices) with per-subtree statistics
//! gathered in one walk and one reverse pass: no recursion, so deep pages cannot overflow the stack.
//!
//! Takes the body element and the subtrees to skip, then the blocks (to count their text, with
//! the elements set aside left out); gives the [`Tree`]: the elements in pre-order with their
//! parent, tag, signature, hints and text statistics.

use ego_tree::{NodeId, NodeRef};
use rustc_hash::FxHashMap;
use scraper::node::Node;

use super::blocks::{skips_element, RawBlock};
use super::hints::{hint_cached, Hint, WordsCache};
use super::params::{
    CONTENT_MAX_LINKS, CONTENT_MIN_CHARS, DATA_ROW_MAX_LINKS, DATA_ROW_MIN_CELLS, PARA_MIN_CHARS,
};
use crate::document::BlockKind;

/// No parent.
pub const NONE: u32 = u32::MAX;

/// Statistics of a subtree.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    /// Characters of block text.
    pub text: u32,
    /// Of which inside links.
    pub link: u32,
    /// Commas and clause/sentence punctuation (any script).
    pub punct: u32,
    /// Paragraph-like blocks (paragraphs, quotes, code) of at least 40 characters.
    pub paras: u32,
    /// Blocks of any kind.
    pub blocks: u32,
    /// Characters of list-item blocks.
    pub list_text: u32,
    /// Characters of heading blocks.
    pub heading_text: u32,
    /// Characters of blocks that read like content (40+ characters, few links).
    pub good: u32,
}

impl Stats {
    fn add(&mut self, o: &Stats) {
        self.text += o.text;
        self.link += o.link;
        self.punct += o.punct;
        self.paras += o.paras;
        self.blocks += o.blocks;
        self.list_text += o.list_text;
        self.heading_text += o.heading_text;
        self.good += o.good;
    }

    pub fn link_density(&self) -> f32 {
        if self.text == 0 {
            0.0
        } else {
            self.link as f32 / self.text as f32
        }
    }
}

/// Element counts of a subtree.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub p: u32,
    pub img: u32,
    pub li: u32,
    /// Form fields (not buttons).
    pub input: u32,
    /// `<h1>` headings that are no link (a page's own headline, not a logo).
    pub h1_text: u32,
    pub embed: u32,
    pub a: u32,
    /// `<article>` elements (the element itself included).
    pub article: u32,
    /// Embedded social posts (a tweet's or an Instagram post's quoted text).
    pub embed_post: u32,
    /// `<h1>` elements (the element itself included).
    pub h1: u32,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.p += o.p;
        self.img += o.img;
        self.li += o.li;
        self.input += o.input;
        self.h1_text += o.h1_text;
        self.embed += o.embed;
        self.a += o.a;
        self.article += o.article;
        self.embed_post += o.embed_post;
        self.h1 += o.h1;
    }
}

/// One element of the page.
#[derive(Debug, Clone)]
pub struct El<'a> {
    pub id: NodeId,
    pub parent: u32,
    /// One past the last descendant (pre-order): the subtree is `index..end`.
    pub end: u32,
    pub tag: &'a str,
    pub hint: Hint,
    /// Tag and first class word (digits left out), hashed: siblings with the same signature are
    /// items of one repeated structure (cards, posts, rows).
    pub sig: u64,
    /// All text of the subtree (rule-removed parts excluded).
    pub full: Stats,
    /// Text of the subtree outside pruned elements.
    pub eff: Stats,
    pub counts: Counts,
}

/// The elements under a root, in document order.
pub struct Tree<'a> {
    pub els: Vec<El<'a>>,
    pub index: FxHashMap<NodeId, u32>,
}

/// Whether an element holds a link.
fn has_link(node: NodeRef<'_, Node>) -> bool {
    node.descendants()
        .any(|d| d.value().as_element().is_some_and(|e| e.name() == "a"))
}

/// An `<input>` a visitor fills in. Buttons (code samples' "Copy", accordion toggles, votes)
/// and hidden inputs make no form of the text around them.
fn is_field(e: &scraper::node::Element) -> bool {
    !e.attr("type").is_some_and(|t| {
        let t = t.trim();
        ["hidden", "submit", "button", "reset", "image"]
            .iter()
            .any(|k| t.eq_ignore_ascii_case(k))
    })
}

/// A social post quoted into the article by its embed code (`<blockquote class="twitter-tweet">`):
/// the post's text is part of the story, whatever its wrapper is called.
fn is_embedded_post(e: &scraper::node::Element) -> bool {
    e.classes().any(|c| {
        matches!(
            c,
            "twitter-tweet" | "instagram-media" | "tiktok-embed" | "bluesky-embed"
        )
    })
}

/// Punctuation that marks running text, in any script.
pub fn is_punct(c: char) -> bool {
    matches!(
        c,
        ',' | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | '，'
            | '、'
            | '。'
            | '；'
            | '！'
            | '？'
            | '،'
            | '؛'
            | '।'
            | '«'
            | '»'
            | '„'
            | '“'
            | '”'
    )
}

/// Per-block numbers used by the tree and the block classifier.
#[derive(Debug, Clone, Copy, Default)]
pub struct BlockStats {
    pub chars: u32,
    pub link: u32,
    pub punct: u32,
    /// Characters set in small print.
    pub small: u32,
}

pub fn block_stats(rb: &RawBlock) -> BlockStats {
    let mut chars = 0u32;
    let mut punct = 0u32;
    let mut prev = ' ';
    let mut it = rb.block.text.chars().peekable();
    while let Some(c) = it.next() {
        if c.is_whitespace() {
            prev = c;
            continue;
        }
        chars += 1;
        // A point or comma between digits is a decimal or thousands separator (a stock ticker,
        // a price list), not the punctuation of running text.
        let separator = matches!(c, '.' | ',')
            && prev.is_ascii_digit()
            && it.peek().is_some_and(|n| n.is_ascii_digit());
        if !separator && (matches!(c, ',' | '，' | '、' | '،') || (is_punct(c) && c != ':')) {
            punct += 1;
        }
        prev = c;
    }
    // Link characters are counted with spaces excluded too.
    let mut link = (rb.link_chars as u32).min(chars);
    // A data table's row that links one of its cells (a name linked to its page, beside the
    // row's figures) is data, not navigation: its links count for nothing. A row of links only
    // (a table laid out as a menu) keeps them.
    if matches!(rb.block.kind, BlockKind::TableRow { .. })
        && rb.block.cells.iter().filter(|c| !c.is_empty()).count() >= DATA_ROW_MIN_CELLS
        && (link as f32) <= DATA_ROW_MAX_LINKS * chars as f32
    {
        link = 0;
    }
    let small = (rb.small_chars as u32).min(chars);
    BlockStats {
        chars,
        link,
        punct,
        small,
    }
}

/// The repeated-structure signature of an element: its tag and first class word without digits
/// (`card-3` and `card-7` are the same kind of item; `card card--wide` is a `card`).
fn signature(e: &scraper::node::Element) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    e.name().hash(&mut h);
    let class = super::hints::attrs(e).class.unwrap_or("");
    if let Some(c) = class.split_ascii_whitespace().next() {
        for ch in c.chars().filter(|c| !c.is_ascii_digit()) {
            ch.hash(&mut h);
        }
    }
    h.finish()
}

/// The signature of an element of this tag without a class (a bare `<div>`): it names no kind.
pub fn bare_signature(tag: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    tag.hash(&mut h);
    h.finish()
}

impl<'a> Tree<'a> {
    /// Walk `root` (pre-order, iteratively), leaving out subtrees `skip` rejects and non-text tags.
    pub fn build(root: NodeRef<'a, Node>, skip: &dyn Fn(NodeId) -> bool, max_depth: usize) -> Self {
        let mut els: Vec<El<'a>> = Vec::new();
        let mut index = FxHashMap::default();
        let mut words = WordsCache::default();
        // Stack of (node, parent index, depth).
        let mut stack: Vec<(NodeRef<'a, Node>, u32, usize)> = vec![(root, NONE, 0)];
        while let Some((node, parent, depth)) = stack.pop() {
            let Node::Element(e) = node.value() else {
                if matches!(node.value(), Node::Document | Node::Fragment) {
                    for c in node.children().rev() {
                        stack.push((c, parent, depth + 1));
                    }
                }
                continue;
            };
            let tag = e.name();
            if skips_element(node, tag) || skip(node.id()) {
                if parent != NONE {
                    let c = &mut els[parent as usize].counts;
                    match tag {
                        "img" | "picture" => c.img += 1,
                        "iframe" | "object" | "embed" | "video" | "audio" => c.embed += 1,
                        "select" | "textarea" => c.input += 1,
                        "input" if is_field(e) => c.input += 1,
                        _ => {}
                    }
                }
                continue;
            }
            let idx = els.len() as u32;
            let mut counts = Counts::default();
            match tag {
                "p" => counts.p = 1,
                "li" => counts.li = 1,
                "a" => counts.a = 1,
                "article" => counts.article = 1,
                "h1" => {
                    counts.h1 = 1;
                    counts.h1_text = u32::from(!has_link(node));
                }
                "blockquote" => counts.embed_post = u32::from(is_embedded_post(e)),
                _ => {}
            }
            els.push(El {
                id: node.id(),
                parent,
                end: 0,
                tag,
                hint: hint_cached(e, &mut words),
                sig: signature(e),
                full: Stats::default(),
                eff: Stats::default(),
                counts,
            });
            index.insert(node.id(), idx);
            if depth < max_depth {
                for c in node.children().rev() {
                    stack.push((c, idx, depth + 1));
                }
            }
        }
        // Element counts roll up children → parents (children come after parents).
        for i in (0..els.len()).rev() {
            if els[i].end == 0 {
                els[i].end = i as u32 + 1;
            }
            let p = els[i].parent;
            if p != NONE && els[p as usize].end < els[i].end {
                els[p as usize].end = els[i].end;
            }
        }
        for i in (1..els.len()).rev() {
            let p = els[i].parent;
            if p != NONE {
                let c = els[i].counts;
                els[p as usize].counts.add(&c);
            }
        }
        Tree { els, index }
    }

    /// Fill `full` (or `eff`, when `excluded` is given) from the blocks.
    pub fn add_blocks(
        &mut self,
        blocks: &[RawBlock],
        bstats: &[BlockStats],
        excluded: Option<&[bool]>,
    ) {
        let eff = excluded.is_some();
        for e in &mut self.els {
            if eff {
                e.eff = Stats::default();
            } else {
                e.full = Stats::default();
            }
        }
        for (rb, bs) in blocks.iter().zip(bstats) {
            let Some(&i) = self.index.get(&rb.node) else {
                continue;
            };
            if excluded.is_some_and(|x| x[i as usize]) {
                continue;
            }
            let s = Stats {
                text: bs.chars,
                link: bs.link,
                punct: bs.punct,
                paras: u32::from(
                    matches!(
                        rb.block.kind,
                        BlockKind::Paragraph | BlockKind::Quote | BlockKind::Code { .. }
                    ) && bs.chars >= PARA_MIN_CHARS,
                ),
                blocks: 1,
                list_text: if matches!(rb.block.kind, BlockKind::ListItem { .. }) {
                    bs.chars
                } else {
                    0
                },
                heading_text: if matches!(rb.block.kind, BlockKind::Heading { .. }) {
                    bs.chars
                } else {
                    0
                },
                good: if bs.chars >= CONTENT_MIN_CHARS
                    && (bs.link as f32) < CONTENT_MAX_LINKS * bs.chars as f32
                {
                    bs.chars
                } else {
                    0
                },
            };
            let e = &mut self.els[i as usize];
            if eff {
                e.eff.add(&s);
            } else {
                e.full.add(&s);
            }
        }
        for i in (1..self.els.len()).rev() {
            let p = self.els[i].parent;
            if p != NONE {
                if eff {
                    let s = self.els[i].eff;
                    self.els[p as usize].eff.add(&s);
                } else {
                    let s = self.els[i].full;
                    self.els[p as usize].full.add(&s);
                }
            }
        }
    }

    /// Propagate a per-element flag down to descendants (`flag[i] |= flag[parent]`).
    pub fn inherit(&self, flag: &mut [bool]) {
        for i in 0..self.els.len() {
            let p = self.els[i].parent;
            if p != NONE && flag[p as usize] {
                flag[i] = true;
            }
        }
    }

    /// Whether `anc` is `i` or one of its ancestors.
    pub fn is_within(&self, i: u32, anc: u32) -> bool {
        anc <= i && i < self.els[anc as usize].end
    }

    /// The children of `parent`, in order.
    pub fn children(&self, parent: u32) -> Vec<u32> {
        let mut out = Vec::new();
        let mut i = parent + 1;
        let end = self.els[parent as usize].end;
        while i < end {
            out.push(i);
            i = self.els[i as usize].end;
        }
        out
    }
}
