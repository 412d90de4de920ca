//! Pages: multi-page articles, as FiveFilters Full-Text RSS follows them. A page whose site config
//! (`--site-config`) names a `single_page_link` is replaced by that single-page ("print / view
//! all") version when it can be fetched; otherwise its `next_page_link` chain is followed and the
//! pages' bodies are joined into one document (title and metadata from the first page). The chain
//! stops at its end, on a loop (a URL already fetched), at `--max-pages`, at a link to another site,
//! or at the first page that fails, keeping what was collected and saying why in
//! [`Metadata::pages_cut`](htmlsieve::Metadata::pages_cut).
//!
//! In: the first page's URL, document and links, then the outcome of each page fetched. Out: the
//! next URL to fetch ([`Chain::next`]) and finally the joined document. Not here: fetching (the
//! runner does it through the same client and politeness gate as every other request) or finding
//! the links (that is [`Extractor::extract_bytes_with_links`](htmlsieve::Extractor)).

use std::collections::HashSet;
use url::Url;

use htmlsieve::Document;
use htmlsieve::Error;
use htmlsieve::PageLinks;

/// Default for `--max-pages`: the most pages joined into one document, the first included.
pub const DEFAULT_MAX_PAGES: usize = 10;

/// Which page of the article a request is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The single-page version of the article.
    Single(Url),
    /// Page `n` (2-based: the first page is 1) of the next-page chain.
    Next(usize, Url),
}

impl Step {
    pub fn url(&self) -> &Url {
        match self {
            Step::Single(u) | Step::Next(_, u) => u,
        }
    }

    /// The name part of the page's raw file under `--save-html` (`single`, `p2`, `p3`, ...).
    pub fn label(&self) -> String {
        match self {
            Step::Single(_) => "single".to_string(),
            Step::Next(n, _) => format!("p{n}"),
        }
    }
}

/// The state of one article while its pages are followed.
#[derive(Debug)]
pub struct Chain {
    doc: Document,
    /// The first page's URL after redirects: links must stay on its site.
    origin: Url,
    /// URLs whose text the document holds, in order.
    pages: Vec<String>,
    /// Every URL requested or reached (without fragment): a link back to one ends the chain.
    seen: HashSet<String>,
    /// The first page's next link, for when its single-page version fails.
    first_next: Option<String>,
    next: Option<Step>,
    max_pages: usize,
    /// Whether the site config named any link on the first page (else the document is unchanged).
    followed: bool,
    cut: Vec<String>,
}

impl Chain {
    /// Start from the first page: `requested` is the URL asked for, `page_url` where it ended after
    /// redirects (links were resolved against it), `doc` its document and `links` its page links.
    /// `max_pages` (at least 1) caps the pages joined, the first included.
    pub fn new(
        requested: &Url,
        page_url: &Url,
        doc: Document,
        links: PageLinks,
        max_pages: usize,
    ) -> Chain {
        let followed = links.single_page.is_some() || links.next_page.is_some();
        let mut chain = Chain {
            doc,
            origin: page_url.clone(),
            pages: vec![page_url.to_string()],
            seen: [key(requested), key(page_url)].into_iter().collect(),
            first_next: links.next_page,
            next: None,
            max_pages: max_pages.max(1),
            followed,
            cut: Vec::new(),
        };
        match links
            .single_page
            .and_then(|u| chain.link(&u, "single page"))
        {
            Some(url) => chain.next = Some(Step::Single(url)),
            None => {
                let next = chain.first_next.take();
                chain.plan_next(next);
            }
        }
        chain
    }

    /// The page to fetch next; `None` when the document is complete (or cut).
    pub fn next(&self) -> Option<&Step> {
        self.next.as_ref()
    }

    /// The page of `step` was fetched (ending at `url` after redirects) and cleaned.
    pub fn fetched(&mut self, step: Step, url: &Url, doc: Document, links: PageLinks) {
        self.next = None;
        match step {
            Step::Single(single) if doc.blocks.is_empty() => {
                // A print view that renders nothing without scripts is no better than the page.
                self.cut.push(format!(
                    "single page {single} has no text; kept the page itself"
                ));
                self.seen.insert(key(url));
                let next = self.first_next.take();
                self.plan_next(next);
            }
            Step::Single(_) => {
                // The single-page version is the whole article: it replaces the page and its
                // next-page chain. It keeps the first page's URL (the document is that URL's) and
                // its title when it has none.
                let first = std::mem::replace(&mut self.doc, doc);
                self.doc.metadata.url = first.metadata.url;
                if self.doc.title.is_none() {
                    self.doc.title = first.title;
                    self.doc.metadata.title = first.metadata.title;
                }
                self.seen.insert(key(url));
                self.pages = vec![url.to_string()];
            }
            Step::Next(..) => {
                // Redirected back to a page we have: a loop, the article is complete.
                if !self.seen.insert(key(url)) {
                    return;
                }
                self.pages.push(url.to_string());
                join(&mut self.doc, doc);
                self.plan_next(links.next_page);
            }
        }
    }

