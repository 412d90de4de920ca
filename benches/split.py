"""The look/blind split of the DEV pages, shared by quality.py and metadata.py.

look pages may be opened and read; blind pages are scored only in aggregate.
"""
import hashlib
import os

# Share of pages in the look part, in tenths. Changing this or the salt re-deals every page:
# do not, or the blind part stops being blind.
LOOK_TENTHS = 6
SPLIT_SALT = "htmlsieve-look-blind-v1"
PAGE_SUFFIXES = (".html.gz", ".html")


def part(dataset, page_id):
    """'look' or 'blind' for one page, by a stable hash of its dataset and id."""
    h = hashlib.sha256(f"{SPLIT_SALT}:{dataset}:{page_id}".encode()).hexdigest()
    return "look" if int(h[:8], 16) % 10 < LOOK_TENTHS else "blind"


def page_ids(dev):
    ids = []
    for name in os.listdir(dev):
        for suffix in PAGE_SUFFIXES:
            if name.endswith(suffix):
                ids.append(name[: -len(suffix)])
                break
    return sorted(ids)
