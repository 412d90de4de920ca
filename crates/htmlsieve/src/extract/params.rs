//! The extractor's tuning thresholds, in one place, grouped by the pass that reads them (in
//! pipeline order; see `mod.rs`). Each says what its value decides.
//!
//! Takes nothing; gives named numbers. Changing one changes output: measure it
//! (`benches/quality.py`) and say so. Bounds that are not tuning (table sizes, walk limits, tag
//! lists, word patterns) stay beside the code that uses them.

// ── Candidates: the page's elements and text blocks (`candidates`, `blocks`, `tree`, `hints`) ──

/// A currency conversion list names at least this many currencies ...
pub const CURRENCY_LIST_MIN: usize = 3;
/// ... in items of at most this many bytes each.
pub const CURRENCY_ITEM_MAX: usize = 40;
/// An image stated narrower or lower than this (pixels) is an icon, a spacer or a tracker.
pub const MIN_IMAGE_PX: f32 = 32.0;
/// A hidden element with less text than this (bytes) is never the page's content ...
pub const HIDDEN_WRAPPER_MIN_TEXT: usize = 500;
/// ... and one with more than this share of the page's text always is ...
pub const HIDDEN_WRAPPER_SHARE: f32 = 0.5;
/// ... or this share, when it holds the page's `<h1>`.
pub const HIDDEN_WRAPPER_SHARE_H1: f32 = 0.25;
/// A heading slug (an id made of the heading's words) has at least this many words ...
pub const SLUG_MIN_WORDS: usize = 5;
/// ... and this many characters.
pub const SLUG_MIN_LEN: usize = 30;
/// A table row with at most this share of its text in links is a data row.
pub const DATA_ROW_MAX_LINKS: f32 = 0.6;

// ── Pruning before scoring: boilerplate wholes set aside (`prune::unlikely`) ──

/// An element holding more than this share of the page's text is never set aside as a whole:
/// a page wrapper with "sidebar" in its class holds everything.
pub const UNLIKELY_MAX_SHARE: f32 = 0.5;
/// Content-like text (characters) outside a reviews section for it to be set aside at any size.
pub const REVIEWS_OUTSIDE_GOOD: u32 = 500;
/// A title banner with more of its text in links than this is a site header.
pub const TITLE_BANNER_MAX_LINKS: f32 = 0.3;

// ── Scoring: paragraphs vote for their containers (`scoring`) ──

/// Text (characters) a container needs for its positive class/id hint to count in full.
pub const FULL_HINT_CHARS: f32 = 500.0;
/// What an `<article>` of `<article>`s loses: the weight its tag would give an article.
pub const ARTICLE_LIST_PENALTY: f32 = 25.0;
/// A teaser's cut-off excerpt counts this much of a paragraph.
pub const TRUNCATED_WEIGHT: f32 = 0.25;

// ── Widening: the best container grows to the article around it (`widen`) ──

/// A page's `<main>` bounds the choice when it holds this many characters of content-like text
/// (a `<main>` of a few labels is a shell the page fills from scripts).
pub const MAIN_MIN_GOOD: u32 = 200;
/// Candidates scoring at least this fraction of the best are its alternatives.
pub const ALT_RATIO: f32 = 0.6;
/// A top candidate holding this share of its ancestor's text is the article itself.
pub const DOMINANT_SHARE: f32 = 0.6;
/// A top with less than this share of the page's content-like text is widened ...
pub const EXPAND_BELOW: f32 = 0.4;
/// ... up to an ancestor with this share ...
pub const EXPAND_ENOUGH: f32 = 0.7;
/// ... as long as the ancestors stay below this link density.
pub const EXPAND_MAX_LINKS: f32 = 0.15;
/// The sibling merge climbs at most this many levels ...
pub const CLIMB_LEVELS: usize = 5;
/// ... through parents whose content-like text the merged siblings hold this share of.
pub const CLIMB_COVERED: f32 = 0.95;

// ── Pruning inside the choice (`prune::conditional`) ──

/// A box whose class/id weighs against it is pruned below this many punctuation marks: fewer
/// than would end a couple of sentences.
pub const WEIGHED_MAX_PUNCT: u32 = 3;
/// A caption-classed element with more text than this is not a caption.
pub const CAPTION_MAX_CHARS: u32 = 400;

// ── Block classification inside the choice (`classify`, `pass`) ──

