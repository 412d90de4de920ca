//! The corpus commands: `warc` (WARC files → deduplicated, language-tagged JSONL shards),
//! `jsonl` (a JSONL pipe: one record out per line in) and `stats` (a corpus folder's counts).
//!
//! Work flows reader → workers → one ordered sink. Workers extract, identify the language,
//! compute quality signals and the duplicate signature; the sink checks duplicates and writes
//! records strictly in input order, so the output and which copy is kept do not depend on the
//! thread count. Records in flight are bounded (tokens), so memory does not grow with the file.

use anyhow::Context;
use htmlsieve::{render_json, RecordInfo};
use htmlsieve::{Document, Extractor};
use htmlsieve_corpus::dedup::{DedupIndex, MinHasher, Mode, Params, Signature, Verdict};
use htmlsieve_corpus::warc::{WarcError, WarcItem, WarcReader};
use htmlsieve_corpus::{lang, quality};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::Instant;

use crate::args::{Compress, Filter, JsonlArgs, LimitOpts, RuleOpts, StatsArgs, WarcArgs};

/// Counts of one part (and, summed, of a corpus).
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq)]
pub struct Stats {
    pub inputs: u64,
    pub records: u64,
    pub pages: u64,
    pub written: u64,
    pub errors: BTreeMap<String, u64>,
    pub skipped: BTreeMap<String, u64>,
    pub duplicates_exact: u64,
    pub duplicates_near: u64,
    pub dropped: BTreeMap<String, u64>,
    pub languages: BTreeMap<String, u64>,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub seconds: f64,
}

impl Stats {
    fn add(&mut self, o: &Stats) {
        self.inputs += o.inputs;
        self.records += o.records;
        self.pages += o.pages;
        self.written += o.written;
        self.duplicates_exact += o.duplicates_exact;
        self.duplicates_near += o.duplicates_near;
        self.bytes_in += o.bytes_in;
        self.bytes_out += o.bytes_out;
        self.seconds += o.seconds;
        for (a, b) in [
            (&mut self.errors, &o.errors),
            (&mut self.skipped, &o.skipped),
            (&mut self.dropped, &o.dropped),
            (&mut self.languages, &o.languages),
        ] {
            for (k, v) in b {
                *a.entry(k.clone()).or_default() += v;
            }
        }
    }
}

/// Everything the workers share, read-only.
struct Shared<'a> {
    extractor: &'a Extractor,
    hasher: MinHasher,
    dedup: Mode,
}

/// A page as the workers leave it for the sink.
struct Done {
    /// The record (without the corpus fields the sink adds), or None for a skipped record.
    record: Option<Value>,
    sig: Option<Signature>,
    lang: Option<String>,
    gopher: Option<&'static str>,
    error_kind: Option<String>,
    text_bytes: u64,
}

/// Extract one page and compute its corpus fields.
fn process_page(
    s: &Shared,
    id: &str,
    url: Option<&str>,
    body: &[u8],
    charset: Option<&str>,
) -> Done {
    let info = RecordInfo {
        id: id.to_string(),
        source: url.unwrap_or_default().to_string(),
        rules: s.extractor.rules().len(),
    };
    let run = std::panic::AssertUnwindSafe(|| s.extractor.extract_bytes(body, url, charset));
    let result = std::panic::catch_unwind(run).unwrap_or_else(|_| {
        Err(htmlsieve::Error::Other(
            "internal error (a bug, please report)".into(),
        ))
    });
    match result {
        Ok(doc) => page_done(s, &doc, &info),
        Err(e) => {
            let line = render_json(None, Some(&e), &info, false);
            Done {
                record: serde_json::from_str(&line).ok(),
                sig: None,
                lang: None,
                gopher: None,
                error_kind: Some(e.record().split(':').next().unwrap_or("error").to_string()),

                text_bytes: 0,
            }
        }
    }
}

