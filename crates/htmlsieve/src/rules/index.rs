//! The selector index: every element rule of every origin (native TOML, filter lists, site configs)
//! bucketed by the key of its rightmost compound selector (id, class, tag or attribute name), the
//! way browsers and ad blockers do it. Matching a page then costs a few hash lookups per element and
//! a test of only the selectors that could match it, instead of a test of every rule.
//!
//! Generic rules (no host) sit in one map built once per run; rules scoped to hosts are found by
//! the page's host (and its parent domains) and put in a small map for that page.

use html5ever::{local_name, ns};
use rustc_hash::FxHashMap;
use scraper::selector::{Parser as CssParser, Simple};
use scraper::ElementRef;
use selectors::attr::AttrSelectorOperator;
use selectors::parser::{Component, ParseRelative, Selector, SelectorList};
use std::collections::{HashMap, HashSet};

use super::{RuleKind, RuleSet};

/// One compiled complex selector (no commas).
pub type Sel = Selector<Simple>;

/// A selector of a rule: `rule` indexes `RuleSet::elements`, `sel` indexes [`RuleIndex::selectors`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub rule: u32,
    pub sel: u32,
}

/// The key a selector is filed under.
#[derive(Debug, PartialEq, Eq)]
enum Key {
    Id(String),
    Class(String),
    /// `[name op "value"]` (`=`, `^=`, `$=`, `*=`, `~=`, `|=`): the element's attribute value must
    /// contain `value`, which a multi-pattern search over the value finds for all such selectors
    /// at once (how ad blockers handle `[href*="/ads/"]`).
    Value(String, String),
    Tag(String),
    Attr(String),
    Universal,
}

/// Parse a selector list into its complex selectors with the same parser `scraper` uses.
pub fn parse_selectors(text: &str) -> Option<Vec<Sel>> {
    let mut input = cssparser::ParserInput::new(text);
    let mut parser = cssparser::Parser::new(&mut input);
    SelectorList::parse(&CssParser, &mut parser, ParseRelative::No)
        .ok()
        .map(|l| l.slice().to_vec())
}

/// Collects the names of the attributes a selector tests, nested ones (`:not`, `:is`, `:has`) too.
struct AttrNames<'a>(&'a mut Vec<String>);

impl selectors::visitor::SelectorVisitor for AttrNames<'_> {
    type Impl = Simple;

    fn visit_attribute_selector(
        &mut self,
        _: &selectors::attr::NamespaceConstraint<&html5ever::Namespace>,
        local_name: &scraper::selector::CssLocalName,
        local_name_lower: &scraper::selector::CssLocalName,
    ) -> bool {
        self.0.push(local_name.0.to_ascii_lowercase().to_string());
        self.0.push(local_name_lower.0.to_string());
        true
    }

    fn visit_relative_selector_list(
        &mut self,
        list: &[selectors::parser::RelativeSelector<Simple>],
    ) -> bool {
        list.iter().all(|r| r.selector.visit(self))
    }
}

/// Append to `out` the names of the attributes `sel` tests; `false` when its text does not parse
/// back (then the names are unknown).
pub fn attribute_names(sel: &scraper::Selector, out: &mut Vec<String>) -> bool {
    use cssparser::ToCss;
    let Some(list) = parse_selectors(&sel.to_css_string()) else {
        return false;
    };
    list.iter().all(|s| s.visit(&mut AttrNames(out)))
}

/// The most selective key of a selector's rightmost compound: id, then class, then an
/// `[id=…]`/`[class~=…]` attribute, then tag, then attribute name, else universal.
fn key_of(sel: &Sel) -> Key {
    let mut class = None;
    let mut tag = None;
    let mut attr = None;
    let mut value_key: Option<(String, String)> = None;
    for c in sel.iter() {
        match c {
            Component::ID(id) => return Key::Id(id.0.to_string()),
            Component::Class(c) => {
                class.get_or_insert_with(|| c.0.to_string());
            }
            Component::LocalName(l) => {
                tag.get_or_insert_with(|| l.lower_name.0.to_string());
            }
            Component::AttributeInNoNamespace {
                local_name,
                operator,
                value,
                case_sensitivity,
            } => {
                let name: &str = &local_name.0;
                let exactish = matches!(
                    operator,
                    AttrSelectorOperator::Equal | AttrSelectorOperator::Includes
                ) && matches!(
                    case_sensitivity,
                    selectors::attr::ParsedCaseSensitivity::CaseSensitive
                        | selectors::attr::ParsedCaseSensitivity::ExplicitCaseSensitive
                );
                if exactish && name == "id" && !value.0.is_empty() {
                    if *operator == AttrSelectorOperator::Equal {
                        return Key::Id(value.0.clone());
                    }
                } else if exactish && name == "class" {
                    if let Some(first) = value.0.split_ascii_whitespace().next() {
                        class.get_or_insert_with(|| first.to_string());
                    }
                }
                let sensitive = matches!(
                    case_sensitivity,
                    selectors::attr::ParsedCaseSensitivity::CaseSensitive
                        | selectors::attr::ParsedCaseSensitivity::ExplicitCaseSensitive
                );
                // Longer needles are more selective.
                if sensitive
                    && !value.0.is_empty()
                    && value_key
                        .as_ref()
                        .is_none_or(|(_, v)| v.len() < value.0.len())
                {
                    value_key = Some((name.to_ascii_lowercase(), value.0.clone()));
                }
                attr.get_or_insert_with(|| name.to_ascii_lowercase());
            }
            Component::AttributeInNoNamespaceExists {
                local_name_lower, ..
            } => {
                attr.get_or_insert_with(|| local_name_lower.0.to_string());
            }
            _ => {}
        }
    }
    if let Some(c) = class {
        Key::Class(c)
    } else if let Some((a, v)) = value_key {
        Key::Value(a, v)
    } else if let Some(t) = tag {
        Key::Tag(t)
    } else if let Some(a) = attr {
        Key::Attr(a)
    } else {
        Key::Universal
    }
}

