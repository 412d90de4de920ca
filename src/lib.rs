//! The `htmlsieve` command: arguments, inputs, the runners that turn many inputs into a corpus
//! folder (files, URLs, WARC files), their manifest and resume, progress, and the rule self-tests.
//! The extraction itself is the `htmlsieve` library (crates/htmlsieve); fetching is
//! `htmlsieve-fetch`. Not a published API: it is a library so that tests and benches reach it.
//!
//! Layers, each using only those below it:
//!
//! ```text
//! cli (commands, exit codes) ─► args ─► corpus (warc, jsonl, stats) ─► runner (files, fetch)
//!   ─► selftest ─► input, urls, manifest, naming, write, progress, explain
//! ```

pub mod args;
pub mod cli;
pub mod corpus;
pub mod explain;
pub mod input;
pub mod manifest;
pub mod naming;
pub mod progress;
pub mod runner;
pub mod selftest;
pub mod urls;
pub mod write;
