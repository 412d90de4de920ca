//! Duplicate detection: exact duplicates by a hash of the normalised text, near-duplicates by
//! MinHash over word shingles with LSH banding, and an index that persists across runs.
//!
//! In: a document's text. Out: a [`Signature`] (computed on any thread) and, checked against a
//! [`DedupIndex`] in input order, the id of the earlier document it duplicates. Checking is the
//! one sequential step, so the first document in input order is the one kept whatever the number
//! of worker threads.
//!
//! Normalisation is datatrove's (lowercased, accents stripped, digits → 0, punctuation removed);
//! words are Unicode word boundaries (UAX #29), so Chinese, Japanese or Thai text is split per
//! character, not one token. The parameters are not datatrove's 5-gram, 14 × 8 bands (threshold
//! about 0.72): those find copies, not a story reworded. The seed corpus's reworded pair shares
//! 15 % of its word 5-grams and 23 % of its 3-grams (other pairs: under 2.5 %), which a
//! 14 × 8 banding finds with probability 0. So: word 3-grams, 112 MinHash values in 56 bands of 2
//! rows (a pair at Jaccard 0.23 shares a band with probability 95 %, at 0.9 surely), and each
//! candidate is verified: it is a duplicate when the share of equal MinHash values (an unbiased
//! estimate of the Jaccard similarity) is at least 0.15. Copies and light edits (Jaccard ≥ 0.5)
//! are found every time; unrelated pages (3-gram Jaccard ≈ 0.01) become candidates rarely and
//! fail verification.
//!
//! Why not `gaoya`: its index cannot be written to disk, and an on-disk index must keep its hash
//! functions fixed across crate versions; this module pins them (xxh3 with a fixed seed and
//! hash parameters drawn from a fixed-seed generator) and writes them into the index header.
//!
//! The index is written as segment files (one per finished unit of work, written to a temporary
//! name, synced and renamed), so a killed run leaves only whole segments and resumes from them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Write};
use std::path::Path;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Errors of the duplicate index.
#[derive(Debug, thiserror::Error)]
pub enum DedupError {
    #[error("dedup index {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("dedup index {path}: {message}")]
    Format { path: String, message: String },
}

/// What `--dedup` checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    Off,
    Exact,
    #[default]
    Near,
}

impl std::str::FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "off" => Ok(Mode::Off),
            "exact" => Ok(Mode::Exact),
            "near" => Ok(Mode::Near),
            _ => Err(format!("unknown dedup mode {s:?} (off, exact, near)")),
        }
    }
}

/// MinHash-LSH parameters. They are stored in the index: an index is only loaded by a run with
/// the same parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    /// Words per shingle.
    pub shingle: usize,
    pub bands: usize,
    pub rows: usize,
    /// Least estimated Jaccard similarity of a verified near-duplicate, in percent.
    pub threshold_pct: u32,
    /// Candidates kept per LSH bucket: bounds the work of a check on pages that share a
    /// common phrase (the first ones in input order are kept).
    pub bucket_cap: u32,
    /// Seed of the hash functions; fixed so that every worker, shard and run agrees.
    pub seed: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            shingle: 3,
            bands: 56,
            rows: 2,
            threshold_pct: 15,
            bucket_cap: 64,
            seed: 0x6874_6d6c_7369_6576, // "htmlsiev"
        }
    }
}

/// Text normalised for comparison, as words: lowercased, accents stripped, digits → 0,
/// punctuation removed.
pub fn normalised_words(text: &str) -> Vec<String> {
    text.unicode_words()
        .filter_map(|w| {
            let mut out = String::with_capacity(w.len());
            if w.is_ascii() {
                normalise_ascii_word(w, &mut out);
            } else {
                normalise_word(w, &mut out);
            }
            (!out.is_empty()).then_some(out)
        })
        .collect()
}

/// The normalisation of one word, any script.
fn normalise_word(w: &str, out: &mut String) {
    for c in w.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_numeric() {
            out.push('0');
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
        // Anything else inside a word (apostrophes, dots of "e.g.") is punctuation.
    }
}

