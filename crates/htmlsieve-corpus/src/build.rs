//! Writing WARC records, for tests and benchmarks that need a crawl without a network: a
//! record's bytes, and a gzip member around them (the per-record compression crawlers use).

use std::fmt::Write as _;

/// One `response` record (WARC/1.1) holding an HTTP response with `http_head` (status line and
/// headers, without the blank line) and `body`.
pub fn response(id: &str, uri: &str, date: &str, http_head: &str, body: &[u8]) -> Vec<u8> {
    let mut block = Vec::with_capacity(http_head.len() + body.len() + 4);
    block.extend_from_slice(
        http_head
            .trim_end()
            .replace("\r\n", "\n")
            .replace('\n', "\r\n")
            .as_bytes(),
    );
    block.extend_from_slice(b"\r\n\r\n");
    block.extend_from_slice(body);
    record(
        "WARC/1.1",
        "response",
        id,
        Some(uri),
        date,
        "application/http; msgtype=response",
        &block,
    )
}

/// A record of any type with the given version line, `Content-Type` and block.
pub fn record(
    version: &str,
    warc_type: &str,
    id: &str,
    uri: Option<&str>,
    date: &str,
    content_type: &str,
    block: &[u8],
) -> Vec<u8> {
    let mut head = String::new();
    let _ = write!(
        head,
        "{version}\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: {id}\r\nWARC-Date: {date}\r\n"
    );
    if let Some(uri) = uri {
        let _ = write!(head, "WARC-Target-URI: {uri}\r\n");
    }
    let _ = write!(
        head,
        "Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    );
    let mut out = head.into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// `data` as one gzip member.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}
