//! The corpus commands end to end on WARC files built from the fixtures: `warc` (records, skips,
//! errors, duplicates, shards, resume, filters), `jsonl` (one line out per line in) and `stats`.

use assert_cmd::Command;
use htmlsieve_corpus::build;
use serde_json::Value;
use std::io::Read;
use std::path::Path;

const DATE: &str = "2024-05-01T10:00:00Z";

fn bin() -> Command {
    Command::cargo_bin("htmlsieve").expect("binary built")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name),
    )
    .unwrap()
}

fn page(id: &str, url: &str, html: &[u8]) -> Vec<u8> {
    build::response(
        &format!("<urn:uuid:{id}>"),
        url,
        DATE,
        "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8",
        html,
    )
}

fn article(title: &str, paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<html lang=en><head><title>{title}</title></head><body><nav><a href=/>Home</a></nav>\
         <article><h1>{title}</h1>{body}</article><footer>© Example</footer></body></html>"
    )
    .into_bytes()
}

const P1: &str = "The long-awaited ferry terminal in the harbour town finally opened on Saturday morning, three years later than planned and nearly twice over its original budget, as hundreds of residents gathered on the quay to watch the first crossing.";
const P2: &str = "The mayor cut the ribbon shortly after eight o'clock and thanked the builders, the port authority and the regional government for their patience during a project that was repeatedly stalled by storms and supply shortages.";
const P3: &str = "The new terminal has room for two ferries at a time, a covered waiting hall with a café, and a cycle park with space for three hundred bicycles, and the crossing to the island now takes forty minutes instead of an hour.";

/// A crawl: two articles, an exact copy of the first under another URL, a non-HTML record, a
/// 404, a Latin-1 page, and (gzip per record) a truncated last record.
fn crawl(dir: &Path) -> std::path::PathBuf {
    let latin1 = b"<html><head><meta charset=iso-8859-1><title>Gr\xfc\xdfe</title></head><body><article>\
<p>Die Stra\xdfe am Hafen wurde am Samstag f\xfcr den Verkehr ge\xf6ffnet, nachdem die Bauarbeiten drei Jahre l\xe4nger gedauert hatten als geplant und fast doppelt so viel gekostet haben.</p>\
<p>Hunderte Anwohner kamen zum Kai, um die erste \xdcberfahrt zu sehen, und der B\xfcrgermeister dankte den Bauarbeitern f\xfcr ihre Geduld w\xe4hrend der langen Bauzeit.</p></article></body></html>";
    let mut recs = vec![
        build::record(
            "WARC/1.1",
            "warcinfo",
            "<urn:uuid:info>",
            None,
            DATE,
            "application/warc-fields",
            b"software: test\r\n",
        ),
        page(
            "a",
            "https://news.example/ferry",
            &article("Ferry terminal opens", &[P1, P2, P3]),
        ),
        page(
            "b",
            "https://other.example/copy",
            &article("Ferry terminal opens", &[P1, P2, P3]),
        ),
        build::response(
            "<urn:uuid:img>",
            "https://news.example/a.png",
            DATE,
            "HTTP/1.1 200 OK\nContent-Type: image/png",
            b"\x89PNG\r\n\x1a\n....",
        ),
        build::response(
            "<urn:uuid:gone>",
            "https://news.example/gone",
            DATE,
            "HTTP/1.1 404 Not Found\nContent-Type: text/html",
            b"<p>gone</p>",
        ),
        build::response(
            "<urn:uuid:de>",
            "https://news.example.de/hafen",
            DATE,
            "HTTP/1.1 200 OK\nContent-Type: text/html",
            latin1,
        ),
        page(
            "fx",
            "https://blog.example/boxed",
            &fixture("boxed-paragraphs.html"),
        ),
    ];
    let mut cut = page("cut", "https://news.example/cut", &article("Cut", &[P1]));
    cut.truncate(cut.len() - 40);
    recs.push(cut);
    let data: Vec<u8> = recs.iter().flat_map(|r| build::gzip(r)).collect();
    let path = dir.join("crawl.warc.gz");
    std::fs::write(&path, data).unwrap();
    path
}

