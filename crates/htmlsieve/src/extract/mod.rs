//! Extract: find the main content of a parsed page and turn it into blocks, plus metadata.
//!
//! In: the parsed page and the rule [`Marks`]. Out: title, blocks and metadata (a [`Document`]
//! without the decoder's fields). Not here: text normalization and line rules (that is `clean`).

pub mod blocks;
pub mod byline;
pub mod classify;
pub mod dates;
pub mod hints;
pub mod items;
pub mod jsonld;
pub mod lang;
pub mod metadata;
pub mod page_type;
pub mod params;
pub mod prune;
pub mod scoring;
pub mod status;
pub mod thread;
pub mod tree;

use ego_tree::{NodeId, NodeRef};
use scraper::node::Node;
use scraper::Html;

use crate::config::Config;
use crate::document::{Block, Document, Removal};
use crate::heuristic::{Heuristic, Heuristics};
use crate::parse::{describe, preview};
use crate::rules::{Marks, RuleSet};
use blocks::RawBlock;
use params::{
    BODY_FALLBACK_SHARE, GRID_MIN_FIELDS, GRID_OVER_APART, GRID_OVER_BEFORE, GRID_OVER_INSIDE,
    GRID_PARA_MAX_LINKS, GRID_PARA_MIN_CHARS, GRID_WEAK_PARAS, LAST_RESORT_CHARS,
    LAST_RESORT_MAX_LINKS, LAST_RESORT_MIN_BLOCK, LEAD_MAX_LEVELS, LEAD_MAX_LINKS, LEAD_MIN_CHARS,
    LEAD_OPEN_CHARS, LOST_KEPT, LOST_OVER, MIN_CHARS, NOSCRIPT_MIN_BYTES, ORPHAN_HEADING_MAX_CHARS,
    RECORDS_COPY_MAX, RECORDS_MAX_MEAN, RECORDS_MIN_FIELDS, RECORDS_MIN_ITEMS, REMOVED_PAGE_SHARE,
    UNLIKELY_MAX_SHARE,
};
use prune::Pruned;
use tree::{BlockStats, Tree, NONE};

/// Extract the main content of `html`.
pub fn extract(
    html: &Html,
    marks: &Marks,
    rules: &RuleSet,
    config: &Config,
    url: Option<&str>,
) -> Document {
    let mut metadata = metadata::extract(html, url);
    let off = config.disabled;
    let host = crate::rules::host_of(url);
    // Whether a line rule will take care of a block; `at_end`: a block after the text, where the
    // rules for the head (a kicker above the title) do not apply.
    let lines = |t: &str, at_end: bool| {
        crate::rules::text::LineRule::any_matches(
            rules.lines.iter().filter(|r| {
                RuleSet::host_matches(&r.hosts, host.as_deref())
                    && !(at_end
                        && matches!(
                            r.position,
                            crate::rules::text::LineWhere::BeforeTitle
                                | crate::rules::text::LineWhere::Start
                        ))
            }),
            t,
        )
    };
    let thread = thread::is_thread(html, url);
    let stated = jsonld::stated(html);
    let mut main = extract_main(html, marks, config, &lines, thread);
    if main.chars < MIN_CHARS && off.on(Heuristic::Noscript) {
        if let Some((alt, inner)) = from_noscript(html, rules, config, host.as_deref(), &lines) {
            if alt.chars > main.chars.max(MIN_CHARS / 2) {
                main = alt;
                // The byline and the date are beside the content the crawler copy carries.
                metadata.author = metadata.author.or(inner.author);
                metadata.date = metadata.date.or(inner.date);
            }
        }
    }
    // Nothing left: a rule may have removed the page's own main content.
    if main.chars < LAST_RESORT_CHARS && off.on(Heuristic::RuleRescue) {
        if let Some(alt) =
            without_page_removals(html, marks, config, &lines, in_main, false, thread)
        {
            if alt.chars > main.chars {
                main = alt;
            }
        }
    }
    // On a discussion thread the replies are the content even where the forum marks them up as
    // a comment section: without that removal the thread is extracted whole.
    if thread && off.on(Heuristic::ThreadReplies) {
        if let Some(alt) = without_page_removals(
            html,
            marks,
            config,
            &lines,
            thread::holds_replies,
            true,
            thread,
        ) {
            if alt.chars > main.chars {
                main = alt;
            }
        }
    }
    let mut removals = if config.explain {
        crate::rules::explain::rule_removals(html, marks, rules)
    } else {
        Vec::new()
    };
    let jsonld::Stated {
        body,
        bodies,
        types,
        ..
    } = stated;
    if let Some(body) = body
        .as_deref()
        .filter(|_| bodies == 1 && off.on(Heuristic::ArticleBody))
    {
        if let Some(alt) = from_article_body(body, rules, config, host.as_deref(), &lines) {
            if alt.chars > main.chars
                && (main.chars as f32) < BODY_FALLBACK_SHARE * alt.chars as f32
            {
                main = alt;
            }
        }
    }
    removals.append(&mut main.removals);
    if config.links || config.images {
        resolve_targets(&mut main.blocks, html, url);
    }
    let features = page_type::features(html, &main.blocks, &metadata, url, thread, &types);
    metadata.page_type = Some(page_type::classify(&features).to_string());
    Document {
        title: metadata.title.clone(),
        blocks: main.blocks,
        metadata,
        removals,
        trace: main.trace,
        page_features: features.to_vec(),
    }
}

