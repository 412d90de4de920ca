//! Rule loading: arbitrary text as a rule file of each kind the loader reads: the first byte picks
//! a native TOML rule file (which must load or fail with a `file:line` error), a FiveFilters site
//! config or an Adblock Plus / uBlock Origin filter list (`rule_files::from_text`). Whatever loads
//! then cleans a small page. Never a panic.
#![no_main]

use htmlsieve::rule_files::{self, RuleText};
use htmlsieve::{Config, Extractor};
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
    let kind = match kind % 3 {
        0 => RuleText::Native,
        1 => RuleText::SiteConfig {
            host: (kind & 4 != 0).then(|| "example.com".to_string()),
            exact: false,
        },
        _ => RuleText::FilterList,
    };
    let native = kind == RuleText::Native;
    let set = match rule_files::from_text(kind, "fuzz.toml", src) {
        Ok(set) => set,
        Err(e) => {
            let msg = e.to_string();
            assert!(native, "only native rule files fail: {msg}");
            assert!(msg.starts_with("fuzz.toml:"), "rule error without location: {msg}");
            return;
        }
    };
    // Element rules, then the text rules, on a small page.
    let ex = Extractor::with_rules(Config::default(), set);
    let _ = ex.extract_str(PAGE, Some("https://example.com/a"));
});
