//! Line-level text rules: drop cruft lines ("ADVERTISEMENT", "Leave a Reply") and cut trailing
//! sections ("Related posts" and everything after it).

use super::{Origin, RuleSet};

#[derive(Debug, Clone)]
pub enum LinePattern {
    /// The whole line, trimmed, equals this text (case-insensitive).
    Literal(String),
    Regex(regex::Regex),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineWhere {
    Anywhere,
    /// Only among the first lines of a document (before the body starts).
    Start,
    /// Only in the last part of a document.
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineAction {
    Drop,
    /// Drop this line and every line after it.
    CutToEnd,
}

#[derive(Debug, Clone)]
pub struct LineRule {
    pub pattern: LinePattern,
    pub position: LineWhere,
    pub action: LineAction,
    pub hosts: Vec<String>,
    pub origin: Origin,
}

impl LineRule {
    pub fn matches(&self, line: &str) -> bool {
        let t = line.trim();
        match &self.pattern {
            LinePattern::Literal(s) => t.eq_ignore_ascii_case(s),
            LinePattern::Regex(r) => r.is_match(t),
        }
    }
}

/// How many leading / trailing blocks count as the start / end of a document.
const EDGE_BLOCKS: usize = 3;

/// Apply line rules to a list of blocks (one string each); returns the indices to keep.
pub fn apply(rules: &RuleSet, host: Option<&str>, blocks: &[&str]) -> Vec<bool> {
    let mut keep = vec![true; blocks.len()];
    let n = blocks.len();
    let active: Vec<&LineRule> = rules
        .lines
        .iter()
        .filter(|r| RuleSet::host_matches(&r.hosts, host))
        .collect();
    let mut cut_at = n;
    for (i, b) in blocks.iter().enumerate() {
        for r in &active {
            let in_scope = match r.position {
                LineWhere::Anywhere => true,
                LineWhere::Start => i < EDGE_BLOCKS,
                LineWhere::End => i + EDGE_BLOCKS >= n || i * 3 >= n * 2,
            };
            if in_scope && r.matches(b) {
                match r.action {
                    LineAction::Drop => keep[i] = false,
                    LineAction::CutToEnd => cut_at = cut_at.min(i),
                }
            }
        }
    }
    for k in keep.iter_mut().skip(cut_at) {
        *k = false;
    }
    keep
}
