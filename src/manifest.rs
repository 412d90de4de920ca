//! `manifest.jsonl`: one record per input, appended as each input finishes, so an interrupted run
//! can resume where it stopped.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// One manifest line, the same shape for every runner: `clean` writes the common fields, `fetch`
/// adds its own ([`FetchFields`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Record {
    /// The input: a path, `-` or a URL.
    #[serde(default)]
    pub source: String,
    /// Output file relative to the output folder (absent on failure).
    pub file: Option<String>,
    /// `ok` or `error`.
    pub status: String,
    /// Input bytes (after decompression).
    pub bytes: u64,
    pub title: Option<String>,
    /// The encoding the page was decoded with.
    pub encoding: Option<String>,
    /// What the document holds (`ok`, `empty`, `not_article`, `consent_wall`, `paywall`,
    /// `error_page`), when the input succeeded; see `metadata.content_status`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub content_status: Option<String>,
    /// `"<kind>: <message>"` on failure.
    pub error: Option<String>,
    /// What a fetched URL adds.
    #[serde(flatten, skip_serializing_if = "Option::is_none", default)]
    pub fetch: Option<FetchFields>,
}

/// The fields of a fetched URL's record.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FetchFields {
    /// 0-based position of the URL in the input.
    pub index: usize,
    /// The URL as given (also the record's `source`).
    pub url: String,
    /// The URL after redirects.
    pub final_url: Option<String>,
    pub http_status: Option<u16>,
    pub content_type: Option<String>,
    /// HTTP requests made for this URL's final hop (1 + retries used).
    pub attempts: u32,
    /// Redirects followed.
    pub redirects: u32,
    /// When the record was written (RFC 3339, UTC).
    pub fetched_at: String,
    /// Only when the page's site config names page links (`--site-config`): the URLs whose text
    /// the document joins, in order (the single-page version, or the first page and its next
    /// pages).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<String>,
    /// Why the document is not the whole article its page links describe (a next page failed,
    /// `--max-pages`, a link to another site, the single-page version failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages_cut: Option<String>,
}

impl Record {
    /// What identifies an input across runs: its source, and for a URL also its position (the
    /// same URL twice in a list is two inputs with two outputs).
    pub fn key(&self) -> String {
        match &self.fetch {
            Some(f) => format!("{}\t{}", f.index, f.url),
            None => self.source.clone(),
        }
    }

    /// Whether an earlier run finished this input: its last record is `ok`, names `file`, and
    /// `present` says the output is in place.
    pub fn finished(prev: Option<&Record>, file: &str, present: impl FnOnce() -> bool) -> bool {
        prev.is_some_and(|r| r.status == "ok" && r.file.as_deref() == Some(file)) && present()
    }
}

/// A JSONL file that workers append to, one `write` a line (the manifest, a corpus file, the
/// `--save-html` sidecar). A line is never split between two writers.
pub struct Appender {
    file: Mutex<File>,
    pub path: PathBuf,
}

impl Appender {
    /// Open (create or append to) `path`, ending a line a killed run left cut.
    pub fn open(path: PathBuf) -> std::io::Result<Self> {
        let file = open_append_repaired(&path)?;
        Ok(Appender {
            file: Mutex::new(file),
            path,
        })
    }

    /// Append one line (a trailing newline is added).
    pub fn append_line(&self, line: &str) -> std::io::Result<()> {
        let mut buf = Vec::with_capacity(line.len() + 1);
        buf.extend_from_slice(line.trim_end_matches('\n').as_bytes());
        buf.push(b'\n');
        let mut f = self.file.lock().unwrap_or_else(|e| e.into_inner());
        f.write_all(&buf)?;
        f.flush()
    }
}

/// `manifest.jsonl`, shared by workers.
pub struct Manifest {
    out: Appender,
    pub path: PathBuf,
}

pub const MANIFEST_NAME: &str = "manifest.jsonl";

/// Open a JSONL file for appending (creating it). A run killed mid-line leaves a partial last
/// line: it is ended here so the next record starts clean (readers skip the fragment).
pub fn open_append_repaired(path: &Path) -> std::io::Result<File> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .read(true)
        .open(path)?;
    let len = file.metadata()?.len();
    if len > 0 {
        let mut last = [0u8; 1];
        file.seek(SeekFrom::Start(len - 1))?;
        file.read_exact(&mut last)?;
        if last[0] != b'\n' {
            file.write_all(b"\n")?;
        }
    }
    Ok(file)
}

