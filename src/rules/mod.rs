//! Rules: boilerplate knowledge as data.
//!
//! In: rule files (TOML embedded from `rules/` at build time, plus `--rules DIR`) and a parsed page.
//! Out: [`Marks`]: which elements to strip, keep or unwrap, and why (rule origin `file:line`), plus
//! line-level text rules for the clean stage. Not here: scoring content (that is `extract`).

pub mod adblock;
pub mod apply;
pub mod community;
pub mod ftr;
pub mod index;
pub mod load;
pub mod text;
pub mod xpath;

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
    /// The element's text (or [`RuleExt::attr`]) is the title.
    Title,
    /// The element's text (or [`RuleExt::attr`]) is the author.
    Author,
    /// The element's text (or [`RuleExt::attr`]) is the date.
    Date,
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
    /// Conditions of filter-list and site-config rules (empty for plain CSS rules).
    pub ext: RuleExt,
}

/// Where a rule set comes from; decides how its hosts match and which exceptions apply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RuleKind {
    /// Native TOML rules: hosts match themselves and their subdomains.
    #[default]
    Native,
    /// Adblock Plus / uBlock Origin cosmetic filter (exceptions and `$generichide` apply).
    Filter,
    /// FiveFilters site config: `host.txt` (exact host) or `.host.txt` (host and subdomains).
    SiteConfig { exact: bool },
}

/// Text an element must (or must not) contain: `:has-text()` or XPath `contains(., 'x')`.
#[derive(Debug, Clone)]
pub enum TextMatch {
    Contains(String),
    Regex(regex::Regex),
}

impl TextMatch {
    pub fn is_match(&self, text: &str) -> bool {
        match self {
            TextMatch::Contains(s) => text.contains(s.as_str()),
            TextMatch::Regex(r) => r.is_match(text),
        }
    }
}

/// Which element an action lands on once the selector matched (`:upward()`).
#[derive(Debug, Clone)]
pub enum Upward {
    /// The n-th ancestor.
    Levels(usize),
    /// The closest ancestor matching the selector.
    Closest(Selector),
}

/// Extra conditions on an element rule, used by filter lists and site configs.
#[derive(Debug, Clone, Default)]
pub struct RuleExt {
    pub kind: RuleKind,
    /// Hosts the rule does not apply to (`~host` in filter lists), subdomains included.
    pub not_hosts: Vec<String>,
    /// The element's text must match each of these (`negate`: must not).
    pub text: Vec<(TextMatch, bool)>,
    /// The element's text must be at least this many characters (`:min-text-length()`).
    pub min_text_len: Option<usize>,
    /// The page URL's path (and query) must match (`:matches-path()`).
    pub path: Option<TextMatch>,
    pub upward: Option<Upward>,
    /// Title / author / date rules: read this attribute rather than the text (XPath `/@content`).
    pub attr: Option<String>,
    /// Filter rules: identity of the selector text, which `#@#` exceptions name (0: none).
    pub key: u32,
}

/// All rules of a run, compiled once and shared read-only by every worker.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub elements: Vec<ElementRule>,
    pub lines: Vec<text::LineRule>,
    /// The files that were loaded, for `rules list`.
    pub files: Vec<String>,
    /// Filter lists and site configs: exceptions, page links, self-tests, counts and warnings.
    pub community: community::Community,
    /// The selector index over `elements`, built on first use (see [`index`]).
    pub index: std::sync::OnceLock<index::RuleIndex>,
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
    /// Title, author and date named by rules (site configs), with the index of the rule.
    pub title: Option<(String, usize)>,
    pub author: Option<(String, usize)>,
    pub date: Option<(String, usize)>,
    /// Drop link-heavy blocks inside a rule-named body (FiveFilters `prune: yes`).
    pub prune: bool,
}
