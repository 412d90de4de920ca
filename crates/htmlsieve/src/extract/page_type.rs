//! What kind of page this is: `article`, `forum`, `product`, `collection`, `listing`,
//! `documentation`, `service`, or `other`.
//!
//! A small softmax (multinomial logistic) model over cheap, site-independent signals of the page:
//! its markup counts (paragraphs, links, forms, code blocks, repeated sibling structures), short
//! interface words (a buy button, a reply link, "on this page"), prices, the type it states
//! (JSON-LD `@type`, microdata `itemtype`, `og:type`), its URL's path words, and the shape of the
//! extracted text. The model's weights are data (`rules/page-type-model.json`, trained by
//! `benches/train_page_type.py`); inference here is a dot product per class.
//!
//! The features are read in one walk over the parsed page (plus the blocks the extractor kept),
//! so the stage costs a small share of an extraction.
//!
//! Takes the parsed page, the kept blocks, the metadata, the stated types and the thread flag;
//! gives the feature vector and the class. Its thresholds define features the shipped model was
//! trained on (`params`).

use aho_corasick::AhoCorasick;
use ego_tree::NodeRef;
use html5ever::{local_name, LocalName};
use scraper::node::Node;
use scraper::Html;
use std::sync::LazyLock;

use super::params::{MIN_PAGE_CHARS, REPEAT, SHORT_TEXT};
use super::tree::is_punct;
use crate::document::{Block, BlockKind, Metadata};

/// The model's data, embedded like the default rules.
const MODEL_JSON: &str = include_str!("../../../../rules/page-type-model.json");

/// The class given when the page holds too little to judge.
pub const OTHER: &str = "other";

/// JSON-LD/microdata types the features read (more are ignored).
const MAX_TYPES: usize = 64;

macro_rules! features {
    ($($name:ident),* $(,)?) => {
        /// The feature vector, one named field per feature (all `f32`).
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct Features { $(pub $name: f32,)* }

        /// Feature names, in vector order.
        pub const NAMES: &[&str] = &[$(stringify!($name),)*];

        impl Features {
            /// The values in [`NAMES`] order.
            pub fn to_vec(&self) -> Vec<f32> {
                vec![$(self.$name,)*]
            }
        }
    };
}

features! {
    // Markup (log1p of counts unless named as a share).
    elements, text_chars, link_share, links, paragraphs, list_items, images, h1, h2_h3, h4_h6,
    tables, table_rows, pre, code, blockquotes, articles, sections, times, navs, asides, forms,
    fields, buttons, selects, textareas, iframes, definition_terms,
    // Repeated sibling structures: same tag and first class word under one parent.
    max_repeat, repeat_groups, repeat_items, classed_groups, classed_items,
    // Elements whose class or id names a part of a page.
    cls_price, cls_cart, cls_product, cls_comment, cls_reply, cls_post, cls_author, cls_toc,
    cls_sidebar, cls_breadcrumb, cls_pagination, cls_forum, cls_docs, cls_review, cls_filter,
    cls_card, cls_user, cls_tag, cls_highlight, cls_share, cls_hero, cls_service,
    // Microdata.
    itemprop_price, itemprop_author, itemprop_date,
    // Stated types (JSON-LD @type and microdata itemtype: 1 when present).
    ld_article, ld_product, ld_offer, ld_forum, ld_qa, ld_collection, ld_docs, ld_service,
    ld_org, ld_webpage, ld_breadcrumb, ld_faq, ld_person, ld_event, ld_howto,
    // og:type (1 when it says so).
    og_article, og_product, og_website, og_other,
    // Short interface texts (button and link labels).
    w_cart, w_stock, w_forum, w_docs, w_service, w_listing, w_article, w_filter, w_login,
    // Text nodes holding a price.
    prices,
    // The page's URL (its path words; 0 when no URL is known).
    url_known, url_depth, url_article, url_date, url_product, url_collection, url_forum,
    url_docs, url_service, url_listing, url_query, url_root, host_docs, host_forum, host_shop,
    host_blog,
    // The extracted text.
    doc_chars, doc_blocks, doc_paragraphs, doc_headings, doc_list_items, doc_table_rows,
    doc_code, doc_quotes, doc_mean_paragraph, doc_share, doc_list_share, doc_punct_share,
    // Metadata and the thread statement.
    has_author, has_date, thread,
}

fn ln(n: u32) -> f32 {
    (n as f32).ln_1p()
}

/// Raw counts gathered by the walk.
#[derive(Default)]
struct Counts {
    elements: u32,
    fields: u32,
    text: u32,
    link_text: u32,
    tags: [u32; TAGS.len()],
    max_repeat: u32,
    repeat_groups: u32,
    repeat_items: u32,
    classed_groups: u32,
    classed_items: u32,
    cls: [u32; CLASS_WORDS.len()],
    itemprop_price: u32,
    itemprop_author: u32,
    itemprop_date: u32,
    words: [u32; WORD_GROUPS.len()],
    prices: u32,
    og: Option<String>,
}

