//! Decode: raw bytes → `String`, the way a browser decides the encoding.
//!
//! In: the page's bytes and, for fetched pages, the charset of the HTTP `Content-Type`.
//! Out: [`Decoded`]: the text, the encoding used and what decided it (reported in JSON metadata).
//! Order: BOM, then the HTTP charset, then the `<meta>`/XML-declaration prescan, then the chardetng
//! detector for pages that declare nothing or declare wrongly, then UTF-8 with replacement.
//! Not here: parsing, or rejecting pages for their content (besides obvious binary data).

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use regex::bytes::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

use crate::error::{Error, Result};

/// How many leading bytes the `<meta>` prescan looks at. Browsers use 1024; real pages often put
/// the tag after long `<script>` or comment blocks, so we look further.
const PRESCAN_BYTES: usize = 8192;
/// How many bytes the detector is fed (enough for a confident guess, bounded for speed).
const DETECT_BYTES: usize = 256 * 1024;

/// What decided the encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EncodingSource {
    Bom,
    HttpHeader,
    Meta,
    /// The declared encoding was contradicted by the bytes (e.g. valid UTF-8 labelled Latin-1).
    DetectedOverDeclared,
    Detected,
    /// Nothing declared and the bytes are plain ASCII or valid UTF-8.
    Default,
}

impl EncodingSource {
    pub fn as_str(self) -> &'static str {
        match self {
            EncodingSource::Bom => "bom",
            EncodingSource::HttpHeader => "http-header",
            EncodingSource::Meta => "meta",
            EncodingSource::DetectedOverDeclared => "detected-over-declared",
            EncodingSource::Detected => "detected",
            EncodingSource::Default => "default",
        }
    }
}

/// A decoded document. The text borrows the input bytes when they are already valid UTF-8 (most
/// pages), so decoding them copies nothing.
#[derive(Debug, Clone)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static Encoding,
    pub source: EncodingSource,
    /// Whether malformed byte sequences were replaced with U+FFFD.
    pub had_errors: bool,
}

static META_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)<meta[\s/][^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:\-]+)"#)
        .expect("valid regex")
});
static XML_DECL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)^\s*<\?xml[^>]*encoding\s*=\s*["']([a-z0-9_.:\-]+)["']"#)
        .expect("valid regex")
});

/// Find the encoding a page declares in its first bytes (`<meta charset>`, `http-equiv`, XML declaration).
pub fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let label = META_RE
        .captures(head)
        .or_else(|| XML_DECL_RE.captures(head))
        .and_then(|c| c.get(1))?;
    let enc = Encoding::for_label(label.as_bytes())?;
    // A page that reached us as bytes cannot really be UTF-16 if its ASCII `<meta>` was readable:
    // browsers treat that declaration as UTF-8.
    if enc == UTF_16LE || enc == UTF_16BE {
        return Some(UTF_8);
    }
    Some(enc)
}

/// Guess UTF-16 without a BOM from the pattern of NUL bytes in ASCII-heavy markup.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let n = bytes.len().min(1024) & !1;
    if n < 16 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes[..n].chunks_exact(2) {
        if pair[0] == 0 && pair[1] != 0 {
            even += 1;
        } else if pair[1] == 0 && pair[0] != 0 {
            odd += 1;
        }
    }
    let pairs = n / 2;
    if even * 10 > pairs * 7 {
        Some(UTF_16BE)
    } else if odd * 10 > pairs * 7 {
        Some(UTF_16LE)
    } else {
        None
    }
}

/// Refuse inputs that are clearly not text: known binary signatures, or mostly control bytes.
fn check_not_binary(bytes: &[u8]) -> Result<()> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x1f\x8b", "gzip data"),
        (b"RIFF", "RIFF media"),
        (b"\x7fELF", "ELF binary"),
        (b"\x00asm", "WebAssembly binary"),
    ];
    for (sig, what) in SIGNATURES {
        if bytes.starts_with(sig) {
            return Err(Error::NotHtml(format!("binary data ({what}), not HTML")));
        }
    }
    let head = &bytes[..bytes.len().min(4096)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b | 0))
        .count();
    // Text has next to no control bytes; random or compressed data has about one in ten.
    if head.len() >= 64 && control * 20 > head.len() {
        return Err(Error::NotHtml(
            "binary data (mostly control bytes), not HTML".into(),
        ));
    }
    Ok(())
}

