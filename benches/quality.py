#!/usr/bin/env python3
"""Quality benchmark: run htmlsieve over every dataset in BENCH/*/dev and score it.

    python3 benches/quality.py [--bench DIR] [--bin PATH] [--jobs N] [--check FLOOR.json]
                               [--datasets a,b] [--keep DIR] [--json FILE] [--verbose]

Runs `htmlsieve clean --no-title -o OUT DATASET/dev` (release build) over every page of the DEV
split (`<id>.html` and `<id>.html.gz`), scores OUT with BENCH/score.py, and prints F1 / P / R /
empty outputs per dataset and pages/s, for the whole DEV split and for its two parts:

  look   about 60 % of the pages: open them, read failures, write fixes;
  blind  the other 40 %: scored only in aggregate, never opened page by page.

The part of a page is fixed once, by a stable hash of its id (see `part()`), so it never moves
between runs or machines. A change to the output lands only when blind does not lose. --verbose
prints per-page rows for look pages only, and --keep keeps only look pages' text, so that blind
pages are not read by accident. For wcxb the mean per-page F1 by page type is printed too, and
the title/author/date accuracy against the manifest's gold metadata (benches/metadata.py).

With --check, fails (exit 1) when a dataset's F1 on the whole DEV split is more than the floor
file's tolerance below its floor. The benchmark data is not part of the repository: it is read
from ../shared/bench (or --bench), and the script says so and exits 2 when it is absent.
"""
import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
from split import page_ids, part  # noqa: E402  (the look/blind split)
from htmlsieve_bin import release_binary  # noqa: E402


