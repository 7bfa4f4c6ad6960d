"""Where articles and facts are kept: embedded DuckDB by default, or a shared PostgreSQL database,
behind the :class:`Store` interface.

>>> from newsradar.store import open_store
>>> with open_store("news.duckdb") as store:
...     store.put([article])
"""

from __future__ import annotations

import re
from pathlib import Path

from newsradar.errors import InputError
from newsradar.store.base import PutResult, Store, TextHit
from newsradar.store.duck import DuckDBStore

__all__ = ["DuckDBStore", "PutResult", "Store", "TextHit", "is_url", "open_store", "shown"]

# DuckDB reads "scheme://…" (and "md:" for MotherDuck) as remote: it tried to load an extension and
# failed with its own text, as if the store were broken
_REMOTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|md:|motherduck:)", re.I)

_COLLAPSED = re.compile(r"^postgres(?:ql)?:/(?!/)", re.I)


_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def shown(location: str | Path) -> str:
    """The location for messages: a URL without its password."""
    return _PASSWORD.sub(r"\1***@", str(location))


def is_url(location: str | Path) -> bool:
    """Whether ``location`` names a PostgreSQL database (``postgresql://…``) rather than a file."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def open_store(location: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open (creating and migrating as needed) the store at ``location``: a DuckDB file path,
    ``":memory:"``, a PostgreSQL URL (``postgresql://user@host/db``: the shared store of
    store/postgres.py, which needs the ``newsradar[postgres]`` extra), or None for the default in
    the user's data folder (``Settings.db``). Anything else (another URL, a number) raises InputError."""
    if location is None:
        from newsradar.settings import Settings

        location = Settings().db
    if not isinstance(location, str | Path):
        raise InputError(f"the store's location must be a file path (str or Path) or ':memory:', got {location!r}")
    text = str(location)
    if is_url(text):
        from newsradar.store.postgres import PostgresStore

        return PostgresStore(text, read_only=read_only)
    if _COLLAPSED.match(text):
        raise InputError(f"{text!r} looks like a PostgreSQL URL that lost a '/' (a path keeps one of '//'): "
                         "give the URL as a string, postgresql://user@host/db")
    if _REMOTE.match(text):
        raise InputError(f"the store must be a local DuckDB file, not {text!r}: give a path on this "
                         "machine (or ':memory:')")
    return DuckDBStore(location, read_only=read_only)
