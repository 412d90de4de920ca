//! Content status: what the finished document is, so that users can filter a corpus on it.
//!
//! In: the cleaned [`Document`] and the page's HTML text. Out: a [`ContentStatus`] with a reason,
//! stored in `metadata.content_status` / `metadata.status_reason`. It judges; it removes nothing.
//! A page served with HTTP 200 can still be a "not found" page, a cookie wall or a paywall teaser,
//! and a run that counts those as successes misleads whoever builds a corpus from it.

use std::sync::LazyLock;

use regex::Regex;

use super::params::{
    CONSENT_MIN_TERMS, ERROR_MAX_WORDS, PROSE_PARAGRAPH_CHARS, PROSE_TOTAL_CHARS,
    READERABLE_MIN_CHARS, READERABLE_SCORE, WALL_MAX_WORDS,
};
use crate::document::{BlockKind, Document};

/// What a document holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentStatus {
    /// Text that reads like the page's content.
    Ok,
    /// Nothing was kept (see the reason).
    Empty,
    /// Text was kept, but it is not article-like prose: few or no paragraphs of any length
    /// (Readability's `isProbablyReaderable` test), or a directory listing. Listings, shops and
    /// link pages are often this; it is a low-confidence mark, not an error.
    NotArticle,
    /// The text is a cookie or consent banner standing in for the page.
    ConsentWall,
    /// The page says its text is for subscribers (schema.org `isAccessibleForFree: false`, or a
    /// short text that asks to subscribe or sign in to read on).
    Paywall,
    /// A "not found", "access denied" or server-error page served as a normal page (a soft 404).
    ErrorPage,
}

impl ContentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ContentStatus::Ok => "ok",
            ContentStatus::Empty => "empty",
            ContentStatus::NotArticle => "not_article",
            ContentStatus::ConsentWall => "consent_wall",
            ContentStatus::Paywall => "paywall",
            ContentStatus::ErrorPage => "error_page",
        }
    }
}

static ERROR_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(?:error\s*)?(?:404|403|410|500|502|503)\b.{0,40}\b(?:not\s+found|forbidden|error|gone|unavailable)|page\s+(?:not\s+found|(?:can(?:not|'t|’t)|could\s+not)\s+be\s+found)|not\s+found|access\s+denied|forbidden|internal\s+server\s+error|service\s+(?:temporarily\s+)?unavailable|(?:this\s+)?page\s+(?:does\s+not|doesn't|doesn’t)\s+exist|no\s+longer\s+available)\b",
    )
    .expect("valid regex")
});
static DIRECTORY_LISTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:index\s+of\s+/|directory\s+listing\s+for\s+/)").expect("valid regex")
});
static CONSENT_TERM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:cookies?|consent|accept\s+all|reject\s+all|manage\s+(?:preferences|options|settings)|privacy\s+(?:settings|preferences|policy)|we\s+and\s+our\s+(?:\d+\s+)?partners|legitimate\s+interest|personali[sz]ed\s+(?:ads|content))\b",
    )
    .expect("valid regex")
});
static PAYWALL_PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(?:subscribe|sign\s+in|log\s+in|register|become\s+a\s+member)\s+(?:now\s+)?to\s+(?:continue\s+reading|keep\s+reading|read\s+(?:the\s+(?:full|rest)|this|more)|unlock|access)|(?:this\s+(?:article|story|content)\s+is\s+(?:only\s+)?(?:for|available\s+to|reserved\s+for)\s+(?:paying\s+)?(?:subscribers|members))|already\s+a\s+subscriber|subscribers\s+only|premium\s+(?:article|content)\s+for\s+subscribers)\b",
    )
    .expect("valid regex")
});
static NOT_FREE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)"isAccessibleForFree"\s*:\s*"?false"#).expect("valid regex")
});