/// Selectors keyed by a substring of one attribute's value.
#[derive(Debug, Default, Clone)]
struct ValueIndex {
    needles: Vec<String>,
    entries: Vec<Vec<Entry>>,
    pos: HashMap<String, usize>,
    searcher: Option<aho_corasick::AhoCorasick>,
}

/// Selectors bucketed by key.
#[derive(Debug, Default, Clone)]
pub struct SelectorMap {
    // Fx hashing: these are probed for every element of every page with short keys.
    by_id: FxHashMap<Box<str>, Vec<Entry>>,
    by_class: FxHashMap<Box<str>, Vec<Entry>>,
    by_value: FxHashMap<Box<str>, ValueIndex>,
    by_tag: FxHashMap<Box<str>, Vec<Entry>>,
    by_attr: FxHashMap<Box<str>, Vec<Entry>>,
    universal: Vec<Entry>,
    len: usize,
}

impl SelectorMap {
    /// Build the value searchers; call once after the last insert.
    fn finish(&mut self) {
        for (name, v) in self.by_value.iter_mut() {
            match aho_corasick::AhoCorasick::new(&v.needles) {
                Ok(ac) => v.searcher = Some(ac),
                Err(_) => {
                    // Cannot happen for these sizes; keep the selectors reachable anyway.
                    let all: Vec<Entry> = v.entries.iter().flatten().copied().collect();
                    self.by_attr.entry(name.clone()).or_default().extend(all);
                    v.entries.clear();
                    v.needles.clear();
                }
            }
        }
    }

