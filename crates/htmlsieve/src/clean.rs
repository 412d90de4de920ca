//! Clean: normalize the extracted text and apply line rules.
//!
//! In: a [`Document`] (or plain text with `--text`) and the line rules. Out: the same document with
//! NFC text, no control or zero-width characters, repaired common mojibake, no cruft lines and no
//! repeated blocks. Not here: deciding what is main content (that is `extract`).

use unicode_normalization::UnicodeNormalization;

use crate::document::{Block, BlockKind, Document};
use crate::rules::{text, RuleSet};

/// Characters that are dropped from text: controls (but tab and newline), zero-width and BOM.
fn is_dropped(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{200b}'
                | '\u{200c}'
                | '\u{200d}'
                | '\u{2060}'
                | '\u{feff}'
                | '\u{00ad}'
                | '\u{fffe}'
        )
}

/// The byte a character had before UTF-8 was misread as windows-1252 or as ISO-8859-1 (which
/// reads bytes 0x80-0x9F as C1 controls: "â\u{80}\u{99}" for "’").
fn misread_byte(c: char) -> Option<u8> {
    if let Ok(b) = u8::try_from(u32::from(c)) {
        return Some(b);
    }
    let mut buf = [0u8; 4];
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
    match (unmappable, bytes.as_ref()) {
        (false, [b]) => Some(*b),
        _ => None,
    }
}

