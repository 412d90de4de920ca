//! Rules: boilerplate knowledge as data.
//!
//! In: rule files (TOML embedded from `rules/` at build time, plus `--rules DIR`) and a parsed page.
//! Out: [`Marks`]: which elements to strip, keep or unwrap, and why (rule origin `file:line`), the
//! fields a site rule names (body, title, author, date), plus line-level text rules for the clean
//! stage. Not here: scoring content (that is `extract`).
//!
//! Every rule is compiled once per run into a [`RuleSet`]; host-scoped rules are indexed by host so
//! that a page only looks at the global rules and the rules of its own host and parent domains.

pub mod adblock;
pub mod apply;
pub mod community;
pub mod explain;
pub mod fields;
pub mod ftr;
pub mod index;
pub mod listfile;
pub mod load;
pub mod text;
pub mod xpath;

use ego_tree::NodeId;
use rustc_hash::{FxHashMap, FxHashSet};
use scraper::Selector;
use std::collections::HashMap;
use std::path::PathBuf;

pub use community::{find_link, PageLinks};
pub use explain::format as explain_lines;
pub use ftr::Site;
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
    /// Filter rules: identity of the selector text, which `#@#` exceptions name (0: none).
    pub key: u32,
}

/// One `[[test]]` of a rule file.
#[derive(Debug, Clone)]
pub struct SiteTest {
    /// A saved page, resolved relative to the rule file's folder.
    pub fixture: Option<PathBuf>,
    /// The page's URL: used for host scoping, and fetched when there is no fixture (online only).
    pub url: Option<String>,
    pub contains: Vec<String>,
    pub not_contains: Vec<String>,
    /// The hosts of the file the test is in.
    pub hosts: Vec<String>,
    pub origin: Origin,
}

/// All rules of a run, compiled once and shared read-only by every worker.
///
/// Whoever adds rules to the vectors must call [`RuleSet::build_index`] afterwards
/// ([`load`] does it once at the end).
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub elements: Vec<ElementRule>,
    pub lines: Vec<text::LineRule>,
    /// Selectors naming the title, author and date of a page.
    pub fields: Vec<fields::FieldRule>,
    /// Self-tests of site rule files (`htmlsieve rules test`).
    pub tests: Vec<SiteTest>,
    /// The files that were loaded, for `rules list`.
    pub files: Vec<String>,
    /// Filter lists and site configs: exceptions, page links, counts and warnings.
    pub community: community::Community,
    /// The selector index over `elements`, built once (see [`index`]).
    pub selector_index: std::sync::OnceLock<index::RuleIndex>,
    index: HostIndex,
}

/// Rule indices by scope: global rules, and host-scoped rules under each host they name.
#[derive(Debug, Clone, Default)]
struct HostIndex {
    elements: Scoped,
    lines: Scoped,
    fields: Scoped,
}

#[derive(Debug, Clone, Default)]
struct Scoped {
    global: Vec<usize>,
    by_host: HashMap<String, Vec<usize>>,
}

impl Scoped {
    fn build<'a>(hosts: impl Iterator<Item = &'a [String]>) -> Scoped {
        let mut s = Scoped::default();
        for (i, hs) in hosts.enumerate() {
            if hs.is_empty() {
                s.global.push(i);
            }
            for h in hs {
                s.by_host.entry(h.clone()).or_default().push(i);
            }
        }
        s
    }

    /// Global rules plus the rules of `host` and each parent domain, in rule order.
    fn for_host(&self, host: Option<&str>) -> Vec<usize> {
        let mut out = self.global.clone();
        let mut scoped = false;
        for h in host.map(host_chain).into_iter().flatten() {
            if let Some(ids) = self.by_host.get(h) {
                out.extend_from_slice(ids);
                scoped = true;
            }
        }
        if scoped {
            out.sort_unstable();
            out.dedup();
        }
        out
    }
}

/// Host of a URL, lowercased and without `www.`, for host-scoped rules.
pub fn host_of(url: Option<&str>) -> Option<String> {
    let u = url::Url::parse(url?).ok()?;
    u.host_str()
        .map(|h| h.trim_start_matches("www.").to_ascii_lowercase())
}

