from os import PathLike
from typing import Any, Dict, List, Optional, Sequence, Union

__version__: str

class Error(Exception):
    """A page htmlsieve could not read or extract (limits, encoding, not HTML, a bad rule file)."""

class Extractor:
    """A configured extractor: rules compiled once, reused by every call; picklable."""

    def __init__(
        self,
        rules: Optional[Sequence[Union[str, PathLike]]] = None,
        site_config: Optional[Sequence[Union[str, PathLike]]] = None,
        filter_lists: Optional[Sequence[Union[str, PathLike]]] = None,
        *,
        no_default_rules: bool = False,
        no_title: bool = False,
        max_bytes: Optional[int] = None,
        max_nodes: Optional[int] = None,
        max_depth: Optional[int] = None,
        timeout: Optional[float] = None,
    ) -> None: ...
    def extract(self, html: Union[str, bytes], url: Optional[str] = None) -> Optional[str]: ...
    def extract_record(
        self, html: Union[str, bytes], url: Optional[str] = None, id: Optional[str] = None
    ) -> Dict[str, Any]: ...
    def extract_batch(
        self, htmls: List[Union[str, bytes]], urls: Optional[List[Optional[str]]] = None
    ) -> List[Optional[str]]: ...
