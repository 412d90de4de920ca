//! Rules: boilerplate knowledge as data.
//!
//! In: rule files (TOML embedded from `rules/` at build time, plus `--rules DIR`) and a parsed page.
//! Out: [`Marks`]: which elements to strip, keep or unwrap, and why (rule origin `file:line`), plus
//! line-level text rules for the clean stage. Not here: scoring content (that is `extract`).

pub mod apply;
pub mod load;
pub mod text;

use ego_tree::NodeId;
use scraper::Selector;
use std::collections::{HashMap, HashSet};

pub use load::load;

/// What an element rule does to the elements its selector matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Remove the element and everything in it.
    Strip,
    /// Never remove the element (wins over strip rules and the extractor's pruning).
    Keep,
    /// Drop the element's own role but keep its children (e.g. a wrapper that looks like a sidebar).
    Unwrap,
    /// The element is the article body.
    Body,
}

/// Where a rule came from, for `--explain` and `rules list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A compiled element rule.
#[derive(Debug, Clone)]
pub struct ElementRule {
    pub action: Action,
    pub selector: Selector,
    pub selector_text: String,
    pub reason: String,
    /// Hosts this rule is limited to (empty: every host). A rule for `example.com` applies to its
    /// subdomains too.
    pub hosts: Vec<String>,
    pub origin: Origin,
}

/// All rules of a run, compiled once and shared read-only by every worker.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub elements: Vec<ElementRule>,
    pub lines: Vec<text::LineRule>,
    /// The files that were loaded, for `rules list`.
    pub files: Vec<String>,
}

impl RuleSet {
    /// Whether a host-scoped rule applies to `host` (subdomains fall back to the parent domain).
    pub fn host_matches(hosts: &[String], host: Option<&str>) -> bool {
        if hosts.is_empty() {
            return true;
        }
        let Some(host) = host else { return false };
        hosts.iter().any(|h| {
            host == h
                || (host.len() > h.len()
                    && host.ends_with(h.as_str())
                    && host.as_bytes()[host.len() - h.len() - 1] == b'.')
        })
    }
}

/// The result of applying element rules to one page.
#[derive(Debug, Default)]
pub struct Marks {
    /// Elements to remove, with the index of the rule that removed them.
    pub removed: HashMap<NodeId, usize>,
    /// Elements that must be kept.
    pub kept: HashSet<NodeId>,
    /// Elements whose own role is dropped.
    pub unwrapped: HashSet<NodeId>,
    /// Element a rule names as the article body.
    pub body: Option<NodeId>,
}