/// `a.b.example.com`, `b.example.com`, `example.com`, `com`: a host and its parent domains.
pub fn host_chain(host: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(host);
    std::iter::from_fn(move || {
        let cur = rest?;
        rest = cur
            .split_once('.')
            .map(|(_, r)| r)
            .filter(|r| !r.is_empty());
        Some(cur)
    })
}

/// A host as rules name it: lowercase, without a trailing dot or a leading `www.`.
pub fn normalize_host(h: &str) -> String {
    let h = h.trim().trim_end_matches('.').to_ascii_lowercase();
    h.strip_prefix("www.").map(str::to_string).unwrap_or(h)
}

impl RuleSet {
    /// Whether a host-scoped rule applies to `host` (subdomains fall back to the parent domain).
    pub fn host_matches(hosts: &[String], host: Option<&str>) -> bool {
        if hosts.is_empty() {
            return true;
        }
        let Some(host) = host else { return false };
        host_chain(host).any(|h| hosts.iter().any(|x| x == h))
    }

    /// Rebuild the host index after rules were added.
    pub fn build_index(&mut self) {
        self.index = HostIndex {
            elements: Scoped::build(self.elements.iter().map(|r| r.hosts.as_slice())),
            lines: Scoped::build(self.lines.iter().map(|r| r.hosts.as_slice())),
            fields: Scoped::build(self.fields.iter().map(|r| r.hosts.as_slice())),
        };
    }

    /// Indices into [`RuleSet::elements`] of the rules that apply to `host`, in rule order.
    pub fn elements_for(&self, host: Option<&str>) -> Vec<usize> {
        self.index.elements.for_host(host)
    }

    /// Indices into [`RuleSet::lines`] of the rules that apply to `host`, in rule order.
    pub fn lines_for(&self, host: Option<&str>) -> Vec<usize> {
        self.index.lines.for_host(host)
    }

    /// Indices into [`RuleSet::fields`] of the rules that apply to `host`, in rule order.
    pub fn fields_for(&self, host: Option<&str>) -> Vec<usize> {
        self.index.fields.for_host(host)
    }

    /// Number of rules of every kind, for records and `rules check`.
    pub fn len(&self) -> usize {
        self.elements.len() + self.lines.len() + self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every attribute name (lowercase) that a rule's selector tests or a site config reads, for
    /// the parse to keep ([`crate::parse::depth::AttrCut`]); `None` when a selector's could not be
    /// read.
    pub fn attribute_names(&self) -> Option<Vec<String>> {
        let mut out = Vec::new();
        let mut known = true;
        let mut add = |s: &Selector| known &= index::attribute_names(s, &mut out);
        for r in &self.elements {
            add(&r.selector);
            if let Some(Upward::Closest(s)) = &r.ext.upward {
                add(s);
            }
        }
        for r in &self.fields {
            add(&r.selector);
        }
        let c = &self.community;
        let mut read = Vec::new();
        for site in c.exact.values().chain(c.wild.values()).chain(&c.global) {
            for p in site.single_page_link.iter().chain(&site.next_page_link) {
                add(&p.selector);
                read.extend(p.attr.iter().map(|a| a.to_ascii_lowercase()));
            }
        }
        out.append(&mut read);
        known.then_some(out)
    }
}

fn scope_text(hosts: &[String]) -> String {
    if hosts.is_empty() {
        "*".to_string()
    } else {
        hosts.join(",")
    }
}

/// What `rules list` prints: the files in load order, then one tab-separated line per rule
/// (origin, kind, host scope, selector or pattern, reason), then one per self-test.
pub fn listing(set: &RuleSet) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(s, "# {} files, in load order", set.files.len());
    for f in &set.files {
        let _ = writeln!(s, "{f}");
    }
    let _ = writeln!(s, "# origin\tkind\tscope\tselector or pattern\treason");
    for r in &set.elements {
        let kind = match r.action {
            Action::Strip => "strip",
            Action::Keep => "keep",
            Action::Unwrap => "unwrap",
            Action::Body => "body",
        };
        let _ = writeln!(
            s,
            "{}\t{kind}\t{}\t{}\t{}",
            r.origin,
            scope_text(&r.hosts),
            r.selector_text,
            r.reason
        );
    }
    for r in &set.fields {
        let _ = writeln!(
            s,
            "{}\t{}\t{}\t{}\t",
            r.origin,
            r.field.name(),
            scope_text(&r.hosts),
            r.selector_text
        );
    }
    for r in &set.lines {
        let _ = writeln!(
            s,
            "{}\tline {} {}\t{}\t{}\t{}",
            r.origin,
            r.action.name(),
            r.position.name(),
            scope_text(&r.hosts),
            r.pattern_text(),
            r.reason
        );
    }
    for t in &set.tests {
        let target = t
            .fixture
            .as_ref()
            .map(|f| f.display().to_string())
            .or_else(|| t.url.clone())
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "{}\ttest\t{}\t{target}\t{} must contain, {} must not",
            t.origin,
            scope_text(&t.hosts),
            t.contains.len(),
            t.not_contains.len()
        );
    }
    s
}

