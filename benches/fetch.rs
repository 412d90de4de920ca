//! Fetch benchmark (not a timed test): `htmlsieve fetch` fetches and cleans N generated article
//! pages (about 30 KB each, with navigation, sidebar, comments and footer) from a server this
//! program starts on 127.0.0.1, into a temporary corpus folder. Reports pages/s and the peak
//! resident memory (VmHWM) of the htmlsieve process for each N; the peak must not grow with N.
//!
//! Run: `cargo bench --bench fetch` (N = 200 and 2000) or `cargo bench --bench fetch -- 500 5000`.
//! Politeness is switched off for the local server: `--delay 0 --per-host 16 --concurrency 16`.
//! `-- --pages K`: every URL is an article of K pages chained by next links, followed through a
//! FiveFilters site config (`--site-config`, `--max-pages K`); pages/s then counts HTTP pages.

#[path = "../tests/fetch_server/mod.rs"]
mod fetch_server;

use fetch_server::{Reply, Server};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const WORDS: &[&str] = &[
    "council", "budget", "river", "market", "school", "winter", "harbour", "policy", "science",
    "library", "station", "festival", "research", "village", "railway", "museum", "season",
    "history", "garden", "bridge", "energy", "report", "network", "teacher", "farmer", "island",
];

/// A deterministic article page for number `n`.
fn page(n: usize) -> String {
    let mut seed = n as u64 * 2_654_435_761 + 12_345;
    let mut word = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        WORDS[(seed % WORDS.len() as u64) as usize]
    };
    let mut s = String::with_capacity(32 * 1024);
    s.push_str(&format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>The {} {} report, part {n} | Example News</title>\
         <script>window.analytics = {{ id: {n} }};</script><style>body {{ font: 16px serif }}</style></head><body>\
         <header><nav><ul>",
        word(),
        word()
    ));
    for i in 0..40 {
        s.push_str(&format!(
            "<li><a href=\"/section/{i}\">{} {}</a></li>",
            word(),
            word()
        ));
    }
    s.push_str("</ul></nav><div class=\"cookie-banner\">We use cookies. <button>Accept</button></div></header><main><article>");
    s.push_str(&format!(
        "<h1>The {} of the {} in part {n}</h1>",
        word(),
        word()
    ));
    for p in 0..36 {
        if p % 5 == 4 {
            s.push_str(&format!("<h2>{} and {}</h2>", word(), word()));
        }
        s.push_str("<p>");
        for w in 0..80 {
            s.push_str(word());
            s.push_str(if w % 12 == 11 { ". " } else { " " });
        }
        s.push_str("</p>\n");
    }
    s.push_str("</article><aside class=\"related\"><h3>Related</h3><ul>");
    for i in 0..12 {
        s.push_str(&format!(
            "<li><a href=\"/page/{}\">{} {} {}</a></li>",
            (n + i) % 9973,
            word(),
            word(),
            word()
        ));
    }
    s.push_str("</ul></aside><section id=\"comments\">");
    for _ in 0..6 {
        s.push_str(&format!(
            "<div class=\"comment\"><b>{}</b><p>{} {} {} {}</p></div>",
            word(),
            word(),
            word(),
            word(),
            word()
        ));
    }
    s.push_str("</section></main><footer><p>Copyright 2024 Example News. All rights reserved.</p>");
    for i in 0..30 {
        s.push_str(&format!("<a href=\"/legal/{i}\">{}</a> ", word()));
    }
    s.push_str("</footer></body></html>");
    s
}

/// Peak resident set size of a process, in KiB (Linux).
fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Page `p` (1-based) of article `n`, `k` pages long: a generated page with a next link.
fn article_page(n: usize, p: usize, k: usize) -> String {
    let html = page(n * 16 + p);
    if p >= k {
        return html;
    }
    html.replacen(
        "</article>",
        &format!(
            "<p class=\"pager\"><a rel=\"next\" href=\"/page/{n}/{}\">Next page</a></p></article>",
            p + 1
        ),
        1,
    )
}

