//! Whether a page is a discussion thread (a forum topic: an opening post and its replies).
//!
//! On such a page the replies are the content, though forum software marks them up like an
//! article's comment section (`#comments`, "Recommended Posts"). The evidence is the page's own
//! statement of its type: schema.org `DiscussionForumPosting` (JSON-LD or microdata), OpenGraph
//! type `forum`, or a thread address (its URL, `<link rel=canonical>` or `og:url`) on a forum
//! host (`forum.example.org`, `examplebbs.net`) or under a forum path (`/forum/`, `/threads/`,
//! `/topic/`, `showthread.php`, `viewtopic.php`).
//!
//! Takes the parsed page and its URL; gives whether it is a thread, and (for `additions`) the
//! posts beside the chosen one as a group.

use ego_tree::NodeRef;
use regex::{Regex, RegexBuilder};
use scraper::node::Node;
use scraper::Html;
use std::sync::LazyLock;

use super::items;
use super::params::{POST_LEVELS, POST_MAX_LINKS, SHORT_THREAD};
use super::tree::{bare_signature, Tree, NONE};

/// The schema.org type of a forum post.
const FORUM_POSTING: &str = "DiscussionForumPosting";

/// Path segments that name a forum or a thread in the common forum packages' URL schemes.
const THREAD_SEGMENTS: [&str; 7] = [
    "forum",
    "forums",
    "thread",
    "threads",
    "topic",
    "showthread.php",
    "viewtopic.php",
];

/// Host labels (before the registered name) of a site's forum: `boards.example.com`.
const FORUM_HOST_LABELS: [&str; 5] = ["boards", "bbs", "discuss", "discussions", "community"];

/// Class/id words of a comment or reply section (`#comments`, `topic-replies`).
static REPLIES: LazyLock<Regex> = LazyLock::new(|| {
    RegexBuilder::new(r"comment|repl(y|ies)")
        .case_insensitive(true)
        .build()
        .unwrap_or_else(|e| panic!("built-in pattern must compile: {e}"))
});

/// Whether an element is named as a comment or reply section by its id or class.
pub fn holds_replies(node: NodeRef<'_, Node>) -> bool {
    node.value().as_element().is_some_and(|e| {
        e.id().is_some_and(|v| REPLIES.is_match(v))
            || super::hints::attrs(e)
                .class
                .is_some_and(|v| REPLIES.is_match(v))
    })
}

/// Whether the page at `url` (when known) with markup `html` is a discussion thread.
pub fn is_thread(html: &Html, url: Option<&str>) -> bool {
    if url.is_some_and(is_thread_url) {
        return true;
    }
    for node in html.tree.nodes() {
        let Node::Element(e) = node.value() else {
            continue;
        };
        // `attrs()` rather than `attr(name)`, which interns the name at each call: this loop
        // visits every element of every page.
        if e.attrs()
            .any(|(k, v)| k == "itemtype" && v.contains(FORUM_POSTING))
        {
            return true;
        }
        let says_thread = match e.name() {
            "script" => {
                e.attr("type") == Some("application/ld+json")
                    && node.children().any(|c| match c.value() {
                        Node::Text(t) => t.contains(FORUM_POSTING),
                        _ => false,
                    })
            }
            "link" => {
                e.attr("rel")
                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical"))
                    && e.attr("href").is_some_and(is_thread_url)
            }
            "meta" => match (e.attr("property"), e.attr("content")) {
                (Some("og:url"), Some(c)) => is_thread_url(c),
                (Some("og:type"), Some(c)) => c.trim().eq_ignore_ascii_case("forum"),
                _ => false,
            },
            _ => false,
        };
        if says_thread {
            return true;
        }
    }
    false
}

/// Whether an absolute URL is a forum's address (see the module comment).
fn is_thread_url(url: &str) -> bool {
    let Ok(u) = url::Url::parse(url.trim()) else {
        return false;
    };
    let host = u.host_str().unwrap_or("").to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    // The registered name and the labels before it; the public suffix is not looked at.
    let named = labels.len().saturating_sub(1);
    let forum_host = labels[..named].iter().any(|l| {
        l.contains("forum") || l.ends_with("bbs") || (named > 1 && FORUM_HOST_LABELS.contains(l))
    });
    forum_host
        || u.path_segments().is_some_and(|mut s| {
            s.any(|seg| THREAD_SEGMENTS.iter().any(|t| seg.eq_ignore_ascii_case(t)))
        })
}

