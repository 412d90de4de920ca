//! CommonMark rendering: headings, escaped paragraphs, lists, fenced code, quotes and pipe tables.

use crate::document::{Block, BlockKind, Document};

/// Escape characters that would turn plain text into Markdown syntax.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push_str("  \n");
        }
        let trimmed = line.trim_start();
        // Line starts that CommonMark reads as block syntax.
        let starts_block = trimmed.starts_with(['#', '>', '-', '+', '=', '|'])
            || trimmed.split_once(['.', ')']).is_some_and(|(n, _)| {
                !n.is_empty() && n.len() < 10 && n.bytes().all(|b| b.is_ascii_digit())
            });
        for (j, c) in line.chars().enumerate() {
            let at_start = j == line.len() - trimmed.len();
            match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' => {
                    out.push('\\');
                    out.push(c);
                }
                '#' | '-' | '+' | '=' if at_start && starts_block => {
                    out.push('\\');
                    out.push(c);
                }
                '.' | ')'
                    if starts_block
                        && line[..line.find(c).unwrap_or(0)]
                            .bytes()
                            .all(|b| b.is_ascii_digit())
                        && j > 0 =>
                {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
    }
    out
}

/// A link destination: in angle brackets when it holds spaces or parentheses, which would end
/// a bare one.
fn destination(href: &str) -> String {
    if href.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", href.replace('<', "%3C").replace('>', "%3E"))
    } else {
        href.to_string()
    }
}

/// A block's text, escaped, with its links (see [`Block::links`]) as `[text](href)`.
fn with_links(b: &Block) -> String {
    if b.links.is_empty() {
        return escape(&b.text);
    }
    let mut out = String::with_capacity(b.text.len() + 32 * b.links.len());
    let mut rest = b.text.as_str();
    for l in &b.links {
        let Some(at) = rest.find(&l.text).filter(|_| !l.text.is_empty()) else {
            continue;
        };
        out.push_str(&escape(&rest[..at]));
        out.push_str(&format!("[{}]({})", escape(&l.text), destination(&l.href)));
        rest = &rest[at + l.text.len()..];
    }
    out.push_str(&escape(rest));
    out
}

