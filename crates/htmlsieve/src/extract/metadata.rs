//! Metadata: title, author, date, site name, language, description and canonical URL from meta
//! tags, OpenGraph, JSON-LD and the document itself.

use scraper::node::Node;
use scraper::{ElementRef, Html};

use super::byline;
use crate::document::Metadata;

fn clean(s: &str) -> Option<String> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

/// Remove a " | Site" / " - Site" / " — Site" suffix (or prefix) from a title.
pub fn strip_site_suffix(title: &str, sitename: Option<&str>) -> String {
    let t = title.trim();
    // "Headline [LWN.net]": a bracketed tail that is the site name or a host name is not headline.
    if let Some((head, tail)) = t.strip_suffix(']').and_then(|r| r.rsplit_once(" [")) {
        let (head, tail) = (head.trim(), tail.trim());
        let is_site = sitename.is_some_and(|s| s.eq_ignore_ascii_case(tail))
            || (tail.contains('.') && !tail.contains(' ') && tail.chars().any(char::is_alphabetic));
        if is_site && !head.is_empty() {
            return strip_site_suffix(head, sitename);
        }
    }
    if let Some(site) = sitename.filter(|s| !s.is_empty()) {
        // ("Site: Headline" only as a prefix and with a known site name: a colon inside a
        // headline is common.)
        for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " » ", ": "] {
            let suffix = (sep != ": ")
                .then(|| t.strip_suffix(site).and_then(|r| r.strip_suffix(sep)))
                .flatten();
            let prefix = || t.strip_prefix(site).and_then(|r| r.strip_prefix(sep));
            if let Some(rest) = suffix.or_else(prefix).map(str::trim) {
                if !rest.is_empty() {
                    return rest.to_string();
                }
            }
        }
    }
    // Without a known site name: cut the last " | x" part when it is short (a site name). A pipe-like
    // separator is almost never part of a headline, so a short head is fine there; a dash can be
    // ("A - B"), so the head must look like a headline.
    for sep in [" | ", " – ", " — ", " - ", " :: ", " · ", " » ", "｜"] {
        if let Some(pos) = t.rfind(sep) {
            let (head, tail) = (&t[..pos], t[pos + sep.len()..].trim());
            let pipe_like = matches!(sep, " | " | " :: " | " » " | "｜");
            let min_head = if pipe_like { 1 } else { 3 };
            if tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= min_head {
                return head.trim().to_string();
            }
        }
    }
    t.to_string()
}

/// Separators between a headline and a site name in `<title>`.
const TITLE_SEPARATORS: [&str; 10] = [
    " | ", " - ", " – ", " — ", " :: ", " · ", " » ", " : ", "｜", "：",
];

/// The page title given its raw title and the first `<h1>`: the h1 when the raw title is the h1 plus
/// a site part ("Headline — Site documentation"), the raw title unchanged when it is the h1 itself,
/// else the raw title without a site suffix.
pub fn choose_title(raw: &str, h1: Option<&str>, sitename: Option<&str>) -> String {
    let t = raw.trim();
    if let Some(h) = h1.map(str::trim).filter(|h| !h.is_empty()) {
        if t == h {
            return t.to_string();
        }
        for sep in TITLE_SEPARATORS {
            let prefix = t.strip_prefix(h).is_some_and(|r| r.starts_with(sep));
            let suffix = t.strip_suffix(h).is_some_and(|r| r.ends_with(sep));
            if prefix || suffix {
                return h.to_string();
            }
        }
    }
    strip_site_suffix(t, sitename)
}

fn json_str(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => clean(s),
        serde_json::Value::Object(o) => o.get("name").and_then(json_str),
        serde_json::Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(json_str).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

/// JSON-LD nodes by their `@id`, so that a reference (`"author": {"@id": "…#person"}`, as SEO
/// plugins write a `@graph`) reads as the node it names.
type JsonIds<'v> = rustc_hash::FxHashMap<&'v str, &'v serde_json::Value>;

fn index_ids<'v>(v: &'v serde_json::Value, ids: &mut JsonIds<'v>, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        serde_json::Value::Array(a) => a.iter().for_each(|x| index_ids(x, ids, depth + 1)),
        serde_json::Value::Object(o) => {
            if let (Some(id), true) = (o.get("@id").and_then(|i| i.as_str()), o.len() > 1) {
                ids.entry(id).or_insert(v);
            }
            o.values().for_each(|x| index_ids(x, ids, depth + 1));
        }
        _ => {}
    }
}

/// A JSON-LD value with references to other nodes replaced by those nodes (one level).
fn resolved<'v>(
    v: &'v serde_json::Value,
    ids: &JsonIds<'v>,
) -> std::borrow::Cow<'v, serde_json::Value> {
    let lookup = |x: &'v serde_json::Value| -> Option<&'v serde_json::Value> {
        let o = x.as_object()?;
        if o.contains_key("name") {
            return None;
        }
        ids.get(o.get("@id")?.as_str()?).copied()
    };
    match v {
        serde_json::Value::Array(a) if a.iter().any(|x| lookup(x).is_some()) => {
            std::borrow::Cow::Owned(serde_json::Value::Array(
                a.iter().map(|x| lookup(x).unwrap_or(x).clone()).collect(),
            ))
        }
        _ => std::borrow::Cow::Borrowed(lookup(v).unwrap_or(v)),
    }
}