/// The page's JSON-LD `articleBody` as the main content: HTML is parsed and extracted like a page
/// of its own; plain text becomes one paragraph per line.
fn from_article_body(
    body: &str,
    rules: &RuleSet,
    config: &Config,
    host: Option<&str>,
    lines: &dyn Fn(&str, bool) -> bool,
) -> Option<Main> {
    if body.contains("</") || body.contains("<br") {
        let inner = crate::parse::parse(body, &config.limits).ok()?;
        let mut marks = crate::rules::apply::apply(rules, host, &inner);
        marks.resolve(&inner);
        return Some(extract_main(&inner, &marks, config, lines, false));
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

/// The main content of one parsed page.
struct Main {
    blocks: Vec<Block>,
    chars: u32,
    removals: Vec<Removal>,
    /// Which elements were kept and left out (with `explain`), for `--explain-html`.
    trace: crate::document::Trace,
}

/// A rule that removed much of the page's own main content (a forum thread inside `#comments`
/// within `<main>`) when nothing else is left: extract again with those removals undone. Rules
/// name boilerplate by its usual markup, and on some pages that markup is the content.
/// `which` picks the removals to undo (large ones); `deep`: the comment words of the undone
/// section and of the posts in it no longer weigh against them.
fn without_page_removals(
    html: &Html,
    marks: &Marks,
    config: &Config,
    lines: &dyn Fn(&str, bool) -> bool,
    which: fn(NodeRef<'_, Node>) -> bool,
    deep: bool,
    thread: bool,
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
    Some(extract_main(html, &relaxed, config, lines, thread))
}

/// Whether a node sits in the page's declared main content (`<main>`, `<article>`, role=main).
fn in_main(node: NodeRef<'_, Node>) -> bool {
    node.ancestors().any(|a| {
        a.value().as_element().is_some_and(|e| {
            matches!(e.name(), "main" | "article")
                || e.attr("role")
                    .is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
        })
    })
}

/// Pages that render with scripts often carry their whole content for crawlers in `<noscript>`
/// (which an HTML parser with scripting on reads as raw text): parse the largest one on its own.
fn from_noscript(
    html: &Html,
    rules: &RuleSet,
    config: &Config,
    host: Option<&str>,
    lines: &dyn Fn(&str, bool) -> bool,
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
    let main = extract_main(&inner, &marks, config, lines, false);
    Some((main, metadata::extract(&inner, None)))
}

/// The main content of a parsed page; `thread`: the page states it is a discussion thread
/// (`thread::is_thread`, read once however many times the content is extracted).
fn extract_main(
    html: &Html,
    marks: &Marks,
    config: &Config,
    lines: &dyn Fn(&str, bool) -> bool,
    thread: bool,
) -> Main {
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

    let explain = config.explain;
    let off = config.disabled;
    let pass = Pass {
        off,
        all: &all,
        bstats: &bstats,
        body_below: &body_below,
        marks,
        explain,
        lines,
    };
    let mut out = run(&mut tree, &pass, forced, true);
    if out.chars < MIN_CHARS && forced.is_none() && off.on(Heuristic::Relaxed) {
        let relaxed = run(&mut tree, &pass, None, false);
        // A short article under its own headline is the content, not a longer box elsewhere
        // that the strict pass set aside (a sidebar's disclaimer beside a photo post).
        let headed = |o: &Outcome| o.roots.iter().any(|&r| tree.els[r as usize].counts.h1 > 0);
        let apart = !relaxed.roots.iter().any(|&r| {
            out.roots
                .iter()
                .any(|&s| tree.is_within(r, s) || tree.is_within(s, r))
        });
        if relaxed.chars > out.chars && !(apart && headed(&out) && !headed(&relaxed)) {
            out = relaxed;
        }
    }
    if out.chars < LAST_RESORT_CHARS && off.on(Heuristic::LastResort) {
        let mut rescue = last_resort(&all, &bstats);
        let mut chars: u32 = rescue.iter().map(|&i| bstats[i].chars).sum();
        // A short page (a sentence or two, or text that is all links) passes none of the tests
        // above, yet its text outside navigation, header and footer is all the page says.
        if chars == 0 && off.on(Heuristic::PageText) {
            rescue = page_text(&tree, &all, &bstats, &body_below);
            chars = rescue.iter().map(|&i| bstats[i].chars).sum();
        }
        if chars > out.chars {
            out = Outcome {
                keep: rescue,
                chars,
                pruned: Vec::new(),
                dropped: Vec::new(),
                outside: Vec::new(),
                roots: Vec::new(),
            };
        }
    }

    let flags = if forced.is_none() {
        boilerplate_flags(&tree, &body_below)
    } else {
        Vec::new()
    };
    // The standfirst between the headline and the chosen text (a lead paragraph in the article's
    // header, a subtitle) belongs to the article though it sits outside the chosen container.
    if forced.is_none() && off.on(Heuristic::Lead) {
        let lead = lead(html, &tree, &all, &bstats, &flags, &out);
        if !lead.is_empty() {
            out.chars += lead.iter().map(|&i| bstats[i].chars).sum::<u32>();
            out.keep.extend(lead);
            out.keep.sort_unstable();
            out.keep.dedup();
        }
    }

    // A repeated structure (cards, teasers, posts) that holds more text than the article-style
    // choice is the page's content: a listing beside it, or items the pruning thinned out.
    if forced.is_none() && off.on(Heuristic::Grid) {
        let paras = out
            .keep
            .iter()
            .filter(|&&i| {
                bstats[i].chars >= GRID_PARA_MIN_CHARS
                    && (bstats[i].link as f32) < GRID_PARA_MAX_LINKS * bstats[i].chars as f32
            })
            .count();
        if let Some((mut g, take, replace)) = grid(&tree, &flags, &out, paras, (&all, &bstats)) {
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
                    items::add_wrapped(&tree, &flags, &mut g);
                    items::add_parallel(&tree, &flags, &mut g);
                }
                apply_grid(&tree, &all, &bstats, (&g, &flags), &mut out);
            } else {
                let mut pruned = vec![false; tree.els.len()];
                for p in &out.pruned {
                    pruned[p.el as usize] = true;
                }
                let titles = items::dropped_titles(
                    &tree,
                    &g,
                    (&all, &bstats),
                    &out.keep,
                    (&out.dropped, &pruned),
                );
                out.restore(&titles, &bstats);
            }
            if off.on(Heuristic::PostFurniture) {
                let furniture = items::post_furniture(&tree, &g, &all, &bstats, &out.keep);
                out.drop_blocks(&furniture, &bstats, "furniture repeated in every post");
            }
            // (After the posts' furniture, which reads the posts' dates: a thread of one day
            // dates every post alike.)
            if take && off.on(Heuristic::GridLabels) {
                let labels = items::constant_labels(&tree, &g, &all, &bstats, &out.keep);
                out.drop_blocks(&labels, &bstats, "the same label in every item of a grid");
                let numbers = items::bare_numbers(&tree, &g, &all, &out.keep);
                out.drop_blocks(
                    &numbers,
                    &bstats,
                    "a number alone in a record (rating, count)",
                );
            }
        }
    }

    // A short thread (too few posts for a group) continues in the posts beside the chosen one.
    if forced.is_none() && thread && off.on(Heuristic::SiblingPosts) {
        if let Some(g) = thread::sibling_posts(html, &tree, &flags, &out.roots) {
            apply_grid(&tree, &all, &bstats, (&g, &flags), &mut out);
        }
    }

    // Blocks in an element a `keep` rule names stay, wherever the main content was found.
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

    let mut removals = Vec::new();
    let mut trace = crate::document::Trace::default();
    if explain {
        trace.kept = out.keep.iter().map(|&i| all[i].node).collect();
        trace.dropped = out
            .outside
            .iter()
            .chain(&out.pruned)
            .map(|p| (tree.els[p.el as usize].id, p.reason.clone()))
            .chain(
                out.dropped
                    .iter()
                    .map(|&(i, reason)| (all[i].node, reason.to_string())),
            )
            .collect();
        let el_removal = |p: &Pruned| {
            let id = tree.els[p.el as usize].id;
            html.tree.get(id).map(|node| Removal {
                element: describe(node),
                preview: preview(node),
                origin: "extractor".to_string(),
                reason: p.reason.clone(),
            })
        };
        removals.extend(out.outside.iter().chain(&out.pruned).filter_map(el_removal));
        for &(i, reason) in &out.dropped {
            let rb = &all[i];
            removals.push(Removal {
                element: html.tree.get(rb.node).map(describe).unwrap_or_default(),
                preview: short(&rb.block.text),
                origin: "extractor".to_string(),
                reason: reason.to_string(),
            });
        }
    }
    let mut keep = vec![false; all.len()];
    for &i in &out.keep {
        keep[i] = true;
    }
    let shown = content_images(html, &tree, &out, &keep, images);
    let mut shown = shown.into_iter().peekable();
    let mut blocks = Vec::with_capacity(out.keep.len());
    for (i, (r, k)) in all.into_iter().zip(keep).enumerate() {
        while let Some(img) = shown.next_if(|img| img.before <= i) {
            blocks.push(image_block(img));
        }
        if k {
            let mut b = r.block;
            b.container = html
                .tree
                .get(r.node)
                .and_then(|n| n.parent())
                .map(|p| p.id());
            blocks.push(b);
        }
    }
    blocks.extend(shown.map(image_block));
    Main {
        blocks,
        chars: out.chars,
        removals,
        trace,
    }
}

/// The images of the chosen content: those inside a chosen container and not in a part pruned
/// from it, or standing between two kept blocks (where no container was chosen).
fn content_images(
    html: &Html,
    tree: &Tree<'_>,
    out: &Outcome,
    keep: &[bool],
    images: Vec<blocks::FoundImage>,
) -> Vec<blocks::FoundImage> {
    if images.is_empty() {
        return images;
    }
    let kept = |i: usize| keep.get(i).copied().unwrap_or(false);
    images
        .into_iter()
        .filter(|img| {
            let between = img.before > 0 && kept(img.before - 1) && kept(img.before);
            // The image's nearest element the tree knows.
            let el = html.tree.get(img.node).and_then(|n| {
                n.ancestors()
                    .take(MAX_IMAGE_ANCESTORS)
                    .find_map(|a| tree.index.get(&a.id()).copied())
            });
            let inside = el.is_some_and(|el| {
                out.roots.iter().any(|&r| tree.is_within(el, r))
                    && !out
                        .pruned
                        .iter()
                        .chain(&out.outside)
                        .any(|p| tree.is_within(el, p.el))
            });
            between || inside
        })
        .collect()
}

/// How far up from an image its container is looked for.
const MAX_IMAGE_ANCESTORS: usize = 64;

fn image_block(img: blocks::FoundImage) -> Block {
    Block::new(
        crate::document::BlockKind::Image {
            src: img.src,
            alt: img.alt,
        },
        "",
    )
}

/// Resolve the links' and images' targets against the page's URL (and its `<base href>`).
fn resolve_targets(blocks: &mut [Block], html: &Html, url: Option<&str>) {
    let Some(page) = url.and_then(|u| url::Url::parse(u).ok()) else {
        return;
    };
    let base = html
        .tree
        .nodes()
        .find_map(|n| {
            n.value()
                .as_element()
                .filter(|e| e.name() == "base")
                .and_then(|e| e.attr("href"))
        })
        .and_then(|h| page.join(h.trim()).ok())
        .unwrap_or(page);
    let join = |t: &mut String| {
        if let Ok(u) = base.join(t) {
            *t = u.to_string();
        }
    };
    for b in blocks {
        for l in &mut b.links {
            join(&mut l.href);
        }
        if let crate::document::BlockKind::Image { src, .. } = &mut b.kind {
            join(src);
        }
    }
}

/// The `<body>` element, or the document root when there is none.
fn body_of(html: &Html) -> NodeRef<'_, Node> {
    let root = html.root_element();
    root.children()
        .find(|c| c.value().as_element().is_some_and(|e| e.name() == "body"))
        .unwrap_or(*root)
}