fn records(path: &Path) -> Vec<Value> {
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn warc_to_shards_with_duplicates_languages_errors_and_resume() {
    let dir = tempfile::tempdir().unwrap();
    let warc = crawl(dir.path());
    let out = dir.path().join("out");
    bin()
        .args(["warc", "-j", "2", "-o"])
        .arg(&out)
        .arg(&warc)
        .assert()
        .code(1);
    let part = out.join("s00000-000000.jsonl.gz");
    let recs = records(&part);
    let ids: Vec<&str> = recs
        .iter()
        .map(|r| r["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        ids,
        vec![
            "<urn:uuid:a>",
            "<urn:uuid:b>",
            "<urn:uuid:de>",
            "<urn:uuid:fx>",
            "<urn:uuid:cut>"
        ]
    );
    let a = &recs[0];
    assert!(a["text"].as_str().unwrap().contains("ferry terminal"));
    assert_eq!(a["created"], DATE);
    assert_eq!(a["source"], "htmlsieve");
    assert_eq!(a["metadata"]["url"], "https://news.example/ferry");
    assert_eq!(a["metadata"]["warc_filename"], "crawl.warc.gz");
    assert_eq!(a["metadata"]["lang"], "en");
    assert_eq!(a["metadata"]["lang_declared"], "en");
    assert!(a["metadata"]["lang_score"].as_f64().unwrap() > 0.5);
    assert!(a["metadata"]["quality"]["word_count"].as_u64().unwrap() > 50);
    assert!(a["metadata"]["duplicate_of"].is_null());
    assert!(a["error"].is_null());
    // The copy points at the first one.
    assert_eq!(recs[1]["metadata"]["duplicate_of"], "<urn:uuid:a>");
    // The offset finds the record's gzip member in the file.
    let raw = std::fs::read(&warc).unwrap();
    let off = recs[1]["metadata"]["warc_offset"].as_u64().unwrap() as usize;
    let mut member = String::new();
    let _ = flate2::read::GzDecoder::new(&raw[off..]).read_to_string(&mut member);
    assert!(member.contains("WARC-Record-ID: <urn:uuid:b>"), "{member}");
    // Latin-1 decoded from the page's meta.
    let de = &recs[2];
    assert!(
        de["text"].as_str().unwrap().contains("Straße am Hafen"),
        "{}",
        de["text"]
    );
    assert_eq!(de["metadata"]["lang"], "de");
    assert!(de["metadata"]["lang_declared"].is_null());
    // The truncated record is an error record.
    assert!(
        recs[4]["error"].as_str().unwrap().starts_with("truncated"),
        "{}",
        recs[4]
    );

    let stats: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("s00000-000000.stats.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(stats["skipped"]["not_html"], 1);
    assert_eq!(stats["skipped"]["status"], 1);
    assert_eq!(stats["skipped"]["record_type"], 1);
    assert_eq!(stats["errors"]["truncated"], 1);
    assert_eq!(stats["duplicates_exact"], 1);
    assert_eq!(stats["written"], 5);

    // stats: text and JSON.
    let o = bin()
        .arg("stats")
        .arg(&out)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let o = String::from_utf8(o).unwrap();
    assert!(o.contains("duplicates: exact 1, near 0"), "{o}");
    assert!(o.contains("truncated 1"), "{o}");
    let o = bin()
        .args(["stats", "--json"])
        .arg(&out)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let j: Value = serde_json::from_slice(&o).unwrap();
    assert_eq!(j["languages"]["en"].as_u64(), Some(3));

    // A rerun of a finished shard does nothing.
    let before = std::fs::read(&part).unwrap();
    let o = bin()
        .args(["warc", "-o"])
        .arg(&out)
        .arg(&warc)
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8_lossy(&o).contains("already done"));
    assert_eq!(std::fs::read(&part).unwrap(), before);

    // One thread gives the same records (ids, texts, duplicates) as two.
    let out1 = dir.path().join("out1");
    bin()
        .args(["warc", "-j", "1", "-o"])
        .arg(&out1)
        .arg(&warc)
        .assert()
        .code(1);
    let strip = |mut v: Vec<Value>| {
        for r in &mut v {
            r.as_object_mut().unwrap().remove("added");
        }
        v
    };
    assert_eq!(
        strip(records(&out1.join("s00000-000000.jsonl.gz"))),
        strip(recs)
    );
}

#[test]
fn shards_split_the_input_list_and_resume_skips_finished_parts() {
    let dir = tempfile::tempdir().unwrap();
    let mut list = String::new();
    for i in 0..4 {
        let p = dir.path().join(format!("c{i}.warc"));
        let html = article(&format!("Story {i}"), &[P1, P2]);
        // Inputs 0 and 2 hold the same page under other ids: a near/exact duplicate only
        // across parts of shard 0.
        let id = format!("p{i}");
        let url = format!("https://e.example/{i}");
        let html = if i % 2 == 0 {
            article("Same story", &[P1, P2, P3])
        } else {
            html
        };
        std::fs::write(&p, page(&id, &url, &html)).unwrap();
        list.push_str(&format!("{}\n", p.display()));
    }
    let list_path = dir.path().join("inputs.txt");
    std::fs::write(&list_path, format!("# the crawl\n{list}")).unwrap();
    let out = dir.path().join("out");
    for shard in ["0/2", "1/2"] {
        bin()
            .args([
                "warc",
                "--compress",
                "none",
                "--shard",
                shard,
                "--inputs-file",
            ])
            .arg(&list_path)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
    }
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".jsonl") && !n.contains("dropped"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "s00000-000000.jsonl",
            "s00000-000002.jsonl",
            "s00001-000001.jsonl",
            "s00001-000003.jsonl"
        ]
    );
    let second: Value = serde_json::from_str(
        std::fs::read_to_string(out.join("s00000-000002.jsonl"))
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(second["metadata"]["duplicate_of"], "<urn:uuid:p0>");
    assert!(out.join("s00000.done").exists() && out.join("s00001.done").exists());

    // A killed run: the second part and the done marker are gone. The rerun redoes only that
    // part, with the first part's pages in its index, and writes the same bytes.
    let redo = out.join("s00000-000002.jsonl");
    let before = std::fs::read_to_string(&redo).unwrap();
    std::fs::remove_file(&redo).unwrap();
    std::fs::remove_file(out.join("s00000.done")).unwrap();
    let stale = out.join("s00000-000002.jsonl.tmp999");
    std::fs::write(&stale, "half a part").unwrap();
    let first_before = std::fs::metadata(out.join("s00000-000000.jsonl"))
        .unwrap()
        .modified()
        .unwrap();
    bin()
        .args([
            "warc",
            "--compress",
            "none",
            "--shard",
            "0/2",
            "--inputs-file",
        ])
        .arg(&list_path)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let after = std::fs::read_to_string(&redo).unwrap();
    assert!(
        !stale.exists(),
        "the killed run's temporary part is removed"
    );
    assert_eq!(after, before, "byte-identical after resume");
    assert_eq!(
        std::fs::metadata(out.join("s00000-000000.jsonl"))
            .unwrap()
            .modified()
            .unwrap(),
        first_before
    );

    // A later run against this run's index: every page is a duplicate.
    let out2 = dir.path().join("out2");
    bin()
        .args(["warc", "--compress", "zst", "--dedup-index"])
        .arg(out.join("dedup"))
        .arg("-o")
        .arg(&out2)
        .arg(dir.path().join("c1.warc"))
        .assert()
        .success();
    let data = zstd::decode_all(std::fs::File::open(out2.join("s00000-000000.jsonl.zst")).unwrap())
        .unwrap();
    let rec: Value = serde_json::from_slice(data.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(rec["metadata"]["duplicate_of"], "<urn:uuid:p1>");
}

#[test]
fn lang_and_gopher_filters_drop_with_the_rule_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let short = b"<html><body><article><p>Only a few words here, far too short for Gopher.</p></article></body></html>";
    let warc = dir.path().join("f.warc");
    std::fs::write(
        &warc,
        [
            page(
                "en",
                "https://e.example/en",
                &article("Ferry", &[P1, P2, P3]),
            ),
            page("short", "https://e.example/s", short),
        ]
        .concat(),
    )
    .unwrap();
    let out = dir.path().join("out");
    bin()
        .args(["warc", "--filter", "gopher", "--compress", "none", "-o"])
        .arg(&out)
        .arg(&warc)
        .assert()
        .success();
    let kept = std::fs::read_to_string(out.join("s00000-000000.jsonl")).unwrap();
    assert_eq!(kept.lines().count(), 1);
    let dropped = std::fs::read_to_string(out.join("s00000-000000.dropped.jsonl")).unwrap();
    assert!(
        dropped.contains("\"rule\":\"gopher_short_doc\"") && dropped.contains("<urn:uuid:short>"),
        "{dropped}"
    );

    let out = dir.path().join("out-de");
    bin()
        .args(["warc", "--lang", "de,fr", "--compress", "none", "-o"])
        .arg(&out)
        .arg(&warc)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(out.join("s00000-000000.jsonl")).unwrap(),
        ""
    );
    let dropped = std::fs::read_to_string(out.join("s00000-000000.dropped.jsonl")).unwrap();
    assert_eq!(dropped.matches("\"rule\":\"lang\"").count(), 2, "{dropped}");
}