fn detect(bytes: &[u8], tld: Option<&[u8]>) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new();
    det.feed(
        &bytes[..bytes.len().min(DETECT_BYTES)],
        bytes.len() <= DETECT_BYTES,
    );
    det.guess(tld, true)
}

/// Top-level domain of a URL, as a hint for the detector.
fn tld_of(url: Option<&str>) -> Option<Vec<u8>> {
    let host = url::Url::parse(url?).ok()?.host_str()?.to_ascii_lowercase();
    let tld = host.rsplit('.').next()?.to_string();
    (!tld.is_empty() && tld.bytes().all(|b| b.is_ascii_alphanumeric())).then(|| tld.into_bytes())
}

/// True when `enc` is a legacy single-byte family that valid UTF-8 bytes are commonly mislabelled as.
fn is_latin_like(enc: &'static Encoding) -> bool {
    enc == WINDOWS_1252
        || enc.name().starts_with("ISO-8859")
        || enc.name().starts_with("windows-125")
        || enc.name() == "KOI8-R"
        || enc.name() == "macintosh"
}

/// Decode `bytes`, given the charset label from an HTTP header when there is one.
pub fn decode<'a>(
    bytes: &'a [u8],
    http_charset: Option<&str>,
    url: Option<&str>,
) -> Result<Decoded<'a>> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(finish(text, enc, EncodingSource::Bom, had_errors));
    }
    if let Some(enc) = sniff_utf16(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        return Ok(finish(text, enc, EncodingSource::Detected, had_errors));
    }
    check_not_binary(bytes)?;

    let utf8 = std::str::from_utf8(bytes).ok();
    let utf8_ok = utf8.is_some();
    let header = http_charset
        .and_then(|l| Encoding::for_label(l.trim().trim_matches(['"', '\'']).as_bytes()))
        .map(|e| (e, EncodingSource::HttpHeader));
    let declared = header.or_else(|| prescan(bytes).map(|e| (e, EncodingSource::Meta)));

    let (enc, source) = match declared {
        // Valid, non-ASCII UTF-8 labelled as a legacy single-byte encoding is UTF-8 in practice;
        // so is one labelled as a legacy multi-byte encoding (`gb2312`, `shift_jis`) that the
        // declared encoding cannot decode without errors.
        Some((enc, _))
            if utf8_ok
                && !bytes.is_ascii()
                && enc != UTF_8
                && (is_latin_like(enc)
                    || enc
                        .decode_without_bom_handling_and_without_replacement(bytes)
                        .is_none()) =>
        {
            (UTF_8, EncodingSource::DetectedOverDeclared)
        }
        // Declared UTF-8 that is not: let the detector pick the legacy encoding.
        Some((enc, _)) if enc == UTF_8 && !utf8_ok => {
            let tld = tld_of(url);
            let guess = detect(bytes, tld.as_deref());
            if guess == UTF_8 {
                (UTF_8, EncodingSource::Meta)
            } else {
                (guess, EncodingSource::DetectedOverDeclared)
            }
        }
        Some((enc, source)) => (enc, source),
        None if utf8_ok => (UTF_8, EncodingSource::Default),
        None => {
            let tld = tld_of(url);
            (detect(bytes, tld.as_deref()), EncodingSource::Detected)
        }
    };
    if let (true, Some(text)) = (enc == UTF_8, utf8) {
        // Already validated: no second pass, no copy.
        return Ok(finish(Cow::Borrowed(text), enc, source, false));
    }
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    Ok(finish(text, enc, source, had_errors))
}

