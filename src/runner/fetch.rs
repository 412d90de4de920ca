//! Runner: a whole fetch run. Numbers the inputs, skips what an earlier run finished (resume),
//! records invalid URLs, feeds the frontier, runs `concurrency` network workers on a small tokio
//! runtime, cleans each response on a blocking thread (bounded to `jobs` at once, so memory stays
//! flat whatever the URL count), writes text files / JSONL records atomically, appends one manifest
//! record per URL as it finishes, shows progress on a terminal and stops cleanly on Ctrl-C.
//!
//! In: an [`Extractor`], numbered URLs and [`FetchOptions`]. Out: files, records and a
//! [`FetchSummary`]. Not here: HTTP details (`client`) or scheduling (`politeness`).

use indicatif::ProgressBar;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{watch, Semaphore};
use url::Url;

use htmlsieve::{
    render_json, Document, Error, Extractor, Format, PageLinks, RecordInfo, RenderOptions,
};
use htmlsieve_fetch::{
    host_key, Chain, Client, Failure, FetchOptions, Page, Politeness, Step, MAX_CRAWL_DELAY,
};

use crate::manifest::MANIFEST_NAME;
use crate::manifest::{Appender, FetchFields, Manifest, Record};
use crate::naming;
use crate::progress::progress_bar;
use crate::runner::{jsonl_ids, Printer, Tally, CORPUS_JSONL};
use crate::urls::{CorpusFormat, FetchSummary, UrlItem};
use crate::write::write_atomic;

/// Everything a fetch run needs besides the extractor: how to fetch, and where and how to write.
#[derive(Debug, Clone)]
pub struct FetchRun {
    pub net: FetchOptions,
    /// Corpus folder; `None` prints to stdout.
    pub out_dir: Option<PathBuf>,
    pub format: CorpusFormat,
    /// Leave out the title line (txt).
    pub no_title: bool,
    /// Keep every raw response body, gzipped, as `NNN_<16 hex>.html.gz` in this folder.
    pub save_html: Option<PathBuf>,
    /// Threads cleaning pages (0: all cores).
    pub jobs: usize,
    /// Show a progress bar (only when stderr is a terminal).
    pub progress: bool,
    /// Stop cleanly on Ctrl-C (a second Ctrl-C exits at once).
    pub handle_interrupt: bool,
    /// Ask again for URLs whose last record is a permanent failure (`--retry-failed`).
    pub retry_failed: bool,
    /// Most pages of a multi-page article (site configs' `next_page_link`) joined into one
    /// document, the first included; 1 follows no next pages.
    pub max_pages: usize,
}

impl Default for FetchRun {
    fn default() -> Self {
        FetchRun {
            net: FetchOptions::default(),
            out_dir: None,
            format: CorpusFormat::Txt,
            no_title: false,
            save_html: None,
            jobs: 0,
            progress: true,
            handle_interrupt: false,
            retry_failed: false,
            max_pages: htmlsieve_fetch::DEFAULT_MAX_PAGES,
        }
    }
}

/// One URL to fetch.
struct Job {
    item: UrlItem,
    url: Url,
}

