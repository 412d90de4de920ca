//! Adblock Plus / uBlock Origin filter lists (`--filter-list FILE`): the cosmetic (element hiding)
//! filters become strip rules; everything else is counted, never silently dropped.
//!
//! Supported: `##selector`, `host1,host2##selector`, `~host` exclusions, `name.*` entities,
//! `#@#` exceptions (generic and per host), `#?#` (ABP extended syntax), uBO HTML filters
//! (`##^selector`), `@@||host^$generichide` / `$elemhide`, and the procedural operators that make
//! sense on a static page: `:has-text()` (`:-abp-contains()`, `:contains()`), `:-abp-has()`,
//! `:upward()` / `:nth-ancestor()`, `:min-text-length()`, `:matches-path()`, `:xpath()`,
//! `:remove()` and `:watch-attr()` (no-ops here). Counted and skipped: network rules, scriptlets
//! and snippets (`##+js()`, `#$#`, `#%#`), `:style()`, and operators that need a rendered page
//! (`:matches-css()`, `:-abp-properties()`, …).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::listfile::{read_lossy, text_match, ListStats};
use super::{Action, ElementRule, Origin, RuleExt, RuleKind, RuleSet, TextMatch, Upward};
use crate::error::Result;

/// Lines of skipped filters kept for `rules list` per list (the counts are always complete).
const MAX_NOTES_PER_LIST: usize = 200;

/// A cosmetic filter's selector, compiled: CSS plus the procedural conditions.
#[derive(Debug, Default)]
pub struct Compiled {
    pub css: String,
    pub text: Vec<(TextMatch, bool)>,
    pub min_text_len: Option<usize>,
    pub path: Option<TextMatch>,
    pub upward: Option<Upward>,
    pub procedural: bool,
    /// `css`, parsed.
    pub selector: Option<scraper::Selector>,
}

/// Why a filter is skipped.
#[derive(Debug, PartialEq, Eq)]
pub enum Skip {
    /// Injects scripts or styles rather than hiding (`:style()`, `+js()`).
    Scriptlet,
    Unsupported(String),
}

/// Operators evaluated by [`compile`]. Others starting a procedural chain are unsupported.
const PROCEDURAL: &[&str] = &[
    "has-text",
    "-abp-contains",
    "contains",
    "upward",
    "nth-ancestor",
    "min-text-length",
    "matches-path",
    "remove",
    "watch-attr",
    "xpath",
    "style",
    "matches-css",
    "matches-css-before",
    "matches-css-after",
    "-abp-properties",
    "matches-attr",
    "matches-prop",
    "matches-media",
    "others",
    "remove-attr",
    "remove-class",
    "if",
    "if-not",
    "shadow",
];

