//! WARC reading on files built here: versions, compression, skipped and broken records, offsets.

use htmlsieve_corpus::build;
use htmlsieve_corpus::warc::{SkipReason, WarcError, WarcItem, WarcReader};
use std::io::Cursor;

const DATE: &str = "2024-05-01T10:00:00Z";

fn page(n: usize) -> Vec<u8> {
    build::response(
        &format!("<urn:uuid:0000000{n}-0000-0000-0000-000000000000>"),
        &format!("https://example.org/{n}"),
        DATE,
        "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8",
        format!("<html><body><p>Page {n}</p></body></html>").as_bytes(),
    )
}

fn read_all(data: Vec<u8>) -> Vec<WarcItem> {
    WarcReader::new(Cursor::new(data), 1 << 20).collect()
}

fn pages(items: &[WarcItem]) -> Vec<&htmlsieve_corpus::warc::WarcPage> {
    items
        .iter()
        .filter_map(|i| match i {
            WarcItem::Page(p) => Some(p),
            _ => None,
        })
        .collect()
}

#[test]
fn plain_file_gives_pages_with_their_headers_and_offsets() {
    let (a, b) = (page(1), page(2));
    let second_at = a.len() as u64;
    let items = read_all([a, b].concat());
    let p = pages(&items);
    assert_eq!(p.len(), 2);
    assert_eq!(
        p[0].head.record_id.as_deref(),
        Some("<urn:uuid:00000001-0000-0000-0000-000000000000>")
    );
    assert_eq!(
        p[0].head.target_uri.as_deref(),
        Some("https://example.org/1")
    );
    assert_eq!(p[0].head.date.as_deref(), Some(DATE));
    assert_eq!(p[0].status, Some(200));
    assert_eq!(p[0].content_type.as_deref(), Some("text/html"));
    assert_eq!(p[0].charset.as_deref(), Some("utf-8"));
    assert_eq!(p[0].body, b"<html><body><p>Page 1</p></body></html>");
    assert_eq!(p[0].head.offset, 0);
    assert_eq!(p[1].head.offset, second_at);
}

#[test]
fn gzip_per_record_offsets_are_member_starts() {
    let (a, b, c) = (
        build::gzip(&page(1)),
        build::gzip(&page(2)),
        build::gzip(&page(3)),
    );
    let (off_b, off_c) = (a.len() as u64, (a.len() + b.len()) as u64);
    let items = read_all([a, b, c].concat());
    let p = pages(&items);
    assert_eq!(p.len(), 3);
    assert_eq!(
        p.iter().map(|p| p.head.offset).collect::<Vec<_>>(),
        vec![0, off_b, off_c]
    );
    assert_eq!(p[2].body, b"<html><body><p>Page 3</p></body></html>");
}

#[test]
fn whole_file_gzip_and_zstd() {
    let plain = [page(1), page(2)].concat();
    let gz = build::gzip(&plain);
    assert_eq!(pages(&read_all(gz)).len(), 2);
    let zst = zstd::encode_all(&plain[..], 3).unwrap();
    let items = read_all(zst);
    let p = pages(&items);
    assert_eq!(p.len(), 2);
    assert_eq!(
        p[1].head.target_uri.as_deref(),
        Some("https://example.org/2")
    );
}

#[test]
fn warc_1_0_and_html_resource_records() {
    let body = b"<html><body><p>Resource</p></body></html>";
    let res = build::record(
        "WARC/1.0",
        "resource",
        "<urn:uuid:r>",
        Some("<file:///site/index.html>"),
        DATE,
        "text/html; charset=windows-1252",
        body,
    );
    let items = read_all(res);
    let p = pages(&items);
    assert_eq!(p.len(), 1);
    assert_eq!(
        p[0].head.target_uri.as_deref(),
        Some("file:///site/index.html")
    );
    assert_eq!(p[0].status, None);
    assert_eq!(p[0].charset.as_deref(), Some("windows-1252"));
    assert_eq!(p[0].body, body);
}

