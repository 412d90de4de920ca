"""htmlsieve in Ray Data: a callable class for ``Dataset.map_batches(batch_format="pyarrow")``.

    import ray
    from htmlsieve.ray import HtmlSieveBatches

    ds = ray.data.from_items([{"html": page, "url": url} for page, url in pages])
    out = ds.map_batches(HtmlSieveBatches, batch_format="pyarrow", concurrency=2,
                         fn_constructor_kwargs={"url_column": "url"})

Each actor builds one :class:`htmlsieve.Extractor` (rules compiled once) and extracts whole Arrow
batches with the GIL released. The output has the batch's columns plus ``text`` (null where a page
has no content or cannot be read) and, with ``record_column``, the JSONL record as a JSON string.
Only pyarrow is imported here; ray itself is not needed to import or call the class.
"""
from typing import Any, Optional

import htmlsieve

__all__ = ["HtmlSieveBatches"]


class HtmlSieveBatches:
    """Callable over ``pyarrow.Table`` (or ``RecordBatch``) batches.

    Args:
        html_column: the column of HTML (string or binary).
        url_column: a column of page URLs passed to htmlsieve (site rules, ``metadata.url``).
        text_column: the output text column (None: none).
        record_column: an output column of JSONL records as JSON strings (None: none).
        drop_html: leave the HTML column out of the output.
        **options: keyword arguments of :class:`htmlsieve.Extractor`.
    """

    def __init__(self, html_column: str = "html", url_column: Optional[str] = None,
                 text_column: Optional[str] = "text", record_column: Optional[str] = None,
                 drop_html: bool = False, **options: Any):
        self.html_column = html_column
        self.url_column = url_column
        self.text_column = text_column
        self.record_column = record_column
        self.drop_html = drop_html
        self.extractor = htmlsieve.Extractor(**options)

    def __call__(self, batch: Any) -> Any:
        from ._arrow import extract_arrow

        return extract_arrow(batch, self.extractor, self.html_column, self.url_column,
                             self.text_column, self.record_column, self.drop_html)