/// Top-level `:name(` positions in a selector (outside brackets, parens and quotes), with the
/// nesting depth they were found at.
fn pseudo_calls(s: &str) -> Vec<(usize, usize, &str)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut quote = 0u8;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' {
            i += 2;
            continue;
        }
        if quote != 0 {
            if c == quote {
                quote = 0;
            }
        } else {
            match c {
                b'"' | b'\'' => quote = c,
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth = depth.saturating_sub(1),
                b':' => {
                    let rest = &s[i + 1..];
                    let name_len = rest
                        .bytes()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'-')
                        .count();
                    if rest.as_bytes().get(name_len) == Some(&b'(') {
                        out.push((i, depth, &rest[..name_len]));
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    out
}

/// The argument of a call starting at `open` (the index of `(`): (argument, index after `)`).
fn call_arg(s: &str, open: usize) -> Option<(&str, usize)> {
    let b = s.as_bytes();
    if b.get(open) != Some(&b'(') {
        return None;
    }
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                i += 2;
                continue;
            }
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some((&s[open + 1..i], i + 1));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn unquote(s: &str) -> &str {
    let t = s.trim();
    for q in ['"', '\''] {
        if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
            return &t[1..t.len() - 1];
        }
    }
    t
}

/// Compile the selector part of a cosmetic filter.
pub fn compile(body: &str) -> std::result::Result<Compiled, Skip> {
    let body = body.replace(":-abp-has(", ":has(");
    let calls = pseudo_calls(&body);
    let first = calls
        .iter()
        .find(|(_, _, n)| PROCEDURAL.contains(n) && *n != "has");
    let mut out = Compiled::default();
    let Some(&(start, depth, _)) = first else {
        out.css = body.trim().to_string();
        return check_css(out);
    };
    if depth > 0 {
        return Err(Skip::Unsupported(
            "procedural operator nested in a selector".into(),
        ));
    }
    out.css = body[..start].trim().to_string();
    out.procedural = true;
    let mut pos = start;
    while pos < body.len() {
        let rest = &body[pos..];
        if rest.trim().is_empty() {
            break;
        }
        let Some(after_colon) = rest.strip_prefix(':') else {
            return Err(Skip::Unsupported(format!(
                "selector after a procedural operator: {:?}",
                rest.trim()
            )));
        };
        let name_len = after_colon
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'-')
            .count();
        let name = &after_colon[..name_len];
        let open = pos + 1 + name_len;
        let Some((arg, next)) = call_arg(&body, open) else {
            return Err(Skip::Unsupported(format!(
                "unbalanced parentheses in :{name}("
            )));
        };
        match name {
            "has-text" | "-abp-contains" | "contains" => {
                out.text
                    .push((text_match(unquote(arg)).map_err(Skip::Unsupported)?, false));
            }
            "upward" | "nth-ancestor" => {
                let a = arg.trim();
                out.upward = Some(match a.parse::<usize>() {
                    Ok(n) if (1..=256).contains(&n) => Upward::Levels(n),
                    Ok(_) => return Err(Skip::Unsupported(format!(":{name}({a}) out of range"))),
                    Err(_) if name == "upward" => Upward::Closest(
                        scraper::Selector::parse(a)
                            .map_err(|e| Skip::Unsupported(format!(":upward({a}): {e}")))?,
                    ),
                    Err(_) => return Err(Skip::Unsupported(format!(":{name}({a})"))),
                });
            }
            "min-text-length" => {
                out.min_text_len = Some(arg.trim().parse().map_err(|_| {
                    Skip::Unsupported(format!(":min-text-length({arg}) is not a number"))
                })?);
            }
            "matches-path" => {
                out.path = Some(text_match(unquote(arg)).map_err(Skip::Unsupported)?);
            }
            "remove" | "watch-attr" => {}
            "xpath" if out.css.is_empty() && out.text.is_empty() && pos == start => {
                let mut t = super::xpath::translate(unquote(arg))
                    .map_err(|e| Skip::Unsupported(format!(":xpath: {e}")))?;
                if t.len() != 1 || t[0].attr.is_some() {
                    return Err(Skip::Unsupported(
                        ":xpath with a union or an attribute step".into(),
                    ));
                }
                let t = t.remove(0);
                out.css = t.css;
                out.text.extend(t.text);
            }
            "style" | "remove-attr" | "remove-class" => return Err(Skip::Scriptlet),
            other => {
                return Err(Skip::Unsupported(format!(
                    ":{other}() needs a rendered page"
                )))
            }
        }
        pos = next;
    }
    if out.css.is_empty() {
        out.css = "*".into();
    }
    check_css(out)
}

fn check_css(mut c: Compiled) -> std::result::Result<Compiled, Skip> {
    if c.css.is_empty() {
        return Err(Skip::Unsupported("empty selector".into()));
    }
    match scraper::Selector::parse(&c.css) {
        Ok(s) => c.selector = Some(s),
        Err(e) => return Err(Skip::Unsupported(format!("selector {:?}: {e}", c.css))),
    }
    Ok(c)
}

/// The separators of cosmetic filters: (text, exception, kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    Hide,
    Exception,
    Script,
}

const SEPARATORS: &[(&str, Sep)] = &[
    ("#@$?#", Sep::Script),
    ("#@?#", Sep::Exception),
    ("#@$#", Sep::Script),
    ("#@%#", Sep::Script),
    ("#$?#", Sep::Script),
    ("#@#", Sep::Exception),
    ("#?#", Sep::Hide),
    ("#$#", Sep::Script),
    ("#%#", Sep::Script),
    ("##", Sep::Hide),
    ("$@$", Sep::Script),
    ("$$", Sep::Script),
];

fn is_domain_list(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '~' | ',' | '*'))
}

