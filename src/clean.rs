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

/// UTF-8 read as windows-1252 ("â€™" for "’", "Ã©" for "é"): every run of non-ASCII characters
/// whose windows-1252 bytes form valid UTF-8 is re-decoded. Runs that do not (real "für") stay.
fn fix_mojibake(s: &str) -> Option<String> {
    if !s.contains(['Ã', 'â', 'Â', 'Å', 'Ä', 'Ð', 'Ñ']) {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String, changed: &mut bool| {
        if run.is_empty() {
            return;
        }
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(run);
        match std::str::from_utf8(&bytes) {
            Ok(fixed) if !unmappable && fixed.chars().count() < run.chars().count() => {
                out.push_str(fixed);
                *changed = true;
            }
            _ => out.push_str(run),
        }
        run.clear();
    };
    for c in s.chars() {
        if !c.is_ascii() && c != '\u{a0}' {
            run.push(c);
        } else {
            flush(&mut run, &mut out, &mut changed);
            out.push(c);
        }
    }
    flush(&mut run, &mut out, &mut changed);
    changed.then_some(out)
}

/// Normalize one piece of text. `keep_spaces` keeps runs of spaces (code blocks).
pub fn normalize(s: &str, keep_spaces: bool) -> String {
    let repaired;
    let s = match fix_mojibake(s) {
        Some(f) => {
            repaired = f;
            repaired.as_str()
        }
        None => s,
    };
    let nfc: String = s
        .nfc()
        .filter(|&c| !is_dropped(c))
        .map(|c| {
            if c == '\u{a0}' && !keep_spaces {
                ' '
            } else {
                c
            }
        })
        .collect();
    if keep_spaces {
        return nfc
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n");
    }
    nfc.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Normalize the document's text, drop empty and repeated blocks, and apply line rules.
pub fn clean(doc: &mut Document, rules: &RuleSet, host: Option<&str>) {
    if let Some(t) = doc.title.as_mut() {
        *t = normalize(t, false).replace('\n', " ");
    }
    let mut blocks: Vec<Block> = Vec::with_capacity(doc.blocks.len());
    for mut b in std::mem::take(&mut doc.blocks) {
        let code = matches!(b.kind, BlockKind::Code { .. });
        b.text = normalize(&b.text, code);
        for c in &mut b.cells {
            *c = normalize(c, false);
        }
        if b.text.is_empty() {
            continue;
        }
        // The same text twice in a row is a rendering artefact (e.g. responsive duplicates).
        if blocks.last().is_some_and(|p| p.text == b.text) {
            continue;
        }
        blocks.push(b);
    }
    // A first block that repeats the title is the title.
    if let (Some(t), Some(first)) = (doc.title.as_deref(), blocks.first()) {
        if first.text == t {
            blocks.remove(0);
        }
    }
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    let keep = text::apply(rules, host, &texts);
    doc.blocks = blocks
        .into_iter()
        .zip(keep)
        .filter_map(|(b, k)| k.then_some(b))
        .collect();
}

/// Clean a plain-text document (`--text`): paragraphs are separated by blank lines; the first line
/// is the title.
pub fn clean_text(input: &str, rules: &RuleSet, host: Option<&str>) -> Document {
    let mut paras: Vec<String> = Vec::new();
    let mut cur = String::new();
    for line in input.lines() {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                paras.push(std::mem::take(&mut cur));
            }
        } else {
            if !cur.is_empty() {
                cur.push('\n');
            }
            cur.push_str(line);
        }
    }
    if !cur.is_empty() {
        paras.push(cur);
    }
    let mut doc = Document {
        blocks: paras
            .into_iter()
            .map(|p| Block::new(BlockKind::Paragraph, p))
            .collect(),
        ..Default::default()
    };
    clean(&mut doc, rules, host);
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
    fn idempotent() {
        let once = normalize("  Itâ€™s   a\u{a0}test\n\n x ", false);
        assert_eq!(normalize(&once, false), once);
    }
}