impl Manifest {
    /// Open (create or append to) `dir/manifest.jsonl`.
    pub fn open(dir: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(MANIFEST_NAME);
        Ok(Manifest {
            out: Appender::open(path.clone())?,
            path,
        })
    }

    /// Append one record as a single write (one line).
    pub fn append(&self, record: &Record) -> std::io::Result<()> {
        let line = serde_json::to_string(record).map_err(std::io::Error::other)?;
        self.out.append_line(&line)
    }

    /// The last record of every input ([`Record::key`]) in an existing manifest (for resuming).
    pub fn read_done(dir: &Path) -> HashMap<String, Record> {
        let mut done = HashMap::new();
        let Ok(f) = File::open(dir.join(MANIFEST_NAME)) else {
            return done;
        };
        for line in BufReader::new(f).lines().map_while(Result::ok) {
            if let Ok(mut r) = serde_json::from_str::<Record>(&line) {
                // Fetch records before the shared shape named the URL only.
                if r.source.is_empty() {
                    if let Some(f) = &r.fetch {
                        r.source.clone_from(&f.url);
                    }
                }
                done.insert(r.key(), r);
            }
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(source: &str, status: &str) -> Record {
        Record {
            source: source.into(),
            status: status.into(),
            file: (status == "ok").then(|| format!("{source}.txt")),
            ..Default::default()
        }
    }

    #[test]
    fn records_are_appended_and_the_last_one_per_source_wins() {
        let d = tempfile::tempdir().unwrap();
        {
            let m = Manifest::open(d.path()).unwrap();
            m.append(&entry("a", "error")).unwrap();
            m.append(&entry("b", "ok")).unwrap();
        }
        let m = Manifest::open(d.path()).unwrap();
        m.append(&entry("a", "ok")).unwrap();
        let text = std::fs::read_to_string(d.path().join(MANIFEST_NAME)).unwrap();
        assert_eq!(text.lines().count(), 3);
        let done = Manifest::read_done(d.path());
        assert_eq!(done.len(), 2);
        assert_eq!(done["a"].status, "ok");
        assert_eq!(done["b"].file.as_deref(), Some("b.txt"));
    }

    #[test]
    fn a_line_cut_by_a_crash_is_ended_and_skipped() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(
            d.path().join(MANIFEST_NAME),
            "{\"source\":\"a\",\"status\":\"ok\",\"bytes\":1}\n{\"source\":\"b\",\"sta",
        )
        .unwrap();
        let m = Manifest::open(d.path()).unwrap();
        m.append(&entry("c", "ok")).unwrap();
        let text = std::fs::read_to_string(d.path().join(MANIFEST_NAME)).unwrap();
        assert!(text.ends_with("}\n"));
        let done = Manifest::read_done(d.path());
        let mut keys: Vec<_> = done.keys().cloned().collect();
        keys.sort();
        assert_eq!(keys, ["a", "c"]);
    }

    #[test]
    fn fetch_records_round_trip_and_are_keyed_by_position_and_url() {
        let mut r = entry("https://example.com/", "ok");
        r.fetch = Some(FetchFields {
            index: 3,
            url: "https://example.com/".into(),
            http_status: Some(200),
            ..Default::default()
        });
        let line = serde_json::to_string(&r).unwrap();
        assert!(line.contains("\"http_status\":200"), "{line}");
        assert!(line.contains("\"url\":\"https://example.com/\""), "{line}");
        let back: Record = serde_json::from_str(&line).unwrap();
        assert_eq!(back, r);
        assert_eq!(back.key(), "3\thttps://example.com/");
        // A clean record has no fetch fields, and reads back without them.
        let plain = serde_json::to_string(&entry("a.html", "ok")).unwrap();
        assert!(!plain.contains("index"), "{plain}");
        let back: Record = serde_json::from_str(&plain).unwrap();
        assert!(back.fetch.is_none());
        // A fetch record of the earlier shape (no `source`) is read under its URL.
        let d = tempfile::tempdir().unwrap();
        std::fs::write(
            d.path().join(MANIFEST_NAME),
            "{\"index\":0,\"url\":\"https://a.example/\",\"final_url\":null,\"http_status\":200,\"content_type\":null,\"encoding\":null,\"bytes\":5,\"file\":\"000_x.txt\",\"title\":null,\"status\":\"ok\",\"error\":null,\"attempts\":1,\"redirects\":0,\"fetched_at\":\"\"}\n",
        )
        .unwrap();
        let done = Manifest::read_done(d.path());
        assert_eq!(done["0\thttps://a.example/"].source, "https://a.example/");
    }
}
