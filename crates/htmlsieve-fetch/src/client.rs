//! Client: fetch one URL. Follows redirects itself (to count them, catch loops, ask robots.txt at
//! every hop and record the final URL), bounds every attempt by one timeout that covers connecting,
//! headers and the whole body, retries what may pass (timeouts, connection errors, 429, 5xx) with
//! exponential backoff and jitter, honours `Retry-After`, and stops reading a body at the byte cap,
//! counted after decompression (so a gzip bomb stops at the cap too).
//!
//! In: a URL and the shared [`Politeness`] gate. Out: a [`Page`] (status, type, body) or a
//! [`Failure`] naming its cause. Not here: decoding or cleaning the body.

use rand::Rng;
use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

use super::politeness::{host_key, Politeness};
use super::robots::{RobotsCache, Rules, MAX_ROBOTS_BYTES, MAX_ROBOTS_REDIRECTS};
use super::{FetchOptions, MAX_BACKOFF, MAX_REDIRECTS, MAX_RETRY_AFTER};
use htmlsieve::Error;

/// A fetched HTML page.
#[derive(Debug)]
pub struct Page {
    pub final_url: Url,
    pub status: u16,
    pub content_type: Option<String>,
    /// Body after decompression.
    pub body: Vec<u8>,
    /// Requests made for the final hop (1 + retries).
    pub attempts: u32,
    pub redirects: u32,
}

impl Page {
    /// The `charset` parameter of the `Content-Type`, for the decoder.
    pub fn charset(&self) -> Option<&str> {
        self.content_type.as_deref().and_then(charset_of)
    }
}

/// Why a URL could not be fetched, with what was known by then.
#[derive(Debug)]
pub struct Failure {
    pub error: Error,
    pub final_url: Option<Url>,
    pub status: Option<u16>,
    pub content_type: Option<String>,
    pub attempts: u32,
    pub redirects: u32,
}

/// What a request is for: pages must be HTML and fit the cap; robots.txt is cut at its cap and any
/// status is an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Page,
    Robots,
}

/// The answer to one request.
enum Hop {
    Redirect(Url, u16),
    Done {
        status: u16,
        content_type: Option<String>,
        body: Vec<u8>,
    },
}

/// Why one attempt failed.
enum AttemptError {
    /// No connection could be made (the name does not resolve, the port refuses, no route): one
    /// more try at most, since waiting seconds rarely brings a host back.
    Unreachable { msg: String },
    /// Worth another try: timeout, connection error, 429 or 5xx.
    Retry {
        msg: String,
        status: Option<u16>,
        retry_after: Option<Duration>,
    },
    /// Final: another try would end the same way.
    Fatal {
        error: Error,
        status: Option<u16>,
        content_type: Option<String>,
    },
}

/// A failed hop: the error, the HTTP status and content type if known, and the attempts made.
struct HopError {
    error: Error,
    status: Option<u16>,
    content_type: Option<String>,
    attempts: u32,
    /// The host could not be connected to at all.
    unreachable: bool,
}

/// The HTTP side of a fetch run, shared by all workers.
pub struct Client {
    http: reqwest::Client,
    timeout: Duration,
    retries: u32,
    backoff: Duration,
    max_bytes: usize,
    ignore_robots: bool,
    robots_agent: String,
    robots: RobotsCache,
}