/// Walk JSON-LD (objects, arrays, `@graph`) for article-like fields.
fn from_jsonld(
    v: &serde_json::Value,
    md: &mut Metadata,
    descriptions: &mut Vec<String>,
    ids: &JsonIds<'_>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    match v {
        serde_json::Value::Array(a) => a
            .iter()
            .for_each(|x| from_jsonld(x, md, descriptions, ids, depth + 1)),
        serde_json::Value::Object(o) => {
            if let Some(g) = o.get("@graph") {
                from_jsonld(g, md, descriptions, ids, depth + 1);
            }
            let ty = o.get("@type").map(|t| t.to_string()).unwrap_or_default();
            let articleish = [
                "Article", "Posting", "Report", "WebPage", "Blog", "Recipe", "Review",
            ]
            .iter()
            .any(|k| ty.contains(k));
            if articleish {
                if md.title.is_none() {
                    md.title = o
                        .get("headline")
                        .or_else(|| o.get("name"))
                        .and_then(json_str);
                }
                if md.author.is_none() {
                    md.author = o
                        .get("author")
                        .and_then(|a| json_str(&resolved(a, ids)))
                        .filter(|a| !byline::is_placeholder(a));
                }
                if md.date.is_none() {
                    md.date = o
                        .get("datePublished")
                        .or_else(|| o.get("dateCreated"))
                        .and_then(json_str);
                }
                if let Some(d) = o.get("description").and_then(json_str) {
                    descriptions.push(d);
                }
            }
            if md.sitename.is_none() && ty.contains("WebSite") {
                md.sitename = o.get("name").and_then(json_str);
            }
            if md.sitename.is_none() && articleish {
                md.sitename = o.get("publisher").and_then(|p| json_str(&resolved(p, ids)));
            }
        }
        _ => {}
    }
}

/// Whether attribute `name` of `e` equals `value`, as a CSS `[name=value]` selector would match
/// (ASCII case-insensitively on HTML elements for the attributes HTML lists, such as `rel` and
/// `type`).
fn attr_is(e: &scraper::node::Element, name: &str, value: &str) -> bool {
    e.attr(name).is_some_and(|v| {
        if &*e.name.ns == "http://www.w3.org/1999/xhtml" {
            v.eq_ignore_ascii_case(value)
        } else {
            v == value
        }
    })
}

/// One `<meta>` element's contribution.
fn read_meta(
    e: &scraper::node::Element,
    md: &mut Metadata,
    og_title: &mut Option<String>,
    meta_title: &mut Option<String>,
    descriptions: &mut Vec<String>,
    twitter_pairs: &mut Vec<(String, String)>,
) {
    let key = e
        .attr("property")
        .or_else(|| e.attr("name"))
        .or_else(|| e.attr("itemprop"));
    let (Some(key), Some(content)) = (key, e.attr("content")) else {
        return;
    };
    let key = key.to_ascii_lowercase();
    let set = |slot: &mut Option<String>| {
        if slot.is_none() {
            *slot = clean(content);
        }
    };
    match key.as_str() {
        "og:title" => set(og_title),
        "twitter:title" | "dc.title" | "headline" => set(meta_title),
        // A template's placeholder ("Name") is passed over: a later tag may name the author.
        "author" | "article:author" | "dc.creator" | "byl" | "sailthru.author"
        | "parsely-author"
            if !content.starts_with("http") && !byline::is_placeholder(content) =>
        {
            set(&mut md.author)
        }
        "article:published_time"
        | "date"
        | "dc.date"
        | "dc.date.issued"
        | "pubdate"
        | "publishdate"
        | "datepublished"
        | "sailthru.date"
        | "parsely-pub-date"
        | "og:published_time" => set(&mut md.date),
        "og:site_name" | "application-name" => set(&mut md.sitename),
        "description" | "og:description" | "twitter:description" => {
            descriptions.extend(clean(content))
        }
        "og:locale" | "language" | "content-language" => set(&mut md.lang),
        // Twitter card label/data pairs (SEO plugins write them): `twitter:label1` "Written by", `twitter:data1` the name.
        k if k.starts_with("twitter:label") || k.starts_with("twitter:data") => {
            if let Some(v) = clean(content) {
                twitter_pairs.push((k.to_string(), v));
            }
        }
        _ => {}
    }
}

/// The name a `twitter:labelN` "Written by" / "Author" pairs with its `twitter:dataN`.
fn twitter_author(pairs: &[(String, String)]) -> Option<String> {
    pairs.iter().find_map(|(k, v)| {
        let n = k.strip_prefix("twitter:label")?;
        let label = v.trim_end_matches(':').to_lowercase();
        if !matches!(label.as_str(), "written by" | "author" | "by") {
            return None;
        }
        let data = format!("twitter:data{n}");
        pairs
            .iter()
            .find(|(k2, _)| *k2 == data)
            .map(|(_, d)| d.clone())
            .filter(|d| !byline::is_placeholder(d))
    })
}

