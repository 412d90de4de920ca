//! `htmlsieve fetch` against servers these tests start on 127.0.0.1 (never the network): success,
//! retries, redirects, timeouts, caps, content types, encodings, robots.txt, politeness, resume and
//! Ctrl-C. Timeouts, delays and backoffs are set short by flags so each test stays fast.

mod fetch_server;

use fetch_server::{article, Reply, Server};
use htmlsieve_cli::naming::corpus_name;
use serde_json::Value;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PARA: &str = "The committee met on Tuesday to discuss the new budget for the coming year, \
and after a long debate the members agreed to raise spending on schools and public libraries.";
const PARA2: &str = "Critics said the plan relied on optimistic forecasts of tax revenue, while \
supporters argued that the investment would pay for itself within a decade of steady growth.";

fn page(title: &str) -> Vec<u8> {
    article(title, &[PARA, PARA2]).into_bytes()
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_htmlsieve"))
}

/// Flags that keep a test fast: no politeness pause, short backoff and timeout.
const FAST: &[&str] = &["--delay", "0", "--backoff", "20", "--timeout", "5"];

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

fn run(args: &[&str]) -> Run {
    // FAST's flags, unless the test sets them itself.
    let mut fast = Vec::new();
    for pair in FAST.chunks(2) {
        if !args.contains(&pair[0]) {
            fast.extend_from_slice(pair);
        }
    }
    let t = Instant::now();
    let out: Output = bin()
        .arg("fetch")
        .args(&fast)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run htmlsieve");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: t.elapsed(),
    }
}

fn run_to(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["-o", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    run(&all)
}

/// All manifest records, in the order written.
fn manifest(dir: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(dir.join("manifest.jsonl")).unwrap_or_default();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad manifest line {l:?}: {e}")))
        .collect()
}

/// The last manifest record of `url`.
fn record(dir: &Path, url: &str) -> Value {
    manifest(dir)
        .into_iter()
        .rev()
        .find(|r| r["url"] == url)
        .unwrap_or_else(|| panic!("no record for {url}"))
}

fn txt_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    v.sort();
    v
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn success_writes_the_corpus_file_and_its_record() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/news/budget" => Reply::html(page("Council approves budget")),
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let url = srv.url("/news/budget");
    let r = run_to(dir.path(), &[&url]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let name = corpus_name(0, &url, "txt");
    assert_eq!(txt_files(dir.path()), vec![name.clone()]);
    let text = std::fs::read_to_string(dir.path().join(&name)).unwrap();
    assert!(text.starts_with("Council approves budget\n"), "{text}");
    assert!(text.contains(PARA) && text.contains(PARA2), "{text}");
    assert!(!text.contains("All rights reserved"), "{text}");
    let rec = record(dir.path(), &url);
    assert_eq!(rec["index"], 0);
    assert_eq!(rec["status"], "ok");
    assert_eq!(rec["http_status"], 200);
    assert_eq!(rec["final_url"], url.as_str());
    assert_eq!(rec["content_type"], "text/html; charset=utf-8");
    assert_eq!(rec["encoding"], "UTF-8");
    assert_eq!(rec["bytes"], page("Council approves budget").len());
    assert_eq!(rec["file"], name.as_str());
    assert!(rec["title"]
        .as_str()
        .unwrap()
        .starts_with("Council approves budget"));
    assert_eq!(rec["attempts"], 1);
    assert!(rec["error"].is_null());
    assert!(rec["fetched_at"].as_str().unwrap().ends_with('Z'));
    // robots.txt was asked for once, with our User-Agent.
    assert_eq!(srv.hits("/robots.txt"), 1);
    let ua = srv.user_agents();
    assert!(
        ua.iter()
            .all(|u| u.starts_with(&format!("htmlsieve/{}", env!("CARGO_PKG_VERSION")))),
        "{ua:?}"
    );
}

#[test]
fn without_out_dir_text_goes_to_stdout_in_input_order() {
    let srv = Server::start(|r| match r.path.as_str() {
        // The first page answers last: the output still follows the input order.
        "/slow" => Reply::After(
            Duration::from_millis(300),
            Box::new(Reply::html(page("First page"))),
        ),
        "/fast" => Reply::html(page("Second page")),
        _ => Reply::not_found(),
    });
    let r = run(&[&srv.url("/slow"), &srv.url("/fast"), &srv.url("/gone")]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let first = r.stdout.find("First page").expect("first page printed");
    let second = r.stdout.find("Second page").expect("second page printed");
    assert!(first < second, "{}", r.stdout);
    assert!(
        r.stdout.contains("\u{c}\n"),
        "documents separated by a form feed"
    );
    assert!(r.stderr.contains("/gone: fetch: HTTP 404"), "{}", r.stderr);
}

#[test]
fn jsonl_corpus_and_resume_without_refetching() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/a" => Reply::html(page("Alpha")),
        "/b" => Reply::html(page("Beta")),
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let (a, b) = (srv.url("/a"), srv.url("/b"));
    let r = run_to(dir.path(), &["--format", "jsonl", &a, &b]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let corpus = std::fs::read_to_string(dir.path().join("corpus.jsonl")).unwrap();
    let recs: Vec<Value> = corpus
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 2);
    let alpha = recs.iter().find(|r| r["metadata"]["url"] == a).unwrap();
    assert_eq!(
        alpha["id"],
        corpus_name(0, &a, "txt").trim_end_matches(".txt")
    );
    assert!(alpha["text"].as_str().unwrap().contains(PARA));
    assert_eq!(alpha["source"], "htmlsieve");
    assert!(txt_files(dir.path()).is_empty());
    // Same command again: nothing is fetched, nothing is appended.
    let r = run_to(dir.path(), &["--format", "jsonl", &a, &b]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!((srv.hits("/a"), srv.hits("/b")), (1, 1));
    let again = std::fs::read_to_string(dir.path().join("corpus.jsonl")).unwrap();
    assert_eq!(again, corpus);
}

#[test]
fn stdout_jsonl_keeps_error_records() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/ok" => Reply::html(page("Fine")),
        _ => Reply::not_found(),
    });
    let r = run(&["--format", "jsonl", &srv.url("/ok"), &srv.url("/missing")]);
    assert_eq!(r.code, 1);
    let recs: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 2);
    assert!(recs[0]["error"].is_null());
    assert_eq!(recs[1]["text"], "");
    assert!(recs[1]["error"]
        .as_str()
        .unwrap()
        .starts_with("fetch: HTTP 404"));
}

