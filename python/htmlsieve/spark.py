"""htmlsieve over a PySpark DataFrame column of HTML.

    from htmlsieve.spark import extract_column, extract_udf

    out = extract_column(df, "html", url_column="url")      # df's columns + "text"
    out = extract_column(df, "html", record_column="record") # + the JSONL record as a JSON string
    df.select(extract_udf()("html").alias("text"))          # a pandas UDF, for select/withColumn
    df.withColumn("text", extract_udf(with_url=True)("html", "url"))

``extract_column`` runs ``DataFrame.mapInArrow``: each Python worker builds one
:class:`htmlsieve.Extractor` per partition and extracts whole Arrow batches, GIL released. The HTML
column may be string or binary; ``text`` is null where a page has no content or cannot be read.
pyspark (and pyarrow) are needed only when these functions are called.
"""
from typing import Any, Callable, Iterator, Optional

import htmlsieve

__all__ = ["extract_column", "extract_udf"]


def extract_column(df: Any, html_column: str = "html", url_column: Optional[str] = None,
                   text_column: Optional[str] = "text", record_column: Optional[str] = None,
                   drop_html: bool = False, **options: Any) -> Any:
    """A DataFrame with ``df``'s columns (less ``html_column`` with ``drop_html``) and
    ``text_column`` / ``record_column`` added. ``options``: keyword arguments of
    :class:`htmlsieve.Extractor`; they are checked here, on the driver."""
    from pyspark.sql.types import StringType, StructField, StructType

    from ._arrow import extract_arrow

    htmlsieve.Extractor(**options)  # a bad option or rule file fails now, not in an executor
    fields = [f for f in df.schema.fields if not (drop_html and f.name == html_column)]
    for name in (text_column, record_column):
        if name:
            fields.append(StructField(name, StringType(), True))
    schema = StructType(fields)

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        extractor = htmlsieve.Extractor(**options)
        for batch in batches:
            yield extract_arrow(batch, extractor, html_column, url_column, text_column,
                                record_column, drop_html)

    return df.mapInArrow(run, schema)


def extract_udf(with_url: bool = False, **options: Any) -> Callable:
    """A pandas UDF giving the text (null where none) of an HTML column, ``udf(html)``, or with
    ``with_url`` of an HTML and a URL column, ``udf(html, url)``."""
    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    htmlsieve.Extractor(**options)
    state = {}

    def run(html: "pd.Series", url: Optional["pd.Series"]) -> "pd.Series":
        if "ex" not in state:  # one extractor per Python worker
            state["ex"] = htmlsieve.Extractor(**options)
        pages = [bytes(h) if isinstance(h, (bytes, bytearray, memoryview)) else
                 h if isinstance(h, str) else b"" for h in html]
        urls = [u if isinstance(u, str) else None for u in url] if url is not None else None
        return pd.Series(state["ex"].extract_batch(pages, urls), index=html.index, dtype=object)

    if with_url:
        @pandas_udf("string")
        def htmlsieve_text_url(html: pd.Series, url: pd.Series) -> pd.Series:
            return run(html, url)

        return htmlsieve_text_url

    @pandas_udf("string")
    def htmlsieve_text(html: pd.Series) -> pd.Series:
        return run(html, None)

    return htmlsieve_text