    fn insert(&mut self, key: Key, e: Entry) {
        self.len += 1;
        let (map, k) = match key {
            Key::Value(name, needle) => {
                let v = self.by_value.entry(name.into_boxed_str()).or_default();
                let i = *v.pos.entry(needle.clone()).or_insert_with(|| {
                    v.needles.push(needle);
                    v.entries.push(Vec::new());
                    v.needles.len() - 1
                });
                v.entries[i].push(e);
                return;
            }
            Key::Id(k) => (&mut self.by_id, k),
            Key::Class(k) => (&mut self.by_class, k),
            Key::Tag(k) => (&mut self.by_tag, k),
            Key::Attr(k) => (&mut self.by_attr, k),
            Key::Universal => {
                self.universal.push(e);
                return;
            }
        };
        map.entry(k.into_boxed_str()).or_default().push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Append the entries that could match `el` to `out`.
    pub fn candidates(&self, el: &ElementRef<'_>, out: &mut Vec<Entry>) {
        if self.len == 0 {
            return;
        }
        let e = el.value();
        if !self.by_id.is_empty() {
            if let Some(v) = e.id().and_then(|id| self.by_id.get(id)) {
                out.extend_from_slice(v);
            }
        }
        if !self.by_class.is_empty() {
            // The class attribute's words as they are (`Element::classes` would intern each one
            // as an atom first, `attr("class")` the name); a repeated class only repeats entries,
            // which the caller dedups.
            let class = e.attrs.iter().find_map(|(n, v)| {
                (n.ns == ns!() && n.local == local_name!("class")).then_some(&**v)
            });
            if let Some(classes) = class {
                for c in classes.split_ascii_whitespace() {
                    if let Some(v) = self.by_class.get(c) {
                        out.extend_from_slice(v);
                    }
                }
            }
        }
        if let Some(v) = self.by_tag.get(e.name()) {
            out.extend_from_slice(v);
        }
        if !self.by_value.is_empty() {
            for (name, value) in e.attrs() {
                let Some(v) = self.by_value.get(name) else {
                    continue;
                };
                let Some(ac) = &v.searcher else { continue };
                for m in ac.find_overlapping_iter(value) {
                    out.extend_from_slice(&v.entries[m.pattern().as_usize()]);
                }
            }
        }
        if !self.by_attr.is_empty() {
            for (name, _) in e.attrs() {
                if let Some(v) = self.by_attr.get(name) {
                    out.extend_from_slice(v);
                }
            }
        }
        out.extend_from_slice(&self.universal);
    }
}

/// The index over a [`RuleSet`]'s element rules.
#[derive(Debug, Default, Clone)]
pub struct RuleIndex {
    /// Per rule, its complex selectors: parsed at build time for rules of every host, on the first
    /// page of a matching host for host-scoped rules (most hosts of a big list never come up).
    /// `None`: the parser refused the text (the rule is then tested with its own selector).
    parsed: Vec<std::sync::OnceLock<Option<Box<[Sel]>>>>,
    /// Rules that apply to every host.
    pub generic: SelectorMap,
    /// Host-scoped native and filter rules, by host (matching the host and its subdomains).
    by_host: HashMap<Box<str>, Vec<u32>>,
    /// Filter rules for `name.*` (any top-level domain), by `name`.
    by_entity: HashMap<Box<str>, Vec<u32>>,
    /// Site-config rules of `host.txt` (exact) and `.host.txt` (wildcard) files.
    ftr_exact: HashMap<Box<str>, Vec<u32>>,
    ftr_wild: HashMap<Box<str>, Vec<u32>>,
    /// Rules whose selector text the parser refused (cannot happen for rules compiled by
    /// `scraper`, kept so that no rule is lost): tested on every element.
    pub fallback: Vec<u32>,
    /// How many rules the index was built for (a rule set grown later is indexed afresh).
    pub built_for: usize,
}

/// The parent domains of a host, the host first: `a.b.c` → `a.b.c`, `b.c`, `c`.
pub fn host_suffixes(host: &str) -> impl Iterator<Item = &str> {
    let mut next = Some(host);
    std::iter::from_fn(move || {
        let cur = next?;
        next = cur
            .find('.')
            .map(|i| &cur[i + 1..])
            .filter(|s| !s.is_empty());
        Some(cur)
    })
}

/// `name` of every `name.<tld>` the host is under (`news.example.co.uk` → `example`, `co`): the
/// suffix after `name` has at most two labels, a stand-in for the public-suffix list.
pub fn host_entities(host: &str) -> impl Iterator<Item = &str> {
    host_suffixes(host).filter_map(|s| {
        let (name, rest) = s.split_once('.')?;
        (rest.split('.').count() <= 2).then_some(name)
    })
}

/// Whether `host` is one of `hosts` or under one of them; `name.*` entries match any TLD.
pub fn host_in(hosts: &[String], host: &str) -> bool {
    hosts.iter().any(|h| match h.strip_suffix(".*") {
        Some(name) => host_entities(host).any(|e| e == name),
        None => host_suffixes(host).any(|s| s == h),
    })
}

impl RuleIndex {
    /// Index every element rule of `rules`.
    pub fn build(rules: &RuleSet) -> RuleIndex {
        let mut idx = RuleIndex {
            built_for: rules.elements.len(),
            ..Default::default()
        };
        idx.parsed = vec![std::sync::OnceLock::new(); rules.elements.len()];
        // Parsing tens of thousands of selectors is the bulk of the work: in parallel, and only
        // for the rules of every host.
        let parsed = crate::par::map(&rules.elements, |r| {
            r.hosts
                .is_empty()
                .then(|| parse_selectors(&r.selector_text).map(Vec::into_boxed_slice))
        });
        for (slot, p) in idx.parsed.iter().zip(parsed) {
            if let Some(p) = p {
                let _ = slot.set(p);
            }
        }
        for (i, r) in rules.elements.iter().enumerate() {
            let i = i as u32;
            if r.hosts.is_empty() {
                match idx.parsed[i as usize].get().and_then(Option::as_ref) {
                    Some(sels) => {
                        for (n, sel) in sels.iter().enumerate() {
                            idx.generic.insert(
                                key_of(sel),
                                Entry {
                                    rule: i,
                                    sel: n as u32,
                                },
                            );
                        }
                    }
                    None => idx.fallback.push(i),
                }
                continue;
            }
            for h in &r.hosts {
                let map = match r.ext.kind {
                    RuleKind::SiteConfig { exact: true } => &mut idx.ftr_exact,
                    RuleKind::SiteConfig { exact: false } => &mut idx.ftr_wild,
                    _ if h.ends_with(".*") => &mut idx.by_entity,
                    _ => &mut idx.by_host,
                };
                let h = h.strip_suffix(".*").unwrap_or(h);
                map.entry(h.into()).or_default().push(i);
            }
        }
        idx.generic.finish();
        idx
    }

