"""The enrich stage: a parsed article → its entities, places, quotes, claims, events and tone."""

from __future__ import annotations

from typing import Any

from newsradar.record import Article
from newsradar.settings import Settings


def enrich(article: Article, doc: Any, settings: Settings | None = None) -> Article:
    """Fill the article's facts from ``doc``, the spaCy parse of ``article.text``."""
    return article
