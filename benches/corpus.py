#!/usr/bin/env python3
"""Corpus-path benchmark: build a WARC from the DEV pages, run `htmlsieve warc` on it, report
records/s, MB/s, peak RSS, and the duplicate detection's precision and recall on planted copies.

The WARC (gzip per record) holds every DEV page once (the originals), then copies until
--records: exact re-crawls under a new record id and URL, and reworded copies (about one word
in eight of the visible text replaced, one paragraph-sized run dropped). A planted copy should be
reported as a duplicate of its original; an original reported as a duplicate is a false
positive. Records whose text is under 50 words are left out of precision/recall (empty or
near-empty extractions are exact duplicates of each other by design).

Runs with 1 and 2 threads, and once at half the records to show that memory does not grow with
the record count. Only aggregates are printed (no page is shown).

    cargo build --release && python3 benches/corpus.py [--records 10000]

--per-page-only [--rounds 3] measures instead what the corpus path costs per page beside a folder
run, on the pages the speed benchmark uses (scrapinghub + wcxb DEV, the *.html files, sorted): the
same bytes as a folder of .html files, as an uncompressed WARC and as a gzip-per-record WARC, each
page with its dataset URL (the folder's urls.jsonl gives `clean` the same URLs). Each round runs,
in turn (the order rotates round by round):

    clean -j 1 -o OUT FOLDER                            folder
    warc -j 1 --compress none -o OUT pages.warc         WARC: + records, dedup, lang, quality
    warc -j 1 --compress none --dedup off ...           WARC without the duplicate check
    warc -j 1 --compress none -o OUT pages.warc.gz      + inflating the input

and reads each child's CPU time (user + sys, from wait4) and wall time; it prints the median CPU
ms per page of each and its ratio to the folder run (the median of the ratios within a round).
Output folders are removed at the end only (see scale.py: deleting files right before a run
makes its file creation slow).
"""
import argparse, gzip, json, os, random, re, resource, shutil, statistics, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
DATE = "2024-05-01T10:00:00Z"


def raw_record(rec_id, url, html):
    """One WARC response record, uncompressed."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html
    head = (
        f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{rec_id}>\r\n"
        f"WARC-Date: {DATE}\r\nWARC-Target-URI: {url}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def record(rec_id, url, html):
    """One record as its own gzip member."""
    return gzip.compress(raw_record(rec_id, url, html), compresslevel=1)


WORD = re.compile(rb"(?<=>)([^<]+)(?=<)")


def reword(html, rng):
    """Replace about one word in eight of the text between tags; drop one text run in ten."""
    def sub(m):
        text = m.group(1)
        if rng.random() < 0.1 and len(text) > 200:
            return b""
        words = text.split(b" ")
        for i in range(len(words)):
            if len(words[i]) > 3 and rng.random() < 0.125:
                words[i] = b"reworded" + str(rng.randrange(1000)).encode()
        return b" ".join(words)
    return WORD.sub(sub, html)


def pages():
    out = []
    for ds in ("scrapinghub", "wcxb", "trafilatura"):
        dev = BENCH / ds / "dev"
        man = dev / "manifest.jsonl"
        if not man.exists():
            continue
        for line in man.open():
            r = json.loads(line)
            p = dev / f"{r['id']}.html"
            data = p.read_bytes() if p.exists() else gzip.decompress((dev / f"{r['id']}.html.gz").read_bytes())
            out.append((r.get("url") or f"https://{ds}.example/{r['id']}", data))
    return out


def build(path, n, base, seed=1):
    """Write the WARC; return the truth: record id → id of its original (None for originals)."""
    rng = random.Random(seed)
    truth = {}
    with open(path, "wb") as f:
        for i, (url, html) in enumerate(base):
            rid = f"orig-{i:06d}"
            truth[rid] = None
            f.write(record(rid, url, html))
        k = 0
        while len(truth) < n:
            i = rng.randrange(len(base))
            url, html = base[i]
            kind = "exact" if rng.random() < 0.5 else "reworded"
            rid = f"{kind}-{k:06d}"
            k += 1
            body = html if kind == "exact" else reword(html, rng)
            f.write(record(rid, f"{url}#copy{k}", body))
            truth[rid] = f"orig-{i:06d}"
    return truth


def peak_rss(binary, warc, out, jobs):
    """Peak RSS of one run, read by /usr/bin/time -v when present, else getrusage."""
    tv = Path("/usr/bin/time")
    t0 = time.time()
    if tv.exists():
        p = subprocess.run([str(tv), "-v", binary, "warc", "-j", str(jobs), "--compress", "none",
                            "-o", out, warc], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        secs = time.time() - t0
        m = re.search(rb"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
        return secs, int(m.group(1)) if m else 0
    p = subprocess.run([binary, "warc", "-j", str(jobs), "--compress", "none", "-o", out, warc],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.time() - t0, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def score(out, truth):
    tp = fp = fn = 0
    left_out = 0
    for part in sorted(Path(out).glob("s*.jsonl")):
        if part.name.endswith(".dropped.jsonl"):
            continue
        for line in part.open():
            r = json.loads(line)
            rid = r["id"][len("<urn:uuid:"):-1]
            if r["metadata"].get("quality", {}).get("word_count", 0) < 50:
                left_out += 1
                continue
            flagged = r["metadata"].get("duplicate_of") is not None
            planted = truth.get(rid) is not None
            if flagged and planted:
                tp += 1
            elif flagged:
                fp += 1
            elif planted:
                fn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    return p, rc, tp, fp, fn, left_out


def speed_pages():
    """The speed benchmark's pages (benches/speed.rs): DATASET/dev/*.html of scrapinghub and wcxb,
    sorted by name; (dataset, id, url, bytes) each."""
    out = []
    for ds in ("scrapinghub", "wcxb"):
        dev = BENCH / ds / "dev"
        urls = {}
        man = dev / "manifest.jsonl"
        if man.exists():
            for line in man.open():
                r = json.loads(line)
                urls[r["id"]] = r.get("url")
        for p in sorted(dev.glob("*.html")):
            pid = p.name[: -len(".html")]
            out.append((ds, pid, urls.get(pid) or f"https://{ds}.example/{pid}", p.read_bytes()))
    return out


def timed(cmd):
    """Run cmd; return (CPU seconds of the child, user + sys; wall seconds)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"exit {p.returncode}: {' '.join(cmd)}")
    return ru.ru_utime + ru.ru_stime, wall


