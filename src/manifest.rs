//! `manifest.jsonl`: one record per input, appended as each input finishes, so an interrupted run
//! can resume where it stopped.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// One manifest line.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    /// The input: a path, `-` or a URL.
    pub source: String,
    /// Output file relative to the output folder (absent on failure).
    pub file: Option<String>,
    /// `ok` or `error`.
    pub status: String,
    /// Input bytes.
    pub bytes: u64,
    pub title: Option<String>,
    pub encoding: Option<String>,
    /// What the document holds (`ok`, `empty`, `not_article`, `consent_wall`, `paywall`,
    /// `error_page`), when the input succeeded; see `metadata.content_status`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub content_status: Option<String>,
    pub error: Option<String>,
    /// Fields that only fetch fills.
    #[serde(flatten, skip_serializing_if = "serde_json::Map::is_empty", default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// An append-only manifest shared by workers.
pub struct Manifest {
    file: Mutex<File>,
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
        let file = open_append_repaired(&path)?;
        Ok(Manifest {
            file: Mutex::new(file),
            path,
        })
    }

    /// Append one record as a single write (one line).
    pub fn append(&self, entry: &Entry) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
        line.push(b'\n');
        let mut f = self.file.lock().unwrap_or_else(|e| e.into_inner());
        f.write_all(&line)?;
        f.flush()
    }

    /// The last record of every source in an existing manifest (for resuming).
    pub fn read_done(dir: &Path) -> HashMap<String, Entry> {
        let mut done = HashMap::new();
        let Ok(f) = File::open(dir.join(MANIFEST_NAME)) else {
            return done;
        };
        for line in BufReader::new(f).lines().map_while(Result::ok) {
            if let Ok(e) = serde_json::from_str::<Entry>(&line) {
                done.insert(e.source.clone(), e);
            }
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(source: &str, status: &str) -> Entry {
        Entry {
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
    fn fetch_fields_round_trip_through_extra() {
        let mut e = entry("https://example.com/", "ok");
        e.extra.insert("http_status".into(), serde_json::json!(200));
        let line = serde_json::to_string(&e).unwrap();
        assert!(line.contains("\"http_status\":200"), "{line}");
        let back: Entry = serde_json::from_str(&line).unwrap();
        assert_eq!(back, e);
    }
}
