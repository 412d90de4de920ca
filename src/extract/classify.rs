//! Block classification inside the chosen content, in the spirit of jusText but without
//! stop-word lists (so it works for any language): each block is judged by its length, link
//! density and sentence shape, and short blocks take the class of their neighbours. Link-dominated
//! blocks go anywhere; short non-sentences go at the edges (bylines, dates, "Share", tag lines).

use super::tree::BlockStats;
use crate::document::BlockKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Good,
    Short,
    Bad,
}

/// Whether text reads like a sentence: it ends with sentence punctuation (or a closing quote /
/// bracket after one) in any script.
pub fn ends_like_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '」' | '』')
    });
    t.ends_with(['.', '!', '?', '。', '！', '？', '…', ':', ';', '।', '؟'])
}

/// The initial class of one block.
pub fn classify(kind: &BlockKind, text: &str, s: &BlockStats) -> Class {
    let ld = if s.chars == 0 {
        0.0
    } else {
        s.link as f32 / s.chars as f32
    };
    let table = matches!(kind, BlockKind::TableRow { .. });
    if ld > if table { 0.8 } else { 0.5 } {
        return Class::Bad;
    }
    if matches!(kind, BlockKind::Code { .. }) {
        return Class::Good;
    }
    if s.chars >= 80 && ld < 0.33 {
        return Class::Good;
    }
    if s.chars >= 40 && ld < 0.2 && ends_like_sentence(text) {
        return Class::Good;
    }
    Class::Short
}

/// Decide which blocks to keep. `blocks` are (kind, text, stats) in document order. Short edge
/// blocks that `deferred` accepts are left to the line rules (which then explain their removal).
pub fn keep(
    blocks: &[(&BlockKind, &str, BlockStats)],
    deferred: &dyn Fn(&str) -> bool,
) -> Vec<(bool, &'static str)> {
    let n = blocks.len();
    let class: Vec<Class> = blocks.iter().map(|(k, t, s)| classify(k, t, s)).collect();
    let mut out: Vec<(bool, &'static str)> = class
        .iter()
        .map(|c| match c {
            Class::Bad => (false, "link density"),
            _ => (true, ""),
        })
        .collect();
    let Some(first_good) = class.iter().position(|&c| c == Class::Good) else {
        return out;
    };
    let last_good = class
        .iter()
        .rposition(|&c| c == Class::Good)
        .unwrap_or(first_good);
    // Leading short blocks before the first real paragraph: bylines, dates, kickers. Headings
    // and list items stay (a heading introducing the text, a list opening a page).
    for i in 0..first_good {
        let (k, t, s) = &blocks[i];
        if class[i] == Class::Short && is_edge_cruft(k, t, s) && !deferred(t) {
            out[i] = (false, "short block before the text");
        }
    }
    // Trailing short blocks after the last real paragraph: tag lines, share prompts, credits.
    for i in (last_good + 1)..n {
        let (k, t, s) = &blocks[i];
        if class[i] == Class::Short && is_edge_cruft(k, t, s) && !deferred(t) {
            out[i] = (false, "short block after the text");
        }
    }
    out
}

fn is_edge_cruft(kind: &BlockKind, text: &str, s: &BlockStats) -> bool {
    match kind {
        BlockKind::Heading { .. } | BlockKind::ListItem { .. } | BlockKind::TableRow { .. } => {
            false
        }
        BlockKind::Code { .. } => false,
        // Verse and addresses break their lines; cruft is a single short line.
        _ if text.lines().count() >= 3 => false,
        _ => s.chars < 50 && !ends_like_sentence(text) || s.link > 0 && s.chars < 80,
    }
}
