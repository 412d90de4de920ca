//! The author named in the page's markup, for pages whose meta tags and JSON-LD name none:
//! schema.org microdata (`itemprop="author"`), `rel="author"` links, and byline or author elements
//! (`class="byline"`, `class="author vcard"`, `class="post-author-name"`, …).
//!
//! Takes the candidate elements the metadata pass collected in document order; gives one name.

use scraper::ElementRef;

/// Candidates of each kind read at most; the first few are the article's byline, the rest are
/// teasers' and comments' bylines.
pub const MAX_CANDIDATES: usize = 8;

/// A name is short: longer text is a bio, a date line or a teaser.
const MAX_NAME_CHARS: usize = 60;
const MAX_NAME_WORDS: usize = 6;

/// Class/id words that mark an element holding an author's name.
pub fn is_byline_class(class: &str) -> bool {
    let c = class.to_ascii_lowercase();
    (c.contains("author") || c.contains("byline") || c.contains("creator"))
        // Boxes about the author (bio, avatar, count of posts) hold more than the name.
        && !["bio", "avatar", "image", "img", "photo", "desc", "title", "label", "social", "count"]
            .iter()
            .any(|w| c.contains(w))
}

/// Where the candidates came from, strongest first.
#[derive(Default)]
pub struct Candidates<'a> {
    /// Elements with `itemprop="author"` (not `<meta>`).
    pub itemprop: Vec<ElementRef<'a>>,
    /// `<a rel="author">`.
    pub rel: Vec<ElementRef<'a>>,
    /// Elements whose class names a byline or an author.
    pub class: Vec<ElementRef<'a>>,
    /// Text written as a byline: "By Jo March", or a label ("Written by", "Author:") before the
    /// name's own text; those after the first `<h1>` (the headline's byline) apart from those
    /// before it (a menu's "Filter by", a teaser's byline).
    pub text_after_h1: Vec<ego_tree::NodeRef<'a, scraper::node::Node>>,
    pub text_before_h1: Vec<ego_tree::NodeRef<'a, scraper::node::Node>>,
}

/// Labels that stand alone before an author's name ("Written by" then the name in its own element).
const NAME_LABELS: &[&str] = &[
    "by",
    "written by",
    "article by",
    "posted by",
    "words by",
    "story by",
    "author",
    "authors",
    "contributor",
    "contributors",
];

/// Whether a text node reads as a byline: a label alone, or "By" and a capitalised name.
pub fn is_byline_text(t: &str) -> bool {
    let t = t.trim();
    if t.len() > 60 {
        return false;
    }
    let bare = t.trim_end_matches([':', ' ']).to_lowercase();
    if NAME_LABELS.contains(&bare.as_str()) {
        return true;
    }
    t.split_once(char::is_whitespace)
        .is_some_and(|(first, rest)| {
            first.eq_ignore_ascii_case("by")
                && rest
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase())
                && rest.split_whitespace().count() <= MAX_NAME_WORDS
        })
}

/// Nodes after a label that the name is looked for in (an inline link, a tag or two apart).
const LABEL_GAP_NODES: usize = 8;

/// The name a byline text gives: after "By" in the same text, or a label's next text.
fn name_after(
    n: ego_tree::NodeRef<'_, scraper::node::Node>,
    sitename: Option<&str>,
) -> Option<String> {
    let t = n.value().as_text()?.trim();
    if n.parent().and_then(ElementRef::wrap).is_some_and(in_reply) {
        return None;
    }
    let bare = t.trim_end_matches([':', ' ']).to_lowercase();
    if !NAME_LABELS.contains(&bare.as_str()) {
        return as_name(t, sitename);
    }
    let mut cur = n;
    for _ in 0..LABEL_GAP_NODES {
        cur = next_in_order(cur)?;
        if let Some(x) = cur.value().as_text().map(|x| x.trim()) {
            if !x.is_empty() {
                return as_name(x, sitename);
            }
        }
    }
    None
}

