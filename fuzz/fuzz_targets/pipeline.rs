//! Whole pipeline: arbitrary bytes → decode → parse (with guards) → rules → extract → clean →
//! every output format. Any panic, overflow or timeout is a bug. The output invariants (valid UTF-8
//! without stray control characters) are asserted too.
#![no_main]

use htmlsieve::Limits;
use htmlsieve::{Format, RecordInfo, RenderOptions};
use htmlsieve::{Config, Extractor};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use std::time::Duration;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| {
    let config = Config {
        limits: Limits {
            // Small limits so the fuzzer reaches the limit paths too.
            max_depth: 64,
            max_nodes: 20_000,
            doc_timeout: Duration::from_secs(5),
            ..Limits::default()
        },
        explain: true,
        ..Config::default()
    };
    Extractor::new(config).expect("default rules load")
});

fuzz_target!(|data: &[u8]| {
    // The first byte picks an optional URL / HTTP charset so host rules and the header path run.
    let (url, charset) = match data.first().map(|b| b % 4) {
        Some(1) => (Some("https://www.example.com/a/b.html"), None),
        Some(2) => (None, Some("windows-1252")),
        Some(3) => (Some("http://example.de/"), Some("utf-16le")),
        _ => (None, None),
    };
    let result = EXTRACTOR.extract_bytes(data, url, charset);
    let info = RecordInfo {
        id: "fuzz".into(),
        source: "fuzz.html".into(),
        rules: 1,
    };
    for format in [Format::Txt, Format::Md, Format::Json, Format::Jsonl] {
        for no_title in [false, true] {
            let out = htmlsieve::render(
                result.as_ref().ok(),
                result.as_ref().err(),
                &info,
                RenderOptions { format, no_title },
            );
            if format == Format::Txt {
                assert!(
                    !out.chars().any(|c| c.is_control() && c != '\n' && c != '\t'),
                    "control character in txt output: {out:?}"
                );
            }
            if format == Format::Jsonl {
                let v: serde_json::Value = serde_json::from_str(&out).expect("jsonl parses");
                assert!(v.is_object());
            }
        }
    }
});