/// Tags counted, in the order of the fields they feed.
const TAGS: [&str; 26] = [
    "a",
    "p",
    "li",
    "img",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tr",
    "pre",
    "code",
    "blockquote",
    "article",
    "section",
    "time",
    "nav",
    "aside",
    "form",
    "button",
    "select",
    "textarea",
    "iframe",
    "dt",
];

fn tag(c: &Counts, name: &str) -> u32 {
    TAGS.iter()
        .position(|t| *t == name)
        .map_or(0, |i| c.tags[i])
}

/// Class/id words: each entry is one feature, matched as substrings of the class and id (ASCII
/// case ignored).
const CLASS_WORDS: [&[&str]; 22] = [
    &["price"],
    &["cart", "basket"],
    &["product"],
    &["comment"],
    &["reply", "replies"],
    &["post"],
    &["author", "byline"],
    &["toc", "table-of-contents"],
    &["sidebar"],
    &["breadcrumb"],
    &["pagination", "pager"],
    &["forum", "thread", "topic"],
    &["docs", "documentation", "markdown-body", "rst-content"],
    &["review", "rating"],
    &["filter", "facet", "sort"],
    &["card", "tile"],
    &["user", "avatar", "member"],
    &["tag"],
    &["highlight", "syntax", "language-"],
    &["share", "social"],
    &["hero", "cta"],
    &["service"],
];

/// Interface phrases by group (ASCII case ignored). `=` entries must be the whole text (trimmed,
/// trailing punctuation aside), the others may occur in it.
const WORD_GROUPS: [&[&str]; 9] = [
    // cart
    &[
        "add to cart",
        "add to bag",
        "add to basket",
        "buy now",
        "buy it now",
        "add to wishlist",
        "checkout",
        "in den warenkorb",
        "ajouter au panier",
        "añadir al carrito",
        "=quantity",
        "=qty",
    ],
    // stock
    &[
        "in stock",
        "out of stock",
        "sold out",
        "free shipping",
        "free delivery",
        "sku",
    ],
    // forum
    &[
        "=reply",
        "=quote",
        "=report",
        "=replies",
        "=posts",
        "joined",
        "=permalink",
        "posted by",
        "=members",
        "=views",
        "=thread starter",
        "=original poster",
    ],
    // docs
    &[
        "on this page",
        "table of contents",
        "edit this page",
        "edit on github",
        "was this page helpful",
        "=copy",
        "api reference",
        "=contents",
        "=next",
        "=previous",
        "=parameters",
        "=returns",
    ],
    // service
    &[
        "contact us",
        "get a quote",
        "request a quote",
        "book now",
        "free consultation",
        "get started",
        "call us",
        "our services",
        "get in touch",
        "request a demo",
        "schedule",
        "=learn more",
    ],
    // listing
    &[
        "read more",
        "continue reading",
        "older posts",
        "newer posts",
        "load more",
        "next page",
        "show more",
        "view more",
    ],
    // article
    &[
        "min read",
        "published",
        "=share",
        "related articles",
        "related posts",
        "=comments",
        "leave a comment",
        "leave a reply",
    ],
    // filter
    &[
        "sort by",
        "=filter",
        "=filters",
        "results",
        "=view all",
        "showing",
        "=products",
    ],
    // login
    &["log in", "sign in", "sign up", "register", "=login"],
];

/// Whether a text holds a price: a currency sign or code next to a digit.
fn has_price(t: &str) -> bool {
    const SIGNS: [char; 10] = ['$', '€', '£', '¥', '₹', '₽', '₩', '₺', '₫', '฿'];
    let b = t.as_bytes();
    if !b.iter().any(u8::is_ascii_digit) {
        return false;
    }
    let digit_near = |start: usize, end: usize| {
        let before = t[..start].trim_end().as_bytes().last();
        let after = t[end..].trim_start().as_bytes().first();
        before.is_some_and(u8::is_ascii_digit) || after.is_some_and(u8::is_ascii_digit)
    };
    // Every sign is `$` or starts with a byte above ASCII.
    for (i, c) in t.char_indices() {
        if (c == '$' || !c.is_ascii()) && SIGNS.contains(&c) && digit_near(i, i + c.len_utf8()) {
            return true;
        }
    }
    // A code after the amount (`19,99 EUR`, `25 zł`).
    for code in ["EUR", "USD", "GBP", "CHF", "zł", "Kč", "kr"] {
        let mut from = 0;
        while let Some(p) = t[from..].find(code) {
            let at = from + p;
            let end = at + code.len();
            let before = t[..at].trim_end().as_bytes().last();
            let word_ends = b.get(end).is_none_or(|c| !c.is_ascii_alphabetic());
            if word_ends && before.is_some_and(u8::is_ascii_digit) {
                return true;
            }
            from = end;
        }
    }
    false
}

