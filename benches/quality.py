#!/usr/bin/env python3
"""Quality benchmark: run htmlsieve over every dataset in BENCH/*/dev and score it.

    python3 benches/quality.py [--bench DIR] [--bin PATH] [--jobs N] [--check FLOOR.json]
                               [--datasets a,b] [--keep DIR]

Runs `htmlsieve clean --no-title -o OUT DATASET/dev` (release build), scores OUT with
BENCH/score.py, and prints F1 / P / R / empty outputs per dataset and pages/s. With --check, fails
(exit 1) when a dataset's F1 is more than the floor file's tolerance below its floor.
The benchmark data is not part of the repository: it is read from ../shared/bench (or --bench).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=os.path.join(ROOT, "..", "shared", "bench"),
                    help="benchmark folder with score.py and <dataset>/dev (default ../shared/bench)")
    ap.add_argument("--bin", help="htmlsieve binary to measure (default: build the release binary "
                                   "of this checkout with cargo and use it)")
    ap.add_argument("--jobs", type=int, default=1, help="worker threads for htmlsieve (default 1)")
    ap.add_argument("--datasets", help="comma-separated subset of datasets")
    ap.add_argument("--check", help="floor file (JSON): fail when F1 drops below floor - tolerance")
    ap.add_argument("--keep", help="keep the extracted text under this folder")
    ap.add_argument("--verbose", action="store_true", help="per-page rows from score.py")
    args = ap.parse_args()

    score = os.path.join(args.bench, "score.py")
    if not os.path.isfile(score):
        print(f"benchmark data not found: {os.path.abspath(args.bench)} has no score.py "
              f"(expected ../shared/bench beside the repository, or give --bench DIR)", file=sys.stderr)
        return 2
    if args.bin is None:
        # Always build: a stale target/release binary would measure old code. A no-op when fresh.
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "htmlsieve"],
                       cwd=ROOT, check=True)
        target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
        args.bin = os.path.join(target, "release", "htmlsieve")
    datasets = sorted(d for d in os.listdir(args.bench)
                      if os.path.isdir(os.path.join(args.bench, d, "dev")))
    if args.datasets:
        wanted = set(args.datasets.split(","))
        datasets = [d for d in datasets if d in wanted]
    results = {}
    print(f"{'dataset':<14} {'F1':>6} {'P':>6} {'R':>6} {'empty':>6} {'pages':>6} {'pages/s':>8}  (jobs {args.jobs})")
    for ds in datasets:
        dev = os.path.join(args.bench, ds, "dev")
        pages = sum(1 for n in os.listdir(dev) if n.endswith(".html"))
        out = os.path.join(args.keep, ds) if args.keep else tempfile.mkdtemp(prefix=f"htmlsieve-{ds}-")
        os.makedirs(out, exist_ok=True)
        manifest = os.path.join(out, "manifest.jsonl")
        if os.path.exists(manifest):
            os.remove(manifest)  # a fresh run, not a resume
        t0 = time.perf_counter()
        proc = subprocess.run([args.bin, "clean", "--no-title", "-j", str(args.jobs), "-o", out, dev],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - t0
        if proc.returncode not in (0, 1):
            print(proc.stderr, file=sys.stderr)
            return 2
        js = os.path.join(out, "score.json")
        cmd = [sys.executable, score, "--pred", out, "--gold", dev, "--json", js, "--bootstrap", "0"]
        if args.verbose:
            cmd.append("--verbose")
        sc = subprocess.run(cmd, capture_output=True, text=True, check=True)
        if args.verbose:
            print(sc.stdout)
        m = json.load(open(js))["metrics"]
        os.remove(js)
        results[ds] = {"f1": m["f1"], "precision": m["precision"], "recall": m["recall"],
                       "empty": m["empty"], "pages": pages, "pages_per_s": pages / elapsed}
        print(f"{ds:<14} {m['f1']:6.3f} {m['precision']:6.3f} {m['recall']:6.3f} {m['empty']:6d} "
              f"{pages:6d} {pages / elapsed:8.1f}")
    if args.check:
        floor = json.load(open(args.check))
        tol = floor.get("tolerance", 0.005)
        bad = [f"{ds}: F1 {results[ds]['f1']:.4f} < floor {f:.4f} - {tol}"
               for ds, f in floor["f1"].items() if ds in results and results[ds]["f1"] < f - tol]
        for b in bad:
            print("quality regression: " + b, file=sys.stderr)
        if bad:
            return 1
        print(f"quality floor held ({args.check})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