/// Find the cosmetic separator of a line: (domains, separator, body).
fn split_cosmetic(line: &str) -> Option<(&str, Sep, &str)> {
    let mut from = 0;
    while let Some(off) = line[from..].find(['#', '$']) {
        let i = from + off;
        if !is_domain_list(&line[..i]) {
            return None;
        }
        for (sep, kind) in SEPARATORS {
            if line[i..].starts_with(sep) {
                return Some((&line[..i], *kind, &line[i + sep.len()..]));
            }
        }
        from = i + 1;
    }
    None
}

fn norm_host(h: &str) -> String {
    let h = h.trim().to_lowercase();
    h.strip_prefix("www.").map(str::to_string).unwrap_or(h)
}

/// One line of a filter list, classified (and compiled when it is a hiding filter).
enum Line<'a> {
    Comment,
    Network,
    GenericHide(String),
    ElemHide(String),
    Scriptlet,
    Unsupported(String),
    Exception {
        include: Vec<String>,
        body: &'a str,
    },
    Hide {
        include: Vec<String>,
        exclude: Vec<String>,
        body: &'a str,
        compiled: Compiled,
    },
}

fn classify(raw: &str) -> Line<'_> {
    let line = raw.trim();
    if line.is_empty() || line.starts_with('!') || line.starts_with('[') {
        return Line::Comment;
    }
    let Some((domains, sep, body)) = split_cosmetic(line) else {
        if let Some(host) = hide_exception(line, "generichide", "ghide") {
            return Line::GenericHide(host);
        }
        if let Some(host) = hide_exception(line, "elemhide", "ehide") {
            return Line::ElemHide(host);
        }
        return Line::Network;
    };
    let mut include = Vec::new();
    let mut exclude = Vec::new();
    for d in domains.split(',').filter(|d| !d.trim().is_empty()) {
        match d.trim().strip_prefix('~') {
            Some(x) => exclude.push(norm_host(x)),
            None => include.push(norm_host(d)),
        }
    }
    let body = body.trim();
    if sep == Sep::Script || body.starts_with("+js(") || body.starts_with("^responseheader(") {
        return Line::Scriptlet;
    }
    // uBO HTML filters remove elements from the page source: the same as hiding here.
    let body = body.strip_prefix('^').unwrap_or(body);
    if sep == Sep::Exception {
        return Line::Exception { include, body };
    }
    match compile(body) {
        Ok(compiled) => Line::Hide {
            include,
            exclude,
            body,
            compiled,
        },
        Err(Skip::Scriptlet) => Line::Scriptlet,
        Err(Skip::Unsupported(msg)) => Line::Unsupported(msg),
    }
}

/// Loads filter lists into a rule set; exceptions apply across every list of the run.
#[derive(Debug, Default)]
pub struct Loader {
    keys: HashMap<String, u32>,
    generic_exceptions: HashSet<u32>,
}

impl Loader {
    fn key(&mut self, selector: &str) -> u32 {
        let n = self.keys.len() as u32 + 1;
        *self.keys.entry(selector.trim().to_string()).or_insert(n)
    }

    /// Load one filter list file.
    pub fn load_file(&mut self, set: &mut RuleSet, path: &Path) -> Result<()> {
        let src = read_lossy(path)?;
        self.load_str(set, &path.display().to_string(), &src);
        Ok(())
    }

