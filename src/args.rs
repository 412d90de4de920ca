//! Command-line arguments (clap derive). Every flag has help text; `--help` is the reference.

use clap::{Args, Parser, Subcommand};
use htmlsieve_corpus::dedup::Mode;
use std::path::PathBuf;

use crate::urls::{parse_byte_size, CorpusFormat};

#[derive(Parser, Debug)]
#[command(
    name = "htmlsieve",
    version,
    about = "Turn web pages into clean article text",
    long_about = "Turn web pages into clean article text: title on the first line, then the article's \
paragraphs, one block per paragraph, without navigation, ads, share bars, cookie banners, related \
posts, comments or footers.\n\nExit codes: 0 every input succeeded; 1 some inputs failed (each has an \
error record, the rest were written); 2 usage error or nothing could run.",
    after_help = "Examples:\n  htmlsieve clean page.html\n  htmlsieve clean saved/ -o out/ --format jsonl\n  curl -s URL | htmlsieve clean - --url URL\n  htmlsieve fetch --urls seeds/example.txt -o corpus/\n  htmlsieve clean --text old-corpus/ -o cleaned/\n  htmlsieve clean page.html --url https://example.com/a --explain\n  htmlsieve rules check my-rules/ && htmlsieve rules test my-rules/"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Clean saved HTML files, folders of them, or stdin into text.
    Clean(CleanArgs),
    /// Fetch URLs and clean them into a corpus folder.
    #[command(long_about = FETCH_ABOUT, after_help = FETCH_EXAMPLES)]
    Fetch(FetchArgs),
    /// Validate, test and list rule files (TOML; format in rules/README.md).
    Rules(RulesArgs),
    /// Clean WARC files into deduplicated, language-tagged JSONL shards (dolma-shaped records).
    #[command(after_help = WARC_EXAMPLES)]
    Warc(WarcArgs),
    /// JSONL pipe: {"id","url","html"} a line on stdin → one record a line on stdout, same order
    /// (Spark RDD.pipe, GNU parallel, Ray). A line that fails gives an error record.
    Jsonl(JsonlArgs),
    /// Counts of a folder written by `warc`: documents, errors by kind, duplicates, languages,
    /// bytes, pages/s (text, or --json).
    Stats(StatsArgs),
    /// Print each page's page-type feature vector as JSON lines (for training the model with
    /// benches/train_page_type.py).
    #[command(hide = true)]
    PageFeatures(PageFeaturesArgs),
}

const WARC_EXAMPLES: &str = "Examples:\n  htmlsieve warc crawl/*.warc.gz -o corpus/\n  \
htmlsieve warc --inputs-file warcs.txt --shard $SLURM_ARRAY_TASK_ID/64 -o corpus/ --lang de,en --filter gopher\n  \
htmlsieve stats corpus/";

/// Options shared by `clean` and `fetch`: rules and explanations.
#[derive(Args, Debug, Clone)]
pub struct RuleOpts {
    /// Extra rule files or folders of them (TOML, format in rules/README.md), loaded after the
    /// built-in rules; repeatable. Files in a folder named sites/ apply to the host their name
    /// spells (sites/example.com.toml: example.com and its subdomains). A broken file stops the
    /// run before any work with `file:line: message` (exit 2); check files with `rules check`.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Do not load the rules built into htmlsieve (start empty; only --rules and the other rule
    /// sources apply).
    #[arg(long)]
    pub no_default_rules: bool,
    /// FiveFilters ftr-site-config folder (host.txt, .host.txt, global.txt); repeatable. Supports
    /// title, body, author, date, strip, strip_id_or_class, strip_image_src, dissolve, prune,
    /// find_string/replace_string, next_page_link/single_page_link (fetch) and
    /// test_url/test_contains. XPath is translated to CSS; each expression outside the supported
    /// subset is reported on stderr as file:line (and by `rules list`).
    #[arg(long = "site-config", value_name = "DIR")]
    pub site_config: Vec<PathBuf>,
    /// Adblock Plus / uBlock Origin filter list; repeatable. Its cosmetic filters (##selector,
    /// host##selector, ~host, #@# exceptions, :has-text() and other static procedural operators)
    /// remove elements; network rules and scriptlets are skipped and counted on stderr.
    #[arg(long = "filter-list", value_name = "FILE")]
    pub filter_list: Vec<PathBuf>,
    /// Report every removed block on stderr, one line each: `INPUT: removed WHAT "PREVIEW"
    /// (WHY)`. WHAT is the element (tag#id.class) or `line`; WHY is the rule's `file:line` and
    /// reason, or `extractor` and its reason and score. Invisible elements (script, style, …) and
    /// the descendants of a removed element are not listed, nor (unless `--explain=all`)
    /// elements without text; `--explain-html` lists the same.
    #[arg(
        long,
        value_name = "WHAT",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "text"
    )]
    pub explain: Option<ExplainWhat>,
    /// Switch off one of the extractor's heuristics (repeatable, or comma-separated), to see
    /// what it does to a page (compare the output, or `--explain`, with and without it).
    /// `benches/ablate.py` measures what each is worth over the benchmark.
    #[arg(long, value_name = "NAME", value_delimiter = ',')]
    pub disable: Vec<HeuristicArg>,
}

