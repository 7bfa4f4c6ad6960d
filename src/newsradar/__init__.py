"""newsradar: raw news pages in, structured and queryable facts out.

>>> import newsradar
>>> article = newsradar.analyze(open("page.html", "rb").read(), url="https://example.com/story")
>>> article.to_dict()["entities"]
"""

from newsradar.errors import (
    ConfigError,
    EnrichError,
    ExtractionError,
    FetchError,
    InputError,
    NewsradarError,
    StoreError,
)
from newsradar.pipeline import analyze, run
from newsradar.record import Article, Failure
from newsradar.settings import Settings, load_settings
from newsradar.sources.raw import RawPage

__version__ = "0.1.0"

# The store and ingestion load DuckDB and Arrow: imported on first use, so that pipeline workers
# (which import this package) do not pay for them.
_LAZY = {"open_store": "newsradar.store", "Store": "newsradar.store", "Ingestor": "newsradar.ingest"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'newsradar' has no attribute {name!r}")


__all__ = [
    "Article",
    "ConfigError",
    "EnrichError",
    "ExtractionError",
    "Failure",
    "FetchError",
    "Ingestor",
    "InputError",
    "NewsradarError",
    "RawPage",
    "Settings",
    "Store",
    "StoreError",
    "analyze",
    "load_settings",
    "open_store",
    "run",
]
