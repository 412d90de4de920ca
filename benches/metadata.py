#!/usr/bin/env python3
"""Metadata benchmark: htmlsieve's title / author / date against a dataset's gold metadata.

    python3 benches/metadata.py [--bench DIR] [--bin PATH] [--datasets a,b] [--jobs N]
                                [--json FILE] [--verbose]

Runs `htmlsieve clean -f json -o OUT DATASET/dev` over every DEV page of each dataset whose
manifest.jsonl carries `gold_title`, `gold_author` or `gold_date` (today: wcxb), and prints, per
field, the share of pages whose gold has a value that htmlsieve matches (accuracy), how many of
them have any value at all (found), for all DEV pages and for the look and blind parts (the same
split as benches/quality.py). --verbose prints the misses of look pages only, so that blind pages
are not read by accident. benches/quality.py calls this after its own table.

Match rules (a page counts only where the gold has a value):
  title   equal after Unicode NFKC, case folding, one kind of quote and dash, collapsed
          whitespace and without trailing punctuation;
  author  the same name: after the normalisation above, without a leading "By", either the whole
          strings are equal or the first name of each (split at ",", ";", "&", " and ", "|") is;
  date    the same day (the first ten characters of ISO 8601; the month when the gold gives only
          a month).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from split import part, page_ids  # noqa: E402  (same look/blind split as quality.py)
from htmlsieve_bin import release_binary  # noqa: E402

FIELDS = ("title", "author", "date")
TARGETS = {"title": 0.95, "author": 0.80, "date": 0.90}

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"',
                         "„": '"', "″": '"', "–": "-", "—": "-", "‐": "-", "‑": "-",
                         "−": "-", "\u00a0": " "})


def norm(s):
    s = unicodedata.normalize("NFKC", s).translate(_QUOTES).casefold()
    s = " ".join(s.split())
    return s.rstrip(" .,:;!|-").strip()


def first_name(s):
    s = re.sub(r"^by\s+", "", norm(s))
    return re.split(r"\s*(?:,|;|&|\||\band\b)\s*", s)[0].strip(" .")


def title_match(pred, gold):
    return norm(pred) == norm(gold)


def author_match(pred, gold):
    p = re.sub(r"^by\s+", "", norm(pred))
    g = re.sub(r"^by\s+", "", norm(gold))
    return p == g or (first_name(p) != "" and first_name(p) == first_name(g))


def date_match(pred, gold):
    n = 10 if len(gold) >= 10 else len(gold)
    return pred[:n] == gold[:n]


MATCH = {"title": title_match, "author": author_match, "date": date_match}


def gold_of(dev):
    """id -> {field: gold value} for the pages whose manifest line has gold metadata."""
    manifest = os.path.join(dev, "manifest.jsonl")
    gold = {}
    if not os.path.isfile(manifest):
        return gold
    with open(manifest, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            g = {k: rec.get(f"gold_{k}") for k in FIELDS}
            if any(isinstance(v, str) and v.strip() for v in g.values()):
                gold[rec["id"]] = {k: v for k, v in g.items() if isinstance(v, str) and v.strip()}
    return gold


def has_gold(dev):
    return bool(gold_of(dev))


def run(binary, dev, jobs):
    """id -> metadata dict as htmlsieve's JSON output gives it."""
    out = tempfile.mkdtemp(prefix="htmlsieve-md-")
    try:
        proc = subprocess.run([binary, "clean", "-f", "json", "-j", str(jobs), "-o", out, dev],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if proc.returncode not in (0, 1):
            raise RuntimeError(proc.stderr)
        got = {}
        for page_id in page_ids(dev):
            path = os.path.join(out, page_id + ".json")
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    got[page_id] = (json.load(f).get("metadata") or {})
        return got
    finally:
        shutil.rmtree(out, ignore_errors=True)


def measure(binary, dev, ds, jobs=1):
    """Per part (all/look/blind) and field: pages with gold, matches, found; and look misses."""
    gold = gold_of(dev)
    got = run(binary, dev, jobs)
    res = {p: {k: {"gold": 0, "match": 0, "found": 0} for k in FIELDS}
           for p in ("all", "look", "blind")}
    misses = []
    for page_id, g in sorted(gold.items()):
        md = got.get(page_id, {})
        pt = part(ds, page_id)
        for k, gv in g.items():
            pv = md.get(k) or ""
            ok = bool(pv) and MATCH[k](pv, gv)
            for p in ("all", pt):
                res[p][k]["gold"] += 1
                res[p][k]["found"] += bool(pv)
                res[p][k]["match"] += ok
            if not ok and pt == "look":
                misses.append((page_id, k, pv, gv))
    for p in res.values():
        for m in p.values():
            m["accuracy"] = m["match"] / m["gold"] if m["gold"] else 0.0
    return res, misses


def report(ds, res, misses, verbose):
    print(f"\n{ds}: metadata accuracy where the gold has a value (found = any value given)")
    print(f"  {'field':<7} {'part':<6} {'acc':>6} {'found':>6} {'pages':>6}  target")
    for k in FIELDS:
        for p in ("all", "look", "blind"):
            m = res[p][k]
            tgt = f"{TARGETS[k]:.2f}" if p == "all" else ""
            print(f"  {k:<7} {p:<6} {m['accuracy']:6.3f} {m['found'] / max(m['gold'], 1):6.3f} "
                  f"{m['gold']:6d}  {tgt}")
    if verbose:
        for page_id, k, pv, gv in misses:
            print(f"  {page_id}\t{k}\tgot {pv!r}\tgold {gv!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--bin", help="htmlsieve binary (default: build this checkout's release binary)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--datasets", help="comma-separated subset of datasets")
    ap.add_argument("--json", help="write the numbers to this file")
    ap.add_argument("--verbose", action="store_true", help="misses of look pages")
    args = ap.parse_args()
    if not os.path.isdir(args.bench):
        print(f"benchmark data not found: {os.path.abspath(args.bench)}", file=sys.stderr)
        return 2
    args.bin = release_binary(args.bin)
    datasets = sorted(d for d in os.listdir(args.bench)
                      if os.path.isdir(os.path.join(args.bench, d, "dev")))
    if args.datasets:
        wanted = set(args.datasets.split(","))
        datasets = [d for d in datasets if d in wanted]
    out = {}
    for ds in datasets:
        dev = os.path.join(args.bench, ds, "dev")
        if not has_gold(dev):
            continue
        res, misses = measure(args.bin, dev, ds, args.jobs)
        report(ds, res, misses, args.verbose)
        out[ds] = res
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
