//! Block classification inside the chosen content, in the spirit of jusText but without
//! stop-word lists (so it works for any language): each block is judged by its length, link
//! density and sentence shape, and short blocks take the class of their neighbours. Link-dominated
//! blocks go anywhere; short non-sentences go at the edges (bylines, dates, "Share", tag lines).
//!
//! Takes the candidate blocks of the chosen content (kind, text, statistics) and the line-rule
//! test; gives one verdict a block: kept, or dropped with the reason.

use super::params::{
    CLOSING_LABEL_MAX_CHARS, CLOSING_MAX, CLOSING_MAX_HANDLES, CONTACT_END_AFTER,
    CONTACT_END_REPEATS, CONTACT_LABEL_MAX_CHARS, CONTACT_MAX_CHARS, CONTACT_PROSE_MIN_CHARS,
    CONTACT_SENTENCE_CHARS, CREDIT_MAX_CHARS, CTA_LINK_MAX_CHARS, CTA_MAX_CHARS,
    EDGE_LINK_MAX_CHARS, EDGE_MAX_CHARS, EDGE_MIN_LINES, ID_SOUP_MIN_IDS, ID_SOUP_MIN_SHARE,
    LINKS_ARE_CONTENT, LINK_BLOCK_LINKS, LINK_ROW_LINKS, PARAGRAPH_MAX_LINKS, PARAGRAPH_MIN_CHARS,
    PHONE_MIN_DIGITS, QUOTED_MIN_CHARS, SENTENCE_MAX_LINKS, SENTENCE_MIN_CHARS, SMALL_BLOCK_TENTHS,
    SMALL_PRINT_MAX_SHARE, UUID_LEN,
};
use super::tree::BlockStats;
use crate::document::BlockKind;
use crate::heuristic::{Heuristic, Heuristics};

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

/// Whether a block is contact details: short lines that are not sentences, with an e-mail address
/// or a phone number (the press contact or address box under a press release). Language-free:
/// it reads the shape of the lines and the digits, not words.
pub fn is_contact(text: &str) -> bool {
    let chars = text.chars().count();
    if chars > CONTACT_MAX_CHARS {
        return false;
    }
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let sentences = lines
        .iter()
        .filter(|l| l.chars().count() > CONTACT_SENTENCE_CHARS && ends_like_sentence(l))
        .count();
    if sentences > 0 {
        return false;
    }
    let email = text.split_whitespace().any(|w| {
        w.split_once('@').is_some_and(|(user, dom)| {
            !user.is_empty() && dom.contains('.') && !dom.starts_with('.')
        })
    });
    email || has_phone(text)
}

/// A phone number: a run of digits, spaces and `+ ( ) / - .` holding at least seven digits that
/// starts with `+`, `(` or `0` (international or trunk prefix; dates and prices do not).
fn has_phone(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if matches!(b[i], b'+' | b'(' | b'0') && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let mut digits = 0;
            let mut j = i;
            while j < b.len()
                && matches!(
                    b[j],
                    b'0'..=b'9' | b' ' | b'+' | b'(' | b')' | b'/' | b'-' | b'.'
                )
            {
                digits += usize::from(b[j].is_ascii_digit());
                j += 1;
            }
            if digits >= PHONE_MIN_DIGITS {
                return true;
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    false
}

/// The initial class of one block.
pub fn classify(kind: &BlockKind, text: &str, s: &BlockStats) -> Class {
    let ld = if s.chars == 0 {
        0.0
    } else {
        s.link as f32 / s.chars as f32
    };
    let max_links = if matches!(kind, BlockKind::TableRow { .. }) {
        LINK_ROW_LINKS
    } else {
        LINK_BLOCK_LINKS
    };
    if ld > max_links {
        return Class::Bad;
    }
    if matches!(kind, BlockKind::Code { .. }) {
        return Class::Good;
    }
    if s.chars >= PARAGRAPH_MIN_CHARS && ld < PARAGRAPH_MAX_LINKS {
        return Class::Good;
    }
    if s.chars >= SENTENCE_MIN_CHARS && ld < SENTENCE_MAX_LINKS && ends_like_sentence(text) {
        return Class::Good;
    }
    Class::Short
}

/// A UUID (`8-4-4-4-12` hex digits), also run into the letters around it.
static UUID: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
    )
    .unwrap_or_else(|e| panic!("built-in UUID pattern must compile: {e}"))
});

