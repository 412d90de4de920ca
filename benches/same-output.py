#!/usr/bin/env python3
"""Compare two htmlsieve builds' outputs page by page: are they byte-identical?

    python3 benches/same-output.py --old BIN --new BIN [--bench DIR] [--fixtures] [--show N]

Runs `BIN clean -f json -o OUT` with each binary over every DEV page of ../shared/bench (or
--bench) and, with --fixtures, over fixtures/, then compares the records (text, blocks and
metadata; the run-dependent `added` field and the extractor version are left out). Prints the
number of pages compared and the ids that differ; exits 1 when any differs. Use it to show that a
refactor or a speed change leaves every output as it was. Page ids are printed, never page text,
so that blind pages stay unread.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(binary, inputs, out):
    proc = subprocess.run([binary, "clean", "-f", "json", "-j", "2", "-o", out, *inputs],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"{binary} failed ({proc.returncode}): {proc.stderr[-2000:]}")


def records(out, text_only=False):
    recs = {}
    for dirpath, _, files in os.walk(out):
        for name in files:
            if not name.endswith(".json"):
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8") as f:
                rec = json.load(f)
            rec.pop("added", None)
            rec.get("metadata", {}).pop("extractor", None)
            recs[os.path.relpath(path, out)] = rec.get("text") if text_only else rec
    return recs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--old", required=True)
    ap.add_argument("--new", required=True)
    ap.add_argument("--bench", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--fixtures", action="store_true", help="compare fixtures/ too")
    ap.add_argument("--show", type=int, default=20, help="ids of differing pages to print")
    ap.add_argument("--text-only", action="store_true",
                    help="compare the text alone (for a change that is meant to alter metadata)")
    args = ap.parse_args()
    sets = []
    if os.path.isdir(args.bench):
        for ds in sorted(os.listdir(args.bench)):
            dev = os.path.join(args.bench, ds, "dev")
            if os.path.isdir(dev):
                sets.append((ds, dev))
    else:
        print(f"benchmark data not found at {os.path.abspath(args.bench)}: DEV pages skipped",
              file=sys.stderr)
    if args.fixtures:
        sets.append(("fixtures", os.path.join(ROOT, "fixtures")))
    bad = 0
    total = 0
    for name, folder in sets:
        tmp = tempfile.mkdtemp(prefix="htmlsieve-same-")
        try:
            a, b = os.path.join(tmp, "old"), os.path.join(tmp, "new")
            run(args.old, [folder], a)
            run(args.new, [folder], b)
            ra, rb = records(a, args.text_only), records(b, args.text_only)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        diff = sorted(k for k in ra.keys() | rb.keys() if ra.get(k) != rb.get(k))
        total += len(ra.keys() | rb.keys())
        bad += len(diff)
        print(f"{name}: {len(ra.keys() | rb.keys())} pages, {len(diff)} differ"
              + (f": {', '.join(diff[:args.show])}" if diff else ""))
    print(f"{total} pages compared, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
