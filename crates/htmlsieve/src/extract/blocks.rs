//! Blocks: walk a subtree once and turn it into text blocks (headings, paragraphs, list items,
//! table rows, code, quotes) with browser-like whitespace: inline elements join without spaces of
//! their own, runs of whitespace collapse, `<br>` breaks a line, block elements break blocks.
//! The walk is iterative (parent / sibling links), so no page can overflow the stack.
//!
//! Takes a subtree (the page's body), the subtrees to skip and whether links and images are
//! wanted; gives the blocks in page order, each with the node it came from ([`RawBlock`]), and
//! the images found between them.

use ego_tree::{NodeId, NodeRef};
use scraper::node::Node;

use super::params::{
    CURRENCY_ITEM_MAX, CURRENCY_LIST_MIN, HIDDEN_WRAPPER_MIN_TEXT, HIDDEN_WRAPPER_SHARE,
    HIDDEN_WRAPPER_SHARE_H1, MIN_IMAGE_PX, SMALL_EM, SMALL_PERCENT, SMALL_PT, SMALL_PX,
};
use crate::document::{Block, BlockKind, Link};

/// A block with what the extractor needs to judge it.
#[derive(Debug, Clone)]
pub struct RawBlock {
    pub block: Block,
    /// The element that opened the block.
    pub node: NodeId,
    /// Characters of the block's text that sit inside links.
    pub link_chars: usize,
    /// Characters of the block's text set in small print (see [`is_small_print`]).
    pub small_chars: usize,
}

/// Elements whose content is never text.
pub fn is_skipped(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "button"
            | "input"
            | "select"
            | "textarea"
            | "option"
            | "audio"
            | "video"
            | "source"
            | "track"
            | "img"
            | "picture"
            | "map"
            | "area"
            | "rt"
            | "rp"
    )
}

/// Whether the extractor leaves an element's subtree out: the non-text tags, except a `<button>`
/// that holds a heading (an accordion's question, "How long does delivery take?", is the
/// section's heading; other buttons are controls).
pub fn skips_element(node: NodeRef<'_, Node>, tag: &str) -> bool {
    if tag == "button" {
        return !node.descendants().any(|d| {
            d.value()
                .as_element()
                .is_some_and(|e| matches!(e.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
        });
    }
    is_skipped(tag)
}

/// Elements a browser does not show: the `hidden` attribute, `aria-hidden="true"`, or an inline
/// style with `display: none` / `visibility: hidden` (modals, paywall teasers, screen-reader-only
/// duplicates). Readers such as Firefox's Reader View skip them too.
pub fn is_hidden(e: &scraper::node::Element) -> bool {
    if e.attrs.is_empty() {
        return false;
    }
    let a = super::hints::attrs(e);
    let sh = super::hints::shown(&a);
    if sh.tab_panel {
        return false;
    }
    if a.hidden || a.aria_hidden.is_some_and(|v| v.trim() == "true") || sh.mobile_only {
        return true;
    }
    let Some(style) = a.style else {
        return false;
    };
    if !style.contains("none") && !style.contains("hidden") {
        return false;
    }
    style.split(';').any(|decl| {
        let Some((prop, value)) = decl.split_once(':') else {
            return false;
        };
        let value = value.trim().trim_end_matches("!important").trim();
        match prop.trim().to_ascii_lowercase().as_str() {
            "display" => value.eq_ignore_ascii_case("none"),
            "visibility" => value.eq_ignore_ascii_case("hidden"),
            _ => false,
        }
    })
}

/// Class words of a tooltip's or popover's content (`tooltip-text`, `tool-tip__content`,
/// `a-popover-preload`, `tooltiptext`): text a page shows only while the pointer rests on an icon.
static HOVER_PART: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::RegexBuilder::new(
        r"(^|[_-])(tool-?tip|popover)[_-]{0,2}(text|content|body|inner|box|popup|panel)$",
    )
    .case_insensitive(true)
    .unicode(false)
    .build()
    .unwrap_or_else(|e| panic!("built-in hover pattern must compile: {e}"))
});

/// A class word that is a tooltip or popover as a whole (`tooltip`, `wt-popover`).
static HOVER_WHOLE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::RegexBuilder::new(r"(^|[_-])(tool-?tip|popover)$")
        .case_insensitive(true)
        .unicode(false)
        .build()
        .unwrap_or_else(|e| panic!("built-in hover pattern must compile: {e}"))
});

