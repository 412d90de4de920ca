//! robots.txt: what one origin allows us, parsed by `texting_robots` and fetched once per origin
//! (concurrent workers wait for the same fetch).
//!
//! In: an origin's robots.txt response (or why there is none). Out: allowed / disallowed per URL and
//! the `Crawl-delay`. Status handling follows RFC 9309: 2xx → the rules; 4xx → no restrictions;
//! 5xx, 429 after retries, or an unreachable server → everything disallowed.
//! Not here: the HTTP requests (that is `client`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use texting_robots::Robot;
use tokio::sync::OnceCell;

/// RFC 9309 asks crawlers to parse at least 500 KiB; anything past this is ignored.
pub const MAX_ROBOTS_BYTES: usize = 512 * 1024;
/// Redirects followed for robots.txt (RFC 9309: at least five).
pub const MAX_ROBOTS_REDIRECTS: u32 = 5;

/// The rules of one origin.
pub enum Rules {
    /// No robots.txt (4xx), an unparseable one, or robots ignored.
    AllowAll,
    /// The server could not be asked (5xx, 429, network error): RFC 9309 says assume complete
    /// disallow. Holds the reason.
    Unreachable(String),
    /// The host could not be connected to at all (DNS, refused, no route): no verdict on
    /// robots.txt, and no page of the host can be fetched either. Holds the reason.
    HostDown(String),
    Parsed(Box<Robot>),
}

impl Rules {
    /// Rules from a robots.txt body. A file the parser rejects restricts nothing.
    pub fn parse(agent: &str, body: &[u8]) -> Rules {
        match Robot::new(agent, body) {
            Ok(r) => Rules::Parsed(Box::new(r)),
            Err(_) => Rules::AllowAll,
        }
    }

    /// `Ok(())` when `url` may be fetched, else the reason.
    pub fn check(&self, url: &str) -> Result<(), String> {
        match self {
            Rules::AllowAll => Ok(()),
            Rules::Unreachable(why) => Err(format!(
                "robots.txt could not be read ({why}), so the site is treated as disallowed; \
                 --ignore-robots fetches anyway"
            )),
            Rules::HostDown(why) => Err(why.clone()),
            Rules::Parsed(r) => {
                if r.allowed(url) {
                    Ok(())
                } else {
                    Err("disallowed by robots.txt (--ignore-robots fetches anyway)".to_string())
                }
            }
        }
    }

    /// The `Crawl-delay` that applies to us, if any (negative or non-finite values ignored).
    pub fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Rules::Parsed(r) => r
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f64(f64::from(d).min(86_400.0))),
            _ => None,
        }
    }
}

/// robots.txt rules by origin, each fetched once.
#[derive(Default)]
pub struct RobotsCache {
    cells: Mutex<HashMap<String, Arc<OnceCell<Arc<Rules>>>>>,
}

impl RobotsCache {
    /// The cell of an origin (`scheme://host:port`); the first caller fills it.
    pub fn cell(&self, origin: &str) -> Arc<OnceCell<Arc<Rules>>> {
        let mut map = self.cells.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(map.entry(origin.to_string()).or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_from_a_file() {
        let txt = b"User-agent: *\nDisallow: /private\nCrawl-delay: 2\n\nUser-agent: otherbot\nDisallow: /\n";
        let r = Rules::parse("htmlsieve", txt);
        assert!(r.check("http://h/public/page").is_ok());
        assert!(r.check("http://h/private/page").is_err());
        assert_eq!(r.crawl_delay(), Some(Duration::from_secs(2)));
        let other = Rules::parse("otherbot", txt);
        assert!(other.check("http://h/public/page").is_err());
    }

    #[test]
    fn unreachable_disallows() {
        let r = Rules::Unreachable("HTTP 503".into());
        assert!(r.check("http://h/").unwrap_err().contains("HTTP 503"));
        assert!(Rules::AllowAll.check("http://h/").is_ok());
    }
}
