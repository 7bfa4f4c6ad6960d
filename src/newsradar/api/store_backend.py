"""The Backend over newsradar's embedded store (``newsradar.store``) and its analytics."""

from __future__ import annotations

from importlib.util import find_spec

from newsradar.api.backend import Backend
from newsradar.errors import StoreError
from newsradar.settings import Settings


def open_backend(settings: Settings) -> Backend:
    if find_spec("newsradar.store") is None:
        raise StoreError(f"cannot serve {settings.db}: this build of newsradar has no store (newsradar.store)")
    # The store is being built on another branch; its adapter is written here when it lands on main.
    raise StoreError(f"cannot serve {settings.db}: the API has no adapter for this store yet")
