//! WARC reading: a WARC file (plain, gzip per record or whole file, zstd) → a stream of
//! [`WarcItem`]s, one per record: the HTML pages with what the record's HTTP headers say about
//! them, the records skipped and why, and the records that could not be read.
//!
//! The format is read by `fastwarc` (the Rust core of Resiliparse's FastWARC): it detects the
//! compression from the magic bytes, parses WARC and HTTP headers, and reports each record's start
//! offset. Memory is bounded by the largest page kept (`max_body`), never by the file: records are
//! read one at a time and their bodies streamed. Not here: what a page becomes (the extractor).

use fastwarc::warc::iter::{ArchiveIterator, ArchiveIteratorOptions};
use fastwarc::warc::record::{AutoDecode, WarcRecord, WarcRecordType};
use std::io::{BufReader, Read};
use std::path::Path;

/// Why a WARC record could not be read.
#[derive(Debug, thiserror::Error)]
pub enum WarcError {
    #[error("cannot open {path}: {source}")]
    Open {
        path: String,
        source: std::io::Error,
    },
    /// The stream is not WARC, or a header is broken: the rest of the file cannot be trusted.
    #[error("malformed record: {0}")]
    Malformed(String),
    /// The record ends before its `Content-Length`.
    #[error("truncated record: {got} of {expected} bytes")]
    Truncated { expected: u64, got: u64 },
    #[error("reading the record: {0}")]
    Io(std::io::Error),
}

impl WarcError {
    /// A short, stable name for counting errors by kind.
    pub fn kind(&self) -> &'static str {
        match self {
            WarcError::Open { .. } => "open",
            WarcError::Malformed(_) => "malformed",
            WarcError::Truncated { .. } => "truncated",
            WarcError::Io(_) => "io",
        }
    }
}

/// The WARC headers that name a record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordHead {
    /// `WARC-Record-ID`, e.g. `<urn:uuid:…>`.
    pub record_id: Option<String>,
    /// `WARC-Target-URI`.
    pub target_uri: Option<String>,
    /// `WARC-Date` as written (ISO 8601).
    pub date: Option<String>,
    /// `WARC-Type`.
    pub warc_type: String,
    /// Byte offset of the record in the file as stored (for a gzip-per-record file: the start of
    /// its gzip member, so `dd skip=OFFSET` or a range request finds it).
    pub offset: u64,
}

/// An HTML page read from a `response` or `resource` record.
#[derive(Debug, Clone)]
pub struct WarcPage {
    pub head: RecordHead,
    /// HTTP status (`resource` records have none).
    pub status: Option<u16>,
    /// Media type without parameters, lowercased.
    pub content_type: Option<String>,
    /// `charset=` of the Content-Type, for the decoder.
    pub charset: Option<String>,
    /// The HTTP body (transfer and content encodings removed).
    pub body: Vec<u8>,
}

/// Why a record was passed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Not a `response` or `resource` record (warcinfo, request, metadata, revisit, …).
    RecordType(String),
    /// A response whose status is not 200.
    Status(u16),
    /// Not an HTML media type.
    NotHtml(String),
    /// The body is larger than the limit.
    TooLarge(u64),
}

impl SkipReason {
    pub fn kind(&self) -> &'static str {
        match self {
            SkipReason::RecordType(_) => "record_type",
            SkipReason::Status(_) => "status",
            SkipReason::NotHtml(_) => "not_html",
            SkipReason::TooLarge(_) => "too_large",
        }
    }
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::RecordType(t) => write!(f, "record type {t}"),
            SkipReason::Status(s) => write!(f, "HTTP status {s}"),
            SkipReason::NotHtml(t) => write!(f, "content type {t}"),
            SkipReason::TooLarge(n) => write!(f, "body over the limit ({n} bytes)"),
        }
    }
}

/// One record of a WARC file.
#[derive(Debug)]
pub enum WarcItem {
    Page(WarcPage),
    Skipped {
        head: RecordHead,
        reason: SkipReason,
    },
    Error {
        head: RecordHead,
        error: WarcError,
    },
}

