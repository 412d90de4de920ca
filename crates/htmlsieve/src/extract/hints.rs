//! Hints from an element's tag, class, id, role and itemprop: evidence for or against it being
//! main content. Patterns are compiled once.
//!
//! Takes one element; gives its [`Hint`]: a weight for or against it and flags (unlikely,
//! article body, hidden, caption, reviews). `blocks` and `tree` read its attributes here too.

use super::params::{HINT_WEIGHT, SLUG_MIN_LEN, SLUG_MIN_WORDS};
use html5ever::{local_name, ns};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use scraper::node::Element;
use std::sync::LazyLock;

fn ci(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .unicode(false)
        .build()
        .unwrap_or_else(|e| panic!("built-in hint pattern {pattern:?} must compile: {e}"))
}

/// Class/id words that speak against main content (weighting; not removal by itself).
const NEGATIVE: &str = r"-ad-|(^|[\s_-])ads?([\s_-]|$)|(^|[\s_-])cta([\s_-]|$)|hidden|banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|taboola|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|byline|author|dateline|caption|credit|breadcrumb|newsletter|subscribe|signup|cookie|consent|popup|modal|recommend|trending|popular|social|toolbar|pagination|pager|disclaimer|copyright|teaser|more-?stories|read-?more|also-?read|rating|print|login|menu|navbar|topbar";

/// Class/id words that speak for main content.
const POSITIVE: &str = r"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|prose|markdown|rich-?text|detail|description|question|answer|thread|message|forum|review|product|docs?-|documentation";

/// Class/id words of elements that are boilerplate whole (removed unless they hold most text).
/// Shop furniture is among them: "similar items" / upsell / cross-sell carousels (and the
/// customer reviews of [`REVIEWS`]).
const UNLIKELY: &str = r"-ad-|(^|[\s_-])ads?([\s_-]|$)|(^|[\s_-])cta([\s_-]|$)|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|cookie|consent|newsletter|subscri|signup|sign-up|share|sharing|outbrain|taboola|recommend|trending|most-?popular|promo|author-?bio|about-?the-?author|modal|overlay|toolbar|navbar|topbar|masthead|skip-?link|sr-only|screen-reader|visually-?hidden|(^|[\s_-])similar|upsell|cross-?sell";

/// Class/id words of a shop's customer reviews section (plural "reviews" or a customer/user/product
/// prefix: an editorial review is one "review", or an `<article>`): unlikely like [`UNLIKELY`], and
/// set aside even when it holds most of the page's text, if the product's own text lies beside it.
const REVIEWS: &str = r"(^|[\s_-])reviews([\s_-]|$)|(customer|user|product)-?reviews?";

/// Class/id words of an author box (a subset of [`UNLIKELY`], widened): no rescue word makes one
/// content ("blog-post-author-bio", "about-author-section").
const AUTHOR_BOX: &str = r"author[-_]*(bio|box|info|profile|section|card|details|description)|about[-_]*(the[-_]*)?author|(^|[\s_-])bio([\s_-]|$)";

/// Words that rescue an unlikely-looking element (e.g. `main-header-wrapper`... `content-sidebar`,
/// a product header's `pdp-header__description`).
const MAYBE: &str =
    r"and|article|body|column|content|main|shadow|post|entry|story|text|description";

/// Class/id words of image captions and photo credits (outside `<figcaption>` too).
pub const CAPTION: &str = r"caption|credit";

/// The class/id patterns in one set, so that a class or id string is scanned once for all of
/// them (in this order: negative, positive, unlikely, maybe, caption, reviews, author box).
static CLASS_ID: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSetBuilder::new([
        NEGATIVE, POSITIVE, UNLIKELY, MAYBE, CAPTION, REVIEWS, AUTHOR_BOX,
    ])
    .case_insensitive(true)
    .unicode(false)
    .build()
    .unwrap_or_else(|e| panic!("built-in hint patterns must compile: {e}"))
});

/// What the class/id patterns say about one string.
#[derive(Clone, Copy, Default)]
struct Words {
    negative: bool,
    positive: bool,
    unlikely: bool,
    caption: bool,
    reviews: bool,
}

/// The rescue words alone, to test single class names.
static MAYBE_ONE: LazyLock<Regex> = LazyLock::new(|| ci(MAYBE));