#[test]
fn retries_a_503_then_succeeds() {
    let srv = Server::start(|r| match (r.path.as_str(), r.hit) {
        ("/flaky", 1) => Reply::status(503, "busy"),
        ("/flaky", _) => Reply::html(page("Second time lucky")),
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let url = srv.url("/flaky");
    let r = run_to(dir.path(), &[&url]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rec = record(dir.path(), &url);
    assert_eq!(rec["status"], "ok");
    assert_eq!(rec["attempts"], 2);
    assert_eq!(srv.hits("/flaky"), 2);
}

#[test]
fn gives_up_after_the_retries() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/down" => Reply::status(500, "broken"),
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let url = srv.url("/down");
    let r = run_to(dir.path(), &["--retries", "2", &url]);
    assert_eq!(r.code, 1);
    let rec = record(dir.path(), &url);
    assert_eq!(rec["status"], "error");
    assert_eq!(rec["http_status"], 500);
    assert_eq!(rec["attempts"], 3);
    assert!(rec["error"].as_str().unwrap().contains("HTTP 500"), "{rec}");
    assert_eq!(srv.hits("/down"), 3);
    assert!(txt_files(dir.path()).is_empty());
}

#[test]
fn honours_retry_after_on_429() {
    let srv = Server::start(|r| match (r.path.as_str(), r.hit) {
        ("/busy", 1) => Reply::status(429, "slow down").header("Retry-After", "1"),
        ("/busy", _) => Reply::html(page("Patience pays")),
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let url = srv.url("/busy");
    let r = run_to(dir.path(), &[&url]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let t = srv.times("/busy");
    assert_eq!(t.len(), 2);
    // The backoff flag says 20 ms; the server asked for a second.
    assert!(
        t[1] - t[0] >= Duration::from_millis(950),
        "{:?}",
        t[1] - t[0]
    );
    assert_eq!(record(dir.path(), &url)["attempts"], 2);
}

#[test]
fn follows_a_redirect_chain_and_records_the_final_url() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/old" => Reply::redirect(301, "/older"),
        // Relative and absolute Locations both resolve against the current URL.
        "/older" => Reply::redirect(302, "new/place"),
        "/new/place" => Reply::html(page("Moved here")),
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let url = srv.url("/old");
    let r = run_to(dir.path(), &[&url]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rec = record(dir.path(), &url);
    assert_eq!(rec["final_url"], srv.url("/new/place").as_str());
    assert_eq!(rec["redirects"], 2);
    // The file is named after the URL as given.
    assert_eq!(rec["file"], corpus_name(0, &url, "txt").as_str());
}

#[test]
fn detects_redirect_loops_and_too_many_redirects() {
    let srv = Server::start(|r| {
        let p = r.path.as_str();
        if p == "/loop/a" {
            Reply::redirect(302, "/loop/b")
        } else if p == "/loop/b" {
            Reply::redirect(302, "/loop/a")
        } else if let Some(n) = p.strip_prefix("/chain/") {
            let n: u32 = n.parse().unwrap_or(0);
            Reply::redirect(307, &format!("/chain/{}", n + 1))
        } else {
            Reply::not_found()
        }
    });
    let dir = tmp();
    let (looped, chain) = (srv.url("/loop/a"), srv.url("/chain/0"));
    let r = run_to(dir.path(), &[&looped, &chain]);
    assert_eq!(r.code, 1);
    let rec = record(dir.path(), &looped);
    assert!(
        rec["error"].as_str().unwrap().contains("redirect loop"),
        "{rec}"
    );
    assert_eq!(srv.hits("/loop/a"), 1);
    let rec = record(dir.path(), &chain);
    assert!(
        rec["error"]
            .as_str()
            .unwrap()
            .contains("too many redirects"),
        "{rec}"
    );
    // Ten redirects followed (/chain/0 .. /chain/10), the eleventh refused.
    assert_eq!(srv.hits("/chain/10"), 1);
    assert_eq!(srv.hits("/chain/11"), 0);
}

#[test]
fn a_404_is_an_error_record_without_retries() {
    let srv = Server::start(|_| Reply::not_found());
    let dir = tmp();
    let url = srv.url("/nothing");
    let r = run_to(dir.path(), &[&url]);
    assert_eq!(r.code, 1);
    let rec = record(dir.path(), &url);
    assert_eq!(rec["status"], "error");
    assert_eq!(rec["http_status"], 404);
    assert_eq!(rec["attempts"], 1);
    assert!(rec["file"].is_null());
    assert!(rec["error"]
        .as_str()
        .unwrap()
        .starts_with("fetch: HTTP 404"));
    assert!(txt_files(dir.path()).is_empty());
}

#[test]
fn a_server_that_never_answers_is_cut_off() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/hang" => Reply::Hang,
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let url = srv.url("/hang");
    let r = run_to(dir.path(), &["--timeout", "1", "--retries", "0", &url]);
    assert_eq!(r.code, 1);
    let rec = record(dir.path(), &url);
    assert!(
        rec["error"].as_str().unwrap().contains("timed out"),
        "{rec}"
    );
    assert!(r.elapsed < Duration::from_secs(6), "{:?}", r.elapsed);
}

#[test]
fn a_server_that_drips_is_cut_off_by_the_whole_request_timeout() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/drip" => Reply::Drip {
            every: Duration::from_millis(100),
        },
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let url = srv.url("/drip");
    let r = run_to(dir.path(), &["--timeout", "1", "--retries", "1", &url]);
    assert_eq!(r.code, 1);
    let rec = record(dir.path(), &url);
    assert!(
        rec["error"].as_str().unwrap().contains("timed out"),
        "{rec}"
    );
    assert_eq!(rec["attempts"], 2);
    assert!(r.elapsed < Duration::from_secs(8), "{:?}", r.elapsed);
}

#[test]
fn a_body_over_the_cap_is_refused() {
    let big = article("Huge", &[&PARA.repeat(2000)]);
    assert!(big.len() > 300_000);
    let srv = Server::start(move |r| match r.path.as_str() {
        "/big" => Reply::html(big.clone()),
        "/endless" => Reply::Endless,
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let (big_url, endless) = (srv.url("/big"), srv.url("/endless"));
    let r = run_to(dir.path(), &["--max-bytes", "100K", &big_url, &endless]);
    assert_eq!(r.code, 1);
    for url in [&big_url, &endless] {
        let rec = record(dir.path(), url);
        let err = rec["error"].as_str().unwrap();
        assert!(err.starts_with("limit:") && err.contains("102400"), "{rec}");
    }
    assert!(txt_files(dir.path()).is_empty());
}

#[test]
fn a_gzip_bomb_stops_at_the_cap() {
    use flate2::write::GzEncoder;
    use std::io::Write;
    // 16 MiB of spaces behind an HTML start, about 16 KB on the wire.
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(b"<html><body><p>").unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..16 {
        gz.write_all(&zeros).unwrap();
    }
    let bomb = gz.finish().unwrap();
    assert!(bomb.len() < 1 << 20);
    // The same in `Content-Encoding: deflate` (zlib-wrapped).
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(b"<html><body><p>").unwrap();
    for _ in 0..16 {
        z.write_all(&zeros).unwrap();
    }
    let deflate_bomb = z.finish().unwrap();
    let srv = Server::start(move |r| match r.path.as_str() {
        "/bomb" => Reply::html(bomb.clone()).header("Content-Encoding", "gzip"),
        "/deflate-bomb" => Reply::html(deflate_bomb.clone()).header("Content-Encoding", "deflate"),
        "/fine" => {
            let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
            gz.write_all(&page("Compressed but fine")).unwrap();
            Reply::html(gz.finish().unwrap()).header("Content-Encoding", "gzip")
        }
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let (bomb_url, deflate_url, fine) =
        (srv.url("/bomb"), srv.url("/deflate-bomb"), srv.url("/fine"));
    let r = run_to(
        dir.path(),
        &["--max-bytes", "1M", &bomb_url, &deflate_url, &fine],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    for url in [&bomb_url, &deflate_url] {
        let rec = record(dir.path(), url);
        let err = rec["error"].as_str().unwrap();
        assert!(
            err.starts_with("limit:") && err.contains("after decompression"),
            "{rec}"
        );
    }
    let rec = record(dir.path(), &fine);
    assert_eq!(rec["status"], "ok");
    // The cap applies to the decompressed bytes.
    assert_eq!(rec["bytes"], page("Compressed but fine").len());
}

#[test]
fn a_non_html_response_is_an_error_naming_its_type() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/paper.pdf" => Reply::Full {
            status: 200,
            headers: vec![("Content-Type".into(), "application/pdf".into())],
            body: b"%PDF-1.7 not really".to_vec(),
        },
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let url = srv.url("/paper.pdf");
    let r = run_to(dir.path(), &[&url]);
    assert_eq!(r.code, 1);
    let rec = record(dir.path(), &url);
    assert_eq!(rec["content_type"], "application/pdf");
    assert!(
        rec["error"]
            .as_str()
            .unwrap()
            .starts_with("not-html: content type application/pdf"),
        "{rec}"
    );
    assert!(txt_files(dir.path()).is_empty());
}

#[test]
fn the_header_charset_feeds_the_decoder() {
    let title = "Новости города";
    let para = "Городской совет во вторник утвердил новый бюджет на следующий год, и после долгих \
                споров депутаты согласились увеличить расходы на школы и библиотеки.";
    let html = article(title, &[para, para]);
    let (bytes, _, bad) = encoding_rs::WINDOWS_1251.encode(&html);
    assert!(!bad);
    let bytes = bytes.into_owned();
    let srv = Server::start(move |r| match r.path.as_str() {
        // No <meta charset>: only the header says windows-1251.
        "/ru" => {
            Reply::html(bytes.clone()).header("Content-Type", "text/html; charset=windows-1251")
        }
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let url = srv.url("/ru");
    let r = run_to(dir.path(), &[&url]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rec = record(dir.path(), &url);
    assert_eq!(rec["encoding"], "windows-1251");
    let text = std::fs::read_to_string(dir.path().join(rec["file"].as_str().unwrap())).unwrap();
    assert!(text.starts_with(title), "{text}");
    assert!(text.contains(para), "{text}");
}

#[test]
fn robots_txt_disallow_is_honoured_and_cached() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::Full {
            status: 200,
            headers: vec![("Content-Type".into(), "text/plain".into())],
            body: b"User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow:\n"
                .to_vec(),
        },
        "/private/1" | "/private/2" | "/public" => Reply::html(page("Some page")),
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let (p1, p2, public) = (
        srv.url("/private/1"),
        srv.url("/private/2"),
        srv.url("/public"),
    );
    let r = run_to(dir.path(), &[&p1, &p2, &public]);
    assert_eq!(r.code, 1);
    assert_eq!(srv.hits("/private/1") + srv.hits("/private/2"), 0);
    assert_eq!(srv.hits("/robots.txt"), 1, "robots.txt is cached per site");
    let rec = record(dir.path(), &p1);
    assert!(
        rec["error"]
            .as_str()
            .unwrap()
            .contains("disallowed by robots.txt"),
        "{rec}"
    );
    assert_eq!(record(dir.path(), &public)["status"], "ok");
    // A crawler named in robots.txt gets its own group.
    let other = tmp();
    let r = run_to(other.path(), &["--user-agent", "OtherBot/2.0", &p1]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // --ignore-robots fetches anyway, without asking.
    let ign = tmp();
    let before = srv.hits("/robots.txt");
    let r = run_to(ign.path(), &["--ignore-robots", &p2]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(srv.hits("/private/2"), 1);
    assert_eq!(srv.hits("/robots.txt"), before);
}

#[test]
fn an_unreachable_robots_txt_disallows_the_site() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(503, "down"),
        _ => Reply::html(page("Unreached")),
    });
    let dir = tmp();
    let url = srv.url("/page");
    let r = run_to(dir.path(), &["--retries", "1", &url]);
    assert_eq!(r.code, 1);
    assert_eq!(srv.hits("/page"), 0);
    let err = record(dir.path(), &url)["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(err.contains("robots.txt could not be read"), "{err}");
}

#[test]
fn crawl_delay_larger_than_delay_is_respected() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::Full {
            status: 200,
            headers: vec![],
            body: b"User-agent: *\nCrawl-delay: 1\n".to_vec(),
        },
        _ => Reply::html(page("Slowly")),
    });
    let dir = tmp();
    let r = run_to(dir.path(), &[&srv.url("/1"), &srv.url("/2")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let t = srv.page_times();
    assert_eq!(t.len(), 2);
    // 1 s between request starts at the client; arrivals here carry some connection jitter.
    assert!(
        t[1] - t[0] >= Duration::from_millis(800),
        "{:?}",
        t[1] - t[0]
    );
}

#[test]
fn per_host_limit_and_delay_are_kept() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::not_found(),
        _ => Reply::After(
            Duration::from_millis(200),
            Box::new(Reply::html(page("Busy page"))),
        ),
    });
    let dir = tmp();
    let urls: Vec<String> = (0..6).map(|i| srv.url(&format!("/p{i}"))).collect();
    let mut args = vec!["--per-host", "2", "--concurrency", "8"];
    args.extend(urls.iter().map(String::as_str));
    let r = run_to(dir.path(), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(srv.max_in_flight(), 2);

    // --delay spaces request starts to one host.
    let srv2 = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::not_found(),
        _ => Reply::html(page("Spaced")),
    });
    let dir2 = tmp();
    let urls: Vec<String> = (0..3).map(|i| srv2.url(&format!("/q{i}"))).collect();
    let mut args = vec!["--delay", "500", "--per-host", "4"];
    args.extend(urls.iter().map(String::as_str));
    let r = run_to(dir2.path(), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let t = srv2.page_times();
    assert_eq!(t.len(), 3);
    // Starts are 500 ms apart at the client; arrivals here carry connection jitter (a loaded
    // machine), hence the slack.
    for w in t.windows(2) {
        assert!(
            w[1] - w[0] >= Duration::from_millis(250),
            "{:?}",
            w[1] - w[0]
        );
    }
    assert!(
        t[2] - t[0] >= Duration::from_millis(800),
        "{:?}",
        t[2] - t[0]
    );
}

#[test]
fn a_connection_reset_is_retried() {
    let srv = Server::start(|r| match (r.path.as_str(), r.hit) {
        ("/reset-once", 1) => Reply::Reset,
        ("/reset-once", _) => Reply::html(page("Back again")),
        ("/reset-always", _) => Reply::Reset,
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let (once, always) = (srv.url("/reset-once"), srv.url("/reset-always"));
    let r = run_to(dir.path(), &["--retries", "2", &once, &always]);
    assert_eq!(r.code, 1);
    let rec = record(dir.path(), &once);
    assert_eq!(rec["status"], "ok", "{rec}");
    assert_eq!(rec["attempts"], 2);
    let rec = record(dir.path(), &always);
    assert_eq!(rec["status"], "error");
    assert_eq!(rec["attempts"], 3);
    assert!(rec["http_status"].is_null());
}

#[test]
fn resume_skips_done_urls_and_retries_failed_ones() {
    let healthy = Arc::new(AtomicBool::new(false));
    let h = healthy.clone();
    let srv = Server::start(move |r| match r.path.as_str() {
        "/a" => Reply::html(page("Page A")),
        "/b" if h.load(Ordering::SeqCst) => Reply::html(page("Page B")),
        "/b" => Reply::status(500, "not yet"),
        "/c" => Reply::html(page("Page C")),
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let list = dir.path().join("urls.txt");
    std::fs::write(
        &list,
        format!(
            "# three pages\n{}\n\n{}\n{}\n",
            srv.url("/a"),
            srv.url("/b"),
            srv.url("/c")
        ),
    )
    .unwrap();
    let out = dir.path().join("corpus");
    let args = ["--retries", "0", "--urls", list.to_str().unwrap()];
    let r = run_to(&out, &args);
    assert_eq!(r.code, 1);
    assert_eq!(txt_files(&out).len(), 2);
    healthy.store(true, Ordering::SeqCst);
    let r = run_to(&out, &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        (srv.hits("/a"), srv.hits("/b"), srv.hits("/c")),
        (1, 2, 1),
        "done URLs are not fetched again"
    );
    let b = srv.url("/b");
    assert_eq!(record(&out, &b)["status"], "ok");
    assert_eq!(txt_files(&out).len(), 3);
    assert!(out.join(corpus_name(1, &b, "txt")).is_file());
    // A third run has nothing to do.
    let r = run_to(&out, &args);
    assert_eq!(r.code, 0);
    assert_eq!(srv.hits("/b"), 2);
    // A deleted output is fetched again.
    std::fs::remove_file(out.join(corpus_name(0, &srv.url("/a"), "txt"))).unwrap();
    let r = run_to(&out, &args);
    assert_eq!(r.code, 0);
    assert_eq!(srv.hits("/a"), 2);
}

#[test]
fn url_lists_number_every_input_and_invalid_urls_are_records() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/x" | "/y" => Reply::html(page("Listed")),
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let list = dir.path().join("seeds.txt");
    std::fs::write(
        &list,
        format!(
            "# comment\n\n  {}  \nnot a url\nftp://example.com/file\n# another\n",
            srv.url("/y")
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let x = srv.url("/x");
    let r = run_to(&out, &[&x, "--urls", list.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    let y = srv.url("/y");
    assert_eq!(record(&out, &x)["index"], 0);
    assert_eq!(record(&out, &y)["index"], 1);
    assert_eq!(record(&out, &y)["file"], corpus_name(1, &y, "txt").as_str());
    let bad = record(&out, "not a url");
    assert_eq!(bad["index"], 2);
    assert!(bad["error"].as_str().unwrap().contains("invalid URL"));
    // The bad line is named by its place in the list (line 4: after a comment and a blank).
    assert!(
        r.stderr
            .contains(&format!("{}:4: invalid URL", list.display())),
        "{}",
        r.stderr
    );
    let ftp = record(&out, "ftp://example.com/file");
    assert_eq!(ftp["index"], 3);
    assert!(ftp["error"].as_str().unwrap().contains("scheme"));
    assert_eq!(manifest(&out).len(), 4);

    // The list can come from stdin.
    let out2 = dir.path().join("out2");
    let mut child = bin()
        .args(["fetch", "--delay", "0", "--urls", "-", "-o"])
        .arg(&out2)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "# from stdin\n{x}").unwrap();
    }
    assert!(child.wait().unwrap().success());
    assert_eq!(record(&out2, &x)["status"], "ok");
}

#[test]
fn save_html_keeps_the_raw_response_gzipped() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/keep" => Reply::html(page("Keep me")),
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let raw = dir.path().join("raw");
    let url = srv.url("/keep");
    let r = run_to(
        &dir.path().join("out"),
        &["--save-html", raw.to_str().unwrap(), &url],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let name = corpus_name(0, &url, "html.gz");
    let mut body = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(raw.join(&name)).unwrap())
        .read_to_end(&mut body)
        .unwrap();
    assert_eq!(body, page("Keep me"));
    // The sidecar names each saved page's URL, and cleaning the folder later uses it.
    let sidecar = std::fs::read_to_string(raw.join("urls.jsonl")).unwrap();
    let line: Value = serde_json::from_str(sidecar.trim()).unwrap();
    assert_eq!(line["html_file"], name.as_str());
    assert_eq!(line["url"], url.as_str());
    let cleaned = bin()
        .args(["clean", "-f", "jsonl"])
        .arg(&raw)
        .output()
        .unwrap();
    assert!(cleaned.status.success());
    let rec: Value = serde_json::from_slice(&cleaned.stdout).unwrap();
    assert_eq!(rec["metadata"]["url"], url.as_str());
    assert_eq!(rec["metadata"]["url_source"], "sidecar");
}

#[test]
fn usage_errors_exit_2() {
    let r = run(&[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no URLs"), "{}", r.stderr);
    let r = run(&["--max-bytes", "lots", "http://127.0.0.1:9/"]);
    assert_eq!(r.code, 2);
    let r = run(&["--urls", "/nonexistent/list.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("/nonexistent/list.txt"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_and_the_run_resumes() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/quick" => Reply::html(page("Quick one")),
        "/stuck" => Reply::Hang,
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let (quick, stuck) = (srv.url("/quick"), srv.url("/stuck"));
    let mut child = bin()
        .args(["fetch", "--delay", "0", "--timeout", "60", "-o"])
        .arg(dir.path())
        .args([&stuck, &quick])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the quick page's record (the stuck one holds a worker).
    let start = Instant::now();
    while !std::fs::read_to_string(dir.path().join("manifest.jsonl"))
        .unwrap_or_default()
        .contains("/quick")
    {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "quick page never recorded"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(srv.hits("/stuck"), 1);
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let t = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "did not stop on Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(130));
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(
        err.contains("run the same command again to resume"),
        "{err}"
    );
    // The manifest is whole: one record, for the finished page; the stuck one has none.
    let recs = manifest(dir.path());
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["url"], quick.as_str());
    // Rerunning resumes: the quick page is not fetched again, the stuck one is tried again.
    let r = run_to(
        dir.path(),
        &["--timeout", "1", "--retries", "0", &stuck, &quick],
    );
    assert_eq!(r.code, 1);
    assert_eq!((srv.hits("/quick"), srv.hits("/stuck")), (1, 2));
    assert_eq!(manifest(dir.path()).len(), 2);
}

#[test]
fn seed_lists_are_valid_url_lists() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut lists = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        lists += 1;
        let f = std::io::BufReader::new(std::fs::File::open(&path).unwrap());
        let urls = htmlsieve_cli::urls::read_url_list(f).unwrap();
        assert!(!urls.is_empty(), "{}", path.display());
        let mut seen = std::collections::HashSet::new();
        for u in &urls {
            let parsed =
                url::Url::parse(u).unwrap_or_else(|e| panic!("{}: {u}: {e}", path.display()));
            assert!(matches!(parsed.scheme(), "http" | "https"), "{u}");
            assert!(
                seen.insert(u.clone()),
                "{}: {u} listed twice",
                path.display()
            );
        }
    }
    assert!(lists >= 1, "no seed lists in {}", dir.display());
}

#[test]
fn a_closed_stdout_stops_the_run_without_an_error() {
    // The first page answers at once, the others after 5 s each (two at a time, --per-host): a
    // run that did not stop on the closed stdout would request all 20 over ~50 s, one that stops
    // has asked for a handful by the time the first write fails, however loaded the machine.
    // (With pages that all answered at once, a loaded machine could fetch every one of them
    // before the first document, written in input order, reached the closed pipe.)
    let srv = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::not_found(),
        "/n0" => Reply::html(page("Nobody reads this")),
        _ => Reply::After(
            Duration::from_secs(5),
            Box::new(Reply::html(page("Nobody reads this"))),
        ),
    });
    let urls: Vec<String> = (0..20).map(|i| srv.url(&format!("/n{i}"))).collect();
    let mut child = bin()
        .args(["fetch", "--delay", "0"])
        .args(&urls)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the first document is written (like `| head -0`).
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("interrupted"), "{err}");
    assert_eq!(srv.hits("/n0"), 1);
    assert!(srv.page_times().len() < 20, "the run stopped early");
}

// Multi-page articles: FiveFilters site configs' next_page_link / single_page_link.

const PAGE_TEXTS: [&str; 5] = [
    "The first part of the report describes how the river flooded the lower town in early spring, \
forcing hundreds of families to leave their homes for the school gymnasium on the hill.",
    "The second part follows the volunteers who filled sandbags through the night, and the engineers \
who argued about whether the old levee would hold against another week of heavy rain.",
    "The third part looks at the cost of the repairs, which the council estimates at several million, \
and at the insurers who have so far refused to pay for damage to the riverside warehouses.",
    "The fourth part asks what the town should build instead, weighing a higher wall against moving \
the most exposed streets further from the water over the coming decade or two.",
    "The fifth part returns to the families, most of whom are back in their houses now, drying out \
floors and furniture and wondering whether next spring will bring the same again.",
];

/// Page `n` (1-based) of a multi-page article: its own paragraph, and a pager with a next link
/// and a print (single-page) link outside the article.
fn chapter(title: &str, n: usize, next: Option<&str>, print: Option<&str>) -> Vec<u8> {
    let mut pager = String::new();
    if let Some(p) = print {
        pager.push_str(&format!("<a class=\"print-view\" href=\"{p}\">Print</a> "));
    }
    if let Some(nx) = next {
        pager.push_str(&format!("<a rel=\"next\" href=\"{nx}\">Next page</a>"));
    }
    format!(
        "<!doctype html><html><head><title>{title} - page {n}</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/about\">About</a></nav>\
         <article><h1>{title}</h1>\n<p>{}</p>\n<p>{PARA}</p></article>\
         <div class=\"pager\">{pager}</div>\
         <footer>Copyright 2024 Example Site. All rights reserved.</footer></body></html>",
        PAGE_TEXTS[n - 1]
    )
    .into_bytes()
}

/// A site-config folder naming the next and print links for the test server's host.
fn site_config() -> tempfile::TempDir {
    let dir = tmp();
    std::fs::write(
        dir.path().join("127.0.0.1.txt"),
        "next_page_link: //a[@rel='next']\nsingle_page_link: //a[contains(@class,'print')]/@href\n",
    )
    .unwrap();
    dir
}

/// Fetch `url` into a new corpus folder with the test site config and `extra` flags; it succeeds.
fn fetch_paged(url: &str, extra: &[&str]) -> (tempfile::TempDir, Run) {
    let sc = site_config();
    let dir = tmp();
    let mut args = vec!["--site-config", sc.path().to_str().unwrap()];
    args.extend_from_slice(extra);
    args.push(url);
    let r = run_to(dir.path(), &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    (dir, r)
}

/// The corpus text of input 0.
fn text0(dir: &Path, url: &str) -> String {
    std::fs::read_to_string(dir.join(corpus_name(0, url, "txt"))).unwrap()
}

/// Where each of `needles` starts in `text`, asserting each is there once.
fn positions(text: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| {
            assert_eq!(text.matches(n).count(), 1, "{n:?} once in {text}");
            text.find(n).unwrap()
        })
        .collect()
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn next_page_links_join_a_three_page_article_in_order() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/story/1" => Reply::html(chapter("Flood report", 1, Some("/story/2"), None)),
        // Relative link, resolved against the page URL.
        "/story/2" => Reply::html(chapter("Flood report", 2, Some("3"), None)),
        "/story/3" => Reply::html(chapter("Flood report", 3, None, None)),
        _ => Reply::not_found(),
    });
    let url = srv.url("/story/1");
    let (dir, _) = fetch_paged(&url, &[]);
    let text = text0(dir.path(), &url);
    // Title from the first page, once; the bodies in page order.
    assert!(text.starts_with("Flood report\n"), "{text}");
    assert_eq!(text.matches("Flood report").count(), 1, "{text}");
    let pos = positions(&text, &PAGE_TEXTS[..3]);
    assert!(pos[0] < pos[1] && pos[1] < pos[2], "{text}");
    assert!(
        !text.contains("Next page") && !text.contains("All rights"),
        "{text}"
    );
    let rec = record(dir.path(), &url);
    assert_eq!(rec["status"], "ok");
    assert_eq!(rec["final_url"], url.as_str());
    assert_eq!(
        strs(&rec["pages"]),
        [url.clone(), srv.url("/story/2"), srv.url("/story/3")]
    );
    assert!(rec.get("pages_cut").is_none(), "{rec}");
    assert_eq!(manifest(dir.path()).len(), 1);
    for p in ["/story/1", "/story/2", "/story/3"] {
        assert_eq!(srv.hits(p), 1, "{p}");
    }

    // JSONL on stdout: one record, the joined text, the pages in its metadata.
    let sc = site_config();
    let r = run(&[
        "--site-config",
        sc.path().to_str().unwrap(),
        "--format",
        "jsonl",
        &url,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", r.stdout);
    let rec: Value = serde_json::from_str(lines[0]).unwrap();
    let t = rec["text"].as_str().unwrap();
    positions(t, &PAGE_TEXTS[..3]);
    assert_eq!(strs(&rec["metadata"]["pages"]).len(), 3);
    assert_eq!(rec["metadata"]["url"], url.as_str());
    assert_eq!(rec["metadata"]["title"], "Flood report");
}

#[test]
fn next_page_links_stop_on_a_loop() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/loop/1" => Reply::html(chapter("Looping", 1, Some("/loop/2"), None)),
        // The last page links back to the first (some pagers wrap around); #top is no new page.
        "/loop/2" => Reply::html(chapter("Looping", 2, Some("/loop/1#top"), None)),
        _ => Reply::not_found(),
    });
    let url = srv.url("/loop/1");
    let (dir, _) = fetch_paged(&url, &[]);
    assert_eq!((srv.hits("/loop/1"), srv.hits("/loop/2")), (1, 1));
    let text = text0(dir.path(), &url);
    positions(&text, &PAGE_TEXTS[..2]);
    let rec = record(dir.path(), &url);
    assert_eq!(strs(&rec["pages"]).len(), 2);
    // A loop is the article's end, not a cut.
    assert!(rec.get("pages_cut").is_none(), "{rec}");
}

#[test]
fn max_pages_caps_the_chain_and_says_so() {
    let srv = Server::start(|r| {
        let n: usize = r
            .path
            .strip_prefix("/long/")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        if (1..=5).contains(&n) {
            let next = format!("/long/{}", n + 1);
            Reply::html(chapter(
                "Long read",
                n,
                (n < 5).then_some(next.as_str()),
                None,
            ))
        } else {
            Reply::not_found()
        }
    });
    let url = srv.url("/long/1");
    let (dir, r) = fetch_paged(&url, &["--max-pages", "3"]);
    assert_eq!(srv.hits("/long/3"), 1);
    assert_eq!(srv.hits("/long/4"), 0);
    let text = text0(dir.path(), &url);
    positions(&text, &PAGE_TEXTS[..3]);
    assert!(!text.contains(PAGE_TEXTS[3]), "{text}");
    let rec = record(dir.path(), &url);
    assert_eq!(rec["status"], "ok");
    assert_eq!(strs(&rec["pages"]).len(), 3);
    let cut = rec["pages_cut"].as_str().unwrap();
    assert!(
        cut.contains("--max-pages 3") && cut.contains("/long/4"),
        "{cut}"
    );
    assert!(r.stderr.contains("--max-pages 3"), "{}", r.stderr);
    // Without the cap all five pages are joined (the default is 10).
    let (dir, _) = fetch_paged(&url, &[]);
    positions(&text0(dir.path(), &url), &PAGE_TEXTS);
    assert!(record(dir.path(), &url).get("pages_cut").is_none());
}

#[test]
fn a_failing_next_page_keeps_the_pages_before_it() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/cut/1" => Reply::html(chapter("Cut short", 1, Some("/cut/2"), None)),
        "/cut/2" => Reply::html(chapter("Cut short", 2, Some("/cut/3"), None)),
        "/cut/3" => Reply::status(500, "broken"),
        _ => Reply::not_found(),
    });
    let url = srv.url("/cut/1");
    // The page is not lost: exit 0, its record ok, pages 1 and 2 kept.
    let (dir, _) = fetch_paged(&url, &["--retries", "1"]);
    // Retried like any request.
    assert_eq!(srv.hits("/cut/3"), 2);
    let text = text0(dir.path(), &url);
    positions(&text, &PAGE_TEXTS[..2]);
    let rec = record(dir.path(), &url);
    assert_eq!(rec["status"], "ok");
    assert_eq!(strs(&rec["pages"]), [url.clone(), srv.url("/cut/2")]);
    let cut = rec["pages_cut"].as_str().unwrap();
    assert!(
        cut.contains("page 3") && cut.contains("/cut/3") && cut.contains("500"),
        "{cut}"
    );
}

