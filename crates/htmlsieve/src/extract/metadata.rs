//! Metadata: title, author, date, site name, language, description and canonical URL from meta
//! tags, OpenGraph, JSON-LD and the document itself.

use scraper::node::Node;
use scraper::{ElementRef, Html};

use crate::document::Metadata;

fn clean(s: &str) -> Option<String> {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

/// Remove a " | Site" / " - Site" / " — Site" suffix (or prefix) from a title.
pub fn strip_site_suffix(title: &str, sitename: Option<&str>) -> String {
    let t = title.trim();
    if let Some(site) = sitename.filter(|s| !s.is_empty()) {
        for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " » "] {
            if let Some(rest) = t.strip_suffix(site).and_then(|r| r.strip_suffix(sep)) {
                return rest.trim().to_string();
            }
            if let Some(rest) = t.strip_prefix(site).and_then(|r| r.strip_prefix(sep)) {
                return rest.trim().to_string();
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

/// Walk JSON-LD (objects, arrays, `@graph`) for article-like fields.
fn from_jsonld(v: &serde_json::Value, md: &mut Metadata, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        serde_json::Value::Array(a) => a.iter().for_each(|x| from_jsonld(x, md, depth + 1)),
        serde_json::Value::Object(o) => {
            if let Some(g) = o.get("@graph") {
                from_jsonld(g, md, depth + 1);
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
                    md.author = o.get("author").and_then(json_str);
                }
                if md.date.is_none() {
                    md.date = o
                        .get("datePublished")
                        .or_else(|| o.get("dateCreated"))
                        .and_then(json_str);
                }
                if md.description.is_none() {
                    md.description = o.get("description").and_then(json_str);
                }
            }
            if md.sitename.is_none() && ty.contains("WebSite") {
                md.sitename = o.get("name").and_then(json_str);
            }
            if md.sitename.is_none() && articleish {
                md.sitename = o.get("publisher").and_then(json_str);
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
        "author" | "article:author" | "dc.creator" | "byl" | "sailthru.author"
        | "parsely-author"
            if !content.starts_with("http") =>
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
        "description" | "og:description" | "twitter:description" => set(&mut md.description),
        "og:locale" | "language" | "content-language" => set(&mut md.lang),
        _ => {}
    }
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
    let mut html_lang: Option<Option<String>> = None;
    let mut canonical: Option<Option<String>> = None;
    let mut title_el: Option<ElementRef<'_>> = None;
    let mut h1_el: Option<ElementRef<'_>> = None;
    for node in html.tree.nodes() {
        let Node::Element(e) = node.value() else {
            continue;
        };
        match e.name() {
            "meta" => read_meta(e, &mut md, &mut og_title, &mut meta_title),
            "script" if attr_is(e, "type", "application/ld+json") => {
                jsonld.extend(ElementRef::wrap(node));
            }
            "html" if html_lang.is_none() => html_lang = Some(e.attr("lang").and_then(clean)),
            "link" if canonical.is_none() && attr_is(e, "rel", "canonical") => {
                canonical = Some(e.attr("href").and_then(clean));
            }
            "title" if title_el.is_none() => title_el = ElementRef::wrap(node),
            "h1" if h1_el.is_none() => h1_el = ElementRef::wrap(node),
            _ => {}
        }
    }
    for s in jsonld {
        let raw: String = s.text().collect();
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(raw.trim()) {
            from_jsonld(&v, &mut md, 0);
        }
    }
    if let Some(lang) = html_lang.flatten() {
        md.lang = Some(lang);
    }
    md.canonical = canonical.flatten();
    let title_tag = title_el
        .map(|t| t.text().collect::<String>())
        .and_then(|t| clean(&t));
    let h1 = h1_el
        .map(|h| h.text().collect::<String>())
        .and_then(|t| clean(&t));
    let raw = og_title
        .or(md.title.take())
        .or(meta_title)
        .or(title_tag)
        .or_else(|| h1.clone());
    md.title = raw.map(|t| choose_title(&t, h1.as_deref(), md.sitename.as_deref()));
    md
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