def warc_documents(out):
    """Documents written by a `warc` run (its parts' stats)."""
    n = 0
    for st in Path(out).glob("*.stats.json"):
        n += json.loads(st.read_text()).get("written", 0)
    return n


def per_page(args):
    pages = speed_pages()
    n = len(pages)
    mb = sum(len(p[3]) for p in pages) / 1e6
    tmp = tempfile.mkdtemp(prefix="htmlsieve-corpus-pp-")
    try:
        folder = os.path.join(tmp, "pages")
        os.mkdir(folder)
        with open(os.path.join(folder, "urls.jsonl"), "w") as urls:
            for ds, pid, url, html in pages:
                name = f"{ds}-{pid}.html"
                Path(folder, name).write_bytes(html)
                urls.write(json.dumps({"url": url, "file": name}) + "\n")
        warc = os.path.join(tmp, "pages.warc")
        warc_gz = os.path.join(tmp, "pages.warc.gz")
        with open(warc, "wb") as f, open(warc_gz, "wb") as g:
            for i, (_, _, url, html) in enumerate(pages):
                rec = raw_record(f"page-{i:06d}", url, html)
                f.write(rec)
                g.write(gzip.compress(rec, compresslevel=1))
        b = args.bin
        runs = [
            ("folder, clean -j 1", lambda o: [b, "clean", "-j", "1", "-o", o, folder]),
            ("WARC, warc -j 1", lambda o: [b, "warc", "-j", "1", "--compress", "none", "-o", o, warc]),
            ("WARC, --dedup off", lambda o: [b, "warc", "-j", "1", "--compress", "none",
                                             "--dedup", "off", "-o", o, warc]),
            ("WARC gz per record", lambda o: [b, "warc", "-j", "1", "--compress", "none",
                                              "-o", o, warc_gz]),
        ]
        cpu = {name: [] for name, _ in runs}
        wall = {name: [] for name, _ in runs}
        k = 0
        for r in range(args.rounds):
            order = runs[r % len(runs):] + runs[: r % len(runs)]
            for name, cmd in order:
                out = os.path.join(tmp, f"out-{k}")
                k += 1
                c, w = timed(cmd(out))
                done = (sum(1 for _ in open(os.path.join(out, "manifest.jsonl")))
                        if name == runs[0][0] else warc_documents(out))
                if done != n:
                    sys.exit(f"{name}: {done} documents written of {n}")
                cpu[name].append(c)
                wall[name].append(w)
        print(f"per page: {n} pages, {mb:.1f} MB (scrapinghub + wcxb DEV, the speed benchmark's); "
              f"WARC {os.path.getsize(warc) / 1e6:.1f} MB, gz {os.path.getsize(warc_gz) / 1e6:.1f} MB; "
              f"{args.rounds} rounds, 1 thread")
        print(f"{'run':<20} {'CPU ms/page':>12} {'wall ms/page':>13} {'CPU x folder':>13}")
        base = cpu[runs[0][0]]
        for name, _ in runs:
            ratio = statistics.median(c / f for c, f in zip(cpu[name], base))
            print(f"{name:<20} {statistics.median(cpu[name]) * 1000 / n:12.2f} "
                  f"{statistics.median(wall[name]) * 1000 / n:13.2f} {ratio:13.3f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=10000)
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "htmlsieve"))
    ap.add_argument("--per-page-only", action="store_true",
                    help="only the per-page cost of folder, WARC and WARC.gz runs (see the header)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of --per-page-only")
    args = ap.parse_args()
    if not BENCH.exists():
        sys.exit(f"{BENCH} is absent: the benchmark needs the DEV pages")
    if args.per_page_only:
        per_page(args)
        return
    base = pages()
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for n in (args.records // 2, args.records):
            warc = os.path.join(tmp, f"bench-{n}.warc.gz")
            truth = build(warc, n, base)
            mb = os.path.getsize(warc) / 1e6
            jobs_list = (1, 2) if n == args.records else (2,)
            for jobs in jobs_list:
                out = os.path.join(tmp, f"out-{n}-{jobs}")
                secs, rss = peak_rss(args.bin, warc, out, jobs)
                p, r, tp, fp, fn, left = score(out, truth)
                results[(n, jobs)] = (secs, rss)
                print(f"records {n:6d}  threads {jobs}  {n / secs:7.1f} records/s  {mb / secs:6.2f} MB/s "
                      f"(WARC {mb:.0f} MB gz)  peak RSS {rss / 1024:.0f} MB  "
                      f"dedup P {p:.3f} R {r:.3f} (tp {tp} fp {fp} fn {fn}; {left} short records left out)")
        half, full = results[(args.records // 2, 2)][1], results[(args.records, 2)][1]
        print(f"memory: {half / 1024:.0f} MB at {args.records // 2} records, {full / 1024:.0f} MB at {args.records}")


if __name__ == "__main__":
    main()