/// A class name of its own saying "related" (`related products entry-product-section`): a rescue
/// word in another class name of the list (a theme's `entry-` prefix) does not make the box
/// content, as it does for one name (`related-content` stays a candidate).
fn related_alone(s: &str) -> bool {
    s.split_whitespace().any(|t| {
        t.as_bytes()
            .windows(7)
            .any(|w| w.eq_ignore_ascii_case(b"related"))
            && !MAYBE_ONE.is_match(t)
    })
}

fn words(s: Option<&str>) -> Words {
    let Some(s) = s.filter(|s| !s.is_empty()) else {
        return Words::default();
    };
    let m = CLASS_ID.matches(s);
    Words {
        negative: m.matched(0),
        positive: m.matched(1),
        unlikely: (m.matched(2) || m.matched(5)) && (!m.matched(3) || related_alone(s))
            || m.matched(6),
        caption: m.matched(4),
        reviews: m.matched(5) && !m.matched(3),
    }
}

/// itemprop/role values naming the article body.
static BODY_PROP: LazyLock<Regex> =
    LazyLock::new(|| ci(r"^(articlebody|text|reviewbody|description|maincontentofpage)$"));

/// The attributes the extractor reads, found in one scan of the element's attributes (each
/// `Element::attr` call interns the name and binary-searches the list).
#[derive(Debug, Clone, Copy, Default)]
pub struct Attrs<'a> {
    pub class: Option<&'a str>,
    pub id: Option<&'a str>,
    pub role: Option<&'a str>,
    pub itemprop: Option<&'a str>,
    pub style: Option<&'a str>,
    pub aria_hidden: Option<&'a str>,
    pub hidden: bool,
}

/// Read [`Attrs`] of an element.
pub fn attrs(e: &Element) -> Attrs<'_> {
    let mut a = Attrs::default();
    for (name, value) in e.attrs.iter() {
        if name.ns != ns!() {
            continue;
        }
        let v: &str = value;
        let l = &name.local;
        if *l == local_name!("class") {
            a.class = Some(v);
        } else if *l == local_name!("id") {
            a.id = Some(v);
        } else if *l == local_name!("style") {
            a.style = Some(v);
        } else if *l == local_name!("role") {
            a.role = Some(v);
        } else if *l == local_name!("itemprop") {
            a.itemprop = Some(v);
        } else if *l == local_name!("aria-hidden") {
            a.aria_hidden = Some(v);
        } else if *l == local_name!("hidden") {
            a.hidden = true;
        }
    }
    a
}

/// Class words of a tab panel (`tab-pane`, `tab__content`, `tabcontent`, `Tabs-panel`).
const TAB_PANEL: &str = r"(^|[\s_-])tabs?[_-]{0,2}(pane|panel|content)([\s_-]|$)";

/// Class names that hide an element on a desktop-width screen (Bootstrap, Foundation, Tailwind
/// responsive utilities): the phone copy of text the page also lays out for the desktop.
const MOBILE_ONLY: &str = r"(^|\s)(hidden-(sm|md)-up|hidden-lg|d-(sm|md|lg)-none|hide-for-(medium|large)(-up)?|show-for-small-only|visible-xs(-block)?|(md|lg):hidden)(\s|$)";

/// Class names that show it again at a wider breakpoint (`d-md-none d-xl-block`).
const SHOWN_WIDE: &str = r"(^|\s)(d-(lg|xl)-(block|flex|inline|inline-block|grid)|(lg|xl):(block|flex|inline|grid))(\s|$)";

/// The three class patterns that decide whether an element shows, in one set so that a class
/// string is scanned once for all of them (every element's class is asked, twice a page).
static CLASS_SHOWN: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSetBuilder::new([TAB_PANEL, MOBILE_ONLY, SHOWN_WIDE])
        .case_insensitive(true)
        .unicode(false)
        .build()
        .unwrap_or_else(|e| panic!("built-in visibility patterns must compile: {e}"))
});

/// Words that every match of [`TAB_PANEL`] or [`MOBILE_ONLY`] contains ("hid" for `hidden-*`,
/// `hide-for-*` and `md:hidden`); [`SHOWN_WIDE`] only counts after a [`MOBILE_ONLY`] match.
static SHOWN_WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(["tab", "hid", "-none", "show-for", "visible-xs"])
        .unwrap_or_else(|e| panic!("built-in visibility words must compile: {e}"))
});

