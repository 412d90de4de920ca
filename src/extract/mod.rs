//! Extract: find the main content of a parsed page and turn it into blocks, plus metadata.
//!
//! In: the parsed page and the rule [`Marks`]. Out: title, blocks and metadata (a [`Document`]
//! without the decoder's fields). Not here: text normalization and line rules (that is `clean`).

pub mod blocks;
pub mod metadata;

use ego_tree::NodeId;
use scraper::node::Node;
use scraper::Html;
use std::collections::HashMap;

use crate::config::Config;
use crate::document::{Block, Document, Removal};
use crate::rules::{Marks, RuleSet};
use blocks::RawBlock;

/// Extract the main content of `html`.
pub fn extract(
    html: &Html,
    marks: &Marks,
    rules: &RuleSet,
    config: &Config,
    url: Option<&str>,
) -> Document {
    let metadata = metadata::extract(html, url);
    let skip = |id: NodeId| marks.removed.contains_key(&id) && !marks.kept.contains(&id);
    let root = marks
        .body
        .and_then(|id| html.tree.get(id))
        .unwrap_or_else(|| html.tree.root());
    let all = blocks::collect(root, &skip, config.limits.max_depth);
    let all_nodes: Vec<NodeId> = if config.explain {
        all.iter().map(|r| r.node).collect()
    } else {
        Vec::new()
    };
    let chosen = if marks.body.is_some() {
        if marks.prune {
            // FiveFilters `prune: yes`: a named body still loses its link lists.
            all.into_iter()
                .filter(|rb| {
                    let len = rb.block.text.chars().count().max(1);
                    (rb.link_chars as f64) / (len as f64) < 0.6
                })
                .collect()
        } else {
            all
        }
    } else {
        select_main(html, all)
    };
    let mut trace = crate::document::Trace::default();
    if config.explain {
        trace.kept = chosen.iter().map(|r| r.node).collect();
        let kept: std::collections::HashSet<NodeId> = trace.kept.iter().copied().collect();
        trace.dropped = all_nodes
            .into_iter()
            .filter(|n| !kept.contains(n))
            .map(|n| (n, "not main content".to_string()))
            .collect();
    }
    let mut removals = Vec::new();
    if config.explain {
        for (&id, &rule) in &marks.removed {
            if let Some(node) = html.tree.get(id) {
                let r = &rules.elements[rule];
                removals.push(Removal {
                    element: describe(node),
                    preview: preview(node),
                    origin: r.origin.to_string(),
                    reason: r.reason.clone(),
                });
            }
        }
    }
    Document {
        title: metadata.title.clone(),
        blocks: chosen.into_iter().map(|r| r.block).collect::<Vec<Block>>(),
        metadata,
        removals,
        trace,
    }
}

/// Pick the blocks under the element that holds the most non-link text (readability-style
/// propagation to ancestors), then drop link-dominated blocks.
fn select_main(html: &Html, all: Vec<RawBlock>) -> Vec<RawBlock> {
    let mut score: HashMap<NodeId, f64> = HashMap::new();
    for rb in &all {
        let len = rb.block.text.chars().count();
        let plain = len.saturating_sub(rb.link_chars) as f64;
        if plain < 25.0 {
            continue;
        }
        let mut w = 1.0;
        let mut cur = html.tree.get(rb.node);
        for _ in 0..6 {
            let Some(n) = cur else { break };
            *score.entry(n.id()).or_default() += plain * w;
            w *= 0.6;
            cur = n.parent();
        }
    }
    let Some((&best, _)) = score.iter().max_by(|a, b| a.1.total_cmp(b.1)) else {
        return Vec::new();
    };
    let is_under = |id: NodeId| {
        let mut cur = html.tree.get(id);
        while let Some(n) = cur {
            if n.id() == best {
                return true;
            }
            cur = n.parent();
        }
        false
    };
    all.into_iter()
        .filter(|rb| is_under(rb.node))
        .filter(|rb| {
            let len = rb.block.text.chars().count().max(1);
            (rb.link_chars as f64) / (len as f64) < 0.6
        })
        .collect()
}

/// `tag#id.class1.class2` for reports.
pub fn describe(node: ego_tree::NodeRef<'_, Node>) -> String {
    let Node::Element(e) = node.value() else {
        return String::new();
    };
    let mut s = e.name().to_string();
    if let Some(id) = e.id() {
        s.push('#');
        s.push_str(id);
    }
    for c in e.classes().take(3) {
        s.push('.');
        s.push_str(c);
    }
    s
}

/// The first words of an element's text, for reports.
pub fn preview(node: ego_tree::NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            for w in t.split_whitespace() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(w);
                if out.len() > 60 {
                    let cut = out
                        .char_indices()
                        .nth(60)
                        .map(|(i, _)| i)
                        .unwrap_or(out.len());
                    out.truncate(cut);
                    out.push('…');
                    return out;
                }
            }
        }
    }
    out
}
