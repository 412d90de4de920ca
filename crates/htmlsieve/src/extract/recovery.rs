//! Recovery: where the passes find too little, other places the content may be.
//!
//! Inside one page (`mod.rs::extract_main`): the relaxed pass's outcome when it is the better one
//! ([`prefer_relaxed`]), and the last resort (every paragraph-like block, else the page's text
//! outside its furniture). Across pages (`mod.rs::extract`): the page's `<noscript>` copy, the
//! page again with a rule's large removals undone, and the JSON-LD `articleBody`. These take
//! the page and give another [`Main`] content, extracted by the `main_of` they are handed (the
//! orchestrator's own extraction, so this module needs nothing from it); the caller keeps the
//! longer.

use ego_tree::{NodeId, NodeRef};
use scraper::node::Node;
use scraper::Html;

use super::assemble::Main;
use super::blocks::{self, RawBlock};
use super::candidates::body_of;
use super::params::{
    LAST_RESORT_MAX_LINKS, LAST_RESORT_MIN_BLOCK, NOSCRIPT_MIN_BYTES, REMOVED_PAGE_SHARE,
};
use super::pass::Outcome;
use super::prune;
use super::tree::{BlockStats, Tree, NONE};
use crate::config::Config;
use crate::document::Block;
use crate::heuristic::{Heuristic, Heuristics};
use crate::rules::{Marks, RuleSet};

/// How recovery extracts a page it found: the parsed page, its marks, whether it is a thread.
pub type MainOf<'a> = dyn Fn(&Html, &Marks, bool) -> Main + 'a;

/// Whether the relaxed pass's outcome replaces the strict pass's: it found more, and it is not a
/// box elsewhere while the strict choice sits under the page's headline.
pub fn prefer_relaxed(tree: &Tree<'_>, out: &Outcome, relaxed: &Outcome) -> bool {
    // A short article under its own headline is the content, not a longer box elsewhere
    // that the strict pass set aside (a sidebar's disclaimer beside a photo post).
    let headed = |o: &Outcome| o.roots.iter().any(|&r| tree.els[r as usize].counts.h1 > 0);
    let apart = !relaxed.roots.iter().any(|&r| {
        out.roots
            .iter()
            .any(|&s| tree.is_within(r, s) || tree.is_within(s, r))
    });
    relaxed.chars > out.chars && !(apart && headed(out) && !headed(relaxed))
}

/// The last resort, when the passes kept (almost) nothing: every paragraph-like block with little
/// link text, or else every block of the page's text outside its furniture.
pub fn last_resort(
    tree: &Tree<'_>,
    all: &[RawBlock],
    bstats: &[BlockStats],
    body_below: &[bool],
    off: Heuristics,
) -> Outcome {
    let mut rescue = paragraphs(all, bstats);
    let mut chars: u32 = rescue.iter().map(|&i| bstats[i].chars).sum();
    // A short page (a sentence or two, or text that is all links) passes none of the passes'
    // tests, yet its text outside navigation, header and footer is all the page says.
    if chars == 0 && off.on(Heuristic::PageText) {
        rescue = page_text(tree, all, bstats, body_below);
        chars = rescue.iter().map(|&i| bstats[i].chars).sum();
    }
    Outcome {
        keep: rescue,
        chars,
        pruned: Vec::new(),
        dropped: Vec::new(),
        outside: Vec::new(),
        roots: Vec::new(),
    }
}

/// Every paragraph-like block with little link text, when nothing better was found.
fn paragraphs(all: &[RawBlock], bstats: &[BlockStats]) -> Vec<usize> {
    (0..all.len())
        .filter(|&i| {
            let s = &bstats[i];
            s.chars >= LAST_RESORT_MIN_BLOCK
                && (s.link as f32) < LAST_RESORT_MAX_LINKS * s.chars as f32
        })
        .collect()
}

/// Every block with words that lies outside the page's boilerplate (navigation, header, footer).
fn page_text(
    tree: &Tree<'_>,
    all: &[RawBlock],
    bstats: &[BlockStats],
    body_below: &[bool],
) -> Vec<usize> {
    let flags = prune::boilerplate_flags(tree, body_below);
    (0..all.len())
        .filter(|&i| {
            bstats[i].chars > 0
                && all[i].block.text.chars().any(char::is_alphanumeric)
                && tree
                    .index
                    .get(&all[i].node)
                    .is_some_and(|&e| !flags[e as usize] && !in_page_furniture(tree, e))
        })
        .collect()
}