/// The node after `n` in document order.
fn next_in_order<T>(n: ego_tree::NodeRef<'_, T>) -> Option<ego_tree::NodeRef<'_, T>> {
    if let Some(c) = n.first_child() {
        return Some(c);
    }
    let mut cur = Some(n);
    while let Some(x) = cur {
        if let Some(s) = x.next_sibling() {
            return Some(s);
        }
        cur = x.parent();
    }
    None
}

/// Remove the words that introduce a byline ("By", "Written by", "Recipe by", "Author:").
fn strip_intro(s: &str) -> &str {
    let t = s.trim_start_matches(|c: char| c.is_whitespace() || "|-–—·•:".contains(c));
    // "by" among the first words ends the introduction ("Text by …", "03/10/2023 by …").
    let mut offset = 0;
    for (n, w) in t.split_inclusive(char::is_whitespace).enumerate() {
        if n >= 4 {
            break;
        }
        offset += w.len();
        let w = w.trim().trim_end_matches(':');
        if ["by", "von", "par", "por", "door", "di"]
            .iter()
            .any(|b| w.eq_ignore_ascii_case(b))
        {
            return t[offset..].trim_start_matches(|c: char| c.is_whitespace() || c == ':');
        }
    }
    for intro in ["authors:", "author:", "autor:", "auteur:"] {
        if t.len() >= intro.len()
            && t.is_char_boundary(intro.len())
            && t[..intro.len()].eq_ignore_ascii_case(intro)
        {
            return t[intro.len()..].trim_start();
        }
    }
    t
}

/// Texts of form labels and buttons that sit where a name would ("Name *", "Author", "Sign in").
const NOT_NAMES: &[&str] = &[
    "author",
    "authors",
    "name",
    "post",
    "posts",
    "admin",
    "administrator",
    "anonymous",
    "guest",
    "sign in",
    "log in",
    "login",
    "member",
    "staff",
    "editor",
    "editorial",
    "unknown",
];

/// Words no name holds: they make a link or a heading near the name ("View more posts", "About
/// the author", "Join us").
const NOT_NAME_WORDS: &[&str] = &[
    "author",
    "authors",
    "time",
    "posts",
    "more",
    "view",
    "follow",
    "join",
    "about",
    "read",
    "see",
    "contact",
    "subscribe",
    "profile",
];

/// Whether a stated author (a meta tag's, JSON-LD's or the markup's) is a label, a placeholder or
/// markup rather than a name.
pub fn is_placeholder(t: &str) -> bool {
    let t = t.trim();
    NOT_NAMES.iter().any(|n| n.eq_ignore_ascii_case(t))
        || t.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            NOT_NAME_WORDS.iter().any(|n| n.eq_ignore_ascii_case(w))
        })
        || t.contains(['<', '>', '{', '}', '©', '@'])
        || t.contains("://")
        // A number (a user id) or a template key left unfilled ("page.head.author").
        || !t.chars().any(char::is_alphabetic)
        || (!t.contains(char::is_whitespace)
            && t.matches('.').count() >= 2
            && (t.contains("author") || t.contains("name")))
}

/// `text` as a person's or a team's name, if it looks like one.
fn as_name(text: &str, sitename: Option<&str>) -> Option<String> {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = strip_intro(&joined)
        .trim_end_matches(|c: char| c.is_whitespace() || ",|·-•*".contains(c))
        .trim();
    let words = t.split_whitespace().count();
    let plausible = !t.is_empty()
        && t.chars().count() <= MAX_NAME_CHARS
        && words <= MAX_NAME_WORDS
        && t.chars().any(char::is_alphabetic)
        // A name of several words has no digits: that is a date or a count beside it.
        && (words == 1 || !t.chars().any(|c| c.is_ascii_digit()))
        && !is_placeholder(t)
        && !sitename.is_some_and(|s| s.eq_ignore_ascii_case(t));
    plausible.then(|| t.to_string())
}

/// Markup of reviews, comments and testimonials: their authors and dates are not the page's.
pub fn in_reply(e: ElementRef<'_>) -> bool {
    e.ancestors()
        .filter_map(ElementRef::wrap)
        .take(MAX_REPLY_DEPTH)
        .any(|a| {
            let v = a.value();
            v.attr("itemprop").is_some_and(|p| {
                ["review", "comment", "answer"]
                    .iter()
                    .any(|w| p.contains(w))
            }) || v.attr("class").is_some_and(|c| {
                let c = c.to_ascii_lowercase();
                ["review", "comment", "testimonial", "quote"]
                    .iter()
                    .any(|w| c.contains(w))
            })
        })
}

/// How many ancestors [`in_reply`] looks at: a review's author sits a few levels inside it.
const MAX_REPLY_DEPTH: usize = 12;

/// The name an author element holds: its `itemprop="name"` part, else its first text (a byline
/// element often holds the name, then a date or a job title, in separate nodes).
fn name_in(e: ElementRef<'_>, sitename: Option<&str>) -> Option<String> {
    if in_reply(e) {
        return None;
    }
    for d in e.descendants().filter_map(ElementRef::wrap).skip(1) {
        if d.value().attr("itemprop") == Some("name") {
            // `<meta itemprop="name" content="…">` holds the name in an attribute.
            let text = match d.value().attr("content") {
                Some(c) if d.value().name() == "meta" => c.to_string(),
                _ => d.text().collect::<String>(),
            };
            if let Some(n) = as_name(&text, sitename) {
                return Some(n);
            }
        }
    }
    // The first text that is more than an introduction ("By", "Written by").
    let mut texts = e.text().map(str::trim).filter(|t| !t.is_empty());
    let first = texts.next()?;
    if strip_intro(&format!("{first} x")) == "x"
        || NOT_NAMES
            .iter()
            .any(|n| n.eq_ignore_ascii_case(first.trim_end_matches(':')))
    {
        return texts.next().and_then(|t| as_name(t, sitename));
    }
    as_name(first, sitename)
}

/// The first plausible name, trying microdata, then `rel="author"`, then byline classes, then
/// byline text.
pub fn author(c: &Candidates<'_>, sitename: Option<&str>) -> Option<String> {
    [&c.itemprop, &c.rel, &c.class]
        .into_iter()
        .flat_map(|v| v.iter())
        .find_map(|e| name_in(*e, sitename))
        .or_else(|| {
            c.text_after_h1
                .iter()
                .chain(&c.text_before_h1)
                .find_map(|n| name_after(*n, sitename))
        })
}
