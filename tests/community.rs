//! CLI tests of community rule sets: `--filter-list`, `--site-config`, `rules list` with them, and
//! `--explain-html`. Every list and site config is small and written here (no third-party list).

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

const PAGE: &str = r#"<!DOCTYPE html><html><head><title>Local News | Example</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="promo-box">Sponsored: the best deals on garden furniture this week</div>
<div class="promo-box">Editors' pick: our longest-running garden column returns</div>
<article>
<h1 class="headline">Council approves the new river park</h1>
<span class="byline">By Ana Ruiz</span>
<div id="story">
<p>The city council voted on Tuesday to turn the old freight yard along the river into a public park.</p>
<div class="share-tools">Share this story on every network you know</div>
<p>Work on the first section, with paths and a playground, starts in spring and ends next autumn.</p>
<p>Residents asked for trees and benches BROKEN-WORD along the water, the planning office said.</p>
<a rel="next" href="/story/2">Continue reading</a>
</div>
</article>
<aside class="ad-slot">Advertisement: buy a car today at the lowest price</aside>
</body></html>"#;

fn htmlsieve() -> Command {
    Command::cargo_bin("htmlsieve").unwrap()
}

/// `htmlsieve clean [extra..] <flag> <rules> <page> --url <url>`, asserted to succeed.
fn clean_at(
    extra: &[&str],
    flag: &str,
    rules: &Path,
    page: &Path,
    url: &str,
) -> assert_cmd::assert::Assert {
    htmlsieve()
        .arg("clean")
        .args(extra)
        .arg(flag)
        .arg(rules)
        .arg(page)
        .args(["--url", url])
        .assert()
        .success()
}

/// Stdout of a run, as text.
fn stdout_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

