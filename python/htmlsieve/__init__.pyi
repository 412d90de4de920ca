from typing import Any, Dict, Optional, Union

from ._htmlsieve import Error as Error, Extractor as Extractor, __version__ as __version__

def extract(html: Union[str, bytes], url: Optional[str] = None, **options: Any) -> Optional[str]: ...
def extract_record(
    html: Union[str, bytes], url: Optional[str] = None, id: Optional[str] = None, **options: Any
) -> Dict[str, Any]: ...