#[test]
fn non_html_non_200_and_other_types_are_skipped_with_reasons() {
    let info = build::record(
        "WARC/1.1",
        "warcinfo",
        "<urn:uuid:i>",
        None,
        DATE,
        "application/warc-fields",
        b"software: test\r\n",
    );
    let png = build::response(
        "<urn:uuid:p>",
        "https://e.org/a.png",
        DATE,
        "HTTP/1.1 200 OK\nContent-Type: image/png",
        b"\x89PNG....",
    );
    let missing = build::response(
        "<urn:uuid:m>",
        "https://e.org/gone",
        DATE,
        "HTTP/1.1 404 Not Found\nContent-Type: text/html",
        b"<p>gone</p>",
    );
    let req = build::record(
        "WARC/1.1",
        "request",
        "<urn:uuid:q>",
        Some("https://e.org/"),
        DATE,
        "application/http; msgtype=request",
        b"GET / HTTP/1.1\r\nHost: e.org\r\n\r\n",
    );
    let items = read_all([info, png, missing, req, page(1)].concat());
    let reasons: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            WarcItem::Skipped { reason, .. } => Some(reason.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        reasons,
        vec![
            SkipReason::RecordType("warcinfo".into()),
            SkipReason::NotHtml("image/png".into()),
            SkipReason::Status(404),
            SkipReason::RecordType("request".into()),
        ]
    );
    assert_eq!(pages(&items).len(), 1);
}

#[test]
fn non_utf8_body_bytes_are_kept_as_they_are() {
    let body =
        b"<html><head><meta charset=iso-8859-1></head><body><p>Gr\xfc\xdfe</p></body></html>";
    let rec = build::response(
        "<urn:uuid:l>",
        "https://e.de/",
        DATE,
        "HTTP/1.1 200 OK\nContent-Type: text/html; charset=ISO-8859-1",
        body,
    );
    let items = read_all(rec);
    let p = pages(&items);
    assert_eq!(p[0].body, body);
    assert_eq!(p[0].charset.as_deref(), Some("ISO-8859-1"));
}

#[test]
fn chunked_and_gzip_http_bodies_are_decoded() {
    let html = b"<html><body><p>Chunked</p></body></html>";
    let gz = build::gzip(html);
    let mut chunked = format!("{:x}\r\n", gz.len()).into_bytes();
    chunked.extend_from_slice(&gz);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let rec = build::response(
        "<urn:uuid:c>",
        "https://e.org/c",
        DATE,
        "HTTP/1.1 200 OK\nContent-Type: text/html\nTransfer-Encoding: chunked\nContent-Encoding: gzip",
        &chunked,
    );
    let items = read_all(rec);
    assert_eq!(pages(&items)[0].body, html);
}

#[test]
fn truncated_last_record_is_an_error_item_after_the_good_ones() {
    let mut cut = page(2);
    cut.truncate(cut.len() - 20);
    let items = read_all([page(1), cut].concat());
    assert_eq!(pages(&items).len(), 1);
    match items.last() {
        Some(WarcItem::Error {
            error: WarcError::Truncated { .. },
            head,
        }) => {
            assert_eq!(head.target_uri.as_deref(), Some("https://example.org/2"));
        }
        other => panic!("expected a truncated error, got {other:?}"),
    }
}

#[test]
fn truncated_gzip_member_is_an_error_not_a_crash() {
    let mut cut = build::gzip(&page(2));
    cut.truncate(cut.len() / 2);
    let items = read_all([build::gzip(&page(1)), cut].concat());
    assert_eq!(pages(&items).len(), 1);
    assert!(
        matches!(items.last(), Some(WarcItem::Error { .. })),
        "{items:?}"
    );
}

#[test]
fn garbage_is_a_malformed_error() {
    let items = read_all(b"this is not a WARC file\r\n\r\nat all".to_vec());
    assert!(pages(&items).is_empty());
    assert!(
        items.iter().any(|i| matches!(i, WarcItem::Error { .. })),
        "{items:?}"
    );
    let items = read_all(
        [
            page(1),
            b"WARC/1.1\r\nContent-Length: banana\r\n\r\n".to_vec(),
        ]
        .concat(),
    );
    assert_eq!(pages(&items).len(), 1);
}

#[test]
fn oversized_bodies_are_skipped_without_being_held() {
    let big = vec![b'a'; 5000];
    let rec = build::response(
        "<urn:uuid:b>",
        "https://e.org/b",
        DATE,
        "HTTP/1.1 200 OK\nContent-Type: text/html",
        &big,
    );
    let items: Vec<_> = WarcReader::new(Cursor::new([rec, page(1)].concat()), 1000).collect();
    assert!(matches!(
        &items[0],
        WarcItem::Skipped {
            reason: SkipReason::TooLarge(_),
            ..
        }
    ));
    assert_eq!(pages(&items).len(), 1);
}

#[test]
fn empty_input_has_no_records() {
    assert!(read_all(Vec::new()).is_empty());
}
