"""Where articles and facts are kept: embedded DuckDB by default, behind the :class:`Store` interface.

>>> from newsradar.store import open_store
>>> with open_store("news.duckdb") as store:
...     store.put([article])
"""

from __future__ import annotations

from pathlib import Path

from newsradar.errors import StoreError
from newsradar.store.base import PutResult, Store, TextHit
from newsradar.store.duck import DuckDBStore

__all__ = ["DuckDBStore", "PutResult", "Store", "TextHit", "open_store"]


def open_store(location: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open (creating and migrating as needed) the store at ``location``: a DuckDB file path,
    ``":memory:"``, or None for the default file in the user's data folder (``Settings.db``)."""
    if location is None:
        from newsradar.settings import Settings

        location = Settings().db
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        raise StoreError("the PostgreSQL backend is not available in this version: use a DuckDB file")
    return DuckDBStore(location, read_only=read_only)
