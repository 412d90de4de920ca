//! The seed-corpus text format: title on the first line, then one block per paragraph / heading /
//! list item / table row, blocks separated by one blank line, `\n` line ends, one final newline.

use crate::document::Document;

pub fn render(doc: &Document, no_title: bool) -> String {
    let mut out = String::new();
    if !no_title {
        if let Some(t) = doc.title.as_deref().filter(|t| !t.is_empty()) {
            out.push_str(t);
        }
    }
    for b in &doc.blocks {
        if b.text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&b.text);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, BlockKind};

    #[test]
    fn seed_shape() {
        let doc = Document {
            title: Some("Title".into()),
            blocks: vec![
                Block::new(BlockKind::Paragraph, "One."),
                Block::new(BlockKind::Paragraph, ""),
                Block::new(BlockKind::Heading { level: 2 }, "Two"),
            ],
            ..Default::default()
        };
        assert_eq!(render(&doc, false), "Title\n\nOne.\n\nTwo\n");
        assert_eq!(render(&doc, true), "One.\n\nTwo\n");
        assert_eq!(render(&Document::default(), false), "");
        let title_only = Document {
            title: Some("Sign in".into()),
            ..Default::default()
        };
        assert_eq!(render(&title_only, false), "Sign in\n");
        assert_eq!(render(&title_only, true), "");
    }
}
