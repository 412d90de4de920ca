//! Load time and per-page cost of community rule sets, on synthetic data generated here (no list
//! is committed): a 50,000-line filter list and 2,000 FiveFilters site-config files.
//!
//! `cargo bench --bench community` (pages: `../shared/bench/scrapinghub/dev/*.html` when present,
//! else `fixtures/*.html`; `HTMLSIEVE_BENCH_PAGES=N` caps their number).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use htmlsieve::Extractor;
use htmlsieve::{Config, RuleSources};

const LIST_LINES: usize = 50_000;
const SITE_FILES: usize = 2_000;

/// A deterministic pseudo-random sequence (xorshift), so every run measures the same data.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WORDS: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "banner",
    "sponsor",
    "promo",
    "sidebar",
    "widget",
    "popup",
    "overlay",
    "teaser",
    "native",
    "outbrain",
    "taboola",
    "dfp",
    "gpt",
    "leaderboard",
    "skyscraper",
    "mpu",
    "billboard",
    "sticky",
    "footer",
    "header",
    "newsletter",
    "social",
    "share",
    "related",
    "box",
];

fn word(r: &mut Rng) -> String {
    let w = WORDS[r.below(WORDS.len() as u64) as usize];
    match r.below(3) {
        0 => w.to_string(),
        1 => format!("{w}-{}", r.below(5000)),
        _ => format!(
            "{w}_{}_{}",
            WORDS[r.below(WORDS.len() as u64) as usize],
            r.below(900)
        ),
    }
}

/// A filter list shaped like EasyList: mostly generic class/id/attribute hiding rules, many
/// host-scoped ones, some procedural, network rules, exceptions, scriptlets and comments.
fn filter_list(lines: usize) -> String {
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let mut s = String::from("[Adblock Plus 2.0]\n! Title: synthetic benchmark list\n");
    for i in 0..lines - 2 {
        let host = format!("site{}.example", r.below(3000));
        let _ = match r.below(100) {
            0..=29 => writeln!(s, "##.{}", word(&mut r)),
            30..=39 => writeln!(s, "###{}", word(&mut r)),
            40..=44 => writeln!(s, "##div[id^=\"{}\"]", word(&mut r)),
            45..=47 => writeln!(s, "##a[href*=\"/{}/\"]", word(&mut r)),
            48..=50 => writeln!(s, "##.{} > .{}", word(&mut r), word(&mut r)),
            51..=69 => writeln!(s, "{host}##.{}", word(&mut r)),
            70..=72 => writeln!(s, "{host}##div.{}:has-text(Sponsored)", word(&mut r)),
            73..=74 => writeln!(s, "~{host}##.{}", word(&mut r)),
            75..=89 => writeln!(s, "||{}.example^$third-party", word(&mut r)),
            90..=91 => writeln!(s, "{host}#@#.{}", word(&mut r)),
            92..=94 => writeln!(s, "{host}##+js(set-constant, ads{i}, true)"),
            95..=96 => writeln!(s, "##div:matches-css(position: fixed)"),
            _ => writeln!(s, "! comment {i}"),
        };
    }
    s
}

/// One FiveFilters site config.
fn site_config(r: &mut Rng) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "title: //h1[@class='{}']", word(r));
    let _ = writeln!(s, "body: //div[@id='{}'] | //article", word(r));
    let _ = writeln!(s, "author: //meta[@name='author']/@content");
    for _ in 0..6 {
        let _ = writeln!(s, "strip: //div[contains(@class,'{}')]", word(r));
    }
    let _ = writeln!(s, "strip_id_or_class: {}", word(r));
    let _ = writeln!(s, "strip_image_src: /{}.gif", word(r));
    let _ = writeln!(s, "strip: //p/ancestor::div[@class='{}']", word(r));
    let _ = writeln!(
        s,
        "prune: no\nfind_string: <br /><br />\nreplace_string: </p><p>"
    );
    let _ = writeln!(s, "next_page_link: //a[@rel='next']");
    let _ = writeln!(s, "test_url: https://example.com/a\ntest_contains: text");
    s
}

fn write_data(dir: &Path) -> (PathBuf, PathBuf) {
    let list = dir.join("list.txt");
    std::fs::write(&list, filter_list(LIST_LINES)).expect("write list");
    let sites = dir.join("site-config");
    std::fs::create_dir_all(&sites).expect("mkdir");
    let mut r = Rng(42);
    for i in 0..SITE_FILES {
        let name = if i % 10 == 0 {
            format!(".site{i}.example.txt")
        } else {
            format!("site{i}.example.txt")
        };
        std::fs::write(sites.join(name), site_config(&mut r)).expect("write site config");
    }
    std::fs::write(
        sites.join("global.txt"),
        "strip: //div[@class='global-strip']\n",
    )
    .expect("write global");
    (list, sites)
}

