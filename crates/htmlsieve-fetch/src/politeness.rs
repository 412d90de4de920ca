//! Politeness: the frontier that hands URLs to workers so that no host gets more than `per_host`
//! requests at once, request starts to one host are at least its delay apart, and a long run of one
//! host in the input does not starve the others (hosts take turns).
//!
//! In: jobs keyed by host. Out: the next job whose host may be contacted now, and a per-request gate
//! ([`Politeness::request`]) that every HTTP request (robots.txt, retries, redirect hops) passes.
//! Not here: what a request does.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::Instant;

/// The politeness key of a URL: host and port (the server we would be loading).
pub fn host_key(url: &url::Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or("").to_ascii_lowercase(),
        url.port_or_known_default().unwrap_or(0)
    )
}

struct Host<T> {
    queue: VecDeque<T>,
    /// Jobs of this host handed out and not finished.
    jobs_active: usize,
    /// Requests to this host in flight.
    requests_active: usize,
    /// The earliest start of the next request.
    next_at: Instant,
    delay: Duration,
}

struct State<T> {
    hosts: HashMap<String, Host<T>>,
    /// Hosts with queued jobs, in turn order.
    turn: VecDeque<String>,
    queued: usize,
    closed: bool,
}

/// The frontier and per-host gate, shared by all workers.
pub struct Politeness<T> {
    per_host: usize,
    base_delay: Duration,
    max_delay: Duration,
    state: Mutex<State<T>>,
    notify: Notify,
}

/// Held while a job runs; frees the host's job slot when dropped.
pub struct JobSlot<T> {
    owner: Arc<Politeness<T>>,
    host: String,
}

/// Held while a request is in flight; frees the host's request slot when dropped.
pub struct RequestPermit<T> {
    owner: Arc<Politeness<T>>,
    host: String,
}