    /// The page of `step` failed with `error`.
    pub fn failed(&mut self, step: Step, error: &Error) {
        self.next = None;
        match step {
            Step::Single(url) => {
                self.cut.push(format!(
                    "single page {url} failed ({}); kept the page itself",
                    error.record()
                ));
                let next = self.first_next.take();
                self.plan_next(next);
            }
            Step::Next(n, url) => self
                .cut
                .push(format!("page {n} {url} failed ({})", error.record())),
        }
    }

    /// The document: the single-page version, or the pages joined in order.
    pub fn into_document(mut self) -> Document {
        if self.followed {
            self.doc.metadata.pages = self.pages;
            if !self.cut.is_empty() {
                self.doc.metadata.pages_cut = Some(self.cut.join("; "));
            }
        }
        self.doc
    }

    /// Plan the request for the next-page link `link`, or end the chain.
    fn plan_next(&mut self, link: Option<String>) {
        let Some(link) = link else { return };
        let Some(url) = self.link(&link, "next page") else {
            return;
        };
        if self.pages.len() >= self.max_pages {
            self.cut.push(format!(
                "stopped at --max-pages {}: {url} not fetched",
                self.max_pages
            ));
            return;
        }
        self.next = Some(Step::Next(self.pages.len() + 1, url));
    }

    /// A link worth fetching: an http(s) URL on the article's site that was not fetched yet. A link
    /// to another site is recorded as a cut; one already seen is a loop and ends quietly.
    fn link(&mut self, link: &str, what: &str) -> Option<Url> {
        let url = Url::parse(link).ok()?;
        if self.seen.contains(&key(&url)) {
            return None;
        }
        if !matches!(url.scheme(), "http" | "https") || !same_site(&self.origin, &url) {
            self.cut
                .push(format!("{what} {url} is on another site: not followed"));
            return None;
        }
        Some(url)
    }
}

/// A URL without its fragment, for loop detection (`#top` does not make another page).
fn key(url: &Url) -> String {
    let mut u = url.clone();
    u.set_fragment(None);
    u.into()
}

/// Whether two URLs are on one site: the same host but for a leading `www.`, or one host a
/// subdomain of the other (`example.com`, `www.example.com`, `m.example.com`). Sibling subdomains
/// are not: telling `a.example.co.uk` / `b.example.co.uk` from `a.github.io` / `b.github.io` needs
/// the public-suffix list.
pub fn same_site(a: &Url, b: &Url) -> bool {
    use url::Host;
    let (ha, hb) = match (a.host(), b.host()) {
        (Some(Host::Domain(x)), Some(Host::Domain(y))) => (x, y),
        // Addresses: only the same one.
        (Some(x), Some(y)) => return x == y,
        _ => return false,
    };
    let norm = |h: &str| {
        let h = h.trim_end_matches('.').to_ascii_lowercase();
        match h.strip_prefix("www.") {
            Some(rest) if rest.contains('.') => rest.to_string(),
            _ => h,
        }
    };
    let (ha, hb) = (norm(ha), norm(hb));
    let sub = |x: &str, y: &str| x.strip_suffix(y).is_some_and(|rest| rest.ends_with('.'));
    ha == hb || sub(&ha, &hb) || sub(&hb, &ha)
}

/// Append a later page's body to the document. A later page's leading blocks that repeat the
/// article's title (its heading on every page) and a block equal to the one before it (a seam
/// duplicate) are dropped; its removals are kept for `--explain`.
fn join(doc: &mut Document, page: Document) {
    let title = doc.title.clone();
    let mut leading = true;
    for b in page.blocks {
        if leading && title.as_deref() == Some(b.text.as_str()) {
            continue;
        }
        leading = false;
        if doc.blocks.last().is_some_and(|p| p.text == b.text) {
            continue;
        }
        doc.blocks.push(b);
    }
    doc.removals.extend(page.removals);
    // Node ids of one parse mean nothing next to another's.
    doc.trace = Default::default();
}

#[cfg(test)]
mod tests {
    use super::*;
    use htmlsieve::{Block, BlockKind};

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn doc(title: &str, paras: &[&str]) -> Document {
        Document {
            title: Some(title.to_string()),
            blocks: paras
                .iter()
                .map(|p| Block::new(BlockKind::Paragraph, *p))
                .collect(),
            ..Default::default()
        }
    }

    fn links(single: Option<&str>, next: Option<&str>) -> PageLinks {
        PageLinks {
            single_page: single.map(str::to_string),
            next_page: next.map(str::to_string),
        }
    }

    #[test]
    fn sites() {
        assert!(same_site(
            &u("http://example.com/a"),
            &u("https://www.example.com/b")
        ));
        assert!(same_site(
            &u("http://m.example.com/a"),
            &u("http://example.com/b")
        ));
        assert!(same_site(
            &u("http://www.example.com/"),
            &u("http://print.example.com/")
        ));
        assert!(!same_site(
            &u("http://a.example.com/"),
            &u("http://b.example.com/")
        ));
        assert!(!same_site(
            &u("http://example.com/"),
            &u("http://badexample.com/")
        ));
        assert!(!same_site(
            &u("http://example.com/"),
            &u("http://example.org/")
        ));
        assert!(same_site(
            &u("http://127.0.0.1:8080/a"),
            &u("http://127.0.0.1:9/b")
        ));
        assert!(!same_site(&u("http://[::1]/"), &u("http://127.0.0.1/")));
    }