/// A block made mostly of UUIDs: the class names or keys of an obfuscated label (a "Sponsored"
/// spelled out of hidden spans) that leaked as text, not words anyone reads.
fn is_id_soup(text: &str) -> bool {
    if text.len() < ID_SOUP_MIN_IDS * UUID_LEN {
        return false;
    }
    let (mut n, mut len) = (0usize, 0usize);
    for m in UUID.find_iter(text) {
        n += 1;
        len += m.len();
    }
    n >= ID_SOUP_MIN_IDS && len as f32 >= ID_SOUP_MIN_SHARE * text.len() as f32
}

#[cfg(test)]
#[test]
fn id_soup() {
    let ids = "9a1b2c3d-0000-4e5f-8a9b-0123456789ab";
    assert!(is_id_soup(&format!("{ids}X{ids} {ids}p")));
    assert!(!is_id_soup(&format!(
        "Assign the role {ids} to the group, then check the log for {ids} and {ids} once the \
         deployment has finished and the portal shows the new assignment for every user."
    )));
}

/// Decide which blocks to keep. `blocks` are (kind, text, stats) in document order. Short edge
/// blocks that `deferred` accepts are left to the line rules (which then explain their removal);
/// its flag says the block comes after the text.
pub fn keep(
    blocks: &[(&BlockKind, &str, BlockStats)],
    deferred: &dyn Fn(&str, bool) -> bool,
    off: Heuristics,
) -> Vec<(bool, &'static str)> {
    let n = blocks.len();
    let mut class: Vec<Class> = blocks.iter().map(|(k, t, s)| classify(k, t, s)).collect();
    // Where links hold most of the chosen text (a listing, an index of pages), they are the
    // content; elsewhere a link-dense block is a link line or a box of links, but a heading that
    // is a link is a title (an item's, or a section's that links its page), not a link line.
    let total: u32 = blocks.iter().map(|b| b.2.chars).sum();
    let linked: u32 = blocks
        .iter()
        .zip(&class)
        .filter(|&(_, &c)| c == Class::Bad)
        .map(|(b, _)| b.2.chars)
        .sum();
    let links_are_content = linked as f32 > LINKS_ARE_CONTENT * total as f32;
    let mut out: Vec<(bool, &'static str)> = class
        .iter()
        .zip(blocks)
        .map(|(&c, (k, _, _))| {
            let drop = c == Class::Bad
                && off.on(Heuristic::LinkBlocks)
                && !links_are_content
                && !matches!(k, BlockKind::Heading { .. });
            if drop {
                (false, "link density")
            } else {
                (true, "")
            }
        })
        .collect();
    // A block without a letter or a digit ("+", "›", "* * *") is an icon or a separator.
    for (i, (k, t, _)) in blocks.iter().enumerate() {
        if !matches!(k, BlockKind::Code { .. }) && !t.chars().any(char::is_alphanumeric) {
            out[i] = (false, "no letters or digits");
            class[i] = Class::Bad;
        } else if !matches!(k, BlockKind::Code { .. }) && is_id_soup(t) {
            out[i] = (false, "machine identifiers");
            class[i] = Class::Bad;
        }
    }
    // Fine print (a legal notice, a disclaimer, the sender's "About us" under a press release) is
    // not the text, unless the text itself is set that small.
    let (mut good, mut good_small) = (0u32, 0u32);
    for (i, (_, _, s)) in blocks.iter().enumerate() {
        if class[i] == Class::Good {
            good += s.chars;
            good_small += s.small;
        }
    }
    if (good_small as f32) < SMALL_PRINT_MAX_SHARE * good as f32 && off.on(Heuristic::SmallPrint) {
        for (i, (k, _, s)) in blocks.iter().enumerate() {
            if out[i].0
                && s.chars > 0
                && s.small * 10 >= s.chars * SMALL_BLOCK_TENTHS
                && !matches!(
                    k,
                    BlockKind::Heading { .. } | BlockKind::Code { .. } | BlockKind::TableRow { .. }
                )
            {
                out[i] = (false, "small print");
                class[i] = Class::Bad;
            }
        }
    }
    // Contact details after the article's text (two real paragraphs before them) end it: what
    // follows them is the sender's boilerplate, unless it is again running text.
    let mut goods = 0;
    let mut end = None;
    for (i, (k, t, _)) in blocks.iter().enumerate() {
        if goods >= CONTACT_END_AFTER
            && !matches!(k, BlockKind::Code { .. } | BlockKind::TableRow { .. })
            && is_contact(t)
        {
            end = Some(i);
            break;
        }
        if class[i] == Class::Good {
            goods += 1;
        }
    }
    // A listing of places or people repeats contact boxes between its entries: no end there.
    let end = end.filter(|&e| {
        let (mut before, mut after, mut contacts) = (0u32, 0u32, 0);
        for (i, (k, t, s)) in blocks.iter().enumerate() {
            if i < e && class[i] == Class::Good {
                before += s.chars;
            } else if i > e && class[i] == Class::Good {
                after += s.chars;
                if !matches!(k, BlockKind::Code { .. } | BlockKind::TableRow { .. })
                    && is_contact(t)
                {
                    contacts += 1;
                }
            }
        }
        contacts <= CONTACT_END_REPEATS && after < before
    });
    if let Some(end) = end.filter(|_| off.on(Heuristic::ContactEnd)) {
        // The label that introduces the box ("Contact:", "Press office") goes with it.
        let mut from = end;
        while from > 0
            && class[from - 1] == Class::Short
            && blocks[from - 1].2.chars < CONTACT_LABEL_MAX_CHARS
            && !blocks[from - 1].1.contains('\n')
        {
            from -= 1;
        }
        for i in from..n {
            let (_, t, s) = &blocks[i];
            let prose = class[i] == Class::Good
                && s.chars >= CONTACT_PROSE_MIN_CHARS
                && ends_like_sentence(t)
                && !is_contact(t);
            if i == end || !prose {
                out[i] = (false, "contact details and what follows them");
                class[i] = Class::Bad;
            }
        }
    }
    let Some(first_good) = class.iter().position(|&c| c == Class::Good) else {
        return out;
    };
    let last_good = class
        .iter()
        .rposition(|&c| c == Class::Good)
        .unwrap_or(first_good);
    // A short line with a copyright sign before the end of the text is a photo credit (under an
    // image, or a caption with its agency); at the very end it is the article's own notice.
    for i in 0..last_good {
        let (k, t, s) = &blocks[i];
        if off.on(Heuristic::PhotoCredits)
            && out[i].0
            && s.chars <= CREDIT_MAX_CHARS
            && !matches!(k, BlockKind::Heading { .. } | BlockKind::Code { .. })
            && t.contains('©')
        {
            out[i] = (false, "photo credit");
        }
    }
    // Leading short blocks before the first real paragraph: bylines, dates, kickers. Headings
    // and list items stay (a heading introducing the text, a list opening a page).
    for i in 0..first_good {
        let (k, t, s) = &blocks[i];
        if off.on(Heuristic::EdgeBlocks)
            && class[i] == Class::Short
            && is_edge_cruft(k, t, s)
            && !deferred(t, false)
        {
            out[i] = (false, "short block before the text");
        }
    }
    // Trailing short blocks after the last real paragraph: tag lines, share prompts, credits.
    for i in (last_good + 1)..n {
        let (k, t, s) = &blocks[i];
        // (A short capitalised line here may be the text's own last line, a signature or a
        // refrain: what a head rule would match is left alone, as before the text.)
        if off.on(Heuristic::EdgeBlocks)
            && class[i] == Class::Short
            && is_edge_cruft(k, t, s)
            && !deferred(t, false)
        {
            out[i] = (false, "short block after the text");
        }
    }
    // From the end: a label ("Contact:", "More on this:") whose list or box is gone, and the
    // closing call to action: a short line with a link, an address or a handle
    // ("Subscribe to our edition", "write to letters@...", "Follow us @...").
    // A few at most: a listing whose every entry ends with an address is not a closing line.
    // (Quoted blocks do not count: an embedded post's "(@name) date" line is no listing entry.)
    let handles = (0..n)
        .filter(|&i| {
            out[i].0 && !matches!(blocks[i].0, BlockKind::Quote) && has_handle(blocks[i].1)
        })
        .count();
    let mut i = n;
    let mut taken = 0;
    while i > 0 && taken < CLOSING_MAX && off.on(Heuristic::ClosingLines) {
        i -= 1;
        if !out[i].0 {
            continue;
        }
        let (k, t, s) = &blocks[i];
        if matches!(k, BlockKind::Code { .. } | BlockKind::TableRow { .. }) || deferred(t, true) {
            break;
        }
        let label = s.chars < CLOSING_LABEL_MAX_CHARS
            && t.trim_end().ends_with(':')
            && !matches!(k, BlockKind::ListItem { .. });
        let cta = s.chars < CTA_MAX_CHARS
            && ((handles <= CLOSING_MAX_HANDLES && has_handle(t))
                || (s.chars < CTA_LINK_MAX_CHARS && s.link > 0 && class[i] != Class::Good));
        if label || cta {
            out[i] = (false, "closing label or call to action");
            taken += 1;
        } else {
            break;
        }
    }
    out
}

/// Whether text holds an e-mail address or a social handle (`@name`).
fn has_handle(text: &str) -> bool {
    text.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '@');
        match w.split_once('@') {
            Some((user, rest)) => {
                rest.chars().next().is_some_and(|c| c.is_alphanumeric())
                    && (user.is_empty() || rest.contains('.'))
            }
            None => false,
        }
    })
}