/// Judge a finished document; `html` is the page's text, for what the page states about itself.
pub fn judge(doc: &Document, html: &str) -> (ContentStatus, Option<String>) {
    let body = doc.body_text();
    let words = body.split_whitespace().count();
    let title = doc.title.as_deref().unwrap_or("");
    let first_heading = doc
        .blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::Heading { .. }))
        .map_or("", |b| b.text.as_str());
    let head_text = |s: &str| s.chars().take(200).collect::<String>();
    // A server's file index says what it is even when none of its links were kept.
    if DIRECTORY_LISTING.is_match(title) || DIRECTORY_LISTING.is_match(first_heading) {
        return (
            ContentStatus::NotArticle,
            Some("a directory listing".to_string()),
        );
    }
    if words == 0 {
        let reason = if title.is_empty() {
            "no text was kept"
        } else {
            "only the title was kept: the page's text was judged boilerplate or there is none"
        };
        if ERROR_TITLE.is_match(title) {
            return (
                ContentStatus::ErrorPage,
                Some(format!("error page: {:?}", head_text(title))),
            );
        }
        return (ContentStatus::Empty, Some(reason.to_string()));
    }
    if words <= ERROR_MAX_WORDS {
        for (what, s) in [("title", title), ("heading", first_heading)] {
            if ERROR_TITLE.is_match(s) {
                return (
                    ContentStatus::ErrorPage,
                    Some(format!("error page: the {what} says {:?}", head_text(s))),
                );
            }
        }
        if ERROR_TITLE.is_match(&head_text(&body)) && words <= ERROR_MAX_WORDS / 2 {
            return (
                ContentStatus::ErrorPage,
                Some("error page: the text says so".to_string()),
            );
        }
    }
    if words <= WALL_MAX_WORDS {
        let terms = CONSENT_TERM.find_iter(&body).count();
        if terms >= CONSENT_MIN_TERMS {
            return (
                ContentStatus::ConsentWall,
                Some(format!(
                    "a cookie or consent notice ({terms} consent terms in {words} words)"
                )),
            );
        }
    }
    // The page's own word comes first; a prompt counts only in a short text (a teaser).
    if NOT_FREE.is_match(html) {
        return (
            ContentStatus::Paywall,
            Some("the page states isAccessibleForFree: false".to_string()),
        );
    }
    if words <= WALL_MAX_WORDS * 2 && PAYWALL_PROMPT.is_match(&body) {
        return (
            ContentStatus::Paywall,
            Some("a short text that asks to subscribe or sign in to read on".to_string()),
        );
    }
    let prose: Vec<usize> = doc
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Quote))
        .map(|b| b.text.chars().count())
        .collect();
    let score: f64 = prose
        .iter()
        .filter(|&&n| n >= READERABLE_MIN_CHARS)
        .map(|&n| ((n - READERABLE_MIN_CHARS) as f64).sqrt())
        .sum();
    let prose_chars: usize = prose.iter().filter(|&&n| n >= PROSE_PARAGRAPH_CHARS).sum();
    if score < READERABLE_SCORE && prose_chars < PROSE_TOTAL_CHARS {
        return (
            ContentStatus::NotArticle,
            Some(format!(
                "little article-like prose (readability score {score:.1} < {READERABLE_SCORE})"
            )),
        );
    }
    (ContentStatus::Ok, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Block;

    fn doc(title: &str, paras: &[&str]) -> Document {
        Document {
            title: (!title.is_empty()).then(|| title.to_string()),
            blocks: paras
                .iter()
                .map(|p| Block::new(BlockKind::Paragraph, *p))
                .collect(),
            ..Default::default()
        }
    }

    fn long(n: usize) -> String {
        "The council met on Tuesday to discuss the bridge and its repairs. ".repeat(n)
    }

    #[test]
    fn articles_are_ok_and_short_notes_are_low_confidence() {
        let p = long(4);
        let d = doc("Bridge repairs", &[&p, &p, &p]);
        assert_eq!(judge(&d, "").0, ContentStatus::Ok);
        let d = doc("My note", &["Just one short paragraph."]);
        assert_eq!(judge(&d, "").0, ContentStatus::NotArticle);
    }

    #[test]
    fn empty_error_consent_paywall_and_listings() {
        assert_eq!(judge(&doc("My note", &[]), "").0, ContentStatus::Empty);
        assert_eq!(judge(&doc("", &[]), "").0, ContentStatus::Empty);
        let d = doc(
            "Page not found",
            &["Sorry, we could not find that page. Try the search."],
        );
        assert_eq!(judge(&d, "").0, ContentStatus::ErrorPage);
        let d = doc("403 Forbidden", &[]);
        assert_eq!(judge(&d, "").0, ContentStatus::ErrorPage);
        let d = doc(
            "Daily News",
            &["We value your privacy. We and our partners use cookies to store and access information on your device. Accept all or manage preferences."],
        );
        assert_eq!(judge(&d, "").0, ContentStatus::ConsentWall);
        let d = doc(
            "Budget talks stall",
            &[
                "Ministers met again on Monday.",
                "Subscribe to continue reading.",
            ],
        );
        assert_eq!(judge(&d, "").0, ContentStatus::Paywall);
        let p = long(4);
        let d = doc("Budget talks stall", &[&p, &p]);
        let html =
            r#"<script type="application/ld+json">{"isAccessibleForFree": "False"}</script>"#;
        assert_eq!(judge(&d, html).0, ContentStatus::Paywall);
        let d = doc("Directory listing for /news/", &["a.html", "b.html"]);
        let (status, reason) = judge(&d, "");
        assert_eq!(status, ContentStatus::NotArticle);
        assert_eq!(reason.as_deref(), Some("a directory listing"));
    }

    #[test]
    fn long_texts_about_cookies_or_errors_are_articles() {
        let p = "Cookies and consent banners are everywhere; privacy settings confuse readers. "
            .repeat(8);
        let d = doc("Why cookie banners fail", &[&p, &p, &p]);
        assert_eq!(judge(&d, "").0, ContentStatus::Ok);
        let d = doc("The 404 page not found error, explained", &[&p, &p, &p]);
        assert_eq!(judge(&d, "").0, ContentStatus::Ok);
    }
}
