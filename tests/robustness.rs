//! Hostile inputs: each must come out as a document with its legitimate text, or as an error that
//! names its cause, without a panic and in bounded time. Inputs are generated here, never read from
//! the network or the benchmark data.
//!
//! Sizes: the inputs the robustness issue names are used at full size when the tests are built in
//! release mode (`cargo test --release --test robustness`); debug builds (plain `cargo test`) use a
//! reduced size for the few that are slow to build and parse unoptimized, so the suite stays quick.
//! `benches/hostile.sh` measures time and peak memory of the release binary on the full sizes.

use htmlsieve::config::Limits;
use htmlsieve::output::text;
use htmlsieve::{Config, Document, Error, Extractor};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

static EXTRACTOR: LazyLock<Extractor> =
    LazyLock::new(|| Extractor::new(Config::default()).expect("default rules"));

/// `full` in release builds, `full / debug_divisor` in debug builds.
fn size(full: usize, debug_divisor: usize) -> usize {
    if cfg!(debug_assertions) {
        full / debug_divisor
    } else {
        full
    }
}

/// Run the pipeline and check the invariants every output must keep; returns the txt rendering.
fn run(bytes: &[u8], max_secs: u64) -> (Result<Document, Error>, String) {
    let t = Instant::now();
    let result = EXTRACTOR.extract_bytes(bytes, None, None);
    let took = t.elapsed();
    assert!(
        took < Duration::from_secs(max_secs),
        "took {took:?} (more than {max_secs} s) for {} bytes",
        bytes.len()
    );
    let txt = result
        .as_ref()
        .map(|d| text::render(d, false))
        .unwrap_or_default();
    assert!(
        !txt.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "control character in output"
    );
    (result, txt)
}

fn ok_text(bytes: &[u8], max_secs: u64) -> String {
    let (result, txt) = run(bytes, max_secs);
    if let Err(e) = result {
        panic!("unexpected error: {e}");
    }
    txt
}

#[test]
fn png_named_html_is_refused_as_binary() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10".to_vec();
    png.extend((0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 24) as u8));
    let (result, _) = run(&png, 10);
    let err = result.expect_err("a PNG is not HTML");
    assert_eq!(err.kind(), "not-html");
    assert!(err.to_string().contains("PNG"), "{err}");
}

#[test]
fn random_binary_is_refused() {
    // A fixed pseudo-random stream (xorshift), 256 KiB.
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let bytes: Vec<u8> = (0..256 * 1024)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let (result, txt) = run(&bytes, 30);
    assert!(
        result.is_err(),
        "binary data accepted as text: {:?}",
        txt.chars().take(100).collect::<String>()
    );
    assert_eq!(result.err().map(|e| e.kind()), Some("not-html"));
}

#[test]
fn empty_file_gives_an_empty_document() {
    assert_eq!(ok_text(b"", 5), "");
    assert_eq!(ok_text(b"   \n\t ", 5), "");
}

#[test]
fn nul_bytes_are_dropped_and_text_kept() {
    let html =
        b"<html><head><title>Nul\0 title</title></head><body><p>hello\0world, \0\0\0 a paragraph \
with NUL bytes in it and enough words to be kept as content.</p></body></html>";
    let txt = ok_text(html, 5);
    assert!(!txt.contains('\0'));
    assert!(txt.contains("a paragraph with NUL bytes"), "{txt:?}");
    assert!(txt.contains("hello"), "{txt:?}");
}

#[test]
fn invalid_utf8_is_decoded_without_loss_of_the_valid_text() {
    let html =
        b"<html><body><p>Valid start of the paragraph \xff\xfe\xc3 broken bytes \xe2\x82 and \
the valid end of this paragraph.</p></body></html>";
    let txt = ok_text(html, 5);
    assert!(txt.contains("Valid start of the paragraph"), "{txt:?}");
    assert!(txt.contains("the valid end of this paragraph."), "{txt:?}");
}

fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend(if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
    }
    for u in s.encode_utf16() {
        out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

#[test]
fn utf16_with_and_without_bom() {
    let page = "<html><head><title>Grüße</title></head><body><article><p>Größere Straßen führen \
über die Brücke, schöne Grüße aus Köln und München.</p></article></body></html>";
    for le in [true, false] {
        for bom in [true, false] {
            let txt = ok_text(&utf16(page, le, bom), 5);
            assert!(
                txt.contains("Größere Straßen führen über die Brücke"),
                "le={le} bom={bom}: {txt:?}"
            );
            assert!(txt.starts_with("Grüße\n"), "le={le} bom={bom}: {txt:?}");
        }
    }
}

#[test]
fn deep_divs_are_flattened_and_their_text_kept() {
    let n = 400_000;
    let html = format!(
        "<html><body>{}<p>The text at the very bottom of a deep pile of divs is kept.</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let txt = ok_text(html.as_bytes(), 60);
    assert!(txt.contains("The text at the very bottom of a deep pile of divs is kept."));
}

#[test]
fn deep_divs_with_text_at_every_level() {
    let n = size(100_000, 10);
    let mut html = String::from("<html><body>");
    for i in 0..n {
        html.push_str(&format!("<div>level {i} "));
    }
    html.push_str(&"</div>".repeat(n));
    let txt = ok_text(html.as_bytes(), 60);
    // Below the depth limit every level's text lands in the deepest allowed element, in order.
    let deep: String = (600..n).map(|i| format!("level {i} ")).collect();
    assert!(txt.contains(deep.trim_end()));
}

#[test]
fn nested_tables_are_flattened_and_their_text_kept() {
    let n = 20_000;
    let html = format!(
        "<html><body>{}Innermost cell text of twenty thousand nested tables.{}</body></html>",
        "<table><tr><td>".repeat(n),
        "</td></tr></table>".repeat(n)
    );
    let txt = ok_text(html.as_bytes(), 60);
    assert!(txt.contains("Innermost cell text of twenty thousand nested tables."));
}

#[test]
fn many_sibling_paragraphs() {
    let n = size(1_500_000, 20);
    let mut html = String::with_capacity(n * 48);
    html.push_str("<html><head><title>Many</title></head><body><article>");
    for i in 0..n {
        html.push_str(&format!("<p>Paragraph number {i} of a very long page.</p>"));
    }
    html.push_str("</article></body></html>");
    let txt = ok_text(html.as_bytes(), 120);
    assert!(txt.contains("Paragraph number 0 of a very long page."));
    assert!(txt.contains(&format!("Paragraph number {} of a very long page.", n - 1)));
    let kept = txt.matches("of a very long page.").count();
    assert_eq!(kept, n);
}

#[test]
fn element_with_150k_attributes() {
    let attrs: String = (0..150_000)
        .map(|i| format!(" data-a{i}=\"{i}\""))
        .collect();
    let html = format!(
        "<html><body><div{attrs}><p>Text inside the element that has a hundred and fifty thousand attributes.</p></div></body></html>"
    );
    let txt = ok_text(html.as_bytes(), 60);
    assert!(
        txt.contains("Text inside the element that has a hundred and fifty thousand attributes.")
    );
}

#[test]
fn forty_megabyte_single_line() {
    let n = size(40 * 1024 * 1024, 10);
    let mut html = String::with_capacity(n + 100);
    html.push_str("<html><body><p>");
    let mut i = 0u64;
    while html.len() < n {
        html.push_str(&format!("word{} ", i % 1000));
        i += 1;
    }
    html.push_str("</p></body></html>");
    assert!(!html.contains('\n'));
    let txt = ok_text(html.as_bytes(), 120);
    assert!(txt.starts_with("word0 word1 word2"));
    assert!(txt.len() > n - 1000);
}

#[test]
fn unterminated_comment_hides_the_rest() {
    let html =
        "<html><head><title>Comment</title></head><body><article><p>Visible paragraph before \
the comment, long enough to count as the content.</p><!-- never closed <p>Hidden text.</p>";
    let txt = ok_text(html.as_bytes(), 5);
    assert!(txt.contains("Visible paragraph before the comment"));
    assert!(!txt.contains("Hidden text"));
}

#[test]
fn entity_floods_and_invalid_code_points() {
    let n = size(1_000_000, 10);
    let mut html = String::from("<html><body><article><p>Entities: ");
    html.push_str(&"&amp;".repeat(n));
    html.push_str(
        " &#0; &#x0; &#xD800; &#xDFFF; &#x110000; &#99999999999999; &#x7f; &#x80; &#1; &#x1F600; \
&notanentity; &amp &lt;b&gt; &#65;&#x42;&#X43; end of the paragraph.</p>",
    );
    html.push_str(&"&nbsp;&#8203;&shy;".repeat(n / 10));
    html.push_str("</article></body></html>");
    let txt = ok_text(html.as_bytes(), 120);
    assert!(txt.contains(&"&".repeat(1000)));
    assert!(txt.contains('\u{1F600}'));
    // `&not` is a legacy entity that needs no semicolon, as in browsers; C1 references map to
    // windows-1252 (`&#x80;` is €).
    assert!(
        txt.contains("€ \u{1F600} ¬anentity; & <b> ABC end of the paragraph."),
        "{txt:?}"
    );
    // NUL, surrogates and out-of-range code points become U+FFFD; C0/C1 controls never show.
    assert!(txt.contains('\u{FFFD}'));
}

#[test]
fn script_only_page_gives_no_text() {
    let html = "<html><head><script>var s = '<p>not text</p>'; document.write(s);</script></head>\
<body><script type=\"application/ld+json\">{\"a\": \"<p>no</p>\"}</script><noscript></noscript></body></html>";
    let txt = ok_text(html.as_bytes(), 5);
    assert!(
        !txt.contains("not text") && !txt.contains("document.write"),
        "{txt:?}"
    );
}

#[test]
fn many_unclosed_formatting_elements() {
    // Each unclosed <b> with distinct attributes is re-opened in every later paragraph.
    let n = size(200_000, 10);
    let mut html = String::from("<html><body>");
    for i in 0..5_000 {
        html.push_str(&format!("<b class=c{i}>"));
    }
    for i in 0..n {
        html.push_str(&format!(
            "<p>Paragraph {i} has enough words to count as content."
        ));
    }
    let (result, txt) = run(html.as_bytes(), 120);
    // Either the paragraphs come out, or the page is refused by a named limit.
    match result {
        Ok(_) => assert!(txt.contains(&format!("Paragraph {} has enough", n - 1))),
        Err(e) => assert_eq!(e.kind(), "limit", "{e}"),
    }
}

#[test]
fn limits_fail_with_named_errors() {
    let page = "<p>Some paragraph text here.</p>".repeat(1000);
    let small = |limits: Limits| {
        Extractor::new(Config {
            limits,
            ..Config::default()
        })
        .unwrap()
    };
    let e = small(Limits {
        max_bytes: 100,
        ..Limits::default()
    })
    .extract_bytes(page.as_bytes(), None, None)
    .unwrap_err();
    assert!(
        e.record().starts_with("limit: input bytes limit exceeded"),
        "{e}"
    );
    let e = small(Limits {
        max_nodes: 500,
        ..Limits::default()
    })
    .extract_bytes(page.as_bytes(), None, None)
    .unwrap_err();
    assert!(
        e.record().starts_with("limit: DOM nodes limit exceeded"),
        "{e}"
    );
    let e = small(Limits {
        doc_timeout: Duration::from_nanos(1),
        ..Limits::default()
    })
    .extract_bytes(page.as_bytes(), None, None)
    .unwrap_err();
    assert!(
        e.record()
            .starts_with("limit: document time limit exceeded"),
        "{e}"
    );
}

#[test]
fn depth_limit_is_configurable() {
    let html = format!(
        "<html><body>{}<p>deep words that survive the configured depth limit</p>{}</body></html>",
        "<div>".repeat(50),
        "</div>".repeat(50)
    );
    let ex = Extractor::new(Config {
        limits: Limits {
            max_depth: 8,
            ..Limits::default()
        },
        ..Config::default()
    })
    .unwrap();
    let doc = ex.extract_bytes(html.as_bytes(), None, None).unwrap();
    assert!(doc
        .body_text()
        .contains("deep words that survive the configured depth limit"));
}
