//! Duplicate detection on real texts: the seed corpus's reworded pair, an in-repo reworded pair,
//! copies, order, and the on-disk index.

use htmlsieve_corpus::dedup::{DedupIndex, MinHasher, Mode, Params, Verdict};
use std::path::Path;

fn data(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Pairs (i, j), i < j, that a fresh near index reports when the texts come in this order.
fn duplicate_pairs(texts: &[String]) -> Vec<(usize, usize)> {
    let h = MinHasher::new(Params::default());
    let mut index = DedupIndex::new(Params::default(), Mode::Near);
    let mut pairs = Vec::new();
    for (j, t) in texts.iter().enumerate() {
        if let Some(of) = index.check(&j.to_string(), &h.signature(t)).duplicate_of() {
            pairs.push((of.parse().unwrap(), j));
        }
    }
    pairs
}

#[test]
fn seed_corpus_003_and_004_are_the_only_near_duplicates() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Ok(read) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    };
    let mut files: Vec<_> = read.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert_eq!(texts.len(), 5);
    assert_eq!(duplicate_pairs(&texts), vec![(3, 4)]);
    // Every pair on its own, in both orders: only 003/004 match.
    for i in 0..5 {
        for j in 0..5 {
            if i != j {
                let found = !duplicate_pairs(&[texts[i].clone(), texts[j].clone()]).is_empty();
                assert_eq!(found, (i.min(j), i.max(j)) == (3, 4), "pair {i} {j}");
            }
        }
    }
}

#[test]
fn reworded_fixture_pair_is_found_and_unrelated_text_is_not() {
    let texts = vec![
        data("harbour-a.txt"),
        data("orchard.txt"),
        data("harbour-b.txt"),
    ];
    assert_eq!(duplicate_pairs(&texts), vec![(0, 2)]);
}

#[test]
fn copies_and_light_edits_are_found_by_exact_and_near() {
    let a = data("orchard.txt");
    let h = MinHasher::new(Params::default());
    let mut index = DedupIndex::new(Params::default(), Mode::Near);
    assert_eq!(index.check("a", &h.signature(&a)), Verdict::Unique);
    // Same text after normalisation: case, punctuation, accents.
    let same = a.replace("April", "Ápril").to_uppercase().replace(".", "!");
    assert_eq!(
        index.check("b", &h.signature(&same)),
        Verdict::Exact("a".into())
    );
    // One sentence dropped and a heading added: near.
    let edited = format!(
        "Valley News\n{}",
        a.replacen(
            "The frost arrived after a warm spell had brought the trees into flower early. ",
            "",
            1
        )
    );
    match index.check("c", &h.signature(&edited)) {
        Verdict::Near(id, sim) => {
            assert_eq!(id, "a");
            assert!(sim >= 50, "{sim}");
        }
        v => panic!("{v:?}"),
    }
    // Duplicates are not added: the index keeps the first only.
    assert_eq!(index.len(), 1);
}

#[test]
fn exact_mode_does_not_report_near_duplicates() {
    let h = MinHasher::new(Params::default());
    let mut index = DedupIndex::new(Params::default(), Mode::Exact);
    assert_eq!(
        index.check("a", &h.signature(&data("harbour-a.txt"))),
        Verdict::Unique
    );
    assert_eq!(
        index.check("b", &h.signature(&data("harbour-b.txt"))),
        Verdict::Unique
    );
    assert_eq!(
        index.check("c", &h.signature(&data("harbour-b.txt"))),
        Verdict::Exact("b".into())
    );
    let mut off = DedupIndex::new(Params::default(), Mode::Off);
    assert_eq!(off.check("a", &h.signature("x")), Verdict::Unique);
    assert_eq!(off.check("b", &h.signature("x")), Verdict::Unique);
}

#[test]
fn the_first_in_input_order_is_kept_whatever_order_signatures_are_made_in() {
    let texts = [
        data("harbour-b.txt"),
        data("orchard.txt"),
        data("harbour-a.txt"),
    ];
    let h = MinHasher::new(Params::default());
    // Signatures made on threads, in any order; the check runs in input order.
    let sigs: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = texts
            .iter()
            .rev()
            .map(|t| s.spawn(|| h.signature(t)))
            .collect();
        let mut v: Vec<_> = handles.into_iter().map(|j| j.join().unwrap()).collect();
        v.reverse();
        v
    });
    let mut index = DedupIndex::new(Params::default(), Mode::Near);
    let verdicts: Vec<_> = sigs
        .iter()
        .enumerate()
        .map(|(i, s)| index.check(&format!("d{i}"), s))
        .collect();
    assert_eq!(verdicts[0], Verdict::Unique);
    assert_eq!(verdicts[1], Verdict::Unique);
    assert_eq!(verdicts[2].duplicate_of(), Some("d0"));
}

#[test]
fn index_segments_survive_a_restart_and_refuse_other_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let h = MinHasher::new(Params::default());
    let mut first = DedupIndex::new(Params::default(), Mode::Near);
    first.check("<urn:a>", &h.signature(&data("harbour-a.txt")));
    first.write_segment(&dir.path().join("000.idx")).unwrap();
    first.check("<urn:o>", &h.signature(&data("orchard.txt")));
    first.write_segment(&dir.path().join("001.idx")).unwrap();
    // Only whole files: no temporary left behind.
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, vec!["000.idx", "001.idx"]);

    let mut later = DedupIndex::new(Params::default(), Mode::Near);
    assert_eq!(later.load_segment(&dir.path().join("000.idx")).unwrap(), 1);
    assert_eq!(later.load_segment(&dir.path().join("001.idx")).unwrap(), 1);
    assert_eq!(
        later
            .check("<urn:b>", &h.signature(&data("harbour-b.txt")))
            .duplicate_of(),
        Some("<urn:a>")
    );
    assert_eq!(
        later.check("<urn:o2>", &h.signature(&data("orchard.txt"))),
        Verdict::Exact("<urn:o>".into())
    );

    let other = Params {
        shingle: 5,
        ..Params::default()
    };
    let err = DedupIndex::new(other, Mode::Near)
        .load_segment(&dir.path().join("000.idx"))
        .unwrap_err();
    assert!(
        err.to_string().contains("other MinHash parameters"),
        "{err}"
    );

    // A damaged file is an error, not a wrong index.
    let p = dir.path().join("001.idx");
    let mut bytes = std::fs::read(&p).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 0xff;
    std::fs::write(&p, &bytes).unwrap();
    assert!(DedupIndex::new(Params::default(), Mode::Near)
        .load_segment(&p)
        .is_err());
    std::fs::write(&p, &bytes[..10]).unwrap();
    assert!(DedupIndex::new(Params::default(), Mode::Near)
        .load_segment(&p)
        .is_err());
}

#[test]
fn chinese_reworded_copy_is_found() {
    let a = "今天上午，市政府在新落成的港口码头举行了开放仪式，数百名市民来到岸边观看第一班渡轮出发。这个项目比原计划晚了三年，花费几乎是预算的两倍。";
    let b = "今天上午，市政府在新落成的港口码头举行了开放仪式，数百名居民来到岸边观看第一班渡轮出发。该项目比原计划晚了三年，花费几乎是预算的两倍。";
    let c = "果农们说，四月底的一场霜冻毁掉了今年大部分的花，有些人预计九月开始采摘时收成不到往年的一半。";
    assert_eq!(
        duplicate_pairs(&[a.into(), c.into(), b.into()]),
        vec![(0, 2)]
    );
}
