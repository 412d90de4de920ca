//! JSON / JSONL records, shaped so that corpus tools (dolma, datatrove) read them as they are:
//! `{"id", "text", "source", "added", "created", "metadata": {...}, "error"}`.

use serde::Serialize;

use super::RecordInfo;
use crate::document::{Block, Document, Metadata};

#[derive(Serialize)]
struct Extractor<'a> {
    version: &'a str,
    rules: usize,
}

#[derive(Serialize)]
struct RecordMetadata<'a> {
    #[serde(flatten)]
    page: &'a Metadata,
    source_path: &'a str,
    extractor: Extractor<'a>,
}

#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    text: String,
    source: &'static str,
    added: String,
    created: Option<&'a str>,
    metadata: RecordMetadata<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    blocks: Option<&'a [Block]>,
    error: Option<String>,
}

/// Render one record. `pretty` gives indented JSON (the `json` format), else a single line. `text`
/// is the txt output (title line first) without its final newline.
pub fn render(
    doc: Option<&Document>,
    error: Option<&crate::error::Error>,
    info: &RecordInfo,
    pretty: bool,
) -> String {
    render_with(doc, error, info, pretty, false)
}

/// [`render`], with `no_title` leaving the title line out of `text` (`--no-title`; the title stays
/// in `metadata.title`).
pub fn render_with(
    doc: Option<&Document>,
    error: Option<&crate::error::Error>,
    info: &RecordInfo,
    pretty: bool,
    no_title: bool,
) -> String {
    let empty = Metadata::default();
    let text = doc
        .map(|d| super::text::render(d, no_title).trim_end().to_string())
        .unwrap_or_default();
    let md = doc.map(|d| &d.metadata).unwrap_or(&empty);
    let rec = Record {
        id: &info.id,
        text,
        source: "htmlsieve",
        added: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        created: md.date.as_deref(),
        metadata: RecordMetadata {
            page: md,
            source_path: &info.source,
            extractor: Extractor {
                version: env!("CARGO_PKG_VERSION"),
                rules: info.rules,
            },
        },
        blocks: if pretty {
            doc.map(|d| d.blocks.as_slice())
        } else {
            None
        },
        error: error.map(|e| e.record()),
    };
    let mut s = if pretty {
        serde_json::to_string_pretty(&rec)
    } else {
        serde_json::to_string(&rec)
    }
    .unwrap_or_else(|e| format!("{{\"id\":{:?},\"error\":\"serialize: {e}\"}}", info.id));
    s.push('\n');
    s
}
