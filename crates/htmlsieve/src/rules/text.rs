//! Line-level text rules: drop cruft lines ("ADVERTISEMENT", "Leave a Reply"), trim a cruft part of
//! a line (a `date 2024-02-07` prefix), and cut trailing sections ("Related posts" and everything
//! after it). Used by the clean stage on extracted blocks and on plain-text documents (`--text`).
//!
//! A rule can be limited to a zone of the document (see [`LineWhere`]); the zones are found from the
//! shape of the text, so that a short label above the title or a "Read more" near the end is
//! treated differently from the same words inside the article.

use super::{Origin, RuleSet};
use crate::document::Removal;

#[derive(Debug, Clone)]
pub enum LinePattern {
    /// The whole line, trimmed and without a trailing colon, equals this text (case-insensitive;
    /// stored lowercase).
    Literal(String),
    /// The regex matches the trimmed line (anchor it with `^…$` to match whole lines).
    Regex(regex::Regex),
}

/// Where in a document a line rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineWhere {
    /// Every line.
    Anywhere,
    /// The head: the lines up to and including the first paragraph-like line (at most
    /// [`HEAD_MAX`] lines).
    Start,
    /// The lines above the title: in text mode the title is the last line of the head before the
    /// first paragraph; for a web page it is the block that repeats the page title.
    BeforeTitle,
    /// The last third of the document, and always its last [`EDGE_BLOCKS`] lines.
    End,
}

impl LineWhere {
    pub fn name(self) -> &'static str {
        match self {
            LineWhere::Anywhere => "anywhere",
            LineWhere::Start => "start",
            LineWhere::BeforeTitle => "before-title",
            LineWhere::End => "end",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineAction {
    /// Drop the line.
    Drop,
    /// Drop this line and every line after it.
    CutToEnd,
    /// Remove the part of the line the regex matches; drop the line if nothing is left.
    Trim,
}

impl LineAction {
    pub fn name(self) -> &'static str {
        match self {
            LineAction::Drop => "drop",
            LineAction::CutToEnd => "cut-to-end",
            LineAction::Trim => "trim",
        }
    }
}

#[derive(Debug, Clone)]
pub struct LineRule {
    pub pattern: LinePattern,
    pub position: LineWhere,
    pub action: LineAction,
    /// Shown by `--explain`.
    pub reason: String,
    pub hosts: Vec<String>,
    pub origin: Origin,
}

/// A line as literal rules compare it: trimmed, without a trailing colon, lowercase.
fn literal_key(line: &str) -> String {
    line.trim()
        .trim_end_matches([':', '：'])
        .trim_end()
        .to_lowercase()
}

impl LineRule {
    /// Whether the rule matches `line` (`key` is [`literal_key`] of it).
    fn matches_keyed(&self, line: &str, key: &str) -> bool {
        match &self.pattern {
            LinePattern::Literal(s) => key == s,
            LinePattern::Regex(r) => {
                let t = line.trim();
                r.is_match(t) || {
                    let bare = t.trim_end_matches([':', '：']).trim_end();
                    bare.len() < t.len() && r.is_match(bare)
                }
            }
        }
    }

    pub fn matches(&self, line: &str) -> bool {
        self.matches_keyed(line, &literal_key(line))
    }

    /// Whether any of `rules` matches `line`; the line's literal key is made once for them all.
    pub fn any_matches<'r>(rules: impl IntoIterator<Item = &'r LineRule>, line: &str) -> bool {
        let key = literal_key(line);
        rules.into_iter().any(|r| r.matches_keyed(line, &key))
    }

    /// The pattern as written, for listings.
    pub fn pattern_text(&self) -> String {
        match &self.pattern {
            LinePattern::Literal(s) => format!("{s:?}"),
            LinePattern::Regex(r) => format!("/{}/", r.as_str()),
        }
    }
}

/// How many trailing lines always count as the end of a document.
pub const EDGE_BLOCKS: usize = 3;
/// The head never extends past this many lines.
pub const HEAD_MAX: usize = 8;

/// A line that reads like article prose rather than a label, heading or title.
pub fn is_paragraph_like(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let ends_sentence = line
        .trim_end()
        .ends_with(['.', '!', '?', '…', '"', '”', '’', ')', '»']);
    words >= 25 || (words >= 8 && ends_sentence)
}