/// A heuristic's name for `--disable`, with what it does in `--help`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeuristicArg(pub htmlsieve::Heuristic);

impl clap::ValueEnum for HeuristicArg {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: std::sync::LazyLock<Vec<HeuristicArg>> = std::sync::LazyLock::new(|| {
            htmlsieve::Heuristic::ALL
                .iter()
                .map(|&h| HeuristicArg(h))
                .collect()
        });
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.name()).help(self.0.about()))
    }
}

impl RuleOpts {
    /// The heuristics `--disable` switched off.
    pub fn disabled(&self) -> htmlsieve::Heuristics {
        self.disable.iter().map(|h| h.0).collect()
    }
}

/// What `--explain` lists.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExplainWhat {
    /// Removals of elements that hold text (the default of a bare `--explain`).
    Text,
    /// Every removal, text-less elements (icons, empty wrappers) too.
    All,
}

/// Community rule sets for `rules list` and `rules test`.
#[derive(Args, Debug, Clone, Default)]
pub struct CommunityOpts {
    /// FiveFilters ftr-site-config folder (host.txt, .host.txt, global.txt); repeatable. `rules
    /// list` lists its configs with every unsupported XPath expression; `rules test` runs their
    /// test_url / test_contains tests.
    #[arg(long = "site-config", value_name = "DIR")]
    pub site_config: Vec<PathBuf>,
    /// Adblock Plus / uBlock Origin filter list; repeatable. `rules list` shows its counts and
    /// skipped filters; `rules test` loads its cosmetic filters with the rules under test.
    #[arg(long = "filter-list", value_name = "FILE")]
    pub filter_list: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct CleanArgs {
    /// HTML files, folders (recursive: *.html, *.htm, *.xhtml and their .gz), or - for stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output folder: one file per input, mirroring input paths, plus manifest.jsonl (with
    /// --format jsonl: every record in DIR/corpus.jsonl). Without it, output goes to stdout.
    #[arg(short, long = "out", value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Output format: txt (the seed-corpus format), md (CommonMark), json, jsonl (dolma-shaped records).
    #[arg(short, long, value_enum, default_value = "txt")]
    pub format: FormatArg,
    /// With -o and --format jsonl: one DIR/<path>.jsonl per input, as json does, instead of all
    /// records in DIR/corpus.jsonl.
    #[arg(long)]
    pub one_file_per_input: bool,
    /// Body only, without the title line.
    #[arg(long)]
    pub no_title: bool,
    /// Keep the text's links: `[text](url)` in md, a `links` list per block in json (targets
    /// resolved against the page's URL when known).
    #[arg(long)]
    pub links: bool,
    /// Keep the content's images: `![alt](src)` in md, `image` blocks in json.
    #[arg(long)]
    pub images: bool,
    /// Inputs are plain-text documents (folders: *.txt), e.g. an existing corpus: run the text
    /// stage only. Normalization (whitespace, Unicode NFC, zero-width and control characters,
    /// mojibake such as "â€™") and line rules (labels above the title, ADVERTISEMENT, "Related
    /// posts" and what follows, comment prompts, ...). Paragraphs are separated by blank lines, or
    /// are one a line; hard-wrapped paragraphs are joined. The first remaining line is the title.
    /// Output names keep the input names (a/b.txt → DIR/a/b.txt).
    #[arg(long)]
    pub text: bool,
    /// The page's original URL (for site rules and metadata); only with a single input.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// JSONL file mapping input files to their URLs, one object a line with a URL (`final_url` or
    /// `url`) and a file (`html_file`, `file`, `source` or `id`), matched by file name without
    /// folder or extensions: a fetch manifest, the urls.jsonl that `fetch --save-html DIR` writes,
    /// or a dataset's manifest. A folder given as input that holds a urls.jsonl is read this way
    /// without the flag. Pages not in the map fall back to the URL the page states
    /// (saved-from note, canonical link, og:url, base); `metadata.url_source` says which.
    #[arg(long = "urls-from", value_name = "FILE")]
    pub urls_from: Vec<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Write a self-contained HTML report of the page (single input): removed regions outlined
    /// and labelled with the rule (file:line) or the extractor's reason, kept text highlighted.
    /// It loads nothing: the page's scripts, styles, frames and images are left out.
    #[arg(long = "explain-html", value_name = "FILE")]
    pub explain_html: Option<PathBuf>,
    #[command(flatten)]
    pub rules: RuleOpts,
    #[command(flatten)]
    pub limits: LimitOpts,
}

/// Per-document resource limits of `clean`. A breach fails that input with an error record naming
/// the limit; the batch goes on.
#[derive(Args, Debug, Clone)]
pub struct LimitOpts {
    /// Refuse inputs larger than N bytes (after decompression).
    #[arg(long, value_name = "N", default_value_t = htmlsieve::DEFAULT_MAX_BYTES)]
    pub max_bytes: usize,
    #[command(flatten)]
    pub doc: DocLimitOpts,
}

/// The limits of one document once its bytes are in (fetch caps the bytes itself).
#[derive(Args, Debug, Clone)]
pub struct DocLimitOpts {
    /// Refuse pages whose parsed tree has more than N nodes (checked while parsing).
    #[arg(long, value_name = "N", default_value_t = htmlsieve::DEFAULT_MAX_NODES)]
    pub max_nodes: usize,
    /// Maximum element nesting depth: tags that would nest deeper are dropped before parsing and
    /// their text is kept (browsers cap at 512 too).
    #[arg(long, value_name = "N", default_value_t = htmlsieve::DEFAULT_MAX_DEPTH,
          value_parser = parse_positive)]
    pub max_depth: usize,
    /// Time budget of one document in seconds (decimals allowed); a slower page fails with a
    /// limit error.
    #[arg(long, value_name = "SECS", default_value_t = htmlsieve::DEFAULT_DOC_TIMEOUT.as_secs_f64(),
          value_parser = parse_secs)]
    pub doc_timeout: f64,
}

