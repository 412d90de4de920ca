"""htmlsieve: turn web pages into clean article text.

The same library as the ``htmlsieve`` command line, so the outputs are the CLI's byte for byte::

    import htmlsieve
    text = htmlsieve.extract(html, url="https://example.org/a")      # str or None
    record = htmlsieve.extract_record(html, url=url)                 # the CLI's JSONL record

    ex = htmlsieve.Extractor(rules=["my-rules/"], max_bytes=5_000_000)  # rules compiled once
    texts = ex.extract_batch(pages)

Extraction releases the GIL and runs on the calling thread; an ``Extractor`` pickles as its
configuration (pickle, cloudpickle, dill), so engines can ship it to their workers.
"""
from typing import Any, Dict, Optional, Union

from ._htmlsieve import Error, Extractor, __version__

__all__ = ["Error", "Extractor", "extract", "extract_record", "__version__"]

_DEFAULT: Optional[Extractor] = None


def _default() -> Extractor:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT


def _extractor(options: Dict[str, Any]) -> Extractor:
    # Options build a new extractor (its rules compiled again): for many pages with the same
    # options, build one Extractor and reuse it.
    return Extractor(**options) if options else _default()


def _rebuild(cls: type, settings: Dict[str, Any]) -> Extractor:
    """Unpickling: build the extractor again from its configuration."""
    return cls(**settings)


def extract(html: Union[str, bytes], url: Optional[str] = None, **options: Any) -> Optional[str]:
    """The page's clean text (title line, then its paragraphs), or None when nothing was kept.

    ``html`` as bytes is decoded as the CLI decodes files (BOM, ``<meta>`` charset, detection); a
    ``str`` is taken as already decoded. ``url`` selects site rules and becomes ``metadata.url``.
    ``options`` are the keyword arguments of :class:`Extractor`. Raises :class:`Error` when the page
    cannot be read (a limit, binary data, ...).
    """
    return _extractor(options).extract(html, url)


def extract_record(html: Union[str, bytes], url: Optional[str] = None, id: Optional[str] = None,
                   **options: Any) -> Dict[str, Any]:
    """The page's record as ``htmlsieve clean -f jsonl`` writes it: ``id``, ``text``, ``created``,
    ``metadata`` (url, title, author, date, lang, content_status, page_type, ...) and ``error``
    (set, with an empty text, when the page fails)."""
    return _extractor(options).extract_record(html, url, id)
