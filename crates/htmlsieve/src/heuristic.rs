//! The extractor's optional passes, by name. Each can be switched off (`--disable NAME`): to see
//! what one does to a page, and to measure what it is worth over a benchmark, one at a time
//! (`benches/ablate.py`). The core (scoring containers by their paragraphs and choosing the best)
//! is not optional and has no name here.

use std::fmt;
use std::str::FromStr;

macro_rules! heuristics {
    ($($variant:ident = $name:literal: $about:literal,)+) => {
        /// One optional pass of the extractor.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Heuristic {
            $(#[doc = $about] $variant,)+
        }

        impl Heuristic {
            /// Every heuristic, in pipeline order.
            pub const ALL: &'static [Heuristic] = &[$(Heuristic::$variant,)+];

            /// The name `--disable` takes.
            pub fn name(self) -> &'static str {
                match self {
                    $(Heuristic::$variant => $name,)+
                }
            }

            /// What it does, in a line.
            pub fn about(self) -> &'static str {
                match self {
                    $(Heuristic::$variant => $about,)+
                }
            }
        }
    };
}

heuristics! {
    PruneUnlikely = "prune-unlikely":
        "set aside boilerplate wholes (class/id/role words) before scoring, in the strict pass",
    BoxedParagraphs = "boxed-paragraphs":
        "a paragraph boxed in its own div votes for the container of the boxes",
    TruncatedExcerpts = "truncated-excerpts":
        "a paragraph cut off with an ellipsis (a teaser's excerpt) votes a quarter",
    ArticleList = "article-list":
        "an <article> of <article>s loses the weight of its tag",
    MainLandmark = "main-landmark":
        "keep the choice inside the page's one <main> when that holds content-like text",
    Promote = "promote":
        "move from the best container to the parent that near-best candidates share",
    Expand = "expand":
        "widen a choice holding a small share of the page's text to a low-link ancestor",
    ClimbMerge = "climb-merge":
        "merge siblings of the choice that continue it (page-builder rows)",
    PruneConditional = "prune-conditional":
        "prune link lists, forms and thin boxes inside the chosen container",
    PruneHinted = "prune-hinted":
        "in it, prune boxes whose class/id/role says boilerplate or hidden",
    PruneCaptions = "prune-captions":
        "in it, prune image captions, credits and figures without paragraphs",
    PruneSectioning = "prune-sectioning":
        "in it, prune small <header>, <footer>, <aside> and <nav> elements",
    PruneWeighted = "prune-weighted":
        "in it, prune small boxes and paragraphs whose class/id weighs against them",
    PruneLinks = "prune-links":
        "in it, prune link-dense boxes and lists",
    PruneImages = "prune-images":
        "in it, prune short boxes of several images and few paragraphs",
    PruneForms = "prune-forms":
        "in it, prune short forms",
    PruneShortLinks = "prune-short-links":
        "in it, prune boxes of a few characters with links",
    PruneEmbeds = "prune-embeds":
        "in it, prune short boxes around embeds",
    LinkBlocks = "link-blocks":
        "drop link-dense blocks of the chosen content (not headings; not where links are most of it)",
    SmallPrint = "small-print":
        "drop blocks set in small print when the text is not",
    ContactEnd = "contact-end":
        "end the text at contact details after it (a press release's contact box)",
    PhotoCredits = "photo-credits":
        "drop short lines with a copyright sign before the end of the text",
    EdgeBlocks = "edge-blocks":
        "drop short non-sentences before and after the text (bylines, dates, tag lines)",
    ClosingLines = "closing-lines":
        "drop a closing label or call to action at the very end",
    OrphanHeadings = "orphan-headings":
        "drop a heading whose whole section is gone",
    Relaxed = "relaxed":
        "when the strict pass finds little, run again without setting wholes aside",
    LastResort = "last-resort":
        "when nearly nothing is found, take the page's paragraph-like blocks",
    PageText = "page-text":
        "in the last resort, take the text outside nav, header and footer (a short page)",
    Lead = "lead":
        "add the standfirst between the headline and the chosen text",
    Grid = "grid":
        "take a repeated structure (cards, posts) holding more text than the choice",
    GridExtend = "grid-extend":
        "extend a grid's items to their wrappers and to parallel groups",
    PostFurniture = "post-furniture":
        "drop furniture repeated in every post of a grid",
    GridLabels = "grid-labels":
        "drop a label or a bare number repeated in every item of a grid",
    SiblingPosts = "sibling-posts":
        "on a short thread, add the posts beside the chosen one",
    Noscript = "noscript":
        "when little is found, extract from the page's <noscript> copy",
    RuleRescue = "rule-rescue":
        "when nearly nothing is found, run again without the rules' page-wide removals",
    ThreadReplies = "thread-replies":
        "on a discussion thread, keep the replies a comment rule would remove",
    ArticleBody = "article-body":
        "when the JSON-LD articleBody is much longer, extract it instead",
}

impl fmt::Display for Heuristic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Heuristic {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Heuristic::ALL
            .iter()
            .copied()
            .find(|h| h.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Heuristic::ALL.iter().map(|h| h.name()).collect();
                format!("unknown heuristic '{s}' (known: {})", names.join(", "))
            })
    }
}

/// A set of heuristics (the ones switched off).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Heuristics(u64);

impl Heuristics {
    /// Add `h` to the set.
    pub fn insert(&mut self, h: Heuristic) {
        self.0 |= 1 << h as u32;
    }

    /// Whether `h` is in the set.
    pub fn contains(self, h: Heuristic) -> bool {
        self.0 & (1 << h as u32) != 0
    }

    /// Whether `h` is not in the set (for the set of switched-off heuristics: `h` runs).
    pub fn on(self, h: Heuristic) -> bool {
        !self.contains(h)
    }
}

impl FromIterator<Heuristic> for Heuristics {
    fn from_iter<I: IntoIterator<Item = Heuristic>>(iter: I) -> Self {
        let mut set = Heuristics::default();
        for h in iter {
            set.insert(h);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_fit_the_set() {
        assert!(Heuristic::ALL.len() <= 64);
        for &h in Heuristic::ALL {
            assert_eq!(h.name().parse::<Heuristic>(), Ok(h));
            let set: Heuristics = [h].into_iter().collect();
            assert!(set.contains(h) && !set.on(h));
            assert!(Heuristic::ALL.iter().filter(|&&o| set.contains(o)).count() == 1);
        }
        assert!("no-such".parse::<Heuristic>().is_err());
    }
}