def load_scorer(path):
    spec = importlib.util.spec_from_file_location("bench_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def page_types(dev):
    manifest = os.path.join(dev, "manifest.jsonl")
    types = {}
    if os.path.isfile(manifest):
        with open(manifest, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                if "page_type" in rec:
                    types[rec["id"]] = rec["page_type"]
    return types


def summarise(scorer, mode, rows):
    fn = scorer.text_metrics if mode == "text" else scorer.snippet_metrics
    m = fn(rows) if rows else {"f1": 0.0, "precision": 0.0, "recall": 0.0}
    m["empty"] = sum(1 for r in rows if r["empty"])
    m["pages"] = len(rows)
    return m


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=os.path.join(ROOT, "..", "shared", "bench"),
                    help="benchmark folder with score.py and <dataset>/dev (default ../shared/bench)")
    ap.add_argument("--bin", help="htmlsieve binary to measure (default: build the release binary "
                                   "of this checkout with cargo and use it)")
    ap.add_argument("--jobs", type=int, default=1, help="worker threads for htmlsieve (default 1)")
    ap.add_argument("--datasets", help="comma-separated subset of datasets")
    ap.add_argument("--check", help="floor file (JSON): fail when F1 drops below floor - tolerance")
    ap.add_argument("--keep", help="keep the extracted text of look pages under this folder")
    ap.add_argument("--json", help="write all numbers (per dataset, per part) to this file")
    ap.add_argument("--verbose", action="store_true", help="per-page rows (look pages only)")
    ap.add_argument("--no-metadata", action="store_true",
                    help="skip the metadata accuracy table (benches/metadata.py)")
    ap.add_argument("--clean-arg", action="append", default=[], metavar="ARG",
                    help="extra argument for `htmlsieve clean` (repeatable), e.g. "
                         "--clean-arg=--disable=lead (benches/ablate.py uses it)")
    args = ap.parse_args()

    score = os.path.join(args.bench, "score.py")
    if not os.path.isfile(score):
        print(f"benchmark data not found: {os.path.abspath(args.bench)} has no score.py "
              f"(expected ../shared/bench beside the repository, or give --bench DIR)", file=sys.stderr)
        return 2
    scorer = load_scorer(score)
    args.bin = release_binary(args.bin)
    datasets = sorted(d for d in os.listdir(args.bench)
                      if os.path.isdir(os.path.join(args.bench, d, "dev")))
    if args.datasets:
        wanted = set(args.datasets.split(","))
        datasets = [d for d in datasets if d in wanted]
    results = {}
    print(f"{'dataset':<12} {'part':<6} {'F1':>6} {'P':>6} {'R':>6} {'empty':>6} {'pages':>6} "
          f"{'pages/s':>8}  (jobs {args.jobs})")
    for ds in datasets:
        dev = os.path.join(args.bench, ds, "dev")
        ids = page_ids(dev)
        out = tempfile.mkdtemp(prefix=f"htmlsieve-{ds}-")
        try:
            t0 = time.perf_counter()
            proc = subprocess.run([args.bin, "clean", "--no-title", "-j", str(args.jobs),
                                   *args.clean_arg, "-o", out, dev],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            elapsed = time.perf_counter() - t0
            if proc.returncode not in (0, 1):
                print(proc.stderr, file=sys.stderr)
                return 2
            js = os.path.join(out, "score.json")
            subprocess.run([sys.executable, score, "--pred", out, "--gold", dev, "--json", js,
                            "--bootstrap", "0"], capture_output=True, text=True, check=True)
            with open(js, encoding="utf-8") as f:
                scored = json.load(f)
            if args.keep:
                keep = os.path.join(args.keep, ds)
                os.makedirs(keep, exist_ok=True)
                for page_id in ids:
                    src = os.path.join(out, page_id + ".txt")
                    if part(ds, page_id) == "look" and os.path.exists(src):
                        shutil.copyfile(src, os.path.join(keep, page_id + ".txt"))
        finally:
            shutil.rmtree(out, ignore_errors=True)
        mode = scored["metrics"]["mode"]
        rows = scored["docs"]
        by_part = {"all": rows,
                   "look": [r for r in rows if part(ds, r["id"]) == "look"],
                   "blind": [r for r in rows if part(ds, r["id"]) == "blind"]}
        res = {p: summarise(scorer, mode, rs) for p, rs in by_part.items()}
        res["all"]["pages_per_s"] = len(ids) / elapsed
        types = page_types(dev)
        if types and mode == "text":
            res["by_type"] = {}
            for p in ("look", "blind"):
                acc = {}
                for r in by_part[p]:
                    acc.setdefault(types.get(r["id"], "?"), []).append(r["f1"])
                res["by_type"][p] = {t: {"mean_f1": sum(v) / len(v), "pages": len(v)}
                                     for t, v in sorted(acc.items())}
        results[ds] = res
        for p in ("all", "look", "blind"):
            m = res[p]
            rate = f"{len(ids) / elapsed:8.1f}" if p == "all" else ""
            print(f"{ds:<12} {p:<6} {m['f1']:6.3f} {m['precision']:6.3f} {m['recall']:6.3f} "
                  f"{m['empty']:6d} {m['pages']:6d} {rate}")
        if args.verbose:
            for r in by_part["look"]:
                if mode == "text":
                    print(f"  {r['id']}\tF1 {r['f1']:.3f}\tP {r['p']:.3f}\tR {r['r']:.3f}"
                          f"{'  EMPTY' if r['empty'] else ''}")
                else:
                    print(f"  {r['id']}\twith {r['tp']}/{r['tp'] + r['fn']}\twithout "
                          f"{r['fp']}/{r['fp'] + r['tn']}{'  EMPTY' if r['empty'] else ''}")
    for ds, res in results.items():
        if "by_type" not in res:
            continue
        print(f"\n{ds}: mean per-page F1 by page type (look / blind, pages)")
        kinds = sorted(set(res["by_type"]["look"]) | set(res["by_type"]["blind"]))
        for t in kinds:
            lk = res["by_type"]["look"].get(t, {"mean_f1": 0.0, "pages": 0})
            bl = res["by_type"]["blind"].get(t, {"mean_f1": 0.0, "pages": 0})
            print(f"  {t:<14} {lk['mean_f1']:.3f} ({lk['pages']:3d})  {bl['mean_f1']:.3f} "
                  f"({bl['pages']:3d})")
    # Metadata accuracy (title/author/date) where a dataset's manifest carries gold metadata.
    import metadata as md_bench
    for ds in results:
        dev = os.path.join(args.bench, ds, "dev")
        if not args.no_metadata and md_bench.has_gold(dev):
            res, misses = md_bench.measure(args.bin, dev, ds, args.jobs)
            md_bench.report(ds, res, misses, args.verbose)
            results[ds]["metadata"] = res
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)
    if args.check:
        with open(args.check, encoding="utf-8") as f:
            floor = json.load(f)
        tol = floor.get("tolerance", 0.005)
        bad = [f"{ds}: F1 {results[ds]['all']['f1']:.4f} < floor {f:.4f} - {tol}"
               for ds, f in floor["f1"].items()
               if ds in results and results[ds]["all"]["f1"] < f - tol]
        for b in bad:
            print("quality regression: " + b, file=sys.stderr)
        if bad:
            return 1
        print(f"quality floor held ({args.check})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