fn page_done(s: &Shared, doc: &Document, info: &RecordInfo) -> Done {
    let line = render_json(Some(doc), None, info, false);
    let mut record: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
    let body = doc.body_text();
    let declared = doc.metadata.lang.as_deref().and_then(lang::primary_subtag);
    let detected = lang::detect(&body);
    // The text decides; a text too short to tell leaves the page's own declaration.
    let chosen = match (&detected, &declared) {
        (Some(d), _) if d.reliable => Some(d.code.to_string()),
        (_, Some(decl)) => Some(decl.clone()),
        (Some(d), None) => Some(d.code.to_string()),
        (None, None) => None,
    };
    let signals = quality::signals(&body);
    let gopher = quality::gopher(&signals, chosen.as_deref());
    if let Some(md) = record.get_mut("metadata").and_then(Value::as_object_mut) {
        md.insert("lang".into(), json!(chosen));
        md.insert("lang_declared".into(), json!(declared));
        md.insert(
            "lang_detected".into(),
            json!(detected.as_ref().map(|d| d.code)),
        );
        md.insert(
            "lang_score".into(),
            json!(detected.as_ref().map(|d| d.score)),
        );
        md.insert("quality".into(), json!(signals));
    }
    let sig = (s.dedup != Mode::Off).then(|| s.hasher.signature(&body));
    Done {
        text_bytes: body.len() as u64,
        record: Some(record),
        sig,
        lang: chosen,
        gopher,
        error_kind: None,
    }
}

/// Parse `I/N`.
fn parse_shard(s: &str) -> anyhow::Result<(usize, usize)> {
    let (i, n) = s.split_once('/').context("--shard takes I/N, e.g. 3/16")?;
    let (i, n): (usize, usize) = (i.trim().parse()?, n.trim().parse()?);
    anyhow::ensure!(n > 0 && i < n, "--shard {s}: need 0 <= I < N");
    Ok((i, n))
}

fn extractor_for(rules: &RuleOpts, limits: &LimitOpts) -> anyhow::Result<Extractor> {
    let config = htmlsieve::Config {
        rules: rules.sources(),
        explain: false,
        explain_all: false,
        links: false,
        images: false,
        disabled: rules.disabled(),
        limits: htmlsieve::Limits {
            max_bytes: limits.max_bytes,
            max_nodes: limits.doc.max_nodes,
            max_depth: limits.doc.max_depth,
            doc_timeout: std::time::Duration::from_secs_f64(limits.doc.doc_timeout),
        },
    };
    Ok(Extractor::new(config)?)
}

fn threads(jobs: Option<usize>) -> usize {
    jobs.filter(|&j| j > 0).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    })
}

/// Run `items` through `work` on `jobs` threads and hand the results to `sink` in input order,
/// with at most `4 × jobs + 16` items in flight.
fn ordered<I, T, R>(
    jobs: usize,
    items: impl FnOnce() -> I + Send,
    work: impl Fn(T) -> R + Sync,
    mut sink: impl FnMut(R) -> anyhow::Result<()>,
) -> anyhow::Result<()>
where
    I: Iterator<Item = T>,
    T: Send,
    R: Send,
{
    let in_flight = 4 * jobs + 16;
    let (tok_tx, tok_rx) = mpsc::sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = tok_tx.send(());
    }
    let (item_tx, item_rx) = mpsc::sync_channel::<(u64, T)>(jobs * 2);
    let item_rx = Mutex::new(item_rx);
    let (done_tx, done_rx) = mpsc::channel::<(u64, R)>();
    std::thread::scope(|scope| -> anyhow::Result<()> {
        scope.spawn(move || {
            // The reader is made on its own thread: WARC and stdin readers are not Send.
            for (n, item) in (0u64..).zip(items()) {
                if tok_rx.recv().is_err() || item_tx.send((n, item)).is_err() {
                    break;
                }
            }
        });
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let (item_rx, work) = (&item_rx, &work);
            scope.spawn(move || loop {
                let next = match item_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => break,
                };
                let Ok((n, item)) = next else { break };
                if done_tx.send((n, work(item))).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let mut waiting = BTreeMap::new();
        let mut next = 0u64;
        let mut result = Ok(());
        for (n, r) in done_rx {
            waiting.insert(n, r);
            while let Some(r) = waiting.remove(&next) {
                next += 1;
                if result.is_ok() {
                    result = sink(r);
                }
                // A failed sink stops the reader: no more tokens.
                if result.is_ok() {
                    let _ = tok_tx.send(());
                }
            }
            if result.is_err() {
                break;
            }
        }
        drop(tok_tx);
        result
    })
}

fn read_inputs(a: &WarcArgs) -> anyhow::Result<Vec<PathBuf>> {
    let mut inputs = a.inputs.clone();
    if let Some(f) = &a.inputs_file {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("--inputs-file {}", f.display()))?;
        inputs.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(PathBuf::from),
        );
    }
    anyhow::ensure!(
        !inputs.is_empty(),
        "no WARC inputs: give WARC files or --inputs-file"
    );
    Ok(inputs)
}

