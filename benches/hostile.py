#!/usr/bin/env python3
"""Time and peak memory of `htmlsieve clean` on hostile inputs (the list of the robustness issue).

Generates each input in a temporary folder, runs the release binary on it under /usr/bin/time -v,
and prints one Markdown table row per input: outcome (exit code, output size, the error line),
wall time and peak RSS. Build first: `cargo build --release`. Usage:

    python3 benches/hostile.py [--bin target/release/htmlsieve] [--only NAME]
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile


def utf16(s, le, bom):
    enc = "utf-16-le" if le else "utf-16-be"
    b = s.encode(enc)
    if bom:
        b = (b"\xff\xfe" if le else b"\xfe\xff") + b
    return b


ARTICLE = (
    "<html><head><title>Grüße aus Köln</title></head><body><article><p>Größere Straßen führen "
    "über die Brücke, schöne Grüße aus Köln und München.</p></article></body></html>"
)


def inputs():
    rnd = random.Random(7)
    png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(rnd.getrandbits(8) for _ in range(1 << 20))
    yield "binary data (1 MiB random)", bytes(rnd.getrandbits(8) for _ in range(1 << 20))
    yield "PNG named .html", png
    yield "empty file", b""
    yield "NUL bytes", b"<p>hello\0world, " + b"\0" * 100000 + b" a paragraph with NUL bytes in it.</p>"
    yield "invalid UTF-8", b"<p>Valid start \xff\xfe\xc3 broken \xe2\x82 and the valid end of the paragraph.</p>" * 1000
    yield "UTF-16LE with BOM", utf16(ARTICLE, True, True)
    yield "UTF-16BE without BOM", utf16(ARTICLE, False, False)
    n = 400_000
    yield "400k nested divs", ("<div>" * n + "<p>Deep text at the bottom of the pile.</p>" + "</div>" * n).encode()
    n = 20_000
    yield "20k nested tables", ("<table><tr><td>" * n + "Innermost cell text of twenty thousand nested tables." + "</td></tr></table>" * n).encode()
    yield "1.5M sibling paragraphs", (
        "<html><body><article>"
        + "".join(f"<p>Paragraph {i} of the long page.</p>" for i in range(1_500_000))
        + "</article></body></html>"
    ).encode()
    attrs = "".join(f' data-a{i}="{i}"' for i in range(150_000))
    yield "150k attributes", f"<div{attrs}><p>Text inside the element with many attributes.</p></div>".encode()
    line = " ".join(f"word{i % 1000}" for i in range(8_000_000))
    yield "40 MB single line", f"<html><body><p>{line[:40_000_000]}</p></body></html>".encode()
    yield "unterminated comment", b"<p>Visible paragraph before the comment, long enough.</p><!-- " + b"<p>hidden</p>" * 100000
    yield "entity flood (1M &amp; + invalid code points)", (
        "<p>" + "&amp;" * 1_000_000 + " &#0; &#xD800; &#x110000; &#99999999999; &#x80; &#x1F600; end.</p>"
        + "&nbsp;&#8203;&shy;" * 100_000
    ).encode()
    yield "script-only page", b"<html><head><script>" + b"var x = '<p>not text</p>';\n" * 100000 + b"</script></head><body></body></html>"
    yield "200 unclosed <b> + 200k paragraphs", (
        "".join(f"<b class=c{i}>" for i in range(200))
        + "".join(f"<p>Paragraph {i} has enough words to count.</p>" for i in range(200_000))
    ).encode()


def run(binary, path, out):
    cmd = ["/usr/bin/time", "-v", binary, "clean", "-j", "1", "-o", out, path]
    p = subprocess.run(cmd, capture_output=True)
    err = p.stderr.decode("utf-8", "replace")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", err).group(1)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    parts = [float(x) for x in wall.split(":")]
    secs = sum(v * 60 ** i for i, v in enumerate(reversed(parts)))
    msg = next((l for l in err.splitlines() if l.startswith("htmlsieve:")), "")
    return p.returncode, secs, rss, msg


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/htmlsieve")
    ap.add_argument("--only")
    a = ap.parse_args()
    if not os.path.exists(a.bin):
        sys.exit(f"{a.bin} not found: cargo build --release first")
    print("| input | size | outcome | time | peak RSS |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, data) in enumerate(inputs()):
            if a.only and a.only not in name:
                continue
            path = os.path.join(tmp, f"in{i}.html")
            with open(path, "wb") as f:
                f.write(data)
            out = os.path.join(tmp, f"out{i}")
            code, secs, rss, msg = run(a.bin, path, out)
            txt = os.path.join(out, f"in{i}.txt")
            size = os.path.getsize(txt) if os.path.exists(txt) else None
            if code == 0:
                outcome = f"ok, {size} bytes of text"
            else:
                outcome = f"exit {code}: {msg.split(': ', 2)[-1][:70]}"
            mb = len(data) / 1e6
            print(f"| {name} | {mb:.1f} MB | {outcome} | {secs:.2f} s | {rss / 1024:.0f} MB |", flush=True)
            os.remove(path)


if __name__ == "__main__":
    main()