#[test]
fn single_page_link_replaces_the_multi_page_fetch() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/multi/1" => Reply::html(chapter(
            "Whole story",
            1,
            Some("/multi/2"),
            Some("/multi/all"),
        )),
        "/multi/2" => Reply::html(chapter("Whole story", 2, None, None)),
        "/multi/all" => Reply::html(
            article(
                "Whole story",
                &[PAGE_TEXTS[0], PAGE_TEXTS[1], PAGE_TEXTS[2]],
            )
            .into_bytes(),
        ),
        // A print link that fails: the page itself is kept and its next pages are followed.
        "/other/1" => Reply::html(chapter(
            "Fallback",
            1,
            Some("/other/2"),
            Some("/other/print"),
        )),
        "/other/2" => Reply::html(chapter("Fallback", 2, None, None)),
        _ => Reply::not_found(),
    });
    let sc = site_config();
    let dir = tmp();
    let (url, other) = (srv.url("/multi/1"), srv.url("/other/1"));
    let r = run_to(
        dir.path(),
        &[
            "--site-config",
            sc.path().to_str().unwrap(),
            "--save-html",
            dir.path().join("raw").to_str().unwrap(),
            &url,
            &other,
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(srv.hits("/multi/all"), 1);
    assert_eq!(
        srv.hits("/multi/2"),
        0,
        "the single page replaces the next pages"
    );
    let text = text0(dir.path(), &url);
    assert!(text.starts_with("Whole story\n"), "{text}");
    positions(&text, &PAGE_TEXTS[..3]);
    let rec = record(dir.path(), &url);
    assert_eq!(strs(&rec["pages"]), [srv.url("/multi/all")]);
    assert!(rec.get("pages_cut").is_none(), "{rec}");
    // Both responses were kept raw.
    let id = corpus_name(0, &url, "txt")
        .trim_end_matches(".txt")
        .to_string();
    for f in [format!("{id}.html.gz"), format!("{id}.single.html.gz")] {
        assert!(dir.path().join("raw").join(&f).is_file(), "{f}");
    }

    assert_eq!(srv.hits("/other/print"), 1);
    let text = std::fs::read_to_string(dir.path().join(corpus_name(1, &other, "txt"))).unwrap();
    positions(&text, &PAGE_TEXTS[..2]);
    let rec = record(dir.path(), &other);
    assert_eq!(strs(&rec["pages"]), [other.clone(), srv.url("/other/2")]);
    let cut = rec["pages_cut"].as_str().unwrap();
    assert!(cut.contains("single page") && cut.contains("404"), "{cut}");
}

#[test]
fn robots_txt_disallow_of_a_next_page_is_respected() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/robots.txt" => Reply::status(200, "User-agent: *\nDisallow: /paged/2\n"),
        "/paged/1" => Reply::html(chapter("Private pages", 1, Some("/paged/2"), None)),
        "/paged/2" => Reply::html(chapter("Private pages", 2, None, None)),
        _ => Reply::not_found(),
    });
    let url = srv.url("/paged/1");
    let (dir, _) = fetch_paged(&url, &[]);
    assert_eq!(srv.hits("/paged/2"), 0);
    assert_eq!(srv.hits("/robots.txt"), 1);
    let text = text0(dir.path(), &url);
    positions(&text, &PAGE_TEXTS[..1]);
    assert!(!text.contains(PAGE_TEXTS[1]));
    let rec = record(dir.path(), &url);
    assert_eq!(strs(&rec["pages"]), [url.as_str()]);
    let cut = rec["pages_cut"].as_str().unwrap();
    assert!(cut.contains("robots.txt"), "{cut}");
}