    /// Load one filter list's text (`file` names it in origins and reports).
    pub fn load_str(&mut self, set: &mut RuleSet, file: &str, src: &str) {
        let mut st = ListStats {
            file: file.to_string(),
            ..Default::default()
        };
        // Lines are classified and compiled in parallel (selector parsing is the cost), then
        // counted and added in order.
        let lines: Vec<&str> = src.lines().collect();
        let parsed: Vec<Line> = crate::par::map(&lines, |l| classify(l));
        let mut notes = 0usize;
        for (n, (line, parsed)) in lines.iter().zip(parsed).enumerate() {
            let line_no = n + 1;
            st.lines += 1;
            let (include, exclude, body, c) = match parsed {
                Line::Comment => {
                    st.comments += 1;
                    continue;
                }
                Line::Network => {
                    st.network += 1;
                    continue;
                }
                Line::GenericHide(host) => {
                    set.community.generichide.insert(host);
                    st.hide_exceptions += 1;
                    continue;
                }
                Line::ElemHide(host) => {
                    set.community.elemhide.insert(host);
                    st.hide_exceptions += 1;
                    continue;
                }
                Line::Scriptlet => {
                    st.scriptlets += 1;
                    continue;
                }
                Line::Unsupported(msg) => {
                    st.unsupported += 1;
                    if notes < MAX_NOTES_PER_LIST {
                        set.community.skipped.push(format!(
                            "{file}:{line_no}: skipped filter {:?}: {msg}",
                            line.trim()
                        ));
                    }
                    notes += 1;
                    continue;
                }
                Line::Exception { include, body } => {
                    let key = self.key(body);
                    st.exceptions += 1;
                    if include.is_empty() {
                        self.generic_exceptions.insert(key);
                    } else {
                        for h in include {
                            set.community.exceptions.entry(h).or_default().push(key);
                        }
                    }
                    continue;
                }
                Line::Hide {
                    include,
                    exclude,
                    body,
                    compiled,
                } => (include, exclude, body, compiled),
            };
            let Some(selector) = c.selector else {
                continue;
            };
            if include.is_empty() {
                st.generic += 1;
            } else {
                st.specific += 1;
            }
            if c.procedural {
                st.procedural += 1;
            }
            let key = self.key(body);
            let domains = line.trim().split_once(body).map_or("", |(d, _)| d);
            set.elements.push(ElementRule {
                action: Action::Strip,
                selector,
                selector_text: c.css,
                reason: format!("filter {domains}{body}"),
                hosts: include,
                origin: Origin {
                    file: file.to_string(),
                    line: line_no,
                },
                ext: RuleExt {
                    kind: RuleKind::Filter,
                    not_hosts: exclude,
                    text: c.text,
                    min_text_len: c.min_text_len,
                    path: c.path,
                    upward: c.upward,
                    key,
                },
            });
        }
        if notes > MAX_NOTES_PER_LIST {
            set.community.skipped.push(format!(
                "{file}: {} more skipped filters not listed",
                notes - MAX_NOTES_PER_LIST
            ));
        }
        set.files.push(file.to_string());
        set.community.lists.push(st);
    }

    /// Apply generic `#@#` exceptions (they disable a filter everywhere, in every list).
    pub fn finish(self, set: &mut RuleSet) {
        if self.generic_exceptions.is_empty() {
            return;
        }
        let mut disabled: HashMap<String, usize> = HashMap::new();
        set.elements.retain(|r| {
            let off =
                r.ext.kind == RuleKind::Filter && self.generic_exceptions.contains(&r.ext.key);
            if off {
                *disabled.entry(r.origin.file.clone()).or_default() += 1;
            }
            !off
        });
        for l in &mut set.community.lists {
            l.disabled = disabled.get(&l.file).copied().unwrap_or(0);
        }
    }
}

