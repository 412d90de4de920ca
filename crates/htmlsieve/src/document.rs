//! The extracted document: title, metadata and an ordered list of text blocks. This is what the
//! extractor produces and what every output format renders.

use serde::Serialize;

/// The kind of a block of text, kept so that formats can render structure (Markdown, JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BlockKind {
    Heading {
        level: u8,
    },
    Paragraph,
    ListItem {
        ordered: bool,
        depth: u8,
    },
    /// A table row; its cells are in [`Block::cells`], `text` joins them.
    TableRow {
        header: bool,
    },
    /// Preformatted text or code; whitespace is kept as is.
    Code {
        lang: Option<String>,
    },
    Quote,
    /// An image of the content (only with [`crate::Config::images`]); `text` is empty, the
    /// image's alternative text is `alt`.
    Image {
        src: String,
        alt: String,
    },
}

/// One block of text: a heading, a paragraph, a list item, a table row, a code block or a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    #[serde(flatten)]
    pub kind: BlockKind,
    pub text: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<String>,
    /// The links in `text`, in order (only with [`crate::Config::links`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// The element that holds the block's element, when the block came from a page: two equal
    /// paragraphs in one container are the text repeating itself, in two containers they are two
    /// renderings of the same text (see `clean`).
    #[serde(skip)]
    pub container: Option<ego_tree::NodeId>,
}

/// A link inside a block: its text, as it appears in the block's text, and its target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub text: String,
    pub href: String,
}

impl Block {
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Self {
        Block {
            kind,
            text: text.into(),
            cells: Vec::new(),
            links: Vec::new(),
            container: None,
        }
    }
}

/// Metadata of a page, from meta tags, OpenGraph, JSON-LD and the decoder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    pub url: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    /// The page's date in ISO 8601 (`2017-11-16T14:15:00+00:00`, or `2017-11-16` when only the
    /// day is known).
    pub date: Option<String>,
    /// The date as the page stated it, when that differs from `date` (or could not be read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_raw: Option<String>,
    pub sitename: Option<String>,
    /// The declared language as a BCP 47 primary subtag in lower case (`en`).
    pub lang: Option<String>,
    /// The region the declaration names (`us` of `en-US`), lower case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang_region: Option<String>,
    pub description: Option<String>,
    pub canonical: Option<String>,
    /// What gave `url`: `given` (by the caller: `--url`, the fetched URL), `urls-from` (a
    /// `--urls-from` mapping or a `--save-html` sidecar), or the page's own statement when none
    /// was given: `saved-from`, `canonical`, `og:url`, `base`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url_source: Option<String>,
    /// The encoding the page was decoded with (WHATWG name).
    pub encoding: Option<String>,
    /// What decided the encoding: bom, http-header, meta, detected, detected-over-declared, default.
    pub encoding_source: Option<String>,
    /// What the document holds: `ok`, `empty`, `not_article` (little article-like prose),
    /// `consent_wall`, `paywall` or `error_page` (a soft 404 or "access denied" page). Absent on
    /// a failed input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_status: Option<String>,
    /// Why the status is not `ok`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    /// What kind of page it is: `article`, `forum`, `product`, `collection`, `listing`,
    /// `documentation`, `service` or `other` (a model over the page's markup, stated types, URL
    /// and extracted text; see `extract::page_type`). Absent on plain-text input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_type: Option<String>,
    /// `fetch` of an article whose site config names page links: the URLs whose text the document
    /// joins, in order (its single-page version, or its first page and the next pages followed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<String>,
    /// Why the document is not the whole article its page links describe: the next-page chain was
    /// cut (a page failed, `--max-pages`, a link to another site) or the single-page version failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages_cut: Option<String>,
}

/// Why a block was removed: the rule (with its `file:line`) or the extractor's reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Removal {
    /// Tag with id/classes, e.g. `div#comments.comment-list`.
    pub element: String,
    /// The first characters of the removed text.
    pub preview: String,
    /// `file:line` of a rule, or `extractor`.
    pub origin: String,
    /// Human-readable reason, e.g. `strip .share-bar` or `link density 0.82`.
    pub reason: String,
}

/// A cleaned document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Document {
    pub title: Option<String>,
    pub blocks: Vec<Block>,
    pub metadata: Metadata,
    /// Filled when explanation is asked for (`Config::explain`).
    #[serde(skip)]
    pub removals: Vec<Removal>,
    /// Filled when explanation is asked for: which elements of the parsed page the blocks came
    /// from (for `--explain-html`). Node ids mean nothing without that parse.
    #[serde(skip)]
    pub trace: Trace,
    /// The page-type features the model read, in `page_type_features()` order (for training).
    #[serde(skip)]
    pub page_features: Vec<f32>,
}

/// Elements of the parsed page behind the extractor's decisions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    /// Elements whose text became blocks (before line rules).
    pub kept: Vec<ego_tree::NodeId>,
    /// Elements with text that the extractor left out, with its reason.
    pub dropped: Vec<(ego_tree::NodeId, String)>,
}

impl Document {
    /// The body text: blocks joined by one blank line (the seed-corpus body).
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            if b.text.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&b.text);
        }
        out
    }
}