impl Client {
    pub fn new(opts: &FetchOptions) -> Result<Self, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCEPT,
            reqwest::header::HeaderValue::from_static(
                "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
            ),
        );
        let http = reqwest::Client::builder()
            .user_agent(opts.user_agent.clone())
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            // The whole-request budget is the attempt timeout in `hop` (reqwest's own would surface
            // mid-body as a decode error).
            .connect_timeout(opts.connect_timeout.min(opts.timeout))
            .pool_max_idle_per_host(opts.per_host.max(1))
            .pool_idle_timeout(Duration::from_secs(30))
            .tcp_nodelay(true)
            .build()
            .map_err(|e| Error::Fetch(format!("building the HTTP client: {}", error_chain(&e))))?;
        Ok(Client {
            http,
            timeout: opts.timeout,
            retries: opts.retries,
            backoff: opts.backoff,
            max_bytes: opts.max_bytes,
            ignore_robots: opts.ignore_robots,
            robots_agent: super::robots_token(&opts.user_agent),
            robots: RobotsCache::default(),
        })
    }

    /// Fetch one page: robots.txt, redirects, retries, the cap, the content type.
    pub async fn fetch_page<T>(
        &self,
        gate: &Arc<Politeness<T>>,
        start: Url,
    ) -> Result<Page, Failure> {
        let mut url = start;
        let mut seen = HashSet::new();
        seen.insert(without_fragment(&url));
        let mut redirects = 0;
        loop {
            if !self.ignore_robots {
                let rules = self.robots_for(gate, &url).await;
                if let Err(why) = rules.check(url.as_str()) {
                    return Err(Failure {
                        error: Error::Fetch(why),
                        final_url: Some(url),
                        status: None,
                        content_type: None,
                        attempts: 0,
                        redirects,
                    });
                }
            }
            let fail =
                |url: Url, error: Error, status, content_type, attempts, redirects| Failure {
                    error,
                    final_url: Some(url),
                    status,
                    content_type,
                    attempts,
                    redirects,
                };
            match self.hop(gate, &url, Purpose::Page).await {
                Ok((Hop::Redirect(next, code), attempts)) => {
                    redirects += 1;
                    if redirects > MAX_REDIRECTS {
                        let e = Error::Fetch(format!(
                            "too many redirects (more than {MAX_REDIRECTS}), last to {next}"
                        ));
                        return Err(fail(url, e, Some(code), None, attempts, redirects));
                    }
                    if !seen.insert(without_fragment(&next)) {
                        let e = Error::Fetch(format!("redirect loop: {next} was already visited"));
                        return Err(fail(url, e, Some(code), None, attempts, redirects));
                    }
                    url = next;
                }
                Ok((
                    Hop::Done {
                        status,
                        content_type,
                        body,
                    },
                    attempts,
                )) => {
                    return Ok(Page {
                        final_url: url,
                        status,
                        content_type,
                        body,
                        attempts,
                        redirects,
                    })
                }
                Err(h) => {
                    return Err(fail(
                        url,
                        h.error,
                        h.status,
                        h.content_type,
                        h.attempts,
                        redirects,
                    ))
                }
            }
        }
    }

    /// The robots.txt rules of `url`'s origin, fetched on first use. A `Crawl-delay` raises the
    /// host's delay.
    async fn robots_for<T>(&self, gate: &Arc<Politeness<T>>, url: &Url) -> Arc<Rules> {
        let origin = url.origin().ascii_serialization();
        let cell = self.robots.cell(&origin);
        let rules = cell
            .get_or_init(|| async {
                let rules = self.fetch_robots(gate, url).await;
                if let Some(d) = rules.crawl_delay() {
                    gate.raise_delay(&host_key(url), d);
                }
                Arc::new(rules)
            })
            .await;
        Arc::clone(rules)
    }

    async fn fetch_robots<T>(&self, gate: &Arc<Politeness<T>>, page: &Url) -> Rules {
        let Ok(mut url) = page.join("/robots.txt") else {
            return Rules::AllowAll;
        };
        for _ in 0..=MAX_ROBOTS_REDIRECTS {
            match self.hop(gate, &url, Purpose::Robots).await {
                Ok((Hop::Redirect(next, _), _)) => url = next,
                Ok((Hop::Done { status, body, .. }, _)) => {
                    return if (200..300).contains(&status) {
                        Rules::parse(&self.robots_agent, &body)
                    } else {
                        Rules::AllowAll
                    };
                }
                // Not a robots.txt verdict: the host itself cannot be reached, and the page
                // request would fail the same way.
                Err(h) if h.unreachable => return Rules::HostDown(h.error.to_string()),
                Err(h) => {
                    let why = match h.status {
                        Some(s) => format!("HTTP {s}"),
                        None => h.error.to_string(),
                    };
                    return Rules::Unreachable(why);
                }
            }
        }
        // RFC 9309: past five redirects robots.txt may be treated as unavailable (no restrictions).
        Rules::AllowAll
    }

    /// One hop: attempts with retries. Returns the answer and the number of attempts made.
    async fn hop<T>(
        &self,
        gate: &Arc<Politeness<T>>,
        url: &Url,
        purpose: Purpose,
    ) -> Result<(Hop, u32), HopError> {
        let host = host_key(url);
        let mut tries = 0u32;
        loop {
            tries += 1;
            let permit = gate.request(&host).await;
            let result = match tokio::time::timeout(self.timeout, self.attempt(url, purpose)).await
            {
                Ok(r) => r,
                Err(_) => Err(AttemptError::Retry {
                    msg: format!(
                        "timed out after {} (no complete response)",
                        human_duration(self.timeout)
                    ),
                    status: None,
                    retry_after: None,
                }),
            };
            drop(permit);
            match result {
                Ok(hop) => return Ok((hop, tries)),
                Err(AttemptError::Fatal {
                    error,
                    status,
                    content_type,
                }) => {
                    return Err(HopError {
                        error,
                        status,
                        content_type,
                        attempts: tries,
                        unreachable: false,
                    })
                }
                Err(AttemptError::Unreachable { msg }) => {
                    if tries > self.retries.min(1) {
                        let msg = if tries > 1 {
                            format!("{msg} (after {tries} attempts)")
                        } else {
                            msg
                        };
                        return Err(HopError {
                            error: Error::Fetch(msg),
                            status: None,
                            content_type: None,
                            attempts: tries,
                            unreachable: true,
                        });
                    }
                    tokio::time::sleep(backoff(self.backoff, tries, None)).await;
                }
                Err(AttemptError::Retry {
                    msg,
                    status,
                    retry_after,
                }) => {
                    if tries > self.retries {
                        let msg = if tries > 1 {
                            format!("{msg} (after {tries} attempts)")
                        } else {
                            msg
                        };
                        return Err(HopError {
                            error: Error::Fetch(msg),
                            status,
                            content_type: None,
                            attempts: tries,
                            unreachable: false,
                        });
                    }
                    let wait = backoff(self.backoff, tries, retry_after);
                    if retry_after.is_some() {
                        // The server asked everyone to wait, not just this request.
                        gate.pause_host(&host, wait);
                    }
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// One request, without retries or the timeout (the caller bounds it).
    async fn attempt(&self, url: &Url, purpose: Purpose) -> Result<Hop, AttemptError> {
        let mut resp = self.http.get(url.clone()).send().await.map_err(classify)?;
        let status = resp.status();
        let code = status.as_u16();
        if matches!(code, 301 | 302 | 303 | 307 | 308) {
            let fatal = |msg: String| AttemptError::Fatal {
                error: Error::Fetch(msg),
                status: Some(code),
                content_type: None,
            };
            let loc = resp
                .headers()
                .get(LOCATION)
                .ok_or_else(|| fatal(format!("HTTP {status} without a Location header")))?;
            let loc = String::from_utf8_lossy(loc.as_bytes()).into_owned();
            let next = url
                .join(loc.trim())
                .map_err(|e| fatal(format!("bad redirect Location {loc:?}: {e}")))?;
            if !matches!(next.scheme(), "http" | "https") {
                return Err(fatal(format!("redirect to a non-HTTP URL: {next}")));
            }
            return Ok(Hop::Redirect(next, code));
        }
        if code == 429 || status.is_server_error() {
            return Err(AttemptError::Retry {
                msg: format!("HTTP {status}"),
                status: Some(code),
                retry_after: retry_after(resp.headers()),
            });
        }
        let content_type = resp
            .headers()
            .get(CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_string())
            .filter(|s| !s.is_empty());
        let (cap, truncate) = match purpose {
            Purpose::Robots => {
                if !status.is_success() {
                    return Ok(Hop::Done {
                        status: code,
                        content_type,
                        body: Vec::new(),
                    });
                }
                (MAX_ROBOTS_BYTES, true)
            }
            Purpose::Page => {
                let fatal = |error: Error, ct: &Option<String>| AttemptError::Fatal {
                    error,
                    status: Some(code),
                    content_type: ct.clone(),
                };
                if !status.is_success() {
                    return Err(fatal(Error::Fetch(format!("HTTP {status}")), &content_type));
                }
                if let Some(ct) = &content_type {
                    if !is_html_type(ct) {
                        return Err(fatal(
                            Error::NotHtml(format!("content type {} is not HTML", essence(ct))),
                            &content_type,
                        ));
                    }
                }
                if let Some(len) = resp.content_length() {
                    if len > self.max_bytes as u64 {
                        return Err(fatal(over_cap(self.max_bytes), &content_type));
                    }
                }
                (self.max_bytes, false)
            }
        };
        let mut body = Vec::with_capacity(
            resp.content_length()
                .map_or(16 * 1024, |n| n as usize)
                .min(cap),
        );
        loop {
            let chunk = match resp.chunk().await {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => {
                    let mut err = classify(e);
                    if let AttemptError::Fatal {
                        status: s,
                        content_type: ct,
                        ..
                    } = &mut err
                    {
                        *s = Some(code);
                        ct.clone_from(&content_type);
                    }
                    return Err(err);
                }
            };
            if body.len() + chunk.len() > cap {
                if truncate {
                    body.extend_from_slice(&chunk[..cap - body.len()]);
                    break;
                }
                return Err(AttemptError::Fatal {
                    error: over_cap(cap),
                    status: Some(code),
                    content_type,
                });
            }
            body.extend_from_slice(&chunk);
        }
        if purpose == Purpose::Page && content_type.is_none() && !looks_like_html(&body) {
            return Err(AttemptError::Fatal {
                error: Error::NotHtml(
                    "no Content-Type, and the body does not look like HTML".to_string(),
                ),
                status: Some(code),
                content_type: None,
            });
        }
        Ok(Hop::Done {
            status: code,
            content_type,
            body,
        })
    }
}

fn over_cap(cap: usize) -> Error {
    Error::Limit {
        limit: "response bytes",
        detail: format!("body larger than {cap} bytes after decompression (--max-bytes)"),
    }
}

/// Sort a reqwest error into retry-worthy or final, with a one-line message.
fn classify(e: reqwest::Error) -> AttemptError {
    let msg = error_chain(&e);
    if e.is_timeout() {
        return AttemptError::Retry {
            msg: format!("timed out ({msg})"),
            status: None,
            retry_after: None,
        };
    }
    // A body cut short by the network surfaces as a decode error when decompressing: retry that,
    // but not bytes that are not what they claim to be.
    let network_cause = io_cause(&e).is_some_and(|k| {
        !matches!(
            k,
            std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput
        )
    });
    if (e.is_decode() && !network_cause) || e.is_builder() || e.is_redirect() {
        AttemptError::Fatal {
            error: Error::Fetch(msg),
            status: None,
            content_type: None,
        }
    } else if e.is_connect() {
        // No connection at all: the name does not resolve, the port refuses, no route.
        AttemptError::Unreachable {
            msg: format!("cannot connect: {msg}"),
        }
    } else {
        // A connection reset, a body cut short: the network's fault, maybe passing.
        AttemptError::Retry {
            msg,
            status: None,
            retry_after: None,
        }
    }
}

/// The kind of the innermost I/O error behind `e`, if any.
fn io_cause(e: &reqwest::Error) -> Option<std::io::ErrorKind> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    let mut kind = None;
    while let Some(c) = cur {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            kind = Some(io.kind());
        }
        cur = c.source();
    }
    kind
}

/// The error's own message and its innermost cause (reqwest's chain is long and repetitive).
fn error_chain(e: &reqwest::Error) -> String {
    let mut root: &dyn std::error::Error = e;
    while let Some(s) = root.source() {
        root = s;
    }
    let top = e.to_string();
    let top = top
        .split(" for url (")
        .next()
        .unwrap_or(&top)
        .trim()
        .to_string();
    let inner = root.to_string();
    if std::ptr::addr_eq(root as *const _, e as *const _) || top.contains(&inner) {
        top
    } else {
        format!("{top}: {inner}")
    }
}

/// Wait before retry number `tries` (1-based): `base · 2^(tries-1)` capped, half of it jittered,
/// and never less than a `Retry-After` (itself capped).
fn backoff(base: Duration, tries: u32, retry_after: Option<Duration>) -> Duration {
    let exp = base
        .saturating_mul(1u32 << (tries.saturating_sub(1)).min(20))
        .min(MAX_BACKOFF);
    let half = exp / 2;
    let jitter = rand::rng().random_range(0..=half.as_millis() as u64);
    let wait = half + Duration::from_millis(jitter);
    match retry_after {
        Some(ra) => wait.max(ra.min(MAX_RETRY_AFTER)),
        None => wait,
    }
}

/// `Retry-After`: delay-seconds or an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let delta = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

fn without_fragment(u: &Url) -> String {
    let mut u = u.clone();
    u.set_fragment(None);
    u.into()
}

/// The media type of a `Content-Type` value, lowercased, without parameters.
pub fn essence(ct: &str) -> String {
    ct.split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// HTML or XHTML.
pub fn is_html_type(ct: &str) -> bool {
    matches!(essence(ct).as_str(), "text/html" | "application/xhtml+xml")
}

/// The `charset` parameter of a `Content-Type` value.
pub fn charset_of(ct: &str) -> Option<&str> {
    ct.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(|c| c == '"' || c == '\''))
            .filter(|v| !v.is_empty())
    })
}