/// What one pass of the extractor chose.
struct Outcome {
    /// Indices of the kept blocks, in order.
    keep: Vec<usize>,
    chars: u32,
    pruned: Vec<Pruned>,
    /// Blocks dropped by the block classifier, with the reason.
    dropped: Vec<(usize, &'static str)>,
    /// Containers beside the chosen content (for explanations).
    outside: Vec<Pruned>,
    /// The chosen containers (empty when nothing was chosen).
    roots: Vec<u32>,
}

impl Outcome {
    /// Keep dropped blocks again (`sorted` indices, ascending).
    fn restore(&mut self, sorted: &[usize], bstats: &[BlockStats]) {
        if sorted.is_empty() {
            return;
        }
        self.keep.extend_from_slice(sorted);
        self.keep.sort_unstable();
        self.keep.dedup();
        self.chars = self.keep.iter().map(|&i| bstats[i].chars).sum();
        self.dropped
            .retain(|(i, _)| sorted.binary_search(i).is_err());
    }

    /// Drop kept blocks (`sorted` indices, ascending) for `reason`.
    fn drop_blocks(&mut self, sorted: &[usize], bstats: &[BlockStats], reason: &'static str) {
        if sorted.is_empty() {
            return;
        }
        self.keep.retain(|i| sorted.binary_search(i).is_err());
        self.chars = self.keep.iter().map(|&i| bstats[i].chars).sum();
        self.dropped.extend(sorted.iter().map(|&i| (i, reason)));
    }
}

/// What every pass reads.
#[derive(Clone, Copy)]
struct Pass<'a> {
    /// Heuristics switched off.
    off: Heuristics,
    all: &'a [RawBlock],
    bstats: &'a [BlockStats],
    body_below: &'a [bool],
    marks: &'a Marks,
    explain: bool,
    /// Whether a line rule will take care of a block.
    lines: &'a dyn Fn(&str, bool) -> bool,
}

