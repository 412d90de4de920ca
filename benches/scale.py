#!/usr/bin/env python3
"""Scaling benchmark for the CLI: threads and memory.

    python3 benches/scale.py [--bench DIR] [--bin PATH] [--pages N] [--rounds R]

1. Threads: `htmlsieve clean -j 1` and `-j 2` (and `-j N` with --jobs N) over the same folder
   (BENCH/scrapinghub/dev + BENCH/wcxb/dev, linked into one temporary folder), then over the
   --pages folder; prints seconds, pages/s, CPU seconds (user+sys) and the speed-up over -j 1.
   The thread counts take turns round by round, so that a burst of load from elsewhere on a shared
   machine hits all of them alike; the best and the median round are both shown.
   A last row, `2 x -j 1`, is the machine's own ceiling for two cores: two separate `-j 1`
   processes started together, each over half of the folder (split to equal bytes), sharing
   nothing but the hardware. A `-j 2` speed-up close to that row has no scheduling or
   serial part left to remove; the rest is what a second busy core costs on this machine.
2. Memory: peak RSS of `htmlsieve clean` over the 20 largest pages and over a folder of
   --pages (default 2,000) pages made by linking the bench pages under distinct names in a
   temporary folder; prints both and their ratio.

The benchmark data is not part of the repository: it is read from ../shared/bench (or --bench).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_bench():
    # ../shared/bench beside the repository, or beside a parent folder (worktrees).
    d = ROOT
    while True:
        parent = os.path.dirname(d)
        cand = os.path.join(parent, "shared", "bench")
        if os.path.isdir(cand) or parent == d:
            return cand
        d = parent


def link_or_copy(src, dst):
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)


def make_folder(pages, n, prefix):
    """A temporary folder with n pages: the given pages repeated under distinct names."""
    d = tempfile.mkdtemp(prefix=prefix)
    for i in range(n):
        link_or_copy(pages[i % len(pages)], os.path.join(d, f"p{i:05d}.html"))
    return d


# Output folders are removed only when the benchmark ends. Deleting a run's outputs right before
# the next run makes the next run's file creation slow on ext4 without a journal, which skips
# inodes freed in the last seconds while it looks for a free one: the benchmark would measure
# its own clean-up (kernel time that grew with the square of the pages) instead of htmlsieve.
OUTPUTS = []


def out_dir():
    d = tempfile.mkdtemp(prefix="htmlsieve-scale-out-")
    OUTPUTS.append(d)
    return d


def run(binary, folder, jobs):
    """Run one `clean` over folder; returns (seconds, peak RSS in MB, exit code, CPU seconds)."""
    t0 = time.perf_counter()
    p = subprocess.Popen([binary, "clean", "-j", str(jobs), "-o", out_dir(), folder],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    el = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    return el, ru.ru_maxrss / 1024.0, code, ru.ru_utime + ru.ru_stime


def run_pair(binary, halves):
    """Two `clean -j 1` processes at once, one per half; returns (seconds, CPU seconds)."""
    t0 = time.perf_counter()
    procs = [subprocess.Popen([binary, "clean", "-j", "1", "-o", out_dir(), h],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for h in halves]
    cpu = 0.0
    for p in procs:
        _, _, ru = os.wait4(p.pid, 0)
        cpu += ru.ru_utime + ru.ru_stime
    return time.perf_counter() - t0, cpu


def split_halves(folder):
    """Two folders of links that split folder's pages into halves of about equal bytes."""
    files = sorted((os.path.join(folder, f) for f in os.listdir(folder)),
                   key=os.path.getsize, reverse=True)
    halves = [tempfile.mkdtemp(prefix="htmlsieve-scale-half-") for _ in range(2)]
    sizes = [0, 0]
    for f in files:
        k = 0 if sizes[0] <= sizes[1] else 1
        sizes[k] += os.path.getsize(f)
        link_or_copy(f, os.path.join(halves[k], os.path.basename(f)))
    return halves


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=default_bench())
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "htmlsieve"))
    ap.add_argument("--pages", type=int, default=2000, help="pages of the large memory folder")
    ap.add_argument("--rounds", type=int, default=3, help="runs per thread count")
    ap.add_argument("--jobs", type=int, default=2, help="most threads to try (default 2)")
    ap.add_argument("--skip-threads", action="store_true")
    ap.add_argument("--skip-memory", action="store_true")
    args = ap.parse_args()

    pages = []
    for ds in ("scrapinghub", "wcxb"):
        dev = os.path.join(args.bench, ds, "dev")
        if not os.path.isdir(dev):
            print(f"benchmark data not found: {os.path.abspath(dev)} (expected ../shared/bench "
                  f"beside the repository, or give --bench DIR); nothing to measure", file=sys.stderr)
            return 2
        pages += sorted(os.path.join(dev, n) for n in os.listdir(dev) if n.endswith(".html"))
    if not os.path.exists(args.bin):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)

    if not args.skip_threads:
        folders = [(make_folder(pages, len(pages), "htmlsieve-scale-threads-"), len(pages))]
        if args.pages > len(pages):
            folders.append((make_folder(pages, args.pages, "htmlsieve-scale-threads-"), args.pages))
        try:
            for folder, n in folders:
                mb = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder)) / 1e6
                print(f"threads: {n} pages, {mb:.1f} MB, {args.rounds} rounds (thread counts "
                      f"take turns)")
                runs = {j: [] for j in range(1, args.jobs + 1)}
                pair = []
                halves = split_halves(folder)
                try:
                    for _ in range(args.rounds):
                        for j in runs:
                            el, _, code, cpu = run(args.bin, folder, j)
                            if code != 0:
                                print(f"  -j {j}: exit code {code}", file=sys.stderr)
                            runs[j].append((el, cpu))
                        pair.append(run_pair(args.bin, halves))
                finally:
                    for h in halves:
                        shutil.rmtree(h, ignore_errors=True)
                base_best = min(r[0] for r in runs[1])
                base_med = statistics.median(r[0] for r in runs[1])
                rows = [(f"-j {j}", rs) for j, rs in runs.items()] + [("2 x -j 1", pair)]
                for label, rs in rows:
                    best = min(r[0] for r in rs)
                    med = statistics.median(r[0] for r in rs)
                    cpu = statistics.median(r[1] for r in rs)
                    print(f"  {label:>8}: best {best:6.2f} s  {n / best:7.1f} pages/s  "
                          f"x{base_best / best:.2f} vs -j 1 | median {med:6.2f} s  "
                          f"x{base_med / med:.2f} | CPU {cpu:6.2f} s")
        finally:
            for folder, _ in folders:
                shutil.rmtree(folder, ignore_errors=True)

    if not args.skip_memory:
        # The small folder holds the 20 largest pages, so that both runs see the same largest
        # page and the ratio shows what the number of pages adds.
        biggest = sorted(pages, key=os.path.getsize, reverse=True)[:20]
        small = make_folder(biggest, 20, "htmlsieve-scale-small-")
        large = make_folder(pages, args.pages, "htmlsieve-scale-large-")
        try:
            _, rss_small, _, _ = run(args.bin, small, 1)
            t, rss_large, _, _ = run(args.bin, large, 1)
            print(f"memory (peak RSS, -j 1): 20 pages {rss_small:.1f} MB, {args.pages} pages "
                  f"{rss_large:.1f} MB, ratio {rss_large / rss_small:.2f} ({t:.1f} s)")
            _, rss_small2, _, _ = run(args.bin, small, 2)
            t, rss_large2, _, _ = run(args.bin, large, 2)
            print(f"memory (peak RSS, -j 2): 20 pages {rss_small2:.1f} MB, {args.pages} pages "
                  f"{rss_large2:.1f} MB, ratio {rss_large2 / rss_small2:.2f} ({t:.1f} s)")
        finally:
            shutil.rmtree(small, ignore_errors=True)
            shutil.rmtree(large, ignore_errors=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        for d in OUTPUTS:
            shutil.rmtree(d, ignore_errors=True)
