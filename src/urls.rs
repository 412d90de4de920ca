//! URL inputs of `fetch`: numbering, URL lists, the manifest record and the summary.

use serde::Serialize;
use std::io::BufRead;

/// How fetched pages are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CorpusFormat {
    /// `NNN_<16 hex>.txt` per page, in the seed-corpus shape.
    Txt,
    /// `NNN_<16 hex>.md` per page, CommonMark.
    Md,
    /// JSONL records (dolma-shaped): `corpus.jsonl` in the output folder, or stdout.
    Jsonl,
}

impl CorpusFormat {
    /// The per-page file's extension, for the formats that write one file a page.
    pub fn page_extension(self) -> Option<&'static str> {
        match self {
            CorpusFormat::Txt => Some("txt"),
            CorpusFormat::Md => Some("md"),
            CorpusFormat::Jsonl => None,
        }
    }
}

/// One input URL: its 0-based position among all inputs and the URL exactly as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlItem {
    pub index: usize,
    pub url: String,
}

/// Number the URLs given as arguments followed by those of the URL lists, in order.
pub fn number_inputs(urls: impl IntoIterator<Item = String>) -> Vec<UrlItem> {
    urls.into_iter()
        .enumerate()
        .map(|(index, url)| UrlItem { index, url })
        .collect()
}

/// Read a URL list: one URL a line; blank lines and lines starting with `#` are skipped, surrounding
/// whitespace is trimmed. Lines are kept even when they are not valid URLs (they become error
/// records, keeping every later URL at its position); bytes that are not UTF-8 are replaced rather
/// than failing the whole list.
pub fn read_url_list(reader: impl BufRead) -> std::io::Result<Vec<String>> {
    Ok(read_numbered_url_list(reader)?
        .into_iter()
        .map(|(_, url)| url)
        .collect())
}

/// Like [`read_url_list`], with each URL's 1-based line number in the list, so that a bad line
/// can be reported as `FILE:LINE`.
pub fn read_numbered_url_list(reader: impl BufRead) -> std::io::Result<Vec<(usize, String)>> {
    let mut out = Vec::new();
    for (i, line) in reader.split(b'\n').enumerate() {
        let line = line?;
        let line = String::from_utf8_lossy(&line);
        let line = line.trim().trim_start_matches('\u{feff}').trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        out.push((i + 1, line.to_string()));
    }
    Ok(out)
}

/// What a fetch run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FetchSummary {
    pub ok: usize,
    pub failed: usize,
    /// Done in an earlier run (resume).
    pub skipped: usize,
    /// Of `skipped`: URLs an earlier run failed for good (404, not HTML, invalid, disallowed),
    /// not asked again without `--retry-failed`. They keep the run's exit code at 1.
    pub failed_before: usize,
    /// Of `ok`: the documents whose content status is not `ok`, by status.
    pub content: std::collections::BTreeMap<String, usize>,
    /// Not finished because the run was interrupted (Ctrl-C).
    pub interrupted: usize,
    /// Valid URLs left unfetched because the run stopped early (an interrupt, a closed stdout).
    pub not_fetched: usize,
    /// Stdout was closed by the reader: the run stopped early, which is not an error.
    pub broken_pipe: bool,
}

/// Parse a byte count: digits with an optional suffix K, M or G (powers of 1024; `KB`, `KiB`, `MB`,
/// `MiB`, `GB`, `GiB` and lowercase are accepted too).
pub fn parse_byte_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: usize = num
        .parse()
        .map_err(|_| format!("{s:?} is not a byte count (e.g. 5000000, 500K, 20M, 1G)"))?;
    let mult: usize = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("{s:?}: unknown unit (use K, M or G)")),
    };
    let v = n
        .checked_mul(mult)
        .ok_or_else(|| format!("{s:?} is too large"))?;
    if v == 0 {
        return Err("must be more than 0".into());
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_list_skips_comments_and_blanks() {
        let list = "\u{feff}# seeds\r\n\nhttps://a.example/\r\n  https://b.example/x  \n#https://c.example/\nnot a url\n";
        let urls = read_url_list(list.as_bytes()).unwrap();
        assert_eq!(
            urls,
            vec!["https://a.example/", "https://b.example/x", "not a url"]
        );
        let latin1 = read_url_list(&b"https://a.example/caf\xe9\n"[..]).unwrap();
        assert_eq!(latin1, vec!["https://a.example/caf\u{fffd}"]);
        let items = number_inputs(urls);
        assert_eq!(items[2].index, 2);
    }

    #[test]
    fn byte_sizes() {
        assert_eq!(parse_byte_size("20M"), Ok(20 << 20));
        assert_eq!(parse_byte_size("500kb"), Ok(500 << 10));
        assert_eq!(parse_byte_size("1234"), Ok(1234));
        assert!(parse_byte_size("0").is_err());
        assert!(parse_byte_size("12X").is_err());
        assert!(parse_byte_size("-1").is_err());
        assert!(parse_byte_size("99999999999999999999G").is_err());
    }
}