fn parse_positive(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{s:?} must be a whole number of at least 1")),
    }
}

/// Long help of `fetch` (set on the subcommand, where clap reads it).
pub const FETCH_ABOUT: &str = "Fetch URLs over HTTP(S), politely, and clean each page with the same pipeline as \
`clean`. With -o DIR, writes a corpus folder like the seed corpus: NNN_<16 hex>.txt per page (NNN = \
0-based position of the URL in the input, at least 3 digits; hex = first 64 bits of SHA-256 of the URL \
as given) and DIR/manifest.jsonl, one record per URL appended as it finishes (url, final_url, \
http_status, content_type, encoding, bytes, file, title, status ok/error, error, attempts, redirects, \
fetched_at; pages and pages_cut for multi-page articles). Failures write no text file. Running the same command again skips the URLs already done \
and retries the failed ones; Ctrl-C stops cleanly (the manifest stays consistent; rerun to resume), a \
second Ctrl-C quits at once.\n\nrobots.txt is honoured (cached per site; a Crawl-delay larger than \
--delay is respected, up to 60 s); only HTML/XHTML responses are cleaned, anything else is an error \
record naming its content type; the Content-Type charset feeds the decoder.\n\nMulti-page articles \
(--site-config): when a page's FiveFilters site config names a single_page_link found on the page, that \
single-page version is fetched and cleaned instead (if it fails or has no text, the page itself is kept); otherwise its \
next_page_link chain is followed (same site only) and the pages' bodies are joined into one document \
for the URL, title from the first page. The chain stops at its end, on a link back to a page already \
fetched, at --max-pages, or at a failing page (the pages so far are kept). Every extra page goes \
through the same politeness, robots.txt, retries, timeouts and --max-bytes. The record lists the \
pages joined (pages) and why the chain was cut, if it was (pages_cut).\n\nExit codes: 0 every \
URL succeeded (or was done before); 1 some failed (each has its record); 2 usage error or the output \
cannot be written; 130 interrupted by Ctrl-C.";
/// Examples under `fetch --help`.
pub const FETCH_EXAMPLES: &str = "Examples:\n  htmlsieve fetch https://example.com/article\n  htmlsieve fetch --urls seeds/example.txt -o corpus/\n  htmlsieve fetch --urls seeds/example.txt -o corpus/ --site-config ftr-site-config/ --max-pages 5\n  htmlsieve fetch --urls - -o corpus/ --format jsonl < urls.txt\n  htmlsieve fetch --urls seeds/example.txt -o corpus/ --delay 2000 --per-host 1 --save-html raw/";

