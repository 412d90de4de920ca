"""htmlsieve as a datatrove extractor step.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from htmlsieve.datatrove import HtmlSieve

    LocalPipelineExecutor(pipeline=[WarcReader("warcs/"), HtmlSieve(), JsonlWriter("out/")],
                          tasks=2, workers=2).run()

``HtmlSieve`` follows datatrove's ``BaseExtractor`` contract: ``extract(text) -> str``, run in
datatrove's per-document sandbox process with its ``timeout``. A document whose page has no main
content, or that htmlsieve cannot read (not HTML, over a limit), comes out with an empty text, which
datatrove counts as ``dropped``. The document's URL (``metadata["url"]``, as WarcReader sets it) is
passed to htmlsieve too, so site rules apply; ``url_key=None`` turns that off.

datatrove is needed only by this module: ``import htmlsieve`` works without it.
"""
from typing import Any, Optional

try:
    from datatrove.pipeline.extractors.base import BaseExtractor
except ImportError as err:  # pragma: no cover - depends on the environment
    raise ImportError(
        "htmlsieve.datatrove needs datatrove: pip install 'datatrove[io]==0.10.1'") from err

import htmlsieve

__all__ = ["HtmlSieve"]


class HtmlSieve(BaseExtractor):
    """htmlsieve extractor step for datatrove pipelines.

    Args:
        timeout: datatrove's per-document timeout, in seconds (the sandbox's).
        url_key: the metadata key holding the page URL, passed to htmlsieve (None: no URL).
        **options: keyword arguments of :class:`htmlsieve.Extractor` (``rules``, ``site_config``,
            ``filter_lists``, ``no_title``, ``max_bytes``, ``max_nodes``, ``max_depth``,
            ``timeout`` as ``sieve_timeout``).
    """

    name = "🧹 htmlsieve"

    def __init__(self, timeout: float = 1, url_key: Optional[str] = "url", **options: Any):
        super().__init__(timeout)
        if "sieve_timeout" in options:
            options["timeout"] = options.pop("sieve_timeout")
        self.url_key = url_key
        self.options = options
        self._extractor: Optional[htmlsieve.Extractor] = None
        # Built now so that a bad option or rule file fails when the pipeline is made, not in a worker.
        htmlsieve.Extractor(**options)

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_extractor"] = None  # rebuilt in each process from self.options
        return state

    def _get_extractor(self) -> htmlsieve.Extractor:
        if self._extractor is None:
            self._extractor = htmlsieve.Extractor(**self.options)
        return self._extractor

    def extract(self, text: str, url: Optional[str] = None) -> str:
        """The page's clean text, or "" when it has none or cannot be read."""
        if not text:
            return ""
        try:
            return self._get_extractor().extract(text, url) or ""
        except htmlsieve.Error:
            return ""

    def run(self, data, rank: int = 0, world_size: int = 1):
        if self.url_key is None:
            yield from super().run(data, rank, world_size)
            return

        def with_url(docs):
            # datatrove's sandbox calls extract(*args) when it is sent a tuple; a document whose
            # extraction fails is dropped by BaseExtractor.run, and one that succeeds gets the text.
            for doc in docs:
                doc.text = (doc.text, doc.metadata.get(self.url_key))
                yield doc

        yield from super().run(with_url(data), rank, world_size)
