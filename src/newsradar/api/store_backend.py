"""The Backend over newsradar's embedded store (``newsradar.store``) and its analytics."""

from __future__ import annotations

from newsradar.api.backend import Backend
from newsradar.errors import StoreError
from newsradar.settings import Settings


def open_backend(settings: Settings) -> Backend:
    try:
        import newsradar.store  # noqa: F401
    except ImportError as exc:
        raise StoreError("this build of newsradar has no store yet (newsradar.store is missing): the API cannot "
                         "serve from a database") from exc
    raise StoreError("the store adapter is not written yet")  # replaced when the store lands on main