#[derive(Args, Debug)]
pub struct FetchArgs {
    /// URLs to fetch (http or https), before those of --urls.
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,
    /// File with one URL a line (blank lines and # comments ignored); - for stdin. Lines that are not
    /// valid URLs become error records and keep their position.
    #[arg(long = "urls", value_name = "FILE")]
    pub url_file: Option<PathBuf>,
    /// Corpus folder: NNN_<16 hex>.txt (or .md) per page plus manifest.jsonl (with --format jsonl,
    /// corpus.jsonl). Without it, documents go to stdout in input order (txt and md: separated by
    /// a form-feed line).
    #[arg(short, long = "out", value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Output format: txt (the seed-corpus format), md (CommonMark) or jsonl (dolma-shaped
    /// records; with -o, all in DIR/corpus.jsonl; on stdout, failed URLs get error records too).
    #[arg(short, long, value_enum, default_value = "txt")]
    pub format: CorpusFormat,
    /// Body only, without the title line.
    #[arg(long)]
    pub no_title: bool,
    /// Keep the text's links: `[text](url)` in md, a `links` list per block in json (targets
    /// resolved against the page's URL when known).
    #[arg(long)]
    pub links: bool,
    /// Keep the content's images: `![alt](src)` in md, `image` blocks in json.
    #[arg(long)]
    pub images: bool,
    /// Requests in flight overall.
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub concurrency: u32,
    /// Requests in flight to one host (host:port).
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub per_host: u32,
    /// Milliseconds between the starts of two requests to one host (0 allowed).
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub delay: u64,
    /// Seconds one request may take, from connecting to the last byte of the body (a server that
    /// never answers or drips bytes is cut off); fractions allowed.
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = parse_secs)]
    pub timeout: f64,
    /// Seconds to establish a connection (never more than --timeout); fractions allowed.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_secs)]
    pub connect_timeout: f64,
    /// Retries after a timeout, a connection error, HTTP 429 or 5xx, with exponential backoff and
    /// jitter; a Retry-After header is honoured (up to 120 s).
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(0..=20))]
    pub retries: u32,
    /// Milliseconds of the first backoff; each retry doubles it (up to 60 s), half of it jittered.
    #[arg(long, value_name = "MS", default_value_t = 500)]
    pub backoff: u64,
    /// Largest response body, counted after decompression (a gzip bomb stops here): bytes, or with a
    /// suffix K, M, G (powers of 1024).
    #[arg(long, value_name = "N", default_value = "20M", value_parser = parse_byte_size)]
    pub max_bytes: usize,
    /// User-Agent header; its first word (before any /) is the name matched in robots.txt.
    /// Default: htmlsieve/<version> (+<homepage>).
    #[arg(long, value_name = "S")]
    pub user_agent: Option<String>,
    /// Do not read or obey robots.txt (only for sites you may crawl regardless).
    #[arg(long)]
    pub ignore_robots: bool,
    /// Resuming into a folder: ask again for URLs whose last record is a permanent failure (HTTP
    /// 4xx but 408/429, not HTML, an invalid URL, disallowed by robots.txt). Without it, those
    /// stay failed and are not fetched again; timeouts, 5xx and unreachable hosts are always
    /// retried.
    #[arg(long)]
    pub retry_failed: bool,
    #[command(flatten)]
    pub doc_limits: DocLimitOpts,
    /// Keep every fetched HTML response, gzipped, as DIR/NNN_<16 hex>.html.gz.
    #[arg(long, value_name = "DIR")]
    pub save_html: Option<PathBuf>,
    /// Threads cleaning pages (default: all cores).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Most pages of a multi-page article joined into one document, the first included, when a
    /// --site-config names next_page_link for its site; 1 follows no next pages.
    #[arg(long, value_name = "N", default_value_t = htmlsieve_fetch::DEFAULT_MAX_PAGES as u32, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max_pages: u32,
    #[command(flatten)]
    pub rules: RuleOpts,
}

