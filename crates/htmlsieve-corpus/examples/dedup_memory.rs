//! Memory of the duplicate index per document kept: N documents with distinct signatures (the
//! worst case: every band key new) and ids shaped like WARC record ids, RSS before and after.
//!
//!     cargo run --release -p htmlsieve-corpus --example dedup_memory -- 1000000 near

use htmlsieve_corpus::dedup::{DedupIndex, Mode, Params, Signature};

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let mode: Mode = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(Mode::Near);
    let params = Params::default();
    let k = params.bands * params.rows;
    let mut state = 0x1234_5678_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let before = rss_kb();
    let mut index = DedupIndex::new(params, mode);
    for i in 0..n {
        let sig = Signature {
            exact: next(),
            mins: (0..k).map(|_| next() as u32).collect(),
        };
        let id = format!(
            "<urn:uuid:{:08x}-0000-4000-8000-{:012x}>",
            i,
            next() & 0xffff_ffff_ffff
        );
        index.check(&id, &sig);
    }
    let after = rss_kb();
    println!(
        "{n} documents kept ({mode:?}): {:.0} MB, {:.0} bytes a document, {:.2} GB per million",
        (after - before) as f64 / 1024.0,
        (after - before) as f64 * 1024.0 / n as f64,
        (after - before) as f64 * 1024.0 / n as f64 * 1e6 / 1e9
    );
}
