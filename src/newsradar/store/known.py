"""What a store already holds, in a form worker processes can be given: the lookup keys of the stored
articles' ids and texts.

Ingestion finds a duplicate by its article's id (the canonical URL) or its text, both known only once
the page is extracted; the store then keeps the article it has. A worker that knows what the store
held when the run began can stop after extraction for such a page instead of parsing and enriching
an article that will be thrown away: re-running an ingest cost as long as the first run (2,069
pages, 10 minutes, every one a duplicate). The keys are the 63-bit ``rows.lookup_key`` of the store's
``id_key`` and ``text_key`` columns, in a sorted array: 16 bytes an article, sent to each worker once.
A key that matches by chance is harmless: the writer still asks the store, and enriches an article
the store turns out not to hold (:meth:`Known.holds` says which it skipped).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from newsradar.record import Article
from newsradar.store.rows import lookup_key, text_hash

# Keys added one commit at a time wait in a set until there are this many, then join the sorted
# array: inserting into the array itself copies all of it (16 MB at a million articles) at each commit.
_MERGE_AT = 4096


class Known:
    """The lookup keys of stored articles' ids and text hashes. The DuckDB writer keeps one up to
    date with its commits, so that a page whose keys are all unknown (nearly every live page) is
    known new without asking the database (``DuckDBStore._known``)."""

    def __init__(self, keys: Iterable[int] | np.ndarray) -> None:
        array = keys if isinstance(keys, np.ndarray) else np.fromiter(keys, dtype=np.int64)
        self._keys = np.unique(array.astype(np.int64, copy=False))
        self._extra: set[int] = set()

    @staticmethod
    def keys_of(rows: Iterable[dict[str, Any]]) -> np.ndarray:
        """The keys of rows holding ``id_key`` and ``text_key``, as an array."""
        return np.fromiter((k for r in rows for k in (r["id_key"], r["text_key"])), dtype=np.int64)

    @classmethod
    def joined(cls, parts: list[np.ndarray]) -> Known:
        return cls(np.concatenate(parts) if parts else np.empty(0, dtype=np.int64))

    def __len__(self) -> int:
        return int(self._keys.size) + len(self._extra)

    def add(self, keys: Iterable[int]) -> None:
        """Take in the keys of articles stored since (not thread-safe against another ``add``: the
        writer adds under its lock)."""
        self._extra.update(keys)
        if len(self._extra) >= _MERGE_AT:
            # a new array, then one assignment: a reader sees the old keys or all of them
            self._keys = np.union1d(self._keys, np.fromiter(self._extra, dtype=np.int64, count=len(self._extra)))
            self._extra = set()

    def holds(self, article: Article) -> bool:
        """Whether the article's id or text is (very likely) stored already."""
        return self.holds_any([lookup_key(article.id), lookup_key(text_hash(article.text))])

    def holds_any(self, keys: list[int]) -> bool:
        """Whether any of these lookup keys is (very likely) a stored article's."""
        extra, array = self._extra, self._keys
        if any(k in extra for k in keys):
            return True
        if not array.size or not keys:
            return False
        probe = np.array(keys, dtype=np.int64)
        at = np.minimum(np.searchsorted(array, probe), array.size - 1)
        return bool((array[at] == probe).any())
