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
    /// Report every removed block and the rule or score that removed it, on stderr.
    #[arg(long)]
    pub explain: bool,
}

/// Community rule sets for `rules list`.
#[derive(Args, Debug, Clone, Default)]
pub struct CommunityOpts {
    /// FiveFilters ftr-site-config folder to list (with every unsupported XPath expression).
    #[arg(long = "site-config", value_name = "DIR")]
    pub site_config: Vec<PathBuf>,
    /// Filter list to list (with its counts and skipped filters).
    #[arg(long = "filter-list", value_name = "FILE")]
    pub filter_list: Vec<PathBuf>,
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
    /// Write a self-contained HTML report of the page (single input): removed regions outlined
    /// and labelled with the rule (file:line) or the extractor's reason, kept text highlighted.
    /// It loads nothing: the page's scripts, styles, frames and images are left out.
    #[arg(long = "explain-html", value_name = "FILE")]
    pub explain_html: Option<PathBuf>,
    #[command(flatten)]
    pub rules: RuleOpts,
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
        #[command(flatten)]
        community: CommunityOpts,
    },
}
