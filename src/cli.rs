//! The commands: clap arguments → a built [`Extractor`] → a runner → exit code.

use anyhow::Context;
use clap::Parser;
use std::process::ExitCode;
use std::time::Duration;

use crate::args::{self, Cli, Command, RulesAction};
use crate::corpus;
use crate::input::{self, Kind};
use crate::runner::files::{self as batch, BatchOptions};
use crate::runner::summary_line;
use crate::selftest::Status;
use htmlsieve::Extractor;
use htmlsieve::{Config, Limits, RuleSources};

/// Exit codes (documented in `--help` and README).
const EXIT_OK: u8 = 0;
const EXIT_SOME_FAILED: u8 = 1;
const EXIT_USAGE: u8 = 2;
/// `fetch` stopped by Ctrl-C (the shell convention, 128 + SIGINT).
const EXIT_INTERRUPTED: u8 = 130;

/// Whether a run into a folder ends with its summary line: always on a terminal; in a pipe or a
/// log only when something failed or was done before (a clean run stays silent there).
fn show_summary(failed: usize, skipped: usize) -> bool {
    use std::io::IsTerminal;
    failed > 0 || skipped > 0 || std::io::stderr().is_terminal()
}

/// One stderr line per filter list and site-config folder, and every site-config warning
/// (unsupported XPath with its file:line).
fn report_community(extractor: &Extractor) {
    let c = &extractor.rules().community;
    for line in c.summary() {
        eprintln!("htmlsieve: {line}");
    }
    for w in &c.warnings {
        eprintln!("htmlsieve: warning: {w}");
    }
}