fn fence_for(code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

pub fn render(doc: &Document, no_title: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !no_title {
        if let Some(t) = doc.title.as_deref().filter(|t| !t.is_empty()) {
            parts.push(format!("# {}", escape(t)));
        }
    }
    let mut i = 0;
    let blocks = &doc.blocks;
    while i < blocks.len() {
        let b = &blocks[i];
        match &b.kind {
            BlockKind::Heading { level } => parts.push(format!(
                "{} {}",
                "#".repeat((*level).clamp(1, 6) as usize),
                with_links(b)
            )),
            BlockKind::Paragraph => parts.push(with_links(b)),
            BlockKind::Image { src, alt } => {
                parts.push(format!("![{}]({})", escape(alt), destination(src)))
            }
            BlockKind::Quote => {
                // Consecutive quote blocks are the paragraphs of one quotation.
                let mut paras = Vec::new();
                while let Some(q) = blocks.get(i).filter(|x| x.kind == BlockKind::Quote) {
                    paras.push(
                        with_links(q)
                            .lines()
                            .map(|l| format!("> {l}"))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    );
                    i += 1;
                }
                parts.push(paras.join("\n>\n"));
                continue;
            }
            BlockKind::Code { lang } => {
                let fence = fence_for(&b.text);
                parts.push(format!(
                    "{fence}{}\n{}\n{fence}",
                    lang.as_deref().unwrap_or(""),
                    b.text
                ));
            }
            BlockKind::ListItem { .. } => {
                // Consecutive items form one list.
                // Numbering is per depth: a nested list starts again at 1, and going back up
                // continues the outer list where it left off.
                let mut lines = Vec::new();
                let mut counters: Vec<usize> = Vec::new();
                while let Some(BlockKind::ListItem { ordered, depth }) =
                    blocks.get(i).map(|x| &x.kind)
                {
                    let d = *depth as usize;
                    counters.truncate(d + 1);
                    counters.resize(d + 1, 0);
                    counters[d] += 1;
                    let indent = "   ".repeat(d);
                    let marker = if *ordered {
                        format!("{}.", counters[d])
                    } else {
                        "-".to_string()
                    };
                    lines.push(format!(
                        "{indent}{marker} {}",
                        with_links(&blocks[i]).replace("  \n", " ")
                    ));
                    i += 1;
                }
                parts.push(lines.join("\n"));
                continue;
            }
            BlockKind::TableRow { .. } => {
                let mut rows = Vec::new();
                let start = i;
                while let Some(BlockKind::TableRow { .. }) = blocks.get(i).map(|x| &x.kind) {
                    rows.push(&blocks[i]);
                    i += 1;
                }
                let width = rows.iter().map(|r| r.cells.len().max(1)).max().unwrap_or(1);
                let cell_line = |r: &crate::document::Block| {
                    let mut cells: Vec<String> = if r.cells.is_empty() {
                        vec![escape(&r.text)]
                    } else {
                        r.cells
                            .iter()
                            .map(|c| escape(c).replace('\n', " "))
                            .collect()
                    };
                    cells.resize(width, String::new());
                    format!("| {} |", cells.join(" | "))
                };
                let mut lines = vec![cell_line(rows[0])];
                lines.push(format!("|{}", " --- |".repeat(width)));
                for r in &rows[1..] {
                    lines.push(cell_line(r));
                }
                let _ = start;
                parts.push(lines.join("\n"));
                continue;
            }
        }
        i += 1;
    }
    let mut out = parts.join("\n\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Block;

    #[test]
    fn escapes_syntax() {
        assert_eq!(escape("*not bold* [x]"), "\\*not bold\\* \\[x\\]");
        assert_eq!(escape("# not a heading"), "\\# not a heading");
    }

    #[test]
    fn nested_ordered_lists_number_per_depth() {
        let item = |d: u8, t: &str| {
            Block::new(
                BlockKind::ListItem {
                    ordered: true,
                    depth: d,
                },
                t,
            )
        };
        let doc = Document {
            blocks: vec![
                item(0, "a"),
                item(1, "a1"),
                item(1, "a2"),
                item(0, "b"),
                item(1, "b1"),
            ],
            ..Default::default()
        };
        assert_eq!(
            render(&doc, true),
            "1. a\n   1. a1\n   2. a2\n2. b\n   1. b1\n"
        );
    }

    #[test]
    fn line_breaks_and_block_starts() {
        let doc = Document {
            title: Some("A *bold* title".into()),
            blocks: vec![
                Block::new(BlockKind::Paragraph, "Early potatoes\nlifted into rain"),
                Block::new(BlockKind::Paragraph, "1999. A year to remember"),
                Block::new(BlockKind::Paragraph, "- not a list\n+ nor this"),
                Block::new(BlockKind::Quote, "one\ntwo"),
                Block::new(BlockKind::Quote, "three!"),
                Block::new(BlockKind::Code { lang: None }, "```\ninner fence\n```"),
            ],
            ..Default::default()
        };
        assert_eq!(
            render(&doc, false),
            "# A \\*bold\\* title\n\n\
             Early potatoes  \nlifted into rain\n\n\
             1999\\. A year to remember\n\n\
             \\- not a list  \n\\+ nor this\n\n\
             > one  \n> two\n>\n> three!\n\n\
             ````\n```\ninner fence\n```\n````\n"
        );
    }

    #[test]
    fn renders_structures() {
        let mut row = Block::new(BlockKind::TableRow { header: true }, "A | B");
        row.cells = vec!["A".into(), "B".into()];
        let mut row2 = Block::new(BlockKind::TableRow { header: false }, "1 | 2");
        row2.cells = vec!["1".into(), "2".into()];
        let doc = Document {
            title: Some("T".into()),
            blocks: vec![
                Block::new(BlockKind::Heading { level: 2 }, "H"),
                Block::new(
                    BlockKind::ListItem {
                        ordered: true,
                        depth: 0,
                    },
                    "one",
                ),
                Block::new(
                    BlockKind::ListItem {
                        ordered: true,
                        depth: 0,
                    },
                    "two",
                ),
                Block::new(BlockKind::Code { lang: None }, "let x = `a`;"),
                row,
                row2,
            ],
            ..Default::default()
        };
        let md = render(&doc, false);
        assert_eq!(
            md,
            "# T\n\n## H\n\n1. one\n2. two\n\n```\nlet x = `a`;\n```\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n"
        );
    }
}
