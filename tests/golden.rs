//! Golden tests: every `fixtures/<case>.html` must turn into exactly `fixtures/<case>.txt`, the txt
//! output of `htmlsieve clean fixtures/<case>.html` (title line, then blocks separated by blank lines).
//!
//! Bless (regenerate the expected files from the current extractor, then review every change):
//!
//! ```text
//! HTMLSIEVE_BLESS=1 cargo test --test golden
//! git diff fixtures/
//! ```
//!
//! Cases under `fixtures/pending/` are known gaps: they are not compared (so the suite stays green),
//! but the test prints which of them now pass so they can be moved back. See fixtures/README.md.

use std::path::{Path, PathBuf};

use htmlsieve::{Config, Extractor};
use htmlsieve::{Format, RecordInfo, RenderOptions};
use htmlsieve_cli::input::Source;
use htmlsieve_cli::runner::files::{self as batch, BatchOptions};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The `.html` cases directly in `dir`, sorted.
fn cases(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    v.sort();
    v
}

/// What `htmlsieve clean <file>` prints in the default txt format (same code path as the CLI).
fn clean_txt(extractor: &Extractor, html: &Path) -> String {
    let opts = BatchOptions {
        out_dir: None,
        format: Format::Txt,
        no_title: false,
        text_mode: false,
        url: None,
        urls: Default::default(),
        jobs: 1,
        progress: false,
        one_file_per_input: false,
    };
    let source = Source::File {
        path: html.to_path_buf(),
        rel: PathBuf::from(html.file_name().unwrap_or_default()),
    };
    let outcome = batch::process(extractor, &source, &opts);
    let doc = match &outcome.result {
        Ok(d) => d,
        Err(e) => panic!("{}: {}", html.display(), e.record()),
    };
    htmlsieve::render(
        Some(doc),
        None,
        &RecordInfo::default(),
        RenderOptions {
            format: Format::Txt,
            no_title: false,
        },
    )
}

/// A short report of where two texts first differ, with both versions of that line.
fn first_difference(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let n = e.len().max(a.len());
    for i in 0..n {
        let (x, y) = (e.get(i), a.get(i));
        if x != y {
            let show =
                |l: Option<&&str>| l.map_or("<end of text>".to_string(), |s| format!("{s:?}"));
            return format!(
                "first difference at line {}:\n      expected: {}\n      actual:   {}",
                i + 1,
                show(x),
                show(y)
            );
        }
    }
    "texts differ only in line endings or the final newline".to_string()
}

#[test]
fn golden_fixtures() {
    let dir = fixtures_dir();
    let bless = std::env::var_os("HTMLSIEVE_BLESS").is_some_and(|v| !v.is_empty() && v != "0");
    let extractor = Extractor::new(Config::default()).expect("default rules load");
    let all = cases(&dir);
    let pending = cases(&dir.join("pending"));
    assert!(
        all.len() + pending.len() >= 30,
        "expected at least 30 golden cases in {}, found {} (+{} pending)",
        dir.display(),
        all.len(),
        pending.len()
    );
    let mut failures = Vec::new();
    for html in &all {
        let expected_path = html.with_extension("txt");
        let actual = clean_txt(&extractor, html);
        if bless {
            std::fs::write(&expected_path, &actual).expect("write blessed output");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
            panic!(
                "{} has no expected output {}: write it by hand, or bless with \
                 HTMLSIEVE_BLESS=1 cargo test --test golden and review the result",
                html.display(),
                expected_path.display()
            )
        });
        if expected != actual {
            failures.push(format!(
                "  {}\n    {}\n    ---- actual output ----\n{}",
                html.file_name().unwrap_or_default().to_string_lossy(),
                first_difference(&expected, &actual),
                actual
            ));
        }
    }
    // Known gaps: report the ones that pass now, so they get moved back into the compared set.
    for html in pending {
        let Ok(expected) = std::fs::read_to_string(html.with_extension("txt")) else {
            continue;
        };
        if clean_txt(&extractor, &html) == expected {
            eprintln!(
                "note: pending case {} passes now: move it (and its .txt) to fixtures/ and update \
                 fixtures/README.md",
                html.display()
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} golden cases differ (fix the extractor, or if the new output is right, bless with \
         HTMLSIEVE_BLESS=1 cargo test --test golden and review `git diff fixtures/`):\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

/// Every expected file is in the output shape itself: no trailing blank line, no `\r`, blocks
/// separated by exactly one blank line (a check on the fixtures, so a hand-written .txt cannot
/// drift from the format).
#[test]
fn expected_files_have_the_seed_shape() {
    let dir = fixtures_dir();
    for html in cases(&dir).into_iter().chain(cases(&dir.join("pending"))) {
        let p = html.with_extension("txt");
        let Ok(t) = std::fs::read_to_string(&p) else {
            continue;
        };
        let name = p.display();
        if t.is_empty() {
            continue;
        }
        assert!(
            t.ends_with('\n') && !t.ends_with("\n\n"),
            "{name}: must end with exactly one newline"
        );
        assert!(!t.contains('\r'), "{name}: \\r in expected output");
        assert!(
            !t.contains("\n\n\n"),
            "{name}: more than one blank line between blocks"
        );
        assert!(!t.starts_with('\n'), "{name}: starts with a blank line");
        for (i, line) in t.lines().enumerate() {
            assert_eq!(
                line,
                line.trim_end(),
                "{name}:{}: trailing whitespace",
                i + 1
            );
        }
    }
}