    #[test]
    fn next_pages_join_in_order_and_stop_on_a_loop() {
        let p1 = u("http://example.com/a/1");
        let mut c = Chain::new(
            &p1,
            &p1,
            doc("T", &["one", "x"]),
            links(None, Some("http://example.com/a/2")),
            10,
        );
        let Some(Step::Next(2, u2)) = c.next().cloned() else {
            panic!("{c:?}")
        };
        c.fetched(
            Step::Next(2, u2.clone()),
            &u2,
            doc("T - page 2", &["T", "x", "two"]),
            links(None, Some("http://example.com/a/1#top")),
        );
        // The link back to page 1 ends the chain quietly.
        assert!(c.next().is_none());
        let d = c.into_document();
        assert_eq!(d.title.as_deref(), Some("T"));
        let texts: Vec<_> = d.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["one", "x", "two"]);
        assert_eq!(
            d.metadata.pages,
            ["http://example.com/a/1", "http://example.com/a/2"]
        );
        assert_eq!(d.metadata.pages_cut, None);
    }

    #[test]
    fn cap_failure_and_foreign_links_are_cuts() {
        let p1 = u("http://example.com/1");
        let mut c = Chain::new(&p1, &p1, doc("T", &["one"]), links(None, Some("/2")), 2);
        // A relative link is not a URL: the chain has nothing to follow (links come resolved).
        assert!(c.next().is_none());
        c = Chain::new(
            &p1,
            &p1,
            doc("T", &["one"]),
            links(None, Some("http://example.com/2")),
            2,
        );
        let step = c.next().cloned().unwrap();
        let u2 = step.url().clone();
        c.fetched(
            step,
            &u2,
            doc("T", &["two"]),
            links(None, Some("http://example.com/3")),
        );
        assert!(c.next().is_none());
        let d = c.into_document();
        assert!(d.metadata.pages_cut.unwrap().contains("--max-pages 2"));

        let mut c = Chain::new(
            &p1,
            &p1,
            doc("T", &["one"]),
            links(None, Some("http://example.com/2")),
            10,
        );
        let step = c.next().cloned().unwrap();
        c.failed(step, &Error::Fetch("HTTP 500".into()));
        let d = c.into_document();
        assert_eq!(d.metadata.pages, ["http://example.com/1"]);
        assert!(d
            .metadata
            .pages_cut
            .unwrap()
            .contains("page 2 http://example.com/2 failed"));

        let c = Chain::new(
            &p1,
            &p1,
            doc("T", &["one"]),
            links(None, Some("http://other.org/2")),
            10,
        );
        assert!(c.next().is_none());
        assert!(c
            .into_document()
            .metadata
            .pages_cut
            .unwrap()
            .contains("another site"));
    }

    #[test]
    fn single_page_replaces_and_falls_back() {
        let p1 = u("http://example.com/1");
        let l = links(Some("http://example.com/all"), Some("http://example.com/2"));
        let mut c = Chain::new(&p1, &p1, doc("T", &["one"]), l.clone(), 10);
        let step = c.next().cloned().unwrap();
        assert_eq!(step, Step::Single(u("http://example.com/all")));
        let mut all = doc("", &["one", "two"]);
        all.title = None;
        c.fetched(
            step,
            &u("http://example.com/all"),
            all,
            links(None, Some("http://example.com/x")),
        );
        // No next page after the single page.
        assert!(c.next().is_none());
        let d = c.into_document();
        assert_eq!(d.title.as_deref(), Some("T"));
        assert_eq!(d.blocks.len(), 2);
        assert_eq!(d.metadata.pages, ["http://example.com/all"]);

        let mut c = Chain::new(&p1, &p1, doc("T", &["one"]), l.clone(), 10);
        let step = c.next().cloned().unwrap();
        c.failed(step, &Error::Fetch("HTTP 404".into()));
        // Falls back to the page's own next link.
        assert_eq!(c.next().map(Step::url), Some(&u("http://example.com/2")));

        // A single page without text is no replacement either.
        let mut c = Chain::new(&p1, &p1, doc("T", &["one"]), l, 10);
        let step = c.next().cloned().unwrap();
        c.fetched(
            step,
            &u("http://example.com/all"),
            doc("T", &[]),
            PageLinks::default(),
        );
        assert_eq!(c.next().map(Step::url), Some(&u("http://example.com/2")));
        let d = c.into_document();
        assert_eq!(d.blocks.len(), 1);
        assert!(d.metadata.pages_cut.unwrap().contains("no text"));
    }

    #[test]
    fn no_links_leave_the_document_alone() {
        let p1 = u("http://example.com/1");
        let c = Chain::new(&p1, &p1, doc("T", &["one"]), PageLinks::default(), 10);
        assert!(c.next().is_none());
        assert_eq!(c.into_document(), doc("T", &["one"]));
    }
}