/// What an element's role and class say about whether it shows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shown {
    /// A tab panel (`role="tabpanel"`, or a class naming one): hidden or not, it is content (the
    /// other languages of a code sample, the other sections of a tabbed page); only the script
    /// picks which one shows.
    pub tab_panel: bool,
    /// Its class hides it on a desktop screen (and no wider breakpoint shows it again).
    pub mobile_only: bool,
}

/// Read [`Shown`] from an element's attributes.
pub fn shown(a: &Attrs<'_>) -> Shown {
    let tab_role = a
        .role
        .is_some_and(|r| r.trim().eq_ignore_ascii_case("tabpanel"));
    let Some(class) = a.class.filter(|c| !c.is_empty()) else {
        return Shown {
            tab_panel: tab_role,
            mobile_only: false,
        };
    };
    // Most class lists hold none of the words these patterns need: a literal search rules them
    // out before the set is run (the set's anchors leave the regex engine no prefilter).
    if !SHOWN_WORDS.is_match(class) {
        return Shown {
            tab_panel: tab_role,
            mobile_only: false,
        };
    }
    let m = CLASS_SHOWN.matches(class);
    Shown {
        tab_panel: tab_role || m.matched(0),
        mobile_only: m.matched(1) && !m.matched(2),
    }
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
    /// An image caption or photo credit by its class/id.
    pub caption: bool,
    /// A customer reviews section by its class/id (also `unlikely`).
    pub reviews: bool,
}

/// An id made from a section's heading ("menu-innovation-strategies-for-small-kitchens", an
/// anchor target): its words are the heading's, not a name for furniture.
fn is_heading_slug(id: &str) -> bool {
    id.len() >= SLUG_MIN_LEN
        && id.split('-').count() >= SLUG_MIN_WORDS
        && id
            .split('-')
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
}

/// Headings and inline text elements.
fn is_text_level(tag: &str) -> bool {
    matches!(
        tag,
        "h1" | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "code"
            | "kbd"
            | "samp"
            | "var"
            | "em"
            | "strong"
            | "b"
            | "i"
            | "mark"
            | "sub"
            | "sup"
            | "q"
            | "abbr"
            | "time"
    )
}

/// What the class/id patterns said about each class or id string met so far on a page: a page
/// repeats a few hundred class lists over thousands of elements, each scanned once.
#[derive(Default)]
pub struct WordsCache<'a>(rustc_hash::FxHashMap<&'a str, Words>);

impl<'a> WordsCache<'a> {
    fn words(&mut self, s: Option<&'a str>) -> Words {
        match s.filter(|s| !s.is_empty()) {
            Some(s) => *self.0.entry(s).or_insert_with(|| words(Some(s))),
            None => Words::default(),
        }
    }
}

/// Hints of an element.
#[cfg(test)]
pub fn hint(e: &Element) -> Hint {
    hint_cached(e, &mut WordsCache::default())
}

