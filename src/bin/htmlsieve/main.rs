//! The `htmlsieve` command: clap arguments → a built [`Extractor`] → batch runner → exit code.

mod args;

use anyhow::Context;
use clap::Parser;
use std::process::ExitCode;
use std::time::Duration;

use args::{Cli, Command, RuleOpts, RulesAction};
use htmlsieve::batch::{self, BatchOptions};
use htmlsieve::config::{Config, Limits, RuleSources};
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
        limits: Limits {
            max_bytes: a.limits.max_bytes,
            max_nodes: a.limits.max_nodes,
            max_depth: a.limits.max_depth,
            doc_timeout: Duration::from_secs_f64(a.limits.doc_timeout),
        },
    };
    let extractor = Extractor::new(config).context("loading rules")?;
    let kind = if a.text { Kind::Text } else { Kind::Html };
    let sources = input::expand(&a.inputs, kind);
    if sources.is_empty() {
        anyhow::bail!("no input documents found in {:?}", a.inputs);
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
        RulesAction::List { dir } => {
            let sources = RuleSources {
                rule_dirs: dir.into_iter().collect(),
                ..Default::default()
            };
            let set = htmlsieve::rules::load(&sources)?;
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
