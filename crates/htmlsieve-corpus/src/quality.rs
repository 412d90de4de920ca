//! Quality signals of a document's text, as attributes (never a silent filter), and the Gopher
//! rules that `--filter gopher` applies.
//!
//! Sources of the thresholds: Gopher quality and repetition filters, Rae et al. 2021, "Scaling
//! Language Models: Methods, Analysis & Insights from Training Gopher", appendix A.1.1 (the
//! values below, as also used by datatrove's `GopherQualityFilter` / `GopherRepetitionFilter`,
//! whose rule names are kept); C4's line rule (lines ending in terminal punctuation), Raffel et
//! al. 2020, "Exploring the Limits of Transfer Learning…", section 2.2. Signals are computed on
//! any language; the stop-word rule is English-only (its list is English), so a document detected
//! as another language is not judged by it.

use serde::Serialize;
use std::collections::HashMap;
use unicode_segmentation::UnicodeSegmentation;

/// The signals, rounded to 4 decimals so records stay short and stable.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Signals {
    pub word_count: usize,
    pub mean_word_length: f64,
    /// (`#` + ellipses) per word.
    pub symbol_to_word_ratio: f64,
    /// Share of lines starting with a bullet.
    pub bullet_lines: f64,
    /// Share of lines ending in an ellipsis.
    pub ellipsis_lines: f64,
    /// Share of lines ending in terminal punctuation (C4).
    pub punct_end_lines: f64,
    /// Share of words with at least one letter.
    pub alpha_words: f64,
    /// Gopher stop words (the, be, to, of, and, that, have, with) present.
    pub stop_words: usize,
    /// Duplicate lines: share by count and by characters.
    pub dup_line_frac: f64,
    pub dup_line_char_frac: f64,
    /// Duplicate paragraphs (blank-line separated): share by count and by characters.
    pub dup_para_frac: f64,
    pub dup_para_char_frac: f64,
}

const STOP_WORDS: [&str; 8] = ["the", "be", "to", "of", "and", "that", "have", "with"];
const BULLETS: [char; 8] = ['•', '●', '○', '▪', '■', '◦', '‣', '⁃'];

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn share(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        round4(n as f64 / of as f64)
    }
}

/// Share of items (by count, by characters) that repeat an earlier item, as Gopher counts them.
fn duplicates<'a>(items: impl Iterator<Item = &'a str>) -> (f64, f64) {
    let mut seen: HashMap<&str, ()> = HashMap::new();
    let (mut n, mut dup, mut chars, mut dup_chars) = (0, 0, 0, 0);
    for it in items {
        n += 1;
        chars += it.chars().count();
        if seen.insert(it, ()).is_some() {
            dup += 1;
            dup_chars += it.chars().count();
        }
    }
    (share(dup, n), share(dup_chars, chars))
}

/// Compute the signals of a text (lines separated by `\n`, paragraphs by blank lines).
pub fn signals(text: &str) -> Signals {
    let words: Vec<&str> = text.unicode_words().collect();
    let word_count = words.len();
    let letters: usize = words.iter().map(|w| w.chars().count()).sum();
    let symbols =
        text.matches('#').count() + text.matches("...").count() + text.matches('…').count();
    let alpha = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let stop_words = STOP_WORDS
        .iter()
        .filter(|s| words.iter().any(|w| w.eq_ignore_ascii_case(s)))
        .count();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let bullet = lines
        .iter()
        .filter(|l| l.starts_with(BULLETS) || l.starts_with("- ") || l.starts_with("* "))
        .count();
    let ellipsis = lines
        .iter()
        .filter(|l| l.ends_with("...") || l.ends_with('…'))
        .count();
    let punct = lines
        .iter()
        .filter(|l| {
            let l = l.trim_end_matches(['"', '\'', '”', '’', '»', ')']);
            l.ends_with(['.', '!', '?', '。', '！', '？', '।', '؟']) && !l.ends_with("...")
        })
        .count();
    let (dup_line_frac, dup_line_char_frac) = duplicates(lines.iter().copied());
    let paras = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
    let (dup_para_frac, dup_para_char_frac) = duplicates(paras);
    Signals {
        word_count,
        mean_word_length: if word_count == 0 {
            0.0
        } else {
            round4(letters as f64 / word_count as f64)
        },
        symbol_to_word_ratio: share(symbols, word_count),
        bullet_lines: share(bullet, lines.len()),
        ellipsis_lines: share(ellipsis, lines.len()),
        punct_end_lines: share(punct, lines.len()),
        alpha_words: share(alpha, word_count),
        stop_words,
        dup_line_frac,
        dup_line_char_frac,
        dup_para_frac,
        dup_para_char_frac,
    }
}