/// Hints of an element, with the class/id verdicts of the page's earlier elements.
pub fn hint_cached<'a>(e: &'a Element, cache: &mut WordsCache<'a>) -> Hint {
    let mut h = Hint::default();
    let tag = e.name();
    let a = attrs(e);
    // Class and id together count once each way: a class list that repeats "post" five times
    // is no more of an article than one that says it once.
    let (c, i) = (
        cache.words(a.class),
        cache.words(a.id.filter(|id| !is_heading_slug(id))),
    );
    if c.negative || i.negative {
        h.weight -= HINT_WEIGHT;
    }
    if c.positive || i.positive {
        h.weight += HINT_WEIGHT;
    }
    // Class words name a whole region; on a heading or a run of inline text they are its
    // styling ("card-header", "nextra-code") and no reason to set the text aside.
    h.unlikely = (c.unlikely || i.unlikely) && !is_text_level(tag);
    h.caption = c.caption || i.caption;
    h.reviews = h.unlikely && (c.reviews || i.reviews);
    if let Some(role) = a.role {
        match role.trim().to_ascii_lowercase().as_str() {
            "main" | "article" => h.body = true,
            "navigation" | "complementary" | "contentinfo" | "banner" | "menu" | "menubar"
            | "search" | "dialog" | "alertdialog" => {
                h.unlikely = true;
                h.weight -= HINT_WEIGHT;
            }
            // A tab strip is furniture, but accordions (FAQ answers) carry the role too: weigh
            // against it without setting the whole aside.
            "tablist" => h.weight -= HINT_WEIGHT,
            _ => {}
        }
    }
    if let Some(p) = a.itemprop {
        if p.split_whitespace().any(|v| BODY_PROP.is_match(v)) {
            h.body = true;
        }
    }
    match tag {
        "article" | "main" => h.body = true,
        "nav" | "aside" => {
            h.unlikely = true;
            h.weight -= HINT_WEIGHT;
        }
        "footer" => {
            h.unlikely = true;
            h.weight -= HINT_WEIGHT;
        }
        _ => {}
    }
    if h.body {
        h.unlikely = false;
        h.reviews = false;
        h.weight += HINT_WEIGHT;
    }
    let sh = shown(&a);
    if sh.tab_panel {
        return h;
    }
    if a.hidden || a.aria_hidden.is_some_and(|v| v == "true") || sh.mobile_only {
        h.hidden = true;
    }
    if let Some(style) = a.style {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect();
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
    fn shown_words_cover_every_visibility_match() {
        // The literal prefilter gives the verdicts of the set alone.
        let classes = [
            "tab-pane fade",
            "Tabs-panel",
            "tab__content",
            "tabcontent",
            "x tabs_panel",
            "hidden-sm-up",
            "hidden-md-up",
            "hidden-lg",
            "d-sm-none",
            "d-md-none",
            "d-lg-none",
            "hide-for-medium",
            "hide-for-large-up",
            "show-for-small-only",
            "visible-xs",
            "visible-xs-block",
            "md:hidden",
            "LG:HIDDEN",
            "d-md-none d-xl-block",
            "lg:flex",
            "card",
            "post-body",
            "d-flex",
            "xl:block",
        ];
        for c in classes {
            let m = CLASS_SHOWN.matches(c);
            let sh = shown(&Attrs {
                class: Some(c),
                ..Attrs::default()
            });
            assert_eq!(
                (sh.tab_panel, sh.mobile_only),
                (m.matched(0), m.matched(1) && !m.matched(2)),
                "{c}"
            );
        }
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
        assert!(h(r#"<div class="widget-custom-cta-letter">x</div>"#).unlikely);
        assert!(!h(r#"<div class="actaeon">x</div>"#).unlikely);
        assert!(!h(r#"<div class="header-adjust">x</div>"#).body);
        assert!(h(r#"<div class="customer-reviews">x</div>"#).unlikely);
        assert!(h(r#"<section class="product__reviews">x</section>"#).unlikely);
        assert!(!h(r#"<div class="review">x</div>"#).unlikely);
        assert!(h(r#"<div id="customerReviews">x</div>"#).reviews);
        assert!(h(r#"<div class="related products entry-section">x</div>"#).unlikely);
        assert!(h(r#"<div class="product-description hidden-md-up">x</div>"#).hidden);
        assert!(!h(r#"<div class="product-description hidden-md-down">x</div>"#).hidden);
        assert!(!h(r#"<div class="d-md-none d-xl-block">x</div>"#).hidden);
        assert!(!h(r#"<div class="related-content">x</div>"#).unlikely);
        assert!(!h(r#"<div class="tab__content" hidden>x</div>"#).hidden);
        assert!(!h(r#"<div class="tab-pane fade" style="display:none">x</div>"#).hidden);
        assert!(h(r#"<div class="table-content" hidden>x</div>"#).hidden);
        assert!(!h(r#"<div class="review">x</div>"#).reviews);
        assert!(!h(r#"<div class="sidebar">x</div>"#).reviews);
        assert!(h(r#"<section class="similar-items">x</section>"#).unlikely);
        assert!(!h(r#"<div id="menu-ideas-for-a-small-summer-wedding">x</div>"#).unlikely);
        assert!(h(r#"<div id="menu-primary">x</div>"#).unlikely);
        let doc = Html::parse_fragment(r#"<h3 class="card-header">Heading</h3>"#);
        let sel = Selector::parse("h3").unwrap();
        let heading = doc.select(&sel).next().unwrap();
        assert!(!hint(heading.value()).unlikely);
    }
}
