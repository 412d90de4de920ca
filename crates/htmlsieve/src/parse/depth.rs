//! A linear pre-pass that bounds the element nesting depth html5ever will build.
//!
//! html5ever's tree builder scans the stack of open elements for most start tags, so a page with
//! N nested elements costs O(N²): 100,000 nested `div`s take minutes. Browsers cap the depth of the
//! tree for the same reason (Blink: 512). This pass tokenizes the markup with a byte scanner,
//! models the open-element stack closely enough (void elements, implied end tags, scopes,
//! formatting elements) and drops the *tags* that would open an element beyond the depth limit,
//! together with their end tags. The text between them stays, so it lands in the deepest allowed
//! element and is still extracted. It also drops formatting start tags (`b`, `font`, …) beyond
//! [`MAX_OPEN_FORMATTING`] unclosed ones, which html5ever would otherwise re-open ("reconstruct")
//! in every following paragraph, attributes beyond [`MAX_ATTRIBUTES`] on one tag (html5ever checks
//! each against all earlier ones) and the attributes of repeated `<html>`/`<body>` tags.
//!
//! With `strip_code` ([`prepass`]) the same walk also leaves out bytes that cannot hold text, so
//! html5ever never tokenizes them: the bodies of `<style>` and `<script>` (JSON-LD kept), comment
//! bodies (the empty comment stays), the drawing inside an inline `<svg>` (elements only, no text,
//! no links: the empty `<svg>` with its attributes stays) and the path data of the rest of SVG.
//! Given an [`AttrCut`], it also leaves out the attributes nothing reads ([`unread_attribute`]:
//! `data-*`, `aria-*`, event handlers, `srcset`, …; a fifth of the bytes html5ever would see).
//! The tree differs from the full parse only in nodes and attributes nothing downstream reads.
//!
//! Every step is O(1) amortized per byte or tag, so the pass is linear. A page that stays within
//! the limits is returned unchanged (borrowed) and untouched.

use memchr::{memchr, memmem};
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// Unclosed formatting elements (`b`, `i`, `font`, …) beyond this many are dropped: each one is
/// re-created by html5ever in every later block, so they multiply the tree.
pub const MAX_OPEN_FORMATTING: usize = 64;

/// Attributes of one tag beyond this many are dropped: html5ever checks each new attribute against
/// all earlier ones of the tag (quadratic), so 150,000 attributes would take minutes.
pub const MAX_ATTRIBUTES: usize = 256;

/// What the pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Start tags dropped (beyond the depth limit or the formatting cap).
    pub dropped_tags: usize,
    /// The deepest nesting the model saw (before dropping).
    pub max_depth_seen: usize,
}

// Known tag names; their position in this list is their id in the interner.
const KNOWN: &[&str] = &[
    "p", "li", "dd", "dt", "td", "th", "tr", "tbody", "thead", "tfoot", "table", "a", "button",
    "option", "optgroup", "select", "form", "h1", "h2", "h3", "h4", "h5", "h6", "applet",
    "caption", "html", "marquee", "object", "template", "ol", "ul", "dl", "svg", "math", "body",
    "head", "br", "nobr", "b", "big", "code", "em", "font", "i", "s", "small", "strike", "strong",
    "tt", "u", "div",
];
const P: u32 = 0;
const LI: u32 = 1;
const DD: u32 = 2;
const DT: u32 = 3;
const TD: u32 = 4;
const TH: u32 = 5;
const TR: u32 = 6;
const TBODY: u32 = 7;
const THEAD: u32 = 8;
const TFOOT: u32 = 9;
const TABLE: u32 = 10;
const A: u32 = 11;
const BUTTON: u32 = 12;
const OPTION: u32 = 13;
const OPTGROUP: u32 = 14;
const SELECT: u32 = 15;
const FORM: u32 = 16;
const H1: u32 = 17;
const H6: u32 = 22;
const APPLET: u32 = 23;
const CAPTION: u32 = 24;
const HTML: u32 = 25;
const MARQUEE: u32 = 26;
const OBJECT: u32 = 27;
const TEMPLATE: u32 = 28;
const OL: u32 = 29;
const UL: u32 = 30;
const DL: u32 = 31;
const SVG: u32 = 32;
const MATH: u32 = 33;
const BODY: u32 = 34;
const HEAD: u32 = 35;
const BR: u32 = 36;
const NOBR: u32 = 37;
/// Ids `NOBR..=U` are the formatting elements (with `A`, which cannot nest in itself).
const U: u32 = 49;

/// Elements whose scope a search for an open element does not cross (the "default scope").
const DEFAULT_SCOPE: &[u32] = &[
    APPLET, CAPTION, HTML, TABLE, TD, TH, MARQUEE, OBJECT, TEMPLATE, SVG, MATH,
];
const TABLE_SCOPE: &[u32] = &[HTML, TABLE, TEMPLATE];
const BUTTON_SCOPE: &[u32] = &[
    APPLET, CAPTION, HTML, TABLE, TD, TH, MARQUEE, OBJECT, TEMPLATE, SVG, MATH, BUTTON,
];
const LIST_SCOPE: &[u32] = &[
    APPLET, CAPTION, HTML, TABLE, TD, TH, MARQUEE, OBJECT, TEMPLATE, SVG, MATH, OL, UL,
];
const DL_SCOPE: &[u32] = &[
    APPLET, CAPTION, HTML, TABLE, TD, TH, MARQUEE, OBJECT, TEMPLATE, SVG, MATH, OL, UL, DL,
];

fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"basefont"
            | b"bgsound"
            | b"br"
            | b"col"
            | b"embed"
            | b"frame"
            | b"hr"
            | b"image"
            | b"img"
            | b"input"
            | b"keygen"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
    )
}

