//! Input: what to read. Files, folders (recursive: `*.html`, `*.htm`, `*.xhtml` and their `.gz`;
//! `*.txt` with `--text`), stdin (`-`), and URL lists for `fetch`.
//!
//! In: the paths the user named. Out: [`Source`]s in a stable order, and their bytes on demand.
//! Not here: decoding (that is `decode`) or fetching over the network (that is `fetch`).

pub mod fetch;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// One input document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file; `rel` is its path relative to the folder it was found in (or its file name).
    File {
        path: PathBuf,
        rel: PathBuf,
    },
    Stdin,
}

impl Source {
    /// The input as named in records.
    pub fn name(&self) -> String {
        match self {
            Source::File { path, .. } => path.display().to_string(),
            Source::Stdin => "-".to_string(),
        }
    }
}

/// What kind of documents to look for in folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Html,
    Text,
}

fn wanted(path: &Path, kind: Kind) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match kind {
        Kind::Html => [".html", ".htm", ".xhtml"]
            .iter()
            .any(|e| name.ends_with(e)),
        Kind::Text => name.ends_with(".txt"),
    }
}

/// Expand the named inputs into sources. A named file is taken whatever its extension; a named
/// folder is walked recursively in sorted order. A path that does not exist is returned as a file
/// source so that it becomes an error record (the rest of the batch still runs).
pub fn expand(inputs: &[PathBuf], kind: Kind) -> Vec<Source> {
    let mut out = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            out.push(Source::Stdin);
        } else if input.is_dir() {
            for entry in walkdir::WalkDir::new(input)
                .follow_links(false)
                .sort_by_file_name()
            {
                let Ok(entry) = entry else { continue };
                if entry.file_type().is_file() && wanted(entry.path(), kind) {
                    let rel = entry
                        .path()
                        .strip_prefix(input)
                        .unwrap_or(entry.path())
                        .to_path_buf();
                    out.push(Source::File {
                        path: entry.into_path(),
                        rel,
                    });
                }
            }
        } else {
            let rel = input
                .file_name()
                .map(PathBuf::from)
                .unwrap_or_else(|| input.clone());
            out.push(Source::File {
                path: input.clone(),
                rel,
            });
        }
    }
    out
}

/// Read a source's bytes, ungzipping `.gz` files, refusing more than `max_bytes`.
pub fn read(source: &Source, max_bytes: usize) -> Result<Vec<u8>> {
    let (reader, name): (Box<dyn Read>, PathBuf) = match source {
        Source::Stdin => (Box::new(std::io::stdin().lock()), PathBuf::from("-")),
        Source::File { path, .. } => {
            let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
            {
                (Box::new(flate2::read::MultiGzDecoder::new(f)), path.clone())
            } else {
                (Box::new(f), path.clone())
            }
        }
    };
    let mut buf = Vec::new();
    let limit = max_bytes as u64 + 1;
    reader
        .take(limit)
        .read_to_end(&mut buf)
        .map_err(|e| Error::io(&name, e))?;
    if buf.len() > max_bytes {
        return Err(Error::Limit {
            limit: "input bytes",
            detail: format!("{}: more than {max_bytes} bytes", name.display()),
        });
    }
    Ok(buf)
}
