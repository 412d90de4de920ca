//! Typed errors of the library. Every failure of one input is an [`Error`]; the batch runner turns it
//! into an error record (`"<kind>: <message>"`) and goes on with the other inputs.

use std::path::PathBuf;

/// Everything that can go wrong while turning one input into a document.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input could not be read (missing, unreadable, vanished).
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The input breached a configured limit (bytes, nodes, depth, time).
    #[error("{limit} limit exceeded: {detail}")]
    Limit { limit: &'static str, detail: String },
    /// The input is not a document we can clean (binary data, an image, wrong content type).
    #[error("{0}")]
    NotHtml(String),
    /// A rule file is broken; `location` is `file:line`.
    #[error("{location}: {message}")]
    Rule { location: String, message: String },
    /// Fetching a URL failed.
    #[error("{0}")]
    Fetch(String),
    /// Anything else that should name its cause.
    #[error("{0}")]
    Other(String),
}

impl Error {
    /// Short machine-readable kind used in error records (`"<kind>: <message>"`).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Limit { .. } => "limit",
            Error::NotHtml(_) => "not-html",
            Error::Rule { .. } => "rules",
            Error::Fetch(_) => "fetch",
            Error::Other(_) => "error",
        }
    }

    /// The `"<kind>: <message>"` string stored in JSON and manifest records.
    pub fn record(&self) -> String {
        format!("{}: {}", self.kind(), self)
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