/// Start tags that close an open `p` (in button scope).
fn closes_p(name: &[u8]) -> bool {
    matches!(
        name,
        b"address"
            | b"article"
            | b"aside"
            | b"blockquote"
            | b"center"
            | b"details"
            | b"dialog"
            | b"dir"
            | b"div"
            | b"dl"
            | b"fieldset"
            | b"figcaption"
            | b"figure"
            | b"footer"
            | b"header"
            | b"hgroup"
            | b"main"
            | b"menu"
            | b"nav"
            | b"ol"
            | b"p"
            | b"search"
            | b"section"
            | b"summary"
            | b"ul"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"pre"
            | b"listing"
            | b"form"
            | b"table"
            | b"hr"
            | b"xmp"
            | b"plaintext"
            | b"li"
            | b"dd"
            | b"dt"
    )
}

/// "Special" elements: an end tag for an ordinary element does not close anything across them.
fn is_special(name: &[u8]) -> bool {
    closes_p(name)
        || matches!(
            name,
            b"applet"
                | b"area"
                | b"body"
                | b"button"
                | b"caption"
                | b"col"
                | b"colgroup"
                | b"frameset"
                | b"head"
                | b"html"
                | b"iframe"
                | b"marquee"
                | b"object"
                | b"select"
                | b"td"
                | b"th"
                | b"tr"
                | b"tbody"
                | b"thead"
                | b"tfoot"
                | b"template"
                | b"textarea"
                | b"title"
                | b"noembed"
                | b"noframes"
                | b"noscript"
                | b"script"
                | b"style"
                | b"svg"
                | b"math"
        )
}

/// Elements whose content the tokenizer reads as text up to the matching end tag.
fn is_raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"textarea"
            | b"title"
            | b"xmp"
            | b"iframe"
            | b"noembed"
            | b"noframes"
            | b"noscript"
            | b"plaintext"
    )
}

struct Entry {
    name: u32,
    /// Its start tag was dropped, so its end tag is dropped too.
    dropped: bool,
    /// Still listed in `pos` under its name. The adoption agency can close a formatting element
    /// while the stack keeps its size (a clone takes its place): such an entry is untracked.
    tracked: bool,
}

struct Model {
    names: FxHashMap<Vec<u8>, u32>,
    specials: Vec<bool>,
    stack: Vec<Entry>,
    /// Stack positions of the open elements of each name id.
    pos: Vec<Vec<usize>>,
    /// Stack positions of open special elements.
    special_pos: Vec<usize>,
    /// Open elements whose start tag was kept.
    live: usize,
    /// Unclosed formatting start tags (start tags minus end tags).
    formatting: usize,
    formatting_by_name: Vec<usize>,
    max_depth: usize,
    html_tags: usize,
    body_tags: usize,
    report: Report,
}

impl Model {
    fn new(max_depth: usize) -> Self {
        let mut m = Model {
            names: FxHashMap::default(),
            specials: Vec::new(),
            stack: Vec::new(),
            pos: Vec::new(),
            special_pos: Vec::new(),
            live: 0,
            formatting: 0,
            formatting_by_name: Vec::new(),
            max_depth,
            html_tags: 0,
            body_tags: 0,
            report: Report::default(),
        };
        for k in KNOWN {
            m.intern(k.as_bytes());
        }
        m
    }

    /// Whether `lower` is an `html` or `body` start tag seen before.
    fn repeated_root(&mut self, lower: &[u8]) -> bool {
        let n = match lower {
            b"html" => &mut self.html_tags,
            b"body" => &mut self.body_tags,
            _ => return false,
        };
        *n += 1;
        *n > 1
    }

    fn intern(&mut self, lower: &[u8]) -> u32 {
        if let Some(&id) = self.names.get(lower) {
            return id;
        }
        let id = self.pos.len() as u32;
        self.names.insert(lower.to_vec(), id);
        self.pos.push(Vec::new());
        self.formatting_by_name.push(0);
        self.specials.push(is_special(lower));
        id
    }

    fn last(&self, id: u32) -> Option<usize> {
        self.pos[id as usize].last().copied()
    }

    /// Position of the last open `id` when no element of `barriers` is open above it.
    fn in_scope(&self, id: u32, barriers: &[u32]) -> Option<usize> {
        let p = self.last(id)?;
        barriers
            .iter()
            .all(|&b| !matches!(self.last(b), Some(q) if q > p))
            .then_some(p)
    }

    fn push(&mut self, name: u32, dropped: bool) {
        let p = self.stack.len();
        self.pos[name as usize].push(p);
        if self.specials[name as usize] {
            self.special_pos.push(p);
        }
        if !dropped {
            self.live += 1;
            self.report.max_depth_seen = self.report.max_depth_seen.max(self.live);
        }
        self.stack.push(Entry {
            name,
            dropped,
            tracked: true,
        });
    }

    /// Pop everything down to and including position `p`; returns whether that entry was dropped.
    fn pop_to(&mut self, p: usize) -> bool {
        let mut dropped = false;
        while self.stack.len() > p {
            let Some(e) = self.stack.pop() else { break };
            let q = self.stack.len();
            if e.tracked {
                self.pos[e.name as usize].pop();
            }
            if self.special_pos.last() == Some(&q) {
                self.special_pos.pop();
            }
            if !e.dropped {
                self.live -= 1;
            }
            dropped = e.dropped;
        }
        dropped
    }

    /// Close the formatting element at `p` (the last of its name) the way the adoption agency
    /// does: with a special element open above it the stack keeps its size, else it pops to it.
    fn close_formatting_at(&mut self, p: usize) -> bool {
        if self.special_pos.last().is_some_and(|&s| s > p) {
            let e = &mut self.stack[p];
            self.pos[e.name as usize].pop();
            e.tracked = false;
            return e.dropped;
        }
        self.pop_to(p)
    }

    fn is_formatting(id: u32) -> bool {
        (NOBR..=U).contains(&id)
    }

