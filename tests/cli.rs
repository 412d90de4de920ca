//! The `htmlsieve clean` command as users and scripts see it: formats, stdin, folders, manifest,
//! exit codes (0 all ok, 1 some inputs failed, 2 usage), broken pipes and the JSON record shape.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn read_fixture(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).expect("fixture exists")
}

fn htmlsieve() -> Command {
    Command::cargo_bin("htmlsieve").expect("binary built")
}

fn stdout_of(args: &[&str]) -> String {
    stdout_with_stdin(args, "")
}

/// Stdout of a successful run that reads `stdin`.
fn stdout_with_stdin(args: &[&str], stdin: &str) -> String {
    let out = htmlsieve()
        .args(args)
        .write_stdin(stdin)
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).expect("gzip");
    enc.finish().expect("gzip")
}

/// A folder with pages at several depths and in every accepted form, plus files to ignore.
fn sample_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::create_dir_all(root.join("news/2024")).unwrap();
    std::fs::copy(fixture("lists.html"), root.join("lists.html")).unwrap();
    std::fs::copy(fixture("code.html"), root.join("news/code.htm")).unwrap();
    std::fs::copy(fixture("headings.html"), root.join("news/2024/bees.xhtml")).unwrap();
    let tables = std::fs::read(fixture("tables.html")).unwrap();
    std::fs::write(root.join("news/2024/rain.html.gz"), gzip(&tables)).unwrap();
    std::fs::write(root.join("notes.md"), "# not a page\n").unwrap();
    std::fs::write(root.join("news/style.css"), "body { color: red }").unwrap();
    dir
}

#[test]
fn txt_to_stdout_is_the_golden_output() {
    htmlsieve()
        .args(["clean", fixture("lists.html").to_str().unwrap()])
        .assert()
        .success()
        .stdout(read_fixture("lists.txt"))
        // Piped, so no progress bar and nothing else on stderr.
        .stderr("");
}

