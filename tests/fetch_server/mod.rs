//! A small HTTP/1.1 server on 127.0.0.1 for the fetch tests and the fetch benchmark: each request
//! is answered by a handler closure with a [`Reply`], including the misbehaviours a crawler must
//! survive (never answering, dripping bytes, an endless body, a connection reset). It records every
//! request (path, time, headers) and the most requests it had in flight at once.

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the handler sees.
pub struct Request {
    pub path: String,
    /// 1 for the first request of this path, 2 for the second, ...
    pub hit: usize,
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How to answer.
pub enum Reply {
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Read the request, never answer, keep the connection open.
    Hang,
    /// Promise a large body, then send one byte every `every`.
    Drip { every: Duration },
    /// An HTML body without a length that never ends.
    Endless,
    /// Reset the connection (TCP RST) without answering.
    Reset,
    /// Wait, then answer.
    After(Duration, Box<Reply>),
}

impl Reply {
    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::Full {
            status: 200,
            headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
            body: body.into(),
        }
    }

    pub fn status(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), "text/plain".into())],
            body: body.into(),
        }
    }

    pub fn redirect(status: u16, location: &str) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Location".into(), location.into())],
            body: Vec::new(),
        }
    }

    pub fn not_found() -> Reply {
        Reply::status(404, "not found")
    }

    /// Replace (or add) a header.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Full { headers, .. } = &mut self {
            headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
            headers.push((name.into(), value.into()));
        }
        self
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

#[derive(Default)]
struct Log {
    hits: HashMap<String, usize>,
    times: Vec<(String, Instant)>,
    user_agents: Vec<String>,
}

pub struct Server {
    pub addr: SocketAddr,
    log: Arc<Mutex<Log>>,
    in_flight: Arc<AtomicUsize>,
    max_in_flight: Arc<AtomicUsize>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        std_listener.set_nonblocking(true).expect("nonblocking");
        let addr = std_listener.local_addr().expect("local addr");
        let log = Arc::new(Mutex::new(Log::default()));
        let in_flight = Arc::new(AtomicUsize::new(0));
        let max_in_flight = Arc::new(AtomicUsize::new(0));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let handler: Arc<Handler> = Arc::new(handler);
        let (log2, inf2, max2) = (log.clone(), in_flight.clone(), max_in_flight.clone());
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .expect("server runtime");
            rt.block_on(async move {
                let listener = TcpListener::from_std(std_listener).expect("listener");
                tokio::pin!(stopped);
                loop {
                    tokio::select! {
                        _ = &mut stopped => break,
                        conn = listener.accept() => {
                            let Ok((stream, _)) = conn else { continue };
                            let ctx = Conn {
                                handler: handler.clone(),
                                log: log2.clone(),
                                in_flight: inf2.clone(),
                                max_in_flight: max2.clone(),
                            };
                            tokio::spawn(ctx.serve(stream));
                        }
                    }
                }
            });
            rt.shutdown_background();
        });
        Server {
            addr,
            log,
            in_flight,
            max_in_flight,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Requests made for `path` so far.
    pub fn hits(&self, path: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .hits
            .get(path)
            .copied()
            .unwrap_or(0)
    }

    /// When each request for `path` arrived.
    pub fn times(&self, path: &str) -> Vec<Instant> {
        let log = self.log.lock().unwrap();
        log.times
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, t)| *t)
            .collect()
    }

    /// Arrival times of all requests except robots.txt, in order.
    pub fn page_times(&self) -> Vec<Instant> {
        let log = self.log.lock().unwrap();
        log.times
            .iter()
            .filter(|(p, _)| p != "/robots.txt")
            .map(|(_, t)| *t)
            .collect()
    }

    pub fn user_agents(&self) -> Vec<String> {
        self.log.lock().unwrap().user_agents.clone()
    }

    /// The most requests the server was answering at the same time.
    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Conn {
    handler: Arc<Handler>,
    log: Arc<Mutex<Log>>,
    in_flight: Arc<AtomicUsize>,
    max_in_flight: Arc<AtomicUsize>,
}

struct InFlight(Arc<AtomicUsize>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Conn {
    async fn serve(self, mut stream: TcpStream) {
        let Some((path, headers)) = read_head(&mut stream).await else {
            return;
        };
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        let _guard = InFlight(self.in_flight.clone());
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
        let hit = {
            let mut log = self.log.lock().unwrap();
            let n = log.hits.entry(path.clone()).or_insert(0);
            *n += 1;
            let hit = *n;
            log.times.push((path.clone(), Instant::now()));
            if let Some((_, ua)) = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("user-agent"))
            {
                log.user_agents.push(ua.clone());
            }
            hit
        };
        let req = Request { path, hit, headers };
        let mut reply = (self.handler)(&req);
        loop {
            match reply {
                Reply::After(d, next) => {
                    tokio::time::sleep(d).await;
                    reply = *next;
                }
                other => {
                    reply = other;
                    break;
                }
            }
        }
        match reply {
            Reply::Full {
                status,
                headers,
                body,
            } => {
                let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
                for (k, v) in &headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str(&format!(
                    "Content-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                ));
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
                let _ = stream.shutdown().await;
            }
            Reply::Hang => {
                // Hold the connection until the client gives up.
                let mut buf = [0u8; 64];
                while let Ok(n) = stream.read(&mut buf).await {
                    if n == 0 {
                        break;
                    }
                }
            }
            Reply::Drip { every } => {
                let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000000\r\nConnection: close\r\n\r\n<html><body><p>";
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                for _ in 0..1_000_000 {
                    tokio::time::sleep(every).await;
                    if stream.write_all(b"x").await.is_err() {
                        return;
                    }
                }
            }
            Reply::Endless => {
                let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html><body>";
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = b"<p>more and more text that never ends</p>\n".repeat(400);
                // Bounded so that a client that never stops reading still ends the test (~400 MB).
                for _ in 0..25_000 {
                    if stream.write_all(&chunk).await.is_err() {
                        return;
                    }
                }
            }
            Reply::Reset => {
                let _ = stream.set_zero_linger();
                drop(stream);
            }
            Reply::After(..) => unreachable!("resolved above"),
        }
    }
}

/// Read the request head; `None` when the client went away first.
async fn read_head(stream: &mut TcpStream) -> Option<(String, Vec<(String, String)>)> {
    let mut buf = Vec::with_capacity(1024);
    let mut tmp = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut tmp).await.ok()?;
        if n == 0 || buf.len() > 64 * 1024 {
            return None;
        }
        buf.extend_from_slice(&tmp[..n]);
    }
    let text = String::from_utf8_lossy(&buf);
    let mut lines = text.split("\r\n");
    let first = lines.next()?;
    let path = first.split_whitespace().nth(1)?.to_string();
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Some((path, headers))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// An article page with boilerplate around it.
pub fn article(title: &str, paragraphs: &[&str]) -> String {
    let mut body = String::new();
    for p in paragraphs {
        body.push_str(&format!("<p>{p}</p>\n"));
    }
    format!(
        "<!doctype html><html><head><title>{title}</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/about\">About</a></nav>\
         <article><h1>{title}</h1>\n{body}</article>\
         <footer>Copyright 2024 Example Site. All rights reserved.</footer></body></html>"
    )
}
