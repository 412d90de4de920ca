//! Applying element rules of every origin (native, filter lists, site configs) to a parsed page.
//!
//! One walk over the elements in document order. For each element the [`RuleIndex`] yields the
//! few rules whose rightmost compound selector could match it (by id, class, tag or attribute);
//! only those are tested, then their extra conditions (text, `~host`, exceptions, `:upward()`).

use scraper::{ElementRef, Html};
use selectors::matching::{
    matches_selector, MatchingContext, MatchingForInvalidation, MatchingMode, NeedsSelectorFlags,
    QuirksMode, SelectorCaches,
};
use std::collections::HashSet;

use super::index::{host_in, Entry, RuleIndex, SelectorMap};
use super::{Action, ElementRule, Marks, RuleKind, RuleSet, Upward};

/// Match every applicable element rule against the page and record the marks.
pub fn apply(rules: &RuleSet, host: Option<&str>, html: &Html) -> Marks {
    apply_url(rules, host, None, html)
}

/// The index of a rule set (built on first use, rebuilt if rules were added since).
fn with_index<T>(rules: &RuleSet, f: impl FnOnce(&RuleIndex) -> T) -> T {
    let idx = rules.selector_index.get_or_init(|| RuleIndex::build(rules));
    if idx.built_for == rules.elements.len() {
        f(idx)
    } else {
        f(&RuleIndex::build(rules))
    }
}

/// The rules of one page: host-scoped ones and what exceptions switch off.
struct Page<'a> {
    host: Option<&'a str>,
    path: Option<&'a str>,
    scoped: SelectorMap,
    disabled: HashSet<u32>,
    generic_filters_off: bool,
    filters_off: bool,
}

impl Page<'_> {
    /// Whether rule `r` may act on this page (before its selector is tested).
    fn allows(&self, r: &ElementRule) -> bool {
        if r.ext.kind == RuleKind::Filter {
            if self.filters_off || (self.generic_filters_off && r.hosts.is_empty()) {
                return false;
            }
            if r.ext.key != 0 && self.disabled.contains(&r.ext.key) {
                return false;
            }
        }
        if !r.ext.not_hosts.is_empty() {
            if let Some(h) = self.host {
                if host_in(&r.ext.not_hosts, h) {
                    return false;
                }
            }
        }
        if let Some(p) = &r.ext.path {
            if !p.is_match(self.path.unwrap_or("/")) {
                return false;
            }
        }
        true
    }
}

/// The text of an element with whitespace collapsed.
pub fn element_text(el: &ElementRef<'_>) -> String {
    let mut out = String::new();
    for t in el.text() {
        for w in t.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// Conditions on the matched element beyond its selector.
fn conditions_hold(r: &ElementRule, el: &ElementRef<'_>, text: &mut Option<String>) -> bool {
    if r.ext.text.is_empty() && r.ext.min_text_len.is_none() {
        return true;
    }
    let t = text.get_or_insert_with(|| element_text(el));
    if let Some(min) = r.ext.min_text_len {
        if t.chars().count() < min {
            return false;
        }
    }
    r.ext.text.iter().all(|(m, neg)| m.is_match(t) != *neg)
}

fn target<'a>(r: &ElementRule, el: ElementRef<'a>) -> Option<ElementRef<'a>> {
    match &r.ext.upward {
        None => Some(el),
        Some(Upward::Levels(n)) => {
            let mut cur = el;
            for _ in 0..*n {
                cur = cur.parent().and_then(ElementRef::wrap)?;
            }
            Some(cur)
        }
        Some(Upward::Closest(sel)) => el
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|a| sel.matches(a)),
    }
}

/// Rank of a rule naming the body: site-specific rules before generic ones, then rule order
/// (FiveFilters tries its expressions in order).
fn rank(r: &ElementRule, i: usize) -> (bool, usize) {
    (r.hosts.is_empty(), i)
}

/// Match every applicable element rule against the page. `path` is the page URL's path and
/// query, for `:matches-path()` filters.
pub fn apply_url(rules: &RuleSet, host: Option<&str>, path: Option<&str>, html: &Html) -> Marks {
    with_index(rules, |idx| apply_indexed(rules, idx, host, path, html))
}

