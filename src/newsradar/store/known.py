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


class Known:
    """The lookup keys of stored articles' ids and text hashes."""

    def __init__(self, keys: Iterable[int] | np.ndarray) -> None:
        array = keys if isinstance(keys, np.ndarray) else np.fromiter(keys, dtype=np.int64)
        self._keys = np.unique(array.astype(np.int64, copy=False))

    @staticmethod
    def keys_of(rows: Iterable[dict[str, Any]]) -> np.ndarray:
        """The keys of rows holding ``id_key`` and ``text_key``, as an array."""
        return np.fromiter((k for r in rows for k in (r["id_key"], r["text_key"])), dtype=np.int64)

    @classmethod
    def joined(cls, parts: list[np.ndarray]) -> Known:
        return cls(np.concatenate(parts) if parts else np.empty(0, dtype=np.int64))

    def __len__(self) -> int:
        return int(self._keys.size)

    def holds(self, article: Article) -> bool:
        """Whether the article's id or text is (very likely) stored already."""
        if not self._keys.size:
            return False
        probe = np.array([lookup_key(article.id), lookup_key(text_hash(article.text))], dtype=np.int64)
        at = np.minimum(np.searchsorted(self._keys, probe), self._keys.size - 1)
        return bool((self._keys[at] == probe).any())
