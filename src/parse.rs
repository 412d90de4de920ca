//! Parse: decoded text → `scraper::Html` (html5ever), with guards on size and node count.
//!
//! In: the decoded page text and the [`Limits`]. Out: the parsed tree, or a `Limit` error naming the
//! limit that was breached. Not here: any interpretation of the tree (that is `rules` and `extract`).

use scraper::Html;

use crate::config::Limits;
use crate::error::{Error, Result};

/// Parse an HTML document, enforcing the byte and node limits.
pub fn parse(text: &str, limits: &Limits) -> Result<Html> {
    if text.len() > limits.max_bytes {
        return Err(Error::Limit {
            limit: "input bytes",
            detail: format!("{} bytes > {}", text.len(), limits.max_bytes),
        });
    }
    let html = Html::parse_document(text);
    let nodes = html.tree.nodes().len();
    if nodes > limits.max_nodes {
        return Err(Error::Limit {
            limit: "DOM nodes",
            detail: format!("{nodes} nodes > {}", limits.max_nodes),
        });
    }
    Ok(html)
}
