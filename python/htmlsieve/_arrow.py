"""Shared by the Spark and Ray adapters: extract a column of HTML in an Arrow batch or table."""
import json
from typing import Any, Optional

import htmlsieve


def extract_arrow(data: Any, extractor: "htmlsieve.Extractor", html_column: str,
                  url_column: Optional[str], text_column: Optional[str],
                  record_column: Optional[str], drop_html: bool = False) -> Any:
    """``data`` (a ``pyarrow.RecordBatch`` or ``Table``) with ``text_column`` (str or null: no
    content or an unreadable page) and ``record_column`` (the JSONL record as a JSON string)
    appended; the HTML column may be string or binary."""
    import pyarrow as pa

    htmls = data.column(html_column).to_pylist()
    urls = data.column(url_column).to_pylist() if url_column else [None] * len(htmls)
    names = list(data.schema.names)
    arrays = list(data.columns)
    if drop_html:
        i = names.index(html_column)
        del names[i], arrays[i]
    if text_column:
        texts = extractor.extract_batch([h if h is not None else b"" for h in htmls], urls)
        names.append(text_column)
        arrays.append(pa.array(texts, type=pa.string()))
    if record_column:
        records = []
        for h, u in zip(htmls, urls):
            records.append(None if h is None else
                           json.dumps(extractor.extract_record(h, u), ensure_ascii=False))
        names.append(record_column)
        arrays.append(pa.array(records, type=pa.string()))
    return type(data).from_arrays(arrays, names=names)