/// Read the page's metadata. `url` is the page's known URL, if any.
///
/// One pass over the nodes (in the order `Html::select` visits them) collects every source;
/// precedence between sources is applied afterwards.
pub fn extract(html: &Html, url: Option<&str>) -> Metadata {
    let mut md = Metadata {
        url: url.map(str::to_string),
        ..Default::default()
    };
    let mut og_title = None;
    let mut meta_title = None;
    let mut jsonld: Vec<ElementRef<'_>> = Vec::new();
    let mut descriptions: Vec<String> = Vec::new();
    let mut twitter_pairs: Vec<(String, String)> = Vec::new();
    let mut html_lang: Option<Option<String>> = None;
    let mut canonical: Option<Option<String>> = None;
    let mut title_el: Option<ElementRef<'_>> = None;
    let mut h1_els: Vec<ElementRef<'_>> = Vec::new();
    let mut bylines = byline::Candidates::default();
    let mut datelines = Datelines::default();
    for node in html.tree.nodes() {
        let e = match node.value() {
            Node::Element(e) => e,
            Node::Text(t) => {
                let list = if h1_els.is_empty() {
                    &mut bylines.text_before_h1
                } else {
                    &mut bylines.text_after_h1
                };
                if list.len() < byline::MAX_CANDIDATES && byline::is_byline_text(t) {
                    list.push(node);
                }
                continue;
            }
            _ => continue,
        };
        match e.name() {
            "meta" => read_meta(
                e,
                &mut md,
                &mut og_title,
                &mut meta_title,
                &mut descriptions,
                &mut twitter_pairs,
            ),
            "script" if attr_is(e, "type", "application/ld+json") => {
                jsonld.extend(ElementRef::wrap(node));
            }
            "html" if html_lang.is_none() => html_lang = Some(e.attr("lang").and_then(clean)),
            "link" if canonical.is_none() && attr_is(e, "rel", "canonical") => {
                canonical = Some(e.attr("href").and_then(clean));
            }
            "title" if title_el.is_none() => title_el = ElementRef::wrap(node),
            "h1" if h1_els.len() < MAX_HEADLINE_CANDIDATES => h1_els.extend(ElementRef::wrap(node)),
            "link" | "script" | "style" | "head" | "html" | "body" => {}
            _ => {
                collect_byline(node, e, &mut bylines);
                collect_dateline(node, e, &mut datelines);
            }
        }
    }
    let jsonld: Vec<serde_json::Value> = jsonld
        .iter()
        .filter_map(|s| super::jsonld::parse(&s.text().collect::<String>()))
        .collect();
    let mut ids = rustc_hash::FxHashMap::default();
    for v in &jsonld {
        index_ids(v, &mut ids, 0);
    }
    for v in &jsonld {
        from_jsonld(v, &mut md, &mut descriptions, &ids, 0);
    }
    md.description = best_description(descriptions);
    if md.date.is_none() {
        md.date = dateline(&datelines);
    }
    if md.author.as_deref().is_some_and(byline::is_placeholder) {
        md.author = None;
    }
    if md.author.is_none() {
        md.author = twitter_author(&twitter_pairs);
    }
    if md.author.is_none() {
        md.author = byline::author(&bylines, md.sitename.as_deref());
    }
    if let Some(lang) = html_lang.flatten() {
        md.lang = Some(lang);
    }
    md.canonical = canonical.flatten();
    let title_tag = title_el
        .map(|t| t.text().collect::<String>())
        .and_then(|t| clean(&t));
    let h1s: Vec<String> = h1_els.iter().filter_map(|h| heading_text(*h)).collect();
    let stated: Vec<&str> = [&og_title, &md.title, &meta_title, &title_tag]
        .into_iter()
        .filter_map(|t| t.as_deref())
        .collect();
    let headline = pick_headline(&h1s, &stated, title_tag.as_deref(), md.sitename.as_deref())
        .map(str::to_string);
    let raw = og_title
        .or(md.title.take())
        .or(meta_title)
        .or(title_tag)
        .or_else(|| h1s.first().cloned());
    md.title = headline.or_else(|| {
        raw.map(|t| choose_title(&t, h1s.first().map(String::as_str), md.sitename.as_deref()))
    });
    if md.date.is_none() {
        // The headline element: the h1 the title came from, else the first.
        let head = h1_els
            .iter()
            .find(|h| heading_text(**h).is_some_and(|t| md.title.as_deref() == Some(t.as_str())))
            .or(h1_els.first());
        md.date = head.and_then(|h| headline_date(*h));
    }
    md
}

/// Ancestors of the headline searched for a date line: its header block and the one around it.
const HEADLINE_DATE_LEVELS: usize = 3;
/// Nodes of a headline's surroundings read at most (a headline directly under `<body>` would
/// otherwise mean reading the page).
const HEADLINE_DATE_NODES: usize = 400;
/// A date line is a date and a few words ("Published on", a weekday and time, an author's name).
const DATE_LINE_MAX_WORDS: usize = 8;