/// [`normalise_word`] for an ASCII word, the common case, without NFD's buffering and Unicode
/// tables: ASCII is its own NFD and has no combining marks, its only numeric characters are
/// 0-9 and its only other alphanumerics are letters, whose lowercase is the ASCII one. The
/// result must stay identical: signatures are stored in duplicate indexes.
fn normalise_ascii_word(w: &str, out: &mut String) {
    for b in w.bytes() {
        if b.is_ascii_digit() {
            out.push('0');
        } else if b.is_ascii_alphabetic() {
            out.push(char::from(b.to_ascii_lowercase()));
        }
    }
}

/// A document's fingerprints: computed on worker threads, checked in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Hash of the normalised text.
    pub exact: u64,
    /// The MinHash values (low 32 bits); empty when the text has no words.
    pub mins: Vec<u32>,
}

/// Computes signatures with fixed hash functions.
#[derive(Debug, Clone)]
pub struct MinHasher {
    params: Params,
    /// `(a, b)` of each permutation `h ↦ (a·h + b) mod p`, p = 2^61 − 1 (as datatrove).
    perms: Vec<(u64, u64)>,
}

const MERSENNE_61: u64 = (1 << 61) - 1;

fn mod_mersenne(x: u128) -> u64 {
    // x mod (2^61 - 1) without division.
    let lo = (x & MERSENNE_61 as u128) as u64;
    let hi = (x >> 61) as u64;
    let mut r = lo + (hi & MERSENNE_61) + (hi >> 61);
    while r >= MERSENNE_61 {
        r -= MERSENNE_61;
    }
    r
}

/// splitmix64: a fixed generator for the permutation parameters (no dependency on `rand`'s
/// algorithms staying the same).
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl MinHasher {
    pub fn new(params: Params) -> Self {
        let mut state = params.seed;
        let perms = (0..params.bands * params.rows)
            .map(|_| {
                let a = 1 + splitmix(&mut state) % (MERSENNE_61 - 1);
                let b = splitmix(&mut state) % MERSENNE_61;
                (a, b)
            })
            .collect();
        MinHasher { params, perms }
    }

    pub fn params(&self) -> Params {
        self.params
    }

    /// The signature of a text. A text shorter than one shingle is one shingle.
    pub fn signature(&self, text: &str) -> Signature {
        let words = normalised_words(text);
        let joined = words.join(" ");
        let exact = xxh3_64_with_seed(joined.as_bytes(), self.params.seed);
        if words.is_empty() {
            return Signature {
                exact,
                mins: Vec::new(),
            };
        }
        let n = self.params.shingle.max(1);
        let mut mins = vec![u64::MAX; self.perms.len()];
        let mut buf = String::new();
        let count = words.len().saturating_sub(n) + 1;
        for start in 0..count {
            buf.clear();
            for (k, w) in words[start..(start + n).min(words.len())]
                .iter()
                .enumerate()
            {
                if k > 0 {
                    buf.push(' ');
                }
                buf.push_str(w);
            }
            let h = xxh3_64_with_seed(buf.as_bytes(), self.params.seed) & MERSENNE_61;
            for (m, &(a, b)) in mins.iter_mut().zip(&self.perms) {
                let v = mod_mersenne(a as u128 * h as u128 + b as u128);
                if v < *m {
                    *m = v;
                }
            }
        }
        Signature {
            exact,
            mins: mins.into_iter().map(|m| m as u32).collect(),
        }
    }
}

/// The LSH band keys of a signature (the band number seeds the hash, so equal rows in different
/// bands do not meet).
fn band_keys<'a>(params: &Params, mins: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    let rows = params.rows.max(1);
    mins.chunks(rows).enumerate().map(|(band, rows)| {
        let mut bytes = [0u8; 64];
        let mut n = 0;
        for r in rows.iter().take(16) {
            bytes[n..n + 4].copy_from_slice(&r.to_le_bytes());
            n += 4;
        }
        xxh3_64_with_seed(&bytes[..n], band as u64) as u32
    })
}

