//! Fetching for htmlsieve: pages in, bytes and headers out, politely and robustly (reqwest + tokio).
//!
//! Parts: [`Client`] (one URL: redirects, retries, timeouts, the body cap, robots.txt),
//! [`robots`] (robots.txt, cached per origin), [`Politeness`] (the frontier: per-host concurrency
//! and delay, `Crawl-delay`), [`pages`] (multi-page articles: site configs' `single_page_link` /
//! `next_page_link`). Not here: what a page becomes (the `htmlsieve` core) or where it is written
//! (the command's runner). tokio does network I/O only; callers clean each body on a blocking
//! thread, because `scraper::Html` is `!Send`.

mod client;
pub mod pages;
mod politeness;
pub mod robots;

use std::time::Duration;

pub use client::{Client, Failure, Page};
pub use pages::{Chain, Step, DEFAULT_MAX_PAGES};
pub use politeness::{host_key, JobSlot, Politeness, RequestPermit};

/// Default overall number of requests in flight.
pub const DEFAULT_CONCURRENCY: usize = 16;
/// Default number of requests in flight to one host.
pub const DEFAULT_PER_HOST: usize = 2;
/// Default pause between the starts of two requests to one host.
pub const DEFAULT_DELAY: Duration = Duration::from_millis(1000);
/// Default budget of one request, from connecting to the last byte of the body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default budget for establishing a connection (never more than the request timeout).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default number of retries after the first attempt.
pub const DEFAULT_RETRIES: u32 = 3;
/// Default first backoff before a retry; it doubles with each retry (with jitter).
pub const DEFAULT_BACKOFF: Duration = Duration::from_millis(500);
/// Longest wait a `Retry-After` header can impose; longer values are cut to this.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);
/// Longest exponential backoff between two attempts.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// Default cap on a response body, after decompression.
pub const DEFAULT_MAX_BYTES: usize = 20 * 1024 * 1024;
/// Most redirects followed for one URL.
pub const MAX_REDIRECTS: u32 = 10;
/// Longest robots.txt `Crawl-delay` honoured; larger values are cut to this.
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);
/// The product token matched against robots.txt `User-agent` lines by default.
pub const ROBOTS_AGENT: &str = "htmlsieve";

/// The default `User-Agent`: name, version and homepage.
pub fn default_user_agent() -> String {
    format!(
        "{}/{} (+{})",
        "htmlsieve",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_HOMEPAGE")
    )
}

/// How to fetch: concurrency, pacing, timeouts, retries, caps and identity.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Requests in flight overall.
    pub concurrency: usize,
    pub per_host: usize,
    pub delay: Duration,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub retries: u32,
    pub backoff: Duration,
    pub max_bytes: usize,
    pub user_agent: String,
    pub ignore_robots: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            concurrency: DEFAULT_CONCURRENCY,
            per_host: DEFAULT_PER_HOST,
            delay: DEFAULT_DELAY,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retries: DEFAULT_RETRIES,
            backoff: DEFAULT_BACKOFF,
            max_bytes: DEFAULT_MAX_BYTES,
            user_agent: default_user_agent(),
            ignore_robots: false,
        }
    }
}

/// The robots.txt product token of a `User-Agent` string: its first word, without a version
/// (`htmlsieve/0.1 (+https://...)` → `htmlsieve`).
pub fn robots_token(user_agent: &str) -> String {
    let first = user_agent.split_whitespace().next().unwrap_or("");
    let token = first.split('/').next().unwrap_or("");
    if token.is_empty() {
        ROBOTS_AGENT.to_string()
    } else {
        token.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_tokens() {
        assert_eq!(robots_token(&default_user_agent()), "htmlsieve");
        assert_eq!(robots_token("MyBot/2.0 (+https://x)"), "MyBot");
        assert_eq!(robots_token(""), "htmlsieve");
    }
}