/// One pass: (strict) set boilerplate wholes aside, score, choose, clean, classify blocks.
fn run(tree: &mut Tree<'_>, pass: &Pass<'_>, forced: Option<u32>, strict: bool) -> Outcome {
    let Pass {
        all,
        bstats,
        body_below,
        marks,
        explain,
        lines,
        off,
        ..
    } = *pass;
    let n = tree.els.len();
    let mut pruned = Vec::new();
    if strict && off.on(Heuristic::PruneUnlikely) {
        prune::unlikely(tree, body_below, UNLIKELY_MAX_SHARE, &mut pruned);
    }
    pruned.retain(|p| !marks.kept.contains(&tree.els[p.el as usize].id));
    let mut excluded = vec![false; n];
    for p in &pruned {
        excluded[p.el as usize] = true;
    }
    tree.inherit(&mut excluded);
    tree.add_blocks(all, bstats, Some(&excluded));
    let Some(choice) = scoring::choose(tree, all, bstats, &excluded, forced, off) else {
        return Outcome {
            keep: Vec::new(),
            chars: 0,
            pruned,
            dropped: Vec::new(),
            outside: Vec::new(),
            roots: Vec::new(),
        };
    };
    let mut inner = Vec::new();
    // FiveFilters `prune: no`: a body named by a site config is kept whole.
    if !(forced.is_some() && marks.no_prune) && off.on(Heuristic::PruneConditional) {
        prune::conditional(tree, &choice.roots, &excluded, off, &mut inner);
    }
    inner.retain(|p| !marks.kept.contains(&tree.els[p.el as usize].id));
    let mut gone = excluded;
    for p in &inner {
        gone[p.el as usize] = true;
    }
    pruned.extend(inner);
    let mut selected = vec![false; n];
    for &r in &choice.roots {
        selected[r as usize] = true;
    }
    tree.inherit(&mut selected);
    tree.inherit(&mut gone);
    let candidates: Vec<usize> = (0..all.len())
        .filter(|&i| {
            tree.index
                .get(&all[i].node)
                .is_some_and(|&e| selected[e as usize] && !gone[e as usize])
        })
        .collect();
    let view: Vec<(&crate::document::BlockKind, &str, BlockStats)> = candidates
        .iter()
        .map(|&i| (&all[i].block.kind, all[i].block.text.as_str(), bstats[i]))
        .collect();
    let mut verdicts = classify::keep(&view, lines, off);
    if off.on(Heuristic::OrphanHeadings) {
        orphan_headings(all, &candidates, &mut verdicts);
    }
    let mut keep = Vec::new();
    let mut dropped = Vec::new();
    let mut chars = 0;
    for (&i, (k, reason)) in candidates.iter().zip(verdicts) {
        if k {
            keep.push(i);
            chars += bstats[i].chars;
        } else {
            dropped.push((i, reason));
        }
    }
    let outside = if explain {
        outside_of(tree, &choice)
    } else {
        Vec::new()
    };
    Outcome {
        keep,
        chars,
        pruned,
        dropped,
        outside,
        roots: choice.roots,
    }
}