/// Keys are hash outputs already: hashing them again is wasted work.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        // Spread the bits for hashbrown, which uses the top 7 bits as a tag.
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Map<K, V> = HashMap<K, V, BuildHasherDefault<PassThrough>>;

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// First of its kind: kept and added to the index.
    Unique,
    /// Same normalised text as the document with this id.
    Exact(String),
    /// A verified near-duplicate of the document with this id (estimated Jaccard similarity in
    /// percent).
    Near(String, u32),
}

impl Verdict {
    pub fn duplicate_of(&self) -> Option<&str> {
        match self {
            Verdict::Unique => None,
            Verdict::Exact(id) | Verdict::Near(id, _) => Some(id),
        }
    }
}

const MAGIC: &[u8; 8] = b"HSDEDUP1";
const NONE: u32 = u32::MAX;

/// The documents kept so far, by their fingerprints.
///
/// Memory per document kept, near mode with the defaults: the 112 MinHash values (448 bytes),
/// 56 bucket entries (doc, next: 8 bytes each) and 56 bucket heads in a hash map (key, head,
/// length: 12 bytes plus control byte and spare capacity), the exact hash and the id: measured
/// 1.9 KB, 1.9 GB per million documents kept (`examples/dedup_memory.rs`). Exact mode keeps the
/// hash and the id only: 98 bytes a document.
#[derive(Debug)]
pub struct DedupIndex {
    params: Params,
    mode: Mode,
    /// Ids of kept documents, concatenated; `ends[i]` is where id i ends.
    ids: String,
    ends: Vec<u32>,
    exact: Map<u64, u32>,
    /// Exact hash of kept document i (for writing segments).
    exacts: Vec<u64>,
    /// MinHash values of kept document i at `mins[i * k ..]` (empty signatures: zero-filled
    /// and never bucketed).
    mins: Vec<u32>,
    /// Band key → (first entry, chain length).
    heads: Map<u32, (u32, u32)>,
    /// Bucket chains: (document, next entry).
    entries: Vec<(u32, u32)>,
    /// Documents added since the last segment was written.
    pending_from: usize,
}

impl DedupIndex {
    pub fn new(params: Params, mode: Mode) -> Self {
        DedupIndex {
            params,
            mode,
            ids: String::new(),
            ends: Vec::new(),
            exact: Map::default(),
            exacts: Vec::new(),
            mins: Vec::new(),
            heads: Map::default(),
            entries: Vec::new(),
            pending_from: 0,
        }
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub fn params(&self) -> Params {
        self.params
    }

    /// Documents kept in the index.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn id(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.ids[start..self.ends[i] as usize]
    }

    fn k(&self) -> usize {
        self.params.bands * self.params.rows
    }

    /// Share of equal MinHash values with kept document `doc`, in percent.
    fn similarity(&self, doc: u32, mins: &[u32]) -> u32 {
        let k = self.k();
        let theirs = &self.mins[doc as usize * k..doc as usize * k + k];
        let same = theirs.iter().zip(mins).filter(|(a, b)| a == b).count();
        (same * 100 / k.max(1)) as u32
    }

    /// Check a document against the index; a unique one is added. Call in input order.
    pub fn check(&mut self, id: &str, sig: &Signature) -> Verdict {
        if self.mode == Mode::Off {
            return Verdict::Unique;
        }
        if let Some(&i) = self.exact.get(&sig.exact) {
            return Verdict::Exact(self.id(i).to_string());
        }
        let near = self.mode == Mode::Near && sig.mins.len() == self.k();
        if near {
            // The earliest verified kept document among those sharing a band.
            let mut best: Option<(u32, u32)> = None;
            let mut seen: Vec<u32> = Vec::new();
            for key in band_keys(&self.params, &sig.mins) {
                let Some(&(mut e, _)) = self.heads.get(&key) else {
                    continue;
                };
                while e != NONE {
                    let (doc, next) = self.entries[e as usize];
                    e = next;
                    if best.is_some_and(|(b, _)| b <= doc) || seen.contains(&doc) {
                        continue;
                    }
                    seen.push(doc);
                    let sim = self.similarity(doc, &sig.mins);
                    if sim >= self.params.threshold_pct {
                        best = Some((doc, sim));
                    }
                }
            }
            if let Some((doc, sim)) = best {
                return Verdict::Near(self.id(doc).to_string(), sim);
            }
        }
        self.insert(id, sig);
        Verdict::Unique
    }