    /// Host-scoped rules that apply to `host`; `site` is the site-config file chosen for it
    /// (exact host or wildcard domain, see [`super::community::Community::resolve_site`]).
    pub fn scoped_rules(&self, host: &str, site: Option<(&str, bool)>) -> Vec<u32> {
        let mut out = Vec::new();
        for s in host_suffixes(host) {
            if let Some(v) = self.by_host.get(s) {
                out.extend_from_slice(v);
            }
        }
        for e in host_entities(host) {
            if let Some(v) = self.by_entity.get(e) {
                out.extend_from_slice(v);
            }
        }
        match site {
            Some((key, true)) => out.extend(self.ftr_exact.get(key).into_iter().flatten()),
            Some((key, false)) => out.extend(self.ftr_wild.get(key).into_iter().flatten()),
            None => {}
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The selectors of rule `rule` (parsed on first use for host-scoped rules).
    fn selectors_of(&self, rule: u32, text: &str) -> Option<&[Sel]> {
        self.parsed
            .get(rule as usize)?
            .get_or_init(|| parse_selectors(text).map(Vec::into_boxed_slice))
            .as_deref()
    }

    /// The `n`-th complex selector of rule `rule`, when it has been parsed.
    pub fn selector(&self, rule: u32, n: u32) -> Option<&Sel> {
        self.parsed
            .get(rule as usize)?
            .get()?
            .as_ref()?
            .get(n as usize)
    }

    /// A map of the given rules' selectors (for the host-scoped rules of one page). A rule the
    /// parser refused is tested on every element with its own selector.
    pub fn map_of(&self, set: &RuleSet, rules: &[u32]) -> SelectorMap {
        let mut m = SelectorMap::default();
        for &r in rules {
            let Some(rule) = set.elements.get(r as usize) else {
                continue;
            };
            match self.selectors_of(r, &rule.selector_text) {
                Some(sels) => {
                    for (n, sel) in sels.iter().enumerate() {
                        m.insert(
                            key_of(sel),
                            Entry {
                                rule: r,
                                sel: n as u32,
                            },
                        );
                    }
                }
                None => m.insert(
                    Key::Universal,
                    Entry {
                        rule: r,
                        sel: u32::MAX,
                    },
                ),
            }
        }
        m.finish();
        m
    }

    /// Number of distinct keys, for reports.
    pub fn stats(&self) -> String {
        let g = &self.generic;
        let distinct: HashSet<&str> = g.by_class.keys().map(|k| &**k).collect();
        format!(
            "{} rules ({} parsed so far); generic: {} by id, {} by class ({} classes), {} by attribute value, {} by tag, {} by attribute, {} universal",
            self.parsed.len(),
            self.parsed.iter().filter(|p| p.get().is_some()).count(),
            g.by_id.values().map(Vec::len).sum::<usize>(),
            g.by_class.values().map(Vec::len).sum::<usize>(),
            distinct.len(),
            g.by_value.values().flat_map(|v| v.entries.iter()).map(Vec::len).sum::<usize>(),
            g.by_tag.values().map(Vec::len).sum::<usize>(),
            g.by_attr.values().map(Vec::len).sum::<usize>(),
            g.universal.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        key_of(&parse_selectors(s).unwrap()[0])
    }

    #[test]
    fn keys_of_rightmost_compound() {
        assert_eq!(key("div#main .x"), Key::Class("x".into()));
        assert_eq!(key(".a > p#b.c"), Key::Id("b".into()));
        assert_eq!(key("aside"), Key::Tag("aside".into()));
        assert_eq!(key("a[href*=ads]"), Key::Value("href".into(), "ads".into()));
        assert_eq!(key("[id^=ad-]"), Key::Value("id".into(), "ad-".into()));
        assert_eq!(key("a[href*=x i]"), Key::Tag("a".into()));
        assert_eq!(key("[data-x]"), Key::Attr("data-x".into()));
        assert_eq!(key("[id=x]"), Key::Id("x".into()));
        assert_eq!(key("div[class~=ad]"), Key::Class("ad".into()));
        assert_eq!(key("[class='ad box']"), Key::Class("ad".into()));
        assert_eq!(key(".x *"), Key::Universal);
        assert_eq!(key(":is(.a, .b)"), Key::Universal);
    }

    #[test]
    fn suffixes_and_entities() {
        let s: Vec<_> = host_suffixes("a.b.example.com").collect();
        assert_eq!(
            s,
            ["a.b.example.com", "b.example.com", "example.com", "com"]
        );
        assert!(host_entities("news.example.co.uk").any(|e| e == "example"));
        assert!(host_in(&["example.*".into()], "www.example.de"));
        assert!(host_in(&["example.com".into()], "m.example.com"));
        assert!(!host_in(&["example.com".into()], "badexample.com"));
    }
}