/// A body without a declared type counts as HTML when it starts with a tag.
fn looks_like_html(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    body.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<')
}

fn human_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s:.1} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert!(is_html_type("text/html; charset=UTF-8"));
        assert!(is_html_type("Application/XHTML+XML"));
        assert!(!is_html_type("application/pdf"));
        assert_eq!(
            charset_of("text/html; charset=\"windows-1251\""),
            Some("windows-1251")
        );
        assert_eq!(charset_of("text/html"), None);
        assert_eq!(charset_of("text/html; charset="), None);
        assert!(looks_like_html(b"\xEF\xBB\xBF  <!doctype html>"));
        assert!(!looks_like_html(b"%PDF-1.4"));
    }

    #[test]
    fn backoff_grows_and_honours_retry_after() {
        let base = Duration::from_millis(100);
        for tries in 1..6 {
            let exp = base * (1 << (tries - 1));
            let w = backoff(base, tries, None);
            assert!(w >= exp / 2 && w <= exp, "{tries}: {w:?}");
        }
        assert!(backoff(base, 40, None) <= MAX_BACKOFF);
        assert_eq!(
            backoff(base, 1, Some(Duration::from_secs(5))),
            Duration::from_secs(5)
        );
        assert_eq!(
            backoff(base, 1, Some(Duration::from_secs(100_000))),
            MAX_RETRY_AFTER
        );
    }

    #[test]
    fn retry_after_forms() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        h.insert(
            RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        h.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }
}
