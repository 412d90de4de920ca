#!/usr/bin/env python3
"""Train the page-type model (rules/page-type-model.json) on the look part of wcxb DEV.

    python3 benches/train_page_type.py [--bench DIR] [--bin PATH] [--out FILE] [--no-write]

The features come from the release binary (`htmlsieve page-features`, a hidden command that prints
each page's feature vector as JSON), so this script never re-implements them. Every look page is
read twice, without a URL (as `benches/quality.py` runs, the page's own canonical URL standing
in) and with the manifest's URL, so the model serves both. The model is a multinomial logistic
regression (softmax) with L2 regularisation, fitted by full-batch Adam in plain Python (standard
library only); the regularisation strength and the class weighting are chosen by 5-fold
cross-validation on look pages. Accuracy is printed for look (training) and for the blind part
in aggregate only (overall, per class and a confusion table), each without and with URLs.

Pages labelled in the manifest's `page_type` field; the classes the model knows are the ones the
labels name. `other` is not trained: the library gives it to pages with no text to judge.
"""
import argparse
import json
import math
import operator
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from split import part  # noqa: E402

DATASET = "wcxb"
CLASSES = ["article", "forum", "product", "collection", "listing", "documentation", "service"]


def dump(binary, dev, urls):
    cmd = [binary, "page-features", dev]
    if urls:
        cmd += ["--urls-from", urls]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rows = {}
    for line in out.splitlines():
        rec = json.loads(line)
        if "features" not in rec:
            continue
        name = os.path.basename(rec["file"])
        page_id = name.split(".")[0]
        rows[page_id] = rec["features"]
    return rows


def dot(a, b):
    return sum(map(operator.mul, a, b))


def softmax(z):
    m = max(z)
    e = [math.exp(v - m) for v in z]
    s = sum(e)
    return [v / s for v in e]


def fit(X, y, k, lam, balance, iters=400, lr=0.05):
    """Softmax regression by Adam on the mean weighted cross-entropy + lam/2 |W|^2."""
    n, d = len(X), len(X[0])
    counts = [max(1, y.count(c)) for c in range(k)]
    sw = [(n / (k * counts[c])) ** balance for c in y]
    total = sum(sw)
    cols = list(zip(*X))
    W = [[0.0] * d for _ in range(k)]
    b = [0.0] * k
    mW = [[0.0] * d for _ in range(k)]
    vW = [[0.0] * d for _ in range(k)]
    mb, vb = [0.0] * k, [0.0] * k
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, iters + 1):
        # Residuals r[c][i] = w_i (p_ic - y_ic) / total
        r = [[0.0] * n for _ in range(k)]
        for i, x in enumerate(X):
            p = softmax([dot(W[c], x) + b[c] for c in range(k)])
            p[y[i]] -= 1.0
            for c in range(k):
                r[c][i] = sw[i] * p[c] / total
        for c in range(k):
            g = [dot(r[c], col) + lam * w for col, w in zip(cols, W[c])]
            gb = sum(r[c])
            mw, vw, wc = mW[c], vW[c], W[c]
            for j in range(d):
                mw[j] = b1 * mw[j] + (1 - b1) * g[j]
                vw[j] = b2 * vw[j] + (1 - b2) * g[j] * g[j]
                wc[j] -= lr * (mw[j] / (1 - b1 ** t)) / (math.sqrt(vw[j] / (1 - b2 ** t)) + eps)
            mb[c] = b1 * mb[c] + (1 - b1) * gb
            vb[c] = b2 * vb[c] + (1 - b2) * gb * gb
            b[c] -= lr * (mb[c] / (1 - b1 ** t)) / (math.sqrt(vb[c] / (1 - b2 ** t)) + eps)
    return W, b


def predict(W, b, x):
    z = [dot(w, x) + bc for w, bc in zip(W, b)]
    return max(range(len(z)), key=lambda c: (z[c], -c))


def standardise(rows, names, mean=None, scale=None):
    if mean is None:
        n = len(rows)
        mean = [sum(r[j] for r in rows) / n for j in range(len(names))]
        var = [sum((r[j] - mean[j]) ** 2 for r in rows) / n for j in range(len(names))]
        scale = [math.sqrt(v) if v > 1e-12 else 0.0 for v in var]
    X = [[(r[j] - mean[j]) / scale[j] if scale[j] > 0 else 0.0 for j in range(len(names))]
         for r in rows]
    return X, mean, scale