/// `@@||host^$generichide` (or `$elemhide`): the host the exception is for.
fn hide_exception(line: &str, opt: &str, short: &str) -> Option<String> {
    let rest = line.strip_prefix("@@")?;
    let (pattern, options) = rest.rsplit_once('$')?;
    if !options
        .split(',')
        .any(|o| o.trim() == opt || o.trim() == short)
    {
        return None;
    }
    let p = pattern
        .trim_start_matches("||")
        .trim_start_matches("|")
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let host: String = p
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    (!host.is_empty() && host.contains('.')).then(|| norm_host(&host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_cosmetic_lines() {
        assert_eq!(
            split_cosmetic("example.com,~a.example.com##.ad"),
            Some(("example.com,~a.example.com", Sep::Hide, ".ad"))
        );
        assert_eq!(split_cosmetic("##.ad"), Some(("", Sep::Hide, ".ad")));
        assert_eq!(split_cosmetic("#@#.ad"), Some(("", Sep::Exception, ".ad")));
        assert_eq!(
            split_cosmetic("x.org#?#div:-abp-has(.y)"),
            Some(("x.org", Sep::Hide, "div:-abp-has(.y)"))
        );
        assert_eq!(
            split_cosmetic("x.org#$#abort-on-property-read x"),
            Some(("x.org", Sep::Script, "abort-on-property-read x"))
        );
        assert_eq!(split_cosmetic("||ads.example.com^$third-party"), None);
        assert_eq!(split_cosmetic("/banner/*#ad"), None);
        assert_eq!(
            split_cosmetic("##div[id$=\"#x\"]"),
            Some(("", Sep::Hide, "div[id$=\"#x\"]"))
        );
    }

    #[test]
    fn compiles_procedural_filters() {
        let c = compile("div.item:has-text(Sponsored)").unwrap();
        assert_eq!(c.css, "div.item");
        assert!(matches!(&c.text[0], (TextMatch::Contains(s), false) if s == "Sponsored"));
        let c = compile("span:has-text(/^Ad(vertisement)?$/i):upward(2)").unwrap();
        assert!(c.text[0].0.is_match("advertisement"));
        assert!(matches!(c.upward, Some(Upward::Levels(2))));
        let c = compile(".x:-abp-has(.y)").unwrap();
        assert_eq!(c.css, ".x:has(.y)");
        assert!(!c.procedural);
        let c = compile("p:min-text-length(20):remove()").unwrap();
        assert_eq!(c.min_text_len, Some(20));
        let c = compile("a:upward(.card)").unwrap();
        assert!(matches!(c.upward, Some(Upward::Closest(_))));
        let c = compile(":xpath(//div[@class='ad'])").unwrap();
        assert_eq!(c.css, "div[class=\"ad\"]");
        assert_eq!(
            compile("body:style(overflow: auto !important)").err(),
            Some(Skip::Scriptlet)
        );
        assert!(matches!(
            compile("div:matches-css(position: fixed)"),
            Err(Skip::Unsupported(_))
        ));
        assert!(matches!(
            compile("div:has(> span:has-text(x))"),
            Err(Skip::Unsupported(_))
        ));
        assert!(matches!(
            compile("div:has-text(x) > span"),
            Err(Skip::Unsupported(_))
        ));
        assert!(matches!(compile("div[["), Err(Skip::Unsupported(_))));
    }

    proptest::proptest! {
        /// Whatever a list holds, loading it never panics.
        #[test]
        fn any_line_loads(line in "[#@$?%^~:()\\[\\]/'\"a-z.,*=+|!\\\\ -]{0,40}") {
            let _ = classify(&line);
            let _ = compile(&line);
        }
    }

    #[test]
    fn hide_exceptions() {
        assert_eq!(
            hide_exception("@@||www.example.com^$generichide", "generichide", "ghide"),
            Some("example.com".into())
        );
        assert_eq!(
            hide_exception("@@||example.org^$elemhide,document", "elemhide", "ehide"),
            Some("example.org".into())
        );
        assert_eq!(
            hide_exception("@@||example.org^$script", "elemhide", "ehide"),
            None
        );
    }

    #[test]
    fn counts_every_kind_of_line() {
        let mut set = RuleSet::default();
        let mut l = Loader::default();
        let src =
            "[Adblock Plus 2.0]\n! comment\n||ads.example^\n/banner.\n##.ad\nexample.com##.promo\n\
~example.com##.side\n#@#.ad\nexample.com#@#.promo\nexample.com##+js(nowebrtc)\nx.com#$#log 1\n\
##div:matches-css(color: red)\n##.card:has-text(Sponsored)\n@@||example.org^$generichide\n";
        l.load_str(&mut set, "t.txt", src);
        l.finish(&mut set);
        let st = &set.community.lists[0];
        assert_eq!(st.comments, 2);
        assert_eq!(st.network, 2);
        assert_eq!(st.generic, 3);
        assert_eq!(st.specific, 1);
        assert_eq!(st.exceptions, 2);
        assert_eq!(st.scriptlets, 2);
        assert_eq!(st.unsupported, 1);
        assert_eq!(st.procedural, 1);
        assert_eq!(st.hide_exceptions, 1);
        assert_eq!(st.disabled, 1);
        assert!(set.community.skipped[0].starts_with("t.txt:12: skipped filter"));
        // `##.ad` is disabled everywhere by `#@#.ad`.
        assert!(set.elements.iter().all(|r| r.selector_text != ".ad"));
    }
}
