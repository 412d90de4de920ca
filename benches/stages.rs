//! Per-stage benchmarks (criterion): decode, parse, rules, extract, clean, output, and the whole
//! pipeline, on two inputs we own:
//! - `fixtures`: every `fixtures/*.html` page (small hand-written cases), one iteration runs them all;
//! - `synthetic`: a generated news page (~250 KB) with the usual surroundings: head with metadata
//!   and JSON-LD, inline scripts and styles, navigation, sidebar, share bars, a long article with
//!   headings, lists, a table and links, comments and a footer.
//!
//! ```text
//! cargo bench --bench stages                 # all stages
//! cargo bench --bench stages -- parse        # one stage (criterion filter)
//! ```

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

use htmlsieve::{stages, Config, Extractor};

/// A page in the shape of a real news article, deterministic, about 250 KB.
fn synthetic_page() -> String {
    const WORDS: &[&str] = &[
        "the",
        "council",
        "said",
        "on",
        "tuesday",
        "that",
        "new",
        "funding",
        "would",
        "reach",
        "schools",
        "across",
        "region",
        "before",
        "winter",
        "while",
        "critics",
        "argued",
        "plan",
        "lacked",
        "detail",
        "about",
        "costs",
        "and",
        "timing",
        "of",
        "repairs",
        "residents",
        "welcomed",
        "news",
        "café",
        "naïve",
        "Straße",
        "—",
        "“quoted”",
        "’s",
    ];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut word = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        WORDS[(seed % WORDS.len() as u64) as usize]
    };
    let mut sentence = |n: usize| {
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(word());
        }
        s.push('.');
        s
    };
    let mut h = String::with_capacity(300_000);
    h.push_str(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Council approves school repair fund | The Daily Example</title>
<meta property="og:title" content="Council approves school repair fund">
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Jane Writer"><meta name="description" content="Funding for repairs.">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://news.example.com/2024/03/05/schools">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Council approves school repair fund","author":{"@type":"Person","name":"Jane Writer"},"datePublished":"2024-03-05"}</script>
"#,
    );
    for i in 0..40 {
        h.push_str(&format!(
            "<script>window.__cfg{i} = {{\"k\": \"{}\", \"list\": [1,2,3,4,5,6,7,8,9]}}; function f{i}(a) {{ return a < {i} && a > 0; }}</script>\n",
            sentence(12)
        ));
        h.push_str(&format!(
            "<style>.c{i} {{ color: #333; margin: 0 auto; }} .d{i} > a:hover {{ text-decoration: underline; }}</style>\n"
        ));
    }
    h.push_str("</head><body class=\"article-page\"><header class=\"site-header\"><nav class=\"main-nav\"><ul>");
    for i in 0..60 {
        h.push_str(&format!(
            "<li class=\"nav-item\"><a href=\"/section/{i}\">Section {i}</a></li>"
        ));
    }
    h.push_str("</ul></nav></header><div class=\"layout\"><main><article class=\"post\">");
    h.push_str("<h1 class=\"headline\">Council approves school repair fund</h1>");
    h.push_str("<div class=\"byline\">By <a href=\"/authors/jane\">Jane Writer</a>, <time>5 March 2024</time></div>");
    h.push_str("<div class=\"share-bar\"><a href=\"#\">Share</a> <a href=\"#\">Tweet</a> <a href=\"#\">Email</a></div>");
    for i in 0..120 {
        if i % 15 == 0 {
            h.push_str(&format!("<h2>{}</h2>", sentence(5)));
        }
        if i % 20 == 7 {
            h.push_str("<ul>");
            for _ in 0..5 {
                h.push_str(&format!("<li>{}</li>", sentence(8)));
            }
            h.push_str("</ul>");
        }
        if i == 50 {
            h.push_str("<table><tr><th>School</th><th>Cost</th></tr>");
            for k in 0..10 {
                h.push_str(&format!(
                    "<tr><td>{}</td><td>{k}00,000</td></tr>",
                    sentence(3)
                ));
            }
            h.push_str("</table>");
        }
        if i % 25 == 12 {
            h.push_str("<div class=\"advertisement\"><span>Advertisement</span><iframe src=\"/ad\"></iframe></div>");
        }
        h.push_str(&format!(
            "<p>{} <a href=\"/link/{i}\">{}</a> <em>{}</em> {}</p>\n",
            sentence(25),
            sentence(3),
            sentence(2),
            sentence(30)
        ));
    }
    h.push_str("</article><section id=\"comments\" class=\"comments-area\"><h3>Comments</h3>");
    for i in 0..40 {
        h.push_str(&format!(
            "<div class=\"comment\"><span class=\"author\">reader{i}</span><p>{}</p></div>",
            sentence(15)
        ));
    }
    h.push_str("</section></main><aside class=\"sidebar\"><div class=\"related-posts\"><h3>Related posts</h3><ul>");
    for i in 0..30 {
        h.push_str(&format!(
            "<li><a href=\"/story/{i}\">{}</a></li>",
            sentence(6)
        ));
    }
    h.push_str("</ul></div><div class=\"newsletter-signup\"><form><input type=\"email\"><button>Sign up</button></form></div></aside></div>");
    h.push_str("<footer><p>© 2024 The Daily Example</p><ul>");
    for i in 0..40 {
        h.push_str(&format!(
            "<li><a href=\"/page/{i}\">Footer link {i}</a></li>"
        ));
    }
    h.push_str("</ul></footer></body></html>");
    h
}

