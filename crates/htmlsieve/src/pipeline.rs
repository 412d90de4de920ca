//! The pipeline: one page through decode → parse → rules → extract → clean, with the limits
//! checked between stages. [`Extractor`] holds what is compiled once (rules, selectors); every
//! other stage is a function of its input.

use crate::clean;
use crate::config::Config;
use crate::decode;
use crate::document::{Document, Metadata};
use crate::error::{Error, Result};
use crate::output;
use crate::parse;
use crate::rules;
use crate::rules::{host_of, PageLinks, RuleSet, Site};

/// The stated date in ISO 8601, the raw value kept when it differs; a date that cannot be read
/// without guessing is left out of `date` and kept in `date_raw`.
fn normalise_date(md: &mut Metadata) {
    let Some(raw) = md.date.take() else { return };
    md.date = crate::extract::dates::normalise(&raw);
    if md.date.as_deref() != Some(raw.as_str()) {
        md.date_raw = Some(raw);
    }
}

/// The declared language as a primary subtag and a region; what is no language tag is dropped.
fn normalise_lang(md: &mut Metadata) {
    let Some(raw) = md.lang.take() else { return };
    if let Some((lang, region)) = crate::extract::lang::normalise(&raw) {
        md.lang = Some(lang);
        md.lang_region = region;
    }
}

/// Judge the finished document and record its content status (see `extract::status`).
fn set_status(doc: &mut Document, html: &str) {
    let (status, reason) = crate::extract::status::judge(doc, html);
    doc.metadata.content_status = Some(status.as_str().to_string());
    doc.metadata.status_reason = reason;
}

/// A configured extractor: rules and selectors compiled once, shared read-only by all workers.
#[derive(Debug)]
pub struct Extractor {
    config: Config,
    rules: RuleSet,
    /// The attributes the parse leaves out: those nothing reads, but any a rule names (`None`:
    /// a rule's selector could not be read back, so all are kept).
    attr_cut: Option<parse::depth::AttrCut>,
}

impl Extractor {
    /// Build an extractor, loading and compiling every rule the configuration names.
    pub fn new(config: Config) -> Result<Self> {
        let rules = rules::load(&config.rules)?;
        Ok(Self::with_rules(config, rules))
    }