    fn insert(&mut self, id: &str, sig: &Signature) {
        let i = self.ends.len() as u32;
        self.ids.push_str(id);
        self.ends.push(self.ids.len() as u32);
        self.exact.entry(sig.exact).or_insert(i);
        self.exacts.push(sig.exact);
        if self.mode != Mode::Near {
            return;
        }
        let k = self.k();
        if sig.mins.len() == k {
            self.mins.extend_from_slice(&sig.mins);
            let keys: Vec<u32> = band_keys(&self.params, &sig.mins).collect();
            for key in keys {
                let head = self.heads.entry(key).or_insert((NONE, 0));
                if head.1 >= self.params.bucket_cap {
                    continue;
                }
                self.entries.push((i, head.0));
                *head = ((self.entries.len() - 1) as u32, head.1 + 1);
            }
        } else {
            self.mins.extend(std::iter::repeat_n(0, k));
        }
    }

    /// Write the documents added since the last segment to `path` (temporary file, fsync,
    /// rename): after a kill the file is either whole or absent.
    pub fn write_segment(&mut self, path: &Path) -> Result<(), DedupError> {
        let io = |source| DedupError::Io {
            path: path.display().to_string(),
            source,
        };
        let k = self.k();
        let docs = self.pending_from..self.ends.len();
        let mut data = Vec::with_capacity(64 + docs.len() * (16 + k * 4 + 64));
        data.extend_from_slice(MAGIC);
        for v in [
            self.params.shingle as u64,
            self.params.bands as u64,
            self.params.rows as u64,
            u64::from(self.params.threshold_pct),
            u64::from(self.params.bucket_cap),
            self.params.seed,
            docs.len() as u64,
        ] {
            data.extend_from_slice(&v.to_le_bytes());
        }
        let has_mins = self.mode == Mode::Near;
        for d in docs {
            let id = self.id(d as u32);
            data.extend_from_slice(&self.exacts[d].to_le_bytes());
            data.push(u8::from(has_mins));
            if has_mins {
                for m in &self.mins[d * k..d * k + k] {
                    data.extend_from_slice(&m.to_le_bytes());
                }
            }
            data.extend_from_slice(&(id.len() as u32).to_le_bytes());
            data.extend_from_slice(id.as_bytes());
        }
        let checksum = xxh3_64(&data);
        data.extend_from_slice(&checksum.to_le_bytes());
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(io)?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("segment");
        let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&data)?;
            f.sync_all()?;
            std::fs::rename(&tmp, path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map_err(io)?;
        self.pending_from = self.ends.len();
        Ok(())
    }