/// Fetch every URL and write the corpus. Errors that stop the whole run (the output folder cannot
/// be created or written) are returned; per-URL failures are records.
pub fn run(
    extractor: Arc<Extractor>,
    items: Vec<UrlItem>,
    opts: &FetchRun,
) -> Result<FetchSummary, Error> {
    let total = items.len();
    let pb = progress_bar(total, opts.progress);
    let sink = Arc::new(Sink::new(&extractor, opts, pb.clone())?);
    let (done, failed_before) = match &opts.out_dir {
        Some(dir) => finished_before(dir, opts.format, opts.retry_failed),
        None => Default::default(),
    };
    if let Some(dir) = &opts.save_html {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }

    let mut skipped = 0;
    let mut kept_failures = 0;
    let mut jobs = Vec::new();
    for item in items {
        let key = (item.index, item.url.clone());
        if done.contains(&key) || failed_before.contains(&key) {
            skipped += 1;
            kept_failures += usize::from(failed_before.contains(&key));
            pb.inc(1);
            continue;
        }
        match parse_url(&item.url) {
            Ok(url) => jobs.push(Job { item, url }),
            Err(e) => {
                let c = sink.first_page(&extractor, &item, Err(invalid(e)));
                sink.finish(&extractor, &item, c.rec, c.outcome);
            }
        }
    }
    let to_fetch = jobs.len();

    let workers = opts.net.concurrency.max(1).min(to_fetch.max(1));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("htmlsieve-fetch")
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("starting the network runtime: {e}")))?;
    let cpu_jobs = if opts.jobs == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        opts.jobs
    };
    let fetched = Arc::new(AtomicUsize::new(0));
    let interrupted_flag = Arc::new(AtomicBool::new(false));

    let result: Result<(), Error> = runtime.block_on(async {
        let client = Arc::new(Client::new(&opts.net)?);
        let gate: Arc<Politeness<Job>> =
            Politeness::new(opts.net.per_host, opts.net.delay, MAX_CRAWL_DELAY);
        for job in jobs {
            gate.push(host_key(&job.url), job);
        }
        let (cancel_tx, cancel_rx) = watch::channel(false);
        let cancel_tx = Arc::new(cancel_tx);
        if opts.handle_interrupt {
            let gate = Arc::clone(&gate);
            let cancel_tx = Arc::clone(&cancel_tx);
            let pb = pb.clone();
            let flag = Arc::clone(&interrupted_flag);
            tokio::spawn(async move {
                if tokio::signal::ctrl_c().await.is_err() {
                    return;
                }
                flag.store(true, Ordering::SeqCst);
                pb.suspend(|| {
                    eprintln!(
                        "htmlsieve: interrupted: finishing the pages in hand (Ctrl-C again to quit now)"
                    )
                });
                gate.close();
                let _ = cancel_tx.send(true);
                if tokio::signal::ctrl_c().await.is_ok() {
                    std::process::exit(130);
                }
            });
        }
        let cpu = Arc::new(Semaphore::new(cpu_jobs.max(1)));
        let mut handles = Vec::with_capacity(workers);
        for _ in 0..workers {
            let w = Worker {
                client: Arc::clone(&client),
                gate: Arc::clone(&gate),
                cpu: Arc::clone(&cpu),
                sink: Arc::clone(&sink),
                extractor: Arc::clone(&extractor),
                cancel: cancel_rx.clone(),
                cancel_tx: Arc::clone(&cancel_tx),
                fetched: Arc::clone(&fetched),
                max_pages: opts.max_pages,
            };
            handles.push(tokio::spawn(w.run()));
        }
        for h in handles {
            if let Err(e) = h.await {
                return Err(Error::Other(format!("fetch worker failed: {e}")));
            }
        }
        Ok(())
    });
    // Do not wait for DNS look-ups or connections still winding down after an interrupt.
    runtime.shutdown_background();
    pb.finish_and_clear();
    sink.flush_stdout();
    result?;
    if let Some(e) = sink.tally.take_fatal() {
        return Err(e);
    }
    let finished = fetched.load(Ordering::SeqCst);
    Ok(FetchSummary {
        ok: sink.tally.counts().0,
        failed: sink.tally.counts().1,
        content: sink.tally.content(),
        skipped,
        failed_before: kept_failures,
        // A closed stdout also stops the run early, but that is the reader's choice, not an
        // interruption (`| head`).
        interrupted: if interrupted_flag.load(Ordering::SeqCst) {
            to_fetch.saturating_sub(finished)
        } else {
            0
        },
        not_fetched: to_fetch.saturating_sub(finished),
        broken_pipe: sink.broken_pipe(),
    })
}

struct Worker {
    client: Arc<Client>,
    gate: Arc<Politeness<Job>>,
    cpu: Arc<Semaphore>,
    sink: Arc<Sink>,
    extractor: Arc<Extractor>,
    cancel: watch::Receiver<bool>,
    cancel_tx: Arc<watch::Sender<bool>>,
    fetched: Arc<AtomicUsize>,
    max_pages: usize,
}

impl Worker {
    async fn run(mut self) {
        loop {
            if *self.cancel.borrow() {
                return;
            }
            let next = tokio::select! {
                j = self.gate.next_job() => j,
                _ = self.cancel.changed() => None,
            };
            let Some((job, slot)) = next else { return };
            // An interrupt drops the request in flight: its URL gets no record and a rerun fetches it.
            let result = tokio::select! {
                r = self.client.fetch_page(&self.gate, job.url.clone()) => r,
                _ = self.cancel.changed() => return,
            };
            drop(slot);
            if !self.complete(job.item, &job.url, result).await {
                return;
            }
            self.fetched.fetch_add(1, Ordering::SeqCst);
            if self.sink.should_stop() {
                self.gate.close();
                let _ = self.cancel_tx.send(true);
                return;
            }
        }
    }
}

