//! Input: what to read. Files, folders (recursive: `*.html`, `*.htm`, `*.xhtml` and their `.gz`;
//! `*.txt` with `--text`), stdin (`-`), and URL lists for `fetch`.
//!
//! In: the paths the user named. Out: [`Source`]s in a stable order, and their bytes on demand.
//! Not here: decoding (that is `decode`) or fetching over the network (that is `fetch`).

use std::io::Read;
use std::path::{Path, PathBuf};

use htmlsieve::{Error, Result};

/// One input document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file; `rel` is its path relative to the folder it was found in (or its file name).
    File {
        path: PathBuf,
        rel: PathBuf,
    },
    Stdin,
}

impl Source {
    /// The input as named in records.
    pub fn name(&self) -> String {
        match self {
            Source::File { path, .. } => path.display().to_string(),
            Source::Stdin => "-".to_string(),
        }
    }
}

/// What kind of documents to look for in folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Html,
    Text,
}

fn wanted(path: &Path, kind: Kind) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match kind {
        Kind::Html => [".html", ".htm", ".xhtml"]
            .iter()
            .any(|e| name.ends_with(e)),
        Kind::Text => name.ends_with(".txt"),
    }
}

/// Expand the named inputs into sources. A named file is taken whatever its extension; a named
/// folder is walked recursively in sorted order. A path that does not exist is returned as a file
/// source so that it becomes an error record (the rest of the batch still runs).
pub fn expand(inputs: &[PathBuf], kind: Kind) -> Vec<Source> {
    let mut out = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            out.push(Source::Stdin);
        } else if input.is_dir() {
            for entry in walkdir::WalkDir::new(input)
                .follow_links(false)
                .sort_by_file_name()
            {
                let Ok(entry) = entry else { continue };
                // Symlinked files count (datasets often link pages in); symlinked folders are
                // not followed, so a link loop cannot trap the walk.
                let is_file = entry.file_type().is_file()
                    || (entry.path_is_symlink() && entry.path().is_file());
                if is_file && wanted(entry.path(), kind) {
                    let rel = entry
                        .path()
                        .strip_prefix(input)
                        .unwrap_or(entry.path())
                        .to_path_buf();
                    out.push(Source::File {
                        path: entry.into_path(),
                        rel,
                    });
                }
            }
        } else {
            let rel = input
                .file_name()
                .map(PathBuf::from)
                .unwrap_or_else(|| input.clone());
            out.push(Source::File {
                path: input.clone(),
                rel,
            });
        }
    }
    out
}

/// The sidecar `fetch --save-html DIR` writes beside the saved pages: one JSON line per page,
/// `{"html_file": "NNN_<hex>.html.gz", "url": "<final URL>"}`. `clean` reads it from the folders
/// it is given.
pub const URLS_SIDECAR: &str = "urls.jsonl";

/// The original URLs of input files, from a JSONL mapping (`--urls-from FILE`, or the
/// `--save-html` sidecar): each line an object with a URL (`final_url`, else `url`) and the file it
/// belongs to (`html_file`, `file`, `source` or `id`). Files are matched by name without folder and
/// extensions (`a/0007.html.gz` ↔ `0007`), so a fetch manifest, a sidecar or a dataset's manifest
/// all serve.
#[derive(Debug, Default, Clone)]
pub struct UrlMap {
    by_stem: std::collections::HashMap<String, (String, &'static str)>,
}

/// A file name without its folder and its extensions (`.gz`, then `.html`, `.txt`, …).
fn stem(name: &str) -> &str {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let base = base
        .strip_suffix(".gz")
        .or_else(|| base.strip_suffix(".GZ"))
        .unwrap_or(base);
    match base.rfind('.') {
        Some(dot) if dot > 0 => &base[..dot],
        _ => base,
    }
}

impl UrlMap {
    /// Read a mapping; `origin` is what records name as its `url_source` (`urls-from`,
    /// `sidecar`). A line that is not JSON, or has no URL or no file, is an error naming its
    /// `FILE:LINE`.
    pub fn load(&mut self, path: &Path, origin: &'static str) -> Result<usize> {
        use std::io::BufRead;
        let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut n = 0;
        for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
            let line = line.map_err(|e| Error::io(path, e))?;
            if line.trim().is_empty() {
                continue;
            }
            let bad = |why: &str| Error::Other(format!("{}:{}: {why}", path.display(), i + 1));
            let v: serde_json::Value =
                serde_json::from_str(&line).map_err(|e| bad(&format!("not JSON: {e}")))?;
            let field = |k: &str| v.get(k).and_then(|x| x.as_str()).filter(|s| !s.is_empty());
            let url = field("final_url")
                .or_else(|| field("url"))
                .ok_or_else(|| bad("no \"url\" or \"final_url\""))?;
            let file = ["html_file", "file", "source", "id"]
                .iter()
                .find_map(|k| field(k))
                .ok_or_else(|| bad("no \"html_file\", \"file\", \"source\" or \"id\""))?;
            self.by_stem
                .insert(stem(file).to_string(), (url.to_string(), origin));
            n += 1;
        }
        Ok(n)
    }