/// A long paragraph of prose (not a truncated teaser ending in an ellipsis): what a trailing
/// section of links, teasers and comment prompts does not contain.
pub fn is_long_prose(line: &str) -> bool {
    let t = line.trim_end();
    t.split_whitespace().count() >= LONG_PROSE_WORDS && !t.ends_with("...") && !t.ends_with('…')
}

/// Whether lines read as a run of teasers: a short line of one shape (a date, a section label)
/// comes back at least three times at a regular interval, and no line is long prose.
fn is_teaser_run(lines: &[&str]) -> bool {
    if lines.len() < TEASER_MIN_REPEATS * 2 || lines.iter().any(|l| is_long_prose(l)) {
        return false;
    }
    let shape = |l: &str| -> Option<String> {
        let t = l.trim();
        (t.split_whitespace().count() <= 3 && t.chars().count() <= 30).then(|| {
            t.chars()
                .map(|c| if c.is_numeric() { '0' } else { c })
                .flat_map(char::to_lowercase)
                .collect()
        })
    };
    let shapes: Vec<Option<String>> = lines.iter().map(|l| shape(l)).collect();
    let mut best: Vec<usize> = Vec::new();
    for s in shapes.iter().take(3).flatten() {
        let at: Vec<usize> = (0..shapes.len())
            .filter(|&k| shapes[k].as_ref() == Some(s))
            .collect();
        if at.len() > best.len() {
            best = at;
        }
    }
    if best.len() < TEASER_MIN_REPEATS || best.len() * 4 < lines.len() {
        return false;
    }
    let gaps: Vec<usize> = best.windows(2).map(|w| w[1] - w[0]).collect();
    let (lo, hi) = (
        gaps.iter().min().copied().unwrap_or(0),
        gaps.iter().max().copied().unwrap_or(0),
    );
    lo >= 2 && hi - lo <= 1
}

/// Repeats of a teaser's label or date that make a run.
const TEASER_MIN_REPEATS: usize = 3;

/// Words of a paragraph that [`is_long_prose`].
pub const LONG_PROSE_WORDS: usize = 60;

/// Where the title is, for [`LineWhere::BeforeTitle`].
#[derive(Debug, Clone, Copy)]
pub enum TitleHint<'a> {
    /// The page title is known (a web page): the title line is the head line that repeats it.
    Known(&'a str),
    /// Plain text: the title is the last line of the head, before the first paragraph.
    Guess,
    /// No title zone.
    None,
}

/// The result of applying line rules to a list of lines.
#[derive(Debug, Default)]
pub struct LineOutcome {
    /// Per line: keep it?
    pub keep: Vec<bool>,
    /// Per line: its new text when a trim rule changed it.
    pub replaced: Vec<Option<String>>,
    /// One entry per removed line (or trimmed part), for `--explain`.
    pub removals: Vec<Removal>,
}

fn preview(s: &str) -> String {
    let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match t.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t,
    }
}

/// The zones of a document: the end of its head, the last paragraph-like line and the title line.
struct Zones {
    n: usize,
    head_end: usize,
    last_para: Option<usize>,
    title: Option<usize>,
}

impl Zones {
    fn new(blocks: &[&str]) -> Zones {
        let n = blocks.len();
        let first_para = blocks
            .iter()
            .take(HEAD_MAX)
            .position(|b| is_paragraph_like(b));
        Zones {
            n,
            head_end: first_para.unwrap_or(n.min(HEAD_MAX).saturating_sub(1)),
            last_para: blocks.iter().rposition(|b| is_paragraph_like(b)),
            title: None,
        }
    }

    /// Find the title line among the lines still kept (cruft above it is not a title).
    fn find_title(&mut self, blocks: &[&str], keep: &[bool], title: TitleHint<'_>) {
        let kept = || {
            (0..self.n.min(HEAD_MAX + 1))
                .filter(|&i| keep[i])
                .map(|i| (i, blocks[i]))
        };
        self.title = match title {
            TitleHint::Known(t) => {
                let key = literal_key(t);
                kept().find(|(_, b)| literal_key(b) == key).map(|(i, _)| i)
            }
            TitleHint::Guess => {
                let mut prev = None;
                let mut found = None;
                for (i, b) in kept() {
                    if is_paragraph_like(b) {
                        found = prev;
                        break;
                    }
                    prev = Some(i);
                }
                found
            }
            TitleHint::None => None,
        };
    }