/// Text shown only on hover: an element with `role="tooltip"`, or named as a tooltip's or a
/// popover's content. A link or button is the trigger (its words are the text's own), and an
/// element named `tooltip` that holds another such element is the wrapper of a term and its
/// tooltip (`<span class="tooltip">term<span class="tooltiptext">…</span></span>`).
pub fn is_hover_only(node: NodeRef<'_, Node>, e: &scraper::node::Element) -> bool {
    if e.attrs.is_empty() || matches!(e.name(), "a" | "button") {
        return false;
    }
    let a = super::hints::attrs(e);
    if a.role
        .is_some_and(|r| r.trim().eq_ignore_ascii_case("tooltip"))
    {
        return true;
    }
    let Some(class) = a.class else {
        return false;
    };
    // Both patterns need "tip" or "popover": most class lists have neither, and a byte scan is
    // far cheaper than a regex run on each of their words.
    if !contains_ascii_ci(class, b"tip") && !contains_ascii_ci(class, b"popover") {
        return false;
    }
    if class.split_whitespace().any(|t| HOVER_PART.is_match(t)) {
        return true;
    }
    class.split_whitespace().any(|t| HOVER_WHOLE.is_match(t))
        && !node.descendants().skip(1).any(|d| {
            d.value().as_element().is_some_and(|x| {
                x.attr("class").is_some_and(|c| {
                    let c = c.to_ascii_lowercase();
                    c.contains("tooltip") || c.contains("tool-tip") || c.contains("popover")
                })
            })
        })
}

/// Whether `hay` holds `needle` (lowercase ASCII) in any ASCII case.
fn contains_ascii_ci(hay: &str, needle: &[u8]) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// A list item that is a price in one currency, by its ISO code ("GBP: £110.82", "USD 149.64").
static CURRENCY_ITEM: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^([A-Z]{3})\s*:?\s*[^\d\s]{0,3}\s*\d[\d.,\s]*[.,]\d{2,3}\s*(?:[A-Z]{3}|[^\w\s]{1,3})?$",
    )
    .unwrap_or_else(|e| panic!("built-in currency pattern must compile: {e}"))
});

/// A list of one price in several currencies: the conversion box a shop's currency switcher
/// shows on hover beside every price, not the page's text.
pub fn is_currency_list(node: NodeRef<'_, Node>, tag: &str) -> bool {
    if !matches!(tag, "ul" | "ol") {
        return false;
    }
    let mut codes: Vec<String> = Vec::new();
    for li in node.children() {
        let Some(e) = li.value().as_element() else {
            continue;
        };
        if e.name() != "li" {
            return false;
        }
        let mut text = String::new();
        for d in li.descendants() {
            if let Node::Text(t) = d.value() {
                text.push_str(t);
                if text.len() > CURRENCY_ITEM_MAX {
                    return false;
                }
            }
        }
        let text = text.trim();
        let Some(code) = CURRENCY_ITEM.captures(text).and_then(|c| c.get(1)) else {
            return false;
        };
        if !codes.iter().any(|c| c == code.as_str()) {
            codes.push(code.as_str().to_string());
        }
    }
    codes.len() >= CURRENCY_LIST_MIN
}

/// Elements that start a new block.
pub fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "caption"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "form"
            | "fieldset"
            | "legend"
            | "address"
            | "hr"
            | "details"
            | "summary"
            | "center"
            | "body"
            | "html"
            | "menu"
            | "hgroup"
            | "search"
            | "dialog"
    )
}

/// Inline elements whose class/id names a caption or credit (`<span class="credit">`) open a block
/// of their own, so that the extractor can judge them apart from the text around them.
fn is_caption_inline(tag: &str, e: &scraper::node::Element) -> bool {
    if !matches!(tag, "span" | "small" | "em" | "i" | "cite" | "font") || e.attrs.is_empty() {
        return false;
    }
    let a = super::hints::attrs(e);
    let says = |v: Option<&str>| {
        v.is_some_and(|v| {
            v.as_bytes()
                .windows(6)
                .any(|w| w.eq_ignore_ascii_case(b"captio") || w.eq_ignore_ascii_case(b"credit"))
        })
    };
    says(a.class) || says(a.id)
}