fn apply_indexed(
    rules: &RuleSet,
    idx: &RuleIndex,
    host: Option<&str>,
    path: Option<&str>,
    html: &Html,
) -> Marks {
    let mut marks = Marks::default();
    let c = &rules.community;
    let site = host.and_then(|h| c.resolve_site(h));
    let page = Page {
        host,
        path,
        scoped: host
            .map(|h| idx.map_of(rules, &idx.scoped_rules(h, site)))
            .unwrap_or_default(),
        disabled: host.map(|h| c.disabled_on(h)).unwrap_or_default(),
        generic_filters_off: host.is_some_and(|h| c.hide_off(h, false)),
        filters_off: host.is_some_and(|h| c.hide_off(h, true)),
    };
    if idx.generic.is_empty() && page.scoped.is_empty() && idx.fallback.is_empty() {
        return marks;
    }
    let mut caches = SelectorCaches::default();
    let mut ctx = MatchingContext::new(
        MatchingMode::Normal,
        None,
        &mut caches,
        QuirksMode::NoQuirks,
        NeedsSelectorFlags::No,
        MatchingForInvalidation::No,
    );
    let mut cands: Vec<Entry> = Vec::new();
    let mut best_body: Option<(bool, usize)> = None;
    for node in html.tree.root().descendants() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        cands.clear();
        idx.generic.candidates(&el, &mut cands);
        page.scoped.candidates(&el, &mut cands);
        cands.extend(idx.fallback.iter().map(|&rule| Entry {
            rule,
            sel: u32::MAX,
        }));
        if cands.is_empty() {
            continue;
        }
        cands.sort_unstable();
        cands.dedup();
        let mut text = None;
        let mut done_rule = u32::MAX;
        for e in &cands {
            if e.rule == done_rule {
                continue;
            }
            let i = e.rule as usize;
            let Some(r) = rules.elements.get(i) else {
                continue;
            };
            if !page.allows(r) {
                done_rule = e.rule;
                continue;
            }
            let matched = match idx.selector(e.rule, e.sel) {
                Some(sel) => matches_selector(sel, 0, None, &el, &mut ctx),
                None => r.selector.matches(&el),
            };
            if !matched || !conditions_hold(r, &el, &mut text) {
                continue;
            }
            done_rule = e.rule;
            let Some(t) = target(r, el) else {
                continue;
            };
            match r.action {
                Action::Strip => {
                    marks.removed.entry(t.id()).or_insert(i);
                }
                Action::Keep => {
                    marks.kept.insert(t.id());
                }
                Action::Unwrap => {
                    marks.unwrapped.insert(t.id());
                }
                Action::Body => {
                    let k = rank(r, i);
                    if best_body.is_none_or(|b| k < b) {
                        best_body = Some(k);
                        marks.body = Some(t.id());
                        marks.no_prune = matches!(r.ext.kind, RuleKind::SiteConfig { .. })
                            && !host
                                .and_then(|h| c.site(h))
                                .or(c.global.as_ref())
                                .is_none_or(|s| s.prune);
                    }
                }
            }
        }
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{adblock, ftr, Origin};

    fn native(set: &mut RuleSet, action: Action, css: &str, hosts: &[&str]) {
        set.elements.push(ElementRule {
            action,
            selector: scraper::Selector::parse(css).unwrap(),
            selector_text: css.into(),
            reason: css.into(),
            hosts: hosts.iter().map(|h| h.to_string()).collect(),
            origin: Origin {
                file: "t.toml".into(),
                line: 1,
            },
            ext: Default::default(),
        });
    }

    fn removed_ids(set: &RuleSet, host: Option<&str>, html: &str) -> Vec<String> {
        let doc = Html::parse_document(html);
        let marks = apply(set, host, &doc);
        let mut ids: Vec<String> = marks
            .removed
            .keys()
            .filter_map(|&id| doc.tree.get(id))
            .filter_map(ElementRef::wrap)
            .map(|e| e.value().id().unwrap_or("?").to_string())
            .collect();
        ids.sort();
        ids
    }

    const PAGE: &str = r#"<html><body>
        <div id="a" class="ad box">x</div>
        <div id="b" class="promo">Sponsored content</div>
        <div id="c" class="promo">Real news</div>
        <aside id="d"><span id="e">Advertisement</span></aside>
        <p id="f" data-ad="1">p</p>
        <section id="g"><div class="card" id="h"><a id="i" href="https://ads.example/x">go</a></div></section>
    </body></html>"#;

    fn filters(src: &str) -> RuleSet {
        let mut set = RuleSet::default();
        let mut l = adblock::Loader::default();
        l.load_str(&mut set, "list.txt", src);
        l.finish(&mut set);
        set
    }

    #[test]
    fn index_matches_like_a_linear_scan() {
        let mut set = RuleSet::default();
        for css in [
            ".ad",
            "#b",
            "aside span",
            "[data-ad]",
            "section > .card a[href*=ads]",
            "body > :nth-child(6)",
            ".promo, p",
        ] {
            native(&mut set, Action::Strip, css, &[]);
        }
        let doc = Html::parse_document(PAGE);
        let marks = apply(&set, None, &doc);
        let mut linear = HashSet::new();
        for node in doc.tree.nodes() {
            if let Some(el) = ElementRef::wrap(node) {
                if set.elements.iter().any(|r| r.selector.matches(&el)) {
                    linear.insert(el.id());
                }
            }
        }
        let got: HashSet<_> = marks.removed.keys().copied().collect();
        assert_eq!(got, linear);
        assert_eq!(got.len(), 7);
    }

    #[test]
    fn host_scoping_exclusions_and_exceptions() {
        let set = filters(
            "##.ad\nexample.com##.promo\n~example.com##aside\nexample.com#@#.ad\nother.org##p\n",
        );
        assert_eq!(removed_ids(&set, None, PAGE), ["a", "d"]);
        assert_eq!(
            removed_ids(&set, Some("news.example.com"), PAGE),
            ["b", "c"]
        );
        assert_eq!(removed_ids(&set, Some("other.org"), PAGE), ["a", "d", "f"]);
    }

    #[test]
    fn procedural_filters() {
        let set = filters(
            "##.promo:has-text(Sponsored)\n##span:has-text(/^advert/i):upward(1)\n##a[href*=\"ads.\"]:upward(.card)\n",
        );
        assert_eq!(removed_ids(&set, None, PAGE), ["b", "d", "h"]);
        let set = filters("##div:min-text-length(10)\nexample.com##p:matches-path(/^\\/news/)\n");
        assert_eq!(removed_ids(&set, None, PAGE), ["b"]);
        let doc = Html::parse_document(PAGE);
        let m = apply_url(&set, Some("example.com"), Some("/news/1"), &doc);
        assert_eq!(m.removed.len(), 2);
    }

    #[test]
    fn generichide_and_entities() {
        let set = filters("##.ad\nexample.*##.promo\n@@||example.org^$generichide\n");
        assert_eq!(removed_ids(&set, Some("example.org"), PAGE), ["b", "c"]);
        assert_eq!(removed_ids(&set, Some("example.de"), PAGE), ["a", "b", "c"]);
        let set = filters("##.ad\n@@||example.org^$elemhide\n");
        assert!(removed_ids(&set, Some("example.org"), PAGE).is_empty());
    }

    #[test]
    fn site_config_body_prefers_host_file_and_expression_order() {
        let mut set = RuleSet::default();
        ftr::load_str(
            &mut set,
            "global.txt",
            ftr::Scope::Global,
            "body: //section\n",
        );
        ftr::load_str(
            &mut set,
            "example.com.txt",
            ftr::Scope::Host("example.com".into(), true),
            "body: //div[@id='b'] | //aside\n",
        );
        let doc = Html::parse_document(PAGE);
        let body_id = |host: &str| {
            let m = apply(&set, Some(host), &doc);
            let el = m
                .body
                .and_then(|id| doc.tree.get(id))
                .and_then(ElementRef::wrap);
            (
                el.and_then(|e| e.value().id()).map(str::to_string),
                m.no_prune,
            )
        };
        // The first expression wins over document order; prune defaults to yes.
        assert_eq!(body_id("example.com"), (Some("b".into()), false));
        // `example.com.txt` is exact: a subdomain only gets global.txt.
        assert_eq!(body_id("sub.example.com"), (Some("g".into()), false));
    }
}