/// Media types read as HTML. Servers label XHTML and some HTML pages with these.
fn is_html_type(media: &str) -> bool {
    matches!(
        media,
        "text/html"
            | "application/xhtml+xml"
            | "application/xhtml"
            | "application/vnd.wap.xhtml+xml"
    )
}

/// Media type without parameters and the `charset=` parameter of a Content-Type value.
pub fn parse_content_type(value: &str) -> (String, Option<String>) {
    let mut parts = value.split(';');
    let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if k.trim().eq_ignore_ascii_case("charset") {
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            (!v.is_empty()).then(|| v.to_string())
        } else {
            None
        }
    });
    (media, charset)
}

/// The pages and other records of one WARC file, in file order.
pub struct WarcReader {
    records: ArchiveIterator,
    max_body: u64,
    /// After a stream-level error the rest of the file is not read: the position is lost.
    finished: bool,
}

impl WarcReader {
    /// Open a WARC file; the compression (none, gzip, zstd) is detected from its first bytes.
    /// Pages over `max_body` bytes are skipped (their bytes are read past, never held).
    pub fn open(path: &Path, max_body: u64) -> Result<Self, WarcError> {
        let file = std::fs::File::open(path).map_err(|source| WarcError::Open {
            path: path.display().to_string(),
            source,
        })?;
        Ok(Self::new(BufReader::with_capacity(1 << 20, file), max_body))
    }

    /// Read WARC records from any buffered, seekable reader.
    pub fn new<R>(reader: R, max_body: u64) -> Self
    where
        R: fastwarc::stream_io::traits::IntoWarcReader,
    {
        let options = ArchiveIteratorOptions {
            // Crawlers that store the wire bytes keep chunked and gzip bodies: undo both.
            decode_http_payload: AutoDecode::All,
            // Strict: lenient mode skips any garbage between records silently, and a file that
            // is not WARC at all must say so.
            quirks_mode: false,
            ..ArchiveIteratorOptions::default()
        };
        WarcReader {
            records: ArchiveIterator::with_options(reader, options),
            max_body,
            finished: false,
        }
    }
}

impl Iterator for WarcReader {
    type Item = WarcItem;

    fn next(&mut self) -> Option<WarcItem> {
        if self.finished {
            return None;
        }
        match self.records.next()? {
            Ok(shared) => {
                let mut record = match shared.try_borrow_mut() {
                    Ok(r) => r,
                    Err(_) => {
                        self.finished = true;
                        return Some(WarcItem::Error {
                            head: RecordHead::default(),
                            error: WarcError::Malformed("record is still in use".into()),
                        });
                    }
                };
                let item = read_record(&mut record, self.max_body);
                if matches!(
                    item,
                    WarcItem::Error {
                        error: WarcError::Truncated { .. }
                            | WarcError::Io(_)
                            | WarcError::Malformed(_),
                        ..
                    }
                ) {
                    // A short record is the end of a cut file; reading on would misparse.
                    self.finished = true;
                }
                Some(item)
            }
            Err(e) => {
                self.finished = true;
                let error = match e.kind() {
                    std::io::ErrorKind::InvalidData | std::io::ErrorKind::Other => {
                        WarcError::Malformed(e.to_string())
                    }
                    std::io::ErrorKind::UnexpectedEof => WarcError::Truncated {
                        expected: 0,
                        got: 0,
                    },
                    _ => WarcError::Io(e),
                };
                Some(WarcItem::Error {
                    head: RecordHead::default(),
                    error,
                })
            }
        }
    }
}

fn head_of(record: &WarcRecord) -> RecordHead {
    let h = record.headers();
    RecordHead {
        record_id: h.get("WARC-Record-ID").map(|v| v.trim().to_string()),
        target_uri: h
            .get("WARC-Target-URI")
            // WARC/1.0 examples wrap the URI in angle brackets; 1.1 does not.
            .map(|v| {
                v.trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string()
            }),
        date: h.get("WARC-Date").map(|v| v.trim().to_string()),
        warc_type: record.record_type().as_str().to_string(),
        offset: record.stream_pos(),
    }
}