/// The tag and first class word (digits left out) of an element, hashed; whether it has a class.
fn signature(e: &scraper::node::Element) -> (u64, bool) {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    e.name().hash(&mut h);
    // The first of the sorted class words, as `Element::classes` gives them, read from the
    // attribute: `classes` interns every word of every element it is asked about.
    let first = e
        .attrs
        .iter()
        .filter(|(k, _)| k.local == local_name!("class"))
        .flat_map(|(_, v)| v.split_ascii_whitespace())
        .min();
    if let Some(c) = first {
        for ch in c.chars().filter(|ch| !ch.is_ascii_digit()) {
            ch.hash(&mut h);
        }
    }
    (h.finish(), first.is_some())
}

/// Count the repeated structures among `node`'s element children; `buf` is scratch space.
fn repeats(node: NodeRef<'_, Node>, c: &mut Counts, buf: &mut Vec<(u64, bool, u32)>) {
    buf.clear();
    for ch in node.children() {
        if let Node::Element(e) = ch.value() {
            let (sig, classed) = signature(e);
            if let Some(entry) = buf.iter_mut().find(|(s, _, _)| *s == sig) {
                entry.2 += 1;
            } else if buf.len() < 64 {
                buf.push((sig, classed, 1));
            }
        }
    }
    for &(_, classed, n) in buf.iter() {
        c.max_repeat = c.max_repeat.max(n);
        if n >= REPEAT {
            c.repeat_groups += 1;
            c.repeat_items += n;
            if classed {
                c.classed_groups += 1;
                c.classed_items += n;
            }
        }
    }
}

/// Tags whose text is not shown.
fn hidden_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "noscript" | "template" | "head" | "title" | "svg" | "option"
    )
}

/// Count each group set in `mask` once.
fn add_mask(counts: &mut [u32], mask: u32) {
    if mask == 0 {
        return;
    }
    for (i, n) in counts.iter_mut().enumerate() {
        *n += (mask >> i) & 1;
    }
}

/// The counted tags as atoms (compared without reading their text).
static TAG_ATOMS: LazyLock<Vec<LocalName>> =
    LazyLock::new(|| TAGS.iter().map(|t| LocalName::from(*t)).collect());

/// One searcher over every class word (ASCII case ignored), with each pattern's group.
static CLASS_MATCHER: LazyLock<(AhoCorasick, Vec<u32>)> = LazyLock::new(|| {
    let mut pats = Vec::new();
    let mut groups = Vec::new();
    for (i, words) in CLASS_WORDS.iter().enumerate() {
        for w in *words {
            pats.push(*w);
            groups.push(i as u32);
        }
    }
    (matcher(&pats), groups)
});

/// One searcher over every interface phrase, with each pattern's group and whether it must be
/// the whole text.
static WORD_MATCHER: LazyLock<(AhoCorasick, Vec<(u32, bool)>)> = LazyLock::new(|| {
    let mut pats = Vec::new();
    let mut groups = Vec::new();
    for (i, words) in WORD_GROUPS.iter().enumerate() {
        for w in *words {
            let whole = w.strip_prefix('=');
            pats.push(whole.unwrap_or(w));
            groups.push((i as u32, whole.is_some()));
        }
    }
    (matcher(&pats), groups)
});

fn matcher(pats: &[&str]) -> AhoCorasick {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(pats)
        .unwrap_or_else(|e| panic!("built-in patterns must compile: {e}"))
}