/// Whether an element lies in the page's navigation, aside or footer, or in a header that is not
/// the header of the page's main element or article.
fn in_page_furniture(tree: &Tree<'_>, mut e: u32) -> bool {
    let mut header = false;
    while e != NONE {
        match tree.els[e as usize].tag {
            "nav" | "aside" | "footer" => return true,
            "header" => header = true,
            "main" | "article" => return false,
            _ => {}
        }
        e = tree.els[e as usize].parent;
    }
    header
}

/// Pages that render with scripts often carry their whole content for crawlers in `<noscript>`
/// (which an HTML parser with scripting on reads as raw text): parse the largest one on its own.
pub fn from_noscript(
    html: &Html,
    rules: &RuleSet,
    config: &Config,
    host: Option<&str>,
    main_of: &MainOf<'_>,
) -> Option<(Main, crate::document::Metadata)> {
    let mut best: Option<&str> = None;
    for node in html.tree.nodes() {
        if node
            .value()
            .as_element()
            .is_none_or(|e| e.name() != "noscript")
        {
            continue;
        }
        for c in node.children() {
            if let Node::Text(t) = c.value() {
                let t: &str = t;
                if t.len() > NOSCRIPT_MIN_BYTES && best.is_none_or(|b| t.len() > b.len()) {
                    best = Some(t);
                }
            }
        }
    }
    // Through the guarded parser: noscript text is page content and can be as hostile as the page.
    let inner = crate::parse::parse(best?, &config.limits).ok()?;
    let mut marks = crate::rules::apply::apply(rules, host, &inner);
    marks.resolve(&inner);
    let main = main_of(&inner, &marks, false);
    Some((main, super::metadata::extract(&inner, None)))
}

/// A rule that removed much of the page's own main content (a forum thread inside `#comments`
/// within `<main>`) when nothing else is left: extract again with those removals undone. Rules
/// name boilerplate by its usual markup, and on some pages that markup is the content.
/// `which` picks the removals to undo (large ones); `deep`: the comment words of the undone
/// section and of the posts in it no longer weigh against them.
pub fn without_page_removals(
    html: &Html,
    marks: &Marks,
    which: fn(NodeRef<'_, Node>) -> bool,
    deep: bool,
    thread: bool,
    main_of: &MainOf<'_>,
) -> Option<Main> {
    let total = blocks::text_len(body_of(html)).0;
    if total == 0 {
        return None;
    }
    let big: Vec<NodeId> = marks
        .removed
        .keys()
        .copied()
        .filter(|&id| {
            html.tree.get(id).is_some_and(|n| {
                which(n) && blocks::text_len(n).0 as f32 > REMOVED_PAGE_SHARE * total as f32
            })
        })
        .collect();
    if big.is_empty() {
        return None;
    }
    let mut removed = marks.removed.clone();
    let mut unwrapped = marks.unwrapped.clone();
    for id in &big {
        removed.remove(id);
        if deep {
            // Nor do the class words that made the rule match speak against the section or
            // the posts in it (`comment-wrapper > article.comment > div.comment-content`).
            if let Some(n) = html.tree.get(*id) {
                unwrapped.extend(n.descendants().filter(|&d| which(d)).map(|d| d.id()));
            }
        }
    }
    let relaxed = Marks {
        removed,
        kept: marks.kept.clone(),
        unwrapped,
        body: marks.body,
        no_prune: marks.no_prune,
    };
    Some(main_of(html, &relaxed, thread))
}

/// Whether a node sits in the page's declared main content (`<main>`, `<article>`, role=main).
pub fn in_main(node: NodeRef<'_, Node>) -> bool {
    node.ancestors().any(|a| {
        a.value().as_element().is_some_and(|e| {
            matches!(e.name(), "main" | "article")
                || e.attr("role")
                    .is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
        })
    })
}

/// The page's JSON-LD `articleBody` as the main content: HTML is parsed and extracted like a page
/// of its own; plain text becomes one paragraph per line.
pub fn from_article_body(
    body: &str,
    rules: &RuleSet,
    config: &Config,
    host: Option<&str>,
    main_of: &MainOf<'_>,
) -> Option<Main> {
    if body.contains("</") || body.contains("<br") {
        let inner = crate::parse::parse(body, &config.limits).ok()?;
        let mut marks = crate::rules::apply::apply(rules, host, &inner);
        marks.resolve(&inner);
        return Some(main_of(&inner, &marks, false));
    }
    let blocks: Vec<Block> = body
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .map(|l| Block::new(crate::document::BlockKind::Paragraph, l))
        .collect();
    let chars = blocks
        .iter()
        .map(|b| b.text.chars().filter(|c| !c.is_whitespace()).count() as u32)
        .sum();
    Some(Main {
        blocks,
        chars,
        removals: Vec::new(),
        trace: crate::document::Trace::default(),
    })
}
