//! # htmlsieve-corpus
//!
//! The corpus path of htmlsieve, as library code without I/O policy: reading WARC files
//! ([`warc`]), exact and near-duplicate detection ([`dedup`]), language identification
//! ([`lang`]) and quality signals with the Gopher filter ([`quality`]). The CLI wires them to the
//! extractor and the batch runner.

pub mod build;
pub mod dedup;
pub mod lang;
pub mod quality;
pub mod warc;
