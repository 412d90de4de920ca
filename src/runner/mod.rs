//! Runners: many inputs through one [`htmlsieve::Extractor`] into a folder (or stdout), with the
//! manifest, resume and progress. `files` takes saved pages on all cores (rayon); `fetch` takes URLs
//! over the network (tokio) and cleans each response on a blocking thread.

pub mod fetch;
pub mod files;
