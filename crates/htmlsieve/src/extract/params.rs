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
/// ... and fills at least this many cells: a name beside its figures (one filled cell is a
/// link line set in a table).
pub const DATA_ROW_MIN_CELLS: usize = 2;
/// A paragraph, quote or code block of at least this many characters counts as one of its
/// containers' paragraphs (shorter ones are labels, captions, bylines).
pub const PARA_MIN_CHARS: u32 = 40;
/// A block reads like content (the text that widening, the sibling merge and the pruning of
/// review sections weigh) with at least this many characters ...
pub const CONTENT_MIN_CHARS: u32 = 40;
/// ... and less than this share of them in links.
pub const CONTENT_MAX_LINKS: f32 = 0.3;
/// What one class/id verdict, role or tag adds to an element's weight or takes from it
/// (Readability's class weight): the unit the scores and the pruning's limits are read in.
pub const HINT_WEIGHT: f32 = 25.0;
/// An inline `font-size` at or under this many pixels is small print (fine print is set a few
/// sizes below the text) ...
pub const SMALL_PX: f32 = 12.0;
/// ... or this many points (the same size) ...
pub const SMALL_PT: f32 = 9.0;
/// ... or this many `em`/`rem` ...
pub const SMALL_EM: f32 = 0.85;
/// ... or this percentage (the same step below the text around it).
pub const SMALL_PERCENT: f32 = 85.0;

// ── Pruning before scoring: boilerplate wholes set aside (`prune::unlikely`) ──

/// An element holding more than this share of the page's text is never set aside as a whole:
/// a page wrapper with "sidebar" in its class holds everything.
pub const UNLIKELY_MAX_SHARE: f32 = 0.5;
/// Content-like text (characters) outside a reviews section for it to be set aside at any size.
pub const REVIEWS_OUTSIDE_GOOD: u32 = 500;
/// A title banner with more of its text in links than this is a site header.
pub const TITLE_BANNER_MAX_LINKS: f32 = 0.3;

// ── Scoring: paragraphs vote for their containers (`scoring`) ──

/// A block with fewer characters than this outside its links casts no vote: a label, a button,
/// a byline (Readability's limit).
pub const VOTE_MIN_CHARS: u32 = 25;
/// A block with more than this share of its text in links casts no vote: a link line.
pub const VOTE_MAX_LINKS: f32 = 0.5;
/// A vote gains a point a punctuation mark (a clause, a sentence), up to this many ...
pub const VOTE_MAX_PUNCT: u32 = 30;
/// ... and a point for this many characters ...
pub const VOTE_CHARS_PER_POINT: f32 = 100.0;
/// ... up to this many points: one long paragraph does not outvote several (Readability's
/// length bonus).
pub const VOTE_MAX_LENGTH_POINTS: f32 = 3.0;
/// A vote goes to this many levels of containers (the paragraph's, then its ancestors), less at
/// each level: the article's wrapper gains, the page's body hardly.
pub const VOTE_LEVELS: u32 = 5;
/// A vote is divided by 1 at the paragraph's container, by this at its parent ...
pub const VOTE_DIV_PARENT: f32 = 2.0;
/// ... and by the level times this further up (Readability's divisors).
pub const VOTE_DIV_PER_LEVEL: f32 = 3.0;
/// A container's own score by its tag (Readability's): the usual article wrappers ...
pub const TAG_SCORE_WRAPPER: f32 = 5.0;
/// ... boxes that hold running text of their own (a cell, a quote, preformatted text) ...
pub const TAG_SCORE_TEXT_BOX: f32 = 3.0;
/// ... lists, addresses and forms, which hold items rather than prose ...
pub const TAG_SCORE_LIST: f32 = -3.0;
/// ... and headings, which are never the container of an article.
pub const TAG_SCORE_HEADING: f32 = -5.0;
/// Paragraph boxes (`<div><p>…</p></div>`) a container needs for its boxed paragraphs to vote as
/// bare ones: one box beside an author line is a comment's text, not a page builder's layout.
pub const BOXED_MIN: u16 = 2;
/// Text (characters) a container needs for its positive class/id hint to count in full.
pub const FULL_HINT_CHARS: f32 = 500.0;
/// An `<article>` counting more than this many `<article>`s (itself included) is a list of items
/// (teasers, a "you may also like" box): its tag vouches for nothing, and its items are no
/// alternatives to a best outside it (`widen`).
pub const ARTICLE_LIST_ARTICLES: u32 = 2;
/// What an `<article>` of `<article>`s loses: the weight its tag would give an article.
pub const ARTICLE_LIST_PENALTY: f32 = HINT_WEIGHT;
/// A teaser's cut-off excerpt counts this much of a paragraph.
pub const TRUNCATED_WEIGHT: f32 = 0.25;

// ── Widening: the best container grows to the article around it (`widen`) ──