    pub fn is_empty(&self) -> bool {
        self.by_stem.is_empty()
    }

    /// The URL of a file source, and where it came from.
    pub fn get(&self, source: &Source) -> Option<(&str, &'static str)> {
        let Source::File { path, .. } = source else {
            return None;
        };
        let name = path.file_name()?.to_str()?;
        self.by_stem
            .get(stem(name))
            .map(|(u, origin)| (u.as_str(), *origin))
    }
}

/// Read a source's bytes, refusing more than `max_bytes` (counted after decompression). Gzip is
/// recognised by its magic bytes on every input, stdin included, not by the file name: a piped
/// `page.html.gz` is read like the file.
pub fn read(source: &Source, max_bytes: usize) -> Result<Vec<u8>> {
    // A plain file's size, when known, sizes the buffer: one read, no regrowth copies.
    let mut size_hint = 0;
    let (reader, name): (Box<dyn Read>, PathBuf) = match source {
        Source::Stdin => (Box::new(std::io::stdin().lock()), PathBuf::from("-")),
        Source::File { path, .. } => {
            let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
            size_hint = f.metadata().map_or(0, |m| m.len()) as usize;
            (Box::new(f), path.clone())
        }
    };
    let (head, rest) = read_head(reader).map_err(|e| Error::io(&name, e))?;
    let whole = std::io::Cursor::new(head).chain(rest);
    let reader: Box<dyn Read> = if whole.get_ref().0.get_ref().starts_with(&[0x1f, 0x8b]) {
        // The compressed size says little about the text's; let the buffer grow.
        size_hint = 0;
        Box::new(flate2::read::MultiGzDecoder::new(whole))
    } else {
        Box::new(whole)
    };
    let mut buf = Vec::with_capacity(size_hint.min(max_bytes).saturating_add(1));
    let limit = max_bytes as u64 + 1;
    reader
        .take(limit)
        .read_to_end(&mut buf)
        .map_err(|e| Error::io(&name, e))?;
    if buf.len() > max_bytes {
        return Err(Error::Limit {
            limit: "input bytes",
            detail: format!("{}: more than {max_bytes} bytes", name.display()),
        });
    }
    Ok(buf)
}