fn run(server: &Server, count: usize, pages: usize) -> (f64, u64, usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let list = dir.path().join("urls.txt");
    let mut f = std::fs::File::create(&list).expect("url list");
    for i in 0..count {
        writeln!(f, "{}", server.url(&format!("/page/{i}"))).expect("write url list");
    }
    drop(f);
    let out = dir.path().join("corpus");
    let site_config = dir.path().join("site-config");
    std::fs::create_dir(&site_config).expect("site config folder");
    std::fs::write(
        site_config.join("127.0.0.1.txt"),
        "next_page_link: //a[@rel='next']\n",
    )
    .expect("site config");
    let mut paging: Vec<std::ffi::OsString> = Vec::new();
    if pages > 1 {
        paging.extend(["--site-config".into(), site_config.into_os_string()]);
        paging.extend(["--max-pages".into(), pages.to_string().into()]);
    }
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_htmlsieve"))
        .args([
            "fetch",
            "--delay",
            "0",
            "--per-host",
            "16",
            "--concurrency",
            "16",
            "--urls",
        ])
        .arg(&list)
        .args(&paging)
        .arg("-o")
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("run htmlsieve");
    let pid = child.id();
    let mut peak = 0;
    let status = loop {
        // VmHWM is a high-water mark: sampling it often enough catches the peak to within the
        // last few milliseconds of the run.
        if let Some(kib) = vm_hwm_kib(pid) {
            peak = peak.max(kib);
        }
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let secs = start.elapsed().as_secs_f64();
    assert!(status.success(), "htmlsieve fetch failed: {status}");
    let manifest = std::fs::read_to_string(out.join("manifest.jsonl")).expect("manifest");
    let ok = manifest
        .lines()
        .filter(|l| l.contains("\"status\":\"ok\""))
        .count();
    (count as f64 * pages as f64 / secs, peak, ok)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let pages = args
        .iter()
        .position(|a| a == "--pages")
        .and_then(|i| args.get(i + 1))
        .and_then(|k| k.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let counts: Vec<usize> = args
        .iter()
        .enumerate()
        .filter(|(i, _)| *i == 0 || args[i - 1] != "--pages")
        .filter_map(|(_, a)| a.parse().ok())
        .collect();
    let counts = if counts.is_empty() {
        vec![200, 2000]
    } else {
        counts
    };
    let server = Server::start(move |r| {
        if r.path == "/robots.txt" {
            return Reply::Full {
                status: 200,
                headers: vec![("Content-Type".into(), "text/plain".into())],
                body: b"User-agent: *\nDisallow: /private/\n".to_vec(),
            };
        }
        let Some(rest) = r.path.strip_prefix("/page/") else {
            return Reply::not_found();
        };
        let (n, p) = rest.split_once('/').unwrap_or((rest, "1"));
        match (n.parse::<usize>(), p.parse::<usize>()) {
            (Ok(n), Ok(p)) if pages == 1 => {
                Reply::html(if p == 1 { page(n) } else { page(n * 16 + p) })
            }
            (Ok(n), Ok(p)) if (1..=pages).contains(&p) => Reply::html(article_page(n, p, pages)),
            _ => Reply::not_found(),
        }
    });
    println!(
        "fetch benchmark: generated article pages of ~{} KB from 127.0.0.1{}",
        page(0).len() / 1024,
        if pages > 1 {
            format!(", articles of {pages} pages joined by next_page_link")
        } else {
            String::new()
        }
    );
    println!(
        "{:>8} {:>10} {:>14} {:>6}",
        "urls", "pages/s", "peak RSS MiB", "ok"
    );
    for &count in &counts {
        let (rate, peak_kib, ok) = run(&server, count, pages);
        println!(
            "{count:>8} {rate:>10.1} {:>14.1} {ok:>6}",
            peak_kib as f64 / 1024.0
        );
    }
}
