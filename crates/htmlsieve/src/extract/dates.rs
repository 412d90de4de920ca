//! Dates: a page's date, as its meta tags, JSON-LD or site rules state it, normalised to ISO 8601.
//!
//! In: the raw string. Out: `2017-11-16T14:15:00+00:00` when a time and offset are known,
//! `2017-11-16T14:15:00` for a time without offset, `2017-11-16` when only the day is known; `None`
//! when the string is no date that can be read without guessing (`03/04/05`). The raw value is
//! kept beside it by the caller (`metadata.date_raw`).

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};
use regex::Regex;

/// Full date-time formats with an offset, tried after RFC 3339 and RFC 2822.
const WITH_OFFSET: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M%z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f %z",
    "%Y-%m-%d %H:%M%z",
];
/// Date-time formats without an offset.
const NAIVE: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
];
/// Day formats: ISO, and the written forms English pages use. Numeric day/month orders other
/// than ISO are ambiguous (03/04/2024) and are not read.
const DAYS: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%A, %B %d, %Y",
    "%a, %b %d, %Y",
    "%d. %B %Y",
];

/// Normalise a stated date (see the module note).
pub fn normalise(raw: &str) -> Option<String> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    // "Z" and a trailing zone name in brackets or words are common; chrono wants an offset.
    let s = s
        .strip_suffix(" UTC")
        .or_else(|| s.strip_suffix(" GMT"))
        .map_or_else(|| s.to_string(), |t| format!("{t}+00:00"));
    let s = s.as_str();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false));
    }
    let zulu = s
        .strip_suffix('Z')
        .or_else(|| s.strip_suffix('z'))
        .map(|t| format!("{t}+00:00"));
    let candidates = [Some(s), zulu.as_deref()];
    for c in candidates.into_iter().flatten() {
        for f in WITH_OFFSET {
            if let Ok(d) = DateTime::parse_from_str(c, f) {
                return Some(d.to_rfc3339_opts(chrono::SecondsFormat::Secs, false));
            }
        }
    }
    for f in NAIVE {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(d.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    // Ordinal suffixes: "March 3rd, 2024".
    let plain = strip_ordinals(s);
    for f in DAYS {
        if let Ok(d) = NaiveDate::parse_from_str(&plain, f) {
            // "%Y" takes any digits: "03/04/05" would be the year 3.
            if d.year() >= 1000 {
                return Some(d.format("%Y-%m-%d").to_string());
            }
        }
    }
    // A date-time whose time part cannot be read still has a readable day.
    if s.len() >= 10 && s.is_char_boundary(10) {
        if let Ok(d) = NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d") {
            return Some(d.format("%Y-%m-%d").to_string());
        }
    }
    None
}

/// A written or ISO date inside a longer text ("Posted on March 3rd, 2024 by …").
pub fn find_in_text(text: &str) -> Option<String> {
    static WRITTEN: LazyLock<Regex> = LazyLock::new(|| {
        let month = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?";
        Regex::new(&format!(
            r"(?i)\b(?:{month}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{month},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b"
        ))
        .expect("valid regex")
    });
    if text.len() > MAX_DATE_TEXT {
        return None;
    }
    let m = WRITTEN.find(text)?.as_str();
    // "Sept." and "Jan." are written forms chrono does not read: keep the month's first three
    // letters.
    let tidy = m.replace(['.', ','], "");
    let tidy = tidy
        .split_whitespace()
        .map(|w| {
            if w.chars().next().is_some_and(char::is_alphabetic) {
                w.chars().take(3).collect::<String>()
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    normalise(&tidy).or_else(|| normalise(m))
}

/// A text longer than this is prose, not a dateline.
const MAX_DATE_TEXT: usize = 120;

fn strip_ordinals(s: &str) -> std::borrow::Cow<'_, str> {
    static ORDINAL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\d)(?:st|nd|rd|th)\b").expect("valid regex"));
    ORDINAL.replace_all(s, "$1")
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn stated_dates_become_iso_8601() {
        let cases = [
            (
                "2017-11-16T14:15:00+00:00",
                Some("2017-11-16T14:15:00+00:00"),
            ),
            ("2017-11-16T14:15:00Z", Some("2017-11-16T14:15:00+00:00")),
            (
                "2017-11-16T14:15:00.123Z",
                Some("2017-11-16T14:15:00+00:00"),
            ),
            (
                "2017-11-16T14:15:00-0500",
                Some("2017-11-16T14:15:00-05:00"),
            ),
            ("2017-11-16T14:15-05:00", Some("2017-11-16T14:15:00-05:00")),
            (
                "2017-11-16 14:15:00 +0100",
                Some("2017-11-16T14:15:00+01:00"),
            ),
            ("2017-11-16 14:15:00", Some("2017-11-16T14:15:00")),
            ("2017-11-16T14:15:00", Some("2017-11-16T14:15:00")),
            ("2017-11-16", Some("2017-11-16")),
            (
                "Thu, 16 Nov 2017 14:15:00 +0000",
                Some("2017-11-16T14:15:00+00:00"),
            ),
            ("November 16, 2017", Some("2017-11-16")),
            ("Nov 16, 2017", Some("2017-11-16")),
            ("16 November 2017", Some("2017-11-16")),
            ("November 3rd, 2017", Some("2017-11-03")),
            ("2017-11-16 14:15:00 UTC", Some("2017-11-16T14:15:00+00:00")),
            ("03/04/05", None),
            ("yesterday", None),
            ("", None),
        ];
        for (raw, want) in cases {
            assert_eq!(normalise(raw).as_deref(), want, "{raw}");
        }
    }
}
