//! Rule files from the outside: `rules check|list|test`, broken files stopping `clean`, host
//! scoping of site files, field rules, and `--explain`.

mod fetch_server;

use assert_cmd::Command;
use fetch_server::{Reply, Server};
use predicates::prelude::*;
use std::fs;
use std::path::Path;

fn bin() -> Command {
    Command::cargo_bin("htmlsieve").unwrap()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

const PAGE: &str = r#"<!DOCTYPE html><html><head><title>Kettle review | Gadgets</title></head><body>
<div class="topbar"><a href="/">Gadgets</a> <a href="/deals">Deals</a></div>
<article>
<h1 class="headline">The quiet kettle, tested</h1>
<p class="by">Tested in our lab with <span class="who">Ada Lovelace</span> on <time datetime="2024-03-01">March 1</time></p>
<p>We boiled a litre of water forty times in this kettle and measured how loud it was at every stage of the boil.</p>
<div class="deal-box"><p>Get 20% off every kettle in our shop this week only, while stocks last.</p></div>
<p>It stayed under fifty decibels, quieter than a normal conversation in a quiet living room.</p>
<p>Promoted: buy now</p>
</article></body></html>"#;

const SITE_RULES: &str = r#"# gadgets.test site rules
[[rule]]
action = "strip"
selector = ".deal-box"
reason = "shop promotion"

[[rule]]
action = "title"
selector = "h1.headline"

[[rule]]
action = "author"
selector = ".by .who"

[[rule]]
action = "date"
selector = "time"

[[line]]
text = "Promoted: buy now"

[[test]]
fixture = "../pages/kettle.html"
contains = ["The quiet kettle, tested", "It stayed under fifty decibels"]
not_contains = ["20% off", "Promoted"]
"#;

fn site_dir() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "sites/gadgets.test.toml", SITE_RULES);
    write(d.path(), "pages/kettle.html", PAGE);
    d
}

#[test]
fn check_accepts_builtin_and_good_files() {
    bin()
        .args(["rules", "check"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok: "));
    let d = site_dir();
    bin()
        .args(["rules", "check"])
        .arg(d.path().join("sites"))
        .assert()
        .success()
        .stdout(predicate::str::contains("1 field rules").not())
        .stdout(predicate::str::contains("3 field rules"));
}

#[test]
fn check_reports_every_broken_file_with_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "a.toml",
        "[[rule]]\naction = \"strip\"\n\nselector = \"div[[\"\n",
    );
    write(d.path(), "b.toml", "[[line]]\nregex = \"(open\"\n");
    write(d.path(), "c.toml", "[[line]]\ntext = \"fine\"\n");
    let a = d.path().join("a.toml").display().to_string();
    let b = d.path().join("b.toml").display().to_string();
    bin()
        .args(["rules", "check"])
        .arg(d.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{a}:4: bad selector")))
        .stderr(predicate::str::contains(format!("{b}:2: bad regex")))
        .stderr(predicate::str::contains("2 of 3 rule files have problems"));
}

#[test]
fn check_reports_missing_fixture() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "sites/x.test.toml",
        "[[line]]\ntext = \"a\"\n\n[[test]]\nfixture = \"nope.html\"\ncontains = [\"a\"]\n",
    );
    bin()
        .args(["rules", "check"])
        .arg(d.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("x.test.toml:4: fixture not found"));
}

#[test]
fn broken_rule_file_stops_clean_before_any_work() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "rules/bad.toml",
        "[[rule]]\naction = \"zap\"\nselector = \"p\"\n",
    );
    write(d.path(), "in/page.html", PAGE);
    let bad = d.path().join("rules/bad.toml").display().to_string();
    bin()
        .args(["clean", "-o"])
        .arg(d.path().join("out"))
        .arg(d.path().join("in"))
        .arg("--rules")
        .arg(d.path().join("rules"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{bad}:2: unknown action \"zap\""
        )));
    assert!(
        !d.path().join("out").exists(),
        "no output before rules load"
    );
}

