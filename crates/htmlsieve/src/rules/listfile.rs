//! What the community rule loaders (FiveFilters site configs, Adblock filter lists) share:
//! reading a list file, text conditions, and the counts `rules list` shows.

use std::path::Path;

use super::TextMatch;
use crate::error::Result;

/// Counts of one filter list, for `rules list` and the load report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListStats {
    pub file: String,
    pub lines: usize,
    pub comments: usize,
    /// Element-hiding rules loaded, generic and host-scoped.
    pub generic: usize,
    pub specific: usize,
    /// With procedural operators we evaluate (`:has-text()`, `:upward()`, …).
    pub procedural: usize,
    pub exceptions: usize,
    /// `@@…$generichide` / `$elemhide` exceptions.
    pub hide_exceptions: usize,
    /// Skipped: network (URL-blocking) rules.
    pub network: usize,
    /// Skipped: scriptlets, snippets and CSS injection (`##+js()`, `#$#`, `:style()`).
    pub scriptlets: usize,
    /// Skipped: procedural operators or selectors we cannot evaluate on a static page.
    pub unsupported: usize,
    /// Filters disabled everywhere by a generic `#@#` exception.
    pub disabled: usize,
}

impl std::fmt::Display for ListStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "filter list {}: {} lines: {} cosmetic filters ({} generic, {} host-scoped, {} procedural), \
{} exceptions, {} generichide/elemhide; skipped {} network rules, {} scriptlet/snippet/style, {} unsupported; \
{} disabled by exceptions",
            self.file,
            self.lines,
            self.generic + self.specific,
            self.generic,
            self.specific,
            self.procedural,
            self.exceptions,
            self.hide_exceptions,
            self.network,
            self.scriptlets,
            self.unsupported,
            self.disabled
        )
    }
}

/// Text condition from a filter or XPath argument: `/re/flags` is a regex, else a substring.
pub fn text_match(arg: &str) -> std::result::Result<TextMatch, String> {
    if arg.len() >= 2 && arg.starts_with('/') {
        if let Some(end) = arg.rfind('/').filter(|&e| e > 0) {
            let (body, flags) = (&arg[1..end], &arg[end + 1..]);
            if flags.chars().all(|c| "imsu".contains(c)) {
                let mut b = regex::RegexBuilder::new(body);
                b.case_insensitive(flags.contains('i'))
                    .multi_line(flags.contains('m'))
                    .dot_matches_new_line(flags.contains('s'))
                    .size_limit(1 << 20);
                return b
                    .build()
                    .map(TextMatch::Regex)
                    .map_err(|e| format!("bad regex {arg}: {}", first_line(&e.to_string())));
            }
        }
    }
    Ok(TextMatch::Contains(arg.to_string()))
}

fn first_line(s: &str) -> &str {
    s.lines().last().unwrap_or(s).trim()
}

/// Read a file as text, replacing invalid UTF-8 (lists in the wild are not always clean).
pub fn read_lossy(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| crate::error::Error::io(path, e))?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}
