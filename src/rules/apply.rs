//! Applying element rules to a parsed page: one pass over the elements, testing each rule that
//! applies to the page's host.

use scraper::{ElementRef, Html};

use super::{Action, Marks, RuleSet};

/// Match every applicable element rule against the page and record the marks.
pub fn apply(rules: &RuleSet, host: Option<&str>, html: &Html) -> Marks {
    let mut marks = Marks::default();
    let active = rules.elements_for(host);
    if active.is_empty() {
        return marks;
    }
    for node in html.tree.nodes() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        for &i in &active {
            let rule = &rules.elements[i];
            if !rule.selector.matches(&el) {
                continue;
            }
            match rule.action {
                Action::Strip => {
                    marks.removed.entry(el.id()).or_insert(i);
                }
                Action::Keep => {
                    marks.kept.insert(el.id());
                }
                Action::Unwrap => {
                    marks.unwrapped.insert(el.id());
                }
                Action::Body => {
                    marks.body.get_or_insert(el.id());
                }
            }
        }
    }
    marks
}
