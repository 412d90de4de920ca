//! Render: documents as the seed-corpus text, Markdown, JSON and JSONL records, and the
//! `--explain-html` report of a page.
//!
//! In: [`Document`]s or errors. Out: strings. Not here: deciding content, or writing files (the
//! command's runner names, writes and records outputs).

pub mod explain_html;
pub mod json;
pub mod markdown;
pub mod text;

use crate::document::Document;

pub use json::render as render_json;
pub use text::render as render_text;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// The seed-corpus text: title line, then one block per paragraph, blank-line separated.
    Txt,
    /// CommonMark.
    Md,
    /// One JSON object per document (pretty-printed).
    Json,
    /// One JSON object per line (dolma-shaped records).
    Jsonl,
}

impl Format {
    /// File extension of one output file.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Md => "md",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
        }
    }
}

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub format: Format,
    /// Leave out the title line (txt, md, and the `text` of json/jsonl records).
    pub no_title: bool,
}

/// Identity of one input for records.
#[derive(Debug, Clone, Default)]
pub struct RecordInfo {
    pub id: String,
    pub source: String,
    /// Number of rules loaded, recorded in `metadata.extractor.rules`.
    pub rules: usize,
}

/// Render a document (or the error it ended with) in the chosen format. Always ends with `\n`
/// unless the text is empty.
pub fn render(
    doc: Option<&Document>,
    error: Option<&crate::error::Error>,
    info: &RecordInfo,
    opts: RenderOptions,
) -> String {
    match opts.format {
        Format::Txt => doc
            .map(|d| text::render(d, opts.no_title))
            .unwrap_or_default(),
        Format::Md => doc
            .map(|d| markdown::render(d, opts.no_title))
            .unwrap_or_default(),
        Format::Json => json::render_with(doc, error, info, true, opts.no_title),
        Format::Jsonl => json::render_with(doc, error, info, false, opts.no_title),
    }
}
