//! Batch: run many inputs through one [`Extractor`] on all cores (rayon), write each result as it
//! completes, keep the manifest, show progress on a terminal, and resume an interrupted run.
//!
//! In: sources, an extractor and output options. Out: files (or stdout), manifest records and a
//! [`Summary`]. Not here: what a single document becomes (that is the library's `Extractor`).

use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use htmlsieve::{Document, Error, Extractor, Format, RecordInfo, RenderOptions};

use crate::input::{self, Source};
use crate::manifest::{Appender, Manifest, Record};
use crate::naming;
use crate::progress::progress_bar;
use crate::runner::{jsonl_ids, Printer, Tally, CORPUS_JSONL};
use crate::write::{self as out_write, write_atomic};

/// Options of a batch run.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    pub out_dir: Option<PathBuf>,
    pub format: Format,
    pub no_title: bool,
    /// Inputs are plain text (`--text`).
    pub text_mode: bool,
    /// The page's URL, for a single input.
    pub url: Option<String>,
    /// URLs of input files (`--urls-from`, `--save-html` sidecars), used where `url` is unset.
    pub urls: input::UrlMap,
    /// Worker threads (0: all cores).
    pub jobs: usize,
    /// Show a progress bar (only when stderr is a terminal).
    pub progress: bool,
    /// JSONL into a folder: one `.jsonl` file per input instead of one `corpus.jsonl`.
    pub one_file_per_input: bool,
}

/// What a batch did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub ok: usize,
    pub failed: usize,
    /// Already done in an earlier run (resume).
    pub skipped: usize,
    /// Of `ok`: the documents whose content status is not `ok`, by status.
    pub content: std::collections::BTreeMap<String, usize>,
    /// Stdout was closed by the reader (e.g. `| head`): the run stopped early, which is not an error.
    pub broken_pipe: bool,
}

/// The result of one input.
pub struct Outcome {
    pub source: Source,
    pub bytes: u64,
    pub result: Result<Document, Error>,
}

/// Run one input through the pipeline. A panic (a bug) becomes this input's error, so one bad
/// page cannot take the batch down.
pub fn process(extractor: &Extractor, source: &Source, opts: &BatchOptions) -> Outcome {
    let max = extractor.config().limits.max_bytes;
    let mut bytes = 0;
    let mapped = match opts.url {
        Some(_) => None,
        None => opts.urls.get(source),
    };
    let url = opts.url.as_deref().or(mapped.map(|(u, _)| u));
    let run = std::panic::AssertUnwindSafe(|| {
        input::read(source, max).and_then(|data| {
            bytes = data.len() as u64;
            let mut doc = if opts.text_mode {
                extractor.clean_text_bytes(&data, url)
            } else {
                extractor.extract_bytes(&data, url, None)
            }?;
            if let Some((_, origin)) = mapped {
                doc.metadata.url_source = Some(origin.to_string());
            }
            Ok(doc)
        })
    });
    let result = std::panic::catch_unwind(run).unwrap_or_else(|panic| {
        let msg = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Err(Error::Other(format!(
            "internal error (a bug, please report): {msg}"
        )))
    });
    if extractor.config().explain {
        if let Ok(doc) = &result {
            crate::explain::print(&source.name(), doc, extractor.config().explain_all);
        }
    }
    Outcome {
        source: source.clone(),
        bytes,
        result,
    }
}

/// Record ids of the inputs, by source name: the path relative to the folder given (`-` for
/// stdin), with `#2`, `#3`, … for a later input of the same relative path (`index.html` of two
/// folders).
fn record_ids(sources: &[Source]) -> std::collections::HashMap<String, String> {
    let mut seen = std::collections::HashSet::new();
    let mut ids = std::collections::HashMap::new();
    for s in sources {
        let base = source_id(s);
        let mut id = base.clone();
        let mut n = 2;
        while !seen.insert(id.clone()) {
            id = format!("{base}#{n}");
            n += 1;
        }
        ids.insert(s.name(), id);
    }
    ids
}