/// A page's `<main>` bounds the choice when it holds this many characters of content-like text
/// (a `<main>` of a few labels is a shell the page fills from scripts).
pub const MAIN_MIN_GOOD: u32 = 200;
/// Candidates scoring at least this fraction of the best are its alternatives.
pub const ALT_RATIO: f32 = 0.6;
/// The best moves up to the ancestor of this many alternatives at least (an article cut into
/// blocks, a thread of posts); fewer are a teaser or two beside the article.
pub const ALT_MIN: usize = 3;
/// A top candidate holding this share of its ancestor's text is the article itself.
pub const DOMINANT_SHARE: f32 = 0.6;
/// The walk up to a parent that scores higher gives up at one scoring below the top's score
/// divided by this: a much weaker ancestor is a page wrapper, not a better container
/// (Readability's divisor).
pub const PROMOTE_SCORE_DIV: f32 = 3.0;
/// A top with less than this share of the page's content-like text is widened ...
pub const EXPAND_BELOW: f32 = 0.4;
/// ... up to an ancestor with this share ...
pub const EXPAND_ENOUGH: f32 = 0.7;
/// ... as long as the ancestors stay below this link density.
pub const EXPAND_MAX_LINKS: f32 = 0.15;
/// A scored sibling joins the top when it scores this fraction of the top's score ...
pub const SIBLING_SCORE_SHARE: f32 = 0.2;
/// ... or this score, whichever is more (Readability's sibling threshold) ...
pub const SIBLING_MIN_SCORE: f32 = 10.0;
/// ... and has less than this share of its text in links (a box of related links scores too).
pub const SIBLING_MAX_LINKS: f32 = 0.33;
/// A data table or definition list beside the top joins it with this many blocks (rows) ...
pub const FACTS_MIN_BLOCKS: u32 = 2;
/// ... this many characters ...
pub const FACTS_MIN_CHARS: u32 = 20;
/// ... and less than this share of them in links: a product's specifications, a fact box.
pub const FACTS_MAX_LINKS: f32 = 0.2;
/// A sibling paragraph (or a box of them) joins the top with more than this many characters ...
pub const SIBLING_PARA_CHARS: u32 = 80;
/// ... less than this share of them in links (Readability's limits) ...
pub const SIBLING_PARA_MAX_LINKS: f32 = 0.25;
/// ... and this many punctuation marks: sentences, not a line of names or labels.
pub const SIBLING_PARA_MIN_PUNCT: u32 = 2;
/// The merged run ends at more than this many siblings with text in a row that do not join
/// (a comment section between the article and a footer paragraph).
pub const MERGE_MAX_GAP: usize = 1;
/// The sibling merge climbs at most this many levels ...
pub const CLIMB_LEVELS: usize = 5;
/// ... through parents whose content-like text the merged siblings hold this share of.
pub const CLIMB_COVERED: f32 = 0.95;

// ── Pruning inside the choice (`prune::conditional`) ──

/// A hidden box, or one named like boilerplate, goes when it holds less than this share of its
/// root's text: more is the content, whatever its class says.
pub const BOILERPLATE_MAX_SHARE: f32 = 0.3;
/// A caption-classed element with more text than this is not a caption ...
pub const CAPTION_MAX_CHARS: u32 = 400;
/// ... nor one with this share of its root's text.
pub const CAPTION_MAX_SHARE: f32 = 0.25;
/// A `<header>`, `<footer>`, `<aside>` or `<nav>` inside the choice goes below this share of its
/// root's text (a root that is mostly one is that element's content).
pub const SECTIONING_MAX_SHARE: f32 = 0.3;
/// A `<figure>` without paragraphs and with less text than this is an image and its caption.
pub const FIGURE_MAX_CHARS: u32 = 300;
/// A paragraph or heading whose class/id weighs against it goes below this share of its root's
/// text.
pub const WEIGHED_TEXT_MAX_SHARE: f32 = 0.1;
/// A box whose class/id weighs against it goes below this share of its root's text ...
pub const WEIGHED_MAX_SHARE: f32 = 0.25;
/// ... when it has fewer punctuation marks than this (fewer than would end a couple of
/// sentences) ...
pub const WEIGHED_MAX_PUNCT: u32 = 3;
/// ... or more than this share of its text in links.
pub const WEIGHED_MAX_LINKS: f32 = 0.2;
/// A box with this many punctuation marks is running text: only its links can prune it ...
pub const TEXT_MIN_PUNCT: u32 = 10;
/// ... more than this share of its text in links ...
pub const TEXT_MAX_LINKS: f32 = 0.5;
/// ... while it holds less than this share of its root's text.
pub const TEXT_MAX_SHARE: f32 = 0.5;
/// A box with more than this share of its text in list items is a list (its items are links by
/// nature: a table of contents, a list of sources).
pub const LIST_TEXT_SHARE: f32 = 0.9;
/// A box with more than this many images ...
pub const GALLERY_IMAGES: u32 = 1;
/// ... fewer paragraphs an image than this ...
pub const GALLERY_PARAS_PER_IMAGE: f32 = 0.5;
/// ... and less text than this is an image gallery.
pub const GALLERY_MAX_CHARS: u32 = 200;
/// A box with more form fields than its paragraphs and list items divided by this (Readability's
/// divisor) ...
pub const FORM_ITEMS_PER_INPUT: u32 = 3;
/// ... and less text than this is a form.
pub const FORM_MAX_CHARS: u32 = 400;
/// A box that is no list, with links and less text than this, is a link stub ...
pub const SHORT_LINKS_MAX_CHARS: u32 = 25;
/// ... unless it holds from one image to this many (a linked picture: Readability's limits).
pub const SHORT_LINKS_MAX_IMAGES: u32 = 2;
/// A box without a positive class/id verdict (weight below [`HINT_WEIGHT`]) goes above this share
/// of its text in links ...
pub const BOX_MAX_LINKS: f32 = 0.33;
/// ... a list, above this share ...
pub const LIST_MAX_LINKS: f32 = 0.5;
/// ... and a box with one, above this share (Readability's).
pub const POSITIVE_MAX_LINKS: f32 = 0.5;
/// A box with one embed (a video, a map) and less text than this is the embed and its label ...
pub const EMBED_MAX_CHARS: u32 = 75;
/// ... and one with several, less text than this.
pub const EMBEDS_MAX_CHARS: u32 = 200;