impl Worker {
    /// Clean a fetched page and write it; when its site config names page links, follow them
    /// first (`pages`). `false` when the run was cancelled meanwhile: the URL gets no record.
    async fn complete(
        &mut self,
        item: UrlItem,
        requested: &Url,
        result: Result<Page, Failure>,
    ) -> bool {
        let Ok(permit) = Arc::clone(&self.cpu).acquire_owned().await else {
            return false;
        };
        let sink = Arc::clone(&self.sink);
        let extractor = Arc::clone(&self.extractor);
        // scraper's DOM is !Send: a page's whole pipeline runs inside one blocking call, which also
        // writes the page when there is nothing to follow (the common case: one call a page).
        let first = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let c = sink.first_page(&extractor, &item, result);
            match (c.outcome, c.page_url) {
                (Ok(doc), Some(url)) if c.links != PageLinks::default() => {
                    Some((item, c.rec, doc, url, c.links))
                }
                (outcome, _) => {
                    sink.finish(&extractor, &item, c.rec, outcome);
                    None
                }
            }
        })
        .await;
        let (item, rec, doc, page_url, links) = match first {
            Ok(None) => return true,
            Ok(Some(f)) => f,
            Err(e) => {
                self.sink
                    .set_fatal(Error::Other(format!("cleaning a page failed: {e}")));
                return true;
            }
        };
        let mut chain = Chain::new(requested, &page_url, doc, links, self.max_pages);
        let id = corpus_id(item.index, &item.url);
        while let Some(step) = chain.next().cloned() {
            match self.fetch_more(&id, &step).await {
                None => return false,
                Some(Ok((url, doc, links))) => chain.fetched(step, &url, doc, links),
                Some(Err(e)) => chain.failed(step, &e),
            }
        }
        let doc = chain.into_document();
        let sink = Arc::clone(&self.sink);
        let extractor = Arc::clone(&self.extractor);
        let written = tokio::task::spawn_blocking(move || {
            sink.finish(&extractor, &item, rec, Ok(doc));
        })
        .await;
        if let Err(e) = written {
            self.sink
                .set_fatal(Error::Other(format!("writing a page failed: {e}")));
        }
        true
    }

    /// Fetch one more page of an article (same client, politeness gate, robots.txt, retries and
    /// caps as every request) and clean it. `None` when the run was cancelled meanwhile.
    async fn fetch_more(
        &mut self,
        id: &str,
        step: &Step,
    ) -> Option<Result<(Url, Document, PageLinks), Error>> {
        let result = tokio::select! {
            r = self.client.fetch_page(&self.gate, step.url().clone()) => r,
            _ = self.cancel.changed() => return None,
        };
        let page = match result {
            Ok(p) => p,
            Err(f) => return Some(Err(f.error)),
        };
        let permit = Arc::clone(&self.cpu).acquire_owned().await.ok()?;
        let sink = Arc::clone(&self.sink);
        let extractor = Arc::clone(&self.extractor);
        let raw_name = format!("{id}.{}", step.label());
        let cleaned = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            sink.save_raw(&raw_name, &page.body, page.final_url.as_str())?;
            let (doc, links) = extractor.extract_bytes_with_links(
                &page.body,
                page.final_url.as_str(),
                page.charset(),
            )?;
            Ok((page.final_url, doc, links))
        })
        .await;
        Some(cleaned.unwrap_or_else(|e| Err(Error::Other(format!("cleaning a page failed: {e}")))))
    }
}

