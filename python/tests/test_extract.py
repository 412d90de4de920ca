"""The Python package gives the CLI's outputs and behaves as engines need (GIL, pickling, errors)."""
import json
import os
import pickle
import subprocess
import threading
from pathlib import Path

import pytest

import htmlsieve

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
CASES = sorted(p for p in FIXTURES.glob("*.html"))


@pytest.mark.parametrize("page", CASES, ids=[p.stem for p in CASES])
def test_every_golden_fixture_comes_out_as_its_txt(page):
    want = page.with_suffix(".txt").read_text(encoding="utf-8")
    got = htmlsieve.extract(page.read_bytes())
    assert (got or "") == want


def test_there_are_fixtures_to_compare():
    assert len(CASES) > 50


def test_str_and_bytes_give_the_same_text():
    page = FIXTURES / "navigation.html"
    assert htmlsieve.extract(page.read_text(encoding="utf-8")) == htmlsieve.extract(page.read_bytes())


def test_no_content_is_none_and_bad_input_is_an_error():
    assert htmlsieve.extract(b"") is None
    assert htmlsieve.extract("<html><body></body></html>") is None
    with pytest.raises(htmlsieve.Error) as err:
        htmlsieve.extract(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert "not-html" in str(err.value)
    with pytest.raises(TypeError):
        htmlsieve.extract(42)


def test_limits_apply():
    big = b"<p>" + b"word " * 100_000 + b"</p>"
    with pytest.raises(htmlsieve.Error) as err:
        htmlsieve.extract(big, max_bytes=1000)
    assert "limit" in str(err.value)
    ex = htmlsieve.Extractor(max_nodes=50)
    with pytest.raises(htmlsieve.Error):
        ex.extract("<div>" + "<p>x</p>" * 200 + "</div>")


def test_record_is_the_cli_jsonl_record(tmp_path):
    page = FIXTURES / "navigation.html"
    rec = htmlsieve.extract_record(page.read_bytes(), url="https://example.org/towpath", id="navigation.html")
    cli = os.environ.get("HTMLSIEVE_BIN")
    if cli:
        out = subprocess.run([cli, "clean", "-f", "jsonl", "--url", "https://example.org/towpath", str(page)],
                             check=True, capture_output=True).stdout
        want = json.loads(out)
        for r in (rec, want):
            r.pop("added")
            r["metadata"].pop("source_path")
        want["id"] = "navigation.html"
        assert rec == want
    assert rec["metadata"]["url"] == "https://example.org/towpath"
    assert rec["metadata"]["title"] == "Canal towpath reopens after two years of repairs"
    assert rec["metadata"]["content_status"] == "ok"
    assert rec["metadata"]["page_type"] in {"article", "forum", "product", "collection", "listing",
                                            "documentation", "service", "other"}
    assert rec["error"] is None
    bad = htmlsieve.extract_record(b"\x00\x01\x02" * 100, id="x")
    assert bad["text"] == "" and bad["error"].startswith("not-html")


def test_extractor_pickles_as_its_configuration(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "promo.toml").write_text(
        '[[rule]]\naction = "strip"\nselector = ".promo"\nreason = "house promotion"\n', encoding="utf-8")
    ex = htmlsieve.Extractor(rules=[str(rules)], no_title=True, max_bytes=1_000_000)
    page = ("<html><head><title>T</title></head><body><article><h1>T</h1>"
            "<p>The harbour wall that storms broke last winter has been rebuilt, the port authority said.</p>"
            "<p class=promo>Subscribe to our harbour newsletter for weekly tide tables and offers.</p>"
            "</article></body></html>")
    text = ex.extract(page)
    assert "newsletter" not in text and not text.startswith("T\n")
    clone = pickle.loads(pickle.dumps(ex))
    assert clone.extract(page) == text
    for mod in ("cloudpickle", "dill"):
        try:
            m = __import__(mod)
        except ImportError:
            continue
        assert m.loads(m.dumps(ex)).extract(page) == text


def test_batch_and_threads():
    pages = [p.read_bytes() for p in CASES[:20]]
    ex = htmlsieve.Extractor()
    want = [ex.extract(p) for p in pages]
    assert ex.extract_batch(pages) == want
    assert ex.extract_batch(pages + [b"\x00" * 64])[-1] is None
    # The GIL is released during extraction: threads share one extractor and get the same texts.
    results = [None] * 4

    def work(i):
        results[i] = [ex.extract(p) for p in pages]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == want for r in results)


def test_a_bad_rule_file_is_an_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[rule]]\naction = \"explode\"\n", encoding="utf-8")
    with pytest.raises(htmlsieve.Error) as err:
        htmlsieve.Extractor(rules=[str(bad)])
    assert "bad.toml" in str(err.value)
