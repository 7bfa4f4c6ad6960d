"""The REST API, the live stream and the dashboard (``newsradar serve``); docs/api.md describes it."""

from __future__ import annotations

from newsradar.api.app import create_app
from newsradar.api.backend import Backend, Filters, Page, PageRequest

__all__ = ["Backend", "Filters", "Page", "PageRequest", "create_app"]
