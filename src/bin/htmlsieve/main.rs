//! The `htmlsieve` command: clap arguments → a built [`Extractor`] → batch runner → exit code.

mod args;

use anyhow::Context;
use clap::Parser;
use std::process::ExitCode;

use args::{Cli, Command, RuleOpts, RulesAction};
use htmlsieve::batch::{self, BatchOptions};
use htmlsieve::config::{Config, RuleSources};
use htmlsieve::input::{self, Kind};
use htmlsieve::Extractor;

/// Exit codes (documented in `--help` and README).
const EXIT_OK: u8 = 0;
const EXIT_SOME_FAILED: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn rule_sources(r: &RuleOpts) -> RuleSources {
    RuleSources {
        no_default_rules: r.no_default_rules,
        rule_dirs: r.rules.clone(),
        site_config_dirs: r.site_config.clone(),
        filter_lists: r.filter_list.clone(),
    }
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
    let config = Config {
        rules: rule_sources(&a.rules),
        explain: a.rules.explain,
        ..Default::default()
    };
    let extractor = Extractor::new(config).context("loading rules")?;
    report_community(&extractor);
    let kind = if a.text { Kind::Text } else { Kind::Html };
    let mut sources = input::expand(&a.inputs, kind);
    if sources.is_empty() {
        anyhow::bail!("no input documents found in {:?}", a.inputs);
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
        htmlsieve::output::write::write_atomic(report, html.as_bytes())
            .with_context(|| format!("writing {}", report.display()))?;
    }
    let opts = BatchOptions {
        out_dir: a.out,
        format: a.format,
        no_title: a.no_title,
        text_mode: a.text,
        url: a.url,
        jobs: a.jobs.unwrap_or(0),
        progress: true,
    };
    let summary = batch::run(&extractor, &sources, &opts)?;
    Ok(if summary.failed > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}

fn rules_cmd(a: args::RulesArgs) -> anyhow::Result<u8> {
    match a.action {
        RulesAction::Check { dir } => {
            let sources = RuleSources {
                no_default_rules: dir.is_some(),
                rule_dirs: dir.into_iter().collect(),
                ..Default::default()
            };
            match htmlsieve::rules::load(&sources) {
                Ok(set) => {
                    println!(
                        "ok: {} files, {} element rules, {} line rules",
                        set.files.len(),
                        set.elements.len(),
                        set.lines.len()
                    );
                    Ok(EXIT_OK)
                }
                Err(e) => {
                    eprintln!("{e}");
                    Ok(EXIT_SOME_FAILED)
                }
            }
        }
        RulesAction::List { dir, community } => {
            let sources = RuleSources {
                rule_dirs: dir.into_iter().collect(),
                site_config_dirs: community.site_config,
                filter_lists: community.filter_list,
                ..Default::default()
            };
            let set = htmlsieve::rules::load(&sources)?;
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
            for t in c.tests() {
                println!("{}\ttest {} contains {:?}", t.origin, t.url, t.contains);
            }
            for r in &set.elements {
                println!(
                    "{}\t{:?}\t{}\t{}",
                    r.origin, r.action, r.selector_text, r.reason
                );
            }
            for r in &set.lines {
                println!("{}\tline {:?} {:?}", r.origin, r.action, r.position);
            }
            Ok(EXIT_OK)
        }
    }
}

fn main() -> ExitCode {
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
        Command::Fetch(_) => Err(anyhow::anyhow!("fetch is not available in this build")),
        Command::Rules(a) => rules_cmd(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("htmlsieve: {e:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