/// The posts of a short thread: the nearest container around the chosen content that has
/// siblings of its own kind (same tag and the same class list, digits aside; not bare `<div>`s)
/// holding text, when they are fewer than a group of items needs. Boilerplate (`excluded`) is
/// no post, nor is a box that shares only its first class word (`box qa-first-post` beside a
/// `box` of replies, a post's `cell--user` beside its `cell--main`).
pub fn sibling_posts(
    html: &Html,
    tree: &Tree<'_>,
    excluded: &[bool],
    roots: &[u32],
) -> Option<items::Group> {
    let classes = |i: u32| -> String {
        html.tree
            .get(tree.els[i as usize].id)
            .and_then(|n| n.value().as_element().and_then(|e| e.attr("class")))
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_ascii_digit())
            .collect()
    };
    let &first = roots.first()?;
    let mut cur = first;
    for _ in 0..POST_LEVELS {
        let p = tree.els[cur as usize].parent;
        if p == NONE || matches!(tree.els[p as usize].tag, "body" | "html") {
            return None;
        }
        let e = &tree.els[cur as usize];
        if e.sig != bare_signature(e.tag) {
            let own = classes(cur);
            let posts: Vec<u32> = tree
                .children(p)
                .into_iter()
                .filter(|&c| {
                    let x = &tree.els[c as usize];
                    c == cur
                        || (x.sig == e.sig
                            && !excluded[c as usize]
                            && x.full.text > 0
                            && x.full.link_density() <= POST_MAX_LINKS
                            && classes(c) == own)
                })
                .collect();
            if posts.len() >= SHORT_THREAD {
                return None;
            }
            if posts.len() > 1 {
                let mut g = items::Group {
                    parent: p,
                    items: posts,
                    text: 0,
                    link: 0,
                    good: 0,
                    blocks: 0,
                };
                for &i in &g.items {
                    let s = &tree.els[i as usize].full;
                    g.text += s.text;
                    g.link += s.link;
                    g.good += s.good;
                    g.blocks += s.blocks;
                }
                return Some(g);
            }
        }
        cur = p;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_addresses() {
        for u in [
            "https://forum.example.org/t/some-topic/123",
            "https://www.exampleforums.com/beginners/42-question.html",
            "https://example.com/forum/general/question",
            "https://example.com/threads/a-question.991/",
            "https://boards.example.com/t/title/1",
            "https://example.net/viewtopic.php?t=5",
            "https://example.co.uk/showthread.php?t=7",
            "https://examplebbs.net/read/1",
        ] {
            assert!(is_thread_url(u), "{u}");
        }
        for u in [
            "https://example.com/2019/11/18/a-story/",
            "https://example.com/news/world-community-responds",
            "https://shop.example.com/t/running-shoes/FD2722",
            "https://docs.example.com/en/6.0/topics/db/models/",
            "https://community.com/article",
            "not a url",
        ] {
            assert!(!is_thread_url(u), "{u}");
        }
    }

    #[test]
    fn thread_markup() {
        let page = |head: &str| Html::parse_document(&format!("<html><head>{head}</head></html>"));
        assert!(is_thread(
            &page(
                r#"<script type="application/ld+json">{"@type":"DiscussionForumPosting"}</script>"#
            ),
            None
        ));
        assert!(is_thread(
            &page(r#"<link rel="canonical" href="https://example.com/forums/topic/9-a/">"#),
            None
        ));
        assert!(is_thread(
            &page(r#"<meta property="og:type" content="Forum">"#),
            None
        ));
        assert!(!is_thread(
            &page(
                r#"<meta property="og:type" content="article"><link rel="canonical" href="https://example.com/a">"#
            ),
            None
        ));
        assert!(is_thread(
            &page(""),
            Some("https://example.com/threads/x.1/")
        ));
    }
}
