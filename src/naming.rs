//! Output file names: mirrored input paths for `clean`, `NNN_<16 hex>.txt` for fetched URLs, and the
//! guarantee that no name leaves the output folder.

use sha2::{Digest, Sha256};
use std::path::{Component, Path, PathBuf};

/// First 64 bits of SHA-256 of `s`, as 16 lowercase hex digits.
pub fn hash16(s: &str) -> String {
    let d = Sha256::digest(s.as_bytes());
    d[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// `NNN_<16 hex>.<ext>` for the input at 0-based `index` (at least 3 digits).
pub fn corpus_name(index: usize, url: &str, ext: &str) -> String {
    format!("{index:03}_{}.{ext}", hash16(url))
}

/// Strip the extensions we read (`.html`, `.htm`, `.xhtml`, `.txt` and `.gz`) and add `ext`.
pub fn with_extension(rel: &Path, ext: &str) -> PathBuf {
    let mut p = rel.to_path_buf();
    if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz")) {
        p.set_extension("");
    }
    if p.extension().is_some_and(|e| {
        ["html", "htm", "xhtml", "txt", "shtml"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    }) {
        p.set_extension("");
    }
    let mut name = p.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".");
    name.push(ext);
    p.set_file_name(name);
    p
}

/// Join `rel` under `root`, keeping only normal components, so the result never leaves `root`
/// (no `..`, no absolute paths, no drive prefixes).
pub fn safe_join(root: &Path, rel: &Path) -> Option<PathBuf> {
    let mut out = root.to_path_buf();
    let mut any = false;
    for c in rel.components() {
        match c {
            Component::Normal(s) => {
                out.push(s);
                any = true;
            }
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    any.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            with_extension(Path::new("a/b.html"), "txt"),
            PathBuf::from("a/b.txt")
        );
        assert_eq!(
            with_extension(Path::new("a/b.html.gz"), "json"),
            PathBuf::from("a/b.json")
        );
        assert_eq!(
            with_extension(Path::new("b.v2"), "txt"),
            PathBuf::from("b.v2.txt")
        );
        assert_eq!(
            corpus_name(7, "https://example.com/", "txt").len(),
            "007_".len() + 16 + 4
        );
    }

    #[test]
    fn never_leaves_root() {
        assert!(safe_join(Path::new("/out"), Path::new("../x")).is_none());
        assert!(safe_join(Path::new("/out"), Path::new("/etc/passwd")).is_none());
        assert_eq!(
            safe_join(Path::new("/out"), Path::new("a/./b.txt")),
            Some(PathBuf::from("/out/a/b.txt"))
        );
    }
}
