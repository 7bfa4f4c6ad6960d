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

__all__ = [
    "Article",
    "ConfigError",
    "EnrichError",
    "ExtractionError",
    "Failure",
    "FetchError",
    "InputError",
    "NewsradarError",
    "RawPage",
    "Settings",
    "StoreError",
    "analyze",
    "load_settings",
    "run",
]
