"""datatrove: WarcReader -> HtmlSieve -> JsonlWriter on LocalPipelineExecutor, 2 tasks, 2 workers."""
import gzip
import io
import json

import pytest

import htmlsieve
from conftest import FIXTURES, REPORT, fixture_pages

pytest.importorskip("datatrove")
warcio = pytest.importorskip("warcio")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import WarcReader  # noqa: E402
from datatrove.pipeline.readers.warc import process_record  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402
from warcio.archiveiterator import ArchiveIterator  # noqa: E402
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from htmlsieve.datatrove import HtmlSieve  # noqa: E402


def write_warc(path, pages):
    """WARC/1.0 response records, one per page, gzipped per record as crawls ship them."""
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True, warc_version="WARC/1.0")
        for name, url, html in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"),
                                               ("Content-Length", str(len(html)))],
                                    protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html), http_headers=http,
                warc_headers_dict={"WARC-Identified-Payload-Type": "text/html"})
            writer.write_record(rec)


def read_as_datatrove(path):
    """What WarcReader hands the extractor for each record (its own decoding), by record id."""
    out = {}
    with open(path, "rb") as f:
        for rec in ArchiveIterator(f):
            d = process_record(rec)
            if d and d["text"]:  # the reader skips a document with no text at all
                out[d["id"]] = d
    return out


def test_warc_pipeline_two_workers(tmp_path):
    pages = fixture_pages()
    warcs = tmp_path / "warcs"
    warcs.mkdir()
    halves = [pages[0::2], pages[1::2]]  # one file per task
    for i, half in enumerate(halves):
        write_warc(warcs / f"part-{i}.warc.gz", half)
    inputs = {}
    for i in range(2):
        inputs.update(read_as_datatrove(warcs / f"part-{i}.warc.gz"))
    # Every page is read back except those datatrove itself skips (an empty page, or one not UTF-8
    # with no charset its detector trusts): those never reach the extractor.
    assert len(inputs) >= len(pages) - 5
    want = {}
    for doc_id, d in inputs.items():
        text = htmlsieve.extract(d["text"], url=d["url"])
        if text:
            want[doc_id] = text

    out = tmp_path / "out"
    executor = LocalPipelineExecutor(
        pipeline=[WarcReader(str(warcs), glob_pattern="*.warc.gz"), HtmlSieve(),
                  JsonlWriter(str(out))],
        tasks=2, workers=2, logging_dir=str(tmp_path / "logs"))
    executor.run()

    files = sorted(out.glob("*.jsonl.gz"))
    assert len(files) == 2, files  # one output per task: both workers ran
    got = {}
    for f in files:
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                assert doc["id"] not in got
                got[doc["id"]] = doc
    assert len(got) == len(want)
    assert set(got) == set(want)
    for doc_id, doc in got.items():
        assert doc["text"] == want[doc_id], doc["metadata"]["url"]
        assert doc["metadata"]["url"] == inputs[doc_id]["url"]
    # UTF-8 pages come out as their golden fixture text.
    by_url = {doc["metadata"]["url"]: doc["text"] for doc in got.values()}
    for name, url, html in pages:
        gold = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
        if url in by_url and html.isascii():
            assert by_url[url] == gold, name

    with open(tmp_path / "logs" / "stats.json", encoding="utf-8") as f:
        stats = json.load(f)
    docs_in, docs_out = len(pages), len(got)
    REPORT.append(f"datatrove: {docs_in} pages in the WARCs, {len(inputs)} read, {docs_out} written, "
          f"{len(inputs) - docs_out} dropped (no content)")
    reader = [s for s in stats if "READER" in s["name"]][0]["stats"]
    assert reader["documents"]["total"] == len(inputs)
    sieve = [s for s in stats if "htmlsieve" in s["name"]]
    assert sieve, [s["name"] for s in stats]
    counts = sieve[0]["stats"]
    assert counts["total"] == len(inputs)
    assert counts["forwarded"] == docs_out
    assert counts.get("dropped", 0) == len(inputs) - docs_out


def test_step_contract():
    step = HtmlSieve(no_title=True)
    page = (FIXTURES / "navigation.html").read_text(encoding="utf-8")
    assert step.extract(page) == htmlsieve.extract(page, no_title=True)
    assert step.extract("") == ""
    assert step.extract("\x00\x01\x02" * 100) == ""  # unreadable: empty, so datatrove drops it
    with pytest.raises(htmlsieve.Error):
        HtmlSieve(rules=["/nonexistent/rules.toml"])