/// One walk over the page.
fn walk(html: &Html, types: &mut Vec<String>) -> Counts {
    let mut c = Counts::default();
    let mut buf = Vec::new();
    let mut masks: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
    // (node, inside a link, inside hidden text)
    let mut stack: Vec<(NodeRef<'_, Node>, bool, bool)> = vec![(html.tree.root(), false, false)];
    while let Some((node, in_link, hidden)) = stack.pop() {
        match node.value() {
            Node::Text(t) => {
                if hidden {
                    continue;
                }
                let t: &str = t;
                // Characters that are not ASCII whitespace (UTF-8 continuation bytes skipped).
                let n = t
                    .bytes()
                    .filter(|b| !b.is_ascii_whitespace() && (b & 0xC0) != 0x80)
                    .count() as u32;
                if n == 0 {
                    continue;
                }
                c.text += n;
                if in_link {
                    c.link_text += n;
                }
                if has_price(t) {
                    c.prices += 1;
                }
                let trimmed = t.trim();
                if trimmed.len() <= SHORT_TEXT {
                    let l = trimmed.trim_end_matches([':', '.', '…', '»', '›', '→', ' ']);
                    let (ac, groups) = &*WORD_MATCHER;
                    let mut mask = 0u32;
                    for m in ac.find_overlapping_iter(l) {
                        let (group, whole) = groups[m.pattern().as_usize()];
                        if !whole || (m.start() == 0 && m.end() == l.len()) {
                            mask |= 1 << group;
                        }
                    }
                    add_mask(&mut c.words, mask);
                }
            }
            Node::Element(e) => {
                c.elements += 1;
                let name = e.name();
                if let Some(i) = TAG_ATOMS.iter().position(|t| *t == e.name.local) {
                    c.tags[i] += 1;
                }
                let mut input_type = None;
                for (k, v) in e.attrs.iter() {
                    let v: &str = v;
                    let k = &k.local;
                    if *k == local_name!("class") || *k == local_name!("id") {
                        // (A page repeats its class lists: each distinct one is scanned once.)
                        let mask = *masks.entry(v).or_insert_with(|| {
                            let (ac, groups) = &*CLASS_MATCHER;
                            let mut mask = 0u32;
                            for m in ac.find_overlapping_iter(v) {
                                mask |= 1 << groups[m.pattern().as_usize()];
                            }
                            mask
                        });
                        add_mask(&mut c.cls, mask);
                    } else if *k == local_name!("itemprop") {
                        match v {
                            "price" | "offers" | "lowPrice" => c.itemprop_price += 1,
                            "author" => c.itemprop_author += 1,
                            "datePublished" | "dateCreated" => c.itemprop_date += 1,
                            _ => {}
                        }
                    } else if *k == local_name!("itemtype") && types.len() < MAX_TYPES {
                        let last = v.trim().trim_end_matches('/').rsplit('/').next();
                        types.extend(last.map(str::to_string));
                    } else if *k == local_name!("type") {
                        input_type = Some(v);
                    }
                }
                match name {
                    // An input without a type is a text field.
                    "input" => c.fields += u32::from(input_type.is_none_or(is_field_type)),
                    "textarea" | "select" => c.fields += 1,
                    "meta" if e.attr("property") == Some("og:type") => {
                        c.og = e.attr("content").map(|s| s.trim().to_ascii_lowercase());
                    }
                    _ => {}
                }
                if !hidden_text(name) {
                    repeats(node, &mut c, &mut buf);
                }
                let in_link = in_link || name == "a";
                let hidden = hidden || hidden_text(name);
                for ch in node.children().rev() {
                    stack.push((ch, in_link, hidden));
                }
            }
            Node::Document | Node::Fragment => {
                for ch in node.children().rev() {
                    stack.push((ch, in_link, hidden));
                }
            }
            _ => {}
        }
    }
    c
}

/// Whether an input `type` is a field a visitor fills in (not a button or a hidden value).
fn is_field_type(t: &str) -> bool {
    let t = t.trim();
    !["hidden", "submit", "button", "reset", "image"]
        .iter()
        .any(|k| t.eq_ignore_ascii_case(k))
}

/// Which stated-type feature a schema.org type feeds.
fn type_feature(f: &mut Features, t: &str) {
    let slot = match t {
        "Article"
        | "NewsArticle"
        | "BlogPosting"
        | "Report"
        | "ScholarlyArticle"
        | "LiveBlogPosting"
        | "OpinionNewsArticle"
        | "ReportageNewsArticle"
        | "AnalysisNewsArticle"
        | "Blog"
        | "Review"
        | "Recipe" => &mut f.ld_article,
        "Product" | "ProductGroup" | "IndividualProduct" | "ProductModel" | "Car" | "Vehicle" => {
            &mut f.ld_product
        }
        "Offer" | "AggregateOffer" | "AggregateRating" => &mut f.ld_offer,
        "DiscussionForumPosting" | "SocialMediaPosting" | "Comment" | "Conversation" => {
            &mut f.ld_forum
        }
        "QAPage" | "Question" | "Answer" => &mut f.ld_qa,
        "CollectionPage" | "ItemList" | "OfferCatalog" | "SearchResultsPage" | "ListItem" => {
            &mut f.ld_collection
        }
        "TechArticle" | "APIReference" | "SoftwareSourceCode" | "SoftwareApplication" => {
            &mut f.ld_docs
        }
        "Service"
        | "LocalBusiness"
        | "ProfessionalService"
        | "ContactPage"
        | "AboutPage"
        | "MedicalBusiness"
        | "LegalService"
        | "HomeAndConstructionBusiness"
        | "Store"
        | "FinancialService"
        | "Dentist"
        | "Physician"
        | "Attorney"
        | "AutoRepair" => &mut f.ld_service,
        "Organization" | "Corporation" | "OnlineBusiness" => &mut f.ld_org,
        "WebPage" | "WebSite" => &mut f.ld_webpage,
        "BreadcrumbList" => &mut f.ld_breadcrumb,
        "FAQPage" => &mut f.ld_faq,
        "Person" | "ProfilePage" => &mut f.ld_person,
        "Event" | "Course" | "JobPosting" => &mut f.ld_event,
        "HowTo" | "HowToStep" => &mut f.ld_howto,
        _ => return,
    };
    *slot = 1.0;
}

/// Path segment words by URL feature.
fn url_features(f: &mut Features, url: &str) {
    let Ok(u) = url::Url::parse(url) else { return };
    f.url_known = 1.0;
    let segs: Vec<String> = u
        .path_segments()
        .map(|s| {
            s.filter(|s| !s.is_empty())
                .map(|s| s.to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default();
    f.url_depth = ln(segs.len() as u32);
    f.url_root = f32::from(u8::from(segs.is_empty()));
    f.url_query = f32::from(u8::from(u.query().is_some()));
    let any = |words: &[&str]| {
        segs.iter().any(|s| {
            // A segment's words: `product-details.html` reads as `product`, `details`.
            let s = s.trim_end_matches(".html").trim_end_matches(".htm");
            words.contains(&s)
                || s.split(['-', '_', '.'])
                    .any(|w| w.len() > 2 && words.contains(&w))
        })
    };
    let set = |b: bool| f32::from(u8::from(b));
    f.url_article = set(any(&[
        "blog", "blogs", "news", "article", "articles", "story", "stories", "post", "posts",
        "opinion", "insights", "magazine",
    ]));
    f.url_date = set(segs
        .iter()
        .any(|s| s.len() == 4 && s.starts_with("20") && s.bytes().all(|b| b.is_ascii_digit())));
    f.url_product = set(any(&[
        "product", "products", "p", "item", "dp", "buy", "sku", "pd",
    ]));
    f.url_collection = set(any(&[
        "category",
        "categories",
        "collection",
        "collections",
        "c",
        "catalog",
        "catalogue",
        "shop",
        "store",
        "department",
        "browse",
        "brands",
    ]));
    f.url_forum = set(any(&[
        "forum",
        "forums",
        "thread",
        "threads",
        "topic",
        "topics",
        "t",
        "questions",
        "discussion",
        "discussions",
        "community",
        "viewtopic.php",
        "showthread.php",
    ]));
    f.url_docs = set(any(&[
        "docs",
        "doc",
        "documentation",
        "api",
        "reference",
        "guide",
        "guides",
        "manual",
        "tutorial",
        "tutorials",
        "wiki",
        "kb",
        "help",
        "support",
        "learn",
        "developer",
        "developers",
    ]));
    f.url_service = set(any(&[
        "services",
        "service",
        "solutions",
        "pricing",
        "contact",
        "about",
        "industries",
        "locations",
        "treatments",
        "repair",
    ]));
    f.url_listing = set(any(&[
        "search", "results", "archive", "archives", "page", "tag", "tags", "list", "author",
    ]));
    let host = u.host_str().unwrap_or("").to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let named = &labels[..labels.len().saturating_sub(1)];
    let label = |words: &[&str]| named.iter().any(|l| words.contains(l));
    f.host_docs = set(label(&[
        "docs",
        "doc",
        "developer",
        "developers",
        "api",
        "help",
        "support",
        "wiki",
        "learn",
    ]));
    f.host_forum = set(
        label(&["forum", "forums", "community", "discuss", "boards", "bbs"])
            || named.iter().any(|l| l.contains("forum")),
    );
    f.host_shop = set(label(&["shop", "store"]));
    f.host_blog = set(label(&["blog", "news"]));
}

/// The feature vector of a parsed page. `blocks` are the extracted blocks, `types` the JSON-LD
/// `@type`s the page states, `url` its URL when known.
pub fn features(
    html: &Html,
    blocks: &[Block],
    md: &Metadata,
    url: Option<&str>,
    thread: bool,
    ld_types: &[String],
) -> Features {
    let mut types = Vec::new();
    let c = walk(html, &mut types);
    let mut f = Features {
        elements: ln(c.elements),
        text_chars: ln(c.text),
        link_share: if c.text == 0 {
            0.0
        } else {
            c.link_text as f32 / c.text as f32
        },
        links: ln(tag(&c, "a")),
        paragraphs: ln(tag(&c, "p")),
        list_items: ln(tag(&c, "li")),
        images: ln(tag(&c, "img")),
        h1: ln(tag(&c, "h1")),
        h2_h3: ln(tag(&c, "h2") + tag(&c, "h3")),
        h4_h6: ln(tag(&c, "h4") + tag(&c, "h5") + tag(&c, "h6")),
        tables: ln(tag(&c, "table")),
        table_rows: ln(tag(&c, "tr")),
        pre: ln(tag(&c, "pre")),
        code: ln(tag(&c, "code")),
        blockquotes: ln(tag(&c, "blockquote")),
        articles: ln(tag(&c, "article")),
        sections: ln(tag(&c, "section")),
        times: ln(tag(&c, "time")),
        navs: ln(tag(&c, "nav")),
        asides: ln(tag(&c, "aside")),
        forms: ln(tag(&c, "form")),
        fields: ln(c.fields),
        buttons: ln(tag(&c, "button")),
        selects: ln(tag(&c, "select")),
        textareas: ln(tag(&c, "textarea")),
        iframes: ln(tag(&c, "iframe")),
        max_repeat: ln(c.max_repeat),
        repeat_groups: ln(c.repeat_groups),
        repeat_items: ln(c.repeat_items),
        classed_groups: ln(c.classed_groups),
        classed_items: ln(c.classed_items),
        itemprop_price: ln(c.itemprop_price),
        itemprop_author: ln(c.itemprop_author),
        itemprop_date: ln(c.itemprop_date),
        prices: ln(c.prices),
        thread: f32::from(u8::from(thread)),
        has_author: f32::from(u8::from(md.author.is_some())),
        has_date: f32::from(u8::from(md.date.is_some())),
        ..Default::default()
    };
    f.definition_terms = ln(tag(&c, "dt"));
    let cls = [
        &mut f.cls_price,
        &mut f.cls_cart,
        &mut f.cls_product,
        &mut f.cls_comment,
        &mut f.cls_reply,
        &mut f.cls_post,
        &mut f.cls_author,
        &mut f.cls_toc,
        &mut f.cls_sidebar,
        &mut f.cls_breadcrumb,
        &mut f.cls_pagination,
        &mut f.cls_forum,
        &mut f.cls_docs,
        &mut f.cls_review,
        &mut f.cls_filter,
        &mut f.cls_card,
        &mut f.cls_user,
        &mut f.cls_tag,
        &mut f.cls_highlight,
        &mut f.cls_share,
        &mut f.cls_hero,
        &mut f.cls_service,
    ];
    for (slot, n) in cls.into_iter().zip(c.cls) {
        *slot = ln(n);
    }
    let words = [
        &mut f.w_cart,
        &mut f.w_stock,
        &mut f.w_forum,
        &mut f.w_docs,
        &mut f.w_service,
        &mut f.w_listing,
        &mut f.w_article,
        &mut f.w_filter,
        &mut f.w_login,
    ];
    for (slot, n) in words.into_iter().zip(c.words) {
        *slot = ln(n);
    }
    for t in ld_types.iter().chain(&types) {
        type_feature(&mut f, t.trim().trim_start_matches("schema:"));
    }
    match c.og.as_deref() {
        None | Some("") => {}
        Some(t) if t.starts_with("article") || t == "blog" => f.og_article = 1.0,
        Some(t) if t.starts_with("product") || t.starts_with("og:product") => f.og_product = 1.0,
        Some("website") => f.og_website = 1.0,
        Some(_) => f.og_other = 1.0,
    }
    if let Some(u) = url {
        url_features(&mut f, u);
    }
    // The extracted text.
    let (mut chars, mut paras, mut para_chars, mut list_chars, mut punct) = (0u32, 0, 0, 0, 0);
    let (mut heads, mut items, mut rows, mut code, mut quotes) = (0u32, 0, 0, 0, 0);
    for b in blocks {
        let n = b.text.chars().filter(|ch| !ch.is_whitespace()).count() as u32;
        chars += n;
        punct += b.text.chars().filter(|&ch| is_punct(ch)).count() as u32;
        match b.kind {
            BlockKind::Heading { .. } => heads += 1,
            BlockKind::Paragraph => {
                paras += 1;
                para_chars += n;
            }
            BlockKind::ListItem { .. } => {
                items += 1;
                list_chars += n;
            }
            BlockKind::TableRow { .. } => rows += 1,
            BlockKind::Code { .. } => code += 1,
            BlockKind::Quote => quotes += 1,
            // (Only with --images: no text, and the type must not depend on the flag.)
            BlockKind::Image { .. } => {}
        }
    }
    let share = |a: u32, b: u32| if b == 0 { 0.0 } else { a as f32 / b as f32 };
    f.doc_chars = ln(chars);
    let text_blocks = blocks
        .iter()
        .filter(|b| !matches!(b.kind, BlockKind::Image { .. }))
        .count();
    f.doc_blocks = ln(text_blocks as u32);
    f.doc_paragraphs = ln(paras);
    f.doc_headings = ln(heads);
    f.doc_list_items = ln(items);
    f.doc_table_rows = ln(rows);
    f.doc_code = ln(code);
    f.doc_quotes = ln(quotes);
    f.doc_mean_paragraph = ln(para_chars.checked_div(paras).unwrap_or(0));
    f.doc_share = share(chars, c.text).min(1.0);
    f.doc_list_share = share(list_chars, chars);
    f.doc_punct_share = share(punct * 10, chars).min(1.0);
    f
}

/// The trained model (see `rules/page-type-model.json`).
#[derive(Debug, serde::Deserialize)]
pub struct Model {
    pub classes: Vec<String>,
    pub features: Vec<String>,
    pub mean: Vec<f32>,
    pub scale: Vec<f32>,
    /// One row per class, one column per feature.
    pub weights: Vec<Vec<f32>>,
    pub bias: Vec<f32>,
    /// For each model feature, its index in [`NAMES`] (filled at load).
    #[serde(skip)]
    index: Vec<usize>,
}

impl Model {
    /// Read a model, checking its shape and that it names only features this build computes.
    pub fn from_json(s: &str) -> Result<Model, String> {
        let mut m: Model = serde_json::from_str(s).map_err(|e| e.to_string())?;
        let n = m.features.len();
        if m.classes.is_empty()
            || m.mean.len() != n
            || m.scale.len() != n
            || m.bias.len() != m.classes.len()
            || m.weights.len() != m.classes.len()
            || m.weights.iter().any(|w| w.len() != n)
        {
            return Err("page-type model: shapes do not agree".to_string());
        }
        m.index = m
            .features
            .iter()
            .map(|f| {
                NAMES
                    .iter()
                    .position(|n| n == f)
                    .ok_or_else(|| format!("page-type model: unknown feature {f}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(m)
    }

    /// Class scores (softmax probabilities) for a feature vector in [`NAMES`] order.
    pub fn probabilities(&self, x: &[f32]) -> Vec<f32> {
        let z: Vec<f32> = self
            .index
            .iter()
            .zip(self.mean.iter().zip(&self.scale))
            .map(|(&i, (m, s))| {
                let v = x.get(i).copied().unwrap_or(0.0);
                if *s > 0.0 {
                    (v - m) / s
                } else {
                    0.0
                }
            })
            .collect();
        let logits: Vec<f32> = self
            .weights
            .iter()
            .zip(&self.bias)
            .map(|(w, b)| b + w.iter().zip(&z).map(|(a, b)| a * b).sum::<f32>())
            .collect();
        let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let exp: Vec<f32> = logits.iter().map(|l| (l - max).exp()).collect();
        let sum: f32 = exp.iter().sum();
        exp.iter().map(|e| e / sum).collect()
    }

    /// The most probable class (the first on a tie).
    pub fn classify(&self, x: &[f32]) -> &str {
        let p = self.probabilities(x);
        let mut best = 0;
        for (i, v) in p.iter().enumerate() {
            if *v > p[best] {
                best = i;
            }
        }
        self.classes.get(best).map_or(OTHER, String::as_str)
    }
}

/// The built-in model; `None` only if the embedded data is broken (a test guards it).
pub static MODEL: LazyLock<Option<Model>> = LazyLock::new(|| Model::from_json(MODEL_JSON).ok());

/// The page's type by the built-in model, from its features.
pub fn classify(f: &Features) -> &'static str {
    // Nothing to read: no visible text beyond a line or two, and no statement of what the page
    // is or where it lives (a script-rendered page that states its type or URL is still judged).
    let stated = [
        f.ld_article,
        f.ld_product,
        f.ld_offer,
        f.ld_forum,
        f.ld_qa,
        f.ld_collection,
        f.ld_docs,
        f.ld_service,
        f.ld_org,
        f.ld_webpage,
        f.ld_breadcrumb,
        f.ld_faq,
        f.ld_person,
        f.ld_event,
        f.ld_howto,
        f.og_article,
        f.og_product,
        f.og_website,
        f.og_other,
        f.url_known,
    ];
    if f.text_chars < MIN_PAGE_CHARS.ln_1p() && stated.iter().all(|v| *v == 0.0) {
        return OTHER;
    }
    match MODEL.as_ref() {
        Some(m) => {
            let c = m.classify(&f.to_vec());
            CLASSES.iter().find(|k| **k == c).copied().unwrap_or(OTHER)
        }
        None => OTHER,
    }
}

/// Every class the stage gives.
pub const CLASSES: [&str; 8] = [
    "article",
    "forum",
    "product",
    "collection",
    "listing",
    "documentation",
    "service",
    OTHER,
];

#[cfg(test)]
mod tests {
    use super::*;

    const PRODUCT: &str = r#"<html><head><title>Trail Shoe X2 | Shop</title>
        <meta property="og:type" content="product">
        <script type="application/ld+json">{"@context":"https://schema.org","@type":"Product",
          "name":"Trail Shoe X2","offers":{"@type":"Offer","price":"89.00","priceCurrency":"USD"}}
        </script></head><body>
        <nav><a href="/">Home</a> <a href="/shoes">Shoes</a></nav>
        <main><h1>Trail Shoe X2</h1>
        <div class="product-price"><span itemprop="price">$89.00</span></div>
        <p>In stock</p>
        <form action="/cart"><select name="size"><option>42</option><option>43</option></select>
        <input type="number" name="qty" value="1"><button type="submit">Add to cart</button></form>
        <p>A light trail shoe with a grippy sole, a breathable mesh upper and a cushioned midsole
        for long days on rocky paths.</p></main></body></html>"#;

    const THREAD: &str = r##"<html><head><title>Fan noise after update - Example Forums</title>
        <link rel="canonical" href="https://forums.example.org/threads/fan-noise.123/"></head>
        <body><h1>Fan noise after update</h1>
        <div class="post"><div class="user">maria</div><p>Since the last update my laptop fan
        runs all the time, even when idle. Anyone else seeing this?</p><a href="#">Reply</a>
        <a href="#">Quote</a></div>
        <div class="post"><div class="user">tom</div><p>Same here. Rolling back the driver fixed
        it for me, so it seems to be the graphics driver and not the update itself.</p>
        <a href="#">Reply</a><a href="#">Quote</a></div>
        <div class="post"><div class="user">lee</div><p>Thanks, the rollback worked for me as
        well. I will report it to the vendor and post here if they answer.</p>
        <a href="#">Reply</a><a href="#">Quote</a></div>
        <div class="post"><div class="user">maria</div><p>Good to know, I will try the driver
        rollback tonight and report back in this thread.</p><a href="#">Reply</a>
        <a href="#">Quote</a></div></body></html>"##;

    fn of(html: &str, url: Option<&str>) -> (Features, &'static str) {
        let doc = crate::pipeline::extract(html).unwrap_or_default();
        let parsed = Html::parse_document(html);
        let stated = super::super::jsonld::stated(&parsed);
        let thread = super::super::thread::is_thread(&parsed, url);
        let f = features(
            &parsed,
            &doc.blocks,
            &doc.metadata,
            url,
            thread,
            &stated.types,
        );
        let c = classify(&f);
        (f, c)
    }

    #[test]
    fn prices_are_a_currency_next_to_an_amount() {
        for t in ["$19.99", "from £ 5", "19,99 €", "25 zł", "10 USD", "¥1200"] {
            assert!(has_price(t), "{t}");
        }
        for t in [
            "$HOME",
            "in 2024",
            "EURO 2024",
            "the € sign",
            "US dollars",
            "krone",
        ] {
            assert!(!has_price(t), "{t}");
        }
    }

    #[test]
    fn product_page_features() {
        let (f, class) = of(
            PRODUCT,
            Some("https://shop.example.com/products/trail-shoe-x2"),
        );
        assert_eq!(f.ld_product, 1.0);
        assert_eq!(f.ld_offer, 1.0);
        assert_eq!(f.og_product, 1.0);
        assert_eq!(f.itemprop_price, ln(1));
        assert_eq!(f.prices, ln(1));
        // "Add to cart" and the `qty` field's label-less input count once, the button text.
        assert_eq!(f.w_cart, ln(1));
        assert_eq!(f.w_stock, ln(1));
        // The number input and the size select; the submit button is no field.
        assert_eq!(f.fields, ln(2));
        assert_eq!(f.forms, ln(1));
        assert_eq!(f.cls_price, ln(1));
        assert_eq!(f.url_product, 1.0);
        assert_eq!(f.host_shop, 1.0);
        assert_eq!(f.url_depth, ln(2));
        assert_eq!(class, "product");
    }

    #[test]
    fn forum_thread_features() {
        let (f, class) = of(THREAD, None);
        assert_eq!(f.thread, 1.0);
        // Four posts: one repeated structure of classed siblings.
        assert_eq!(f.max_repeat, ln(4));
        assert_eq!(f.classed_groups, ln(1));
        assert_eq!(f.classed_items, ln(4));
        assert_eq!(f.cls_post, ln(4));
        assert_eq!(f.cls_user, ln(4));
        assert_eq!(f.w_forum, ln(8));
        // No URL given: the URL features stay empty.
        assert_eq!(f.url_known, 0.0);
        assert_eq!(class, "forum");
    }

    #[test]
    fn url_words_and_link_share() {
        let mut f = Features::default();
        url_features(
            &mut f,
            "https://docs.example.com/en/2024/api-reference.html?x=1",
        );
        assert_eq!(
            (
                f.url_known,
                f.url_date,
                f.url_docs,
                f.host_docs,
                f.url_query
            ),
            (1.0, 1.0, 1.0, 1.0, 1.0)
        );
        assert_eq!((f.url_article, f.url_product, f.url_root), (0.0, 0.0, 0.0));
        let html = Html::parse_document(
            "<body><p>twenty characters here</p><a href=/>tenletters</a>\
             <script>var hidden = 'not counted';</script></body>",
        );
        let f = features(&html, &[], &Metadata::default(), None, false, &[]);
        // 20 of text, 10 of it in a link (whitespace not counted); the script is not text.
        assert_eq!(f.text_chars, ln(30));
        assert!((f.link_share - 10.0 / 30.0).abs() < 1e-6);
    }

    #[test]
    fn a_page_without_text_is_other() {
        let (_, class) = of("<html><body><img src=a.png></body></html>", None);
        assert_eq!(class, OTHER);
    }

    #[test]
    fn model_loads_with_the_expected_classes() {
        let m = Model::from_json(MODEL_JSON).expect("built-in page-type model loads");
        assert_eq!(m.classes, &CLASSES[..CLASSES.len() - 1]);
        assert!(m.features.len() > 20);
        assert!(MODEL.is_some());
        assert!(Model::from_json(
            r#"{"classes":["a"],"features":["nope"],"mean":[0],"scale":[1],
            "weights":[[0]],"bias":[0]}"#
        )
        .is_err());
    }

    #[test]
    fn inference_is_deterministic_and_a_distribution() {
        let (f, class) = of(PRODUCT, None);
        let m = MODEL.as_ref().expect("model");
        let p = m.probabilities(&f.to_vec());
        assert_eq!(p, m.probabilities(&f.to_vec()));
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        assert_eq!(class, of(PRODUCT, None).1);
        assert_eq!(NAMES.len(), f.to_vec().len());
    }
}