fn parse_url(s: &str) -> Result<Url, String> {
    let url = Url::parse(s).map_err(|e| format!("invalid URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "unsupported URL scheme {:?} (only http and https)",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("invalid URL: no host".to_string());
    }
    Ok(url)
}

fn invalid(msg: String) -> Failure {
    Failure {
        error: Error::Fetch(msg),
        final_url: None,
        status: None,
        content_type: None,
        attempts: 0,
        redirects: 0,
    }
}

/// An input URL across runs: its position and the URL as given.
type Input = (usize, String);

/// What an earlier run into `dir` settled, as (index, url) pairs: the inputs it finished (their last
/// manifest record is `ok` and their output is in place), and those that failed for good (a
/// [`permanent`] failure), which a rerun does not try again unless `retry_failed`.
fn finished_before(
    dir: &Path,
    format: CorpusFormat,
    retry_failed: bool,
) -> (HashSet<Input>, HashSet<Input>) {
    let corpus_ids = match format {
        CorpusFormat::Jsonl => jsonl_ids(&dir.join(CORPUS_JSONL)),
        CorpusFormat::Txt | CorpusFormat::Md => HashSet::new(),
    };
    let mut done = HashSet::new();
    let mut failed = HashSet::new();
    for r in Manifest::read_done(dir).into_values() {
        let Some(f) = r.fetch.as_ref() else { continue };
        let (index, url) = (f.index, f.url.as_str());
        let finished = match format.page_extension() {
            Some(ext) => {
                let name = naming::corpus_name(index, url, ext);
                Record::finished(Some(&r), &name, || dir.join(&name).is_file())
            }
            None => Record::finished(Some(&r), CORPUS_JSONL, || {
                corpus_ids.contains(&corpus_id(index, url))
            }),
        };
        if finished {
            done.insert((index, url.to_string()));
        } else if !retry_failed && r.status == "error" && permanent(&r) {
            failed.insert((index, url.to_string()));
        }
    }
    (done, failed)
}

/// Whether a failed URL would fail the same way if asked again: an HTTP 4xx other than 408 and
/// 429, a response that is not HTML, an invalid URL, a robots.txt disallow. Timeouts, 5xx,
/// unreachable hosts and limits may pass, and are retried by a rerun.
fn permanent(r: &Record) -> bool {
    let status = r.fetch.as_ref().and_then(|f| f.http_status);
    if status.is_some_and(|s| (400..500).contains(&s) && s != 408 && s != 429) {
        return true;
    }
    let error = r.error.as_deref().unwrap_or("");
    error.starts_with("not-html:")
        || error.starts_with("fetch: invalid URL")
        || error.starts_with("fetch: unsupported URL scheme")
        || error.starts_with("fetch: disallowed by robots.txt")
}

/// Note when a fetch record was written.
fn stamp(rec: &mut Record) {
    if let Some(f) = &mut rec.fetch {
        f.fetched_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    }
}

/// The record id of a URL: its corpus file name without extension.
fn corpus_id(index: usize, url: &str) -> String {
    format!("{index:03}_{}", naming::hash16(url))
}

/// A page cleaned, not yet written.
struct Cleaned {
    rec: Record,
    outcome: Result<Document, Error>,
    /// The page links its site config names (empty without one).
    links: PageLinks,
    /// Where the page was fetched from, after redirects.
    page_url: Option<Url>,
}

enum Target {
    Dir {
        dir: PathBuf,
        manifest: Manifest,
        corpus: Option<Appender>,
    },
    Stdout(Mutex<Printer>),
}

/// Where finished pages go; shared by the blocking workers.
struct Sink {
    target: Target,
    format: CorpusFormat,
    no_title: bool,
    save_html: Option<PathBuf>,
    /// `--save-html DIR/urls.jsonl`: which saved file holds which URL, so that a later `clean`
    /// of DIR knows each page's URL.
    saved_urls: Option<Appender>,
    rules: usize,
    pb: ProgressBar,
    tally: Tally,
}

impl Sink {
    fn new(extractor: &Extractor, opts: &FetchRun, pb: ProgressBar) -> Result<Self, Error> {
        let target = match &opts.out_dir {
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                let manifest =
                    Manifest::open(dir).map_err(|e| Error::io(dir.join(MANIFEST_NAME), e))?;
                let corpus = match opts.format {
                    CorpusFormat::Jsonl => {
                        let cpath = dir.join(CORPUS_JSONL);
                        Some(Appender::open(cpath.clone()).map_err(|e| Error::io(cpath, e))?)
                    }
                    CorpusFormat::Txt | CorpusFormat::Md => None,
                };
                Target::Dir {
                    dir: dir.clone(),
                    manifest,
                    corpus,
                }
            }
            None => Target::Stdout(Mutex::new(Printer::new(opts.format != CorpusFormat::Jsonl))),
        };
        let saved_urls = match &opts.save_html {
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                let path = dir.join(crate::input::URLS_SIDECAR);
                Some(Appender::open(path.clone()).map_err(|e| Error::io(path, e))?)
            }
            None => None,
        };
        Ok(Sink {
            target,
            format: opts.format,
            no_title: opts.no_title,
            save_html: opts.save_html.clone(),
            saved_urls,
            rules: extractor.rules().elements.len() + extractor.rules().lines.len(),
            pb,
            tally: Tally::default(),
        })
    }

    fn set_fatal(&self, e: Error) {
        self.tally.fatal(e);
    }

    fn broken_pipe(&self) -> bool {
        match &self.target {
            Target::Stdout(p) => p.lock().unwrap_or_else(|e| e.into_inner()).broken(),
            Target::Dir { .. } => false,
        }
    }

    /// Nobody reads stdout any more, or the output cannot be written: stop fetching.
    fn should_stop(&self) -> bool {
        self.broken_pipe() || self.tally.stopped()
    }

    fn flush_stdout(&self) {
        if let Target::Stdout(p) = &self.target {
            let mut p = p.lock().unwrap_or_else(|e| e.into_inner());
            if let Err(e) = p.flush_all() {
                drop(p);
                self.set_fatal(e);
            }
        }
    }

    /// Clean a fetched page (or take its failure): its record's fetch fields, its document and
    /// the page links its site config names.
    fn first_page(
        &self,
        extractor: &Extractor,
        item: &UrlItem,
        result: Result<Page, Failure>,
    ) -> Cleaned {
        let id = corpus_id(item.index, &item.url);
        let mut fetch = FetchFields {
            index: item.index,
            url: item.url.clone(),
            ..Default::default()
        };
        let mut bytes = 0;
        let mut links = PageLinks::default();
        let mut page_url = None;
        let outcome = match result {
            Err(f) => {
                fetch.final_url = f.final_url.map(String::from);
                fetch.http_status = f.status;
                fetch.content_type = f.content_type;
                fetch.attempts = f.attempts;
                fetch.redirects = f.redirects;
                Err(f.error)
            }
            Ok(page) => {
                fetch.final_url = Some(page.final_url.to_string());
                fetch.http_status = Some(page.status);
                fetch.content_type.clone_from(&page.content_type);
                fetch.attempts = page.attempts;
                fetch.redirects = page.redirects;
                bytes = page.body.len() as u64;
                let extracted = self
                    .save_raw(&id, &page.body, page.final_url.as_str())
                    .and_then(|_| {
                        extractor.extract_bytes_with_links(
                            &page.body,
                            page.final_url.as_str(),
                            page.charset(),
                        )
                    });
                page_url = Some(page.final_url);
                extracted.map(|(doc, l)| {
                    links = l;
                    doc
                })
            }
        };
        let rec = Record {
            source: item.url.clone(),
            status: "ok".into(),
            bytes,
            fetch: Some(fetch),
            ..Default::default()
        };
        Cleaned {
            rec,
            outcome,
            links,
            page_url,
        }
    }

    /// Write a page's output and its manifest record.
    fn finish(
        &self,
        extractor: &Extractor,
        item: &UrlItem,
        mut rec: Record,
        outcome: Result<Document, Error>,
    ) {
        let id = corpus_id(item.index, &item.url);
        if let Ok(doc) = &outcome {
            if extractor.config().explain {
                self.pb.suspend(|| {
                    crate::explain::print(&item.url, doc, extractor.config().explain_all)
                });
            }
            rec.title.clone_from(&doc.title);
            rec.encoding.clone_from(&doc.metadata.encoding);
            rec.content_status.clone_from(&doc.metadata.content_status);
            let fetch = rec.fetch.get_or_insert_with(Default::default);
            fetch.pages.clone_from(&doc.metadata.pages);
            fetch.pages_cut.clone_from(&doc.metadata.pages_cut);
            if let Some(cut) = &fetch.pages_cut {
                self.pb
                    .suspend(|| eprintln!("htmlsieve: warning: {}: {cut}", item.url));
            }
        }
        let info = RecordInfo {
            id: id.clone(),
            source: item.url.clone(),
            rules: self.rules,
        };
        let written = self.write(item, &info, &mut rec, &outcome);
        let (error, recorded) = match (outcome, written) {
            (Err(e), _) | (Ok(_), Err(e)) => (Some(e), false),
            (Ok(_), Ok(recorded)) => (None, recorded),
        };
        stamp(&mut rec);
        match &error {
            Some(e) => {
                rec.status = "error".into();
                rec.error = Some(e.record());
                rec.file = None;
                self.tally.failed();
                self.pb
                    .suspend(|| eprintln!("htmlsieve: {}: {}", item.url, e.record()));
            }
            None => {
                self.tally.ok(rec.content_status.as_deref());
            }
        }
        if let (Target::Dir { manifest, .. }, false) = (&self.target, recorded) {
            // The text file is in place before its record says ok.
            if let Err(e) = manifest.append(&rec) {
                self.set_fatal(Error::io(&manifest.path, e));
            }
        }
        self.pb.inc(1);
    }

    /// A page in the per-page format (txt or md).
    fn render_page(&self, doc: &Document, info: &RecordInfo) -> String {
        let format = match self.format {
            CorpusFormat::Md => Format::Md,
            _ => Format::Txt,
        };
        let opts = RenderOptions {
            format,
            no_title: self.no_title,
        };
        htmlsieve::render(Some(doc), None, info, opts)
    }

    /// Keep the raw body, gzipped (`--save-html`), and note its URL in the folder's sidecar.
    fn save_raw(&self, id: &str, body: &[u8], url: &str) -> Result<(), Error> {
        let Some(dir) = &self.save_html else {
            return Ok(());
        };
        let name = format!("{id}.html.gz");
        let path = dir.join(&name);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(body)
            .and_then(|_| gz.finish())
            .and_then(|data| write_atomic(&path, &data))
            .map_err(|e| Error::io(&path, e))?;
        if let Some(sidecar) = &self.saved_urls {
            let line = serde_json::json!({ "html_file": name, "url": url });
            sidecar
                .append_line(&line.to_string())
                .map_err(|e| Error::io(&sidecar.path, e))?;
        }
        Ok(())
    }

    /// Write the document (or, on stdout in JSONL, the error record). `Ok(true)` when the
    /// manifest record is already written.
    fn write(
        &self,
        item: &UrlItem,
        info: &RecordInfo,
        rec: &mut Record,
        outcome: &Result<Document, Error>,
    ) -> Result<bool, Error> {
        match &self.target {
            Target::Stdout(printer) => {
                let text = match (self.format, outcome) {
                    (CorpusFormat::Txt | CorpusFormat::Md, Ok(doc)) => {
                        Some(self.render_page(doc, info))
                    }
                    (CorpusFormat::Txt | CorpusFormat::Md, Err(_)) => None,
                    (CorpusFormat::Jsonl, Ok(doc)) => {
                        Some(render_json(Some(doc), None, info, false))
                    }
                    (CorpusFormat::Jsonl, Err(e)) => Some(render_json(None, Some(e), info, false)),
                };
                let mut p = printer.lock().unwrap_or_else(|e| e.into_inner());
                p.push(item.index, text).map(|_| false)
            }
            Target::Dir {
                dir,
                manifest,
                corpus,
            } => {
                let Ok(doc) = outcome else { return Ok(false) };
                match (self.format, corpus) {
                    (CorpusFormat::Jsonl, Some(corpus)) => {
                        // The ok record goes first: a run killed between the two lines refetches
                        // this URL (its id is missing from the corpus) instead of writing it twice.
                        rec.file = Some(CORPUS_JSONL.to_string());
                        stamp(rec);
                        manifest
                            .append(rec)
                            .map_err(|e| Error::io(&manifest.path, e))?;
                        corpus
                            .append_line(&render_json(Some(doc), None, info, false))
                            .map_err(|e| Error::io(&corpus.path, e))?;
                        Ok(true)
                    }
                    _ => {
                        let ext = self.format.page_extension().unwrap_or("txt");
                        let name = naming::corpus_name(item.index, &item.url, ext);
                        let path = dir.join(&name);
                        let text = self.render_page(doc, info);
                        write_atomic(&path, text.as_bytes()).map_err(|e| Error::io(&path, e))?;
                        rec.file = Some(name);
                        Ok(false)
                    }
                }
            }
        }
    }
}
