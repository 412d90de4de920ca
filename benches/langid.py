#!/usr/bin/env python3
"""Language-identification accuracy of the corpus records on the trafilatura DEV pages.

A page's language is known from its URL where the URL says it: a language path segment
(`/en/`, `/de/`) first, else a country-code domain with one national language (.de and .at → de,
.pl → pl, .fr → fr, .it → it, .br → pt, .jp → ja, .kr → ko, .se → sv, .uk → en). Pages whose URL
says neither are scored against their own declared language (`<html lang>`), reported apart.
Archive URLs (web.archive.org/web/<time>/<url>) are read for the URL inside.

Runs `htmlsieve jsonl` (the record's `metadata.lang` and `lang_detected`) and prints aggregates
only: accuracy per truth source, and the confusions by count.

    cargo build --release && python3 benches/langid.py
"""
import collections, gzip, json, re, subprocess, sys, urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "bench" / "trafilatura" / "dev"
TLD = {"de": "de", "at": "de", "pl": "pl", "fr": "fr", "it": "it", "br": "pt", "jp": "ja",
       "kr": "ko", "se": "sv", "uk": "en"}
LANGS = {"en", "de", "fr", "it", "es", "pl", "pt", "nl", "ru", "ja", "zh", "ko", "sv", "cs", "tr"}


def url_language(url):
    m = re.match(r"https?://web\.archive\.org/web/[^/]+/(.*)", url)
    if m:
        url = m.group(1)
    u = urllib.parse.urlparse(url if "://" in url else "http://" + url)
    for seg in u.path.lower().split("/"):
        if seg in LANGS:
            return seg
    tld = (u.hostname or "").rsplit(".", 1)[-1]
    return TLD.get(tld)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "release" / "htmlsieve")
    if not DEV.exists():
        sys.exit(f"{DEV} is absent")
    rows, truth = [], {}
    for line in (DEV / "manifest.jsonl").open():
        r = json.loads(line)
        p = DEV / f"{r['id']}.html"
        data = p.read_bytes() if p.exists() else gzip.decompress((DEV / f"{r['id']}.html.gz").read_bytes())
        try:
            html = data.decode("utf-8")
        except UnicodeDecodeError:
            html = data.decode("cp1252", errors="replace")
        rows.append(json.dumps({"id": r["id"], "url": r["url"], "html": html}))
        truth[r["id"]] = url_language(r["url"])
    out = subprocess.run([binary, "jsonl"], input="\n".join(rows) + "\n", capture_output=True, text=True).stdout
    stats = {"url": [0, 0], "declared": [0, 0]}
    confusions = collections.Counter()
    detected_only = [0, 0]
    for line in out.splitlines():
        r = json.loads(line)
        md = r.get("metadata") or {}
        got, det = md.get("lang"), md.get("lang_detected")
        want, source = truth.get(r["id"]), "url"
        if want is None:
            want, source = md.get("lang_declared"), "declared"
        if not want or r.get("error"):
            continue
        stats[source][1] += 1
        if got == want:
            stats[source][0] += 1
        else:
            confusions[(source, want, got)] += 1
        if source == "url" and det is not None:
            detected_only[1] += 1
            detected_only[0] += det == want
    for s, (ok, n) in stats.items():
        if n:
            print(f"truth from {s:8s}: {ok}/{n} = {ok / n:.3f}  (metadata.lang)")
    if detected_only[1]:
        ok, n = detected_only
        print(f"truth from url     : {ok}/{n} = {ok / n:.3f}  (lang_detected, the text alone)")
    print("confusions (truth source, expected, got): " +
          ", ".join(f"{k} x{v}" for k, v in confusions.most_common(10)))


if __name__ == "__main__":
    main()