/// Elements set in small print: `<small>`, `<font size="1">` (or a negative relative size), or an
/// inline `font-size` at or under 12px / 9pt / 0.85em / 85% / `small`. Fine print under an
/// article is its legal notice, disclaimer or the sender's boilerplate; the extractor drops it
/// when the text around it is not small print too.
pub fn is_small_print(tag: &str, e: &scraper::node::Element) -> bool {
    if tag == "small" {
        return true;
    }
    if e.attrs.is_empty() {
        return false;
    }
    if tag == "font" {
        if let Some(size) = e.attr("size") {
            let size = size.trim();
            return size == "1" || size.starts_with('-');
        }
    }
    // Read through `hints::attrs` (atom comparisons): `attr("style")` would intern the name again
    // for every element of the page.
    let Some(style) = super::hints::attrs(e).style else {
        return false;
    };
    style.split(';').any(|decl| {
        let Some((prop, value)) = decl.split_once(':') else {
            return false;
        };
        if !prop.trim().eq_ignore_ascii_case("font-size") {
            return false;
        }
        let v = value
            .trim()
            .trim_end_matches("!important")
            .trim()
            .to_ascii_lowercase();
        if matches!(v.as_str(), "small" | "x-small" | "xx-small" | "smaller") {
            return true;
        }
        let split = v
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(v.len());
        let (num, unit) = v.split_at(split);
        let Ok(n) = num.parse::<f32>() else {
            return false;
        };
        match unit.trim() {
            "px" => n <= SMALL_PX,
            "pt" => n <= SMALL_PT,
            "em" | "rem" => n <= SMALL_EM,
            "%" => n <= SMALL_PERCENT,
            _ => false,
        }
    })
}

/// Whether an element opens a block.
fn opens_block(tag: &str, e: &scraper::node::Element) -> bool {
    is_block(tag) || is_caption_inline(tag, e)
}

struct Ctx {
    kind: BlockKind,
    node: NodeId,
}

/// Accumulates inline text into blocks.
struct Builder<'a> {
    out: Vec<RawBlock>,
    text: String,
    link_chars: usize,
    small_chars: usize,
    pending_space: bool,
    /// A space owed between two sibling elements that meet without whitespace, when the words
    /// on either side would otherwise run together (see [`Join`]).
    join: Join,
    link_depth: usize,
    small_depth: usize,
    pre_depth: usize,
    ctx: Vec<Ctx>,
    list_depth: u8,
    row: Option<(NodeId, bool, Vec<String>)>,
    cell_start: Option<usize>,
    skip: &'a dyn Fn(NodeId) -> bool,
    inline: Inline,
    /// Open links (with `inline.links`): where each one's text starts in `text`, and its target.
    open_links: Vec<(usize, Option<String>)>,
    /// Links of the block being built.
    links: Vec<Link>,
    /// Images met (with `inline.images`), for [`Collected::images`].
    images: Vec<FoundImage>,
}

/// What the walk keeps besides text, for the Markdown and JSON outputs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inline {
    pub links: bool,
    pub images: bool,
}

/// An image met in the walk: it sits before block `before` of [`Collected::blocks`].
#[derive(Debug, Clone)]
pub struct FoundImage {
    pub before: usize,
    pub node: NodeId,
    pub src: String,
    pub alt: String,
}

/// The blocks of a walk, and its images when asked for.
pub struct Collected {
    pub blocks: Vec<RawBlock>,
    pub images: Vec<FoundImage>,
}

/// [`FoundImage::before`] of an image whose paragraph has not ended yet.
const PENDING: usize = usize::MAX;

/// The image an `<img>` shows: its `src`, or the lazy-loading attribute that holds the real one
/// when `src` is a placeholder; none for a tracking pixel or an inline `data:` image.
fn image_of(e: &scraper::node::Element) -> Option<(String, String)> {
    let real = |v: &&str| !v.trim().is_empty() && !v.trim_start().starts_with("data:");
    let src = e
        .attr("src")
        .filter(real)
        .or_else(|| e.attr("data-src").filter(real))
        .or_else(|| e.attr("data-lazy-src").filter(real))
        .or_else(|| e.attr("data-original").filter(real))?;
    // A tracking pixel, a spacer or an icon in the text is no picture of the content.
    let pixel = |a: &str| {
        e.attr(a)
            .and_then(|v| v.trim().trim_end_matches("px").parse::<f32>().ok())
            .is_some_and(|n| n < MIN_IMAGE_PX)
    };
    if pixel("width") || pixel("height") {
        return None;
    }
    let alt = e
        .attr("alt")
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Some((src.trim().to_string(), alt))
}

