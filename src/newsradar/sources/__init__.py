"""Sources: everything that yields raw pages (files, folders, globs, URLs, RSS/Atom feeds, sitemaps,
WARC/WET archives, JSON Lines, stdin).

>>> from newsradar.sources import iter_pages, poll, MemoryState
>>> for page in iter_pages(["news/", "https://example.org/feed.xml"], settings):
...     ...  # a RawPage, or a Failure whose reason says what went wrong with that one item

``iter_pages`` yields everything the specs hold; ``poll`` yields only what is new since the last
poll with the same state (for ``watch``). Both take a :class:`Fetcher` (one is made when none is
given) and a :class:`SourceState`. A spec's kind is sniffed from its content; see ``docs/sources.md``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsradar.record import Failure
    from newsradar.sources.api import Poller, iter_pages, poll, read_url
    from newsradar.sources.fetch import Fetcher, NotModified, Validators, user_agent
    from newsradar.sources.raw import RawPage
    from newsradar.sources.state import JsonFileState, MemoryState, SourceState

# Loaded on first use: the extract stage imports sources.raw in every worker process, which must not
# pay for importing an HTTP client, feedparser and the WARC readers.
_LAZY = {
    "Failure": "newsradar.record",
    "Fetcher": "newsradar.sources.fetch",
    "JsonFileState": "newsradar.sources.state",
    "MemoryState": "newsradar.sources.state",
    "NotModified": "newsradar.sources.fetch",
    "Poller": "newsradar.sources.api",
    "RawPage": "newsradar.sources.raw",
    "SourceState": "newsradar.sources.state",
    "Validators": "newsradar.sources.fetch",
    "iter_pages": "newsradar.sources.api",
    "poll": "newsradar.sources.api",
    "read_url": "newsradar.sources.api",
    "user_agent": "newsradar.sources.fetch",
}

__all__ = ["Failure", "Fetcher", "JsonFileState", "MemoryState", "NotModified", "Poller", "RawPage",
           "SourceState", "Validators", "iter_pages", "poll", "read_url",
           "user_agent"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'newsradar.sources' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