fn finish<'a>(
    text: Cow<'a, str>,
    encoding: &'static Encoding,
    source: EncodingSource,
    had_errors: bool,
) -> Decoded<'a> {
    Decoded {
        text,
        encoding,
        source,
        had_errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_meta() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(b"<meta charset=windows-1252><p>caf\xC3\xA9</p>");
        let d = decode(&bytes, None, None).unwrap();
        assert_eq!(d.source, EncodingSource::Bom);
        assert!(d.text.contains("café"));
    }

    #[test]
    fn utf16le_bom() {
        let s = "<p>Grüße</p>";
        let mut bytes = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes, None, None).unwrap();
        assert_eq!(d.encoding, UTF_16LE);
        assert_eq!(d.text, s);
    }

    #[test]
    fn utf16be_without_bom() {
        let s = "<html><body><p>Hello world, this is text</p></body></html>";
        let bytes: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let d = decode(&bytes, None, None).unwrap();
        assert_eq!(d.encoding, UTF_16BE);
        assert_eq!(d.text, s);
    }

    #[test]
    fn meta_windows_1252() {
        let d = decode(
            b"<meta charset=\"windows-1252\"><p>caf\xE9 \x93quoted\x94</p>",
            None,
            None,
        )
        .unwrap();
        assert_eq!(d.source, EncodingSource::Meta);
        assert!(d.text.contains("café “quoted”"));
    }

    #[test]
    fn http_equiv_meta() {
        let d = decode(
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"><p>\x93\xfa\x96\x7b</p>",
            None,
            None,
        )
        .unwrap();
        assert_eq!(d.encoding.name(), "Shift_JIS");
        assert!(d.text.contains("日本"));
    }

    #[test]
    fn header_beats_meta() {
        let d = decode(
            b"<meta charset=utf-8><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>",
            Some("windows-1251"),
            None,
        )
        .unwrap();
        assert_eq!(d.source, EncodingSource::HttpHeader);
        assert!(d.text.contains("Привет"));
    }

    #[test]
    fn utf8_labelled_latin1_is_utf8() {
        let d = decode(
            "<meta charset=iso-8859-1><p>naïve café</p>".as_bytes(),
            None,
            None,
        )
        .unwrap();
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.source, EncodingSource::DetectedOverDeclared);
        assert!(d.text.contains("naïve café"));
    }

    #[test]
    fn utf8_labelled_gb2312_is_utf8() {
        let html = "<html><head><meta charset=gb2312><title>北京欢迎你 — 新闻</title></head>\
                    <body><p>今天的天气很好，我们去公园散步。</p></body></html>";
        let d = decode(html.as_bytes(), None, None).unwrap();
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.source, EncodingSource::DetectedOverDeclared);
        assert_eq!(d.text, html);
        // Real GBK bytes under the same label still decode as GBK.
        let (gbk, _, _) = encoding_rs::GBK.encode(html);
        let d = decode(&gbk, None, None).unwrap();
        assert_eq!(d.source, EncodingSource::Meta);
        assert!(d.text.contains("北京欢迎你"));
    }

    #[test]
    fn undeclared_legacy_is_detected() {
        let d = decode(
            b"<p>Der B\xe4r l\xe4uft \xfcber die Stra\xdfe und f\xe4ngt einen Fisch im gro\xdfen Flu\xdf.</p>",
            None,
            None,
        )
        .unwrap();
        assert_eq!(d.source, EncodingSource::Detected);
        assert!(d.text.contains("Bär läuft über die Straße"));
    }

    #[test]
    fn png_is_refused() {
        let err = decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None, None).unwrap_err();
        assert!(err.to_string().contains("PNG"));
    }

    #[test]
    fn nul_bytes_in_text_are_not_binary() {
        let d = decode(
            b"<p>hello\0world and more text here to be long enough</p>",
            None,
            None,
        )
        .unwrap();
        assert!(d.text.contains("hello"));
    }
}
