"""Ray Data: ray.init(num_cpus=2), map_batches(HtmlSieveBatches, batch_format="pyarrow") on 2 actors."""
import json
import os

import pytest

import htmlsieve
from conftest import REPORT, fixture_pages

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")

from htmlsieve.ray import HtmlSieveBatches  # noqa: E402


@pytest.fixture(scope="module")
def ray_local():
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             configure_logging=False, _node_ip_address="127.0.0.1")
    yield
    ray.shutdown()


def test_map_batches_two_actors(ray_local):
    pages = fixture_pages()
    want = {name: htmlsieve.extract(html, url=url) for name, url, html in pages}
    want_rec = {name: htmlsieve.extract_record(html, url=url)["text"] for name, url, html in pages}
    ds = ray.data.from_items([{"name": n, "url": u, "html": h} for n, u, h in pages],
                             override_num_blocks=4)
    out = ds.map_batches(HtmlSieveBatches, batch_format="pyarrow", batch_size=16, concurrency=2,
                         num_cpus=1,
                         fn_constructor_kwargs={"url_column": "url", "record_column": "record",
                                                "drop_html": True})
    rows = out.take_all()
    assert len(rows) == len(pages)
    assert set(rows[0]) == {"name", "url", "text", "record"}
    got = {r["name"]: r for r in rows}
    assert len(got) == len(pages)
    for name, r in got.items():
        assert r["text"] == want[name], name
        rec = json.loads(r["record"])
        assert rec["text"] == want_rec[name]
        assert rec["metadata"]["url"] == r["url"]
    kept = sum(1 for r in rows if r["text"])
    REPORT.append(f"ray map_batches: {len(pages)} rows in, {len(rows)} out, {kept} with text")


def test_callable_without_ray_is_plain_arrow():
    import pyarrow as pa

    fn = HtmlSieveBatches(no_title=True)
    page = fixture_pages()[0][2]
    table = pa.table({"html": [page, None, "<html><body></body></html>"]})
    out = fn(table)
    assert out.column_names == ["html", "text"]
    assert out.column("text").to_pylist() == [htmlsieve.extract(page, no_title=True), None, None]
