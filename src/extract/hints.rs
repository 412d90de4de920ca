//! Hints from an element's tag, class, id, role and itemprop: evidence for or against it being
//! main content. Patterns are compiled once.

use regex::{Regex, RegexBuilder};
use scraper::node::Element;
use std::sync::LazyLock;

fn ci(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .unicode(false)
        .build()
        .unwrap_or_else(|e| panic!("built-in hint pattern {pattern:?} must compile: {e}"))
}

/// Class/id words that speak for main content.
static POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    ci(
        r"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|prose|markdown|rich-?text|detail|description|question|answer|thread|message|forum|review|product|docs?-|documentation",
    )
});

/// Class/id words that speak against main content (weighting; not removal by itself).
static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    ci(
        r"-ad-|(^|[\s_-])ads?([\s_-]|$)|hidden|banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|taboola|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|byline|author|dateline|caption|credit|breadcrumb|newsletter|subscribe|signup|cookie|consent|popup|modal|recommend|trending|popular|social|toolbar|pagination|pager|disclaimer|copyright|teaser|more-?stories|read-?more|also-?read|rating|print|login|menu|navbar|topbar",
    )
});

/// Class/id words of elements that are boilerplate whole (removed unless they hold most text).
static UNLIKELY: LazyLock<Regex> = LazyLock::new(|| {
    ci(
        r"-ad-|(^|[\s_-])ads?([\s_-]|$)|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|cookie|consent|newsletter|subscri|signup|sign-up|share|sharing|outbrain|taboola|recommend|trending|most-?popular|promo|author-?bio|about-?the-?author|modal|overlay|toolbar|navbar|topbar|masthead|skip-?link|sr-only|screen-reader|visually-?hidden",
    )
});

/// Words that rescue an unlikely-looking element (e.g. `main-header-wrapper`... `content-sidebar`).
static MAYBE: LazyLock<Regex> =
    LazyLock::new(|| ci(r"and|article|body|column|content|main|shadow|post|entry|story|text"));

/// itemprop/role values naming the article body.
static BODY_PROP: LazyLock<Regex> =
    LazyLock::new(|| ci(r"^(articlebody|text|reviewbody|description|maincontentofpage)$"));

/// The class and id of an element as one string.
fn class_id(e: &Element) -> (Option<&str>, Option<&str>) {
    (e.attr("class"), e.attr("id"))
}

/// What hints say about one element.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hint {
    /// Weight in the candidate score (readability-style ±25 steps).
    pub weight: f32,
    /// Boilerplate whole: a removal candidate in the strict pass.
    pub unlikely: bool,
    /// Strong evidence of the article body (`itemprop=articleBody`, `<article>`, `<main>`, role=main).
    pub body: bool,
    /// Hidden by attribute or inline style.
    pub hidden: bool,
}

/// Hints of an element.
pub fn hint(e: &Element) -> Hint {
    let mut h = Hint::default();
    let tag = e.name();
    let (class, id) = class_id(e);
    // Class and id together count once each way: a class list that repeats "post" five times
    // is no more of an article than one that says it once.
    let any =
        |re: &Regex| class.is_some_and(|c| re.is_match(c)) || id.is_some_and(|i| re.is_match(i));
    if any(&NEGATIVE) {
        h.weight -= 25.0;
    }
    if any(&POSITIVE) {
        h.weight += 25.0;
    }
    let unlikely_in =
        |s: Option<&str>| s.is_some_and(|s| UNLIKELY.is_match(s) && !MAYBE.is_match(s));
    h.unlikely = unlikely_in(class) || unlikely_in(id);
    if let Some(role) = e.attr("role") {
        match role.trim().to_ascii_lowercase().as_str() {
            "main" | "article" => h.body = true,
            "navigation" | "complementary" | "contentinfo" | "banner" | "menu" | "menubar"
            | "search" | "dialog" | "alertdialog" | "tablist" => {
                h.unlikely = true;
                h.weight -= 25.0;
            }
            _ => {}
        }
    }
    if let Some(p) = e.attr("itemprop") {
        if p.split_whitespace().any(|v| BODY_PROP.is_match(v)) {
            h.body = true;
        }
    }
    match tag {
        "article" | "main" => h.body = true,
        "nav" | "aside" => {
            h.unlikely = true;
            h.weight -= 25.0;
        }
        "footer" => {
            h.unlikely = true;
            h.weight -= 25.0;
        }
        _ => {}
    }
    if h.body {
        h.unlikely = false;
        h.weight += 25.0;
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden").is_some_and(|v| v == "true") {
        h.hidden = true;
    }
    if let Some(style) = e.attr("style") {
        let s = style.to_ascii_lowercase();
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            h.hidden = true;
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn h(html: &str) -> Hint {
        let doc = Html::parse_fragment(html);
        let sel = Selector::parse("div, article, aside, section").unwrap();
        let el = doc.select(&sel).next().unwrap();
        hint(el.value())
    }

    #[test]
    fn weights() {
        assert!(h(r#"<div class="article-body">x</div>"#).weight > 0.0);
        assert!(h(r#"<div class="sidebar">x</div>"#).weight < 0.0);
        assert!(h(r#"<div class="sidebar">x</div>"#).unlikely);
        assert!(!h(r#"<div class="content-sidebar">x</div>"#).unlikely);
        assert!(h(r#"<div itemprop="articleBody">x</div>"#).body);
        assert!(h(r#"<aside>x</aside>"#).unlikely);
        assert!(h(r#"<div style="display: none">x</div>"#).hidden);
        assert!(h(r#"<div class="ad">x</div>"#).unlikely);
        assert!(!h(r#"<div class="header-adjust">x</div>"#).body);
    }
}
