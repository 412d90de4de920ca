//! Loading rule files: the defaults embedded in the binary and user folders, with `file:line` errors.

use serde::Deserialize;
use std::path::Path;

use super::text::{LineAction, LinePattern, LineRule, LineWhere};
use super::{Action, ElementRule, Origin, RuleSet};
use crate::config::RuleSources;
use crate::error::{Error, Result};

/// Rule files compiled into the binary, as (name, contents).
pub const DEFAULT_RULES: &[(&str, &str)] = &[
    (
        "rules/boilerplate.toml",
        include_str!("../../rules/boilerplate.toml"),
    ),
    ("rules/lines.toml", include_str!("../../rules/lines.toml")),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    hosts: Vec<String>,
    #[serde(default)]
    rule: Vec<toml::Spanned<RawElementRule>>,
    #[serde(default)]
    line: Vec<toml::Spanned<RawLineRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawElementRule {
    action: String,
    selector: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    hosts: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLineRule {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    regex: Option<String>,
    #[serde(default, rename = "where")]
    position: Option<String>,
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    hosts: Vec<String>,
}

fn line_of(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

fn rule_err(file: &str, line: usize, message: impl Into<String>) -> Error {
    Error::Rule {
        location: format!("{file}:{line}"),
        message: message.into(),
    }
}

/// Parse one rule file's text into `set`.
pub fn load_str(set: &mut RuleSet, file: &str, src: &str) -> Result<()> {
    let parsed: RuleFile = toml::from_str(src).map_err(|e| {
        let line = e.span().map(|s| line_of(src, s.start)).unwrap_or(1);
        rule_err(file, line, e.message().to_string())
    })?;
    for spanned in parsed.rule {
        let line = line_of(src, spanned.span().start);
        let raw = spanned.into_inner();
        let action = match raw.action.as_str() {
            "strip" => Action::Strip,
            "keep" => Action::Keep,
            "unwrap" => Action::Unwrap,
            "body" => Action::Body,
            other => {
                return Err(rule_err(
                    file,
                    line,
                    format!("unknown action {other:?} (expected strip, keep, unwrap or body)"),
                ))
            }
        };
        let selector = scraper::Selector::parse(&raw.selector)
            .map_err(|e| rule_err(file, line, format!("bad selector {:?}: {e}", raw.selector)))?;
        let mut hosts = parsed.hosts.clone();
        hosts.extend(raw.hosts);
        set.elements.push(ElementRule {
            action,
            reason: raw
                .reason
                .unwrap_or_else(|| format!("{} {}", raw.action, raw.selector)),
            selector,
            selector_text: raw.selector,
            hosts,
            origin: Origin {
                file: file.to_string(),
                line,
            },
            ext: Default::default(),
        });
    }
    for spanned in parsed.line {
        let line = line_of(src, spanned.span().start);
        let raw = spanned.into_inner();
        let pattern = match (raw.text, raw.regex) {
            (Some(t), None) => LinePattern::Literal(t),
            (None, Some(r)) => LinePattern::Regex(
                regex::Regex::new(&r)
                    .map_err(|e| rule_err(file, line, format!("bad regex: {e}")))?,
            ),
            _ => {
                return Err(rule_err(
                    file,
                    line,
                    "a line rule needs exactly one of `text` or `regex`",
                ))
            }
        };
        let position = match raw.position.as_deref().unwrap_or("anywhere") {
            "anywhere" => LineWhere::Anywhere,
            "start" => LineWhere::Start,
            "end" => LineWhere::End,
            other => {
                return Err(rule_err(
                    file,
                    line,
                    format!("unknown where {other:?} (anywhere, start, end)"),
                ))
            }
        };
        let action = match raw.action.as_deref().unwrap_or("drop") {
            "drop" => LineAction::Drop,
            "cut-to-end" => LineAction::CutToEnd,
            other => {
                return Err(rule_err(
                    file,
                    line,
                    format!("unknown line action {other:?} (drop, cut-to-end)"),
                ))
            }
        };
        let mut hosts = parsed.hosts.clone();
        hosts.extend(raw.hosts);
        set.lines.push(LineRule {
            pattern,
            position,
            action,
            hosts,
            origin: Origin {
                file: file.to_string(),
                line,
            },
        });
    }
    set.files.push(file.to_string());
    Ok(())
}

fn load_path(set: &mut RuleSet, path: &Path) -> Result<()> {
    if path.is_dir() {
        let mut files: Vec<_> = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| {
                e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "toml")
            })
            .map(|e| e.into_path())
            .collect();
        files.sort();
        for f in files {
            load_path(set, &f)?;
        }
        return Ok(());
    }
    let src = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    load_str(set, &path.display().to_string(), &src)
}

/// Load every rule the configuration names: embedded defaults first, then user folders.
pub fn load(sources: &RuleSources) -> Result<RuleSet> {
    let mut set = RuleSet::default();
    if !sources.no_default_rules {
        for (name, src) in DEFAULT_RULES {
            load_str(&mut set, name, src)?;
        }
    }
    for dir in &sources.rule_dirs {
        load_path(&mut set, dir)?;
    }
    super::community::load(&mut set, sources)?;
    Ok(set)
}
