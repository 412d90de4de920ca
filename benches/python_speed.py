#!/usr/bin/env python3
"""Speed and F1 from Python: htmlsieve.extract vs trafilatura.extract vs resiliparse, one process.

    python3 benches/python_speed.py [--bench DIR] [--datasets a,b] [--cli PATH]

Every page of BENCH/<dataset>/dev (`<id>.html` or `<id>.html.gz`) is read into memory first; then
each tool extracts every page in turn, in this one process, one page at a time, one run, and only
the extraction calls are timed:

  htmlsieve    htmlsieve.Extractor(no_title=True).extract(page_bytes)  (as benches/quality.py runs
               the CLI: `htmlsieve clean --no-title`; the page's bytes, decoded by htmlsieve)
  trafilatura  trafilatura.extract(page_bytes)  (its defaults; it decodes the bytes itself)
  resiliparse  extract_plain_text(bytes_to_str(page, detect_encoding(page)), main_content=True)

Each tool's texts are written to a temporary folder and scored by BENCH/score.py's own main(), the
same path as benches/quality.py, so htmlsieve's F1 here is comparable with the CLI's. With --cli the
CLI binary is also run over each DEV folder and the pages whose text differs from the Python
package's are counted (0 expected). A tool that is not installed is left out with a message. Page
text is never printed. Without the benchmark data (../shared/bench) the script says so and exits 0.
"""
import argparse
import contextlib
import gzip
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUFFIXES = (".html.gz", ".html")


def load_pages(dev):
    pages = []
    for name in sorted(os.listdir(dev)):
        for suffix in SUFFIXES:
            if name.endswith(suffix):
                with open(os.path.join(dev, name), "rb") as f:
                    data = f.read()
                if suffix == ".html.gz":
                    data = gzip.decompress(data)
                pages.append((name[: -len(suffix)], data))
                break
    return pages


def tools():
    """(name, version, extract(bytes) -> str | None) for each tool that imports."""
    found = []
    try:
        import htmlsieve

        ex = htmlsieve.Extractor(no_title=True)

        def sieve(page):
            try:
                return ex.extract(page)
            except htmlsieve.Error:
                return None

        found.append(("htmlsieve", htmlsieve.__version__, sieve))
    except ImportError as err:
        print(f"htmlsieve not installed ({err}): pip install ./python", file=sys.stderr)
    try:
        import trafilatura

        def traf(page):
            try:
                return trafilatura.extract(page)
            except Exception:  # a tool's failure on one page is an empty output
                return None

        found.append(("trafilatura", getattr(trafilatura, "__version__", "?"), traf))
    except ImportError as err:
        print(f"trafilatura not installed ({err}): pip install trafilatura==2.3.1", file=sys.stderr)
    try:
        from importlib.metadata import version

        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.encoding import bytes_to_str, detect_encoding

        def resi(page):
            try:
                return extract_plain_text(bytes_to_str(page, detect_encoding(page)), main_content=True)
            except Exception:
                return None

        found.append(("resiliparse", version("resiliparse"), resi))
    except ImportError as err:
        print(f"resiliparse not installed ({err}): pip install resiliparse==2.0.1", file=sys.stderr)
    return found


def score(scorer, out, dev):
    js = os.path.join(out, "..", os.path.basename(out) + ".score.json")
    with contextlib.redirect_stdout(io.StringIO()):
        scorer.main(["--pred", out, "--gold", dev, "--json", js, "--bootstrap", "0"])
    with open(js, encoding="utf-8") as f:
        return json.load(f)["metrics"]


def write_texts(out, texts):
    os.makedirs(out, exist_ok=True)
    for page_id, text in texts.items():
        with open(os.path.join(out, page_id + ".txt"), "w", encoding="utf-8") as f:
            f.write(text or "")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--datasets", help="comma-separated datasets (default: every BENCH/*/dev)")
    ap.add_argument("--cli", help="an htmlsieve binary whose `clean --no-title` output is compared")
    args = ap.parse_args()
    score_py = os.path.join(args.bench, "score.py")
    if not os.path.isfile(score_py):
        print(f"skipped: benchmark data not found ({os.path.abspath(args.bench)} has no score.py; "
              f"expected ../shared/bench beside the repository, or give --bench DIR)")
        return 0
    spec = importlib.util.spec_from_file_location("bench_score", score_py)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    datasets = sorted(d for d in os.listdir(args.bench) if os.path.isdir(os.path.join(args.bench, d, "dev")))
    if args.datasets:
        datasets = [d for d in datasets if d in args.datasets.split(",")]
    found = tools()
    if not found:
        print("no extractor installed")
        return 1
    print(f"python {sys.version.split()[0]}; " + ", ".join(f"{n} {v}" for n, v, _ in found)
          + "; one process, one run, extraction calls timed")
    print(f"{'dataset':<12} {'tool':<12} {'pages':>6} {'MB':>6} {'seconds':>8} {'pages/s':>8} "
          f"{'F1':>6} {'P':>6} {'R':>6} {'empty':>6}  mode")
    tmp = tempfile.mkdtemp(prefix="htmlsieve-pyspeed-")
    totals = {}
    try:
        for ds in datasets:
            dev = os.path.join(args.bench, ds, "dev")
            pages = load_pages(dev)
            mb = sum(len(p) for _, p in pages) / 1e6
            for name, _, fn in found:
                texts = {}
                t0 = time.perf_counter()
                for page_id, page in pages:
                    texts[page_id] = fn(page)
                secs = time.perf_counter() - t0
                out = os.path.join(tmp, f"{ds}-{name}")
                write_texts(out, texts)
                m = score(scorer, out, dev)
                tp, ts = totals.get(name, (0, 0.0))
                totals[name] = (tp + len(pages), ts + secs)
                print(f"{ds:<12} {name:<12} {len(pages):>6} {mb:>6.1f} {secs:>8.2f} "
                      f"{len(pages) / secs:>8.1f} {m['f1']:>6.3f} {m['precision']:>6.3f} "
                      f"{m['recall']:>6.3f} {m['empty']:>6}  {m['mode']}", flush=True)
            if args.cli and found[0][0] == "htmlsieve":
                cli_out = os.path.join(tmp, f"{ds}-cli")
                subprocess.run([args.cli, "clean", "--no-title", "-j", "1", "-o", cli_out, dev],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                m = score(scorer, cli_out, dev)
                differ = 0
                for page_id, _ in pages:
                    py_path = os.path.join(tmp, f"{ds}-htmlsieve", page_id + ".txt")
                    cli_path = os.path.join(cli_out, page_id + ".txt")
                    with open(py_path, encoding="utf-8") as f:
                        py = f.read()
                    cli = ""
                    if os.path.exists(cli_path):
                        with open(cli_path, encoding="utf-8") as f:
                            cli = f.read()
                    differ += py.strip() != cli.strip()
                print(f"{ds:<12} {'(CLI)':<12} {len(pages):>6} {mb:>6.1f} {'':>8} {'':>8} "
                      f"{m['f1']:>6.3f} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['empty']:>6}  "
                      f"{differ} pages differ from the Python package")
        for name, (n, secs) in totals.items():
            print(f"{'all':<12} {name:<12} {n:>6} {'':>6} {secs:>8.2f} {n / secs:>8.1f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