#[test]
fn no_title_prints_the_body_only() {
    let full = read_fixture("headings.txt");
    let body = full.split_once("\n\n").unwrap().1;
    htmlsieve()
        .args([
            "clean",
            "--no-title",
            fixture("headings.html").to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout(body.to_string());
    // In records, --no-title leaves the title out of `text` but keeps it in the metadata.
    let v = json(&stdout_of(&[
        "clean",
        "--no-title",
        "-f",
        "jsonl",
        fixture("headings.html").to_str().unwrap(),
    ]));
    assert_eq!(v["text"].as_str().unwrap(), body.trim_end());
    assert_eq!(
        v["metadata"]["title"],
        "A beginner's guide to keeping bees in a small garden"
    );
}

#[test]
fn markdown_has_headings_lists_fences_and_tables() {
    let lists = stdout_of(&["clean", "-f", "md", fixture("lists.html").to_str().unwrap()]);
    assert!(lists.starts_with("# Packing list for a first winter camping trip\n\n"));
    assert!(lists.contains("\n## Sleeping\n"), "{lists}");
    assert!(lists.contains(
        "\n- A four-season tent, or a three-season tent with a solid inner\n- Two sleeping mats"
    ));
    assert!(lists.contains("\n1. Light the stove inside the porch, never inside the tent.\n2. "));

    let code = stdout_of(&[
        "clean",
        "--format",
        "md",
        fixture("code.html").to_str().unwrap(),
    ]);
    assert!(code.contains("\n```\nuse std::fs::File;\n"), "{code}");
    assert!(
        code.contains("    for line in reader.lines() {\n"),
        "indentation kept: {code}"
    );
    assert!(code.contains("}\n```\n"), "{code}");

    let table = stdout_of(&[
        "clean",
        "-f",
        "md",
        fixture("tables.html").to_str().unwrap(),
    ]);
    assert!(
        table.contains(
            "| Month | Rainfall (mm) | Rain days |\n| --- | --- | --- |\n| June | 71 | 12 |\n"
        ),
        "{table}"
    );

    // Text that looks like Markdown syntax is escaped.
    let page = "<html><head><title>Stars</title></head><body><article><p>Use *args and [links] \
                here, in a long enough paragraph of ordinary prose for the extractor.</p></article></body></html>";
    let md = stdout_with_stdin(&["clean", "-f", "md", "-"], page);
    assert!(md.contains(r"Use \*args and \[links\]"), "{md}");
}

#[test]
fn markdown_keeps_links_and_images_on_request() {
    let page = fixture("links-images.html");
    let page = page.to_str().unwrap();
    let md = stdout_of(&[
        "clean",
        "-f",
        "md",
        "--links",
        "--images",
        "--url",
        "https://example.com/a/b.html",
        page,
    ]);
    // Targets resolved against the page's URL; in-page anchors stay text.
    assert!(
        md.contains("gardens at [Kew](https://example.com/kew) opened"),
        "{md}"
    );
    assert!(
        md.contains("[visitor guide](<https://example.org/x%20(1)>)"),
        "{md}"
    );
    assert!(md.contains("links to anchors on the page"), "{md}");
    // The content's images, each where it stands; a lazy image by its real source. The logo,
    // the inline icon and the aside's advert are not the content's.
    assert!(
        md.contains("\n\n![Tulips in bloom](https://example.com/a/img/tulips.jpg)\n\nThe second"),
        "{md}"
    );
    assert!(md.contains("![Lazy](https://example.com/lazy.jpg)"), "{md}");
    for not in ["logo.png", "i.png", "ad.jpg", "data:"] {
        assert!(!md.contains(not), "{not} in {md}");
    }
    // Without the flags, plain Markdown; the text of the page is the same either way.
    let plain = stdout_of(&["clean", "-f", "md", page]);
    assert!(
        !plain.contains("](") && plain.contains("gardens at Kew opened"),
        "{plain}"
    );
    // JSON blocks carry the links and image blocks.
    let j = json(&stdout_of(&[
        "clean", "-f", "json", "--links", "--images", page,
    ]));
    let blocks = j["blocks"].as_array().unwrap();
    assert_eq!(blocks[0]["links"][0]["text"], "Kew");
    assert_eq!(blocks[0]["links"][0]["href"], "/kew");
    assert!(blocks
        .iter()
        .any(|b| b["type"] == "image" && b["alt"] == "Tulips in bloom"));
    // Plain text has no markup to keep them in.
    htmlsieve()
        .args(["clean", "--links", page])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--links and --images need --format md or json",
        ));
}

#[test]
fn json_record_names_the_page_type() {
    let page = r#"<html><head><title>Trail Shoe X2 | Shop</title>
        <script type="application/ld+json">{"@type":"Product","name":"Trail Shoe X2",
        "offers":{"@type":"Offer","price":"89.00","priceCurrency":"USD"}}</script></head>
        <body><main><h1>Trail Shoe X2</h1><p class="price">$89.00</p><p>In stock</p>
        <form><input name="qty" type="number"><button>Add to cart</button></form>
        <p>A light trail shoe with a grippy sole and a breathable mesh upper for long days on
        rocky paths and wet meadows alike.</p></main></body></html>"#;
    let out = stdout_with_stdin(
        &[
            "clean",
            "-f",
            "jsonl",
            "-",
            "--url",
            "https://shop.example.com/products/x2",
        ],
        page,
    );
    let rec = json(&out);
    assert_eq!(rec["metadata"]["page_type"], "product", "{rec}");
}