    /// An extractor over rules already loaded (e.g. from `rule_files::from_text`); the
    /// configuration's rule sources are not read.
    pub fn with_rules(config: Config, rules: RuleSet) -> Self {
        let attr_cut = rules.attribute_names().map(parse::depth::AttrCut::keeping);
        Extractor {
            config,
            rules,
            attr_cut,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Run the whole pipeline on a page's bytes. `http_charset` is the charset of a `Content-Type`
    /// header, when the page was fetched.
    pub fn extract_bytes(
        &self,
        bytes: &[u8],
        url: Option<&str>,
        http_charset: Option<&str>,
    ) -> Result<Document> {
        self.extract_page(bytes, url, http_charset, false)
            .map(|(doc, _)| doc)
    }

    /// [`Extractor::extract_bytes`] plus the links the page's site config names
    /// ([`Extractor::page_links`]), found on the same parse (after `find_string`/`replace_string`).
    /// Used by `fetch` to follow multi-page articles.
    pub fn extract_bytes_with_links(
        &self,
        bytes: &[u8],
        url: &str,
        http_charset: Option<&str>,
    ) -> Result<(Document, PageLinks)> {
        self.extract_page(bytes, Some(url), http_charset, true)
    }

    fn extract_page(
        &self,
        bytes: &[u8],
        url: Option<&str>,
        http_charset: Option<&str>,
        links: bool,
    ) -> Result<(Document, PageLinks)> {
        if bytes.len() > self.config.limits.max_bytes {
            return Err(Error::Limit {
                limit: "input bytes",
                detail: format!("{} bytes > {}", bytes.len(), self.config.limits.max_bytes),
            });
        }
        let deadline = parse::deadline_from_now(&self.config.limits);
        let decoded = decode::decode(bytes, http_charset, url)?;
        let mut out = self.run(&decoded.text, url, deadline, false, links)?;
        out.doc.metadata.encoding = Some(decoded.encoding.name().to_string());
        out.doc.metadata.encoding_source = Some(decoded.source.as_str().to_string());
        Ok((out.doc, out.links))
    }

    /// Run the pipeline from already decoded text.
    pub fn extract_str(&self, text: &str, url: Option<&str>) -> Result<Document> {
        self.extract_str_until(text, url, parse::deadline_from_now(&self.config.limits))
    }

    /// The pipeline from decoded text, failing with a time `Limit` error past `deadline`.
    fn extract_str_until(
        &self,
        text: &str,
        url: Option<&str>,
        deadline: std::time::Instant,
    ) -> Result<Document> {
        self.run(text, url, deadline, false, false)
            .map(|out| out.doc)
    }

    /// The pipeline, with `report` the `--explain-html` report of the page, and with `links` the
    /// page links its site config names.
    fn run(
        &self,
        text: &str,
        url: Option<&str>,
        deadline: std::time::Instant,
        report: bool,
        links: bool,
    ) -> Result<RunOutput> {
        let limits = &self.config.limits;
        let mut host = host_of(url);
        // Site configs' find_string/replace_string work on the HTML text.
        let mut prepared = self.rules.community.prepare(host.as_deref(), text);
        let mut html = parse::parse_until(&prepared, limits, deadline, self.attr_cut.as_ref())?;
        // No URL given: the page's statement of its own URL selects site rules and becomes
        // metadata.url. The text is prepared again only when that host's configs rewrite it.
        let stated = match url {
            Some(_) => None,
            None => crate::extract::metadata::stated_url(&html, text),
        };
        let url = url.or(stated.as_ref().map(|(u, _)| u.as_str()));
        if stated.is_some() {
            host = host_of(url);
            let again = self.rules.community.prepare(host.as_deref(), text);
            // Borrowed both times: neither host's configs rewrote anything.
            let rewritten = |c: &std::borrow::Cow<'_, str>| matches!(c, std::borrow::Cow::Owned(_));
            if rewritten(&again) || rewritten(&prepared) {
                prepared = again;
                html = parse::parse_until(&prepared, limits, deadline, self.attr_cut.as_ref())?;
            }
        }
        let links = match (links, url) {
            (true, Some(u)) if self.has_page_links(host.as_deref()) => {
                self.links_in(&html, host.as_deref(), u)
            }
            _ => Default::default(),
        };
        let path = url
            .and_then(|u| url::Url::parse(u).ok())
            .map(|u| u[url::Position::BeforePath..url::Position::AfterQuery].to_string());
        let mut marks =
            rules::apply::apply_url(&self.rules, host.as_deref(), path.as_deref(), &html);
        marks.resolve(&html);
        parse::check_deadline(limits, deadline, "applying rules")?;
        let explain_config;
        let config = if report && !self.config.explain {
            explain_config = Config {
                explain: true,
                ..self.config.clone()
            };
            &explain_config
        } else {
            &self.config
        };
        let mut doc = crate::extract::extract(&html, &marks, &self.rules, config, url);
        doc.metadata.url_source = match (&stated, url) {
            (Some((_, source)), _) => Some(source.as_str().to_string()),
            (None, Some(_)) => Some("given".to_string()),
            (None, None) => None,
        };
        rules::fields::apply(&self.rules, host.as_deref(), &html, &mut doc);
        normalise_date(&mut doc.metadata);
        normalise_lang(&mut doc.metadata);
        parse::check_deadline(limits, deadline, "extracting")?;
        clean::clean(&mut doc, &self.rules, host.as_deref());
        parse::check_deadline(limits, deadline, "cleaning")?;
        set_status(&mut doc, text);
        let report = report.then(|| {
            let all = self.config.explain_all;
            output::explain_html::render(&html, &marks, &self.rules, &doc, url, all)
        });
        Ok(RunOutput { doc, report, links })
    }

    /// Run the pipeline on a page's bytes and also return a self-contained HTML report of the
    /// page with removed regions labelled with their reason and kept text highlighted
    /// (`--explain-html`).
    pub fn explain_html_bytes(
        &self,
        bytes: &[u8],
        url: Option<&str>,
    ) -> Result<(Document, String)> {
        let deadline = parse::deadline_from_now(&self.config.limits);
        let decoded = decode::decode(bytes, None, url)?;
        let RunOutput {
            mut doc, report, ..
        } = self.run(&decoded.text, url, deadline, true, false)?;
        doc.metadata.encoding = Some(decoded.encoding.name().to_string());
        doc.metadata.encoding_source = Some(decoded.source.as_str().to_string());
        Ok((doc, report.unwrap_or_default()))
    }

    /// The links the page's site config names (`single_page_link`, `next_page_link`), resolved
    /// against `url`; empty when no site config of the host names any. Used by `fetch`.
    pub fn page_links(&self, text: &str, url: &str) -> PageLinks {
        let host = host_of(Some(url));
        if !self.has_page_links(host.as_deref()) {
            return Default::default();
        }
        let Ok(html) = parse::parse(text, &self.config.limits) else {
            return Default::default();
        };
        self.links_in(&html, host.as_deref(), url)
    }

    /// The site configs that apply to `host`: its own, then `global.txt` (merged into every
    /// site's, as in FiveFilters).
    fn page_link_sites(&self, host: Option<&str>) -> impl Iterator<Item = &Site> {
        let c = &self.rules.community;
        host.and_then(|h| c.site(h))
            .into_iter()
            .chain(c.global.as_ref())
    }

    /// Whether a site config of `host` names page links at all.
    fn has_page_links(&self, host: Option<&str>) -> bool {
        self.page_link_sites(host)
            .any(|s| !s.single_page_link.is_empty() || !s.next_page_link.is_empty())
    }

    /// The page links of a parsed page, resolved against `url`: the first match of the site's
    /// own expressions, else of `global.txt`'s.
    fn links_in(&self, html: &scraper::Html, host: Option<&str>, url: &str) -> PageLinks {
        use rules::find_link;
        let base = url::Url::parse(url).ok();
        let mut links = PageLinks::default();
        for site in self.page_link_sites(host) {
            if links.single_page.is_none() {
                links.single_page = find_link(html, &site.single_page_link, base.as_ref());
            }
            if links.next_page.is_none() {
                links.next_page = find_link(html, &site.next_page_link, base.as_ref());
            }
        }
        links
    }

    /// Clean a plain-text document (`--text`): decode, then the text stage only.
    pub fn clean_text_bytes(&self, bytes: &[u8], url: Option<&str>) -> Result<Document> {
        let decoded = decode::decode(bytes, None, url)?;
        let host = host_of(url);
        let mut doc = clean::clean_text(&decoded.text, &self.rules, host.as_deref());
        doc.metadata.url = url.map(str::to_string);
        doc.metadata.title = doc.title.clone();
        doc.metadata.encoding = Some(decoded.encoding.name().to_string());
        doc.metadata.encoding_source = Some(decoded.source.as_str().to_string());
        set_status(&mut doc, "");
        Ok(doc)
    }
}

/// What one pipeline run produced.
struct RunOutput {
    doc: Document,
    /// The `--explain-html` report, when asked for.
    report: Option<String>,
    links: PageLinks,
}

/// One-shot extraction with the default configuration (compiles the rules each call: build an
/// [`Extractor`] to process many pages).
pub fn extract(html: &str) -> Result<Document> {
    Extractor::new(Config::default())?.extract_str(html, None)
}
