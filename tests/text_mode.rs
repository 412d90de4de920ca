//! `clean --text`: plain-text documents through the text stage only (normalization + line rules).
//! On the seed corpus (`../shared/seeds`, skipped when absent) and on cases of our own.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

fn bin() -> Command {
    Command::cargo_bin("htmlsieve").unwrap()
}

fn clean_text(input: &str) -> String {
    let out = bin()
        .args(["clean", "--text", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

fn seeds_dir() -> Option<PathBuf> {
    let d = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds"));
    if d.is_dir() {
        Some(d.to_path_buf())
    } else {
        eprintln!("skipping: seed corpus not found at {}", d.display());
        None
    }
}

/// Lines of the seed corpus that are cruft: labels above the title, ad labels, bylines, comment
/// prompts and forms, credits.
const CRUFT_LINES: &[&str] = &[
    "Connect with us",
    "Hi, what are you looking for?",
    "International",
    "ADVERTISEMENT",
    "Written By",
    "Click to comment",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Comments are closed.",
    "Reuters/Shakirat Sadiq",
];

/// Headings that start a trailing section: they and every line after them are cruft.
const TRAILING_HEADINGS: &[&str] = &["Related posts", "Latest Updates", "Leave a Reply"];

#[test]
fn seed_corpus_loses_its_cruft_and_keeps_every_article_line() {
    let Some(dir) = seeds_dir() else { return };
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    let out_dir = tempfile::tempdir().unwrap();
    bin()
        .args(["clean", "--text", "-o"])
        .arg(out_dir.path())
        .arg(&dir)
        .assert()
        .success();
    for f in &files {
        let input = fs::read_to_string(f).unwrap();
        let name = f.file_name().unwrap();
        // Output names keep the input names.
        let output = fs::read_to_string(out_dir.path().join(name)).unwrap();
        let out_lines = lines(&output);
        let mut in_trailing = false;
        for (i, line) in lines(&input).into_iter().enumerate() {
            in_trailing |= TRAILING_HEADINGS.contains(&line);
            let cruft = in_trailing || CRUFT_LINES.contains(&line);
            let present = out_lines.contains(&line);
            if cruft {
                assert!(!present, "{name:?}: cruft line kept: {line:?}");
            } else if i == 0 && line.starts_with("date ") {
                // A metadata prefix on the first line is cut, the rest of the line kept.
                let rest = line.splitn(3, ' ').nth(2).unwrap();
                assert_eq!(out_lines[0], rest, "{name:?}");
            } else {
                assert!(present, "{name:?}: article line lost: {line:?}");
            }
        }
        // Seed-corpus shape: blocks separated by exactly one blank line, no trailing blank line.
        assert!(!output.contains("\n\n\n"), "{name:?}");
        assert!(
            output.ends_with('\n') && !output.ends_with("\n\n"),
            "{name:?}"
        );
    }
}

#[test]
fn seed_corpus_output_is_stable_when_cleaned_again() {
    let Some(dir) = seeds_dir() else { return };
    for e in fs::read_dir(&dir).unwrap().flatten() {
        let input = fs::read_to_string(e.path()).unwrap();
        let once = clean_text(&input);
        assert_eq!(clean_text(&once), once, "{:?}", e.path());
    }
}

const PARA1: &str = "The council voted on Tuesday to rebuild the old bridge over the river, which has been closed to traffic since the spring floods damaged two of its piers.";
const PARA2: &str = "Work is expected to start next year and to take about eighteen months, during which a ferry will carry pedestrians and cyclists across the water.";
const PARA3: &str = "Residents who spoke at the meeting said they welcomed the decision but asked for a temporary footbridge, because the ferry does not run at night.";

#[test]
fn labels_above_the_title_go_and_the_title_stays() {
    let doc = format!(
        "Skip to content\n\nFollow us\n\nLocal News\n\nCouncil votes to rebuild the old bridge\n\n{PARA1}\n\n{PARA2}\n"
    );
    let out = clean_text(&doc);
    assert_eq!(
        lines(&out),
        ["Council votes to rebuild the old bridge", PARA1, PARA2]
    );
}

#[test]
fn short_subheadings_inside_the_article_stay() {
    let doc = format!(
        "Bridge to be rebuilt\n\n{PARA1}\n\nWhat happens next\n\n{PARA2}\n\nCosts\n\n{PARA3}\n"
    );
    assert_eq!(
        lines(&clean_text(&doc)),
        [
            "Bridge to be rebuilt",
            PARA1,
            "What happens next",
            PARA2,
            "Costs",
            PARA3
        ]
    );
}

#[test]
fn trailing_sections_are_cut_only_near_the_end() {
    // "Related posts" near the end: cut with everything under it.
    let doc = format!(
        "Bridge to be rebuilt\n\n{PARA1}\n\n{PARA2}\n\n{PARA3}\n\nRelated posts:\n\nNew bus routes announced\n\nLibrary hours extended\n"
    );
    assert_eq!(
        lines(&clean_text(&doc)),
        ["Bridge to be rebuilt", PARA1, PARA2, PARA3]
    );
    // "More stories" early in a long document is a heading of the article: kept.
    let mut doc = format!("Bridge to be rebuilt\n\n{PARA1}\n\nMore stories\n\n");
    for k in 0..6 {
        doc.push_str(&format!("Part {k}: {PARA2}\n\n"));
    }
    let out = clean_text(&doc);
    assert!(lines(&out).contains(&"More stories"), "{out}");
    assert_eq!(lines(&out).len(), 9);
}

#[test]
fn ads_bylines_comment_forms_and_credits_go_anywhere() {
    let doc = format!(
        "Bridge to be rebuilt\n\n{PARA1}\n\nAdvertisement\n\n{PARA2}\n\nStory continues below advertisement\n\n{PARA3}\n\nPhoto: Jane Doe/AFP\n\nWritten by\n\nShare this article\n\nComments are closed.\n"
    );
    assert_eq!(
        lines(&clean_text(&doc)),
        ["Bridge to be rebuilt", PARA1, PARA2, PARA3]
    );
}

#[test]
fn normalization_repairs_text() {
    let doc = "Itâ€™s a title\r\n\r\nCafÃ© owners\u{200b} say the  new\u{a0}rules are fine.\u{7}\r\n\r\nNa\u{ef}ve and nai\u{308}ve are the same word once normalized.\r\n";
    let out = clean_text(doc);
    assert_eq!(
        out,
        "It’s a title\n\nCafé owners say the new rules are fine.\n\nNa\u{ef}ve and na\u{ef}ve are the same word once normalized.\n"
    );
}

#[test]
fn single_newline_paragraphs_and_hard_wrapped_prose() {
    // One paragraph a line (no blank lines): each line is a block.
    let doc = format!("Bridge to be rebuilt\n{PARA1}\n{PARA2}\n{PARA3}\nComments are closed.\n");
    assert_eq!(
        clean_text(&doc),
        format!("Bridge to be rebuilt\n\n{PARA1}\n\n{PARA2}\n\n{PARA3}\n")
    );
    // Prose wrapped at a fixed width is joined back into paragraphs.
    let doc = "Bridge to be rebuilt\n\nThe council voted on Tuesday to rebuild\nthe old bridge over the river, closed\nsince the spring floods.\n";
    assert_eq!(
        clean_text(doc),
        "Bridge to be rebuilt\n\nThe council voted on Tuesday to rebuild the old bridge over the river, closed since the spring floods.\n"
    );
}

#[test]
fn text_mode_keeps_names_in_an_output_folder() {
    let d = tempfile::tempdir().unwrap();
    fs::create_dir_all(d.path().join("in/sub")).unwrap();
    fs::write(
        d.path().join("in/sub/a.txt"),
        format!("Title A\n\n{PARA1}\n"),
    )
    .unwrap();
    fs::write(
        d.path().join("in/b.txt"),
        format!("Title B\n\nADVERTISEMENT\n\n{PARA2}\n"),
    )
    .unwrap();
    fs::write(d.path().join("in/skip.html"), "<p>not text</p>").unwrap();
    bin()
        .args(["clean", "--text", "-o"])
        .arg(d.path().join("out"))
        .arg(d.path().join("in"))
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(d.path().join("out/sub/a.txt")).unwrap(),
        format!("Title A\n\n{PARA1}\n")
    );
    assert_eq!(
        fs::read_to_string(d.path().join("out/b.txt")).unwrap(),
        format!("Title B\n\n{PARA2}\n")
    );
    assert!(!d.path().join("out/skip.txt").exists());
}

#[test]
fn explain_works_in_text_mode() {
    let out = bin()
        .args(["clean", "--text", "--explain", "-"])
        .write_stdin(format!("Title\n\n{PARA1}\n\nADVERTISEMENT\n\n{PARA2}\n"))
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("-: removed line \"ADVERTISEMENT\" (rules/lines.toml:"),
        "{err}"
    );
}