/// The first Gopher rule a document fails (datatrove's rule names), or `None` when it passes.
/// `lang` is the detected language: the stop-word rule applies to English only.
pub fn gopher(s: &Signals, lang: Option<&str>) -> Option<&'static str> {
    let checks: [(bool, &'static str); 13] = [
        (s.word_count < 50, "gopher_short_doc"),
        (s.word_count > 100_000, "gopher_long_doc"),
        (s.mean_word_length < 3.0, "gopher_below_avg_threshold"),
        (s.mean_word_length > 10.0, "gopher_above_avg_threshold"),
        (
            s.symbol_to_word_ratio > 0.1,
            "gopher_too_many_hashes_or_ellipsis",
        ),
        (s.bullet_lines > 0.9, "gopher_too_many_bullets"),
        (s.ellipsis_lines > 0.3, "gopher_too_many_end_ellipsis"),
        (s.alpha_words < 0.8, "gopher_below_alpha_threshold"),
        (
            lang == Some("en") && s.stop_words < 2,
            "gopher_enough_stop_words",
        ),
        (s.dup_line_frac > 0.3, "dup_line_frac"),
        (s.dup_para_frac > 0.3, "dup_para_frac"),
        (s.dup_line_char_frac > 0.2, "dup_line_char_frac"),
        (s.dup_para_char_frac > 0.2, "dup_para_char_frac"),
    ];
    checks.iter().find(|(fail, _)| *fail).map(|(_, rule)| *rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose() -> String {
        "The harbour town opened its new ferry terminal on Saturday morning. \
         Hundreds of residents gathered on the quay to watch the first crossing, and the mayor \
         thanked the builders for their patience with a project that was stalled by storms.\n\n\
         The crossing to the island now takes forty minutes instead of an hour, because the \
         larger vessels can use the deeper berth that was dredged last winter by the port.\n"
            .to_string()
    }

    #[test]
    fn prose_passes_gopher() {
        let s = signals(&prose());
        assert_eq!(s.word_count, 70);
        assert!(s.mean_word_length > 3.0 && s.mean_word_length < 6.0);
        assert_eq!(s.stop_words, 6);
        assert_eq!(s.punct_end_lines, 1.0);
        assert_eq!(s.dup_line_frac, 0.0);
        assert_eq!(gopher(&s, Some("en")), None);
    }

    #[test]
    fn each_rule_has_its_name() {
        assert_eq!(
            gopher(&signals("Too short."), Some("en")),
            Some("gopher_short_doc")
        );
        let bullets = (0..60)
            .map(|i| format!("• item number {i} here"))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(
            gopher(&signals(&bullets), None),
            Some("gopher_too_many_bullets")
        );
        let hashes = "#tag #more #words ".repeat(30);
        assert_eq!(
            gopher(&signals(&hashes), None),
            Some("gopher_too_many_hashes_or_ellipsis")
        );
        let repeated = format!("{}\n\n{}\n\n{}", prose(), prose(), prose());
        assert_eq!(
            gopher(&signals(&repeated), Some("en")),
            Some("dup_line_frac")
        );
        let numbers = (0..80)
            .map(|i| format!("{i} {}", i * 7))
            .collect::<Vec<_>>()
            .join(". ");
        assert_eq!(
            gopher(&signals(&numbers), None),
            Some("gopher_below_avg_threshold")
        );
        // Stop words: English only.
        let no_stop = "Wunderbare Aussicht über glitzernde Berge und Täler, ".repeat(10);
        let s = signals(&no_stop);
        assert_eq!(gopher(&s, Some("de")), None);
        assert_eq!(gopher(&s, Some("en")), Some("gopher_enough_stop_words"));
    }

    #[test]
    fn empty_text_has_zero_signals() {
        let s = signals("");
        assert_eq!(s, Signals::default());
        assert_eq!(gopher(&s, None), Some("gopher_short_doc"));
    }
}