    /// Add the documents of a segment file (written by [`DedupIndex::write_segment`] with the
    /// same parameters). Load segments in the order they were written.
    pub fn load_segment(&mut self, path: &Path) -> Result<usize, DedupError> {
        let shown = path.display().to_string();
        let bad = |message: &str| DedupError::Format {
            path: shown.clone(),
            message: message.to_string(),
        };
        let mut data = Vec::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut data))
            .map_err(|source| DedupError::Io {
                path: shown.clone(),
                source,
            })?;
        if data.len() < MAGIC.len() + 64 || &data[..MAGIC.len()] != MAGIC {
            return Err(bad("not a dedup index segment"));
        }
        let (body, sum) = data.split_at(data.len() - 8);
        if xxh3_64(body).to_le_bytes() != sum {
            return Err(bad("checksum mismatch (damaged file)"));
        }
        let mut r = Reader {
            data: body,
            pos: MAGIC.len(),
        };
        let mut field = || r.u64().ok_or_else(|| bad("short header"));
        let stored = Params {
            shingle: field()? as usize,
            bands: field()? as usize,
            rows: field()? as usize,
            threshold_pct: field()? as u32,
            bucket_cap: field()? as u32,
            seed: field()?,
        };
        let count = field()?;
        if stored != self.params {
            return Err(bad(&format!(
                "made with other MinHash parameters ({stored:?}, this run uses {:?})",
                self.params
            )));
        }
        let k = self.k();
        let mut loaded = 0;
        for _ in 0..count {
            let exact = r.u64().ok_or_else(|| bad("short entry"))?;
            let has_mins = r.bytes(1).ok_or_else(|| bad("short entry"))?[0] == 1;
            let mins = if has_mins {
                (0..k)
                    .map(|_| r.u32())
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| bad("short entry"))?
            } else {
                Vec::new()
            };
            let len = r.u32().ok_or_else(|| bad("short entry"))? as usize;
            let id = r
                .bytes(len)
                .and_then(|b| std::str::from_utf8(b).ok())
                .ok_or_else(|| bad("bad id"))?
                .to_string();
            // An index written in exact mode cannot serve near checks: its documents are still
            // exact-matched.
            self.insert(&id, &Signature { exact, mins });
            loaded += 1;
        }
        self.pending_from = self.ends.len();
        Ok(loaded)
    }
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn bytes(&mut self, n: usize) -> Option<&[u8]> {
        let b = self.data.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(b)
    }
    fn u64(&mut self) -> Option<u64> {
        self.bytes(8)?.try_into().ok().map(u64::from_le_bytes)
    }
    fn u32(&mut self) -> Option<u32> {
        self.bytes(4)?.try_into().ok().map(u32::from_le_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_as_datatrove() {
        assert_eq!(
            normalised_words("Café, CAFÉ! It's 2024 — e.g. naïve"),
            vec!["cafe", "cafe", "its", "0000", "eg", "naive"]
        );
    }

    #[test]
    fn ascii_fast_path_matches_the_general_path() {
        let general = |w: &str| {
            let mut out = String::new();
            normalise_word(w, &mut out);
            out
        };
        let fast = |w: &str| {
            let mut out = String::new();
            normalise_ascii_word(w, &mut out);
            out
        };
        // Every ASCII character alone: both paths work character by character on ASCII.
        for b in 0u8..128 {
            let w = char::from(b).to_string();
            assert_eq!(fast(&w), general(&w), "character {b:#04x}");
        }
        // Words as the tokenizer gives them: mixed case, digits, apostrophes, dots, separators
        // of numbers, underscores.
        let text = "The QUICK brOwn fox's e.g. U.S.A. 1,000.50 3.14 don't can't O'Neil \
                    snake_case camelCase HTTP2 x86_64 A1b2C3 42nd 0xFF __init__ R2-D2 x';y \
                    ZZZ zzz Mixed123Case a.b.c 1:2 foo.bar@example.com";
        let words: Vec<&str> = text.unicode_words().collect();
        assert!(words.len() > 20);
        for w in words {
            assert!(w.is_ascii());
            assert_eq!(fast(w), general(w), "word {w:?}");
        }
        assert_eq!(
            normalised_words("Don't STOP at 3.14, O'Neil"),
            vec!["dont", "stop", "at", "000", "oneil"]
        );
    }

    #[test]
    fn cjk_and_thai_are_not_one_token() {
        assert!(normalised_words("我们今天去北京看长城").len() >= 5);
        assert!(normalised_words("東京都は日本の首都です").len() >= 5);
        assert!(normalised_words("ภาษาไทยเป็นภาษาที่สวยงาม").len() >= 5);
    }

    #[test]
    fn mersenne_reduction() {
        for x in [
            0u128,
            1,
            MERSENNE_61 as u128,
            u64::MAX as u128 * 7 + 3,
            u128::from(u64::MAX) << 60,
        ] {
            assert_eq!(u128::from(mod_mersenne(x)), x % MERSENNE_61 as u128);
        }
    }

    #[test]
    fn signatures_ignore_case_and_punctuation() {
        let h = MinHasher::new(Params::default());
        let s = h.signature("the quick brown fox jumps over the lazy dog");
        assert_eq!(s.mins.len(), 112);
        assert_eq!(
            s,
            h.signature("The quick brown fox jumps over the lazy dog!")
        );
        assert_eq!(
            s.exact,
            xxh3_64_with_seed(
                b"the quick brown fox jumps over the lazy dog",
                Params::default().seed
            )
        );
        assert!(h.signature("  ...  ").mins.is_empty());
    }
}
