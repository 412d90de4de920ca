//! Property tests (proptest) for the invariants of decode, parse guards and clean: no panic on any
//! bytes, output is UTF-8 without control characters other than `\n` and `\t`, and cleaning is
//! idempotent.

use htmlsieve::stages as clean;
use htmlsieve::stages as decode;
use htmlsieve::stages::limit_depth;
use htmlsieve::{Config, Extractor};
use htmlsieve::{Limits, RuleSources};
use proptest::prelude::*;
use std::sync::LazyLock;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| {
    Extractor::new(Config {
        limits: Limits {
            max_depth: 16,
            ..Limits::default()
        },
        ..Config::default()
    })
    .unwrap()
});

/// The text stage alone, without rules (rules may legitimately remove lines the first time).
static BARE: LazyLock<Extractor> = LazyLock::new(|| {
    Extractor::new(Config {
        rules: RuleSources {
            no_default_rules: true,
            ..RuleSources::default()
        },
        ..Config::default()
    })
    .unwrap()
});

/// Markup-ish input: tags, entities, comments, text, whitespace and odd characters.
fn html_like() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => markup(),
        1 => (markup(), markup()).prop_map(|(a, b)| format!("{a}<pre>{b}</pre>")),
    ]
}

/// Like [`html_like`] without `<pre>`: code blocks keep their indentation, which the text stage
/// (which cannot know a paragraph was code) trims, so they are left out of the idempotence check.
fn markup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div>".to_string()),
        Just("</div>".to_string()),
        Just("<br>".to_string()),
        Just("<li>".to_string()),
        Just("<ul>".to_string()),
        Just("<table><tr><td>".to_string()),
        Just("<h2>".to_string()),
        Just("</h2>".to_string()),
        Just("<b>".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("<title>".to_string()),
        Just("&amp;".to_string()),
        Just("&#0;".to_string()),
        Just("&#x1F600;".to_string()),
        Just("&nbsp;".to_string()),
        Just("\u{0}\u{1}\u{7f}\u{85}\u{200b}\u{feff}".to_string()),
        Just("\r\n".to_string()),
        Just("  \t ".to_string()),
        "[a-zA-Zäöüß ,.]{1,40}",
        "\\PC{1,10}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

fn no_stray_controls(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn decode_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..4096),
                           charset in prop::option::of(prop_oneof![
                               Just("utf-8"), Just("windows-1252"), Just("shift_jis"),
                               Just("utf-16le"), Just("x-unknown"), Just("")])) {
        if let Ok(d) = decode::decode(&bytes, charset, Some("http://example.jp/")) {
            // A `String` is valid UTF-8 by construction; the decoder must also say what it used.
            prop_assert!(!d.encoding.name().is_empty());
        }
    }

    #[test]
    fn pipeline_output_is_clean_text(html in html_like()) {
        if let Ok(doc) = EXTRACTOR.extract_bytes(html.as_bytes(), None, None) {
            let txt = htmlsieve::render_text(&doc, false);
            prop_assert!(no_stray_controls(&txt), "{:?}", txt);
            prop_assert!(!txt.contains("\n\n\n"), "{:?}", txt);
            prop_assert!(txt.is_empty() || (txt.ends_with('\n') && !txt.ends_with("\n\n")));
        }
    }

    #[test]
    fn pipeline_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = EXTRACTOR.extract_bytes(&bytes, None, None);
    }

    #[test]
    fn normalize_is_idempotent(s in html_like()) {
        for code in [false, true] {
            let once = clean::normalize(&s, code);
            prop_assert!(no_stray_controls(&once), "{:?}", once);
            prop_assert_eq!(clean::normalize(&once, code), once.clone());
        }
    }

    #[test]
    fn text_cleaning_is_idempotent(html in markup(), raw in "(\\PC{0,30}[\n\r\t ]{0,3}){0,20}") {
        // The text stage (`clean --text`) applied to its own output changes nothing, both for
        // the pipeline's output and for arbitrary text.
        let from_html = BARE
            .extract_bytes(html.as_bytes(), None, None)
            .map(|d| htmlsieve::render_text(&d, false))
            .unwrap_or_default();
        for input in [from_html, raw] {
            let Ok(doc) = BARE.clean_text_bytes(input.as_bytes(), None) else { continue };
            let once = htmlsieve::render_text(&doc, false);
            let again = BARE.clean_text_bytes(once.as_bytes(), None).unwrap();
            prop_assert_eq!(htmlsieve::render_text(&again, false), once);
        }
    }

    #[test]
    fn depth_guard_is_idempotent_and_bounds_depth(html in html_like(), max in 1usize..12) {
        let (once, _) = limit_depth(&html, max);
        let (twice, rep) = limit_depth(&once, max);
        prop_assert_eq!(&once, &twice);
        prop_assert_eq!(rep.dropped_tags, 0);
        prop_assert!(rep.max_depth_seen <= max + 1);
    }
}