/// A block with a copyright sign longer than this is text that mentions one, not a credit.
pub const CREDIT_MAX_CHARS: u32 = 200;
/// A block longer than this is not a contact box.
pub const CONTACT_MAX_CHARS: usize = 400;
/// A block of machine identifiers holds at least this many UUIDs, over half its text.
pub const ID_SOUP_MIN_IDS: usize = 3;
/// Link-dense blocks holding more than this share of the chosen text are its content.
pub const LINKS_ARE_CONTENT: f32 = 0.5;
/// How many closing labels and calls to action come off the end at most.
pub const CLOSING_MAX: usize = 2;
/// A closing line longer than this is a paragraph, not a call to action ...
pub const CTA_MAX_CHARS: u32 = 250;
/// ... and one with a link (but no address or handle) must be shorter than this.
pub const CTA_LINK_MAX_CHARS: u32 = 80;
/// A "heading" longer than this (characters) is a paragraph set in a heading tag: text of its
/// own, kept though its section is gone.
pub const ORPHAN_HEADING_MAX_CHARS: usize = 100;

// ── Recovery: when the passes found too little (`recovery`) ──

/// Main content shorter than this (characters) sends the extractor to its relaxed pass (and to
/// the page's `<noscript>` copy).
pub const MIN_CHARS: u32 = 500;
/// Below this, the last resort collects every paragraph-like block of the page (and rules that
/// removed much of the page's main content are undone).
pub const LAST_RESORT_CHARS: u32 = 60;
/// The last resort keeps blocks of at least this many characters ...
pub const LAST_RESORT_MIN_BLOCK: u32 = 30;
/// ... with less than this share of them in links.
pub const LAST_RESORT_MAX_LINKS: f32 = 0.3;
/// A `<noscript>` with less markup than this is a fallback image or an "enable JavaScript" note.
pub const NOSCRIPT_MIN_BYTES: usize = 500;
/// When the page's markup yields less than this share of its JSON-LD `articleBody`, the text is
/// rendered by scripts (or hidden behind a "read more" toggle): the structured data is the text.
pub const BODY_FALLBACK_SHARE: f32 = 0.5;
/// A rule-removed element holding more than this share of the page's text may be the content.
pub const REMOVED_PAGE_SHARE: f32 = 0.2;

// ── Additions: the lead beside the choice (`additions::lead`) ──

/// The headline and the chosen content share an ancestor at most this many levels above it.
pub const LEAD_MAX_LEVELS: usize = 4;
/// A lead without sentence punctuation at its end has at least this many characters.
pub const LEAD_OPEN_CHARS: u32 = 100;
/// A lead paragraph has at least this many characters ...
pub const LEAD_MIN_CHARS: u32 = 80;
/// ... and at most this share of them in links.
pub const LEAD_MAX_LINKS: f32 = 0.2;

// ── Additions: a repeated group beside or inside the choice (`additions::grid`, `items`) ──

/// A kept block counts as one of the choice's paragraphs with at least this many characters ...
pub const GRID_PARA_MIN_CHARS: u32 = 80;
/// ... and less than this share of them in links.
pub const GRID_PARA_MAX_LINKS: f32 = 0.3;
/// A group elsewhere on the page joins the choice when it holds this many times its text ...
pub const GRID_OVER_APART: f32 = 1.5;
/// ... and its items have this many blocks each on average (title, price, excerpt: records,
/// not a column of testimonials).
pub const GRID_MIN_FIELDS: f32 = 2.0;
/// ... and the choice has at most this many paragraphs (a cookie notice, a blurb: no article).
pub const GRID_WEAK_PARAS: usize = 2;
/// ... or, for a group before the choice, this many times its text whatever the choice is.
pub const GRID_OVER_BEFORE: f32 = 2.5;
/// A group overlapping the choice is kept whole when it holds this many times its text.
pub const GRID_OVER_INSIDE: f32 = 1.2;
/// A grid of records that the pruning lost joins the content it lies in when it holds this share
/// of that content's text ...
pub const LOST_OVER: f32 = 0.5;
/// ... and less than this share of its own text was kept.
pub const LOST_KEPT: f32 = 0.2;
/// A grid of records replaces the text after it when it has this many items ...
pub const RECORDS_MIN_ITEMS: usize = 8;
/// ... of this many blocks each on average ...
pub const RECORDS_MIN_FIELDS: f32 = 2.5;
/// ... and this much text each at most on average (characters) ...
pub const RECORDS_MAX_MEAN: f32 = 100.0;
/// ... and that text holds at most this many times the grid's text.
pub const RECORDS_COPY_MAX: f32 = 3.0;

