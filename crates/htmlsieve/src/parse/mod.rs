//! Parse: decoded text → `scraper::Html` (html5ever), with guards on size, depth, nodes and time.
//!
//! In: the decoded page text, the [`Limits`] and the document's deadline. Out: the parsed tree, or a
//! `Limit` error naming the limit that was breached. Not here: any interpretation of the tree (that
//! is `rules` and `extract`).
//!
//! Guards, all linear in the input:
//! - bytes: checked before anything else;
//! - depth: [`depth::limit_depth`] drops the tags that would nest deeper than `max_depth` (their
//!   text is kept), because html5ever is quadratic in nesting depth; the same pass leaves out
//!   what cannot hold text and nothing reads, so html5ever never sees it: the code inside
//!   `<script>` and `<style>` and embedded JSON page data (JSON-LD is kept), comment bodies,
//!   inline SVG drawings and SVG path data (together about half of a typical page's bytes), and
//!   for the pipeline the attributes nothing reads ([`depth::AttrCut`]);
//! - nodes and time: the text is fed to html5ever in chunks, and the node count and the deadline
//!   are checked between chunks, so a page that explodes the tree or runs long stops early.

pub mod depth;
mod describe;

pub use describe::{describe, preview};

use html5ever::driver::{self, ParseOpts};
use scraper::{Html, HtmlTreeSink};
use std::time::Instant;
use tendril::TendrilSink;

use crate::config::Limits;
use crate::error::{Error, Result};

/// Bytes fed to html5ever between two checks of the node count and the deadline.
const CHUNK: usize = 32 * 1024;

/// Parse an HTML document, enforcing the limits, with the document's time budget starting now.
/// Every attribute is kept.
pub fn parse(text: &str, limits: &Limits) -> Result<Html> {
    parse_until(text, limits, deadline_from_now(limits), None)
}

/// The deadline of a document whose processing starts now (saturating for huge budgets).
pub fn deadline_from_now(limits: &Limits) -> Instant {
    let now = Instant::now();
    now.checked_add(limits.doc_timeout)
        .unwrap_or_else(|| now + std::time::Duration::from_secs(365 * 24 * 3600))
}

/// The error for a document past its deadline; `stage` names where it was noticed.
pub fn timeout_error(limits: &Limits, stage: &str) -> Error {
    Error::Limit {
        limit: "document time",
        detail: format!(
            "more than {:.1} s (--doc-timeout), stopped while {stage}",
            limits.doc_timeout.as_secs_f64()
        ),
    }
}

/// Fail when `deadline` has passed.
pub fn check_deadline(limits: &Limits, deadline: Instant, stage: &str) -> Result<()> {
    if Instant::now() > deadline {
        return Err(timeout_error(limits, stage));
    }
    Ok(())
}

fn node_error(nodes: usize, limits: &Limits) -> Error {
    Error::Limit {
        limit: "DOM nodes",
        detail: format!(
            "more than {} nodes (--max-nodes), {nodes} so far",
            limits.max_nodes
        ),
    }
}

/// Parse an HTML document, enforcing the byte, depth and node limits and the `deadline`; the
/// attributes `attrs` cuts are left out of the tree.
pub fn parse_until(
    text: &str,
    limits: &Limits,
    deadline: Instant,
    attrs: Option<&depth::AttrCut>,
) -> Result<Html> {
    if text.len() > limits.max_bytes {
        return Err(Error::Limit {
            limit: "input bytes",
            detail: format!("{} bytes > {} (--max-bytes)", text.len(), limits.max_bytes),
        });
    }
    let (text, _) = depth::prepass(text, limits.max_depth, true, attrs);
    check_deadline(limits, deadline, "limiting depth")?;

    let mut parser = driver::parse_document(
        HtmlTreeSink::new(Html::new_document()),
        ParseOpts::default(),
    );
    let mut rest: &str = &text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(CHUNK);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (chunk, tail) = rest.split_at(cut);
        parser.process(chunk.into());
        rest = tail;
        let nodes = parser.tokenizer.sink.sink.0.borrow().tree.nodes().len();
        if nodes > limits.max_nodes {
            return Err(node_error(nodes, limits));
        }
        check_deadline(limits, deadline, "parsing")?;
    }
    let html = parser.finish();
    let nodes = html.tree.nodes().len();
    if nodes > limits.max_nodes {
        return Err(node_error(nodes, limits));
    }
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn max_tree_depth(html: &Html) -> usize {
        let mut max = 0;
        for n in html.tree.nodes() {
            max = max.max(n.ancestors().count());
        }
        max
    }

    #[test]
    fn chunked_parse_equals_one_shot() {
        let body = "<p>caf\u{e9} \u{1F600} &amp; <b>bold</b>\r\n</p>".repeat(5000);
        let html = format!("<html><head><title>T</title></head><body>{body}</body></html>");
        let a = parse(&html, &Limits::default()).unwrap();
        let b = Html::parse_document(&html);
        assert_eq!(a.root_element().html(), b.root_element().html());
    }

    #[test]
    fn deep_nesting_is_flattened_with_text_kept() {
        let n = 20_000;
        let html = format!(
            "{}<p>innermost words</p>{}",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let limits = Limits {
            max_depth: 100,
            ..Limits::default()
        };
        let doc = parse(&html, &limits).unwrap();
        assert!(max_tree_depth(&doc) <= 110, "{}", max_tree_depth(&doc));
        assert!(doc.root_element().text().any(|t| t == "innermost words"));
    }

    fn texts(html: &Html) -> Vec<String> {
        html.root_element()
            .text()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect()
    }

    #[test]
    fn skipped_bytes_leave_the_text_and_the_metadata() {
        let page = "<html><head><title>T</title><STYLE>p{color:red}</STYLE>\
            <script type=\"application/ld+json\">{\"headline\":\"H\"}</script>\
            <script type=\"application/json\">{\"big\":\"data\"}</script></head>\
            <body><!-- a comment --><p>one<svg class=icon><g><svg><path d=\"M0 0\"/></svg></g></svg>two</p>\
            <style>x{}</style><p>after</p></body></html>";
        let doc = parse(page, &Limits::default()).unwrap();
        let full = Html::parse_document(page);
        assert_eq!(
            texts(&doc),
            ["T", "{\"headline\":\"H\"}", "one", "two", "after"]
        );
        // The same tree but for the skipped content: the svg and the comment are still there.
        let svg = scraper::Selector::parse("p > svg.icon").unwrap();
        assert_eq!(doc.select(&svg).count(), 1);
        assert_eq!(doc.select(&svg).next().unwrap().children().count(), 0);
        let count = |h: &Html| h.tree.nodes().filter(|n| n.value().is_comment()).count();
        assert_eq!(count(&doc), count(&full));
        assert!(doc.root_element().html().len() < full.root_element().html().len());
    }

    #[test]
    fn node_limit_is_enforced() {
        let limits = Limits {
            max_nodes: 1000,
            ..Limits::default()
        };
        let err = parse(&"<p>x</p>".repeat(2000), &limits).unwrap_err();
        assert!(err.to_string().contains("DOM nodes"), "{err}");
    }

    #[test]
    fn deadline_is_enforced() {
        let limits = Limits {
            doc_timeout: Duration::ZERO,
            ..Limits::default()
        };
        let err =
            parse_until(&"<p>x</p>".repeat(20_000), &limits, Instant::now(), None).unwrap_err();
        assert!(err.to_string().contains("document time"), "{err}");
    }
}
