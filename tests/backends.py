"""The backends the API and dashboard tests run against: the real embedded store (DuckDB + its FTS5
index, bulk-loaded with the records), the shared PostgreSQL store (when a server can be had:
tests/pgcluster.py), and the in-memory double of tests/memory_backend.py, which states the contract
plainly. All analyse pushed pages without the NLP stage, to keep tests fast."""

from __future__ import annotations

from typing import Any

import pgcluster
from memory_backend import MemoryBackend

BACKENDS = ["store", "memory", *(["postgres"] if pgcluster.unavailable() is None else [])]


def analyse(content: bytes, url: str | None, kind: str | None) -> dict[str, Any]:
    import newsradar

    return newsradar.analyze(content, url=url, kind=kind, nlp=False).to_dict()  # type: ignore[arg-type]


def make_backend(kind: str, records: list[dict[str, Any]]) -> Any:
    """A backend of ``kind`` holding ``records``."""
    if kind == "memory":
        return MemoryBackend(records, analyse=analyse)
    from newsradar.api.store_backend import StoreBackend
    from newsradar.record import Article
    from newsradar.store import open_store

    store = open_store(pgcluster.server().database() if kind == "postgres" else ":memory:")
    store.bulk_load(Article.from_dict(r) for r in records)
    return StoreBackend(store, nlp=False, owned=True)


def close(backend: Any) -> None:
    closer = getattr(backend, "close", None)
    if callable(closer):
        closer()
    url = getattr(getattr(backend, "store", None), "url", None)
    if url is not None:  # a PostgreSQL database of its own
        pgcluster.server().drop(url)


def local_client(app: Any) -> Any:
    """A test client addressing the app as a browser on this machine does: a server on localhost
    answers only to its own names, and the TestClient's default host is "testserver"."""
    from fastapi.testclient import TestClient

    return TestClient(app, base_url="http://127.0.0.1")