fn parse_secs(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 86_400.0 => Ok(v),
        _ => Err(format!(
            "{s:?} is not a number of seconds between 0 and 86400"
        )),
    }
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: RulesAction,
}

#[derive(Subcommand, Debug)]
pub enum RulesAction {
    /// Validate rule files: prints `file:line: message` for every broken file (and every test
    /// fixture that does not exist) and exits 1 on any; prints a summary and exits 0 otherwise.
    Check {
        /// Rule folder (walked for *.toml) or file. Default: the rules built into htmlsieve.
        dir: Option<PathBuf>,
    },
    /// Run the self-tests of rule files (their [[test]] tables): clean each test's saved page
    /// (fixture) with every loaded rule and check its must-contain / must-not-contain snippets.
    /// Tests that only name a URL are skipped unless --online is given. Exits 1 if a test fails.
    Test {
        /// Rule folder or file whose tests to run (its rules are loaded on top of the built-in
        /// ones). Default: the built-in rules' tests, with fixtures found relative to the current
        /// folder (run from a checkout).
        dir: Option<PathBuf>,
        /// Also fetch the pages of tests that give a URL and no fixture.
        #[arg(long)]
        online: bool,
        /// Do not load the rules built into htmlsieve.
        #[arg(long)]
        no_default_rules: bool,
        /// Site configs and filter lists to load with the rules (the site configs' test_url /
        /// test_contains tests run with --online).
        #[command(flatten)]
        community: CommunityOpts,
    },
    /// List every loaded rule: origin (file:line), kind, host scope, selector or pattern, reason.
    List {
        /// Extra rule folder or file, loaded on top of the built-in rules.
        dir: Option<PathBuf>,
        /// Do not load the rules built into htmlsieve.
        #[arg(long)]
        no_default_rules: bool,
        /// Site configs and filter lists to list, with their counts, warnings and skipped filters.
        #[command(flatten)]
        community: CommunityOpts,
    },
}

