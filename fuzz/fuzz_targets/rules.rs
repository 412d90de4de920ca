//! Rule loading: arbitrary text as a rule file of each kind the loader reads: the first byte picks
//! a native TOML rule file (`rules::load::load_str`, which must return `Ok` or a `file:line` error),
//! a FiveFilters site config (`rules::ftr::load_str`) or an Adblock Plus / uBlock Origin filter
//! list (`rules::adblock::Loader`). Whatever loads is then applied to a small page. Never a panic.
#![no_main]

use htmlsieve::rules::{self, RuleSet};
use libfuzzer_sys::fuzz_target;

const PAGE: &str = "<html><head><title>T | Site</title></head><body><nav><a href=/>Home</a></nav>\
<article class=post id=main><h1>Heading</h1><p>First paragraph of the article text, long enough to \
keep.</p><div class=share>Share this</div><p>Second paragraph.</p></article>\
<footer>Copyright 2024</footer></body></html>";

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(src) = std::str::from_utf8(rest) else {
        return;
    };
    let mut set = RuleSet::default();
    match kind % 3 {
        0 => {
            if let Err(e) = rules::load::load_str(&mut set, "fuzz.toml", src) {
                let msg = e.to_string();
                assert!(msg.starts_with("fuzz.toml:"), "rule error without location: {msg}");
                return;
            }
        }
        1 => {
            let scope = if kind & 4 == 0 {
                rules::ftr::Scope::Global
            } else {
                rules::ftr::Scope::Host("example.com".into(), false)
            };
            rules::ftr::load_str(&mut set, "example.com.txt", scope, src);
        }
        _ => rules::adblock::Loader::default().load_str(&mut set, "fuzz-list.txt", src),
    }
    let html = scraper::Html::parse_document(PAGE);
    let mut marks = rules::apply::apply(&set, Some("example.com"), &html);
    marks.resolve(&html);
    let _ = rules::text::apply(
        &set,
        Some("example.com"),
        &["Share this", "Heading"],
        rules::text::TitleHint::None,
    );
});