#[test]
fn site_rules_apply_to_their_host_and_subdomains_only() {
    let d = site_dir();
    let page = d.path().join("pages/kettle.html");
    let run = |url: &str| {
        let out = bin()
            .args(["clean", "--format", "json", "--url", url, "--rules"])
            .arg(d.path().join("sites"))
            .arg(&page)
            .output()
            .unwrap();
        assert!(out.status.success());
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    for url in [
        "https://gadgets.test/k",
        "https://www.reviews.gadgets.test/k",
    ] {
        let v = run(url);
        let text = v["text"].as_str().unwrap();
        assert!(!text.contains("20% off"), "{url}: {text}");
        assert!(!text.contains("Promoted"), "{url}: {text}");
        assert!(text.contains("fifty decibels"), "{url}: {text}");
        assert_eq!(v["metadata"]["title"], "The quiet kettle, tested", "{url}");
        assert_eq!(v["metadata"]["author"], "Ada Lovelace", "{url}");
        assert_eq!(v["metadata"]["date"], "2024-03-01", "{url}");
    }
    // A look-alike host gets none of them.
    let v = run("https://notgadgets.test/k");
    assert!(v["text"].as_str().unwrap().contains("20% off"));
    assert_ne!(v["metadata"]["author"], "Ada Lovelace");
}

#[test]
fn rules_test_runs_fixture_tests_and_reports_failures() {
    let d = site_dir();
    bin()
        .args(["rules", "test"])
        .arg(d.path().join("sites"))
        .assert()
        .success()
        .stdout(predicate::str::contains("1 passed, 0 failed"));
    // A test whose snippet the rules do not achieve fails with the snippet named.
    write(
        d.path(),
        "sites/gadgets.test.toml",
        &SITE_RULES.replace(
            "not_contains = [\"20% off\"",
            "not_contains = [\"forty times\"",
        ),
    );
    bin()
        .args(["rules", "test"])
        .arg(d.path().join("sites"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL"))
        .stdout(predicate::str::contains("unwanted \"forty times\""));
}

#[test]
fn rules_test_skips_url_tests_offline() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "sites/example.test.toml",
        "[[line]]\ntext = \"x\"\n\n[[test]]\nurl = \"https://example.test/a\"\ncontains = [\"a\"]\n",
    );
    bin()
        .args(["rules", "test"])
        .arg(d.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("skip"))
        .stdout(predicate::str::contains("--online"))
        .stdout(predicate::str::contains("0 passed, 0 failed, 1 skipped"));
}

#[test]
fn builtin_site_rules_pass_their_tests_in_a_checkout() {
    let root = env!("CARGO_MANIFEST_DIR");
    bin()
        .current_dir(root)
        .args(["rules", "test", "rules/"])
        .assert()
        .success()
        .stdout(predicate::str::contains(" 0 failed"))
        .stdout(predicate::str::contains("wikipedia.org.toml"));
}

#[test]
fn list_shows_rules_with_origin_and_scope() {
    let d = site_dir();
    let out = bin()
        .args(["rules", "list"])
        .arg(d.path().join("sites"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("rules/boilerplate.toml"), "{s}");
    let site = d
        .path()
        .join("sites/gadgets.test.toml")
        .display()
        .to_string();
    assert!(
        s.lines()
            .any(|l| l.starts_with(&format!("{site}:2\tstrip\tgadgets.test\t.deal-box"))),
        "{s}"
    );
    assert!(
        s.contains(&format!("{site}:11\tauthor\tgadgets.test\t.by .who")),
        "{s}"
    );
    assert!(s.contains("\tline drop anywhere\t*\t"), "{s}");
    // Without the built-in rules only the folder's rules are listed.
    let out = bin()
        .args(["rules", "list", "--no-default-rules"])
        .arg(d.path().join("sites"))
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(!s.contains("rules/boilerplate.toml"), "{s}");
    assert!(s.starts_with("# 1 files"), "{s}");
}

#[test]
fn explain_names_rule_and_line_for_each_removal() {
    let d = site_dir();
    let page = d.path().join("pages/kettle.html");
    let site = d
        .path()
        .join("sites/gadgets.test.toml")
        .display()
        .to_string();
    let out = bin()
        .args([
            "clean",
            "--explain",
            "--url",
            "https://gadgets.test/k",
            "--rules",
        ])
        .arg(d.path().join("sites"))
        .arg(&page)
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    let name = page.display().to_string();
    assert!(
        err.contains(&format!(
            "{name}: removed div.deal-box \"Get 20% off every kettle in our shop this week only, while s…\" ({site}:2: shop promotion)"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{name}: removed line \"Promoted: buy now\" ({site}:19:"
        )),
        "{err}"
    );
    // The explanation goes to stderr only.
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("removed"), "{text}");
}

#[test]
fn explain_in_batch_prefixes_each_input() {
    let d = tempfile::tempdir().unwrap();
    let body = "<p>Plenty of article text in this paragraph to be kept by the extractor as the main content.</p>\
                <p>A second paragraph of article text, so that the article is the main content.</p>";
    write(
        d.path(),
        "in/a.html",
        &format!(
            "<html><body><nav><a href=/>Home of A</a></nav><article>{body}</article></body></html>"
        ),
    );
    write(
        d.path(),
        "in/b.html",
        &format!("<html><body><article>{body}<p>ADVERTISEMENT</p></article></body></html>"),
    );
    let out = bin()
        .args(["clean", "--explain", "-j", "2", "-o"])
        .arg(d.path().join("out"))
        .arg(d.path().join("in"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    let a = d.path().join("in/a.html").display().to_string();
    let b = d.path().join("in/b.html").display().to_string();
    assert!(
        err.lines().any(|l| l.starts_with(&format!(
            "{a}: removed nav \"Home of A\" (rules/boilerplate.toml:"
        ))),
        "{err}"
    );
    assert!(
        err.lines().any(|l| l.starts_with(&format!(
            "{b}: removed line \"ADVERTISEMENT\" (rules/lines.toml:"
        ))),
        "{err}"
    );
}

#[test]
fn no_default_rules_starts_empty() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "page.html",
        "<html><body><article><p>Plenty of article text in this paragraph to be kept by the extractor.</p>\
         <p>ADVERTISEMENT</p><p>A second paragraph of article text, so that the article is the main content.</p>\
         </article></body></html>",
    );
    bin()
        .arg("clean")
        .arg(d.path().join("page.html"))
        .assert()
        .success()
        .stdout(predicate::str::contains("ADVERTISEMENT").not());
    bin()
        .args(["clean", "--no-default-rules"])
        .arg(d.path().join("page.html"))
        .assert()
        .success()
        .stdout(predicate::str::contains("ADVERTISEMENT"));
}

#[test]
fn broken_rule_file_stops_fetch_before_any_request() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "bad.toml", "[[line]]\nregex = \"[\"\n");
    let srv = Server::start(|_| Reply::html(PAGE));
    let bad = d.path().join("bad.toml").display().to_string();
    bin()
        .args(["fetch", "--delay", "0", "--rules"])
        .arg(d.path())
        .arg(srv.url("/kettle"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "htmlsieve: {bad}:2: bad regex"
        )));
    assert_eq!(srv.hits("/kettle") + srv.hits("/robots.txt"), 0);
}