#[derive(Args, Debug)]
pub struct WarcArgs {
    /// WARC files (.warc, .warc.gz with gzip per record or whole file, .warc.zst). Their
    /// `response` records (and `resource` records of an HTML type) are cleaned; other records,
    /// non-HTML bodies and statuses other than 200 are counted and skipped.
    #[arg(value_name = "WARC")]
    pub inputs: Vec<PathBuf>,
    /// A file listing WARC paths, one a line (`#` comments and blank lines ignored); added after
    /// the WARC arguments. Give every shard the same list.
    #[arg(long, value_name = "FILE")]
    pub inputs_file: Option<PathBuf>,
    /// Output folder: one part per input WARC, `s<I>-<K>.jsonl[.gz|.zst]` (I = shard, K = the
    /// input's position in the list), with `.stats.json` and `.dropped.jsonl` beside it, the
    /// duplicate index in `dedup/`, and `s<I>.done` when the shard is complete.
    #[arg(short, long = "out", value_name = "DIR", required = true)]
    pub out: PathBuf,
    /// This process's share of the inputs, I/N (0 ≤ I < N): input K belongs to shard K mod N, so
    /// N processes (a Slurm array, N machines) split one list without talking to each other. A
    /// rerun of a finished shard does nothing; a killed one resumes after its last finished part.
    #[arg(long, value_name = "I/N", default_value = "0/1")]
    pub shard: String,
    /// Duplicates: off, exact (same normalised text) or near (MinHash-LSH over word 3-grams,
    /// verified at estimated Jaccard similarity 0.15). A duplicate keeps its record, with
    /// `metadata.duplicate_of` = the id of the first copy in input order. Duplicates are found
    /// within a shard and against --dedup-index.
    #[arg(long, value_name = "MODE", default_value = "near")]
    pub dedup: Mode,
    /// Duplicate index of an earlier run (its OUT/dedup folder, read only; repeatable): pages
    /// already kept there are duplicates here.
    #[arg(long = "dedup-index", value_name = "DIR")]
    pub dedup_index: Vec<PathBuf>,
    /// Keep only documents in these languages (ISO 639-1 codes, comma-separated, e.g. de,en),
    /// as detected from the text (the declared language when the text is too short to tell).
    /// Others are listed in the part's .dropped.jsonl with rule `lang`.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub lang: Vec<String>,
    /// Drop documents that fail a filter: `gopher` (Gopher quality and repetition rules, Rae et
    /// al. 2021). Each dropped document is listed in the part's .dropped.jsonl with the rule
    /// (e.g. gopher_short_doc, dup_line_frac). Signals are in every record's metadata.quality.
    #[arg(long, value_name = "NAME")]
    pub filter: Option<Filter>,
    /// Compression of the JSONL parts: gz (default), zst or none.
    #[arg(long, value_name = "C", default_value = "gz")]
    pub compress: Compress,
    /// Worker threads (default: all cores).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub rules: RuleOpts,
    #[command(flatten)]
    pub limits: LimitOpts,
}

#[derive(Args, Debug)]
pub struct JsonlArgs {
    /// Worker threads (default: all cores). Output order is input order whatever the count.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub rules: RuleOpts,
    #[command(flatten)]
    pub limits: LimitOpts,
}

#[derive(Args, Debug)]
pub struct PageFeaturesArgs {
    /// HTML files or folders of them (.html, .html.gz, ...).
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,
    /// Page URLs by file (the mapping `clean --urls-from` reads).
    #[arg(long = "urls-from", value_name = "FILE")]
    pub urls_from: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct StatsArgs {
    /// A folder written by `htmlsieve warc`.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Print the counts as one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Filter {
    Gopher,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Compress {
    Gz,
    Zst,
    None,
}

impl Compress {
    pub fn ext(self) -> &'static str {
        match self {
            Compress::Gz => ".jsonl.gz",
            Compress::Zst => ".jsonl.zst",
            Compress::None => ".jsonl",
        }
    }
}

/// Output formats of `clean` (the library's [`htmlsieve::Format`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// The seed-corpus text: title line, then one block per paragraph, blank-line separated.
    Txt,
    /// CommonMark.
    Md,
    /// One JSON object per document (pretty-printed).
    Json,
    /// One JSON object per line (dolma-shaped records).
    Jsonl,
}

impl From<FormatArg> for htmlsieve::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Txt => htmlsieve::Format::Txt,
            FormatArg::Md => htmlsieve::Format::Md,
            FormatArg::Json => htmlsieve::Format::Json,
            FormatArg::Jsonl => htmlsieve::Format::Jsonl,
        }
    }
}

impl RuleOpts {
    /// Where the rules come from, as the library takes it.
    pub fn sources(&self) -> htmlsieve::RuleSources {
        htmlsieve::RuleSources {
            no_default_rules: self.no_default_rules,
            rule_dirs: self.rules.clone(),
            site_config_dirs: self.site_config.clone(),
            filter_lists: self.filter_list.clone(),
        }
    }
}
