//! `--explain`: one line per removed block, saying what was removed and why.
//!
//! Element rules' removals are collected here in document order (outermost removed element only:
//! its descendants went with it); line rules record theirs in the clean stage and the extractor
//! adds its own with origin `extractor`. [`format`] renders them for stderr.

use ego_tree::NodeId;
use scraper::node::Node;
use scraper::Html;

use super::{Marks, RuleSet};
use crate::document::{Document, Removal};
use crate::parse::{describe, preview};

/// Elements that hold no visible text: their removal is not worth a line.
const INVISIBLE: &[&str] = &[
    "script", "style", "noscript", "template", "link", "meta", "head", "title", "base",
];

/// The removals made by element rules, in document order, outermost elements only.
pub fn rule_removals(html: &Html, marks: &Marks, rules: &RuleSet) -> Vec<Removal> {
    let mut out = Vec::new();
    if marks.removed.is_empty() {
        return out;
    }
    let removed = |id: NodeId| marks.removed.contains_key(&id) && !marks.kept.contains(&id);
    // A document-order walk that skips the subtree of every removed element (no recursion).
    let mut stack = vec![html.tree.root()];
    while let Some(node) = stack.pop() {
        if let Node::Element(e) = node.value() {
            if INVISIBLE.contains(&e.name()) {
                continue;
            }
            if removed(node.id()) {
                let Some(r) = marks
                    .removed
                    .get(&node.id())
                    .and_then(|&i| rules.elements.get(i))
                else {
                    continue;
                };
                out.push(Removal {
                    element: describe(node),
                    preview: preview(node),
                    origin: r.origin.to_string(),
                    reason: r.reason.clone(),
                });
                continue;
            }
        }
        let children: Vec<_> = node.children().collect();
        stack.extend(children.into_iter().rev());
    }
    out
}

/// One line per removal, each prefixed with the input's name; removals of elements without text
/// only with `all`.
pub fn format(input: &str, doc: &Document, all: bool) -> String {
    let mut s = String::new();
    for r in doc.removals.iter().filter(|r| all || !r.preview.is_empty()) {
        let preview = if r.preview.is_empty() {
            String::new()
        } else {
            format!(" {:?}", r.preview)
        };
        s.push_str(&format!(
            "{input}: removed {}{preview} ({}: {})\n",
            r.element, r.origin, r.reason
        ));
    }
    s
}