const LIST: &str = "[Adblock Plus 2.0]
! a small list written for this test
||ads.example.net^$third-party
/banner/*
##.ad-slot
##.promo-box:has-text(Sponsored)
example.com##.share-tools
other.org##p
example.com#@#.ad-slot
example.org##+js(set-constant, x, true)
##div:matches-css(position: fixed)
";

#[test]
fn filter_list_removes_cosmetic_matches_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(dir.path(), "page.html", PAGE);
    let list = write(dir.path(), "list.txt", LIST);
    // On a host without exceptions: the ad slot, the sponsored box and nothing else.
    let run = clean_at(
        &[],
        "--filter-list",
        &list,
        &page,
        "https://news.example.net/story",
    )
    .stderr(predicate::str::contains(
        "skipped 2 network rules, 1 scriptlet/snippet/style, 1 unsupported",
    ));
    let text = stdout_of(&run);
    assert!(!text.contains("Advertisement"), "{text}");
    assert!(!text.contains("Sponsored"), "{text}");
    assert!(text.contains("The city council voted"), "{text}");
    // example.com: its own rule strips the share bar, its exception keeps the ad slot.
    let text = stdout_of(&clean_at(
        &[],
        "--filter-list",
        &list,
        &page,
        "https://www.example.com/story",
    ));
    assert!(!text.contains("Share this story"), "{text}");
    assert!(text.contains("The city council voted"), "{text}");
}

#[test]
fn missing_filter_list_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(dir.path(), "page.html", PAGE);
    htmlsieve()
        .args(["clean", "--filter-list", "/nonexistent/list.txt"])
        .arg(&page)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/list.txt"));
}

const SITE: &str = "# example.com, written for this test
title: //h1[@class='headline']
author: //span[@class='byline']
body: //div[@id='story']
strip: //div[contains(concat(' ',normalize-space(@class),' '),' share-tools ')]
strip: //p[contains(., 'BROKEN')]/ancestor::div
find_string: BROKEN-WORD
replace_string: quietly
next_page_link: //a[@rel='next']
prune: no
test_url: https://example.com/story
test_contains: freight yard
";

#[test]
fn site_config_names_title_body_and_strips() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(dir.path(), "page.html", PAGE);
    let sc = dir.path().join("sc");
    write(&sc, "example.com.txt", SITE);
    write(&sc, "global.txt", "strip: //aside[@class='ad-slot']\n");
    let run = clean_at(
        &["--format", "json"],
        "--site-config",
        &sc,
        &page,
        "https://www.example.com/story",
    )
    .stderr(predicate::str::contains(
        "example.com.txt:6: unsupported XPath in strip: //p[contains(., 'BROKEN')]/ancestor::div",
    ));
    let v: serde_json::Value = serde_json::from_slice(&run.get_output().stdout).unwrap();
    let text = v["text"].as_str().unwrap();
    assert!(
        text.starts_with("Council approves the new river park\n\n"),
        "{text}"
    );
    assert!(text.contains("benches quietly along the water"), "{text}");
    assert!(!text.contains("Share this story"), "{text}");
    assert!(
        !text.contains("Sponsored"),
        "body rule limits the text: {text}"
    );
    assert_eq!(v["metadata"]["author"], "By Ana Ruiz");
    // Another host: only global.txt applies.
    let text = stdout_of(&clean_at(
        &[],
        "--site-config",
        &sc,
        &page,
        "https://other.org/x",
    ));
    assert!(text.contains("BROKEN-WORD"), "{text}");
    assert!(!text.contains("Advertisement"), "{text}");
}

#[test]
fn rules_list_shows_counts_warnings_and_tests() {
    let dir = tempfile::tempdir().unwrap();
    let sc = dir.path().join("sc");
    write(&sc, "example.com.txt", SITE);
    write(&sc, "README.txt", "not a site config");
    let list = write(dir.path(), "list.txt", LIST);
    let out = htmlsieve()
        .args(["rules", "list", "--site-config"])
        .arg(&sc)
        .arg("--filter-list")
        .arg(&list)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("site config"), "{text}");
    assert!(text.contains(": 1 files, 1 warnings"), "{text}");
    assert!(
        text.contains("example.com.txt:6: unsupported XPath"),
        "{text}"
    );
    assert!(text.contains("list.txt:11: skipped filter"), "{text}");
    assert!(
        text.contains("example.com.txt:11"),
        "the self-test is listed: {text}"
    );
    assert!(text.contains("list.txt:6"), "{text}");
}

#[test]
fn explain_html_writes_a_self_contained_report() {
    let dir = tempfile::tempdir().unwrap();
    let page = write(
        dir.path(),
        "page.html",
        &PAGE.replace(
            "<body>",
            "<body><script>document.title='x'</script><img src=\"https://cdn.example/i.png\" alt=\"photo\">",
        ),
    );
    let list = write(dir.path(), "list.txt", LIST);
    let report = dir.path().join("report.html");
    htmlsieve()
        .args(["clean", "--filter-list"])
        .arg(&list)
        .arg(&page)
        .arg("--explain-html")
        .arg(&report)
        .assert()
        .success()
        .stdout(predicate::str::contains("The city council voted"));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("aside.ad-slot · removed · "), "{html}");
    assert!(
        html.contains("list.txt:6 · filter ##.promo-box:has-text(Sponsored)"),
        "{html}"
    );
    assert!(html.contains("nav · removed · rules/"));
    assert!(html.contains("class=\"hs-kept\""));
    assert!(html.contains("[img: photo]"));
    assert!(!html.contains("<script") && !html.contains("https://cdn.example"));
    // One report, one input.
    htmlsieve()
        .arg("clean")
        .arg(&page)
        .arg(&page)
        .arg("--explain-html")
        .arg(&report)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("single input"));
}

#[test]
fn page_links_resolve_next_and_single_page_links() {
    use htmlsieve::{Config, RuleSources};
    let dir = tempfile::tempdir().unwrap();
    let sc = dir.path().join("sc");
    write(
        &sc,
        "example.com.txt",
        "next_page_link: //a[@rel='next']\nsingle_page_link: //a[contains(@class,'print')]/@href\n",
    );
    let ex = htmlsieve::Extractor::new(Config {
        rules: RuleSources {
            site_config_dirs: vec![sc],
            ..Default::default()
        },
        ..Default::default()
    })
    .unwrap();
    let page = r#"<p><a class="btn print-view" href="/story?all=1">Print</a><a rel="next" href="p2">2</a></p>"#;
    let links = ex.page_links(page, "https://www.example.com/story/p1");
    assert_eq!(
        links.next_page.as_deref(),
        Some("https://www.example.com/story/p2")
    );
    assert_eq!(
        links.single_page.as_deref(),
        Some("https://www.example.com/story?all=1")
    );
    // A host without a site config has no links.
    assert_eq!(
        ex.page_links(page, "https://other.org/a"),
        Default::default()
    );
}
