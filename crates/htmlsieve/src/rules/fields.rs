//! Field rules: selectors that name a page's title, author and date (`action = "title"` etc.), for
//! sites whose markup the metadata heuristics get wrong. The body is an element rule
//! ([`super::Action::Body`]) because it decides what the extractor walks.

use scraper::{ElementRef, Html, Selector};

use super::{Origin, RuleSet};
use crate::document::Document;

/// Which field a field rule names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Author,
    Date,
}

impl Field {
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Author => "author",
            Field::Date => "date",
        }
    }
}

/// A compiled field rule.
#[derive(Debug, Clone)]
pub struct FieldRule {
    pub field: Field,
    pub selector: Selector,
    pub selector_text: String,
    pub hosts: Vec<String>,
    pub origin: Origin,
}

/// The value of a named element: a date's machine-readable attribute when present, else its text.
fn value_of(field: Field, el: ElementRef<'_>) -> Option<String> {
    let attr = match field {
        Field::Date => ["datetime", "content"]
            .iter()
            .find_map(|a| el.value().attr(a)),
        Field::Author | Field::Title => el.value().attr("content"),
    };
    let raw = match attr {
        Some(a) => a.to_string(),
        None => el.text().collect::<String>(),
    };
    let v = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    (!v.is_empty()).then_some(v)
}

/// Apply the field rules of `host` to a page: the first element (in document order) a rule matches
/// with non-empty text sets the field; earlier rules win over later ones.
pub fn apply(rules: &RuleSet, host: Option<&str>, html: &Html, doc: &mut Document) {
    let mut done = [false; 3];
    for i in rules.fields_for(host) {
        let r = &rules.fields[i];
        let slot = r.field as usize;
        if done[slot] {
            continue;
        }
        let Some(v) = html
            .select(&r.selector)
            .find_map(|el| value_of(r.field, el))
        else {
            continue;
        };
        done[slot] = true;
        match r.field {
            Field::Title => {
                doc.title = Some(v.clone());
                doc.metadata.title = Some(v);
            }
            Field::Author => doc.metadata.author = Some(v),
            Field::Date => doc.metadata.date = Some(v),
        }
    }
}