    fn close_formatting(&mut self, id: u32) {
        let n = &mut self.formatting_by_name[id as usize];
        if *n > 0 {
            *n -= 1;
            self.formatting -= 1;
        }
    }

    /// A start tag: returns whether to drop it.
    fn start(&mut self, lower: &[u8], self_closing: bool) -> bool {
        if is_void(lower) {
            return false;
        }
        let id = self.intern(lower);
        if id == HTML || id == BODY || id == HEAD {
            return false;
        }
        // Implied end tags, as the tree builder would close them.
        if closes_p(lower) {
            if let Some(p) = self.in_scope(P, BUTTON_SCOPE) {
                self.pop_to(p);
            }
        }
        match id {
            LI => {
                if let Some(p) = self.in_scope(LI, LIST_SCOPE) {
                    self.pop_to(p);
                }
            }
            DD | DT => {
                for n in [DD, DT] {
                    if let Some(p) = self.in_scope(n, DL_SCOPE) {
                        self.pop_to(p);
                    }
                }
            }
            H1..=H6
                if self
                    .stack
                    .last()
                    .is_some_and(|t| (H1..=H6).contains(&t.name)) =>
            {
                self.pop_to(self.stack.len() - 1);
            }
            OPTION | OPTGROUP => {
                for n in [OPTION, OPTGROUP] {
                    if n == OPTGROUP && id == OPTION {
                        continue;
                    }
                    if self.stack.last().is_some_and(|t| t.name == n) {
                        self.pop_to(self.stack.len() - 1);
                    }
                }
            }
            TD | TH | TR | TBODY | THEAD | TFOOT => {
                let closes: &[u32] = match id {
                    TD | TH => &[TD, TH],
                    TR => &[TD, TH, TR],
                    _ => &[TD, TH, TR, TBODY, THEAD, TFOOT],
                };
                for &n in closes {
                    if let Some(p) = self.in_scope(n, TABLE_SCOPE) {
                        self.pop_to(p);
                    }
                }
            }
            TABLE => {
                // A table directly inside a table closes the first one.
                if let Some(p) = self.in_scope(TABLE, &[TD, TH, CAPTION, TEMPLATE]) {
                    self.pop_to(p);
                }
            }
            BUTTON | SELECT => {
                if let Some(p) = self.in_scope(id, DEFAULT_SCOPE) {
                    self.pop_to(p);
                }
            }
            A | NOBR => {
                if let Some(p) = self.in_scope(id, DEFAULT_SCOPE) {
                    self.close_formatting(id);
                    self.close_formatting_at(p);
                }
            }
            FORM if self.last(FORM).is_some() => return false,
            _ => {}
        }
        // Self-closing tags only close in foreign content.
        let foreign =
            id == SVG || id == MATH || self.last(SVG).is_some() || self.last(MATH).is_some();
        if self_closing && foreign {
            return false;
        }
        let formatting = Self::is_formatting(id) || id == A;
        // Raw-text elements cannot hold elements: keeping them adds one level at most.
        let drop = !is_raw_text(lower)
            && (self.live >= self.max_depth
                || (formatting && self.formatting >= MAX_OPEN_FORMATTING));
        if formatting && !drop {
            self.formatting += 1;
            self.formatting_by_name[id as usize] += 1;
        }
        self.push(id, drop);
        if drop {
            self.report.dropped_tags += 1;
        }
        drop
    }