/// A heading whose whole section is gone (a table of contents, a "Latest articles" grid, a
/// related-links box pruned under it) introduces nothing: it goes too. Its section is what lies
/// between it and the next kept heading of the same or a higher level (or the end); it is gone
/// when blocks lay there and none of them is kept.
fn orphan_headings(all: &[RawBlock], candidates: &[usize], verdicts: &mut [(bool, &'static str)]) {
    use crate::document::BlockKind;
    let level = |i: usize| match all[i].block.kind {
        BlockKind::Heading { level } => Some(level),
        _ => None,
    };
    for j in 0..candidates.len() {
        // (A long "heading" is a paragraph set in a heading tag: text of its own.)
        let Some(l) = level(candidates[j]).filter(|_| {
            verdicts[j].0
                && all[candidates[j]].block.text.chars().count() <= ORPHAN_HEADING_MAX_CHARS
        }) else {
            continue;
        };
        // The next kept block, and whether anything lay between.
        let next = (j + 1..candidates.len()).find(|&k| verdicts[k].0);
        let closes = match next {
            Some(k) => level(candidates[k]).is_some_and(|m| m <= l),
            None => true,
        };
        let end = next.map_or(all.len(), |k| candidates[k]);
        let between = end > candidates[j] + 1;
        if closes && between {
            verdicts[j] = (false, "heading whose section is gone");
        }
    }
}

/// Text-holding siblings of the chosen content and of its ancestors.
fn outside_of(tree: &Tree<'_>, choice: &scoring::Choice) -> Vec<Pruned> {
    let mut out = Vec::new();
    let mut cur = choice.top;
    while cur != NONE {
        let p = tree.els[cur as usize].parent;
        if p == NONE {
            break;
        }
        for c in tree.children(p) {
            let e = &tree.els[c as usize];
            if c != cur && !choice.roots.contains(&c) && e.eff.text > 0 {
                out.push(Pruned {
                    el: c,
                    reason: format!(
                        "outside the main content (link density {:.2})",
                        e.eff.link_density()
                    ),
                });
            }
        }
        cur = p;
    }
    out
}

/// Elements inside boilerplate wholes (class/id words, roles), for the checks made after the
/// choice: the repeated-group search and the lead. Computed once for both.
fn boilerplate_flags(tree: &Tree<'_>, body_below: &[bool]) -> Vec<bool> {
    let mut flags = vec![false; tree.els.len()];
    let mut pr = Vec::new();
    prune::unlikely(tree, body_below, UNLIKELY_MAX_SHARE, &mut pr);
    for p in &pr {
        flags[p.el as usize] = true;
    }
    tree.inherit(&mut flags);
    flags
}

/// The page's main repeated group, whether it joins the chosen content, and whether it replaces it.
fn grid(
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
        outweighs && per_item >= GRID_MIN_FIELDS && !article_beside_articles
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

/// Class/id words of an article's lead or subtitle.
static LEAD_WORDS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::RegexBuilder::new(r"lead|intro|standfirst|sub-?title|subline|abstract|chapeau")
        .case_insensitive(true)
        .unicode(false)
        .build()
        .unwrap_or_else(|e| panic!("built-in lead pattern must compile: {e}"))
});

/// Paragraphs between the article's headline (the closest `<h1>` before the chosen content,
/// under a common ancestor a few levels up, or in the article's own header however far the
/// text lies) and that content, in an element named as a lead or subtitle: the standfirst that
/// an article's header holds. Only whole sentences with few links, outside figures and outside
/// boilerplate other than that header.
fn lead(
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

/// Every block with words that lies outside the page's boilerplate (navigation, header, footer).
fn page_text(
    tree: &Tree<'_>,
    all: &[RawBlock],
    bstats: &[BlockStats],
    body_below: &[bool],
) -> Vec<usize> {
    let flags = boilerplate_flags(tree, body_below);
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

/// Every paragraph-like block with little link text, when nothing better was found.
fn last_resort(all: &[RawBlock], bstats: &[BlockStats]) -> Vec<usize> {
    (0..all.len())
        .filter(|&i| {
            let s = &bstats[i];
            s.chars >= LAST_RESORT_MIN_BLOCK
                && (s.link as f32) < LAST_RESORT_MAX_LINKS * s.chars as f32
        })
        .collect()
}

fn short(text: &str) -> String {
    let mut s: String = text.chars().take(60).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s.replace('\n', " ")
}
