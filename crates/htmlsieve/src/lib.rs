//! # htmlsieve
//!
//! Turns web pages into clean article text. The pipeline, one module a stage:
//!
//! ```text
//! bytes ──► decode ──► parse ──► rules ──► extract ──► clean ──► render
//! ```
//!
//! [`Extractor`] holds the compiled rules and configuration; build it once and share it (it is
//! `Send + Sync`) across threads. [`extract`] is a one-shot helper. A [`Document`] is rendered
//! with [`render`] (the seed-corpus text, Markdown, JSON records).
//!
//! ```
//! let doc = htmlsieve::extract("<html><head><title>Hello | Site</title></head><body>\
//!     <nav><a href=/>Home</a></nav><article><p>Some long enough article text for the extractor \
//!     to keep as the main content of this page.</p></article></body></html>").unwrap();
//! assert_eq!(doc.title.as_deref(), Some("Hello"));
//! assert!(doc.body_text().starts_with("Some long enough article text"));
//! ```
//!
//! This crate reads no files but rule files, opens no sockets and starts no threads (with the
//! `parallel` feature, large rule lists compile on rayon's pool). Reading folders, fetching URLs
//! and running batches are the `htmlsieve` command's (the repository's root package).

mod clean;
mod config;
mod decode;
mod document;
mod error;
mod extract;
mod heuristic;
mod output;
mod par;
mod parse;
mod pipeline;
mod rules;

pub use config::{
    Config, Limits, RuleSources, DEFAULT_DOC_TIMEOUT, DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_NODES,
};
pub use decode::EncodingSource;
pub use document::{Block, BlockKind, Document, Metadata, Removal, Trace};
pub use error::{Error, Result};
pub use heuristic::{Heuristic, Heuristics};
pub use output::{render, render_json, render_text, Format, RecordInfo, RenderOptions};
pub use pipeline::{extract, Extractor};
pub use rules::{explain_lines, host_of, Origin, PageLinks, RuleSet, SiteTest};

/// Rule files: load, check and list them without extracting anything (the `rules` commands).
pub mod rule_files {
    pub use crate::rules::listfile::ListStats;
    pub use crate::rules::load::{check, from_text, rule_files as files, RuleText};
    pub use crate::rules::{listing, load};
}

/// The page-type stage's vocabulary: its classes and the features its model reads.
pub mod page_type {
    pub use crate::extract::page_type::{CLASSES, NAMES as FEATURES};
}

/// The stages one at a time, for measuring or testing a single stage. [`Extractor`] runs them in
/// this order with the limits and deadlines checked between them; prefer it everywhere else.
pub mod stages {
    pub use crate::clean::{clean, normalize};
    pub use crate::decode::{decode, Decoded};
    pub use crate::extract::extract;
    pub use crate::parse::depth::limit_depth;
    pub use crate::parse::parse;
    pub use crate::rules::apply::apply;
    pub use crate::rules::Marks;
}
