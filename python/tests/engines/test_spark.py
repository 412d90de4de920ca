"""PySpark local[2]: extract_column (mapInArrow) and extract_udf (pandas UDF) over the fixtures."""
import json
import os
import sys

import pytest

import htmlsieve
from conftest import REPORT, fixture_pages

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")
pytest.importorskip("pandas")

from htmlsieve.spark import extract_column, extract_udf  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (SparkSession.builder.master("local[2]").appName("htmlsieve-engines-test")
               .config("spark.ui.enabled", "false")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.sql.shuffle.partitions", "2")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def pages_df(spark):
    from pyspark.sql.types import BinaryType, StringType, StructField, StructType

    schema = StructType([StructField("name", StringType()), StructField("url", StringType()),
                         StructField("html", BinaryType())])
    return spark.createDataFrame(fixture_pages(), schema).repartition(2)


def test_extract_column_map_in_arrow(pages_df):
    pages = fixture_pages()
    want = {name: htmlsieve.extract(html, url=url) for name, url, html in pages}
    want_rec = {name: htmlsieve.extract_record(html, url=url)["text"] for name, url, html in pages}
    out = extract_column(pages_df, "html", url_column="url", record_column="record", drop_html=True)
    assert out.columns == ["name", "url", "text", "record"]
    assert out.rdd.getNumPartitions() == 2
    rows = out.collect()
    assert len(rows) == len(pages)
    for row in rows:
        assert row["text"] == want[row["name"]], row["name"]
        rec = json.loads(row["record"])
        assert rec["text"] == want_rec[row["name"]]
        assert rec["metadata"]["url"] == row["url"]
    kept = sum(1 for r in rows if r["text"])
    REPORT.append(f"spark mapInArrow: {len(pages)} rows in, {len(rows)} out, {kept} with text")


def test_extract_udf(pages_df):
    pages = fixture_pages()
    want = {name: htmlsieve.extract(html, no_title=True) for name, url, html in pages}
    udf = extract_udf(no_title=True)
    rows = pages_df.select("name", udf("html").alias("text")).collect()
    assert len(rows) == len(pages)
    assert {r["name"]: r["text"] for r in rows} == want
    with_url = pages_df.select("name", extract_udf(with_url=True)("html", "url").alias("text")).collect()
    assert {r["name"]: r["text"] for r in with_url} == {
        name: htmlsieve.extract(html, url=url) for name, url, html in pages}
    REPORT.append(f"spark pandas UDF: {len(pages)} rows in, {len(rows)} out")