/// The first two bytes of a stream (fewer when it is shorter) and the rest of it, so gzip's magic
/// bytes can be checked on a pipe, where one read may return a single byte.
fn read_head<R: Read>(mut reader: R) -> std::io::Result<(Vec<u8>, R)> {
    let mut head = [0u8; 2];
    let mut n = 0;
    while n < head.len() {
        match reader.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok((head[..n].to_vec(), reader))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn tree() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        let r = d.path();
        std::fs::create_dir_all(r.join("b/c")).unwrap();
        for f in [
            "a.html",
            "b/x.HTM",
            "b/c/y.xhtml",
            "b/c/z.html.gz",
            "b/notes.txt",
            "b/c/pic.png",
            "b/page.htm.GZ",
            "b/archive.tar.gz",
        ] {
            std::fs::write(r.join(f), b"<p>x</p>").unwrap();
        }
        d
    }

    fn rels(sources: &[Source]) -> Vec<String> {
        sources
            .iter()
            .map(|s| match s {
                Source::File { rel, .. } => rel.display().to_string(),
                Source::Stdin => "-".into(),
            })
            .collect()
    }

    #[test]
    fn folders_are_walked_recursively_in_sorted_order() {
        let d = tree();
        let s = expand(&[d.path().to_path_buf()], Kind::Html);
        assert_eq!(
            rels(&s),
            [
                "a.html",
                "b/c/y.xhtml",
                "b/c/z.html.gz",
                "b/page.htm.GZ",
                "b/x.HTM"
            ]
        );
        let t = expand(&[d.path().to_path_buf()], Kind::Text);
        assert_eq!(rels(&t), ["b/notes.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_files_are_read_and_symlinked_folders_not_followed() {
        let d = tree();
        std::os::unix::fs::symlink(d.path().join("a.html"), d.path().join("b/link.html")).unwrap();
        std::os::unix::fs::symlink(d.path(), d.path().join("b/loop")).unwrap();
        let s = expand(&[d.path().join("b")], Kind::Html);
        assert_eq!(
            rels(&s),
            [
                "c/y.xhtml",
                "c/z.html.gz",
                "link.html",
                "page.htm.GZ",
                "x.HTM"
            ]
        );
    }

    #[test]
    fn named_files_stdin_and_missing_paths_are_kept_in_order() {
        let d = tree();
        let png = d.path().join("b/c/pic.png");
        let inputs = [
            PathBuf::from("-"),
            png.clone(),
            PathBuf::from("no/such/file.html"),
        ];
        let s = expand(&inputs, Kind::Html);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0], Source::Stdin);
        // A file named on the command line is taken whatever its extension.
        assert_eq!(rels(&s[1..2]), ["pic.png"]);
        // A missing path stays a source so that it becomes an error record.
        assert_eq!(s[2].name(), "no/such/file.html");
        let err = read(&s[2], 1024).unwrap_err();
        assert_eq!(err.kind(), "io");
        assert!(err.to_string().starts_with("no/such/file.html: "), "{err}");
    }

    #[test]
    fn gz_files_are_ungzipped_and_the_limit_applies_after_decompression() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("big.html.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&vec![b'a'; 100_000]).unwrap();
        std::fs::write(&p, enc.finish().unwrap()).unwrap();
        let src = Source::File {
            path: p,
            rel: PathBuf::from("big.html.gz"),
        };
        assert_eq!(read(&src, 200_000).unwrap().len(), 100_000);
        let err = read(&src, 50_000).unwrap_err();
        assert_eq!(err.kind(), "limit", "{err}");
    }

    #[test]
    fn a_corrupt_gz_is_an_io_error_not_a_panic() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("bad.html.gz");
        std::fs::write(&p, b"\x1f\x8b\x08\x00garbage").unwrap();
        let src = Source::File {
            path: p,
            rel: PathBuf::from("bad.html.gz"),
        };
        assert_eq!(read(&src, 1 << 20).unwrap_err().kind(), "io");
    }

    /// A reader that hands out one byte per call, as a slow pipe may.
    struct Trickle(std::io::Cursor<Vec<u8>>);
    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(1);
            self.0.read(&mut buf[..n])
        }
    }

    #[test]
    fn gzip_is_recognised_by_its_bytes_not_its_name() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("page.html");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"<p>packed</p>").unwrap();
        std::fs::write(&p, enc.finish().unwrap()).unwrap();
        let src = Source::File {
            path: p,
            rel: PathBuf::from("page.html"),
        };
        assert_eq!(read(&src, 1 << 20).unwrap(), b"<p>packed</p>");
        // A one-byte input and a pipe that trickles are read whole.
        let (head, mut rest) =
            read_head(Trickle(std::io::Cursor::new(b"\x1f\x8bxyz".to_vec()))).unwrap();
        assert_eq!(head, b"\x1f\x8b");
        let mut tail = Vec::new();
        rest.read_to_end(&mut tail).unwrap();
        assert_eq!(tail, b"xyz");
        let (head, _) = read_head(std::io::Cursor::new(b"x".to_vec())).unwrap();
        assert_eq!(head, b"x");
    }
}