#[test]
fn without_a_site_config_page_links_are_not_followed() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/plain/1" => Reply::html(chapter("Plain", 1, Some("/plain/2"), Some("/plain/all"))),
        _ => Reply::html(chapter("Plain", 2, None, None)),
    });
    let dir = tmp();
    let url = srv.url("/plain/1");
    let r = run_to(dir.path(), &[&url]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(srv.hits("/plain/2") + srv.hits("/plain/all"), 0);
    let text = text0(dir.path(), &url);
    positions(&text, &PAGE_TEXTS[..1]);
    assert!(!text.contains(PAGE_TEXTS[1]));
    // The record has exactly the fields it always had.
    let rec = record(dir.path(), &url);
    let mut keys: Vec<&str> = rec
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    // The shared manifest shape: `source` as for every input, then what a fetch adds.
    let mut want = [
        "source",
        "index",
        "url",
        "final_url",
        "http_status",
        "content_type",
        "encoding",
        "bytes",
        "file",
        "title",
        "status",
        "content_status",
        "error",
        "attempts",
        "redirects",
        "fetched_at",
    ];
    want.sort_unstable();
    assert_eq!(keys, want);
    // A site config for another host changes nothing either.
    let sc = tmp();
    std::fs::write(
        sc.path().join("example.com.txt"),
        "next_page_link: //a[@rel='next']\n",
    )
    .unwrap();
    let dir2 = tmp();
    let r = run_to(
        dir2.path(),
        &["--site-config", sc.path().to_str().unwrap(), &url],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(text0(dir2.path(), &url), text);
    assert_eq!(srv.hits("/plain/2"), 0);
}

#[test]
fn global_txt_page_links_apply_to_every_site() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/g/1" => Reply::html(chapter("Everywhere", 1, Some("/g/2"), None)),
        "/g/2" => Reply::html(chapter("Everywhere", 2, None, None)),
        _ => Reply::not_found(),
    });
    let sc = tmp();
    std::fs::write(
        sc.path().join("global.txt"),
        "next_page_link: //a[@rel='next']\n",
    )
    .unwrap();
    let dir = tmp();
    let url = srv.url("/g/1");
    let r = run_to(
        dir.path(),
        &["--site-config", sc.path().to_str().unwrap(), &url],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    positions(&text0(dir.path(), &url), &PAGE_TEXTS[..2]);
    assert_eq!(strs(&record(dir.path(), &url)["pages"]).len(), 2);
}

