//! `--explain` on stderr: each document's removals, one line each.

use htmlsieve::{explain_lines, Document};
use std::io::Write;

/// Print a document's removals on stderr as one write, so that lines of parallel workers do not
/// interleave; removals of elements without text only with `all`.
pub fn print(input: &str, doc: &Document, all: bool) {
    let text = explain_lines(input, doc, all);
    if !text.is_empty() {
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
}