#[test]
fn warc_bad_usage_and_unreadable_input() {
    let dir = tempfile::tempdir().unwrap();
    bin()
        .args(["warc", "--shard", "2/2", "-o"])
        .arg(dir.path())
        .arg("x.warc")
        .assert()
        .code(2);
    let garbage = dir.path().join("g.warc");
    std::fs::write(&garbage, "not a warc at all\n").unwrap();
    let out = dir.path().join("out");
    bin()
        .args(["warc", "--compress", "none", "-o"])
        .arg(&out)
        .arg(&garbage)
        .assert()
        .code(1);
    let rec: Value = serde_json::from_str(
        std::fs::read_to_string(out.join("s00000-000000.jsonl"))
            .unwrap()
            .trim(),
    )
    .unwrap();
    assert!(
        rec["error"].as_str().unwrap().starts_with("malformed"),
        "{rec}"
    );
}

#[test]
fn jsonl_pipe_gives_one_line_out_per_line_in_in_order() {
    let html = String::from_utf8(article("Ferry terminal opens", &[P1, P2, P3])).unwrap();
    let mut input = String::new();
    for i in 0..20 {
        input.push_str(&serde_json::json!({"id": format!("d{i}"), "url": format!("https://e.example/{i}"), "html": html}).to_string());
        input.push('\n');
    }
    input.push_str("this is not json\n");
    input.push_str("{\"id\": 7, \"url\": \"https://e.example/x\"}\n");
    input.push_str(&serde_json::json!({"id": "last", "html": "<p>x</p>"}).to_string());
    input.push('\n');
    let o = bin()
        .args(["jsonl", "-j", "2"])
        .write_stdin(input)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let lines: Vec<Value> = String::from_utf8(o)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 23);
    for (i, r) in lines.iter().take(20).enumerate() {
        assert_eq!(r["id"], format!("d{i}"));
        assert_eq!(r["metadata"]["url"], format!("https://e.example/{i}"));
        assert!(r["text"].as_str().unwrap().contains("ferry terminal"));
        assert_eq!(r["metadata"]["lang"], "en");
    }
    assert!(lines[20]["error"].as_str().unwrap().starts_with("input"));
    assert_eq!(lines[21]["id"], "7");
    assert!(lines[21]["error"].as_str().unwrap().contains("html"));
    assert_eq!(lines[22]["id"], "last");
}