fn is_edge_cruft(kind: &BlockKind, text: &str, s: &BlockStats) -> bool {
    match kind {
        BlockKind::Heading { .. } | BlockKind::ListItem { .. } | BlockKind::TableRow { .. } => {
            false
        }
        BlockKind::Code { .. } => false,
        // Verse and addresses break their lines; cruft is a single short line.
        _ if text.lines().count() >= EDGE_MIN_LINES => false,
        // A line wholly in quotation marks is a quote (a motto, a pull quote), not a byline.
        _ if is_quoted(text) => false,
        _ => {
            s.chars < EDGE_MAX_CHARS && !ends_like_sentence(text)
                || s.link > 0 && s.chars < EDGE_LINK_MAX_CHARS
        }
    }
}

/// Whether text is one quotation: it opens with a quotation mark and closes with one (after
/// sentence punctuation, if any), in any of the usual typographic conventions.
fn is_quoted(text: &str) -> bool {
    let t = text.trim();
    let Some(open) = t.chars().next() else {
        return false;
    };
    let body =
        t.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '!' | '?' | '…'));
    let Some(close) = body.chars().last() else {
        return false;
    };
    body.chars().count() > QUOTED_MIN_CHARS
        && matches!(
            open,
            '"' | '„' | '“' | '”' | '«' | '»' | '‚' | '‘' | '「' | '『'
        )
        && matches!(close, '"' | '“' | '”' | '«' | '»' | '‘' | '’' | '」' | '』')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotations() {
        assert!(is_quoted("„Außen knusprig, innen weich“"));
        assert!(is_quoted("« Rien ne se perd » !"));
        assert!(is_quoted("\"Less is more.\""));
        assert!(!is_quoted("\"Less\" is more"));
        assert!(!is_quoted("By Jane Doe"));
        assert!(!is_quoted("\"\""));
    }

    #[test]
    fn contact_boxes() {
        assert!(is_contact(
            "Pressestelle\nAm Wehr 4\n12345 Mühlbach\nTelefon +49 (0)1234 / 56 78-90"
        ));
        assert!(is_contact("Jan Novak\npress@example.org"));
        assert!(has_handle("Follow her @TownCrier."));
        assert!(has_handle("write to letters@example.org"));
        assert!(!has_handle("Tickets @ 5 euros, meet at 10:00"));
        assert!(is_contact("Tel. 030 / 2325 786-122"));
        // Dates, prices and running text with an address in it are not contact boxes.
        assert!(!is_contact("Am 12. Januar 2022 kostete es 1.250.000 Euro."));
        assert!(!is_contact(
            "Anyone who saw the accident is asked to call the police station, whose number is 0800 555 0199, or to write to tips@example.org."
        ));
    }
}