fn source_id(source: &Source) -> String {
    match source {
        Source::File { rel, .. } => rel.display().to_string(),
        Source::Stdin => "-".to_string(),
    }
}

/// One input into the corpus file: its manifest record first, then its record in the corpus (a
/// run killed between the two redoes the input, as its id is missing from the corpus, rather than
/// writing it twice). A failed input has its error in the manifest and on stderr only.
fn to_corpus(
    extractor: &Extractor,
    source: &Source,
    id: &str,
    opts: &BatchOptions,
    corpus: &Appender,
    manifest: &Manifest,
    tally: &Tally,
) {
    let name = source.name();
    let outcome = process(extractor, source, opts);
    let mut entry = Record {
        source: name.clone(),
        status: "ok".into(),
        bytes: outcome.bytes,
        ..Default::default()
    };
    match &outcome.result {
        Ok(doc) => {
            entry.title = doc.title.clone();
            entry.encoding = doc.metadata.encoding.clone();
            entry.content_status = doc.metadata.content_status.clone();
            entry.file = Some(CORPUS_JSONL.to_string());
            let mut info = record_info(extractor, source);
            info.id = id.to_string();
            let ropts = RenderOptions {
                format: Format::Jsonl,
                no_title: opts.no_title,
            };
            let line = htmlsieve::render(Some(doc), None, &info, ropts);
            if let Err(e) = manifest.append(&entry) {
                return tally.fatal(Error::io(&manifest.path, e));
            }
            if let Err(e) = corpus.append_line(&line) {
                return tally.fatal(Error::io(&corpus.path, e));
            }
            tally.ok(entry.content_status.as_deref());
        }
        Err(e) => {
            entry.status = "error".into();
            entry.error = Some(e.record());
            tally.failed();
            eprintln!("{}", error_line(&name, &e.to_string()));
            if let Err(e) = manifest.append(&entry) {
                tally.fatal(Error::io(&manifest.path, e));
            }
        }
    }
}

fn record_info(extractor: &Extractor, source: &Source) -> RecordInfo {
    let name = source.name();
    RecordInfo {
        id: source_id(source),
        source: name,
        rules: extractor.rules().elements.len() + extractor.rules().lines.len(),
    }
}

fn render(extractor: &Extractor, o: &Outcome, opts: &BatchOptions) -> String {
    let info = record_info(extractor, &o.source);
    let ropts = RenderOptions {
        format: opts.format,
        no_title: opts.no_title,
    };
    htmlsieve::render(
        o.result.as_ref().ok(),
        o.result.as_ref().err(),
        &info,
        ropts,
    )
}

/// The one-line message for a failed input: `htmlsieve: <source>: <message>`, naming the source
/// once even when the error already starts with it (I/O errors carry their path).
pub fn error_line(source: &str, message: &str) -> String {
    if message.starts_with(source) {
        format!("htmlsieve: {message}")
    } else {
        format!("htmlsieve: {source}: {message}")
    }
}

/// Print one failure as a single line on stderr.
pub fn report_error(source: &str, err: &Error) {
    eprintln!("{}", error_line(source, &err.to_string()));
}

fn pool(jobs: usize) -> Result<rayon::ThreadPool, Error> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::Other(format!("thread pool: {e}")))
}

/// Run a batch. Errors that stop the whole run (the output folder cannot be created) are returned;
/// per-input failures are counted in the summary and recorded.
pub fn run(
    extractor: &Extractor,
    sources: &[Source],
    opts: &BatchOptions,
) -> Result<Summary, Error> {
    match &opts.out_dir {
        Some(dir) => run_to_dir(extractor, sources, opts, dir),
        None => run_to_stdout(extractor, sources, opts),
    }
}