/// A group needs at least this many items ...
pub const MIN_ITEMS: usize = 4;
/// ... with at least this much text on average (characters): menus and tag clouds have less.
pub const MIN_MEAN_TEXT: u32 = 20;
/// No one item may hold more than this share of the group's text (or two items' worth of an
/// even share, for small groups): page sections of a layout are not items of a list.
pub const MAX_ITEM_SHARE: f32 = 0.5;
/// The boxes of a listing split over parallel boxes wrap the group's parent this many levels
/// deep at most.
pub const PARALLEL_MAX_LEVELS: usize = 3;
/// The boxes' items hold this share of the group's mean text per item at least.
pub const PARALLEL_MEAN_SHARE: f32 = 0.5;
/// Posts are items this long on average (characters of kept text) ...
pub const POST_MIN_MEAN_TEXT: u32 = 150;
/// ... with a body slot holding this much text in at least one of them (a teaser's excerpt is
/// shorter: listings of teasers keep their dates and bylines).
pub const POST_MIN_BODY: u32 = 300;
/// A slot is furniture when it is in this share of the items ...
pub const FURNITURE_ITEM_SHARE: f32 = 0.5;
/// ... and none of its blocks holds more than this (characters): user name, rank, post count,
/// dates.
pub const FURNITURE_MAX_CHARS: u32 = 50;
/// A line of this many characters at most that recurs word for word in [`REPEAT_MIN_ITEMS`]
/// items is the posts' furniture too ("Reply", "Click to expand...", a signature).
pub const REPEAT_MAX_CHARS: u32 = 200;
/// See [`REPEAT_MAX_CHARS`].
pub const REPEAT_MIN_ITEMS: usize = 3;
/// A profile field line is this short at most (characters; a few fields may share a line).
pub const PROFILE_MAX_CHARS: u32 = 100;
/// Titles lead this share of the items at least ...
pub const TITLE_ITEM_SHARE: f32 = 0.8;
/// ... with this many words on average (names and user names are shorter) ...
pub const TITLE_MIN_MEAN_WORDS: usize = 3;
/// ... and this many characters at most each, in items that hold [`TITLE_CONTENT_SHARE`] of
/// the kept text.
pub const TITLE_MAX_CHARS: u32 = 200;
/// See [`TITLE_MAX_CHARS`].
pub const TITLE_CONTENT_SHARE: f32 = 0.8;
/// A grid needs this many items before a heading in (nearly) all of them counts as a label ...
pub const LABEL_MIN_ITEMS: usize = 8;
/// ... in at least this share of them.
pub const LABEL_ITEM_SHARE: f32 = 0.9;
/// A recurring link is a label when it is this short (characters).
pub const LABEL_LINK_MAX_CHARS: u32 = 40;

// ── Additions: the posts beside the chosen one on a thread (`thread::sibling_posts`) ──

/// How many levels above the chosen content a post's container may sit.
pub const POST_LEVELS: usize = 8;
/// Fewer posts than this are no group of their own (see [`MIN_ITEMS`]).
pub const SHORT_THREAD: usize = 4;
/// A post beside the chosen one has at most this share of its text in links.
pub const POST_MAX_LINKS: f32 = 0.5;

// ── Page type (`page_type`): feature definitions the shipped model was trained with; a change
// here needs the model retrained (`rules/page-type-model.json`) ──

/// Visible text below this (characters), with no stated type or URL, leaves nothing to judge:
/// `other`.
pub const MIN_PAGE_CHARS: f32 = 40.0;
/// Text nodes up to this many bytes are read as interface words (button and link labels).
pub const SHORT_TEXT: usize = 48;
/// Children of one parent with the same signature, at least this many, are a repeated structure.
pub const REPEAT: u32 = 4;

// ── Content status of the finished document (`status`, run after `clean`) ──

/// Readability's isProbablyReaderable thresholds: paragraphs shorter than this (characters) do
/// not count ...
pub const READERABLE_MIN_CHARS: usize = 140;
/// ... and the page reads as an article when the sum of sqrt(length - MIN) reaches this.
pub const READERABLE_SCORE: f64 = 20.0;
/// A consent or paywall text is at most this many words: a longer text that mentions cookies or
/// a subscription is an article about them, or an article with a banner left in.
pub const WALL_MAX_WORDS: usize = 150;
/// An error page's text is short: at most this many words.
pub const ERROR_MAX_WORDS: usize = 120;
/// A short article still reads as one: paragraphs of at least this many characters (a sentence
/// or two) ...
pub const PROSE_PARAGRAPH_CHARS: usize = 80;
/// ... adding up to this many pass where Readability's test, made for whole pages, would call
/// a three-paragraph news brief unreadable.
pub const PROSE_TOTAL_CHARS: usize = 400;
/// A consent wall names at least this many consent terms.
pub const CONSENT_MIN_TERMS: usize = 2;
