//! Runners: many inputs through one [`htmlsieve::Extractor`] into a folder (or stdout), with the
//! manifest, resume and progress. `files` takes saved pages on all cores (rayon); `fetch` takes URLs
//! over the network (tokio) and cleans each response on a blocking thread.

pub mod fetch;
pub mod files;

use htmlsieve::Error;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::Write;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

/// The corpus file of a JSONL run into a folder (`clean -f jsonl -o`, `fetch -f jsonl -o`).
pub const CORPUS_JSONL: &str = "corpus.jsonl";

/// Ids of the complete records of a JSONL corpus file.
pub fn jsonl_ids(path: &Path) -> HashSet<String> {
    #[derive(Deserialize)]
    struct Id {
        id: String,
    }
    let mut ids = HashSet::new();
    if let Ok(f) = File::open(path) {
        for line in BufReader::new(f).lines().map_while(Result::ok) {
            if let Ok(r) = serde_json::from_str::<Id>(&line) {
                ids.insert(r.id);
            }
        }
    }
    ids
}

/// The counts of a run and the first fatal error (disk full, manifest unwritable), shared by the
/// workers. A fatal error stops the run: the remaining inputs are left for a resumed run instead
/// of each failing the same way.
#[derive(Default)]
pub struct Tally {
    ok: AtomicUsize,
    /// Inputs that succeeded but hold no article, by content status (`empty`, `not_article`, …).
    content: Mutex<BTreeMap<String, usize>>,
    failed: AtomicUsize,
    stop: AtomicBool,
    fatal: Mutex<Option<Error>>,
}

impl Tally {
    /// One input written; `content` is its document's content status.
    pub fn ok(&self, content: Option<&str>) {
        self.ok.fetch_add(1, Ordering::SeqCst);
        if let Some(c) = content.filter(|c| *c != "ok") {
            let mut m = self.content.lock().unwrap_or_else(|p| p.into_inner());
            *m.entry(c.to_string()).or_default() += 1;
        }
    }

    /// The inputs written whose content status is not `ok`, by status.
    pub fn content(&self) -> BTreeMap<String, usize> {
        self.content
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn failed(&self) {
        self.failed.fetch_add(1, Ordering::SeqCst);
    }

    /// Record a fatal error (the first one is kept) and ask every worker to stop.
    pub fn fatal(&self, e: Error) {
        self.stop.store(true, Ordering::SeqCst);
        let mut f = self.fatal.lock().unwrap_or_else(|p| p.into_inner());
        f.get_or_insert(e);
    }

    /// A fatal error happened: take no new input.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// (ok, failed) so far.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.ok.load(Ordering::SeqCst),
            self.failed.load(Ordering::SeqCst),
        )
    }

    /// The fatal error, if any (once).
    pub fn take_fatal(&self) -> Option<Error> {
        self.fatal.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

/// The one line both `clean -o` and `fetch -o` end with: `N ok (E empty, …), F failed, S done
/// before (P failed before), T s`.
pub fn summary_line(
    ok: usize,
    content: &BTreeMap<String, usize>,
    failed: usize,
    skipped: usize,
    failed_before: usize,
    elapsed: std::time::Duration,
) -> String {
    let mut s = format!("htmlsieve: {ok} ok");
    if !content.is_empty() {
        let parts: Vec<String> = content.iter().map(|(k, n)| format!("{n} {k}")).collect();
        s.push_str(&format!(" ({})", parts.join(", ")));
    }
    s.push_str(&format!(", {failed} failed, {skipped} done before"));
    if failed_before > 0 {
        s.push_str(&format!(
            " ({failed_before} failed before, not retried: --retry-failed)"
        ));
    }
    s.push_str(&format!(", {:.1} s", elapsed.as_secs_f64()));
    s
}

/// Documents printed to stdout in input order, whatever order they finish in; a closed stdout
/// (`| head`) ends printing quietly. Shared by the runners.
pub struct Printer {
    next: usize,
    pending: BTreeMap<usize, Option<String>>,
    printed_any: bool,
    broken: bool,
    /// Put a form-feed line between documents (several txt documents).
    separate: bool,
}

impl Printer {
    /// A printer starting at input 0; `separate` puts a form-feed line between documents.
    pub fn new(separate: bool) -> Self {
        Printer {
            next: 0,
            pending: BTreeMap::new(),
            printed_any: false,
            broken: false,
            separate,
        }
    }

    /// Stdout was closed by its reader.
    pub fn broken(&self) -> bool {
        self.broken
    }

    pub fn push(&mut self, index: usize, text: Option<String>) -> Result<(), Error> {
        self.pending.insert(index, text);
        // Inputs skipped before the run (none on stdout) and records out of order wait here.
        while let Some(t) = self.pending.remove(&self.next) {
            self.next += 1;
            self.emit(t)?;
        }
        Ok(())
    }

    pub fn flush_all(&mut self) -> Result<(), Error> {
        let rest = std::mem::take(&mut self.pending);
        for (_, t) in rest {
            self.emit(t)?;
        }
        Ok(())
    }

    fn emit(&mut self, text: Option<String>) -> Result<(), Error> {
        let Some(text) = text else { return Ok(()) };
        if self.broken {
            return Ok(());
        }
        let mut out = std::io::stdout().lock();
        let sep = if self.separate && self.printed_any {
            "\u{c}\n"
        } else {
            ""
        };
        let res = out
            .write_all(sep.as_bytes())
            .and_then(|_| out.write_all(text.as_bytes()))
            .and_then(|_| out.flush());
        self.printed_any = true;
        match res {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.broken = true;
                Ok(())
            }
            Err(e) => Err(Error::io("<stdout>", e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_what_is_not_an_article() {
        let t = Tally::default();
        t.ok(Some("ok"));
        t.ok(Some("empty"));
        t.ok(Some("empty"));
        t.ok(Some("not_article"));
        t.failed();
        let (ok, failed) = t.counts();
        let line = summary_line(
            ok,
            &t.content(),
            failed,
            2,
            0,
            std::time::Duration::from_millis(1250),
        );
        assert_eq!(
            line,
            "htmlsieve: 4 ok (2 empty, 1 not_article), 1 failed, 2 done before, 1.2 s"
        );
    }
}