fn fixture_pages() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "html"))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

fn stages(c: &mut Criterion) {
    let ex = Extractor::new(Config::default()).expect("default rules compile");
    let config = ex.config();
    let rules = ex.rules();
    let mut inputs: Vec<(&str, Vec<Vec<u8>>)> =
        vec![("synthetic", vec![synthetic_page().into_bytes()])];
    let fixtures = fixture_pages();
    if !fixtures.is_empty() {
        inputs.push(("fixtures", fixtures));
    }
    for (name, pages) in &inputs {
        let bytes: u64 = pages.iter().map(|p| p.len() as u64).sum();
        let texts: Vec<String> = pages
            .iter()
            .map(|p| {
                stages::decode(p, None, None)
                    .expect("decodes")
                    .text
                    .into_owned()
            })
            .collect();
        let htmls: Vec<scraper::Html> = texts
            .iter()
            .map(|t| stages::parse(t, &config.limits).expect("parses"))
            .collect();
        let marks: Vec<stages::Marks> = htmls
            .iter()
            .map(|h| stages::apply(rules, None, h))
            .collect();
        let docs: Vec<htmlsieve::Document> = htmls
            .iter()
            .zip(&marks)
            .map(|(h, m)| stages::extract(h, m, rules, config, None))
            .collect();
        let cleaned: Vec<htmlsieve::Document> = docs
            .iter()
            .map(|d| {
                let mut d = d.clone();
                stages::clean(&mut d, rules, None);
                d
            })
            .collect();

        let mut g = c.benchmark_group(*name);
        g.throughput(Throughput::Bytes(bytes));
        g.bench_function("decode", |b| {
            b.iter(|| {
                for p in pages {
                    black_box(stages::decode(black_box(p), None, None).ok());
                }
            })
        });
        g.bench_function("parse", |b| {
            b.iter(|| {
                for t in &texts {
                    black_box(stages::parse(black_box(t), &config.limits).ok());
                }
            })
        });
        g.bench_function("rules", |b| {
            b.iter(|| {
                for h in &htmls {
                    black_box(stages::apply(rules, None, h));
                }
            })
        });
        g.bench_function("extract", |b| {
            b.iter(|| {
                for (h, m) in htmls.iter().zip(&marks) {
                    black_box(stages::extract(h, m, rules, config, None));
                }
            })
        });
        g.bench_function("clean", |b| {
            b.iter_batched(
                || docs.clone(),
                |mut ds| {
                    for d in &mut ds {
                        stages::clean(d, rules, None);
                    }
                    ds
                },
                BatchSize::SmallInput,
            )
        });
        g.bench_function("output_txt", |b| {
            b.iter(|| {
                for d in &cleaned {
                    black_box(htmlsieve::render_text(d, false));
                }
            })
        });
        g.bench_function("output_json", |b| {
            let info = htmlsieve::RecordInfo::default();
            b.iter(|| {
                for d in &cleaned {
                    black_box(htmlsieve::render_json(Some(d), None, &info, false));
                }
            })
        });
        g.bench_function("pipeline", |b| {
            b.iter(|| {
                for p in pages {
                    if let Ok(d) = ex.extract_bytes(black_box(p), None, None) {
                        black_box(htmlsieve::render_text(&d, false));
                    }
                }
            })
        });
        g.finish();
    }
}

criterion_group! {
    name = benches;
    // Short runs: the machine is shared, and the stages differ by orders of magnitude anyway.
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = stages
}
criterion_main!(benches);