def report(title, y, pred):
    k = len(CLASSES)
    conf = [[0] * k for _ in range(k)]
    for a, p in zip(y, pred):
        conf[a][p] += 1
    right = sum(conf[c][c] for c in range(k))
    print(f"\n{title}: accuracy {right / max(1, len(y)):.3f} ({right}/{len(y)})")
    print("  " + " " * 14 + " ".join(f"{c[:5]:>5}" for c in CLASSES) + "   acc")
    for c in range(k):
        n = sum(conf[c])
        acc = conf[c][c] / n if n else 0.0
        print(f"  {CLASSES[c]:<14}" + " ".join(f"{v:5d}" for v in conf[c]) + f"  {acc:.3f} ({n})")
    return right / max(1, len(y))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "htmlsieve"),
                    help="release binary (build it first: cargo build --release)")
    ap.add_argument("--out", default=os.path.join(ROOT, "rules", "page-type-model.json"))
    ap.add_argument("--no-write", action="store_true", help="report only, keep the model file")
    ap.add_argument("--lambdas", default="0.001,0.003,0.01,0.03")
    ap.add_argument("--balances", default="0,0.5")
    ap.add_argument("--iters", type=int, default=400)
    args = ap.parse_args()

    dev = os.path.join(args.bench, DATASET, "dev")
    manifest = os.path.join(dev, "manifest.jsonl")
    labels = {}
    with open(manifest, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("page_type") in CLASSES:
                labels[rec["id"]] = CLASSES.index(rec["page_type"])
    plain = dump(args.bin, dev, None)
    # The manifest's URLs as the mapping `--urls-from` reads (pages without one left out).
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        with open(manifest, encoding="utf-8") as m:
            for line in m:
                rec = json.loads(line)
                if rec.get("url"):
                    f.write(json.dumps({"id": rec["id"], "url": rec["url"]}) + "\n")
    try:
        with_url = dump(args.bin, dev, f.name)
    finally:
        os.unlink(f.name)
    names = sorted(next(iter(plain.values())).keys())
    look = sorted(i for i in labels if part(DATASET, i) == "look" and i in plain and i in with_url)
    blind = sorted(i for i in labels if part(DATASET, i) == "blind" and i in plain and i in with_url)
    print(f"{len(names)} features; look {len(look)} pages, blind {len(blind)} pages")

    def vec(rows, i):
        return [rows[i][n] for n in names]

    # Both views of every look page; folds by page so the two views stay together.
    raw = [vec(plain, i) for i in look] + [vec(with_url, i) for i in look]
    y = [labels[i] for i in look] * 2
    X, mean, scale = standardise(raw, names)
    rng = random.Random(7)
    order = list(range(len(look)))
    rng.shuffle(order)
    fold_of = {p: n % 5 for n, p in enumerate(order)}
    folds = [fold_of[p % len(look)] for p in range(len(X))]
    best = None
    for balance in [float(v) for v in args.balances.split(",")]:
        for lam in [float(v) for v in args.lambdas.split(",")]:
            right = 0
            for f in range(5):
                tr = [i for i in range(len(X)) if folds[i] != f]
                te = [i for i in range(len(X)) if folds[i] == f]
                W, b = fit([X[i] for i in tr], [y[i] for i in tr], len(CLASSES), lam, balance,
                           iters=args.iters)
                right += sum(predict(W, b, X[i]) == y[i] for i in te)
            acc = right / len(X)
            print(f"cv look: lambda {lam:<6} balance {balance:<4} accuracy {acc:.3f}", flush=True)
            if best is None or acc > best[0]:
                best = (acc, lam, balance)
    _, lam, balance = best
    print(f"chosen: lambda {lam}, balance {balance}")
    W, b = fit(X, y, len(CLASSES), lam, balance, iters=args.iters)
    report("look (training), no URL", y[:len(look)], [predict(W, b, x) for x in X[:len(look)]])
    report("look (training), with URL", y[len(look):], [predict(W, b, x) for x in X[len(look):]])
    yb = [labels[i] for i in blind]
    for title, rows in (("blind, no URL", plain), ("blind, with URL", with_url)):
        Xb, _, _ = standardise([vec(rows, i) for i in blind], names, mean, scale)
        report(title, yb, [predict(W, b, x) for x in Xb])
    if args.no_write:
        return 0
    keep = [j for j in range(len(names)) if scale[j] > 0]
    model = {
        "about": "Page-type model: softmax over standardised features ((x - mean) / scale). "
                 "Trained by benches/train_page_type.py on the look part of wcxb DEV; "
                 f"lambda {lam}, class balance {balance}.",
        "classes": CLASSES,
        "features": [names[j] for j in keep],
        "mean": [float(f"{mean[j]:.5g}") for j in keep],
        "scale": [float(f"{scale[j]:.5g}") for j in keep],
        "weights": [[float(f"{w[j]:.4g}") for j in keep] for w in W],
        "bias": [float(f"{v:.4g}") for v in b],
    }
    text = json.dumps(model, separators=(",", ":"))
    with tempfile.NamedTemporaryFile("w", dir=os.path.dirname(args.out), delete=False) as f:
        f.write(text + "\n")
    os.replace(f.name, args.out)
    print(f"\nwrote {args.out} ({len(text) + 1} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