#[test]
fn fetch_applies_site_rules_by_the_fetched_host_and_explains() {
    let d = tempfile::tempdir().unwrap();
    // The test server's host is 127.0.0.1: a site file for it.
    write(
        d.path(),
        "sites/127.0.0.1.toml",
        SITE_RULES.split("[[test]]").next().unwrap(),
    );
    let srv = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::not_found(),
        _ => Reply::html(PAGE),
    });
    let url = srv.url("/kettle");
    let out = bin()
        .args(["fetch", "--delay", "0", "--explain", "--rules"])
        .arg(d.path())
        .arg(&url)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{err}");
    assert!(text.starts_with("The quiet kettle, tested\n"), "{text}");
    assert!(!text.contains("20% off"), "{text}");
    assert!(
        err.contains(&format!("{url}: removed div.deal-box")),
        "{err}"
    );
}

#[test]
fn keep_and_unwrap_win_over_strip_rules() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "r/site.toml",
        r#"
[[rule]]
action = "strip"
selector = "aside"
reason = "sidebar"

[[rule]]
action = "keep"
selector = "aside.factbox"

[[rule]]
action = "unwrap"
selector = "nav.article-wrap"
"#,
    );
    write(
        d.path(),
        "page.html",
        r##"<html><body>
<nav class="article-wrap"><article>
<p>The museum reopened on Saturday after a two-year renovation that added a new wing for textiles.</p>
<nav class="toc"><a href="#a">Section A</a> <a href="#b">Section B</a></nav>
<p>Visitors queued from early morning, and the first thousand received a free printed guide.</p>
<aside class="related"><p>Other museums that reopened this year, in a list of links.</p></aside>
</article></nav>
<div class="footer"><aside class="factbox"><p>Fact box: the museum was founded in 1901 by a weaving guild.</p></aside></div>
</body></html>"##,
    );
    let out = bin()
        .args(["clean", "--rules"])
        .arg(d.path().join("r"))
        .arg(d.path().join("page.html"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // The unwrapped nav is not removed as a whole, but the nav inside it is.
    assert!(text.contains("The museum reopened"), "{text}");
    assert!(text.contains("Visitors queued"), "{text}");
    assert!(!text.contains("Section A"), "{text}");
    // Stripped aside gone; kept aside stays although it sits outside the main content.
    assert!(!text.contains("Other museums"), "{text}");
    assert!(text.contains("Fact box: the museum was founded"), "{text}");
}