impl<T> Politeness<T> {
    /// `per_host` is raised to at least 1; `max_delay` caps delays asked for by robots.txt.
    pub fn new(per_host: usize, delay: Duration, max_delay: Duration) -> Arc<Self> {
        Arc::new(Politeness {
            per_host: per_host.max(1),
            base_delay: delay,
            max_delay: max_delay.max(delay),
            state: Mutex::new(State {
                hosts: HashMap::new(),
                turn: VecDeque::new(),
                queued: 0,
                closed: false,
            }),
            notify: Notify::new(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State<T>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn host_mut<'a>(&self, st: &'a mut State<T>, host: &str) -> &'a mut Host<T> {
        st.hosts.entry(host.to_string()).or_insert_with(|| Host {
            queue: VecDeque::new(),
            jobs_active: 0,
            requests_active: 0,
            next_at: Instant::now(),
            delay: self.base_delay,
        })
    }

    /// Queue a job for `host`.
    pub fn push(&self, host: String, job: T) {
        let mut st = self.lock();
        let h = self.host_mut(&mut st, &host);
        let was_empty = h.queue.is_empty();
        h.queue.push_back(job);
        st.queued += 1;
        if was_empty {
            st.turn.push_back(host);
        }
        drop(st);
        self.notify.notify_waiters();
    }

    /// Stop handing out jobs (Ctrl-C); waiting workers get `None`.
    pub fn close(&self) {
        self.lock().closed = true;
        self.notify.notify_waiters();
    }

    /// Jobs not handed out yet.
    pub fn queued(&self) -> usize {
        self.lock().queued
    }

    /// Raise a host's delay (robots.txt `Crawl-delay`), never above the cap.
    pub fn raise_delay(&self, host: &str, delay: Duration) {
        let delay = delay.min(self.max_delay);
        let mut st = self.lock();
        let h = self.host_mut(&mut st, host);
        if delay > h.delay {
            h.delay = delay;
        }
    }

    /// Let no request start on `host` before `wait` has passed (the server asked, e.g. with
    /// `Retry-After`).
    pub fn pause_host(&self, host: &str, wait: Duration) {
        let until = Instant::now() + wait;
        let mut st = self.lock();
        let h = self.host_mut(&mut st, host);
        h.next_at = h.next_at.max(until);
    }

    /// The next job whose host may be contacted now, waiting while every host with queued jobs is
    /// busy or pausing. `None` when nothing is queued or the frontier is closed.
    pub async fn next_job(self: &Arc<Self>) -> Option<(T, JobSlot<T>)> {
        loop {
            let notified = self.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let earliest = {
                let mut guard = self.lock();
                let st = &mut *guard;
                if st.closed || st.queued == 0 {
                    return None;
                }
                let now = Instant::now();
                let mut earliest: Option<Instant> = None;
                let mut picked = None;
                for _ in 0..st.turn.len() {
                    let Some(key) = st.turn.pop_front() else {
                        break;
                    };
                    let Some(h) = st.hosts.get_mut(&key) else {
                        continue;
                    };
                    if h.queue.is_empty() {
                        continue;
                    }
                    if h.jobs_active < self.per_host && h.next_at <= now {
                        if let Some(job) = h.queue.pop_front() {
                            h.jobs_active += 1;
                            let more = !h.queue.is_empty();
                            picked = Some((job, key.clone()));
                            if more {
                                st.turn.push_back(key);
                            }
                            break;
                        }
                    }
                    if h.jobs_active < self.per_host {
                        earliest = Some(earliest.map_or(h.next_at, |e| e.min(h.next_at)));
                    }
                    st.turn.push_back(key);
                }
                if let Some((job, host)) = picked {
                    st.queued -= 1;
                    let slot = JobSlot {
                        owner: Arc::clone(self),
                        host,
                    };
                    return Some((job, slot));
                }
                earliest
            };
            match earliest {
                Some(t) => {
                    tokio::select! {
                        _ = tokio::time::sleep_until(t) => {}
                        _ = &mut notified => {}
                    }
                }
                None => notified.await,
            }
        }
    }

    /// Wait for a request slot of `host` and for its delay since the previous request start.
    pub async fn request(self: &Arc<Self>, host: &str) -> RequestPermit<T> {
        loop {
            let notified = self.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let start = {
                let mut st = self.lock();
                let h = self.host_mut(&mut st, host);
                if h.requests_active < self.per_host {
                    let start = h.next_at.max(Instant::now());
                    h.next_at = start + h.delay;
                    h.requests_active += 1;
                    Some(start)
                } else {
                    None
                }
            };
            if let Some(start) = start {
                // The permit exists before the pause so that a cancelled wait still frees it.
                let permit = RequestPermit {
                    owner: Arc::clone(self),
                    host: host.to_string(),
                };
                tokio::time::sleep_until(start).await;
                return permit;
            }
            notified.await;
        }
    }
}

impl<T> Drop for JobSlot<T> {
    fn drop(&mut self) {
        let mut st = self.owner.lock();
        if let Some(h) = st.hosts.get_mut(&self.host) {
            h.jobs_active = h.jobs_active.saturating_sub(1);
        }
        drop(st);
        self.owner.notify.notify_waiters();
    }
}

impl<T> Drop for RequestPermit<T> {
    fn drop(&mut self) {
        let mut st = self.owner.lock();
        if let Some(h) = st.hosts.get_mut(&self.host) {
            h.requests_active = h.requests_active.saturating_sub(1);
        }
        drop(st);
        self.owner.notify.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rt() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap()
    }

    #[test]
    fn hosts_take_turns() {
        rt().block_on(async {
            let p = Politeness::new(1, Duration::ZERO, Duration::ZERO);
            for i in 0..3 {
                p.push("a:80".into(), format!("a{i}"));
            }
            p.push("b:80".into(), "b0".to_string());
            let (j1, s1) = p.next_job().await.unwrap();
            // a is busy (one slot): b goes next even though a has more queued.
            let (j2, _s2) = p.next_job().await.unwrap();
            assert_eq!((j1.as_str(), j2.as_str()), ("a0", "b0"));
            drop(s1);
            let (j3, _s3) = p.next_job().await.unwrap();
            assert_eq!(j3, "a1");
        });
    }

    #[test]
    fn delay_spaces_request_starts() {
        rt().block_on(async {
            let p: Arc<Politeness<()>> =
                Politeness::new(2, Duration::from_millis(500), Duration::from_secs(60));
            let t0 = Instant::now();
            let r1 = p.request("h:80").await;
            let r2 = p.request("h:80").await;
            assert!(Instant::now() - t0 >= Duration::from_millis(500));
            drop((r1, r2));
            p.raise_delay("h:80", Duration::from_secs(3600));
            let t1 = Instant::now();
            let _r3 = p.request("h:80").await;
            let _r4 = p.request("h:80").await;
            // Capped at 60 s, and the third start waited for the 500 ms from the second.
            let waited = Instant::now() - t1;
            assert!(waited >= Duration::from_secs(60) && waited < Duration::from_secs(61));
        });
    }

    #[test]
    fn closed_frontier_hands_out_nothing() {
        rt().block_on(async {
            let p = Politeness::new(1, Duration::ZERO, Duration::ZERO);
            p.push("a:80".into(), 1);
            p.close();
            assert!(p.next_job().await.is_none());
        });
    }
}