/// The result of applying element rules to one page.
#[derive(Debug, Default)]
pub struct Marks {
    /// Elements to remove, with the index of the rule that removed them. (Fx hashing: these are
    /// looked up for every element of the page, and node ids need no DoS-resistant hash.)
    pub removed: FxHashMap<NodeId, usize>,
    /// Elements that must be kept.
    pub kept: FxHashSet<NodeId>,
    /// Elements whose own role is dropped.
    pub unwrapped: FxHashSet<NodeId>,
    /// Element a rule names as the article body.
    pub body: Option<NodeId>,
    /// Keep a rule-named body whole, without the extractor's pruning inside it (FiveFilters
    /// `prune: no`).
    pub no_prune: bool,
}

impl Marks {
    /// Whether `id` is a kept element or inside one.
    pub fn in_kept(&self, html: &scraper::Html, id: NodeId) -> bool {
        if self.kept.is_empty() {
            return false;
        }
        let mut cur = html.tree.get(id);
        while let Some(n) = cur {
            if self.kept.contains(&n.id()) {
                return true;
            }
            cur = n.parent();
        }
        false
    }

    /// Settle conflicts between rules once every rule has been matched: an unwrapped element is
    /// not removed itself (rules still apply to what is inside it), and nothing in a kept element
    /// is removed.
    pub fn resolve(&mut self, html: &scraper::Html) {
        for id in &self.unwrapped {
            self.removed.remove(id);
        }
        if !self.kept.is_empty() {
            let inside: Vec<NodeId> = self
                .removed
                .keys()
                .copied()
                .filter(|&id| self.in_kept(html, id))
                .collect();
            for id in inside {
                self.removed.remove(&id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_chain_walks_parents() {
        let v: Vec<_> = host_chain("a.b.example.com").collect();
        assert_eq!(
            v,
            ["a.b.example.com", "b.example.com", "example.com", "com"]
        );
        assert_eq!(host_chain("localhost").collect::<Vec<_>>(), ["localhost"]);
    }

    #[test]
    fn host_matches_subdomains_not_lookalikes() {
        let hosts = vec!["example.com".to_string()];
        assert!(RuleSet::host_matches(&hosts, Some("example.com")));
        assert!(RuleSet::host_matches(&hosts, Some("news.example.com")));
        assert!(!RuleSet::host_matches(&hosts, Some("badexample.com")));
        assert!(!RuleSet::host_matches(&hosts, None));
        assert!(RuleSet::host_matches(&[], None));
    }

    #[test]
    fn attribute_names_include_nested_selectors() {
        let mut set = RuleSet::default();
        let rules = "[[rule]]\naction = \"strip\"\n\
            selector = \"div:not([data-ad-slot]) :has(> [ARIA-Label='x']), a[href], .c\"\n\
            [[rule]]\naction = \"title\"\nselector = \"h1[data-title]\"\n";
        load::load_str(&mut set, "x.toml", rules).unwrap();
        let mut names = set.attribute_names().unwrap();
        names.sort();
        names.dedup();
        assert_eq!(names, ["aria-label", "data-ad-slot", "data-title", "href"]);
    }

    #[test]
    fn normalize_host_forms() {
        assert_eq!(normalize_host(" WWW.Example.COM. "), "example.com");
    }
}