fn output_path(dir: &std::path::Path, source: &Source, format: Format) -> Option<PathBuf> {
    let rel = match source {
        Source::File { rel, .. } => naming::with_extension(rel, format.extension()),
        Source::Stdin => PathBuf::from(format!("stdin.{}", format.extension())),
    };
    naming::safe_join(dir, &rel)
}

/// The output file of every source. Two inputs that would write the same file (`a.html` and
/// `a.htm`, or `index.html` in two folders given on one command line) must not overwrite each other:
/// the later ones get `-2`, `-3`, ... before the extension. The manifest records the mapping.
pub fn plan_outputs(
    dir: &std::path::Path,
    sources: &[Source],
    format: Format,
) -> Vec<Option<PathBuf>> {
    let mut used = std::collections::HashSet::new();
    sources
        .iter()
        .map(|s| {
            let first = output_path(dir, s, format)?;
            let mut candidate = first.clone();
            let mut n = 2;
            while !used.insert(candidate.clone()) {
                let stem = first
                    .file_stem()
                    .map(|x| x.to_string_lossy().into_owned())
                    .unwrap_or_default();
                candidate.set_file_name(format!("{stem}-{n}.{}", format.extension()));
                n += 1;
            }
            Some(candidate)
        })
        .collect()
}

/// Write under the output folder, refusing to go through a symlink planted inside it.
fn safe_write(dir: &std::path::Path, path: &std::path::Path, data: &[u8]) -> std::io::Result<()> {
    out_write::check_no_symlinks(dir, path)?;
    write_atomic(path, data)
}

/// The order in which a folder run takes its inputs: largest file first. Outputs do not depend on
/// the order, but the run's end does: a large page started last keeps one core busy while the
/// others idle; started first, it overlaps with the many small ones.
fn largest_first(sources: &[Source]) -> Vec<usize> {
    let sizes: Vec<u64> = sources
        .par_iter()
        .map(|s| match s {
            Source::File { path, .. } => std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
            Source::Stdin => 0,
        })
        .collect();
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    order
}

