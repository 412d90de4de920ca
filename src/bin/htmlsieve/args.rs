//! Command-line arguments (clap derive). Every flag has help text; `--help` is the reference.

use clap::{Args, Parser, Subcommand};
use htmlsieve::output::Format;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "htmlsieve",
    version,
    about = "Turn web pages into clean article text",
    long_about = "Turn web pages into clean article text: title on the first line, then the article's \
paragraphs, one block per paragraph, without navigation, ads, share bars, cookie banners, related \
posts, comments or footers.\n\nExit codes: 0 every input succeeded; 1 some inputs failed (each has an \
error record, the rest were written); 2 usage error or nothing could run.",
    after_help = "Examples:\n  htmlsieve clean page.html\n  htmlsieve clean saved/ -o out/ --format jsonl\n  curl -s URL | htmlsieve clean - --url URL\n  htmlsieve fetch --urls seeds/example.txt -o corpus/"
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
    Fetch(FetchArgs),
    /// Validate, test and list rule files.
    Rules(RulesArgs),
}

/// Options shared by `clean` and `fetch`: rules and explanations.
#[derive(Args, Debug, Clone)]
pub struct RuleOpts {
    /// Extra rule files or folders of them (TOML, see rules/README.md); repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Do not load the rules built into htmlsieve.
    #[arg(long)]
    pub no_default_rules: bool,
    /// FiveFilters ftr-site-config folder (host.txt, .host.txt, global.txt); repeatable.
    #[arg(long = "site-config", value_name = "DIR")]
    pub site_config: Vec<PathBuf>,
    /// Adblock Plus / uBlock Origin cosmetic filter list; repeatable.
    #[arg(long = "filter-list", value_name = "FILE")]
    pub filter_list: Vec<PathBuf>,
    /// Report every removed block and the rule or score that removed it, on stderr.
    #[arg(long)]
    pub explain: bool,
}

#[derive(Args, Debug)]
pub struct CleanArgs {
    /// HTML files, folders (recursive: *.html, *.htm, *.xhtml and their .gz), or - for stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output folder: one file per input, mirroring input paths, plus manifest.jsonl. Without it,
    /// output goes to stdout.
    #[arg(short, long = "out", value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Output format: txt (the seed-corpus format), md (CommonMark), json, jsonl (dolma-shaped records).
    #[arg(short, long, value_enum, default_value = "txt")]
    pub format: Format,
    /// Body only, without the title line.
    #[arg(long)]
    pub no_title: bool,
    /// Inputs are plain-text documents (folders: *.txt): run the text stage only (line rules and
    /// normalization).
    #[arg(long)]
    pub text: bool,
    /// The page's original URL (for site rules and metadata); only with a single input.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
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
    #[arg(long, value_name = "N", default_value_t = htmlsieve::config::DEFAULT_MAX_BYTES)]
    pub max_bytes: usize,
    /// Refuse pages whose parsed tree has more than N nodes (checked while parsing).
    #[arg(long, value_name = "N", default_value_t = htmlsieve::config::DEFAULT_MAX_NODES)]
    pub max_nodes: usize,
    /// Maximum element nesting depth: tags that would nest deeper are dropped before parsing and
    /// their text is kept (browsers cap at 512 too).
    #[arg(long, value_name = "N", default_value_t = htmlsieve::config::DEFAULT_MAX_DEPTH,
          value_parser = parse_positive)]
    pub max_depth: usize,
    /// Time budget of one document in seconds (decimals allowed); a slower page fails with a
    /// limit error.
    #[arg(long, value_name = "SECS", default_value_t = htmlsieve::config::DEFAULT_DOC_TIMEOUT.as_secs_f64(),
          value_parser = parse_secs)]
    pub doc_timeout: f64,
}

fn parse_positive(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{s:?} must be a whole number of at least 1")),
    }
}

fn parse_secs(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if !(v.is_finite() && v > 0.0 && v <= 1e9) {
        return Err(format!("{s:?} must be a positive number of seconds"));
    }
    Ok(v)
}

#[derive(Args, Debug)]
pub struct FetchArgs {
    /// URLs to fetch.
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,
    /// File with one URL a line (blank lines and # comments ignored); - for stdin.
    #[arg(long = "urls", value_name = "FILE")]
    pub url_file: Option<PathBuf>,
    /// Corpus folder: NNN_<16 hex>.txt per page plus manifest.jsonl. Without it, text goes to stdout.
    #[arg(short, long = "out", value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub rules: RuleOpts,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub action: RulesAction,
}

#[derive(Subcommand, Debug)]
pub enum RulesAction {
    /// Validate rule files; prints file:line: message for each problem, exits 1 on any.
    Check {
        /// Rule folder or file (default: the built-in rules).
        dir: Option<PathBuf>,
    },
    /// List loaded rules and where they come from.
    List {
        /// Extra rule folder or file.
        dir: Option<PathBuf>,
    },
}