#[test]
fn a_host_that_cannot_be_reached_is_reported_as_such_not_as_robots() {
    // A port nothing listens on: the connection is refused, as with a host that is down.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tmp();
    let url = format!("http://127.0.0.1:{port}/page");
    let r = run_to(dir.path(), &["--retries", "3", &url]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let rec = record(dir.path(), &url);
    let err = rec["error"].as_str().unwrap();
    assert!(err.contains("cannot connect"), "{err}");
    assert!(!err.contains("robots"), "not a robots.txt verdict: {err}");
    // One retry at most, whatever --retries says: waiting rarely brings a host back.
    assert!(err.contains("after 2 attempts"), "{err}");
    assert!(r.elapsed < Duration::from_secs(5), "{:?}", r.elapsed);
}

#[test]
fn resume_leaves_permanent_failures_failed_unless_asked() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/a" => Reply::html(page("Page A")),
        "/paper.pdf" => Reply::Full {
            status: 200,
            headers: vec![("Content-Type".into(), "application/pdf".into())],
            body: b"%PDF-1.7 not really".to_vec(),
        },
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let out = dir.path().join("corpus");
    let (a, pdf, gone) = (srv.url("/a"), srv.url("/paper.pdf"), srv.url("/gone"));
    let args = [a.as_str(), pdf.as_str(), gone.as_str(), "not a url"];
    let r = run_to(&out, &args);
    assert_eq!(r.code, 1);
    assert_eq!(manifest(&out).len(), 4);
    // A rerun fetches nothing, writes no record, and still says the run has failures.
    let r = run_to(&out, &args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(manifest(&out).len(), 4, "one record per input");
    assert_eq!(
        (srv.hits("/a"), srv.hits("/paper.pdf"), srv.hits("/gone")),
        (1, 1, 1)
    );
    assert!(
        r.stderr
            .contains("4 done before (3 failed before, not retried: --retry-failed)"),
        "{}",
        r.stderr
    );
    // --retry-failed asks again.
    let mut again = args.to_vec();
    again.push("--retry-failed");
    let r = run_to(&out, &again);
    assert_eq!(r.code, 1);
    assert_eq!((srv.hits("/paper.pdf"), srv.hits("/gone")), (2, 2));
    assert_eq!(srv.hits("/a"), 1, "what is done stays done");
}

#[test]
fn fetch_writes_markdown_and_takes_the_document_limits() {
    let srv = Server::start(|r| match r.path.as_str() {
        "/a" => Reply::html(page("Page A")),
        _ => Reply::not_found(),
    });
    let dir = tmp();
    let url = srv.url("/a");
    let r = run_to(dir.path(), &["--format", "md", &url]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let name = corpus_name(0, &url, "md");
    let md = std::fs::read_to_string(dir.path().join(&name)).unwrap();
    assert!(md.starts_with("# Page A\n"), "{md}");
    assert_eq!(record(dir.path(), &url)["file"], name.as_str());
    // A second run finds the .md in place.
    let r = run_to(dir.path(), &["--format", "md", &url]);
    assert_eq!((r.code, srv.hits("/a")), (0, 1), "{}", r.stderr);
    // The same document limits as clean: a tree over --max-nodes fails with a limit error.
    let small = tmp();
    let r = run_to(small.path(), &["--max-nodes", "20", &url]);
    assert_eq!(r.code, 1);
    let err = record(small.path(), &url)["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(err.starts_with("limit:") && err.contains("nodes"), "{err}");
}