/// A date written as a line of its own beside the headline ("December 15, 2025" under the `<h1>`),
/// for pages that state it nowhere else: the nearest such text within a few levels of the headline,
/// outside comments and reviews.
fn headline_date(h1: ElementRef<'_>) -> Option<String> {
    for anc in h1.ancestors().take(HEADLINE_DATE_LEVELS) {
        let mut date = None;
        for node in anc.descendants().take(HEADLINE_DATE_NODES) {
            let Node::Text(t) = node.value() else {
                continue;
            };
            let t = t.trim();
            if t.is_empty()
                || t.split_whitespace().count() > DATE_LINE_MAX_WORDS
                // The day it was changed is not the page's date (as for the markup's dates).
                || t.to_ascii_lowercase().contains("updated")
                || node.ancestors().any(|a| a.id() == h1.id())
            {
                continue;
            }
            let Some(d) = super::dates::find_in_text(t) else {
                continue;
            };
            if node
                .parent()
                .and_then(ElementRef::wrap)
                .is_some_and(byline::in_reply)
            {
                continue;
            }
            date = Some(d);
            break;
        }
        if date.is_some() {
            return date;
        }
    }
    None
}

/// The page's description from its stated ones (`description`, `og:description`,
/// `twitter:description`, JSON-LD): the longest complete one. Sites shorten one of them to fit a
/// card ("… the first fifteen words…"); one cut off with an ellipsis is taken only when all are.
fn best_description(candidates: Vec<String>) -> Option<String> {
    let cut = |d: &str| d.ends_with('…') || d.ends_with("...");
    // The first stated of the longest, so equal copies keep the page's order of precedence.
    let longest = |complete_only: bool| {
        let mut best: Option<&String> = None;
        for d in candidates.iter().filter(|d| !(complete_only && cut(d))) {
            if best.is_none_or(|b| d.chars().count() > b.chars().count()) {
                best = Some(d);
            }
        }
        best.cloned()
    };
    longest(true).or_else(|| longest(false))
}

/// Elements that may show the page's date, in document order, strongest kind first.
#[derive(Default)]
struct Datelines<'a> {
    /// `itemprop="datePublished"` / `"dateCreated"` outside `<meta>`.
    itemprop: Vec<ElementRef<'a>>,
    /// `<time>`.
    time: Vec<ElementRef<'a>>,
    /// Elements whose class names a date ("entry-date", "post-date", "published").
    class: Vec<ElementRef<'a>>,
}

/// Date candidates of each kind read at most (the first are the article's, later ones teasers').
const MAX_DATELINES: usize = 8;

fn collect_dateline<'a>(
    node: ego_tree::NodeRef<'a, Node>,
    e: &scraper::node::Element,
    c: &mut Datelines<'a>,
) {
    let push = |v: &mut Vec<ElementRef<'a>>| {
        if v.len() < MAX_DATELINES {
            v.extend(ElementRef::wrap(node));
        }
    };
    if e.attr("itemprop")
        .is_some_and(|p| matches!(p.trim(), "datePublished" | "dateCreated"))
    {
        push(&mut c.itemprop);
    } else if e.name() == "time" {
        push(&mut c.time);
    } else if e.attr("class").is_some_and(|k| {
        let k = k.to_ascii_lowercase();
        ["date", "published", "posted", "timestamp"]
            .iter()
            .any(|w| k.contains(w))
            && !k.contains("update")
    }) {
        push(&mut c.class);
    }
}

/// The first date the page shows, when no meta tag or JSON-LD states one: a machine-readable
/// attribute (`datetime`, `content`, `title`) where there is one, else a date written in the
/// element's text. Dates of comments and reviews are not the page's.
fn dateline(c: &Datelines<'_>) -> Option<String> {
    [&c.itemprop, &c.time, &c.class]
        .into_iter()
        .flat_map(|v| v.iter())
        .filter(|e| !byline::in_reply(**e))
        .find_map(|e| {
            let v = e.value();
            ["datetime", "content", "title"]
                .iter()
                .filter_map(|a| v.attr(a))
                .find(|raw| super::dates::normalise(raw).is_some())
                .map(str::to_string)
                .or_else(|| super::dates::find_in_text(&e.text().collect::<String>()))
        })
}

/// Record `node` as an author candidate if its markup says it holds an author's name.
fn collect_byline<'a>(
    node: ego_tree::NodeRef<'a, Node>,
    e: &scraper::node::Element,
    c: &mut byline::Candidates<'a>,
) {
    let push = |v: &mut Vec<ElementRef<'a>>| {
        if v.len() < byline::MAX_CANDIDATES {
            v.extend(ElementRef::wrap(node));
        }
    };
    if e.attr("itemprop")
        .is_some_and(|p| p.split_whitespace().any(|w| w == "author"))
    {
        push(&mut c.itemprop);
    } else if e.name() == "a"
        && e.attr("rel").is_some_and(|r| {
            r.split_whitespace()
                .any(|w| w.eq_ignore_ascii_case("author"))
        })
    {
        push(&mut c.rel);
    } else if e.attr("class").is_some_and(byline::is_byline_class) {
        push(&mut c.class);
    }
}