impl Builder<'_> {
    fn current(&self) -> (BlockKind, NodeId) {
        self.ctx
            .last()
            .map(|c| (c.kind.clone(), c.node))
            .expect("context stack always has the root")
    }

    fn push_text(&mut self, s: &str) {
        if self.pre_depth > 0 {
            self.text.push_str(s);
            if self.link_depth > 0 {
                self.link_chars += s.chars().count();
            }
            if self.small_depth > 0 {
                self.small_chars += s.chars().count();
            }
            return;
        }
        for (i, word) in s
            .split(|c: char| c.is_whitespace() && c != '\u{a0}')
            .enumerate()
        {
            if i > 0 {
                self.pending_space = true;
            }
            if word.is_empty() {
                continue;
            }
            let joined = match std::mem::take(&mut self.join) {
                Join::None => false,
                j => self
                    .text
                    .chars()
                    .next_back()
                    .zip(word.chars().next())
                    .is_some_and(|(l, r)| match j {
                        Join::Words => l.is_alphanumeric() && r.is_alphanumeric(),
                        _ => l.is_lowercase() && r.is_uppercase(),
                    }),
            };
            if (self.pending_space || joined)
                && !self.text.is_empty()
                && !self.text.ends_with(['\n', ' '])
            {
                self.text.push(' ');
            }
            self.pending_space = false;
            self.text.push_str(word);
            if self.link_depth > 0 || self.small_depth > 0 {
                let n = word.chars().count();
                if self.link_depth > 0 {
                    self.link_chars += n;
                }
                if self.small_depth > 0 {
                    self.small_chars += n;
                }
            }
        }
    }

    fn line_break(&mut self) {
        self.join = Join::None;
        let t = self.text.trim_end_matches(' ').len();
        self.text.truncate(t);
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.pending_space = false;
    }

    fn flush(&mut self) {
        if self.row.is_some() && self.cell_start.is_some() {
            return; // inside a table cell: blocks in cells stay in the cell
        }
        self.flush_text();
        let at = self.out.len();
        for i in self.images.iter_mut().filter(|i| i.before == PENDING) {
            i.before = at;
        }
    }

    fn flush_text(&mut self) {
        let (kind, node) = self.current();
        self.pending_space = false;
        self.join = Join::None;
        let link_chars = std::mem::take(&mut self.link_chars);
        let small_chars = std::mem::take(&mut self.small_chars);
        let raw = std::mem::take(&mut self.text);
        let mut links = std::mem::take(&mut self.links).into_iter().peekable();
        // A link still open continues in the next block.
        for l in &mut self.open_links {
            l.0 = 0;
        }
        if matches!(kind, BlockKind::Code { .. }) {
            // Code keeps its blank lines, but one at a time (the output separates blocks by
            // one blank line, so two in a row would read as a block break): CR LF and CR are
            // line ends too.
            let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
            let mut text = String::with_capacity(unified.len());
            let mut blank = false;
            for line in unified.trim_matches('\n').split('\n') {
                let line = line.trim_end();
                if line.is_empty() {
                    blank = true;
                    continue;
                }
                if !text.is_empty() {
                    text.push_str(if blank { "\n\n" } else { "\n" });
                }
                blank = false;
                text.push_str(line);
            }
            if text.chars().any(|c| !c.is_whitespace()) {
                self.out.push(RawBlock {
                    block: Block::new(kind, text),
                    node,
                    link_chars,
                    small_chars,
                });
            }
            return;
        }
        // `<br><br>` (an empty line) separates paragraphs, as on pages written without `<p>`;
        // a single `<br>` stays a line break inside the block.
        let mut paragraphs: Vec<Vec<&str>> = vec![Vec::new()];
        for line in raw.split('\n').map(str::trim) {
            if line.is_empty() {
                if paragraphs.last().is_some_and(|p| !p.is_empty()) {
                    paragraphs.push(Vec::new());
                }
            } else if let Some(p) = paragraphs.last_mut() {
                p.push(line);
            }
        }
        let texts: Vec<String> = paragraphs
            .into_iter()
            .filter(|p| !p.is_empty())
            .map(|p| p.join("\n"))
            .collect();
        let total: usize = texts
            .iter()
            .map(|t| t.chars().count())
            .sum::<usize>()
            .max(1);
        for text in texts {
            // Links and small print are not tracked per paragraph: share them out by length.
            let len = text.chars().count();
            let mut block = Block::new(kind.clone(), text);
            // Links go, in order, to the paragraph that holds their text.
            let mut from = 0;
            while let Some(at) = links
                .peek()
                .and_then(|l| block.text[from..].find(&l.text).map(|p| p + from))
            {
                from = at;
                block.links.extend(links.next());
            }
            self.out.push(RawBlock {
                block,
                node,
                link_chars: link_chars * len / total,
                small_chars: small_chars * len / total,
            });
        }
    }
}