fn open_writer(path: &Path, c: Compress) -> anyhow::Result<Box<dyn Write>> {
    let f = std::io::BufWriter::new(std::fs::File::create(path)?);
    Ok(match c {
        Compress::Gz => Box::new(flate2::write::GzEncoder::new(
            f,
            flate2::Compression::default(),
        )),
        Compress::Zst => Box::new(zstd::stream::write::Encoder::new(f, 3)?.auto_finish()),
        Compress::None => Box::new(f),
    })
}

pub fn warc_cmd(a: WarcArgs) -> anyhow::Result<u8> {
    let (shard, shards) = parse_shard(&a.shard)?;
    let inputs = read_inputs(&a)?;
    let extractor = extractor_for(&a.rules, &a.limits)?;
    std::fs::create_dir_all(&a.out).with_context(|| format!("creating {}", a.out.display()))?;
    let done_marker = a.out.join(format!("s{shard:05}.done"));
    if done_marker.exists() {
        eprintln!(
            "shard {shard}/{shards} is already done ({})",
            done_marker.display()
        );
        return Ok(0);
    }
    let keep_langs: HashSet<String> = a
        .lang
        .iter()
        .map(|l| l.trim().to_ascii_lowercase())
        .collect();
    let params = Params::default();
    let mut index = DedupIndex::new(params, a.dedup);
    if a.dedup != Mode::Off {
        for dir in &a.dedup_index {
            let mut segs: Vec<PathBuf> = std::fs::read_dir(dir)
                .with_context(|| format!("--dedup-index {}", dir.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "idx"))
                .collect();
            segs.sort();
            for s in segs {
                index.load_segment(&s)?;
            }
        }
    }
    let shared = Shared {
        extractor: &extractor,
        hasher: MinHasher::new(params),
        dedup: a.dedup,
    };
    let jobs = threads(a.jobs);
    let dedup_dir = a.out.join("dedup");
    // A killed run leaves its unfinished part under a temporary name: this shard's only.
    let prefix = format!("s{shard:05}-");
    for dir in [&a.out, &dedup_dir] {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let name = name.trim_start_matches('.');
            if name.starts_with(&prefix) && name.contains(".tmp") {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    let mut total = Stats::default();
    let mut failed = false;
    let mine: Vec<(usize, &PathBuf)> = inputs
        .iter()
        .enumerate()
        .filter(|(k, _)| k % shards == shard)
        .collect();
    // `added` is the shard's first start, kept across resumes: a resumed shard writes the bytes
    // an uninterrupted run would have written.
    let added_path = a.out.join(format!("s{shard:05}.added"));
    let added = match std::fs::read_to_string(&added_path) {
        Ok(s) if !s.trim().is_empty() => s.trim().to_string(),
        _ => {
            let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            crate::write::write_atomic(&added_path, now.as_bytes())?;
            now
        }
    };
    for (k, path) in mine {
        let stem = format!("s{shard:05}-{k:06}");
        let part = a.out.join(format!("{stem}{}", a.compress.ext()));
        let seg = dedup_dir.join(format!("{stem}.idx"));
        if part.exists() {
            // Finished in an earlier run: its kept pages are part of this shard's index.
            if a.dedup != Mode::Off && seg.exists() {
                index.load_segment(&seg)?;
            }
            continue;
        }
        // A segment without its part: the run was killed between the two renames.
        let _ = std::fs::remove_file(&seg);
        let stats = run_part(
            &a,
            &shared,
            &mut index,
            path,
            &part,
            &seg,
            &keep_langs,
            &added,
            jobs,
        )?;
        failed |= !stats.errors.is_empty();
        total.add(&stats);
    }
    let line = serde_json::to_string(&total)?;
    crate::write::write_atomic(&done_marker, line.as_bytes())?;
    eprintln!("{}", summary_text(&total));
    Ok(u8::from(failed))
}

#[allow(clippy::too_many_arguments)]
fn run_part(
    a: &WarcArgs,
    shared: &Shared,
    index: &mut DedupIndex,
    path: &Path,
    part: &Path,
    seg: &Path,
    keep_langs: &HashSet<String>,
    added: &str,
    jobs: usize,
) -> anyhow::Result<Stats> {
    let started = Instant::now();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp_name = |p: &Path| {
        let mut s = p.as_os_str().to_owned();
        s.push(format!(".tmp{}", std::process::id()));
        PathBuf::from(s)
    };
    let (part_tmp, dropped_path) = (
        tmp_name(part),
        part.with_extension("").with_extension("dropped.jsonl"),
    );
    let mut out = open_writer(&part_tmp, a.compress)?;
    let mut dropped = Vec::new();
    let mut st = Stats {
        inputs: 1,
        bytes_in: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        ..Stats::default()
    };
    let max_body = shared.extractor.config().limits.max_bytes as u64;
    let items = || -> Box<dyn Iterator<Item = WarcItem>> {
        match WarcReader::open(path, max_body) {
            Ok(r) => Box::new(r),
            Err(error) => Box::new(std::iter::once(WarcItem::Error {
                head: htmlsieve_corpus::warc::RecordHead::default(),
                error,
            })),
        }
    };
    let work = |item: WarcItem| -> (WarcItem, Done) {
        match item {
            WarcItem::Page(p) => {
                let id = p.head.record_id.clone().unwrap_or_default();
                let d = process_page(
                    shared,
                    &id,
                    p.head.target_uri.as_deref(),
                    &p.body,
                    p.charset.as_deref(),
                );
                (
                    WarcItem::Page(htmlsieve_corpus::warc::WarcPage {
                        body: Vec::new(),
                        ..p
                    }),
                    d,
                )
            }
            other => (
                other,
                Done {
                    record: None,
                    sig: None,
                    lang: None,
                    gopher: None,
                    error_kind: None,
                    text_bytes: 0,
                },
            ),
        }
    };
    let mut sink = |(item, mut d): (WarcItem, Done)| -> anyhow::Result<()> {
        st.records += 1;
        let (head, warc_err) = match item {
            WarcItem::Page(p) => (p.head, None),
            WarcItem::Skipped { reason, .. } => {
                *st.skipped.entry(reason.kind().to_string()).or_default() += 1;
                return Ok(());
            }
            WarcItem::Error { head, error } => (head, Some(error)),
        };
        let mut record = match (warc_err, d.record.take()) {
            (Some(e), _) => warc_error_record(&head, &e),
            (None, Some(r)) => r,
            (None, None) => return Ok(()),
        };
        let is_error = record.get("error").is_some_and(|e| !e.is_null());
        if is_error {
            let kind = d.error_kind.clone().unwrap_or_else(|| {
                let e = record["error"].as_str().unwrap_or("error");
                e.split(':').next().unwrap_or("error").to_string()
            });
            *st.errors.entry(kind).or_default() += 1;
        } else {
            st.pages += 1;
        }
        // A record broken before its id still needs one: the file and offset point at it.
        let id = head
            .record_id
            .clone()
            .unwrap_or_else(|| format!("{name}@{}", head.offset));
        if let Some(obj) = record.as_object_mut() {
            obj.insert("id".into(), json!(id));
            obj.insert("created".into(), json!(head.date));
            obj.insert("added".into(), json!(added));
        }
        let mut duplicate_of = None;
        if let Some(sig) = &d.sig {
            match index.check(&id, sig) {
                Verdict::Unique => {}
                Verdict::Exact(of) => {
                    st.duplicates_exact += 1;
                    duplicate_of = Some(of);
                }
                Verdict::Near(of, _) => {
                    st.duplicates_near += 1;
                    duplicate_of = Some(of);
                }
            }
        }
        if let Some(md) = record.get_mut("metadata").and_then(Value::as_object_mut) {
            md.insert("url".into(), json!(head.target_uri));
            md.insert("warc_filename".into(), json!(name));
            md.insert("warc_offset".into(), json!(head.offset));
            if a.dedup != Mode::Off {
                md.insert("duplicate_of".into(), json!(duplicate_of));
            }
        }
        let lang_ok =
            keep_langs.is_empty() || d.lang.as_ref().is_some_and(|l| keep_langs.contains(l));
        let drop_rule = if is_error {
            None
        } else if !lang_ok {
            Some("lang")
        } else if a.filter == Some(Filter::Gopher) {
            d.gopher
        } else {
            None
        };
        if let Some(rule) = drop_rule {
            *st.dropped.entry(rule.to_string()).or_default() += 1;
            dropped.push(json!({"id": id, "url": head.target_uri, "rule": rule}).to_string());
            return Ok(());
        }
        if let Some(l) = &d.lang {
            *st.languages.entry(l.clone()).or_default() += 1;
        }
        st.written += 1;
        st.bytes_out += d.text_bytes;
        let mut line = serde_json::to_string(&record)?;
        line.push('\n');
        out.write_all(line.as_bytes())?;
        Ok(())
    };
    ordered(jobs, items, work, &mut sink)?;
    out.flush()?;
    drop(out);
    st.seconds = started.elapsed().as_secs_f64();
    // Order matters for resume: sidecars and index segment first, the part's rename last.
    let stats_path = part.with_extension("").with_extension("stats.json");
    crate::write::write_atomic(&stats_path, serde_json::to_string(&st)?.as_bytes())?;
    let mut d = dropped.join("\n");
    if !d.is_empty() {
        d.push('\n');
    }
    crate::write::write_atomic(&dropped_path, d.as_bytes())?;
    if index.mode() != Mode::Off {
        index.write_segment(seg)?;
    }
    std::fs::rename(&part_tmp, part)?;
    Ok(st)
}

fn warc_error_record(head: &htmlsieve_corpus::warc::RecordHead, e: &WarcError) -> Value {
    json!({
        "id": head.record_id, "text": "", "source": "htmlsieve", "created": head.date,
        "metadata": {}, "error": format!("{}: {e}", e.kind()),
    })
}

fn summary_text(s: &Stats) -> String {
    let rate = if s.seconds > 0.0 {
        s.pages as f64 / s.seconds
    } else {
        0.0
    };
    let fmt_map = |m: &BTreeMap<String, u64>| {
        if m.is_empty() {
            "none".to_string()
        } else {
            m.iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let mut langs: Vec<_> = s.languages.iter().collect();
    langs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let langs: Vec<String> = langs
        .iter()
        .take(12)
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    format!(
        "inputs {}  records {}  pages {}  written {}\nerrors: {}\nskipped: {}\nduplicates: exact {}, near {}\ndropped: {}\nlanguages: {}\nbytes in {}  text bytes out {}  pages/s {:.1}",
        s.inputs, s.records, s.pages, s.written, fmt_map(&s.errors), fmt_map(&s.skipped),
        s.duplicates_exact, s.duplicates_near, fmt_map(&s.dropped),
        if langs.is_empty() { "none".into() } else { langs.join(", ") },
        s.bytes_in, s.bytes_out, rate
    )
}

pub fn stats_cmd(a: StatsArgs) -> anyhow::Result<u8> {
    let mut total = Stats::default();
    let mut parts = 0;
    for e in std::fs::read_dir(&a.dir).with_context(|| format!("reading {}", a.dir.display()))? {
        let p = e?.path();
        if p.to_string_lossy().ends_with(".stats.json") {
            let s: Stats = serde_json::from_str(&std::fs::read_to_string(&p)?)
                .with_context(|| format!("{}", p.display()))?;
            total.add(&s);
            parts += 1;
        }
    }
    anyhow::ensure!(
        parts > 0,
        "{}: no parts written by `htmlsieve warc` here",
        a.dir.display()
    );
    if a.json {
        println!("{}", serde_json::to_string(&total)?);
    } else {
        println!("{}", summary_text(&total));
    }
    Ok(0)
}

#[derive(Deserialize)]
struct PipeIn {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    html: Option<String>,
}

pub fn jsonl_cmd(a: JsonlArgs) -> anyhow::Result<u8> {
    let extractor = extractor_for(&a.rules, &a.limits)?;
    let shared = Shared {
        extractor: &extractor,
        hasher: MinHasher::new(Params::default()),
        dedup: Mode::Off,
    };
    let lines = || std::io::stdin().lines().map_while(Result::ok);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    let work = |line: String| -> Value {
        let parsed: Result<PipeIn, _> = serde_json::from_str(&line);
        match parsed {
            Ok(p) => {
                let id = match &p.id {
                    Some(Value::String(s)) => s.clone(),
                    Some(v) => v.to_string(),
                    None => String::new(),
                };
                let Some(html) = p.html else {
                    return json!({"id": id, "text": "", "source": "htmlsieve", "metadata": {"url": p.url}, "error": "input: no \"html\" field"});
                };
                let d = process_page(
                    &shared,
                    &id,
                    p.url.as_deref(),
                    html.as_bytes(),
                    Some("utf-8"),
                );
                let mut r = d.record.unwrap_or(Value::Null);
                if let Some(md) = r.get_mut("metadata").and_then(Value::as_object_mut) {
                    md.insert("url".into(), json!(p.url));
                }
                r
            }
            Err(e) => {
                json!({"id": null, "text": "", "source": "htmlsieve", "metadata": {}, "error": format!("input: not a JSON object with id, url, html: {e}")})
            }
        }
    };
    let result = ordered(threads(a.jobs), lines, work, |rec| {
        failed |= rec.get("error").is_some_and(|e| !e.is_null());
        let mut line = serde_json::to_string(&rec)?;
        line.push('\n');
        out.write_all(line.as_bytes())?;
        Ok(())
    });
    match result.and_then(|_| out.flush().map_err(Into::into)) {
        Ok(()) => Ok(u8::from(failed)),
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(0)
        }
        Err(e) => Err(e),
    }
}