/// `<h1>` elements read as headline candidates; a page has one or two, a few dozen only when
/// every teaser is one.
const MAX_HEADLINE_CANDIDATES: usize = 16;

/// Share of a heading's words that the stated titles (OpenGraph, JSON-LD, `<title>`) must contain
/// for the heading to be the headline. Low on purpose: the visible headline is often a longer or
/// reworded form of the stated title ("7 Tips" vs "7 Vital Tips for…"); an unrelated `<h1>` (a
/// logo, a section name, a teaser) shares almost none of its words.
const HEADLINE_AGREEMENT: f64 = 0.3;

/// A heading's text, without permalink marks.
fn heading_text(h: ElementRef<'_>) -> Option<String> {
    // A headline set on two lines (`Split<br>headline`) is one line of words.
    let mut raw = String::new();
    for d in h.descendants() {
        match d.value() {
            Node::Text(t) => raw.push_str(t),
            Node::Element(e) if e.name() == "br" => raw.push(' '),
            _ => {}
        }
    }
    let t = clean(&raw)?;
    clean(t.trim_end_matches(|c: char| {
        crate::clean::PERMALINK_MARKS.contains(&c) || c.is_whitespace()
    }))
}

/// Lower-cased words by Unicode word boundaries (so CJK text is one word a character).
fn words(s: &str) -> rustc_hash::FxHashSet<String> {
    unicode_segmentation::UnicodeSegmentation::unicode_words(s)
        .map(str::to_lowercase)
        .collect()
}

/// The page's visible headline: of the `<h1>` elements, the one whose words the stated titles
/// share most (at least [`HEADLINE_AGREEMENT`]), first in document order on a tie. A heading that
/// is only the site's name (the site name, or the site part of `<title>`) is a logo, not a headline.
fn pick_headline<'a>(
    h1s: &'a [String],
    stated: &[&str],
    title_tag: Option<&str>,
    sitename: Option<&str>,
) -> Option<&'a str> {
    if stated.is_empty() {
        return None;
    }
    let site_part = title_tag.and_then(|t| {
        let head = strip_site_suffix(t, sitename);
        (head != t.trim()).then(|| {
            t.trim()
                .replacen(&head, "", 1)
                .trim_matches(|c: char| c.is_whitespace() || "|-–—:·»｜：".contains(c))
                .to_lowercase()
        })
    });
    let is_site = |h: &str| {
        let h = h.to_lowercase();
        sitename.is_some_and(|s| s.to_lowercase() == h) || site_part.as_deref() == Some(h.as_str())
    };
    let known: rustc_hash::FxHashSet<String> = stated.iter().flat_map(|t| words(t)).collect();
    let mut best: Option<(&str, f64)> = None;
    for h in h1s.iter().filter(|h| !is_site(h)) {
        let hw = words(h);
        if hw.is_empty() {
            continue;
        }
        let share = hw.iter().filter(|w| known.contains(*w)).count() as f64 / hw.len() as f64;
        if share >= HEADLINE_AGREEMENT && best.is_none_or(|(_, b)| share > b) {
            best = Some((h, share));
        }
    }
    best.map(|(h, _)| h)
}

/// Where a page's URL came from when the caller gave none: the URL the page states about itself.
/// Site rules, site configs and `metadata.url` need a URL; a saved page usually names its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlSource {
    /// The "saved from url=(NNNN)…" comment browsers write into a saved page.
    SavedFrom,
    /// `<link rel="canonical">`.
    Canonical,
    /// `<meta property="og:url">`.
    OgUrl,
    /// `<base href>`.
    Base,
}

impl UrlSource {
    pub fn as_str(self) -> &'static str {
        match self {
            UrlSource::SavedFrom => "saved-from",
            UrlSource::Canonical => "canonical",
            UrlSource::OgUrl => "og:url",
            UrlSource::Base => "base",
        }
    }
}

/// How far into the text a "saved from" comment is looked for: browsers put it before or just
/// after the doctype.
const SAVED_FROM_WINDOW: usize = 4096;

