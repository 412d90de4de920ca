//! Atomic writes: a temporary file in the target folder, then a rename, so a reader (or a resumed
//! run) never sees half a file.

use std::io::Write;
use std::path::Path;

/// Write `data` to `path` atomically, creating parent folders.
pub fn write_atomic(path: &Path, data: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".htmlsieve-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(data)?;
    tmp.as_file().sync_data()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_creates_folders_and_replaces_whole_files() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a/b/c.txt");
        write_atomic(&p, b"first version, rather long\n").unwrap();
        write_atomic(&p, b"second\n").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"second\n");
        // No temporary files are left behind.
        let names: Vec<_> = std::fs::read_dir(d.path().join("a/b"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["c.txt"]);
    }

    #[test]
    fn a_folder_in_the_way_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("x.txt")).unwrap();
        assert!(write_atomic(&d.path().join("x.txt"), b"y").is_err());
    }
}