    fn contains(&self, w: LineWhere, i: usize) -> bool {
        match w {
            LineWhere::Anywhere => true,
            LineWhere::Start => i <= self.head_end,
            LineWhere::BeforeTitle => self.title.is_some_and(|t| i < t),
            // The last third, the last few lines, and whatever follows the last paragraph.
            LineWhere::End => {
                i + EDGE_BLOCKS >= self.n
                    || i * 3 >= self.n * 2
                    || self.last_para.is_none_or(|p| i > p)
            }
        }
    }
}

/// Apply the line rules of `host` to a list of lines (one block each).
pub fn apply(
    rules: &RuleSet,
    host: Option<&str>,
    blocks: &[&str],
    title: TitleHint<'_>,
) -> LineOutcome {
    let n = blocks.len();
    let mut out = LineOutcome {
        keep: vec![true; n],
        replaced: vec![None; n],
        removals: Vec::new(),
    };
    let active = rules.lines_for(host);
    if active.is_empty() || n == 0 {
        return out;
    }
    let mut zones = Zones::new(blocks);
    let mut cut: Option<(usize, usize)> = None;
    let mut text: Vec<Option<String>> = vec![None; n];
    let mut removals: Vec<(usize, Removal)> = Vec::new();
    // Pass 1: every rule but the before-title ones. Pass 2: those, once the title is known among
    // the lines that survived pass 1.
    for pass in 0..2 {
        if pass == 1 {
            zones.find_title(blocks, &out.keep, title);
            if zones.title.is_none() {
                break;
            }
        }
        let end = if pass == 0 {
            n
        } else {
            zones.title.unwrap_or(0)
        };
        for i in 0..end.min(cut.map_or(n, |c| c.0)) {
            if !out.keep[i] {
                continue;
            }
            let b = blocks[i];
            let mut key = literal_key(text[i].as_deref().unwrap_or(b));
            for &ri in &active {
                let r = &rules.lines[ri];
                if (r.position == LineWhere::BeforeTitle) != (pass == 1) {
                    continue;
                }
                // A trailing-section heading above a run of teasers ("Related articles", then
                // date, title, excerpt, date, ...) starts the tail however long that run is.
                let in_zone = zones.contains(r.position, i);
                if !(in_zone || (r.action == LineAction::CutToEnd && i > zones.head_end)) {
                    continue;
                }
                let cur = text[i].as_deref().unwrap_or(b);
                if !r.matches_keyed(cur, &key) || !(in_zone || is_teaser_run(&blocks[i + 1..])) {
                    continue;
                }
                match r.action {
                    LineAction::Drop => {
                        out.keep[i] = false;
                        removals.push((
                            i,
                            Removal {
                                element: "line".into(),
                                preview: preview(cur),
                                origin: r.origin.to_string(),
                                reason: r.reason.clone(),
                            },
                        ));
                        break;
                    }
                    LineAction::CutToEnd => {
                        // Long prose below the heading means it is not a trailing list of
                        // teasers or comments: only the heading goes.
                        if blocks[i + 1..].iter().any(|b| is_long_prose(b)) {
                            out.keep[i] = false;
                            removals.push((
                                i,
                                Removal {
                                    element: "line".into(),
                                    preview: preview(cur),
                                    origin: r.origin.to_string(),
                                    reason: format!(
                                        "{} (not cut: article prose follows)",
                                        r.reason
                                    ),
                                },
                            ));
                        } else if cut.is_none_or(|c| i < c.0) {
                            cut = Some((i, ri));
                        }
                        break;
                    }
                    LineAction::Trim => {
                        let LinePattern::Regex(re) = &r.pattern else {
                            continue;
                        };
                        let t = cur.trim();
                        let Some(m) = re.find(t) else { continue };
                        removals.push((
                            i,
                            Removal {
                                element: "line part".into(),
                                preview: preview(m.as_str()),
                                origin: r.origin.to_string(),
                                reason: r.reason.clone(),
                            },
                        ));
                        let rest = format!("{}{}", &t[..m.start()], &t[m.end()..])
                            .trim()
                            .to_string();
                        key = literal_key(&rest);
                        text[i] = Some(rest);
                    }
                }
            }
            if out.keep[i] && text[i].as_deref() == Some("") {
                out.keep[i] = false;
            }
            if cut.is_some_and(|c| c.0 == i) {
                break;
            }
        }
    }
    // In document order (the two passes found them out of order).
    removals.sort_by_key(|r| r.0);
    out.removals = removals.into_iter().map(|r| r.1).collect();
    for (i, t) in text.into_iter().enumerate() {
        if out.keep[i] {
            out.replaced[i] = t;
        }
    }
    if let Some((at, ri)) = cut {
        let r = &rules.lines[ri];
        let after = n - at - 1;
        out.removals.push(Removal {
            element: "line".into(),
            preview: preview(blocks[at]),
            origin: r.origin.to_string(),
            reason: if after > 0 {
                format!("{} (cut with the {after} lines after it)", r.reason)
            } else {
                r.reason.clone()
            },
        });
        for k in out.keep.iter_mut().skip(at) {
            *k = false;
        }
        for k in out.replaced.iter_mut().skip(at) {
            *k = None;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::load::load_str;

    fn set(src: &str) -> RuleSet {
        let mut s = RuleSet::default();
        load_str(&mut s, "t.toml", src).unwrap();
        s.build_index();
        s
    }

    fn kept(rules: &RuleSet, host: Option<&str>, lines: &[&str], t: TitleHint<'_>) -> Vec<String> {
        let o = apply(rules, host, lines, t);
        lines
            .iter()
            .enumerate()
            .filter(|(i, _)| o.keep[*i])
            .map(|(i, l)| o.replaced[i].clone().unwrap_or_else(|| l.to_string()))
            .collect()
    }

    const P: &str = "A sentence of article prose that is long enough to count as a paragraph here.";

    #[test]
    fn literal_is_whole_line_case_insensitive_with_colon() {
        let r = set("[[line]]\ntext = \"Related posts\"\n");
        assert!(r.lines[0].matches("  related POSTS: "));
        assert!(!r.lines[0].matches("Related posts about bridges"));
    }

    #[test]
    fn cut_to_end_only_in_the_end_zone() {
        let r =
            set("[[line]]\ntext = \"More stories\"\nwhere = \"end\"\naction = \"cut-to-end\"\n");
        let lines = [
            "T",
            P,
            "More stories",
            P,
            P,
            P,
            P,
            P,
            "More stories",
            "x",
            "y",
        ];
        let out = kept(&r, None, &lines, TitleHint::None);
        assert_eq!(out.len(), 8);
        assert_eq!(out[2], "More stories");
        let o = apply(&r, None, &lines, TitleHint::None);
        assert_eq!(o.removals.len(), 1);
        assert!(o.removals[0]
            .reason
            .contains("cut with the 2 lines after it"));
        assert_eq!(o.removals[0].origin, "t.toml:1");
    }

    #[test]
    fn teaser_runs() {
        let t = "A teaser's excerpt of about twenty words, cut from the story it links to.";
        assert!(is_teaser_run(&[
            "03.02.2024",
            "Title one",
            t,
            "02.02.2024",
            "Title two",
            t,
            "31.01.2024",
            "Three",
            t
        ]));
        assert!(is_teaser_run(&["News", t, "News", t, "News", t, "News", t]));
        // An article's own subheadings differ from one another: no run.
        assert!(!is_teaser_run(&[
            "Background",
            t,
            "What next",
            t,
            "Reactions",
            t
        ]));
        // A label that comes back at irregular intervals is not a run either.
        assert!(!is_teaser_run(&["News", t, "News", t, t, t, t, "News", t]));
    }

    #[test]
    fn cut_to_end_before_a_teaser_run_outside_the_end_zone() {
        let r = set("[[line]]\ntext = \"Related\"\nwhere = \"end\"\naction = \"cut-to-end\"\n");
        let t = "A teaser's excerpt of about twenty words, cut from the story it links to.";
        let lines = [
            "T",
            P,
            "Related",
            "01.02.2024",
            "One",
            t,
            "02.02.2024",
            "Two",
            t,
            "03.02.2024",
            "Three",
            t,
        ];
        assert_eq!(kept(&r, None, &lines, TitleHint::None), ["T", P]);
    }

    #[test]
    fn cut_to_end_spares_long_prose_below() {
        let r = set("[[line]]\ntext = \"Related\"\nwhere = \"end\"\naction = \"cut-to-end\"\n");
        let long = "word ".repeat(70);
        let teaser = format!("{}...", "word ".repeat(70).trim_end());
        let lines = ["T", P, P, P, P, "Related", "Link one", long.as_str()];
        assert_eq!(kept(&r, None, &lines, TitleHint::None).len(), 7);
        let lines = ["T", P, P, P, P, "Related", "Link one", teaser.as_str()];
        assert_eq!(kept(&r, None, &lines, TitleHint::None).len(), 5);
    }

    #[test]
    fn end_zone_includes_everything_after_the_last_paragraph() {
        let r = set("[[line]]\ntext = \"Share\"\nwhere = \"end\"\n");
        let lines = ["T", P, P, P, P, P, P, "Share", "Tags", "Share", "Home"];
        assert_eq!(kept(&r, None, &lines, TitleHint::None).len(), 9);
        // Not in the middle.
        let lines = ["T", "Share", P, P, P, P, P, P, P];
        assert_eq!(kept(&r, None, &lines, TitleHint::None).len(), 9);
    }

    #[test]
    fn start_zone_is_the_head() {
        let r = set("[[line]]\ntext = \"Menu\"\nwhere = \"start\"\n");
        let lines = ["Menu", "Title", P, "Menu", P];
        assert_eq!(
            kept(&r, None, &lines, TitleHint::None),
            ["Title", P, "Menu", P]
        );
    }

    #[test]
    fn before_title_with_guessed_and_known_title() {
        let r = set("[[line]]\ntext = \"Connect with us\"\n\
             [[line]]\nregex = \"^\\\\w+$\"\nwhere = \"before-title\"\n");
        // The guessed title is the last line before the first paragraph, once cruft is gone.
        let lines = ["World", "Connect with us", "Title", P, "Costs", P];
        assert_eq!(
            kept(&r, None, &lines, TitleHint::Guess),
            ["Title", P, "Costs", P]
        );
        let lines = ["Title", "Connect with us", P];
        assert_eq!(kept(&r, None, &lines, TitleHint::Guess), ["Title", P]);
        // A known title: labels above it go; with no title line among the blocks nothing goes.
        let lines = ["World", "Title", P];
        assert_eq!(
            kept(&r, None, &lines, TitleHint::Known("Title")),
            ["Title", P]
        );
        assert_eq!(kept(&r, None, &lines, TitleHint::Known("Other")).len(), 3);
        assert_eq!(kept(&r, None, &lines, TitleHint::None).len(), 3);
    }

    #[test]
    fn trim_removes_the_match_and_later_rules_see_the_rest() {
        let r = set(
            "[[line]]\nregex = \"^date \\\\d{4}-\\\\d{2}-\\\\d{2} \"\naction = \"trim\"\nwhere = \"start\"\n\
             [[line]]\ntext = \"Hello\"\n",
        );
        let lines = ["date 2024-02-07 Title of it", "date 2024-02-07 Hello", P];
        assert_eq!(kept(&r, None, &lines, TitleHint::None), ["Title of it", P]);
    }

    #[test]
    fn host_scoped_line_rules() {
        let r = set("hosts = [\"example.com\"]\n[[line]]\ntext = \"Promo\"\n");
        let lines = [P, "Promo", P];
        assert_eq!(
            kept(&r, Some("a.example.com"), &lines, TitleHint::None).len(),
            2
        );
        assert_eq!(
            kept(&r, Some("example.org"), &lines, TitleHint::None).len(),
            3
        );
        assert_eq!(kept(&r, None, &lines, TitleHint::None).len(), 3);
    }

    #[test]
    fn default_vocabulary_keeps_prose_that_mentions_cruft_words() {
        let r = crate::rules::load(&crate::config::RuleSources::default()).unwrap();
        let lines = [
            "Title",
            P,
            "Advertisement revenue fell by a third last year, the company said in its report.",
            "Comments are closed on weekends, the shop owner told reporters on Tuesday.",
            "Related posts on the forum suggested the outage had started hours earlier.",
            P,
        ];
        assert_eq!(kept(&r, None, &lines, TitleHint::Guess).len(), 6);
    }

    proptest::proptest! {
        /// Any text through the default line rules: no panic, one verdict per line.
        #[test]
        fn default_rules_are_total(lines in proptest::collection::vec(".{0,80}", 0..30)) {
            static RULES: std::sync::LazyLock<RuleSet> = std::sync::LazyLock::new(|| {
                crate::rules::load(&crate::config::RuleSources::default()).unwrap()
            });
            let r = &*RULES;
            let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
            let o = apply(r, Some("example.com"), &refs, TitleHint::Guess);
            proptest::prop_assert_eq!(o.keep.len(), refs.len());
            proptest::prop_assert_eq!(o.replaced.len(), refs.len());
        }
    }
}
