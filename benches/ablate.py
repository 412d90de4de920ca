#!/usr/bin/env python3
"""Ablation: what each extractor heuristic is worth, one switched off at a time.

    python3 benches/ablate.py [--bench DIR] [--bin PATH] [--jobs N] [--only a,b] [--json FILE]

Runs the quality benchmark (benches/quality.py) once as it is and once per heuristic with
`htmlsieve clean --disable NAME`, and prints, per heuristic, the change in F1 that switching it
off causes on each dataset's blind part (and on its look part, for comparison). A negative number is
what the heuristic earns; one at about zero on blind does not pay for itself and is a candidate
for removal. The names and what each does come from `htmlsieve clean --help` (--disable).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from htmlsieve_bin import ROOT, release_binary  # noqa: E402


def heuristics(binary):
    """The names `--disable` accepts, read from the binary's own help."""
    out = subprocess.run([binary, "clean", "--help"], capture_output=True, text=True,
                         check=True).stdout
    block = out.split("--disable <NAME>", 1)[1]
    block = re.split(r"\n\s*\n\s{0,6}-", block, maxsplit=1)[0]
    return re.findall(r"^\s+- ([a-z][a-z-]+):", block, flags=re.M)


def measure(args, extra):
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        js = f.name
    try:
        cmd = [sys.executable, os.path.join(ROOT, "benches", "quality.py"), "--bench", args.bench,
               "--bin", args.bin, "--jobs", str(args.jobs), "--no-metadata", "--json", js]
        cmd += [f"--clean-arg={a}" for a in extra]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout + proc.stderr)
            sys.exit(proc.returncode)
        with open(js, encoding="utf-8") as f:
            return json.load(f)
    finally:
        os.unlink(js)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--bin", help="htmlsieve binary (default: build this checkout's release)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", help="comma-separated heuristics to measure (default: all)")
    ap.add_argument("--json", help="write every run's numbers to this file")
    args = ap.parse_args()
    if not os.path.isfile(os.path.join(args.bench, "score.py")):
        print(f"benchmark data not found: {os.path.abspath(args.bench)} has no score.py "
              f"(expected ../shared/bench beside the repository, or give --bench DIR)",
              file=sys.stderr)
        return 2
    args.bin = release_binary(args.bin)
    names = heuristics(args.bin)
    if args.only:
        wanted = args.only.split(",")
        unknown = [n for n in wanted if n not in names]
        if unknown:
            print(f"unknown heuristic(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
        names = wanted
    base = measure(args, [])
    datasets = sorted(base)
    runs = {"": base}
    cols = [(ds, "blind") for ds in datasets] + [(ds, "look") for ds in datasets]
    head = " ".join(f"{ds[:11] + ' ' + p:>18}" for ds, p in cols)
    print(f"{'switched off':<22} {head}")
    print(f"{'(none: F1)':<22} " + " ".join(f"{base[ds][p]['f1']:18.4f}" for ds, p in cols))
    for name in names:
        res = measure(args, [f"--disable={name}"])
        runs[name] = res
        row = " ".join(f"{res[ds][p]['f1'] - base[ds][p]['f1']:+18.4f}" for ds, p in cols)
        print(f"{name:<22} {row}", flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(runs, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
