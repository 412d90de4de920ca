//! Whole-run speed benchmark: htmlsieve against the parse-only floor and dom_smoothie, on the same
//! pages, in one run, on one thread.
//!
//! ```text
//! cargo bench --bench speed                 # 3 rounds over scrapinghub/dev + wcxb/dev
//! cargo bench --bench speed -- --rounds 5 --bench-dir DIR --datasets scrapinghub,wcxb
//! ```
//!
//! Engines, each over every page, page by page:
//! - `floor`: `scraper::Html::parse_document` plus one walk over the text nodes (the least any
//!   scraper-based extractor must do);
//! - `htmlsieve`: the whole pipeline from bytes (decode, parse, rules, extract, clean) and the txt
//!   rendering, with one `Extractor` built before timing;
//! - `dom_smoothie`: `Readability::new(..).parse()` (0.19, default configuration), text content.
//!
//! Pages are read into memory before timing. The rounds interleave the engines so that machine
//! noise hits them alike; each engine's best round is reported. The benchmark data is not in the
//! repository: it is read from `../shared/bench` and the run says so and exits when it is absent.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use scraper::node::Node;
use scraper::Html;

struct Page {
    bytes: Vec<u8>,
    /// The bytes as text for the engines that take `&str` (lossy UTF-8: the floor does no
    /// encoding detection).
    text: String,
}

struct Args {
    bench_dir: PathBuf,
    datasets: Vec<String>,
    rounds: usize,
    only: Option<String>,
}

/// `../shared/bench` beside the repository; from a worktree nested one level deeper, the first
/// ancestor folder that has `shared/bench`.
fn default_bench_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    root.ancestors()
        .skip(1)
        .map(|a| a.join("shared/bench"))
        .find(|p| p.is_dir())
        .unwrap_or_else(|| root.join("../shared/bench"))
}

fn parse_args() -> Args {
    let mut args = Args {
        bench_dir: default_bench_dir(),
        datasets: vec!["scrapinghub".into(), "wcxb".into()],
        rounds: 3,
        only: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--rounds" => {
                args.rounds = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|&n| n > 0)
                    .unwrap_or(3)
            }
            "--bench-dir" => {
                if let Some(v) = it.next() {
                    args.bench_dir = PathBuf::from(v);
                }
            }
            "--datasets" => {
                if let Some(v) = it.next() {
                    args.datasets = v.split(',').map(str::to_string).collect();
                }
            }
            // Run one engine alone (for profiling): floor, htmlsieve or dom_smoothie.
            "--only" => args.only = it.next(),
            // `cargo bench` passes `--bench`; other harness flags are ignored too.
            _ => {}
        }
    }
    args
}

fn load_pages(args: &Args) -> Option<Vec<Page>> {
    let mut pages = Vec::new();
    for ds in &args.datasets {
        let dir = args.bench_dir.join(ds).join("dev");
        let Ok(rd) = std::fs::read_dir(&dir) else {
            eprintln!(
                "speed: benchmark data not found at {} (expected ../shared/bench/{ds}/dev beside \
                 the repository, or give --bench-dir DIR); nothing to measure",
                dir.display()
            );
            return None;
        };
        let mut paths: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .collect();
        paths.sort();
        for p in paths {
            match std::fs::read(&p) {
                Ok(bytes) => {
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    pages.push(Page { bytes, text });
                }
                Err(e) => eprintln!("speed: {}: {e}", p.display()),
            }
        }
    }
    if pages.is_empty() {
        eprintln!("speed: no pages found; nothing to measure");
        return None;
    }
    Some(pages)
}

/// Parse and walk the text nodes once; returns the text bytes seen (so the work is not optimised away).
fn floor(page: &Page) -> usize {
    let html = Html::parse_document(&page.text);
    let mut n = 0;
    for node in html.tree.root().descendants() {
        if let Node::Text(t) = node.value() {
            n += t.len();
        }
    }
    n
}

fn htmlsieve(ex: &htmlsieve::Extractor, page: &Page) -> usize {
    match ex.extract_bytes(&page.bytes, None, None) {
        Ok(doc) => htmlsieve::render_text(&doc, false).len(),
        Err(_) => 0,
    }
}

fn dom_smoothie(page: &Page) -> usize {
    let Ok(mut r) = dom_smoothie::Readability::new(page.text.as_str(), None, None) else {
        return 0;
    };
    r.parse().map(|a| a.text_content.len()).unwrap_or(0)
}

fn main() {
    let args = parse_args();
    let Some(pages) = load_pages(&args) else {
        return;
    };
    let mb = pages.iter().map(|p| p.bytes.len()).sum::<usize>() as f64 / 1e6;
    let ex = match htmlsieve::Extractor::new(htmlsieve::Config::default()) {
        Ok(ex) => ex,
        Err(e) => {
            eprintln!("speed: cannot build the extractor: {e}");
            std::process::exit(2);
        }
    };
    println!(
        "speed: {} pages, {mb:.1} MB ({}), {} rounds, 1 thread",
        pages.len(),
        args.datasets.join(" + "),
        args.rounds
    );

    type Engine<'a> = (&'static str, Box<dyn Fn(&Page) -> usize + 'a>);
    let engines: Vec<Engine> = vec![
        ("floor", Box::new(floor)),
        ("htmlsieve", Box::new(|p: &Page| htmlsieve(&ex, p))),
        ("dom_smoothie", Box::new(dom_smoothie)),
    ];
    let engines: Vec<Engine> = engines
        .into_iter()
        .filter(|(name, _)| args.only.as_deref().is_none_or(|o| o == *name))
        .collect();
    let mut best = vec![Duration::MAX; engines.len()];
    let mut out_bytes = vec![0usize; engines.len()];
    for _ in 0..args.rounds {
        for (i, (_, run)) in engines.iter().enumerate() {
            let t = Instant::now();
            let mut n = 0;
            for p in &pages {
                n += run(p);
            }
            let el = t.elapsed();
            best[i] = best[i].min(el);
            out_bytes[i] = std::hint::black_box(n);
        }
    }
    let floor_t = engines
        .iter()
        .position(|(n, _)| *n == "floor")
        .map(|i| best[i].as_secs_f64());
    println!(
        "{:<13} {:>9} {:>8} {:>8} {:>9} {:>12}",
        "engine", "seconds", "pages/s", "MB/s", "x floor", "text bytes"
    );
    for (i, (name, _)) in engines.iter().enumerate() {
        let s = best[i].as_secs_f64();
        let ratio = floor_t.map_or("-".to_string(), |f| format!("{:.2}", s / f));
        println!(
            "{name:<13} {s:>9.3} {:>8.1} {:>8.1} {ratio:>9} {:>12}",
            pages.len() as f64 / s,
            mb / s,
            out_bytes[i]
        );
    }
}