/// How the text of an inline element joins the text of the sibling element just before it, when
/// no whitespace lies between them. Browsers run such text together, but a page that sets two
/// links side by side (a row of tags, `<a>Action</a><a>Shooter</a>`) or two spans of one kind
/// (`<span>Brand</span><span>Product</span>`) shows them apart with styles: spacing,
/// inline-block boxes, a line each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Join {
    #[default]
    None,
    /// Two links to different places: separate words whenever both sides are letters or digits.
    Words,
    /// Two other inline elements of one tag: separate where a lowercase letter meets an
    /// uppercase one ("…DiamondSpot…"); a word split over spans (`<b>W</b>ord`) stays whole.
    Case,
}

/// The [`Join`] for an inline element `node` with tag `tag`.
fn join_for(node: NodeRef<'_, Node>, tag: &str) -> Join {
    // (Comments are no text: frameworks leave `<!---->` markers between elements.)
    let Some(prev) = node
        .prev_siblings()
        .find(|n| !matches!(n.value(), Node::Comment(_)))
    else {
        return Join::None;
    };
    let Some(p) = prev.value().as_element().filter(|p| p.name() == tag) else {
        return Join::None;
    };
    // Two links to one place are one word an editor linked in two pieces (`<a>b</a><a>acon</a>`).
    let same_target = || {
        node.value()
            .as_element()
            .is_some_and(|e| e.attr("href") == p.attr("href"))
    };
    if tag == "a" && !same_target() {
        Join::Words
    } else {
        Join::Case
    }
}

/// What kind of block an element opens, given the block it sits in.
fn kind_for(tag: &str, parent: &BlockKind, list_depth: u8, ordered: bool) -> Option<BlockKind> {
    Some(match tag {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading {
            level: tag.as_bytes()[1] - b'0',
        },
        "li" => BlockKind::ListItem {
            ordered,
            depth: list_depth.saturating_sub(1),
        },
        "pre" => BlockKind::Code { lang: None },
        "blockquote" => BlockKind::Quote,
        "dt" | "dd" | "p" | "figcaption" | "caption" | "summary" | "legend" | "address" => {
            match parent {
                BlockKind::Quote => BlockKind::Quote,
                BlockKind::ListItem { .. } => parent.clone(),
                _ => BlockKind::Paragraph,
            }
        }
        _ => return None,
    })
}

/// A table is a data table when no cell holds block-level content (layout tables are walked like divs).
fn is_data_table(table: NodeRef<'_, Node>) -> bool {
    let mut seen = 0usize;
    for d in table.descendants().skip(1) {
        seen += 1;
        if seen > 5000 {
            return false;
        }
        if let Node::Element(e) = d.value() {
            if matches!(
                e.name(),
                "table"
                    | "p"
                    | "div"
                    | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "ul"
                    | "ol"
                    | "blockquote"
                    | "pre"
                    | "article"
                    | "section"
            ) {
                return false;
            }
        }
    }
    true
}

/// Collect the blocks under `root` (inclusive). `skip(id)` says whether an element (and its subtree)
/// is left out, e.g. because a rule removed it. `max_depth` bounds how deep the walk descends.
#[cfg(test)]
pub fn collect(
    root: NodeRef<'_, Node>,
    skip: &dyn Fn(NodeId) -> bool,
    max_depth: usize,
) -> Vec<RawBlock> {
    collect_with(root, skip, max_depth, Inline::default()).blocks
}