#[test]
fn json_record_has_the_dolma_shape() {
    let out = stdout_of(&[
        "clean",
        "-f",
        "json",
        "--url",
        "https://example.org/news/towpath",
        fixture("navigation.html").to_str().unwrap(),
    ]);
    let v = json(&out);
    for key in [
        "id", "text", "source", "added", "created", "metadata", "error",
    ] {
        assert!(v.get(key).is_some(), "missing {key}: {out}");
    }
    assert_eq!(v["source"], "htmlsieve");
    assert!(v["error"].is_null());
    assert_eq!(v["id"], "navigation.html");
    let expected = read_fixture("navigation.txt");
    assert_eq!(v["text"].as_str().unwrap(), expected.trim_end());
    let added = v["added"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(added).is_ok(),
        "added: {added}"
    );
    let md = &v["metadata"];
    for key in [
        "url",
        "title",
        "author",
        "date",
        "sitename",
        "lang",
        "description",
        "encoding",
        "encoding_source",
        "extractor",
    ] {
        assert!(md.get(key).is_some(), "metadata.{key} missing: {out}");
    }
    assert_eq!(md["url"], "https://example.org/news/towpath");
    assert_eq!(
        md["title"],
        "Canal towpath reopens after two years of repairs"
    );
    assert_eq!(md["sitename"], "Riverside Gazette");
    assert_eq!(md["lang"], "en");
    assert_eq!(md["encoding"], "UTF-8");
    assert_eq!(md["encoding_source"], "meta");
    assert_eq!(md["extractor"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(md["extractor"]["rules"].as_u64().unwrap() > 0);
}

#[test]
fn json_reports_the_encoding_and_what_decided_it() {
    for (case, encoding, source) in [
        ("encoding-shift-jis.html", "Shift_JIS", "meta"),
        ("encoding-windows-1252.html", "windows-1252", "meta"),
        ("encoding-utf16-bom.html", "UTF-16LE", "bom"),
        ("encoding-meta-lies.html", "UTF-8", "detected-over-declared"),
    ] {
        let v = json(&stdout_of(&[
            "clean",
            "-f",
            "json",
            fixture(case).to_str().unwrap(),
        ]));
        assert_eq!(v["metadata"]["encoding"], encoding, "{case}");
        assert_eq!(v["metadata"]["encoding_source"], source, "{case}");
    }
}

#[test]
fn jsonl_is_one_record_per_input_and_keeps_failures() {
    let out = htmlsieve()
        .args([
            "clean",
            "-f",
            "jsonl",
            fixture("lists.html").to_str().unwrap(),
            "does-not-exist.html",
            fixture("code.html").to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    let recs: Vec<serde_json::Value> = lines.iter().map(|l| json(l)).collect();
    assert!(recs[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Packing list"));
    assert!(recs[0]["error"].is_null());
    assert_eq!(recs[1]["id"], "does-not-exist.html");
    assert_eq!(recs[1]["text"], "");
    let err = recs[1]["error"].as_str().unwrap();
    assert!(
        err.starts_with("io: ") && err.contains("does-not-exist.html"),
        "{err}"
    );
    assert!(recs[2]["text"]
        .as_str()
        .unwrap()
        .starts_with("Reading a file"));
}

#[test]
fn missing_file_is_one_line_naming_it_and_exit_1_with_the_rest_written() {
    let out = tempfile::tempdir().unwrap();
    let assert = htmlsieve()
        .args([
            "clean",
            fixture("lists.html").to_str().unwrap(),
            "missing-page.html",
            fixture("code.html").to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .stdout("");
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    // One line for the failure, then the run's summary line.
    assert_eq!(stderr.lines().count(), 2, "{stderr:?}");
    assert!(
        stderr.starts_with("htmlsieve: missing-page.html: "),
        "{stderr}"
    );
    let last = stderr.lines().last().unwrap();
    assert!(
        last.starts_with("htmlsieve: 2 ok") && last.contains(", 1 failed, 0 done before, "),
        "{last}"
    );
    assert_eq!(
        stderr.matches("missing-page.html").count(),
        1,
        "named once: {stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("lists.txt")).unwrap(),
        read_fixture("lists.txt")
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("code.txt")).unwrap(),
        read_fixture("code.txt")
    );
    assert!(!out.path().join("missing-page.txt").exists());
}

#[test]
fn missing_file_on_stdout_still_prints_the_others() {
    let assert = htmlsieve()
        .args([
            "clean",
            "nothing-here.html",
            fixture("lists.html").to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .stdout(read_fixture("lists.txt"));
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1);
    assert!(stderr.contains("nothing-here.html"));
}

#[test]
fn usage_errors_exit_2() {
    htmlsieve()
        .args(["clean", "--no-such-flag", "x.html"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--no-such-flag"));
    htmlsieve().args(["clean"]).assert().code(2);
    htmlsieve().args(["frobnicate"]).assert().code(2);
    htmlsieve()
        .args(["clean", "-f", "pdf", "x.html"])
        .assert()
        .code(2);
    // --url names one page: with two inputs it is a usage error.
    htmlsieve()
        .args([
            "clean",
            "--url",
            "https://example.org/",
            fixture("lists.html").to_str().unwrap(),
            fixture("code.html").to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--url"));
    // ... and so with a folder of several pages.
    let tree = sample_tree();
    htmlsieve()
        .args(["clean", "--url", "https://example.org/"])
        .arg(tree.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--url"));
    // A folder with no pages in it: nothing could run.
    let empty = tempfile::tempdir().unwrap();
    htmlsieve()
        .args(["clean", empty.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no input documents"))
        // The path as the user typed it, not Rust's debug quoting, and what would have counted.
        .stderr(predicate::str::contains("[\"").not())
        .stderr(predicate::str::contains("*.html"))
        .stderr(predicate::str::contains("--text"));
    // Only missing named files: exit 2, and no output folder is left behind.
    let out = empty.path().join("out");
    htmlsieve()
        .args(["clean", "no-such-page.html", "-o", out.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file: no-such-page.html"));
    assert!(!out.exists(), "a run that could not start created {out:?}");
}

#[test]
fn disable_switches_one_heuristic_off() {
    let page = fixture("lead-in-header.html");
    let page = page.to_str().unwrap();
    let lead = "In ihren Grussworten ging es um das Gespräch zwischen Kirche und Staat.";
    assert!(stdout_of(&["clean", page]).contains(lead));
    let without = stdout_of(&["clean", page, "--disable", "lead"]);
    assert!(!without.contains(lead), "the standfirst stayed: {without}");
    // The rest of the article does not depend on it.
    assert!(without.contains("Die Synode tagte zwei Tage lang im alten Rathaus."));
    // Comma-separated names; an unknown one is a usage error that lists the known ones.
    stdout_of(&["clean", page, "--disable", "lead,grid"]);
    htmlsieve()
        .args(["clean", page, "--disable", "no-such-pass"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-pass"))
        .stderr(predicate::str::contains("sibling-posts"));
}

#[test]
fn help_and_version_exit_0() {
    htmlsieve()
        .args(["--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes"));
    htmlsieve()
        .args(["clean", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--no-title"));
    htmlsieve()
        .args(["--version"])
        .assert()
        .success()
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let page = std::fs::read(fixture("blockquote.html")).unwrap();
    htmlsieve()
        .args(["clean", "-"])
        .write_stdin(page.clone())
        .assert()
        .success()
        .stdout(read_fixture("blockquote.txt"));
    // With -o, stdin becomes stdin.<ext>.
    let out = tempfile::tempdir().unwrap();
    htmlsieve()
        .args([
            "clean",
            "-",
            "-f",
            "jsonl",
            "-o",
            out.path().to_str().unwrap(),
        ])
        .write_stdin(page)
        .assert()
        .success();
    // JSONL into a folder: the corpus file, here of one record.
    let rec = json(&std::fs::read_to_string(out.path().join("corpus.jsonl")).unwrap());
    assert_eq!(rec["id"], "-");
    assert_eq!(
        rec["metadata"]["title"],
        "What the harbour master wrote in 1911"
    );
}

#[test]
fn gzipped_stdin_is_read_like_a_gz_file() {
    let page = std::fs::read(fixture("blockquote.html")).unwrap();
    htmlsieve()
        .args(["clean", "-"])
        .write_stdin(gzip(&page))
        .assert()
        .success()
        .stdout(read_fixture("blockquote.txt"));
}

#[cfg(unix)]
#[test]
fn outputs_get_the_permissions_the_umask_allows_not_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("report.html");
    htmlsieve()
        .args([
            "clean",
            fixture("blockquote.html").to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
            "--explain-html",
            report.to_str().unwrap(),
        ])
        .assert()
        .success();
    // The test process's umask is inherited; what a plain file created now would get is the
    // reference (0644 under the usual 022).
    let probe = out.path().join("probe");
    std::fs::write(&probe, b"x").unwrap();
    let want = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
    for f in ["blockquote.txt", "manifest.jsonl", "report.html"] {
        let mode = std::fs::metadata(out.path().join(f))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, want, "{f}: {mode:o}, a plain file gets {want:o}");
    }
}

#[test]
fn url_sets_the_metadata_url() {
    let page = std::fs::read(fixture("share-bar.html")).unwrap();
    let out = htmlsieve()
        .args([
            "clean",
            "-",
            "-f",
            "jsonl",
            "--url",
            "https://trains.example/night",
        ])
        .write_stdin(page)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(String::from_utf8(out).unwrap().trim());
    assert_eq!(v["metadata"]["url"], "https://trains.example/night");
}

#[test]
fn folders_are_walked_recursively_and_mirrored_under_out() {
    let tree = sample_tree();
    let out = tempfile::tempdir().unwrap();
    htmlsieve()
        .args([
            "clean",
            "-j",
            "2",
            tree.path().to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout("")
        .stderr("");
    let o = out.path();
    assert_eq!(
        std::fs::read_to_string(o.join("lists.txt")).unwrap(),
        read_fixture("lists.txt")
    );
    assert_eq!(
        std::fs::read_to_string(o.join("news/code.txt")).unwrap(),
        read_fixture("code.txt")
    );
    assert_eq!(
        std::fs::read_to_string(o.join("news/2024/bees.txt")).unwrap(),
        read_fixture("headings.txt")
    );
    assert_eq!(
        std::fs::read_to_string(o.join("news/2024/rain.txt")).unwrap(),
        read_fixture("tables.txt"),
        "a .html.gz page is ungzipped"
    );
    assert!(!o.join("notes.txt").exists() && !o.join("news/style.txt").exists());

    // One manifest record per input, with the output file relative to the folder.
    let manifest = std::fs::read_to_string(o.join("manifest.jsonl")).unwrap();
    let recs: Vec<serde_json::Value> = manifest.lines().map(json).collect();
    assert_eq!(recs.len(), 4, "{manifest}");
    let mut files: Vec<&str> = recs.iter().map(|r| r["file"].as_str().unwrap()).collect();
    files.sort();
    assert_eq!(
        files,
        [
            "lists.txt",
            "news/2024/bees.txt",
            "news/2024/rain.txt",
            "news/code.txt"
        ]
    );
    for r in &recs {
        assert_eq!(r["status"], "ok");
        assert!(r["error"].is_null());
        assert!(r["bytes"].as_u64().unwrap() > 0);
        assert!(r["source"]
            .as_str()
            .unwrap()
            .starts_with(tree.path().to_str().unwrap()));
        assert!(!r["title"].as_str().unwrap().is_empty());
    }
}

#[test]
fn every_format_writes_its_extension() {
    let tree = sample_tree();
    for (fmt, ext) in [
        ("txt", "txt"),
        ("md", "md"),
        ("json", "json"),
        ("jsonl", "jsonl"),
    ] {
        let out = tempfile::tempdir().unwrap();
        htmlsieve()
            .args(["clean", "-f", fmt, tree.path().to_str().unwrap(), "-o"])
            .arg(out.path())
            .arg("--one-file-per-input")
            .assert()
            .success();
        let p = out.path().join(format!("news/code.{ext}"));
        let content = std::fs::read_to_string(&p).unwrap_or_else(|_| panic!("{p:?}"));
        if ext.starts_with("json") {
            assert!(json(&content)["text"]
                .as_str()
                .unwrap()
                .contains("BufReader"));
        } else {
            assert!(content.contains("BufReader::new(File::open"));
        }
    }
}

#[test]
fn colliding_output_names_do_not_overwrite_each_other() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("lists.html"), a.path().join("index.html")).unwrap();
    std::fs::copy(fixture("code.html"), b.path().join("index.html")).unwrap();
    let out = tempfile::tempdir().unwrap();
    htmlsieve()
        .args(["clean"])
        .arg(a.path())
        .arg(b.path())
        .arg("-o")
        .arg(out.path())
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(out.path().join("index.txt")).unwrap(),
        read_fixture("lists.txt")
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("index-2.txt")).unwrap(),
        read_fixture("code.txt")
    );
}

#[test]
fn a_second_run_resumes_from_the_manifest() {
    let tree = sample_tree();
    let out = tempfile::tempdir().unwrap();
    let run = || {
        htmlsieve()
            .args(["clean"])
            .arg(tree.path())
            .arg("-o")
            .arg(out.path())
            .assert()
            .success();
    };
    run();
    // A finished output that is missing is redone; the others are not touched.
    std::fs::remove_file(out.path().join("lists.txt")).unwrap();
    let code = out.path().join("news/code.txt");
    std::fs::write(&code, "kept from the first run\n").unwrap();
    run();
    assert_eq!(
        std::fs::read_to_string(out.path().join("lists.txt")).unwrap(),
        read_fixture("lists.txt")
    );
    assert_eq!(
        std::fs::read_to_string(&code).unwrap(),
        "kept from the first run\n"
    );
}

#[test]
fn failures_in_a_folder_run_are_recorded_in_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("lists.html"), dir.path().join("good.html")).unwrap();
    // Not HTML at all: a PNG signature.
    std::fs::write(
        dir.path().join("image.html"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let assert = htmlsieve()
        .args(["clean"])
        .arg(dir.path())
        .arg("-o")
        .arg(out.path())
        .assert()
        .code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    // The failure's line and the summary line.
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(
        stderr.lines().next().unwrap().contains("image.html"),
        "{stderr}"
    );
    assert!(stderr.contains(", 1 failed, "), "{stderr}");
    let manifest = std::fs::read_to_string(out.path().join("manifest.jsonl")).unwrap();
    let recs: Vec<serde_json::Value> = manifest.lines().map(json).collect();
    assert_eq!(recs.len(), 2);
    let bad = recs
        .iter()
        .find(|r| r["source"].as_str().unwrap().ends_with("image.html"))
        .unwrap();
    assert_eq!(bad["status"], "error");
    assert!(bad["file"].is_null());
    assert!(
        bad["error"].as_str().unwrap().starts_with("not-html: "),
        "{bad}"
    );
    assert!(out.path().join("good.txt").is_file());
}

#[test]
fn empty_page_is_empty_output_not_an_error() {
    htmlsieve()
        .args(["clean", fixture("empty-page.html").to_str().unwrap()])
        .assert()
        .success()
        .stdout("");
}

#[test]
fn several_documents_on_stdout_are_separated_by_a_form_feed() {
    let out = stdout_of(&[
        "clean",
        fixture("lists.html").to_str().unwrap(),
        fixture("code.html").to_str().unwrap(),
    ]);
    assert_eq!(
        out,
        format!(
            "{}\u{c}\n{}",
            read_fixture("lists.txt"),
            read_fixture("code.txt")
        )
    );
}

#[test]
fn an_unwritable_output_folder_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    htmlsieve()
        .args(["clean", fixture("lists.html").to_str().unwrap(), "-o"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not-a-folder"));
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    use std::io::Read;
    // Enough output to overflow the pipe after the reader has gone.
    let dir = tempfile::tempdir().unwrap();
    let page = std::fs::read(fixture("split-article.html")).unwrap();
    for i in 0..300 {
        std::fs::write(dir.path().join(format!("p{i:03}.html")), &page).unwrap();
    }
    let bin = assert_cmd::cargo::cargo_bin("htmlsieve");
    let mut child = std::process::Command::new(bin)
        .args(["clean", "-j", "1"])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // like `| head -c 1`
    let out = child.wait_with_output().unwrap();
    assert_eq!(&first, b"T");
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_saved_page_without_url_gets_its_site_rules_from_the_url_it_states() {
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/sites/fixtures/wikipedia.org.html"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    // One page names itself by its canonical link, one by the browser's "saved from" note, and
    // one states nothing (no site rules then).
    let canonical = page.replacen(
        "<head>",
        "<head><link rel=\"canonical\" href=\"https://en.wikipedia.org/wiki/Sieve\">",
        1,
    );
    let saved =
        format!("<!-- saved from url=(0035)https://en.wikipedia.org/wiki/Sieve -->\n{page}");
    std::fs::write(dir.path().join("a-canonical.html"), canonical).unwrap();
    std::fs::write(dir.path().join("b-saved.html"), saved).unwrap();
    std::fs::write(dir.path().join("c-plain.html"), &page).unwrap();
    let out = stdout_of(&["clean", "-f", "jsonl", dir.path().to_str().unwrap()]);
    let recs: Vec<serde_json::Value> = out.lines().map(json).collect();
    assert_eq!(recs.len(), 3);
    for (rec, source) in recs[..2].iter().zip(["canonical", "saved-from"]) {
        let text = rec["text"].as_str().unwrap();
        assert!(
            !text.contains("[edit]"),
            "{source}: site rules not applied:\n{text}"
        );
        assert!(!text.contains("References"), "{source}:\n{text}");
        assert_eq!(
            rec["metadata"]["url"],
            "https://en.wikipedia.org/wiki/Sieve"
        );
        assert_eq!(rec["metadata"]["url_source"], source);
    }
    assert!(recs[2]["text"].as_str().unwrap().contains("[edit]"));
    assert!(recs[2]["metadata"]["url"].is_null());
    // A URL given by the caller wins over the page's statement, and says so.
    let given = stdout_of(&[
        "clean",
        "-f",
        "jsonl",
        "--url",
        "https://en.wikipedia.org/wiki/Sieve_(disambiguation)",
        dir.path().join("a-canonical.html").to_str().unwrap(),
    ]);
    let rec = json(given.trim());
    assert_eq!(
        rec["metadata"]["url"],
        "https://en.wikipedia.org/wiki/Sieve_(disambiguation)"
    );
    assert_eq!(rec["metadata"]["url_source"], "given");
    // A --urls-from mapping names the plain page's URL; it wins over what a page states.
    let map = dir.path().join("map.jsonl");
    std::fs::write(
        &map,
        "{\"id\": \"c-plain\", \"url\": \"https://en.wikipedia.org/wiki/Sieve\"}\n\
         {\"file\": \"out/a-canonical.txt\", \"final_url\": \"https://de.wikipedia.org/wiki/Sieb\"}\n",
    )
    .unwrap();
    let mapped = stdout_of(&[
        "clean",
        "-f",
        "jsonl",
        "--urls-from",
        map.to_str().unwrap(),
        dir.path().to_str().unwrap(),
    ]);
    let recs: Vec<serde_json::Value> = mapped.lines().map(json).collect();
    assert_eq!(
        recs[0]["metadata"]["url"],
        "https://de.wikipedia.org/wiki/Sieb"
    );
    assert_eq!(recs[0]["metadata"]["url_source"], "urls-from");
    assert_eq!(recs[1]["metadata"]["url_source"], "saved-from");
    assert_eq!(recs[2]["metadata"]["url_source"], "urls-from");
    assert!(!recs[2]["text"].as_str().unwrap().contains("[edit]"));
    // A broken mapping stops the run with FILE:LINE.
    std::fs::write(&map, "{\"url\": \"https://a.example/\"}\n").unwrap();
    htmlsieve()
        .args(["clean", "--urls-from", map.to_str().unwrap()])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("map.jsonl:1:"));
}

#[test]
fn every_record_says_what_it_holds_in_json_and_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let pages = [
        (
            "listing.html",
            "<html><head><title>Directory listing for /news/</title></head><body>\
             <h1>Directory listing for /news/</h1><ul><li><a href=\"a.html\">a.html</a></li>\
             <li><a href=\"b.html\">b.html</a></li></ul></body></html>",
            "not_article",
        ),
        (
            "missing.html",
            "<html><head><title>Page not found</title></head><body><h1>Page not found</h1>\
             <p>Sorry, the page you asked for is not here.</p></body></html>",
            "error_page",
        ),
        (
            "note.html",
            "<title>My note</title><p>Just one short paragraph.</p>",
            "",
        ),
        ("article.html", "", "ok"),
    ];
    for (name, html, _) in &pages[..3] {
        std::fs::write(dir.path().join(name), html).unwrap();
    }
    std::fs::copy(fixture("navigation.html"), dir.path().join("article.html")).unwrap();
    let out = dir.path().join("out");
    htmlsieve()
        .args([
            "clean",
            "-f",
            "jsonl",
            "--one-file-per-input",
            "-o",
            out.to_str().unwrap(),
        ])
        .arg(dir.path())
        .assert()
        .success();
    let manifest = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    for (name, _, want) in pages {
        let stem = name.trim_end_matches(".html");
        let rec = json(&std::fs::read_to_string(out.join(format!("{stem}.jsonl"))).unwrap());
        let status = rec["metadata"]["content_status"]
            .as_str()
            .unwrap()
            .to_string();
        if want.is_empty() {
            // A short note: never silently "ok" (empty when its paragraph is dropped, low
            // confidence when kept), with the reason said.
            assert!(
                status == "empty" || status == "not_article",
                "{name}: {status}"
            );
        } else {
            assert_eq!(status, want, "{name}");
        }
        if status != "ok" {
            assert!(
                rec["metadata"]["status_reason"].is_string(),
                "{name}: {rec}"
            );
        }
        let line = manifest
            .lines()
            .map(json)
            .find(|m| m["source"].as_str().unwrap().ends_with(name))
            .unwrap();
        assert_eq!(
            line["content_status"].as_str(),
            Some(status.as_str()),
            "{name}"
        );
    }
}

#[test]
fn explain_and_the_report_list_the_same_removals_and_textless_ones_only_with_all() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    // A menu with a nested menu (one removal: the nested one went with it) and an icon button
    // that holds no text.
    std::fs::write(
        &page,
        "<html><head><title>Harbour wall repaired</title></head><body>\
         <nav><ul><li><a href=\"/\">Home</a></li></ul><nav class=\"sub\"><a href=\"/news\">News</a></nav></nav>\
         <button class=\"icon\"><svg viewBox=\"0 0 10 10\"><path d=\"M0 0h10v10z\"/></svg></button>\
         <article><h1>Harbour wall repaired</h1><p>The harbour wall that storms broke last winter \
         has been rebuilt, the port authority said on Friday, and the fishing boats will moor \
         along it again from next week.</p></article></body></html>",
    )
    .unwrap();
    let stderr_of = |flag: &str| {
        let out = htmlsieve()
            .args(["clean", flag, page.to_str().unwrap()])
            .assert()
            .success()
            .get_output()
            .clone();
        String::from_utf8(out.stderr).unwrap()
    };
    let rule_lines = |s: &str| {
        s.lines()
            .filter(|l| l.contains(" removed ") && !l.contains("(extractor"))
            .count()
    };
    let plain = stderr_of("--explain");
    assert!(!plain.contains("removed svg"), "{plain}");
    assert!(plain.contains("removed nav \"Home News\""), "{plain}");
    let all = stderr_of("--explain=all");
    assert!(all.contains("removed svg"), "{all}");
    let report = dir.path().join("report.html");
    htmlsieve()
        .args(["clean", page.to_str().unwrap(), "--explain-html"])
        .arg(&report)
        .assert()
        .success();
    let html = std::fs::read_to_string(&report).unwrap();
    let listed = format!("data-removed=\"{}\"", rule_lines(&plain));
    assert!(
        html.contains(&listed),
        "report and --explain differ: want {listed}"
    );
}

#[test]
fn jsonl_into_a_folder_is_one_corpus_file_that_resumes() {
    let tree = sample_tree();
    let out = tempfile::tempdir().unwrap();
    let run = || {
        htmlsieve()
            .args([
                "clean",
                "-f",
                "jsonl",
                "-j",
                "2",
                tree.path().to_str().unwrap(),
                "-o",
            ])
            .arg(out.path())
            .assert()
            .success()
    };
    run();
    let corpus = std::fs::read_to_string(out.path().join("corpus.jsonl")).unwrap();
    let recs: Vec<serde_json::Value> = corpus.lines().map(json).collect();
    let inputs = std::fs::read_to_string(out.path().join("manifest.jsonl"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(recs.len(), inputs, "one record per input");
    let mut ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), recs.len(), "ids are unique");
    assert!(ids.contains(&"news/code.htm"), "{ids:?}");
    // No per-input files beside it.
    assert!(!out.path().join("news/code.jsonl").exists());
    // A rerun adds nothing.
    run();
    assert_eq!(
        std::fs::read_to_string(out.path().join("corpus.jsonl")).unwrap(),
        corpus
    );
}