/// The absolute http(s) URL a page states for itself, and which statement gave it. The browser's
/// "saved from" note wins (it records where the bytes came from), then the canonical link, then
/// `og:url`, then `<base href>`. Only the head is read.
pub fn stated_url(html: &Html, text: &str) -> Option<(String, UrlSource)> {
    let mut end = text.len().min(SAVED_FROM_WINDOW);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    if let Some(at) = head.find("saved from url=(") {
        let rest = &head[at + "saved from url=(".len()..];
        // The count in parentheses is the URL's length, as four digits.
        if let Some(close) = rest.find(')') {
            let url = rest[close + 1..]
                .split(char::is_whitespace)
                .next()
                .unwrap_or("")
                .trim_end_matches("-->");
            if let Some(u) = absolute_http(url) {
                return Some((u, UrlSource::SavedFrom));
            }
        }
    }
    let head_el = html
        .root_element()
        .children()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "head")?;
    let (mut canonical, mut og, mut base) = (None, None, None);
    for node in head_el.descendants() {
        let Node::Element(e) = node.value() else {
            continue;
        };
        match e.name() {
            "link" if canonical.is_none() && attr_is(e, "rel", "canonical") => {
                canonical = e.attr("href").and_then(absolute_http);
            }
            "meta" if og.is_none() && attr_is(e, "property", "og:url") => {
                og = e.attr("content").and_then(absolute_http);
            }
            "base" if base.is_none() => base = e.attr("href").and_then(absolute_http),
            _ => {}
        }
    }
    canonical
        .map(|u| (u, UrlSource::Canonical))
        .or(og.map(|u| (u, UrlSource::OgUrl)))
        .or(base.map(|u| (u, UrlSource::Base)))
}