    /// An end tag: returns whether to drop it.
    fn end(&mut self, lower: &[u8]) -> bool {
        let Some(&id) = self.names.get(lower) else {
            return false; // never opened: the tree builder ignores it
        };
        if id == HTML || id == BODY || id == HEAD || id == BR {
            return false;
        }
        let Some(p) = self.last(id) else {
            return false;
        };
        if Self::is_formatting(id) || id == A {
            self.close_formatting(id);
            return self.close_formatting_at(p);
        }
        // An end tag for an ordinary element does not close across a special element.
        if !self.specials[id as usize] && self.special_pos.last().is_some_and(|&s| s > p) {
            return false;
        }
        self.pop_to(p)
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// A scanned tag.
struct TagEnd {
    /// Index just after the closing `>`.
    end: usize,
    self_closing: bool,
    /// Where attribute number [`MAX_ATTRIBUTES`] starts, when the tag has more.
    excess_attrs: Option<usize>,
}

/// Scan a tag's attributes from `i` (just after its name) as the tokenizer does. Returns `None` at
/// end of input (the tokenizer then drops the unfinished tag).
fn scan_tag_end(b: &[u8], i: usize) -> Option<TagEnd> {
    scan_tag(b, i, Collect::default(), &mut Vec::new())
}

/// What [`scan_tag`] collects into its list of ranges to leave out.
#[derive(Clone, Copy, Default)]
struct Collect<'a> {
    /// The value ranges of the attributes [`is_geometry`] names.
    geometry: bool,
    /// Whole attributes this cut leaves out ([`AttrCut::cuts`]).
    attrs: Option<&'a AttrCut>,
}

/// [`scan_tag_end`], also collecting into `cut` (in order) what `collect` asks for, from the
/// attributes before number [`MAX_ATTRIBUTES`].
fn scan_tag(
    b: &[u8],
    mut i: usize,
    collect: Collect<'_>,
    cut: &mut Vec<(usize, usize)>,
) -> Option<TagEnd> {
    let mut attrs = 0usize;
    let mut excess_attrs = None;
    let mut name_buf = [0u8; ATTR_NAME_MAX];
    loop {
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        match *b.get(i)? {
            b'>' => {
                return Some(TagEnd {
                    end: i + 1,
                    self_closing: false,
                    excess_attrs,
                })
            }
            b'/' => {
                if b.get(i + 1) == Some(&b'>') {
                    return Some(TagEnd {
                        end: i + 2,
                        self_closing: true,
                        excess_attrs,
                    });
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        if attrs == MAX_ATTRIBUTES {
            excess_attrs = Some(i);
        }
        attrs += 1;
        let collecting = excess_attrs.is_none();
        // Attribute name (a leading `=` belongs to the name).
        let name_start = i;
        i += 1;
        while i < b.len() && !is_ws(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = &b[name_start..i];
        let name_end = i;
        let geometric = collect.geometry && collecting && is_geometry(name);
        // Only the name and value go, the separator before them stays: `<g data-x=1/>` must not
        // become `<g/>`, nor `a="1"data-x=2 b` `a="1"b`. After a `/` (`<g/data-x>`) the name
        // stays too, as `/` before `>` would make the tag self-closing.
        let cut_attr = collecting
            && b[name_start - 1] != b'/'
            && collect.attrs.is_some_and(|c| c.cuts(name, &mut name_buf));
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            if cut_attr {
                cut.push((name_start, name_end));
            }
            continue;
        }
        i += 1;
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        match *b.get(i)? {
            q @ (b'"' | b'\'') => {
                let v = i + 1;
                i += 1 + memchr(q, &b[i + 1..])?;
                if geometric && i > v {
                    cut.push((v, i));
                }
                i += 1;
            }
            b'>' => {
                // `name=>`: an empty value, and the tag ends.
                if cut_attr {
                    cut.push((name_start, i));
                }
                return Some(TagEnd {
                    end: i + 1,
                    self_closing: false,
                    excess_attrs,
                });
            }
            _ => {
                let v = i;
                while i < b.len() && !is_ws(b[i]) && b[i] != b'>' {
                    i += 1;
                }
                // Emptied, an unquoted value would leave `d= ` or `d=>`: keep one character.
                if geometric && i > v + 1 {
                    cut.push((v + 1, i));
                }
            }
        }
        if cut_attr {
            cut.push((name_start, i));
        }
    }
}

/// Attribute names longer than this are never cut (none of [`unread_attribute`]'s fixed names
/// is; a longer `data-*` name stays, which costs nothing but the saving).
const ATTR_NAME_MAX: usize = 48;

/// Attributes nothing downstream reads, by lowercase name: custom data (`data-*`, but for the
/// lazy-image sources `data-src`, `data-lazy-src` and `data-original`), accessibility annotations
/// (`aria-*`, but for `aria-hidden`), event handlers (`on*` but `open`) and resource-loading
/// hints. The tree builder reads none of them either (it reads `type`, `color`, `face`, `size`,
/// `encoding`, `shadowrootmode`). Any of them that a rule's selector names is kept
/// ([`AttrCut::keeping`]).
pub fn unread_attribute(lower: &[u8]) -> bool {
    if let Some(rest) = lower.strip_prefix(b"data-") {
        return !matches!(rest, b"src" | b"lazy-src" | b"original");
    }
    if let Some(rest) = lower.strip_prefix(b"aria-") {
        return rest != b"hidden";
    }
    if let Some(rest) = lower.strip_prefix(b"on") {
        return !rest.is_empty() && rest != b"pen" && rest.iter().all(u8::is_ascii_lowercase);
    }
    matches!(
        lower,
        b"srcset"
            | b"sizes"
            | b"imagesrcset"
            | b"imagesizes"
            | b"loading"
            | b"decoding"
            | b"fetchpriority"
            | b"referrerpolicy"
            | b"crossorigin"
            | b"integrity"
            | b"nonce"
            | b"tabindex"
            | b"target"
    )
}

/// Which attributes [`prepass`] leaves out: those of [`unread_attribute`] but the ones a loaded
/// rule names (a user's `[data-ad-slot]` selector must still match).
#[derive(Debug, Clone, Default)]
pub struct AttrCut {
    named: rustc_hash::FxHashSet<Box<[u8]>>,
}

impl AttrCut {
    /// The cut that keeps every attribute of `names` (any case).
    pub fn keeping<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Self {
        let named = names
            .into_iter()
            .map(|n| {
                n.as_ref()
                    .to_ascii_lowercase()
                    .into_bytes()
                    .into_boxed_slice()
            })
            .filter(|n| unread_attribute(n))
            .collect();
        AttrCut { named }
    }

    /// Whether the attribute `name` (as written) is left out; `buf` holds its lowercase form.
    fn cuts(&self, name: &[u8], buf: &mut [u8; ATTR_NAME_MAX]) -> bool {
        if name.len() > ATTR_NAME_MAX {
            return false;
        }
        let lower = &mut buf[..name.len()];
        for (l, c) in lower.iter_mut().zip(name) {
            *l = c.to_ascii_lowercase();
        }
        unread_attribute(lower) && (self.named.is_empty() || !self.named.contains(&*lower))
    }
}

/// Start tags whose attributes the tree builder compares: a formatting element equal to three
/// open ones (name and attributes) pushes the earliest out of the list it re-opens from (the
/// "Noah's Ark" clause), so cutting their attributes could change the tree. `a` is not among them:
/// a new `<a>` first closes the open one, so there are never three.
fn compares_attributes(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"b" | b"big"
            | b"code"
            | b"em"
            | b"font"
            | b"i"
            | b"nobr"
            | b"s"
            | b"small"
            | b"strike"
            | b"strong"
            | b"tt"
            | b"u"
    )
}

/// Lowercase a tag name into `buf`.
fn lower_into<'a>(name: &[u8], buf: &'a mut Vec<u8>) -> &'a [u8] {
    buf.clear();
    buf.extend(name.iter().map(u8::to_ascii_lowercase));
    buf
}

/// End of a tag name starting at `i`.
fn name_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && !is_ws(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    i
}

/// Index after the end of a comment whose body starts at `i` (after `<!--`).
fn comment_end(b: &[u8], i: usize) -> usize {
    // `<!-->` and `<!--->` are complete (empty) comments.
    if b.get(i) == Some(&b'>') {
        return i + 1;
    }
    if b.get(i..i + 2) == Some(b"->") {
        return i + 2;
    }
    let finder = memmem::Finder::new(b"--");
    let mut j = i;
    while let Some(k) = finder.find(&b[j..]) {
        let k = j + k;
        match b.get(k + 2) {
            Some(b'>') => return k + 3,
            Some(b'!') if b.get(k + 3) == Some(&b'>') => return k + 4,
            _ => j = k + 1,
        }
    }
    b.len()
}

/// Index of the end tag `</name` that closes a raw-text element, scanning from `i`.
fn raw_text_end(b: &[u8], mut i: usize, name: &[u8]) -> usize {
    let finder = memmem::Finder::new(b"</");
    while let Some(k) = finder.find(&b[i..]) {
        let k = i + k;
        let s = k + 2;
        let e = s + name.len();
        if b.get(s..e).is_some_and(|n| n.eq_ignore_ascii_case(name))
            && !matches!(b.get(e), Some(&c) if !(is_ws(c) || c == b'/' || c == b'>'))
        {
            return k;
        }
        i = k + 2;
    }
    b.len()
}

/// Bound the nesting depth of `html` to `max_depth` elements (see the module docs). Returns the
/// markup (borrowed when nothing had to change) and what was done.
pub fn limit_depth(html: &str, max_depth: usize) -> (Cow<'_, str>, Report) {
    prepass(html, max_depth, false, None)
}

/// Whether the content of a raw-text element can be left out of the parse: the code of `<script>`
/// and `<style>` is never text, and on real pages it is about a third of the bytes, which the
/// tokenizer would copy into text nodes only for every later stage to skip them. Embedded page
/// data (`application/json`, ~5 % of the bytes) goes too: only JSON-LD is read (metadata). Kept:
/// content with `<!--`, where the tokenizer's script escape states could end the element
/// elsewhere than at the first end tag, and any JSON script that could be JSON-LD: its attributes
/// name `ld` or hold a character reference (`application/ld&#x2B;json` is JSON-LD too).
fn code_to_strip(lower: &[u8], attrs: &[u8], content: &[u8]) -> bool {
    let has = |word: &[u8]| {
        attrs
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    match lower {
        b"style" => true,
        b"script" => {
            (!has(b"json") || !(has(b"ld") || attrs.contains(&b'&')))
                && memmem::find(content, b"<!--").is_none()
        }
        _ => false,
    }
}

/// Start tags that end foreign (SVG) content in the tree builder ("breakout" tags), plus the
/// elements whose content is parsed as HTML again (integration points) and `title` (metadata reads
/// the first `<title>` of the page): an `<svg>` holding one keeps its content.
fn ends_svg_body(name: &[u8]) -> bool {
    const NAMES: &[&[u8]] = &[
        b"b",
        b"big",
        b"blockquote",
        b"body",
        b"br",
        b"center",
        b"code",
        b"dd",
        b"div",
        b"dl",
        b"dt",
        b"em",
        b"embed",
        b"h1",
        b"h2",
        b"h3",
        b"h4",
        b"h5",
        b"h6",
        b"head",
        b"hr",
        b"i",
        b"img",
        b"li",
        b"listing",
        b"menu",
        b"meta",
        b"nobr",
        b"ol",
        b"p",
        b"pre",
        b"ruby",
        b"s",
        b"small",
        b"span",
        b"strong",
        b"strike",
        b"sub",
        b"sup",
        b"table",
        b"tt",
        b"u",
        b"ul",
        b"var",
        b"font",
        b"foreignobject",
        b"desc",
        b"title",
        b"a",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// The tags and comments inside an `<svg>` whose start tag ends at `start`, when the content is
/// only drawing: elements and comments with nothing but whitespace between them, every end tag
/// closing an element opened inside, no `<a>` (links are counted) and no tag of
/// [`ends_svg_body`]. Returns the ranges to leave out (the whitespace between them stays, so the
/// text of any ancestor is unchanged) and the index of the closing `</svg`; `None` keeps the svg.
fn svg_drawing(b: &[u8], start: usize) -> Option<(Vec<(usize, usize)>, usize)> {
    let mut open: Vec<&[u8]> = Vec::new();
    let mut tags: Vec<(usize, usize)> = Vec::new();
    let mut i = start;
    loop {
        let off = memchr(b'<', &b[i..])?;
        if !b[i..i + off].iter().all(|&c| is_ws(c)) {
            return None;
        }
        let lt = i + off;
        let end = match *b.get(lt + 1)? {
            b'!' if b[lt..].starts_with(b"<!--") => comment_end(b, lt + 4),
            b'/' => {
                if !b.get(lt + 2)?.is_ascii_alphabetic() {
                    return None;
                }
                let ne = name_end(b, lt + 2);
                let name = &b[lt + 2..ne];
                // `</p>` and `</br>` end foreign content too.
                if name.eq_ignore_ascii_case(b"p") || name.eq_ignore_ascii_case(b"br") {
                    return None;
                }
                let tag = scan_tag_end(b, ne)?;
                match open.iter().rposition(|n| n.eq_ignore_ascii_case(name)) {
                    Some(p) => open.truncate(p),
                    None if name.eq_ignore_ascii_case(b"svg") => return Some((tags, lt)),
                    None => return None,
                }
                tag.end
            }
            c if c.is_ascii_alphabetic() => {
                let ne = name_end(b, lt + 1);
                let name = &b[lt + 1..ne];
                if ends_svg_body(name) {
                    return None;
                }
                let tag = scan_tag_end(b, ne)?;
                if tag.excess_attrs.is_some() {
                    return None;
                }
                if !tag.self_closing {
                    open.push(name);
                }
                tag.end
            }
            // CDATA (text), bogus comments, `<` as text.
            _ => return None,
        };
        if end >= b.len() {
            return None;
        }
        match tags.last_mut() {
            Some(last) if last.1 == lt => last.1 = end,
            _ => tags.push((lt, end)),
        }
        i = end;
    }
}

/// Attributes inside SVG whose values are drawing instructions (path data, polygon points): read
/// by nothing, yet the largest part of an inline icon's bytes.
fn is_geometry(name: &[u8]) -> bool {
    name.eq_ignore_ascii_case(b"d") || name.eq_ignore_ascii_case(b"points")
}

/// [`limit_depth`], and with `strip_code` also leave out what cannot hold text: the code inside
/// `<script>` and `<style>` (the elements stay, empty; see [`code_to_strip`]), comment bodies,
/// SVG drawings ([`svg_drawing`]) and SVG path data ([`is_geometry`]); with `attrs` too, the
/// attributes it cuts. One pass over the bytes.
pub fn prepass<'h>(
    html: &'h str,
    max_depth: usize,
    strip_code: bool,
    attrs: Option<&AttrCut>,
) -> (Cow<'h, str>, Report) {
    let b = html.as_bytes();
    let mut m = Model::new(max_depth);
    let mut cut: Vec<(usize, usize)> = Vec::new();
    // What `scan_tag` collects of one start tag, added to `cut` when the tag is kept as it is.
    let mut tag_cuts: Vec<(usize, usize)> = Vec::new();
    let mut buf = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        let next = b.get(lt + 1).copied();
        match next {
            Some(b'!') => {
                i = if b[lt..].starts_with(b"<!--") {
                    let end = comment_end(b, lt + 4);
                    // Comments are never text: keep the node (it separates text nodes), empty.
                    if strip_code && end > lt + 7 && b[..end].ends_with(b"-->") {
                        cut.push((lt + 4, end - 3));
                    }
                    end
                } else if b[lt..].starts_with(b"<![CDATA[")
                    && (m.last(SVG).is_some() || m.last(MATH).is_some())
                {
                    memmem::find(&b[lt..], b"]]>").map_or(b.len(), |k| lt + k + 3)
                } else {
                    memchr(b'>', &b[lt..]).map_or(b.len(), |k| lt + k + 1)
                };
            }
            Some(b'?') => i = memchr(b'>', &b[lt..]).map_or(b.len(), |k| lt + k + 1),
            Some(b'/') => match b.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    let ne = name_end(b, lt + 2);
                    let Some(tag) = scan_tag_end(b, ne) else {
                        break;
                    };
                    let lower = lower_into(&b[lt + 2..ne], &mut buf);
                    if m.end(lower) {
                        cut.push((lt, tag.end));
                    } else if tag.excess_attrs.is_some() {
                        // Attributes of end tags are ignored, but still tokenized: drop them all.
                        cut.push((ne, tag.end - 1));
                    }
                    i = tag.end;
                }
                Some(b'>') => i = lt + 3,
                Some(_) => i = memchr(b'>', &b[lt..]).map_or(b.len(), |k| lt + k + 1),
                None => break,
            },
            Some(c) if c.is_ascii_alphabetic() => {
                let ne = name_end(b, lt + 1);
                let was_foreign = m.last(SVG).is_some() || m.last(MATH).is_some();
                tag_cuts.clear();
                let lower = lower_into(&b[lt + 1..ne], &mut buf);
                let collect = Collect {
                    geometry: strip_code && m.last(SVG).is_some(),
                    attrs: attrs.filter(|_| strip_code && !compares_attributes(lower)),
                };
                let Some(tag) = scan_tag(b, ne, collect, &mut tag_cuts) else {
                    break;
                };
                let dropped = m.start(lower, tag.self_closing);
                if dropped {
                    cut.push((lt, tag.end));
                } else if m.repeated_root(lower) {
                    // A repeated <html>/<body> merges its attributes into the first one, checking
                    // each against all present (quadratic over many repeats): drop them.
                    if ne < tag.end - 1 {
                        cut.push((ne, tag.end - 1));
                    }
                } else {
                    cut.append(&mut tag_cuts);
                    if let Some(at) = tag.excess_attrs {
                        cut.push((at, tag.end - 1));
                    }
                }
                i = tag.end;
                // An inline icon's drawing: the elements go, the `<svg>` stays (empty).
                if strip_code
                    && lower == b"svg"
                    && !dropped
                    && !tag.self_closing
                    && !was_foreign
                    && m.last(SELECT).is_none()
                {
                    if let Some((mut tags, close)) = svg_drawing(b, i) {
                        cut.append(&mut tags);
                        i = close;
                    }
                }
                let foreign = m.last(SVG).is_some() || m.last(MATH).is_some();
                if is_raw_text(lower) && !foreign && !dropped {
                    if lower == b"plaintext" {
                        break;
                    }
                    let name = lower.to_vec();
                    let start = i;
                    i = raw_text_end(b, i, &name);
                    if strip_code
                        && i > start
                        && i < b.len()
                        && code_to_strip(&name, &b[ne..tag.end], &b[start..i])
                    {
                        cut.push((start, i));
                    }
                }
            }
            _ => i = lt + 1,
        }
        if i >= b.len() {
            break;
        }
    }
    if cut.is_empty() {
        return (Cow::Borrowed(html), m.report);
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (s, e) in cut {
        out.push_str(&html[at..s]);
        // A literal `<` before a dropped tag must not join what follows into a new tag
        // (`<<li>a` would become `<a`): written as `&lt;` it is the same text.
        if out.ends_with('<')
            && html[e..]
                .starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
        {
            out.pop();
            out.push_str("&lt;");
        }
        at = e;
    }
    out.push_str(&html[at..]);
    (Cow::Owned(out), m.report)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_literal_lt_before_a_dropped_tag_stays_text() {
        let html = "<b><p><pre><table><tr><td><table><tr><td><<li>a</pre>";
        let (once, _) = super::limit_depth(html, 2);
        let (twice, rep) = super::limit_depth(&once, 2);
        assert_eq!(once, twice);
        assert_eq!(rep.dropped_tags, 0);
        assert!(once.contains("&lt;a"), "{once}");
    }

    use super::*;

    fn depth_of(html: &str) -> usize {
        limit_depth(html, usize::MAX).1.max_depth_seen
    }

    #[test]
    fn models_implied_end_tags() {
        assert_eq!(depth_of("<p>a<p>b<p>c"), 1);
        assert_eq!(depth_of("<ul><li>a<li>b<li>c</ul>"), 2);
        assert_eq!(depth_of("<ul><li>a<ul><li>b</ul></ul>"), 4);
        assert_eq!(depth_of("<table><tr><td>a<td>b<tr><td>c</table>"), 3);
        assert_eq!(depth_of("<dl><dt>a<dd>b<dt>c</dl>"), 2);
        assert_eq!(depth_of("<br><img src=x><hr><input>"), 0);
        assert_eq!(depth_of("<a href=1>x<a href=2>y<a href=3>z"), 1);
        assert_eq!(depth_of("<div><span></div><div></div>"), 2);
        assert_eq!(depth_of("<h1>a<h2>b"), 1);
    }

    #[test]
    fn skips_comments_raw_text_and_quoted_attributes() {
        assert_eq!(depth_of("<!-- <div><div> --><div></div>"), 1);
        assert_eq!(depth_of("<script>'<div><div>'</script><p>x"), 1);
        assert_eq!(depth_of("<p title='a > <div>'>x"), 1);
        assert_eq!(depth_of("<!--> <div>"), 1);
        assert_eq!(depth_of("<textarea><div><div></TEXTAREA ><div>"), 1);
    }

    #[test]
    fn drops_tags_beyond_the_limit_and_keeps_text() {
        let html = format!("{}deep text{}", "<div>".repeat(10), "</div>".repeat(10));
        let (out, rep) = limit_depth(&html, 4);
        assert_eq!(
            out,
            format!("{}deep text{}", "<div>".repeat(4), "</div>".repeat(4))
        );
        assert_eq!(rep.dropped_tags, 6);
        assert_eq!(rep.max_depth_seen, 4);
    }

    #[test]
    fn strips_code_but_keeps_json_and_escaped_scripts() {
        let page = "<head><script src=a.js>var a = '<p>x</p>';</script><STYLE>p{}</STYLE>\
            <script type=\"application/ld+json\">{\"@type\":\"Article\"}</script>\
            <script><!-- document.write('<script>x</script>') --></script></head>\
            <body><p>text</p><noscript><p>kept</p></noscript><script>unclosed";
        let (out, _) = prepass(page, 100, true, None);
        assert_eq!(
            out,
            "<head><script src=a.js></script><STYLE></STYLE>\
            <script type=\"application/ld+json\">{\"@type\":\"Article\"}</script>\
            <script><!-- document.write('<script>x</script>') --></script></head>\
            <body><p>text</p><noscript><p>kept</p></noscript><script>unclosed"
        );
        assert!(matches!(
            prepass(page, 100, false, None).0,
            Cow::Borrowed(_)
        ));
    }

    fn stripped(html: &str) -> String {
        prepass(html, 100, true, None).0.into_owned()
    }

    #[test]
    fn strips_style_bodies_with_end_tags_in_comments_attributes_and_any_case() {
        assert_eq!(
            stripped("<style media='</style>'>a{}</style><p>x"),
            "<style media='</style>'></style><p>x"
        );
        assert_eq!(
            stripped("<StYlE>a{}</sTyLe ><p>after"),
            "<StYlE></sTyLe ><p>after"
        );
        // A comment hides `<style>` tags; inside style text `<!--` hides nothing (as in browsers).
        assert_eq!(
            stripped("<!-- <style>a</style> --><p>x<style>/* <!-- */</style>b"),
            "<!----><p>x<style></style>b"
        );
        // Unterminated: the tokenizer makes the rest style text, so it is left as it is.
        assert_eq!(stripped("<p>a</p><style>b{}"), "<p>a</p><style>b{}");
    }

    #[test]
    fn strips_page_data_json_but_keeps_json_ld() {
        let page = "<script type=application/json id=__NEXT_DATA__>{\"a\":1}</script>\
            <script TYPE=\"Application/LD+JSON\">{\"@type\":\"Article\"}</script>\
            <script type=\"application/ld&#x2B;json\">{}</script>";
        assert_eq!(
            stripped(page),
            "<script type=application/json id=__NEXT_DATA__></script>\
            <script TYPE=\"Application/LD+JSON\">{\"@type\":\"Article\"}</script>\
            <script type=\"application/ld&#x2B;json\">{}</script>"
        );
    }

    #[test]
    fn empties_comments() {
        assert_eq!(
            stripped("a<!-- <p>x</p> -- y -->b<!---->c<!-->d<!-- open"),
            "a<!---->b<!---->c<!-->d<!-- open"
        );
        assert_eq!(stripped("a<!-- x --!>b"), "a<!-- x --!>b");
    }

    #[test]
    fn strips_svg_drawings_keeping_whitespace() {
        assert_eq!(
            stripped("<p>a<SVG viewBox='0 0 1 1'>\n <path d='M0 0'/> <G><svg><circle r=1></circle></svg></g>\n</Svg>b"),
            "<p>a<SVG viewBox='0 0 1 1'>\n  \n</Svg>b"
        );
        // `</svg>` inside a comment or an attribute ends nothing.
        assert_eq!(
            stripped("<svg><!-- </svg> --><g data-x='</svg>'></g></svg>z"),
            "<svg></svg>z"
        );
        // Unterminated: kept (only the path data goes).
        assert_eq!(
            stripped("<svg><path d=\"M0 0\"></path>"),
            "<svg><path d=\"\"></path>"
        );
    }

    #[test]
    fn keeps_svgs_with_text_links_titles_or_html_in_them() {
        for svg in [
            "<svg><text>Chart</text></svg>",
            "<svg><title>Share</title></svg>",
            "<svg><a href=x><path/></a></svg>",
            "<svg><g><p>breaks out</p></g></svg>",
            "<svg><foreignObject><div>x</div></foreignObject></svg>",
            "<svg></g></svg>",
            "<svg><![CDATA[x]]></svg>",
        ] {
            assert_eq!(stripped(svg), svg);
        }
        // Text-bearing drawings lose their path data and points only.
        assert_eq!(
            stripped(
                "<svg><title>T</title><path D='M0 0' fill=red/><polygon points=1,2,3 /></svg>"
            ),
            "<svg><title>T</title><path D='' fill=red/><polygon points=1 /></svg>"
        );
    }

    fn cut_attrs(html: &str, named: &[&str]) -> String {
        let cut = AttrCut::keeping(named);
        prepass(html, 100, true, Some(&cut)).0.into_owned()
    }

    #[test]
    fn cuts_the_attributes_nothing_reads() {
        // Read downstream, kept: class, id, href, src, the lazy sources, alt, style, hidden,
        // aria-hidden, role, itemprop, title, width. Cut: custom data, aria labels, handlers,
        // responsive-image and loading hints.
        let page = "<div class=a DATA-X=\"1\" aria-label='l' onclick=go() id=i role=main \
            itemprop=articleBody hidden aria-hidden=true style=\"display:none\" data-ad>\
            <a href=/x target=_blank data-track=\"{&quot;k&quot;:1}\" title=T tabindex=0>x</a>\
            <img src=a.jpg srcset=\"a 1x, b 2x\" sizes=100vw loading=lazy decoding=async \
            data-src=b.jpg data-lazy-src=c.jpg data-original=d.jpg alt=A width=640></div>";
        assert_eq!(
            cut_attrs(page, &[]),
            "<div class=a    id=i role=main \
            itemprop=articleBody hidden aria-hidden=true style=\"display:none\" >\
            <a href=/x   title=T >x</a>\
            <img src=a.jpg     \
            data-src=b.jpg data-lazy-src=c.jpg data-original=d.jpg alt=A width=640></div>"
        );
        // What a rule names stays (any case); `open` is no event handler.
        assert_eq!(
            cut_attrs(
                "<p data-ad-slot=1 data-x=2 Aria-Label=l><details open>",
                &["data-ad-slot", "ARIA-LABEL"]
            ),
            "<p data-ad-slot=1  Aria-Label=l><details open>"
        );
        // Without a cut, or without `strip_code`, every attribute stays.
        let html = "<p data-x=1>a</p>";
        assert!(matches!(prepass(html, 100, true, None).0, Cow::Borrowed(_)));
        let cut = AttrCut::default();
        assert!(matches!(
            prepass(html, 100, false, Some(&cut)).0,
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn attribute_cuts_keep_the_tokens_around_them() {
        for (html, out) in [
            // The separator before the name stays, so nothing joins or becomes self-closing.
            ("<svg data-x=\"1\"/>", "<svg />"),
            (
                "<svg><text>t</text><g a=1 data-x=\"2\"/></svg>",
                "<svg><text>t</text><g a=1 /></svg>",
            ),
            ("<p a=\"1\"data-x=\"2\"b=3>", "<p a=\"1\"b=3>"),
            ("<p data-x = 'a b' c>", "<p  c>"),
            ("<p data-x=>t", "<p >t"),
            ("<p data-x>t", "<p >t"),
            // After `/` the name stays: `<g/>` would be self-closing.
            (
                "<svg><text>t</text><g/data-x></g></svg>",
                "<svg><text>t</text><g/data-x></g></svg>",
            ),
            // Formatting elements keep theirs: the tree builder compares them.
            (
                "<b data-x=1><i data-y=2><font data-z=3>",
                "<b data-x=1><i data-y=2><font data-z=3>",
            ),
            // End tags, raw text and comments are not attributes.
            (
                "<p>data-x=1</p data-x=1><title>a data-x=1</title>",
                "<p>data-x=1</p data-x=1><title>a data-x=1</title>",
            ),
        ] {
            assert_eq!(cut_attrs(html, &[]), out, "{html}");
        }
        // With more than MAX_ATTRIBUTES, the first ones are cut and the excess goes as before.
        let attrs: String = (0..MAX_ATTRIBUTES + 2)
            .map(|i| format!(" data-{i}=v"))
            .collect();
        let out = cut_attrs(&format!("<p id=x{attrs}>t"), &[]);
        assert_eq!(out, format!("<p id=x{}>t", " ".repeat(MAX_ATTRIBUTES)));
    }

    #[test]
    fn unchanged_pages_are_borrowed() {
        let html = "<html><body><div><p>a</p></div></body></html>";
        assert!(matches!(limit_depth(html, 8).0, Cow::Borrowed(_)));
    }

    #[test]
    fn caps_unclosed_formatting_elements() {
        let html = "<b>".repeat(MAX_OPEN_FORMATTING + 10) + "text";
        let (out, rep) = limit_depth(&html, 10_000);
        assert_eq!(rep.dropped_tags, 10);
        assert!(out.ends_with("text"));
    }

    #[test]
    fn caps_attributes() {
        let attrs: String = (0..MAX_ATTRIBUTES + 50)
            .map(|i| format!(" a{i}=\"v>\""))
            .collect();
        let html = format!("<div{attrs}>text</div><body x=1><body y=2>");
        let (out, _) = limit_depth(&html, 100);
        let kept: String = (0..MAX_ATTRIBUTES)
            .map(|i| format!(" a{i}=\"v>\""))
            .collect();
        assert_eq!(out, format!("<div{kept} >text</div><body x=1><body>"));
    }
}
