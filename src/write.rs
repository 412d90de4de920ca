//! Atomic writes: a temporary file in the target folder, then a rename, so a reader (or a resumed
//! run) never sees half a file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Prefix and suffix of the temporary files; a run killed mid-write can leave one behind, and the
/// next run in the same folder removes it ([`remove_stale_temp_files`]).
const TMP_PREFIX: &str = ".htmlsieve-";
const TMP_SUFFIX: &str = ".tmp";

/// Write `data` to `path` atomically, creating parent folders.
pub fn write_atomic(path: &Path, data: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TMP_PREFIX).suffix(TMP_SUFFIX);
    // tempfile creates owner-only (0600) files; an output is a file like any other, so ask for
    // 0666 and let the umask take its share (0644 under 022), as `open(2)` does for plain files.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    // Through the plain file: its errors keep their OS code (disk full is told apart by it).
    // No fsync per file: the rename is atomic for every reader and for a killed run (the kernel
    // keeps written pages), and an fsync per output halves batch throughput. Power-loss
    // durability is the file system's job, not a per-document cost.
    tmp.as_file_mut().write_all(data)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Remove temporary files that an interrupted run left under `dir`; returns how many. Symlinks
/// are not followed.
pub fn remove_stale_temp_files(dir: &Path) -> usize {
    let mut removed = 0;
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file()
            && name.starts_with(TMP_PREFIX)
            && name.ends_with(TMP_SUFFIX)
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Fail when anything between `root` (excluded) and `path` (included) is a symlink, so a link
/// planted in the output folder cannot send a write elsewhere. `path` must be under `root`.
pub fn check_no_symlinks(root: &Path, path: &Path) -> std::io::Result<()> {
    let Ok(rel) = path.strip_prefix(root) else {
        return Err(std::io::Error::other(
            "output path is outside the output folder",
        ));
    };
    let mut cur = PathBuf::from(root);
    for c in rel.components() {
        cur.push(c);
        match std::fs::symlink_metadata(&cur) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(std::io::Error::other(format!(
                    "{} is a symbolic link; refusing to write through it",
                    cur.display()
                )));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Whether a write error means no later write can succeed either (disk full, quota, read-only),
/// so a batch should stop with one clear message instead of failing every remaining input.
pub fn is_fatal(e: &std::io::Error) -> bool {
    // ENOSPC, EROFS and EDQUOT on Linux (EDQUOT differs on other systems; ENOSPC/EROFS do not).
    const ENOSPC: i32 = 28;
    const EROFS: i32 = 30;
    #[cfg(target_os = "linux")]
    const EDQUOT: i32 = 122;
    #[cfg(not(target_os = "linux"))]
    const EDQUOT: i32 = 69;
    matches!(e.raw_os_error(), Some(ENOSPC | EROFS | EDQUOT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_atomically_and_cleans_stale_temps() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b/c.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let stale = dir.path().join("a/.htmlsieve-XYZ.tmp");
        std::fs::write(&stale, b"half").unwrap();
        assert_eq!(remove_stale_temp_files(dir.path()), 1);
        assert!(!stale.exists());
        assert!(p.exists());
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinked_folders() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("link")).unwrap();
        let err = check_no_symlinks(dir.path(), &dir.path().join("link/x.txt")).unwrap_err();
        assert!(err.to_string().contains("symbolic link"));
        assert!(check_no_symlinks(dir.path(), &dir.path().join("real/x.txt")).is_ok());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn disk_full_is_fatal() {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let err = f.write_all(b"x").and_then(|_| f.flush()).unwrap_err();
        assert!(is_fatal(&err), "{err}");

        assert!(!is_fatal(&std::io::Error::other("x")));
    }

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
