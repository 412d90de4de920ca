//! Every tunable of the pipeline, with a named default. The CLI fills a [`Config`] from its flags;
//! library users build one directly. Nothing else in the crate reads flags or the environment.

use std::path::PathBuf;
use std::time::Duration;

/// Default cap on input bytes (after decompression).
pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;
/// Default cap on DOM nodes of one document.
pub const DEFAULT_MAX_NODES: usize = 4_000_000;
/// Default cap on element nesting depth. Tags that would open elements deeper are dropped before
/// parsing (their text is kept), as browsers do (Blink caps its tree at 512): html5ever's cost
/// grows with the square of the depth.
pub const DEFAULT_MAX_DEPTH: usize = 512;
/// Default wall-clock budget for one document.
pub const DEFAULT_DOC_TIMEOUT: Duration = Duration::from_secs(60);

/// Resource limits applied to every document. A breach of `max_bytes`, `max_nodes` or
/// `doc_timeout` fails that document with [`Error::Limit`](crate::error::Error::Limit) naming the limit; `max_depth`
/// flattens the excess nesting instead (the text is kept).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Input bytes (after decompression).
    pub max_bytes: usize,
    /// DOM nodes of the parsed page (checked while parsing).
    pub max_nodes: usize,
    /// Element nesting depth.
    pub max_depth: usize,
    /// Wall-clock budget of one document (decode to clean), checked between parse chunks and stages.
    pub doc_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: DEFAULT_MAX_BYTES,
            max_nodes: DEFAULT_MAX_NODES,
            max_depth: DEFAULT_MAX_DEPTH,
            doc_timeout: DEFAULT_DOC_TIMEOUT,
        }
    }
}

/// Where rules come from.
#[derive(Debug, Clone, Default)]
pub struct RuleSources {
    /// Skip the rule files embedded in the binary.
    pub no_default_rules: bool,
    /// Extra folders (or files) of native TOML rules.
    pub rule_dirs: Vec<PathBuf>,
    /// FiveFilters ftr-site-config folders.
    pub site_config_dirs: Vec<PathBuf>,
    /// Adblock Plus / uBlock Origin filter lists.
    pub filter_lists: Vec<PathBuf>,
}

/// The whole configuration of an `Extractor`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub limits: Limits,
    pub rules: RuleSources,
    /// Record why every removed block was removed (for `--explain` and `--explain-html`).
    pub explain: bool,
    /// List removals of elements without text too (`--explain=all`); by default the reports
    /// leave them out (icons, empty wrappers, spacer images say nothing to a reader).
    pub explain_all: bool,
    /// Keep the links of the text (their targets in [`crate::document::Block::links`]), for the
    /// Markdown and JSON outputs.
    pub links: bool,
    /// Keep the content's images as [`crate::document::BlockKind::Image`] blocks, for the Markdown
    /// and JSON outputs (the text output has no images).
    pub images: bool,
    /// Extractor heuristics switched off (`--disable`), to see or measure what each does.
    pub disabled: crate::heuristic::Heuristics,
}