fn run_to_dir(
    extractor: &Extractor,
    sources: &[Source],
    opts: &BatchOptions,
    dir: &std::path::Path,
) -> Result<Summary, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    // A killed run can leave temporary files behind; outputs themselves are always whole.
    out_write::remove_stale_temp_files(dir);
    let done = Manifest::read_done(dir);
    let manifest = Manifest::open(dir).map_err(|e| Error::io(dir.join("manifest.jsonl"), e))?;
    let skipped = AtomicUsize::new(0);
    let tally = Tally::default();
    let pb = progress_bar(sources.len(), opts.progress);
    let targets = plan_outputs(dir, sources, opts.format);
    // JSONL into a folder: every record in one corpus file, appended as inputs finish.
    let corpus = match opts.format == Format::Jsonl && !opts.one_file_per_input {
        true => {
            let path = dir.join(CORPUS_JSONL);
            Some(Appender::open(path.clone()).map_err(|e| Error::io(path, e))?)
        }
        false => None,
    };
    let corpus_ids = match corpus {
        Some(_) => jsonl_ids(&dir.join(CORPUS_JSONL)),
        None => Default::default(),
    };
    let ids = record_ids(sources);
    pool(opts.jobs)?.install(|| {
        largest_first(sources)
            .into_par_iter()
            // One input a task: a run of inputs a worker has started cannot be shared, and
            // pages differ in cost by a hundredfold.
            .with_max_len(1)
            .map(|i| (&sources[i], &targets[i]))
            .for_each(|(source, target)| {
                if tally.stopped() {
                    return;
                }
                let name = source.name();
                if let (Some(corpus), Some(id)) = (&corpus, ids.get(&name)) {
                    if Record::finished(done.get(&name), CORPUS_JSONL, || corpus_ids.contains(id)) {
                        skipped.fetch_add(1, Ordering::Relaxed);
                    } else {
                        to_corpus(extractor, source, id, opts, corpus, &manifest, &tally);
                    }
                    pb.inc(1);
                    return;
                }
                // Resume: an input recorded as done whose output is in place is not redone.
                if let Some(t) = target {
                    let file = t.strip_prefix(dir).map(|p| p.display().to_string());
                    if let Ok(file) = file {
                        if Record::finished(done.get(&name), &file, || t.is_file()) {
                            skipped.fetch_add(1, Ordering::Relaxed);
                            pb.inc(1);
                            return;
                        }
                    }
                }
                let outcome = process(extractor, source, opts);
                let mut entry = Record {
                    source: name.clone(),
                    status: "ok".into(),
                    bytes: outcome.bytes,
                    ..Default::default()
                };
                // On failure: the error record for the manifest and the one line for stderr.
                let write_result: Result<(), (String, String)> = match (&outcome.result, target) {
                    (_, None) => {
                        let e = Error::Other("output path would leave the output folder".into());
                        Err((e.record(), e.to_string()))
                    }
                    (Ok(doc), Some(t)) => {
                        entry.title = doc.title.clone();
                        entry.encoding = doc.metadata.encoding.clone();
                        entry.content_status = doc.metadata.content_status.clone();
                        let text = render(extractor, &outcome, opts);
                        match safe_write(dir, t, text.as_bytes()) {
                            Ok(()) => {
                                entry.file =
                                    t.strip_prefix(dir).ok().map(|p| p.display().to_string());
                                Ok(())
                            }
                            Err(e) if out_write::is_fatal(&e) => {
                                tally.fatal(Error::io(t, e));
                                return;
                            }
                            Err(e) => {
                                let e = Error::io(t, e);
                                Err((e.record(), e.to_string()))
                            }
                        }
                    }
                    (Err(e), Some(t)) => {
                        // JSON formats keep an error record in place of the document.
                        if matches!(opts.format, Format::Json | Format::Jsonl) {
                            let text = render(extractor, &outcome, opts);
                            if let Err(we) = safe_write(dir, t, text.as_bytes()) {
                                if out_write::is_fatal(&we) {
                                    tally.fatal(Error::io(t, we));
                                    return;
                                }
                            }
                        }
                        Err((e.record(), e.to_string()))
                    }
                };
                if let Err((record, message)) = write_result {
                    entry.status = "error".into();
                    entry.error = Some(record);
                    entry.file = None;
                    tally.failed();
                    pb.suspend(|| eprintln!("{}", error_line(&name, &message)));
                } else {
                    tally.ok(entry.content_status.as_deref());
                }
                if let Err(e) = manifest.append(&entry) {
                    tally.fatal(Error::io(&manifest.path, e));
                }
                pb.inc(1);
            })
    });
    pb.finish_and_clear();
    if let Some(e) = tally.take_fatal() {
        return Err(e);
    }
    let (ok, failed) = tally.counts();
    Ok(Summary {
        ok,
        failed,
        content: tally.content(),
        skipped: skipped.into_inner(),
        broken_pipe: false,
    })
}

/// How many inputs are processed in parallel before their outputs are printed in input order.
const STDOUT_CHUNK: usize = 256;

