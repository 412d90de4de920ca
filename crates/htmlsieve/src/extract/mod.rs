//! Extract: find the main content of a parsed page and turn it into blocks, plus metadata.
//!
//! In: the parsed page and the rule [`Marks`]. Out: title, blocks and metadata (a [`Document`]
//! without the decoder's fields). Not here: text normalization and line rules (that is `clean`).
//!
//! This file is the pipeline in order; each pass is a module of its own, and every threshold the
//! passes tune is named in [`params`]. For one page ([`extract_main`]):
//!
//! 1. [`candidates`]: the body's elements as a flat [`tree`] with text statistics and class/id
//!    [`hints`], and its text as [`blocks`].
//! 2. [`pass`]: one pass over them. [`prune`] sets boilerplate wholes aside, [`scoring`] scores
//!    the containers, [`widen`] picks the best and widens it to the article around it, [`prune`]
//!    cleans inside it, [`classify`] judges its blocks. Run strict first.
//! 3. [`recovery`]: when that found too little, a relaxed pass (nothing set aside beforehand),
//!    then the last resort.
//! 4. [`additions`]: the lead, the page's repeated group ([`items`]), a thread's sibling posts
//!    ([`thread`]), the blocks a `keep` rule names.
//! 5. [`assemble`]: the kept blocks in page order with their images, and what was left out.
//!
//! Then for the document ([`extract`]): [`recovery`] across pages (the `<noscript>` copy, a
//! rule's large removals undone, the JSON-LD `articleBody`, each extracted like a page), the
//! [`metadata`] (with [`byline`], [`dates`], [`jsonld`], [`lang`]) and the [`page_type`]. The
//! [`status`] of the finished document is judged after `clean`, by the pipeline.
//!
//! No module uses this file and no two use each other: recovery, which extracts the pages it
//! finds like this one, is handed that extraction as a function.

pub mod additions;
pub mod assemble;
pub mod blocks;
pub mod byline;
pub mod candidates;
pub mod classify;
pub mod dates;
pub mod hints;
pub mod items;
pub mod jsonld;
pub mod lang;
pub mod metadata;
pub mod page_type;
pub mod params;
pub mod pass;
pub mod prune;
pub mod recovery;
pub mod scoring;
pub mod status;
pub mod thread;
pub mod tree;
pub mod widen;

use scraper::Html;

use crate::config::Config;
use crate::document::Document;
use crate::heuristic::Heuristic;
use crate::rules::{Marks, RuleSet};
use assemble::Main;
use params::{BODY_FALLBACK_SHARE, LAST_RESORT_CHARS, MIN_CHARS};
use pass::Pass;

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
    let lines = |t: &str, at_end: bool| line_rule_matches(rules, host.as_deref(), t, at_end);
    // How recovery extracts the pages it finds: like this one.
    let main_of = |page: &Html, marks: &Marks, thread: bool| {
        extract_main(page, marks, config, &lines, thread)
    };
    let thread = thread::is_thread(html, url);
    let stated = jsonld::stated(html);
    let mut main = main_of(html, marks, thread);
    // Recovery across pages: where this page yields little, its content may be elsewhere.
    if main.chars < MIN_CHARS && off.on(Heuristic::Noscript) {
        if let Some((alt, inner)) =
            recovery::from_noscript(html, rules, config, host.as_deref(), &main_of)
        {
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
            recovery::without_page_removals(html, marks, recovery::in_main, false, thread, &main_of)
        {
            if alt.chars > main.chars {
                main = alt;
            }
        }
    }
    // On a discussion thread the replies are the content even where the forum marks them up as
    // a comment section: without that removal the thread is extracted whole.
    if thread && off.on(Heuristic::ThreadReplies) {
        if let Some(alt) = recovery::without_page_removals(
            html,
            marks,
            thread::holds_replies,
            true,
            thread,
            &main_of,
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
        if let Some(alt) =
            recovery::from_article_body(body, rules, config, host.as_deref(), &main_of)
        {
            if alt.chars > main.chars
                && (main.chars as f32) < BODY_FALLBACK_SHARE * alt.chars as f32
            {
                main = alt;
            }
        }
    }
    removals.append(&mut main.removals);
    if config.links || config.images {
        assemble::resolve_targets(&mut main.blocks, html, url);
    }
    // The page's type, from its markup, its stated types and the content found.
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

/// The main content of a parsed page; `thread`: the page states it is a discussion thread
/// (`thread::is_thread`, read once however many times the content is extracted).
fn extract_main(
    html: &Html,
    marks: &Marks,
    config: &Config,
    lines: &dyn Fn(&str, bool) -> bool,
    thread: bool,
) -> Main {
    let off = config.disabled;
    let candidates::Page {
        mut tree,
        all,
        bstats,
        images,
        forced,
        body_below,
    } = candidates::collect(html, marks, config);
    let pass = Pass {
        off,
        all: &all,
        bstats: &bstats,
        body_below: &body_below,
        marks,
        explain: config.explain,
        lines,
    };
    let mut out = pass::run(&mut tree, &pass, forced, true);

    // Recovery inside the page: a relaxed pass, then the last resort.
    if out.chars < MIN_CHARS && forced.is_none() && off.on(Heuristic::Relaxed) {
        let relaxed = pass::run(&mut tree, &pass, None, false);
        if recovery::prefer_relaxed(&tree, &out, &relaxed) {
            out = relaxed;
        }
    }
    if out.chars < LAST_RESORT_CHARS && off.on(Heuristic::LastResort) {
        let rescue = recovery::last_resort(&tree, &all, &bstats, &body_below, off);
        if rescue.chars > out.chars {
            out = rescue;
        }
    }

    // Additions beside the choice (a body a site rule names is taken as it is).
    let page_blocks = (&all[..], &bstats[..]);
    if forced.is_none() {
        let flags = prune::boilerplate_flags(&tree, &body_below);
        if off.on(Heuristic::Lead) {
            additions::lead(html, &tree, page_blocks, &flags, &mut out);
        }
        if off.on(Heuristic::Grid) {
            additions::grid(&tree, &flags, page_blocks, off, &mut out);
        }
        if thread && off.on(Heuristic::SiblingPosts) {
            additions::sibling_posts(html, &tree, page_blocks, &flags, &mut out);
        }
    }
    additions::kept_by_rules(html, marks, page_blocks, &mut out);

    assemble::main(html, &tree, &out, all, images, config.explain)
}

/// Whether a line rule will take care of a block; `at_end`: a block after the text, where the
/// rules for the head (a kicker above the title) do not apply.
fn line_rule_matches(rules: &RuleSet, host: Option<&str>, t: &str, at_end: bool) -> bool {
    use crate::rules::text::{LineRule, LineWhere};
    LineRule::any_matches(
        rules.lines.iter().filter(|r| {
            RuleSet::host_matches(&r.hosts, host)
                && !(at_end && matches!(r.position, LineWhere::BeforeTitle | LineWhere::Start))
        }),
        t,
    )
}
