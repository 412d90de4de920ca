//! JSON-LD `articleBody` as evidence: when a page states its article text in structured data and
//! that text covers what the extractor found, blocks that it does not contain (captions, teasers,
//! bylines that slipped through) are dropped.

use scraper::{Html, Selector};
use std::collections::HashSet;
use std::sync::LazyLock;

static JSONLD: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse(r#"script[type="application/ld+json"]"#)
        .unwrap_or_else(|e| panic!("built-in selector must parse: {e:?}"))
});

/// An `articleBody` shorter than this (characters) is a summary, not the text.
const MIN_BODY_CHARS: usize = 400;
/// How deep to look into the JSON for `articleBody` (`@graph` arrays nest a few levels).
const MAX_DEPTH: usize = 8;

/// What the page's JSON-LD states about its own text, read in one pass over its scripts.
#[derive(Debug, Default)]
pub struct Stated {
    /// The longest `articleBody` (400+ characters).
    pub body: Option<String>,
    /// How many distinct such bodies the page states (a listing may describe several articles).
    pub bodies: usize,
    /// The `@type`s the page states (at most [`MAX_TYPES`], in walk order), for the page type.
    pub types: Vec<String>,
}

/// How many `@type`s [`Stated::types`] keeps.
pub const MAX_TYPES: usize = 32;

/// A JSON-LD script's body as JSON. Some sites wrap it in `<![CDATA[ … ]]>` (as XHTML once asked
/// of scripts), or in an HTML comment, with or without `//` before the markers: the wrapper goes.
pub fn parse(raw: &str) -> Option<serde_json::Value> {
    let mut t = raw.trim();
    for (open, close) in [("<![CDATA[", "]]>"), ("<!--", "-->")] {
        let opened = t.strip_prefix("//").unwrap_or(t).trim_start();
        if let Some(rest) = opened.strip_prefix(open) {
            let rest = rest.trim_end();
            let rest = rest.strip_suffix(close).unwrap_or(rest).trim_end();
            t = rest.strip_suffix("//").unwrap_or(rest).trim();
        }
    }
    serde_json::from_str(t).ok()
}

/// Read [`Stated`] from every JSON-LD script of the page (each parsed once).
pub fn stated(html: &Html) -> Stated {
    let mut out = Stated::default();
    let mut seen: HashSet<u64> = HashSet::new();
    let longest = |best: &mut Option<String>, s: &String| {
        if best.as_ref().is_none_or(|b| s.len() > b.len()) {
            *best = Some(s.clone());
        }
    };
    for script in html.select(&JSONLD) {
        let raw: String = script.text().collect();
        let Some(v) = parse(&raw) else {
            continue;
        };
        // Iterative walk with a depth bound: no recursion on page data.
        let mut stack = vec![(&v, 0usize)];
        while let Some((v, depth)) = stack.pop() {
            match v {
                serde_json::Value::Object(m) => {
                    match m.get("@type") {
                        Some(serde_json::Value::String(t)) if out.types.len() < MAX_TYPES => {
                            out.types.push(t.clone());
                        }
                        Some(serde_json::Value::Array(a)) => {
                            for t in a.iter().filter_map(|t| t.as_str()) {
                                if out.types.len() < MAX_TYPES {
                                    out.types.push(t.to_string());
                                }
                            }
                        }
                        _ => {}
                    }
                    if let Some(serde_json::Value::String(s)) = m.get("articleBody") {
                        if s.len() >= MIN_BODY_CHARS {
                            let mut h = std::hash::DefaultHasher::new();
                            std::hash::Hash::hash(s, &mut h);
                            seen.insert(std::hash::Hasher::finish(&h));
                            longest(&mut out.body, s);
                        }
                    }
                    if depth < MAX_DEPTH {
                        stack.extend(m.values().map(|c| (c, depth + 1)));
                    }
                }
                serde_json::Value::Array(a) if depth < MAX_DEPTH => {
                    stack.extend(a.iter().map(|c| (c, depth + 1)));
                }
                _ => {}
            }
        }
    }
    out.bodies = seen.len();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_article_body() {
        let body = "word ".repeat(100);
        let html = Html::parse_document(&format!(
            r#"<script type="application/ld+json">{{"@graph":[{{"@type":"NewsArticle","articleBody":"{body}"}}]}}</script>"#
        ));
        assert_eq!(stated(&html).body.as_deref(), Some(body.as_str()));
    }
}