// ── Block classification inside the choice (`classify`, `pass`) ──

/// A block with more than this share of its text in links is a link line or a box of links ...
pub const LINK_BLOCK_LINKS: f32 = 0.5;
/// ... a table row, more than this (a data row links a name or two beside its figures).
pub const LINK_ROW_LINKS: f32 = 0.8;
/// A block is a paragraph with at least this many characters ...
pub const PARAGRAPH_MIN_CHARS: u32 = 80;
/// ... and less than this share of them in links ...
pub const PARAGRAPH_MAX_LINKS: f32 = 0.33;
/// ... or, when it ends like a sentence, with this many characters ...
pub const SENTENCE_MIN_CHARS: u32 = 40;
/// ... and less than this share of them in links. Other blocks are short: their neighbours and
/// their place decide.
pub const SENTENCE_MAX_LINKS: f32 = 0.2;
/// A block longer than this is not a contact box ...
pub const CONTACT_MAX_CHARS: usize = 400;
/// ... nor one with a line longer than this that ends like a sentence (running text that gives
/// an address).
pub const CONTACT_SENTENCE_CHARS: usize = 60;
/// A phone number holds at least this many digits (a local number has seven; a year, a postcode,
/// a house number fewer).
pub const PHONE_MIN_DIGITS: usize = 7;
/// A block of machine identifiers holds at least this many UUIDs, over half its text.
pub const ID_SOUP_MIN_IDS: usize = 3;
/// The length of one UUID written out (8-4-4-4-12 hex digits and dashes).
pub const UUID_LEN: usize = 36;
/// The share of such a block's text its UUIDs fill at least.
pub const ID_SOUP_MIN_SHARE: f32 = 0.5;
/// Fine print is dropped unless the small text is at least this share of the chosen text (then
/// the page sets its text small).
pub const SMALL_PRINT_MAX_SHARE: f32 = 0.5;
/// A quotation holds more than this many characters between its marks: `"a"` is a symbol.
pub const QUOTED_MIN_CHARS: usize = 2;
/// Link-dense blocks holding more than this share of the chosen text are its content.
pub const LINKS_ARE_CONTENT: f32 = 0.5;
/// A block with at least this many tenths of its text in small print is fine print (dropped
/// unless half of the text is set small too).
pub const SMALL_BLOCK_TENTHS: u32 = 9;
/// Contact details end the text when at least this many real paragraphs of it come before them
/// ...
pub const CONTACT_END_AFTER: usize = 2;
/// ... and no more than this many contact boxes follow (a listing of places or people repeats
/// them).
pub const CONTACT_END_REPEATS: usize = 1;
/// The label just before the contact box goes with it when shorter than this ("Contact:",
/// "Press office").
pub const CONTACT_LABEL_MAX_CHARS: u32 = 50;
/// After contact details, a paragraph this long (characters) that ends like a sentence is
/// running text again and stays.
pub const CONTACT_PROSE_MIN_CHARS: u32 = 150;
/// A block with a copyright sign longer than this is text that mentions one, not a credit.
pub const CREDIT_MAX_CHARS: u32 = 200;
/// A block of this many lines or more is verse or an address, never a short block at the edge:
/// those are a single line.
pub const EDGE_MIN_LINES: usize = 3;
/// A short block at the edge (a byline, a date, "Share") is shorter than this when it does not
/// end like a sentence ...
pub const EDGE_MAX_CHARS: u32 = 50;
/// ... or shorter than this when it has a link.
pub const EDGE_LINK_MAX_CHARS: u32 = 80;
/// How many closing labels and calls to action come off the end at most.
pub const CLOSING_MAX: usize = 2;
/// A closing label ("More on this:", its list gone) is shorter than this.
pub const CLOSING_LABEL_MAX_CHARS: u32 = 80;
/// With more blocks holding an address or a handle than this, they are entries of a listing,
/// not a call to action.
pub const CLOSING_MAX_HANDLES: usize = 2;
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
