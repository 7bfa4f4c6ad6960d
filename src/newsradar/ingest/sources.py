"""Sources as pages for ingestion, and what the watcher remembers between passes.

The sources package yields pages from files, folders, globs, feeds, sitemaps, URLs, archives,
JSON Lines and stdin (``newsradar.sources.iter_pages``), and for the watcher a ``Poller`` that
yields only what is new and counts an item as seen once it is acknowledged. What it remembers (its
``SourceState``: seen items, HTTP validators) is kept in the store's ``source_state`` table by
:class:`StoreState`, so it survives restarts with the database. Where the sources package offers
only local files, this module falls back to walking them and remembering each file's size and time.
"""

from __future__ import annotations

import importlib
import json
import os
import time
from collections.abc import Collection, Iterator
from typing import Any

from newsradar.record import Failure
from newsradar.settings import Settings
from newsradar.sources.files import expand_paths, read_path
from newsradar.sources.raw import RawPage
from newsradar.store.base import Store

_SEP = "\x1f"  # between a namespace and a key in source_state.key


def _sources_api(name: str) -> Any:
    return getattr(importlib.import_module("newsradar.sources"), name, None)


class StoreState:
    """The sources' ``SourceState`` (string values by namespace and key) kept in the store.

    Writes are batched, as ``JsonFileState`` batches them: a value set is written with the others
    at most every ``save_every`` seconds, and on :meth:`flush` (a poller's close). One statement per
    acknowledged item cost a DuckDB transaction each, about 9 ms: an archive of 10,000 records spent
    a minute and a half on them. A crash between writes forgets the latest marks, so their items are
    read again: harmless, as ingestion is idempotent."""

    ROWS_PER_STATEMENT = 500

    def __init__(self, store: Store, *, save_every: float = 2.0) -> None:
        self.store = store
        self.save_every = save_every
        self._unsaved: dict[str, str] = {}
        self._saved_at = time.monotonic()
        # Keys read a folder at a time (everything up to a key's last '/'), until the next flush: a
        # watch pass asks for every file of its folders, and one query per file (0.7 ms each) made an
        # idle pass over 1,000 files cost 0.75 s of CPU, growing with the folder.
        self._folders: dict[str, dict[str, str]] = {}

    def get(self, namespace: str, key: str) -> str | None:
        full = namespace + _SEP + key
        if full in self._unsaved:
            return self._unsaved[full]
        cut = full.rfind("/") + 1
        if not cut:
            rows = self.store.query("SELECT value FROM source_state WHERE key = ?", [full])
            return str(rows[0]["value"]) if rows else None
        folder = full[:cut]
        known = self._folders.get(folder)
        if known is None:  # the folder's own keys, not those of the folders inside it
            rows = self.store.query("SELECT key, value FROM source_state WHERE starts_with(key, ?) "
                                    "AND NOT contains(substr(key, ?), '/')", [folder, cut + 1])
            known = self._folders[folder] = {str(r["key"]): str(r["value"]) for r in rows}
        return known.get(full)

    def set(self, namespace: str, key: str, value: str) -> None:
        self._unsaved[namespace + _SEP + key] = value
        if time.monotonic() - self._saved_at >= self.save_every:
            self.flush()

    def items(self, namespace: str) -> Iterator[tuple[str, str]]:
        self.flush()
        prefix = namespace + _SEP
        for r in self.store.query("SELECT key, value FROM source_state WHERE starts_with(key, ?) ORDER BY key",
                                  [prefix]):
            yield r["key"][len(prefix):], r["value"]

    def flush(self) -> None:
        rows, self._unsaved = list(self._unsaved.items()), {}
        self._saved_at = time.monotonic()
        self._folders.clear()  # what was held is in the table now; the next pass reads it afresh
        for at in range(0, len(rows), self.ROWS_PER_STATEMENT):
            part = rows[at:at + self.ROWS_PER_STATEMENT]
            self.store.execute("INSERT INTO source_state VALUES " + ", ".join(["(?, ?, now())"] * len(part)) +
                               " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = "
                               "excluded.updated_at", [v for row in part for v in row])


def iter_sources(specs: list[str], settings: Settings, skip: Collection[str] = ()) -> Iterator[RawPage | Failure]:
    """Every page the specs hold, in order, less the files in ``skip`` found in folders and globs."""
    iter_pages = _sources_api("iter_pages")
    if iter_pages is not None:
        yield from iter_pages(specs, settings, skip=skip)
        return
    for path in expand_paths(specs, skip):
        yield read_path(path, max_bytes=settings.max_bytes)


class NewPages:
    """Pages from the specs whose handling counts only once acknowledged (after their commit): an
    item never acknowledged, because the process died, comes back in the next pass or run."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        # The database may lie in a folder being ingested or watched: its files are not pages.
        self._skip = [str(p) for p in store.files()]
        poller = _sources_api("Poller")
        self._poller = poller(settings, StoreState(store), skip=self._skip) if poller is not None else None

    def pages(self, specs: list[str]) -> Iterator[RawPage | Failure]:
        """Everything the specs hold (for ``ingest``); feeds remember their validators only once
        every entry is acknowledged, so a re-run after a crash is not answered with a 304."""
        if self._poller is not None and hasattr(self._poller, "pages"):
            yield from self._poller.pages(specs)
            return
        yield from iter_sources(specs, self.settings, self._skip)

    def poll(self, specs: list[str], *, settle: float = 0.0) -> Iterator[RawPage | Failure]:
        """What is new since the last pass (for ``watch``, which passes a ``settle`` time: a file
        changed more recently is left for the next pass)."""
        if self._poller is not None:
            yield from self._poller.poll(specs, settle=settle)
            return
        for path in expand_paths(specs, self._skip):
            if path == "-" or _changed(self.store, path):
                yield read_path(path, max_bytes=self.settings.max_bytes)

    def ack(self, source: str, *, retry: bool = False) -> None:
        """``source``'s item is handled (``retry``: it was not, its worker died: read it again)."""
        if self._poller is not None:
            self._poller.ack(source, retry=retry)
        elif not retry and source != "-" and os.path.isfile(source) and (stamp := _stamp(source)) is not None:
            StoreState(self.store, save_every=0).set("files", os.path.abspath(source), json.dumps(stamp))

    def flush(self) -> None:
        """Write what is remembered now (the end of a watch pass: the watcher may then idle long)."""
        if self._poller is not None:
            self._poller.flush()

    def close(self) -> None:
        if self._poller is not None:
            self._poller.close()


def _stamp(path: str) -> dict[str, Any] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return {"mtime": st.st_mtime, "size": st.st_size}


def _changed(store: Store, path: str) -> bool:
    stamp = _stamp(path)
    seen = StoreState(store).get("files", os.path.abspath(path))
    return stamp is None or seen is None or json.loads(seen) != stamp