/// UTF-8 read as windows-1252 or ISO-8859-1 ("â€™" for "’", "Ã©" for "é"): every run of
/// non-ASCII characters whose bytes form valid UTF-8 is re-decoded. Runs that do not (real
/// "für") stay.
fn fix_mojibake(s: &str) -> Option<String> {
    // The lead bytes of two-, three- and four-byte sequences as windows-1252 shows them.
    if !s.contains(['Ã', 'â', 'Â', 'Å', 'Ä', 'Ð', 'Ñ', 'ð', 'ï']) {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    let mut run = String::new();
    for c in s.chars() {
        // A no-break space inside a run may be a misread byte ("Ã\u{a0}" is "à", "Â\u{a0}" a
        // no-break space); [`repair_run`] splits at it when the whole run does not decode.
        if !c.is_ascii() && (c != '\u{a0}' || !run.is_empty()) {
            run.push(c);
        } else {
            changed |= repair_run(&run, &mut out);
            run.clear();
            out.push(c);
        }
    }
    changed |= repair_run(&run, &mut out);
    changed.then_some(out)
}

/// Append `run` to `out`, re-decoded when its bytes are UTF-8 misread; whether it was.
fn repair_run(run: &str, out: &mut String) -> bool {
    if run.is_empty() {
        return false;
    }
    let bytes: Option<Vec<u8>> = run.chars().map(misread_byte).collect();
    match bytes.as_deref().map(std::str::from_utf8) {
        Some(Ok(fixed)) if fixed.chars().count() < run.chars().count() => {
            out.push_str(fixed);
            true
        }
        _ if run.contains('\u{a0}') => {
            let mut changed = false;
            for (i, piece) in run.split('\u{a0}').enumerate() {
                if i > 0 {
                    out.push('\u{a0}');
                }
                changed |= repair_run(piece, out);
            }
            changed
        }
        _ => {
            out.push_str(run);
            false
        }
    }
}

/// Normalize one piece of text. `keep_spaces` keeps runs of spaces (code blocks).
///
/// Prose: NFC, dropped characters removed, runs of whitespace (no-break space included) collapse
/// to one space, lines are trimmed, empty lines go. One pass writing into one string, then NFC
/// composition when the quick check says the result may not be NFC already. NFC comes last: a
/// dropped character between two combining marks keeps them apart, and once it is gone they may
/// need reordering, which a second pass would otherwise do.
pub fn normalize(s: &str, keep_spaces: bool) -> String {
    let mut out = normalize_once(s, keep_spaces);
    // Dropping a character, composing NFC or a first repair can leave text that reads as
    // mojibake again ("Ã\u{83}Â©" is "é" encoded twice; "Ð\r·" is "Ð·" once the control goes).
    // Repeat until nothing is left to repair, so that normalizing normalized text changes nothing.
    for _ in 0..3 {
        if out.is_ascii() || fix_mojibake(&out).is_none() {
            break;
        }
        out = normalize_once(&out, keep_spaces);
    }
    out
}

/// One pass of [`normalize`].
fn normalize_once(s: &str, keep_spaces: bool) -> String {
    let repaired;
    let s = match fix_mojibake(s) {
        Some(f) => {
            repaired = f;
            repaired.as_str()
        }
        None => s,
    };
    let out = if keep_spaces {
        let kept: String = s.chars().filter(|&c| !is_dropped(c)).collect();
        // Blank lines at either end of a code block would be blank lines between blocks.
        let lines: Vec<&str> = kept.lines().map(str::trim_end).collect();
        let start = lines
            .iter()
            .position(|l| !l.is_empty())
            .unwrap_or(lines.len());
        let end = lines
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(start, |i| i + 1);
        lines[start..end].join("\n")
    } else {
        collapse(s)
    };
    if out.is_ascii()
        || unicode_normalization::is_nfc_quick(out.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        out
    } else {
        out.nfc().collect()
    }
}

/// Whitespace runs to one space, lines trimmed, empty lines and dropped characters gone.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // At the start of a line (nothing written on it yet), and whether a space is owed before the
    // next character written on this line.
    let mut line_start = true;
    let mut space = false;
    for c in s.chars() {
        if c == '\n' {
            line_start = true;
            space = false;
        } else if is_dropped(c) {
            // Dropped characters join their neighbours ("a\u{200b}b" is "ab").
        } else if c.is_whitespace() {
            space = !line_start;
        } else {
            if line_start {
                if !out.is_empty() {
                    out.push('\n');
                }
                line_start = false;
            } else if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Characters documentation themes append to headings as permalink anchors ("Logging HOWTO¶").
/// Not `#`: a heading may end in one ("Learn C#").
pub const PERMALINK_MARKS: &[char] = &['¶', '§', '🔗', '\u{200b}', '\u{feff}'];

/// A block of at least this many characters is not repeated anywhere in the output.
const REPEAT_MIN_CHARS: usize = 150;

/// Normalize the document's text, drop empty and repeated blocks, and apply line rules.
pub fn clean(doc: &mut Document, rules: &RuleSet, host: Option<&str>) {
    let title = doc.title.clone();
    let hint = match title.as_deref() {
        Some(t) => text::TitleHint::Known(t),
        None => text::TitleHint::None,
    };
    clean_with(doc, rules, host, hint);
}

fn clean_with(doc: &mut Document, rules: &RuleSet, host: Option<&str>, hint: text::TitleHint<'_>) {
    let line = |s: &mut String| *s = normalize(s, false).replace('\n', " ");
    // The metadata's strings get the same repair as the text: a title the page stores
    // double-encoded (an og:title in mojibake) reads the same in the JSON as on the title line.
    let md = &mut doc.metadata;
    for s in [
        &mut doc.title,
        &mut md.title,
        &mut md.author,
        &mut md.sitename,
        &mut md.description,
    ]
    .into_iter()
    .flatten()
    {
        line(s);
    }
    let hint = match hint {
        // Compare against the normalized title.
        text::TitleHint::Known(_) => match doc.title.as_deref() {
            Some(t) => text::TitleHint::Known(t),
            None => text::TitleHint::None,
        },
        other => other,
    };
    let mut blocks: Vec<Block> = Vec::with_capacity(doc.blocks.len());
    // Long texts seen so far, with the container of their first copy.
    let mut long_seen: std::collections::HashMap<String, Option<ego_tree::NodeId>> =
        std::collections::HashMap::new();
    for mut b in std::mem::take(&mut doc.blocks) {
        let code = matches!(b.kind, BlockKind::Code { .. });
        b.text = normalize(&b.text, code);
        if matches!(b.kind, BlockKind::Heading { .. }) {
            // A heading is one line, however the page breaks it (`Split<br>headline`).
            if b.text.contains('\n') {
                b.text = b.text.replace('\n', " ");
            }
            let trimmed = b
                .text
                .trim_end_matches(|c: char| PERMALINK_MARKS.contains(&c) || c.is_whitespace());
            if trimmed.len() < b.text.len() {
                b.text = trimmed.to_string();
            }
        }
        for c in &mut b.cells {
            *c = normalize(c, false);
        }
        for l in &mut b.links {
            l.text = normalize(&l.text, false);
        }
        if let BlockKind::Image { alt, .. } = &mut b.kind {
            *alt = normalize(alt, false);
            blocks.push(b);
            continue;
        }
        if b.text.is_empty() {
            continue;
        }
        // The same text twice in a row is a rendering artefact (e.g. responsive duplicates).
        if blocks.last().is_some_and(|p| p.text == b.text) {
            continue;
        }
        // A long paragraph seen before, further up, in another container is a second rendering
        // of the same text (a mobile and a desktop copy, a quoted post). In the same container
        // it is the text repeating itself (a refrain) and stays. Short texts and code may well
        // repeat anywhere.
        if !matches!(b.kind, BlockKind::Code { .. } | BlockKind::TableRow { .. })
            && b.text.chars().count() >= REPEAT_MIN_CHARS
        {
            match long_seen.get(&b.text) {
                Some(first) if first.is_none() || *first != b.container => continue,
                Some(_) => {}
                None => {
                    long_seen.insert(b.text.clone(), b.container);
                }
            }
        }
        blocks.push(b);
    }
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    let outcome = text::apply(rules, host, &texts, hint);
    doc.removals.extend(outcome.removals);
    let mut blocks: Vec<Block> = blocks
        .into_iter()
        .zip(outcome.keep.into_iter().zip(outcome.replaced))
        .filter_map(|(mut b, (keep, replaced))| {
            if let Some(r) = replaced {
                b.text = r;
            }
            keep.then_some(b)
        })
        .collect();
    // A first block that repeats the title is the title.
    if let (Some(t), Some(first)) = (doc.title.as_deref(), blocks.first()) {
        if first.text == t {
            blocks.remove(0);
        }
    }
    doc.blocks = blocks;
}

/// Whether the lines of one blank-line-separated paragraph are a hard-wrapped paragraph (to join)
/// rather than one paragraph a line (to keep apart): every line but the last is short, and most
/// do not end a sentence. List items are never joined.
fn is_hard_wrapped(lines: &[&str]) -> bool {
    let Some((_, body)) = lines.split_last() else {
        return false;
    };
    if body.is_empty() {
        return false;
    }
    let list_item = |l: &str| {
        let t = l.trim_start();
        t.starts_with(['-', '*', '•', '–', '·'])
            || t.split_once(['.', ')']).is_some_and(|(n, _)| {
                !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit())
            })
    };
    if lines.iter().any(|l| list_item(l)) {
        return false;
    }
    let short = body.iter().all(|l| l.chars().count() <= 100);
    let open = body
        .iter()
        .filter(|l| !l.trim_end().ends_with(['.', '!', '?', ':', '"', '”']))
        .count();
    short && open * 2 > body.len()
}

/// Split a plain-text document into blocks: paragraphs are separated by blank lines, and a
/// paragraph of several lines is one block a line, unless it is hard-wrapped prose.
pub fn text_blocks(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let mut flush = |para: &mut Vec<&str>| {
        if para.is_empty() {
            return;
        }
        if is_hard_wrapped(para) {
            out.push(para.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" "));
        } else {
            out.extend(para.iter().map(|l| l.to_string()));
        }
        para.clear();
    };
    for line in input.lines() {
        // A line of only invisible characters separates paragraphs like a blank one.
        if line.chars().all(|c| c.is_whitespace() || is_dropped(c)) {
            flush(&mut para);
        } else {
            para.push(line);
        }
    }
    flush(&mut para);
    out
}

/// Clean a plain-text document (`--text`): see [`text_blocks`]; after line rules the first block
/// is the title. The result renders in the seed-corpus shape (blocks separated by blank lines).
pub fn clean_text(input: &str, rules: &RuleSet, host: Option<&str>) -> Document {
    let mut doc = Document {
        blocks: text_blocks(input)
            .into_iter()
            .map(|p| Block::new(BlockKind::Paragraph, p))
            .collect(),
        ..Default::default()
    };
    clean_with(&mut doc, rules, host, text::TitleHint::Guess);
    if !doc.blocks.is_empty() {
        let first = doc.blocks.remove(0);
        doc.title = Some(first.text);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_repaired() {
        assert_eq!(normalize("Itâ€™s fine", false), "It’s fine");
        assert_eq!(normalize("cafÃ©", false), "café");
        // Read as ISO-8859-1: the middle bytes became C1 controls.
        assert_eq!(
            normalize("Xeno\u{e2}\u{80}\u{99}s plan", false),
            "Xeno’s plan"
        );
        assert_eq!(
            normalize("für \u{e2}\u{80}\u{9c}Bahn\u{e2}\u{80}\u{9d}", false),
            "für “Bahn”"
        );
        // A no-break space as the last byte of a sequence, and one between words.
        assert_eq!(normalize("voilÃ\u{a0} tout", false), "voilà tout");
        assert_eq!(normalize("loopingÂ\u{a0}", false), "looping");
        assert_eq!(normalize("für\u{a0}â€œBahnâ€\u{9d}", false), "für “Bahn”");
        assert_eq!(normalize("ð\u{9f}\u{8e}® Blog", false), "🎮 Blog");
        // Encoded twice, and a run that only reads as mojibake once a control character goes.
        assert_eq!(normalize("cafÃƒÂ©", false), "café");
        assert_eq!(normalize("Ð\r·0", false), "з0");
    }

    #[test]
    fn controls_and_zero_width_dropped() {
        assert_eq!(normalize("a\u{200b}b\u{0007}c  d", false), "abc d");
    }

    #[test]
    fn nfc() {
        assert_eq!(normalize("e\u{301}", false), "é");
    }

    #[test]
    fn text_blocks_shapes() {
        // One paragraph a line (single newlines between paragraphs).
        let long = "word ".repeat(30);
        let doc = format!("Title line\n{long}\n{long}\nCredit/Name\n");
        assert_eq!(text_blocks(&doc).len(), 4);
        // Hard-wrapped prose is joined.
        let wrapped = "This is a paragraph that was\nwrapped at a narrow width by\nsome mail client long ago.\n\nNext one.";
        assert_eq!(
            text_blocks(wrapped),
            [
                "This is a paragraph that was wrapped at a narrow width by some mail client long ago.",
                "Next one."
            ]
        );
        // Lists are not joined.
        assert_eq!(text_blocks("- one\n- two\n- three").len(), 3);
    }

    #[test]
    fn lines_and_spaces() {
        assert_eq!(
            normalize(
                " \u{a0}one\t two \n\n \n  three\u{200b}four \r\n\u{2028}\nfive  ",
                false
            ),
            "one two\nthreefour\nfive"
        );
        assert_eq!(normalize("a\rb", false), "ab");
        // Two combining marks that a dropped character kept apart are put in canonical order.
        let once = normalize("\u{1939}\r\u{11d42}", false);
        assert_eq!(normalize(&once, false), once);
        assert_eq!(normalize(" \n\t\u{a0}", false), "");
        assert_eq!(normalize("  x  \n  y\u{a0}\n", true), "  x\n  y");
    }

    #[test]
    fn idempotent() {
        let once = normalize("  Itâ€™s   a\u{a0}test\n\n x ", false);
        assert_eq!(normalize(&once, false), once);
    }
}