/// [`collect`], keeping links and images as `inline` asks.
pub fn collect_with(
    root: NodeRef<'_, Node>,
    skip: &dyn Fn(NodeId) -> bool,
    max_depth: usize,
    inline: Inline,
) -> Collected {
    let mut b = Builder {
        out: Vec::new(),
        text: String::new(),
        link_chars: 0,
        small_chars: 0,
        pending_space: false,
        join: Join::None,
        link_depth: 0,
        small_depth: 0,
        pre_depth: 0,
        ctx: vec![Ctx {
            kind: BlockKind::Paragraph,
            node: root.id(),
        }],
        list_depth: 0,
        row: None,
        cell_start: None,
        skip,
        inline,
        open_links: Vec::new(),
        links: Vec::new(),
        images: Vec::new(),
    };
    // Per open element: whether it pushed a context, and table state to restore.
    let mut data_tables: Vec<NodeId> = Vec::new();
    // The page's text length, measured when a hidden element first needs it.
    let mut page_text: Option<usize> = None;
    let mut depth = 0usize;
    let mut node = root;
    'walk: loop {
        // Open `node`; decide whether to descend.
        let mut descend = false;
        match node.value() {
            Node::Text(t) => b.push_text(t),
            Node::Element(e) => {
                let tag = e.name();
                let hidden =
                    (is_hidden(e) || is_hover_only(node, e) || is_currency_list(node, tag))
                        && !holds_the_page(node, root, &mut page_text);
                let shown = !(hidden || (b.skip)(node.id()) || depth >= max_depth);
                if shown && !skips_element(node, tag) {
                    descend = true;
                    open_element(&mut b, node, e, tag, &mut data_tables);
                } else if shown && tag == "img" && inline.images && b.row.is_none() {
                    if let Some((src, alt)) = image_of(e) {
                        // An image inside a paragraph follows it; one between blocks stands
                        // before the next (`PENDING` is resolved when the paragraph ends).
                        let inside = b.text.chars().any(|c| !c.is_whitespace());
                        b.images.push(FoundImage {
                            before: if inside { PENDING } else { b.out.len() },
                            node: node.id(),
                            src,
                            alt,
                        });
                    }
                }
            }
            Node::Document | Node::Fragment => descend = true,
            _ => {}
        }
        if descend {
            if let Some(child) = node.first_child() {
                node = child;
                depth += 1;
                continue;
            }
            close_element(&mut b, node, &mut data_tables);
        }
        // Move to the next sibling, closing ancestors as we climb.
        loop {
            if node.id() == root.id() {
                break 'walk;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                continue 'walk;
            }
            match node.parent() {
                Some(p) => {
                    node = p;
                    depth = depth.saturating_sub(1);
                    close_element(&mut b, node, &mut data_tables);
                }
                None => break 'walk,
            }
        }
    }
    b.flush();
    Collected {
        blocks: b.out,
        images: b.images,
    }
}

/// Text (bytes) under `node`, outside scripts and styles, and whether it holds an `<h1>`.
pub fn text_len(node: NodeRef<'_, Node>) -> (usize, bool) {
    let mut len = 0;
    let mut h1 = false;
    for d in node.descendants() {
        match d.value() {
            Node::Text(t) => {
                let in_script = d
                    .parent()
                    .and_then(|p| p.value().as_element().map(|e| is_skipped(e.name())))
                    .unwrap_or(false);
                if !in_script {
                    len += t.trim().len();
                }
            }
            Node::Element(e) if e.name() == "h1" => h1 = true,
            _ => {}
        }
    }
    (len, h1)
}

/// Whether a hidden element holds the page's content: a wrapper that scripts reveal after
/// loading (a lock screen, a fade-in). Browsers that run the script show it, and so does this
/// extractor. It holds most of the page's text, or much of it and the page's heading (hidden
/// menus and dialogs have no `<h1>`).
fn holds_the_page(
    node: NodeRef<'_, Node>,
    root: NodeRef<'_, Node>,
    page_text: &mut Option<usize>,
) -> bool {
    let (own, h1) = text_len(node);
    if own < HIDDEN_WRAPPER_MIN_TEXT {
        return false;
    }
    let total = *page_text.get_or_insert_with(|| text_len(root).0);
    let share = if h1 {
        HIDDEN_WRAPPER_SHARE_H1
    } else {
        HIDDEN_WRAPPER_SHARE
    };
    own as f32 > share * total as f32
}

