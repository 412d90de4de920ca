//! Rule loading: arbitrary text as a native TOML rule file. Loading must return `Ok` or a
//! `file:line` rule error, never panic; rules that load are then applied to a small page.
#![no_main]

use htmlsieve::rules::{self, RuleSet};
use libfuzzer_sys::fuzz_target;

const PAGE: &str = "<html><head><title>T | Site</title></head><body><nav><a href=/>Home</a></nav>\
<article class=post id=main><h1>Heading</h1><p>First paragraph of the article text, long enough to \
keep.</p><div class=share>Share this</div><p>Second paragraph.</p></article>\
<footer>Copyright 2024</footer></body></html>";

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let mut set = RuleSet::default();
    match rules::load::load_str(&mut set, "fuzz.toml", src) {
        Ok(()) => {
            let html = scraper::Html::parse_document(PAGE);
            let marks = rules::apply::apply(&set, Some("example.com"), &html);
            let _ = rules::text::apply(&set, Some("example.com"), &["Share this", "Heading"]);
            let _ = marks;
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.starts_with("fuzz.toml:"), "rule error without location: {msg}");
        }
    }
});