fn read_record(record: &mut WarcRecord, max_body: u64) -> WarcItem {
    let head = head_of(record);
    let declared: Option<u64> = record
        .headers()
        .get("Content-Length")
        .and_then(|v| v.trim().parse().ok());
    // Content-Length is mandatory; a header block cut short at the end of a file lacks it.
    if declared.is_none() {
        return WarcItem::Error {
            head,
            error: WarcError::Malformed("no valid Content-Length header".into()),
        };
    }
    let (status, content_type) = match record.record_type() {
        WarcRecordType::Response if record.is_http() => {
            let http = record.http_headers();
            let status = http.and_then(|h| h.status_code());
            let ct = http.and_then(|h| h.get("Content-Type").map(|v| v.into_owned()));
            (status, ct)
        }
        WarcRecordType::Resource if !record.is_http() => (
            None,
            record.headers().get("Content-Type").map(|v| v.into_owned()),
        ),
        WarcRecordType::Response => {
            return WarcItem::Skipped {
                head,
                reason: SkipReason::RecordType("response (not HTTP)".into()),
            }
        }
        _ => {
            let reason = SkipReason::RecordType(head.warc_type.clone());
            return WarcItem::Skipped { head, reason };
        }
    };
    if let Some(s) = status {
        if s != 200 {
            return WarcItem::Skipped {
                head,
                reason: SkipReason::Status(s),
            };
        }
    }
    let (media, charset) = content_type
        .as_deref()
        .map(parse_content_type)
        .unwrap_or_default();
    // A page served without a Content-Type is sniffed by browsers as HTML; do the same.
    if !media.is_empty() && !is_html_type(&media) {
        return WarcItem::Skipped {
            head,
            reason: SkipReason::NotHtml(media),
        };
    }
    // What is left of the block after the HTTP headers, as fastwarc counts it.
    let remaining = record.content_length();
    if remaining > max_body {
        return WarcItem::Skipped {
            head,
            reason: SkipReason::TooLarge(remaining),
        };
    }
    let Some(reader) = record.reader_mut() else {
        return WarcItem::Error {
            head,
            error: WarcError::Malformed("record has no body".into()),
        };
    };
    let mut body = Vec::with_capacity(remaining.min(1 << 20) as usize);
    // A decoded (gzip) body can be larger than its stored length: cap what is held.
    if let Err(e) = reader.take(max_body + 1).read_to_end(&mut body) {
        return WarcItem::Error {
            head,
            error: WarcError::Io(e),
        };
    }
    if body.len() as u64 > max_body {
        return WarcItem::Skipped {
            head,
            reason: SkipReason::TooLarge(body.len() as u64),
        };
    }
    // The underlying stream ended before Content-Length: fastwarc only limits, it does not pad.
    let at_eof = reader_is_short(record, remaining, body.len() as u64);
    if at_eof {
        return WarcItem::Error {
            head,
            error: WarcError::Truncated {
                expected: declared.unwrap_or(remaining),
                got: body.len() as u64,
            },
        };
    }
    WarcItem::Page(WarcPage {
        head,
        status,
        content_type: (!media.is_empty()).then_some(media),
        charset,
        body,
    })
}

/// Whether the stream gave fewer bytes than the record declares. Only for undecoded bodies: a
/// decoded body has its own length.
fn reader_is_short(record: &WarcRecord, remaining: u64, got: u64) -> bool {
    let encoded = record.http_headers().is_some_and(|h| {
        h.get("Content-Encoding")
            .is_some_and(|v| !v.trim().eq_ignore_ascii_case("identity"))
            || h.get("Transfer-Encoding").is_some()
    });
    !encoded && got < remaining
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_parameters() {
        assert_eq!(
            parse_content_type("Text/HTML; charset=\"ISO-8859-1\""),
            ("text/html".into(), Some("ISO-8859-1".into()))
        );
        assert_eq!(
            parse_content_type("text/html;foo=bar; Charset=utf-8"),
            ("text/html".into(), Some("utf-8".into()))
        );
        assert_eq!(parse_content_type("image/png"), ("image/png".into(), None));
    }
}