fn open_element(
    b: &mut Builder<'_>,
    node: NodeRef<'_, Node>,
    e: &scraper::node::Element,
    tag: &str,
    data_tables: &mut Vec<NodeId>,
) {
    if is_small_print(tag, e) {
        b.small_depth += 1;
    }
    if b.pre_depth == 0 && !is_block(tag) {
        let j = join_for(node, tag);
        if j != Join::None {
            b.join = j;
        }
    }
    match tag {
        "br" => b.line_break(),
        "a" => {
            b.link_depth += 1;
            if b.inline.links {
                let href = e.attr("href").map(str::trim).filter(|h| {
                    !h.is_empty() && !h.starts_with('#') && !h.starts_with("javascript:")
                });
                b.open_links.push((b.text.len(), href.map(str::to_string)));
            }
        }
        "table" if is_data_table(node) => {
            b.flush();
            data_tables.push(node.id());
        }
        "tr" if data_tables.last().is_some() && b.row.is_none() => {
            b.flush();
            b.row = Some((node.id(), false, Vec::new()));
        }
        "td" | "th" if b.row.is_some() => {
            if tag == "th" {
                if let Some(r) = b.row.as_mut() {
                    r.1 = true;
                }
            }
            b.text.clear();
            b.pending_space = false;
            b.cell_start = Some(0);
        }
        _ if opens_block(tag, e) => {
            if b.cell_start.is_some() {
                b.pending_space = true;
                return;
            }
            b.flush();
            if tag == "ul" || tag == "ol" || tag == "menu" {
                b.list_depth = b.list_depth.saturating_add(1);
            }
            if tag == "pre" {
                b.pre_depth += 1;
            }
            let ordered = node
                .parent()
                .and_then(|p| p.value().as_element().map(|e| e.name() == "ol"))
                .unwrap_or(false);
            let parent = b.current().0;
            let kind = kind_for(tag, &parent, b.list_depth, ordered).unwrap_or(parent);
            b.ctx.push(Ctx {
                kind,
                node: node.id(),
            });
        }
        _ => {}
    }
}

