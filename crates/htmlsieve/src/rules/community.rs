//! Community rule sets loaded at run time: FiveFilters site configs (`--site-config`) and Adblock
//! Plus / uBlock Origin filter lists (`--filter-list`). Their element rules join
//! [`super::RuleSet::elements`] (so one index and one `apply` serve every origin); what is not an
//! element rule lives here: filter exceptions, per-site page links, text replacements and
//! self-tests, and the counts and warnings `rules list` shows.

use std::collections::{HashMap, HashSet};

use super::ftr::{Pick, Site};
use super::index::{host_entities, host_suffixes};
use super::listfile::ListStats;
use super::RuleSet;
use crate::config::RuleSources;
use crate::error::Result;

/// Everything of the community rule sets that is not an element rule.
#[derive(Debug, Clone, Default)]
pub struct Community {
    /// Site configs by host: `host.txt` in `exact`, `.host.txt` in `wild`.
    pub exact: HashMap<String, Site>,
    pub wild: HashMap<String, Site>,
    /// `global.txt`: replacements and tests of every page.
    pub global: Option<Site>,
    /// Site-config folders loaded, with their file count.
    pub site_dirs: Vec<(String, usize)>,
    pub lists: Vec<ListStats>,
    /// `host#@#selector` exceptions: host → keys of the disabled filters.
    pub exceptions: HashMap<String, Vec<u32>>,
    /// Hosts where generic cosmetic filters (`$generichide`) or all of them (`$elemhide`) are off.
    pub generichide: HashSet<String>,
    pub elemhide: HashSet<String>,
    /// Site-config problems that did not stop loading (unsupported XPath, unknown directives),
    /// each `file:line: message`: printed on stderr at start and listed by `rules list`.
    pub warnings: Vec<String>,
    /// Filters skipped as unsupported, each `file:line: message` (the first
    /// few hundred a list; the counts in `lists` are complete): listed by `rules list`.
    pub skipped: Vec<String>,
}

impl Community {
    /// The site-config file FiveFilters picks for `host`: `host.txt`, else the closest
    /// `.domain.txt` among the host and its parent domains. Returns (key, exact).
    pub fn resolve_site(&self, host: &str) -> Option<(&str, bool)> {
        if let Some((k, _)) = self.exact.get_key_value(host) {
            return Some((k.as_str(), true));
        }
        host_suffixes(host)
            .find_map(|s| self.wild.get_key_value(s).map(|(k, _)| (k.as_str(), false)))
    }

    /// The site config for `host`, if any.
    pub fn site(&self, host: &str) -> Option<&Site> {
        match self.resolve_site(host)? {
            (k, true) => self.exact.get(k),
            (k, false) => self.wild.get(k),
        }
    }

    /// Keys of the filters disabled on `host` by `host#@#selector` exceptions.
    pub fn disabled_on(&self, host: &str) -> HashSet<u32> {
        let mut out = HashSet::new();
        if self.exceptions.is_empty() {
            return out;
        }
        for s in host_suffixes(host) {
            if let Some(v) = self.exceptions.get(s) {
                out.extend(v.iter().copied());
            }
        }
        for e in host_entities(host) {
            if let Some(v) = self.exceptions.get(&format!("{e}.*")) {
                out.extend(v.iter().copied());
            }
        }
        out
    }

    /// Whether generic (`all == false`) or all cosmetic filters are off on `host`.
    pub fn hide_off(&self, host: &str, all: bool) -> bool {
        let set = if all {
            &self.elemhide
        } else {
            &self.generichide
        };
        !set.is_empty() && host_suffixes(host).any(|s| set.contains(s))
    }

    /// Apply `find_string`/`replace_string` of the page's site config (and `global.txt`) to the
    /// HTML text. Borrowed when nothing applies.
    pub fn prepare<'a>(&self, host: Option<&str>, html: &'a str) -> std::borrow::Cow<'a, str> {
        let mut text = std::borrow::Cow::Borrowed(html);
        let site = host.and_then(|h| self.site(h));
        for s in self.global.iter().chain(site) {
            for (find, repl, _) in &s.replace {
                if text.contains(find.as_str()) {
                    text = std::borrow::Cow::Owned(text.replace(find.as_str(), repl));
                }
            }
        }
        text
    }

    /// One line per loaded source, for stderr and `rules list`.
    pub fn summary(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (dir, n) in &self.site_dirs {
            out.push(format!(
                "site config {dir}: {n} files, {} warnings",
                self.warnings
                    .iter()
                    .filter(|w| w.starts_with(dir.as_str()))
                    .count()
            ));
        }
        out.extend(self.lists.iter().map(|l| l.to_string()));
        out
    }
}

/// The links of a page named by its site config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    /// The whole article on one page (`single_page_link`).
    pub single_page: Option<String>,
    /// The article's next page (`next_page_link`).
    pub next_page: Option<String>,
}

/// Find the first link a list of picks names on a page, resolved against `base`.
pub fn find_link(html: &scraper::Html, picks: &[Pick], base: Option<&url::Url>) -> Option<String> {
    for p in picks {
        for el in html.select(&p.selector) {
            let raw = match &p.attr {
                Some(a) => el.value().attr(a),
                None => el.value().attr("href"),
            };
            let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
                continue;
            };
            let resolved = match base {
                Some(b) => b.join(raw).ok().map(|u| u.to_string()),
                None => url::Url::parse(raw).ok().map(|u| u.to_string()),
            };
            if resolved.is_some() {
                return resolved;
            }
        }
    }
    None
}

/// Load the site configs and filter lists `sources` names into `set`.
pub fn load(set: &mut RuleSet, sources: &RuleSources) -> Result<()> {
    for dir in &sources.site_config_dirs {
        super::ftr::load_dir(set, dir)?;
    }
    let mut lists = super::adblock::Loader::default();
    for file in &sources.filter_lists {
        lists.load_file(set, file)?;
    }
    lists.finish(set);
    // Compile the selector index now, once per run, rather than on the first page.
    let s: &RuleSet = set;
    s.selector_index
        .get_or_init(|| super::index::RuleIndex::build(s));
    Ok(())
}