fn run_to_stdout(
    extractor: &Extractor,
    sources: &[Source],
    opts: &BatchOptions,
) -> Result<Summary, Error> {
    let mut summary = Summary::default();
    let pb = progress_bar(sources.len(), opts.progress && sources.len() > 1);
    let pool = pool(opts.jobs)?;
    // Several documents in txt/md: a form feed line between them.
    let separate = sources.len() > 1 && matches!(opts.format, Format::Txt | Format::Md);
    let mut printer = Printer::new(separate);
    let mut index = 0;
    for chunk in sources.chunks(STDOUT_CHUNK) {
        let outcomes: Vec<(Outcome, String)> = pool.install(|| {
            chunk
                .par_iter()
                .map(|s| {
                    let o = process(extractor, s, opts);
                    let text = render(extractor, &o, opts);
                    pb.inc(1);
                    (o, text)
                })
                .collect()
        });
        for (o, text) in outcomes {
            // A failed input prints nothing in txt/md, its error record in json/jsonl.
            let text = match &o.result {
                Err(e) => {
                    summary.failed += 1;
                    pb.suspend(|| report_error(&o.source.name(), e));
                    (!matches!(opts.format, Format::Txt | Format::Md)).then_some(text)
                }
                Ok(_) => {
                    summary.ok += 1;
                    Some(text)
                }
            };
            printer.push(index, text)?;
            index += 1;
            if printer.broken() {
                summary.broken_pipe = true;
                pb.finish_and_clear();
                return Ok(summary);
            }
        }
    }
    pb.finish_and_clear();
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn file(path: &str, rel: &str) -> Source {
        Source::File {
            path: PathBuf::from(path),
            rel: PathBuf::from(rel),
        }
    }

    #[test]
    fn output_names_mirror_inputs_and_never_collide() {
        let dir = Path::new("/out");
        let sources = [
            file("a/index.html", "index.html"),
            file("b/index.htm", "index.htm"),
            file("c/index.html.gz", "index.html.gz"),
            file("a/news/x.html", "news/x.html"),
            Source::Stdin,
            file("evil", "../evil.html"),
        ];
        let t = plan_outputs(dir, &sources, Format::Jsonl);
        let shown: Vec<Option<String>> = t
            .iter()
            .map(|p| p.as_ref().map(|p| p.display().to_string()))
            .collect();
        assert_eq!(
            shown,
            [
                Some("/out/index.jsonl".to_string()),
                Some("/out/index-2.jsonl".to_string()),
                Some("/out/index-3.jsonl".to_string()),
                Some("/out/news/x.jsonl".to_string()),
                Some("/out/stdin.jsonl".to_string()),
                None,
            ]
        );
    }

    #[test]
    fn error_lines_name_the_input_once() {
        assert_eq!(
            error_line("a.html", "a.html: No such file or directory (os error 2)"),
            "htmlsieve: a.html: No such file or directory (os error 2)"
        );
        assert_eq!(
            error_line("-", "input bytes limit exceeded: 9 bytes > 8"),
            "htmlsieve: -: input bytes limit exceeded: 9 bytes > 8"
        );
    }

    #[test]
    fn a_batch_writes_what_it_can_and_counts_failures() {
        let input = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let page = input.path().join("p.html");
        std::fs::write(
            &page,
            "<html><head><title>Batch page</title></head><body><article><p>A paragraph that is \
             long enough to be kept as the main content of this small page.</p></article></body></html>",
        )
        .unwrap();
        let sources = vec![
            file(page.to_str().unwrap(), "p.html"),
            file("/no/such/input.html", "input.html"),
        ];
        let extractor = Extractor::new(htmlsieve::Config::default()).unwrap();
        let opts = BatchOptions {
            out_dir: Some(out.path().to_path_buf()),
            format: Format::Txt,
            no_title: false,
            text_mode: false,
            url: None,
            urls: Default::default(),
            jobs: 2,
            progress: false,
            one_file_per_input: false,
        };
        let summary = run(&extractor, &sources, &opts).unwrap();
        assert_eq!((summary.ok, summary.failed, summary.skipped), (1, 1, 0));
        assert!(std::fs::read_to_string(out.path().join("p.txt"))
            .unwrap()
            .starts_with("Batch page\n\nA paragraph"));
        // The second run skips what is done and retries what failed.
        let again = run(&extractor, &sources, &opts).unwrap();
        assert_eq!((again.ok, again.failed, again.skipped), (0, 1, 1));
        let done = Manifest::read_done(out.path());
        assert_eq!(done["/no/such/input.html"].status, "error");
        assert_eq!(done[page.to_str().unwrap()].file.as_deref(), Some("p.txt"));
    }
}
