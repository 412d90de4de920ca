//! Every tunable of the pipeline, with a named default. The CLI fills a [`Config`] from its flags;
//! library users build one directly. Nothing else in the crate reads flags or the environment.

use std::path::PathBuf;
use std::time::Duration;

/// Default cap on input bytes (after decompression).
pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;
/// Default cap on DOM nodes of one document.
pub const DEFAULT_MAX_NODES: usize = 4_000_000;
/// Default cap on element nesting depth that the extractor descends into.
pub const DEFAULT_MAX_DEPTH: usize = 5_000;
/// Default wall-clock budget for one document.
pub const DEFAULT_DOC_TIMEOUT: Duration = Duration::from_secs(60);

/// Resource limits applied to every document.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_nodes: usize,
    pub max_depth: usize,
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

/// The whole configuration of an [`crate::Extractor`].
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub limits: Limits,
    pub rules: RuleSources,
    /// Record why every removed block was removed (for `--explain` and `--explain-html`).
    pub explain: bool,
}