/// Close an element. Only elements the walk opened (descended into) are ever closed, so the
/// skip tests of `collect` need not be repeated here.
fn close_element(b: &mut Builder<'_>, node: NodeRef<'_, Node>, data_tables: &mut Vec<NodeId>) {
    let Node::Element(e) = node.value() else {
        return;
    };
    let tag = e.name();
    if is_small_print(tag, e) {
        b.small_depth = b.small_depth.saturating_sub(1);
    }
    match tag {
        "a" => {
            b.link_depth = b.link_depth.saturating_sub(1);
            if let Some((start, Some(href))) = b.open_links.pop() {
                let text = b.text.get(start..).unwrap_or("").trim();
                if !text.is_empty() && b.cell_start.is_none() {
                    b.links.push(Link {
                        text: text.to_string(),
                        href,
                    });
                }
            }
        }
        "table" if data_tables.last() == Some(&node.id()) => {
            data_tables.pop();
        }
        "tr" if b.row.as_ref().is_some_and(|r| r.0 == node.id()) => {
            if let Some((id, header, cells)) = b.row.take() {
                if cells.iter().any(|c| !c.is_empty()) {
                    // Empty cells at either end would print as a leading or trailing " | ";
                    // those inside stay, so the columns still line up. `cells` keeps them all.
                    let first = cells.iter().position(|c| !c.is_empty()).unwrap_or(0);
                    let last = cells.iter().rposition(|c| !c.is_empty()).unwrap_or(0);
                    let text = cells[first..=last].join(" | ");
                    let link_chars = std::mem::take(&mut b.link_chars);
                    let small_chars = std::mem::take(&mut b.small_chars);
                    let mut block = Block::new(BlockKind::TableRow { header }, text);
                    block.cells = cells;
                    b.out.push(RawBlock {
                        block,
                        node: id,
                        link_chars,
                        small_chars,
                    });
                }
            }
            b.text.clear();
        }
        "td" | "th" if b.cell_start.is_some() => {
            let cell = b.text.split_whitespace().collect::<Vec<_>>().join(" ");
            b.text.clear();
            b.cell_start = None;
            if let Some(r) = b.row.as_mut() {
                r.2.push(cell);
            }
        }
        _ if opens_block(tag, e) => {
            if b.cell_start.is_some() {
                b.pending_space = true;
                return;
            }
            if b.ctx.len() > 1 && b.ctx.last().is_some_and(|c| c.node == node.id()) {
                b.flush();
                b.ctx.pop();
            }
            if tag == "ul" || tag == "ol" || tag == "menu" {
                b.list_depth = b.list_depth.saturating_sub(1);
            }
            if tag == "pre" {
                b.pre_depth = b.pre_depth.saturating_sub(1);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;

    fn texts(html: &str) -> Vec<(BlockKind, String)> {
        let doc = Html::parse_document(html);
        collect(doc.tree.root(), &|_| false, 10_000)
            .into_iter()
            .map(|r| (r.block.kind, r.block.text))
            .collect()
    }

    #[test]
    fn inline_spacing() {
        let t =
            texts("<p>Antony Blinken <em>stressed</em> the <a href=x>importance</a>, of it .</p>");
        assert_eq!(t[0].1, "Antony Blinken stressed the importance, of it .");
    }

    #[test]
    fn sibling_elements_meet_apart() {
        let t = texts(
            "<p><a href=/a>Action</a><a href=/b>4X</a><!----><a href=/c>eSports</a></p>\
             <p><span>Black Peak</span><span>Ridge 300</span></p>\
             <p><a href=/x>b</a><a href=/x>acon</a>, <b>W</b><b>ord</b> and <a href=/y>Pay</a>, then</p>",
        );
        let v: Vec<&str> = t.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(
            v,
            [
                "Action 4X eSports",
                "Black Peak Ridge 300",
                "bacon, Word and Pay, then"
            ]
        );
    }

    #[test]
    fn blocks_and_kinds() {
        let t = texts("<h2>Title</h2><p>One</p><ul><li>a</li><li>b</li></ul><pre>  x\n  y</pre><blockquote><p>q</p></blockquote>");
        assert_eq!(t[0], (BlockKind::Heading { level: 2 }, "Title".into()));
        assert_eq!(t[1], (BlockKind::Paragraph, "One".into()));
        assert_eq!(t[2].1, "a");
        assert!(matches!(
            t[3].0,
            BlockKind::ListItem {
                ordered: false,
                depth: 0
            }
        ));
        assert_eq!(t[4], (BlockKind::Code { lang: None }, "  x\n  y".into()));
        assert_eq!(t[5], (BlockKind::Quote, "q".into()));
    }

    #[test]
    fn br_breaks_lines() {
        let t = texts("<p>line one<br>line two</p>");
        assert_eq!(t[0].1, "line one\nline two");
    }

    #[test]
    fn double_br_separates_paragraphs() {
        let t = texts(
            "<div>Dear all,<br><br>\nFirst part<br>\n<br>  Second<br>line<br><br><br>End</div>",
        );
        let v: Vec<&str> = t.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(v, ["Dear all,", "First part", "Second\nline", "End"]);
    }

    #[test]
    fn data_table_rows() {
        let t = texts("<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>");
        assert_eq!(t[0], (BlockKind::TableRow { header: true }, "A | B".into()));
        assert_eq!(t[1].1, "1 | 2");
    }

    #[test]
    fn small_print_is_measured() {
        let doc = Html::parse_document(
            "<p>Body text <small>(fine)</small></p><p style=\"color:#888; font-size: 11px\">About us</p>\
             <p style=\"font-size:16px\">Normal</p><p><font size=\"-1\">Less</font></p>\
             <p style=\"font-size: 0.8em\">Note</p><p style=\"font-size:120%\">Big</p>",
        );
        let blocks = collect(doc.tree.root(), &|_| false, 512);
        let small: Vec<(&str, usize)> = blocks
            .iter()
            .map(|b| (b.block.text.as_str(), b.small_chars))
            .collect();
        assert_eq!(
            small,
            [
                ("Body text (fine)", 6),
                ("About us", 7),
                ("Normal", 0),
                ("Less", 4),
                ("Note", 4),
                ("Big", 0)
            ]
        );
    }

    #[test]
    fn hidden_elements_are_not_text() {
        let t = texts(
            "<p>shown</p><div hidden>a</div><p aria-hidden=\"true\">b</p>\
             <p style=\"color: red; display : none !important\">c</p>\
             <p style=\"visibility:hidden\">d</p><p aria-hidden=\"false\">kept</p>\
             <p style=\"display:block\">also kept</p>",
        );
        let v: Vec<&str> = t.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(v, ["shown", "kept", "also kept"]);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}text{}", "<div>".repeat(5_000), "</div>".repeat(5_000));
        let doc = Html::parse_document(&html);
        let t = collect(doc.tree.root(), &|_| false, usize::MAX);
        assert_eq!(t[0].block.text, "text");
    }
}