fn absolute_http(s: &str) -> Option<String> {
    let u = url::Url::parse(s.trim()).ok()?;
    (matches!(u.scheme(), "http" | "https") && u.host_str().is_some()).then(|| u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn description_is_the_longest_complete_one() {
        let page = |head: &str| {
            extract(
                &Html::parse_document(&format!("<html><head>{head}</head><body></body></html>")),
                None,
            )
            .description
        };
        // A card's shortened copy loses to the full text, wherever each is stated.
        let d = page(
            r#"<meta name="description" content="Short one.">
               <meta property="og:description" content="The whole standfirst, with every word of it.">
               <script type="application/ld+json">{"@type":"NewsArticle","description":"The whole standfirst, with every…"}</script>"#,
        );
        assert_eq!(
            d.as_deref(),
            Some("The whole standfirst, with every word of it.")
        );
        let d = page(
            r#"<meta name="description" content="Short one.">
               <script type="application/ld+json">{"@type":"Article","description":"A longer description from the structured data."}</script>"#,
        );
        assert_eq!(
            d.as_deref(),
            Some("A longer description from the structured data.")
        );
        // All cut off: the longest still says the most.
        let d = page(
            r#"<meta name="description" content="Cut...">
               <meta property="og:description" content="Cut a bit later…">"#,
        );
        assert_eq!(d.as_deref(), Some("Cut a bit later…"));
        assert_eq!(page("<title>x</title>"), None);
    }

    #[test]
    fn suffix_removed() {
        assert_eq!(
            strip_site_suffix("Big news today | The Daily", Some("The Daily")),
            "Big news today"
        );
        assert_eq!(
            strip_site_suffix("Big news today here - Example", None),
            "Big news today here"
        );
        assert_eq!(strip_site_suffix("A - B", None), "A - B");
        assert_eq!(
            strip_site_suffix("Sign in | Parcel Tracker", None),
            "Sign in"
        );
    }

    #[test]
    fn site_name_in_brackets_or_before_a_colon_is_cut() {
        assert_eq!(
            strip_site_suffix("The kernel's new scheduler [LWN.net]", None),
            "The kernel's new scheduler"
        );
        assert_eq!(
            strip_site_suffix("Daring Fireball: Colophon", Some("Daring Fireball")),
            "Colophon"
        );
        // A bracket that is part of the headline, and a colon without a known site, stay.
        assert_eq!(
            strip_site_suffix("Ten tips [video]", None),
            "Ten tips [video]"
        );
        assert_eq!(
            strip_site_suffix("Rust: a language for systems", None),
            "Rust: a language for systems"
        );
    }

    #[test]
    fn a_headline_on_two_lines_is_one_title_line() {
        let html = Html::parse_document(
            "<html><head><title>Split headline here | Site</title></head>\
             <body><h1>Split<br>headline here</h1></body></html>",
        );
        assert_eq!(
            extract(&html, None).title.as_deref(),
            Some("Split headline here")
        );
    }

    #[test]
    fn title_follows_h1() {
        let long = "Configuring retries — Pebble HTTP client 2.4 documentation";
        assert_eq!(
            choose_title(long, Some("Configuring retries"), None),
            "Configuring retries"
        );
        // A headline that itself contains a dash is kept whole when the h1 says so.
        assert_eq!(
            choose_title("Daypack – Moss Green", Some("Daypack – Moss Green"), None),
            "Daypack – Moss Green"
        );
        assert_eq!(
            choose_title(
                "Site name | Big headline here",
                Some("Big headline here"),
                None
            ),
            "Big headline here"
        );
        assert_eq!(
            choose_title("Big news today | The Daily", None, None),
            "Big news today"
        );
        // CJK titles use full-width separators and no spaces between words.
        assert_eq!(
            choose_title(
                "高尾山の裏道を歩く｜やまのうた",
                Some("高尾山の裏道を歩く"),
                None
            ),
            "高尾山の裏道を歩く"
        );
        assert_eq!(
            strip_site_suffix("高尾山の裏道を歩く ｜ やまのうた", None),
            "高尾山の裏道を歩く"
        );
    }

    fn md(html: &str) -> Metadata {
        extract(&Html::parse_document(html), None)
    }

    #[test]
    fn headline_is_the_h1_the_stated_title_agrees_with() {
        // The first h1 is the site's logo; the second is the article's, reworded from <title>.
        let m = md(r#"<title>7 Tips to Rent a Car | Road Blog</title>
            <body><h1>Road Blog</h1><h1>Seven Vital Tips to Rent a Car</h1></body>"#);
        assert_eq!(m.title.as_deref(), Some("Seven Vital Tips to Rent a Car"));
        // Permalink marks of documentation themes are not part of the heading.
        let m = md(r#"<title>Logging HOWTO — Python 3 documentation</title>
            <body><h1>Logging HOWTO<a class="headerlink">¶</a></h1></body>"#);
        assert_eq!(m.title.as_deref(), Some("Logging HOWTO"));
        // An h1 that shares nothing with the stated title is not the headline.
        let m = md(r#"<title>Quarterly results are in | Example Corp</title>
            <body><h1>Menu</h1></body>"#);
        assert_eq!(m.title.as_deref(), Some("Quarterly results are in"));
    }

    #[test]
    fn cdata_wrapped_jsonld_is_read() {
        let m = md(r#"<script type="application/ld+json">//<![CDATA[
            {"@type":"NewsArticle","author":{"name":"Ana Ruiz"},"datePublished":"2024-03-05"}
            //]]></script><body><p>x</p></body>"#);
        assert_eq!(m.author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(m.date.as_deref(), Some("2024-03-05"));
        let m = md(
            r#"<script type="application/ld+json"><![CDATA[{"@type":"Article","author":"Bo Li"}]]></script>"#,
        );
        assert_eq!(m.author.as_deref(), Some("Bo Li"));
    }

    #[test]
    fn author_from_markup() {
        let cases = [
            // Microdata: the name part, not the whole element.
            (
                r#"<span itemprop="author" itemscope><a itemprop="url" href="/u/amy"><span itemprop="name">amy_k</span></a> (Amy K.)</span>"#,
                Some("amy_k"),
            ),
            (
                r#"<p>By <a rel="author" href="/people/jo">Jo March</a></p>"#,
                Some("Jo March"),
            ),
            // A byline element: the introduction and the date beside the name go.
            (
                r#"<div class="byline">By Dana Scully<br>March 3, 2024</div>"#,
                Some("Dana Scully"),
            ),
            (
                r#"<span class="post-author">Recipe by PJ Hamel</span>"#,
                Some("PJ Hamel"),
            ),
            // A reviewer's or a commenter's name is not the page's author.
            (
                r#"<div class="review"><span itemprop="author">Scott B.</span></div>"#,
                None,
            ),
            (
                r#"<li class="comment"><span class="comment-author">Kim</span></li>"#,
                None,
            ),
            // Labels and bios are not names.
            (r#"<label class="author">Name *</label>"#, None),
            (
                r#"<a class="author-link" href="/a">View more posts</a>"#,
                None,
            ),
        ];
        for (body, want) in cases {
            let m = md(&format!(
                "<title>T</title><body><article>{body}<p>Text.</p></article></body>"
            ));
            assert_eq!(m.author.as_deref(), want, "{body}");
        }
        // A meta author that is a placeholder gives way to the byline.
        let m = md(
            r#"<meta name="author" content="Administrator"><body><a rel="author" href="/x">Lee Chan</a></body>"#,
        );
        assert_eq!(m.author.as_deref(), Some("Lee Chan"));
        // A template's first meta tag says "Name"; a later one names the author.
        let m = md(
            r#"<meta name="author" content="Name"><meta name="author" content="Maya Perez"><body><p>x</p></body>"#,
        );
        assert_eq!(m.author.as_deref(), Some("Maya Perez"));
        // A user id or an unfilled template key is no name.
        for bad in ["262588213843476", "page.head.extra.author"] {
            let m = md(&format!(
                r#"<meta name="author" content="{bad}"><body><p>x</p></body>"#
            ));
            assert_eq!(m.author, None, "{bad}");
        }
    }

    #[test]
    fn author_from_byline_text_and_labels() {
        let cases = [
            // "By" and the name in text of their own, under the headline.
            (
                r#"<h1>Tactical pairs</h1><p>By <!-- -->Preetam Jinka</p>"#,
                Some("Preetam Jinka"),
            ),
            (
                r#"<h1>Book beat</h1><div><p>by <a href="/author/amanda/">Amanda</a> · Dec 20, 2025</p></div>"#,
                Some("Amanda"),
            ),
            // A label, then the name in the next element.
            (
                r#"<h1>Loans</h1><div><p>Written by</p><p>Edzel Tabing</p></div>"#,
                Some("Edzel Tabing"),
            ),
            (
                r#"<h1>Lighting</h1><h3>Author</h3><p>  Lisa D. Ellis</p>"#,
                Some("Lisa D. Ellis"),
            ),
            // A menu's "Sort by" before the headline is no byline; the one after it is.
            (
                r#"<nav><span>Filter by</span><a>Topic</a></nav><h1>Post</h1><p>By Jerry Chu</p>"#,
                Some("Jerry Chu"),
            ),
            // A label whose next text is no name gives none; a comment's byline is not the page's.
            (r#"<h1>T</h1><p>Authors:</p><p>All Authors</p>"#, None),
            (
                r#"<h1>T</h1><div class="comment"><p>By Kim Lee</p></div>"#,
                None,
            ),
        ];
        for (body, want) in cases {
            let m = md(&format!(
                "<title>T</title><body><article>{body}<p>Text.</p></article></body>"
            ));
            assert_eq!(m.author.as_deref(), want, "{body}");
        }
    }

    #[test]
    fn author_from_twitter_labels_and_jsonld_references() {
        let m = md(
            r#"<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Jayesh Shinde"><meta name="twitter:label2" content="Est. reading time"><meta name="twitter:data2" content="4 minutes"><body><p>x</p></body>"#,
        );
        assert_eq!(m.author.as_deref(), Some("Jayesh Shinde"));
        // An SEO plugin's @graph: the article names its author by @id.
        let m = md(
            r#"<script type="application/ld+json">{"@graph":[{"@type":"Article","author":{"@id":"https://x.test/#/person/1"},"publisher":{"@id":"https://x.test/#org"}},{"@type":"Person","@id":"https://x.test/#/person/1","name":"Nawaz Dhandala"},{"@type":"Organization","@id":"https://x.test/#org","name":"OneUptime"}]}</script><body><p>x</p></body>"#,
        );
        assert_eq!(m.author.as_deref(), Some("Nawaz Dhandala"));
        assert_eq!(m.sitename.as_deref(), Some("OneUptime"));
    }

    #[test]
    fn date_line_beside_the_headline() {
        let m = md(
            r#"<body><header><h1>Understanding Lean</h1><p class="text-muted">December 15, 2025</p></header><p>Text.</p></body>"#,
        );
        assert_eq!(m.date.as_deref(), Some("2025-12-15"));
        let m = md(
            r#"<body><div><div><p>Jan 15, 2026</p></div><h1>Switch</h1></div><p>Text.</p></body>"#,
        );
        assert_eq!(m.date.as_deref(), Some("2026-01-15"));
        // An update line, a long sentence with a date in it, or a comment's date is not.
        for body in [
            r#"<div><h1>T</h1><p>Updated March 3, 2024</p></div>"#,
            r#"<div><h1>T</h1><p>The council said on March 3, 2024 that the new funding would arrive before the end of the summer.</p></div>"#,
            r#"<div><h1>T</h1><div class="comment"><p>March 3, 2024</p></div></div>"#,
        ] {
            assert_eq!(md(&format!("<body>{body}</body>")).date, None, "{body}");
        }
    }

    #[test]
    fn date_from_markup() {
        let cases = [
            (
                r#"<time datetime="2024-08-03T10:59:47Z">3 Aug</time>"#,
                Some("2024-08-03T10:59:47Z"),
            ),
            (
                r#"<abbr class="published" itemprop="datePublished" title="2025-12-19T08:00:00Z">Friday</abbr>"#,
                Some("2025-12-19T08:00:00Z"),
            ),
            (
                r#"<p class="entry-date">Posted on Jan. 17, 2025 by Mo</p>"#,
                Some("2025-01-17"),
            ),
            (
                r#"<span class="post-date">4th Sept 2010</span>"#,
                Some("2010-09-04"),
            ),
            // A comment's date is not the page's; nor is an update line.
            (
                r#"<div class="comment"><time datetime="2020-01-01">x</time></div>"#,
                None,
            ),
            (r#"<span class="updated-date">June 2, 2021</span>"#, None),
        ];
        for (body, want) in cases {
            let m = md(&format!(
                "<body><article>{body}<p>Text.</p></article></body>"
            ));
            assert_eq!(m.date.as_deref(), want, "{body}");
        }
        // A stated date wins over the markup's.
        let m = md(
            r#"<meta property="article:published_time" content="2023-01-02"><body><time datetime="2024-05-06">x</time></body>"#,
        );
        assert_eq!(m.date.as_deref(), Some("2023-01-02"));
    }

    #[test]
    fn reads_meta_and_jsonld() {
        let html = Html::parse_document(
            r#"<html lang="de"><head><title>Titel | Seite</title>
            <meta property="og:site_name" content="Seite">
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Schlagzeile","author":{"name":"Anna"},"datePublished":"2024-01-02"}</script>
            </head><body></body></html>"#,
        );
        let md = extract(&html, None);
        assert_eq!(md.title.as_deref(), Some("Schlagzeile"));
        assert_eq!(md.author.as_deref(), Some("Anna"));
        assert_eq!(md.date.as_deref(), Some("2024-01-02"));
        assert_eq!(md.lang.as_deref(), Some("de"));
        assert_eq!(md.sitename.as_deref(), Some("Seite"));
    }
}
