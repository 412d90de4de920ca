//! Hostile inputs: each must come out as a document with its legitimate text, or as an error that
//! names its cause, without a panic and in bounded time. Inputs are generated here, never read from
//! the network or the benchmark data.
//!
//! Sizes: the inputs the robustness issue names are used at full size when the tests are built in
//! release mode (`cargo test --release --test robustness`); debug builds (plain `cargo test`) use a
//! reduced size for the few that are slow to build and parse unoptimized, so the suite stays quick.
//! `benches/hostile.sh` measures time and peak memory of the release binary on the full sizes.

use htmlsieve::Limits;
use htmlsieve::{Config, Document, Error, Extractor};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

/// Default limits but a long time budget: the tests check outcomes, and time separately (a shared,
/// loaded machine must not turn a slow run into a limit error).
static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| {
    Extractor::new(Config {
        limits: Limits {
            doc_timeout: Duration::from_secs(900),
            ..Limits::default()
        },
        ..Config::default()
    })
    .expect("default rules")
});

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
        .map(|d| htmlsieve::render_text(d, false))
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
    let mut html = String::with_capacity(n * 36);
    html.push_str("<html><head><title>Many</title></head><body><article>");
    for i in 0..n {
        html.push_str(&format!("<p>Paragraph {i} of the long page.</p>"));
    }
    html.push_str("</article></body></html>");
    // Within the default input limit (64 MB), even at full size.
    assert!(html.len() < htmlsieve::DEFAULT_MAX_BYTES);
    let txt = ok_text(html.as_bytes(), 300);
    assert!(txt.contains("Paragraph 0 of the long page."));
    assert!(txt.contains(&format!("Paragraph {} of the long page.", n - 1)));
    let kept = txt.matches("of the long page.").count();
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

// ---- Nothing lost: the command line, failures, path safety, kill and resume. ----

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_htmlsieve"))
}

/// A generated page with `n` distinct paragraphs.
fn page(i: usize, n: usize) -> String {
    let mut s = format!(
        "<html><head><title>Page {i} of the generated set</title></head><body><nav><a href=/>Home</a> \
<a href=/about>About</a></nav><article><h1>Page {i} of the generated set</h1>"
    );
    for p in 0..n {
        s.push_str(&format!(
            "<p>Paragraph {p} of page {i}: the harbour master counted {} boats and {} gulls before \
the tide turned, then wrote the numbers into the ledger by the window.</p>",
            p * 7 + i,
            p * 13 + i
        ));
    }
    s.push_str("</article><footer>Copyright the generated set</footer></body></html>");
    s
}

/// Every file under `dir` (relative path → bytes), leaving out the manifest.
fn files(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().unwrap() != "manifest.jsonl" {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

fn count_outputs(dir: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn killed_run_resumes_to_exactly_the_uninterrupted_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let total = 300;
    for i in 0..total {
        let sub = input.join(format!("part{}", i % 3));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("page{i:03}.html")), page(i, 40)).unwrap();
    }
    let reference = tmp.path().join("ref");
    let st = bin()
        .args(["clean", "-j", "2", "-o"])
        .arg(&reference)
        .arg(&input)
        .status()
        .unwrap();
    assert!(st.success());
    assert_eq!(count_outputs(&reference), total);

    let out = tmp.path().join("out");
    let mut child = bin()
        .args(["clean", "-j", "2", "-o"])
        .arg(&out)
        .arg(&input)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill (SIGKILL) once some outputs are there, well before the end.
    let t = Instant::now();
    let mut killed_at = None;
    while t.elapsed() < Duration::from_secs(120) {
        let n = count_outputs(&out);
        if n >= 20 {
            child.kill().unwrap();
            killed_at = Some(n);
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.wait().unwrap();
    let killed_at = killed_at.expect("the run was killed while it worked");
    let after_kill = count_outputs(&out);
    assert!(
        after_kill < total,
        "killed after {killed_at}, found {after_kill}"
    );

    let rerun = bin()
        .args(["clean", "-j", "2", "-o"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        rerun.status.success(),
        "{}",
        String::from_utf8_lossy(&rerun.stderr)
    );
    // Exactly the same files, byte for byte, and nothing else (no temporary files).
    let (a, b) = (files(&reference), files(&out));
    assert_eq!(a.len(), total);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(&b[k] == v, "{} differs", k.display());
    }
    // The manifest's last record of every input says ok.
    let manifest = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    let mut last = std::collections::HashMap::new();
    for line in manifest.lines() {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
            last.insert(
                v["source"].as_str().unwrap().to_string(),
                v["status"].clone(),
            );
        }
    }
    assert_eq!(last.len(), total);
    assert!(last.values().all(|s| s == "ok"));
}

#[test]
fn failures_are_one_line_each_and_the_rest_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good.html");
    std::fs::write(&good, page(1, 5)).unwrap();
    let png = tmp.path().join("image.html");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10").unwrap();
    let missing = tmp.path().join("vanished.html");
    let out = tmp.path().join("out");
    let o = bin()
        .args(["clean", "--max-depth", "64", "-o"])
        .arg(&out)
        .args([&good, &png, &missing])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    // One line a failure, then the run's summary line.
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines[2].contains(", 2 failed, "), "{err}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("image.html") && l.contains("PNG")),
        "{err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("vanished.html") && l.contains("No such file")),
        "{err}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
    assert!(out.join("good.txt").is_file());
    assert!(!out.join("image.txt").exists());
}

#[test]
fn limit_breaches_name_the_limit_and_the_input() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.html");
    std::fs::write(&big, page(2, 200)).unwrap();
    let small = tmp.path().join("small.html");
    std::fs::write(&small, page(3, 2)).unwrap();
    let o = bin()
        .args(["clean", "--max-nodes", "300", "-o"])
        .arg(tmp.path().join("out"))
        .args([&big, &small])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("big.html") && err.contains("DOM nodes") && err.contains("--max-nodes"),
        "{err}"
    );
    // The failure's line and the summary line.
    assert_eq!(err.lines().count(), 2, "{err}");
    let o = bin()
        .args(["clean", "--max-bytes", "1000"])
        .arg(&big)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("big.html") && err.contains("input bytes"),
        "{err}"
    );
    let o = bin()
        .args(["clean", "--max-depth", "0"])
        .arg(&big)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "a depth of 0 is a usage error");
}

#[cfg(unix)]
#[test]
fn outputs_never_leave_the_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    std::fs::write(input.join("sub/page.html"), page(4, 3)).unwrap();
    std::fs::write(input.join("top.html"), page(5, 3)).unwrap();
    let out = tmp.path().join("out");
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    // A symlink planted in the output folder where a subfolder's outputs would go.
    std::os::unix::fs::symlink(&elsewhere, out.join("sub")).unwrap();
    let o = bin()
        .args(["clean", "-o"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("symbolic link"), "{err}");
    assert!(std::fs::read_dir(&elsewhere).unwrap().next().is_none());
    assert!(out.join("top.txt").is_file());
}

#[cfg(target_os = "linux")]
#[test]
fn full_disk_on_stdout_is_one_clear_fatal_message() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("p.html");
    std::fs::write(&p, page(6, 50)).unwrap();
    let o = bin()
        .arg("clean")
        .arg(&p)
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("No space left on device"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