fn pages() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // `../shared` from the repository root (a worktree sits one level deeper).
    let shared = ["../shared", "../../shared"]
        .iter()
        .map(|s| root.join(s).join("bench/scrapinghub/dev"))
        .find(|p| p.is_dir());
    let dir = if let Some(shared) = shared {
        shared
    } else {
        eprintln!("../shared/bench absent: using fixtures/");
        root.join("fixtures")
    };
    let cap: usize = std::env::var("HTMLSIEVE_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(usize::MAX);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "html"));
    files.sort();
    files.truncate(cap);
    files
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            let text = htmlsieve::stages::decode(&bytes, None, None)
                .ok()?
                .text
                .into_owned();
            Some((p.display().to_string(), text))
        })
        .collect()
}

fn min_time(n: usize, mut f: impl FnMut()) -> Duration {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn extractor(list: Option<&Path>, sites: Option<&Path>) -> Extractor {
    let config = Config {
        rules: RuleSources {
            filter_lists: list.into_iter().map(Path::to_path_buf).collect(),
            site_config_dirs: sites.into_iter().map(Path::to_path_buf).collect(),
            ..Default::default()
        },
        ..Default::default()
    };
    Extractor::new(config).expect("rules load")
}

fn main() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (list, sites) = write_data(tmp.path());
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;

    let base = min_time(3, || drop(extractor(None, None)));
    let t_list = min_time(3, || drop(extractor(Some(&list), None)));
    let t_sites = min_time(3, || drop(extractor(None, Some(&sites))));
    let t_both = min_time(3, || drop(extractor(Some(&list), Some(&sites))));
    let plain = extractor(None, None);
    let full = extractor(Some(&list), Some(&sites));
    println!("load (min of 3, includes compiling and indexing):");
    println!("  built-in rules only           {:8.1} ms", ms(base));
    println!("  + {LIST_LINES}-line filter list    {:8.1} ms", ms(t_list));
    println!(
        "  + {SITE_FILES} site-config files   {:8.1} ms",
        ms(t_sites)
    );
    println!("  + both                        {:8.1} ms", ms(t_both));
    println!("  rules: {} element rules", full.rules().elements.len());
    for l in full.rules().community.summary() {
        println!("  {l}");
    }
    if let Some(idx) = full.rules().selector_index.get() {
        println!("  index: {}", idx.stats());
    }

    let pages = pages();
    if pages.is_empty() {
        println!("no pages found");
        return;
    }
    // Half the pages get a host that has a site config, so site rules are exercised too.
    let urls: Vec<String> = (0..pages.len())
        .map(|i| {
            if i % 2 == 0 {
                format!("https://site{}.example/story/{i}", (i * 7) % SITE_FILES)
            } else {
                format!("https://news{i}.example.org/a")
            }
        })
        .collect();
    let run = |ex: &Extractor| {
        for ((_, text), url) in pages.iter().zip(&urls) {
            let _ = ex.extract_str(text, Some(url));
        }
    };
    let apply_only = |ex: &Extractor| {
        for ((_, text), url) in pages.iter().zip(&urls) {
            let html = scraper::Html::parse_document(text);
            let host = htmlsieve::host_of(Some(url));
            let _ = htmlsieve::stages::apply(ex.rules(), host.as_deref(), &html);
        }
    };
    let parse_only = || {
        for (_, text) in &pages {
            let _ = scraper::Html::parse_document(text);
        }
    };
    let n = pages.len() as f64;
    let p0 = min_time(3, parse_only);
    let a0 = min_time(3, || apply_only(&plain));
    let a1 = min_time(3, || apply_only(&full));
    let e0 = min_time(3, || run(&plain));
    let e1 = min_time(3, || run(&full));
    println!(
        "per page over {} pages (min of 3, one thread):",
        pages.len()
    );
    println!("  parse only                      {:7.2} ms", ms(p0) / n);
    println!(
        "  rules (parse+apply), built-in   {:7.2} ms  (apply ≈ {:.2} ms)",
        ms(a0) / n,
        (ms(a0) - ms(p0)) / n
    );
    println!(
        "  rules (parse+apply), + 50k list + 2k sites {:7.2} ms  (apply ≈ {:.2} ms)",
        ms(a1) / n,
        (ms(a1) - ms(p0)) / n
    );
    println!("  whole pipeline, built-in        {:7.2} ms", ms(e0) / n);
    println!("  whole pipeline, + community     {:7.2} ms", ms(e1) / n);

    // What the index saves: every rule's selector tested on every element, on a few pages.
    let few = pages.len().min(3);
    let t = Instant::now();
    let mut hits = 0usize;
    for (_, text) in pages.iter().take(few) {
        let html = scraper::Html::parse_document(text);
        for node in html.tree.nodes() {
            if let Some(el) = scraper::ElementRef::wrap(node) {
                hits += full
                    .rules()
                    .elements
                    .iter()
                    .filter(|r| r.hosts.is_empty() && r.selector.matches(&el))
                    .count();
            }
        }
    }
    println!(
        "  linear scan of the generic rules (no index), {few} pages: {:.1} ms/page ({hits} matches)",
        ms(t.elapsed()) / few as f64
    );
}
