"""Sources as pages for ingestion, and what the watcher remembers between passes.

The sources package yields pages from files, folders, globs, feeds, sitemaps, URLs, archives,
JSON Lines and stdin (``newsradar.sources.iter_pages``). Until that lands this falls back to local
files, folders, globs and stdin. For local files the watcher keeps each file's size and
modification time in the store, so a pass reads only new or changed files.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from typing import Any

from newsradar.record import Failure
from newsradar.settings import Settings
from newsradar.sources.files import expand_paths, read_path
from newsradar.sources.raw import RawPage
from newsradar.store.base import Store


def iter_sources(specs: list[str], settings: Settings, *, store: Store | None = None,
                 only_new: bool = False) -> Iterator[RawPage | Failure]:
    """Pages from ``specs`` in order. With ``only_new`` (the watcher), files unchanged since the
    store last saw them are skipped."""
    iter_pages = getattr(importlib.import_module("newsradar.sources"), "iter_pages", None)
    if iter_pages is not None:
        state = _StoreState(store) if store is not None and only_new else None
        yield from iter_pages(specs, settings, state=state)
        return
    for path in expand_paths(specs):
        if only_new and store is not None and path != "-" and not changed(store, path):
            continue
        yield read_path(path, max_bytes=settings.max_bytes)


def _file_key(path: str) -> str:
    return "file:" + os.path.abspath(path)


def _stamp(path: str) -> dict[str, Any] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return {"mtime": st.st_mtime, "size": st.st_size}


def changed(store: Store, path: str) -> bool:
    stamp = _stamp(path)
    return stamp is None or store.get_state(_file_key(path)) != stamp


def remember(store: Store, source: str) -> None:
    """Note that ``source`` (a local file) was handled, once its outcome committed."""
    if source != "-" and os.path.isfile(source) and (stamp := _stamp(source)) is not None:
        store.set_state(_file_key(source), stamp)


class _StoreState:
    """Key → JSON state kept in the store, for sources that remember what they fetched."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, key: str) -> dict[str, Any] | None:
        return self.store.get_state(key)

    def set(self, key: str, value: dict[str, Any]) -> None:
        self.store.set_state(key, value)
