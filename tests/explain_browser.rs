//! The `--explain-html` report in a real browser: headless Chromium (Debian's `chromium` package)
//! loads it from disk, and the test checks the DOM it built (labels on the removed elements, kept
//! text marked, nothing of the page's scripts) and that it renders a screenshot.
//!
//! Skips with a message when no Chromium is installed (`HTMLSIEVE_CHROMIUM` names a binary).

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("HTMLSIEVE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Run headless Chromium on a file with extra arguments; its stdout, or None on timeout.
fn run_chromium(bin: &Path, profile: &Path, args: &[&str], page: &Path) -> Option<String> {
    let mut child = std::process::Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1200,1600",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if child.try_wait().expect("wait chromium").is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().expect("chromium output");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

const PAGE: &str = r#"<!DOCTYPE html><html><head><title>River park | Example</title>
<script>document.body.innerHTML = 'replaced by a script';</script></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Council approves the new river park</h1>
<p>The city council voted on Tuesday to turn the old freight yard along the river into a public park.</p>
<div class="promo-box">Sponsored: the best deals on garden furniture this week</div>
<table><tr><td class="promo-box">Sponsored cell inside a table</td><td>Plain cell</td></tr></table>
<p>Work on the first section, with paths and a playground, starts in spring and ends next autumn.</p>
</article>
<aside class="ad-slot">Advertisement: buy a car today at the lowest price</aside>
<img src="https://cdn.example/never-loaded.png" alt="a river">
</body></html>"#;

#[test]
fn chromium_renders_the_report() {
    let Some(bin) = chromium() else {
        eprintln!(
            "SKIPPED: no chromium on PATH (Debian: apt-get install chromium; or set HTMLSIEVE_CHROMIUM)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(&page, PAGE).unwrap();
    let list = dir.path().join("list.txt");
    std::fs::write(&list, "##.ad-slot\n##.promo-box:has-text(Sponsored)\n").unwrap();
    let report = dir.path().join("report.html");
    Command::cargo_bin("htmlsieve")
        .unwrap()
        .args(["clean", "--filter-list"])
        .arg(&list)
        .arg(&page)
        .arg("--explain-html")
        .arg(&report)
        .assert()
        .success();

    let profile = dir.path().join("profile");
    let Some(dom) = run_chromium(&bin, &profile, &["--dump-dom"], &report) else {
        panic!("chromium did not finish within 120 s");
    };
    // The browser built the labelled regions (labels are attributes shown by CSS ::before).
    assert!(
        dom.contains("htmlsieve: what was kept and removed"),
        "{dom}"
    );
    assert!(
        dom.contains("class=\"hs-removed\" data-hs-label=\"aside.ad-slot · removed · "),
        "{dom}"
    );
    assert!(
        dom.contains("filter ##.promo-box:has-text(Sponsored)"),
        "{dom}"
    );
    // A label inside a table stays on its cell (no foster-parented stray elements).
    assert!(
        dom.contains("<td class=\"hs-removed\" data-hs-label=\"td.promo-box"),
        "{dom}"
    );
    assert!(dom.contains("class=\"hs-kept\""), "{dom}");
    assert!(dom.contains("The city council voted"), "{dom}");
    assert!(!dom.contains("replaced by a script") && !dom.contains("<script"));
    assert!(!dom.contains("never-loaded.png"));

    let shot = dir.path().join("shot.png");
    let arg = format!("--screenshot={}", shot.display());
    run_chromium(&bin, &profile, &[&arg], &report).expect("chromium screenshot in time");
    let png = std::fs::read(&shot).expect("chromium wrote a screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert!(
        png.len() > 10_000,
        "a blank page would be tiny: {} bytes",
        png.len()
    );
    if let Ok(keep) = std::env::var("HTMLSIEVE_KEEP_SCREENSHOT") {
        let _ = std::fs::copy(&shot, keep);
    }
}
