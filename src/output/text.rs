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