fn clean(a: args::CleanArgs) -> anyhow::Result<u8> {
    if a.url.is_some() && a.inputs.len() > 1 {
        anyhow::bail!(
            "--url applies to a single input, but {} were given",
            a.inputs.len()
        );
    }
    if (a.links || a.images) && !matches!(a.format, args::FormatArg::Md | args::FormatArg::Json) {
        anyhow::bail!(
            "--links and --images need --format md or json (the txt and jsonl text has no markup)"
        );
    }
    let config = Config {
        rules: a.rules.sources(),
        explain: a.rules.explain.is_some(),
        explain_all: a.rules.explain == Some(args::ExplainWhat::All),
        links: a.links,
        images: a.images,
        disabled: a.rules.disabled(),
        limits: Limits {
            max_bytes: a.limits.max_bytes,
            max_nodes: a.limits.doc.max_nodes,
            max_depth: a.limits.doc.max_depth,
            doc_timeout: Duration::from_secs_f64(a.limits.doc.doc_timeout),
        },
    };
    // A broken rule file stops the run here, before any input is read.
    let extractor = Extractor::new(config)?;
    report_community(&extractor);
    let kind = if a.text { Kind::Text } else { Kind::Html };
    let mut sources = input::expand(&a.inputs, kind);
    if sources.is_empty() {
        let named: Vec<String> = a.inputs.iter().map(|p| p.display().to_string()).collect();
        let hint = if a.text {
            "folders are searched for *.txt"
        } else {
            "folders are searched for *.html, *.htm, *.xhtml and their .gz; \
             give --text for plain-text documents (*.txt)"
        };
        anyhow::bail!("no input documents found in {} ({hint})", named.join(", "));
    }
    // Named files that are all missing: nothing can run, so say so before creating any output
    // folder (one missing among others is an error record and the rest still run).
    let missing: Vec<String> = sources
        .iter()
        .filter_map(|s| match s {
            input::Source::File { path, .. } if !path.exists() => Some(path.display().to_string()),
            _ => None,
        })
        .collect();
    if missing.len() == sources.len() {
        anyhow::bail!("no such file: {}", missing.join(", "));
    }
    // A folder can hold many pages: --url names exactly one.
    if a.url.is_some() && sources.len() > 1 {
        anyhow::bail!(
            "--url applies to a single input, but {} documents were found",
            sources.len()
        );
    }
    // Stdin is read once: spooled to a file that the report and the run both read.
    let _spool;
    if let Some(report) = &a.explain_html {
        if sources.len() != 1 {
            anyhow::bail!(
                "--explain-html writes one report: give a single input ({} found)",
                sources.len()
            );
        }
        let source = sources[0].clone();
        if a.text {
            anyhow::bail!("--explain-html needs an HTML input, not --text");
        }
        let max = extractor.config().limits.max_bytes;
        let data = input::read(&source, max).with_context(|| source.name())?;
        if source == input::Source::Stdin {
            let tmp = tempfile::NamedTempFile::new().context("spooling stdin")?;
            std::fs::write(tmp.path(), &data).context("spooling stdin")?;
            sources = vec![input::Source::File {
                path: tmp.path().to_path_buf(),
                rel: "stdin.html".into(),
            }];
            _spool = tmp;
        }
        let (_, html) = extractor
            .explain_html_bytes(&data, a.url.as_deref())
            .with_context(|| source.name())?;
        crate::write::write_atomic(report, html.as_bytes())
            .with_context(|| format!("writing {}", report.display()))?;
    }
    let mut urls = input::UrlMap::default();
    for path in &a.urls_from {
        urls.load(path, "urls-from")
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    for dir in a.inputs.iter().filter(|p| p.is_dir()) {
        let sidecar = dir.join(input::URLS_SIDECAR);
        if sidecar.is_file() {
            urls.load(&sidecar, "sidecar")
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        }
    }
    let opts = BatchOptions {
        out_dir: a.out,
        format: a.format.into(),
        no_title: a.no_title,
        text_mode: a.text,
        url: a.url,
        urls,
        jobs: a.jobs.unwrap_or(0),
        progress: true,
        one_file_per_input: a.one_file_per_input,
    };
    let started = std::time::Instant::now();
    // The error's message already names its cause: print it once, not again as a cause chain.
    let summary = batch::run(&extractor, &sources, &opts).map_err(|e| anyhow::anyhow!("{e}"))?;
    if opts.out_dir.is_some() && show_summary(summary.failed, summary.skipped) {
        eprintln!(
            "{}",
            summary_line(
                summary.ok,
                &summary.content,
                summary.failed,
                summary.skipped,
                0,
                started.elapsed()
            )
        );
    }
    Ok(if summary.failed > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}

fn fetch(a: args::FetchArgs) -> anyhow::Result<u8> {
    use crate::runner::fetch::{self, FetchRun};
    use crate::urls;
    use htmlsieve_fetch::FetchOptions;

    let mut urls = a.urls.clone();
    if let Some(path) = &a.url_file {
        let list = if path.as_os_str() == "-" {
            urls::read_numbered_url_list(std::io::stdin().lock())
        } else {
            std::fs::File::open(path)
                .and_then(|f| urls::read_numbered_url_list(std::io::BufReader::new(f)))
        };
        let list = list.map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
        for (line, url) in list {
            // The run records the bad line as a failed input too; the warning says where it is.
            if let Err(e) = url::Url::parse(&url) {
                eprintln!(
                    "htmlsieve: warning: {}:{line}: invalid URL {url:?}: {e}",
                    path.display()
                );
            }
            urls.push(url);
        }
    }
    if urls.is_empty() {
        anyhow::bail!("no URLs: give them as arguments or with --urls FILE");
    }
    if (a.links || a.images) && a.format != crate::urls::CorpusFormat::Md {
        anyhow::bail!(
            "--links and --images need --format md (the txt and jsonl text has no markup)"
        );
    }
    let mut config = Config {
        rules: a.rules.sources(),
        explain: a.rules.explain.is_some(),
        explain_all: a.rules.explain == Some(args::ExplainWhat::All),
        links: a.links,
        images: a.images,
        disabled: a.rules.disabled(),
        ..Default::default()
    };
    config.limits.max_nodes = a.doc_limits.max_nodes;
    config.limits.max_depth = a.doc_limits.max_depth;
    config.limits.doc_timeout = Duration::from_secs_f64(a.doc_limits.doc_timeout);
    // The extractor must accept every body the fetcher lets through.
    config.limits.max_bytes = config.limits.max_bytes.max(a.max_bytes);
    // A broken rule file stops the run here, before any URL is fetched (same message as `clean`).
    let extractor = Extractor::new(config)?;
    let net = FetchOptions {
        concurrency: a.concurrency as usize,
        per_host: a.per_host as usize,
        delay: Duration::from_millis(a.delay),
        timeout: Duration::from_secs_f64(a.timeout),
        connect_timeout: Duration::from_secs_f64(a.connect_timeout),
        retries: a.retries,
        backoff: Duration::from_millis(a.backoff),
        max_bytes: a.max_bytes,
        user_agent: a
            .user_agent
            .unwrap_or_else(htmlsieve_fetch::default_user_agent),
        ignore_robots: a.ignore_robots,
    };
    let opts = FetchRun {
        net,
        out_dir: a.out,
        format: a.format,
        no_title: a.no_title,
        save_html: a.save_html,
        jobs: a.jobs.unwrap_or(0),
        progress: true,
        handle_interrupt: true,
        retry_failed: a.retry_failed,
        max_pages: a.max_pages as usize,
    };
    let started = std::time::Instant::now();
    let summary = fetch::run(
        std::sync::Arc::new(extractor),
        urls::number_inputs(urls),
        &opts,
    )?;
    if summary.interrupted > 0 {
        eprintln!(
            "htmlsieve: interrupted: {} URL(s) not fetched; run the same command again to resume",
            summary.interrupted
        );
        return Ok(EXIT_INTERRUPTED);
    }
    if opts.out_dir.is_some() && show_summary(summary.failed, summary.skipped) {
        eprintln!(
            "{}",
            summary_line(
                summary.ok,
                &summary.content,
                summary.failed,
                summary.skipped,
                summary.failed_before,
                started.elapsed()
            )
        );
    }
    Ok(if summary.failed > 0 || summary.failed_before > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}

fn rules_cmd(a: args::RulesArgs) -> anyhow::Result<u8> {
    match a.action {
        RulesAction::Check { dir } => {
            let (files, errors) = htmlsieve::rule_files::check(dir.as_deref())?;
            for e in &errors {
                eprintln!("{e}");
            }
            if !errors.is_empty() {
                eprintln!("{} of {files} rule files have problems", errors.len());
                return Ok(EXIT_SOME_FAILED);
            }
            // Each file is fine alone; load them together as a run would.
            let set = htmlsieve::rule_files::load(&RuleSources {
                no_default_rules: dir.is_some(),
                rule_dirs: dir.into_iter().collect(),
                ..Default::default()
            })?;
            println!(
                "ok: {files} files, {} element rules, {} field rules, {} line rules, {} tests",
                set.elements.len(),
                set.fields.len(),
                set.lines.len(),
                set.tests.len()
            );
            Ok(EXIT_OK)
        }
        RulesAction::Test {
            dir,
            online,
            no_default_rules,
            community,
        } => {
            let mut only: Vec<String> = match &dir {
                Some(d) => htmlsieve::rule_files::files(d)?
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect(),
                None => Vec::new(),
            };
            if !only.is_empty() {
                only.extend(
                    community
                        .site_config
                        .iter()
                        .map(|d| d.display().to_string()),
                );
            }
            let sources = RuleSources {
                no_default_rules,
                rule_dirs: dir.into_iter().collect(),
                site_config_dirs: community.site_config,
                filter_lists: community.filter_list,
            };
            let outcomes = crate::selftest::run(&sources, &only, online)?;
            let (mut pass, mut fail, mut skip) = (0, 0, 0);
            for o in &outcomes {
                match &o.status {
                    Status::Pass => {
                        pass += 1;
                        println!("ok    {}  {}", o.origin, o.target);
                    }
                    Status::Fail(why) => {
                        fail += 1;
                        println!("FAIL  {}  {}: {}", o.origin, o.target, why.join("; "));
                    }
                    Status::Skipped(why) => {
                        skip += 1;
                        println!("skip  {}  {}: {why}", o.origin, o.target);
                    }
                }
            }
            println!("{pass} passed, {fail} failed, {skip} skipped");
            Ok(if fail > 0 { EXIT_SOME_FAILED } else { EXIT_OK })
        }
        RulesAction::List {
            dir,
            no_default_rules,
            community,
        } => {
            let set = htmlsieve::rule_files::load(&RuleSources {
                no_default_rules,
                rule_dirs: dir.into_iter().collect(),
                site_config_dirs: community.site_config,
                filter_lists: community.filter_list,
            })?;
            // Community rule sets first: counts, then every warning and skipped filter.
            let c = &set.community;
            for line in c.summary() {
                println!("# {line}");
            }
            for w in &c.warnings {
                println!("# warning: {w}");
            }
            for w in &c.skipped {
                println!("# skipped: {w}");
            }
            print!("{}", htmlsieve::rule_files::listing(&set));
            Ok(EXIT_OK)
        }
    }
}

/// `page-features` (hidden): one JSON line per page with its file, page type and the named
/// feature values the page-type model reads, so training never re-implements the features.
fn page_features(a: crate::args::PageFeaturesArgs) -> anyhow::Result<u8> {
    use std::io::Write;
    let extractor = Extractor::new(Config::default())?;
    let mut urls = input::UrlMap::default();
    if let Some(path) = &a.urls_from {
        urls.load(path, "urls-from")
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let max = extractor.config().limits.max_bytes;
    let mut out = std::io::stdout().lock();
    for source in input::expand(&a.inputs, Kind::Html) {
        let url = urls.get(&source).map(|(u, _)| u.to_string());
        let rec = match input::read(&source, max)
            .map_err(|e| e.to_string())
            .and_then(|d| {
                extractor
                    .extract_bytes(&d, url.as_deref(), None)
                    .map_err(|e| e.to_string())
            }) {
            Ok(doc) => {
                let features: serde_json::Map<String, serde_json::Value> =
                    htmlsieve::page_type::FEATURES
                        .iter()
                        .zip(&doc.page_features)
                        .map(|(k, v)| (k.to_string(), serde_json::json!(v)))
                        .collect();
                serde_json::json!({"file": source.name(), "page_type": doc.metadata.page_type,
                    "features": features})
            }
            Err(e) => serde_json::json!({"file": source.name(), "error": e}),
        };
        writeln!(out, "{rec}")?;
    }
    Ok(EXIT_OK)
}

/// Parse the command line, run the command, and turn its result into the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Clean(a) => clean(a),
        Command::Fetch(a) => fetch(a),
        Command::Rules(a) => rules_cmd(a),
        Command::Warc(a) => corpus::warc_cmd(a),
        Command::Jsonl(a) => corpus::jsonl_cmd(a),
        Command::Stats(a) => corpus::stats_cmd(a),
        Command::PageFeatures(a) => page_features(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("htmlsieve: {e:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
